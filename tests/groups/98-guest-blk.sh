#!/usr/bin/env bash
# The block layer under the page cache: readahead and the I/O scheduler.
# images/initramfs/blktests.c runs as init with a fresh ext2 (mke2fs, 1 KiB
# blocks) on hda1 and checks, through /sys/block/hda/stat's request
# counters, that a cold sequential read takes few large requests with
# readahead and a request a page without, that the windows grow 4, 8, 16,
# 32 pages, that scattered reads bring in only what they ask for, that
# mq-deadline sorts and merges a writeback "none" sends out page by page,
# the scheduler and read_ahead_kb files, diskstats, readahead(2) and
# posix_fadvise. Its "R" lines (the figures) are printed here. The host's
# e2fsck -fn must find the file system clean afterwards.
. "$(dirname "$0")/../lib.sh"

PATH="$PATH:/sbin:/usr/sbin"
PROG=build/images/user/blktests
for f in "$L" build/guest/bzImage "$PROG" build/images/mkcpio build/images/mkdisk; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-blk; exit 1; }
done
for t in mke2fs e2fsck; do
	command -v $t >/dev/null || { bad "host tools" "$t missing (e2fsprogs)"; summary guest-blk; exit 1; }
done
if E2FSPROGS_FAKE_TIME=1767225600 mke2fs -q -t ext2 -b 1024 -F \
	-U 6c756369-642d-7465-7374-000000000098 -E hash_seed=6c756369-642d-7465-7374-000000000098 \
	"$tmp/fs.ext2" 16M >/dev/null 2>&1 &&
	build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" \
		"console=ttyS0" "$tmp/disk.img" >/dev/null &&
	build/images/mkcpio "$tmp/b.cpio" /bin/blktests="$PROG" >/dev/null; then
	ok "test disk: a fresh ext2 on hda1"
else
	bad "test disk" "mke2fs, mkdisk or mkcpio failed"
	summary guest-blk
	exit 1
fi

LOG=$tmp/blk.log
timeout 120 $L -display none -serial stdio -no-reboot -hda "$tmp/disk.img" -kernel build/guest/bzImage \
	-initrd "$tmp/b.cpio" -append "console=ttyS0 panic_exit=3 init=/bin/blktests" >"$LOG" 2>&1
st=$?
tr -d '\r' <"$LOG" | grep '^R ' | sed 's/^/     /'
p=$(tr -d '\r' <"$LOG" | grep -c '^PASS ')
f=$(tr -d '\r' <"$LOG" | grep -c '^FAIL ')
sum=$(tr -d '\r' <"$LOG" | grep -E '^blktests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 50 ] && [ "$sum" = "blktests: $p passed, 0 failed" ]; then
	ok "blktests: $p checks passed in the guest, powered off"
else
	bad "blktests" "exit status $st, $p PASS, $f FAIL, summary '$sum'; $(tr -d '\r' <"$LOG" | grep -E '^FAIL|Kernel panic|Oops' | head -4 | tr '\n' ' ')"
fi
expect_in "$LOG" "the IDE driver uses READ/WRITE MULTIPLE (SET MULTIPLE MODE took)" '\] hda: .*, multi 16, IRQ 14$'
if tr -d '\r' <"$LOG" | grep -Eq 'Oops|BUG:|WARNING:|EXT2-fs error|hda: (read|write) error'; then
	bad "no oops, ext2 or disk error" "$(tr -d '\r' <"$LOG" | grep -E 'Oops|BUG:|WARNING:|EXT2-fs error|hda: ' | head -2 | tr '\n' ' ')"
else
	ok "no oops, ext2 or disk error"
fi
dd if="$tmp/disk.img" of="$tmp/out.ext2" bs=512 skip=2048 status=none
if e2fsck -fn "$tmp/out.ext2" >"$tmp/fsck.out" 2>&1; then
	ok "host e2fsck -fn: clean after the merged and sorted writes"
else
	bad "e2fsck -fn" "$(grep -v '^Pass\|^e2fsck' "$tmp/fsck.out" | head -4 | tr '\n' ' ')"
fi
summary guest-blk
