/*
 * Reader-writer semaphores (Linux's include/linux/rwsem.h, uniprocessor):
 * many readers or one writer. Waiters queue in FIFO order and the releaser
 * hands the semaphore over (no barging): a writer waits for the readers
 * before it, and readers that arrive after a waiting writer wait behind it,
 * so a stream of readers cannot starve a writer.
 */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H

#include <linux/list.h>

struct task_struct;

struct rw_semaphore {
	long count;			/* readers holding it; -1: a writer */
	struct task_struct *owner;	/* the writer, or NULL */
	struct list_head wait_list;
	const char *name;
};

#define __RWSEM_INITIALIZER(s) { 0, NULL, LIST_HEAD_INIT((s).wait_list), #s }

void init_rwsem(struct rw_semaphore *sem);
void down_read(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);	/* 1: got it */
int down_read_trylock_barging(struct rw_semaphore *sem);	/* also ahead of waiting writers */
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);	/* 1: got it */
void up_write(struct rw_semaphore *sem);

static inline bool rwsem_is_locked(const struct rw_semaphore *sem)
{
	return sem->count != 0;
}

/* Held for writing by the current task (current is not visible here). */
static inline bool rwsem_write_owner_is(const struct rw_semaphore *sem, struct task_struct *t)
{
	return sem->count < 0 && sem->owner == t;
}

#endif
