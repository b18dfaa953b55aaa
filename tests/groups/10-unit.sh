#!/usr/bin/env bash
# Criterion unit tests (tests/unit/*.c), one binary linked with liblucid.a.
# UNIT_FILTER (a Criterion --filter pattern) runs some suites only.
. "$(dirname "$0")/../lib.sh"
out=$(mktemp)
build/tests/unit --jobs 2 ${UNIT_FILTER:+--filter "$UNIT_FILTER"} 2>&1 | tee "$out"
# Criterion's closing line: [====] Synthesis: Tested: N | Passing: N | Failing: N | Crashing: N
syn=$(grep 'Synthesis:' "$out" | sed 's/\x1b\[[0-9;]*m//g')
rm -f "$out"
pass=$(sed -nE 's/.*Passing: ([0-9]+).*/\1/p' <<<"$syn")
fail=$(sed -nE 's/.*Failing: ([0-9]+).*/\1/p' <<<"$syn")
crash=$(sed -nE 's/.*Crashing: ([0-9]+).*/\1/p' <<<"$syn")
[ -n "$pass" ] || { echo "unit: 0 passed, 1 failed"; exit 1; }
echo "unit: $pass passed, $((fail + crash)) failed"
