#!/usr/bin/env bash
# Paging cost on the CPU fast path: the same loop (loads, stores,
# calls, pushes over 64 KiB) with paging off and on (4 KiB pages), on a bare
# Lucid CPU (build/tests/cpu/cpu_run). CPU time (user + system, less
# disturbed by other jobs than wall time), best of 3 runs each; the target
# is paging on within 10% of paging off.
cd "$(dirname "$0")/../.."
best() {
	local b=
	for k in 1 2 3; do
		local ms
		/usr/bin/time -o "$2.t" -f '%U %S' build/tests/cpu/cpu_run -limit 4000000000 \
			-stats "$1" >/dev/null 2>"$2"
		ms=$(tail -n 1 "$2.t" | awk '{ printf "%d", ($1 + $2) * 1000 }')
		rm -f "$2.t"
		[ -z "$b" ] || [ "$ms" -lt "$b" ] && b=$ms
	done
	echo "$b"
}
s1=$(mktemp)
s2=$(mktemp)
off=$(best build/tests/cpu/bench/loop.rom "$s1")
on=$(best build/tests/cpu/bench/loop-pg.rom "$s2")
n=$(sed -nE 's/^icount ([0-9]+).*/\1/p' "$s1")
echo "cpu-sys: paging off: $off ms for $n instructions ($(( n / (off * 1000) )) MIPS)"
echo "cpu-sys: paging on:  $on ms ($(( n / (on * 1000) )) MIPS); $(sed -nE 's/^icount [0-9]+ (.*)/\1/p' "$s2")"
echo "cpu-sys: paging on/off: $(( on * 100 / off ))% (target <= 110%)"
rm -f "$s1" "$s2"
