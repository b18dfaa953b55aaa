#!/usr/bin/env bash
# List C functions longer than N lines (default 150), the limit STYLE.md sets
# for emu/ and debugger/ unless a comment says why.
# Usage: scripts/long-functions.sh [-n N] [DIR...]   (default: emu debugger)
# A function is taken to start at a line beginning with a name and "(" whose
# body opens with "{" in column 0, and to end at the next "}" in column 0
# (the kernel style this tree uses).
set -u
n=150
if [ "${1:-}" = -n ]; then
	n=$2
	shift 2
fi
cd "$(dirname "$0")/.." || exit 2
[ $# -gt 0 ] || set -- emu debugger
find "$@" -name '*.c' -print0 | sort -z | xargs -0 awk -v N="$n" '
	FNR == 1 { start = 0 }
	/^[A-Za-z_].*\(/ && !/;[ \t]*$/ { cand = $0; candline = FNR }
	/^\{/ { start = candline; name = cand }
	/^\}/ && start {
		len = FNR - start + 1
		if (len > N)
			printf "%s:%d: %d lines: %s\n", FILENAME, start, len, name
		start = 0
	}'
