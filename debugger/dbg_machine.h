/*
 * The debugger attached to a live machine: the dbg_target over struct
 * machine (memory through the bus, registers from struct cpu, execution
 * through machine_run), and the frontend entry point that main.c calls for
 * -debug, -debug-script/-x, -s and -S.
 */
#ifndef LUCID_DBG_MACHINE_H
#define LUCID_DBG_MACHINE_H

#include "debugger/dbg.h"
#include "emu/board/input.h"

struct machine;

struct dbg_options {
	bool debug;			/* -debug: prompt at the reset vector */
	const char *script;		/* -debug-script/-x FILE: batch commands */
	int gdb_port;			/* -s: port (1234), 0 = no stub */
	bool gdb_wait;			/* -S: wait for gdb before the first instruction */
	const char *kernel_symbols;	/* -kernel-symbols FILE (NULL: the default if present) */
	const char *symbols[8];		/* -symbols FILE (BIOS, boot sector, ...) */
	int nsymbols;
	/* Loaded when present: the kernel's symbols when none are named, and the
	 * BIOS's (set only when the default BIOS runs). NULL: none. */
	const char *default_kernel;
	const char *default_bios_elf;
};

/* Attach a debugger to m (symbols per o). NULL on failure (message printed). */
struct dbg *dbg_machine_attach(struct machine *m, const struct dbg_options *o);
void dbg_machine_detach(struct dbg *d);

/*
 * Run the machine under the debugger as the options say, until the session
 * ends. Returns the process exit status: the guest's isa-debug-exit status if
 * it exited, 0 after quit, 1 on a debugger error.
 */
int dbg_main(struct machine *m, const struct dbg_options *o);

#endif
