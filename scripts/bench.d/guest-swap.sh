#!/usr/bin/env bash
# Guest swap: the cost of a swap-out and a swap-in in guest instructions per
# page (swaptests' MADV_PAGEOUT of 64 pages and their touch, rdtsc around
# each; the IDE disk's virtual latency is inside), and the wall time of the
# whole suite at -m 16 (tests/groups/87-guest-swap.sh makes the same disk).
# Linux is not run: its i386 kernel has the IDE driver as a module.
cd "$(dirname "$0")/../.."
PATH="$PATH:/sbin:/usr/sbin"
BB=$(ls ${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox 2>/dev/null)
if [ ! -f build/images/user/swaptests ] || [ -z "$BB" ] || ! command -v mkswap >/dev/null; then
	echo "guest-swap: swaptests, busybox or mkswap missing"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/tree"
head -c 4194304 /dev/zero | tr '\0' 'x' >"$tmp/tree/big"
printf '/dev/hda2\tnone\tswap\tsw\t0\t0\n' >"$tmp/fstab"
mke2fs -q -t ext2 -b 1024 -F -d "$tmp/tree" "$tmp/fs.ext2" 8M >/dev/null 2>&1
dd if=/dev/zero of="$tmp/swap.img" bs=1M count=8 2>/dev/null
mkswap -q "$tmp/swap.img" >/dev/null
build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" "$tmp/swap.img" \
	"console=ttyS0" "$tmp/disk.img" >/dev/null
build/images/mkcpio "$tmp/s.cpio" /init=build/images/user/swaptests /bin/busybox="$BB" \
	/etc/fstab="$tmp/fstab" >/dev/null
start=$(date +%s%N)
timeout 300 build/lucid -m 16 -display none -serial stdio -no-reboot -hda "$tmp/disk.img" \
	-kernel build/guest/bzImage -initrd "$tmp/s.cpio" -append "console=ttyS0 loglevel=4" \
	>"$tmp/log" 2>&1
end=$(date +%s%N)
echo "guest-swap: $(tr -d '\r' <"$tmp/log" | grep '^swap cost:' | sed 's/^swap cost: //')"
echo "guest-swap: $(tr -d '\r' <"$tmp/log" | grep -E '^swaptests: [0-9]+ passed') in $(( (end - start) / 1000000 )) ms wall"
