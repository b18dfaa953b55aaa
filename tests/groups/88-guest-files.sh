#!/usr/bin/env bash
# Files, part two: Debian's dynamically linked programs and the file calls
# they and busybox need.
#   1. tests/guest/filesuite.sh as /init of an initramfs holding busybox,
#      Debian's bash and coreutils' ls with glibc's ld-linux.so.2 and their
#      libraries (as the default image has them): on lucix (twice: the
#      random bytes must repeat) and on Debian's Linux under QEMU; every "T "
#      line must be the same on both.
#   2. The default image booted as `make run` boots it, on a copy: chown,
#      touch -d, rename over a file and Debian's ls -l / on ext2; the host's
#      debugfs then reads the owner, the times and the renamed file's data
#      back, and e2fsck -fn finds the file system clean.
. "$(dirname "$0")/../lib.sh"
export PATH="$PATH:/sbin:/usr/sbin"
IMG=build/images/lucid.img
BB=${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox
DYN=${DYN_I386:-/opt/debian-i386-dyn}
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
for f in "$L" build/guest/bzImage "$IMG" build/images/mkcpio "$BB" "$DYN/bin/bash" build/images/user/sendfiletest; do
	[ -e "$f" ] || { bad "build" "$f missing (make deps; make all)"; summary guest-files; exit; }
done

# The initramfs: busybox and its applet links, the dynamic programs and libraries, /init.
args=(/init=tests/guest/filesuite.sh /bin/busybox="$BB" /bin/sendfiletest=build/images/user/sendfiletest)
while read -r l; do
	[ "$l" = bin/busybox ] || args+=("/$l->/bin/busybox")
done < <(grep / images/busybox-links.txt)
for f in bin/bash:bin/bash bin/ls:usr/bin/ls lib/i386-linux-gnu/ld-linux.so.2 \
	lib/i386-linux-gnu/libc.so.6 lib/i386-linux-gnu/libtinfo.so.6.4 \
	lib/i386-linux-gnu/libselinux.so.1 usr/lib/i386-linux-gnu/libpcre2-8.so.0.11.2; do
	args+=("/${f#*:}=$DYN/${f%%:*}")
done
args+=("/lib/ld-linux.so.2->i386-linux-gnu/ld-linux.so.2"
	"/lib/i386-linux-gnu/libtinfo.so.6->libtinfo.so.6.4"
	"/usr/lib/i386-linux-gnu/libpcre2-8.so.0->libpcre2-8.so.0.11.2")
if ! build/images/mkcpio "$tmp/files.cpio" "${args[@]}" 2>"$tmp/mkcpio.err"; then
	bad "mkcpio" "$(cat "$tmp/mkcpio.err")"
	summary guest-files
	exit
fi

echo "filesuite on lucix (Lucid), twice"
# The run is deterministic; the timeout only ends a hang (a loaded machine took over 120 s).
for run in 1 2; do
	timeout 400 "$L" -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
		-initrd "$tmp/files.cpio" -append "console=ttyS0 panic_exit=3" \
		</dev/null 2>&1 | tr -d '\r' >"$tmp/lucix$run.log"
done
expect_in "$tmp/lucix1.log" "lucix: the suite ran to its end" '^T end$'
expect_in "$tmp/lucix1.log" "lucix: Debian's bash runs through ld-linux.so.2" '^T bash: 5\.[0-9.]+\(1\)-release$'
expect_in "$tmp/lucix1.log" "lucix: Debian's ls -l / lists the root" '^T ls drwxr-xr-x 0 0 bin$'
expect_in "$tmp/lucix1.log" "lucix: a missing command: 'not found'" '^T sh: nosuchcommand: not found$'
expect_in "$tmp/lucix1.log" "lucix: chown drops set-user-ID and set-group-ID" '^T chown: 1234 5678 755$'
expect_in "$tmp/lucix1.log" "lucix: rename over a file: the name is never missing" '^T rename: target missing 0 times; last 199$'
# (socketcall is known: lucix has no sockets, and glibc's look for nscd copes; glibc's
# rseq too; see KNOWN-ISSUES.md)
if grep -E "\] (bash|ls|ld-linux.so.2|nointerp|script)\[[0-9]+\]: system call .* not implemented" "$tmp/lucix1.log" |
	grep -v '(socketcall)' >"$tmp/enosys"; then
	bad "lucix: no system call bash, ls and ld.so make is missing" "$(head -3 "$tmp/enosys" | tr '\n' ' ')"
else
	ok "lucix: no system call bash, ls and ld.so make is missing (no ENOSYS report)"
fi
if grep -E "system call (187|239) \(sendfile" "$tmp/lucix1.log" >"$tmp/enosys"; then
	bad "lucix: sendfile and sendfile64 are implemented" "$(head -2 "$tmp/enosys" | tr '\n' ' ')"
else
	ok "lucix: sendfile and sendfile64 are implemented (busybox cat no longer falls back)"
fi
r1=$(grep '^R urandom' "$tmp/lucix1.log") r2=$(grep '^R urandom' "$tmp/lucix2.log")
if [ -n "$r1" ] && [ "$r1" = "$r2" ] && [ "${r1#R urandom }" != 00000000000000000000000000000000 ]; then
	ok "lucix: /dev/urandom gives the same bytes on two runs of the same machine (${r1#R urandom })"
else
	bad "lucix: /dev/urandom repeatable" "'$r1' vs '$r2'"
fi

echo "filesuite on Debian's Linux (QEMU)"
if [ -z "$K" ] || ! command -v qemu-system-i386 >/dev/null; then
	bad "Debian's Linux under QEMU" "no kernel in ${LINUX_I386:-/opt/linux-i386} or no qemu-system-i386 (make deps)"
else
	timeout 180 qemu-system-i386 -M pc -cpu pentium3 -m 256 -display none -serial stdio -no-reboot \
		-kernel "$K" -initrd "$tmp/files.cpio" -append "console=ttyS0 rdinit=/init quiet" \
		</dev/null 2>&1 | tr -d '\r' >"$tmp/linux.log"
	expect_in "$tmp/linux.log" "Linux: the suite ran to its end" '^T end$'
	grep '^T ' "$tmp/linux.log" >"$tmp/linux.t"
	grep '^T ' "$tmp/lucix1.log" >"$tmp/lucix.t"
	n=$(wc -l <"$tmp/linux.t")
	if [ "$n" -gt 30 ] && cmp -s "$tmp/linux.t" "$tmp/lucix.t"; then
		ok "lucix prints the same $n lines as Linux (bash, ls -l, execve errors, chown, utimes, /dev/full, urandom, rename)"
	else
		bad "lucix and Linux differ" "$(diff "$tmp/linux.t" "$tmp/lucix.t" | head -8 | tr '\n' '|')"
	fi
fi

echo "the default image on ext2 (a copy, booted as make run boots it)"
cp "$IMG" "$tmp/img"
cat >"$tmp/shell.in" <<'SCRIPT'
when-serial /root #  => cd /root; echo data >f; chown 1234:5678 f; touch -d '2001-02-03 04:05:06' f; echo old >t; echo new >t.new; mv t.new t; mkdir d; chown 4321:8765 d; /usr/bin/ls -l / >ls.txt; echo E$?; bash -c 'echo $BASH_VERSION' >bash.txt; sync; echo S2\n
when-serial S2\r\n => poweroff\n
SCRIPT
timeout 120 "$L" -display none -serial stdio -no-reboot -input-script "$tmp/shell.in" \
	-kernel build/guest/bzImage -append "root=/dev/hda1 console=ttyS0 console=tty0" "$tmp/img" \
	</dev/null 2>&1 | tr -d '\r' >"$tmp/img.log"
expect_in "$tmp/img.log" "image: Debian's ls -l / on ext2 exits 0" '^E0$'
start=$(od -An -tu4 -j 454 -N 4 "$tmp/img" | tr -d ' ') len=$(od -An -tu4 -j 458 -N 4 "$tmp/img" | tr -d ' ')
dd if="$tmp/img" of="$tmp/p1" bs=512 skip="$start" count="$len" status=none
dfs() { debugfs -R "$1" "$tmp/p1" 2>/dev/null; }
if dfs "stat /root/f" | grep -Eq 'User: +1234 +Group: +5678' &&
	dfs "stat /root/f" | grep -q 'mtime: 0x[0-9a-f]* -- Sat Feb  3 04:05:06 2001'; then
	ok "ext2 keeps chown's owner and touch -d's time (debugfs stat /root/f)"
else
	bad "ext2 owner and time" "$(dfs "stat /root/f" | grep -E 'User|mtime' | tr '\n' ' ')"
fi
if dfs "stat /root/d" | grep -Eq 'User: +4321 +Group: +8765'; then
	ok "ext2 keeps a directory's owner"
else
	bad "ext2 directory owner" "$(dfs "stat /root/d" | grep User)"
fi
if [ "$(dfs "cat /root/t")" = new ] && ! dfs "ls /root" | grep -q 't\.new'; then
	ok "rename over /root/t: debugfs reads the new data, t.new is gone"
else
	bad "rename on ext2" "t='$(dfs "cat /root/t")'"
fi
if dfs "cat /root/ls.txt" | grep -Eq '^drwxr-xr-x +[0-9]+ root root +[0-9]+ Jan +1 +[0-9:]+ bin$' &&
	dfs "cat /root/bash.txt" | grep -Eq '^5\.[0-9.]+\(1\)-release$'; then
	ok "Debian's ls -l / and bash ran from the image's ext2 (their output read back)"
else
	bad "ls/bash from ext2" "$(dfs "cat /root/ls.txt" | head -3 | tr '\n' '|') $(dfs "cat /root/bash.txt")"
fi
if e2fsck -fn "$tmp/p1" >"$tmp/fsck" 2>&1; then
	ok "e2fsck -fn: clean after the session"
else
	bad "e2fsck -fn" "$(grep -v '^Pass\|^e2fsck' "$tmp/fsck" | head -4 | tr '\n' ' ')"
fi
summary guest-files
