#!/usr/bin/env bash
# Whole-machine checks of the VGA, ATA disk (-snapshot), Sound Blaster and
# -audio-out, and terminal typing under -display text: tiny ROMs from
# tests/devices/ run as lucid's BIOS, and what comes out is compared.
. "$(dirname "$0")/../lib.sh"
R=build/tests/devices

# VGA: text and cursor written through the ports show on -display text.
timeout 30 $L -display text -bios $R/vga.rom >"$tmp/vga.out" 2>"$tmp/vga.err"
status_is vga-rom $? 69
if sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' "$tmp/vga.out" | grep -q "VGA text OK"; then
	ok vga-text-on-terminal
else
	bad vga-text-on-terminal
fi
if grep -qF $'\x1b[13;42H\x1b[?25h' "$tmp/vga.out"; then
	ok vga-cursor-on-terminal
else
	bad "vga-cursor-on-terminal: no cursor at row 13, column 42"
fi

# ATA: the ROM writes sector 5 and reads it back; -snapshot keeps the file as it was.
truncate -s 1M "$tmp/disk.img"
before=$(md5sum <"$tmp/disk.img")
timeout 30 $L -display none -bios $R/ata.rom -snapshot "$tmp/disk.img" 2>"$tmp/ata.err"
status_is ata-rom-snapshot $? 71
if [ "$(md5sum <"$tmp/disk.img")" = "$before" ]; then
	ok snapshot-leaves-image-unchanged
else
	bad snapshot-leaves-image-unchanged
fi
timeout 30 $L -display none -bios $R/ata.rom -hda "$tmp/disk.img" 2>"$tmp/ata.err"
status_is ata-rom-write-through $? 71
if dd if="$tmp/disk.img" bs=512 skip=5 count=1 2>/dev/null | od -An -tx1 | head -1 |
	grep -q '34 12 43 21'; then
	ok write-reaches-image
else
	bad "write-reaches-image: sector 5 is $(dd if="$tmp/disk.img" bs=512 skip=5 count=1 2>/dev/null | od -An -tx1 | head -1)"
fi
printf 'x' >"$tmp/odd.img"
timeout 10 $L -display none -bios $R/ata.rom "$tmp/odd.img" 2>"$tmp/odd.err"
st=$?
if [ "$st" = 2 ] && grep -q "multiple of 512" "$tmp/odd.err"; then
	ok odd-sized-image-refused
else
	bad "odd-sized-image-refused: status $st, $(head -c 200 "$tmp/odd.err")"
fi

# Sound Blaster: the ROM plays 4000 samples by DMA; the WAV must hold exactly them.
timeout 30 $L -display none -bios $R/sb16.rom -audio-out "$tmp/out.wav" 2>"$tmp/sb.err"
status_is sb16-rom $? 67
if out=$($R/wavcheck "$tmp/out.wav" 4000 7); then
	ok "sb16-wav-matches-dma ($out)"
else
	bad "sb16-wav-matches-dma: $out"
fi
# Same run twice: the same file, byte for byte (virtual time only).
timeout 30 $L -display none -bios $R/sb16.rom -audio-out "$tmp/out2.wav" 2>/dev/null
if cmp -s "$tmp/out.wav" "$tmp/out2.wav"; then ok wav-deterministic; else bad wav-deterministic; fi
timeout 10 $L -display none -bios $R/sb16.rom -audio-in "$tmp/missing.wav" 2>"$tmp/in.err"
st=$?
if [ "$st" = 2 ] && grep -q "missing.wav" "$tmp/in.err"; then
	ok missing-audio-in-refused
else
	bad "missing-audio-in-refused: status $st"
fi

# Typing on the terminal of -display text reaches the 8042 (script(1) gives lucid a pty).
# lucid must be in the pty's foreground process group, or the kernel stops it
# (SIGTTOU/SIGTTIN) when it takes the keyboard: so the timeout wraps script, not
# lucid (timeout(1) puts its child in a group of its own), and SHELL is pinned.
if command -v script >/dev/null; then
	(sleep 1; printf 'aB'; sleep 3) |
		SHELL=/bin/sh timeout 20 script -qec \
		"exec $L -display text -debugcon none -bios $R/kbd.rom" /dev/null \
		>"$tmp/kbd.out" 2>&1
	status_is terminal-typing-reaches-8042 $? 73
else
	echo "skip terminal-typing-reaches-8042 (no script(1))"
fi

summary devices
