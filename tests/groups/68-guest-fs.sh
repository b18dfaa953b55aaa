#!/usr/bin/env bash
# Guest files: lucix's VFS (ramfs root with the initramfs unpacked into it,
# tmpfs, pipes, /dev/null and /dev/zero), the IDE driver, the buffer cache
# and ext2 (read-only) on a disk image made here. The musl suite
# images/initramfs/fstests.c runs as init (init=/bin/fstests) on Lucid with
# the PAE and the 2-level kernel and on QEMU: every file-system call with its
# errors, twice, with the free pages compared across the second run; the two
# emulators must agree check for check. Also from the kernel's log: the root
# is ramfs, no call the suite makes is missing (no -ENOSYS line), no oops.
. "$(dirname "$0")/../lib.sh"

RD=build/images/initramfs.cpio
CMD="console=ttyS0 panic_exit=3 loglevel=8 init=/bin/fstests"
for f in "$L" build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-fs; exit 1; }
done

# The disk: partition 1 an ext2 (1 KiB blocks) made by mke2fs -d from a tree
# whose contents fstests.c knows (see test_ext2 there), behind the usual MBR.
mkdir -p "$tmp/tree/dir"
python3 - "$tmp/tree" <<'PY'
import os, sys
t = sys.argv[1]
open(t + '/hello.txt', 'w').write('hello from ext2\n')
with open(t + '/medium', 'wb') as f:
    f.write(bytes((i * 7 + 3) % 251 for i in range(300 * 1024)))
with open(t + '/sparse', 'wb') as f:
    f.write(b'start')
    f.seek(70 * 1024 * 1024)
    f.write(b'triple-indirect')
os.symlink('hello.txt', t + '/fast')
os.symlink('/mnt/disk/' + 'd' * 70 + '/../hello.txt', t + '/slow')
for i in range(100):
    open(t + '/dir/e%03d' % i, 'w').write('%d' % i)
PY
cp build/images/user/fstests "$tmp/tree/prog"
DISK=$tmp/disk.img
if E2FSPROGS_FAKE_TIME=1767225600 PATH="$PATH:/sbin:/usr/sbin" mke2fs -q -t ext2 -b 1024 -F \
	-U 6c756369-642d-7465-7374-000000000001 -E hash_seed=6c756369-642d-7465-7374-000000000001 \
	-d "$tmp/tree" "$tmp/fs.ext2" 16M >/dev/null 2>&1 &&
	build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" "console=ttyS0" "$DISK" >/dev/null; then
	ok "test disk: ext2 with direct, indirect, double and triple-indirect files on hda1"
else
	bad "test disk" "mke2fs or mkdisk failed"
fi
sum_before=$(sha256sum <"$DISK")

