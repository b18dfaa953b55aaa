#!/usr/bin/env bash
# Makes the format-compatibility fixtures of this folder with a given lucid
# binary (they were made once, by the Lucid before state sections registered
# themselves, and are committed; tests/groups/73-compat.sh replays them).
# Usage: tests/compat/mkfixtures.sh LUCID ROM OUTDIR
#   ROM is compat.S assembled (the committed compat.rom.gz, unpacked).
set -eu
L=$1 ROM=$2 out=$3
mkdir -p "$out"
args=(-bios "$ROM" -display none -serial stdio -debugcon none -rr-interval 2000000)

# A run with COM1 input from an input script: serial events in the log.
printf 'at 40000000 serial hello compat\\n\nat 200000000 serial bye\\n\n' >"$out/typed.in"
"$L" "${args[@]}" -input-script "$out/typed.in" -record "$out/typed.rec" \
	</dev/null >"$out/typed.out" 2>/dev/null || echo "typed: status $?" >>"$out/typed.out"

# A run under the debugger that writes a register and memory: debugger
# write events (INPUT_DEBUG_WRITE, memory and register) in the log.
printf '%s\n' "continue 100000000" 'set $ebx = 3' "set var *(int *)0x504 = 0x10000" \
	"continue" "quit" >"$out/pokes.gdb"
"$L" "${args[@]}" -debug-script "$out/pokes.gdb" -record "$out/pokes.rec" \
	</dev/null 2>/dev/null | grep '^compat:' >"$out/pokes.out" || true

# A snapshot in the middle of the run (timers armed, a byte typed, A20
# flipped, RAM pages written), and what a run from it prints.
printf '%s\n' "continue 150000000" 'set $ebx = 5' "savevm $out/mid.vm" "quit" >"$out/save.gdb"
"$L" "${args[@]}" -input-script "$out/typed.in" -debug-script "$out/save.gdb" \
	</dev/null >/dev/null 2>&1 || true
"$L" "${args[@]}" -loadvm "$out/mid.vm" </dev/null >"$out/mid.out" 2>/dev/null ||
	echo "status $?" >>"$out/mid.out"
rm -f "$out/save.gdb"
