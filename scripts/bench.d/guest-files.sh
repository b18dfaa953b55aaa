#!/usr/bin/env bash
# File throughput on lucix: images/initramfs/ext2wtests.c as ext2w-bench on
# a fresh 32 MiB ext2 (1 KiB blocks) on hda1 writes 8 MiB and fsyncs it,
# drops the page cache, reads it cold, then cached. Its CLOCK_MONOTONIC is
# virtual time (guest instructions at -ips 100000000), so the microseconds it
# prints are turned into guest instructions per byte. Debian's Linux under
# QEMU running the same program is not compared yet: its IDE and ext2 are
# modules that the initramfs would have to load.
cd "$(dirname "$0")/../.."
export PATH="$PATH:/sbin:/usr/sbin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PROG=build/images/user/ext2wtests
if ! E2FSPROGS_FAKE_TIME=1767225600 mke2fs -q -t ext2 -b 1024 -F "$tmp/fs.ext2" 32M >/dev/null 2>&1 ||
	! build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" \
		"console=ttyS0" "$tmp/disk.img" >/dev/null ||
	! build/images/mkcpio "$tmp/b.cpio" /bin/ext2w-bench="$PROG" >/dev/null; then
	echo "guest files: no figures (mke2fs, mkdisk or mkcpio failed; make all first)"
	exit 0
fi
line=$(timeout 600 build/lucid -display none -serial stdio -no-reboot -ips 100000000 -hda "$tmp/disk.img" \
	-kernel build/guest/bzImage -initrd "$tmp/b.cpio" \
	-append "console=ttyS0 panic_exit=3 init=/bin/ext2w-bench" 2>&1 | tr -d '\r' | grep '^ext2w-bench:')
set -- $(echo "$line" | grep -Eo '[0-9]+ us' | grep -Eo '[0-9]+')
if [ $# -ne 3 ]; then
	echo "guest files: no figures (${line:-ext2w-bench printed nothing})"
	exit 0
fi
# instructions = us * 100 (at 1e8 per second); per byte of 8 MiB, two decimals
per_byte() { echo "$(($1 * 100 * 100 / 8388608 / 100)).$(printf %02d $(($1 * 100 * 100 / 8388608 % 100)))"; }
echo "guest files (lucix, 8 MiB on ext2): write+fsync $(per_byte "$1"), cold read $(per_byte "$2"), cached read $(per_byte "$3") guest instructions per byte; Linux under QEMU: not compared yet"
