#!/usr/bin/env bash
# make test-asan: runs the differential tester (streams and raw bytes) and the
# conformance runner from the sanitizer build ($B, default build-asan). Ends
# "asan: N passed, N failed" where each run is one check.
cd "$(dirname "$0")/../.."
B=${B:-build-asan}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0
fail=0
log=$(mktemp)

echo "--- difftest (ASan+UBSan), seed ${SEED:-1}, ${ASAN_N:-100000} instructions"
if "$B/tests/difftest" -s "${SEED:-1}" -n "${ASAN_N:-100000}" \
	-k tests/difftest/unicorn-known.txt >"$log" 2>&1 && ! grep -q 'runtime error\|Sanitizer' "$log"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
fi
grep -v '^lucid: warning' "$log" | tail -n 20

echo "--- difftest -f, x87 mixed in (ASan+UBSan), seed ${SEED:-1}, ${ASAN_N:-100000} instructions"
if "$B/tests/difftest" -f -s "${SEED:-1}" -n "${ASAN_N:-100000}" \
	-k tests/difftest/unicorn-known.txt >"$log" 2>&1 && ! grep -q 'runtime error\|Sanitizer' "$log"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
fi
grep -v '^lucid: warning' "$log" | tail -n 5

echo "--- rawfuzz (ASan+UBSan), seed ${SEED:-1}, ${ASAN_N:-100000} instructions"
if "$B/tests/difftest" -r -s "${SEED:-1}" -n "${ASAN_N:-100000}" >"$log" 2>&1 &&
	! grep -q 'runtime error\|Sanitizer' "$log"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
fi
grep -v '^lucid: warning' "$log" | tail -n 20

dir="$(cd ../shared 2>/dev/null && pwd)/conformance/80286-real"
echo "--- conformance (ASan+UBSan)"
if [ -d "$dir" ] && "$B/tests/conformance" -x tests/conformance/exclude.txt "$dir" >"$log" 2>&1 &&
	! grep -q 'runtime error\|Sanitizer' "$log"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
fi
grep -E 'runtime error|Sanitizer|SUMMARY|^conformance|total' "$log" | tail -n 20
rm -f "$log"
echo "asan: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
