/*
 * Time travel (see timetravel.h). Checkpoints are vm_save streams taken by
 * a clock timer every interval instructions, kept sorted by icount. Seeking
 * back loads the latest one at or before the target, drops those after it
 * (the future may now differ, for instance after a debugger write) and runs
 * to the target; the checkpoints are re-taken on the way forward.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/machine/machine.h"
#include "emu/replay/replay.h"
#include "emu/replay/timetravel.h"
#include "emu/replay/vmstate.h"

struct checkpoint {
	u64 icount;
	u8 *buf;
	size_t len;
};

struct tt {
	struct machine *m;
	u64 interval, budget, bytes;
	struct timer timer;
	struct machine_hook on_destroy;	/* tt_disable when the machine goes */
	struct checkpoint *cp;
	u32 n, cap;
	bool seeking;
};

static void arm(struct tt *t)
{
	struct machine *m = t->m;
	timer_mod(&m->clock, &t->timer, (m->clock.icount / t->interval + 1) * t->interval);
}

/* Past the budget: keep the first and the last, drop every other one between. */
static void thin(struct tt *t)
{
	while (t->bytes > t->budget && t->n > 2) {
		u32 w = 1;
		for (u32 r = 1; r < t->n; r++) {
			if ((r & 1) && r != t->n - 1) {
				t->bytes -= t->cp[r].len;
				free(t->cp[r].buf);
			} else {
				t->cp[w++] = t->cp[r];
			}
		}
		t->n = w;
		t->interval *= 2;
	}
}

static void take(struct tt *t)
{
	struct machine *m = t->m;
	/* The same icount again (running forward after a seek): keep the old. */
	if (t->n && t->cp[t->n - 1].icount >= m->clock.icount)
		return;
	if (t->n == t->cap) {
		u32 cap = t->cap ? t->cap * 2 : 16;
		struct checkpoint *nc = realloc(t->cp, cap * sizeof(*nc));
		if (!nc)
			return;
		t->cp = nc;
		t->cap = cap;
	}
	struct snap_writer w;
	snap_writer_init(&w);
	vm_save(m, &w);
	if (w.failed) {
		snap_writer_free(&w);
		return;
	}
	t->cp[t->n++] = (struct checkpoint){ m->clock.icount, w.buf, w.len };
	t->bytes += w.len;
	thin(t);
}

static void tick(void *opaque)
{
	struct tt *t = opaque;
	take(t);
	arm(t);
}

static void destroy_hook(void *machine)
{
	tt_disable(machine);
}

int tt_enable(struct machine *m, u64 interval, u64 budget, char *err, size_t errlen)
{
	if (m->tt)
		tt_disable(m);
	struct tt *t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->m = m;
	t->interval = interval ? interval : TT_DEFAULT_INTERVAL;
	t->budget = budget ? budget : TT_DEFAULT_BUDGET;
	timer_init(&t->timer, "timetravel", tick, t);
	m->tt = t;
	t->on_destroy = (struct machine_hook){ .fn = destroy_hook, .opaque = m };
	machine_add_destroy_hook(m, &t->on_destroy);
	take(t);
	if (!t->n) {
		snprintf(err, errlen, "out of memory for the first checkpoint");
		tt_disable(m);
		return -1;
	}
	arm(t);
	return 0;
}

void tt_disable(struct machine *m)
{
	struct tt *t = m->tt;
	if (!t)
		return;
	timer_del(&m->clock, &t->timer);
	machine_remove_destroy_hook(m, &t->on_destroy);
	for (u32 i = 0; i < t->n; i++)
		free(t->cp[i].buf);
	free(t->cp);
	free(t);
	m->tt = NULL;
}

bool tt_enabled(const struct machine *m) { return m->tt != NULL; }

u64 tt_history_start(const struct machine *m)
{
	return m->tt && m->tt->n ? m->tt->cp[0].icount : m->clock.icount;
}

static int find_before(const struct tt *t, u64 ic)
{
	int best = -1;
	for (u32 i = 0; i < t->n && t->cp[i].icount <= ic; i++)
		best = (int)i;
	return best;
}

u64 tt_checkpoint_before(const struct machine *m, u64 ic)
{
	int i = m->tt ? find_before(m->tt, ic) : -1;
	return i < 0 ? tt_history_start(m) : m->tt->cp[i].icount;
}

void tt_stats(const struct machine *m, u64 *count, u64 *bytes, u64 *interval)
{
	*count = m->tt ? m->tt->n : 0;
	*bytes = m->tt ? m->tt->bytes : 0;
	*interval = m->tt ? m->tt->interval : 0;
}

void tt_reset_history(struct machine *m)
{
	struct tt *t = m->tt;
	if (!t)
		return;
	for (u32 i = 0; i < t->n; i++)
		free(t->cp[i].buf);
	t->n = 0;
	t->bytes = 0;
	timer_del(&m->clock, &t->timer);
	take(t);
	arm(t);
}

int tt_seek(struct machine *m, u64 ic, char *err, size_t errlen)
{
	struct tt *t = m->tt;
	if (ic < m->clock.icount) {
		if (!t) {
			snprintf(err, errlen, "time travel is off (\"timetravel on\", or replay a log)");
			return -1;
		}
		int i = find_before(t, ic);
		if (i < 0) {
			snprintf(err, errlen, "icount %llu is before the history (it starts at %llu)",
				 (unsigned long long)ic, (unsigned long long)tt_history_start(m));
			return -1;
		}
		if (m->rr)
			rr_before_load(m->rr);
		if (vm_load(m, t->cp[i].buf, t->cp[i].len, err, errlen))
			return -1;
		for (u32 k = i + 1; k < t->n; k++) {
			t->bytes -= t->cp[k].len;
			free(t->cp[k].buf);
		}
		t->n = i + 1;
		timer_del(&m->clock, &t->timer);
		arm(t);
		if (m->rr)
			rr_after_load(m->rr);
	}
	/* Forward to ic, through breakpoints (the debugger's stops are not ours). */
	while (m->clock.icount < ic) {
		enum machine_stop s = machine_run(m, ic);
		if (s == MACHINE_LIMIT || s == MACHINE_STOPPED)
			continue;
		if (s == MACHINE_DEBUG) {
			m->cpu->bp_skip = true;
			continue;
		}
		snprintf(err, errlen, "the machine stopped at icount %llu (%s) before %llu",
			 (unsigned long long)m->clock.icount, machine_stop_name(s),
			 (unsigned long long)ic);
		return -1;
	}
	return 0;
}
