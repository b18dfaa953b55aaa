#!/usr/bin/env bash
# make bench: runs every benchmark script in bench/ (name order) and prints figures.
cd "$(dirname "$0")/.."
for b in scripts/bench.d/*.sh; do
	[ -e "$b" ] || { echo "bench: no benchmarks yet"; exit 0; }
	echo "=== $(basename "$b" .sh)"
	bash "$b"
done
