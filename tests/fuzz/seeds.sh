#!/usr/bin/env bash
# Seed corpora for the fuzz harnesses, made from files in the tree and from
# build outputs (nothing large is committed): tests/fuzz/seeds.sh BINDIR OUT
# NAME... writes OUT/NAME/ for each NAME, using BINDIR/fz_NAME --seeds for
# the harnesses that make their own (a snapshot and a record log of their
# own machine). Every seed is deterministic: the same tree gives the same
# seeds, so tests/groups/75-fuzz.sh can replay them.
set -eu
cd "$(dirname "$0")/../.."
bindir=$1 out=$2
shift 2

# Mode byte then a file (most harnesses take one first).
with_byte() { # BYTE FILE [BYTES]
	printf "\\x$(printf %02x "$1")"
	if [ -n "${3:-}" ]; then head -c "$3" "$2"; else cat "$2"; fi
}

for name in "$@"; do
	d=$out/$name
	rm -rf "$d"
	mkdir -p "$d"
	# Committed seeds first (small text sessions, scripts, commands).
	[ -d tests/fuzz/seeds/$name ] && cp tests/fuzz/seeds/$name/* "$d"/
	case $name in
	rrlog | snapshot)
		"$bindir/fz_$name" --seeds "$d" ;;
	dbgcmd)
		# The debugger tests' command scripts, as commands (byte 0 even).
		i=0
		for f in tests/debugger/cmd/*.cmd; do
			[ -f "$f" ] || continue
			i=$((i + 1))
			with_byte 0 "$f" 4000 >"$d/script$i"
		done ;;
	inscript)
		i=0
		for f in $(grep -rl '^at [0-9]* \(serial\|key\|mouse\)\|^when-serial' tests scripts 2>/dev/null | grep -v '^tests/fuzz/' | head -n 8); do
			i=$((i + 1))
			head -c 4000 "$f" >"$d/tree$i"
		done ;;
	bootproto)
		# The guest kernel's setup sectors and the start of its payload,
		# behind the harness's header: 64 MiB (byte 5 -> 2 MiB << 5),
		# flags 1 (an initrd: the last 4 KiB), a short command line.
		k=build/guest/bzImage
		if [ -f "$k" ]; then
			ss=$(od -An -tu1 -j 497 -N1 "$k" | tr -d ' ')
			n=$(((ss + 1) * 512 + 8192))
			{ printf '\x05\x01\x00\x10\x00\x00\x0b\x00console=tty'; head -c "$n" "$k"; } >"$d/bzimage"
			{ printf '\x05\x02\x00\x00\x00\x00\x00\x00'; head -c "$n" "$k"; } >"$d/bzimage-nocmd"
		fi ;;
	disk)
		# The disk image's first 64 KiB (MBR, boot code), with and without
		# -snapshot, a few operations, no overlay section.
		img=build/images/lucid.img
		if [ -f "$img" ]; then
			# byte 0: 3 operations (+ -snapshot); read LBA 0 x1, write
			# LBA 4 x1, flush (6 bytes each); an empty overlay section.
			ops='\x00\x00\x00\x00\x00\x01\x01\x04\x00\x00\x00\x01\x02\x00\x00\x00\x00\x00'
			{ printf "\x07$ops\x00\x00\x00\x00"; head -c 65536 "$img"; } >"$d/mbr-snapshot"
			{ printf "\x06$ops\x00\x00\x00\x00"; head -c 65536 "$img"; } >"$d/mbr"
			# The last sectors of the image, read and written past the end.
			ops='\x00\xff\x00\x00\x80\x08\x01\x02\x00\x00\x80\x04'
			{ printf "\x05$ops\x00\x00\x00\x00"; tail -c 8192 "$img"; } >"$d/tail"
		fi ;;
	elf)
		for f in build/tests/debugger/fixture.elf build/bios/bios.elf; do
			[ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 1000000 ] && cp "$f" "$d/"
		done ;;
	cpu)
		# Code from the BIOS ROM at a few offsets, in each mode.
		rom=build/bios/bios.bin
		if [ -f "$rom" ]; then
			for m in 0 1 2 3 4 10; do
				off=$(((m * 7919) % 60000))
				{ printf "\\x$(printf %02x $m)"; head -c 96 /dev/zero; tail -c +$((off + 1)) "$rom" | head -c 256; } >"$d/bios-$m"
			done
		fi ;;
	wav)
		# Mono 8-bit and stereo 16-bit PCM at 8000 Hz, 64 bytes of samples.
		hdr() { # CHANNELS BITS BLOCKALIGN BYTERATE(le32 escaped)
			printf 'RIFF\x64\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00'
			printf "\\x0$1\\x00\\x40\\x1f\\x00\\x00$4\\x0$3\\x00\\x$2\\x00"
			printf 'data\x40\x00\x00\x00'
		}
		{ hdr 1 08 1 '\x40\x1f\x00\x00'; head -c 64 /dev/zero | tr '\0' '\200'; } >"$d/mono8"
		{ hdr 2 10 4 '\x00\x7d\x00\x00'; head -c 64 /dev/zero; } >"$d/stereo16" ;;
	esac
	if [ -z "$(ls -A "$d")" ]; then
		printf '\x00' >"$d/empty"
	fi
done
