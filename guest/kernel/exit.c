/*
 * A task's end (Linux's kernel/exit.c, kernel threads only). do_exit()
 * checks the lockdep-lite rule that nothing is still locked, unlinks the task,
 * hands its children to init, marks it TASK_DEAD and schedules away for the
 * last time; the next task frees its stack (finish_task_switch).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mutex.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <asm/irqflags.h>

void __noreturn do_exit(long code)
{
	struct task_struct *tsk = current, *child, *next;

	if (tsk->pid == 0 || tsk->pid == 1)
		panic("Attempted to kill %s! exitcode=0x%08lx", tsk->pid ? "init" : "the idle task",
		      code);
	if (tsk->mutexes_held || tsk->spinlocks_held) {
		lockdep_reports++;
		pr_err("=====================================\n");
		pr_err("WARNING: lock held when returning to user space or exiting!\n");
		pr_err("%s/%d is leaving the kernel with %d mutexes and %d spinlocks held\n",
		       tsk->comm, tsk->pid, tsk->mutexes_held, tsk->spinlocks_held);
		dump_stack();
	}
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	kthread_exit_notify(tsk);
	local_irq_disable();
	/* Orphans go to init (pid 1), as in Linux. */
	list_for_each_entry_safe(child, next, &tsk->children, sibling) {
		struct task_struct *init = find_task_by_pid(1);

		child->real_parent = child->parent = init;
		list_move_tail(&child->sibling, &init->children);
	}
	list_del(&tsk->sibling);
	list_del(&tsk->tasks);
	detach_pid(tsk);
	tsk->state = TASK_DEAD;
	/* The spinlock counter of a dying task means nothing any more. */
	tsk->spinlocks_held = 0;
	preempt_count_sub(preempt_count() & PREEMPT_MASK);
	schedule();
	BUG();	/* a dead task is never picked again */
	for (;;)
		;
}
