/*
 * Wait queues (Linux's include/linux/wait.h): a list of sleepers, each with a
 * wake function. wait_event(wq, cond) sleeps until cond holds; wake_up()
 * wakes every non-exclusive waiter and one exclusive one.
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq, unsigned int mode);

#define WQ_FLAG_EXCLUSIVE 0x01

struct wait_queue_entry {
	unsigned int flags;
	void *private;			/* the task */
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

/* After the types: sched.h embeds a wait_queue_head_t in task_struct. */
#include <linux/sched.h>
#include <linux/mm.h>

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { __SPIN_LOCK_UNLOCKED(name.lock), LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(wait_queue_head_t *wq);
int default_wake_function(struct wait_queue_entry *wq, unsigned int mode);
void init_wait_entry(struct wait_queue_entry *w, unsigned int flags);
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state);
void prepare_to_wait_exclusive(wait_queue_head_t *wq, struct wait_queue_entry *w, int state);
void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w);
void __wake_up(wait_queue_head_t *wq, unsigned int mode, int nr_exclusive);
#define wake_up(wq) __wake_up(wq, TASK_NORMAL, 1)
#define wake_up_all(wq) __wake_up(wq, TASK_NORMAL, 0)
#define wake_up_interruptible(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 1)
#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

#define wait_event(wq, condition) do {						\
		struct wait_queue_entry __w;					\
		might_sleep();							\
		if (condition)							\
			break;							\
		init_wait_entry(&__w, 0);					\
		for (;;) {							\
			prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE);	\
			if (condition)						\
				break;						\
			schedule();						\
		}								\
		finish_wait(&(wq), &__w);					\
	} while (0)

#endif
