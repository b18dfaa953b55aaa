/*
 * Execution control: stepi/nexti, step/next by source line, finish,
 * continue and until, built on the target's run/step hooks and the
 * breakpoint list (core/bp.c); and the report of where execution stopped.
 */
#include <string.h>

#include "debugger/cmd/cmd.h"
#include "emu/board/clock.h"

static int bt_read(void *ctx, u32 addr, void *buf, u32 len);

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

enum dbg_stop_reason cmd_do_step(struct dbg *d)
{
	d->stop.msg[0] = 0;
	dbg_frame_reset(d);	/* running selects frame 0 again */
	return d->t->step(d->t->opaque);
}

enum dbg_stop_reason cmd_do_run(struct dbg *d, u64 limit)
{
	d->stop.msg[0] = 0;
	d->stop.bp = -1;
	dbg_frame_reset(d);
	return d->t->run(d->t->opaque, limit);
}

bool cmd_can_run(struct dbg *d)
{
	if (!d->t->run || !d->t->step) {
		dbg_err(d, "The target is not running (a core file cannot execute).");
		return false;
	}
	return true;
}

/* stepi/nexti [N]: N instructions; nexti runs a CALL to its return. */
static int step_insns(struct dbg *d, const char *args, bool over)
{
	if (!cmd_can_run(d))
		return -1;
	u64 n = 1;
	if (*args && expr_eval_u64(&d->ex, args, &n) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	if ((s64)n <= 0) {
		dbg_err(d, "%s: the count must be positive", over ? "nexti" : "stepi");
		return -1;
	}
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
				why = cmd_do_step(d);
				if (why != DBG_STOP_STEP)
					break;
				dbg_regs(d, &r);
				if (dbg_pc(&r) == ret && r.gpr[DBG_ESP] >= esp)
					break;
			}
		} else {
			why = cmd_do_step(d);
		}
		if (why != DBG_STOP_STEP)
			break;
	}
	dbg_report_stop(d, why);
	return 0;
}

/* step/next by source line: single-step until the line changes; next also
 * treats a deeper stack (a call) as the same line. */
static int step_lines(struct dbg *d, bool over)
{
	if (!cmd_can_run(d))
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	const char *file;
	int line;
	u32 lo, hi;
	if (!dw_addr_line(d->dw, dbg_pc(&r), &file, &line) ||
	    !dw_line_range(d->dw, dbg_pc(&r), &lo, &hi)) {
		dbg_printf(d, "No line information here; stepping one instruction.\n");
		return step_insns(d, "", false);
	}
	u32 esp = r.gpr[DBG_ESP];
	enum dbg_stop_reason why = DBG_STOP_STEP;
	for (int guard = 0; guard < 2000000; guard++) {
		why = cmd_do_step(d);
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

static int cmd_stepi(struct dbg *d, const char *args)
{
	return step_insns(d, args, false);
}

static int cmd_nexti(struct dbg *d, const char *args)
{
	return step_insns(d, args, true);
}

static int cmd_step(struct dbg *d, const char *args)
{
	return step_lines(d, false);
}

static int cmd_next(struct dbg *d, const char *args)
{
	return step_lines(d, true);
}

/* finish: run until the current function returns to its caller: a hidden
 * temporary breakpoint on the return address at [EBP+4] (frame pointers),
 * taken only once the stack is above this frame (recursion). */
static int cmd_finish(struct dbg *d, const char *args)
{
	if (!cmd_can_run(d))
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
		why = cmd_do_run(d, CLOCK_NEVER);
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

static int cmd_continue(struct dbg *d, const char *args)
{
	if (!cmd_can_run(d))
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
	enum dbg_stop_reason why = cmd_do_run(d, limit);
	dbg_report_stop(d, why);
	return 0;
}

/* until/advance/run-to LOCATION: a temporary breakpoint and continue. */
static int cmd_until(struct dbg *d, const char *args)
{
	if (!cmd_can_run(d))
		return -1;
	if (!*args)
		return step_lines(d, true);
	if (dbg_bp_break(d, args, true) < 0)
		return -1;
	return cmd_continue(d, "");
}

static int bt_read(void *ctx, u32 addr, void *buf, u32 len)
{
	return dbg_read_linear(ctx, addr, buf, len);
}

const struct dbg_command cmd_run_commands[] = {
	{ "stepi", "si", cmd_stepi, "stepi [N]: execute N instructions" },
	{ "nexti", "ni", cmd_nexti, "nexti [N]: like stepi, stepping over calls" },
	{ "step", "s", cmd_step, "step: run to the next source line" },
	{ "next", "n", cmd_next, "next: next source line, stepping over calls" },
	{ "finish", "fin", cmd_finish, "finish: run until the selected frame's function returns" },
	{ "continue", "c cont fg", cmd_continue, "continue [N]: run (at most N instructions)" },
	{ "until", "u advance run-to", cmd_until, "until LOCATION: run to a location" },
	{ NULL, NULL, NULL, NULL },
};
