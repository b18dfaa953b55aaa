/*
 * The command interpreter: a table of commands spelled as gdb spells them
 * (any unique prefix works, plus gdb's one-letter aliases), each a handler
 * taking the rest of the line. Output is plain text on one stream so batch
 * scripts and tests can read it. Execution control (stepi, continue, next,
 * finish, until) is built here on the target's run/step hooks and the
 * breakpoint list of bp.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_int.h"
#include "emu/board/bus.h"
#include "emu/board/clock.h"

typedef int cmd_fn(struct dbg *d, const char *cmd, const char *args);

struct command {
	const char *name;
	const char *alias;	/* gdb's short spelling(s), space-separated, or NULL */
	cmd_fn *fn;
	const char *help;
};

static const struct command commands[];
static int bt_read(void *ctx, u32 addr, void *buf, u32 len);

static const char *skip_ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

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
	return skip_ws(s);
}

/* ---- printing values ---- */

static int cmd_print(struct dbg *d, const char *cmd, const char *args)
{
	int count = 1, size = 0;
	char fmt = 0;
	args = parse_fmt(args, &count, &fmt, &size);
	if (!*args) {
		dbg_err(d, "print: an expression is needed");
		return -1;
	}
	if (dbg_print_st(d, args, !strcmp(cmd, "output")))
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
	if (!strcmp(cmd, "output")) {
		expr_print(&d->ex, &v, fmt, dbg_print_cb, d);
		return 0;
	}
	dbg_printf(d, "$%d = ", ++d->value_no);
	expr_print(&d->ex, &v, fmt, dbg_print_cb, d);
	dbg_printf(d, "\n");
	return 0;
}

