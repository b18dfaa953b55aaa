/*
 * The 8259A programmable interrupt controller pair of the PC/AT (Intel 8259A
 * datasheet, order 231468; PC/AT technical reference for the cascade on IR2
 * and ports 0x20/0xA0; the EISA ELCR at 0x4D0/0x4D1 for edge/level).
 *
 * Requests: an edge-triggered input latches IRR on a rising edge and keeps it
 * until the INTA cycle (as QEMU does: devices here pulse their lines, so the
 * datasheet's "must stay high until INTA" would turn every pulse into a
 * spurious IRQ7). A level-triggered input (ELCR or ICW1 LTIM) makes IRR follow
 * the pin, so a request that goes away before INTA yields the spurious vector
 * 7 (or 15 on the slave), with no ISR bit set, exactly as the datasheet says.
 *
 * Priorities rotate through "lowest": the input after it is the highest.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/pic.h"
#include "emu/lib/log.h"

/* One 8259A; plain data, saved as is. */
struct pic_chip {
	u8 irr;			/* interrupt request register */
	u8 isr;			/* in-service register */
	u8 imr;			/* interrupt mask register */
	u8 elcr;		/* 1 = level-triggered input (ELCR) */
	u8 elcr_mask;		/* inputs whose trigger mode may be changed */
	u8 level;		/* current level of each input pin */
	u8 vector_base;		/* ICW2 & 0xF8 */
	u8 lowest;		/* the input with the lowest priority (rotation) */
	u8 init_step;		/* 0 = operating; 2, 3, 4 = expecting ICWn */
	u8 icw1, icw3, icw4;
	u8 read_isr;		/* OCW3 RR/RIS: reads of port 0 return ISR */
	u8 poll;		/* OCW3 P: the next read of port 0 is a poll */
	u8 special_mask;	/* OCW3 SMM */
	u8 rotate_aeoi;		/* OCW2 R in automatic EOI mode */
	u8 ltim;		/* ICW1 LTIM: every input level-triggered */
	u8 int_out;		/* level of the INT pin */
};

struct pic {
	struct pic_chip chip[2];	/* master, slave */
	struct irq_line in[16];		/* what devices drive: IRQ0..IRQ15 */
	struct irq_line *intr;		/* to the CPU's INTR pin */
	u32 spurious;			/* INTA cycles that found no request */
	struct bus *bus;
	struct device device;
};

#define PIC_SNAP_VERSION 1

static bool chip_is_level(const struct pic_chip *c, int n)
{
	return c->ltim || (c->elcr & (1u << n));
}

/*
 * The input the chip would present to the CPU now, or -1: the highest
 * unmasked request whose priority is above everything in service. In special
 * fully nested mode the master lets the cascade input through again while it
 * is in service, so a higher slave request can nest.
 */
static int chip_best(const struct pic_chip *c, bool master)
{
	u8 req = c->irr & ~c->imr;
	u8 isr = c->isr;
	bool sfnm = master && (c->icw4 & 0x10);

	if (!req)
		return -1;
	if (c->special_mask)
		isr &= ~c->imr;
	for (int p = 0; p < 8; p++) {
		int irq = (c->lowest + 1 + p) & 7;
		u8 bit = 1u << irq;
		if ((isr & bit) && !(sfnm && irq == 2))
			return -1;
		if (req & bit)
			return irq;
		if (isr & bit)
			return -1;
	}
	return -1;
}

static void chip_set_input(struct pic_chip *c, int n, int level)
{
	u8 bit = 1u << n;

	if (chip_is_level(c, n)) {
		if (level)
			c->irr |= bit;
		else
			c->irr &= ~bit;
	} else if (level && !(c->level & bit)) {
		c->irr |= bit;
	}
	if (level)
		c->level |= bit;
	else
		c->level &= ~bit;
}

/* Recompute both INT pins: slave into master IR2, master into the CPU. */
static void pic_update(struct pic *pic)
{
	struct pic_chip *m = &pic->chip[0], *s = &pic->chip[1];

	s->int_out = chip_best(s, false) >= 0;
	chip_set_input(m, 2, s->int_out);
	u8 out = chip_best(m, true) >= 0;
	if (out != m->int_out) {
		m->int_out = out;
		irq_set(pic->intr, out);
	}
}

/* The chip's half of an INTA cycle for input irq. */
static void chip_ack(struct pic_chip *c, int irq)
{
	u8 bit = 1u << irq;

	if (!chip_is_level(c, irq))
		c->irr &= ~bit;
	if (c->icw4 & 0x02) {
		if (c->rotate_aeoi)
			c->lowest = irq;
	} else {
		c->isr |= bit;
	}
}

