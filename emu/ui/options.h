/*
 * lucid's command line: one table of options (name, argument, help text,
 * where the value goes) from which both the parser and -h are made, so the
 * help can never list an option the parser refuses or miss one it accepts.
 * The spellings follow QEMU's wherever QEMU has the same option.
 */
#ifndef LUCID_OPTIONS_H
#define LUCID_OPTIONS_H

#include <stdio.h>

#include "debugger/dbg_machine.h"
#include "emu/machine/machine.h"

/* Everything the command line says, checked but not yet acted on. */
struct lucid_options {
	const char *argv0;
	struct machine_config cfg;	/* the machine (no sinks yet) */
	const char *serial;		/* COM1: "stdio", "file:PATH", "none"; NULL: by display */
	const char *debugcon;		/* port 0xE9, the same spellings */
	const char *bios_log;		/* port 0x402 (SeaBIOS's log); "none": no port */
	const char *display;		/* "sdl", "text", "none"; NULL: by terminal */
	bool panels;			/* -display sdl,panels=on */
	const char *screenshot;		/* PNG at the end of the run */
	bool pace, pace_given, stats;
	const char *record, *replay, *loadvm;
	u64 rr_interval;
	const char *input_script, *screen_dump;
	unsigned trace_mask;		/* -d items (emu/ui/trace.h) */
	const char *trace_file;		/* -D: the log's file, else stderr */
	struct dbg_options dopt;
	bool bios_given;		/* -bios named a file (the default may need symbols) */
	char *drive_file[4];		/* -drive file= names, unescaped (",," is ","): ours */
};

/*
 * Parse argv into o (which options_parse initialises). Returns -1 when the
 * run should go on, or the exit status to end with now: 0 after -h, 2 after
 * a one-line error on stderr (unknown option, missing or bad argument).
 */
int options_parse(struct lucid_options *o, int argc, char **argv);

/* The help generated from the table (-h). */
void options_usage(FILE *f, const char *argv0);

/*
 * The checks that need the whole command line (combinations, readable
 * debugger files) and the defaults that follow from it (the display, where
 * COM1 goes, the data files). 0, or -1 after a one-line error.
 */
int options_finish(struct lucid_options *o);

/* Whether the debugger runs the machine (a prompt, a script or gdb). */
bool options_debugging(const struct lucid_options *o);

/* Free what options_finish allocated (the default data file paths). */
void options_free(struct lucid_options *o);

#endif
