#!/usr/bin/env bash
# The cost of breakpoints: the CPU benchmark loop (tests/cpu/bench/
# loop.rom as the BIOS) run to its end under the debugger with no breakpoint
# and with ten set at addresses it never reaches. Best of 3 runs each, user
# CPU time (the host is shared); the target is within 5%.
cd "$(dirname "$0")/../.."
L=build/lucid
ROM=build/tests/cpu/bench/loop.rom
if ! "$L" -h 2>/dev/null | grep -q -- '-debug-script' || [ ! -e "$ROM" ]; then
	echo "debugger: needs build/lucid with -debug-script and $ROM"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'c\n' >"$tmp/none.cmd"
{
	for a in 0x500 0x510 0x520 0x530 0x540 0x550 0x560 0x570 0x580 0x590; do
		echo "break *$a"
	done
	echo c
} >"$tmp/ten.cmd"
best() {
	local b=
	for _ in 1 2 3; do
		local t
		t=$( { TIMEFORMAT=%U; time "$L" -display none -serial none -debugcon none \
			-bios "$ROM" -x "$1" >/dev/null 2>&1; } 2>&1 )
		t=$(awk -v t="$t" 'BEGIN { printf "%d", t * 1000 }')
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
none=$(best "$tmp/none.cmd")
ten=$(best "$tmp/ten.cmd")
echo "debugger: loop.rom to its end: no breakpoints $none ms, ten breakpoints $ten ms (user CPU)"
[ "$none" -gt 0 ] && echo "debugger: ten breakpoints / none: $(( ten * 100 / none ))% (target <= 105%)"
