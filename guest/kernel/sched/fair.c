/*
 * The Completely Fair Scheduler (Linux's kernel/sched/fair.c, 4.x, without
 * groups or SMP). Every runnable task has a vruntime: its CPU time scaled by
 * NICE_0_LOAD / weight, so a heavier task's clock runs slower. The queue is a
 * red-black tree ordered by vruntime and the task with the smallest one (the
 * leftmost, cached) runs next. Over a period of sched_latency (6 ms, or
 * nr_running * min_granularity when crowded) each task gets a slice in
 * proportion to its weight; the tick preempts a task that has used its slice
 * (check_preempt_tick), and a waking task preempts one that is more than
 * wakeup_granularity ahead of it. Sleepers come back with vruntime no lower
 * than min_vruntime - sched_latency/2 (GENTLE_FAIR_SLEEPERS): a little credit
 * for having slept (the notes' "sleeper fairness"), but not enough to
 * monopolise the CPU.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include "sched.h"

/* Linux's tunables for one CPU (the factor 1 + ilog2(ncpus) is 1). */
unsigned int sysctl_sched_latency = 6000000;		/* ns */
unsigned int sysctl_sched_min_granularity = 750000;	/* ns */
unsigned int sysctl_sched_wakeup_granularity = 1000000;	/* ns */
static const unsigned int sched_nr_latency = 8;		/* latency / min_granularity */

/* nice -20 .. 19 -> weight: each step ~1.25x, so one nice level is ~10% of CPU. */
const int sched_prio_to_weight[40] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */ 9548, 7620, 6100, 4904, 3906,
	/*  -5 */ 3121, 2501, 1991, 1586, 1277,
	/*   0 */ 1024, 820, 655, 526, 423,
	/*   5 */ 335, 272, 215, 172, 137,
	/*  10 */ 110, 87, 70, 56, 45,
	/*  15 */ 36, 29, 23, 18, 15,
};

void init_cfs_rq(struct cfs_rq *cfs_rq)
{
	cfs_rq->tasks_timeline = RB_ROOT_CACHED;
	cfs_rq->min_vruntime = (u64)(-(1LL << 20));	/* as Linux: wraps early, on purpose */
}

static inline struct task_struct *task_of(struct sched_entity *se)
{
	return container_of(se, struct task_struct, se);
}

/* a's vruntime is before b's (a signed difference, so wrapping is harmless). */
static inline bool entity_before(const struct sched_entity *a, const struct sched_entity *b)
{
	return (s64)(a->vruntime - b->vruntime) < 0;
}

/* delta * NICE_0_LOAD / weight, in 64 bits. */
static u64 calc_delta_fair(u64 delta, const struct sched_entity *se)
{
	u64 v;

	if (se->load.weight == NICE_0_LOAD)
		return delta;
	v = delta * NICE_0_LOAD;
	do_div(v, se->load.weight);
	return v;
}

static __always_inline void update_min_vruntime(struct cfs_rq *cfs_rq)
{
	struct rb_node *leftmost = rb_first_cached(&cfs_rq->tasks_timeline);
	struct sched_entity *curr = cfs_rq->curr;
	u64 vruntime;

	if (curr) {
		vruntime = curr->vruntime;
		if (leftmost) {
			struct sched_entity *se = rb_entry(leftmost, struct sched_entity, run_node);

			if ((s64)(se->vruntime - vruntime) < 0)
				vruntime = se->vruntime;
		}
	} else if (leftmost) {
		vruntime = rb_entry(leftmost, struct sched_entity, run_node)->vruntime;
	} else {
		return;
	}
	/* min_vruntime only moves forward. */
	if ((s64)(vruntime - cfs_rq->min_vruntime) > 0)
		cfs_rq->min_vruntime = vruntime;
}

