#!/usr/bin/env bash
# Guest user space: lucix runs the initramfs's /init, the musl test
# suite images/initramfs/usertests.c (system calls and their errors, fork,
# COW, wait, signals, protection faults, execve, time, TLS, a leak check), on
# Lucid with the PAE and the 2-level kernel and on QEMU, and the two give the
# same results. Also checked from the kernel's log: the segfault and trap lines
# in Linux's format, the once-per-syscall -ENOSYS line, free pages and slab
# objects back to their start values, and the init paths (a bad initramfs,
# init= naming a missing program).
cd "$(dirname "$0")/../.."
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "  PASS $1"; pass=$((pass + 1)); }
bad() { echo "  FAIL $1: $2"; fail=$((fail + 1)); }

RD=build/images/initramfs.cpio
CMD="console=ttyS0 panic_exit=3 loglevel=8"
for f in build/lucid build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; echo "guest-user: $pass passed, $fail failed"; exit 1; }
done

lucid() {	# LOG ARGS...: run headless, 60 s at most; prints the exit status
	local log=$1
	shift
	timeout 60 build/lucid -display none -serial stdio -no-reboot "$@" >"$log" 2>&1
	echo $?
}

# The suite's own verdict: exit status 1 is a power-off (isa-debug-exit 0), every
# check printed PASS, and the summary agrees with the lines.
check_suite() {	# NAME LOG STATUS
	local name=$1 log=$2 st=$3 p f sum
	p=$(tr -d '\r' <"$log" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$log" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$log" | grep -E '^usertests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 180 ] && [ "$sum" = "usertests: $p passed, 0 failed" ]; then
		ok "$name: $p user-space checks passed, powered off"
	else
		bad "$name" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$log" | grep -E '^FAIL|Kernel panic|Oops' | head -3 | tr '\n' ' ')"
	fi
}

echo "lucid: usertests as /init (PAE kernel)"
L=$tmp/lucid.log
st=$(lucid "$L" -kernel build/guest/bzImage -initrd "$RD" -append "$CMD")
check_suite "lucid" "$L" "$st"
expect() {	# WHAT REGEX
	if tr -d '\r' <"$L" | grep -Eq -- "$2"; then ok "$1"; else bad "$1" "no line matching /$2/"; fi
}
expect "initramfs unpacked" '\] Unpacked initramfs: [0-9]+ entries$'
expect "initrd memory freed" '\] Freeing initrd memory: [0-9]+K$'
expect "pid 1 execs /init" '\] Run /init as init process$'
expect "segfault line (Linux's format): kernel read" '\] init\[[0-9]+\]: segfault at c0100000 ip [0-9a-f]{8} sp [0-9a-f]{8} error 5$'
expect "segfault line: kernel write" '\] init\[[0-9]+\]: segfault at c0100000 ip [0-9a-f]{8} sp [0-9a-f]{8} error 7$'
expect "segfault line: NULL read" '\] init\[[0-9]+\]: segfault at 0 ip [0-9a-f]{8} sp [0-9a-f]{8} error 4$'
expect "trap line: privileged instruction" '\] traps: init\[[0-9]+\] general protection fault ip:[0-9a-f]+ sp:[0-9a-f]+ error:0$'
expect "trap line: ud2" '\] traps: init\[[0-9]+\] invalid opcode ip:[0-9a-f]+ sp:[0-9a-f]+ error:0$'
expect "ENOSYS line names the call" '\] renamed\[[0-9]+\]: system call 51 \(acct\) is not implemented: -ENOSYS$'
n=$(tr -d '\r' <"$L" | grep -c 'system call 51 (acct) is not implemented')
if [ "$n" -eq 1 ]; then ok "ENOSYS line printed once for two calls"; else bad "ENOSYS once" "$n lines"; fi
if tr -d '\r' <"$L" | grep -Eq 'Oops|BUG:|Kernel panic|WARNING:'; then
	bad "the kernel survives every user fault" "$(tr -d '\r' <"$L" | grep -E 'Oops|BUG:|Kernel panic|WARNING:' | head -2 | tr '\n' ' ')"
else
	ok "the kernel survives every user fault (no oops, BUG, WARNING or panic)"
fi
# Debian's busybox-static ran `sh -c` from the suite: the same output as on Linux (the
# host's kernel runs the same i386 binary when it can, else the expected text).
bb_lucid=$(tr -d '\r' <"$L" | sed -n '/^busybox: begin$/,/^busybox: end$/p' | grep -v '^busybox: \|^\[\|^PASS \|^FAIL ')
BB=${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox
script=$(grep -o 'bb_script\[\] = ".*";' images/initramfs/usertests.c | sed 's/^bb_script\[\] = "//; s/";$//')
if bb_host=$(env -i PATH=/bin "$BB" sh -c "$script" 2>/dev/null) && [ -n "$bb_host" ]; then
	how="Linux (the host kernel) running the same binary"
else
	bb_host=$(printf 'hi\ndone 0')
	how="the expected output"
fi
if [ -n "$bb_lucid" ] && [ "$bb_lucid" = "$bb_host" ]; then
	ok "busybox sh -c '...' prints the same as $how"
else
	bad "busybox output" "lucix: '$(echo "$bb_lucid" | tr '\n' '|')', $how: '$(echo "$bb_host" | tr '\n' '|')'"
fi
# Leak check from the kernel's side: the first and last sync lines (before the
# suite's process is forked and after everything is reaped) must agree.
first=$(tr -d '\r' <"$L" | grep -oE 'sync: [0-9]+ pages free, [0-9]+ slab objects in use' | head -1)
last=$(tr -d '\r' <"$L" | grep -oE 'sync: [0-9]+ pages free, [0-9]+ slab objects in use' | tail -1)
n=$(tr -d '\r' <"$L" | grep -c 'sync: [0-9]')
if [ "$n" -ge 2 ] && [ -n "$first" ] && [ "$first" = "$last" ]; then
	ok "free pages and slab objects back to their start values ($first)"
else
	bad "no leak" "$n sync lines: first '$first', last '$last'"
fi

echo "lucid: usertests on the 2-level (CONFIG_PAE=n) kernel"
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/nopae.make" 2>&1; then
	st=$(lucid "$tmp/nopae.log" -kernel build/nopae/guest/bzImage -initrd "$RD" -append "$CMD")
	check_suite "lucid, CONFIG_PAE=n" "$tmp/nopae.log" "$st"
else
	bad "CONFIG_PAE=n build" "$(tail -3 "$tmp/nopae.make" | tr '\n' ' ')"
fi

if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: usertests (-icount shift=0)"
	timeout 120 qemu-system-i386 -m 64 -icount shift=0 -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/guest/bzImage \
		-initrd "$RD" -append "$CMD" >"$tmp/qemu.log" 2>&1
	check_suite "qemu" "$tmp/qemu.log" $?
	a=$(tr -d '\r' <"$L" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	b=$(tr -d '\r' <"$tmp/qemu.log" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	if [ "$a" = "$b" ]; then ok "lucid and qemu: the same checks with the same results"; else
		bad "lucid = qemu" "$(diff <(tr -d '\r' <"$L" | grep -E '^(PASS|FAIL) ' | sort) \
			<(tr -d '\r' <"$tmp/qemu.log" | grep -E '^(PASS|FAIL) ' | sort) | head -4 | tr '\n' ' ')"
	fi
fi

echo "lucid: init paths"
head -c 512 /dev/zero | tr '\0' 'x' >"$tmp/junk.cpio"	# no cpio magic
L=$tmp/junk.log
st=$(timeout 10 build/lucid -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
	-initrd "$tmp/junk.cpio" -append "console=ttyS0" >"$L" 2>&1; echo $?)
expect "a bad initramfs is reported" '\] Initramfs unpacking failed: no cpio magic$'
expect "then: no init, as without an initramfs" '\] No working init found\.'
L=$tmp/noinit.log
st=$(lucid "$L" -kernel build/guest/bzImage -initrd "$RD" -append "console=ttyS0 panic_exit=3 init=/bin/nothere")
expect "init= a missing program: Linux's panic" 'Kernel panic - not syncing: Requested init /bin/nothere failed \(error -2\)\.'
if [ "$st" -eq 7 ]; then ok "... which exits through panic_exit=3 (status 7)"; else bad "panic_exit" "status $st"; fi
L=$tmp/other.log
st=$(lucid "$L" -kernel build/guest/bzImage -initrd "$RD" -append "console=ttyS0 panic_exit=3 init=/bin/usertests")
expect "init=/bin/usertests runs it" '\] Run /bin/usertests as init process$'
if [ "$st" -eq 7 ] && tr -d '\r' <"$L" | grep -q '^FAIL startup.argv0 is /init'; then
	ok "the suite can fail: a wrong argv[0] fails a check, init exits, the kernel panics (status 7)"
else
	bad "a failing suite" "status $st; $(tr -d '\r' <"$L" | grep -E '^FAIL|panic' | head -2 | tr '\n' ' ')"
fi
echo "guest-user: $pass passed, $fail failed"
