/*
 * The scheduler core (Linux's kernel/sched/core.c, uniprocessor): the run
 * queue, schedule() and the context switch, wakeups, the tick, nice and
 * policy changes, and preemption.
 *
 * The classes are tried in order, RT, then CFS, then idle; the first with a
 * runnable task provides the next one. Preemption is requested by setting
 * TIF_NEED_RESCHED on the running task (and clearing the inverted
 * PREEMPT_NEED_RESCHED bit folded into __preempt_count, as x86 Linux does),
 * and happens at the next preemption point: return from an interrupt to
 * kernel code with preempt_count 0, preempt_enable() reaching 0, or an
 * explicit schedule().
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/timer.h>
#include <asm/irqflags.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include "sched.h"

struct rq runqueue;
u64 nr_context_switches, nr_cr3_loads, nr_tlb_flushes;

/* The kernel's own address space: what kernel threads run on until a user mm exists. */
struct mm_struct init_mm = { .pgd = swapper_pg_dir, .mm_users = 2, .mm_count = 1,
			     .mmap_lock = __RWSEM_INITIALIZER(init_mm.mmap_lock) };

/* pid 0: the boot task, which becomes the idle task. Its stack is init_thread_union. */
struct task_struct init_task = {
	.state = TASK_RUNNING,
	.stack = &init_thread_union,
	.flags = PF_KTHREAD,
	.prio = MAX_PRIO - 20,
	.static_prio = MAX_PRIO - 20,
	.normal_prio = MAX_PRIO - 20,
	.policy = SCHED_NORMAL,
	.sched_class = &fair_sched_class,
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.mm = NULL,
	.active_mm = &init_mm,
	.real_parent = &init_task,
	.parent = &init_task,
	.children = LIST_HEAD_INIT(init_task.children),
	.sibling = LIST_HEAD_INIT(init_task.sibling),
	.comm = "swapper",
	.se = { .load = { NICE_0_LOAD, 0 } },
};

extern unsigned long tsc_khz;

/*
 * Nanoseconds since boot: the TSC once calibrated (jiffies before, and on a
 * 486). The scheduler reads it several times per switch, so it avoids a 64-bit
 * division: ns = cycles * mult >> CYC2NS_SHIFT, with mult computed once
 * (Linux's cyc2ns).
 */
#define CYC2NS_SHIFT 22
static u32 cyc2ns_mult;
static unsigned long cyc2ns_khz;

static __always_inline u64 __sched_clock(void)
{
	u32 lo, hi;

	if (!tsc_khz)
		return (u64)(jiffies - INITIAL_JIFFIES) * (1000000000ULL / HZ);
	if (unlikely(cyc2ns_khz != tsc_khz)) {
		u64 m = 1000000ULL << CYC2NS_SHIFT;

		do_div(m, tsc_khz);
		cyc2ns_mult = m;
		cyc2ns_khz = tsc_khz;
	}
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	/* (hi:lo * mult) >> shift, without overflowing 64 bits. */
	return (((u64)lo * cyc2ns_mult) >> CYC2NS_SHIFT) +
	       (((u64)hi * cyc2ns_mult) << (32 - CYC2NS_SHIFT));
}

u64 sched_clock(void)
{
	return __sched_clock();
}

/* sched_clock's cycles-to-ns multiplier (0 without a calibrated TSC): the vDSO's clock uses it. */
u32 sched_clock_mult(void)
{
	sched_clock();
	return tsc_khz ? cyc2ns_mult : 0;
}

/* The clock read itself, inlined where a switch is on the way (sched_yield). */
static __always_inline void __update_rq_clock(struct rq *rq)
{
	u64 now = __sched_clock();

	if ((s64)(now - rq->clock) > 0)
		rq->clock = now;
}

void update_rq_clock(struct rq *rq)
{
	u64 now;

	if (rq->clock_skip) {	/* sched_yield read it a few instructions ago */
		rq->clock_skip = false;
		return;
	}
	now = sched_clock();

	if ((s64)(now - rq->clock) > 0)
		rq->clock = now;
}

