#!/usr/bin/env bash
# String speed: REP MOVS/STOS over RAM on the CPU alone (tests/bench/repbench.c),
# run in cpu_run slices of 100,000 instructions as the machine loop would
# between device deadlines, then in slices of 10,000. Host MB/s of guest data
# moved; icount is one per element. Prints figures only, never fails on speed.
cd "$(dirname "$0")/../.."
bin=build/tests/repbench
if [ ! -x "$bin" ]; then
	echo "rep: $bin not built"
	exit 0
fi
echo "rep: slices of 100000 instructions"
"$bin" 100000
echo "rep: slices of 10000 instructions"
"$bin" 10000
