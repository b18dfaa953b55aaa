/*
 * selftest=sched2: checks that fail when the mechanism they name is broken.
 * Each has a deliberately broken kernel (a one-line fault under #ifdef
 * MUTANT_name, built with `make MUTANT=name`) on which it must fail:
 * tests/groups/86-guest-sched2.sh builds them and checks that it does.
 *
 *   vruntime_rate        MUTANT_weight_off_by_one (the nice-to-weight lookup)
 *   sleeper_no_monopoly  MUTANT_sleeper_ignored (no placement on wakeup)
 *   rbtree_invariants    MUTANT_rb_insert_no_recolor (a recolouring skipped)
 *   dl_edf_order         MUTANT_edf_latest (EDF picks the latest deadline)
 *   dl_cbs_throttle      MUTANT_dl_no_throttle (an overrun is not throttled)
 *   irq_threaded_oneshot MUTANT_oneshot_unmask_early (do_IRQ unmasks at once)
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/rbtree.h>
#include <linux/selftest.h>
#include <linux/timer.h>
#include <linux/errno.h>
#include <linux/preempt.h>
#include <linux/irq.h>
#include <linux/interrupt.h>
#include <asm/ptrace.h>
#include "sched.h"

#define MS 1000000ULL	/* ns */

static int spin_until_stopped(void *unused)
{
	while (!kthread_should_stop())
		barrier();
	return 0;
}

/*
 * A task's vruntime runs at NICE_0_LOAD / weight of its CPU time: exactly its
 * CPU time at nice 0, 1024/335 of it at nice 5. The share test of the sched
 * suite cannot see a weight table read one entry off (neighbouring entries
 * keep the same ~1.25 ratio); this can.
 */
static void vruntime_rate(struct selftest *t)
{
	struct task_struct *a = kthread_create(spin_until_stopped, NULL, "hog-nice0");
	struct task_struct *b = kthread_create(spin_until_stopped, NULL, "hog-nice5");
	u64 ra, rb, va, vb, dra, drb, dva, dvb, want;

	set_user_nice(b, 5);
	wake_up_process(a);
	wake_up_process(b);
	msleep(10);
	ra = a->se.sum_exec_runtime;
	va = a->se.vruntime;
	rb = b->se.sum_exec_runtime;
	vb = b->se.vruntime;
	msleep(200);
	dra = a->se.sum_exec_runtime - ra;
	dva = a->se.vruntime - va;
	drb = b->se.sum_exec_runtime - rb;
	dvb = b->se.vruntime - vb;
	kthread_stop(a);
	kthread_stop(b);
	pr_info("sched2: nice 0 ran %llu us, vruntime +%llu us; nice 5 ran %llu us, vruntime +%llu us\n",
		dra / 1000, dva / 1000, drb / 1000, dvb / 1000);
	ST_EXPECT_MSG(t, dra > 50 * MS && drb > 10 * MS, "the hogs hardly ran: %llu and %llu us",
		      dra / 1000, drb / 1000);
	ST_EXPECT_MSG(t, dva == dra, "nice 0: vruntime moved %llu ns for %llu ns of CPU", dva, dra);
	/* 1024/335 of the CPU time, to within the truncation of each charge (0.1%). */
	want = drb * 1024 / 335;
	ST_EXPECT_MSG(t, dvb <= want && dvb + want / 1000 >= want,
		      "nice 5: vruntime moved %llu ns for %llu ns of CPU (want %llu)", dvb, drb, want);
}

/*
 * The other half of sleeper fairness (the sched suite checks that a sleeper
 * runs promptly): a task that slept for a long time gets at most half a
 * latency period of credit when it wakes, not the whole time it slept, so
 * it cannot keep a CPU hog off the CPU. Without wakeup placement it would
 * run alone for the 300 ms it was behind.
 */
static int sleep_then_spin(void *unused)
{
	msleep(300);
	while (!kthread_should_stop())
		barrier();
	return 0;
}

