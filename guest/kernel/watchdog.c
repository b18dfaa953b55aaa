/*
 * The soft-lockup detector (Linux's kernel/watchdog.c, CONFIG_SOFTLOCKUP_DETECTOR):
 * a kernel thread, watchdog/0, runs as SCHED_FIFO 99 and stamps the jiffy it
 * last ran at. The timer tick wakes it every watchdog_thresh * 2 / 5 seconds
 * and looks at the stamp: a thread of the highest priority that has not run
 * for 2 * watchdog_thresh seconds means the CPU has been stuck in kernel code
 * that cannot be preempted (a loop with preemption off, a lock never
 * released), and it says so in Linux's words,
 *
 *   BUG: soft lockup - CPU#0 stuck for 22s! [comm:pid]
 *
 * with the interrupted registers and trace, then panics (softlockup_panic=1,
 * the default with CONFIG_BOOTPARAM_SOFTLOCKUP_PANIC=y), so a test run ends
 * with the panic's exit status instead of hanging. User code that runs
 * without a break is not a lockup: the thread preempts it. The idle task
 * stamps too, since a tickless sleep moves jiffies on in one jump.
 * Command line: watchdog_thresh=N (seconds, 1..60; 0 turns it off, as
 * nowatchdog does) and softlockup_panic=0|1.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/irq.h>
#include <linux/nmi.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

#ifdef CONFIG_SOFTLOCKUP_DETECTOR

static unsigned int watchdog_thresh = 10;	/* seconds; a lockup is twice this */
#ifdef CONFIG_BOOTPARAM_SOFTLOCKUP_PANIC
static int softlockup_panic = 1;
#else
static int softlockup_panic;
#endif
static struct task_struct *watchdog_task;
static unsigned long watchdog_touch_ts;		/* jiffies when watchdog/0 last ran */
static unsigned long watchdog_kick_ts;		/* jiffies when the tick last woke it */
static bool soft_watchdog_warn;			/* reported once per lockup */
unsigned long nr_softlockups;			/* for tests and the debugger */

static int __init watchdog_thresh_setup(char *str)
{
	unsigned long v;

	if (kstrtoul(str, 10, &v) || v > 60)
		pr_warn("watchdog_thresh=%s: not a number of seconds from 0 to 60, ignored\n", str);
	else
		watchdog_thresh = v;
	return 1;
}
__setup("watchdog_thresh=", watchdog_thresh_setup);

static int __init nowatchdog_setup(char *str)
{
	watchdog_thresh = 0;
	return 1;
}
__setup("nowatchdog", nowatchdog_setup);

static int __init softlockup_panic_setup(char *str)
{
	softlockup_panic = simple_strtoul(str, NULL, 0) != 0;
	return 1;
}
__setup("softlockup_panic=", softlockup_panic_setup);

/* Called where the CPU is known to make progress (the idle loop). */
void touch_softlockup_watchdog(void)
{
	watchdog_touch_ts = jiffies;
}

static int watchdog_thread(void *unused)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		watchdog_touch_ts = jiffies;
		schedule();
	}
	return 0;
}

/*
 * From the timer tick (hard interrupt context): wake the thread every sample
 * period, and report when it has not run for twice the threshold.
 */
void watchdog_tick(void)
{
	unsigned long now = jiffies, stuck;
	struct pt_regs *regs;

	if (!watchdog_task || !watchdog_thresh)
		return;
	if (current->flags & PF_IDLE) {
		watchdog_touch_ts = now;
		return;
	}
	if (now - watchdog_kick_ts >= watchdog_thresh * 2 * HZ / 5) {
		watchdog_kick_ts = now;
		wake_up_process(watchdog_task);
	}
	stuck = now - watchdog_touch_ts;
	if (stuck < 2 * watchdog_thresh * HZ) {
		soft_watchdog_warn = false;
		return;
	}
	if (soft_watchdog_warn)
		return;
	soft_watchdog_warn = true;
	nr_softlockups++;
	pr_emerg("watchdog: BUG: soft lockup - CPU#0 stuck for %lus! [%s:%d]\n", stuck / HZ,
		 current->comm, current->pid);
	regs = get_irq_regs();
	if (regs)
		show_regs(regs);
	else
		dump_stack();
	if (softlockup_panic)
		panic("softlockup: hung tasks");
}

static int __init lockup_detector_init(void)
{
	struct sched_param sp = { .sched_priority = 99 };
	struct task_struct *t;

	if (!watchdog_thresh) {
		pr_info("watchdog: soft-lockup detector off\n");
		return 0;
	}
	/* The tick looks at the timestamps as soon as watchdog_task is set,
	 * so they are set first. kthread_create sleeps, and a tick that came
	 * while another task ran saw jiffies (which start near 2^32, as
	 * Linux's INITIAL_JIFFIES) minus 0: "stuck for 42949373s", a panic
	 * at boot under QEMU in real time. */
	t = kthread_create(watchdog_thread, NULL, "watchdog/0");
	if (!t)
		return -ENOMEM;
	sched_setscheduler(t, SCHED_FIFO, &sp);
	watchdog_touch_ts = watchdog_kick_ts = jiffies;
	barrier();
	watchdog_task = t;
	wake_up_process(t);
	pr_info("watchdog: soft lockup after %us without scheduling (watchdog/0, SCHED_FIFO 99)%s\n",
		2 * watchdog_thresh, softlockup_panic ? ", then panic" : "");
	return 0;
}
early_initcall(lockup_detector_init);

#else
void touch_softlockup_watchdog(void) { }
void watchdog_tick(void) { }
#endif
