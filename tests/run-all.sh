#!/usr/bin/env bash
# Runs every test group in tests/groups/ (in name order) and tallies them.
# A group is a script that prints what it likes and ends with one line
#   NAME: N passed, N failed
# Its exit status is ignored for counting, but a group that prints no such line
# counts as one failure, so a runner that dies early cannot look green.
set -u
cd "$(dirname "$0")/.."
total_pass=0
total_fail=0
for g in tests/groups/*.sh; do
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
