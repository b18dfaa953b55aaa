/*
 * Byte sinks: where a device's output bytes go on the host (a UART's
 * transmitter, the debugcon port). main.c decides what a sink is (stdout, a
 * file, nothing); the device only calls it. A sink with no write function
 * swallows everything, which is what "-serial none" means.
 */
#ifndef LUCID_SINK_H
#define LUCID_SINK_H

#include <stddef.h>

struct byte_sink {
	void (*write)(void *opaque, const void *buf, size_t len);
	void *opaque;
};

static inline void sink_write(const struct byte_sink *s, const void *buf, size_t len)
{
	if (s && s->write)
		s->write(s->opaque, buf, len);
}

static inline void sink_putc(const struct byte_sink *s, unsigned char c)
{
	sink_write(s, &c, 1);
}

#endif
