/*
 * Mutexes, semaphores and the debug side of spinlocks (Linux's
 * kernel/locking/mutex.c, semaphore.c and spinlock_debug.c, uniprocessor).
 *
 * Lockdep-lite: Linux's lockdep proves lock orderings; here the kernel checks
 * the simple rules whose breaking hangs or corrupts a kernel, and reports each
 * the way Linux's debug code does: unlocking a mutex one does not own,
 * taking a spinlock twice, releasing one that is not held, sleeping while
 * holding a spinlock, and a task exiting with locks held.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mutex.h>
#include <linux/wait.h>

unsigned long lockdep_reports;

void lock_report(const char *what, const char *name)
{
	lockdep_reports++;
	pr_err("=====================================\n");
	pr_err("WARNING: %s\n", what);
	pr_err("-------------------------------------\n");
	pr_err("%s/%d is trying to use lock %s\n", current->comm, current->pid, name);
	dump_stack();
}

void spin_debug_acquire(spinlock_t *l)
{
	if (l->locked)
		lock_report("possible recursive locking detected (spinlock already held)", l->name);
	l->locked = 1;
	if (init_thread_union.thread_info.task)
		current->spinlocks_held++;
}

void spin_debug_release(spinlock_t *l)
{
	if (!l->locked) {
		lock_report("bad unlock balance detected (spinlock not held)", l->name);
		return;
	}
	l->locked = 0;
	if (init_thread_union.thread_info.task)
		current->spinlocks_held--;
}

/* ---- mutexes ---- */

struct mutex_waiter {
	struct list_head list;
	struct task_struct *task;
};

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	INIT_LIST_HEAD(&m->wait_list);
	m->name = "mutex";
}

int mutex_trylock(struct mutex *m)
{
	unsigned long flags;
	int got = 0;

	local_irq_save(flags);
	if (!m->owner) {
		m->owner = current;
		current->mutexes_held++;
		got = 1;
	}
	local_irq_restore(flags);
	return got;
}

void mutex_lock(struct mutex *m)
{
	struct mutex_waiter w;
	unsigned long flags;

	might_sleep();
	if (current->spinlocks_held)
		lock_report("sleeping lock taken while holding a spinlock", m->name);
	local_irq_save(flags);
	if (m->owner == current) {
		local_irq_restore(flags);
		lock_report("possible recursive locking detected (mutex already held: deadlock)",
			    m->name);
		return;
	}
	if (!m->owner) {
		m->owner = current;
		current->mutexes_held++;
		local_irq_restore(flags);
		return;
	}
	/* Queue and sleep; the unlocker hands ownership to the first waiter. */
	w.task = current;
	list_add_tail(&w.list, &m->wait_list);
	while (m->owner != current) {
		current->state = TASK_UNINTERRUPTIBLE;
		local_irq_restore(flags);
		schedule();
		local_irq_save(flags);
	}
	current->state = TASK_RUNNING;
	current->mutexes_held++;
	local_irq_restore(flags);
}

void mutex_unlock(struct mutex *m)
{
	struct mutex_waiter *w;
	unsigned long flags;

	local_irq_save(flags);
	if (m->owner != current) {
		local_irq_restore(flags);
		lock_report(m->owner ? "mutex unlocked by a task that does not own it"
				     : "bad unlock balance detected (mutex not locked)", m->name);
		return;
	}
	current->mutexes_held--;
	if (list_empty(&m->wait_list)) {
		m->owner = NULL;
	} else {
		/* Handoff: the first waiter owns it before it even runs (no barging). */
		w = list_first_entry(&m->wait_list, struct mutex_waiter, list);
		list_del(&w->list);
		m->owner = w->task;
		wake_up_process(w->task);
	}
	local_irq_restore(flags);
}

/* ---- counting semaphores ---- */

struct semaphore_waiter {
	struct list_head list;
	struct task_struct *task;
	bool up;
};

void sema_init(struct semaphore *s, int val)
{
	s->count = val;
	INIT_LIST_HEAD(&s->wait_list);
}

int down_trylock(struct semaphore *s)
{
	unsigned long flags;
	int busy = 1;

	local_irq_save(flags);
	if (s->count > 0) {
		s->count--;
		busy = 0;
	}
	local_irq_restore(flags);
	return busy;
}

void down(struct semaphore *s)
{
	struct semaphore_waiter w;
	unsigned long flags;

	might_sleep();
	local_irq_save(flags);
	if (s->count > 0) {
		s->count--;
		local_irq_restore(flags);
		return;
	}
	w.task = current;
	w.up = false;
	list_add_tail(&w.list, &s->wait_list);
	while (!w.up) {
		current->state = TASK_UNINTERRUPTIBLE;
		local_irq_restore(flags);
		schedule();
		local_irq_save(flags);
	}
	current->state = TASK_RUNNING;
	local_irq_restore(flags);
}

void up(struct semaphore *s)
{
	struct semaphore_waiter *w;
	unsigned long flags;

	local_irq_save(flags);
	if (list_empty(&s->wait_list)) {
		s->count++;
	} else {
		w = list_first_entry(&s->wait_list, struct semaphore_waiter, list);
		list_del(&w->list);
		w->up = true;
		wake_up_process(w->task);
	}
	local_irq_restore(flags);
}