/* Charge the running entity for the time since it last was charged. */
static __always_inline void update_curr(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr;
	u64 now = runqueue.clock;
	s64 delta_exec;

	if (!curr)
		return;
	delta_exec = now - curr->exec_start;
	if (delta_exec <= 0)
		return;
	curr->exec_start = now;
	curr->sum_exec_runtime += delta_exec;
	curr->vruntime += calc_delta_fair(delta_exec, curr);
	update_min_vruntime(cfs_rq);
}

static __always_inline void __enqueue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	struct rb_node **link = &cfs_rq->tasks_timeline.rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		struct sched_entity *entry = rb_entry(*link, struct sched_entity, run_node);

		parent = *link;
		/* Equal keys go right: tasks with the same vruntime run in FIFO order. */
		if (entity_before(se, entry)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&se->run_node, parent, link);
	rb_insert_color_cached(&se->run_node, &cfs_rq->tasks_timeline, leftmost);
}

static void __dequeue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	rb_erase_cached(&se->run_node, &cfs_rq->tasks_timeline);
}

/* The period in which every runnable task runs once. */
static u64 sched_period(unsigned long nr_running)
{
	if (nr_running > sched_nr_latency)
		return (u64)nr_running * sysctl_sched_min_granularity;
	return sysctl_sched_latency;
}

/* A task's share of the period, by weight. */
static u64 sched_slice(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	u64 slice = sched_period(cfs_rq->nr_running + !se->on_rq);
	unsigned long load = cfs_rq->load.weight + (se->on_rq ? 0 : se->load.weight);

	slice *= se->load.weight;
	do_div(slice, load);
	return slice;
}

/* The vruntime a slice is worth: the new-task debit of place_entity. */
static u64 sched_vslice(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	return calc_delta_fair(sched_slice(cfs_rq, se), se);
}

static void place_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, bool initial)
{
	u64 vruntime = cfs_rq->min_vruntime;

	if (initial) {
		/* START_DEBIT: a new task waits its turn rather than preempt at once. */
		vruntime += sched_vslice(cfs_rq, se);
	} else {
		/* Sleeper credit: at most half a latency period behind the pack. */
		vruntime -= sysctl_sched_latency >> 1;
	}
	/* Never gain time by sleeping: only move forward. */
	if ((s64)(vruntime - se->vruntime) > 0 || initial)
		se->vruntime = vruntime;
}

static fastcall void enqueue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &p->se;

	update_curr(cfs_rq);
	if (flags & ENQUEUE_INITIAL)
		place_entity(cfs_rq, se, true);
#ifndef MUTANT_sleeper_ignored	/* mutation testing: no placement on wakeup */
	else if (flags & ENQUEUE_WAKEUP)
		place_entity(cfs_rq, se, false);
#endif
	cfs_rq->load.weight += se->load.weight;
	cfs_rq->nr_running++;
	if (se != cfs_rq->curr)
		__enqueue_entity(cfs_rq, se);
	se->on_rq = 1;
}

static fastcall void dequeue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &p->se;

	update_curr(cfs_rq);
	if (cfs_rq->skip == se)
		cfs_rq->skip = NULL;
	if (se != cfs_rq->curr)
		__dequeue_entity(cfs_rq, se);
	se->on_rq = 0;
	cfs_rq->load.weight -= se->load.weight;
	cfs_rq->nr_running--;
	update_min_vruntime(cfs_rq);
}

/* Tick: preempt the current task once it has had its slice. */
static void check_preempt_tick(struct cfs_rq *cfs_rq, struct sched_entity *curr)
{
	u64 ideal_runtime = sched_slice(cfs_rq, curr);
	u64 delta_exec = curr->sum_exec_runtime - curr->prev_sum_exec_runtime;
	struct rb_node *left;
	struct sched_entity *se;
	s64 delta;

	if (delta_exec > ideal_runtime) {
		resched_curr(&runqueue);
		return;
	}
	if (delta_exec < sysctl_sched_min_granularity)
		return;
	left = rb_first_cached(&cfs_rq->tasks_timeline);
	if (!left)
		return;
	se = rb_entry(left, struct sched_entity, run_node);
	delta = curr->vruntime - se->vruntime;
	if (delta > (s64)ideal_runtime)
		resched_curr(&runqueue);
}

