/*
 * SCHED_DEADLINE (Linux's kernel/sched/deadline.c, uniprocessor): earliest
 * deadline first over a red-black tree keyed by absolute deadline, each task
 * a constant bandwidth server (CBS) with a budget of dl_runtime every
 * dl_period and a relative deadline dl_deadline.
 *
 * - Running consumes the budget (update_curr_dl). When it runs out the task is
 *   throttled: out of the tree until its deadline, when a timer replenishes
 *   it (runtime += dl_runtime, deadline += dl_period, repeated while the
 *   runtime is still not positive, so an overrun is paid back) and puts it
 *   back. A task that overruns its budget therefore gets no more than
 *   dl_runtime/dl_period of the CPU in the long run.
 * - A task waking up keeps its deadline and what is left of its budget only
 *   if running that budget by the deadline would not exceed its bandwidth
 *   (the CBS wakeup rule, dl_entity_overflow); else it gets a fresh deadline
 *   (now + dl_deadline) and a full budget.
 * - Admission control: sched_setattr refuses (-EBUSY) a task whose bandwidth
 *   would take the sum over all deadline tasks above 95% (Linux's default
 *   sched_rt_runtime_us/sched_rt_period_us = 950000/1000000).
 * - The class is above RT, which is above CFS: a deadline task with budget
 *   runs before any other.
 * - The jiffy timer replenishes (Linux uses an hrtimer), so a budget is
 *   enforced to within a tick; the overrun is charged to the next period.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <asm/irqflags.h>
#include "sched.h"

#define BW_SHIFT	20
#define DL_SCALE	10
#define NSEC_PER_JIFFY	(1000000000UL / HZ)
#define DL_PERIOD_MAX	(4194304ULL * 1000)	/* Linux's sched_dl_period_max_us, 2^22 us */

static u64 dl_total_bw;		/* the sum of every deadline task's dl_bw */
static const u64 dl_bw_limit = (950000ULL << BW_SHIFT) / 1000000;

void init_dl_rq(struct dl_rq *dl_rq)
{
	dl_rq->root = RB_ROOT_CACHED;
	dl_rq->dl_nr_running = 0;
}

static inline struct task_struct *dl_task_of(struct sched_dl_entity *dl_se)
{
	return container_of(dl_se, struct task_struct, dl);
}

static inline bool dl_time_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

static void __enqueue_dl_entity(struct dl_rq *dl_rq, struct sched_dl_entity *dl_se)
{
	struct rb_node **link = &dl_rq->root.rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		struct sched_dl_entity *entry = rb_entry(*link, struct sched_dl_entity, rb_node);

		parent = *link;
		if (dl_time_before(dl_se->deadline, entry->deadline)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&dl_se->rb_node, parent, link);
	rb_insert_color_cached(&dl_se->rb_node, &dl_rq->root, leftmost);
	dl_se->on_tree = 1;
	dl_rq->dl_nr_running++;
}

static void __dequeue_dl_entity(struct dl_rq *dl_rq, struct sched_dl_entity *dl_se)
{
	if (!dl_se->on_tree)
		return;
	rb_erase_cached(&dl_se->rb_node, &dl_rq->root);
	dl_se->on_tree = 0;
	dl_rq->dl_nr_running--;
}

/* A fresh period: the full budget, the deadline dl_deadline from now. */
static void setup_new_dl_entity(struct rq *rq, struct sched_dl_entity *dl_se)
{
	dl_se->deadline = rq->clock + dl_se->dl_deadline;
	dl_se->runtime = dl_se->dl_runtime;
}

/* Replenish: a period's budget, the deadline a period on, until the budget is positive. */
static void replenish_dl_entity(struct rq *rq, struct sched_dl_entity *dl_se)
{
	while (dl_se->runtime <= 0) {
		dl_se->deadline += dl_se->dl_period;
		dl_se->runtime += dl_se->dl_runtime;
	}
	/* Far behind (it slept through its deadline): start over from now. */
	if (dl_time_before(dl_se->deadline, rq->clock))
		setup_new_dl_entity(rq, dl_se);
	dl_se->dl_yielded = 0;
}

/*
 * The CBS wakeup rule: would running the remaining budget by the current
 * deadline use more than the reserved bandwidth? runtime / (deadline - now)
 * > dl_runtime / dl_deadline, cross-multiplied (scaled down to fit 64 bits).
 */
