#!/usr/bin/env bash
# Page-fault costs in guest instructions (images/initramfs/pfbench.c, RDTSC
# around each kind): an anonymous fault, a copy-on-write fault, a minor fault
# on a cached ext2 file's page, and a swap-in after MADV_PAGEOUT (the disk's
# virtual wait inside). One disk for both kernels: an ext2 root with a 2 MiB
# file, and a swap partition made by mkswap.
#  - lucix on Lucid (RDTSC counts guest instructions);
#  - Debian's Linux 6.1 (linux-image-686) on QEMU with -icount shift=0 (one
#    instruction a virtual nanosecond), its IDE and ext4 (for ext2) as the
#    modules `make deps` unpacks into /opt/linux-i386/modules. Linux's
#    MADV_PAGEOUT starts the writes and leaves the pages in the swap cache
#    until they are done and reclaim comes round again, so pfbench waits a
#    second and has a child touch a little more than MemFree before the
#    touch it times; "64 of 64 pages were out" (mincore) says it worked.
#    While Linux waits for the disk QEMU's virtual time follows the host's,
#    so its swap-in figure moves from run to run; the others do not.
# KEEP_TMP=1 keeps the disk, the inits and Linux's log.
cd "$(dirname "$0")/../.."
export PATH="$PATH:/sbin:/usr/sbin"
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
PROG=build/images/user/pfbench
BB=${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox
mkdir "$tmp/tree"
head -c 2097152 /dev/zero | tr '\0' 'f' >"$tmp/tree/big"
dd if=/dev/zero of="$tmp/swap.img" bs=1M count=8 2>/dev/null
if [ ! -x "$PROG" ] || [ ! -f "$BB" ] ||
	! E2FSPROGS_FAKE_TIME=1767225600 mke2fs -q -t ext2 -b 1024 -F -d "$tmp/tree" "$tmp/fs.ext2" 8M >/dev/null 2>&1 ||
	! mkswap -q "$tmp/swap.img" >/dev/null 2>&1 ||
	! build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" "$tmp/swap.img" \
		"console=ttyS0" "$tmp/disk.img" >/dev/null; then
	echo "guest faults: no figures (pfbench, busybox, mke2fs, mkswap or mkdisk missing; make all first)"
	exit 0
fi
cp "$tmp/disk.img" "$tmp/disk0.img"

# init DEV-PREFIX [modules...]: the same steps on both kernels.
make_init() {
	local disk=$1
	shift
	echo '#!/bin/sh'
	echo 'mkdir -p /proc /sys /dev /mnt'
	echo 'mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev 2>/dev/null'
	for m in "$@"; do echo "insmod /lib/modules/$m.ko || echo 'insmod $m failed'"; done
	echo "n=0; while [ ! -b /dev/${disk}1 ] && [ \$n -lt 100 ]; do sleep 0.1; n=\$((n + 1)); done"
	echo "mount -t ${FSTYPE:-ext2} /dev/${disk}1 /mnt || echo 'mount failed'"
	echo "swapon /dev/${disk}2 || echo 'swapon failed'"
	echo '/bin/pfbench /mnt/big'
	echo 'poweroff -f'
}
figures() { tr -d '\r' | grep '^pf-bench:' | sed 's/^pf-bench: //'; }

make_init hda >"$tmp/init.lucix"
chmod +x "$tmp/init.lucix"
args=(/bin/busybox="$BB" /bin/pfbench="$PROG")
for a in sh mkdir mount insmod sleep swapon poweroff; do args+=("/bin/$a->busybox"); done
if ! build/images/mkcpio "$tmp/x.cpio" /init="$tmp/init.lucix" "${args[@]}" >"$tmp/mkcpio.out" 2>&1; then
	echo "guest faults: mkcpio failed: $(head -1 "$tmp/mkcpio.out")"
	exit 0
fi
line=$(timeout 300 build/lucid -m 64 -display none -serial stdio -no-reboot -hda "$tmp/disk.img" \
	-kernel build/guest/bzImage -initrd "$tmp/x.cpio" -append "console=ttyS0 loglevel=4" 2>&1 | figures)
echo "guest faults (lucix on Lucid): ${line:-no figures}"

K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
MODS=${LINUX_I386:-/opt/linux-i386}/modules
if [ -z "$K" ] || [ ! -f "$MODS/ext4.ko" ] || ! command -v qemu-system-i386 >/dev/null; then
	echo "guest faults (Linux): not compared (no kernel or modules in ${LINUX_I386:-/opt/linux-i386} or no qemu-system-i386: make deps)"
	exit 0
fi
order="crc64 crc64-rocksoft crct10dif_common crct10dif_generic crc-t10dif t10-pi scsi_common scsi_mod
	libata ata_piix sd_mod crc16 mbcache jbd2 crc32c_generic ext4"
FSTYPE=ext4 make_init sda $order >"$tmp/init.linux"
chmod +x "$tmp/init.linux"
for m in $order; do args+=("/lib/modules/$m.ko=$MODS/$m.ko"); done
if ! build/images/mkcpio "$tmp/l.cpio" /init="$tmp/init.linux" "${args[@]}" >"$tmp/mkcpio.out" 2>&1; then
	echo "guest faults (Linux): mkcpio failed: $(head -1 "$tmp/mkcpio.out")"
	exit 0
fi
timeout 900 qemu-system-i386 -M pc -cpu pentium3 -m 64 -icount shift=0 -display none -serial stdio \
	-no-reboot -drive file="$tmp/disk0.img",format=raw,if=ide -kernel "$K" -initrd "$tmp/l.cpio" \
	-append "console=ttyS0 rdinit=/init quiet" </dev/null 2>&1 | tr -d '\r' >"$tmp/linux.log"
line=$(figures <"$tmp/linux.log")
echo "guest faults (Linux $(basename "$K" | sed 's/vmlinuz-//') on QEMU -icount shift=0): ${line:-no figures ($(grep -E 'failed|rror' "$tmp/linux.log" | head -3 | tr '\n' ' '))}"
