#!/usr/bin/env bash
# Called before compiling: name a missing tool or library in one line.
for t in gcc ld ar pkg-config; do
	command -v "$t" >/dev/null || { echo "build: '$t' not found; run 'make deps'" >&2; exit 1; }
done
for p in sdl2 libelf libdw zlib capstone libpng libcrypto; do
	pkg-config --exists "$p" || { echo "build: library '$p' not found by pkg-config; run 'make deps'" >&2; exit 1; }
done
