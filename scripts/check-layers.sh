#!/usr/bin/env bash
# make check-layers: every #include "dir/file.h" must go down the layer picture
# of docs/ARCHITECTURE.md, never up or sideways, and private headers stay home.
#
#   emu/lib  <  emu/board  <  emu/cpu, devices  <  emu/machine  <  emu/replay
#            <  debugger   <  emu/ui
#
# Inside debugger/ the folders have an order of their own (docs/DEBUGGER.md,
# "Source layout"): the public headers at its top (dbg.h, dbg_machine.h, the
# only ones emu/ui sees)  <  sym  <  core  <  kview  <  cmd, gdb  <  target.
#
# Usage: scripts/check-layers.sh [ROOT]   (ROOT defaults to the repository)
# Prints one line per offending include and exits 1 if there is any.
# `make test` runs it (group 12-layers), which also proves it can fail.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2

# What each layer may include besides itself.
BELOW_DBG="emu/lib emu/board emu/cpu devices emu/machine emu/replay"
declare -A MAY=(
	[emu/lib]=""
	[emu/board]="emu/lib"
	[emu/cpu]="emu/lib emu/board"
	[devices]="emu/lib emu/board"
	[emu/machine]="emu/lib emu/board emu/cpu devices"
	[emu/replay]="emu/lib emu/board emu/cpu devices emu/machine"
	[debugger]="$BELOW_DBG"
	[debugger/sym]="$BELOW_DBG debugger"
	[debugger/core]="$BELOW_DBG debugger debugger/sym"
	[debugger/kview]="$BELOW_DBG debugger debugger/sym debugger/core"
	[debugger/cmd]="$BELOW_DBG debugger debugger/sym debugger/core debugger/kview"
	[debugger/gdb]="$BELOW_DBG debugger debugger/sym debugger/core debugger/kview"
	[debugger/target]="$BELOW_DBG debugger debugger/sym debugger/core debugger/kview debugger/cmd debugger/gdb"
	[emu/ui]="$BELOW_DBG debugger"
	[guest/bios]="emu/lib"
)
# Headers only files under their folder may include: HEADER:FOLDER.
PRIVATE="emu/cpu/cpu_internal.h:emu/cpu emu/cpu/ops.h:emu/cpu debugger/core/dbg_int.h:debugger"

layer_of() {		# the layer a path belongs to, or nothing
	case $1 in
	emu/lib/*) echo emu/lib ;; emu/board/*) echo emu/board ;;
	emu/cpu/*) echo emu/cpu ;; emu/machine/*) echo emu/machine ;;
	emu/replay/*) echo emu/replay ;; emu/ui/*) echo emu/ui ;;
	devices/*) echo devices ;;
	debugger/*/*) echo "debugger/$(cut -d/ -f2 <<<"$1")" ;;
	debugger/*) echo debugger ;;
	guest/bios/*) echo guest/bios ;;
	esac
}

bad=0
report() {
	echo "check-layers: $1"
	bad=1
}
dirs=()
for d in emu devices debugger guest/bios; do
	[ -d "$d" ] && dirs+=("$d")
done
[ ${#dirs[@]} -gt 0 ] || { echo "check-layers: no sources under $root" >&2; exit 2; }
while IFS= read -r f; do
	from=$(layer_of "$f")
	[ -n "$from" ] || continue
	if [ -z "${MAY[$from]+set}" ]; then
		report "$f: folder $from has no place in the layer order (add it to scripts/check-layers.sh)"
		continue
	fi
	while IFS=: read -r line inc; do
		to=$(layer_of "$inc")
		[ -n "$to" ] || continue
		why=""
		if [ "$to" != "$from" ] && [[ " ${MAY[$from]} " != *" $to "* ]]; then
			why="$from may not include $to"
		fi
		for p in $PRIVATE; do
			if [ "$inc" = "${p%%:*}" ] && [[ "$f" != "${p#*:}/"* ]]; then
				why="$inc is private to ${p#*:}"
			fi
		done
		[ -n "$why" ] || continue
		report "$f:$line: #include \"$inc\": $why"
	done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		 sed -E 's/^([0-9]+):[^"]*"([^"]*)".*/\1:\2/')
done < <(find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) | sort)

if [ $bad -ne 0 ]; then
	echo "check-layers: includes against the layer order (docs/ARCHITECTURE.md)" >&2
	exit 1
fi
echo "check-layers: ok"
