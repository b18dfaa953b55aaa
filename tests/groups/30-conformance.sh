#!/usr/bin/env bash
# CPU conformance: every 80286 real-mode capture in ../shared/conformance,
# run on -cpu 386 in real mode (tests/conformance/conformance.c). Files that
# pass completely are not listed; the last line is the total. In a git
# worktree, ../shared is looked for beside the main checkout too.
. "$(dirname "$0")/../lib.sh"
dir="$(cd ../shared 2>/dev/null && pwd)/conformance/80286-real"
if [ ! -d "$dir" ] && common=$(git rev-parse --git-common-dir 2>/dev/null); then
	dir="$(cd "$common/../../shared" 2>/dev/null && pwd)/conformance/80286-real"
fi
if [ ! -d "$dir" ]; then
	echo "conformance data not found at ../shared/conformance/80286-real"
	echo "conformance: 0 passed, 1 failed"
	exit 1
fi
build/tests/conformance -x tests/conformance/exclude.txt "$dir" >"$tmp/out" 2>&1
status=$?
grep -vE '^[0-9A-F.]+: [0-9]+ passed, 0 failed$' "$tmp/out"
exit $status
