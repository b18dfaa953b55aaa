/*
 * A small machine for the snapshot and record-log harnesses: 2 MiB of RAM,
 * a 64 KiB ROM whose reset vector loops writing to RAM and to COM1 (so its
 * state changes while it runs), and a 1 MiB scratch disk in -snapshot mode
 * (a memfd: the disk overlay is saved and loaded too). Creating one takes
 * well under a millisecond, so each input gets a fresh machine and runs
 * do not depend on each other.
 */
#ifndef LUCID_FUZZ_TINY_MACHINE_H
#define LUCID_FUZZ_TINY_MACHINE_H

#include "emu/machine/machine.h"

struct machine *tiny_machine(void);

#endif
