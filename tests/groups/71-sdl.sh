#!/usr/bin/env bash
# The SDL frontend: build/tests/sdl/sdl_test under Xvfb (boot in
# the window and compare screenshots and window pixels with a reference
# render; keys and mouse through SDL to the 8042; SB16 sound through SDL's
# disk audio driver), then build/lucid's window options from the outside.
. "$(dirname "$0")/../lib.sh"
T=build/tests/sdl/sdl_test

# run_t NAME ARGS...: run one sdl_test mode, count its ok/FAIL lines.
run_t() {
	local name=$1
	shift
	timeout 120 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	local st=$?
	local p f
	p=$(grep -c '^ok ' "$tmp/$name.out")
	f=$(grep -c '^FAIL ' "$tmp/$name.out")
	sed 's/^ok /ok   /' "$tmp/$name.out" | grep -E '^(ok|FAIL)'
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$st" != "$f" ] || [ "$p" = 0 ]; then
		bad "$name: sdl_test exited $st with $p ok, $f failed: $(tail -2 "$tmp/$name.err" | tr '\n' ' ')"
	fi
}

if ! command -v xvfb-run >/dev/null; then
	bad "xvfb-run is not installed (make deps)"
else
	run_t boot xvfb-run -a $T boot build/images/lucid.img build/bios/bios.bin "$tmp"
	run_t input xvfb-run -a $T input
	SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$tmp/audio.raw" \
		run_t audio xvfb-run -a $T audio build/tests/devices/sb16.rom "$tmp/audio.raw"
fi

# Pacing: in the window, virtual time follows the wall clock; -pace off runs flat
# out. The guest is tests/machine/idle.S (timer interrupts, halted in between:
# almost no host work, so host load cannot hold it back). 2 s of wall time each.
if command -v xvfb-run >/dev/null; then
	# hv FILE: "HOST VIRTUAL" seconds from -stats.
	hv() { sed -nE 's/.* in ([0-9.]+) s host.*, ([0-9.]+) s virtual.*/\1 \2/p' "$1"; }
	I=build/tests/machine/idle.rom
	xvfb-run -a timeout -s TERM 2 $L -display sdl -stats -bios $I </dev/null >/dev/null 2>"$tmp/paced.err"
	xvfb-run -a timeout -s TERM 2 $L -display sdl -pace off -stats -bios $I \
		</dev/null >/dev/null 2>"$tmp/flat.err"
	p=$(hv "$tmp/paced.err")
	f=$(hv "$tmp/flat.err")
	if [ -n "$p" ] && [ -n "$f" ] &&
		awk -v p="$p" -v f="$f" 'BEGIN { split(p, a, " "); split(f, b, " ");
			exit !(a[1] > 0.3 && a[2] <= a[1] + 0.1 && a[2] >= a[1] * 0.7 &&
			       b[2] >= 5 * b[1] && b[2] >= 3) }'; then
		ok "window-paced-to-wall-time (host/virtual s: paced $p, -pace off $f)"
	else
		bad "window-paced-to-wall-time: host/virtual s: paced '$p', -pace off '$f'"
	fi
fi

# -record and -replay in the window: the window adds nothing unrecorded.
if command -v xvfb-run >/dev/null; then
	I=build/tests/machine/idle.rom
	xvfb-run -a timeout -s TERM 1 $L -display sdl -debugcon none -record "$tmp/rr.log" -bios $I \
		</dev/null >/dev/null 2>"$tmp/rec.err"
	xvfb-run -a timeout 30 $L -display sdl -debugcon none -replay "$tmp/rr.log" -bios $I \
		</dev/null >/dev/null 2>"$tmp/rep.err"
	st=$?
	if [ "$st" = 0 ] && grep -q "replay identical to the recording" "$tmp/rep.err" &&
		! grep -qi alsa "$tmp/rec.err" "$tmp/rep.err"; then
		ok "window-record-replay-identical"
	else
		bad "window-record-replay-identical: status $st, $(tail -2 "$tmp/rep.err" | tr '\n' ' ')"
	fi
fi

# No display: -display sdl opens nothing and the run goes on headless.
env -u DISPLAY -u WAYLAND_DISPLAY timeout 30 $L -display sdl -bios build/tests/devices/sb16.rom \
	</dev/null >"$tmp/nod.out" 2>"$tmp/nod.err"
st=$?
if [ "$st" = 67 ] && grep -q "no display" "$tmp/nod.err"; then
	ok "no-display-falls-back-headless"
else
	bad "no-display-falls-back-headless: status $st, $(head -2 "$tmp/nod.err" | tr '\n' ' ')"
fi
# -screenshot headless: the PNG of the last screen, same as the window's renderer.
timeout 30 $L -display none -bios build/tests/devices/vga.rom -screenshot "$tmp/vga.png" \
	>/dev/null 2>"$tmp/shot.err"
st=$?
if [ "$st" = 69 ] && file "$tmp/vga.png" | grep -q "PNG image data, 720 x 400, 8-bit/color RGB"; then
	ok "screenshot-option-writes-png"
else
	bad "screenshot-option-writes-png: status $st, $(file "$tmp/vga.png") $(cat "$tmp/shot.err")"
fi
# The debugger's screenshot command: the same PNG as -screenshot at the same point.
printf 'continue 3000000\nscreenshot %s\nquit\n' "$tmp/dbg.png" >"$tmp/dbg.cmd"
timeout 30 $L -display none -bios build/tests/devices/vga.rom -debug-script "$tmp/dbg.cmd" \
	>"$tmp/dbg.out" 2>&1
if grep -q "screenshot saved to" "$tmp/dbg.out" &&
	file "$tmp/dbg.png" | grep -q "PNG image data, 720 x 400"; then
	ok "debugger-screenshot-command"
else
	bad "debugger-screenshot-command: $(tail -3 "$tmp/dbg.out" | tr '\n' ' ')"
fi
# Bad values: one line, status 2, no file.
timeout 10 $L -pace sometimes -bios build/tests/devices/vga.rom >/dev/null 2>"$tmp/pace.err"
st=$?
if [ "$st" = 2 ] && [ "$(wc -l <"$tmp/pace.err")" = 1 ]; then
	ok "bad-pace-refused"
else
	bad "bad-pace-refused: status $st"
fi
timeout 30 $L -display none -bios build/tests/devices/vga.rom -screenshot /nonexistent/dir/x.png \
	>/dev/null 2>"$tmp/shot2.err"
st=$?
if [ "$st" != 0 ] && grep -q "cannot create" "$tmp/shot2.err" && [ "$(wc -l <"$tmp/shot2.err")" = 1 ]; then
	ok "screenshot-bad-path-one-line"
else
	bad "screenshot-bad-path-one-line: status $st, $(cat "$tmp/shot2.err")"
fi

summary sdl
