#!/usr/bin/env bash
# More of /proc, /sys and /dev: /bin/proc2tests from the initramfs as init
# (images/initramfs/proc2tests.c) checks softirqs, iomem, ioports, diskstats,
# devices, timer_list, kcore, /dev/kmsg and /proc/kmsg, each process's wchan
# and sched, and /sys/block, /sys/class and /sys/devices on lucix; the same
# program dumps those files on lucix and on Debian's Linux 6.1 under QEMU
# -M isapc, and tests/guest/procfmt.py --set 2 requires them to differ only in
# values; the debugger, stopped while the kernel makes /proc/interrupts,
# must show the same counts with `irq`, and `vtop` must find the frame
# /proc/PID/pagemap gave; real gdb reads kernel variables from a copy of
# /proc/kcore written to the disk.
. "$(dirname "$0")/../lib.sh"

RD=build/images/initramfs.cpio
for f in $L build/guest/bzImage build/guest/lucix.elf "$RD" build/images/lucid.img; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-proc2; exit 1; }
done

echo "lucid: proc2tests as init"
LOG=$tmp/lucid.log
timeout 120 $L -display none -serial stdio -no-reboot -hda build/images/lucid.img \
	-kernel build/guest/bzImage -initrd "$RD" -append "console=ttyS0 panic_exit=3 init=/bin/proc2tests" \
	>"$LOG" 2>&1
st=$?
p=$(tr -d '\r' <"$LOG" | grep -c '^PASS ')
f=$(tr -d '\r' <"$LOG" | grep -c '^FAIL ')
sum=$(tr -d '\r' <"$LOG" | grep -E '^proc2tests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
# exit status 1 is the power-off
if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 85 ] && [ "$sum" = "proc2tests: $p passed, 0 failed" ]; then
	ok "lucid: $p checks passed, powered off"
else
	bad "lucid proc2tests" "exit status $st, $p PASS, $f FAIL, summary '$sum': $(tr -d '\r' <"$LOG" | grep -E '^FAIL|Kernel panic|Oops|BUG' | head -3 | tr '\n' ' ')"
fi
for t in kmsg.blocking_wakes kmsg.overrun_epipe kmsg.seek_data_after_clear kcore.reads_text \
	diskstats.reads_counted sysblock.link sysclass.tty; do
	tr -d '\r' <"$LOG" | grep -qx "PASS $t" && ok "ran $t" || bad "ran $t" "no PASS line"
done

# ---- formats against Linux's ----
echo "formats: lucix against Linux (QEMU -M isapc)"
timeout 120 $L -display none -serial stdio -no-reboot -hda build/images/lucid.img -kernel build/guest/bzImage \
	-initrd "$RD" -append "console=ttyS0 panic_exit=3 init=/bin/proc2tests procdump2" >"$tmp/ldump.log" 2>&1
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
if [ -z "$K" ] || ! command -v qemu-system-i386 >/dev/null; then
	bad "Linux formats" "no Debian i386 kernel in ${LINUX_I386:-/opt/linux-i386} or no qemu-system-i386 (make deps)"
