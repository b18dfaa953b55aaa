/*
 * Small ports of the PC board:
 *  - 0x92, "system control port A" (IBM PS/2 technical reference; the same
 *    port on every chipset since): bit 1 gates A20 without the 8042, bit 0
 *    pulses a CPU reset. Like QEMU, the 8042 and this port drive the same A20
 *    gate and the last write wins (a chipset would OR them; no software we
 *    know of depends on the difference).
 *  - 0x80, the POST code port: BIOSes and Linux's outb_p write progress and
 *    delay bytes here; a POST card would show them, we keep the last 256 with
 *    the icount of each for the debugger.
 *  - 0xF4, QEMU's isa-debug-exit (iobase=0xf4): writing v ends the emulator
 *    with status (v << 1) | 1, so a guest test can report pass/fail.
 *  - 0xE9, the Bochs/QEMU debug console: bytes written go to a host sink;
 *    reading returns 0xE9 so a guest can detect it.
 */
#include <stdlib.h>
#include <string.h>

#include "devices/misc.h"

#define MISC_SNAP_VERSION 1

static u32 port92_read(void *opaque, u32 offset, int size)
{
	struct misc *m = opaque;
	return m->s.port92 & 0x02;
}

static void port92_write(void *opaque, u32 offset, u32 val, int size)
{
	struct misc *m = opaque;
	bool pulse = (val & 1) && !(m->s.port92 & 1);

	m->s.port92 = val & 0x03;
	bus_set_a20(m->bus, val & 0x02);
	if (pulse && m->reset_request) {
		m->s.port92 &= ~1;	/* the reset clears the bit again */
		m->reset_request(m->machine);
	}
}

static u32 post_read(void *opaque, u32 offset, int size)
{
	struct misc *m = opaque;
	return m->s.last_post;
}

static void post_write(void *opaque, u32 offset, u32 val, int size)
{
	struct misc *m = opaque;
	u32 i = (m->s.post_head + m->s.post_count) % POST_HISTORY;

	if (m->s.post_count == POST_HISTORY)
		m->s.post_head = (m->s.post_head + 1) % POST_HISTORY;
	else
		m->s.post_count++;
	m->s.post[i] = (struct post_code){ m->clock->icount, val & 0xFF };
	m->s.last_post = val;
}

bool misc_post_code(const struct misc *m, u32 i, struct post_code *out)
{
	if (i >= m->s.post_count)
		return false;
	*out = m->s.post[(m->s.post_head + m->s.post_count - 1 - i) % POST_HISTORY];
	return true;
}

static u32 debugexit_read(void *opaque, u32 offset, int size)
{
	return 0xFFFFFFFFu >> (32 - 8 * size);
}

static void debugexit_write(void *opaque, u32 offset, u32 val, int size)
{
	struct misc *m = opaque;
	if (offset == 0 && m->exit_request)
		m->exit_request(m->machine, (int)((val << 1) | 1) & 0xFF);
}

static u32 debugcon_read(void *opaque, u32 offset, int size)
{
	return 0xE9;
}

static void debugcon_write(void *opaque, u32 offset, u32 val, int size)
{
	struct misc *m = opaque;
	sink_putc(&m->debugcon, val);
}

static const struct io_ops port92_ops = { port92_read, port92_write, 0 };
static const struct io_ops post_ops = { post_read, post_write, 0 };
static const struct io_ops debugexit_ops = { debugexit_read, debugexit_write, 1 | 2 | 4 };
static const struct io_ops debugcon_ops = { debugcon_read, debugcon_write, 0 };

static void misc_reset(void *opaque)
{
	struct misc *m = opaque;

	/* The POST history survives a reset: it is what the debugger wants to see.
	 * The A20 gate itself is the 8042's to reset. */
	m->s.port92 = 0;
}

static void misc_save(void *opaque, struct snap_writer *w)
{
	struct misc *m = opaque;
	snap_put_section(w, "MISC", MISC_SNAP_VERSION, &m->s, sizeof(m->s));
}

static int misc_load(void *opaque, struct snap_reader *r)
{
	struct misc *m = opaque;
	struct misc_state s;

	if (snap_get_section(r, "MISC", MISC_SNAP_VERSION, &s, sizeof(s)))
		return -1;
	s.post_head %= POST_HISTORY;
	if (s.post_count > POST_HISTORY)
		s.post_count = POST_HISTORY;
	m->s = s;
	return 0;
}

static void misc_info(void *opaque, void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct misc *m = opaque;
	struct post_code pc;

	print(ctx, "A20 %s (port 0x92 bit 1 %s)\n", bus_a20_enabled(m->bus) ? "on" : "off",
	      (m->s.port92 & 2) ? "set" : "clear");
	print(ctx, "POST codes, latest first:");
	for (u32 i = 0; i < 16 && misc_post_code(m, i, &pc); i++)
		print(ctx, " %02x@%llu", pc.code, (unsigned long long)pc.icount);
	print(ctx, "\n");
}

struct misc *misc_create(struct bus *bus, struct clock *clock)
{
	struct misc *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->bus = bus;
	m->clock = clock;
	if (bus_add_io(bus, 0x92, 1, &port92_ops, m, "port92") ||
	    bus_add_io(bus, 0x80, 1, &post_ops, m, "post") ||
	    bus_add_io(bus, 0xF4, 4, &debugexit_ops, m, "debug-exit") ||
	    bus_add_io(bus, 0xE9, 1, &debugcon_ops, m, "debugcon")) {
		free(m);
		return NULL;
	}
	m->device = (struct device){
		.name = "misc", .dev = m, .reset = misc_reset, .save = misc_save,
		.load = misc_load, .info = misc_info,
	};
	misc_reset(m);
	return m;
}

void misc_destroy(struct misc *m)
{
	free(m);
}