bool need_resched(void)
{
	return test_tsk_need_resched(current);
}

void resched_curr(struct rq *rq)
{
	set_tsk_need_resched(rq->curr);
	if (rq->curr == current)
		set_preempt_need_resched();
}

void set_load_weight(struct task_struct *p)
{
#ifdef MUTANT_weight_off_by_one	/* mutation testing: the lookup one entry off */
	p->se.load.weight = sched_prio_to_weight[p->static_prio - MAX_RT_PRIO + 1];
#else
	p->se.load.weight = sched_prio_to_weight[p->static_prio - MAX_RT_PRIO];
#endif
}

static void enqueue_task(struct rq *rq, struct task_struct *p, int flags)
{
	update_rq_clock(rq);
	p->sched_class->enqueue_task(rq, p, flags);
	p->on_rq = 1;
	rq->nr_running++;
}

static void dequeue_task(struct rq *rq, struct task_struct *p, int flags)
{
	update_rq_clock(rq);
	p->sched_class->dequeue_task(rq, p, flags);
	p->on_rq = 0;
	rq->nr_running--;
}

/* Would p running now be better than what runs? Then ask for a reschedule. */
static void check_preempt_curr(struct rq *rq, struct task_struct *p)
{
	const struct sched_class *class;

	if (p->sched_class == rq->curr->sched_class) {
		p->sched_class->check_preempt_curr(rq, p);
		return;
	}
	for (class = sched_class_highest; class; class = class->next) {
		if (class == rq->curr->sched_class)
			break;		/* the running task's class is higher */
		if (class == p->sched_class) {
			resched_curr(rq);
			break;
		}
	}
}

static noinline int try_to_wake_up(struct task_struct *p, unsigned int state)
{
	struct rq *rq = &runqueue;
	unsigned long flags;
	int success = 0;

	preempt_disable();
	local_irq_save(flags);
	if (!(p->state & state))
		goto out;
	success = 1;
	p->state = TASK_RUNNING;
	if (!p->on_rq) {
		enqueue_task(rq, p, ENQUEUE_WAKEUP);
		check_preempt_curr(rq, p);
	}
out:
	local_irq_restore(flags);
	preempt_enable();	/* a preemption point: the woken task may run now */
	return success;
}

int wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

int wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state);
}

/* Scheduler side of fork: the new task inherits its parent's policy and nice. */
void sched_fork(struct task_struct *p)
{
	p->state = TASK_RUNNING;
	p->on_rq = 0;
	p->prio = current->normal_prio;
	if (p->policy == SCHED_DEADLINE) {
		/* The bandwidth was admitted for the parent: the child is a normal task. */
		p->policy = SCHED_NORMAL;
		p->prio = p->normal_prio = p->static_prio;
		p->dl.dl_bw = 0;
	}
	if (p->policy == SCHED_NORMAL || p->policy == SCHED_BATCH) {
		p->sched_class = &fair_sched_class;
	} else {
		p->sched_class = &rt_sched_class;
	}
	if (current->flags & PF_IDLE) {
		/* The idle task forks (rest_init): its children are normal tasks. */
		p->policy = SCHED_NORMAL;
		p->static_prio = p->normal_prio = p->prio = DEFAULT_PRIO;
		p->sched_class = &fair_sched_class;
	}
	set_load_weight(p);
	INIT_LIST_HEAD(&p->rt.run_list);
	p->rt.time_slice = RR_TIMESLICE;
	if (p->sched_class->task_fork)
		p->sched_class->task_fork(p);
}

void wake_up_new_task(struct task_struct *p)
{
	struct rq *rq = &runqueue;
	unsigned long flags;

	preempt_disable();
	local_irq_save(flags);
	p->state = TASK_RUNNING;
	enqueue_task(rq, p, ENQUEUE_INITIAL);
	check_preempt_curr(rq, p);
	local_irq_restore(flags);
	preempt_enable();
}

/* ---- the context switch ---- */