static void sleeper_no_monopoly(struct selftest *t)
{
	struct task_struct *hog = kthread_run(spin_until_stopped, NULL, "hog");
	struct task_struct *s = kthread_run(sleep_then_spin, NULL, "sleeper");
	u64 h0, s0, dh, ds;

	msleep(310);		/* the sleeper woke 10 ms ago */
	h0 = hog->se.sum_exec_runtime;
	s0 = s->se.sum_exec_runtime;
	msleep(100);
	dh = hog->se.sum_exec_runtime - h0;
	ds = s->se.sum_exec_runtime - s0;
	kthread_stop(s);
	kthread_stop(hog);
	pr_info("sched2: after the sleeper woke: hog ran %llu us, sleeper %llu us of 100 ms\n",
		dh / 1000, ds / 1000);
	/* An even split, give or take the 3 ms credit and a slice (6 ms). */
	ST_EXPECT_MSG(t, ds < dh + 12 * MS, "the sleeper ran %llu us, the hog only %llu us",
		      ds / 1000, dh / 1000);
	ST_EXPECT_MSG(t, ds > 30 * MS, "the sleeper ran only %llu us of 100 ms", ds / 1000);
}

/*
 * The red-black tree itself, with thousands of nodes: after every insert and
 * every erase, the tree is a search tree, the root is black, no red node has
 * a red child, every path has the same number of black nodes, every parent
 * pointer is right and the cached leftmost is the smallest node; and rb_next
 * visits the nodes in order (checked every 61st step and on small trees, as
 * the walk costs as much again).
 */
#define RB_NODES 2000
struct rbt_node {
	struct rb_node rb;
	u32 key;
	bool in;
};
static struct rbt_node rbt[RB_NODES];

/* Black height of the subtree at n, or -1 if an invariant fails (why says which). */
static int rb_check(const struct rb_node *n, const struct rb_node *parent, u32 lo, u32 hi,
		    unsigned int *count, const char **why)
{
	const struct rbt_node *e;
	int l, r;

	if (!n)
		return 1;
	e = rb_entry(n, struct rbt_node, rb);
	if (n->rb_parent != parent)
		return *why = "a parent pointer is wrong", -1;
	if (e->key < lo || e->key > hi)
		return *why = "a key is out of order", -1;
	if (n->rb_color != RB_RED && n->rb_color != RB_BLACK)
		return *why = "a colour is neither red nor black", -1;
	if (n->rb_color == RB_RED && ((n->rb_left && n->rb_left->rb_color == RB_RED) ||
				      (n->rb_right && n->rb_right->rb_color == RB_RED)))
		return *why = "a red node has a red child", -1;
	(*count)++;
	l = rb_check(n->rb_left, n, lo, e->key, count, why);
	if (l < 0)
		return -1;
	r = rb_check(n->rb_right, n, e->key, hi, count, why);
	if (r < 0)
		return -1;
	if (l != r)
		return *why = "two paths cross different numbers of black nodes", -1;
	return l + (n->rb_color == RB_BLACK);
}

static bool rb_valid(struct selftest *t, struct rb_root_cached *root, unsigned int expect,
		     const char *after, unsigned int step)
{
	const char *why = NULL;
	unsigned int count = 0, walked = 0;
	struct rb_node *n, *first = root->rb_root.rb_node;
	u32 prev = 0;

	while (first && first->rb_left)
		first = first->rb_left;
	if (root->rb_root.rb_node && root->rb_root.rb_node->rb_color != RB_BLACK)
		why = "the root is red";
	else if (rb_check(root->rb_root.rb_node, NULL, 0, ~0u, &count, &why) >= 0 && count != expect)
		why = "the tree lost or gained a node";
	else if (!why && rb_first_cached(root) != first)
		why = "the cached leftmost is not the smallest node";
	/* The in-order walk by rb_next (the recursion above already checked the order). */
	if (step % 61 && expect > 2)
		walked = expect;
	for (n = walked ? NULL : first; !why && n; n = rb_next(n), walked++) {
		u32 k = rb_entry(n, struct rbt_node, rb)->key;

		if (walked && k < prev)
			why = "rb_next went backwards";
		prev = k;
	}
	if (!why && walked != expect)
		why = "rb_next did not visit every node";
	if (why)
		selftest_fail(t, __LINE__, "after %s %u (%u nodes): %s", after, step, expect, why);
	return !why;
}

static void rb_insert_key(struct rb_root_cached *root, struct rbt_node *e)
{
	struct rb_node **link = &root->rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (e->key < rb_entry(parent, struct rbt_node, rb)->key) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&e->rb, parent, link);
	rb_insert_color_cached(&e->rb, root, leftmost);
	e->in = true;
}

