#!/usr/bin/env bash
# Under Xvfb (tests/groups/90-guest-vt.sh runs it with xvfb-run): lucix in
# Lucid's SDL window with busybox sh on tty1, typed on with xdotool (X key
# events through SDL to the emulated keyboard). OUT gets: ser (the serial
# line), err (the emulator's stderr), shot.png (Ctrl-Alt-S, pressed in the
# window), win.xwd (the window's pixels at the same moment), screen.txt and
# the exit status in status.
# usage: window-type.sh LUCID KERNEL INITRD OUT
L=$1 K=$2 RD=$3 T=$4
"$L" -display sdl -serial stdio -debugcon none -no-reboot -kernel "$K" -initrd "$RD" \
	-append "console=ttyS0 console=tty0 init=/bin/ttyinit quiet" -screen-dump "$T/screen.txt" \
	-screenshot "$T/win.png" </dev/null >"$T/ser" 2>"$T/err" &
lp=$!
wid=$(timeout 30 xdotool search --sync --name Lucid386 | head -1)
[ -n "$wid" ] || { echo "no window" >"$T/why"; kill $lp; exit 1; }
xdotool windowfocus --sync "$wid"
# Keys typed before ash reads its first line are flushed: type until it answers.
for _ in $(seq 30); do
	xdotool type --delay 20 'echo rdy$((1+1)) >/dev/ttyS0'
	xdotool key Return
	for _ in 1 2 3 4; do grep -q rdy2 "$T/ser" && break 2; sleep 0.5; done
done
xdotool type --delay 20 'clear; echo typed in the window $((6*7)) >/dev/ttyS0; printf "\033[1;33mWIN\033[0m\n"'
xdotool key Return
# Up to a minute: on a loaded machine the guest may be slow to run the line.
for _ in $(seq 120); do grep -q "typed in the window 42" "$T/ser" && break; sleep 0.5; done
sleep 1
xdotool key ctrl+alt+s
for _ in $(seq 40); do grep -q "screenshot saved" "$T/err" && break; sleep 0.25; done
xwd -id "$wid" -silent >"$T/win.xwd"
cp "$T/win.png" "$T/shot.png"
xdotool type --delay 20 'exit'
xdotool key Return
wait $lp
echo $? >"$T/status"
