#!/usr/bin/env bash
# The fuzz harnesses of tests/fuzz/ in make test, deterministically: each
# harness, built without AFL but with ASan and UBSan (build-asan/fuzz/,
# `make fuzz-replay-build`), replays its seed corpus (tests/fuzz/seeds.sh:
# committed seeds and ones made from build outputs) and then every
# reproducer a fuzzing campaign ever found (tests/fuzz/crashes/NAME/, one
# check each). Any sanitizer report, signal, non-zero exit or a run over
# 60 s fails. The timed AFL++ campaign itself is `make fuzz`, not a test.
. "$(dirname "$0")/../lib.sh"
FB=build-asan/fuzz
export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=0:max_allocation_size_mb=2048
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
NAMES="rrlog snapshot gdb dbgcmd inscript bootproto disk elf cpu wav"

# replay CHECK NAME FILE...: one check, the harness run over the files.
replay() {
	local check=$1 name=$2
	shift 2
	timeout 60 "$FB/fz_$name" "$@" </dev/null >"$tmp/out" 2>&1
	local st=$?
	if [ "$st" -eq 0 ] && ! grep -q 'runtime error\|Sanitizer' "$tmp/out"; then
		ok "$check"
	else
		bad "$check" "status $st: $(grep -m1 'runtime error\|ERROR: \|SUMMARY' "$tmp/out")"
	fi
}

for name in $NAMES; do
	if [ ! -x "$FB/fz_$name" ]; then
		bad "$name-built" "$FB/fz_$name is missing (make fuzz-replay-build)"
		continue
	fi
	tests/fuzz/seeds.sh "$FB" "$tmp/seeds" "$name" >/dev/null 2>&1 ||
		bad "$name-seeds" "tests/fuzz/seeds.sh failed"
	set -- "$tmp/seeds/$name"/*
	if [ "$#" -lt 2 ] && [ "$name" != inscript ]; then
		bad "$name-seeds" "only $# seed(s)"
	fi
	replay "$name-corpus ($# seeds)" "$name" "$@"
	for f in tests/fuzz/crashes/"$name"/*; do
		[ -f "$f" ] && replay "$name-regress $(basename "$f")" "$name" "$f"
	done
done
summary fuzz
