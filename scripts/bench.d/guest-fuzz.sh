#!/usr/bin/env bash
# The guest system-call fuzzer (images/initramfs/sysfuzz.c) for a long run:
# GFUZZ_BENCH_CALLS calls (default 2,000,000; 10000000 for the issue's ten
# million) per seed, under the kernel's debugging (slub_debug's poison and red
# zones, the free-list and page-table checker vm_check=GFUZZ_BENCH_VMCHECK ms,
# default 20 as in group 78), the soft-lockup watchdog and the emulator's
# hard-lockup watchdog (-hardlockup 10). Prints the calls made, the guest
# instructions per call (on Lucid the TSC advances once per retired
# instruction, idle time included) and calls per virtual second, the host time
# and calls per host second, the oopses and BUG/WARNING lines (must be 0), the
# leak checks' findings and whether the run passed. A run cut short by
# GFUZZ_BENCH_TIMEOUT (host seconds) reports the calls reached from the
# fuzzer's progress lines ("sysfuzz: N calls, batch B", every 20 batches).
cd "$(dirname "$0")/../.."
CALLS=${GFUZZ_BENCH_CALLS:-2000000}
VMCHECK=${GFUZZ_BENCH_VMCHECK:-20}
for s in ${GFUZZ_BENCH_SEEDS:-1}; do
	log=${GFUZZ_BENCH_LOG:-$(mktemp)}
	t0=$(date +%s.%N)
	timeout "${GFUZZ_BENCH_TIMEOUT:-36000}" build/lucid -display none -serial stdio -no-reboot -m 256 \
		-hardlockup 10 -kernel build/guest/bzImage -initrd build/images/initramfs.cpio \
		-append "console=ttyS0 panic_exit=3 loglevel=5 slub_debug vm_check=$VMCHECK init=/bin/sysfuzz -- -s $s -n $CALLS -c 3 -t 2" \
		>"$log" 2>&1
	st=$?
	t1=$(date +%s.%N)
	clean=$(tr -d '\r' <"$log")
	calls=$(echo "$clean" | sed -n 's/^sysfuzz: \([0-9]*\) calls in .*/\1/p')
	[ -n "$calls" ] || calls=$(echo "$clean" | sed -n 's/^sysfuzz: \([0-9]*\) calls, batch [0-9]*.*/\1/p' | tail -1)
	per=$(echo "$clean" | sed -n 's/^sysfuzz: [0-9]* TSC ticks, \([0-9]*\) per call$/\1/p')
	oops=$(echo "$clean" | grep -cE 'Oops|BUG|WARNING:|Kernel panic|\[#[0-9]+\] PREEMPT|Redzone|Poison|Bad page state|hard lockup')
	leaks=$(echo "$clean" | grep -c '^sysfuzz: LEAK')
	strays=$(echo "$clean" | sed -n 's/^sysfuzz: [0-9]* leak checks looked twice, \([0-9]*\) found a process left over$/\1/p')
	verdict=$(echo "$clean" | grep -E '^sysfuzz: (PASS|FAIL)|Oops|BUG|Kernel panic|^lucid: hard lockup' | head -1)
	[ -n "$verdict" ] || verdict="cut short after ${GFUZZ_BENCH_TIMEOUT:-36000} s (no verdict)"
	awk -v s="$s" -v c="${calls:-0}" -v p="${per:-0}" -v a="$t0" -v b="$t1" -v st="$st" -v v="$verdict" \
	    -v o="$oops" -v l="$leaks" -v r="${strays:-?}" 'BEGIN {
		printf "guest fuzz seed %s: %d calls, %d guest instructions per call (%.0f calls per virtual second at 10^8 instructions/s), %.0f s host (%.0f calls/s), %d oops/BUG/WARNING lines, %d leaks, %s processes left over, exit %d: %s\n",
			s, c, p, (p ? 1e8 / p : 0), b - a, ((b - a) > 0 ? c / (b - a) : 0), o, l, r, st, v }'
	[ -n "$GFUZZ_BENCH_LOG" ] || rm -f "$log"
done
