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
grep -vE '^[0-9A-F.]+: [0-9]+ passed, 0 failed$' "$tmp/out" | grep -v '^conformance: [0-9]* passed'
read -r pass fail <<<"$(sed -nE 's/^conformance: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$tmp/out")"
[ -n "$pass" ] || { pass=0; fail=1; }
[ "$status" = 0 ] || [ "$fail" != 0 ] || fail=1

# The 286 cases Lucid decides otherwise (tests/conformance/quirks286.py
# writes one synthetic test of each): the named rules excuse each exactly
# once, and without those rules all three fail.
q=$tmp/quirks
mkdir -p "$q"
python3 tests/conformance/quirks286.py "$q" "$dir/metadata.json"
build/tests/conformance -x tests/conformance/exclude.txt "$q" >"$tmp/q.out" 2>&1
if grep -q 'pop-rm-fault 1, aam0-flags 1, idiv8-range 1$' "$tmp/q.out" &&
	grep -q '^conformance: 0 passed, 0 failed$' "$tmp/q.out"; then
	ok "286 quirks excused by their named rules"
else
	bad "286 quirks and their rules" "$(tail -2 "$tmp/q.out" | tr '\n' ' ')"
fi
grep -vE '^rule (pop-rm-fault|aam0-flags|idiv8-range) ' tests/conformance/exclude.txt >"$tmp/x.txt"
build/tests/conformance -x "$tmp/x.txt" "$q" >"$tmp/q.out" 2>&1
if grep -q '^conformance: 0 passed, 3 failed$' "$tmp/q.out"; then
	ok "286 quirks fail without their rules"
else
	bad "286 quirks without their rules" "$(tail -1 "$tmp/q.out")"
fi
summary conformance
