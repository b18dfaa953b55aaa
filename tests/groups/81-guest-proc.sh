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
for f in $L build/guest/bzImage "$RD" build/images/lucid.img; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-proc; exit 1; }
done

# Exit status 1 is the power-off; every check printed PASS and the summary agrees.
MIN=150
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
# with the default disk, so the IDE driver's /dev/hda and hda1 are made too
timeout 120 $L -display none -serial stdio -no-reboot -hda build/images/lucid.img \
	-kernel build/guest/bzImage -initrd "$RD" -append "$CMD" >"$LOG" 2>&1
check_suite "lucid" "$LOG" $?
n=$(tr -d '\r' <"$LOG" | grep -c '^PASS devtmpfs\.hda')
[ "$n" = 2 ] && ok "devtmpfs: the disk's nodes were checked" || bad "devtmpfs disk nodes" "$n hda checks ran"

echo "lucid: proctests on the 2-level (CONFIG_PAE=n) kernel"
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/b.log" 2>&1; then
	timeout 120 $L -display none -serial stdio -no-reboot -hda build/images/lucid.img \
		-kernel build/nopae/guest/bzImage -initrd "$RD" -append "$CMD" >"$tmp/np.log" 2>&1
	check_suite "lucid CONFIG_PAE=n" "$tmp/np.log" $?
else
	bad "CONFIG_PAE=n build" "$(tail -3 "$tmp/b.log" | tr '\n' ' ')"
fi

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
out=$(bb_out "$LOG" ps)
if grep -Eq '^ +1 0 +/bin/proctests$' <<<"$out" && grep -Eq '^ +2 0 +\[kthreadd\]$' <<<"$out" &&
	grep -Eq '^ +[0-9]+ 0 +busybox ps$' <<<"$out"; then
	ok "busybox ps: init, kernel threads in brackets, itself"
else
	bad "busybox ps" "$(echo "$out" | tr '\n' '|')"
fi
out=$(bb_out "$LOG" free)
total=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' <<<"$out")
if [ -n "$total" ] && grep -Eq "^Mem: +$total +[0-9]+ +[0-9]+ +0 +0 +[0-9]+$" <<<"$out"; then
	ok "busybox free: Mem total = MemTotal ($total kB)"
else
	bad "busybox free" "$(echo "$out" | tr '\n' '|')"
fi
out=$(bb_out "$LOG" uptime)
if grep -Eq '^ [0-9]{2}:[0-9]{2}:[0-9]{2} up +[0-9]+ min, +0 users, +load average: [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}$' <<<"$out"; then
	ok "busybox uptime"
else
	bad "busybox uptime" "'$out'"
fi
out=$(bb_out "$LOG" top)
if [ "$(bb_status "$LOG" top)" = 0 ] && grep -Eq '^Mem: [0-9]+K used, [0-9]+K free, ' <<<"$out" &&
	grep -Eq '^Load average: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' <<<"$out" &&
	grep -Eq '^ +1 +0 0 +S +[0-9]+ +[0-9]+% +[0-9]+% /bin/proctests$' <<<"$out" &&
	grep -Eq '^ +2 +0 0 +SW +0 +0% +[0-9]+% \[kthreadd\]$' <<<"$out"; then
	ok "busybox top -b -n1: memory, load, processes with states and sizes"
else
	bad "busybox top" "$(echo "$out" | head -6 | tr '\n' '|')"
fi
out=$(bb_out "$LOG" mount-list)
if grep -qx 'proc on /proc type proc (rw,relatime)' <<<"$out" && grep -qx 'sysfs on /sys type sysfs (rw,relatime)' <<<"$out" &&
	grep -qx 'rootfs on / type rootfs (rw)' <<<"$out"; then
	ok "busybox mount lists /proc/mounts"
else
	bad "busybox mount" "$(echo "$out" | tr '\n' '|')"
fi
out=$(bb_out "$LOG" cat-maps)
if grep -Eq '^[0-9a-f]{8}-[0-9a-f]{8} r-xp 00000000 00:00 0 +\[vdso\]$' <<<"$out" &&
	grep -Eq ' +\[stack\]$' <<<"$out" && grep -Eq ' +\[heap\]$' <<<"$out"; then
	ok "busybox cat /proc/self/maps: [heap], [stack], [vdso]"
