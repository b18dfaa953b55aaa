/*
 * A module owning a kernel thread and a timer: the timer re-arms itself every
 * `period` jiffies, the thread wakes every 10 ms; both count. rmmod stops the
 * timer (del_timer_sync: not running, not pending) and the thread
 * (kthread_stop waits until it has returned) before the code goes away.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <linux/kthread.h>
#include <linux/module.h>

static unsigned int period = 1;
module_param(period, uint, 0644);
MODULE_PARM_DESC(period, "timer period in jiffies");

static struct timer_list ticker_timer;
static struct task_struct *ticker_thread;
static unsigned long timer_fires, thread_loops;
static bool stopping;

static void ticker_fn(struct timer_list *t)
{
	timer_fires++;
	if (!stopping)
		mod_timer(&ticker_timer, jiffies + (period ? period : 1));
}

static int ticker_threadfn(void *data)
{
	while (!kthread_should_stop()) {
		thread_loops++;
		msleep(10);
	}
	return 0;
}

static int __init ticker_init(void)
{
	timer_setup(&ticker_timer, ticker_fn, 0);
	mod_timer(&ticker_timer, jiffies + 1);
	ticker_thread = kthread_run(ticker_threadfn, NULL, "ticker");
	if (IS_ERR(ticker_thread)) {
		stopping = true;
		del_timer_sync(&ticker_timer);
		return PTR_ERR(ticker_thread);
	}
	pr_info("ticker: started, timer every %u jiffies, thread every 10 ms\n", period);
	return 0;
}

static void __exit ticker_exit(void)
{
	stopping = true;
	del_timer_sync(&ticker_timer);
	kthread_stop(ticker_thread);
	pr_info("ticker: stopped, timer fired %lu times, thread ran %lu times\n", timer_fires,
		thread_loops);
}

module_init(ticker_init);
module_exit(ticker_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("Lucid386");
MODULE_DESCRIPTION("A kernel thread and a timer stopped cleanly on rmmod");
