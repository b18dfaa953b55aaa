#!/usr/bin/env bash
# Runs every test group in tests/groups/ (in name order) and tallies them.
# A group is a script that sources tests/lib.sh, prints what it likes and ends
# with one line
#   NAME: N passed, N failed
# Its exit status is ignored for counting, but a group that prints no such line
# counts as one failure, so a runner that dies early cannot look green.
#
# Usage: tests/run-all.sh [NN...]   only the groups numbered NN (make test-cpu)
set -u
cd "$(dirname "$0")/.."
total_pass=0
total_fail=0
groups=()
if [ $# -eq 0 ]; then
	groups=(tests/groups/*.sh)
else
	for n in "$@"; do
		for g in tests/groups/"$n"-*.sh; do
			[ -e "$g" ] && groups+=("$g")
		done
	done
fi
for g in "${groups[@]}"; do
	[ -e "$g" ] || continue
	name=$(basename "$g" .sh)
	echo "=== $name"
	out=$(mktemp)
	bash "$g" 2>&1 | tee "$out"
	line=$(grep -E '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	rm -f "$out"
	if [ -z "$line" ]; then
		echo "$name: no summary line (runner died?)"
		total_fail=$((total_fail + 1))
		continue
	fi
	p=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"$line")
	f=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
done
echo
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
