#!/usr/bin/env bash
# The x87 FPU: the host-x87 oracle (tests/unit/fpu_oracle_test.c, every
# instruction bit for bit, the transcendentals within one ulp; FPU_ORACLE_N
# cases each, 4000 by default: about 200,000 in all), the unit tests around
# it (tests/unit/fpu_test.c), and tests/machine/fpu.S on the whole machine
# (detection, FSAVE/FRSTOR in real mode, #NM, #MF, IRQ13) with and without
# a coprocessor, and on QEMU when it is installed.
cd "$(dirname "$0")/../.."
pass=0
fail=0
ok() { echo "  PASS $1"; pass=$((pass + 1)); }
ko() { echo "  FAIL $1"; fail=$((fail + 1)); }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for t in 'fpu_oracle/every_instruction_matches_the_host_x87' \
	 'fpu_oracle/fnstenv_tag_word_matches_the_host' \
	 'fpu_oracle/transcendentals_within_one_ulp' 'fpu/*'; do
	build/tests/unit --filter "$t" --verbose >"$out" 2>&1
	syn=$(grep 'Synthesis:' "$out" | sed 's/\x1b\[[0-9;]*m//g')
	p=$(sed -nE 's/.*Passing: ([0-9]+).*/\1/p' <<<"$syn")
	f=$(sed -nE 's/.*Failing: ([0-9]+).*/\1/p' <<<"$syn")
	c=$(sed -nE 's/.*Crashing: ([0-9]+).*/\1/p' <<<"$syn")
	if [ -n "$p" ] && [ "$p" -gt 0 ] && [ "$f" -eq 0 ] && [ "$c" -eq 0 ]; then
		ok "unit $t ($p tests)"
		grep -E 'identical' "$out" | sed 's/^\[----\] /    /'
	else
		ko "unit $t"
		grep -E 'ERR|FAIL' "$out" | head -20
	fi
done

rom=build/tests/machine/fpu.rom
expected='fpu: present
037F 0000 FFFF 077F 3004 0FFF 4000 C90F C234 fsave16
037F 0000 FFFF 077F 3004 0FFF 4000 C90F C234 fsave32
0003 nm
0000 0001 0000 mf at fwait
0001 0000 irq13'
for cpu in p6 486 pentium; do
	timeout 20 build/lucid -bios $rom -cpu $cpu -display none -serial none -debugcon stdio \
		>"$out" 2>/dev/null
	rc=$?
	if [ "$rc" -eq 85 ] && [ "$(cat "$out")" = "$expected" ]; then
		ok "lucid -cpu $cpu fpu.rom"
	else
		ko "lucid -cpu $cpu fpu.rom (status $rc)"
		diff <(echo "$expected") "$out" | head
	fi
done
# A 386 without its 387: detection finds nothing.
timeout 20 build/lucid -bios $rom -cpu 386,fpu=off -display none -serial none -debugcon stdio \
	>"$out" 2>/dev/null
rc=$?
if [ "$rc" -eq 67 ] && [ "$(cat "$out")" = "fpu: none" ]; then
	ok "lucid -cpu 386,fpu=off: no FPU detected"
else
	ko "lucid -cpu 386,fpu=off (status $rc): $(head -c 100 "$out")"
fi
# fpu=off is for the 386 only: a one-line error.
msg=$(build/lucid -cpu 486,fpu=off -display none 2>&1 >/dev/null)
rc=$?
if [ "$rc" -eq 2 ] && [ "$(wc -l <<<"$msg")" -eq 1 ]; then
	ok "-cpu 486,fpu=off refused: $msg"
else
	ko "-cpu 486,fpu=off (status $rc): $msg"
fi

# The debugger at the first FSAVE: ST(0) pi rounded down, ST(1) 1, ZE.
off=$(LC_ALL=C grep -obUaP '\x26\xdd\x36\x00\x06' $rom | head -1 | cut -d: -f1)
at=$(printf '0x%x' $((0xf0000 + off)))
printf 'break *%s\ncontinue\ninfo float\np $st0\np $st1\ninfo registers ftag\n' "$at" >"$out.cmds"
timeout 20 build/lucid -bios $rom -display none -serial none -debugcon none \
	-debug-script "$out.cmds" >"$out" 2>&1
want=('=>R6: Valid   0x4000c90fdaa22168c234 +3.141592653589793238'
      '  R7: Valid   0x3fff8000000000000000 +1'
      'Status Word:         0x3004         ZE' 'RC: Round down' 'Tag Word:            0x0fff'
      'Opcode:              0xddd8' '$1 = 3.1415926535897932383' '$2 = 1' 'ftag           0xfff')
missing=
for w in "${want[@]}"; do grep -qF -- "$w" "$out" || missing="$missing [$w]"; done
if [ -z "$missing" ]; then ok "debugger info float, p \$st0"; else ko "debugger: missing$missing"; fi
# Real gdb through the stub (its own info float reads st0-7 and the control registers).
if command -v gdb >/dev/null; then
	port=$((20000 + RANDOM % 20000))
	timeout 30 build/lucid -bios $rom -display none -serial none -debugcon none \
		-gdb tcp::$port -S >/dev/null 2>&1 &
	lpid=$!
	sleep 0.5
	timeout 20 gdb -nx -batch -ex 'set architecture i386' -ex "target remote :$port" \
		-ex "break *$at" -ex continue -ex 'info float' -ex 'p $st0' -ex kill >"$out" 2>&1
	kill $lpid 2>/dev/null
	wait $lpid 2>/dev/null
	missing=
	for w in "${want[@]:0:6}" '= 3.1415926535897932383'; do
		grep -qF -- "$w" "$out" || missing="$missing [$w]"
	done
	if [ -z "$missing" ]; then ok "gdb info float through the stub"; else ko "gdb stub: missing$missing"; fi
fi
rm -f "$out.cmds"

# Unicorn with x87 instructions mixed into the random streams (difftest -f;
# what Unicorn 2.0.1 does not model is named in difftest.c and
# tests/difftest/unicorn-known.txt).
if [ -x build/tests/difftest ]; then
	build/tests/difftest -s 1 -n 100000 -f -k tests/difftest/unicorn-known.txt >"$out" 2>&1
	rc=$?
	last=$(tail -n 1 "$out")
	if [ "$rc" -eq 0 ] && grep -q ' 0 failed$' <<<"$last"; then
		ok "difftest -f against Unicorn: $last"
	else
		ko "difftest -f against Unicorn (status $rc): $last"
		grep MISMATCH "$out" | head -10
	fi
fi

# QEMU (7.2): its FRSTOR leaves the instruction pointer out (the second
# FSAVE differs at FIP: offset 6 and 12), and raising FERR# for IRQ13
# aborts QEMU (tcg_handle_interrupt: qemu_mutex_iothread_locked), so its
# run is compared up to the #MF line.
qemu=$(command -v qemu-system-i386)
if [ -n "$qemu" ]; then
	qexp=$(sed -e '2s/FFFF/0006/' -e '3s/FFFF/000C/' -e '6d' <<<"$expected")
	( timeout 20 "$qemu" -M pc -cpu 486 -m 16 -bios $rom -display none -nodefaults \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon file:"$out" \
		>/dev/null 2>&1; : ) 2>/dev/null
	if [ "$(head -n 5 "$out")" = "$qexp" ]; then
		ok "qemu fpu.rom up to #MF"
	else
		ko "qemu fpu.rom"
		diff <(echo "$qexp") <(head -n 5 "$out") | head
	fi
fi
echo "fpu: $pass passed, $fail failed"
