/*
 * Two Intel 8237A DMA controllers as wired on the PC/AT (8237A datasheet;
 * IBM PC/AT Technical Reference, "DMA Controller"): controller 1 at 0x00-0x0F
 * serves the 8-bit channels 0-3; controller 2 at 0xC0-0xDF (every other port)
 * serves the 16-bit channels 5-7 and cascades controller 1 through channel 4.
 * A 16-bit channel counts words and its address is shifted left by one, so
 * its page register supplies address bits 17-23 and the transfer stays within
 * 128 KiB. Page registers sit at 0x81-0x8F; 0x80 belongs to the POST port.
 *
 * Devices transfer through dma_read_memory / dma_write_memory instead of
 * toggling DREQ: single, block and demand modes then behave alike (the
 * device asks for exactly what it needs), which is what drivers observe.
 * Address increment or decrement, auto-initialisation, terminal count (the
 * status register bits, and the channel masking itself when it does not
 * auto-initialise) follow the datasheet. Verify transfers count without
 * touching memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/dma.h"

struct dma_chan {
	u16 base_addr, base_count;	/* reloaded on auto-init */
	u16 addr, count;		/* current; count is units left minus one */
	u8 mode;
	u8 page;
};

struct dma_ctrl {
	struct dma_chan ch[4];
	u8 command, status, mask, request, temp;
	u8 flipflop;		/* 0: next byte of an address/count is the low one */
};

struct dma_state {
	struct dma_ctrl c[2];
	u8 extra_page[16];	/* page ports no channel uses: plain scratch registers */
	u8 tc_note;		/* bit ch: terminal count reached (for dma_take_tc) */
};

struct dma {
	struct device dev;
	struct bus *bus;
	struct dma_state s;
};

/* Page register port (offset from 0x80) for each channel 0-7. */
static const int page_port[8] = { 0x7, 0x3, 0x1, 0x2, 0xF, 0xB, 0x9, 0xA };

static void ctrl_reset(struct dma_ctrl *c)
{
	c->command = 0;
	c->status = 0;
	c->request = 0;
	c->temp = 0;
	c->flipflop = 0;
	c->mask = 0x0F;
}

static u8 ctrl_read(struct dma_ctrl *c, int reg)
{
	if (reg < 8) {
		struct dma_chan *ch = &c->ch[reg >> 1];
		u16 v = (reg & 1) ? ch->count : ch->addr;
		u8 b = c->flipflop ? v >> 8 : v & 0xFF;
		c->flipflop ^= 1;
		return b;
	}
	switch (reg) {
	case 8: {		/* status: TC bits clear on read */
		u8 st = c->status | (c->request << 4);
		c->status &= 0xF0;
		return st;
	}
	case 13: return c->temp;
	case 15: return c->mask | 0xF0;
	}
	return 0xFF;
}

static void ctrl_write(struct dma_ctrl *c, int reg, u8 v)
{
	if (reg < 8) {
		struct dma_chan *ch = &c->ch[reg >> 1];
		u16 *base = (reg & 1) ? &ch->base_count : &ch->base_addr;
		u16 *cur = (reg & 1) ? &ch->count : &ch->addr;
		if (c->flipflop)
			*base = (*base & 0x00FF) | v << 8;
		else
			*base = (*base & 0xFF00) | v;
		*cur = *base;		/* writing the base writes the current register too */
		c->flipflop ^= 1;
		return;
	}
	switch (reg) {
	case 8: c->command = v; break;
	case 9:
		if (v & 4)
			c->request |= 1 << (v & 3);
		else
			c->request &= ~(1 << (v & 3));
		break;
	case 10:
		if (v & 4)
			c->mask |= 1 << (v & 3);
		else
			c->mask &= ~(1 << (v & 3));
		break;
	case 11: c->ch[v & 3].mode = v; break;
	case 12: c->flipflop = 0; break;
	case 13: ctrl_reset(c); break;		/* master clear */
	case 14: c->mask = 0; break;
	case 15: c->mask = v & 0x0F; break;
	}
}

static u32 dma1_read(void *dev, u32 off, int size)
{
	struct dma *d = dev;
	return ctrl_read(&d->s.c[0], off);
}

static void dma1_write(void *dev, u32 off, u32 v, int size)
{
	struct dma *d = dev;
	ctrl_write(&d->s.c[0], off, v);
}

/* Controller 2 decodes A1-A4: its registers sit on even ports, the odd ones alias. */
static u32 dma2_read(void *dev, u32 off, int size)
{
	struct dma *d = dev;
	return ctrl_read(&d->s.c[1], off >> 1);
}

static void dma2_write(void *dev, u32 off, u32 v, int size)
{
	struct dma *d = dev;
	ctrl_write(&d->s.c[1], off >> 1, v);
}

/* Port 0x81 + off. */
static u8 *page_reg(struct dma *d, u32 off)
{
	int p = (int)off + 1;
	for (int ch = 0; ch < 8; ch++)
		if (page_port[ch] == p && ch != 4)
			return &d->s.c[ch >> 2].ch[ch & 3].page;
	return &d->s.extra_page[p & 15];
}

