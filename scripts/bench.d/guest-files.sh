#!/usr/bin/env bash
# File throughput: images/initramfs/ext2wtests.c as ext2w-bench on a fresh
# 160 MiB ext2 (1 KiB blocks) on the IDE disk's first partition writes 64 MiB
# and fsyncs it, drops the page cache (/proc/sys/vm/drop_caches), reads it
# cold, then cached, and prints the three times from CLOCK_MONOTONIC, in
# guest instructions per byte; and, from the host's clock at the "mark"
# lines the program prints around each phase, the emulator's speed in host
# MB/s (machines of 256 MiB, so the cached read is cached).
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
if ! E2FSPROGS_FAKE_TIME=1767225600 mke2fs -q -t ext2 -b 1024 -F "$tmp/fs.ext2" 160M >/dev/null 2>&1 ||
	! build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" \
		"console=ttyS0" "$tmp/disk.img" >/dev/null ||
	! build/images/mkcpio "$tmp/b.cpio" /bin/ext2w-bench="$PROG" >/dev/null; then
	echo "guest files: no figures (mke2fs, mkdisk or mkcpio failed; make all first)"
	exit 0
fi
cp "$tmp/disk.img" "$tmp/disk0.img"
SIZE=67108864
# Each line of the guest's output with the host's time in front.
stamp() { while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "${l%$'\r'}"; done; }
# The host's MB/s of the three phases, from the stamped mark lines.
host_mbs() {
	awk -v mb=$((SIZE >> 20)) '/ext2w-bench: mark/ { t[$4] = $1 }
		function r(a, b) { return (t[b] > t[a]) ? sprintf("%.1f", mb / (t[b] - t[a])) : "?" }
		END { printf "host MB/s: write+fsync %s, cold read %s, cached read %s", r("write", "written"), r("cold", "cached"), r("cached", "end") }' "$1"
}
timeout 900 build/lucid -m 256 -display none -serial stdio -no-reboot -ips 100000000 -hda "$tmp/disk.img" \
	-kernel build/guest/bzImage -initrd "$tmp/b.cpio" \
	-append "console=ttyS0 panic_exit=3 init=/bin/ext2w-bench" 2>&1 | stamp >"$tmp/lucix.log"
line=$(grep 'ext2w-bench: [0-9]' "$tmp/lucix.log")
set -- $(echo "$line" | grep -Eo '[0-9]+ us' | grep -Eo '[0-9]+')
if [ $# -ne 3 ]; then
	echo "guest files: no figures (${line:-ext2w-bench printed nothing})"
	exit 0
fi
# instructions per byte of the file, two decimals, from microseconds at $2 instructions each
per_byte() { echo "$(($1 * $2 * 100 / SIZE / 100)).$(printf %02d $(($1 * $2 * 100 / SIZE % 100)))"; }
echo "guest files (lucix on Lucid, $((SIZE >> 20)) MiB on ext2): write+fsync $(per_byte "$1" 100), cold read $(per_byte "$2" 100), cached read $(per_byte "$3" 100) guest instructions per byte; $(host_mbs "$tmp/lucix.log")"

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
	-append "console=ttyS0 rdinit=/init quiet" </dev/null 2>&1 | stamp >"$tmp/linux.log"
line=$(grep 'ext2w-bench: [0-9]' "$tmp/linux.log")
set -- $(echo "$line" | grep -Eo '[0-9]+ us' | grep -Eo '[0-9]+')
if [ $# -ne 3 ]; then
	echo "guest files (Linux): no figures ($(grep -E 'failed|FAIL|rror' "$tmp/linux.log" | head -3 | tr '\n' ' '))"
	exit 0
fi
echo "guest files (Linux $(basename "$K" | sed 's/vmlinuz-//') on QEMU -icount shift=0, $(grep -o 'scheduler: .*' "$tmp/linux.log")): write+fsync $(per_byte "$1" 1000), cold read $(per_byte "$2" 1000), cached read $(per_byte "$3" 1000) guest instructions per byte; $(host_mbs "$tmp/linux.log")"
