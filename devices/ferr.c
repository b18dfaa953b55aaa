/*
 * Port 0xF0: clear the coprocessor error latch (ferr.h). Reads return
 * 0xFF (nothing answers), like an AT.
 */
#include "devices/ferr.h"

static u32 ferr_read(void *dev, u32 offset, int size)
{
	(void)dev;
	(void)offset;
	(void)size;
	return 0xFF;
}

static void ferr_write(void *dev, u32 offset, u32 val, int size)
{
	struct ferr_port *p = dev;
	(void)offset;
	(void)val;
	(void)size;
	if (p->clear)
		p->clear(p->opaque);
}

static const struct io_ops ferr_ops = { ferr_read, ferr_write, 0 };

int ferr_port_init(struct ferr_port *p, struct bus *bus, void (*clear)(void *opaque),
		   void *opaque)
{
	p->clear = clear;
	p->opaque = opaque;
	return bus_add_io(bus, 0xF0, 1, &ferr_ops, p, "ferr");
}
