/*
 * selftest=sched: the scheduler checked from inside the kernel, in virtual
 * time (on Lucid the TSC, and so sched_clock, advance with the instruction
 * count, so these measurements are exact and repeatable). The tests run in
 * pid 1 and start kernel threads through kthreadd like any kernel code.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/selftest.h>
#include <linux/timer.h>
#include <asm/processor.h>
#include "sched.h"

#define MS 1000000ULL	/* ns */

static int spin_until_stopped(void *unused)
{
	while (!kthread_should_stop())
		barrier();
	return 0;
}

static u64 runtime(struct task_struct *p)
{
	return p->se.sum_exec_runtime;
}

/* Two CPU hogs at nice 0 and 5 share the CPU 1024:335 (within 3%). */
static void cfs_nice_weights(struct selftest *t)
{
	struct task_struct *a = kthread_create(spin_until_stopped, NULL, "hog-nice0");
	struct task_struct *b = kthread_create(spin_until_stopped, NULL, "hog-nice5");
	u64 a0, b0, da, db, ratio1000;

	set_user_nice(b, 5);
	wake_up_process(a);
	wake_up_process(b);
	msleep(20);
	a0 = runtime(a);
	b0 = runtime(b);
	msleep(2000);
	da = runtime(a) - a0;
	db = runtime(b) - b0;
	kthread_stop(a);
	kthread_stop(b);
	ratio1000 = db ? da * 1000 / db : 0;
	pr_info("sched: nice 0 ran %llu ms, nice 5 ran %llu ms: ratio %llu.%03llu (1024/335 = 3.057)\n",
		da / MS, db / MS, ratio1000 / 1000, ratio1000 % 1000);
	ST_EXPECT_MSG(t, ratio1000 >= 2965 && ratio1000 <= 3148,
		      "ratio %llu/1000 is not within 3%% of 3057/1000", ratio1000);
	ST_EXPECT_MSG(t, da + db > 1900 * MS, "the hogs ran only %llu ms of 2000", (da + db) / MS);
}

