/*
 * Creating tasks (Linux's kernel/fork.c, for kernel threads only: there is no
 * user space yet). A task is a task_struct from its slab cache and a two-page
 * stack from the buddy allocator, thread_info at the stack's bottom and the
 * STACK_END_MAGIC canary just above it. copy_thread() makes the new stack look
 * as if the task had called switch_to, so the first switch to it "returns"
 * into ret_from_fork, which calls fn(arg) and then do_exit().
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <asm/irqflags.h>

static struct kmem_cache *task_struct_cachep;
static pid_t last_pid;

#define PIDHASH_SIZE 64
static struct task_struct *pid_hash[PIDHASH_SIZE];

extern void ret_from_fork(void);

void __init fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct), 32,
					       SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	init_task.stack = &init_thread_union;
	pr_info("fork_init: task_struct cache (%u bytes), kernel stacks of %lu KiB\n",
		(unsigned int)sizeof(struct task_struct), (unsigned long)THREAD_SIZE / 1024);
}

static void attach_pid(struct task_struct *p)
{
	struct task_struct **head = &pid_hash[p->pid % PIDHASH_SIZE];

	p->pid_hash_next = *head;
	*head = p;
}

void detach_pid(struct task_struct *p)
{
	struct task_struct **pp = &pid_hash[p->pid % PIDHASH_SIZE];

	for (; *pp; pp = &(*pp)->pid_hash_next) {
		if (*pp == p) {
			*pp = p->pid_hash_next;
			return;
		}
	}
}

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct task_struct *p;

	if (pid == 0)
		return &init_task;
	for (p = pid_hash[pid % PIDHASH_SIZE]; p; p = p->pid_hash_next)
		if (p->pid == pid)
			return p;
	return NULL;
}

void put_task_struct(struct task_struct *p)
{
	if (--p->usage > 0)
		return;
	if (p == &init_task)
		return;
	kfree(p->kthread);
	free_pages((unsigned long)p->stack, 1);
	kmem_cache_free(task_struct_cachep, p);
}

void get_task_struct(struct task_struct *p)
{
	p->usage++;
}

/* The new task's stack: it will "return" from switch_to into ret_from_fork. */
static void copy_thread(struct task_struct *p, int (*fn)(void *), void *arg)
{
	unsigned long *sp = (unsigned long *)((char *)p->stack + THREAD_SIZE);

	*--sp = (unsigned long)arg;
	*--sp = (unsigned long)fn;
	p->thread.sp = (unsigned long)sp;
	p->thread.ip = (unsigned long)ret_from_fork;
	p->thread.sp0 = (unsigned long)p->stack + THREAD_SIZE;
}

/*
 * Linux's kernel_thread(): a new task running fn(arg), a child of the
 * caller, runnable at once. Returns its pid or a negative error.
 */
pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long clone_flags)
{
	struct task_struct *p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	struct thread_info *ti;
	unsigned long flags;

	if (!p)
		return -ENOMEM;
	p->stack = (void *)__get_free_pages(GFP_KERNEL, 1);
	if (!p->stack) {
		kmem_cache_free(task_struct_cachep, p);
		return -ENOMEM;
	}
	ti = p->stack;
	memset(ti, 0, sizeof(*ti));
	ti->task = p;
	ti->saved_preempt_count = 1;	/* schedule_tail's preempt_enable takes it to 0 */
	ti->stack_end_magic = STACK_END_MAGIC;

	p->flags = PF_KTHREAD;
	p->policy = current->policy;
	p->static_prio = current->static_prio;
	p->normal_prio = current->normal_prio;
	p->rt_priority = current->rt_priority;
	p->mm = NULL;
	p->active_mm = NULL;
	p->usage = 1;
	strlcpy(p->comm, current->comm, sizeof(p->comm));
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	copy_thread(p, fn, arg);
	sched_fork(p);
	p->start_time = sched_clock();

	local_irq_save(flags);
	p->pid = p->tgid = ++last_pid;
	p->real_parent = p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &init_task.tasks);
	attach_pid(p);
	local_irq_restore(flags);

	wake_up_new_task(p);
	return p->pid;
}

static const char *state_name(const struct task_struct *p)
{
	if (p->state == TASK_RUNNING)
		return "R";
	if (p->state & TASK_INTERRUPTIBLE)
		return "S";
	if (p->state & TASK_UNINTERRUPTIBLE)
		return "D";
	return "X";
}

/* A ps-like listing: kernel threads in brackets, as ps shows them. */
void show_tasks(void)
{
	struct task_struct *p = &init_task;

	pr_info("  PID  PPID S POLICY PRI NI COMM\n");
	do {
		static const char *const policies[] = { "OTHER", "FIFO", "RR", "BATCH", "?", "IDLE" };

		pr_info("%5d %5d %s %-6s %3d %2d [%s]\n", p->pid, p->real_parent->pid, state_name(p),
			policies[p->policy < 6 ? p->policy : 4], p->prio,
			rt_prio(p->prio) ? 0 : task_nice(p), p->comm);
		p = list_entry(p->tasks.next, struct task_struct, tasks);
	} while (p != &init_task);
}
