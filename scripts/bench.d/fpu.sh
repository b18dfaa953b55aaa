#!/usr/bin/env bash
# x87 throughput: three loops (tests/cpu/bench/fpu.S: FMUL+FADD, FSQRT+FADD,
# FSIN+FADD) and the integer loop (tests/cpu/bench/loop.rom) for
# comparison, on a bare Lucid CPU (build/tests/cpu/cpu_run, CPU time) and on
# qemu-system-i386 -accel tcg -icount shift=0 with the same ROMs (CPU time
# less QEMU's start-up, measured with tests/cpu/exc.rom). MIPS = guest
# instructions (Lucid's exact count, the same program on both) / seconds.
# Also the host-x87 oracle at FPU_BENCH_ORACLE_N cases an instruction (the
# long run; make test runs 4000). Prints figures only, never fails on speed.
cd "$(dirname "$0")/../.."
run=build/tests/cpu/cpu_run
B=build/tests/cpu/bench
if [ ! -x "$run" ] || [ ! -f $B/fpu-sin.rom ]; then
	echo "fpu: $run or the FPU bench ROMs not built"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
qemu=$(command -v qemu-system-i386)
cpu_s() { tail -n 1 "$1" | awk '{ print $1 + $2 }'; }
qtime() {
	/usr/bin/time -f '%U %S' -o "$tmp/qt" "$qemu" -M pc -cpu pentium2 -m 16 -accel tcg \
		-icount shift=0 -bios "$1" -display none -nodefaults \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 >/dev/null 2>&1
	cpu_s "$tmp/qt"
}
q0=
[ -n "$qemu" ] && q0=$(qtime build/tests/cpu/exc.rom)
for k in loop fpu-arith fpu-sqrt fpu-sin; do
	rom=$B/$k.rom
	/usr/bin/time -f '%U %S' -o "$tmp/t" $run -limit 4000000000 -stats "$rom" >/dev/null \
		2>"$tmp/err"
	n=$(sed -nE 's/^icount ([0-9]+).*/\1/p' "$tmp/err")
	s=$(cpu_s "$tmp/t")
	line="fpu: $k: $n instructions, lucid $(awk "BEGIN { printf \"%.1f\", $n / $s / 1e6 }") MIPS"
	if [ -n "$qemu" ]; then
		qs=$(qtime "$rom")
		line="$line, qemu -icount $(awk "BEGIN { d = $qs - $q0; printf \"%.1f\", (d > 0 ? $n / d / 1e6 : 0) }") MIPS"
	fi
	echo "$line (cpu time)"
done
[ -n "$qemu" ] || echo "fpu: qemu-system-i386 not found: no comparison"
n=${FPU_BENCH_ORACLE_N:-100000}
start=$(date +%s)
FPU_ORACLE_N=$n build/tests/unit --filter 'fpu_oracle/*' --verbose >"$tmp/o" 2>&1
echo "fpu: oracle at $n cases an instruction: $(grep -c PASS "$tmp/o") of 2 tests pass in $(( $(date +%s) - start )) s"
grep ' identical, ' "$tmp/o" | sed 's/^\[----\] /fpu:   /'
