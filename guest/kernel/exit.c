/*
 * A task's end (Linux's kernel/exit.c). do_exit() checks the lockdep-lite rule
 * that nothing is still locked, releases the address space, hands the
 * children to init, and schedules away for the last time. A kernel thread is
 * unlinked at once (its stack is freed by the next task, finish_task_switch);
 * a process stays as a zombie, its exit status kept for the parent's wait4,
 * which releases it (release_task). A parent that ignores SIGCHLD gets its
 * children reaped at once, as in Linux.
 */
#include <linux/ptrace.h>
#include <linux/kernel.h>
#include <linux/proc_fs.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/uaccess.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>

#define SIGKILL		9
#define SIGCHLD		17
#define SIG_IGN		1
#define SA_NOCLDWAIT	0x00000002

int futex_wake(u32 __user *uaddr, int nr, u32 bitset);

/* The task leaves its address space; the structure lives on as active_mm until the switch. */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	mm_release_vfork(tsk);
	if (!mm)
		return;
	if (tsk->clear_child_tid) {
		/* CLONE_CHILD_CLEARTID: pthread_join waits on this word going to 0. */
		if (!put_user(0, tsk->clear_child_tid) && mm->mm_users > 1)
			futex_wake((u32 __user *)tsk->clear_child_tid, 1, 0xffffffff);
		tsk->clear_child_tid = NULL;
	}
	tsk->mm = NULL;
	mmput(mm);
}

/* A zombie's last reference: unlink it everywhere and free it. */
void release_task(struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	list_del(&p->sibling);
	list_del(&p->tasks);
	detach_pid(p);
	nr_threads--;
	p->exit_state = EXIT_DEAD;
	local_irq_restore(flags);
	proc_flush_task(p->pid);	/* names looked up while it was a zombie */
	put_task_struct(p);
}

/* Children go to init (Linux's forget_original_parent); zombies among them wake it. */
static void forget_original_parent(struct task_struct *tsk)
{
	struct task_struct *child, *next, *init = find_task_by_pid(1);
	bool zombies = false;

	list_for_each_entry_safe(child, next, &tsk->children, sibling) {
		child->real_parent = child->parent = init;
		list_move_tail(&child->sibling, &init->children);
		if (child->exit_state == EXIT_ZOMBIE)
			zombies = true;
	}
	if (zombies)
		wake_up_all(&init->wait_chldexit);
}

/* Is any other task of p's thread group (alive or on its way out) still linked? */
static bool group_has_others(struct task_struct *p)
{
	struct task_struct *t;
	unsigned long flags;
	bool others = false;

	local_irq_save(flags);
	for_each_process(t) {
		if (t != p && t->tgid == p->tgid) {
			others = true;
			break;
		}
	}
	local_irq_restore(flags);
	return others;
}

/*
 * A leader that exited before its threads is not reported to its parent
 * until they are gone (Linux's delay_group_leader): wait() must not say a
 * process has ended while threads of it still run. Without this, after
 * kill(-1, SIGKILL) and a wait until ECHILD, a thread whose SIGKILL was
 * still pending could outlive its reaped leader for a moment.
 */
static bool delay_group_leader(struct task_struct *p)
{
	return p->pid == p->tgid && group_has_others(p);
}

/* The last thread of a group whose leader is a zombie: its parent hears of it now. */
static void notify_delayed_leader(struct task_struct *tsk)
{
	struct task_struct *leader = find_task_by_pid(tsk->tgid);

	if (!leader || leader == tsk || leader->exit_state != EXIT_ZOMBIE || group_has_others(leader))
		return;
	if (leader->exit_signal > 0)
		send_sig(leader->exit_signal, leader->real_parent, 1);
	wake_up_all(&leader->real_parent->wait_chldexit);
}

/* Tell the parent (Linux's do_notify_parent). Returns true if the task reaps itself. */
static bool exit_notify(struct task_struct *tsk)
{
	struct task_struct *parent = tsk->real_parent;
	bool autoreap = tsk->exit_signal == -1 ||
			parent->action[SIGCHLD - 1].handler == SIG_IGN ||
			(parent->action[SIGCHLD - 1].flags & SA_NOCLDWAIT);

	forget_original_parent(tsk);
	if (tsk->exit_signal > 0 && (autoreap || !delay_group_leader(tsk)))
		send_sig(tsk->exit_signal, parent, 1);
	tsk->exit_state = autoreap ? EXIT_DEAD : EXIT_ZOMBIE;
	wake_up_all(&parent->wait_chldexit);
	return autoreap;
}

void tty_exit_session(struct task_struct *tsk);

