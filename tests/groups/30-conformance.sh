#!/usr/bin/env bash
# CPU conformance: every 80286 real-mode capture in ../shared/conformance,
# run on -cpu 386 in real mode (tests/conformance/conformance.c). Files that
# pass completely are not listed; the last line is the total.
. "$(dirname "$0")/../lib.sh"
dir="$(cd ../shared 2>/dev/null && pwd)/conformance/80286-real"
if [ ! -d "$dir" ]; then
	echo "conformance data not found at ../shared/conformance/80286-real"
	echo "conformance: 0 passed, 1 failed"
	exit 1
fi
out=$(mktemp)
build/tests/conformance -x tests/conformance/exclude.txt "$dir" >"$out" 2>&1
status=$?
grep -vE '^[0-9A-F.]+: [0-9]+ passed, 0 failed$' "$out"
rm -f "$out"
exit $status
