/*
 * Breakpoints, watchpoints and catches: the commands that set them and the
 * checks the machine calls when one may have hit. The machine only calls a
 * check for a kind that dbg_wants() reports armed, so an empty list costs the
 * CPU nothing (DESIGN.md: no per-instruction hooks). Hit counts, ignore
 * counts, conditions and temporary breakpoints are handled here, once the
 * machine has found a candidate.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/core/dbg_int.h"

static void recount(struct dbg *d);
static struct dbg_bp *new_bp(struct dbg *d, enum bp_kind kind);

void dbg_bp_changed(struct dbg *d)
{
	recount(d);
}

static void recount(struct dbg *d)
{
	d->n_exec = d->n_watch = d->n_io = d->n_event = 0;
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (!b->enabled)
			continue;
		switch (b->kind) {
		case BP_EXEC: case BP_EXEC_PHYS: d->n_exec++; break;
		case BP_WATCH: case BP_WATCH_PHYS: d->n_watch++; break;
		case BP_IO: d->n_io++; break;
		case BP_SYSCALL: d->n_exec++; break;	/* through the syscall hooks */
		default: d->n_event++; break;
		}
	}
	if (dbg_syscall_hooks(d, NULL, 0))
		d->n_exec++;	/* strace */
	if (d->nlib_hooks)
		d->n_exec++;	/* the gdb stub's library events */
	if (d->t->breakpoints_changed)
		d->t->breakpoints_changed(d->t->opaque);
}

unsigned dbg_wants(const struct dbg *d)
{
	unsigned w = 0;
	if (!d)
		return 0;
	if (d->n_exec)
		w |= DBG_WANT_EXEC;
	if (d->n_watch)
		w |= DBG_WANT_MEM;
	if (d->n_io)
		w |= DBG_WANT_IO;
	for (int i = 0; i < d->nbp; i++) {
		if (!d->bp[i].enabled)
			continue;
		if (d->bp[i].kind == BP_ICOUNT)
			w |= DBG_WANT_ICOUNT;
		else if (d->bp[i].kind >= BP_EXCEPTION && d->bp[i].kind != BP_SYSCALL)
			w |= DBG_WANT_EVENT;
	}
	return w;
}

struct dbg_bp *dbg_bp_new(struct dbg *d, enum bp_kind kind)
{
	return new_bp(d, kind);
}

static struct dbg_bp *new_bp(struct dbg *d, enum bp_kind kind)
{
	if (d->nbp == DBG_MAX_BP) {
		dbg_err(d, "Too many breakpoints (%d).", DBG_MAX_BP);
		return NULL;
	}
	struct dbg_bp *b = &d->bp[d->nbp++];
	memset(b, 0, sizeof(*b));
	b->id = d->next_bp_id++;
	b->kind = kind;
	b->enabled = true;
	return b;
}

static void delete_index(struct dbg *d, int i)
{
	memmove(&d->bp[i], &d->bp[i + 1], (d->nbp - i - 1) * sizeof(d->bp[0]));
	d->nbp--;
}

static struct dbg_bp *find_id(struct dbg *d, int id)
{
	for (int i = 0; i < d->nbp; i++)
		if (d->bp[i].id == id)
			return &d->bp[i];
	return NULL;
}

/* Split "LOCATION if COND"; false (said) when COND is too long to keep. */
static bool split_cond(struct dbg *d, const char *args, char *loc, size_t llen, char *cond, size_t clen)
{
	const char *p = strstr(args, " if ");
	if (!p && !strncmp(args, "if ", 3))
		p = args - 1;
	if (p) {
		snprintf(loc, llen, "%.*s", (int)(p - args < 0 ? 0 : p - args), args);
		if ((size_t)snprintf(cond, clen, "%s", p + 4) >= clen) {
			dbg_err(d, "Condition too long (at most %zu characters).", clen - 1);
			return false;
		}
	} else {
		snprintf(loc, llen, "%s", args);
		cond[0] = 0;
	}
	return true;
}

