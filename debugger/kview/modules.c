/*
 * Loaded modules (Linux's scripts/gdb lx-lsmod and lx-symbols): lsmod walks
 * the kernel's `modules` list and prints each module's name, core address
 * and size, reference count and state; modsyms reads every module's symbol
 * table from guest memory (struct module.kallsyms, the loader's copy of the
 * .ko's function and object symbols at their load addresses) into the
 * debugger's, so `break helloworld_init` and addresses inside module code
 * resolve. Symbols of a module are named after it ("[helloworld]") and
 * replaced on every modsyms, so a reload at another address is picked up.
 * modsyms also loads each module's DWARF from its .ko (modules_dwarf.c).
 */
#include <string.h>

#include "debugger/kview/kview.h"

#define MAX_MODULES 256

/* The struct module addresses on the list, newest first; -1 if the kernel has none. */
static int module_list(struct dbg *d, u32 *mods, int max)
{
	u64 head, next, off;
	if (!kview_eval(d, &head, "(unsigned long)&modules") ||
	    !kview_eval(d, &off, "(unsigned long)&((struct module *)0)->list"))
		return -1;
	int n = 0;
	if (!kview_eval(d, &next, "(unsigned long)modules.next"))
		return -1;
	while (next != head && next && n < max) {
		mods[n++] = (u32)(next - off);
		if (!kview_eval(d, &next, "(unsigned long)((struct list_head *)0x%x)->next", (u32)next))
			break;
	}
	return n;
}

static u64 mod_field(struct dbg *d, u32 mod, const char *field)
{
	u64 v = 0;
	kview_eval(d, &v, "(unsigned long)((struct module *)0x%x)->%s", mod, field);
	return v;
}

static int cmd_lsmod(struct dbg *d, const char *args)
{
	static const char *const states[] = { "Live", "Loading", "Unloading", "Unformed" };
	u32 mods[MAX_MODULES];
	int n = module_list(d, mods, MAX_MODULES);
	if (!kview_need(d, n >= 0, "modules list (struct module)"))
		return -1;
	dbg_printf(d, "%-20s %-10s %8s %6s %-9s %s\n", "Module", "Address", "Size", "Used", "State",
		   "Init");
	for (int i = 0; i < n; i++) {
		char name[64];
		u64 off = 0;
		kview_eval(d, &off, "(unsigned long)&((struct module *)0)->name");
		kview_read_str(d, mods[i] + (u32)off, name, sizeof(name));
		u64 st = mod_field(d, mods[i], "state");
		dbg_printf(d, "%-20s 0x%08x %8u %6d %-9s 0x%08x\n", name,
			   (u32)mod_field(d, mods[i], "core_layout.base"),
			   (u32)mod_field(d, mods[i], "core_layout.size"),
			   (int)(u32)mod_field(d, mods[i], "refcnt"), st < 4 ? states[st] : "?",
			   (u32)mod_field(d, mods[i], "init_layout.base"));
	}
	if (!n)
		dbg_printf(d, "(no modules loaded)\n");
	return 0;
}

static int cmd_modsyms(struct dbg *d, const char *args)
{
	u32 mods[MAX_MODULES];
	int n = module_list(d, mods, MAX_MODULES), total = 0;
	if (!kview_need(d, n >= 0, "modules list (struct module)"))
		return -1;
	/* Forget every module's symbols first: one may have gone or moved. */
	for (int i = sym_count(d->st) - 1; i >= 0; i--) {
		const struct dbg_sym *s = sym_get(d->st, i);
		if (s && s->file && s->file[0] == '[') {
			char origin[80];
			snprintf(origin, sizeof(origin), "%s", s->file);
			sym_drop_origin(d->st, origin);
			i = sym_count(d->st);
		}
	}
	dw_drop_origin(d->dw, NULL);
	while (*args == ' ')
		args++;
	for (int m = 0; m < n; m++) {
		char name[64], origin[80];
		u64 off = 0, ks = mod_field(d, mods[m], "kallsyms"), num = 0, syms = 0, esz = 0;
		kview_eval(d, &off, "(unsigned long)&((struct module *)0)->name");
		kview_read_str(d, mods[m] + (u32)off, name, sizeof(name));
		snprintf(origin, sizeof(origin), "[%s]", name);
		if (!ks || !kview_eval(d, &num, "((struct mod_kallsyms *)0x%x)->num", (u32)ks) ||
		    !kview_eval(d, &syms, "(unsigned long)((struct mod_kallsyms *)0x%x)->syms", (u32)ks) ||
		    !kview_eval(d, &esz, "sizeof(struct mod_kallsym)"))
			continue;
		int added = 0;
		for (u64 i = 0; i < num && i < 100000; i++) {
			u32 e = (u32)(syms + i * esz);
			u64 addr, size, np, type;
			char sname[128];
			if (!kview_eval(d, &addr, "((struct mod_kallsym *)0x%x)->addr", e) ||
			    !kview_eval(d, &size, "((struct mod_kallsym *)0x%x)->size", e) ||
			    !kview_eval(d, &np, "(unsigned long)((struct mod_kallsym *)0x%x)->name", e) ||
			    !kview_eval(d, &type, "((struct mod_kallsym *)0x%x)->type", e))
				break;
			kview_read_str(d, (u32)np, sname, sizeof(sname));
			if (!sname[0])
				continue;
			if (sym_add_extra(d->st, origin, (u32)addr, (u32)size, sname,
					  type == 't' || type == 'T') < 0)
				break;
			added++;
		}
		dbg_printf(d, "%s: %d symbols at 0x%08x\n", name, added,
			   (u32)mod_field(d, mods[m], "core_layout.base"));
		total += added;
		kview_module_dwarf(d, mods[m], name, args);
	}
	sym_sort(d->st);
	if (!n)
		dbg_printf(d, "(no modules loaded)\n");
	return total >= 0 ? 0 : -1;
}

size_t kview_modules_xml(struct dbg *d, char *xml, size_t size)
{
	u32 mods[MAX_MODULES];
	int n = module_list(d, mods, MAX_MODULES);
	size_t k = 0;
	for (int m = n - 1; m >= 0 && k < size; m--) {
		char name[64];
		u64 off = 0;
		kview_eval(d, &off, "(unsigned long)&((struct module *)0)->name");
		kview_read_str(d, mods[m] + (u32)off, name, sizeof(name));
		if (name[0])
			k += kview_module_library(d, mods[m], name, xml + k, size - k);
	}
	return k;
}

const struct dbg_command kview_modules_commands[] = {
	{ "lsmod", NULL, cmd_lsmod, "lsmod: loaded modules (name, address, size, users, state)" },
	{ "modsyms", "lx-symbols", cmd_modsyms,
	  "modsyms [DIR]: load every loaded module's symbols from guest memory and its DWARF "
	  "from DIR/NAME.ko (default: modules/ beside the kernel's ELF); prints gdb's "
	  "add-symbol-file lines" },
	{ NULL, NULL, NULL, NULL },
};
