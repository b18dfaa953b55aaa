/*
 * Timers and the tick (Linux's kernel/time/timer.c before 4.8, and
 * tick-common.c, reduced to one CPU): the PIT interrupt calls do_timer
 * (jiffies_64 += ticks) and update_process_times (scheduler_tick, and
 * TIMER_SOFTIRQ when a timer is due).
 *
 * Pending timers live in Linux's classic timer wheel: five levels of lists
 * (tv1: 256 slots of one jiffy each; tv2..tv5: 64 slots each, 256, 2^14,
 * 2^20 and 2^26 jiffies wide). Adding is O(1): the timer goes into the slot
 * for its expiry relative to base.timer_jiffies. Every time tv1 wraps, the
 * next tv2 slot is "cascaded" down into tv1 (and so on up), so a timer is
 * moved at most four times before it runs. The softirq walks timer_jiffies
 * up to jiffies one tick at a time, which also covers ticks that tickless
 * idle skipped.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/bug.h>
#include <linux/timer.h>
#include <linux/time.h>
#include <linux/sched.h>
#include <linux/nmi.h>
#include <asm/irqflags.h>

volatile u64 jiffies_64 __aligned(8) = (u64)INITIAL_JIFFIES;

#define TVN_BITS	6
#define TVR_BITS	8
#define TVN_SIZE	(1 << TVN_BITS)
#define TVR_SIZE	(1 << TVR_BITS)
#define TVN_MASK	(TVN_SIZE - 1)
#define TVR_MASK	(TVR_SIZE - 1)
#define MAX_TVAL	((unsigned long)((1ULL << (TVR_BITS + 4 * TVN_BITS)) - 1))

struct tvec_base {
	unsigned long timer_jiffies;	/* the next jiffy the softirq will process */
	unsigned long active;		/* pending timers */
	struct list_head tv1[TVR_SIZE];
	struct list_head tv2[TVN_SIZE], tv3[TVN_SIZE], tv4[TVN_SIZE], tv5[TVN_SIZE];
	struct timer_list *running;	/* the timer whose function runs now */
};

static struct tvec_base timer_base;

/* jiffies_64 is two words: read it with interrupts off so the tick cannot split it. */
u64 get_jiffies_64(void)
{
	unsigned long flags;
	u64 j;

	local_irq_save(flags);
	j = jiffies_64;
	local_irq_restore(flags);
	return j;
}

unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ((unsigned long)ms * HZ + 999) / 1000;
}

unsigned int jiffies_to_msecs(unsigned long j)
{
	return j * (1000 / HZ);
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->pending = false;
	t->expires = 0;
}

/* Put t in the wheel slot for its expiry (Linux's internal_add_timer). */
static void internal_add_timer(struct tvec_base *base, struct timer_list *t)
{
	unsigned long expires = t->expires, idx = expires - base->timer_jiffies;
	struct list_head *vec;

	if (idx < TVR_SIZE) {
		vec = base->tv1 + (expires & TVR_MASK);
	} else if (idx < 1UL << (TVR_BITS + TVN_BITS)) {
		vec = base->tv2 + ((expires >> TVR_BITS) & TVN_MASK);
	} else if (idx < 1UL << (TVR_BITS + 2 * TVN_BITS)) {
		vec = base->tv3 + ((expires >> (TVR_BITS + TVN_BITS)) & TVN_MASK);
	} else if (idx < 1UL << (TVR_BITS + 3 * TVN_BITS)) {
		vec = base->tv4 + ((expires >> (TVR_BITS + 2 * TVN_BITS)) & TVN_MASK);
	} else if ((long)idx < 0) {
		/* Already due: run at the next tick. */
		vec = base->tv1 + (base->timer_jiffies & TVR_MASK);
	} else {
		if (idx > MAX_TVAL) {
			idx = MAX_TVAL;
			t->expires = expires = idx + base->timer_jiffies;
		}
		vec = base->tv5 + ((expires >> (TVR_BITS + 3 * TVN_BITS)) & TVN_MASK);
	}
	list_add_tail(&t->entry, vec);
}

static void detach(struct timer_list *t)
{
	list_del_init(&t->entry);
	t->pending = false;
	timer_base.active--;
}

int mod_timer(struct timer_list *t, unsigned long expires)
{
	unsigned long flags;
	int was;

	local_irq_save(flags);
	was = t->pending;
	if (was)
		detach(t);
	/* With no timer pending the softirq stops advancing timer_jiffies: catch up. */
	if (!timer_base.active)
		timer_base.timer_jiffies = jiffies;
	t->expires = expires;
	t->pending = true;
	timer_base.active++;
	internal_add_timer(&timer_base, t);
	local_irq_restore(flags);
	return was;
}

void add_timer(struct timer_list *t)
{
	mod_timer(t, t->expires);
}

