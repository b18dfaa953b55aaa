#!/usr/bin/env bash
# make run: boot the default image, in a window when a display is available,
# otherwise headless with the serial console on this terminal. The image's
# kernel is given root=/dev/hda1, so lucix mounts the image's ext2 root and
# busybox init starts shells on the screen and the serial line. (The image's
# own command line, used when the BIOS boots it alone, leaves the root alone:
# the tests boot it that way and never write to it.)
cd "$(dirname "$0")/.."
img=build/images/lucid.img
if [ ! -f "$img" ]; then
	echo "run: there is no default image to boot yet ($img is not built)."
	exit 0
fi
append="root=/dev/hda1 console=ttyS0 console=tty0"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "run: booting $img in a window"
	exec build/lucid -display sdl -kernel build/guest/bzImage -append "$append" "$img"
fi
echo "run: booting $img headless (serial console here; Ctrl-C to stop)"
exec build/lucid -display none -serial stdio -kernel build/guest/bzImage -append "$append" "$img"
