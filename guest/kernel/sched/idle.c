/*
 * The idle class and the idle loop (Linux's kernel/sched/idle.c and
 * idle_task.c). The idle task (pid 0, "swapper") is never on a queue: the
 * idle class hands it out when no other class has anything to run. It halts
 * until an interrupt makes something runnable.

 * With CONFIG_NO_HZ_IDLE the tick sleeps too while idle: before halting the
 * idle loop lets the PIT fire only when the next timer is due, and on waking
 * jiffies catch up with the ticks that were skipped (arch/x86/time.c).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/preempt.h>
#include <linux/nmi.h>
#include <asm/irqflags.h>
#include "sched.h"


static fastcall struct task_struct *pick_next_task_idle(struct rq *rq, struct task_struct *prev)
{
	return rq->idle;
}

static fastcall void enqueue_task_idle(struct rq *rq, struct task_struct *p, int flags)
{
	pr_err("BUG: the idle task was queued\n");
}

static fastcall void dequeue_task_idle(struct rq *rq, struct task_struct *p, int flags)
{
	pr_err("BUG: the idle task was dequeued (it went to sleep?)\n");
	dump_stack();
}

static fastcall void check_preempt_curr_idle(struct rq *rq, struct task_struct *p)
{
	resched_curr(rq);
}

static fastcall void nothing(struct rq *rq, struct task_struct *p)
{
}

static fastcall void yield_task_idle(struct rq *rq)
{
}

const struct sched_class idle_sched_class = {
	.next = NULL,
	.enqueue_task = enqueue_task_idle,
	.dequeue_task = dequeue_task_idle,
	.yield_task = yield_task_idle,
	.check_preempt_curr = check_preempt_curr_idle,
	.pick_next_task = pick_next_task_idle,
	.put_prev_task = nothing,
	.task_tick = nothing,
};

void init_idle(struct task_struct *idle)
{
	idle->state = TASK_RUNNING;
	idle->flags |= PF_IDLE | PF_KTHREAD;
	idle->sched_class = &idle_sched_class;
	/* Linux's init_idle_preempt_count: the idle task's count starts at 0
	 * (start_kernel's preempt_disable then holds it at 1 until rest_init). */
	if (idle == current)
		__preempt_count = PREEMPT_ENABLED;
	idle->se.exec_start = sched_clock();
	set_task_comm(idle, "swapper/0");
}

/*
 * cpu_idle_loop: halt while there is nothing to do; run the scheduler when
 * there is. Interrupts are enabled by the STI of safe_halt atomically with
 * HLT, so a wakeup between the check and the halt is not lost.
 */
static void __noreturn cpu_idle_loop(void)
{
	for (;;) {
		while (!need_resched()) {
			local_irq_disable();
			if (need_resched()) {
				local_irq_enable();
				break;
			}
			tick_nohz_idle_enter();
			safe_halt();
			local_irq_disable();
			tick_nohz_idle_exit();
			touch_softlockup_watchdog();	/* a tickless sleep is no lockup */
			local_irq_enable();
		}
		schedule_preempt_disabled();
	}
}

void __noreturn cpu_startup_entry(void)
{
	cpu_idle_loop();
}