/* Resolve a breakpoint location to a linear address. */
static int resolve_location(struct dbg *d, const char *loc, u32 *addr)
{
	Dwarf_Die die;
	if (loc[0] == '*')
		return dbg_parse_addr(d, loc + 1, addr);
	const char *colon = strchr(loc, ':');
	if (colon && !isdigit((unsigned char)loc[0])) {
		char f[256];
		snprintf(f, sizeof(f), "%.*s", (int)(colon - loc), loc);
		if (!dw_line_addr(d->dw, f, atoi(colon + 1), addr)) {
			dbg_err(d, "No line %s in the symbol files.", loc);
			return -1;
		}
		return 0;
	}
	if (dw_find_func(d->dw, loc, &die, addr)) {
		/* Like gdb: past the prologue, at the function's second line. */
		u32 lo, hi, llo, lhi;
		if (dw_func_at(d->dw, *addr, &die, &lo, &hi) &&
		    dw_line_range(d->dw, *addr, &llo, &lhi) && lhi > *addr && lhi < hi)
			*addr = lhi;
		return 0;
	}
	const struct dbg_sym *s = sym_lookup_name(d->st, loc);
	if (s) {
		*addr = s->addr;
		return 0;
	}
	if (isdigit((unsigned char)loc[0]) || strchr(loc, ':'))
		return dbg_parse_addr(d, loc, addr);
	dbg_err(d, "Function \"%s\" not defined.", loc);
	return -1;
}

static void describe(struct dbg *d, struct dbg_bp *b)
{
	char sym[160];
	switch (b->kind) {
	case BP_EXEC:
		dbg_printf(d, "%s %d at 0x%llx", b->temporary ? "Temporary breakpoint" : "Breakpoint",
			   b->id, (unsigned long long)b->addr);
		if (*sym_format(d->st, (u32)b->addr, sym, sizeof(sym)))
			dbg_printf(d, " <%s>", sym);
		break;
	case BP_EXEC_PHYS:
		dbg_printf(d, "Breakpoint %d at physical 0x%llx", b->id, (unsigned long long)b->addr);
		break;
	case BP_WATCH:
	case BP_WATCH_PHYS:
		dbg_printf(d, "%s %d: %s%s (%u bytes at 0x%llx)",
			   b->access == WATCH_W ? "Hardware watchpoint" :
			   b->access == WATCH_R ? "Hardware read watchpoint" :
						  "Hardware access (read/write) watchpoint",
			   b->id, b->kind == BP_WATCH_PHYS ? "phys " : "", b->what, b->len,
			   (unsigned long long)b->addr);
		break;
	case BP_IO:
		dbg_printf(d, "I/O watchpoint %d: port 0x%llx len %u (%s)", b->id,
			   (unsigned long long)b->addr, b->len,
			   b->access == WATCH_W ? "out" : b->access == WATCH_R ? "in" : "in/out");
		break;
	default:
		dbg_printf(d, "Catchpoint %d (%s)", b->id, b->what);
	}
}

/* "LOCATION pid EXPR": the breakpoint stops only in that process (the pid
 * is evaluated now), as "if $pid == N" would; gdb's thread-specific form. */
