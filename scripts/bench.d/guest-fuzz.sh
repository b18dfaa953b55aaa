#!/usr/bin/env bash
# The guest system-call fuzzer (images/initramfs/sysfuzz.c) for a long run:
# GFUZZ_BENCH_CALLS calls (default 2,000,000) per seed, under slub_debug and
# the soft-lockup watchdog. Prints the calls made, the guest instructions per
# call (on Lucid the TSC advances once per retired instruction, idle time
# included), the host time and whether the run passed (no oops, no leak).
cd "$(dirname "$0")/../.."
CALLS=${GFUZZ_BENCH_CALLS:-2000000}
for s in ${GFUZZ_BENCH_SEEDS:-1}; do
	log=$(mktemp)
	t0=$(date +%s.%N)
	timeout "${GFUZZ_BENCH_TIMEOUT:-36000}" build/lucid -display none -serial stdio -no-reboot -m 256 \
		-kernel build/guest/bzImage -initrd build/images/initramfs.cpio \
		-append "console=ttyS0 panic_exit=3 loglevel=5 slub_debug init=/bin/sysfuzz -- -s $s -n $CALLS -c 3 -t 2" \
		>"$log" 2>&1
	st=$?
	t1=$(date +%s.%N)
	calls=$(tr -d '\r' <"$log" | sed -n 's/^sysfuzz: \([0-9]*\) calls in .*/\1/p')
	per=$(tr -d '\r' <"$log" | sed -n 's/^sysfuzz: [0-9]* TSC ticks, \([0-9]*\) per call$/\1/p')
	verdict=$(tr -d '\r' <"$log" | grep -E '^sysfuzz: (PASS|FAIL)|Oops|BUG|Kernel panic' | head -1)
	awk -v s="$s" -v c="${calls:-0}" -v p="${per:-0}" -v a="$t0" -v b="$t1" -v st="$st" -v v="$verdict" 'BEGIN {
		printf "guest fuzz seed %s: %d calls, %d guest instructions per call (%.0f calls per 10^9 instructions), %.0f s host (%.0f calls/s), exit %d: %s\n",
			s, c, p, p ? 1e9 / p : 0, b - a, (b - a) > 0 ? c / (b - a) : 0, st, v }'
	rm -f "$log"
done
