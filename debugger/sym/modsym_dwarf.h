/*
 * A loaded module's DWARF: the .ko (an ELF32 relocatable object) read from
 * the host, its debug sections relocated to the addresses the module's
 * sections have in the running kernel (what Linux's /sys/module/NAME/sections
 * shows and gdb's add-symbol-file -s takes), then indexed like the kernel's,
 * so that break FILE:LINE, p, bt and locals work in module code.
 */
#ifndef LUCID_DBG_MODSYM_DWARF_H
#define LUCID_DBG_MODSYM_DWARF_H

#include <stddef.h>

#include "debugger/sym/dwarf.h"

struct mod_section {
	char name[48];		/* ".text", ".data", ... */
	u32 addr;		/* where the loader put it */
};

/* Load ko's DWARF relocated to secs, tagged with origin (dw_drop_origin
 * forgets it). Returns the number of names indexed, 0 when the .ko has no
 * DWARF, or -1 with err set. */
int modsym_dwarf_load(struct dbg_dwarf *dw, const char *ko, const char *origin,
		      const struct mod_section *secs, int nsecs, char *err, size_t errlen);

/* The allocated (SHF_ALLOC) sections of ko, in the file's order, names
 * only (addr 0): how gdb's qXfer:libraries "section" addresses are
 * matched to the object's sections. Their number, or -1. */
int modsym_alloc_sections(const char *ko, struct mod_section *out, int max);

#endif