static int split_pid(struct dbg *d, char *loc, char *cond, size_t clen)
{
	char *p = strstr(loc, " pid ");
	if (!p && !strncmp(loc, "pid ", 4))
		p = loc - 1;
	if (!p)
		return 0;
	u64 pid;
	if (expr_eval_u64(&d->ex, p + 5, &pid) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	char c[DBG_COND_MAX];
	snprintf(c, sizeof(c), "%s", cond);
	int n = c[0] ? snprintf(cond, clen, "$pid == %llu && (%s)", (unsigned long long)pid, c)
		     : snprintf(cond, clen, "$pid == %llu", (unsigned long long)pid);
	if ((size_t)n >= clen) {
		dbg_err(d, "Condition too long (at most %zu characters).", clen - 1);
		return -1;
	}
	*(p < loc ? loc : p) = 0;
	return 0;
}

int dbg_bp_break(struct dbg *d, const char *args, bool temporary)
{
	char loc[256], cond[DBG_COND_MAX];
	if (!split_cond(d, args, loc, sizeof(loc), cond, sizeof(cond)) ||
	    split_pid(d, loc, cond, sizeof(cond)) < 0)
		return -1;
	struct dbg_bp tmp = { 0 };
	if (!loc[0]) {
		struct dbg_regs r;
		dbg_regs(d, &r);
		tmp.addr = dbg_pc(&r);
		tmp.kind = BP_EXEC;
	} else if (!strncmp(loc, "phys ", 5)) {
		u32 a;
		if (dbg_parse_addr(d, loc + 5, &a) < 0)
			return -1;
		tmp.kind = BP_EXEC_PHYS;
		tmp.addr = a;
	} else {
		u32 a;
		if (resolve_location(d, loc, &a) < 0)
			return -1;
		tmp.kind = BP_EXEC;
		tmp.addr = a;
	}
	if (cond[0]) {
		/* Check the condition parses now rather than at the first hit. */
		u64 dummy;
		if (expr_eval_u64(&d->ex, cond, &dummy) < 0 && strstr(d->ex.err, "syntax")) {
			dbg_err(d, "%s", d->ex.err);
			return -1;
		}
	}
	struct dbg_bp *b = new_bp(d, tmp.kind);
	if (!b)
		return -1;
	b->addr = tmp.addr;
	b->temporary = temporary;
	snprintf(b->cond, sizeof(b->cond), "%s", cond);
	snprintf(b->what, sizeof(b->what), "%s", loc);
	describe(d, b);
	dbg_printf(d, "\n");
	recount(d);
	return 0;
}

int dbg_bp_watch(struct dbg *d, const char *args, int access)
{
	char loc[256], cond[DBG_COND_MAX];
	if (!split_cond(d, args, loc, sizeof(loc), cond, sizeof(cond)))
		return -1;
	bool phys = false;
	const char *e = loc;
	if (!strncmp(e, "phys ", 5)) {
		phys = true;
		e += 5;
	} else if (!strncmp(e, "-l ", 3) || !strncmp(e, "-location ", 10)) {
		e = strchr(e, ' ') + 1;
	}
	/* An optional " len N" suffix. */
	u32 len = 0;
	char ex[256];
	snprintf(ex, sizeof(ex), "%s", e);
	char *lp = strstr(ex, " len ");
	if (lp) {
		len = (u32)strtoul(lp + 5, NULL, 0);
		*lp = 0;
	}
	struct dval v;
	if (expr_eval(&d->ex, ex, &v) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	u32 addr;
	if (v.lval && !phys) {
		addr = v.addr;
		if (!len) {
			Dwarf_Die s;
			len = v.has_type && !v.ptrs ? dw_size(&v.type) : (v.ptrs ? 4 : v.isize);
			(void)s;
		}
	} else {
		u64 x;
		if (expr_eval_u64(&d->ex, ex, &x) < 0) {
			dbg_err(d, "%s", d->ex.err);
			return -1;
		}
		addr = (u32)x;
	}
	if (!len)
		len = 4;
	struct dbg_bp *b = new_bp(d, phys ? BP_WATCH_PHYS : BP_WATCH);
	if (!b)
		return -1;
	b->addr = addr;
	b->len = len;
	b->access = access;
	snprintf(b->cond, sizeof(b->cond), "%s", cond);
	snprintf(b->what, sizeof(b->what), "%s", ex);
	u8 buf[8] = { 0 };
	if (phys ? dbg_read_phys(d, addr, buf, len > 8 ? 8 : len)
		 : dbg_read_linear(d, addr, buf, len > 8 ? 8 : len))
		memset(buf, 0, 8);
	b->old_value = ld64(buf);
	describe(d, b);
	dbg_printf(d, "\n");
	recount(d);
	return 0;
}

static int cmd_iowatch(struct dbg *d, const char *args)
{
	char a[256];
	snprintf(a, sizeof(a), "%s", args);
	char *tok = strtok(a, " ");
	if (!tok) {
		dbg_err(d, "iowatch PORT [LEN] [r|w|rw]");
		return -1;
	}
	u64 port;
	if (expr_eval_u64(&d->ex, tok, &port) < 0 || port > 0xffff) {
		dbg_err(d, "iowatch: bad port \"%s\"", tok);
		return -1;
	}
	u32 len = 1;
	int access = WATCH_RW;
	while ((tok = strtok(NULL, " "))) {
		if (!strcmp(tok, "r") || !strcmp(tok, "in"))
			access = WATCH_R;
		else if (!strcmp(tok, "w") || !strcmp(tok, "out"))
			access = WATCH_W;
		else if (!strcmp(tok, "rw"))
			access = WATCH_RW;
		else
			len = (u32)strtoul(tok, NULL, 0);
	}
	struct dbg_bp *b = new_bp(d, BP_IO);
	if (!b)
		return -1;
	b->addr = port;
	b->len = len ? len : 1;
	b->access = access;
	snprintf(b->what, sizeof(b->what), "port 0x%llx", (unsigned long long)port);
	describe(d, b);
	dbg_printf(d, "\n");
	recount(d);
	return 0;
}

static int cmd_catch(struct dbg *d, const char *args)
{
	char what[32] = "";
	u64 n = ~0ull;
	const char *rest = args;
	int i = 0;
	while (*rest && *rest != ' ' && i < 31)
		what[i++] = *rest++;
	what[i] = 0;
	while (*rest == ' ')
		rest++;
	if (*rest && strcmp(what, "syscall") && expr_eval_u64(&d->ex, rest, &n) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	enum bp_kind kind;
	if (!strcmp(what, "exception"))
		kind = BP_EXCEPTION;
	else if (!strcmp(what, "interrupt"))
		kind = BP_INTERRUPT;
	else if (!strcmp(what, "mode"))
		kind = BP_MODE;
	else if (!strcmp(what, "cr3"))
		kind = BP_CR3;
	else if (!strcmp(what, "triple"))
		kind = BP_TRIPLE;
	else if (!strcmp(what, "icount"))
		kind = BP_ICOUNT;
	else if (!strcmp(what, "syscall"))
		return dbg_catch_syscall(d, rest);
	else {
		dbg_err(d, "catch: exception [N] | interrupt [N] | mode | cr3 | triple | icount N");
		return -1;
	}
	if (kind == BP_ICOUNT && n == ~0ull) {
		dbg_err(d, "catch icount: an instruction count is needed");
		return -1;
	}
	struct dbg_bp *b = new_bp(d, kind);
	if (!b)
		return -1;
	b->addr = n;
	if (n == ~0ull)
		snprintf(b->what, sizeof(b->what), "%s", what);
	else
		snprintf(b->what, sizeof(b->what), "%s %llu", what, (unsigned long long)n);
	describe(d, b);
	dbg_printf(d, "\n");
	recount(d);
	return 0;
}

enum id_op { ID_DELETE, ID_ENABLE, ID_DISABLE };

/* Apply delete, enable or disable to each id in args, or to all. */
static int for_ids(struct dbg *d, enum id_op op, const char *args)
{
	if (!*args) {
		if (op == ID_DELETE) {
			d->nbp = 0;
		} else {
			for (int i = 0; i < d->nbp; i++)
				d->bp[i].enabled = op == ID_ENABLE;
		}
		recount(d);
		return 0;
	}
	char a[256];
	snprintf(a, sizeof(a), "%s", args);
	int rc = 0;
	for (char *tok = strtok(a, " "); tok; tok = strtok(NULL, " ")) {
		if (!strcmp(tok, "once") || !strcmp(tok, "breakpoints"))
			continue;
		int id = atoi(tok);
		struct dbg_bp *b = find_id(d, id);
		if (!b) {
			dbg_err(d, "No breakpoint number %s.", tok);
			rc = -1;
			continue;
		}
		if (op == ID_DELETE)
			delete_index(d, (int)(b - d->bp));
		else
			b->enabled = op == ID_ENABLE;
	}
	recount(d);
	return rc;
}

int dbg_bp_delete(struct dbg *d, const char *args)
{
	return for_ids(d, ID_DELETE, args);
}

static int cmd_enable(struct dbg *d, const char *args)
{
	return for_ids(d, ID_ENABLE, args);
}

static int cmd_disable(struct dbg *d, const char *args)
{
	return for_ids(d, ID_DISABLE, args);
}

/* "N REST": the breakpoint numbered N and the rest of the line. */
static struct dbg_bp *id_and_rest(struct dbg *d, const char *args, const char **rest)
{
	char *end;
	int id = (int)strtol(args, &end, 10);
	struct dbg_bp *b = find_id(d, id);
	if (!b) {
		dbg_err(d, "No breakpoint number %d.", id);
		return NULL;
	}
	while (*end == ' ')
		end++;
	*rest = end;
	return b;
}

static int cmd_condition(struct dbg *d, const char *args)
{
	const char *cond;
	struct dbg_bp *b = id_and_rest(d, args, &cond);
	if (!b)
		return -1;
	if (strlen(cond) >= sizeof(b->cond)) {
		dbg_err(d, "Condition too long (at most %zu characters).", sizeof(b->cond) - 1);
		return -1;
	}
	snprintf(b->cond, sizeof(b->cond), "%s", cond);
	if (!*cond)
		dbg_printf(d, "Breakpoint %d now unconditional.\n", b->id);
	return 0;
}

static int cmd_ignore(struct dbg *d, const char *args)
{
	const char *count;
	struct dbg_bp *b = id_and_rest(d, args, &count);
	if (!b)
		return -1;
	b->ignore = strtoull(count, NULL, 0);
	dbg_printf(d, "Will ignore next %llu crossings of breakpoint %d.\n",
		   (unsigned long long)b->ignore, b->id);
	return 0;
}

static int cmd_break(struct dbg *d, const char *args)
{
	return dbg_bp_break(d, args, false);
}

static int cmd_tbreak(struct dbg *d, const char *args)
{
	return dbg_bp_break(d, args, true);
}

static int cmd_watch(struct dbg *d, const char *args)
{
	return dbg_bp_watch(d, args, WATCH_W);
}

static int cmd_rwatch(struct dbg *d, const char *args)
{
	return dbg_bp_watch(d, args, WATCH_R);
}

static int cmd_awatch(struct dbg *d, const char *args)
{
	return dbg_bp_watch(d, args, WATCH_RW);
}

const struct dbg_command dbg_bp_commands[] = {
	{ "break", "b br", cmd_break, "break LOCATION [if COND]: LOCATION is FUNC, *ADDR, FILE:LINE, phys ADDR" },
	{ "tbreak", NULL, cmd_tbreak, "tbreak LOCATION: a breakpoint deleted when hit" },
	{ "hbreak", NULL, cmd_break, "hbreak LOCATION: same as break" },
	{ "watch", NULL, cmd_watch, "watch [phys] EXPR|ADDR [LEN]: stop on writes" },
	{ "rwatch", NULL, cmd_rwatch, "rwatch [phys] EXPR|ADDR [LEN]: stop on reads" },
	{ "awatch", NULL, cmd_awatch, "awatch [phys] EXPR|ADDR [LEN]: stop on reads and writes" },
	{ "iowatch", NULL, cmd_iowatch, "iowatch PORT [LEN] [r|w|rw]: stop on I/O port accesses" },
	{ "catch", NULL, cmd_catch, "catch exception [N] | interrupt N | mode | cr3 | triple | icount N" },
	{ "delete", "d", dbg_bp_delete, "delete [N...]: delete breakpoints" },
	{ "disable", NULL, cmd_disable, "disable [N...]" },
	{ "enable", NULL, cmd_enable, "enable [N...]" },
	{ "condition", NULL, cmd_condition, "condition N [EXPR]: stop only when EXPR is true" },
	{ "ignore", NULL, cmd_ignore, "ignore N COUNT: skip the next COUNT hits" },
	{ NULL, NULL, NULL, NULL },
};

void dbg_bp_list(struct dbg *d)
{
	if (!d->nbp) {
		dbg_printf(d, "No breakpoints or watchpoints.\n");
		return;
	}
	dbg_printf(d, "Num     Type           Disp Enb Address    What\n");
	static const char *const kinds[] = {
		[BP_EXEC] = "breakpoint", [BP_EXEC_PHYS] = "phys break", [BP_WATCH] = "watchpoint",
		[BP_WATCH_PHYS] = "phys watch", [BP_IO] = "io watch", [BP_EXCEPTION] = "catchpoint",
		[BP_INTERRUPT] = "catchpoint", [BP_MODE] = "catchpoint", [BP_CR3] = "catchpoint",
		[BP_TRIPLE] = "catchpoint", [BP_ICOUNT] = "catchpoint", [BP_SYSCALL] = "catchpoint",
	};
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		char sym[160] = "";
		if (b->kind == BP_EXEC)
			sym_format(d->st, (u32)b->addr, sym, sizeof(sym));
		dbg_printf(d, "%-7d %-14s %-4s %-3s 0x%08llx %s%s%s\n", b->id, kinds[b->kind],
			   b->temporary ? "del" : "keep", b->enabled ? "y" : "n",
			   b->kind >= BP_EXCEPTION ? 0ull : (unsigned long long)b->addr,
			   *sym ? "in " : "", *sym ? sym : b->what,
			   !strncmp(b->what, "gdb", 3) ? " (set by gdb)" : "");
		if (b->cond[0])
			dbg_printf(d, "\tstop only if %s\n", b->cond);
		if (b->hits)
			dbg_printf(d, "\tbreakpoint already hit %llu time%s\n",
				   (unsigned long long)b->hits, b->hits == 1 ? "" : "s");
		if (b->ignore)
			dbg_printf(d, "\tWill ignore next %llu crossings of breakpoint.\n",
				   (unsigned long long)b->ignore);
	}
}

/* A candidate hit: count it, apply ignore and condition, and record the stop.
 * Returns true when execution must stop. */
static bool hit(struct dbg *d, int i, enum dbg_stop_reason why)
{
	struct dbg_bp *b = &d->bp[i];
	if (b->cond[0]) {
		u64 v;
		if (expr_eval_u64(&d->ex, b->cond, &v) == 0 && !v)
			return false;
		/* An unreadable condition stops, like gdb, so it is noticed. */
	}
	b->hits++;
	if (b->ignore) {
		b->ignore--;
		return false;
	}
	d->stop.why = why;
	d->stop.bp = i;
	if (b->temporary) {
		delete_index(d, i);
		d->stop.bp = -1;
		recount(d);
	}
	return true;
}

bool dbg_check_exec(struct dbg *d, u32 lin, u64 phys)
{
	bool handled = false, lib = false;
	for (int k = 0; k < d->nlib_hooks; k++)
		lib |= lin == d->lib_hooks[k];
	/* A user's breakpoint at a library hook wins; the stub announces the
	 * library change when it is resumed from there. */
	d->stop.lib_pending = lib;
	if (d->sys && dbg_syscall_hit(d, lin, &handled))
		return true;
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (!b->enabled || !((b->kind == BP_EXEC && b->addr == lin) ||
				     (b->kind == BP_EXEC_PHYS && b->addr == phys)))
			continue;
		int id = b->id;
		bool temp = b->temporary;
		if (!hit(d, i, DBG_STOP_BREAK))
			continue;
		char sym[160];
		Dwarf_Die fn;
		const char *file;
		int line;
		u32 lo;
		/* gdb's words: the function and line when DWARF knows them. */
		if (dw_func_at(d->dw, lin, &fn, &lo, NULL) && dwarf_diename(&fn) &&
		    dw_addr_line(d->dw, lin, &file, &line))
			snprintf(d->stop.msg, sizeof(d->stop.msg), "%s %d, %s () at %s:%d",
				 temp ? "Temporary breakpoint" : "Breakpoint", id, dwarf_diename(&fn),
				 file, line);
		else
			snprintf(d->stop.msg, sizeof(d->stop.msg), "%s %d, 0x%08x in %s ()",
				 temp ? "Temporary breakpoint" : "Breakpoint", id, lin,
				 *sym_format(d->st, lin, sym, sizeof(sym)) ? sym : "??");
		d->stop.addr = lin;
		d->stop.by_place = strchr(b->what, ':') || b->what[0] == '*' ||
				   b->kind == BP_EXEC_PHYS;
		return true;
	}
	if (lib) {
		d->stop.why = DBG_STOP_LIBRARY;
		d->stop.bp = -1;
		d->stop.addr = lin;
		d->stop.lib_pending = false;
		return true;
	}
	d->stop.lib_pending = false;
	return false;
}

bool dbg_check_mem(struct dbg *d, u32 lin, u64 phys, int size, bool write, u32 val)
{
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (!b->enabled || (b->kind != BP_WATCH && b->kind != BP_WATCH_PHYS))
			continue;
		u64 a = b->kind == BP_WATCH ? lin : phys;
		if (a + size <= b->addr || a >= b->addr + b->len)
			continue;
		if (!(b->access & (write ? WATCH_W : WATCH_R)))
			continue;
		int id = b->id;
		u64 old = b->old_value;
		/* The new value of the watched bytes: merge the write into the old. */
		u64 nv = old;
		if (write) {
			for (int k = 0; k < size; k++) {
				u64 byte_addr = a + k;
				if (byte_addr >= b->addr && byte_addr < b->addr + (b->len > 8 ? 8 : b->len)) {
					int sh = (int)(byte_addr - b->addr) * 8;
					nv &= ~(0xffull << sh);
					nv |= (u64)((val >> (k * 8)) & 0xff) << sh;
				}
			}
			if (nv == old && b->access == WATCH_W)
				continue;	/* gdb: a write of the same value does not stop */
			b->old_value = nv;
		}
		char what[256];
		snprintf(what, sizeof(what), "%.95s", b->what);
		int access = b->access;
		if (!hit(d, i, DBG_STOP_WATCH))
			continue;
		u64 mask = b->len >= 8 ? ~0ull : (1ull << (b->len * 8)) - 1;
		if (write && access == WATCH_W)
			snprintf(d->stop.msg, sizeof(d->stop.msg),
				 "\nHardware watchpoint %d: %s\n\nOld value = %llu\nNew value = %llu",
				 id, what, (unsigned long long)(old & mask),
				 (unsigned long long)(nv & mask));
		else
			snprintf(d->stop.msg, sizeof(d->stop.msg),
				 "\nHardware %s watchpoint %d: %s\n\n%s = %llu",
				 access == WATCH_R ? "read" : "access (read/write)", id, what,
				 write ? "New value" : "Value",
				 (unsigned long long)((write ? nv : old) & mask));
		d->stop.addr = a;
		d->stop.value = val;
		d->stop.size = size;
		d->stop.is_write = write;
		return true;
	}
	return false;
}