int del_timer(struct timer_list *t)
{
	unsigned long flags;
	int was;

	local_irq_save(flags);
	was = t->pending;
	if (was)
		detach(t);
	local_irq_restore(flags);
	return was;
}

/*
 * Deactivate t and make sure its function is not running when this returns.
 * One CPU: the function runs in the timer softirq, which task code cannot
 * interrupt, so only a call from the function itself could find it running.
 */
int del_timer_sync(struct timer_list *t)
{
	WARN_ON(timer_base.running == t && in_serving_softirq());
	return del_timer(t);
}

/* Move every timer of one outer slot down the wheel (Linux's cascade). */
static int cascade(struct tvec_base *base, struct list_head *tv, int index)
{
	struct timer_list *t, *n;
	LIST_HEAD(list);

	/* Take the whole slot first: re-adding may put timers back into it. */
	list_splice_init(tv + index, &list);
	list_for_each_entry_safe(t, n, &list, entry) {
		list_del_init(&t->entry);
		internal_add_timer(base, t);
	}
	return index;
}

#define INDEX(N) ((base->timer_jiffies >> (TVR_BITS + (N) * TVN_BITS)) & TVN_MASK)

static void run_timer_softirq(struct softirq_action *h)
{
	struct tvec_base *base = &timer_base;
	unsigned long flags;

	local_irq_save(flags);
	while (time_after_eq(jiffies, base->timer_jiffies)) {
		struct list_head work, *head = &work;
		int index = base->timer_jiffies & TVR_MASK;

		/* tv1 wrapped: cascade the next level down (and the ones above it). */
		if (!index && !cascade(base, base->tv2, INDEX(0)) &&
		    !cascade(base, base->tv3, INDEX(1)) && !cascade(base, base->tv4, INDEX(2)))
			cascade(base, base->tv5, INDEX(3));
		++base->timer_jiffies;
		INIT_LIST_HEAD(head);
		list_splice_init(base->tv1 + index, head);
		while (!list_empty(head)) {
			struct timer_list *t = list_first_entry(head, struct timer_list, entry);

			detach(t);
			base->running = t;
			local_irq_restore(flags);
			t->function(t);
			local_irq_save(flags);
			base->running = NULL;
		}
	}
	local_irq_restore(flags);
}

/*
 * When the earliest pending timer expires, in jiffies (Linux's
 * get_next_timer_interrupt); a quarter of the jiffies range ahead if none.
 * Looks through tv1 slot by slot from now, then takes the earliest expiry of
 * the outer levels (few timers live there).
 */
unsigned long next_timer_interrupt(void)
{
	struct tvec_base *base = &timer_base;
	unsigned long flags, next = jiffies + (~0UL >> 2);
	struct list_head *levels[] = { base->tv2, base->tv3, base->tv4, base->tv5 };
	struct timer_list *t;
	int i, s;

	local_irq_save(flags);
	if (!base->active)
		goto out;
	for (i = 0; i < TVR_SIZE; i++) {
		struct list_head *slot = base->tv1 + ((base->timer_jiffies + i) & TVR_MASK);

		list_for_each_entry(t, slot, entry)
			if (time_before(t->expires, next))
				next = t->expires;
		if (next != jiffies + (~0UL >> 2))
			goto out;
	}
	for (i = 0; i < 4; i++)
		for (s = 0; s < TVN_SIZE; s++)
			list_for_each_entry(t, &levels[i][s], entry)
				if (time_before(t->expires, next))
					next = t->expires;
out:
	local_irq_restore(flags);
	return next;
}

void run_local_timers(void)
{
	if (timer_base.active && time_after_eq(jiffies, timer_base.timer_jiffies))
		raise_softirq_irqoff(TIMER_SOFTIRQ);
}

void update_process_times(int user_tick)
{
	run_local_timers();
	scheduler_tick();
	watchdog_tick();
}

void __init init_timers(void)
{
	struct tvec_base *base = &timer_base;
	int i;

	for (i = 0; i < TVR_SIZE; i++)
		INIT_LIST_HEAD(base->tv1 + i);
	for (i = 0; i < TVN_SIZE; i++) {
		INIT_LIST_HEAD(base->tv2 + i);
		INIT_LIST_HEAD(base->tv3 + i);
		INIT_LIST_HEAD(base->tv4 + i);
		INIT_LIST_HEAD(base->tv5 + i);
	}
	base->timer_jiffies = jiffies;
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
	pr_info("init_timers: timer wheel ready (256 + 4 x 64 slots), expired timers run from TIMER_SOFTIRQ\n");
}

void __init tick_init(void)
{
	pr_info("tick_init: periodic tick at HZ=%d (every %d us); jiffies starts at %#lx\n", HZ,
		1000000 / HZ, jiffies);
}
