#!/usr/bin/env bash
# Guest ext2 writes through lucix's page cache, checked from the host.
# images/initramfs/ext2wtests.c runs as init on an ext2 image (made here by
# mke2fs) attached as the IDE disk:
#  - ext2w: creates, writes, truncates, renames, links, unlinks, maps
#    (MAP_SHARED and MAP_PRIVATE) and fsyncs files on /mnt, remounts to read
#    them from the disk, powers off; then the host's e2fsck -fn finds the
#    file system clean and debugfs reads the files byte for byte;
#  - ext2w-crash: fsyncs /mnt/durable, then creates and deletes files until
#    the debugger stops the machine at a fixed instruction count; e2fsck -fn
#    may list only what ext2 without a journal loses in a crash (bitmaps and
#    counts, a deleted inode's dtime), debugfs reads durable intact, and
#    lucix mounts the image again and reads it (ext2w-check);
#  - root=/dev/hda1 rw with no initramfs: init comes from the disk and
#    writes on it.
. "$(dirname "$0")/../lib.sh"

PATH="$PATH:/sbin:/usr/sbin"
PROG=build/images/user/ext2wtests
for f in "$L" build/guest/bzImage "$PROG" build/images/mkcpio build/images/mkdisk; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-ext2w; exit 1; }
done
for t in mke2fs e2fsck debugfs; do
	command -v $t >/dev/null || { bad "host tools" "$t missing (e2fsprogs)"; summary guest-ext2w; exit 1; }
done

# The image: 32 MiB, 1 KiB blocks, a motd and /dev for the root boot, the
# suite itself as /sbin/ext2w-root.
mkdir -p "$tmp/tree/etc" "$tmp/tree/dev" "$tmp/tree/sbin"
echo "lucix ext2 root" >"$tmp/tree/etc/motd"
cp "$PROG" "$tmp/tree/sbin/ext2w-root"
if E2FSPROGS_FAKE_TIME=1767225600 mke2fs -q -t ext2 -b 1024 -F \
	-U 6c756369-642d-7465-7374-000000000084 -E hash_seed=6c756369-642d-7465-7374-000000000084 \
	-d "$tmp/tree" "$tmp/fs.ext2" 32M >/dev/null 2>&1 &&
	build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" \
		"console=ttyS0" "$tmp/disk.img" >/dev/null; then
	ok "test disk: a fresh ext2 made by mke2fs on hda1"
else
	bad "test disk" "mke2fs or mkdisk failed"
fi
fresh() {	# put the fresh file system back on the disk
	dd if="$tmp/fs.ext2" of="$tmp/disk.img" bs=512 seek=2048 conv=notrunc 2>/dev/null
}
extract() {	# the disk's hda1 into $tmp/out.ext2
	dd if="$tmp/disk.img" of="$tmp/out.ext2" bs=512 skip=2048 2>/dev/null
}
build/images/mkcpio "$tmp/w.cpio" /bin/ext2w="$PROG" /bin/ext2w-crash="$PROG" \
	/bin/ext2w-check="$PROG" >/dev/null