int pic_acknowledge(void *opaque)
{
	struct pic *pic = opaque;
	struct pic_chip *m = &pic->chip[0], *s = &pic->chip[1];
	int vec;
	int irq = chip_best(m, true);

	if (irq < 0) {
		pic->spurious++;
		vec = m->vector_base + 7;
	} else if (irq == 2 && !(m->icw1 & 0x02)) {
		chip_ack(m, 2);
		int sirq = chip_best(s, false);
		if (sirq < 0) {
			pic->spurious++;
			vec = s->vector_base + 7;
		} else {
			chip_ack(s, sirq);
			vec = s->vector_base + sirq;
		}
	} else {
		chip_ack(m, irq);
		vec = m->vector_base + irq;
	}
	pic_update(pic);
	return vec;
}

static void pic_set_irq(void *opaque, int n, int level)
{
	struct pic *pic = opaque;

	chip_set_input(&pic->chip[n >> 3], n & 7, level);
	pic_update(pic);
}

/* The highest-priority bit in service (what a non-specific EOI clears), or -1. */
static int chip_highest_isr(const struct pic_chip *c)
{
	for (int p = 0; p < 8; p++) {
		int irq = (c->lowest + 1 + p) & 7;
		if (c->isr & (1u << irq))
			return irq;
	}
	return -1;
}

static void chip_icw1(struct pic_chip *c, u8 val)
{
	c->icw1 = val;
	c->init_step = 2;
	c->imr = 0;
	c->isr = 0;
	c->lowest = 7;
	c->read_isr = 0;
	c->poll = 0;
	c->special_mask = 0;
	c->rotate_aeoi = 0;
	c->ltim = !!(val & 0x08);
	if (!(val & 0x01))
		c->icw4 = 0;
	/* The edge-sense latches are cleared; level inputs still show their pins. */
	c->irr = 0;
	for (int n = 0; n < 8; n++)
		if (chip_is_level(c, n) && (c->level & (1u << n)))
			c->irr |= 1u << n;
}

static void chip_ocw2(struct pic_chip *c, u8 val)
{
	int level = val & 7;
	int irq;

	switch (val >> 5) {
	case 0:			/* clear rotate in automatic EOI mode */
		c->rotate_aeoi = 0;
		break;
	case 4:			/* set rotate in automatic EOI mode */
		c->rotate_aeoi = 1;
		break;
	case 1:			/* non-specific EOI */
	case 5:			/* rotate on non-specific EOI */
		irq = chip_highest_isr(c);
		if (irq >= 0) {
			c->isr &= ~(1u << irq);
			if (val >> 5 == 5)
				c->lowest = irq;
		}
		break;
	case 3:			/* specific EOI */
		c->isr &= ~(1u << level);
		break;
	case 7:			/* rotate on specific EOI */
		c->isr &= ~(1u << level);
		c->lowest = level;
		break;
	case 6:			/* set priority */
		c->lowest = level;
		break;
	default:		/* 2: no operation */
		break;
	}
}

static void chip_write(struct pic_chip *c, u32 offset, u8 val)
{
	if (offset == 0) {
		if (val & 0x10) {
			chip_icw1(c, val);
		} else if (val & 0x08) {	/* OCW3 */
			if (val & 0x04)
				c->poll = 1;
			if (val & 0x02)
				c->read_isr = val & 1;
			if (val & 0x40)
				c->special_mask = (val >> 5) & 1;
		} else {
			chip_ocw2(c, val);
		}
		return;
	}
	switch (c->init_step) {
	case 2:
		c->vector_base = val & 0xF8;
		if (!(c->icw1 & 0x02))
			c->init_step = 3;
		else
			c->init_step = (c->icw1 & 0x01) ? 4 : 0;
		break;
	case 3:
		c->icw3 = val;
		c->init_step = (c->icw1 & 0x01) ? 4 : 0;
		break;
	case 4:
		c->icw4 = val;
		c->init_step = 0;
		break;
	default:
		c->imr = val;	/* OCW1 */
		break;
	}
}

static u8 chip_read(struct pic_chip *c, u32 offset, bool master)
{
	if (offset == 1)
		return c->imr;
	if (c->poll) {
		/* A poll is an INTA without the vector: it acknowledges. */
		c->poll = 0;
		int irq = chip_best(c, master);
		if (irq < 0)
			return 0;
		chip_ack(c, irq);
		return 0x80 | irq;
	}
	return c->read_isr ? c->isr : c->irr;
}

static u32 pic_io_read(void *opaque, u32 offset, int size, int which)
{
	struct pic *pic = opaque;
	u8 v = chip_read(&pic->chip[which], offset, which == 0);
	pic_update(pic);
	return v;
}

static u32 master_read(void *o, u32 off, int size) { return pic_io_read(o, off, size, 0); }
static u32 slave_read(void *o, u32 off, int size) { return pic_io_read(o, off, size, 1); }

static void master_write(void *opaque, u32 offset, u32 val, int size)
{
	struct pic *pic = opaque;
	chip_write(&pic->chip[0], offset, val);
	pic_update(pic);
}

static void slave_write(void *opaque, u32 offset, u32 val, int size)
{
	struct pic *pic = opaque;
	chip_write(&pic->chip[1], offset, val);
	pic_update(pic);
}

static u32 elcr_read(void *opaque, u32 offset, int size)
{
	struct pic *pic = opaque;
	return pic->chip[offset].elcr;
}

