/*
 * Reader-writer semaphores (Linux's kernel/locking/rwsem.c, uniprocessor):
 * the count and the wait list change with interrupts off. A release hands
 * the semaphore to the waiters at the head of the queue: one writer, or every
 * reader up to the first writer. The lockdep-lite checks of mutex.c apply:
 * taking it with a spinlock held, a writer taking it again (a deadlock),
 * releasing it in the wrong mode; a task must not exit holding one.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>

struct rwsem_waiter {
	struct list_head list;
	struct task_struct *task;
	bool write;
	bool granted;		/* the releaser gave it to us */
};

void init_rwsem(struct rw_semaphore *sem)
{
	sem->count = 0;
	sem->owner = NULL;
	INIT_LIST_HEAD(&sem->wait_list);
	sem->name = "rw_semaphore";
}

/* Hand the semaphore to the head of the queue, if it is free enough (interrupts off). */
static void rwsem_wake(struct rw_semaphore *sem)
{
	struct rwsem_waiter *w, *n;

	list_for_each_entry_safe(w, n, &sem->wait_list, list) {
		if (w->write) {
			if (sem->count)
				break;
			sem->count = -1;
			sem->owner = w->task;
		} else {
			if (sem->count < 0)
				break;
			sem->count++;
		}
		list_del(&w->list);
		w->granted = true;
		wake_up_process(w->task);	/* irqs are off: it runs after we return */
		if (w->write)
			break;
	}
}

/* Queue and sleep until a releaser grants it (interrupts off on entry and exit). */
static void rwsem_wait(struct rw_semaphore *sem, bool write, unsigned long *flags)
{
	struct rwsem_waiter w;

	w.task = current;
	w.write = write;
	w.granted = false;
	list_add_tail(&w.list, &sem->wait_list);
	while (!w.granted) {
		current->state = TASK_UNINTERRUPTIBLE;
		local_irq_restore(*flags);
		schedule();
		local_irq_save(*flags);
	}
	current->state = TASK_RUNNING;
}

static bool rwsem_check_take(struct rw_semaphore *sem)
{
	might_sleep();
	if (current->spinlocks_held)
		lock_report("sleeping lock taken while holding a spinlock", sem->name);
	if (rwsem_write_owner_is(sem, current)) {
		lock_report("possible recursive locking detected (rw_semaphore held for writing: deadlock)",
			    sem->name);
		return false;
	}
	return true;
}

void down_read(struct rw_semaphore *sem)
{
	unsigned long flags;

	if (!rwsem_check_take(sem))
		return;
	local_irq_save(flags);
	if (sem->count >= 0 && list_empty(&sem->wait_list))
		sem->count++;
	else
		rwsem_wait(sem, false, &flags);
	current->mutexes_held++;
	local_irq_restore(flags);
}

int down_read_trylock(struct rw_semaphore *sem)
{
	unsigned long flags;
	int got = 0;

	local_irq_save(flags);
	if (sem->count >= 0 && list_empty(&sem->wait_list)) {
		sem->count++;
		current->mutexes_held++;
		got = 1;
	}
	local_irq_restore(flags);
	return got;
}

/*
 * As down_read_trylock, but ahead of writers that wait: for a reader that may
 * hold a lock one of those writers will want after this one (see
 * mmap_read_lock_vfs), where waiting behind them would deadlock.
 */
int down_read_trylock_barging(struct rw_semaphore *sem)
{
	unsigned long flags;
	int got = 0;

	local_irq_save(flags);
	if (sem->count >= 0) {
		sem->count++;
		current->mutexes_held++;
		got = 1;
	}
	local_irq_restore(flags);
	return got;
}

void up_read(struct rw_semaphore *sem)
{
	unsigned long flags;

	local_irq_save(flags);
	if (sem->count <= 0) {
		local_irq_restore(flags);
		lock_report(sem->count ? "up_read of a rw_semaphore held for writing"
				       : "bad unlock balance detected (rw_semaphore not locked)", sem->name);
		return;
	}
	current->mutexes_held--;
	if (--sem->count == 0)
		rwsem_wake(sem);
	local_irq_restore(flags);
}

void down_write(struct rw_semaphore *sem)
{
	unsigned long flags;

	if (!rwsem_check_take(sem))
		return;
	local_irq_save(flags);
	if (sem->count == 0 && list_empty(&sem->wait_list)) {
		sem->count = -1;
		sem->owner = current;
	} else {
		rwsem_wait(sem, true, &flags);
	}
	current->mutexes_held++;
	local_irq_restore(flags);
}

int down_write_trylock(struct rw_semaphore *sem)
{
	unsigned long flags;
	int got = 0;

	local_irq_save(flags);
	if (sem->count == 0 && list_empty(&sem->wait_list)) {
		sem->count = -1;
		sem->owner = current;
		current->mutexes_held++;
		got = 1;
	}
	local_irq_restore(flags);
	return got;
}

void up_write(struct rw_semaphore *sem)
{
	unsigned long flags;

	local_irq_save(flags);
	if (!rwsem_write_owner_is(sem, current)) {
		local_irq_restore(flags);
		lock_report(sem->count < 0 ? "rw_semaphore released by a task that does not own it"
					   : "up_write of a rw_semaphore not held for writing", sem->name);
		return;
	}
	current->mutexes_held--;
	sem->count = 0;
	sem->owner = NULL;
	rwsem_wake(sem);
	local_irq_restore(flags);
}