# The suite's verdict: powered off (status 1), no FAIL, at least MIN PASS lines.
check_suite() {	# NAME LOG STATUS MIN
	local name=$1 log=$2 st=$3 min=$4 p f sum
	p=$(tr -d '\r' <"$log" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$log" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$log" | grep -E '^ext2wtests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge "$min" ] && [ "$sum" = "ext2wtests: $p passed, 0 failed" ]; then
		ok "$name: $p checks passed, powered off"
	else
		bad "$name" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$log" | grep -E '^FAIL|Kernel panic|Oops' | head -3 | tr '\n' ' ')"
	fi
	if tr -d '\r' <"$log" | grep -Eq 'Oops|BUG:|WARNING:|EXT2-fs error'; then
		bad "$name: no oops or ext2 error" "$(tr -d '\r' <"$log" | grep -E 'Oops|BUG:|WARNING:|EXT2-fs error' | head -2 | tr '\n' ' ')"
	fi
}
dbg_cat() {	# FILE-IN-FS: its bytes from the extracted image
	debugfs -R "cat $1" "$tmp/out.ext2" 2>/dev/null
}
pattern() {	# SIZE: the suite's byte pattern (i * 13 + 7) % 251
	python3 -c "import sys; sys.stdout.buffer.write(bytes((i * 13 + 7) % 251 for i in range($1)))"
}

echo "lucid: ext2w, the write suite"
LOG=$tmp/main.log
fresh
timeout 120 $L -display none -serial stdio -no-reboot -hda "$tmp/disk.img" -kernel build/guest/bzImage \
	-initrd "$tmp/w.cpio" -append "console=ttyS0 panic_exit=3 loglevel=8 init=/bin/ext2w" >"$LOG" 2>&1
check_suite "ext2w" "$LOG" $? 125
expect_in "$LOG" "the mount turns read-write" '\] EXT2-fs \(hda1\): mounted read-write$'
extract
if e2fsck -fn "$tmp/out.ext2" >"$tmp/fsck.out" 2>&1; then
	ok "host e2fsck -fn: the file system the guest wrote is clean"
else
	bad "e2fsck -fn" "$(grep -v '^Pass\|^e2fsck' "$tmp/fsck.out" | head -4 | tr '\n' ' ')"
fi
[ "$(dbg_cat /hello)" = "hello, ext2" ] && ok "debugfs: /hello's bytes" || bad "debugfs /hello" "'$(dbg_cat /hello)'"
if cmp -s <(dbg_cat /big) <(pattern 307200); then ok "debugfs: /big (300 KiB, double indirect) byte for byte"; else
	bad "debugfs /big" "differs from the pattern"; fi
if cmp -s <(dbg_cat /trunc) <(pattern 5000; head -c 15000 /dev/zero); then
	ok "debugfs: /trunc, truncated to 5000 and extended to 20000, zeros after 5000"
else
	bad "debugfs /trunc" "not the head of the pattern and zeros"
fi
st=$(debugfs -R "stat /sparse" "$tmp/out.ext2" 2>/dev/null)
if grep -q 'Size: 73400328$' <<<"$st" && grep -q '(TIND)' <<<"$st" &&
	[ "$(dbg_cat /sparse | tail -c 8)" = "far away" ] && [ "$(dbg_cat /sparse | head -c 4)" = "head" ]; then
	ok "debugfs: /sparse, 70 MiB + 8 with a triple-indirect block and its two ends"
else
	bad "debugfs /sparse" "$(grep -E 'Size|TOTAL' <<<"$st" | tr '\n' ' ')"
fi
st=$(debugfs -R "stat /hello.link" "$tmp/out.ext2" 2>/dev/null)
grep -q 'Links: 2 ' <<<"$st" && grep -q 'Mode:  0600' <<<"$st" &&
	ok "debugfs: /hello has two links and the chmod'ed mode" || bad "debugfs links" "$(grep -E 'Links|Mode' <<<"$st" | tr '\n' ' ')"
[ "$(dbg_cat /append)" = "one two" ] && ok "debugfs: O_APPEND wrote at the end" || bad "debugfs /append" "'$(dbg_cat /append)'"
[ "$(dbg_cat /shared)" = "SHARED6789XYcdef" ] && ok "debugfs: MAP_SHARED stores reached the disk (msync and munmap)" ||
	bad "debugfs /shared" "'$(dbg_cat /shared)'"
[ "$(dbg_cat /private)" = "private file...." ] && ok "debugfs: MAP_PRIVATE stores did not" ||
	bad "debugfs /private" "'$(dbg_cat /private)'"
[ "$(dbg_cat /d1/moved/inside)" = "in d2" ] && [ "$(dbg_cat /d1/b-moved)" = "contents of a" ] &&
	ok "debugfs: the renamed directory and file" || bad "debugfs renames" "'$(dbg_cat /d1/moved/inside)' '$(dbg_cat /d1/b-moved)'"
n=$(debugfs -R "ls -l /d1" "$tmp/out.ext2" 2>/dev/null | grep -c 'file-with-a-longish-name-')
[ "$n" -eq 75 ] && ok "debugfs: 75 of the 150 files left in /d1" || bad "debugfs /d1" "$n files"
st=$(debugfs -R "stat /fast" "$tmp/out.ext2" 2>/dev/null)
grep -q 'Fast link dest: "hello"' <<<"$st" && ok "debugfs: the fast symlink" || bad "debugfs /fast" "$(tail -2 <<<"$st")"
if cmp -s <(dbg_cat /direct) <(pattern 8192); then ok "debugfs: the O_DIRECT write"; else bad "debugfs /direct" "differs"; fi
[ "$(dbg_cat /second)" = "second mount" ] && ok "debugfs: the file written after the remount" || bad "debugfs /second" "missing"
debugfs -R "stat /open-unlinked" "$tmp/out.ext2" 2>&1 | grep -q 'File not found' &&
	ok "the unlinked-while-open file is gone (and e2fsck found no leaked inode)" || bad "open-unlinked" "still there"

# The same suite on QEMU: the same checks with the same results, and a clean image.
if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: ext2w (-icount shift=0)"
	fresh
	timeout 240 qemu-system-i386 -m 64 -icount shift=0 -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/guest/bzImage \
		-drive file="$tmp/disk.img",format=raw,if=ide,index=0 \
		-initrd "$tmp/w.cpio" -append "console=ttyS0 panic_exit=3 loglevel=8 init=/bin/ext2w" >"$tmp/qemu.log" 2>&1
	check_suite "qemu: ext2w" "$tmp/qemu.log" $? 125
	x=$(tr -d '\r' <"$LOG" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	y=$(tr -d '\r' <"$tmp/qemu.log" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	[ "$x" = "$y" ] && ok "lucid and qemu: the same checks with the same results" ||
		bad "lucid = qemu" "$(diff <(tr -d '\r' <"$LOG" | grep -E '^(PASS|FAIL) ' | sort) \
			<(tr -d '\r' <"$tmp/qemu.log" | grep -E '^(PASS|FAIL) ' | sort) | head -4 | tr '\n' ' ')"
	extract
	e2fsck -fn "$tmp/out.ext2" >"$tmp/fsck.out" 2>&1 && ok "qemu: e2fsck -fn clean" ||
		bad "qemu: e2fsck" "$(grep -v '^Pass\|^e2fsck' "$tmp/fsck.out" | head -3 | tr '\n' ' ')"
fi

# A crash after fsync: the debugger stops the machine at a fixed instruction count.
echo "lucid: ext2w-crash, stopped at instruction 300000000"
fresh
printf 'continue 300000000\nquit\n' >"$tmp/crash.cmds"
timeout 300 $L -display none -serial file:"$tmp/crash.log" -debugcon none -no-reboot -hda "$tmp/disk.img" \
	-kernel build/guest/bzImage -initrd "$tmp/w.cpio" -debug-script "$tmp/crash.cmds" \
	-append "console=ttyS0 panic_exit=3 loglevel=8 init=/bin/ext2w-crash" >"$tmp/crash.dbg" 2>&1
rounds=$(tr -d '\r' <"$tmp/crash.log" | grep -c '^ext2w-crash: round ')
if tr -d '\r' <"$tmp/crash.log" | grep -q '^ext2w-crash: durable fsynced$' && [ "$rounds" -ge 5 ] &&
	! tr -d '\r' <"$tmp/crash.log" | grep -q '^FAIL'; then
	ok "the machine stopped mid-write: durable fsynced, $rounds rounds of churn after it"
else
	bad "crash run" "$rounds rounds; $(tr -d '\r' <"$tmp/crash.log" | grep -E '^FAIL|panic' | head -2 | tr '\n' ' ')"
fi
extract
e2fsck -fn "$tmp/out.ext2" >"$tmp/fsck.out" 2>&1
st=$?
# What ext2 without a journal may lose: bitmaps and free counts ahead of or
# behind the inodes, a deleted inode not yet given its dtime, block counts
# and sizes of files being written, unattached inodes. Not allowed: a name
# pointing at a free inode, blocks claimed twice, bad directory blocks.
allowed='^(Pass [1-5]|e2fsck |Fix\? no|$|Block bitmap differences|Inode bitmap differences|Free (blocks|inodes) count wrong|Directories count wrong|Deleted inode [0-9]+ has zero dtime|Inode [0-9]+, i_(blocks|size) is|Unattached (zero-length )?inode|Inode [0-9]+ ref count is|Connect to /lost\+found\? no|Clear\? no|.*WARNING: Filesystem still has errors|.*: [0-9]+/[0-9]+ files)'
other=$(grep -Ev "$allowed" "$tmp/fsck.out" | grep -v '^ *$' | head -5)
if [ "$st" -le 4 ] && [ -z "$other" ]; then
	ok "e2fsck -fn after the crash lists only what ext2 may lose ($(grep -cE 'differences|wrong|zero dtime' "$tmp/fsck.out") kinds of finding)"
else
	bad "e2fsck after the crash" "status $st: $(tr '\n' ' ' <<<"$other")"
fi
if cmp -s <(dbg_cat /durable) <(pattern 100000); then ok "debugfs: the fsynced file survived the crash byte for byte"; else
	bad "durable after the crash" "differs"; fi
if cmp -s <(dbg_cat /lazy) <(pattern 5000); then
	ok "debugfs: the flusher thread wrote lazy (never fsynced) after dirty_expire_centisecs"
else
	bad "lazy after the crash" "not on the disk: the flusher did not write it back"
fi
timeout 120 $L -display none -serial stdio -no-reboot -hda "$tmp/disk.img" -kernel build/guest/bzImage \
	-initrd "$tmp/w.cpio" -append "console=ttyS0 panic_exit=3 loglevel=8 init=/bin/ext2w-check" >"$tmp/check.log" 2>&1
check_suite "ext2w-check: lucix mounts the crashed image and reads durable" "$tmp/check.log" $? 3
expect_in "$tmp/check.log" "and says it was not cleanly unmounted" 'EXT2-fs \(hda1\): warning: mounting unchecked fs'

# The root from the disk: no initramfs, root=/dev/hda1 rw, init on the disk.
echo "lucid: root=/dev/hda1 rw init=/sbin/ext2w-root"
fresh
timeout 120 $L -display none -serial stdio -no-reboot -hda "$tmp/disk.img" -kernel build/guest/bzImage \
	-append "console=ttyS0 panic_exit=3 loglevel=8 root=/dev/hda1 rw init=/sbin/ext2w-root" >"$tmp/root.log" 2>&1
check_suite "ext2w-root" "$tmp/root.log" $? 5
expect_in "$tmp/root.log" "the kernel mounts the root device" '\] VFS: Mounted root \(ext2 filesystem\) on device 3:1\.$'
extract
[ "$(dbg_cat /rootfile)" = "written on the root" ] && ok "debugfs: init wrote /rootfile on its root" || bad "/rootfile" "missing"
if e2fsck -fn "$tmp/out.ext2" >"$tmp/fsck.out" 2>&1; then ok "e2fsck -fn: clean after sync and power-off"; else
	bad "e2fsck after the root run" "$(grep -v '^Pass\|^e2fsck' "$tmp/fsck.out" | head -3 | tr '\n' ' ')"; fi
# Without rw the root is read-only (Linux's default), so the write fails.
fresh
timeout 120 $L -display none -serial stdio -no-reboot -hda "$tmp/disk.img" -kernel build/guest/bzImage \
	-append "console=ttyS0 panic_exit=3 loglevel=8 root=/dev/hda1 init=/sbin/ext2w-root" >"$tmp/ro.log" 2>&1
if tr -d '\r' <"$tmp/ro.log" | grep -q '^FAIL root.write on it (rw)' &&
	tr -d '\r' <"$tmp/ro.log" | grep -q 'VFS: Mounted root (ext2 filesystem) readonly on device 3:1'; then
	ok "without rw the root is mounted read-only and the write fails"
else
	bad "root ro" "$(tr -d '\r' <"$tmp/ro.log" | grep -E 'Mounted root|root\.' | head -3 | tr '\n' ' ')"
fi
# The text checks can fail: the same program run from the ramfs (no page
# cache there) has its text copied, so RssFile is only the vDSO page.
echo "lucid: ext2w-root from the initramfs (copied text)"
echo "motd" >"$tmp/motd"
build/images/mkcpio "$tmp/r.cpio" /sbin/ext2w-root="$PROG" /etc/motd="$tmp/motd" >/dev/null
timeout 120 $L -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$tmp/r.cpio" \
	-append "console=ttyS0 panic_exit=3 init=/sbin/ext2w-root" >"$tmp/ramfs.log" 2>&1
if [ "$(tr -d '\r' <"$tmp/ramfs.log" | grep -c '^FAIL root\..*file-backed')" -eq 2 ]; then
	ok "from the ramfs both file-backed text checks fail, as they must"
else
	bad "ramfs text" "$(tr -d '\r' <"$tmp/ramfs.log" | grep -E '^(PASS|FAIL) root' | tr '\n' ' ')"
fi
summary guest-ext2w
