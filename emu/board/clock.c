/* The virtual clock and its event queue (see clock.h). */
#include "emu/board/clock.h"

void clock_init(struct clock *c, u64 ips)
{
	c->icount = 0;
	c->ips = ips ? ips : CLOCK_DEFAULT_IPS;
	c->timers = NULL;
	c->run_limit = 0;
	c->kick = NULL;
	c->kick_opaque = NULL;
}

void timer_init(struct timer *t, const char *name, void (*cb)(void *), void *opaque)
{
	t->deadline = CLOCK_NEVER;
	t->cb = cb;
	t->opaque = opaque;
	t->name = name;
	t->active = false;
	t->next = NULL;
}

void timer_del(struct clock *c, struct timer *t)
{
	if (!t->active)
		return;
	for (struct timer **pp = &c->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->active = false;
	t->next = NULL;
}

void timer_mod(struct clock *c, struct timer *t, u64 deadline)
{
	timer_del(c, t);
	t->deadline = deadline;
	t->active = true;
	/* Equal deadlines fire in the order they were armed. */
	struct timer **pp = &c->timers;
	while (*pp && (*pp)->deadline <= deadline)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	if (deadline < c->run_limit && c->kick)
		c->kick(c->kick_opaque);
}

void clock_run_due(struct clock *c)
{
	while (c->timers && c->timers->deadline <= c->icount) {
		struct timer *t = c->timers;
		c->timers = t->next;
		t->active = false;
		t->next = NULL;
		t->cb(t->opaque);	/* may re-arm t */
	}
}

u64 clock_icount_to_ns(const struct clock *c, u64 icount)
{
	return (u64)((unsigned __int128)icount * 1000000000u / c->ips);
}

u64 clock_ns_to_icount(const struct clock *c, u64 ns)
{
	/* Round up, so a deadline "after ns" is never early. */
	return (u64)(((unsigned __int128)ns * c->ips + 999999999u) / 1000000000u);
}
