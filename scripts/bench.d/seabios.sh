#!/usr/bin/env bash
# SeaBIOS (Debian's /usr/share/seabios/bios.bin) booting the default image (its
# command line set to mount its root) to the shell's `#` prompt on the serial
# line, then `poweroff -f`: on Lucid with -bios, beside Lucid's own BIOS, and on
# QEMU -M isapc (whose own BIOS is that SeaBIOS) as boot-prompt.sh runs it.
# Wall time: from the emulator's start to the prompt being read
# (tests/guest/serial_session.py -t). Instructions: Lucid's -stats for the
# whole run (halted time skipped). QEMU counts none without a TCG plugin; it
# runs a second time with -icount shift=0 (one instruction per virtual ns), and
# lucix's dmesg time at "reboot: Power down" is given for both: on QEMU it is
# the instructions plus the time halted, an upper bound on its instructions.
cd "$(dirname "$0")/../.."
IMG=build/images/lucid.img
SEABIOS=/usr/share/seabios/bios.bin
[ -f "$IMG" ] && [ -x build/lucid ] || { echo "seabios: build first (make all)"; exit 0; }
[ -f $SEABIOS ] || { echo "seabios: Debian's seabios is not installed (make deps)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' 'when-serial /root #  => poweroff -f\n' >"$tmp/s.in"
printf '%s\n' 'when-serial /root #  => ' >"$tmp/none.in"
# power_down LOG: lucix's dmesg seconds at "reboot: Power down".
power_down() { tr -d '\r' <"$1" | grep -aoE '^\[ *[0-9.]+\] reboot: Power down' |
	grep -oE '[0-9]+\.[0-9]+' | head -1; }
run() {	# NAME SCRIPT CMD... (@IMG@ for the image): prints the wall time to the prompt
	local name=$1 script=$2 img=$tmp/$1.img wall
	shift 2
	cp "$IMG" "$img"
	build/images/mkdisk cmdline "$img" "root=/dev/hda1 console=ttyS0 console=tty0"
	python3 tests/guest/serial_session.py -t "$script" 300 "$tmp/$name.log" "${@//@IMG@/$img}" \
		2>"$tmp/$name.t" >/dev/null
	wall=$(grep -m1 "'/root # '" "$tmp/$name.t" | grep -oE '[0-9]+\.[0-9]+ s' | cut -d' ' -f1)
	if [ -z "$wall" ]; then
		echo "seabios: $name: no prompt ($(tail -c 200 "$tmp/$name.log" | tr -d '\r' | tr '\n' '|'))"
		return 1
	fi
	echo -n "seabios: $name: the # prompt at $wall s wall"
}
lucid() {	# NAME ARGS...: Lucid to the prompt and poweroff, with its counts
	local name=$1 n v
	shift
	if run "$name" "$tmp/none.in" build/lucid "$@" -display none -serial stdio -no-reboot \
		-stats -input-script "$tmp/s.in" -hda @IMG@; then
		n=$(tr -d '\r' <"$tmp/$name.log" | grep -oE '^lucid: [0-9]+ instructions executed' | grep -oE '[0-9]+')
		v=$(tr -d '\r' <"$tmp/$name.log" | grep -oE '[0-9.]+ s virtual, [0-9.]+ s of it halted')
		echo "; ${n:-?} guest instructions to it and poweroff -f ($v; dmesg $(power_down "$tmp/$name.log") s at power-down)"
	fi
}
lucid lucid-seabios -bios $SEABIOS
lucid lucid-own-bios
if command -v qemu-system-i386 >/dev/null; then
	q=(qemu-system-i386 -M isapc -cpu pentium,+cmov,+pae -m 64 -display none -serial stdio
	   -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -drive format=raw,if=ide,file=@IMG@)
	run qemu "$tmp/s.in" "${q[@]}" && echo "; dmesg $(power_down "$tmp/qemu.log") s at power-down"
	run qemu-icount "$tmp/s.in" "${q[@]}" -icount shift=0 &&
		echo "; -icount shift=0: dmesg $(power_down "$tmp/qemu-icount.log") s at power-down (instructions + halted ns)"
else
	echo "seabios: no qemu-system-i386: no comparison"
fi
