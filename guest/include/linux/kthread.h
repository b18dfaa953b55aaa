/*
 * Kernel threads (Linux's include/linux/kthread.h). kthread_create() asks
 * kthreadd (pid 2) to fork the thread, so every kernel thread is kthreadd's
 * child; it starts stopped and kthread_run() also wakes it. kthread_stop()
 * asks it to end (kthread_should_stop()) and waits until it has.
 */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H

#include <linux/sched.h>

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data, const char *name);
#define kthread_run(fn, data, name) ({						\
		struct task_struct *__k = kthread_create(fn, data, name);	\
		if (__k)							\
			wake_up_process(__k);					\
		__k;								\
	})
int kthread_stop(struct task_struct *k);
bool kthread_should_stop(void);
int kthreadd(void *unused);
void kthread_exit_notify(struct task_struct *tsk);
extern struct task_struct *kthreadd_task;

/* The generic work queue: one kworker thread runs queued functions in order. */
struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct {
	struct list_head entry;
	work_func_t func;
	bool pending;
};
#define INIT_WORK(w, f) do { INIT_LIST_HEAD(&(w)->entry); (w)->func = (f); (w)->pending = false; } while (0)
bool schedule_work(struct work_struct *work);
void flush_scheduled_work(void);

void wakeup_softirqd(void);

#endif
