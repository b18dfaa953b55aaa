/*
 * Port 0xF0: clear the coprocessor error latch (ferr.h). Reads return
 * 0xFF (nothing answers), like an AT.
 */
#include <stdlib.h>

#include "devices/ferr.h"

struct ferr_port {
	struct bus *bus;
	void (*clear)(void *opaque);	/* a write to 0xF0 */
	void *opaque;
};

static u32 ferr_read(void *dev, u32 offset, int size)
{
	return 0xFF;
}

static void ferr_write(void *dev, u32 offset, u32 val, int size)
{
	struct ferr_port *p = dev;

	if (p->clear)
		p->clear(p->opaque);
}

static const struct io_ops ferr_ops = { ferr_read, ferr_write, 0 };

struct ferr_port *ferr_port_create(struct bus *bus, void (*clear)(void *opaque), void *opaque)
{
	struct ferr_port *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	*p = (struct ferr_port){ .bus = bus, .clear = clear, .opaque = opaque };
	if (bus_add_io(bus, 0xF0, 1, &ferr_ops, p, "ferr")) {
		free(p);
		return NULL;
	}
	return p;
}

void ferr_port_destroy(struct ferr_port *p)
{
	if (!p)
		return;
	bus_remove_device(p->bus, p);
	free(p);
}
