/*
 * The 8254 programmable interval timer (Intel 8254 datasheet, order 231164:
 * modes 0-5, the control word, counter latch and read-back commands) with the
 * PC/AT wiring: channel 0 to IRQ0, channel 1 (DRAM refresh) left free, channel
 * 2 gated by port 0x61 bit 0 with its output readable at port 0x61 bit 5.
 *
 * Nothing ticks. Each counter remembers the input tick at which it was
 * loaded, and its value and output are computed from the virtual clock when
 * read. Only channel 0's interrupt edges are scheduled, one timer per edge,
 * each scheduled from the previous edge's tick (not from "now"), so a late
 * callback never loses or drifts a tick.
 *
 * Simplifications (as in QEMU): the one-clock delay between writing a count
 * and the counter loading it is not modelled, and a new count written in
 * modes 2 and 3 restarts the period at once instead of at its end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/pit.h"

/* One counter; plain data, saved as is. Times are in PIT input ticks. */
struct pit_channel {
	u64 load_tick;		/* tick at which the current count started */
	u64 held;		/* elapsed ticks frozen while the gate is low (modes 0, 4) */
	u64 next_irq_tick;	/* channel 0: the next IRQ0 edge */
	u32 count;		/* reload value as written (0 = 65536, or 10000 in BCD) */
	u16 latch;		/* latched count */
	u8 mode;		/* 0-5 */
	u8 rw;			/* 1 LSB, 2 MSB, 3 LSB then MSB */
	u8 bcd;
	u8 counting;		/* a count has been written since the control word */
	u8 triggered;		/* modes 1 and 5: a gate edge started the count */
	u8 gate;
	u8 null_count;		/* status bit 6: count written but not yet loaded */
	u8 write_msb;		/* rw 3: the next write is the MSB */
	u8 write_lsb_val;	/* rw 3: the LSB already written */
	u8 read_msb;		/* rw 3: the next read is the MSB */
	u8 latched;		/* bytes of the latched count still to read */
	u8 status_latched;
	u8 status;
	u8 irq_armed;		/* channel 0: next_irq_tick is scheduled */
};

struct pit_state {
	struct pit_channel ch[3];
	u8 port61;		/* bits 0-3 as last written */
};

struct pit {
	struct pit_state s;
	struct clock *clock;
	struct irq_line *irq0;
	struct timer timer;	/* channel 0's next IRQ0 edge */
	/* Told when channel 2 or port 0x61 changes (the PC speaker listens). */
	void (*speaker_changed)(void *opaque);
	void *speaker_opaque;
	struct bus *bus;
	struct device device;
};

#define PIT_SNAP_VERSION 1

static u64 pit_ticks(const struct pit *pit)
{
	return (u64)((unsigned __int128)pit->clock->icount * PIT_HZ / pit->clock->ips);
}

/* The first icount at which the tick count reaches tick. */
static u64 tick_to_icount(const struct pit *pit, u64 tick)
{
	return (u64)(((unsigned __int128)tick * pit->clock->ips + PIT_HZ - 1) / PIT_HZ);
}

static u32 ch_wrap(const struct pit_channel *c) { return c->bcd ? 10000 : 65536; }

u32 pit_period(const struct pit *pit, int ch)
{
	const struct pit_channel *c = &pit->s.ch[ch];
	return c->count ? c->count : ch_wrap(c);
}

static u64 ch_elapsed(const struct pit_channel *c, u64 now)
{
	if (!c->counting)
		return 0;
	if ((c->mode == 0 || c->mode == 4) && !c->gate)
		return c->held;
	if ((c->mode == 1 || c->mode == 5) && !c->triggered)
		return 0;
	return now - c->load_tick;
}

/* The counting element's value at tick now, as a binary number. */
static u32 ch_value(const struct pit *pit, const struct pit_channel *c, u64 now)
{
	u32 n = c->count ? c->count : ch_wrap(c);
	u32 wrap = ch_wrap(c);
	u64 e = ch_elapsed(c, now);
	u32 v;

	if (!c->counting)
		return c->count;
	switch (c->mode) {
	case 2:
		v = n - (u32)(e % n);
		break;
	case 3:
		v = n - (u32)((2 * e) % n);
		break;
	default:
		v = (u32)((n + wrap - e % wrap) % wrap);
		break;
	}
	return v == wrap ? 0 : v;
}

