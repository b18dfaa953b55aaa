/*
 * Creating tasks (Linux's kernel/fork.c). A task is a task_struct from its
 * slab cache and a two-page stack from the buddy allocator, thread_info at
 * the stack's bottom and the STACK_END_MAGIC canary just above it; the user
 * registers (struct pt_regs) sit at the stack's top, where the CPU pushes them
 * on entry from ring 3. copy_thread() makes the new stack look as if the task
 * had called switch_to, so the first switch to it "returns" into
 * ret_from_fork: a kernel thread then calls fn(arg) and do_exit(), a forked
 * process goes straight back to user mode with its copy of the parent's
 * registers (EAX = 0). Address spaces (mm_struct) are copied here too: the
 * VMAs, and the pages shared copy-on-write (mm/memory.c).
 */
#include <linux/ptrace.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/completion.h>
#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

static struct kmem_cache *task_struct_cachep, *mm_cachep;
pid_t last_pid;		/* the last pid handed out (/proc/loadavg) */
unsigned long total_forks;	/* since boot, as /proc/stat's "processes" */
int nr_threads;			/* tasks that exist, kernel threads included */
int max_threads;		/* Linux's threads-max: kernel stacks may use 1/8 of memory */
#define PID_MAX		32768
int pid_max = PID_MAX;	/* kernel.pid_max: pids wrap to 300 here */

#define PIDHASH_SIZE 64
static struct task_struct *pid_hash[PIDHASH_SIZE];

extern void ret_from_fork(void);

void __init fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct), 32,
					       SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	init_task.stack = &init_thread_union;
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 32,
				      SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	mmap_init();
	init_waitqueue_head(&init_task.wait_chldexit);
	max_threads = totalram_pages / (8 * THREAD_SIZE / PAGE_SIZE);
	if (max_threads < 20)
		max_threads = 20;
	rlimit_init(&init_task);
	pr_info("fork_init: task_struct cache (%u bytes), kernel stacks of %lu KiB, max_threads %d\n",
		(unsigned int)sizeof(struct task_struct), (unsigned long)THREAD_SIZE / 1024,
		max_threads);
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
	if (pid < 0)		/* from user space: a negative pid would index before the table */
		return NULL;
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

/* ---- address spaces ---- */

void mmgrab(struct mm_struct *mm)
{
	mm->mm_count++;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->task_size = TASK_SIZE;
	mmap_init_lock(mm);
	if (!pgd_alloc(mm)) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	return mm;
}

/* The last reference to the structure: free the page directory and the mm itself. */
void mmdrop(struct mm_struct *mm)
{
	if (--mm->mm_count > 0 || mm == &init_mm)
		return;
	pgd_free(mm);
	kmem_cache_free(mm_cachep, mm);
}

/* The last user of the address space: unmap everything (the structure may live on). */
/* /proc/PID/exe: the mm holds the program's path (its dentry and mount stay in use). */
void set_mm_exe_path(struct mm_struct *mm, const struct path *p)
{
	struct path *old = mm->exe_path, *n = NULL;

	if (p && p->dentry) {
		n = kmalloc(sizeof(*n), GFP_KERNEL);
		if (n) {
			*n = *p;
			path_get(n);
		}
	}
	mm->exe_path = n;
	if (old) {
		path_put(old);
		kfree(old);
	}
}

void mmput(struct mm_struct *mm)
{
	if (--mm->mm_users > 0)
		return;
	set_mm_exe_path(mm, NULL);
	exit_mmap(mm);
	mmdrop(mm);
}

static struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	void *pgd;

	if (!mm)
		return NULL;
	pgd = mm->pgd;
	mmap_write_lock(oldmm);
	*mm = *oldmm;
	mmap_init_lock(mm);
	mm->pgd = pgd;
	mm->exe_path = NULL;
	set_mm_exe_path(mm, oldmm->exe_path);
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->map_count = 0;
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->rss = 0;
	mm->nr_ptes = 0;
	memset(mm->rss_stat, 0, sizeof(mm->rss_stat));
	mm->swapents = 0;	/* dup_mmap counts the swap entries it copies */
	if (dup_mmap(mm, oldmm)) {
		mmap_write_unlock(oldmm);
		mmput(mm);
		return NULL;
	}
	mmap_write_unlock(oldmm);
	mm->hiwater_rss = mm->rss;
	return mm;
}

