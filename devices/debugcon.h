/*
 * The Bochs/QEMU debug console at port 0xE9: bytes written go to a host
 * sink; a read returns 0xE9 so that a guest can detect it. No state.
 * The same device serves port 0x402 with -bios-log (QEMU's isa-debugcon
 * with iobase=0x402), where SeaBIOS writes its log: SeaBIOS reads the port
 * first and logs only if it answers 0xE9.
 */
#ifndef LUCID_DEBUGCON_H
#define LUCID_DEBUGCON_H

#include "emu/board/bus.h"
#include "emu/lib/sink.h"

struct debugcon;

/* Claims port 0xE9; output goes to out (copied). */
struct debugcon *debugcon_create(struct bus *bus, const struct byte_sink *out);
/* The same at another port (FW_BIOS_LOG_PORT). */
struct debugcon *debugcon_create_at(struct bus *bus, u16 port, const struct byte_sink *out);
void debugcon_destroy(struct debugcon *d);

#endif
