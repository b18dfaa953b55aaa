/*
 * The ELF symbol and DWARF loader (debugger/sym/): the input is an ELF
 * file, usually a damaged one. Symbols (libelf) and DWARF (libdw) are
 * loaded from it, then looked up the ways the debugger does: by address,
 * by name, source lines, functions, variables and types.
 */
#include "debugger/dbg.h"
#include "debugger/sym/dwarf.h"
#include "tests/fuzz/fuzz.h"

static void print_nothing(void *ctx, const char *fmt, ...)
{
}

void fuzz_setup(void)
{
}

void fuzz_one(const u8 *data, size_t len)
{
	const char *path = fuzz_file(0, data, len);
	char err[512], buf[128];
	struct dbg_symtab *st = sym_create();
	struct dbg_dwarf *dw = dw_create();
	if (!st || !dw)
		__builtin_trap();
	if (sym_load_elf(st, path, err, sizeof(err)) > 0) {
		u32 off;
		for (u32 a = 0; a < 16; a++) {
			sym_lookup_addr(st, a * 0x10000000u + 0x1000, &off);
			sym_format(st, a * 0x10000000u, buf, sizeof(buf));
		}
		sym_lookup_name(st, "main");
	}
	if (dw_load(dw, path, err, sizeof(err)) > 0) {
		Dwarf_Die die, type;
		u32 addr, lo, hi;
		s64 v;
		const char *file;
		int line;
		static const u32 probe[] = { 0, 0x1000, 0x100000, 0xc0100000, 0xc0000000, 0xfffffff0 };
		for (size_t i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
			dw_addr_line(dw, probe[i], &file, &line);
			dw_func_at(dw, probe[i], &die, &lo, &hi);
			dw_line_range(dw, probe[i], &lo, &hi);
		}
		if (dw_find_func(dw, "main", &die, &addr))
			dw_func_at(dw, addr, &die, &lo, &hi);
		if (dw_find_type(dw, "struct task", &type) || dw_find_type(dw, "int", &type)) {
			dw_size(&type);
			dw_is_signed(&type);
			dw_type_decl(&type, "x", buf, sizeof(buf));
			dw_ptype(&type, print_nothing, NULL);
		}
		dw_find_var(dw, "jiffies", &type, &addr);
		dw_find_enumerator(dw, "TASK_RUNNING", &v);
		dw_line_addr(dw, "main.c", 10, &addr);
	}
	dw_destroy(dw);
	sym_destroy(st);
}
