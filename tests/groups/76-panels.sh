#!/usr/bin/env bash
# The panels (docs/USER-GUIDE.md "Panels", docs/DEBUGGER.md "plot"): the
# debugger's plot command in batch mode (the memory map's frame counts per
# colour against the debugger's buddyinfo and meminfo; the scheduler
# self-test's nice-0 and nice-5 hogs in the 1024:335 ratio within 3%; PNG
# output; bad arguments refused in one line, no file left); byte-identical
# SVG exports of the same interval from two replays of one recording and
# from a replay that went past the interval and came back by time travel;
# the window under Xvfb (tests/panels/panels_test.c: pixels of the memory
# map, the guest screen beside it, the hotkey, the state digest unchanged;
# the debugger's console in the window; tests/panels/xdotool_session.sh:
# real X key events into lucid's window on the default image);
# a recording made in the window with the panels on replays identically
# without them.
. "$(dirname "$0")/../lib.sh"
K=build/guest/bzImage
run_x() {	# OUT APPEND SCRIPT [ARGS...]: lucid -x SCRIPT on the kernel
	local out=$1 append=$2 script=$3
	shift 3
	timeout 120 $L -display none -serial none -no-reboot -kernel $K -append "$append" \
		"$@" -x "$script" >"$out" 2>&1
}

# ---- the memory map against buddyinfo and meminfo (batch) ----
cat >"$tmp/mem.cmd" <<EOS
continue 300000000
plot memory $tmp/mem.svg
buddyinfo
meminfo
plot memory $tmp/mem.png
quit
EOS
run_x "$tmp/mem.out" "console=ttyS0" "$tmp/mem.cmd"
# counts_match OUT: per order, the plot's "free oN" count and buddyinfo's sum
# of nr_free << N within one page, and all of them against MemFree.
counts_match() {
	awk '
	/^MemFree:/ { done = 1 }	# the PNG plot after it prints the counts again
	!done && /^  free o[0-9]+ / { sub("o", "", $2); plot[$2] = $3; total += $3; n++ }
	/^Node 0, zone/ { for (o = 0; o <= 10; o++) want[o] += $(5 + o) * 2 ^ o }
	/^MemFree:/ { memfree = $2 / 4 }
	END {
		if (n != 11 || memfree < 1000) exit 1
		for (o = 0; o <= 10; o++) { d = plot[o] - want[o]; if (d > 1 || d < -1) exit 1 }
		d = total - memfree; exit !(d <= 1 && d >= -1)
	}' "$1"
}
if counts_match "$tmp/mem.out"; then
	ok "memory-map-counts-match-buddyinfo-and-meminfo (11 orders)"
else
	bad "memory-map-counts-match-buddyinfo-and-meminfo" "$(grep -E '^(  free|Node|MemFree)' "$tmp/mem.out" | tr '\n' ' ' | head -c 600)"
fi
# The same with the two-level page tables of a CONFIG_PAE=n kernel on a 486
# (group 64 builds it; make only checks it is up to date).
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/nopae.make" 2>&1; then
	timeout 120 $L -cpu 486 -display none -serial none -no-reboot -kernel build/nopae/guest/bzImage \
		-kernel-symbols build/nopae/guest/lucix.elf -append console=ttyS0 -x "$tmp/mem.cmd" \
		>"$tmp/np.out" 2>&1
	npt=$(awk '/^  page tables / { print $3; exit }' "$tmp/np.out")
	if counts_match "$tmp/np.out" && [ "${npt:-0}" -ge 2 ]; then
		ok "memory-map-two-level-paging ($npt page-table frames)"
	else
		bad "memory-map-two-level-paging" "page tables '$npt': $(grep -E '^(  free|Node|MemFree)' "$tmp/np.out" | tr '\n' ' ' | head -c 400)"
	fi
else
	bad "memory-map-two-level-paging" "the CONFIG_PAE=n kernel does not build: $(tail -2 "$tmp/nopae.make")"
