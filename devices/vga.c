/*
 * VGA, as a text console and a BIOS use it. Follows the IBM VGA Technical
 * Reference (Personal System/2 Hardware Interface Technical Reference,
 * "Video Subsystem"): four 64 KiB planes behind the 0xA0000-0xBFFFF window
 * (graphics controller memory map select), odd/even addressing so that
 * character bytes land in plane 0 and attribute bytes in plane 1, the font
 * in plane 2 (32 bytes per glyph, character maps chosen by sequencer
 * register 3), the write modes 0-3 with latches, set/reset, rotate, logical
 * op and bit mask, read modes 0 and 1, the CRTC (cursor, start address,
 * offset, write protect), the attribute controller with its index/data
 * flip-flop reset by reading input status 1, and the DAC.
 *
 * Reset puts the registers in the state of BIOS mode 3 (80x25, 9x16 cells)
 * and loads the 8x16 font into plane 2, which is what a VGA BIOS does at
 * POST; our firmware can therefore skip its own mode set. The retrace bits
 * of input status 1 are computed from virtual time with the mode 3 timings
 * (31.78 us lines, 449 lines per frame, about 70 Hz).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/vga.h"
#include "emu/lib/log.h"

#define PLANE_SIZE 0x10000u
#define LINE_NS 31778u		/* 800 dots at 25.175 MHz */
#define FRAME_LINES 449u
#define HDISP_NS (LINE_NS * 640u / 800u)

struct vga_state {
	u8 plane[4][PLANE_SIZE];
	u8 latch[4];
	u8 misc;
	u8 seq_idx, seq[8];
	u8 gc_idx, gc[16];
	u8 crtc_idx, crtc[32];
	u8 attr_idx, attr[32];
	u8 attr_ff;		/* 0: next 0x3C0 write is an index, 1: data */
	u8 feature;
	u8 pel_mask;
	u8 dac_state;		/* 0: writing, 3: reading (as read back from 0x3C7) */
	u8 dac_rd, dac_wr;	/* next DAC entry to read / write */
	u8 dac_sub_rd, dac_sub_wr;	/* component 0-2 within the entry */
	u8 dac_wbuf[3];		/* a write takes effect when all three arrived */
	u8 dac[256][3];		/* 6-bit R, G, B */
};

struct vga {
	struct device dev;
	struct bus *bus;
	struct clock *clock;
	bool changed;
	struct vga_state s;
};

/* Mode 3 register values (IBM VGA BIOS parameter table for mode 3+). */
static const u8 mode3_seq[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const u8 mode3_crtc[25] = {
	0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00,
	0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
};
static const u8 mode3_gc[9] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF };
static const u8 mode3_attr[21] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A,
	0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00,
};

/* ---- memory ---- */

/* The offset inside the planes for a window address, or -1 if the map hides it. */
static int window_offset(struct vga *v, u32 addr)
{
	switch ((v->s.gc[6] >> 2) & 3) {
	case 0: return addr & 0xFFFF;
	case 1: return addr < 0x10000 ? (int)addr : -1;
	case 2: return addr >= 0x10000 && addr < 0x18000 ? (int)(addr - 0x10000) : -1;
	default: return addr >= 0x18000 ? (int)(addr - 0x18000) : -1;
	}
}

static u8 vram_read(struct vga *v, u32 addr)
{
	struct vga_state *s = &v->s;
	int off = window_offset(v, addr);
	if (off < 0)
		return 0xFF;
	if (s->seq[4] & 0x08)			/* chain 4 */
		return s->plane[off & 3][off >> 2];
	if (s->gc[5] & 0x10) {			/* odd/even: A0 picks the plane */
		int p = (s->gc[4] & 2) | (off & 1);
		return s->plane[p][off & ~1];
	}
	for (int p = 0; p < 4; p++)
		s->latch[p] = s->plane[p][off];
	if (!(s->gc[5] & 0x08))			/* read mode 0 */
		return s->latch[s->gc[4] & 3];
	/* Read mode 1: a 1 for each pixel whose colour matches the compare colour. */
	u8 diff = 0;
	for (int p = 0; p < 4; p++) {
		if (!(s->gc[7] >> p & 1))
			continue;
		u8 want = (s->gc[2] >> p & 1) ? 0xFF : 0x00;
		diff |= s->latch[p] ^ want;
	}
	return ~diff;
}