/*
 * Called on the next task's stack (eax = prev, edx = next) by switch_to:
 * TSS.esp0 for the next task's ring transitions, and the per-task part of
 * preempt_count (the NEED_RESCHED bit stays per CPU).
 */
__attribute__((regparm(3))) struct task_struct *__switch_to(struct task_struct *prev,
							    struct task_struct *next)
{
	task_thread_info(prev)->saved_preempt_count = preempt_count();
	__preempt_count = (__preempt_count & PREEMPT_NEED_RESCHED) |
			  task_thread_info(next)->saved_preempt_count;
	load_sp0(next->thread.sp0);
	return prev;
}

/*
 * Save prev's callee-saved state on its stack, switch stacks, and continue
 * where next left off (label 1 for a task that switched out before,
 * ret_from_fork for a new one). Like Linux 4.x's 32-bit switch_to.
 */
#define switch_to(prev, next, last)						\
	do {									\
		unsigned long ebx, ecx, edx, esi, edi;				\
		__asm__ __volatile__("pushfl\n\t"				\
				     "pushl %%ebp\n\t"				\
				     "movl %%esp, %[prev_sp]\n\t"		\
				     "movl %[next_sp], %%esp\n\t"		\
				     "movl $1f, %[prev_ip]\n\t"			\
				     "pushl %[next_ip]\n\t"			\
				     "jmp __switch_to\n"			\
				     "1:\t"					\
				     "popl %%ebp\n\t"				\
				     "popfl\n"					\
				     : [prev_sp] "=m"(prev->thread.sp),		\
				       [prev_ip] "=m"(prev->thread.ip),		\
				       "=a"(last), "=b"(ebx), "=c"(ecx), "=d"(edx), \
				       "=S"(esi), "=D"(edi)			\
				     : [next_sp] "m"(next->thread.sp),		\
				       [next_ip] "m"(next->thread.ip),		\
				       "a"(prev), "d"(next)			\
				     : "memory");				\
	} while (0)

void put_task_struct(struct task_struct *p);

/* After the switch, on the new task's stack: reap a dead prev, interrupts back on. */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = &runqueue;
	struct mm_struct *mm = rq->prev_mm;

	rq->prev_mm = NULL;
	local_irq_enable();
	if (mm)
		mmdrop(mm);
	if (prev->state == TASK_DEAD) {
		dl_release(prev);	/* a deadline task's bandwidth and timer */
		put_task_struct(prev);
	}
}

/* A new task's first steps (from ret_from_fork). */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	preempt_enable();
}

/* Load next's page tables (Linux's switch_mm): CR3 drops every non-global TLB entry. */
void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	if (prev == next)
		return;
	load_cr3(next->pgd);
	nr_cr3_loads++;
	nr_tlb_flushes++;
}

/*
 * Lazy TLB (Linux's context_switch): a kernel thread has no mm and borrows
 * whatever address space is loaded (every one maps the kernel the same way),
 * holding a reference on it; the reference is dropped after the switch away
 * from it (finish_task_switch), which is also where an exited process's
 * page directory can finally go.
 */
static void context_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *mm = next->mm, *oldmm = prev->active_mm;

	if (!mm) {
#ifdef MUTANT_no_lazy_tlb	/* mutation testing: a kernel thread loads init_mm's tables */
		switch_mm(oldmm, &init_mm);
		next->active_mm = &init_mm;
		mmgrab(&init_mm);
#else
		next->active_mm = oldmm;
		mmgrab(oldmm);
#endif
	} else {
		switch_mm(oldmm, mm);
	}
	if (!prev->mm) {
		prev->active_mm = NULL;
		rq->prev_mm = oldmm;
	}
	/* Lazy FPU: saved only if prev used it since it was switched in (#NM). */
	if (prev->fpu_live)
		fpu_save(prev);
	if (next->mm)
		load_TLS(next);
	switch_to(prev, next, prev);
	finish_task_switch(prev);
}

static struct task_struct *pick_next_task(struct rq *rq, struct task_struct *prev)
{
	const struct sched_class *class;
	struct task_struct *p;

