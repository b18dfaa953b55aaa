#!/usr/bin/env bash
# CPU system tests (tests/cpu/*.S): each ROM runs on Lucid's CPU
# (build/tests/cpu/cpu_run), on the whole machine (build/lucid -bios) once
# it can start from a ROM, and, when qemu-system-i386 is installed, on
# QEMU; the debugcon output must match tests/cpu/expected/NAME.txt (for
# QEMU: NAME.qemu.txt where QEMU deviates from the manual, see
# tests/cpu/README.md) and the program must exit with status 1 (code 0).
. "$(dirname "$0")/../lib.sh"
out=$tmp/out
qemu=$(command -v qemu-system-i386)
# The whole machine too, once build/lucid can start from a -bios ROM.
machine=
build/lucid -h 2>&1 | grep -q -- '-bios' && machine=build/lucid

for rom in build/tests/cpu/*.rom; do
	[ -e "$rom" ] || { bad "no ROMs built"; break; }
	name=$(basename "$rom" .rom)
	exp=tests/cpu/expected/$name.txt
	timeout 20 build/tests/cpu/cpu_run "$rom" >"$out" 2>/dev/null
	rc=$?
	if [ "$rc" -eq 1 ] && cmp -s "$out" "$exp"; then
		ok "lucid $name"
	else
		bad "lucid $name (status $rc)"
		diff "$exp" "$out" | head -20
	fi
	if [ -n "$machine" ]; then
		rm -f "$out"
		timeout 20 "$machine" -bios "$rom" -display none -no-pace -debugcon file:"$out" \
			>/dev/null 2>&1
		rc=$?
		if [ "$rc" -eq 1 ] && cmp -s "$out" "$exp"; then
			ok "lucid -bios $name"
		else
			bad "lucid -bios $name (status $rc)"
			diff "$exp" "$out" | head -20
		fi
	fi
	if [ -n "$qemu" ]; then
		qexp=tests/cpu/expected/$name.qemu.txt
		[ -e "$qexp" ] || qexp=$exp
		rm -f "$out"
		timeout 20 "$qemu" -M pc -cpu pentium2 -m 16 -bios "$rom" -display none \
			-nodefaults -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			-debugcon file:"$out" >/dev/null 2>&1
		rc=$?
		if [ "$rc" -eq 1 ] && cmp -s "$out" "$qexp"; then
			ok "qemu $name"
		else
			bad "qemu $name (status $rc)"
			diff "$qexp" "$out" | head -20
		fi
	fi
done

# Triple fault with reset disabled: the CPU stops (status 126) after the
# first run's line and reports the three exceptions: INT3 outside the IDT,
# #GP(0x1A); delivering #GP, #GP(13*8+2+EXT); delivering #DF, #GP(8*8+3).
errf=$(mktemp)
timeout 20 build/tests/cpu/cpu_run -no-reboot build/tests/cpu/triple.rom >"$out" 2>"$errf"
rc=$?
err=$(grep '^cpu_run:' "$errf")
rm -f "$errf"
# All three at the INT3 (in the ROM, 0xF0000-0xFFFFF).
want='^cpu_run: triple fault: #GP\(001a\) at 0008:(000f[0-9a-f]{4}), #GP\(006b\) at 0008:\1, #GP\(0043\) at 0008:\1$'
if [ "$rc" -eq 126 ] && cmp -s "$out" <(head -n 1 tests/cpu/expected/triple.txt) &&
   grep -qE "$want" <<<"$err"; then
	ok "lucid triple fault with -no-reboot stops and reports the three exceptions"
else
	bad "lucid triple fault with -no-reboot (status $rc): $err"
fi
# Bad input: a ROM of the wrong size is refused with status 2.
head -c 1000 build/tests/cpu/exc.rom >"$out"
msg=$(build/tests/cpu/cpu_run "$out" 2>&1 >/dev/null)
rc=$?
if [ "$rc" -eq 2 ] && [ "$(wc -l <<<"$msg")" -eq 1 ]; then
	ok "cpu_run refuses a short ROM: $msg"
else
	bad "cpu_run refuses a short ROM (status $rc)"
fi
summary cpu-sys
