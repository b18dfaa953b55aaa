/*
 * Sleeping locks (Linux's include/linux/mutex.h and semaphore.h). A mutex has
 * one owner, who must be the one to unlock it; waiters sleep in FIFO order
 * and unlock hands the mutex straight to the first of them. A semaphore
 * counts.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct task_struct;

struct mutex {
	struct task_struct *owner;	/* NULL when unlocked */
	struct list_head wait_list;
	const char *name;
};

#define __MUTEX_INITIALIZER(m) { NULL, LIST_HEAD_INIT((m).wait_list), #m }
#define DEFINE_MUTEX(m) struct mutex m = __MUTEX_INITIALIZER(m)

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
int mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
static inline bool mutex_is_locked(const struct mutex *m)
{
	return m->owner != NULL;
}
extern unsigned long lockdep_reports;	/* lockdep-lite reports so far */
void lock_report(const char *what, const char *name);	/* one report, with a stack */

struct semaphore {
	unsigned int count;
	struct list_head wait_list;
};

#define __SEMAPHORE_INITIALIZER(s, n) { n, LIST_HEAD_INIT((s).wait_list) }
void sema_init(struct semaphore *s, int val);
void down(struct semaphore *s);
int down_trylock(struct semaphore *s);
void up(struct semaphore *s);

#endif