	/*
	 * Linux's fast path: prev is a fair task and only fair tasks are queued,
	 * so the fair class puts prev back and picks in one call (or idle runs).
	 */
	if (likely(!rq->rt.rt_nr_running && !rq->dl.dl_nr_running &&
		   prev->sched_class == &fair_sched_class)) {
		p = fair_sched_class.pick_next_task(rq, prev);
		return likely(p) ? p : idle_sched_class.pick_next_task(rq, NULL);
	}
	prev->sched_class->put_prev_task(rq, prev);
	/* The deadline class only when it has a task (prev may just have gone back in). */
	for (class = rq->dl.dl_nr_running ? sched_class_highest : &rt_sched_class; class;
	     class = class->next) {
		p = class->pick_next_task(rq, NULL);
		if (p)
			return p;
	}
	BUG();	/* the idle class always has a task */
	return NULL;
}

static void __schedule(bool preempt)
{
	struct rq *rq = &runqueue;
	struct task_struct *prev, *next;
	unsigned long *switch_count;

	local_irq_disable();
	prev = rq->curr;
	update_rq_clock(rq);
	/* As Linux counts them: a switch away to sleep is voluntary, a preemption
	 * or a yield involuntary, and only a real switch counts. */
	switch_count = &prev->nivcsw;
	if (!preempt && prev->state != TASK_RUNNING) {
		dequeue_task(rq, prev, DEQUEUE_SLEEP);
		switch_count = &prev->nvcsw;
	}
	next = pick_next_task(rq, prev);
	clear_tsk_need_resched(prev);
	clear_preempt_need_resched();
	if (likely(prev != next)) {
		++*switch_count;
		nr_context_switches++;
		rq->curr = next;
		context_switch(rq, prev, next);
	} else {
		local_irq_enable();
	}
}

static void schedule_debug(struct task_struct *prev)
{
	/* The cheap test first: schedule() itself holds one preempt_disable. */
	if (unlikely((preempt_count() & PREEMPT_MASK) > 1 && in_atomic_context() &&
		     system_state == SYSTEM_RUNNING)) {
		pr_err("BUG: scheduling while atomic: %s/%d/0x%08lx\n", prev->comm, prev->pid,
		       preempt_count());
		dump_stack();
	}
}

void schedule(void)
{
	preempt_disable();
	schedule_debug(current);
	__schedule(false);
	preempt_enable_no_resched();
}

void schedule_preempt_disabled(void)
{
	preempt_enable_no_resched();
	schedule();
	preempt_disable();
}

/* preempt_enable() reached 0 with a reschedule pending. */
void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled())
		return;
	do {
		preempt_disable();
		__schedule(true);
		preempt_enable_no_resched();
	} while (need_resched());
}

/* Return from an interrupt to kernel code with preemption allowed and due. */
void preempt_schedule_irq(void)
{
	do {
		preempt_disable();
		local_irq_enable();
		__schedule(true);
		local_irq_disable();
		preempt_enable_no_resched();
	} while (need_resched());
}

/* From entry_32.S on every return to kernel mode. */
void irqentry_exit_cond_resched(struct pt_regs *regs)
{
	if (user_mode(regs) || !(regs->flags & X86_EFLAGS_IF))
		return;
	local_irq_disable();
	if (!preempt_count() && need_resched())
		preempt_schedule_irq();
}

/* ---- tick, nice, policies ---- */

void scheduler_tick(void)
{
	struct rq *rq = &runqueue;
	struct task_struct *curr = rq->curr;

	if (!curr)
		return;		/* before sched_init */
	update_rq_clock(rq);
	curr->sched_class->task_tick(rq, curr);
}

int task_nice(const struct task_struct *p)
{
	return PRIO_TO_NICE(p->static_prio);
}

