/*
 * Port 0x92, "system control port A" (port92.h). Like QEMU, the 8042 and
 * this port drive the same A20 gate and the last write wins (a chipset
 * would OR them; no software we know of depends on the difference).
 */
#include <stdlib.h>

#include "devices/port92.h"

struct port92 {
	struct bus *bus;
	u8 value;		/* bit 1: fast A20; bit 0 reads back 0 after the pulse */
	void (*reset)(void *opaque);
	void *opaque;
};

static u32 port92_read(void *opaque, u32 offset, int size)
{
	struct port92 *p = opaque;
	return p->value & 0x02;
}

static void port92_write(void *opaque, u32 offset, u32 val, int size)
{
	struct port92 *p = opaque;
	bool pulse = (val & 1) && !(p->value & 1);

	p->value = val & 0x03;
	bus_set_a20(p->bus, val & 0x02);
	if (pulse && p->reset) {
		p->value &= ~1;	/* the reset clears the bit again */
		p->reset(p->opaque);
	}
}

static const struct io_ops port92_ops = { port92_read, port92_write, 0 };

struct port92 *port92_create(struct bus *bus, void (*reset)(void *opaque), void *opaque)
{
	struct port92 *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	*p = (struct port92){ .bus = bus, .reset = reset, .opaque = opaque };
	if (bus_add_io(bus, 0x92, 1, &port92_ops, p, "port92")) {
		free(p);
		return NULL;
	}
	return p;
}

void port92_destroy(struct port92 *p)
{
	if (!p)
		return;
	bus_remove_device(p->bus, p);
	free(p);
}

void port92_reset(struct port92 *p)
{
	p->value = 0;
}

u8 port92_get(const struct port92 *p)
{
	return p->value;
}

void port92_set(struct port92 *p, u8 v)
{
	p->value = v & 0x03;
}