/* ---- tasks ---- */

/*
 * The new task's stack: it will "return" from switch_to into ret_from_fork
 * with fn and arg above it (fn NULL: a user process, back to user mode with
 * the registers at the top of the stack).
 */
static void copy_thread(struct task_struct *p, int (*fn)(void *), void *arg,
			unsigned long usp, unsigned long tls)
{
	struct pt_regs *regs = task_pt_regs(p);
	unsigned long *sp = (unsigned long *)regs;

	if (fn) {
		memset(regs, 0, sizeof(*regs));
	} else {
		*regs = *current_pt_regs();
		regs->ax = 0;		/* fork returns 0 in the child */
		if (usp)
			regs->sp = usp;
	}
	*--sp = (unsigned long)arg;
	*--sp = (unsigned long)fn;
	p->thread.sp = (unsigned long)sp;
	p->thread.ip = (unsigned long)ret_from_fork;
	p->thread.sp0 = (unsigned long)p->stack + THREAD_SIZE;
	memcpy(p->tls_array, current->tls_array, sizeof(p->tls_array));
	(void)tls;
}

struct user_desc;
int do_set_thread_area(struct task_struct *p, int idx, struct user_desc __user *u_info,
		       int can_allocate);

static pid_t alloc_pid(void)
{
	int tries;

	for (tries = 0; tries < PID_MAX; tries++) {
		if (++last_pid >= pid_max)
			last_pid = 300;		/* Linux's RESERVED_PIDS */
		if (!find_task_by_pid(last_pid))
			return last_pid;
	}
	return -EAGAIN;
}

/*
 * Linux's copy_process + wake_up_new_task: a new task that is a copy of the
 * current one (its address space shared with CLONE_VM, otherwise copied),
 * running fn(arg) if fn is given (a kernel thread), else returning to user
 * mode. Returns the new task or an ERR_PTR.
 */