else
	# an ISA PC cannot power off: the dump ends with a marker and QEMU is stopped there
	qemu-system-i386 -M isapc -cpu pentium2,-apic -m 64 -display none -serial stdio -no-reboot -kernel "$K" \
		-initrd "$RD" -append "console=ttyS0 quiet rdinit=/bin/proc2tests procdump2" >"$tmp/linux.log" 2>&1 &
	qpid=$!
	for _ in $(seq 240); do
		grep -q '^procdump2: done' "$tmp/linux.log" && break
		kill -0 $qpid 2>/dev/null || break
		sleep 0.5
	done
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	while IFS= read -r line; do
		case "$line" in
		"ok   "*) ok "${line#ok   }" ;;
		"FAIL "*) r=${line#FAIL }; bad "${r%%: *}" "${r#*: }" ;;
		esac
	done < <(python3 tests/guest/procfmt.py --set 2 "$tmp/linux.log" "$tmp/ldump.log")
	# the comparison can fail: a sched row renamed, a kmsg record's flag dropped, a link moved
	sed -e 's/^nr_switches  /nr_Switches  /' -e 's/^\([0-9]*,[0-9]*,[0-9]*\),-;/\1;/' \
		-e 's|^ttyS0 -> ../../devices/platform/|ttyS0 -> ../../devices/|' "$tmp/ldump.log" >"$tmp/broken.log"
	nf=$(python3 tests/guest/procfmt.py --set 2 "$tmp/linux.log" "$tmp/broken.log" | grep -c '^FAIL ')
	[ "$nf" -ge 3 ] && ok "the comparison catches a renamed row, a bad record and a moved link ($nf FAIL)" ||
		bad "the comparison can fail" "only $nf FAIL lines on a broken dump"
fi

# ---- the debugger on the same stopped machine ----
echo "debugger: irq and vtop against /proc/interrupts and pagemap"
cat >"$tmp/xc.cmd" <<'CMD'
break interrupts_proc_show
c
irq
vtop 0x50000000 1
finish
irq
delete
c
quit
CMD
# the debugger's N-th irq table: IRQ and count columns (at the show function's entry, then on its return)
irq_table() {	# OUT N
	awk -v want="$2" '/^\(lucid\)/ { cur = ($0 == "(lucid) irq") ? ++n : 0; next }
		cur == want && /^ *[0-9]+ +[0-9]+ / { print $1, $2 }' "$1"
}
xcheck() {	# LABEL BZIMAGE ELF
	local label=$1 out=$tmp/xc-$1.out serial=$tmp/xc-$1.serial irq1 irq2 proc pfn phys
	timeout 60 $L -display none -serial file:"$serial" -debugcon none -x "$tmp/xc.cmd" \
		-kernel-symbols "$3" -kernel "$2" -initrd "$RD" \
		-append "console=ttyS0 init=/bin/proc2tests xcheck" >"$out" 2>&1
	irq1=$(irq_table "$out" 1)
	irq2=$(irq_table "$out" 2)
	proc=$(tr -d '\r' <"$serial" | sed -n '/^==> \/proc\/interrupts <==$/,/^<== end$/p' |
		sed -nE 's/^ *([0-9]+): +([0-9]+) .*/\1 \2/p')
	if [ -n "$proc" ] && [ "$irq1" = "$irq2" ] && [ "$proc" = "$irq1" ]; then
		ok "$label: /proc/interrupts equals the debugger's irq at the same instruction ($(echo "$proc" | wc -l) lines, IRQ 0: $(echo "$proc" | awk '$1 == 0 { print $2 }'))"
	else
		bad "$label: /proc/interrupts against irq" "proc '$(echo $proc)' irq '$(echo $irq1)' then '$(echo $irq2)'"
	fi
	pfn=$(tr -d '\r' <"$serial" | sed -nE 's/^xcheck: pagemap 0x50000000 present 1 pfn (0x[0-9a-f]+)$/\1/p')
	phys=$(sed -nE 's/.*-> PHYSICAL (0x[0-9a-f]+)$/\1/p' "$out")
	if [ -n "$pfn" ] && [ -n "$phys" ] && [ $((pfn * 4096)) -eq $((phys)) ]; then
		ok "$label: pagemap's PFN $pfn is vtop's frame $phys for 0x50000000 in pid 1 ($(grep -o '(.* paging)' "$out"))"
	else
		bad "$label: pagemap against vtop" "pagemap pfn '$pfn', vtop '$phys'"
	fi
	# ...and the comparison can fail: a count or a frame off by one is caught
	[ "$(echo "$proc" | awk 'NR == 1 { $2++ } 1')" != "$irq1" ] && [ $(((pfn + 1) * 4096)) -ne $((phys)) ] &&
		ok "$label: an IRQ count or a frame off by one would fail" || bad "$label: cross-checks can fail" "'$proc' '$pfn'"
}
xcheck PAE build/guest/bzImage build/guest/lucix.elf

echo "lucid: proc2tests and the cross-checks on the 2-level (CONFIG_PAE=n) kernel"
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/b.log" 2>&1; then
	timeout 120 $L -display none -serial stdio -no-reboot -hda build/images/lucid.img \
		-kernel build/nopae/guest/bzImage -initrd "$RD" \
		-append "console=ttyS0 panic_exit=3 init=/bin/proc2tests" >"$tmp/np.log" 2>&1
	st=$?
	p=$(tr -d '\r' <"$tmp/np.log" | grep -c '^PASS ')
	sum=$(tr -d '\r' <"$tmp/np.log" | grep -E '^proc2tests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$p" -ge 85 ] && [ "$sum" = "proc2tests: $p passed, 0 failed" ]; then
		ok "lucid CONFIG_PAE=n: $p checks passed"
	else
		bad "lucid CONFIG_PAE=n" "exit status $st, summary '$sum': $(tr -d '\r' <"$tmp/np.log" | grep -E '^FAIL|Oops|BUG' | head -3 | tr '\n' ' ')"
	fi
	xcheck 2-level build/nopae/guest/bzImage build/nopae/guest/lucix.elf
else
	bad "CONFIG_PAE=n build" "$(tail -3 "$tmp/b.log" | tr '\n' ' ')"
fi

# ---- gdb reads /proc/kcore ----
echo "gdb: kernel variables from /proc/kcore"
cp build/images/lucid.img "$tmp/disk.img"
timeout 120 $L -display none -serial stdio -no-reboot -hda "$tmp/disk.img" -kernel build/guest/bzImage \
	-initrd "$RD" -append "console=ttyS0 panic_exit=3 init=/bin/proc2tests kcoredisk" >"$tmp/kc.log" 2>&1
p1=$(od -An -tu4 -j $((446 + 8)) -N4 "$tmp/disk.img" | tr -d ' ')
dd if="$tmp/disk.img" of="$tmp/p1" bs=512 skip="$p1" status=none
debugfs -R "dump /kcore $tmp/kcore" "$tmp/p1" >/dev/null 2>&1
total=$(tr -d '\r' <"$tmp/kc.log" | sed -nE 's/^kcoredisk: MemTotal ([0-9]+) kB$/\1/p')
copied=$(tr -d '\r' <"$tmp/kc.log" | sed -nE 's/^kcoredisk: ([0-9]+) of ([0-9]+) bytes$/\1 \2/p')
out=$(gdb -batch -nx -ex 'p totalram_pages' -ex 'p init_task.comm' -ex 'p uts_release' build/guest/lucix.elf \
	"$tmp/kcore" 2>/dev/null)
pages=$(sed -nE 's/^\$1 = ([0-9]+)$/\1/p' <<<"$out")
if [ -n "$copied" ] && [ "${copied% *}" = "${copied#* }" ] && [ -n "$total" ] && [ -n "$pages" ] &&
	[ $((pages * 4)) -eq "$total" ] && grep -q '^\$2 = "swapper/0\\000' <<<"$out" &&
	grep -qx '\$3 = "6.1.0-lucix"' <<<"$out"; then
	ok "gdb lucix.elf kcore: totalram_pages = $pages (MemTotal $total kB), init_task.comm, uts_release"
else
	bad "gdb on kcore" "copied '$copied', MemTotal '$total', gdb: $(echo "$out" | tail -3 | tr '\n' ' ')"
fi

cat "$LOG" "$tmp/ldump.log" "$tmp/np.log" "$tmp/kc.log" 2>/dev/null | tr -d '\r' | grep -Eq 'Oops|BUG|Kernel panic' && bad "no oops" "$(grep -hE 'Oops|BUG|panic' "$LOG" | head -2)" || ok "no oops or BUG in the logs"
summary guest-proc2