static bool dl_entity_overflow(struct sched_dl_entity *dl_se, u64 now)
{
	u64 left = (dl_se->dl_deadline >> DL_SCALE) * ((u64)dl_se->runtime >> DL_SCALE);
	u64 right = ((dl_se->deadline - now) >> DL_SCALE) * (dl_se->dl_runtime >> DL_SCALE);

	return dl_time_before(right, left);
}

static void dl_replenish_timer(struct timer_list *t);

/* Throttle until the deadline: the timer puts it back with a new budget. */
static void start_dl_timer(struct rq *rq, struct sched_dl_entity *dl_se)
{
	u64 delta = dl_se->deadline - rq->clock;

	do_div(delta, NSEC_PER_JIFFY);
	mod_timer(&dl_se->dl_timer, jiffies + (unsigned long)delta + 1);
}

static void update_curr_dl(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	struct sched_dl_entity *dl_se = &curr->dl;
	s64 delta = rq->clock - curr->se.exec_start;

	if (curr->sched_class != &dl_sched_class)
		return;
	if (delta > 0) {
		curr->se.sum_exec_runtime += delta;
		curr->se.exec_start = rq->clock;
		dl_se->runtime -= delta;
	}
	if (dl_se->dl_yielded)
		dl_se->runtime = 0;
	if (dl_se->runtime > 0 || dl_se->dl_throttled)
		return;
#ifdef MUTANT_dl_no_throttle	/* mutation testing: an overrun goes on running */
	return;
#endif
	/* The budget is spent: throttle until the deadline (or replenish now if it passed). */
	__dequeue_dl_entity(&rq->dl, dl_se);
	dl_se->nr_throttled++;
	if (dl_time_before(rq->clock, dl_se->deadline)) {
		dl_se->dl_throttled = 1;
		start_dl_timer(rq, dl_se);
	} else {
		replenish_dl_entity(rq, dl_se);
		__enqueue_dl_entity(&rq->dl, dl_se);
	}
	resched_curr(rq);
}

static void dl_replenish_timer(struct timer_list *t)
{
	struct sched_dl_entity *dl_se = container_of(t, struct sched_dl_entity, dl_timer);
	struct task_struct *p = dl_task_of(dl_se);
	struct rq *rq = &runqueue;
	unsigned long flags;

	local_irq_save(flags);
	if (dl_se->dl_throttled && p->sched_class == &dl_sched_class) {
		update_rq_clock(rq);
		dl_se->dl_throttled = 0;
		replenish_dl_entity(rq, dl_se);
		if (p->on_rq) {	/* still runnable: back in the tree, maybe ahead of curr */
			__enqueue_dl_entity(&rq->dl, dl_se);
			if (rq->curr->sched_class != &dl_sched_class ||
			    dl_time_before(dl_se->deadline, rq->curr->dl.deadline))
				resched_curr(rq);
		}
	}
	local_irq_restore(flags);
}

static fastcall void enqueue_task_dl(struct rq *rq, struct task_struct *p, int flags)
{
	struct sched_dl_entity *dl_se = &p->dl;

	if (dl_se->dl_throttled)
		return;		/* the replenishment timer puts it back */
	if ((flags & ENQUEUE_WAKEUP) && (dl_time_before(dl_se->deadline, rq->clock) ||
					 dl_entity_overflow(dl_se, rq->clock)))
		setup_new_dl_entity(rq, dl_se);
	if (p != rq->curr)
		__enqueue_dl_entity(&rq->dl, dl_se);
}

static fastcall void dequeue_task_dl(struct rq *rq, struct task_struct *p, int flags)
{
	if (p == rq->curr)
		update_curr_dl(rq);
	__dequeue_dl_entity(&rq->dl, &p->dl);
}

/* sched_yield: give up the rest of this period's budget (Linux's yield_task_dl). */
static fastcall void yield_task_dl(struct rq *rq)
{
	rq->curr->dl.dl_yielded = 1;
	update_curr_dl(rq);
}

static fastcall void check_preempt_curr_dl(struct rq *rq, struct task_struct *p)
{
	if (dl_time_before(p->dl.deadline, rq->curr->dl.deadline))
		resched_curr(rq);
}

static fastcall struct task_struct *pick_next_task_dl(struct rq *rq, struct task_struct *prev)
{
	struct rb_node *left = rb_first_cached(&rq->dl.root);
	struct sched_dl_entity *dl_se;
	struct task_struct *p;

	if (!left)
		return NULL;
#ifdef MUTANT_edf_latest	/* mutation testing: the latest deadline runs first */
	left = rb_last(&rq->dl.root.rb_root);
#endif
	dl_se = rb_entry(left, struct sched_dl_entity, rb_node);
	__dequeue_dl_entity(&rq->dl, dl_se);	/* the running task is out of the tree */
	p = dl_task_of(dl_se);
	p->se.exec_start = rq->clock;
	return p;
}

