/*
 * Bochs's shutdown port 0x8900: the string "Shutdown" written to it one byte
 * at a time powers the machine off (Bochs ends the simulation; QEMU had the
 * same port until its PC BIOS moved to SeaBIOS). A PC without ACPI or APM
 * has no other way for software to turn the power off. Lucid ends the run
 * with status 0: the guest powered off, as opposed to the isa-debug-exit
 * port, whose statuses are always odd. Any other byte starts the match over.
 * The match position is not saved in snapshots: the kernel writes the eight
 * bytes with interrupts off, in one go.
 */
#ifndef LUCID_SHUTDOWN_PORT_H
#define LUCID_SHUTDOWN_PORT_H

#include "emu/board/bus.h"

#define SHUTDOWN_PORT	0x8900

struct shutdown_port;

/* Claims port SHUTDOWN_PORT; power_off(opaque) once "Shutdown" is written. */
struct shutdown_port *shutdown_port_create(struct bus *bus, void (*power_off)(void *opaque),
					   void *opaque);
void shutdown_port_destroy(struct shutdown_port *s);

#endif