else
	bad "cat /proc/self/maps" "$(echo "$out" | tr '\n' '|')"
fi
out=$(bb_out "$LOG" sysctl-a)
n=$(grep -c . <<<"$out")
if [ "$(bb_status "$LOG" sysctl-a)" = 0 ] && [ "$n" -ge 27 ] && ! grep -Evq '^[a-z_]+\.[a-z_-]+ = .+$' <<<"$out" &&
	grep -qx 'vm.overcommit_memory = 0' <<<"$out" && grep -qx 'kernel.ostype = Linux' <<<"$out" &&
	grep -Eqx 'fs.file-nr = [0-9]+	0	[0-9]+' <<<"$out"; then
	ok "busybox sysctl -a: $n variables as 'name = value'"
else
	bad "busybox sysctl -a" "status $(bb_status "$LOG" sysctl-a), $n lines: $(echo "$out" | head -3 | tr '\n' '|')"
fi
out=$(bb_out "$LOG" sysctl-w)
if [ "$(sed '/^sh: /d;/^rm: /d' <<<"$out")" = "$(printf 'vm.swappiness = 10\nvm.swappiness = 10\n30\nrefused\nkept')" ] &&
	grep -qx "rm: can't remove '/proc/version': Operation not permitted" <<<"$out"; then
	ok "sysctl -w and echo > /proc/sys take effect; 500 refused; rm of a /proc file refused"
else
	bad "sysctl -w" "$(echo "$out" | tr '\n' '|')"
fi
n=$(tr -d '\r' <"$LOG" | sed -n 's/^meminfo: used \([0-9]*\) kB, accounted \([0-9]*\) kB, unaccounted \([0-9]*\) kB$/\3/p')
echo "  (meminfo: ${n:-?} kB of used memory not in any field)"

# The formats against Linux's: the same program dumps the files on lucix and
# on Debian's 32-bit Linux 6.1 under QEMU (about a minute), and a parser
# (tests/guest/procfmt.py) requires them to differ only in values.
echo "formats: lucix against Linux"
timeout 120 $L -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$RD" \
	-append "console=ttyS0 panic_exit=3 init=/bin/proctests procdump" >"$tmp/ldump.log" 2>&1
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
if [ -z "$K" ] || ! command -v qemu-system-i386 >/dev/null; then
	bad "Linux formats" "no Debian i386 kernel in ${LINUX_I386:-/opt/linux-i386} or no qemu-system-i386 (make deps)"
else
	timeout 300 qemu-system-i386 -m 128 -display none -serial stdio -no-reboot -kernel "$K" -initrd "$RD" \
		-append "console=ttyS0 quiet rdinit=/bin/proctests procdump" >"$tmp/linux.log" 2>&1
	while IFS= read -r line; do
		case "$line" in
		"ok   "*) ok "${line#ok   }" ;;
		"FAIL "*) r=${line#FAIL }; bad "${r%%: *}" "${r#*: }" ;;
		esac
	done < <(python3 tests/guest/procfmt.py "$tmp/linux.log" "$tmp/ldump.log")
	# the comparison can fail: a field dropped from meminfo and a stat field lost are caught
	sed -e '/^Cached:/d' -e 's/^\(1 (proctests) R\) [0-9]* /\1 /' "$tmp/ldump.log" >"$tmp/broken.log"
	nf=$(python3 tests/guest/procfmt.py "$tmp/linux.log" "$tmp/broken.log" | grep -c '^FAIL ')
	[ "$nf" -ge 3 ] && ok "the comparison catches a missing meminfo field and a short stat ($nf FAIL)" ||
		bad "the comparison can fail" "only $nf FAIL lines on a broken dump"
fi
tr -d '\r' <"$LOG" | grep -Eq 'Oops|BUG|Kernel panic' && bad "no oops" "$(grep -E 'Oops|BUG|panic' "$LOG" | head -2)" || ok "no oops or BUG in the log"

summary guest-proc