static fastcall void task_tick_fair(struct rq *rq, struct task_struct *curr)
{
	struct cfs_rq *cfs_rq = &rq->cfs;

	update_curr(cfs_rq);
	if (cfs_rq->nr_running > 1)
		check_preempt_tick(cfs_rq, &curr->se);
}

/* Wakeup preemption: the woken task runs now if it is far enough behind. */
static fastcall void check_preempt_wakeup(struct rq *rq, struct task_struct *p)
{
	struct sched_entity *curr = &rq->curr->se, *se = &p->se;
	s64 gran;

	if (rq->curr->sched_class != &fair_sched_class) {
		/* Only the idle task is below CFS: always preempt it. */
		if (rq->curr->sched_class == &idle_sched_class)
			resched_curr(rq);
		return;
	}
	update_curr(&rq->cfs);
	gran = calc_delta_fair(sysctl_sched_wakeup_granularity, se);
	if ((s64)(curr->vruntime - se->vruntime) > gran)
		resched_curr(rq);
}

static __always_inline void put_prev_entity(struct rq *rq, struct task_struct *prev)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &prev->se;

	if (cfs_rq->curr != se)
		return;
	update_curr(cfs_rq);
	if (se->on_rq)
		__enqueue_entity(cfs_rq, se);
	cfs_rq->curr = NULL;
}

static fastcall void put_prev_task_fair(struct rq *rq, struct task_struct *prev)
{
	put_prev_entity(rq, prev);
}

/*
 * prev, if not NULL, is the running fair task, still to be put back: the
 * core's fast path (only fair tasks runnable) leaves that to this call, as
 * Linux's pick_next_task_fair does, to spare a second call per switch.
 */
static fastcall struct task_struct *pick_next_task_fair(struct rq *rq, struct task_struct *prev)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct rb_node *left;
	struct sched_entity *se;

	if (prev)
		put_prev_entity(rq, prev);
	left = rb_first_cached(&cfs_rq->tasks_timeline);
	if (!left)
		return NULL;
	se = rb_entry(left, struct sched_entity, run_node);
	/* sched_yield: pass over the yielder once if anyone else can run. */
	if (se == cfs_rq->skip) {
		struct rb_node *second = rb_next(left);

		if (second)
			se = rb_entry(second, struct sched_entity, run_node);
		cfs_rq->skip = NULL;
	}
	__dequeue_entity(cfs_rq, se);
	se->exec_start = rq->clock;
	se->prev_sum_exec_runtime = se->sum_exec_runtime;
	cfs_rq->curr = se;	/* min_vruntime follows at the next update_curr, as in Linux */
	return task_of(se);
}

static fastcall void yield_task_fair(struct rq *rq)
{
	if (rq->cfs.nr_running <= 1)
		return;
	update_curr(&rq->cfs);
	rq->cfs.skip = &rq->curr->se;
}

/* A new task starts after the others' turn (place_entity's START_DEBIT). */
static fastcall void task_fork_fair(struct task_struct *p)
{
	p->se.vruntime = 0;
	p->se.sum_exec_runtime = 0;
	p->se.prev_sum_exec_runtime = 0;
}

const struct sched_class fair_sched_class = {
	.next = &idle_sched_class,
	.enqueue_task = enqueue_task_fair,
	.dequeue_task = dequeue_task_fair,
	.yield_task = yield_task_fair,
	.check_preempt_curr = check_preempt_wakeup,
	.pick_next_task = pick_next_task_fair,
	.put_prev_task = put_prev_task_fair,
	.task_tick = task_tick_fair,
	.task_fork = task_fork_fair,
};
