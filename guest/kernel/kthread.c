/*
 * Kernel threads (Linux's kernel/kthread.c) and their first users: kthreadd
 * (pid 2) forks every kernel thread on request; ksoftirqd/0 runs softirqs
 * that irq_exit left behind; kworker/0:0 runs the generic work queue.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/interrupt.h>
#include <asm/irqflags.h>

struct kthread {
	bool should_stop;
	struct completion exited;
	int (*threadfn)(void *);
	void *data;
};

struct kthread_create_info {
	int (*threadfn)(void *);
	void *data;
	const char *name;
	struct task_struct *result;
	struct completion done;
	struct list_head list;
};

struct task_struct *kthreadd_task;
static LIST_HEAD(kthread_create_list);

static struct kthread *to_kthread(struct task_struct *k)
{
	return k->kthread;
}

bool kthread_should_stop(void)
{
	struct kthread *kt = to_kthread(current);

	return kt && kt->should_stop;
}

/* Runs as the new thread: report to the creator, wait to be woken, run. */
static int kthread(void *_create)
{
	struct kthread_create_info *create = _create;
	struct kthread *self = kzalloc(sizeof(*self), GFP_KERNEL);
	int ret = -EINTR;	/* stopped before it ever ran, as in Linux */

	if (self) {
		init_completion(&self->exited);
		self->threadfn = create->threadfn;
		self->data = create->data;
	}
	current->kthread = self;
	set_task_comm(current, create->name);
	create->result = self ? current : NULL;
	/* Stopped until kthread_run/wake_up_process, as Linux's kthreads start. */
	current->state = TASK_UNINTERRUPTIBLE;
	complete(&create->done);
	schedule();
	if (self && !self->should_stop)
		ret = self->threadfn(self->data);
	do_exit(ret);
}

void kthread_exit_notify(struct task_struct *tsk)
{
	struct kthread *kt = to_kthread(tsk);

	if (kt)
		complete(&kt->exited);
}

struct task_struct *kthread_create(int (*threadfn)(void *), void *data, const char *name)
{
	struct kthread_create_info create = {
		.threadfn = threadfn, .data = data, .name = name,
	};
	unsigned long flags;

	init_completion(&create.done);
	local_irq_save(flags);
	list_add_tail(&create.list, &kthread_create_list);
	local_irq_restore(flags);
	wake_up_process(kthreadd_task);
	wait_for_completion(&create.done);
	return create.result;
}

int kthread_stop(struct task_struct *k)
{
	struct kthread *kt = to_kthread(k);
	int ret;

	get_task_struct(k);
	kt->should_stop = true;
	wake_up_process(k);
	wait_for_completion(&kt->exited);
	ret = k->exit_code;
	put_task_struct(k);
	return ret;
}

/* pid 2: fork kernel threads on request, forever. */
int kthreadd(void *unused)
{
	set_task_comm(current, "kthreadd");
	for (;;) {
		unsigned long flags;

		current->state = TASK_INTERRUPTIBLE;
		if (list_empty(&kthread_create_list))
			schedule();
		current->state = TASK_RUNNING;
		local_irq_save(flags);
		while (!list_empty(&kthread_create_list)) {
			struct kthread_create_info *create =
				list_first_entry(&kthread_create_list, struct kthread_create_info, list);

			list_del_init(&create->list);
			local_irq_restore(flags);
			if (kernel_thread(kthread, create, 0) < 0) {
				create->result = NULL;
				complete(&create->done);
			}
			local_irq_save(flags);
		}
		local_irq_restore(flags);
	}
	return 0;
}

/* ---- ksoftirqd ---- */

static struct task_struct *ksoftirqd;

void wakeup_softirqd(void)
{
	if (ksoftirqd && ksoftirqd->state != TASK_RUNNING)
		wake_up_process(ksoftirqd);
}

static int run_ksoftirqd(void *unused)
{
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		if (!local_softirq_pending())
			schedule();
		current->state = TASK_RUNNING;
		do_softirq();
	}
	return 0;
}

static int __init spawn_ksoftirqd(void)
{
	ksoftirqd = kthread_run(run_ksoftirqd, NULL, "ksoftirqd/0");
	return ksoftirqd ? 0 : -ENOMEM;
}
early_initcall(spawn_ksoftirqd);

/* ---- the work queue ---- */

static LIST_HEAD(work_list);
static struct task_struct *kworker;
static DECLARE_WAIT_QUEUE_HEAD(work_done);
static bool work_running;

bool schedule_work(struct work_struct *work)
{
	unsigned long flags;
	bool queued = false;

	local_irq_save(flags);
	if (!work->pending) {
		work->pending = true;
		list_add_tail(&work->entry, &work_list);
		queued = true;
	}
	local_irq_restore(flags);
	if (queued && kworker)
		wake_up_process(kworker);
	return queued;
}

/* Wait until everything queued so far has run. */
void flush_scheduled_work(void)
{
	wait_event(work_done, list_empty(&work_list) && !work_running);
}

static int worker_thread(void *unused)
{
	for (;;) {
		unsigned long flags;

		current->state = TASK_INTERRUPTIBLE;
		if (list_empty(&work_list)) {
			wake_up_all(&work_done);
			schedule();
		}
		current->state = TASK_RUNNING;
		local_irq_save(flags);
		while (!list_empty(&work_list)) {
			struct work_struct *w = list_first_entry(&work_list, struct work_struct, entry);

			list_del_init(&w->entry);
			w->pending = false;
			work_running = true;
			local_irq_restore(flags);
			w->func(w);
			local_irq_save(flags);
			work_running = false;
		}
		local_irq_restore(flags);
	}
	return 0;
}

static int __init init_workqueues(void)
{
	kworker = kthread_run(worker_thread, NULL, "kworker/0:0");
	return kworker ? 0 : -ENOMEM;
}
early_initcall(init_workqueues);