void set_user_nice(struct task_struct *p, long nice)
{
	struct rq *rq = &runqueue;
	unsigned long flags;
	bool queued;

	if (nice < -20)
		nice = -20;
	if (nice > 19)
		nice = 19;
	local_irq_save(flags);
	queued = p->on_rq && p->sched_class == &fair_sched_class;
	if (queued)
		dequeue_task(rq, p, 0);
	p->static_prio = NICE_TO_PRIO(nice);
	set_load_weight(p);
	if (!rt_prio(p->prio))
		p->prio = p->normal_prio = p->static_prio;
	if (queued) {
		enqueue_task(rq, p, 0);
		if (p == rq->curr || p->se.vruntime < rq->curr->se.vruntime)
			resched_curr(rq);
	}
	local_irq_restore(flags);
}

int sched_setscheduler(struct task_struct *p, int policy, const struct sched_param *param)
{
	struct rq *rq = &runqueue;
	bool rt = policy == SCHED_FIFO || policy == SCHED_RR, queued;
	unsigned long flags;

	if (policy != SCHED_NORMAL && policy != SCHED_BATCH && !rt)
		return -EINVAL;	/* SCHED_DEADLINE only through sched_setattr, as in Linux */
	if (p->policy == SCHED_DEADLINE) {	/* leave it through sched_setattr (bandwidth, timer) */
		struct sched_attr a = { .sched_policy = policy,
					.sched_priority = param->sched_priority,
					.sched_nice = task_nice(p) };

		return sched_setattr(p, &a);
	}
	if (rt ? (param->sched_priority < 1 || param->sched_priority > (int)MAX_RT_PRIO - 1)
	       : param->sched_priority != 0)
		return -EINVAL;
	local_irq_save(flags);
	queued = p->on_rq;
	if (queued)
		dequeue_task(rq, p, 0);
	if (p == rq->curr)
		p->sched_class->put_prev_task(rq, p);
	p->policy = policy;
	p->rt_priority = rt ? param->sched_priority : 0;
	p->normal_prio = p->prio = rt ? MAX_RT_PRIO - 1 - (int)p->rt_priority : p->static_prio;
	p->sched_class = rt ? &rt_sched_class : &fair_sched_class;
	p->rt.time_slice = RR_TIMESLICE;
	if (p == rq->curr) {
		/* It keeps running, now under its new class (CFS keeps curr out of the tree). */
		p->se.exec_start = rq->clock;
		p->se.prev_sum_exec_runtime = p->se.sum_exec_runtime;
		if (!rt)
			rq->cfs.curr = &p->se;
	}
	if (queued)
		enqueue_task(rq, p, 0);
	resched_curr(rq);
	local_irq_restore(flags);
	return 0;
}

int sched_getscheduler(struct task_struct *p)
{
	return p->policy;
}

/*
 * Mark the caller to be passed over once and switch (Linux's do_sched_yield):
 * straight into __schedule with interrupts still off, as the run queue lock
 * is held in Linux until the switch.
 */
void sched_yield(void)
{
	struct rq *rq = &runqueue;

	preempt_disable();
	schedule_debug(current);
	local_irq_disable();
	__update_rq_clock(rq);
	rq->curr->sched_class->yield_task(rq);
	/* The switch that follows needs no newer clock (Linux's rq_clock_skip_update). */
	rq->clock_skip = true;
	__schedule(false);
	preempt_enable_no_resched();
}

void set_task_comm(struct task_struct *p, const char *name)
{
	strlcpy(p->comm, name, sizeof(p->comm));
}

/* ---- boot ---- */

void __init sched_init(void)
{
	struct rq *rq = &runqueue;

	init_thread_union.thread_info.task = &init_task;
	init_cfs_rq(&rq->cfs);
	init_rt_rq(&rq->rt);
	init_dl_rq(&rq->dl);
	rq->curr = rq->idle = &init_task;
	/* As in Linux, the boot task is the idle task from here on: it runs
	 * start_kernel to its end only because nothing else exists yet. */
	init_idle(&init_task);
	pr_info("sched_init: runqueue ready: CFS (rb-tree by vruntime, latency %u us, min granularity %u us), RT (%d priority lists), idle; pid 0 \"%s\" is current\n",
		sysctl_sched_latency / 1000, sysctl_sched_min_granularity / 1000, MAX_RT_PRIO,
		init_task.comm);
}
