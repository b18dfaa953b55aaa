/*
 * Threaded interrupt handlers (Linux's request_threaded_irq, in
 * kernel/irq/manage.c there): the hard handler runs with interrupts off and
 * returns IRQ_WAKE_THREAD to have thread_fn run in a kernel thread of its
 * own, irq/IRQ-NAME, at SCHED_FIFO 50 (MAX_USER_RT_PRIO / 2), where it may
 * sleep. With IRQF_ONESHOT the line stays masked from the interrupt until
 * thread_fn has returned (a level-triggered device would otherwise interrupt
 * again at once): do_IRQ does not unmask while desc->threads_oneshot counts
 * a woken thread, and the thread unmasks the line when the count drops to 0.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <asm/irqflags.h>
#include "internals.h"

/* The hard handler of a request_threaded_irq(irq, NULL, fn, IRQF_ONESHOT, ...). */
irqreturn_t irq_default_primary_handler(int irq, void *dev_id)
{
	return IRQ_WAKE_THREAD;
}

/* From the hard handler's return (interrupts off): run the thread once more. */
void irq_wake_thread(struct irq_desc *desc, struct irqaction *action)
{
	if (!action->thread || (action->thread_flags & IRQTF_RUNTHREAD))
		return;		/* no thread, or already woken for an earlier one */
	action->thread_flags |= IRQTF_RUNTHREAD;
	if (action->flags & IRQF_ONESHOT)
		desc->threads_oneshot++;
	wake_up_process(action->thread);
}

/* thread_fn is done: the last oneshot thread of the line unmasks it (unless disabled). */
static void irq_finalize_oneshot(struct irq_desc *desc, struct irqaction *action)
{
	unsigned long flags;

	if (!(action->flags & IRQF_ONESHOT))
		return;
	local_irq_save(flags);
	if (desc->threads_oneshot && --desc->threads_oneshot == 0 && !desc->depth &&
	    desc->action)
		unmask_8259A_irq(action->irq);
	local_irq_restore(flags);
}

static int irq_thread(void *data)
{
	struct irqaction *action = data;
	struct irq_desc *desc = irq_to_desc(action->irq);

	for (;;) {
		bool run;

		local_irq_disable();
		current->state = TASK_INTERRUPTIBLE;
		run = action->thread_flags & IRQTF_RUNTHREAD;
		action->thread_flags &= ~IRQTF_RUNTHREAD;
		if (run)
			current->state = TASK_RUNNING;
		local_irq_enable();
		if (!run) {
			if (kthread_should_stop()) {
				current->state = TASK_RUNNING;
				break;
			}
			schedule();
			continue;
		}
		action->thread_fn(action->irq, action->dev_id);
		action->threads_handled++;
		irq_finalize_oneshot(desc, action);
	}
	return 0;
}

/* The thread for a new threaded action: irq/N-name, SCHED_FIFO 50, asleep until woken. */
int irq_setup_thread(struct irqaction *action)
{
	struct sched_param sp = { .sched_priority = MAX_USER_RT_PRIO / 2 };
	char name[TASK_COMM_LEN];
	struct task_struct *t;

	snprintf(name, sizeof(name), "irq/%u-%s", action->irq, action->name);
	t = kthread_create(irq_thread, action, name);
	if (!t)
		return -ENOMEM;
	sched_setscheduler(t, SCHED_FIFO, &sp);
	action->thread = t;
	wake_up_process(t);	/* it sleeps in irq_thread until an interrupt wakes it */
	return 0;
}

/* free_irq: the action is off the line; stop its thread, and release a line it held masked. */
void irq_stop_thread(struct irq_desc *desc, struct irqaction *action)
{
	unsigned long flags;

	kthread_stop(action->thread);
	action->thread = NULL;
	local_irq_save(flags);
	if (action->thread_flags & IRQTF_RUNTHREAD) {	/* woken but never ran */
		action->thread_flags = 0;
		irq_finalize_oneshot(desc, action);
	}
	local_irq_restore(flags);
}
