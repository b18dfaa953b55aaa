#!/usr/bin/env bash
# Guest /proc, /sys and /dev: /bin/proctests from the initramfs as init
# (images/initramfs/proctests.c) mounts proc and sysfs and checks them against
# what a process knows of itself (pid, name, arguments, descriptors, cwd),
# that an exited process's names go away, that a file of any size reads
# whole, and sysfs show/store with permissions; then busybox's tools run over
# them and their output is checked here.
. "$(dirname "$0")/../lib.sh"

RD=build/images/initramfs.cpio
CMD="console=ttyS0 panic_exit=3 init=/bin/proctests"
for f in $L build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-proc; exit 1; }
done

# Exit status 1 is the power-off; every check printed PASS and the summary agrees.
MIN=42
check_suite() {	# NAME LOG STATUS
	local name=$1 log=$2 st=$3 p f sum
	p=$(tr -d '\r' <"$log" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$log" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$log" | grep -E '^proctests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge $MIN ] &&
		[ "$sum" = "proctests: $p passed, 0 failed" ]; then
		ok "$name: $p /proc and /sys checks passed, powered off"
	else
		bad "$name" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$log" | grep -E '^FAIL|Kernel panic|Oops|BUG' | head -3 | tr '\n' ' ')"
	fi
}

# The output of one busybox run: the lines between "busybox: NAME" and its end marker.
bb_out() {	# LOG NAME
	tr -d '\r' <"$1" | sed -n "/^busybox: $2\$/,/^busybox: end $2 status/p" | sed '1d;$d' |
		grep -v '^\[ *[0-9]*\.[0-9]*\] '
}
bb_status() {	# LOG NAME
	tr -d '\r' <"$1" | sed -n "s/^busybox: end $2 status \([0-9-]*\)\$/\1/p"
}

echo "lucid: proctests as init (PAE kernel)"
LOG=$tmp/lucid.log
timeout 120 $L -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
	-initrd "$RD" -append "$CMD" >"$LOG" 2>&1
check_suite "lucid" "$LOG" $?

echo "busybox over /proc and /sys"
v=$(bb_out "$LOG" cat-version)
if [[ "$v" =~ ^Linux\ version\ [^\ ]+\ \([^\)]+\)\ \(gcc\ version\ [^\)]+\)\ #1\ .+$ ]]; then
	ok "cat /proc/version: Linux's shape"
else
	bad "cat /proc/version" "'$v'"
fi
out=$(bb_out "$LOG" mount)
if [ "$(bb_status "$LOG" mount)" = 0 ] && [ "$out" = "$(printf 'busybox\n/mnt/s/kernel\nunmounted')" ]; then
	ok "busybox mount -t proc / -t sysfs, read, umount"
else
	bad "busybox mount" "status $(bb_status "$LOG" mount): $(echo "$out" | tr '\n' '|')"
fi
out=$(bb_out "$LOG" ls-self)
[ "$(bb_status "$LOG" ls-self)" = 0 ] && ok "ls over /proc and /sys exits 0" || bad "ls status" "$(bb_status "$LOG" ls-self)"
for n in cmdline comm cwd environ fd root task self thread-self version kernel module devices uevent_helper; do
	if grep -qx -- "$n" <<<"$(sed 's/.* //' <<<"$out")"; then ok "ls shows $n"; else bad "ls shows $n" "not in: $(echo "$out" | tr '\n' ' ')"; fi
done
if grep -Eq '^lrwx------ +1 0 +0 +0 .* 0 -> /dev/console$' <<<"$out"; then
	ok "ls -l /proc/self/fd/: 0 -> /dev/console"
else
	bad "ls -l /proc/self/fd" "$(echo "$out" | grep ' 0 ' | head -2)"
fi
if grep -Eq '^-r--r--r-- +1 0 +0 +4096 .* uevent_seqnum$' <<<"$out"; then
	ok "ls -l /sys/kernel: attribute modes and page size"
else
	bad "ls -l /sys/kernel" "$(echo "$out" | grep uevent)"
fi
tr -d '\r' <"$LOG" | grep -Eq 'Oops|BUG|Kernel panic' && bad "no oops" "$(grep -E 'Oops|BUG|panic' "$LOG" | head -2)" || ok "no oops or BUG in the log"

summary guest-proc
