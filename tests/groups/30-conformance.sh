#!/usr/bin/env bash
# CPU conformance: every 80286 real-mode capture in ../shared/conformance,
# run on -cpu 386 in real mode (tests/conformance/conformance.c). Files that
# pass completely are not listed; the last line is the total.
cd "$(dirname "$0")/../.."
# ../shared from the main checkout, ../../shared from a worktree under
# /work/wt, or CONFORMANCE_DIR.
dir=${CONFORMANCE_DIR:-}
for d in ../shared ../../shared; do
	[ -z "$dir" ] && [ -d "$d/conformance/80286-real" ] && dir="$(cd "$d" && pwd)/conformance/80286-real"
done
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