void __noreturn do_exit(long code)
{
	struct task_struct *tsk = current, *child, *next;

	if (tsk->pid == 0 || tsk->pid == 1)
		panic("Attempted to kill %s! exitcode=0x%08lx", tsk->pid ? "init" : "the idle task",
		      code);
	if (tsk->mutexes_held || tsk->spinlocks_held) {
		lockdep_reports++;
		pr_err("=====================================\n");
		pr_err("WARNING: lock held when returning to user space or exiting!\n");
		pr_err("%s/%d is leaving the kernel with %d mutexes and %d spinlocks held\n",
		       tsk->comm, tsk->pid, tsk->mutexes_held, tsk->spinlocks_held);
		dump_stack();
	}
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	if (!(tsk->flags & PF_KTHREAD)) {
		exit_mm(tsk);
		exit_files(tsk);
		exit_fs(tsk);
		tty_exit_session(tsk);	/* a session leader's terminal is let go (SIGHUP) */
		proc_flush_task(tsk->pid);
		local_irq_disable();
		if (exit_notify(tsk)) {
			list_del(&tsk->sibling);
			list_del(&tsk->tasks);
			detach_pid(tsk);
			nr_threads--;
			if (tsk->pid != tsk->tgid)
				notify_delayed_leader(tsk);
		} else {
			get_task_struct(tsk);	/* the zombie's reference, dropped by release_task */
		}
		exit_ptrace(tsk);
		goto dead;
	}
	kthread_exit_notify(tsk);
	local_irq_disable();
	/* Orphans go to init (pid 1), as in Linux. */
	list_for_each_entry_safe(child, next, &tsk->children, sibling) {
		struct task_struct *init = find_task_by_pid(1);

		child->real_parent = child->parent = init;
		list_move_tail(&child->sibling, &init->children);
	}
	list_del(&tsk->sibling);
	list_del(&tsk->tasks);
	detach_pid(tsk);
	nr_threads--;
dead:
	tsk->state = TASK_DEAD;
	/* The spinlock counter of a dying task means nothing any more. */
	tsk->spinlocks_held = 0;
	preempt_count_sub(preempt_count() & PREEMPT_MASK);
	schedule();
	BUG();	/* a dead task is never picked again */
	for (;;)
		;
}

/*
 * Every thread of the group goes (the others by SIGKILL), then this one.
 * The walk runs with preemption off (Linux holds the tasklist lock): a thread
 * woken by its SIGKILL could otherwise run, exit and be freed under the
 * walk's cursor.
 */
void __noreturn do_group_exit(int exit_code)
{
	struct task_struct *p;

	preempt_disable();
	for_each_process(p)
		if (p != current && p->tgid == current->tgid && !p->exit_state)
			send_sig(SIGKILL, p, 1);
	preempt_enable();
	do_exit(exit_code);
}

/* A kernel thread's function returned (ret_from_fork): it becomes a process only after an exec. */
void kernel_thread_return(int ret)
{
	if (ret || !current->mm)
		do_exit(ret);
}

long sys_exit(int error_code)
{
	do_exit((error_code & 0xff) << 8);
}