static int cmd_set(struct dbg *d, const char *cmd, const char *args)
{
	if (!strncmp(args, "var ", 4))
		args = skip_ws(args + 4);
	else if (!strncmp(args, "variable ", 9))
		args = skip_ws(args + 9);
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

static int cmd_ptype(struct dbg *d, const char *cmd, const char *args)
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
		if (!strcmp(cmd, "whatis")) {
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
	if (!strcmp(cmd, "whatis") || !v.has_type || v.ptrs || v.is_func) {
		dbg_printf(d, "type = %s\n", tn);
		return 0;
	}
	dw_ptype(&v.type, dbg_print_cb, d);
	return 0;
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

static int cmd_x(struct dbg *d, const char *cmd, const char *args)
{
	return examine(d, args, !strcmp(cmd, "xp"));
}

static int cmd_disassemble(struct dbg *d, const char *cmd, const char *args)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	int bits = dbg_code_bits(&r), count = 0;
	u32 pc = dbg_pc(&r), start = pc, end = 0;
	/* Modifiers: /16 or /32 force the mode (boot sectors from protected mode). */
	if (!strncmp(args, "/16", 3) || !strncmp(args, "/32", 3)) {
		bits = args[1] == '1' ? 16 : 32;
		args = skip_ws(args + 3);
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
			const char *e = skip_ws(comma + 1);
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
static int cmd_find(struct dbg *d, const char *cmd, const char *args)
{
	int count = 1, size = 4;
	char fmt = 0;
	args = parse_fmt(args, &count, &fmt, &size);
	bool phys = false;
	if (!strncmp(args, "phys ", 5)) {
		phys = true;
		args = skip_ws(args + 5);
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
	const char *e = skip_ws(c1 + 1);
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

/* ---- execution control ---- */

static void print_location(struct dbg *d)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 pc = dbg_pc(&r);
	char text[256], sym[160];
	dbg_disasm_one(d, pc, dbg_code_bits(&r), text, sizeof(text));
	if (dbg_code_bits(&r) == 16 && !(r.cr0 & 1))
		dbg_printf(d, "%04x:%04x ", r.seg[DBG_CS].sel, r.eip & 0xffff);
	dbg_printf(d, "0x%08x", pc);
	if (*sym_format(d->st, pc, sym, sizeof(sym)))
		dbg_printf(d, " <%s>", sym);
	dbg_printf(d, ":\t%s\n", text);
}

void dbg_report_stop(struct dbg *d, enum dbg_stop_reason why)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	switch (why) {
	case DBG_STOP_BREAK: {
		/* "Breakpoint 1, f () at" gets f's arguments, as gdb prints them;
		 * for a breakpoint placed by line or address inside an inlined
		 * call, the inlined function is named instead (gdb does that too,
		 * but keeps the function asked for by "break FUNC"). */
		char msg[sizeof(d->stop.msg)];
		snprintf(msg, sizeof(msg), "%s", d->stop.msg);
		char *paren = strstr(msg, " () at ");
		char *comma = strstr(msg, ", ");
		char args[256];
		const char *inl;
		if (paren && comma && comma < paren) {
			dbg_frame_args_text(d, d->stop.by_place, args, sizeof(args), &inl);
			if (args[0] || inl) {
				*paren = 0;
				if (inl)
					comma[2] = 0;
				dbg_printf(d, "%s%s (%s)%s\n", msg, inl ? inl : "", args, paren + 3);
				break;
			}
		}
		if (d->stop.msg[0])
			dbg_printf(d, "%s\n", d->stop.msg);
		break;
	}
	case DBG_STOP_WATCH:
	case DBG_STOP_EVENT:
	case DBG_STOP_SHUTDOWN:
		if (d->stop.msg[0])
			dbg_printf(d, "%s\n", d->stop.msg);
		break;
	case DBG_STOP_EXIT:
		dbg_printf(d, "The guest exited%s%s\n", d->stop.msg[0] ? ": " : ".", d->stop.msg);
		break;
	case DBG_STOP_USER:
		dbg_printf(d, "Interrupted at icount %llu.\n", (unsigned long long)r.icount);
		break;
	case DBG_STOP_LIMIT:
		dbg_printf(d, "Stopped at icount %llu.\n", (unsigned long long)r.icount);
		break;
	default:
		break;
	}
	dbg_print_source_line(d, dbg_pc(&r));
	print_location(d);
}

static enum dbg_stop_reason do_step(struct dbg *d)
{
	d->stop.msg[0] = 0;
	dbg_frame_reset(d);	/* running selects frame 0 again */
	return d->t->step(d->t->opaque);
}

static enum dbg_stop_reason do_run(struct dbg *d, u64 limit)
{
	d->stop.msg[0] = 0;
	d->stop.bp = -1;
	dbg_frame_reset(d);
	return d->t->run(d->t->opaque, limit);
}

static bool can_run(struct dbg *d)
{
	if (!d->t->run || !d->t->step) {
		dbg_err(d, "The target is not running (a core file cannot execute).");
		return false;
	}
	return true;
}

static int cmd_stepi(struct dbg *d, const char *cmd, const char *args)
{
	if (!can_run(d))
		return -1;
	u64 n = 1;
	if (*args && expr_eval_u64(&d->ex, args, &n) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	if ((s64)n <= 0) {
		dbg_err(d, "%s: the count must be positive", cmd);
		return -1;
	}
	bool over = !strcmp(cmd, "nexti");
	enum dbg_stop_reason why = DBG_STOP_STEP;
	for (u64 i = 0; i < n; i++) {
		struct dbg_regs r;
		dbg_regs(d, &r);
		u32 pc = dbg_pc(&r);
		char text[256];
		int len = dbg_disasm_one(d, pc, dbg_code_bits(&r), text, sizeof(text));
		if (over && !strncmp(text, "call", 4) && len) {
			/* Run to the instruction after the call, in this frame. */
			u32 esp = r.gpr[DBG_ESP];
			u32 ret = pc + len;
			for (int guard = 0; guard < 1000000; guard++) {
				why = do_step(d);
				if (why != DBG_STOP_STEP)
					break;
				dbg_regs(d, &r);
				if (dbg_pc(&r) == ret && r.gpr[DBG_ESP] >= esp)
					break;
			}
		} else {
			why = do_step(d);
		}
		if (why != DBG_STOP_STEP)
			break;
	}
	dbg_report_stop(d, why);
	return 0;
}

/* step/next by source line: single-step until the line changes; next also
 * treats a deeper stack (a call) as the same line. */
static int cmd_step_line(struct dbg *d, const char *cmd, const char *args)
{
	if (!can_run(d))
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	const char *file;
	int line;
	u32 lo, hi;
	if (!dw_addr_line(d->dw, dbg_pc(&r), &file, &line) ||
	    !dw_line_range(d->dw, dbg_pc(&r), &lo, &hi)) {
		dbg_printf(d, "No line information here; stepping one instruction.\n");
		return cmd_stepi(d, "stepi", "");
	}
	bool over = !strcmp(cmd, "next");
	u32 esp = r.gpr[DBG_ESP];
	enum dbg_stop_reason why = DBG_STOP_STEP;
	for (int guard = 0; guard < 2000000; guard++) {
		why = do_step(d);
		if (why != DBG_STOP_STEP)
			break;
		dbg_regs(d, &r);
		u32 pc = dbg_pc(&r);
		if (pc >= lo && pc < hi)
			continue;
		if (over && r.gpr[DBG_ESP] < esp)
			continue;	/* inside a callee */
		const char *f2;
		int l2;
		if (!dw_addr_line(d->dw, pc, &f2, &l2))
			continue;	/* no source here (a helper without -g) */
		u32 lo2, hi2;
		/* Stop only at the start of a line, as gdb does. */
		if (dw_line_range(d->dw, pc, &lo2, &hi2) && pc != lo2)
			continue;
		break;
	}
	dbg_report_stop(d, why);
	return 0;
}

/* finish: run until the current function returns to its caller: a hidden
 * temporary breakpoint on the return address at [EBP+4] (frame pointers),
 * taken only once the stack is above this frame (recursion). */
static int cmd_finish(struct dbg *d, const char *cmd, const char *args)
{
	if (!can_run(d))
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 ret, esp0 = r.gpr[DBG_ESP];
	/* At a function's first instruction (just stepped into it) the return
	 * address is on top of the stack; one PUSH EBP later it is under it;
	 * after that, the frame pointer chain says where it is. */
	u32 ra_at = r.gpr[DBG_EBP] + 4, lo, pc = dbg_pc(&r);
	Dwarf_Die fn;
	const struct dbg_sym *fs = sym_lookup_addr(d->st, pc, &lo);
	if (dw_func_at(d->dw, pc, &fn, &lo, NULL) || (fs && fs->is_func && (lo = fs->addr, true))) {
		u8 first = 0;
		dbg_read_linear(d, lo, &first, 1);
		if (pc == lo)
			ra_at = r.gpr[DBG_ESP];
		else if (pc == lo + 1 && first == 0x55)
			ra_at = r.gpr[DBG_ESP] + 4;
	}
	u32 regs[9], caller[9];
	memcpy(regs, r.gpr, sizeof(r.gpr));
	regs[8] = pc;
	int sel = dbg_frame_selected(d);
	struct dbg_frame sf;
	if (sel) {
		/* gdb: finish the selected frame, i.e. run until it returns to
		 * its caller (only a physical frame returns anywhere). */
		if (dbg_frame_get(d, sel, &sf) < 0 || sf.inl < sf.ninl) {
			dbg_err(d, "finish: frame %d is an inlined call; select the function "
				   "it is inlined into, or use until", sel);
			return -1;
		}
		if (!sf.has_caller) {
			dbg_err(d, "\"finish\" not meaningful in the outermost frame.");
			return -1;
		}
		ret = sf.caller_pc;
		esp0 = sf.regs[DBG_ESP];
	} else if (dbg_code_bits(&r) == 32 && dw_unwind(d->dw, pc, regs, caller, bt_read, d) &&
		   caller[8]) {
		ret = caller[8];	/* the call frame information knows best */
	} else if (dbg_read_linear(d, ra_at, &ret, 4) != 0) {
		dbg_err(d, "finish: cannot read the return address");
		return -1;
	}
	char sym[160];
	dbg_printf(d, "Run till exit to 0x%x", ret);
	if (*sym_format(d->st, ret, sym, sizeof(sym)))
		dbg_printf(d, " <%s>", sym);
	dbg_printf(d, "\n");
	enum dbg_stop_reason why;
	for (int round = 0;; round++) {
		if (round == 100000) {
			dbg_err(d, "finish: gave up after %d returns to 0x%x deeper in the stack", round, ret);
			return -1;
		}
		struct dbg_bp *b = d->nbp < DBG_MAX_BP ? &d->bp[d->nbp] : NULL;
		if (!b) {
			dbg_err(d, "finish: too many breakpoints");
			return -1;
		}
		memset(b, 0, sizeof(*b));
		b->id = 0;	/* hidden: not one of the user's */
		b->kind = BP_EXEC;
		b->enabled = b->temporary = true;
		b->addr = ret;
		snprintf(b->what, sizeof(b->what), "finish");
		d->nbp++;
		dbg_bp_changed(d);
		why = do_run(d, CLOCK_NEVER);
		/* Drop our breakpoint if something else stopped first. */
		for (int i = 0; i < d->nbp; i++) {
			if (d->bp[i].id == 0 && !strcmp(d->bp[i].what, "finish")) {
				memmove(&d->bp[i], &d->bp[i + 1], (d->nbp - i - 1) * sizeof(d->bp[0]));
				d->nbp--;
				dbg_bp_changed(d);
				break;
			}
		}
		dbg_regs(d, &r);
		if (why != DBG_STOP_BREAK || dbg_pc(&r) != ret || r.gpr[DBG_ESP] > esp0)
			break;
		/* A deeper activation returned to the same place: go on. */
	}
	bool returned = why == DBG_STOP_BREAK && dbg_pc(&r) == ret && d->stop.bp < 0;
	if (returned)
		d->stop.msg[0] = 0;
	dbg_report_stop(d, returned ? DBG_STOP_STEP : why);
	if (returned)
		dbg_printf(d, "Value returned is $%d = %d\n", ++d->value_no, (int)r.gpr[DBG_EAX]);
	return 0;
}

static int cmd_continue(struct dbg *d, const char *cmd, const char *args)
{
	if (!can_run(d))
		return -1;
	u64 limit = CLOCK_NEVER;
	struct dbg_regs r;
	dbg_regs(d, &r);
	/* "continue N" in gdb ignores the current breakpoint N-1 times; here
	 * "continue N" with N > 1 runs N more instructions at most, which is what
	 * the tests need (virtual time is instructions). "-" forms stay gdb's. */
	if (*args) {
		u64 n;
		if (expr_eval_u64(&d->ex, args, &n) < 0) {
			dbg_err(d, "%s", d->ex.err);
			return -1;
		}
		if ((s64)n <= 0) {
			dbg_err(d, "continue: the count must be positive");
			return -1;
		}
		limit = r.icount + n;
	}
	enum dbg_stop_reason why = do_run(d, limit);
	dbg_report_stop(d, why);
	return 0;
}

/* until/advance/run-to LOCATION: a temporary breakpoint and continue. */
static int cmd_until(struct dbg *d, const char *cmd, const char *args)
{
	if (!can_run(d))
		return -1;
	if (!*args)
		return cmd_step_line(d, "next", "");
	if (dbg_bp_command(d, "tbreak", args) < 0)
		return -1;
	return cmd_continue(d, "continue", "");
}

/* ---- frames ---- */

static int bt_read(void *ctx, u32 addr, void *buf, u32 len)
{
	return dbg_read_linear(ctx, addr, buf, len);
}

/* backtrace: unwind with the DWARF call frame information where the code
 * has it, and by the EBP chain where it does not (assembly, no -g); the
 * unwinder is frame.c's, the one frame selection uses. */
static int cmd_backtrace(struct dbg *d, const char *cmd, const char *args)
{
	return dbg_frame_backtrace(d, args);
}

static int cmd_frame(struct dbg *d, const char *cmd, const char *args)
{
	return dbg_frame_command(d, cmd, args);
}

/* ---- misc ---- */

static int cmd_symbol_file(struct dbg *d, const char *cmd, const char *args)
{
	if (!*args) {
		dbg_err(d, "%s: a file name is needed", cmd);
		return -1;
	}
	return dbg_load_symbols(d, args);
}

static int cmd_screenshot(struct dbg *d, const char *cmd, const char *args)
{
	char path[1024], err[512];
	if (sscanf(args, " %1023s", path) != 1) {
		dbg_printf(d, "usage: screenshot FILE.png\n");
		return -1;
	}
	if (!d->t->screenshot) {
		dbg_printf(d, "screenshot: this target has no screen\n");
		return -1;
	}
	if (d->t->screenshot(d->t->opaque, path, err, sizeof(err))) {
		dbg_printf(d, "%s\n", err);
		return -1;
	}
	dbg_printf(d, "screenshot saved to %s\n", path);
	return 0;
}

/* ---- snapshots and time travel (issue 11) ---- */

static int cmd_savevm(struct dbg *d, const char *cmd, const char *args)
{
	char path[1024], err[512];
	if (sscanf(args, " %1023s", path) != 1) {
		dbg_err(d, "usage: %s FILE", cmd);
		return -1;
	}
	bool save = !strcmp(cmd, "savevm");
	int (*fn)(void *, const char *, char *, size_t) = save ? d->t->savevm : d->t->loadvm;
	if (!fn) {
		dbg_err(d, "%s: this target has no machine state to %s", cmd, save ? "save" : "load");
		return -1;
	}
	if (fn(d->t->opaque, path, err, sizeof(err))) {
		dbg_err(d, "%s: %s", cmd, err);
		return -1;
	}
	struct dbg_regs r;
	dbg_regs(d, &r);
	dbg_printf(d, "%s %s at icount %llu.\n", save ? "Saved the machine to" : "Loaded the machine from",
		   path, (unsigned long long)r.icount);
	if (!save)
		dbg_report_stop(d, DBG_STOP_STEP);
	return 0;
}

static bool can_travel(struct dbg *d, const char *cmd)
{
	if (!d->t->seek) {
		dbg_err(d, "%s: this target cannot travel in time", cmd);
		return false;
	}
	return true;
}

static int travel(struct dbg *d, const char *cmd, u64 ic)
{
	char err[512];
	if (d->t->seek(d->t->opaque, ic, err, sizeof(err))) {
		dbg_err(d, "%s: %s", cmd, err);
		return -1;
	}
	return 0;
}

static int cmd_seek(struct dbg *d, const char *cmd, const char *args)
{
	u64 ic;
	if (!can_travel(d, cmd))
		return -1;
	if (!*args || expr_eval_u64(&d->ex, args, &ic) < 0) {
		dbg_err(d, "%s", *args ? d->ex.err : "usage: seek ICOUNT");
		return -1;
	}
	if (travel(d, cmd, ic))
		return -1;
	dbg_report_stop(d, DBG_STOP_STEP);
	return 0;
}

static int cmd_reverse_stepi(struct dbg *d, const char *cmd, const char *args)
{
	u64 n = 1;
	if (!can_travel(d, cmd))
		return -1;
	if (*args && expr_eval_u64(&d->ex, args, &n) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	struct dbg_regs r;
	dbg_regs(d, &r);
	if ((s64)n <= 0 || n > r.icount) {
		dbg_err(d, "%s: cannot go back %llu instructions from icount %llu", cmd,
			(unsigned long long)n, (unsigned long long)r.icount);
		return -1;
	}
	if (travel(d, cmd, r.icount - n))
		return -1;
	dbg_report_stop(d, DBG_STOP_STEP);
	return 0;
}

/*
 * reverse-continue: the last breakpoint, watchpoint or catch hit before now.
 * Replay each checkpoint interval forward with the breakpoints armed, noting
 * the hits, latest interval first; then travel to the last hit.
 */
static int cmd_reverse_continue(struct dbg *d, const char *cmd, const char *args)
{
	if (!can_travel(d, cmd) || !d->t->checkpoint_before)
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	const u64 now = r.icount;
	u64 end = now;
	while (end > 0) {
		u64 start = d->t->checkpoint_before(d->t->opaque, end - 1);
		if (start >= end)
			break;
		if (travel(d, cmd, start))
			return -1;
		u64 hit = UINT64_MAX;
		enum dbg_stop_reason hit_why = DBG_STOP_NONE;
		for (;;) {
			enum dbg_stop_reason why = do_run(d, end);
			dbg_regs(d, &r);
			if (r.icount >= end || why == DBG_STOP_LIMIT || why == DBG_STOP_STEP)
				break;
			if (why != DBG_STOP_BREAK && why != DBG_STOP_WATCH && why != DBG_STOP_EVENT)
				break;
			hit = r.icount;
			hit_why = why;
		}
		if (hit != UINT64_MAX) {
			if (travel(d, cmd, hit))
				return -1;
			dbg_report_stop(d, hit_why);
			return 0;
		}
		end = start;
	}
	/* Nothing earlier: stop at the start of the history. */
	if (travel(d, cmd, end))
		return -1;
	dbg_printf(d, "No breakpoint was hit earlier; at the start of the history (icount %llu).\n",
		   (unsigned long long)end);
	dbg_report_stop(d, DBG_STOP_STEP);
	return 0;
}

static int cmd_timetravel(struct dbg *d, const char *cmd, const char *args)
{
	char word[16] = "", msg[512];
	unsigned long long iv = 0;
	if (!d->t->timetravel) {
		dbg_err(d, "%s: this target cannot travel in time", cmd);
		return -1;
	}
	int n = sscanf(args, " %15s %llu", word, &iv);
	int on = n < 1 || !strcmp(word, "info") ? -1 : !strcmp(word, "on") ? 1 :
		 !strcmp(word, "off") ? 0 : -2;
	if (on == -2) {
		dbg_err(d, "usage: timetravel [on [INTERVAL] | off | info]");
		return -1;
	}
	if (d->t->timetravel(d->t->opaque, on, iv, msg, sizeof(msg))) {
		dbg_err(d, "%s: %s", cmd, msg);
		return -1;
	}
	dbg_printf(d, "%s\n", msg);
	return 0;
}

static int cmd_echo(struct dbg *d, const char *cmd, const char *args)
{
	for (const char *s = args; *s; s++) {
		if (*s == '\\' && s[1] == 'n') {
			dbg_printf(d, "\n");
			s++;
		} else {
			dbg_printf(d, "%c", *s);
		}
	}
	return 0;
}

static int cmd_quit(struct dbg *d, const char *cmd, const char *args)
{
	d->quit = true;
	return 1;
}

static int cmd_post(struct dbg *d, const char *cmd, const char *args)
{
	/* The machine's port-0x80 device keeps the history itself. */
	if (d->t->info_device && dbg_info_tables(d, "post", "") == 0)
		return 0;
	dbg_printf(d, "POST codes seen: %llu", (unsigned long long)d->post_total);
	if (d->n_post) {
		dbg_printf(d, "; last %d:", d->n_post);
		for (int i = 0; i < d->n_post; i++)
			dbg_printf(d, " %02x", d->post_codes[i]);
	}
	dbg_printf(d, "\n");
	return 0;
}

static int cmd_info(struct dbg *d, const char *cmd, const char *args);
static int cmd_help(struct dbg *d, const char *cmd, const char *args);

static int cmd_bp(struct dbg *d, const char *cmd, const char *args)
{
	return dbg_bp_command(d, cmd, args);
}

static int cmd_kview(struct dbg *d, const char *cmd, const char *args)
{
	return dbg_kview_command(d, cmd, args);
}

static int cmd_list(struct dbg *d, const char *cmd, const char *args)
{
	dbg_list(d, args);
	return 0;
}

static const struct command commands[] = {
	{ "print", "p inspect", cmd_print, "print[/FMT] EXPR: evaluate and print (FMT x d u o t c a s z)" },
	{ "output", NULL, cmd_print, "output EXPR: print without $N and newline" },
	{ "set", NULL, cmd_set, "set var EXPR = VALUE, set $REG = VALUE: write memory/registers" },
	{ "ptype", NULL, cmd_ptype, "ptype TYPE|EXPR: show a type's definition" },
	{ "whatis", NULL, cmd_ptype, "whatis EXPR: show an expression's type name" },
	{ "x", NULL, cmd_x, "x/NFU ADDR: examine memory at a linear address" },
	{ "xp", NULL, cmd_x, "xp/NFU ADDR: examine memory at a physical address" },
	{ "find", NULL, cmd_find, "find[/b|h|w|g] [phys] START, END|+LEN, VALUE: scan memory" },
	{ "disassemble", NULL, cmd_disassemble, "disassemble[/16|/32] [ADDR[,END|,+LEN]]" },
	{ "stepi", "si", cmd_stepi, "stepi [N]: execute N instructions" },
	{ "nexti", "ni", cmd_stepi, "nexti [N]: like stepi, stepping over calls" },
	{ "step", "s", cmd_step_line, "step: run to the next source line" },
	{ "next", "n", cmd_step_line, "next: next source line, stepping over calls" },
	{ "finish", "fin", cmd_finish, "finish: run until the selected frame's function returns" },
	{ "continue", "c cont fg", cmd_continue, "continue [N]: run (at most N instructions)" },
	{ "until", "u advance run-to", cmd_until, "until LOCATION: run to a location" },
	{ "break", "b br", cmd_bp, "break LOCATION [if COND]: LOCATION is FUNC, *ADDR, FILE:LINE, phys ADDR" },
	{ "tbreak", NULL, cmd_bp, "tbreak LOCATION: a breakpoint deleted when hit" },
	{ "hbreak", NULL, cmd_bp, "hbreak LOCATION: same as break" },
	{ "watch", NULL, cmd_bp, "watch [phys] EXPR|ADDR [LEN]: stop on writes" },
	{ "rwatch", NULL, cmd_bp, "rwatch [phys] EXPR|ADDR [LEN]: stop on reads" },
	{ "awatch", NULL, cmd_bp, "awatch [phys] EXPR|ADDR [LEN]: stop on reads and writes" },
	{ "iowatch", NULL, cmd_bp, "iowatch PORT [LEN] [r|w|rw]: stop on I/O port accesses" },
	{ "catch", NULL, cmd_bp, "catch exception [N] | interrupt N | mode | cr3 | triple | icount N" },
	{ "delete", "d", cmd_bp, "delete [N...]: delete breakpoints" },
	{ "disable", NULL, cmd_bp, "disable [N...]" },
	{ "enable", NULL, cmd_bp, "enable [N...]" },
	{ "condition", NULL, cmd_bp, "condition N [EXPR]: stop only when EXPR is true" },
	{ "ignore", NULL, cmd_bp, "ignore N COUNT: skip the next COUNT hits" },
	{ "backtrace", "bt where", cmd_backtrace, "backtrace [full] [N]: the call stack (CFI, else the EBP chain); full adds locals" },
	{ "frame", "f", cmd_frame, "frame [N]: select frame N (print and info locals use it)" },
	{ "up", NULL, cmd_frame, "up [N]: select the caller's frame (N levels up)" },
	{ "down", "do", cmd_frame, "down [N]: select the callee's frame (N levels down)" },
	{ "info", "i", cmd_info, "info registers|frame|locals|args|gdt|idt|ldt|tss|tlb|breakpoints|symbol|line|DEVICE|..." },
	{ "list", "l", cmd_list, "list [FUNC|FILE:LINE|*ADDR]: show source" },
	{ "symbol-file", "add-symbol-file file", cmd_symbol_file, "symbol-file FILE: load an ELF's symbols and DWARF" },
	{ "post", NULL, cmd_post, "post: POST codes written to port 0x80" },
	{ "jiffies", NULL, cmd_kview, "jiffies: the kernel's tick count and its virtual time" },
	{ "ps", NULL, cmd_kview, "ps: the kernel's task list" },
	{ "runq", NULL, cmd_kview, "runq: the CFS tree and RT queues" },
	{ "vtop", NULL, cmd_kview, "vtop ADDR [PID]: walk the page tables" },
	{ "pagetable", NULL, cmd_kview, "pagetable [PID]: a task's mappings as ranges" },
	{ "dmesg", NULL, cmd_kview, "dmesg: the printk ring buffer" },
	{ "slabinfo", NULL, cmd_kview, "slabinfo: slab caches" },
	{ "buddyinfo", NULL, cmd_kview, "buddyinfo: free blocks per order and zone" },
	{ "meminfo", NULL, cmd_kview, "meminfo: memory totals" },
	{ "irq", NULL, cmd_kview, "irq: interrupt descriptors, actions and counts" },
	{ "vma", NULL, cmd_kview, "vma PID: a task's memory areas" },
	{ "current", NULL, cmd_kview, "current: the running task" },
	{ "kcore", NULL, cmd_kview, "kcore FILE: write guest memory as an ELF core for gdb" },
	{ "savevm", NULL, cmd_savevm, "savevm FILE: save the whole machine (a snapshot)" },
	{ "loadvm", NULL, cmd_savevm, "loadvm FILE: load a snapshot saved by savevm" },
	{ "seek", NULL, cmd_seek, "seek ICOUNT: travel to an instruction count (back or forward)" },
	{ "reverse-stepi", "rsi", cmd_reverse_stepi, "reverse-stepi [N]: go back N instructions" },
	{ "reverse-continue", "rc", cmd_reverse_continue, "reverse-continue: back to the last breakpoint hit" },
	{ "timetravel", NULL, cmd_timetravel, "timetravel [on [INTERVAL] | off | info]: checkpoints for going back" },
	{ "screenshot", NULL, cmd_screenshot, "screenshot FILE: save the VGA screen as PNG" },
	{ "echo", NULL, cmd_echo, "echo TEXT: print TEXT (\\n for newline)" },
	{ "help", "h", cmd_help, "help [COMMAND]" },
	{ "quit", "q exit", cmd_quit, "quit: leave the debugger (and the emulator)" },
	{ NULL, NULL, NULL, NULL },
};

static bool alias_match(const char *aliases, const char *word)
{
	if (!aliases)
		return false;
	size_t n = strlen(word);
	for (const char *a = aliases; *a;) {
		const char *e = strchr(a, ' ');
		size_t l = e ? (size_t)(e - a) : strlen(a);
		if (l == n && !strncmp(a, word, n))
			return true;
		a += l;
		while (*a == ' ')
			a++;
	}
	return false;
}

/* Exact names and aliases first, then a unique prefix. */
static const struct command *find_command(const char *word, bool *ambiguous)
{
	const struct command *hit = NULL;
	*ambiguous = false;
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, word) || alias_match(c->alias, word))
			return c;
	for (const struct command *c = commands; c->name; c++) {
		if (!strncmp(c->name, word, strlen(word))) {
			if (hit)
				*ambiguous = true;
			hit = c;
		}
	}
	return *ambiguous ? NULL : hit;
}

static int cmd_help(struct dbg *d, const char *cmd, const char *args)
{
	bool amb;
	if (*args) {
		const struct command *c = find_command(args, &amb);
		if (!c) {
			dbg_err(d, "Undefined command: \"%s\".", args);
			return -1;
		}
		dbg_printf(d, "%s\n", c->help);
		return 0;
	}
	for (const struct command *c = commands; c->name; c++)
		dbg_printf(d, "  %s\n", c->help);
	return 0;
}

static int cmd_info(struct dbg *d, const char *cmd, const char *args)
{
	char what[64];
	int n = 0;
	while (args[n] && !isspace((unsigned char)args[n]) && n < 63) {
		what[n] = args[n];
		n++;
	}
	what[n] = 0;
	const char *rest = skip_ws(args + n);
	if (!n) {
		dbg_err(d, "info: what? (registers, gdt, idt, ldt, tss, tlb, breakpoints, symbol, line, "
			   "address, frame, locals, args, post, pic, pit, rtc, ata, uart, vga, ...)");
		return -1;
	}
	if (!strcmp(what, "registers") || !strcmp(what, "r") || !strcmp(what, "reg") ||
	    !strcmp(what, "all-registers")) {
		dbg_info_registers(d, !strcmp(what, "all-registers") ? "all" : rest);
		return 0;
	}
	if (!strcmp(what, "float")) {
		dbg_info_float(d);
		return 0;
	}
	if (!strcmp(what, "breakpoints") || !strcmp(what, "b") || !strcmp(what, "break") ||
	    !strcmp(what, "watchpoints")) {
		dbg_bp_list(d);
		return 0;
	}
	if (!strcmp(what, "line")) {
		dbg_info_line(d, rest);
		return 0;
	}

	if (!strcmp(what, "threads") || !strcmp(what, "tasks"))
		return dbg_kview_command(d, "ps", "");
	if (!strcmp(what, "stack") || !strcmp(what, "s"))
		return cmd_backtrace(d, "backtrace", rest);
	if (!strcmp(what, "frame") || !strcmp(what, "f"))
		return dbg_frame_command(d, "info frame", rest);
	if (!strcmp(what, "locals"))
		return dbg_frame_command(d, "info locals", rest);
	if (!strcmp(what, "args"))
		return dbg_frame_command(d, "info args", rest);
	if (!strcmp(what, "symbol")) {
		u32 a;
		if (dbg_parse_addr(d, rest, &a) < 0)
			return -1;
		u32 off;
		const struct dbg_sym *s = sym_lookup_addr(d->st, a, &off);
		if (!s) {
			dbg_printf(d, "No symbol matches %s.\n", rest);
			return 0;
		}
		const char *f = strrchr(s->file, '/');
		if (off)
			dbg_printf(d, "%s + %u in section .%s of %s\n", s->name, off,
				   s->is_func ? "text" : "data", f ? f + 1 : s->file);
		else
			dbg_printf(d, "%s in section .%s of %s\n", s->name, s->is_func ? "text" : "data",
				   f ? f + 1 : s->file);
		return 0;
	}
	if (!strcmp(what, "address")) {
		const struct dbg_sym *s = sym_lookup_name(d->st, rest);
		if (!s) {
			dbg_printf(d, "No symbol \"%s\" in current context.\n", rest);
			return -1;
		}
		dbg_printf(d, "Symbol \"%s\" is at 0x%x.\n", s->name, s->addr);
		return 0;
	}
	if (!strcmp(what, "source")) {
		struct dbg_regs r;
		const char *file;
		int line;
		dbg_regs(d, &r);
		if (dw_addr_line(d->dw, dbg_pc(&r), &file, &line))
			dbg_printf(d, "Current source file is %s\n", file);
		else
			dbg_printf(d, "No current source file.\n");
		return 0;
	}
	return dbg_info_tables(d, what, rest);
}

int dbg_command(struct dbg *d, const char *line)
{
	line = skip_ws(line);
	if (!*line)
		line = d->last_line;	/* Enter repeats, as in gdb */
	else if (line[0] != '#')
		snprintf(d->last_line, sizeof(d->last_line), "%s", line);
	if (!*line || line[0] == '#')
		return 0;
	char word[64];
	int n = 0;
	/* The command word ends at a blank or at "/" (print/x, x/4xw). */
	while (line[n] && !isspace((unsigned char)line[n]) && line[n] != '/' && n < 63) {
		word[n] = line[n];
		n++;
	}
	word[n] = 0;
	bool amb;
	const struct command *c = find_command(word, &amb);
	if (!c) {
		if (amb)
			dbg_err(d, "Ambiguous command \"%s\".", word);
		else
			dbg_err(d, "Undefined command: \"%s\".  Try \"help\".", word);
		return -1;
	}
	const char *args = line + n;
	if (*args != '/')
		args = skip_ws(args);
	/* Strip trailing blanks so expressions and file names stay clean. */
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", args);
	size_t l = strlen(buf);
	while (l && isspace((unsigned char)buf[l - 1]))
		buf[--l] = 0;
	/* Handlers see the canonical name (aliases resolved). */
	return c->fn(d, c->name, buf);
}

int dbg_run_script(struct dbg *d, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		dbg_err(d, "%s: cannot open the debugger script", path);
		return -1;
	}
	char line[1024];
	int errors = 0;
	d->batch = true;
	while (fgets(line, sizeof(line), f)) {
		size_t l = strlen(line);
		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = 0;
		const char *s = skip_ws(line);
		if (!*s || *s == '#')
			continue;	/* blank lines do not repeat in scripts */
		dbg_printf(d, "(lucid) %s\n", s);
		int rc = dbg_command(d, s);
		if (rc < 0)
			errors++;
		if (rc > 0 || d->quit)
			break;
	}
	fclose(f);
	return errors ? -1 : 0;
}
