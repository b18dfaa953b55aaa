/* isa-debug-exit (isa_debug_exit.h). */
#include <stdlib.h>

#include "devices/isa_debug_exit.h"

struct isa_debug_exit {
	struct bus *bus;
	void (*exit)(void *opaque, int status);
	void *opaque;
};

static u32 debugexit_read(void *opaque, u32 offset, int size)
{
	return 0xFFFFFFFFu >> (32 - 8 * size);
}

static void debugexit_write(void *opaque, u32 offset, u32 val, int size)
{
	struct isa_debug_exit *d = opaque;
	/* Only the first port counts, at any width (QEMU's behaviour). */
	if (offset == 0 && d->exit)
		d->exit(d->opaque, (int)((val << 1) | 1) & 0xFF);
}

static const struct io_ops debugexit_ops = { debugexit_read, debugexit_write, 1 | 2 | 4 };

struct isa_debug_exit *isa_debug_exit_create(struct bus *bus,
					     void (*exit)(void *opaque, int status),
					     void *opaque)
{
	struct isa_debug_exit *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	*d = (struct isa_debug_exit){ .bus = bus, .exit = exit, .opaque = opaque };
	if (bus_add_io(bus, FW_DEBUG_EXIT_PORT, 4, &debugexit_ops, d, "debug-exit")) {
		free(d);
		return NULL;
	}
	return d;
}

void isa_debug_exit_destroy(struct isa_debug_exit *d)
{
	if (!d)
		return;
	bus_remove_device(d->bus, d);
	free(d);
}
