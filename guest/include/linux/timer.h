/*
 * Kernel timers (Linux's include/linux/timer.h): a function to run from the
 * TIMER softirq once jiffies reaches expires. Kept in Linux's classic timer
 * wheel (kernel/time/timer.c).
 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/types.h>
#include <linux/list.h>

struct timer_list {
	struct list_head entry;		/* in a wheel slot while pending */
	unsigned long expires;		/* jiffies */
	void (*function)(struct timer_list *);
	bool pending;
};

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
void add_timer(struct timer_list *t);
int mod_timer(struct timer_list *t, unsigned long expires);
int del_timer(struct timer_list *t);
int del_timer_sync(struct timer_list *t);
static inline bool timer_pending(const struct timer_list *t)
{
	return t->pending;
}

void init_timers(void);
void tick_init(void);
void time_init(void);
void update_process_times(int user_tick);
void run_local_timers(void);
unsigned long next_timer_interrupt(void);
/* Tickless idle (arch/x86/time.c). */
void tick_nohz_idle_enter(void);
void tick_nohz_idle_exit(void);
extern unsigned long nr_ticks_skipped;

#endif
