/*
 * Timers and the tick (Linux's kernel/time/timer.c and tick-common.c, much
 * reduced): the PIT interrupt calls tick_handle_periodic -> do_timer
 * (jiffies_64++) and update_process_times (scheduler_tick, and TIMER_SOFTIRQ
 * when a timer is due). Pending timers sit in one list sorted by expiry.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/time.h>
#include <linux/sched.h>
#include <asm/irqflags.h>

volatile u64 jiffies_64 __aligned(8) = (u64)INITIAL_JIFFIES;
static struct timer_list *timer_list_head;

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
	t->next = NULL;
	t->function = fn;
	t->pending = false;
	t->expires = 0;
}

static void detach(struct timer_list *t)
{
	struct timer_list **p;

	for (p = &timer_list_head; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			break;
		}
	}
	t->next = NULL;
	t->pending = false;
}

static void enqueue(struct timer_list *t)
{
	struct timer_list **p = &timer_list_head;

	while (*p && !time_after((*p)->expires, t->expires))
		p = &(*p)->next;
	t->next = *p;
	*p = t;
	t->pending = true;
}

/* (Re)arm T for EXPIRES; returns 1 if it was pending before. */
int mod_timer(struct timer_list *t, unsigned long expires)
{
	unsigned long flags;
	int was = t->pending;

	local_irq_save(flags);
	if (t->pending)
		detach(t);
	t->expires = expires;
	enqueue(t);
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

static void run_timer_softirq(struct softirq_action *h)
{
	unsigned long flags;

	local_irq_save(flags);
	while (timer_list_head && time_after_eq(jiffies, timer_list_head->expires)) {
		struct timer_list *t = timer_list_head;

		detach(t);
		local_irq_restore(flags);
		t->function(t);
		local_irq_save(flags);
	}
	local_irq_restore(flags);
}

/*
 * When the earliest pending timer expires, in jiffies (Linux's
 * get_next_timer_interrupt); a quarter of the jiffies range ahead if none.
 */
unsigned long next_timer_interrupt(void)
{
	unsigned long flags, next;

	local_irq_save(flags);
	next = timer_list_head ? timer_list_head->expires : jiffies + (~0UL >> 2);
	local_irq_restore(flags);
	return next;
}

void run_local_timers(void)
{
	if (timer_list_head && time_after_eq(jiffies, timer_list_head->expires))
		raise_softirq_irqoff(TIMER_SOFTIRQ);
}

void update_process_times(int user_tick)
{
	run_local_timers();
	scheduler_tick();
}

void __init init_timers(void)
{
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
	pr_info("init_timers: timer list ready, expired timers run from TIMER_SOFTIRQ\n");
}

void __init tick_init(void)
{
	pr_info("tick_init: periodic tick at HZ=%d (every %d us); jiffies starts at %#lx\n", HZ,
		1000000 / HZ, jiffies);
}