static void elcr_write(void *opaque, u32 offset, u32 val, int size)
{
	struct pic *pic = opaque;
	struct pic_chip *c = &pic->chip[offset];

	c->elcr = val & c->elcr_mask;
	/* An input that became level-triggered shows its pin in IRR from now on. */
	for (int n = 0; n < 8; n++)
		if (chip_is_level(c, n))
			c->irr = (c->irr & ~(1u << n)) | (c->level & (1u << n));
	pic_update(pic);
}

static const struct io_ops master_ops = { master_read, master_write, 0 };
static const struct io_ops slave_ops = { slave_read, slave_write, 0 };
static const struct io_ops elcr_ops = { elcr_read, elcr_write, 0 };

static void pic_reset(void *opaque)
{
	struct pic *pic = opaque;

	for (int i = 0; i < 2; i++) {
		struct pic_chip *c = &pic->chip[i];
		u8 level = c->level;
		memset(c, 0, sizeof(*c));
		c->level = level;	/* the pins belong to the devices */
		c->imr = 0xFF;		/* nothing gets through before the BIOS programs us */
		c->lowest = 7;
		/* IRQ0, 1, 2, 8 and 13 are wired edge-only on PC boards. */
		c->elcr_mask = i == 0 ? 0xF8 : 0xDE;
	}
	pic->chip[0].int_out = 0;
	irq_set(pic->intr, 0);
	pic_update(pic);
}

struct pic_snap {
	struct pic_chip chip[2];
	u32 spurious;
};

static void pic_save(void *opaque, struct snap_writer *w)
{
	struct pic *pic = opaque;
	struct pic_snap s;

	memset(&s, 0, sizeof(s));
	memcpy(s.chip, pic->chip, sizeof(s.chip));
	s.spurious = pic->spurious;
	snap_put_section(w, "PIC ", PIC_SNAP_VERSION, &s, sizeof(s));
}

static int pic_load(void *opaque, struct snap_reader *r)
{
	struct pic *pic = opaque;
	struct pic_snap s;

	if (snap_get_section(r, "PIC ", PIC_SNAP_VERSION, &s, sizeof(s)))
		return -1;
	memcpy(pic->chip, s.chip, sizeof(s.chip));
	pic->spurious = s.spurious;
	for (int i = 0; i < 2; i++) {
		pic->chip[i].lowest &= 7;
		pic->chip[i].init_step &= 7;
	}
	irq_set(pic->intr, pic->chip[0].int_out);
	return 0;
}

static void pic_info(void *opaque, void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct pic *pic = opaque;

	for (int i = 0; i < 2; i++) {
		struct pic_chip *c = &pic->chip[i];
		print(ctx, "%s: irr=%02x isr=%02x imr=%02x elcr=%02x base=%02x lowest=%d%s%s%s\n",
		      i ? "slave " : "master", c->irr, c->isr, c->imr, c->elcr, c->vector_base,
		      c->lowest, (c->icw4 & 2) ? " aeoi" : "", c->special_mask ? " smm" : "",
		      c->init_step ? " (initialising)" : "");
	}
	print(ctx, "INT to CPU: %d, spurious acknowledges: %u\n", pic->chip[0].int_out,
	      pic->spurious);
}

struct pic *pic_create(struct bus *bus, struct irq_line *intr)
{
	struct pic *pic = calloc(1, sizeof(*pic));

	if (!pic)
		return NULL;
	pic->intr = intr;
	pic->bus = bus;
	for (int n = 0; n < 16; n++)
		irq_init(&pic->in[n], pic_set_irq, pic, n);
	if (bus_add_io(bus, 0x20, 2, &master_ops, pic, "pic-master") ||
	    bus_add_io(bus, 0xA0, 2, &slave_ops, pic, "pic-slave") ||
	    bus_add_io(bus, 0x4D0, 2, &elcr_ops, pic, "elcr")) {
		bus_remove_device(bus, pic);
		free(pic);
		return NULL;
	}
	pic->device = (struct device){
		.name = "pic", .dev = pic, .reset = pic_reset, .save = pic_save,
		.load = pic_load, .info = pic_info,
	};
	pic_reset(pic);
	return pic;
}

void pic_destroy(struct pic *pic)
{
	if (!pic)
		return;
	bus_remove_device(pic->bus, pic);
	free(pic);
}

struct device *pic_device(struct pic *pic) { return &pic->device; }
struct irq_line *pic_irq(struct pic *pic, int n) { return &pic->in[n]; }
bool pic_intr_pending(const struct pic *pic) { return pic->chip[0].int_out; }
u8 pic_in_service(const struct pic *pic, int chip) { return pic->chip[chip & 1].isr; }
u32 pic_spurious(const struct pic *pic) { return pic->spurious; }
u8 pic_requests(const struct pic *pic, int chip) { return pic->chip[chip & 1].irr; }
u8 pic_masked(const struct pic *pic, int chip) { return pic->chip[chip & 1].imr; }
