/*
 * A small machine for the snapshot and record-log harnesses: 2 MiB of RAM,
 * a 64 KiB ROM whose reset vector loops writing to RAM and to COM1 (so its
 * state changes while it runs), and a 64 KiB scratch disk in -snapshot mode
 * (a memfd: the disk overlay is saved and loaded too).
 *
 * Creating a machine for every input costs more than the input (page
 * faults on fresh RAM), so tiny_machine() keeps one, saved as it was made;
 * tiny_machine_done() after each input loads that state back. Each input
 * thus starts from the same machine, and the reload is part of the input's
 * own run (AFL's coverage of an input does not depend on the one before).
 */
#ifndef LUCID_FUZZ_TINY_MACHINE_H
#define LUCID_FUZZ_TINY_MACHINE_H

#include "emu/machine/machine.h"

struct machine *tiny_machine(void);
void tiny_machine_done(void);
/* A new machine of the same configuration (for making seeds). */
struct machine *tiny_machine_new(void);

#endif
