#!/usr/bin/env bash
# The consoles' figures, in guest instructions (images/initramfs/vtbench.c as
# init of build/images/vt.cpio): keystroke to echo (a key pressed by the input
# script at a known instruction count until the reader of tty1 wakes with the
# byte, its echo already in VGA memory) and output throughput (a 256 KiB write
# to tty1 and to ttyS0, in bytes per million instructions, which is also
# characters per second at 100 MIPS / 100). lucix, then Debian's Linux 6.1
# (linux-image-686 from /opt/linux-i386, `make deps`) on the same emulated PC:
# RDTSC counts instructions on Lucid, so the two are measured alike.
cd "$(dirname "$0")/../.."
RD=build/images/vt.cpio
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() {	# NAME KERNEL KEY_ICOUNT EXTRA_ARGS...
	local name=$1 k=$2 at=$3
	shift 3
	echo "at $at key 30" >"$tmp/key.in"
	timeout 900 build/lucid -display none -serial "file:$tmp/$name.out" -debugcon none -no-reboot \
		"$@" -kernel "$k" -initrd "$RD" -input-script "$tmp/key.in" \
		-append "console=ttyS0 quiet init=/bin/vtbench rdinit=/bin/vtbench -- key $at out" \
		</dev/null >/dev/null 2>&1
	local lat tty1 ttys
	lat=$(grep -aoE 'keystroke to echo \(reader woken\): [0-9]+' "$tmp/$name.out" | grep -oE '[0-9]+$')
	tty1=$(grep -aoE '/dev/tty1: .* ([0-9.]+) bytes per million' "$tmp/$name.out" | grep -oE '[0-9.]+ bytes per' | cut -d' ' -f1)
	ttys=$(grep -aoE '/dev/ttyS0: .* ([0-9.]+) bytes per million' "$tmp/$name.out" | grep -oE '[0-9.]+ bytes per' | cut -d' ' -f1)
	echo "guest-vt: $name: keystroke to echo ${lat:-?} instructions;" \
		"tty1 ${tty1:-?} bytes/M instructions ($(awk -v b="${tty1:-0}" 'BEGIN{printf "%d", b*100}') chars/s at 100 MIPS);" \
		"ttyS0 ${ttys:-?} bytes/M instructions ($(awk -v b="${ttys:-0}" 'BEGIN{printf "%d", b*100}') chars/s at 100 MIPS)"
}

[ -f "$RD" ] || { echo "guest-vt: $RD missing (make all)"; exit 0; }
run lucix build/guest/bzImage 1000000000
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
if [ -z "$K" ]; then
	echo "guest-vt: no Debian i386 kernel in /opt/linux-i386 (make deps): no comparison"
	exit 0
fi
# Linux reaches its init after about 4-6.5e9 instructions on Lucid: the key comes at 9e9.
run "Linux $(basename "$K" | sed 's/vmlinuz-//')" "$K" 9000000000 -m 128

# The virtual-console suite (vttests, group 90) run by the same Linux under QEMU: the
# checks lucix passes that Linux fails, against the differences known to be Linux's own
# (vgacon scrolls by moving the VGA start address, blanks through the palette and may
# have blanked already during QEMU's slower boot, starts with the keyboard in K_UNICODE,
# and refuses VT_DISALLOCATE on a console never allocated).
if command -v qemu-system-i386 >/dev/null; then
	timeout 900 qemu-system-i386 -M isapc -cpu pentium2,-apic -m 128 -display none -serial stdio \
		-no-reboot -kernel "$K" -initrd "$RD" \
		-append "console=ttyS0 panic=-1 consoleblank=2 rdinit=/init" </dev/null >"$tmp/qemu-vt" 2>&1 &
	qpid=$!
	# QEMU's isapc does not exit on the power-off: stop it once the suite has ended.
	for _ in $(seq 1800); do
		grep -q '^vttests: ' "$tmp/qemu-vt" 2>/dev/null && break
		kill -0 $qpid 2>/dev/null || break
		sleep 0.5
	done
	sleep 1
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	known='^(scrollback\.|blank\.not blanked at first|blank\.screen off|kd\.KDGKBMODE|vt\.VT_DISALLOCATE an unused one)'
	sum=$(tr -d '\r' <"$tmp/qemu-vt" | grep -E '^vttests: ' | tail -1)
	other=$(tr -d '\r' <"$tmp/qemu-vt" | sed -n 's/^FAIL \([^:]*\):.*/\1/p' | grep -Ev "$known" | tr '\n' ';')
	echo "guest-vt: vttests on Linux under QEMU: ${sum:-no summary}; failures beyond the known differences: ${other:-none}"
else
	echo "guest-vt: no qemu-system-i386: vttests not compared"
fi
