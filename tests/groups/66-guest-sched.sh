#!/usr/bin/env bash
# Guest scheduler: the in-kernel `selftest=sched` suite (CFS shares by
# nice weight, sleeper fairness, SCHED_FIFO preemption, SCHED_RR turns,
# preempt_disable nesting, mutex handoff, completions and wait queues,
# kthread_stop, lockdep-lite, sleeping in ticks, switch costs) on Lucid and on
# QEMU (with -icount, so its TSC follows instructions too); and the end of a
# normal boot: pid 1 and 2 started by rest_init, the kernel threads listed
# like ps, and Linux's "No working init found." with the kernel still alive.
. "$(dirname "$0")/../lib.sh"

NCASES=$(grep -c 'SELFTEST_CASE(' guest/kernel/sched/sched_selftest.c)

check_suite() {	# NAME LOG STATUS (isa-debug-exit 1 = all passed)
	local name=$1 log=$2 st=$3 p f
	p=$(grep -c '] PASS sched\.' "$log")
	f=$(grep -c '] FAIL sched\.' "$log")
	if [ "$st" -eq 1 ] && [ "$p" -eq "$NCASES" ] && [ "$f" -eq 0 ]; then
		ok "$name: $p/$NCASES sched self-tests passed"
	else
		bad "$name" "exit status $st, $p passed, $f failed of $NCASES; $(grep '] FAIL' "$log" | head -3 | tr '\n' ' ')"
	fi
}

echo "lucid: selftest=sched"
timeout 300 build/lucid -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
	-append "console=ttyS0 selftest=sched" >"$tmp/lucid.log" 2>&1
check_suite "lucid" "$tmp/lucid.log" $?
tr -d '\r' <"$tmp/lucid.log" | grep -E 'sched: nice 0 ran|sched-bench' | sed 's/^/  /'

if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: selftest=sched (-icount shift=0)"
	timeout 300 qemu-system-i386 -m 64 -icount shift=0 -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/guest/bzImage \
		-append "console=ttyS0 selftest=sched" >"$tmp/qemu.log" 2>&1
	check_suite "qemu" "$tmp/qemu.log" $?
fi

echo "lucid: the end of a normal boot"
timeout 10 build/lucid -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
	-append "console=ttyS0" >"$tmp/boot.log" 2>&1
log=$tmp/boot.log
expect_in "$log" "rest_init starts kernel_init as pid 1" '\] rest_init: kernel_thread\(kernel_init\) -> pid 1$'
expect_in "$log" "rest_init starts kthreadd as pid 2" '\] rest_init: kernel_thread\(kthreadd\) -> pid 2$'
expect_in "$log" "initcalls run by level" '\] do_initcalls: level late +[0-9]+ calls?$'
expect_in "$log" "ps: idle task" '\] +0 +0 R OTHER +120 +0 \[swapper/0\]$'
expect_in "$log" "ps: init is pid 1, child of 0" '\] +1 +0 R OTHER +120 +0 \[init\]$'
expect_in "$log" "ps: kthreadd is pid 2, child of 0" '\] +2 +0 S OTHER +120 +0 \[kthreadd\]$'
expect_in "$log" "ps: ksoftirqd is kthreadd's child" '\] +[0-9]+ +2 [RS] OTHER +120 +0 \[ksoftirqd/0\]$'
expect_in "$log" "ps: kworker is kthreadd's child" '\] +[0-9]+ +2 [RS] OTHER +120 +0 \[kworker/0:0\]$'
expect_in "$log" "no init: Linux's message" '\] No working init found\.  Try passing init= option to kernel'
if tr -d '\r' <"$log" | grep -q 'Kernel panic'; then
	bad "the kernel stays alive" "it panicked"
elif grep -q 'terminating on signal' "$log"; then
	ok "the kernel stays alive (idle) until the 10 s timeout"
else
	bad "the kernel stays alive" "lucid ended before the timeout: $(tail -1 "$log")"
fi
log=$tmp/lucid.log
expect_in "$log" "lockdep-lite: unlock of a free mutex reported" 'WARNING: bad unlock balance detected \(mutex not locked\)'
expect_in "$log" "lockdep-lite: exit with a lock held reported" 'leaker/[0-9]+ is leaving the kernel with 1 mutexes'
summary guest-sched
