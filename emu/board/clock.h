/*
 * The virtual clock: the count of retired instructions is the only time there
 * is. Virtual nanoseconds are derived from it at a configurable rate (-ips).
 * Devices schedule deadlines (in instructions) on one event queue; the
 * machine runs the CPU up to the earliest deadline, then fires what is due.
 * Nothing here reads the host clock.
 */
#ifndef LUCID_CLOCK_H
#define LUCID_CLOCK_H

#include "emu/lib/types.h"

#define CLOCK_DEFAULT_IPS 100000000ull	/* 100 MIPS: 10 ns per instruction */
#define CLOCK_NEVER UINT64_MAX

struct timer {
	u64 deadline;		/* icount at which cb runs */
	void (*cb)(void *opaque);
	void *opaque;
	const char *name;
	bool active;
	struct timer *next;	/* in the clock's list, sorted by deadline */
};

struct clock {
	u64 icount;		/* instructions retired since power-on */
	u64 ips;		/* instructions per virtual second */
	struct timer *timers;	/* active timers, earliest first */
	/*
	 * While the CPU runs towards run_limit, a timer armed for earlier (a
	 * device the guest just programmed) calls kick, so the machine can stop
	 * the CPU and fire it on time. run_limit is 0 when nothing runs.
	 */
	u64 run_limit;
	void (*kick)(void *opaque);
	void *kick_opaque;
};

void clock_init(struct clock *c, u64 ips);
void timer_init(struct timer *t, const char *name, void (*cb)(void *), void *opaque);
/* (Re)arm t to fire when icount reaches deadline. */
void timer_mod(struct clock *c, struct timer *t, u64 deadline);
void timer_del(struct clock *c, struct timer *t);

static inline u64 clock_next_deadline(const struct clock *c)
{
	return c->timers ? c->timers->deadline : CLOCK_NEVER;
}

/* Fire every timer whose deadline has been reached, in deadline order. */
void clock_run_due(struct clock *c);

/* Conversions between instructions and virtual nanoseconds. */
u64 clock_icount_to_ns(const struct clock *c, u64 icount);
u64 clock_ns_to_icount(const struct clock *c, u64 ns);
static inline u64 clock_ns(const struct clock *c) { return clock_icount_to_ns(c, c->icount); }

#endif
