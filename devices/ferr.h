/*
 * The PC's coprocessor error latch (AT compatibility, SDM 1 D.2): the
 * x87's FERR# sets a latch that drives IRQ13; any write to port 0xF0
 * clears it (and releases IGNNE#). The latch itself lives with the FPU's
 * state (the CPU raises the line); this device only owns the port and
 * tells the machine, which clears it in the CPU.
 */
#ifndef LUCID_FERR_H
#define LUCID_FERR_H

#include "emu/board/bus.h"

struct ferr_port;

/* Claims port 0xF0 on bus; clear(opaque) runs on every write to it.
 * NULL when the port is taken or memory is short. */
struct ferr_port *ferr_port_create(struct bus *bus, void (*clear)(void *opaque), void *opaque);
void ferr_port_destroy(struct ferr_port *p);

#endif