bool dbg_check_io(struct dbg *d, u16 port, int size, bool write, u32 val)
{
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (!b->enabled || b->kind != BP_IO)
			continue;
		if ((u64)port + size <= b->addr || port >= b->addr + b->len)
			continue;
		if (!(b->access & (write ? WATCH_W : WATCH_R)))
			continue;
		int id = b->id;
		if (!hit(d, i, DBG_STOP_WATCH))
			continue;
		snprintf(d->stop.msg, sizeof(d->stop.msg), "I/O watchpoint %d: %s port 0x%04x %s 0x%0*x",
			 id, write ? "out" : "in", port, write ? "<-" : "->", size * 2, val);
		d->stop.addr = port;
		d->stop.value = val;
		d->stop.size = size;
		d->stop.is_write = write;
		return true;
	}
	return false;
}

static const char *const exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD exception",
};

bool dbg_check_event(struct dbg *d, enum dbg_event ev, u32 arg, u32 arg2)
{
	static const enum bp_kind map[] = {
		[DBG_EV_EXCEPTION] = BP_EXCEPTION, [DBG_EV_INTERRUPT] = BP_INTERRUPT,
		[DBG_EV_MODE] = BP_MODE, [DBG_EV_CR3] = BP_CR3, [DBG_EV_TRIPLE] = BP_TRIPLE,
	};
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (!b->enabled || b->kind != map[ev])
			continue;
		if ((ev == DBG_EV_EXCEPTION || ev == DBG_EV_INTERRUPT) && b->addr != ~0ull &&
		    b->addr != arg)
			continue;
		if (ev == DBG_EV_MODE && !((arg ^ arg2) & 0x80000001u))
			continue;
		int id = b->id;
		if (!hit(d, i, ev == DBG_EV_TRIPLE ? DBG_STOP_SHUTDOWN : DBG_STOP_EVENT))
			continue;
		char *m = d->stop.msg;
		size_t n = sizeof(d->stop.msg);
		switch (ev) {
		case DBG_EV_EXCEPTION:
			snprintf(m, n, "Catchpoint %d (exception %u: %s, error code 0x%x)", id, arg,
				 arg < 32 && exc_names[arg] ? exc_names[arg] : "?", arg2);
			break;
		case DBG_EV_INTERRUPT:
			snprintf(m, n, "Catchpoint %d (interrupt 0x%02x)", id, arg);
			break;
		case DBG_EV_MODE:
			snprintf(m, n, "Catchpoint %d (mode switch: CR0 0x%08x -> 0x%08x: PE %d->%d, PG %d->%d)",
				 id, arg, arg2, arg & 1, arg2 & 1, arg >> 31, arg2 >> 31);
			break;
		case DBG_EV_CR3:
			snprintf(m, n, "Catchpoint %d (CR3 load 0x%08x -> 0x%08x)", id, arg, arg2);
			break;
		case DBG_EV_TRIPLE:
			/* The machine puts the three exceptions in msg before calling, when it can. */
			snprintf(m, n, "Catchpoint %d (triple fault)", id);
			break;
		}
		d->stop.addr = arg;
		return true;
	}
	return false;
}