static u8 alu(struct vga_state *s, u8 val, int p)
{
	switch ((s->gc[3] >> 3) & 3) {
	case 1: return val & s->latch[p];
	case 2: return val | s->latch[p];
	case 3: return val ^ s->latch[p];
	}
	return val;
}

static void vram_write(struct vga *v, u32 addr, u8 val)
{
	struct vga_state *s = &v->s;
	int off = window_offset(v, addr);
	if (off < 0)
		return;
	u8 mask = s->seq[2] & 0x0F;
	if (s->seq[4] & 0x08) {			/* chain 4 */
		if (mask & (1 << (off & 3)))
			s->plane[off & 3][off >> 2] = val;
		v->changed = true;
		return;
	}
	if (!(s->seq[4] & 0x04)) {		/* odd/even: even to 0/2, odd to 1/3 */
		mask &= (off & 1) ? 0x0A : 0x05;
		off &= ~1;
	}
	u8 rot = (u8)((val >> (s->gc[3] & 7)) | (val << (8 - (s->gc[3] & 7))));
	u8 bitmask = s->gc[8];
	for (int p = 0; p < 4; p++) {
		if (!(mask >> p & 1))
			continue;
		u8 sr = (s->gc[0] >> p & 1) ? 0xFF : 0x00;
		u8 out;
		switch (s->gc[5] & 3) {
		case 0:
			out = (s->gc[1] >> p & 1) ? sr : rot;
			out = alu(s, out, p);
			out = (out & bitmask) | (s->latch[p] & ~bitmask);
			break;
		case 1:
			out = s->latch[p];
			break;
		case 2:
			out = alu(s, (val >> p & 1) ? 0xFF : 0x00, p);
			out = (out & bitmask) | (s->latch[p] & ~bitmask);
			break;
		default: {
			u8 m = rot & bitmask;
			out = alu(s, sr, p);
			out = (out & m) | (s->latch[p] & ~m);
			break;
		}
		}
		s->plane[p][off] = out;
	}
	v->changed = true;
}

static u32 vga_mem_read(void *dev, u32 off, int size)
{
	u32 val = 0;
	for (int i = 0; i < size; i++)
		val |= (u32)vram_read(dev, off + i) << (8 * i);
	return val;
}

static void vga_mem_write(void *dev, u32 off, u32 val, int size)
{
	for (int i = 0; i < size; i++)
		vram_write(dev, off + i, val >> (8 * i));
}

static const struct io_ops vga_mem_ops = {
	.read = vga_mem_read, .write = vga_mem_write, .sizes = 1 | 2 | 4,
};

/* ---- registers ---- */

/* Input status 1: bit 0 display disabled (either blank), bit 3 vertical retrace. */
static u8 input_status1(struct vga *v)
{
	u64 ns = clock_ns(v->clock) % ((u64)LINE_NS * FRAME_LINES);
	u32 line = (u32)(ns / LINE_NS), dot = (u32)(ns % LINE_NS);
	u8 st = 0;
	if (line >= 400 || dot >= HDISP_NS)
		st |= 0x01;
	if (line >= 412 && line < 414)
		st |= 0x08;
	return st;
}

/* Colour emulation (misc bit 0) puts the CRTC at 0x3D4 and status at 0x3DA. */
static bool is_crtc_port(struct vga *v, u16 port, u16 color, u16 mono)
{
	return port == ((v->s.misc & 1) ? color : mono);
}

