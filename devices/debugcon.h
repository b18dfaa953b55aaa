/*
 * The Bochs/QEMU debug console at port 0xE9: bytes written go to a host
 * sink; a read returns 0xE9 so that a guest can detect it. No state.
 */
#ifndef LUCID_DEBUGCON_H
#define LUCID_DEBUGCON_H

#include "emu/board/bus.h"
#include "emu/lib/sink.h"

struct debugcon;

/* Claims port 0xE9; output goes to out (copied). */
struct debugcon *debugcon_create(struct bus *bus, const struct byte_sink *out);
void debugcon_destroy(struct debugcon *d);

#endif
