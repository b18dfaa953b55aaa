#!/usr/bin/env bash
# The default image (build/images/lucid.img, its command line set to mount its
# root as make run does) booted by the BIOS to the shell's `#` prompt on the
# serial line, on Lucid (default settings, under each CPU tier: -accel jit,
# the default on x86-64 hosts, and -accel interp) and
# on QEMU (-M isapc -cpu pentium,+cmov,+pae, TCG without -icount, as people run
# it). At the prompt the session types `poweroff -f` (no shutdown scripts).
# Wall time: from the emulator's start to the prompt being read
# (tests/guest/serial_session.py -t). Guest instructions, Lucid only: -stats'
# instructions executed (halted time skipped) for the whole run, the prompt
# plus `poweroff -f`. QEMU counts no instructions without a TCG plugin, and
# lucix keeps no idle time that would turn QEMU's -icount clock into one.
cd "$(dirname "$0")/../.."
IMG=build/images/lucid.img
[ -f "$IMG" ] && [ -x build/lucid ] || { echo "boot-prompt: build first (make all)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Lucid types `poweroff -f` itself (-input-script, at the prompt in virtual
# time); the session only times the prompt there. QEMU gets it from the session.
printf '%s\n' 'when-serial /root #  => poweroff -f\n' >"$tmp/s.in"
printf '%s\n' 'when-serial /root #  => ' >"$tmp/none.in"
run() {	# NAME SCRIPT CMD... (@IMG@ for the image): prints the wall time to the prompt
	local name=$1 script=$2 img=$tmp/$1.img wall
	shift 2
	cp "$IMG" "$img"
	build/images/mkdisk cmdline "$img" "root=/dev/hda1 console=ttyS0 console=tty0"
	python3 tests/guest/serial_session.py -t "$script" 300 "$tmp/$name.log" "${@//@IMG@/$img}" \
		2>"$tmp/$name.t" >/dev/null
	wall=$(grep -m1 "'/root # '" "$tmp/$name.t" | grep -oE '[0-9]+\.[0-9]+ s' | cut -d' ' -f1)
	if [ -z "$wall" ]; then
		echo "boot-prompt: $name: no prompt ($(tail -c 200 "$tmp/$name.log" | tr -d '\r' | tr '\n' '|'))"
		return 1
	fi
	echo -n "boot-prompt: $name: the # prompt at $wall s wall"
}
for accel in jit interp; do
	if run "lucid-$accel" "$tmp/none.in" build/lucid -accel $accel -display none -serial stdio \
		-no-reboot -stats -input-script "$tmp/s.in" -hda @IMG@; then
		n=$(tr -d '\r' <"$tmp/lucid-$accel.log" | grep -oE '^lucid: [0-9]+ instructions executed' | grep -oE '[0-9]+')
		v=$(tr -d '\r' <"$tmp/lucid-$accel.log" | grep -oE '[0-9.]+ s virtual, [0-9.]+ s of it halted')
		echo "; ${n:-?} guest instructions to it and poweroff -f ($v)"
	fi
done
if command -v qemu-system-i386 >/dev/null; then
	run qemu "$tmp/s.in" qemu-system-i386 -M isapc -cpu pentium,+cmov,+pae -m 64 -display none -serial stdio \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive format=raw,if=ide,file=@IMG@ && echo
else
	echo "boot-prompt: no qemu-system-i386: no comparison"
fi

# QEMU TCG with -icount shift=0 as well: the deterministic mode the CPU tiers
# are measured against elsewhere (cpu.sh, procs.sh), the same image and session.
qemu_icount_boot() {
	command -v qemu-system-i386 >/dev/null || return 0
	run qemu-icount "$tmp/s.in" qemu-system-i386 -M isapc -cpu pentium,+cmov,+pae -m 64 -icount shift=0 \
		-display none -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive format=raw,if=ide,file=@IMG@ && echo
}
qemu_icount_boot