static u8 vga_port_read(struct vga *v, u16 port)
{
	struct vga_state *s = &v->s;
	if (is_crtc_port(v, port, 0x3D4, 0x3B4))
		return s->crtc_idx;
	if (is_crtc_port(v, port, 0x3D5, 0x3B5))
		return s->crtc_idx < 25 ? s->crtc[s->crtc_idx] : 0xFF;
	if (is_crtc_port(v, port, 0x3DA, 0x3BA)) {
		s->attr_ff = 0;
		return input_status1(v);
	}
	switch (port) {
	case 0x3C0: return s->attr_idx;
	case 0x3C1: return (s->attr_idx & 0x1F) < 21 ? s->attr[s->attr_idx & 0x1F] : 0;
	case 0x3C2: return 0x10;	/* input status 0: switch sense */
	case 0x3C4: return s->seq_idx;
	case 0x3C5: return s->seq_idx < 5 ? s->seq[s->seq_idx] : 0xFF;
	case 0x3C6: return s->pel_mask;
	case 0x3C7: return s->dac_state;
	case 0x3C8: return s->dac_wr;
	case 0x3C9: {
		u8 c = s->dac[s->dac_rd][s->dac_sub_rd];
		if (++s->dac_sub_rd == 3) {
			s->dac_sub_rd = 0;
			s->dac_rd++;
		}
		return c;
	}
	case 0x3CA: return s->feature;
	case 0x3CC: return s->misc;
	case 0x3CE: return s->gc_idx;
	case 0x3CF: return s->gc_idx < 9 ? s->gc[s->gc_idx] : 0xFF;
	}
	return 0xFF;
}

static void crtc_write(struct vga *v, u8 val)
{
	struct vga_state *s = &v->s;
	u8 i = s->crtc_idx;
	if (i >= 25)
		return;
	/* Write protect (CR11 bit 7) covers CR00-CR07, except the line compare bit of CR07. */
	if ((s->crtc[0x11] & 0x80) && i <= 7) {
		if (i == 7)
			s->crtc[7] = (s->crtc[7] & ~0x10) | (val & 0x10);
		return;
	}
	s->crtc[i] = val;
	v->changed = true;
}

static void vga_port_write(struct vga *v, u16 port, u8 val)
{
	struct vga_state *s = &v->s;
	if (is_crtc_port(v, port, 0x3D4, 0x3B4)) {
		s->crtc_idx = val & 0x3F;
		return;
	}
	if (is_crtc_port(v, port, 0x3D5, 0x3B5)) {
		crtc_write(v, val);
		return;
	}
	if (is_crtc_port(v, port, 0x3DA, 0x3BA)) {
		s->feature = val;
		return;
	}
	switch (port) {
	case 0x3C0:
		if (!s->attr_ff) {
			s->attr_idx = val & 0x3F;
		} else if ((s->attr_idx & 0x1F) < 21) {
			s->attr[s->attr_idx & 0x1F] = val;
		}
		s->attr_ff ^= 1;
		v->changed = true;	/* also the palette address source (display on) */
		break;
	case 0x3C2: s->misc = val; v->changed = true; break;
	case 0x3C4: s->seq_idx = val & 7; break;
	case 0x3C5:
		if (s->seq_idx < 5) {
			s->seq[s->seq_idx] = val;
			v->changed = true;
		}
		break;
	case 0x3C6: s->pel_mask = val; v->changed = true; break;
	case 0x3C7: s->dac_rd = val; s->dac_sub_rd = 0; s->dac_state = 3; break;
	case 0x3C8: s->dac_wr = val; s->dac_sub_wr = 0; s->dac_state = 0; break;
	case 0x3C9:
		s->dac_wbuf[s->dac_sub_wr] = val & 0x3F;
		if (++s->dac_sub_wr == 3) {
			memcpy(s->dac[s->dac_wr], s->dac_wbuf, 3);
			s->dac_sub_wr = 0;
			s->dac_wr++;
			v->changed = true;
		}
		break;
	case 0x3CE: s->gc_idx = val & 0x0F; break;
	case 0x3CF:
		if (s->gc_idx < 9) {
			s->gc[s->gc_idx] = val;
			v->changed = true;
		}
		break;
	}
}

