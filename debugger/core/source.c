/*
 * Source views from the DWARF line tables: list (source around a function or
 * line), info line, and the "file:line" shown when execution stops. Source
 * files are looked up as the compiler named them, then under the compilation
 * directory, then by stripping leading directories against the current one
 * (worktrees move, the relative path within the project does not).
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/core/dbg_int.h"

static FILE *open_source(const char *name, const char *comp_dir)
{
	FILE *f = fopen(name, "r");
	if (f)
		return f;
	char path[1024];
	if (comp_dir && name[0] != '/') {
		snprintf(path, sizeof(path), "%s/%s", comp_dir, name);
		if ((f = fopen(path, "r")))
			return f;
	}
	for (const char *p = name; (p = strchr(p, '/')); ) {
		p++;
		if ((f = fopen(p, "r")))
			return f;
	}
	return NULL;
}

static void print_lines(struct dbg *d, const char *file, const char *comp_dir, int from, int to)
{
	FILE *f = open_source(file, comp_dir);
	if (!f) {
		dbg_err(d, "%d\tin %s (source file not found)", from, file);
		return;
	}
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (n < from)
			continue;
		if (n > to)
			break;
		size_t l = strlen(line);
		dbg_printf(d, "%d\t%s%s", n, line, l && line[l - 1] == '\n' ? "" : "\n");
	}
	fclose(f);
	snprintf(d->list_file, sizeof(d->list_file), "%s", file);
	d->list_line = to + 1;
}

/* list [FUNCTION | FILE:LINE | *ADDR | LINE]; no argument continues. */
void dbg_list(struct dbg *d, const char *args)
{
	const char *file = NULL, *comp = NULL;
	int line = 0;
	u32 addr;
	Dwarf_Die die;
	while (*args == ' ')
		args++;
	if (!*args) {
		if (!d->list_file[0]) {
			dbg_err(d, "No default source file; try \"list FUNCTION\".");
			return;
		}
		print_lines(d, d->list_file, NULL, d->list_line, d->list_line + 9);
		return;
	}
	const char *colon = strchr(args, ':');
	if (colon && args[0] != '*') {
		char f[256];
		snprintf(f, sizeof(f), "%.*s", (int)(colon - args), args);
		line = atoi(colon + 1);
		if (dw_line_addr(d->dw, f, line, &addr) && dw_addr_line(d->dw, addr, &file, &line))
			comp = dw_comp_dir(d->dw, addr);
		else
			file = NULL;
		if (!file) {
			dbg_err(d, "No line %s in the symbol files.", args);
			return;
		}
		line = atoi(colon + 1);
	} else if (args[0] >= '0' && args[0] <= '9' && d->list_file[0]) {
		line = atoi(args);
		print_lines(d, d->list_file, NULL, line > 5 ? line - 5 : 1, (line > 5 ? line - 5 : 1) + 9);
		return;
	} else {
		if (args[0] == '*') {
			if (dbg_parse_addr(d, args + 1, &addr) < 0)
				return;
		} else if (!dw_find_func(d->dw, args, &die, &addr)) {
			const struct dbg_sym *s = sym_lookup_name(d->st, args);
			if (!s) {
				dbg_err(d, "Function \"%s\" not defined.", args);
				return;
			}
			addr = s->addr;
		}
		if (!dw_addr_line(d->dw, addr, &file, &line)) {
			dbg_err(d, "No line number information available for address 0x%x", addr);
			return;
		}
		comp = dw_comp_dir(d->dw, addr);
		/* gdb centres the function's first line in ten. */
		if (args[0] != '*' && dw_find_func(d->dw, args, &die, &addr)) {
			int decl;
			if (dwarf_decl_line(&die, &decl) == 0)
				line = decl;
		}
	}
	int from = line > 4 ? line - 4 : 1;
	print_lines(d, file, comp, from, from + 9);
}

/* info line [FUNCTION | *ADDR]: the address range of a source line. */
void dbg_info_line(struct dbg *d, const char *args)
{
	u32 addr;
	Dwarf_Die die;
	while (*args == ' ')
		args++;
	if (!*args) {
		struct dbg_regs r;
		dbg_regs(d, &r);
		addr = dbg_pc(&r);
	} else if (args[0] == '*') {
		if (dbg_parse_addr(d, args + 1, &addr) < 0)
			return;
	} else if (strchr(args, ':')) {
		char f[256];
		const char *colon = strchr(args, ':');
		snprintf(f, sizeof(f), "%.*s", (int)(colon - args), args);
		if (!dw_line_addr(d->dw, f, atoi(colon + 1), &addr)) {
			dbg_err(d, "No line %s in the symbol files.", args);
			return;
		}
	} else if (!dw_find_func(d->dw, args, &die, &addr)) {
		dbg_err(d, "Function \"%s\" not defined.", args);
		return;
	}
	const char *file;
	int line;
	u32 lo, hi;
	char s1[160], s2[160];
	if (!dw_addr_line(d->dw, addr, &file, &line) || !dw_line_range(d->dw, addr, &lo, &hi)) {
		dbg_printf(d, "No line number information available for address 0x%x", addr);
		if (*sym_format(d->st, addr, s1, sizeof(s1)))
			dbg_printf(d, " <%s>", s1);
		dbg_printf(d, "\n");
		return;
	}
	sym_format(d->st, lo, s1, sizeof(s1));
	sym_format(d->st, hi, s2, sizeof(s2));
	dbg_printf(d, "Line %d of \"%s\" starts at address 0x%x <%s> and ends at 0x%x <%s>.\n",
		   line, file, lo, s1, hi, s2);
}

/* The source line of a stop location, "LINE\ttext" as gdb shows it (or
 * file:line when the source is not at hand). It also becomes the default
 * for a following "list". */
void dbg_print_source_line(struct dbg *d, u32 addr)
{
	const char *file;
	int line;
	if (!dw_addr_line(d->dw, addr, &file, &line))
		return;
	dbg_print_source_at(d, file, line, dw_comp_dir(d->dw, addr));
}

void dbg_print_source_at(struct dbg *d, const char *file, int line, const char *comp_dir)
{
	FILE *f = open_source(file, comp_dir);
	char text[1024];
	int n = 0;
	bool shown = false;
	while (f && fgets(text, sizeof(text), f)) {
		if (++n == line) {
			size_t l = strlen(text);
			dbg_printf(d, "%d\t%s%s", line, text, l && text[l - 1] == '\n' ? "" : "\n");
			shown = true;
			break;
		}
	}
	if (f)
		fclose(f);
	if (!shown) {
		const char *base = strrchr(file, '/');
		dbg_printf(d, "%s:%d\n", base ? base + 1 : file, line);
	}
	snprintf(d->list_file, sizeof(d->list_file), "%s", file);
	d->list_line = line > 5 ? line - 4 : 1;
}