static u32 page_read(void *dev, u32 off, int size) { return *page_reg(dev, off); }
static void page_write(void *dev, u32 off, u32 v, int size) { *page_reg(dev, off) = v; }

static const struct io_ops dma1_ops = { .read = dma1_read, .write = dma1_write };
static const struct io_ops dma2_ops = { .read = dma2_read, .write = dma2_write };
static const struct io_ops page_ops = { .read = page_read, .write = page_write };

bool dma_masked(struct dma *d, int ch)
{
	if (ch < 0 || ch > 7 || ch == 4)
		return true;
	struct dma_ctrl *c = &d->s.c[ch >> 2];
	/* Channels 0-3 reach the bus through channel 4 of controller 2 (cascade). */
	if (ch < 4 && (d->s.c[1].mask & 1))
		return true;
	return (c->mask >> (ch & 3)) & 1 || (c->command & 0x04);
}

bool dma_take_tc(struct dma *d, int ch)
{
	bool tc = (d->s.tc_note >> (ch & 7)) & 1;
	d->s.tc_note &= ~(1 << (ch & 7));
	return tc;
}

/* Move units one at a time; to_mem picks the direction. */
static u32 transfer(struct dma *d, int ch, u8 *buf, u32 len, bool to_mem)
{
	if (dma_masked(d, ch))
		return 0;
	struct dma_ctrl *c = &d->s.c[ch >> 2];
	struct dma_chan *h = &c->ch[ch & 3];
	u32 unit = ch >= 4 ? 2 : 1, moved = 0;
	u8 type = (h->mode >> 2) & 3;
	while (moved + unit <= len) {
		u32 phys = ch < 4 ? (u32)h->page << 16 | h->addr
				  : (u32)(h->page & 0xFE) << 16 | (u32)h->addr << 1;
		if (type == 0) {		/* verify: count only */
			if (!to_mem)
				memset(buf + moved, 0, unit);
		} else if (to_mem) {
			bus_write_block(d->bus, phys, buf + moved, unit);
		} else {
			bus_read_block(d->bus, phys, buf + moved, unit);
		}
		moved += unit;
		h->addr += (h->mode & 0x20) ? -1 : 1;
		if (h->count-- == 0) {		/* terminal count */
			c->status |= 1 << (ch & 3);
			c->request &= ~(1 << (ch & 3));
			d->s.tc_note |= 1 << ch;
			if (h->mode & 0x10) {
				h->addr = h->base_addr;
				h->count = h->base_count;
			} else {
				c->mask |= 1 << (ch & 3);
				break;
			}
		}
	}
	return moved;
}

u32 dma_read_memory(struct dma *d, int ch, void *buf, u32 len)
{
	return transfer(d, ch, buf, len, false);
}

u32 dma_write_memory(struct dma *d, int ch, const void *buf, u32 len)
{
	return transfer(d, ch, (u8 *)buf, len, true);
}

static void dma_reset(void *dev)
{
	struct dma *d = dev;
	memset(&d->s, 0, sizeof(d->s));
	ctrl_reset(&d->s.c[0]);
	ctrl_reset(&d->s.c[1]);
	/* Channel 4 is the cascade from controller 1: a BIOS sets it up so. */
	d->s.c[1].ch[0].mode = 0xC0;
	d->s.c[1].mask = 0x0E;
}

static void dma_save(void *dev, struct snap_writer *w)
{
	struct dma *d = dev;
	snap_put_section(w, "DMA ", 1, &d->s, sizeof(d->s));
}

static int dma_load(void *dev, struct snap_reader *r)
{
	struct dma *d = dev;
	return snap_get_section(r, "DMA ", 1, &d->s, sizeof(d->s));
}

static void dma_info(void *dev, void (*print)(void *, const char *, ...), void *ctx)
{
	struct dma *d = dev;
	for (int ch = 0; ch < 8; ch++) {
		struct dma_chan *h = &d->s.c[ch >> 2].ch[ch & 3];
		print(ctx, "dma%d: page %02x addr %04x/%04x count %04x/%04x mode %02x%s\n", ch,
		      h->page, h->addr, h->base_addr, h->count, h->base_count, h->mode,
		      dma_masked(d, ch) ? " masked" : "");
	}
}

struct dma *dma_create(struct bus *bus)
{
	struct dma *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->bus = bus;
	if (bus_add_io(bus, 0x00, 16, &dma1_ops, d, "dma1") ||
	    bus_add_io(bus, 0xC0, 32, &dma2_ops, d, "dma2") ||
	    bus_add_io(bus, 0x81, 15, &page_ops, d, "dma-page")) {
		bus_remove_device(bus, d);
		free(d);
		return NULL;
	}
	d->dev = (struct device){
		.name = "dma", .dev = d, .reset = dma_reset, .save = dma_save,
		.load = dma_load, .info = dma_info,
	};
	dma_reset(d);
	return d;
}

void dma_destroy(struct dma *d)
{
	if (!d)
		return;
	bus_remove_device(d->bus, d);
	free(d);
}
struct device *dma_device(struct dma *d) { return &d->dev; }
