/*
 * Looking at data: print/output (expressions with their DWARF types), set
 * var, ptype/whatis, x/xp (memory by linear or physical address), find
 * (a memory scan) and disassemble.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/cmd/cmd.h"
#include "emu/board/bus.h"

/* Parse "/FMT" after a command name: count, format letter, unit size. */
static const char *parse_fmt(const char *s, int *count, char *fmt, int *size)
{
	if (*s != '/')
		return s;
	s++;
	if (isdigit((unsigned char)*s))
		*count = (int)strtol(s, (char **)&s, 10);
	while (*s && !isspace((unsigned char)*s)) {
		switch (*s) {
		case 'b': *size = 1; break;
		case 'h': *size = 2; break;
		case 'w': *size = 4; break;
		case 'g': *size = 8; break;
		default: *fmt = *s;
		}
		s++;
	}
	return cmd_skip_ws(s);
}

/* ---- printing values ---- */

/* print[/FMT] EXPR as "$N = value", or (output) the bare value. */
static int print_value(struct dbg *d, const char *args, bool bare)
{
	int count = 1, size = 0;
	char fmt = 0;
	args = parse_fmt(args, &count, &fmt, &size);
	if (!*args) {
		dbg_err(d, "print: an expression is needed");
		return -1;
	}
	if (dbg_print_st(d, args, bare))
		return 0;
	struct dval v;
	if (expr_eval(&d->ex, args, &v) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	/* Like gdb: an aggregate that cannot be read is one error, not a value. */
	u8 probe;
	if (v.lval && !v.is_func && d->ex.read(d->ex.opaque, v.addr, &probe, 1) != 0 &&
	    (v.has_type && !v.ptrs)) {
		dbg_err(d, "Cannot access memory at address 0x%x", v.addr);
		return -1;
	}
	if (bare) {
		expr_print(&d->ex, &v, fmt, dbg_print_cb, d);
		return 0;
	}
	dbg_printf(d, "$%d = ", ++d->value_no);
	expr_print(&d->ex, &v, fmt, dbg_print_cb, d);
	dbg_printf(d, "\n");
	return 0;
}

static int cmd_print(struct dbg *d, const char *args)
{
	return print_value(d, args, false);
}

static int cmd_output(struct dbg *d, const char *args)
{
	return print_value(d, args, true);
}

static int cmd_set(struct dbg *d, const char *args)
{
	if (!strncmp(args, "var ", 4))
		args = cmd_skip_ws(args + 4);
	else if (!strncmp(args, "variable ", 9))
		args = cmd_skip_ws(args + 9);
	if (!strchr(args, '=')) {
		dbg_err(d, "set: expected \"set var EXPR = VALUE\"");
		return -1;
	}
	struct dval v;
	if (expr_eval(&d->ex, args, &v) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	return 0;
}

/* ptype (the definition) or whatis (the type's name) of a type or an
 * expression. */
static int show_type(struct dbg *d, const char *args, bool name_only)
{
	Dwarf_Die t;
	char name[256];
	snprintf(name, sizeof(name), "%s", args);
	/* A type name first ("struct task_struct", "pid_t"), then an expression. */
	int stars = 0;
	size_t n = strlen(name);
	while (n && (name[n - 1] == '*' || name[n - 1] == ' ')) {
		stars += name[n - 1] == '*';
		name[--n] = 0;
	}
	if (dw_find_type(d->dw, name, &t) && !stars) {
		if (name_only) {
			dbg_printf(d, "type = %s\n", name);
			return 0;
		}
		dw_ptype(&t, dbg_print_cb, d);
		return 0;
	}
	struct dval v;
	if (expr_eval(&d->ex, args, &v) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	char tn[512];
	expr_type_name(&v, tn, sizeof(tn));
	if (name_only || !v.has_type || v.ptrs || v.is_func) {
		dbg_printf(d, "type = %s\n", tn);
		return 0;
	}
	dw_ptype(&v.type, dbg_print_cb, d);
	return 0;
}

static int cmd_ptype(struct dbg *d, const char *args)
{
	return show_type(d, args, false);
}

static int cmd_whatis(struct dbg *d, const char *args)
{
	return show_type(d, args, true);
}

/* ---- memory ---- */

static int examine(struct dbg *d, const char *args, bool phys)
{
	int count = 1, size = d->x_size;
	char fmt = d->x_fmt;
	args = parse_fmt(args, &count, &fmt, &size);
	u32 addr = d->x_next;
	if (*args && dbg_parse_addr(d, args, &addr) < 0)
		return -1;
	if (count < 1 || count > 4096) {
		dbg_err(d, "x: count out of range");
		return -1;
	}
	d->x_fmt = fmt;
	if (fmt == 'i') {
		struct dbg_regs r;
		dbg_regs(d, &r);
		dbg_disasm_range(d, addr, count, dbg_code_bits(&r), dbg_pc(&r));
		return 0;
	}
	if (fmt == 's') {
		for (int i = 0; i < count; i++) {
			char sym[160];
			dbg_printf(d, "0x%08x", addr);
			if (*sym_format(d->st, addr, sym, sizeof(sym)))
				dbg_printf(d, " <%s>", sym);
			dbg_printf(d, ":\t\"");
			for (int j = 0; j < 4096; j++) {
				u8 ch;
				int rc = phys ? dbg_read_phys(d, addr, &ch, 1)
					      : dbg_read_linear(d, addr, &ch, 1);
				addr++;
				if (rc != 0 || !ch)
					break;
				if (ch >= 32 && ch < 127 && ch != '"' && ch != '\\')
					dbg_printf(d, "%c", ch);
				else
					dbg_printf(d, "\\%03o", ch);
			}
			dbg_printf(d, "\"\n");
		}
		d->x_next = addr;
		return 0;
	}
	if (fmt == 'c')
		size = 1;
	if (fmt == 'a')
		size = 4;
	d->x_size = size;
	int per_line = size == 8 ? 2 : size == 4 ? 4 : 8;
	for (int i = 0; i < count; i++) {
		if (i % per_line == 0) {
			char sym[160];
			if (i)
				dbg_printf(d, "\n");
			dbg_printf(d, "0x%08x", addr);
			if (!phys && *sym_format(d->st, addr, sym, sizeof(sym)))
				dbg_printf(d, " <%s>", sym);
			dbg_printf(d, ":");
		}
		u8 b[8] = { 0 };
		int rc = phys ? dbg_read_phys(d, addr, b, size) : dbg_read_linear(d, addr, b, size);
		if (rc != 0) {
			dbg_printf(d, "\tCannot access memory at address 0x%x\n", addr);
			d->x_next = addr;
			return -1;
		}
		u64 v = ld64(b);
		switch (fmt) {
		case 'd': {
			s64 sv = size == 1 ? (s8)v : size == 2 ? (s16)v : size == 4 ? (s32)v : (s64)v;
			dbg_printf(d, "\t%lld", (long long)sv);
			break;
		}
		case 'u': dbg_printf(d, "\t%llu", (unsigned long long)v); break;
		case 'o': dbg_printf(d, "\t0%llo", (unsigned long long)v); break;
		case 't':
			dbg_printf(d, "\t");
			for (int bit = size * 8 - 1; bit >= 0; bit--)
				dbg_printf(d, "%d", (int)((v >> bit) & 1));
			break;
		case 'c':
			dbg_printf(d, "\t%d '%c'", (int)(s8)v, isprint((int)v) ? (int)v : '.');
			break;
		case 'a': {
			char sym[160];
			dbg_printf(d, "\t0x%08x", (u32)v);
			if (*sym_format(d->st, (u32)v, sym, sizeof(sym)))
				dbg_printf(d, " <%s>", sym);
			break;
		}
		default:
			dbg_printf(d, "\t0x%0*llx", size * 2, (unsigned long long)v);
		}
		addr += size;
	}
	dbg_printf(d, "\n");
	d->x_next = addr;
	return 0;
}

static int cmd_x(struct dbg *d, const char *args)
{
	return examine(d, args, false);
}

static int cmd_xp(struct dbg *d, const char *args)
{
	return examine(d, args, true);
}

static int cmd_disassemble(struct dbg *d, const char *args)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	int bits = dbg_code_bits(&r), count = 0;
	u32 pc = dbg_pc(&r), start = pc, end = 0;
	/* Modifiers: /16 or /32 force the mode (boot sectors from protected mode). */
	if (!strncmp(args, "/16", 3) || !strncmp(args, "/32", 3)) {
		bits = args[1] == '1' ? 16 : 32;
		args = cmd_skip_ws(args + 3);
	}
	if (*args) {
		char a[256];
		snprintf(a, sizeof(a), "%s", args);
		char *comma = strchr(a, ',');
		if (comma)
			*comma = 0;
		if (dbg_parse_addr(d, a, &start) < 0)
			return -1;
		if (comma) {
			const char *e = cmd_skip_ws(comma + 1);
			u32 v;
			if (*e == '+') {
				if (dbg_parse_addr(d, e + 1, &v) < 0)
					return -1;
				end = start + v;
			} else {
				if (dbg_parse_addr(d, e, &end) < 0)
					return -1;
			}
		}
	}
	/* A whole function when the address is inside one we know. */
	u32 lo, hi;
	Dwarf_Die die;
	if (!end && dw_func_at(d->dw, start, &die, &lo, &hi)) {
		start = lo;
		end = hi;
	} else if (!end) {
		u32 off;
		const struct dbg_sym *s = sym_lookup_addr(d->st, start, &off);
		if (s && s->size && s->size < 0x10000 && *args) {
			start = s->addr;
			end = s->addr + s->size;
		} else {
			count = 10;
		}
	}
	if (count) {
		dbg_disasm_range(d, start, count, bits, pc);
		return 0;
	}
	dbg_printf(d, "Dump of assembler code from 0x%x to 0x%x:\n", start, end);
	for (u32 a = start; a < end;) {
		char text[256], where[160] = "";
		u32 off;
		const struct dbg_sym *s = sym_lookup_addr(d->st, a, &off);
		if (s)
			snprintf(where, sizeof(where), " <+%u>", off);
		int n = dbg_disasm_one(d, a, bits, text, sizeof(text));
		dbg_printf(d, "%s0x%08x%s:\t%s\n", a == pc ? "=> " : "   ", a, where, text);
		if (!n)
			break;
		a += n;
	}
	dbg_printf(d, "End of assembler dump.\n");
	return 0;
}

/* find[/b|/h|/w|/g] [phys] START, END|+LEN, VALUE: scan memory for a value
 * (gdb's find, plus "phys" to scan physical memory page by page). */
static int cmd_find(struct dbg *d, const char *args)
{
	int count = 1, size = 4;
	char fmt = 0;
	args = parse_fmt(args, &count, &fmt, &size);
	bool phys = false;
	if (!strncmp(args, "phys ", 5)) {
		phys = true;
		args = cmd_skip_ws(args + 5);
	}
	char a[256];
	snprintf(a, sizeof(a), "%s", args);
	char *c1 = strchr(a, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	if (!c1 || !c2) {
		dbg_err(d, "find: expected START, END|+LEN, VALUE");
		return -1;
	}
	*c1 = *c2 = 0;
	u32 start, end;
	u64 val;
	if (dbg_parse_addr(d, a, &start) < 0)
		return -1;
	const char *e = cmd_skip_ws(c1 + 1);
	if (*e == '+') {
		u32 len;
		if (dbg_parse_addr(d, e + 1, &len) < 0)
			return -1;
		end = start + len;
	} else if (dbg_parse_addr(d, e, &end) < 0) {
		return -1;
	}
	if (expr_eval_u64(&d->ex, c2 + 1, &val) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	static u8 page[PAGE_SIZE + 8];
	int found = 0;
	/* Page by page; a match may straddle into the next page's first bytes. */
	for (u64 p = start & PAGE_MASK; p < end; p += PAGE_SIZE) {
		int rc = phys ? dbg_read_phys(d, p, page, PAGE_SIZE + 8)
			      : dbg_read_linear(d, (u32)p, page, PAGE_SIZE + 8);
		if (rc != 0) {
			rc = phys ? dbg_read_phys(d, p, page, PAGE_SIZE)
				  : dbg_read_linear(d, (u32)p, page, PAGE_SIZE);
			if (rc != 0)
				continue;
			memset(page + PAGE_SIZE, 0, 8);
		}
		for (u32 o = 0; o < PAGE_SIZE; o++) {
			u64 a2 = p + o;
			if (a2 < start || a2 + size > end)
				continue;
			u64 v = 0;
			memcpy(&v, page + o, size);
			if (v == (size == 8 ? val : val & ((1ull << (size * 8)) - 1))) {
				char sym[160];
				dbg_printf(d, "0x%llx", (unsigned long long)a2);
				if (!phys && *sym_format(d->st, (u32)a2, sym, sizeof(sym)))
					dbg_printf(d, " <%s>", sym);
				dbg_printf(d, "\n");
				if (++found >= 1000)
					goto done;
			}
		}
	}
done:
	if (found)
		dbg_printf(d, "%d pattern%s found.\n", found, found == 1 ? "" : "s");
	else
		dbg_printf(d, "Pattern not found.\n");
	return 0;
}

const struct dbg_command cmd_data_commands[] = {
	{ "print", "p inspect", cmd_print, "print[/FMT] EXPR: evaluate and print (FMT x d u o t c a s z)" },
	{ "output", NULL, cmd_output, "output EXPR: print without $N and newline" },
	{ "set", NULL, cmd_set, "set var EXPR = VALUE, set $REG = VALUE: write memory/registers" },
	{ "ptype", NULL, cmd_ptype, "ptype TYPE|EXPR: show a type's definition" },
	{ "whatis", NULL, cmd_whatis, "whatis EXPR: show an expression's type name" },
	{ "x", NULL, cmd_x, "x/NFU ADDR: examine memory at a linear address" },
	{ "xp", NULL, cmd_xp, "xp/NFU ADDR: examine memory at a physical address" },
	{ "find", NULL, cmd_find, "find[/b|h|w|g] [phys] START, END|+LEN, VALUE: scan memory" },
	{ "disassemble", NULL, cmd_disassemble, "disassemble[/16|/32] [ADDR[,END|,+LEN]]" },
	{ NULL, NULL, NULL, NULL },
};
