/*
 * QEMU's isa-debug-exit device (iobase=0xf4, iosize=4): writing v asks the
 * machine to end the run with status (v << 1) | 1, so that a guest test can
 * report pass or fail. Reads return all ones. No state.
 */
#ifndef LUCID_ISA_DEBUG_EXIT_H
#define LUCID_ISA_DEBUG_EXIT_H

#include "emu/board/bus.h"
#include "emu/lib/firmware.h"

struct isa_debug_exit;

/* Claims ports FW_DEBUG_EXIT_PORT..+3; exit(opaque, status) on a write. */
struct isa_debug_exit *isa_debug_exit_create(struct bus *bus,
					     void (*exit)(void *opaque, int status),
					     void *opaque);
void isa_debug_exit_destroy(struct isa_debug_exit *d);

#endif