static struct task_struct *copy_process(unsigned long clone_flags, int (*fn)(void *), void *arg,
					unsigned long usp, unsigned long tls)
{
	struct task_struct *p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	struct thread_info *ti;
	unsigned long flags;
	pid_t pid;
	int err;

	if (!p)
		return ERR_PTR(-ENOMEM);
	/*
	 * A fork bomb stops here: at RLIMIT_NPROC (which Linux does not apply to
	 * root; lucix has only root, so it applies it to everyone) or threads-max.
	 */
	if (!fn && (nr_threads >= max_threads ||
		    (u64)nr_threads >= current->rlim[RLIMIT_NPROC].rlim_cur)) {
		kmem_cache_free(task_struct_cachep, p);
		return ERR_PTR(-EAGAIN);
	}
	p->stack = (void *)__get_free_pages(GFP_KERNEL, 1);
	if (!p->stack) {
		kmem_cache_free(task_struct_cachep, p);
		return ERR_PTR(-ENOMEM);
	}
	ti = p->stack;
	memset(ti, 0, sizeof(*ti));
	ti->task = p;
	ti->saved_preempt_count = 1;	/* schedule_tail's preempt_enable takes it to 0 */
	ti->stack_end_magic = STACK_END_MAGIC;

	p->flags = fn ? PF_KTHREAD : 0;
	p->policy = current->policy;
	p->static_prio = current->static_prio;
	p->normal_prio = current->normal_prio;
	p->rt_priority = current->rt_priority;
	p->usage = 1;
	/*
	 * A sibling made with CLONE_PARENT tells the shared parent what the
	 * caller's own exit would (Linux's copy_process), not the signal it
	 * chose: otherwise any child could send init any signal.
	 */
	if (clone_flags & CLONE_THREAD)
		p->exit_signal = -1;
	else if (clone_flags & CLONE_PARENT) {
		struct task_struct *leader = find_task_by_pid(current->tgid);

		p->exit_signal = leader ? leader->exit_signal : 17 /* SIGCHLD */;
	} else
		p->exit_signal = (int)(clone_flags & CSIGNAL);
	p->blocked = current->blocked;
	if (!(clone_flags & CLONE_VM)) {	/* a new thread starts without the alternate stack */
		p->sas_ss_sp = current->sas_ss_sp;
		p->sas_ss_size = current->sas_ss_size;
	}
	memcpy(p->action, current->action, sizeof(p->action));
	memcpy(p->rlim, current->rlim, sizeof(p->rlim));
	p->pgid = current->pgid;
	p->sid = current->sid;
	p->oom_score_adj = current->oom_score_adj;
	p->oom_victim = false;
	init_waitqueue_head(&p->wait_chldexit);
	strlcpy(p->comm, current->comm, sizeof(p->comm));
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	copy_thread(p, fn, arg, usp, tls);
	if (!fn && current->mm) {		/* the child starts with the parent's FPU registers */
		fpu_save(current);		/* its registers into current->fpu_state */
		memcpy(p->fpu_state, current->fpu_state, sizeof(p->fpu_state));
		p->fpu_valid = current->fpu_valid;
		p->fpu_live = false;
	}
	if (!fn && current->mm) {
		if (clone_flags & CLONE_VM) {
			current->mm->mm_users++;
			p->mm = current->mm;
		} else {
			p->mm = dup_mm(current->mm);
			if (!p->mm) {
				err = -ENOMEM;
				goto fail;
			}
		}
		p->active_mm = p->mm;
		mmgrab(p->mm);		/* active_mm's reference, dropped after its last switch */
	}
	if (!fn) {
		err = copy_files(clone_flags, p);
		if (!err)
			err = copy_fs(clone_flags, p);
		if (err)
			goto fail_files;
	}
	if ((clone_flags & CLONE_SETTLS) && !fn) {
		err = do_set_thread_area(p, -1, (struct user_desc __user *)tls, 0);
		if (err)
			goto fail_files;
	}
	p->set_child_tid = (clone_flags & CLONE_CHILD_SETTID) ? (int __user *)current_pt_regs()->di : NULL;
	p->clear_child_tid = (clone_flags & CLONE_CHILD_CLEARTID) ? (int __user *)current_pt_regs()->di : NULL;
	sched_fork(p);
	p->start_time = sched_clock();

	local_irq_save(flags);
	/* As Linux's copy_process: a signal that arrived while the child was
	 * being copied (kill(-1), kill(-pgrp), SIGKILL) must not miss the child.
	 * Give up; the call restarts once the signal is handled, if it is not
	 * fatal. */
	if (signal_pending(current)) {
		local_irq_restore(flags);
		err = -ERESTARTNOINTR;
		goto fail_files;
	}
	pid = alloc_pid();
	if (pid < 0) {
		local_irq_restore(flags);
		err = pid;
		goto fail_files;
	}
	p->pid = pid;
	p->tgid = (clone_flags & CLONE_THREAD) ? current->tgid : pid;
	if (clone_flags & (CLONE_PARENT | CLONE_THREAD))
		p->real_parent = current->real_parent;
	else
		p->real_parent = current;
	p->parent = p->real_parent;
	if (!(clone_flags & CLONE_THREAD))	/* threads are not their parent's children */
		list_add_tail(&p->sibling, &p->real_parent->children);
	list_add_tail(&p->tasks, &init_task.tasks);
	attach_pid(p);
	total_forks++;
	nr_threads++;
	local_irq_restore(flags);
	return p;

fail_files:
	exit_files(p);
	exit_fs(p);
	if (p->mm) {
		mmdrop(p->mm);
		mmput(p->mm);
	}
fail:
	free_pages((unsigned long)p->stack, 1);
	kmem_cache_free(task_struct_cachep, p);
	return ERR_PTR(err);
}

/*
 * Linux's kernel_thread(): a new task running fn(arg), a child of the
 * caller, runnable at once. Returns its pid or a negative error.
 */
pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long clone_flags)
{
	struct task_struct *p = copy_process(clone_flags, fn, arg, 0, 0);

	if (IS_ERR(p))
		return PTR_ERR(p);
	p->mm = NULL;
	p->active_mm = NULL;
	wake_up_new_task(p);
	return p->pid;
}

/*
 * vfork: the parent sleeps until the child execs or exits (mm_release_vfork),
 * or until it is sent SIGKILL (TASK_KILLABLE, as Linux): then the child no
 * longer points at the completion on the parent's stack. The child keeps the
 * memory it shares (its own reference to the mm).
 */
