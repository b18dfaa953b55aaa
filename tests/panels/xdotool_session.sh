#!/usr/bin/env bash
# The window driven the way a person drives it: real X key events from
# xdotool (XTEST) into build/lucid's SDL window under Xvfb, on the default
# image booted to its shells. Run inside xvfb-run by group 76:
#
#   xdotool_session.sh IMAGE KERNEL OUTDIR
#
# Steps, each printed as "ok NAME" or "bad NAME: why":
#   1. keys typed into the window reach the guest's shell on tty1 (it
#      writes a marker to /dev/ttyS0, which lands in the serial log);
#   2. Ctrl-Alt-C opens the debugger's console; `plot cpu FILE` typed there
#      writes the picture; `p jiffies` runs; Ctrl-Alt-C closes it again;
#   3. what was typed into the console never reached the guest (no such
#      text on the serial line, which echoes tty1's shell through the
#      marker commands only);
#   4. keys reach the guest again after the console is closed, and
#      `poweroff` typed into the window ends lucid with status 0.
set -u
img=$1 kernel=$2 out=$3
L=${L:-build/lucid}
ser=$out/xd-serial.log
: >"$ser"

say() { echo "$@"; }
wait_for() {	# PATTERN SECONDS: until the serial log has PATTERN
	local i
	for ((i = 0; i < $2 * 4; i++)); do
		grep -aq -- "$1" "$ser" && return 0
		sleep 0.25
	done
	return 1
}
type_line() {	# TEXT: typed into the focused window, then Return
	xdotool type --delay 20 -- "$1"
	xdotool key Return
}

$L -display sdl -serial "file:$ser" -kernel "$kernel" \
	-append "root=/dev/hda1 console=ttyS0 console=tty0" "$img" >"$out/xd-lucid.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT

# The shell on ttyS0 prints its prompt after the one on tty1 is started.
if ! wait_for '/root # ' 90; then
	say "bad boot-to-prompt: no prompt on the serial line: $(tail -c 200 "$ser" | tr '\n' ' ')"
	exit 1
fi
say "ok boot-to-prompt"
win=$(xdotool search --sync --onlyvisible --name 'Lucid386' 2>/dev/null | head -1)
if [ -z "$win" ]; then
	say "bad window-found: no Lucid386 window"
	exit 1
fi
xdotool windowfocus --sync "$win"

# 1. Keys reach tty1's shell.
type_line 'echo key-$((6*7))-one >/dev/ttyS0'
if wait_for 'key-42-one' 30; then
	say "ok keys-reach-the-guest"
else
	say "bad keys-reach-the-guest: no 'key-42-one' on the serial line"
fi

# 2. The console: Ctrl-Alt-C, a plot, a print, Ctrl-Alt-C.
xdotool key ctrl+alt+c
sleep 1
type_line "plot cpu $out/xd-cpu.svg"
type_line 'p jiffies'
for ((i = 0; i < 40; i++)); do
	[ -s "$out/xd-cpu.svg" ] && break
	sleep 0.25
done
if [ -s "$out/xd-cpu.svg" ] && grep -q '<svg' "$out/xd-cpu.svg" && grep -q 'CR3' "$out/xd-cpu.svg"; then
	say "ok console-command-runs ($(wc -c <"$out/xd-cpu.svg") bytes of SVG)"
else
	say "bad console-command-runs: no SVG from 'plot cpu' typed into the console"
fi
xdotool key ctrl+alt+c
sleep 1

# 3. Nothing typed into the console reached the guest: tty1's shell would
# have run it as a command and complained on tty1; the marker below
# prints the shell's last history lines onto the serial line.
type_line 'echo hist-begin >/dev/ttyS0; history | tail -3 >/dev/ttyS0; echo hist-end >/dev/ttyS0'
if wait_for 'hist-end' 30; then
	hist=$(sed -n '/hist-begin/,/hist-end/p' "$ser" | tr -d '\r')
	if grep -q 'plot cpu\|p jiffies' <<<"$hist"; then
		say "bad console-keys-stay-out-of-the-guest: $(tr '\n' ' ' <<<"$hist")"
	elif grep -q 'key-' <<<"$hist"; then
		say "ok console-keys-stay-out-of-the-guest"
	else
		say "bad console-keys-stay-out-of-the-guest: no history to look at: $(tr '\n' ' ' <<<"$hist")"
	fi
	say "ok keys-reach-the-guest-after-the-console"
else
	say "bad keys-reach-the-guest-after-the-console: no 'hist-end' on the serial line"
fi

# 4. poweroff from the window.
type_line 'poweroff'
st=124
for ((i = 0; i < 240; i++)); do
	if ! kill -0 $pid 2>/dev/null; then
		wait $pid
		st=$?
		break
	fi
	sleep 0.25
done
trap - EXIT
if [ "$st" = 0 ]; then
	say "ok poweroff-from-the-window"
else
	kill $pid 2>/dev/null
	say "bad poweroff-from-the-window: lucid status $st: $(tail -2 "$out/xd-lucid.out" | tr '\n' ' ')"
fi