static void rbtree_invariants(struct selftest *t)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	u32 seed = 12345;
	unsigned int i, n = 0;

	/* Keys from a linear congruential generator, with duplicates (key % 1500). */
	for (i = 0; i < RB_NODES; i++) {
		seed = seed * 1103515245 + 12345;
		rbt[i].key = (seed >> 8) % 1500;
		rbt[i].in = false;
		rb_insert_key(&root, &rbt[i]);
		if (!rb_valid(t, &root, ++n, "insert", i))
			return;
	}
	/* Erase in another order (a stride coprime with RB_NODES), re-inserting every 7th. */
	for (i = 0; i < RB_NODES; i++) {
		struct rbt_node *e = &rbt[(i * 7919) % RB_NODES];

		rb_erase_cached(&e->rb, &root);
		e->in = false;
		if (!rb_valid(t, &root, --n, "erase", i))
			return;
		if (i % 7 == 3 && i < RB_NODES / 2) {
			rb_insert_key(&root, e);
			if (!rb_valid(t, &root, ++n, "re-insert", i))
				return;
		}
	}
	/* What is left: the re-inserted ones, erased in key order. */
	for (i = 0; root.rb_leftmost; i++) {
		rb_erase_cached(root.rb_leftmost, &root);
		if (!rb_valid(t, &root, --n, "erase of the leftmost", i))
			return;
	}
	ST_EXPECT_EQ(t, n, 0);
	ST_EXPECT(t, root.rb_root.rb_node == NULL);
}

/* ---- SCHED_DEADLINE ---- */

/*
 * A deadline task that would spin for ever, but gives up after 250 ms of CPU,
 * so that a kernel that fails to throttle it (nothing else runs meanwhile)
 * comes back and the test reports the failure instead of hanging.
 */
