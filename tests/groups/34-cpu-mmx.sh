#!/usr/bin/env bash
# MMX, FXSAVE/FXRSTOR and the P6 performance counters, the CPU alone: the
# host oracle (tests/unit/mmx_oracle_test.c: every MMX instruction form and
# FXRSTOR/FXSAVE against the host's own, bit for bit) under each CPU tier,
# the translator with every block translated on its first run
# (LUCID_JIT_HOT=1), and the hand-worked cases (tests/unit/mmx_test.c:
# saturation and shift-count edges, tag word and TOP, #UD/#NM/#MF/#GP, the
# models, PerfEvtSel/PerfCtr/RDPMC with the USR/OS split).
. "$(dirname "$0")/../lib.sh"
out=$tmp/out

unit() {	# NAME FILTER [ENV...]
	local name=$1 filter=$2
	shift 2
	env "$@" build/tests/unit --filter "$filter" --verbose >"$out" 2>&1
	local syn p f c
	syn=$(grep 'Synthesis:' "$out" | sed 's/\x1b\[[0-9;]*m//g')
	p=$(sed -nE 's/.*Passing: ([0-9]+).*/\1/p' <<<"$syn")
	f=$(sed -nE 's/.*Failing: ([0-9]+).*/\1/p' <<<"$syn")
	c=$(sed -nE 's/.*Crashing: ([0-9]+).*/\1/p' <<<"$syn")
	if [ -n "$p" ] && [ "$p" -gt 0 ] && [ "$f" -eq 0 ] && [ "$c" -eq 0 ]; then
		ok "$name ($p tests$(grep -o 'mmx_oracle: .*' "$out" | head -1 | sed 's/^/; /'))"
	else
		bad "$name" "$(grep -E 'ERR|FAIL' "$out" | head -5 | tr '\n' ' ')"
	fi
}

unit "oracle, interpreter" 'mmx_oracle/*' LUCID_ACCEL=interp
if [ "$(uname -m)" = x86_64 ]; then	# the translator's hosts
	unit "oracle, translator (every block translated)" 'mmx_oracle/*' LUCID_ACCEL=jit LUCID_JIT_HOT=1
fi
unit "hand-worked cases" 'mmx/*'
unit "the CPUID and model checks of cpu_core" 'cpu_core/instructions_follow_the_model'
summary cpu-mmx