static fastcall void put_prev_task_dl(struct rq *rq, struct task_struct *p)
{
	update_curr_dl(rq);
	if (p->on_rq && !p->dl.dl_throttled && !p->dl.on_tree)
		__enqueue_dl_entity(&rq->dl, &p->dl);
}

static fastcall void task_tick_dl(struct rq *rq, struct task_struct *p)
{
	update_curr_dl(rq);
	/* An earlier deadline became runnable (a replenished task): let it run. */
	if (!p->dl.dl_throttled && rb_first_cached(&rq->dl.root) &&
	    dl_time_before(rb_entry(rb_first_cached(&rq->dl.root), struct sched_dl_entity,
				    rb_node)->deadline, p->dl.deadline))
		resched_curr(rq);
}

const struct sched_class dl_sched_class = {
	.next = &rt_sched_class,
	.enqueue_task = enqueue_task_dl,
	.dequeue_task = dequeue_task_dl,
	.yield_task = yield_task_dl,
	.check_preempt_curr = check_preempt_curr_dl,
	.pick_next_task = pick_next_task_dl,
	.put_prev_task = put_prev_task_dl,
	.task_tick = task_tick_dl,
};

/* ---- policy changes ---- */

static u64 to_ratio(u64 period, u64 runtime)
{
	u64 r = runtime << BW_SHIFT;

	do_div(r, (u32)period);		/* period <= DL_PERIOD_MAX < 2^32 */
	return r;
}

/* Linux's __checkparam_dl: 1 us <= runtime <= deadline <= period <= 4 s. */
static bool dl_param_ok(const struct sched_attr *attr)
{
	u64 period = attr->sched_period ? attr->sched_period : attr->sched_deadline;

	if (attr->sched_deadline == 0 || attr->sched_runtime < (1ULL << DL_SCALE))
		return false;
	if (attr->sched_runtime > attr->sched_deadline || attr->sched_deadline > period)
		return false;
	return period <= DL_PERIOD_MAX;
}

/* The task leaves SCHED_DEADLINE (another policy, or it died): its bandwidth is free again. */
void dl_release(struct task_struct *p)
{
	if (p->policy != SCHED_DEADLINE)
		return;
	dl_total_bw -= p->dl.dl_bw;
	p->dl.dl_bw = 0;
	p->dl.dl_throttled = 0;
	del_timer(&p->dl.dl_timer);
}

/* Make p a deadline task with these parameters (admission checked), or change them. */
static int set_dl(struct task_struct *p, const struct sched_attr *attr)
{
	struct rq *rq = &runqueue;
	u64 period = attr->sched_period ? attr->sched_period : attr->sched_deadline;
	u64 bw = to_ratio(period, attr->sched_runtime);
	u64 old = p->policy == SCHED_DEADLINE ? p->dl.dl_bw : 0;
	unsigned long flags;
	bool queued;

	if (dl_total_bw - old + bw > dl_bw_limit)
		return -EBUSY;
	local_irq_save(flags);
	update_rq_clock(rq);
	queued = p->on_rq;
	if (queued)
		p->sched_class->dequeue_task(rq, p, 0);
	if (p == rq->curr)
		p->sched_class->put_prev_task(rq, p);
	if (p->policy != SCHED_DEADLINE)
		timer_setup(&p->dl.dl_timer, dl_replenish_timer, 0);
	dl_total_bw += bw - old;
	p->policy = SCHED_DEADLINE;
	p->rt_priority = 0;
	p->normal_prio = p->prio = -1;		/* Linux's MAX_DL_PRIO - 1 */
	p->sched_class = &dl_sched_class;
	p->dl.dl_runtime = attr->sched_runtime;
	p->dl.dl_deadline = attr->sched_deadline;
	p->dl.dl_period = period;
	p->dl.dl_bw = bw;
	p->dl.dl_throttled = p->dl.dl_yielded = 0;
	setup_new_dl_entity(rq, &p->dl);
	if (p == rq->curr)
		p->se.exec_start = rq->clock;
	else if (queued)
		__enqueue_dl_entity(&rq->dl, &p->dl);
	resched_curr(rq);
	local_irq_restore(flags);
	return 0;
}