fi
nframes=$(sed -nE 's/^memory map at icount [0-9]+: ([0-9]+) frames/\1/p' "$tmp/mem.out" | head -1)
sum=$(awk '/^memory map at/ { on++; next } on == 1 && /^  [a-z]/ && !/zone/ { s += $NF }
	/^\(lucid\)/ && on { on = 2 } END { print s }' "$tmp/mem.out")
if [ -n "$nframes" ] && [ "$nframes" = "$sum" ] && [ "$nframes" -ge 16000 ]; then
	ok "memory-map-every-frame-one-owner ($nframes frames)"
else
	bad "memory-map-every-frame-one-owner" "frames '$nframes', owners sum '$sum'"
fi
if grep -q '^<svg ' "$tmp/mem.svg" && tail -1 "$tmp/mem.svg" | grep -q '^</svg>$'; then
	ok "plot-writes-svg ($(grep -c '<rect' "$tmp/mem.svg") rects)"
else
	bad "plot-writes-svg" "$(head -c 200 "$tmp/mem.svg" 2>&1)"
fi
if file "$tmp/mem.png" | grep -q "PNG image data, 320 x"; then
	ok "plot-writes-png ($(file -b "$tmp/mem.png" | cut -d, -f2))"
else
	bad "plot-writes-png" "$(file "$tmp/mem.png")"
fi

# ---- owners from the kernel's own view: page cache, anonymous memory, slab
# caches; the system-call counter (the default image's root, busybox init) ----
cp build/images/lucid.img "$tmp/own.img"
cat >"$tmp/own.cmd" <<EOS
timetravel on
continue 400000000
plot memory $tmp/own.svg
print nr_pagecache
plot counters $tmp/boot.svg from 20000000 to 400000000
continue 700000000
plot counters $tmp/idle.svg from 550000000 to 700000000
quit
EOS
run_x "$tmp/own.out" "root=/dev/hda1 console=ttyS0" "$tmp/own.cmd" "$tmp/own.img"
pc=$(awk '/^  page cache / { print $3; exit }' "$tmp/own.out")
npc=$(sed -nE 's/^\$[0-9]+ = ([0-9]+)$/\1/p' "$tmp/own.out" | head -1)
if [ -n "$pc" ] && [ -n "$npc" ] && [ "$npc" -ge 100 ] && [ "$pc" -ge $((npc - 1)) ] && [ "$pc" -le $((npc + 1)) ]; then
	ok "memory-map-page-cache-equals-nr_pagecache ($pc frames)"
else
	bad "memory-map-page-cache-equals-nr_pagecache" "map '$pc', nr_pagecache '$npc'"
fi
anon=$(awk '/^  anon user / { print $3; exit }' "$tmp/own.out")
slab=$(awk '/^  slab / { print $2; exit }' "$tmp/own.out")
csum=$(awk '/^    slab cache / { s += $NF } END { print s + 0 }' "$tmp/own.out")
ncache=$(grep -c '^    slab cache ' "$tmp/own.out")
if [ "${anon:-0}" -ge 8 ] && [ -n "$slab" ] && [ "$slab" = "$csum" ] && [ "$ncache" -ge 8 ] &&
	grep -q '^    slab cache task_struct ' "$tmp/own.out"; then
	ok "memory-map-anon-and-slab-by-cache ($anon anon frames; $slab slab frames in $ncache caches)"
else
	bad "memory-map-anon-and-slab-by-cache" "anon '$anon', slab '$slab', caches sum '$csum' over $ncache"
fi
sys_boot=$(awk '/^  system calls / { print $3 }' "$tmp/own.out" | sed -n 1p)
sys_idle=$(awk '/^  system calls / { print $3 }' "$tmp/own.out" | sed -n 2p)
irq0_idle=$(awk '/^  IRQ0 / { print $2 }' "$tmp/own.out" | sed -n 2p)
if [ "${sys_boot:-0}" -ge 100 ] && [ "$sys_idle" = 0 ] && [ "${irq0_idle:-0}" -ge 10 ]; then
	ok "counters-system-calls ($sys_boot in the boot, 0 while the shells wait with $irq0_idle timer interrupts)"
else
	bad "counters-system-calls" "boot '$sys_boot', idle '$sys_idle', idle IRQ0 '$irq0_idle'"
fi

# ---- the scheduler self-test's hogs: 1024:335 ----
cat >"$tmp/sched.cmd" <<EOS
break cfs_nice_weights
continue
plot schedule $tmp/sched.svg from \$icount+10000000 to \$icount+200000000
quit
EOS
run_x "$tmp/sched.out" "console=ttyS0 selftest=sched" "$tmp/sched.cmd"
a=$(sed -nE 's/.* hog-nice0 .* ran +([0-9]+) us.*/\1/p' "$tmp/sched.out")
b=$(sed -nE 's/.* hog-nice5 .* ran +([0-9]+) us.*/\1/p' "$tmp/sched.out")
if [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" \
	'BEGIN { r = a / b; exit !(b > 0 && r >= 3.057 * 0.97 && r <= 3.057 * 1.03 && a + b > 1800000) }'; then
	ok "schedule-nice0-nice5-ratio ($a us : $b us = $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }'))"
else
	bad "schedule-nice0-nice5-ratio" "hog-nice0 '$a' us, hog-nice5 '$b' us: $(tail -3 "$tmp/sched.out" | tr '\n' ' ')"
fi

# ---- byte-identical SVG from replays of the same interval ----
timeout 120 $L -display none -serial none -no-reboot -kernel $K -append "console=ttyS0 selftest=sched" \
	-record "$tmp/s.rec" >/dev/null 2>"$tmp/rec.err"
plots() {	# DIR: the four pictures of one interval
	for k in memory buddy schedule counters; do
		echo "plot $k $1/$k.svg from 250000000 to 400000000"
	done
}
mkdir -p "$tmp/r1" "$tmp/r2" "$tmp/r3"
{ plots "$tmp/r1"; echo quit; } >"$tmp/r1.cmd"
{ plots "$tmp/r2"; echo quit; } >"$tmp/r2.cmd"
# r3: run past the interval first, then plot it by going back in time.
{ echo "continue 500000000"; plots "$tmp/r3"; echo quit; } >"$tmp/r3.cmd"
for r in r1 r2 r3; do
	run_x "$tmp/$r.out" "console=ttyS0 selftest=sched" "$tmp/$r.cmd" -replay "$tmp/s.rec"
done
for k in memory buddy schedule counters; do
	if [ -s "$tmp/r1/$k.svg" ] && cmp -s "$tmp/r1/$k.svg" "$tmp/r2/$k.svg"; then
		ok "replay-svg-identical-$k ($(wc -c <"$tmp/r1/$k.svg") bytes)"
	else
		bad "replay-svg-identical-$k" "$(grep -E 'plot|error' "$tmp/r1.out" "$tmp/r2.out" | head -4 | tr '\n' ' ')"
	fi
done
# After time travel the pictures are the same: the counters export leaves out
# the emulator's TLB hit and walk statistics, which depend on its caches.
for k in memory buddy schedule counters; do
	if [ -s "$tmp/r3/$k.svg" ] && cmp -s "$tmp/r1/$k.svg" "$tmp/r3/$k.svg"; then
		ok "time-travel-svg-identical-$k"
	else
		bad "time-travel-svg-identical-$k" "$(grep -E 'plot' "$tmp/r3.out" | head -4 | tr '\n' ' ')"
	fi
done

# ---- bad arguments: one line, no file ----
printf 'continue 300000000\nplot pie %s/x.svg\nplot memory %s/x.txt\nplot buddy %s/y.svg\nplot memory /nonexistent/dir/z.svg\nquit\n' \
	"$tmp" "$tmp" "$tmp" >"$tmp/bad.cmd"
run_x "$tmp/bad.out" "console=ttyS0" "$tmp/bad.cmd"
n=$(grep -cE "no picture called 'pie'|must end in .svg or .png|the interval is needed|cannot create" "$tmp/bad.out")
if [ "$n" = 4 ] && [ ! -e "$tmp/x.svg" ] && [ ! -e "$tmp/x.txt" ] && [ ! -e "$tmp/y.svg" ]; then
	ok "plot-refuses-bad-arguments"
else
	bad "plot-refuses-bad-arguments" "$n of 4 messages: $(grep -v '^(lucid)' "$tmp/bad.out" | tail -5 | tr '\n' ' ')"
fi
timeout 10 $L -display sdl,panels=maybe -kernel $K >/dev/null 2>"$tmp/opt.err"
st=$?
if [ "$st" = 2 ] && [ "$(wc -l <"$tmp/opt.err")" = 1 ]; then
	ok "bad-display-suboption-refused"
else
	bad "bad-display-suboption-refused" "status $st: $(cat "$tmp/opt.err")"
fi

# ---- the window ----
if ! command -v xvfb-run >/dev/null; then
	bad "xvfb-run is not installed (make deps)"
else
	for mode in window console; do
		timeout 120 xvfb-run -a build/tests/panels/panels_test $mode $K build/guest/lucix.elf \
			>"$tmp/$mode.out" 2>"$tmp/$mode.err"
		st=$?
		p=$(grep -c '^ok ' "$tmp/$mode.out")
		f=$(grep -c '^FAIL ' "$tmp/$mode.out")
		sed "s/^ok /ok   $mode: /; s/^FAIL /FAIL $mode: /" "$tmp/$mode.out" | grep -E '^(ok|FAIL)'
		pass=$((pass + p))
		fail=$((fail + f))
		if [ "$st" != "$f" ] || [ "$p" -lt 10 ]; then
			bad "panels_test $mode exited $st with $p ok, $f failed: $(tail -2 "$tmp/$mode.err" | tr '\n' ' ')"
		fi
	done
	# lucid itself: a recording in the window with the panels on (3 s of
	# wall time, paced) replays identically headless.
	xvfb-run -a timeout -s TERM 3 $L -display sdl,panels=on -serial none -kernel $K \
		-append console=ttyS0 -record "$tmp/w.rec" </dev/null >/dev/null 2>"$tmp/wrec.err"
	timeout 60 $L -display none -serial none -kernel $K -append console=ttyS0 \
		-replay "$tmp/w.rec" </dev/null >/dev/null 2>"$tmp/wrep.err"
	st=$?
	if [ "$st" = 0 ] && grep -q "replay identical to the recording" "$tmp/wrep.err" &&
		grep -q "DWARF" "$tmp/wrec.err"; then
		ok "window-with-panels-record-replays-identically ($(grep -o '[0-9]* digests' "$tmp/wrep.err"))"
	else
		bad "window-with-panels-record-replays-identically" "status $st: $(tail -2 "$tmp/wrec.err" "$tmp/wrep.err" | tr '\n' ' ')"
	fi
	# A person at the window: real X key events (xdotool) into lucid on the
	# default image: the shell, the debugger's console, poweroff.
	cp build/images/lucid.img "$tmp/xd.img"
	timeout 240 xvfb-run -a env L=$L tests/panels/xdotool_session.sh "$tmp/xd.img" $K "$tmp" \
		>"$tmp/xd.out" 2>&1
	st=$?
	while read -r word name rest; do
		case $word in
		ok) ok "xdotool: $name ${rest}" ;;
		bad) bad "xdotool: ${name%:}" "$rest" ;;
		esac
	done <"$tmp/xd.out"
	if [ "$(grep -c '^ok ' "$tmp/xd.out")" -lt 6 ]; then
		bad "xdotool-session-complete" "status $st, $(grep -c '^ok ' "$tmp/xd.out") of 6 steps: $(tail -2 "$tmp/xd.out" | tr '\n' ' ')"
	fi
fi
summary panels