static int dl_spin(void *unused)
{
	u64 start = current->se.sum_exec_runtime;

	while (!kthread_should_stop() && current->se.sum_exec_runtime - start < 250 * MS)
		barrier();
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static struct sched_attr dl_attr(u64 runtime_ms, u64 deadline_ms, u64 period_ms)
{
	return (struct sched_attr){ .size = sizeof(struct sched_attr), .sched_policy = SCHED_DEADLINE,
				    .sched_runtime = runtime_ms * MS, .sched_deadline = deadline_ms * MS,
				    .sched_period = period_ms * MS };
}

/* Admission control: the deadline tasks' bandwidths may add up to 95%, no more. */
static void dl_admission(struct selftest *t)
{
	struct task_struct *a = kthread_create(spin_until_stopped, NULL, "dl-a");
	struct task_struct *b = kthread_create(spin_until_stopped, NULL, "dl-b");
	struct task_struct *c = kthread_create(spin_until_stopped, NULL, "dl-c");
	struct sched_attr attr = dl_attr(5, 10, 10), got;

	ST_EXPECT_EQ(t, sched_setattr(a, &attr), 0);			/* 50% */
	attr = dl_attr(4, 10, 10);
	ST_EXPECT_EQ(t, sched_setattr(b, &attr), 0);			/* 90% */
	attr = dl_attr(1, 10, 10);
	ST_EXPECT_EQ(t, sched_setattr(c, &attr), -EBUSY);		/* 100% > 95% */
	ST_EXPECT_EQ(t, c->policy, SCHED_NORMAL);
	attr = dl_attr(2, 40, 40);
	ST_EXPECT_EQ(t, sched_setattr(c, &attr), 0);			/* 95% */
	sched_getattr(c, &got);
	ST_EXPECT_EQ(t, got.sched_policy, SCHED_DEADLINE);
	ST_EXPECT_EQ(t, got.sched_runtime, 2 * MS);
	ST_EXPECT_EQ(t, got.sched_deadline, 40 * MS);
	ST_EXPECT_EQ(t, got.sched_period, 40 * MS);
	attr = dl_attr(3, 2, 10);					/* runtime > deadline */
	ST_EXPECT_EQ(t, sched_setattr(a, &attr), -EINVAL);
	attr = dl_attr(1, 10, 5);					/* deadline > period */
	ST_EXPECT_EQ(t, sched_setattr(a, &attr), -EINVAL);
	/* a leaves SCHED_DEADLINE: its 50% is free again. */
	attr = (struct sched_attr){ .size = sizeof(attr), .sched_policy = SCHED_NORMAL };
	ST_EXPECT_EQ(t, sched_setattr(a, &attr), 0);
	ST_EXPECT_EQ(t, a->policy, SCHED_NORMAL);
	attr = dl_attr(4, 10, 10);
	ST_EXPECT_EQ(t, sched_setattr(a, &attr), 0);			/* 40+40+5 */
	/* A task that dies gives its bandwidth back. */
	kthread_stop(b);
	attr = dl_attr(4, 10, 10);
	ST_EXPECT_EQ(t, sched_setattr(c, &attr), 0);			/* 40+40 */
	kthread_stop(a);
	kthread_stop(c);
}

/*
 * EDF: two deadline tasks become runnable together, each needing 15 ms of
 * CPU: the one due at 40 ms runs first and finishes by then, the one due at
 * 80 ms after it.
 */
static volatile u64 dl_done[2];
static int dl_worker(void *arg)
{
	int i = (long)arg;
	u64 start = current->se.sum_exec_runtime;

	while (current->se.sum_exec_runtime - start < 15 * MS)
		barrier();
	dl_done[i] = sched_clock();
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void dl_edf_order(struct selftest *t)
{
	struct task_struct *early = kthread_create(dl_worker, (void *)0L, "dl-early");
	struct task_struct *late = kthread_create(dl_worker, (void *)1L, "dl-late");
	struct sched_attr ae = dl_attr(20, 40, 100), al = dl_attr(20, 80, 100);
	u64 t0;

	dl_done[0] = dl_done[1] = 0;
	preempt_disable();
	t0 = sched_clock();
	ST_EXPECT_EQ(t, sched_setattr(late, &al), 0);
	ST_EXPECT_EQ(t, sched_setattr(early, &ae), 0);
	wake_up_process(late);
	wake_up_process(early);
	preempt_enable();	/* both runnable: EDF decides */
	msleep(120);
	pr_info("sched2: EDF: due at 40 ms done at %llu us, due at 80 ms done at %llu us\n",
		(dl_done[0] - t0) / 1000, (dl_done[1] - t0) / 1000);
	ST_EXPECT_MSG(t, dl_done[0] && dl_done[1], "a deadline task did not finish");
	ST_EXPECT_MSG(t, dl_done[0] < dl_done[1], "the later deadline ran first");
	ST_EXPECT_MSG(t, dl_done[0] - t0 <= 40 * MS, "the 40 ms deadline was missed");
	ST_EXPECT_MSG(t, dl_done[1] - t0 <= 80 * MS, "the 80 ms deadline was missed");
	kthread_stop(early);
	kthread_stop(late);
}

/*
 * The constant bandwidth server: a deadline task that never stops (10 ms
 * every 50 ms) is throttled when its budget runs out, so over 500 ms it gets
 * about a fifth of the CPU and a CFS hog the rest.
 */
static void dl_cbs_throttle(struct selftest *t)
{
	struct task_struct *hog = kthread_run(spin_until_stopped, NULL, "hog");
	struct task_struct *d = kthread_create(dl_spin, NULL, "dl-overrun");
	struct sched_attr attr = dl_attr(10, 50, 50);
	u64 d0, h0, dd, dh;
	unsigned long thr0;

	ST_EXPECT_EQ(t, sched_setattr(d, &attr), 0);
	wake_up_process(d);
	msleep(20);
	d0 = d->se.sum_exec_runtime;
	h0 = hog->se.sum_exec_runtime;
	thr0 = d->dl.nr_throttled;
	msleep(500);
	dd = d->se.sum_exec_runtime - d0;
	dh = hog->se.sum_exec_runtime - h0;
	pr_info("sched2: CBS: the 10/50 ms deadline task ran %llu us of 500 ms (throttled %lu times), the CFS hog %llu us\n",
		dd / 1000, d->dl.nr_throttled - thr0, dh / 1000);
	ST_EXPECT_MSG(t, dd >= 80 * MS && dd <= 125 * MS, "the deadline task ran %llu us, not ~100 ms",
		      dd / 1000);
	ST_EXPECT_MSG(t, d->dl.nr_throttled - thr0 >= 8, "throttled only %lu times",
		      d->dl.nr_throttled - thr0);
	ST_EXPECT_MSG(t, dh >= 330 * MS, "the CFS hog ran only %llu us", dh / 1000);
	kthread_stop(d);
	kthread_stop(hog);
}

/*
 * Pick order dl > rt > fair: while a SCHED_FIFO task spins for 100 ms of CPU,
 * a deadline task (10 ms every 50 ms) still gets its budget, and a CFS task
 * gets nothing.
 */
static struct task_struct *order_dl, *order_fair;
static volatile u64 order_dl_ran, order_fair_ran;
static volatile bool order_done;
static int rt_spinner(void *unused)
{
	u64 start = current->se.sum_exec_runtime;
	u64 d0 = order_dl->se.sum_exec_runtime, f0 = order_fair->se.sum_exec_runtime;

	while (current->se.sum_exec_runtime - start < 100 * MS)
		barrier();
	order_dl_ran = order_dl->se.sum_exec_runtime - d0;
	order_fair_ran = order_fair->se.sum_exec_runtime - f0;
	order_done = true;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void dl_above_rt_above_fair(struct selftest *t)
{
	struct sched_param sp = { .sched_priority = 50 };
	struct sched_attr attr = dl_attr(10, 50, 50);
	struct task_struct *rt;

	order_done = false;
	order_fair = kthread_run(spin_until_stopped, NULL, "hog");
	order_dl = kthread_create(dl_spin, NULL, "dl-spin");
	ST_EXPECT_EQ(t, sched_setattr(order_dl, &attr), 0);
	wake_up_process(order_dl);
	rt = kthread_create(rt_spinner, NULL, "fifo-spin");
	sched_setscheduler(rt, SCHED_FIFO, &sp);
	wake_up_process(rt);
	msleep(300);
	pr_info("sched2: while a FIFO task ran 100 ms: the deadline task ran %llu us, the CFS task %llu us\n",
		order_dl_ran / 1000, order_fair_ran / 1000);
	ST_EXPECT_MSG(t, order_done, "the FIFO task did not finish");
	ST_EXPECT_MSG(t, order_dl_ran >= 15 * MS, "the deadline task ran only %llu us",
		      order_dl_ran / 1000);
	ST_EXPECT_MSG(t, order_fair_ran < 2 * MS, "the CFS task ran %llu us under SCHED_FIFO",
		      order_fair_ran / 1000);
	kthread_stop(rt);
	kthread_stop(order_dl);
	kthread_stop(order_fair);
}

/* ---- threaded interrupt handlers ---- */

#define THREAD_IRQ 6	/* a master-PIC line no lucix driver takes (the floppy's) */
static int hard_calls;
static volatile int thread_calls;
static volatile bool masked_in_thread;
static volatile int thread_policy, thread_prio;

static irqreturn_t hard_half(int irq, void *dev)
{
	hard_calls++;
	return IRQ_WAKE_THREAD;
}

static irqreturn_t thread_half(int irq, void *dev)
{
	masked_in_thread = cached_irq_mask & (1u << irq);
	thread_policy = current->policy;
	thread_prio = current->rt_priority;
	msleep(2);		/* a thread may sleep */
	thread_calls++;
	return IRQ_HANDLED;
}

/* Deliver the line through do_IRQ as the CPU would (mask and EOI, handlers, unmask). */
static void raise_line(unsigned int irq)
{
	struct pt_regs regs;
	unsigned long flags;

	memset(&regs, 0, sizeof(regs));
	local_irq_save(flags);
	do_IRQ(&regs, irq);
	local_irq_restore(flags);
}

/*
 * request_threaded_irq with IRQF_ONESHOT: the hard half runs in the
 * interrupt, the thread irq/6-name (SCHED_FIFO 50) runs the rest, and the
 * line stays masked from the interrupt until the thread is done.
 */
static void irq_threaded_oneshot(struct selftest *t)
{
	static int dev;
	struct irq_desc *desc = irq_to_desc(THREAD_IRQ);
	struct task_struct *th;

	hard_calls = thread_calls = 0;
	ST_EXPECT_EQ(t, request_threaded_irq(THREAD_IRQ, NULL, thread_half, 0, "st-thread", &dev),
		     -EINVAL);		/* no hard half needs IRQF_ONESHOT */
	ST_EXPECT_EQ(t, request_threaded_irq(THREAD_IRQ, hard_half, thread_half, IRQF_ONESHOT,
					     "st-thread", &dev), 0);
	th = desc->action ? desc->action->thread : NULL;
	ST_EXPECT_MSG(t, th != NULL, "no irq thread");
	if (!th)
		return;
	ST_EXPECT_STREQ(t, th->comm, "irq/6-st-thread");
	ST_EXPECT(t, !(cached_irq_mask & (1u << THREAD_IRQ)));	/* requested: unmasked */
	raise_line(THREAD_IRQ);
	ST_EXPECT_EQ(t, hard_calls, 1);
	ST_EXPECT_EQ(t, thread_calls, 0);				/* not yet: we have not scheduled */
	ST_EXPECT_MSG(t, cached_irq_mask & (1u << THREAD_IRQ),
		      "the line was unmasked before the thread ran");
	msleep(10);
	ST_EXPECT_EQ(t, thread_calls, 1);
	ST_EXPECT_MSG(t, masked_in_thread, "the line was unmasked while the thread ran");
	ST_EXPECT_EQ(t, thread_policy, SCHED_FIFO);
	ST_EXPECT_EQ(t, thread_prio, 50);
	ST_EXPECT_MSG(t, !(cached_irq_mask & (1u << THREAD_IRQ)),
		      "the thread did not unmask the line");
	/* Two interrupts before the thread runs: one more run (as Linux's RUNTHREAD bit). */
	raise_line(THREAD_IRQ);
	raise_line(THREAD_IRQ);
	msleep(10);
	ST_EXPECT_EQ(t, hard_calls, 3);
	ST_EXPECT_EQ(t, thread_calls, 2);
	ST_EXPECT(t, !(cached_irq_mask & (1u << THREAD_IRQ)));
	ST_EXPECT_STREQ(t, free_irq(THREAD_IRQ, &dev), "st-thread");
	ST_EXPECT(t, cached_irq_mask & (1u << THREAD_IRQ));		/* the last user masks it */
}

/* ---- the work queue ---- */

static struct work_struct wq_a, wq_b, wq_self;
static char wq_order[16];
static volatile int wq_len, wq_running, wq_overlap, wq_self_runs;

static void wq_log(struct work_struct *w)
{
	if (wq_running++)
		wq_overlap = 1;
	msleep(1);		/* a work item may sleep; the next one waits (one worker) */
	if (wq_len < (int)sizeof(wq_order) - 1)
		wq_order[wq_len++] = w == &wq_a ? 'a' : 'b';
	wq_running--;
}

static void wq_requeue(struct work_struct *w)
{
	/* Pending is cleared before the function runs: queueing itself again works. */
	if (++wq_self_runs < 3)
		schedule_work(w);
}

/*
 * Linux's rules for a work item, checked: queueing a pending item does nothing
 * and says so; an item is never run twice at once; items run in the order
 * queued; an item may queue itself again; flush_scheduled_work waits for all.
 */
static void workqueue_rules(struct selftest *t)
{
	memset(wq_order, 0, sizeof(wq_order));
	wq_len = wq_running = wq_overlap = wq_self_runs = 0;
	INIT_WORK(&wq_a, wq_log);
	INIT_WORK(&wq_b, wq_log);
	INIT_WORK(&wq_self, wq_requeue);
	preempt_disable();	/* queue all before the worker runs */
	ST_EXPECT(t, schedule_work(&wq_a));
	ST_EXPECT(t, !schedule_work(&wq_a));	/* already pending */
	ST_EXPECT(t, schedule_work(&wq_b));
	ST_EXPECT(t, schedule_work(&wq_self));
	preempt_enable();
	flush_scheduled_work();
	ST_EXPECT_STREQ(t, wq_order, "ab");
	ST_EXPECT_EQ(t, wq_self_runs, 3);
	ST_EXPECT_EQ(t, wq_overlap, 0);
	ST_EXPECT(t, !wq_a.pending && !wq_b.pending && !wq_self.pending);
}

SELFTEST_SUITE(sched2,
	SELFTEST_CASE(vruntime_rate),
	SELFTEST_CASE(sleeper_no_monopoly),
	SELFTEST_CASE(rbtree_invariants),
	SELFTEST_CASE(dl_admission),
	SELFTEST_CASE(dl_edf_order),
	SELFTEST_CASE(dl_cbs_throttle),
	SELFTEST_CASE(dl_above_rt_above_fair),
	SELFTEST_CASE(irq_threaded_oneshot),
	SELFTEST_CASE(workqueue_rules));