static u64 worst_latency;
static int sleeper(void *unused)
{
	int i;

	for (i = 0; i < 10 && !kthread_should_stop(); i++) {
		unsigned long target = jiffies + 3;

		current->state = TASK_UNINTERRUPTIBLE;
		schedule_timeout(3);
		/* The tick that woke us set jiffies to target; we must be running
		 * before the next one, not after the hog's slice. */
		if (time_after_eq(jiffies, target + 1))
			worst_latency = ~0ULL;
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* A sleeper waking up among CPU hogs runs before the next tick (sleeper credit). */
static void sleeper_fairness(struct selftest *t)
{
	struct task_struct *hog = kthread_run(spin_until_stopped, NULL, "hog");
	struct task_struct *s;
	unsigned long before;

	worst_latency = 0;
	s = kthread_create(sleeper, NULL, "sleeper");
	before = s->nivcsw + s->nvcsw;
	wake_up_process(s);
	msleep(400);
	ST_EXPECT_MSG(t, worst_latency != ~0ULL, "the sleeper waited a whole tick to run");
	ST_EXPECT(t, s->nvcsw - before >= 10);	/* it slept 10 times */
	kthread_stop(s);
	kthread_stop(hog);
}

static volatile u64 fifo_start, fifo_end, hog_during;
static struct task_struct *fifo_hog;

static int fifo_worker(void *unused)
{
	u64 h0 = runtime(fifo_hog);

	fifo_start = sched_clock();
	while (sched_clock() - fifo_start < 50 * MS)
		barrier();
	fifo_end = sched_clock();
	hog_during = runtime(fifo_hog) - h0;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);	/* blocks: CFS runs again */
	return 0;
}

/* A SCHED_FIFO task preempts CFS at once and keeps the CPU until it blocks. */
static void fifo_preempts_cfs(struct selftest *t)
{
	struct sched_param sp = { .sched_priority = 50 };
	struct task_struct *f;
	u64 resumed;

	fifo_hog = kthread_run(spin_until_stopped, NULL, "cfs-hog");
	msleep(10);
	f = kthread_create(fifo_worker, NULL, "fifo");
	ST_EXPECT_EQ(t, sched_setscheduler(f, SCHED_FIFO, &sp), 0);
	ST_EXPECT_EQ(t, sched_getscheduler(f), SCHED_FIFO);
	fifo_end = 0;
	wake_up_process(f);
	resumed = sched_clock();
	/* We (CFS) only got here after the FIFO task blocked. */
	ST_EXPECT_MSG(t, fifo_end && resumed >= fifo_end, "pid 1 ran while the FIFO task ran");
	ST_EXPECT_MSG(t, hog_during == 0, "a CFS task ran %llu ns during the FIFO task", hog_during);
	kthread_stop(f);
	kthread_stop(fifo_hog);
}

#define RR_RUN (300 * MS)
static volatile int rr_last = -1, rr_switches;
static u64 rr_run[2];
static unsigned long rr_turn_at[16];
static int rr_turn_who[16];

static int rr_worker(void *arg)
{
	int me = (int)(long)arg;

	while (runtime(current) < RR_RUN) {
		if (rr_last != me) {
			rr_last = me;
			if (rr_switches < 16) {
				rr_turn_at[rr_switches] = jiffies;
				rr_turn_who[rr_switches] = me;
			}
			rr_switches++;
		}
	}
	rr_run[me] = runtime(current);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* Two SCHED_RR tasks at one priority take turns by 100 ms timeslices. */
static void rr_alternates(struct selftest *t)
{
	struct sched_param sp = { .sched_priority = 10 };
	struct task_struct *a = kthread_create(rr_worker, (void *)0L, "rr-a");
	struct task_struct *b = kthread_create(rr_worker, (void *)1L, "rr-b");

	rr_last = -1;
	rr_switches = 0;
	sched_setscheduler(a, SCHED_RR, &sp);
	sched_setscheduler(b, SCHED_RR, &sp);
	unsigned long j0 = jiffies;
	u64 c0 = sched_clock();

	preempt_disable();	/* both queued before either runs */
	wake_up_process(a);
	wake_up_process(b);
	preempt_enable();
	msleep(10);
	pr_info("sched: RR: %d turns in %lu jiffies, %llu us\n", rr_switches, jiffies - j0,
		(sched_clock() - c0) / 1000);	/* both RR tasks run to the end before we get the CPU back */
	/*
	 * 600 ms in 100 ms slices: a b a b a b. A slice that began between ticks
	 * comes out a little short, so each may need a last short turn: 6 to 8.
	 * The first five turns alternate and each lasts RR_TIMESLICE ticks.
	 */
	ST_EXPECT_MSG(t, rr_switches >= 6 && rr_switches <= 8, "%d turns, expected 6 to 8",
		      rr_switches);
	{
		int k;

		for (k = 1; k < 6 && k < rr_switches; k++) {
			unsigned long gap = rr_turn_at[k] - rr_turn_at[k - 1];

			ST_EXPECT_MSG(t, rr_turn_who[k] != rr_turn_who[k - 1], "turn %d: same task", k);
			ST_EXPECT_MSG(t, gap + 1 >= RR_TIMESLICE && gap <= RR_TIMESLICE,
				      "turn %d lasted %lu ticks, the timeslice is %d", k, gap,
				      RR_TIMESLICE);
		}
	}
	ST_EXPECT(t, rr_run[0] >= RR_RUN && rr_run[1] >= RR_RUN);
	kthread_stop(a);
	kthread_stop(b);
}

static volatile int rt_ran;
static int set_flag(void *unused)
{
	rt_ran = 1;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* preempt_disable twice needs preempt_enable twice before a switch can happen. */
static void preempt_disable_nests(struct selftest *t)
{
	struct sched_param sp = { .sched_priority = 90 };
	struct task_struct *f = kthread_create(set_flag, NULL, "rt-flag");

	sched_setscheduler(f, SCHED_FIFO, &sp);
	rt_ran = 0;
	preempt_disable();
	preempt_disable();
	wake_up_process(f);		/* more urgent than us: wants the CPU now */
	ST_EXPECT(t, need_resched());
	ST_EXPECT_EQ(t, rt_ran, 0);
	preempt_enable();
	ST_EXPECT_EQ(t, rt_ran, 0);	/* still one level disabled */
	preempt_enable();		/* the preemption point */
	ST_EXPECT_EQ(t, rt_ran, 1);
	kthread_stop(f);
}

static DEFINE_MUTEX(test_mutex);
static int mutex_order[3], mutex_n;

static int mutex_worker(void *arg)
{
	mutex_lock(&test_mutex);
	mutex_order[mutex_n++] = (int)(long)arg;
	msleep(5);
	mutex_unlock(&test_mutex);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* A mutex passes from owner to waiter in FIFO order, between three threads. */
static void mutex_handoff(struct selftest *t)
{
	struct task_struct *w[3];
	unsigned long reports = lockdep_reports;
	int i;

	mutex_n = 0;
	mutex_lock(&test_mutex);
	for (i = 0; i < 3; i++) {
		w[i] = kthread_run(mutex_worker, (void *)(long)i, "mutex-worker");
		msleep(2);	/* let it queue up on the mutex */
	}
	ST_EXPECT(t, test_mutex.owner == current);
	mutex_unlock(&test_mutex);
	msleep(100);	/* each holds it for msleep(5): two ticks */
	ST_EXPECT_EQ(t, mutex_n, 3);
	for (i = 0; i < 3; i++)
		ST_EXPECT_EQ(t, mutex_order[i], i);
	ST_EXPECT(t, !mutex_is_locked(&test_mutex));
	for (i = 0; i < 3; i++)
		kthread_stop(w[i]);
	/* Unlocking a mutex nobody holds is reported, not obeyed. */
	mutex_unlock(&test_mutex);
	ST_EXPECT_EQ(t, lockdep_reports, reports + 1);
}

static DECLARE_COMPLETION(test_done);
static DECLARE_WAIT_QUEUE_HEAD(test_wq);
static volatile int wq_flag, waiter_state;

static int completion_waiter(void *unused)
{
	wait_for_completion(&test_done);
	waiter_state = 1;
	wait_event(test_wq, wq_flag);
	waiter_state = 2;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void completions_and_wait_queues(struct selftest *t)
{
	struct task_struct *w = kthread_run(completion_waiter, NULL, "waiter");

	waiter_state = 0;
	wq_flag = 0;
	msleep(5);
	ST_EXPECT_EQ(t, waiter_state, 0);
	ST_EXPECT(t, w->state == TASK_UNINTERRUPTIBLE);
	complete(&test_done);
	msleep(5);
	ST_EXPECT_EQ(t, waiter_state, 1);
	wq_flag = 1;
	wake_up(&test_wq);
	msleep(5);
	ST_EXPECT_EQ(t, waiter_state, 2);
	kthread_stop(w);
}

static int returns_42(void *unused)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 42;
}

static void kthread_stop_returns(struct selftest *t)
{
	struct task_struct *k = kthread_run(returns_42, NULL, "stopme");
	pid_t pid = k->pid;

	ST_EXPECT(t, k->real_parent == kthreadd_task);
	ST_EXPECT(t, find_task_by_pid(pid) == k);
	msleep(1);	/* let it start */
	ST_EXPECT_EQ(t, kthread_stop(k), 42);
	msleep(1);
	ST_EXPECT(t, find_task_by_pid(pid) == NULL);	/* reaped */
}

static DEFINE_MUTEX(leaked_mutex);
static int exits_holding_mutex(void *unused)
{
	mutex_lock(&leaked_mutex);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;	/* with leaked_mutex still held: a bug */
}

/* Lockdep-lite: exiting with a lock held is reported. */
static void lock_held_at_exit_reported(struct selftest *t)
{
	unsigned long reports = lockdep_reports;
	struct task_struct *k = kthread_run(exits_holding_mutex, NULL, "leaker");

	msleep(2);
	kthread_stop(k);
	ST_EXPECT_EQ(t, lockdep_reports, reports + 1);
	leaked_mutex.owner = NULL;	/* clean up after the bug */
}

/* msleep and schedule_timeout in jiffies. */
static void sleeping_for_ticks(struct selftest *t)
{
	unsigned long j0 = jiffies;
	long left;

	msleep(100);
	ST_EXPECT_MSG(t, jiffies - j0 >= 10 && jiffies - j0 <= 12, "msleep(100) took %lu ticks",
		      jiffies - j0);
	current->state = TASK_INTERRUPTIBLE;
	left = schedule_timeout(3);
	ST_EXPECT_EQ(t, left, 0);
}

static const unsigned long wheel_delays[] = { 1, 2, 255, 256, 257, 300, 400 };
#define NWHEEL ARRAY_SIZE(wheel_delays)
static unsigned long wheel_fired_at[NWHEEL];
static int wheel_order[NWHEEL], wheel_n;
static struct timer_list wheel_timers[NWHEEL];

static void wheel_fn(struct timer_list *tl)
{
	int i = tl - wheel_timers;

	wheel_fired_at[i] = jiffies;
	wheel_order[wheel_n++] = i;
}

static void noop_fn(struct timer_list *tl)
{
}

/*
 * The timer wheel: timers in tv1 and tv2 (cascaded down when tv1 wraps) run
 * at exactly their jiffy and in order; far timers (tv3, tv5) are placed and
 * deleted; next_timer_interrupt() finds the earliest.
 */
static void timer_wheel(struct selftest *t)
{
	struct timer_list far1, far2;
	unsigned long start;
	unsigned int i;

	msleep(20);
	start = jiffies;
	wheel_n = 0;
	for (i = NWHEEL; i-- > 0;) {	/* added in reverse: order must come from expiry */
		timer_setup(&wheel_timers[i], wheel_fn, 0);
		mod_timer(&wheel_timers[i], start + wheel_delays[i]);
	}
	timer_setup(&far1, noop_fn, 0);
	timer_setup(&far2, noop_fn, 0);
	mod_timer(&far1, start + 20000);
	mod_timer(&far2, start + 3000000);
	ST_EXPECT_EQ(t, next_timer_interrupt(), start + 1);
	msleep(4100);
	ST_EXPECT_EQ(t, wheel_n, (int)NWHEEL);
	for (i = 0; i < NWHEEL; i++) {
		ST_EXPECT_EQ(t, wheel_order[i], (int)i);
		ST_EXPECT_MSG(t, wheel_fired_at[i] == start + wheel_delays[i],
			      "timer +%lu ran at +%lu", wheel_delays[i], wheel_fired_at[i] - start);
	}
	ST_EXPECT_EQ(t, next_timer_interrupt(), start + 20000);
	ST_EXPECT_EQ(t, del_timer_sync(&far1), 1);
	ST_EXPECT_EQ(t, next_timer_interrupt(), start + 3000000);
	ST_EXPECT_EQ(t, del_timer(&far2), 1);
	ST_EXPECT_EQ(t, del_timer(&far2), 0);
}

/*
 * Tickless idle: while everything sleeps, the tick stops between timers, yet
 * jiffies come out exactly as if it had ticked (checked against sched_clock).
 */
static void tickless_idle(struct selftest *t)
{
	unsigned long j0, skipped0 = nr_ticks_skipped, dj;
	u64 c0, dc;

#ifndef CONFIG_NO_HZ_IDLE
	pr_info("sched: CONFIG_NO_HZ_IDLE is off\n");
	return;
#endif
	msleep(20);	/* settle on a tick */
	j0 = jiffies;
	c0 = sched_clock();
	msleep(500);
	dj = jiffies - j0;
	dc = sched_clock() - c0;
	pr_info("sched: msleep(500): %lu jiffies, %llu us, %lu ticks skipped by tickless idle\n",
		dj, dc / 1000, nr_ticks_skipped - skipped0);
	ST_EXPECT_MSG(t, nr_ticks_skipped - skipped0 >= 30, "only %lu ticks skipped",
		      nr_ticks_skipped - skipped0);
	ST_EXPECT_MSG(t, dj == 51 || dj == 52, "msleep(500) took %lu jiffies", dj);
	/* jiffies agree with the clock to within one tick. */
	ST_EXPECT_MSG(t, dc + 10 * MS > (u64)dj * (1000 / HZ) * MS &&
			 dc < (u64)dj * (1000 / HZ) * MS + 10 * MS,
		      "%lu jiffies but %llu us passed", dj, dc / 1000);
}

/*
 * Costs in guest instructions (TSC ticks; one per instruction on Lucid),
 * printed for `make bench`: a switch between two threads that wake each
 * other, a wakeup, and a scheduler tick.
 */
static struct task_struct *pong_task;
static volatile int pings;
static int ponger(void *unused)
{
	while (!kthread_should_stop()) {
		current->state = TASK_UNINTERRUPTIBLE;
		schedule();
		pings++;
	}
	return 0;
}

static void switch_costs(struct selftest *t)
{
	struct sched_param sp = { .sched_priority = 1 };
	unsigned int i, n = 1000;
	u64 t0, t1, t2, t3;
	unsigned long flags;

	if (!boot_cpu_has(X86_FEATURE_TSC)) {
		pr_info("sched-bench: no TSC on this CPU\n");
		return;
	}
	pong_task = kthread_create(ponger, NULL, "ponger");
	sched_setscheduler(pong_task, SCHED_FIFO, &sp);	/* runs at once when woken */
	wake_up_process(pong_task);
	pings = 0;
	t0 = rdtsc();
	for (i = 0; i < n; i++)
		wake_up_process(pong_task);	/* switch there and back */
	t1 = rdtsc();
	ST_EXPECT_EQ(t, pings, n);
	sched_setscheduler(pong_task, SCHED_NORMAL, &(struct sched_param){ 0 });
	local_irq_save(flags);
	t2 = rdtsc();
	for (i = 0; i < n; i++)
		scheduler_tick();
	t3 = rdtsc();
	local_irq_restore(flags);
	kthread_stop(pong_task);
	pr_info("sched-bench: wakeup + 2 context switches: %llu, scheduler_tick: %llu (TSC ticks; instructions on lucid)\n",
		(t1 - t0) / n, (t3 - t2) / n);
}

SELFTEST_SUITE(sched,
	SELFTEST_CASE(cfs_nice_weights),
	SELFTEST_CASE(sleeper_fairness),
	SELFTEST_CASE(fifo_preempts_cfs),
	SELFTEST_CASE(rr_alternates),
	SELFTEST_CASE(preempt_disable_nests),
	SELFTEST_CASE(mutex_handoff),
	SELFTEST_CASE(completions_and_wait_queues),
	SELFTEST_CASE(kthread_stop_returns),
	SELFTEST_CASE(lock_held_at_exit_reported),
	SELFTEST_CASE(sleeping_for_ticks),
	SELFTEST_CASE(tickless_idle),
	SELFTEST_CASE(timer_wheel),
	SELFTEST_CASE(switch_costs));