static bool ch_out(const struct pit_channel *c, u64 now)
{
	u32 n = c->count ? c->count : ch_wrap(c);
	u64 e = ch_elapsed(c, now);

	if (!c->counting)
		return c->mode != 0;
	switch (c->mode) {
	case 0:
		return e >= n;
	case 1:
		return !c->triggered || e >= n;
	case 2:
		return !c->gate || n < 2 || e % n != n - 1;
	case 3:
		return !c->gate || e % n < (n + 1) / 2;
	case 4:
		return e != n;
	default:
		return !c->triggered || e != n;
	}
}

bool pit_out(struct pit *pit, int ch)
{
	return ch_out(&pit->s.ch[ch], pit_ticks(pit));
}

static u16 to_bcd(u32 v)
{
	return (v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12;
}

static u32 from_bcd(u16 v)
{
	return (v & 15) + (v >> 4 & 15) * 10 + (v >> 8 & 15) * 100 + (v >> 12 & 15) * 1000;
}

static void speaker_note(struct pit *pit)
{
	if (pit->speaker_changed)
		pit->speaker_changed(pit->speaker_opaque);
}

/* Channel 0: schedule (or cancel) the next IRQ0 edge after a change. */
static void ch0_arm(struct pit *pit)
{
	struct pit_channel *c = &pit->s.ch[0];

	if (c->irq_armed)
		timer_mod(pit->clock, &pit->timer, tick_to_icount(pit, c->next_irq_tick));
	else
		timer_del(pit->clock, &pit->timer);
}

static void ch0_fire(void *opaque)
{
	struct pit *pit = opaque;
	struct pit_channel *c = &pit->s.ch[0];
	u32 n = pit_period(pit, 0);

	c->irq_armed = 0;
	switch (c->mode) {
	case 0:
	case 1:
		irq_raise(pit->irq0);	/* terminal count: OUT stays high */
		break;
	case 2:
	case 3:
		irq_lower(pit->irq0);	/* the rising edge starting each period */
		irq_raise(pit->irq0);
		c->next_irq_tick += n;
		c->irq_armed = 1;
		break;
	default:
		irq_lower(pit->irq0);	/* the one-clock strobe of modes 4 and 5 */
		irq_raise(pit->irq0);
		break;
	}
	ch0_arm(pit);
}

/* A full count has been written: start counting it. */
static void ch_load(struct pit *pit, int ch, u32 val)
{
	struct pit_channel *c = &pit->s.ch[ch];
	u64 now = pit_ticks(pit);

	c->count = c->bcd ? from_bcd(val) : val;
	c->counting = 1;
	c->null_count = 0;
	c->load_tick = now;
	c->held = 0;
	c->triggered = !(c->mode == 1 || c->mode == 5);
	if (ch == 0) {
		irq_set(pit->irq0, c->mode != 0);
		c->next_irq_tick = now + pit_period(pit, 0);
		c->irq_armed = c->mode != 1 && c->mode != 5;
		ch0_arm(pit);
	}
	if (ch == 2)
		speaker_note(pit);
}

static void ch_latch_count(struct pit *pit, struct pit_channel *c)
{
	if (c->latched)
		return;		/* a second latch before reading is ignored */
	u32 v = ch_value(pit, c, pit_ticks(pit));
	c->latch = c->bcd ? to_bcd(v) : v;
	c->latched = c->rw == 3 ? 2 : 1;
	c->read_msb = 0;
}

static void ch_latch_status(struct pit *pit, struct pit_channel *c)
{
	if (c->status_latched)
		return;
	c->status = ch_out(c, pit_ticks(pit)) << 7 | c->null_count << 6 | c->rw << 4 |
		    c->mode << 1 | c->bcd;
	c->status_latched = 1;
}

static void pit_control(struct pit *pit, u8 val)
{
	int sel = val >> 6;

	if (sel == 3) {		/* read-back: bits 1-3 pick channels 0-2 */
		for (int ch = 0; ch < 3; ch++) {
			if (!(val & (2u << ch)))
				continue;
			if (!(val & 0x20))
				ch_latch_count(pit, &pit->s.ch[ch]);
			if (!(val & 0x10))
				ch_latch_status(pit, &pit->s.ch[ch]);
		}
		return;
	}
	struct pit_channel *c = &pit->s.ch[sel];
	int rw = (val >> 4) & 3;
	if (rw == 0) {
		ch_latch_count(pit, c);
		return;
	}
	c->rw = rw;
	c->mode = (val >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4;	/* 6 and 7 are aliases of 2 and 3 */
	c->bcd = val & 1;
	c->counting = 0;
	c->null_count = 1;
	c->write_msb = 0;
	c->read_msb = 0;
	c->latched = 0;
	if (sel == 0) {
		irq_set(pit->irq0, c->mode != 0);
		c->irq_armed = 0;
		ch0_arm(pit);
	}
	if (sel == 2)
		speaker_note(pit);
}

static void ch_write(struct pit *pit, int ch, u8 val)
{
	struct pit_channel *c = &pit->s.ch[ch];

	switch (c->rw) {
	case 1:
		ch_load(pit, ch, val);
		break;
	case 2:
		ch_load(pit, ch, (u32)val << 8);
		break;
	case 3:
		if (!c->write_msb) {
			c->write_lsb_val = val;
			c->write_msb = 1;
		} else {
			c->write_msb = 0;
			ch_load(pit, ch, c->write_lsb_val | (u32)val << 8);
		}
		break;
	default:
		break;		/* no control word yet: the write goes nowhere */
	}
}

static u8 ch_read(struct pit *pit, int ch)
{
	struct pit_channel *c = &pit->s.ch[ch];
	u16 v;

	if (c->status_latched) {
		c->status_latched = 0;
		return c->status;
	}
	if (c->latched) {
		v = c->latch;
		c->latched--;
	} else {
		u32 x = ch_value(pit, c, pit_ticks(pit));
		v = c->bcd ? to_bcd(x) : x;
	}
	switch (c->rw) {
	case 2:
		return v >> 8;
	case 3:
		c->read_msb ^= 1;
		return c->read_msb ? v & 0xFF : v >> 8;
	default:
		return v & 0xFF;
	}
}

static void ch_set_gate(struct pit *pit, int ch, u8 gate)
{
	struct pit_channel *c = &pit->s.ch[ch];
	u64 now = pit_ticks(pit);

	if (gate == c->gate)
		return;
	if (gate) {
		switch (c->mode) {
		case 1:
		case 5:
			c->triggered = 1;
			c->load_tick = now;
			break;
		case 2:
		case 3:
			c->load_tick = now;
			break;
		default:
			c->load_tick = now - c->held;
			break;
		}
	} else if (c->mode == 0 || c->mode == 4) {
		c->held = c->counting ? now - c->load_tick : 0;
	}
	c->gate = gate;
}

static u32 pit_io_read(void *opaque, u32 offset, int size)
{
	struct pit *pit = opaque;
	return offset < 3 ? ch_read(pit, offset) : 0xFF;	/* the control word is write-only */
}

static void pit_io_write(void *opaque, u32 offset, u32 val, int size)
{
	struct pit *pit = opaque;
	if (offset == 3)
		pit_control(pit, val);
	else
		ch_write(pit, offset, val);
}

/* Port 0x61 (system control port B). Bit 4 toggles with every DRAM refresh,
 * every 15.085 us of virtual time; BIOS delay loops count its flips. */
static u32 port61_read(void *opaque, u32 offset, int size)
{
	struct pit *pit = opaque;
	u64 ns = clock_ns(pit->clock);
	u8 v = pit->s.port61 & 0x0F;

	v |= ((ns / 15085) & 1) << 4;
	v |= pit_out(pit, 2) << 5;
	return v;
}

static void port61_write(void *opaque, u32 offset, u32 val, int size)
{
	struct pit *pit = opaque;

	pit->s.port61 = val & 0x0F;
	ch_set_gate(pit, 2, val & 1);
	speaker_note(pit);
}

static const struct io_ops pit_ops = { pit_io_read, pit_io_write, 0 };
static const struct io_ops port61_ops = { port61_read, port61_write, 0 };

static void pit_reset(void *opaque)
{
	struct pit *pit = opaque;

	memset(&pit->s, 0, sizeof(pit->s));
	pit->s.ch[0].gate = 1;
	pit->s.ch[1].gate = 1;
	timer_del(pit->clock, &pit->timer);
	irq_lower(pit->irq0);
	speaker_note(pit);
}

static void pit_save(void *opaque, struct snap_writer *w)
{
	struct pit *pit = opaque;
	snap_put_section(w, "PIT ", PIT_SNAP_VERSION, &pit->s, sizeof(pit->s));
}

static int pit_load(void *opaque, struct snap_reader *r)
{
	struct pit *pit = opaque;
	struct pit_state s;

	if (snap_get_section(r, "PIT ", PIT_SNAP_VERSION, &s, sizeof(s)))
		return -1;
	for (int ch = 0; ch < 3; ch++) {
		/* A corrupt stream must not give a mode the code has no case for. */
		if (s.ch[ch].mode > 5 || s.ch[ch].rw > 3 || s.ch[ch].count > 65536) {
			snprintf(r->error, sizeof(r->error), "pit: channel %d state is invalid", ch);
			return -1;
		}
	}
	if (s.ch[0].irq_armed &&
	    s.ch[0].next_irq_tick + pit_period(pit, 0) + 65536 < pit_ticks(pit)) {
		snprintf(r->error, sizeof(r->error), "pit: channel 0 deadline lies in the past");
		return -1;
	}
	pit->s = s;
	irq_set(pit->irq0, ch_out(&pit->s.ch[0], pit_ticks(pit)));
	ch0_arm(pit);
	speaker_note(pit);
	return 0;
}

static void pit_info(void *opaque, void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct pit *pit = opaque;
	u64 now = pit_ticks(pit);

	for (int ch = 0; ch < 3; ch++) {
		struct pit_channel *c = &pit->s.ch[ch];
		print(ctx, "ch%d: mode %d rw %d%s count %u value %u out %d gate %d%s\n", ch,
		      c->mode, c->rw, c->bcd ? " bcd" : "", pit_period(pit, ch),
		      ch_value(pit, c, now), ch_out(c, now), c->gate,
		      c->counting ? "" : " (not counting)");
	}
	print(ctx, "port 0x61: %02x\n", port61_read(pit, 0, 1));
}

struct pit *pit_create(struct bus *bus, struct clock *clock, struct irq_line *irq0)
{
	struct pit *pit = calloc(1, sizeof(*pit));

	if (!pit)
		return NULL;
	pit->clock = clock;
	pit->bus = bus;
	pit->irq0 = irq0;
	timer_init(&pit->timer, "pit-irq0", ch0_fire, pit);
	if (bus_add_io(bus, 0x40, 4, &pit_ops, pit, "pit") ||
	    bus_add_io(bus, 0x61, 1, &port61_ops, pit, "port61")) {
		bus_remove_device(bus, pit);
		free(pit);
		return NULL;
	}
	pit->device = (struct device){
		.name = "pit", .dev = pit, .reset = pit_reset, .save = pit_save,
		.load = pit_load, .info = pit_info,
	};
	pit_reset(pit);
	return pit;
}

void pit_destroy(struct pit *pit)
{
	if (!pit)
		return;
	timer_del(pit->clock, &pit->timer);
	bus_remove_device(pit->bus, pit);
	free(pit);
}

struct device *pit_device(struct pit *pit) { return &pit->device; }

void pit_speaker(struct pit *pit, struct pit_speaker *out)
{
	const struct pit_channel *c = &pit->s.ch[2];

	*out = (struct pit_speaker){ .data_on = pit->s.port61 & 2 };
	if (!out->data_on)
		return;
	if ((pit->s.port61 & 1) && c->mode == 3 && c->counting) {
		out->square = true;
		out->period = pit_period(pit, 2);
		out->load_tick = c->load_tick;
	} else {
		out->level = pit_out(pit, 2);
	}
}

void pit_set_speaker_hook(struct pit *pit, void (*changed)(void *opaque), void *opaque)
{
	pit->speaker_changed = changed;
	pit->speaker_opaque = opaque;
}
