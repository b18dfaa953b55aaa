#!/usr/bin/env bash
# REP strings on the whole machine (tests/rep/rep.S): icount per iteration
# seen through RDTSC, a PIT interrupt taken in the middle of a 1 MiB string
# and the string completed after IRET, TF traps per iteration. Runs the ROM
# on build/lucid at two instruction rates (the interrupt lands elsewhere,
# the output must not change) and, when installed, on qemu-system-i386
# -icount shift=0, whose known differences are in expected/rep.qemu.txt
# (explained in rep.S). Ends with "rep: N passed, N failed".
. "$(dirname "$0")/../lib.sh"
out=$tmp/out
rom=build/tests/rep/rep.rom
exp=tests/rep/expected/rep.txt
if [ ! -f "$rom" ]; then
	bad "$rom not built"
else
	for ips in 100000000 1000000000; do
		rm -f "$out"
		timeout 20 build/lucid -bios "$rom" -display none -no-pace -m 16 -ips $ips \
			-debugcon file:"$out" >/dev/null 2>&1
		rc=$?
		if [ "$rc" -eq 1 ] && cmp -s "$out" "$exp"; then
			ok "lucid -ips $ips"
		else
			bad "lucid -ips $ips (status $rc)"
			diff "$exp" "$out" | head -20
		fi
	done
	# The debugger: a breakpoint on the 1 MiB rep movsb stops before it;
	# stepi does one iteration (EIP stays, ECX counts down); continuing,
	# the string's own stops between iterations do not hit the breakpoint
	# again, but the re-execution after the PIT interrupt's IRET does (the
	# handler has counted one interrupt by then); then it runs to the end.
	at=$(nm build/tests/rep/rep.elf 2>/dev/null | awk '$3 == "at_movsb" { print $1 }')
	cmd=$(mktemp)
	printf 'break *0x%s\nc\ninfo registers ecx\nsi\nsi\nsi\ninfo registers ecx\nc\nx/1wx 0x%x\ndelete\nc\n' \
		"$at" $((0x508 + 4)) >"$cmd"
	timeout 60 build/lucid -display none -serial none -debugcon none -bios "$rom" -m 16 \
		-x "$cmd" >"$out" 2>/dev/null
	rm -f "$cmd"
	stops=$(grep -c "^0x$at:"$'\t'"rep movsb" "$out")
	if [ -n "$at" ] && [ "$stops" = 5 ] &&
		grep -qE '^ecx +0x100000 ' "$out" && grep -qE '^ecx +0xffffd ' "$out" &&
		grep -qF "$(printf '0x0000050c:\t0x00000001')" "$out" &&
		grep -qF 'The guest exited: isa-debug-exit, status 1' "$out"; then
		ok "debugger: breakpoint, stepi per iteration, one stop per execution"
	else
		bad "debugger: breakpoint and stepi on rep movsb ($stops stops at '$at')"
		head -40 "$out"
	fi

	# A watchpoint on a byte the string writes (the 0x101st) stops right
	# after that iteration, with the breakpoint on the string still set
	# (the debugger then steps one iteration at a time and must not stop
	# at the breakpoint between them).
	cmd=$(mktemp)
	printf 'break *0x%s\nc\nwatch *(int *)0x200100\nc\ninfo registers ecx\n' "$at" >"$cmd"
	timeout 60 build/lucid -display none -serial none -debugcon none -bios "$rom" -m 16 \
		-x "$cmd" >"$out" 2>/dev/null
	rm -f "$cmd"
	if [ "$(grep -c '^Breakpoint 1, ' "$out")" = 1 ] && grep -qF 'New value = 4' "$out" &&
		grep -qE '^ecx +0xffeff ' "$out"; then
		ok "debugger: watchpoint inside the string stops at its iteration"
	else
		bad "debugger: watchpoint inside rep movsb"
		head -40 "$out"
	fi

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
			bad "qemu -icount shift=0 (status $rc)"
			diff tests/rep/expected/rep.qemu.txt "$out" | head -20
		fi
	fi
fi
summary rep
