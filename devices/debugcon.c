/* The 0xE9 debug console, and the firmware log port 0x402 (debugcon.h). */
#include <stdlib.h>

#include "devices/debugcon.h"
#include "emu/lib/firmware.h"

struct debugcon {
	struct bus *bus;
	struct byte_sink out;
};

static u32 debugcon_read(void *opaque, u32 offset, int size)
{
	return 0xE9;
}

static void debugcon_write(void *opaque, u32 offset, u32 val, int size)
{
	struct debugcon *d = opaque;
	sink_putc(&d->out, val);
}

static const struct io_ops debugcon_ops = { debugcon_read, debugcon_write, 0 };

struct debugcon *debugcon_create(struct bus *bus, const struct byte_sink *out)
{
	return debugcon_create_at(bus, FW_DEBUGCON_PORT, out);
}

struct debugcon *debugcon_create_at(struct bus *bus, u16 port, const struct byte_sink *out)
{
	struct debugcon *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->bus = bus;
	if (out)
		d->out = *out;
	if (bus_add_io(bus, port, 1, &debugcon_ops, d, "debugcon")) {
		free(d);
		return NULL;
	}
	return d;
}

void debugcon_destroy(struct debugcon *d)
{
	if (!d)
		return;
	bus_remove_device(d->bus, d);
	free(d);
}
