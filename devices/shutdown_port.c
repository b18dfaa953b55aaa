/* Bochs's shutdown port (shutdown_port.h). */
#include <stdlib.h>

#include "devices/shutdown_port.h"

static const char shutdown_string[] = "Shutdown";

struct shutdown_port {
	struct bus *bus;
	unsigned matched;	/* bytes of "Shutdown" seen so far */
	void (*power_off)(void *opaque);
	void *opaque;
};

static u32 shutdown_read(void *opaque, u32 offset, int size)
{
	return 0xFFFFFFFFu >> (32 - 8 * size);
}

static void shutdown_write(void *opaque, u32 offset, u32 val, int size)
{
	struct shutdown_port *s = opaque;
	u8 c = val & 0xFF;

	if (c == (u8)shutdown_string[s->matched])
		s->matched++;
	else
		s->matched = c == (u8)shutdown_string[0];
	if (s->matched == sizeof(shutdown_string) - 1) {
		s->matched = 0;
		if (s->power_off)
			s->power_off(s->opaque);
	}
}

static const struct io_ops shutdown_ops = { shutdown_read, shutdown_write, 0 };

struct shutdown_port *shutdown_port_create(struct bus *bus, void (*power_off)(void *opaque),
					   void *opaque)
{
	struct shutdown_port *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	*s = (struct shutdown_port){ .bus = bus, .power_off = power_off, .opaque = opaque };
	if (bus_add_io(bus, SHUTDOWN_PORT, 1, &shutdown_ops, s, "shutdown")) {
		free(s);
		return NULL;
	}
	return s;
}

void shutdown_port_destroy(struct shutdown_port *s)
{
	if (!s)
		return;
	bus_remove_device(s->bus, s);
	free(s);
}
