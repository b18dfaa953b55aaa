#!/usr/bin/env bash
# make run: boot the default image, in a window when a display is available,
# otherwise headless with the serial console on this terminal.
cd "$(dirname "$0")/.."
img=build/images/lucid.img
if [ ! -f "$img" ]; then
	echo "run: there is no default image to boot yet ($img is not built)."
	exit 0
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "run: booting $img in a window"
	exec build/lucid -display sdl "$img"
fi
echo "run: booting $img headless (serial console here; Ctrl-C to stop)"
exec build/lucid -display none -serial stdio "$img"
