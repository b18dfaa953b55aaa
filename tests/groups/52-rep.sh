#!/usr/bin/env bash
# REP strings on the whole machine (tests/rep/rep.S): icount per iteration
# seen through RDTSC, a PIT interrupt taken in the middle of a 1 MiB string
# and the string completed after IRET, TF traps per iteration. Runs the ROM
# on build/lucid at two instruction rates (the interrupt lands elsewhere,
# the output must not change) and, when installed, on qemu-system-i386
# -icount shift=0, whose known differences are in expected/rep.qemu.txt
# (explained in rep.S). Ends with "rep: N passed, N failed".
cd "$(dirname "$0")/../.."
pass=0
fail=0
ok() { echo "  PASS $1"; pass=$((pass + 1)); }
ko() { echo "  FAIL $1"; fail=$((fail + 1)); }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rom=build/tests/rep/rep.rom
exp=tests/rep/expected/rep.txt
if [ ! -f "$rom" ]; then
	ko "$rom not built"
else
	for ips in 100000000 1000000000; do
		rm -f "$out"
		timeout 20 build/lucid -bios "$rom" -display none -no-pace -m 16 -ips $ips \
			-debugcon file:"$out" >/dev/null 2>&1
		rc=$?
		if [ "$rc" -eq 1 ] && cmp -s "$out" "$exp"; then
			ok "lucid -ips $ips"
		else
			ko "lucid -ips $ips (status $rc)"
			diff "$exp" "$out" | head -20
		fi
	done
	qemu=$(command -v qemu-system-i386)
	if [ -n "$qemu" ]; then
		rm -f "$out"
		timeout 30 "$qemu" -M pc -cpu pentium2 -m 16 -accel tcg -icount shift=0 \
			-bios "$rom" -display none -nodefaults \
			-device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon file:"$out" \
			>/dev/null 2>&1
		rc=$?
		if [ "$rc" -eq 1 ] && cmp -s "$out" tests/rep/expected/rep.qemu.txt; then
			ok "qemu -icount shift=0"
		else
			ko "qemu -icount shift=0 (status $rc)"
			diff tests/rep/expected/rep.qemu.txt "$out" | head -20
		fi
	fi
fi
echo "rep: $pass passed, $fail failed"
