/*
 * Sleeping and waking (Linux's kernel/sched/wait.c, completion.c and
 * kernel/time/timer.c's schedule_timeout): wait queues, completions, and
 * sleeping for a number of ticks.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/timer.h>

void init_waitqueue_head(wait_queue_head_t *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

int default_wake_function(struct wait_queue_entry *w, unsigned int mode)
{
	return wake_up_state(w->private, mode);
}

void init_wait_entry(struct wait_queue_entry *w, unsigned int flags)
{
	w->flags = flags;
	w->private = current;
	w->func = default_wake_function;
	INIT_LIST_HEAD(&w->entry);
}

/* Queue w (once) and set the task state; the caller checks its condition, then sleeps. */
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state)
{
	unsigned long flags;

	w->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&w->entry))
		list_add(&w->entry, &wq->head);
	current->state = state;
	spin_unlock_irqrestore(&wq->lock, flags);
}

void prepare_to_wait_exclusive(wait_queue_head_t *wq, struct wait_queue_entry *w, int state)
{
	unsigned long flags;

	w->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&w->entry))
		list_add_tail(&w->entry, &wq->head);
	current->state = state;
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
	unsigned long flags;

	current->state = TASK_RUNNING;
	spin_lock_irqsave(&wq->lock, flags);
	if (!list_empty(&w->entry))
		list_del_init(&w->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* Wake the non-exclusive waiters and up to nr_exclusive exclusive ones (0: all). */
void __wake_up(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive)
{
	struct wait_queue_entry *w, *next;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry_safe(w, next, &wq->head, entry) {
		if (w->func(w, mode) && (w->flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* ---- completions ---- */

void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != ~0u)
		x->done++;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	__wake_up(&x->wait, TASK_NORMAL, 1);
}

void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done = ~0u;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	__wake_up(&x->wait, TASK_NORMAL, 0);
}

/* A TASK_KILLABLE wait returns -ERESTARTSYS once a SIGKILL is pending. */
static long do_wait_for_common(struct completion *x, long timeout, long state)
{
	struct wait_queue_entry w;
	unsigned long flags;

	init_wait_entry(&w, 0);
	local_irq_save(flags);
	while (!x->done && timeout) {
		prepare_to_wait_exclusive(&x->wait, &w, state);
		if (x->done)
			break;
		if ((state & TASK_WAKEKILL) && fatal_signal_pending(current)) {
			timeout = -ERESTARTSYS;
			break;
		}
		local_irq_restore(flags);
		timeout = schedule_timeout(timeout);
		local_irq_save(flags);
	}
	finish_wait(&x->wait, &w);
	if (timeout == -ERESTARTSYS) {
		local_irq_restore(flags);
		return timeout;
	}
	if (x->done) {
		if (x->done != ~0u)
			x->done--;
		timeout = timeout ? timeout : 1;
	}
	local_irq_restore(flags);
	return timeout;
}

void wait_for_completion(struct completion *x)
{
	might_sleep();
	do_wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

/* 0 when done, -ERESTARTSYS when a SIGKILL came first. */
int wait_for_completion_killable(struct completion *x)
{
	long t;

	might_sleep();
	t = do_wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE);
	return t == -ERESTARTSYS ? -ERESTARTSYS : 0;
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	might_sleep();
	return do_wait_for_common(x, timeout, TASK_UNINTERRUPTIBLE);	/* 0: timed out; else ticks left (>= 1) */
}

/* ---- sleeping for a while ---- */

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *pt = container_of(t, struct process_timer, timer);

	wake_up_process(pt->task);
}

/*
 * Sleep until woken or until timeout ticks have passed (the caller set the
 * task state). Returns the ticks left, 0 if the time ran out.
 */
long schedule_timeout(long timeout)
{
	struct process_timer pt;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0)
		timeout = 0;
	expire = jiffies + timeout;
	pt.task = current;
	timer_setup(&pt.timer, process_timeout, 0);
	mod_timer(&pt.timer, expire);
	schedule();
	del_timer_sync(&pt.timer);
	timeout = expire - jiffies;
	return timeout < 0 ? 0 : timeout;
}

long schedule_timeout_interruptible(long timeout)
{
	current->state = TASK_INTERRUPTIBLE;
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	current->state = TASK_UNINTERRUPTIBLE;
	return schedule_timeout(timeout);
}

void msleep(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	might_sleep();
	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