int sched_setattr(struct task_struct *p, const struct sched_attr *attr)
{
	struct sched_param sp = { .sched_priority = attr->sched_priority };
	int policy = attr->sched_policy, err;

	if (attr->sched_flags)
		return -EINVAL;		/* no SCHED_FLAG_* (reclaim, overrun signals, ...) */
	if (policy == SCHED_DEADLINE)
		return dl_param_ok(attr) ? set_dl(p, attr) : -EINVAL;
	if (policy != SCHED_NORMAL && policy != SCHED_BATCH && policy != SCHED_FIFO &&
	    policy != SCHED_RR)
		return -EINVAL;
	if ((policy == SCHED_FIFO || policy == SCHED_RR) ?
	    attr->sched_priority < 1 || attr->sched_priority > MAX_USER_RT_PRIO - 1 :
	    attr->sched_priority != 0)
		return -EINVAL;		/* checked before a deadline task leaves its policy */
	if (p->policy == SCHED_DEADLINE) {
		/* Back to CFS first (sched_setscheduler knows the RT and fair classes). */
		struct rq *rq = &runqueue;
		unsigned long flags;
		bool queued;

		local_irq_save(flags);
		update_rq_clock(rq);
		queued = p->on_rq;
		if (queued)
			p->sched_class->dequeue_task(rq, p, 0);
		if (p == rq->curr)
			p->sched_class->put_prev_task(rq, p);
		dl_release(p);
		p->policy = SCHED_NORMAL;
		p->prio = p->normal_prio = p->static_prio;
		p->sched_class = &fair_sched_class;
		if (p == rq->curr) {
			p->se.exec_start = rq->clock;
			p->se.prev_sum_exec_runtime = p->se.sum_exec_runtime;
			rq->cfs.curr = &p->se;
			p->se.on_rq = 0;
		}
		if (queued)
			p->sched_class->enqueue_task(rq, p, 0);
		local_irq_restore(flags);
	}
	err = sched_setscheduler(p, policy, &sp);
	if (!err && (policy == SCHED_NORMAL || policy == SCHED_BATCH))
		set_user_nice(p, attr->sched_nice);
	return err;
}

void sched_getattr(struct task_struct *p, struct sched_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->sched_policy = p->policy;
	if (p->policy == SCHED_DEADLINE) {
		attr->sched_runtime = p->dl.dl_runtime;
		attr->sched_deadline = p->dl.dl_deadline;
		attr->sched_period = p->dl.dl_period;
	} else if (p->policy == SCHED_FIFO || p->policy == SCHED_RR) {
		attr->sched_priority = p->rt_priority;
	} else {
		attr->sched_nice = task_nice(p);
	}
}

/* ---- the system calls (i386 351 and 352) ---- */

static struct task_struct *dl_find_task(pid_t pid)
{
	return pid ? find_task_by_pid(pid) : current;
}

long sys_sched_setattr(pid_t pid, struct sched_attr __user *uattr, unsigned int flags)
{
	struct sched_attr attr;
	struct task_struct *p;
	u32 size;

	if (!uattr || pid < 0 || flags)
		return -EINVAL;
	if (get_user(size, &uattr->size))
		return -EFAULT;
	if (size == 0)
		size = SCHED_ATTR_SIZE_VER0;
	if (size < SCHED_ATTR_SIZE_VER0 || size > sizeof(attr)) {
		/* Linux accepts a bigger struct whose tail is zero; lucix knows VER0 and VER1. */
		put_user((u32)sizeof(attr), &uattr->size);
		return -E2BIG;
	}
	memset(&attr, 0, sizeof(attr));
	if (copy_from_user(&attr, uattr, size))
		return -EFAULT;
	p = dl_find_task(pid);
	if (!p)
		return -ESRCH;
	return sched_setattr(p, &attr);
}

long sys_sched_getattr(pid_t pid, struct sched_attr __user *uattr, unsigned int usize,
		       unsigned int flags)
{
	struct sched_attr attr;
	struct task_struct *p;

	if (!uattr || pid < 0 || flags || usize < SCHED_ATTR_SIZE_VER0 || usize > 4096)
		return -EINVAL;
	p = dl_find_task(pid);
	if (!p)
		return -ESRCH;
	sched_getattr(p, &attr);
	if (usize > sizeof(attr))
		usize = sizeof(attr);
	attr.size = usize;
	return copy_to_user(uattr, &attr, usize) ? -EFAULT : 0;
}
