/*
 * System control port A at 0x92 (IBM PS/2 technical reference; the same
 * port on every chipset since): bit 1 gates A20 without the 8042, bit 0
 * pulses a CPU reset.
 */
#ifndef LUCID_PORT92_H
#define LUCID_PORT92_H

#include "emu/board/bus.h"

struct port92;

/* Claims port 0x92; reset(opaque) is called on a reset pulse. */
struct port92 *port92_create(struct bus *bus, void (*reset)(void *opaque), void *opaque);
void port92_destroy(struct port92 *p);
/* Power-on: both bits clear (the A20 gate itself is the 8042's to reset). */
void port92_reset(struct port92 *p);
/* The latched bits, for the board's saved state and "info misc". */
u8 port92_get(const struct port92 *p);
void port92_set(struct port92 *p, u8 v);

#endif
