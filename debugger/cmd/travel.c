/*
 * Snapshots and time travel: savevm/loadvm, seek, reverse-stepi,
 * reverse-continue and timetravel, through the target's hooks (the live
 * machine's are emu/replay's checkpoints and snapshot files).
 */
#include <stdint.h>
#include <string.h>

#include "debugger/cmd/cmd.h"

/* savevm/loadvm FILE: the whole machine to or from a snapshot file. */
static int snapshot(struct dbg *d, const char *args, bool save)
{
	const char *cmd_name = save ? "savevm" : "loadvm";
	char path[1024], err[512];
	if (sscanf(args, " %1023s", path) != 1) {
		dbg_err(d, "usage: %s FILE", cmd_name);
		return -1;
	}
	int (*fn)(void *, const char *, char *, size_t) = save ? d->t->savevm : d->t->loadvm;
	if (!fn) {
		dbg_err(d, "%s: this target has no machine state to %s", cmd_name, save ? "save" : "load");
		return -1;
	}
	if (fn(d->t->opaque, path, err, sizeof(err))) {
		dbg_err(d, "%s: %s", cmd_name, err);
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

static int cmd_savevm(struct dbg *d, const char *args)
{
	return snapshot(d, args, true);
}

static int cmd_loadvm(struct dbg *d, const char *args)
{
	return snapshot(d, args, false);
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

static int cmd_seek(struct dbg *d, const char *args)
{
	u64 ic;
	if (!can_travel(d, "seek"))
		return -1;
	if (!*args || expr_eval_u64(&d->ex, args, &ic) < 0) {
		dbg_err(d, "%s", *args ? d->ex.err : "usage: seek ICOUNT");
		return -1;
	}
	if (travel(d, "seek", ic))
		return -1;
	dbg_report_stop(d, DBG_STOP_STEP);
	return 0;
}

static int cmd_reverse_stepi(struct dbg *d, const char *args)
{
	u64 n = 1;
	if (!can_travel(d, "reverse-stepi"))
		return -1;
	if (*args && expr_eval_u64(&d->ex, args, &n) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	struct dbg_regs r;
	dbg_regs(d, &r);
	if ((s64)n <= 0 || n > r.icount) {
		dbg_err(d, "%s: cannot go back %llu instructions from icount %llu", "reverse-stepi",
			(unsigned long long)n, (unsigned long long)r.icount);
		return -1;
	}
	if (travel(d, "reverse-stepi", r.icount - n))
		return -1;
	dbg_report_stop(d, DBG_STOP_STEP);
	return 0;
}

/*
 * reverse-continue: the last breakpoint, watchpoint or catch hit before now.
 * Replay each checkpoint interval forward with the breakpoints armed, noting
 * the hits, latest interval first; then travel to the last hit.
 */
static int cmd_reverse_continue(struct dbg *d, const char *args)
{
	if (!can_travel(d, "reverse-continue") || !d->t->checkpoint_before)
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	const u64 now = r.icount;
	u64 end = now;
	while (end > 0) {
		u64 start = d->t->checkpoint_before(d->t->opaque, end - 1);
		if (start >= end)
			break;
		if (travel(d, "reverse-continue", start))
			return -1;
		u64 hit = UINT64_MAX;
		enum dbg_stop_reason hit_why = DBG_STOP_NONE;
		char hit_msg[sizeof(d->stop.msg)] = "";
		for (;;) {
			enum dbg_stop_reason why = cmd_do_run(d, end);
			dbg_regs(d, &r);
			if (r.icount >= end || why == DBG_STOP_LIMIT || why == DBG_STOP_STEP)
				break;
			if (why != DBG_STOP_BREAK && why != DBG_STOP_WATCH && why != DBG_STOP_EVENT)
				break;
			hit = r.icount;
			hit_why = why;
			snprintf(hit_msg, sizeof(hit_msg), "%s", d->stop.msg);
		}
		if (hit != UINT64_MAX) {
			if (travel(d, "reverse-continue", hit))
				return -1;
			/* The hit's own words, not those of the run past it. */
			snprintf(d->stop.msg, sizeof(d->stop.msg), "%s", hit_msg);
			dbg_report_stop(d, hit_why);
			return 0;
		}
		end = start;
	}
	/* Nothing earlier: stop at the start of the history. */
	if (travel(d, "reverse-continue", end))
		return -1;
	dbg_printf(d, "No breakpoint was hit earlier; at the start of the history (icount %llu).\n",
		   (unsigned long long)end);
	dbg_report_stop(d, DBG_STOP_STEP);
	return 0;
}

/* when: where in virtual time the machine is (gdb's "when" in rr). */
static int cmd_when(struct dbg *d, const char *args)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	dbg_printf(d, "Current icount: %llu\n", (unsigned long long)r.icount);
	return 0;
}

static int cmd_timetravel(struct dbg *d, const char *args)
{
	char word[16] = "", msg[512];
	unsigned long long iv = 0;
	if (!d->t->timetravel) {
		dbg_err(d, "%s: this target cannot travel in time", "timetravel");
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
		dbg_err(d, "%s: %s", "timetravel", msg);
		return -1;
	}
	dbg_printf(d, "%s\n", msg);
	return 0;
}

const struct dbg_command cmd_travel_commands[] = {
	{ "savevm", NULL, cmd_savevm, "savevm FILE: save the whole machine (a snapshot)" },
	{ "loadvm", NULL, cmd_loadvm, "loadvm FILE: load a snapshot saved by savevm" },
	{ "seek", NULL, cmd_seek, "seek ICOUNT: travel to an instruction count (back or forward)" },
	{ "reverse-stepi", "rsi", cmd_reverse_stepi, "reverse-stepi [N]: go back N instructions" },
	{ "reverse-continue", "rc", cmd_reverse_continue, "reverse-continue: back to the last breakpoint hit" },
	{ "when", NULL, cmd_when, "when: the current instruction count (virtual time)" },
	{ "timetravel", NULL, cmd_timetravel, "timetravel [on [INTERVAL] | off | info]: checkpoints for going back" },
	{ NULL, NULL, NULL, NULL },
};
