#!/usr/bin/env bash
# File throughput: images/initramfs/ext2wtests.c as ext2w-bench on a fresh
# 32 MiB ext2 (1 KiB blocks) on the IDE disk's first partition writes 8 MiB
# and fsyncs it, drops the page cache (/proc/sys/vm/drop_caches), reads it
# cold, then cached, and prints the three times from CLOCK_MONOTONIC.
#  - lucix on Lucid at -ips 100000000: virtual time, 100 guest instructions a
#    microsecond;
#  - Debian's Linux 6.1 (linux-image-686) on QEMU with -icount shift=0: one
#    instruction a virtual nanosecond. Its IDE and ext2 are modules: `make deps`
#    unpacks ata_piix, libata, sd_mod, ext4 and what they need into
#    /opt/linux-i386/modules, and the initramfs's /init loads them.
# Both figures are virtual time turned into instructions, so time a kernel
# spends idle waiting for the disk counts too (Lucid's IDE model takes a fixed
# delay a command; QEMU with sleep=on lets virtual time follow the host's while
# the guest idles).
cd "$(dirname "$0")/../.."
export PATH="$PATH:/sbin:/usr/sbin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PROG=build/images/user/ext2wtests
BB=${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox
if ! E2FSPROGS_FAKE_TIME=1767225600 mke2fs -q -t ext2 -b 1024 -F "$tmp/fs.ext2" 32M >/dev/null 2>&1 ||
	! build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" \
		"console=ttyS0" "$tmp/disk.img" >/dev/null ||
	! build/images/mkcpio "$tmp/b.cpio" /bin/ext2w-bench="$PROG" >/dev/null; then
	echo "guest files: no figures (mke2fs, mkdisk or mkcpio failed; make all first)"
	exit 0
fi
cp "$tmp/disk.img" "$tmp/disk0.img"
line=$(timeout 600 build/lucid -display none -serial stdio -no-reboot -ips 100000000 -hda "$tmp/disk.img" \
	-kernel build/guest/bzImage -initrd "$tmp/b.cpio" \
	-append "console=ttyS0 panic_exit=3 init=/bin/ext2w-bench" 2>&1 | tr -d '\r' | grep '^ext2w-bench:')
set -- $(echo "$line" | grep -Eo '[0-9]+ us' | grep -Eo '[0-9]+')
if [ $# -ne 3 ]; then
	echo "guest files: no figures (${line:-ext2w-bench printed nothing})"
	exit 0
fi
# instructions per byte of 8 MiB, two decimals, from microseconds at $2 instructions each
per_byte() { echo "$(($1 * $2 * 100 / 8388608 / 100)).$(printf %02d $(($1 * $2 * 100 / 8388608 % 100)))"; }
echo "guest files (lucix on Lucid, 8 MiB on ext2): write+fsync $(per_byte "$1" 100), cold read $(per_byte "$2" 100), cached read $(per_byte "$3" 100) guest instructions per byte"

K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
MODS=${LINUX_I386:-/opt/linux-i386}/modules
if [ -z "$K" ] || [ ! -f "$MODS/ext4.ko" ] || [ ! -f "$BB" ] || ! command -v qemu-system-i386 >/dev/null; then
	echo "guest files (Linux): not compared (no kernel or modules in ${LINUX_I386:-/opt/linux-i386}, no busybox or no qemu-system-i386: make deps)"
	exit 0
fi
order="crc64 crc64-rocksoft crct10dif_common crct10dif_generic crc-t10dif t10-pi scsi_common scsi_mod
	libata ata_piix sd_mod crc16 mbcache jbd2 crc32c_generic ext4"
{
	echo '#!/bin/sh'
	echo 'mkdir -p /proc /sys /dev /mnt'
	echo 'mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev'
	for m in $order; do echo "insmod /lib/modules/$m.ko || echo 'insmod $m failed'"; done
	echo 'n=0; while [ ! -b /dev/sda1 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done'
	echo 'echo "scheduler: $(cat /sys/block/sda/queue/scheduler | tr -d "\n"), read_ahead_kb $(cat /sys/block/sda/queue/read_ahead_kb)"'
	echo '/bin/ext2w-bench /dev/sda1'
	echo 'poweroff -f'
} >"$tmp/init"
chmod +x "$tmp/init"
args=(/init="$tmp/init" /bin/busybox="$BB" /bin/ext2w-bench="$PROG")
for a in sh mkdir mount insmod sleep cat tr poweroff; do args+=("/bin/$a->busybox"); done
for m in $order; do args+=("/lib/modules/$m.ko=$MODS/$m.ko"); done
if ! build/images/mkcpio "$tmp/l.cpio" "${args[@]}" >"$tmp/mkcpio.out" 2>&1; then
	echo "guest files (Linux): mkcpio failed: $(head -1 "$tmp/mkcpio.out")"
	exit 0
fi
timeout 900 qemu-system-i386 -M pc -cpu pentium3 -m 256 -icount shift=0 -display none -serial stdio \
	-no-reboot -drive file="$tmp/disk0.img",format=raw,if=ide -kernel "$K" -initrd "$tmp/l.cpio" \
	-append "console=ttyS0 rdinit=/init quiet" </dev/null 2>&1 | tr -d '\r' >"$tmp/linux.log"
line=$(grep '^ext2w-bench:' "$tmp/linux.log")
set -- $(echo "$line" | grep -Eo '[0-9]+ us' | grep -Eo '[0-9]+')
if [ $# -ne 3 ]; then
	echo "guest files (Linux): no figures ($(grep -E 'failed|FAIL|rror' "$tmp/linux.log" | head -3 | tr '\n' ' '))"
	exit 0
fi
echo "guest files (Linux $(basename "$K" | sed 's/vmlinuz-//') on QEMU -icount shift=0, $(grep -o 'scheduler: .*' "$tmp/linux.log")): write+fsync $(per_byte "$1" 1000), cold read $(per_byte "$2" 1000), cached read $(per_byte "$3" 1000) guest instructions per byte"
