/* VGA in text mode (see vga.c) and what a frontend reads from it. */
#ifndef LUCID_VGA_H
#define LUCID_VGA_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"

#define VGA_MAX_COLS 132
#define VGA_MAX_ROWS 60

struct vga;

/* A copy of the visible text screen. */
struct vga_text {
	int cols, rows;
	u8 ch[VGA_MAX_ROWS * VGA_MAX_COLS];	/* code page 437 character codes */
	u8 attr[VGA_MAX_ROWS * VGA_MAX_COLS];	/* bits 0-3 fg, 4-6 bg, 7 blink/bright bg */
	int cursor_x, cursor_y;			/* cell; may be off screen */
	bool cursor_visible;			/* enabled and on screen */
	int cursor_start, cursor_end;		/* scan lines within the cell */
	int char_height;			/* scan lines per row (16) */
	bool display_on;			/* screen enabled by the sequencer */
	bool blink;				/* attr bit 7 blinks (else bright background) */
	int char_width;				/* 8 or 9 dots (sequencer clocking mode bit 0) */
	bool line_graphics;			/* 9-dot mode: C0-DF repeat dot 8 into dot 9 */
};

/* Claims 0xA0000-0xBFFFF and ports 0x3B4-0x3DF; loads the 8x16 font at reset. */
struct vga *vga_create(struct bus *bus, struct clock *clock);
void vga_destroy(struct vga *vga);
struct device *vga_device(struct vga *vga);

/* Frontend views. */
void vga_get_text(struct vga *vga, struct vga_text *t);
/* The 16 text colours as 8-bit RGB, through the attribute palette and the DAC. */
void vga_get_palette(struct vga *vga, u8 rgb[16][3]);
/* The 16-byte glyph (one byte per scan line, MSB leftmost) of character c. */
const u8 *vga_glyph(struct vga *vga, u8 c, bool attr_bit3);
/* True if anything visible changed since the last call (and clears the flag). */
bool vga_text_changed(struct vga *vga);

/* The font loaded at reset (generated at build time from a PSF console font). */
extern const u8 vga_font_8x16[256 * 16];

#endif