static u32 vga_io_read(void *dev, u32 off, int size)
{
	struct vga *v = dev;
	return vga_port_read(v, (u16)(0x3B0 + off));
}

static void vga_io_write(void *dev, u32 off, u32 val, int size)
{
	struct vga *v = dev;
	vga_port_write(v, (u16)(0x3B0 + off), val);
}

static const struct io_ops vga_io_ops = { .read = vga_io_read, .write = vga_io_write };

/* ---- frontend views ---- */

void vga_get_text(struct vga *v, struct vga_text *t)
{
	struct vga_state *s = &v->s;
	int cols = s->crtc[1] + 1;
	int vde = s->crtc[0x12] | (s->crtc[7] & 0x02) << 7 | (s->crtc[7] & 0x40) << 3;
	int ch = (s->crtc[9] & 0x1F) + 1;
	int rows = (vde + 1) / ch;
	if (cols > VGA_MAX_COLS)
		cols = VGA_MAX_COLS;
	if (rows > VGA_MAX_ROWS)
		rows = VGA_MAX_ROWS;
	if (rows < 1)
		rows = 1;
	u32 start = (u32)s->crtc[0x0C] << 8 | s->crtc[0x0D];
	u32 stride = s->crtc[0x13] * 2u;
	if (!stride)
		stride = cols;
	t->cols = cols;
	t->rows = rows;
	t->char_height = ch;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			/* Word mode: the CRTC address is the character address doubled. */
			u32 a = ((start + r * stride + c) * 2) & (PLANE_SIZE - 1);
			t->ch[r * cols + c] = s->plane[0][a];
			t->attr[r * cols + c] = s->plane[1][a];
		}
	}
	u32 cur = (u32)s->crtc[0x0E] << 8 | s->crtc[0x0F];
	u32 rel = (cur - start) & 0xFFFF;
	t->cursor_x = (int)(rel % stride);
	t->cursor_y = (int)(rel / stride);
	t->cursor_start = s->crtc[0x0A] & 0x1F;
	t->cursor_end = s->crtc[0x0B] & 0x1F;
	t->cursor_visible = !(s->crtc[0x0A] & 0x20) && t->cursor_start <= t->cursor_end &&
			    t->cursor_x < cols && t->cursor_y < rows;
	t->display_on = !(s->seq[1] & 0x20) && (s->attr_idx & 0x20);
	/* Attribute mode control: bit 3 blink enable, bit 2 line graphics. */
	t->blink = s->attr[0x10] & 0x08;
	t->line_graphics = s->attr[0x10] & 0x04;
	t->char_width = s->seq[1] & 0x01 ? 8 : 9;
}

void vga_get_palette(struct vga *v, u8 rgb[16][3])
{
	struct vga_state *s = &v->s;
	for (int i = 0; i < 16; i++) {
		u8 p = s->attr[i] & 0x3F;
		u8 idx;
		if (s->attr[0x10] & 0x80)	/* P5/P4 from the colour select register */
			idx = (p & 0x0F) | (s->attr[0x14] & 0x03) << 4;
		else
			idx = p;
		idx = (idx | (s->attr[0x14] & 0x0C) << 4) & s->pel_mask;
		for (int k = 0; k < 3; k++)
			rgb[i][k] = (u8)(s->dac[idx][k] * 255 / 63);
	}
}

const u8 *vga_glyph(struct vga *v, u8 c, bool attr_bit3)
{
	u8 sel = v->s.seq[3];
	int map = attr_bit3 ? ((sel >> 5) & 1) << 2 | ((sel >> 2) & 3)
			    : ((sel >> 4) & 1) << 2 | (sel & 3);
	u32 base = (u32)(map & 3) << 14 | (u32)(map >> 2) << 13;
	return &v->s.plane[2][base + c * 32u];
}

bool vga_text_changed(struct vga *v)
{
	bool c = v->changed;
	v->changed = false;
	return c;
}

/* ---- device hooks ---- */