long sys_exit_group(int error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WCONTINUED	0x00000008
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

struct rusage32 {
	long ru_utime[2], ru_stime[2];
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	long ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

void fill_rusage(struct task_struct *p, struct rusage32 *r)
{
	u64 ut = p->se.sum_exec_runtime / 1000, st = 0;	/* no user/system split yet */

	memset(r, 0, sizeof(*r));
	r->ru_utime[0] = ut / 1000000;
	r->ru_utime[1] = ut % 1000000;
	r->ru_stime[0] = st / 1000000;
	r->ru_stime[1] = st % 1000000;
	r->ru_minflt = p->min_flt;
	r->ru_majflt = p->maj_flt;
	r->ru_nvcsw = p->nvcsw;
	r->ru_nivcsw = p->nivcsw;
}

#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WNOWAIT		0x01000000

/* Which children a wait looks at: P_ALL, P_PID id or P_PGID id (0: the caller's group). */
static bool wait_matches(struct task_struct *p, int type, pid_t id)
{
	if (type == P_PID)
		return p->pid == id;
	if (type == P_PGID)
		return p->pgid == (id ? id : current->pgid);
	return true;
}

/*
 * Linux's do_wait: find a zombie child matching (type, id), or sleep until one
 * exits. Returns the child's pid (reaped unless WNOWAIT), its status and
 * usage, 0 with WNOHANG if none has exited yet, -ECHILD without a matching
 * child, -ERESTARTSYS if a signal arrives while sleeping. With WSTOPPED (WUNTRACED) and
 * WCONTINUED it also reports a child's job-control stop or continue, once; a traced
 * task's stops are ptrace_wait's to report (children or not).
 */
static long do_wait(int type, pid_t id, int options, int *status, struct rusage32 *ru)
{
	struct task_struct *p;
	long ret;
	struct wait_queue_entry w;

	init_wait_entry(&w, 0);
	for (;;) {
		bool found = false;

		prepare_to_wait(&current->wait_chldexit, &w, TASK_INTERRUPTIBLE);
		ret = ptrace_wait(type, id, options, status, &found);	/* stopped tracees */
		if (ret > 0) {
			finish_wait(&current->wait_chldexit, &w);
			if (ru)
				memset(ru, 0, sizeof(*ru));
			return ret;
		}
		list_for_each_entry(p, &current->children, sibling) {
			if (!wait_matches(p, type, id) || (p->flags & PF_KTHREAD))
				continue;
			found = true;
			/* Job control: a stop (status sig<<8|0x7f), a continue (0xffff), once each. */
			if (!p->exit_state && (((options & WSTOPPED) && (p->jobctl & JOBCTL_STOP_REPORT)) ||
					       ((options & WCONTINUED) && (p->jobctl & JOBCTL_CONT_REPORT)))) {
				bool stop = (options & WSTOPPED) && (p->jobctl & JOBCTL_STOP_REPORT);

				finish_wait(&current->wait_chldexit, &w);
				*status = stop ? (p->stop_signal << 8) | 0x7f : 0xffff;
				if (!(options & WNOWAIT))
					p->jobctl &= ~(stop ? JOBCTL_STOP_REPORT : JOBCTL_CONT_REPORT);
				if (ru)
					fill_rusage(p, ru);
				return p->pid;
			}
			if (p->exit_state != EXIT_ZOMBIE || !(options & WEXITED))
				continue;
			if (ptrace_holds_zombie(p))
				continue;	/* its tracer sees the exit first */
			if (delay_group_leader(p))
				continue;	/* its threads are still going */
			finish_wait(&current->wait_chldexit, &w);
			*status = p->exit_code;
			if (ru)
				fill_rusage(p, ru);
			ret = p->pid;
			if (!(options & WNOWAIT))
				release_task(p);
			return ret;
		}
		if (!found) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;	/* restarts unless a handler without SA_RESTART ran */
			break;
		}
		schedule();
	}
	finish_wait(&current->wait_chldexit, &w);
	return ret;
}

/*
 * wait4: reap a zombie child (pid > 0: that one, -1: any, 0: of our process
 * group, < -1: of group -pid). The child's pid, 0 with WNOHANG if none has
 * exited yet, -ECHILD, -EINTR/restart on a signal.
 */
long sys_wait4(pid_t pid, int __user *stat_addr, int options, struct rusage32 __user *ru)
{
	struct rusage32 r;
	int status;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == -1)
		ret = do_wait(P_ALL, 0, options | WEXITED, &status, ru ? &r : NULL);
	else if (pid <= 0)
		ret = do_wait(P_PGID, -pid, options | WEXITED, &status, ru ? &r : NULL);
	else
		ret = do_wait(P_PID, pid, options | WEXITED, &status, ru ? &r : NULL);
	if (ret <= 0)
		return ret;
	if (stat_addr && put_user(status, stat_addr))
		return -EFAULT;
	if (ru && copy_to_user(ru, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}

/* The part of Linux's i386 siginfo_t that waitid fills (128 bytes in all). */
struct siginfo_chld {
	int si_signo, si_errno, si_code;
	int si_pid, si_uid, si_status;
	long si_utime, si_stime;
	int pad[24];
};
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6
#define SIGCONT		18

/*
 * waitid(P_ALL/P_PID/P_PGID, id, infop, WEXITED|WSTOPPED|WCONTINUED +
 * WNOHANG/WNOWAIT, ru): 0 with infop filled (SIGCHLD, CLD_EXITED and the exit
 * status, or CLD_KILLED/CLD_DUMPED and the signal), or 0 and a zeroed si_pid
 * with WNOHANG if no child is ready.
 */
long sys_waitid(int which, pid_t id, struct siginfo_chld __user *infop, int options,
		struct rusage32 __user *ru)
{
	struct siginfo_chld info;
	struct rusage32 r;
	int status;
	long pid;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (which != P_ALL && which != P_PID && which != P_PGID)
		return -EINVAL;
	if ((which == P_PID && id <= 0) || id < 0)
		return -EINVAL;
	pid = do_wait(which, id, options, &status, ru ? &r : NULL);
	if (pid < 0)
		return pid;
	memset(&info, 0, sizeof(info));
	if (pid) {
		info.si_signo = SIGCHLD;
		info.si_pid = pid;
		if (status == 0xffff) {
			info.si_code = CLD_CONTINUED;
			info.si_status = SIGCONT;
		} else if ((status & 0xff) == 0x7f) {
			info.si_code = CLD_STOPPED;
			info.si_status = (status >> 8) & 0xff;
		} else if (status & 0x7f) {
			info.si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
			info.si_status = status & 0x7f;
		} else {
			info.si_code = CLD_EXITED;
			info.si_status = (status >> 8) & 0xff;
		}
		if (ru)
			info.si_utime = r.ru_utime[0] * 100 + r.ru_utime[1] / 10000;
	}
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	if (ru && copy_to_user(ru, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

long sys_waitpid(pid_t pid, int __user *stat_addr, int options)
{
	return sys_wait4(pid, stat_addr, options, NULL);
}