# The suite's verdict: status 1 is the power-off (every check passed), the PASS
# lines number at least MIN, no FAIL line, and the closing line agrees.
MIN=500
check_suite() {	# NAME LOG STATUS
	local name=$1 log=$2 st=$3 p f sum
	p=$(tr -d '\r' <"$log" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$log" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$log" | grep -E '^fstests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge $MIN ] && [ "$sum" = "fstests: $p passed, 0 failed" ]; then
		ok "$name: $p file-system checks passed, powered off"
	else
		bad "$name" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$log" | grep -E '^FAIL|Kernel panic|Oops' | head -3 | tr '\n' ' ')"
	fi
}

echo "lucid: fstests as init (PAE kernel)"
LOG=$tmp/lucid.log
timeout 120 $L -display none -serial stdio -no-reboot -hda "$DISK" -kernel build/guest/bzImage \
	-initrd "$RD" -append "$CMD" >"$LOG" 2>&1
check_suite "lucid" "$LOG" $?
n=$(tr -d '\r' <"$LOG" | grep -c '^PASS ext2\.')
if [ "$n" -ge 60 ]; then ok "the ext2 checks ran on the disk ($n)"; else bad "ext2 checks" "only $n PASS ext2.* lines"; fi
expect_in "$LOG" "the IDE driver finds the disk" '\] hda: LUCID386 HARDDISK, 34816 sectors \(17 MB\), LBA28 PIO, multi 16, IRQ 14$'
expect_in "$LOG" "and its MBR partition" '\]  hda: hda1$'
expect_in "$LOG" "ext2 mounts" '\] EXT2-fs \(hda1\): mounted read-only: 16384 blocks of 1024 bytes, 2 groups, 4096 inodes$'
if [ "$(sha256sum <"$DISK")" = "$sum_before" ] && PATH="$PATH:/sbin:/usr/sbin" e2fsck -fn "$tmp/fs.ext2" >/dev/null 2>&1 &&
	dd if="$DISK" bs=512 skip=2048 2>/dev/null | cmp -s - "$tmp/fs.ext2"; then
	ok "the read-only mount left the image byte for byte as it was; e2fsck -fn clean"
else
	bad "image untouched" "the disk image changed or e2fsck complains"
fi
expect_in "$LOG" "the root is a ramfs with /dev" '\] VFS: ramfs mounted as root, /dev populated$'
expect_in "$LOG" "the initramfs is unpacked into it" '\] Unpacked initramfs: [0-9]+ entries$'
expect_in "$LOG" "init runs from it" '\] Run /bin/fstests as init process$'
if tr -d '\r' <"$LOG" | grep -q 'is not implemented: -ENOSYS'; then
	bad "every call the suite makes exists" "$(tr -d '\r' <"$LOG" | grep 'not implemented' | head -3 | tr '\n' ' ')"
else
	ok "every call the suite makes exists (no -ENOSYS line)"
fi
if tr -d '\r' <"$LOG" | grep -Eq 'Oops|BUG:|WARNING:'; then
	bad "no oops" "$(tr -d '\r' <"$LOG" | grep -E 'Oops|BUG:|WARNING:' | head -2 | tr '\n' ' ')"
else
	ok "no oops, BUG or WARNING"
fi
# The kernel's own count agrees with the suite's: the second run gave back
# every page and slab object (the last two sync lines are equal).
a=$(tr -d '\r' <"$LOG" | grep -oE 'sync: [0-9]+ pages free, [0-9]+ slab objects in use' | tail -2 | head -1)
b=$(tr -d '\r' <"$LOG" | grep -oE 'sync: [0-9]+ pages free, [0-9]+ slab objects in use' | tail -1)
if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "pages and slab objects back after the second run ($b)"; else
	bad "no leak" "'$a' then '$b'"; fi

echo "lucid: fstests on the 2-level (CONFIG_PAE=n) kernel"
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/nopae.make" 2>&1; then
	timeout 120 $L -display none -serial stdio -no-reboot -hda "$DISK" -snapshot \
		-kernel build/nopae/guest/bzImage -initrd "$RD" -append "$CMD" >"$tmp/nopae.log" 2>&1
	check_suite "lucid, CONFIG_PAE=n" "$tmp/nopae.log" $?
else
	bad "CONFIG_PAE=n build" "$(tail -3 "$tmp/nopae.make" | tr '\n' ' ')"
fi

if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: fstests (-icount shift=0)"
	timeout 180 qemu-system-i386 -m 64 -icount shift=0 -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/guest/bzImage \
		-drive file="$DISK",format=raw,if=ide,index=0,snapshot=on \
		-initrd "$RD" -append "$CMD" >"$tmp/qemu.log" 2>&1
	check_suite "qemu" "$tmp/qemu.log" $?
	x=$(tr -d '\r' <"$LOG" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	y=$(tr -d '\r' <"$tmp/qemu.log" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	if [ "$x" = "$y" ]; then ok "lucid and qemu: the same checks with the same results"; else
		bad "lucid = qemu" "$(diff <(tr -d '\r' <"$LOG" | grep -E '^(PASS|FAIL) ' | sort) \
			<(tr -d '\r' <"$tmp/qemu.log" | grep -E '^(PASS|FAIL) ' | sort) | head -4 | tr '\n' ' ')"
	fi
fi

# The suite can fail: an initramfs with a regular file at /mnt breaks the
# mount checks (mkdir /mnt fails), so the suite must say FAIL and not power off.
echo "lucid: a broken root makes the suite fail"
echo junk >"$tmp/junk"
if build/images/mkcpio "$tmp/bad.cpio" /bin/fstests=build/images/user/fstests /mnt="$tmp/junk" >/dev/null 2>&1; then
	timeout 120 $L -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
		-initrd "$tmp/bad.cpio" -append "$CMD" >"$tmp/bad.log" 2>&1
	st=$?
	if [ "$st" -eq 7 ] && tr -d '\r' <"$tmp/bad.log" | grep -q '^FAIL mount\.'; then
		ok "the suite can fail: /mnt a file gives FAIL mount.* lines and a panic (status 7)"
	else
		bad "a failing suite" "status $st; $(tr -d '\r' <"$tmp/bad.log" | grep -E '^FAIL' | head -2 | tr '\n' ' ')"
	fi
else
	bad "mkcpio" "could not build the broken initramfs"
fi
summary guest-fs