static void vga_reset(void *dev)
{
	struct vga *v = dev;
	struct vga_state *s = &v->s;
	memset(s, 0, sizeof(*s));
	s->misc = 0x67;
	memcpy(s->seq, mode3_seq, sizeof(mode3_seq));
	memcpy(s->crtc, mode3_crtc, sizeof(mode3_crtc));
	memcpy(s->gc, mode3_gc, sizeof(mode3_gc));
	memcpy(s->attr, mode3_attr, sizeof(mode3_attr));
	s->attr_idx = 0x20;		/* palette address source set: display on */
	s->pel_mask = 0xFF;
	/* The first 64 DAC entries as the BIOS sets them: bits rgbRGB (secondary, primary). */
	for (int i = 0; i < 64; i++) {
		s->dac[i][0] = (i & 4 ? 0x2A : 0) + (i & 32 ? 0x15 : 0);
		s->dac[i][1] = (i & 2 ? 0x2A : 0) + (i & 16 ? 0x15 : 0);
		s->dac[i][2] = (i & 1 ? 0x2A : 0) + (i & 8 ? 0x15 : 0);
	}
	for (u32 c = 0; c < 256; c++)
		memcpy(&s->plane[2][c * 32], &vga_font_8x16[c * 16], 16);
	memset(s->plane[0], 0x20, PLANE_SIZE);
	memset(s->plane[1], 0x07, PLANE_SIZE);
	v->changed = true;
}

static void vga_save(void *dev, struct snap_writer *w)
{
	struct vga *v = dev;
	snap_put_section(w, "VGA ", 1, &v->s, sizeof(v->s));
}

static int vga_load(void *dev, struct snap_reader *r)
{
	struct vga *v = dev;
	struct vga_state *s = malloc(sizeof(*s));
	if (!s) {
		snprintf(r->error, sizeof(r->error), "vga: out of memory");
		return -1;
	}
	if (snap_get_section(r, "VGA ", 1, s, sizeof(*s))) {
		free(s);
		return -1;
	}
	/* Indices the register code uses unchecked must be in range. */
	if (s->dac_sub_rd > 2 || s->dac_sub_wr > 2 || s->seq_idx > 7 || s->gc_idx > 15) {
		snprintf(r->error, sizeof(r->error), "vga: register index out of range");
		free(s);
		return -1;
	}
	v->s = *s;
	free(s);
	v->changed = true;
	return 0;
}

static void vga_info(void *dev, void (*print)(void *, const char *, ...), void *ctx)
{
	struct vga *v = dev;
	struct vga_state *s = &v->s;
	struct vga_text *t = malloc(sizeof(*t));
	if (!t)
		return;
	vga_get_text(v, t);
	print(ctx, "vga: misc %02x, %dx%d text, %d-line cells, start %04x, cursor (%d,%d)%s\n",
	      s->misc, t->cols, t->rows, t->char_height, s->crtc[0x0C] << 8 | s->crtc[0x0D],
	      t->cursor_x, t->cursor_y, t->cursor_visible ? "" : " hidden");
	print(ctx, "seq %02x %02x %02x %02x %02x  gc mode %02x misc %02x\n", s->seq[0],
	      s->seq[1], s->seq[2], s->seq[3], s->seq[4], s->gc[5], s->gc[6]);
	free(t);
}

struct vga *vga_create(struct bus *bus, struct clock *clock)
{
	struct vga *v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->bus = bus;
	v->clock = clock;
	if (bus_add_mmio(bus, 0xA0000, 0x20000, &vga_mem_ops, v, "vga-mem") ||
	    bus_add_io(bus, 0x3B0, 0x30, &vga_io_ops, v, "vga")) {
		bus_remove_device(bus, v);
		free(v);
		return NULL;
	}
	v->dev = (struct device){
		.name = "vga", .dev = v, .reset = vga_reset, .save = vga_save,
		.load = vga_load, .info = vga_info,
	};
	vga_reset(v);
	return v;
}

void vga_destroy(struct vga *v)
{
	if (!v)
		return;
	bus_remove_device(v->bus, v);
	free(v);
}
struct device *vga_device(struct vga *v) { return &v->dev; }
