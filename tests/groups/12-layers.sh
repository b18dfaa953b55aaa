#!/usr/bin/env bash
# make check-layers as part of make test: the tree's includes follow the layer
# order (scripts/check-layers.sh, docs/ARCHITECTURE.md), and the check fails,
# with a line naming the file, the include and the rule, on trees built in
# $tmp with one wrong include each: the processor including the debugger, a
# kernel view including the gdb stub, the frontend reaching past the
# debugger's public headers, a device including the processor's private
# header, an unknown debugger folder, and the whole tree plus one bad file.
. "$(dirname "$0")/../lib.sh"
CL=$PWD/scripts/check-layers.sh

# The tree itself.
out=$("$CL" 2>&1)
st=$?
if [ $st = 0 ] && grep -q '^check-layers: ok' <<<"$out"; then
	ok "the tree follows the layer order ($out)"
else
	bad "the tree" "status $st: $(head -5 <<<"$out" | tr '\n' ' ')"
fi

# tree NAME FILE INCLUDE...: a tree in $tmp/NAME holding FILE with these includes.
tree() {
	local t=$tmp/$1 f=$2
	shift 2
	mkdir -p "$(dirname "$t/$f")"
	for inc in "$@"; do
		echo "#include \"$inc\""
	done >"$t/$f"
}

# refused NAME WANT: check-layers on $tmp/NAME exits 1 with the line WANT.
refused() {
	local out st
	out=$("$CL" "$tmp/$1" 2>&1)
	st=$?
	if [ $st = 1 ] && grep -qxF -- "check-layers: $2" <<<"$out"; then
		ok "$1 refused: $2"
	else
		bad "$1" "status $st, wanted 1 and 'check-layers: $2', got: $(tr '\n' ' ' <<<"$out")"
	fi
}

tree cpu-up emu/cpu/x.c emu/lib/types.h debugger/dbg.h
refused cpu-up 'emu/cpu/x.c:2: #include "debugger/dbg.h": emu/cpu may not include debugger'

tree kview-gdb debugger/kview/v.c debugger/core/dbg_int.h debugger/gdb/gdbstub.h
refused kview-gdb \
	'debugger/kview/v.c:2: #include "debugger/gdb/gdbstub.h": debugger/kview may not include debugger/gdb'

tree ui-private emu/ui/m.c debugger/dbg_machine.h debugger/core/dbg_int.h
refused ui-private 'emu/ui/m.c:2: #include "debugger/core/dbg_int.h": debugger/core/dbg_int.h is private to debugger'

tree cpu-private devices/d.c emu/board/bus.h emu/cpu/cpu_internal.h
refused cpu-private 'devices/d.c:2: #include "emu/cpu/cpu_internal.h": emu/cpu/cpu_internal.h is private to emu/cpu'

tree new-folder debugger/misc/m.c debugger/dbg.h
refused new-folder \
	'debugger/misc/m.c: folder debugger/misc has no place in the layer order (add it to scripts/check-layers.sh)'

# The machine never calls up into replay (time travel hooks itself onto the machine).
tree machine-up emu/machine/machine.c emu/replay/timetravel.h
refused machine-up \
	'emu/machine/machine.c:1: #include "emu/replay/timetravel.h": emu/machine may not include emu/replay'

# A tree whose includes all go down passes.
tree fine emu/cpu/x.c emu/board/bus.h emu/lib/types.h
mkdir -p "$tmp/fine/debugger/cmd"
printf '#include "debugger/kview/kview.h"\n#include "emu/replay/replay.h"\n' >"$tmp/fine/debugger/cmd/c.c"
out=$("$CL" "$tmp/fine" 2>&1)
status_is "a tree whose includes go down passes ($out)" $? 0

# The real tree with one bad file added: exactly that one line.
mkdir -p "$tmp/whole"
find emu devices debugger guest/bios -type f \( -name '*.[ch]' -o -name '*.S' \) -print0 |
	xargs -0 cp --parents -t "$tmp/whole"
tree whole emu/cpu/zz_bad.c emu/ui/display_text.h
out=$("$CL" "$tmp/whole" 2>&1)
st=$?
want='check-layers: emu/cpu/zz_bad.c:1: #include "emu/ui/display_text.h": emu/cpu may not include emu/ui'
if [ $st = 1 ] && [ "$(grep -c '^check-layers: [a-z].*#include' <<<"$out")" = 1 ] &&
	grep -qxF -- "$want" <<<"$out"; then
	ok "the tree plus emu/cpu including emu/ui: exactly that include refused"
else
	bad "the tree plus one bad include" "status $st: $(tr '\n' ' ' <<<"$out")"
fi

summary layers
