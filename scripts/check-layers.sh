#!/usr/bin/env bash
# make check-layers: every #include "dir/file.h" must go down the layer picture
# of docs/ARCHITECTURE.md, never up or sideways, and private headers stay home.
#
#   emu/lib  <  emu/board  <  emu/cpu, devices  <  emu/machine  <  emu/replay
#            <  debugger   <  emu/ui
#
# Usage: scripts/check-layers.sh [ROOT]   (ROOT defaults to the repository)
# Prints one line per offending include and exits 1 if there is any.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2

# What each layer may include besides itself.
declare -A MAY=(
	[emu/lib]=""
	[emu/board]="emu/lib"
	[emu/cpu]="emu/lib emu/board"
	[devices]="emu/lib emu/board"
	[emu/machine]="emu/lib emu/board emu/cpu devices"
	[emu/replay]="emu/lib emu/board emu/cpu devices emu/machine"
	[debugger]="emu/lib emu/board emu/cpu devices emu/machine emu/replay"
	[emu/ui]="emu/lib emu/board emu/cpu devices emu/machine emu/replay debugger"
	[guest/bios]="emu/lib"
)
# Headers only their own folder may include.
PRIVATE="emu/cpu/cpu_internal.h emu/cpu/ops.h debugger/dbg_int.h"

layer_of() {		# the layer a path belongs to, or nothing
	case $1 in
	emu/lib/*) echo emu/lib ;; emu/board/*) echo emu/board ;;
	emu/cpu/*) echo emu/cpu ;; emu/machine/*) echo emu/machine ;;
	emu/replay/*) echo emu/replay ;; emu/ui/*) echo emu/ui ;;
	devices/*) echo devices ;; debugger/*) echo debugger ;;
	guest/bios/*) echo guest/bios ;;
	esac
}

bad=0
while IFS= read -r f; do
	from=$(layer_of "$f")
	[ -n "$from" ] || continue
	while IFS=: read -r line inc; do
		to=$(layer_of "$inc")
		[ -n "$to" ] || continue
		why=""
		if [ "$to" != "$from" ] && [[ " ${MAY[$from]} " != *" $to "* ]]; then
			why="$from may not include $to"
		fi
		for p in $PRIVATE; do
			if [ "$inc" = "$p" ] && [ "$to" != "$from" ]; then
				why="$p is private to $to"
			fi
		done
		if [ -n "$why" ]; then
			echo "check-layers: $f:$line: #include \"$inc\": $why"
			bad=1
		fi
	done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		 sed -E 's/^([0-9]+):[^"]*"([^"]*)".*/\1:\2/')
done < <(find emu devices debugger guest/bios -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) | sort)

if [ $bad -ne 0 ]; then
	echo "check-layers: includes against the layer order (docs/ARCHITECTURE.md)" >&2
	exit 1
fi
echo "check-layers: ok"
