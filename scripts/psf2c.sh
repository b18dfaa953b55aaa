#!/usr/bin/env bash
# psf2c.sh FONT.psf[.gz]: print a C file defining vga_font_8x16[256 * 16], the
# first 256 glyphs of an 8x16 PSF1 console font (the VGA BIOS font layout).
# Used at build time, so the font bytes are never committed.
set -eu
f=${1:?usage: psf2c.sh FONT.psf.gz}
if [ ! -r "$f" ]; then
	echo "psf2c: font '$f' not found (install the Debian package console-data: make deps)" >&2
	exit 1
fi
if [[ $f == *.gz ]]; then cat_font() { gzip -dc "$f"; }; else cat_font() { cat "$f"; }; fi
hdr=$(cat_font | head -c 4 | od -An -tx1 | tr -d ' \n')
if [ "${hdr:0:4}" != 3604 ] || [ "${hdr:6:2}" != 10 ]; then
	echo "psf2c: '$f' is not an 8x16 PSF1 font (header $hdr)" >&2
	exit 1
fi
echo "/* Generated from $f by scripts/psf2c.sh: do not edit. */"
echo '#include "emu/lib/types.h"'
echo 'const u8 vga_font_8x16[256 * 16] = {'
cat_font | tail -c +5 | head -c 4096 | od -An -v -tx1 | sed -E 's/ ([0-9a-f]{2})/0x\1,/g; s/^/\t/'
echo '};'
