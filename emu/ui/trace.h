/* The -d/-D diagnostic log, in the spirit of QEMU's (see trace.c). */
#ifndef LUCID_TRACE_H
#define LUCID_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "emu/lib/types.h"

struct machine;
struct trace;

/* The log's items, as bits; -d takes them comma-separated by name. */
enum {
	TRACE_INT = 1 << 0,		/* interrupts and exceptions */
	TRACE_CPU_RESET = 1 << 1,	/* resets, with the registers before */
	TRACE_UNIMP = 1 << 2,		/* unclaimed I/O ports, MSRs the model lacks */
	TRACE_GUEST_ERRORS = 1 << 3,	/* #UD with its bytes, triple faults */
	TRACE_IN_ASM = 1 << 4,		/* each block of code when first decoded */
};

/* Parse "int,cpu_reset,..." into *mask. 0, or -1 with a one-line reason. */
int trace_parse(const char *items, unsigned *mask, char *err, size_t errlen);
/* The items and what they log, for -d help. */
void trace_help(FILE *f);

/* Start logging the items in mask to path (NULL: stderr). NULL with err. */
struct trace *trace_open(struct machine *m, unsigned mask, const char *path, char *err,
			 size_t errlen);
/* Stop, detach from the machine and close the file. */
void trace_close(struct trace *t);

#endif