bool dbg_check_syscall(struct dbg *d, u64 nr, const char *name, bool entry, const char *text)
{
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (!b->enabled || b->kind != BP_SYSCALL || (b->addr != ~0ull && b->addr != nr))
			continue;
		int id = b->id;
		if (!hit(d, i, DBG_STOP_EVENT))
			continue;
		snprintf(d->stop.msg, sizeof(d->stop.msg), "Catchpoint %d (%s syscall %s), %s", id,
			 entry ? "call to" : "returned from", name, text);
		d->stop.addr = nr;
		return true;
	}
	return false;
}

u64 dbg_icount_stop(const struct dbg *d)
{
	u64 best = UINT64_MAX;
	for (int i = 0; d && i < d->nbp; i++)
		if (d->bp[i].enabled && d->bp[i].kind == BP_ICOUNT && d->bp[i].addr < best)
			best = d->bp[i].addr;
	return best;
}

bool dbg_check_icount(struct dbg *d, u64 icount)
{
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (!b->enabled || b->kind != BP_ICOUNT || b->addr > icount)
			continue;
		int id = b->id;
		/* An icount catch fires once: it is in the past afterwards. */
		b->enabled = false;
		recount(d);
		if (!hit(d, i, DBG_STOP_EVENT))
			continue;
		snprintf(d->stop.msg, sizeof(d->stop.msg), "Catchpoint %d (icount %llu)", id,
			 (unsigned long long)icount);
		return true;
	}
	return false;
}

