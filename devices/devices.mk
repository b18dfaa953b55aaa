# One file per chip; all of them go into liblucid.a.
LIB_SRCS += $(wildcard devices/*.c)

# The VGA's 8x16 font (loaded into plane 2 at reset) comes from the host's
# console fonts at build time; the bytes are never committed.
VGA_FONT_PSF ?= /usr/share/consolefonts/default8x16.psf.gz
LIB_SRCS += $(B)/gen/vga_font.c
$(B)/gen/vga_font.c: scripts/psf2c.sh
	@mkdir -p $(@D)
	scripts/psf2c.sh $(VGA_FONT_PSF) > $@.tmp && mv $@.tmp $@
