/*
 * The DWARF of loaded modules (modsyms' second half, as Linux's lx-symbols):
 * the module's section addresses are read from its struct module
 * (sect_attrs, what /sys/module/NAME/sections/ lists), its .ko is looked for
 * on the host (the directory modsyms was given, else modules/ next to the
 * kernel's ELF, where the build puts them), and its debug sections are loaded
 * relocated to those addresses (sym/modsym_dwarf.c). For gdb through the stub
 * (`monitor modsyms`) each module's add-symbol-file line is printed, as
 * lx-symbols would type it.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/kview/kview.h"
#include "debugger/sym/modsym_dwarf.h"

#define MAX_SECTIONS 64

/* The module's sections from guest memory; their number, or -1. */
static int module_sections(struct dbg *d, u32 mod, struct mod_section *secs, int max)
{
	u64 attrs = 0, num = 0, esz = 0;
	if (!kview_eval(d, &attrs, "(unsigned long)((struct module *)0x%x)->sect_attrs", mod) ||
	    !kview_eval(d, &num, "((struct module *)0x%x)->num_sect_attrs", mod) ||
	    !kview_eval(d, &esz, "sizeof(struct module_sect_attr)"))
		return -1;
	int n = 0;
	for (u64 i = 0; i < num && n < max; i++) {
		u32 e = (u32)(attrs + i * esz);
		u64 np = 0, addr = 0;
		if (!kview_eval(d, &np, "(unsigned long)((struct module_sect_attr *)0x%x)->name", e) ||
		    !kview_eval(d, &addr, "((struct module_sect_attr *)0x%x)->addr", e))
			return -1;
		kview_read_str(d, (u32)np, secs[n].name, sizeof(secs[n].name));
		secs[n].addr = (u32)addr;
		if (secs[n].name[0])
			n++;
	}
	return n;
}

/* Where NAME.ko is on the host: DIR/NAME.ko, else modules/NAME.ko beside
 * the kernel's ELF (the one start_kernel came from). */
static bool find_ko(struct dbg *d, const char *dir, const char *name, char *out, size_t len)
{
	char path[PATH_MAX];
	if (dir && *dir) {
		snprintf(path, sizeof(path), "%s/%s.ko", dir, name);
	} else {
		const struct dbg_sym *k = sym_lookup_name(d->st, "start_kernel");
		if (!k || !k->file)
			return false;
		const char *slash = strrchr(k->file, '/');
		int dl = slash ? (int)(slash - k->file) : 1;
		snprintf(path, sizeof(path), "%.*s/modules/%s.ko", dl, slash ? k->file : ".", name);
	}
	if (access(path, R_OK))
		return false;
	if (!realpath(path, out))
		snprintf(out, len, "%s", path);
	return true;
}

void kview_module_dwarf(struct dbg *d, u32 mod, const char *name, const char *dir)
{
	struct mod_section secs[MAX_SECTIONS];
	char ko[PATH_MAX], origin[80], err[300];
	int n = module_sections(d, mod, secs, MAX_SECTIONS);
	if (n <= 0) {
		dbg_printf(d, "%s: no section addresses (struct module.sect_attrs)\n", name);
		return;
	}
	if (!find_ko(d, dir, name, ko, sizeof(ko))) {
		dbg_printf(d, "%s: no %s.ko found (modsyms DIR names where the .ko files are)\n",
			   name, name);
		return;
	}
	snprintf(origin, sizeof(origin), "[%s]", name);
	int m = modsym_dwarf_load(d->dw, ko, origin, secs, n, err, sizeof(err));
	if (m < 0)
		dbg_printf(d, "%s: %s\n", name, err);
	else
		dbg_printf(d, "%s: DWARF from %s%s\n", name, ko, m ? "" : " (none in it)");
	/* gdb's line: the .text address first (when the module has code
	 * outside .init.text and .exit.text), then every other section. */
	dbg_printf(d, "add-symbol-file %s", ko);
	for (int i = 0; i < n; i++)
		if (!strcmp(secs[i].name, ".text"))
			dbg_printf(d, " 0x%08x", secs[i].addr);
	for (int i = 0; i < n; i++)
		if (strcmp(secs[i].name, ".text"))
			dbg_printf(d, " -s %s 0x%08x", secs[i].name, secs[i].addr);
	dbg_printf(d, "\n");
}

/* gdb's <library> entry for a module (qXfer:libraries): its .ko on the host
 * and one <section address> for each allocated section of the .ko in file
 * order, where the loader put it (0 for one the kernel did not keep), as
 * gdb's solib-target relocates a relocatable object. Bytes written. */
size_t kview_module_library(struct dbg *d, u32 mod, const char *name, char *xml, size_t size)
{
	struct mod_section live[MAX_SECTIONS], file[MAX_SECTIONS];
	char ko[PATH_MAX];
	int n = module_sections(d, mod, live, MAX_SECTIONS), nf;
	if (n <= 0 || !find_ko(d, NULL, name, ko, sizeof(ko)) ||
	    (nf = modsym_alloc_sections(ko, file, MAX_SECTIONS)) <= 0)
		return 0;
	size_t k = (size_t)snprintf(xml, size, "<library name=\"%s\">", ko);
	for (int i = 0; i < nf && k < size; i++) {
		u32 a = 0;
		for (int j = 0; j < n; j++)
			if (!strcmp(live[j].name, file[i].name))
				a = live[j].addr;
		k += (size_t)snprintf(xml + k, size - k, "<section address=\"0x%x\"/>", a);
	}
	if (k < size)
		k += (size_t)snprintf(xml + k, size - k, "</library>\n");
	return k < size ? k : 0;
}