void dbg_post_code(struct dbg *d, u8 code)
{
	if (!d)
		return;
	if (d->n_post == (int)sizeof(d->post_codes)) {
		memmove(d->post_codes, d->post_codes + 1, sizeof(d->post_codes) - 1);
		d->n_post--;
	}
	d->post_codes[d->n_post++] = code;
	d->post_total++;
}

void dbg_note_exit(struct dbg *d, const char *msg)
{
	d->stop.why = DBG_STOP_EXIT;
	snprintf(d->stop.msg, sizeof(d->stop.msg), "%s", msg);
}

void dbg_exec_addrs(const struct dbg *d, u32 *lin, int *nlin, u64 *phys, int *nphys, int max)
{
	int nl = 0, np = 0;
	for (int i = 0; d && i < d->nbp; i++) {
		const struct dbg_bp *b = &d->bp[i];
		if (!b->enabled)
			continue;
		if (b->kind == BP_EXEC && nl < max) {
			if (lin)
				lin[nl] = (u32)b->addr;
			nl++;
		} else if (b->kind == BP_EXEC_PHYS && np < max) {
			if (phys)
				phys[np] = b->addr;
			np++;
		}
	}
	/* The system-call hooks, once, while a catch syscall or strace wants them. */
	u32 hooks[4];
	int nh = d ? dbg_syscall_hooks(d, hooks, 4) : 0;
	for (int k = 0; k < nh && nl < max; k++) {
		if (lin)
			lin[nl] = hooks[k];
		nl++;
	}
	for (int k = 0; d && k < d->nlib_hooks && nl < max; k++) {
		if (lin)
			lin[nl] = d->lib_hooks[k];
		nl++;
	}
	if (nlin)
		*nlin = nl;
	if (nphys)
		*nphys = np;
}

void dbg_set_library_hooks(struct dbg *d, const u32 *lin, int n)
{
	d->nlib_hooks = 0;
	for (int i = 0; i < n && i < DBG_MAX_LIB_HOOKS; i++)
		d->lib_hooks[d->nlib_hooks++] = lin[i];
	recount(d);
}
