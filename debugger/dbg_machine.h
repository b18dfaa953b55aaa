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
	char gdb_host[16];		/* -gdb tcp:HOST:PORT: IPv4 address ("": 127.0.0.1) */
	bool gdb_wait;			/* -S: wait for gdb before the first instruction */
	const char *kernel_symbols;	/* -kernel-symbols FILE (NULL: the default if present) */
	const char *symbols[8];		/* -symbols FILE (BIOS, boot sector, ...) */
	int nsymbols;
	/* Loaded when present: the kernel's symbols when none are named, and the
	 * BIOS's (set only when the default BIOS runs). NULL: none. */
	const char *default_kernel;
	const char *default_bios_elf;
	/* Host input to feed between slices of a run (an -input-script's
	 * serial watch); called with ctx, never interrupts. NULL: none. */
	void (*feed)(void *ctx);
	void *feed_ctx;
};

/* Attach a debugger to m (symbols per o). NULL on failure (message printed). */
struct dbg *dbg_machine_attach(struct machine *m, const struct dbg_options *o);
void dbg_machine_detach(struct dbg *d);

/*
 * Run the machine under the debugger as the options say, until the session
 * ends. Returns the process exit status: the guest's isa-debug-exit status if
 * it exited, 0 after quit or SIGTERM (output flushed), 1 on a debugger error;
 * or DBG_MAIN_RUN_ON when gdb detached with nothing else to do: the debugger
 * is gone and the caller runs the machine on as it would without one.
 */
#define DBG_MAIN_RUN_ON (-1)

int dbg_main(struct machine *m, const struct dbg_options *o);

#endif