static int wait_for_vfork_done(struct task_struct *child, struct completion *vfork)
{
	unsigned long flags;
	int killed = wait_for_completion_killable(vfork);

	if (killed) {
		local_irq_save(flags);
		child->vfork_done = NULL;
		local_irq_restore(flags);
	}
	put_task_struct(child);
	return killed;
}

/* fork, vfork and clone of a user process. */
long do_fork(unsigned long clone_flags, unsigned long stack_start, int __user *parent_tidptr,
	     int __user *child_tidptr, unsigned long tls)
{
	struct task_struct *p;
	struct completion vfork;
	pid_t pid;

	if ((clone_flags & (CLONE_THREAD | CLONE_SIGHAND)) && !(clone_flags & CLONE_VM))
		return -EINVAL;
	if ((clone_flags & CLONE_THREAD) && !(clone_flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((clone_flags & CSIGNAL) >= _NSIG + 1)
		return -EINVAL;
	/* init's sibling would have no parent to reap it (Linux refuses it too). */
	if ((clone_flags & CLONE_PARENT) && current->tgid == 1)
		return -EINVAL;
	p = copy_process(clone_flags, NULL, NULL, stack_start, tls);
	if (IS_ERR(p))
		return PTR_ERR(p);
	pid = p->pid;
	if (clone_flags & CLONE_PARENT_SETTID)
		put_user(pid, parent_tidptr);
	if ((clone_flags & CLONE_CHILD_SETTID) && (clone_flags & CLONE_VM))
		put_user(pid, child_tidptr);
	if (clone_flags & CLONE_VFORK) {
		init_completion(&vfork);
		p->vfork_done = &vfork;
		get_task_struct(p);	/* wait_for_vfork_done clears its vfork_done */
	}
	if (current->ptrace)
		ptrace_fork(p, clone_flags);
	wake_up_new_task(p);
	if (clone_flags & CLONE_VFORK)
		wait_for_vfork_done(p, &vfork);
	return pid;
}

/*
 * The child of a vfork gives its parent's memory back: at execve and at exit.
 * Interrupts stay off from reading vfork_done to the completion, so a killed
 * parent (wait_for_vfork_done) cannot return and free the completion in
 * between (Linux takes the task lock).
 */
void mm_release_vfork(struct task_struct *t)
{
	struct completion *done;
	unsigned long flags;

	local_irq_save(flags);
	done = t->vfork_done;
	if (done) {
		t->vfork_done = NULL;
		complete(done);
	}
	local_irq_restore(flags);
}

long sys_fork(void)
{
	return do_fork(17 /* SIGCHLD */, 0, NULL, NULL, 0);
}

/*
 * vfork: the child runs in the parent's address space, on the parent's stack,
 * while the parent sleeps until the child execs or exits.
 */
long sys_vfork(void)
{
	return do_fork(CLONE_VFORK | CLONE_VM | 17 /* SIGCHLD */, 0, NULL, NULL, 0);
}

/* i386 argument order: flags, stack, parent_tid, tls, child_tid. */
long sys_clone(unsigned long clone_flags, unsigned long newsp, unsigned long parent_tidptr,
	       unsigned long tls, unsigned long child_tidptr)
{
	/* A shared-memory child without its own stack is safe only if the parent sleeps. */
	if ((clone_flags & CLONE_VM) && !(clone_flags & (CLONE_THREAD | CLONE_VFORK)) && !newsp)
		return -EINVAL;
	return do_fork(clone_flags, newsp, (int __user *)parent_tidptr,
		       (int __user *)child_tidptr, tls);
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
		static const char *const policies[] = { "OTHER", "FIFO", "RR", "BATCH", "?", "IDLE", "DEADLINE" };

		pr_info("%5d %5d %s %-6s %3d %2d [%s]\n", p->pid, p->real_parent->pid, state_name(p),
			policies[p->policy < 7 ? p->policy : 4], p->prio,
			rt_prio(p->prio) ? 0 : task_nice(p), p->comm);
		p = list_entry(p->tasks.next, struct task_struct, tasks);
	} while (p != &init_task);
}
