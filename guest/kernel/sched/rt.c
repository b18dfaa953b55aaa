/*
 * Real-time scheduling (Linux's kernel/sched/rt.c, without SMP or
 * throttling): SCHED_FIFO and SCHED_RR tasks in 100 priority lists with a
 * bitmap of the non-empty ones, so picking is a find-first-bit. Lower prio
 * values are more urgent (prio = 99 - rt_priority). A FIFO task runs until it
 * blocks, yields or a more urgent one wakes; an RR task also goes to the back
 * of its list when its timeslice (100 ms) runs out.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include "sched.h"

void init_rt_rq(struct rt_rq *rt_rq)
{
	int i;

	for (i = 0; i < MAX_RT_PRIO; i++)
		INIT_LIST_HEAD(&rt_rq->active.queue[i]);
	memset(rt_rq->active.bitmap, 0, sizeof(rt_rq->active.bitmap));
}

static fastcall void enqueue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct rt_prio_array *array = &rq->rt.active;

	list_add_tail(&p->rt.run_list, &array->queue[p->prio]);
	array->bitmap[p->prio / 32] |= 1u << (p->prio % 32);
	p->rt.on_rq = 1;
	rq->rt.rt_nr_running++;
}

static fastcall void dequeue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct rt_prio_array *array = &rq->rt.active;

	list_del_init(&p->rt.run_list);
	if (list_empty(&array->queue[p->prio]))
		array->bitmap[p->prio / 32] &= ~(1u << (p->prio % 32));
	p->rt.on_rq = 0;
	rq->rt.rt_nr_running--;
}

static void requeue_task_rt(struct rq *rq, struct task_struct *p)
{
	list_move_tail(&p->rt.run_list, &rq->rt.active.queue[p->prio]);
}

static fastcall void yield_task_rt(struct rq *rq)
{
	requeue_task_rt(rq, rq->curr);
}

static int sched_find_first_bit(const u32 *bitmap)
{
	int i;

	for (i = 0; i < (MAX_RT_PRIO + 31) / 32; i++)
		if (bitmap[i])
			return i * 32 + __builtin_ctz(bitmap[i]);
	return MAX_RT_PRIO;
}

/* A more urgent RT task preempts; any RT task preempts CFS and idle. */
static fastcall void check_preempt_curr_rt(struct rq *rq, struct task_struct *p)
{
	if (p->prio < rq->curr->prio)
		resched_curr(rq);
}

static fastcall struct task_struct *pick_next_task_rt(struct rq *rq, struct task_struct *prev)
{
	int idx = sched_find_first_bit(rq->rt.active.bitmap);
	struct task_struct *p;

	if (idx >= MAX_RT_PRIO)
		return NULL;
	p = list_first_entry(&rq->rt.active.queue[idx], struct task_struct, rt.run_list);
	p->se.exec_start = rq->clock;
	return p;
}

static void update_curr_rt(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	s64 delta = rq->clock - curr->se.exec_start;

	if (delta > 0) {
		curr->se.sum_exec_runtime += delta;
		curr->se.exec_start = rq->clock;
	}
}

static fastcall void put_prev_task_rt(struct rq *rq, struct task_struct *p)
{
	update_curr_rt(rq);
}

static fastcall void task_tick_rt(struct rq *rq, struct task_struct *p)
{
	update_curr_rt(rq);
	if (p->policy != SCHED_RR)
		return;
	if (--p->rt.time_slice)
		return;
	p->rt.time_slice = RR_TIMESLICE;
	/* Round robin: to the back of its list if anyone else shares the priority. */
	if (p->rt.run_list.prev != p->rt.run_list.next) {
		requeue_task_rt(rq, p);
		resched_curr(rq);
	}
}

const struct sched_class rt_sched_class = {
	.next = &fair_sched_class,
	.enqueue_task = enqueue_task_rt,
	.dequeue_task = dequeue_task_rt,
	.yield_task = yield_task_rt,
	.check_preempt_curr = check_preempt_curr_rt,
	.pick_next_task = pick_next_task_rt,
	.put_prev_task = put_prev_task_rt,
	.task_tick = task_tick_rt,
};
