/*
 * Signals (Linux's kernel/signal.c), the first part: a pending and a blocked
 * set per task, sigaction and sigprocmask recorded with Linux's rules, kill,
 * tkill and tgkill, SIGCHLD to the parent, and the default actions run when
 * a task goes back to user mode (terminate, ignore). Handlers are recorded
 * but not yet called: a signal with a handler gets its default action, and a
 * dmesg line says so once. Traps (SIGSEGV, SIGILL, SIGFPE, SIGTRAP) are
 * forced: unblocked and reset to the default action, as Linux's force_sig.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <asm/irqflags.h>
#include <asm/ptrace.h>

#define SIGHUP		1
#define SIGKILL		9
#define SIGSTOP		19
#define SIGCHLD		17
#define SIGCONT		18
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGWINCH	28
#define SIG_DFL		0
#define SIG_IGN		1
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))
#define DEFAULT_IGNORED	(sigmask(SIGCHLD) | sigmask(SIGCONT) | sigmask(SIGURG) | sigmask(SIGWINCH))
#define DEFAULT_STOP	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

static bool valid_signal(unsigned long sig)
{
	return sig <= _NSIG;
}

bool signal_pending(struct task_struct *p)
{
	return p->pending & ~(p->blocked & ~UNBLOCKABLE);
}

/* Would the signal do nothing at all if delivered? Then it is not queued. */
static bool sig_ignored(struct task_struct *p, int sig)
{
	unsigned long h = p->action[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	if (p->blocked & sigmask(sig))
		return false;	/* stays pending: the handler may change before it is unblocked */
	return h == SIG_IGN || (h == SIG_DFL && (DEFAULT_IGNORED & sigmask(sig)));
}

int send_sig(int sig, struct task_struct *p, int priv)
{
	unsigned long flags;

	if (!valid_signal(sig))
		return -EINVAL;
	if (!sig || p->exit_state || (p->flags & PF_KTHREAD))
		return 0;
	local_irq_save(flags);
	if (!sig_ignored(p, sig)) {
		p->pending |= sigmask(sig);
		if (signal_pending(p))
			wake_up_state(p, TASK_INTERRUPTIBLE);
	}
	local_irq_restore(flags);
	return 0;
}

/* A trap's signal: it cannot be blocked or ignored away (Linux's force_sig_info). */
void force_sig(int sig)
{
	struct task_struct *t = current;

	if (t->action[sig - 1].handler == SIG_IGN || (t->blocked & sigmask(sig)))
		t->action[sig - 1].handler = SIG_DFL;
	t->blocked &= ~sigmask(sig);
	t->pending |= sigmask(sig);
}

void flush_signal_handlers(struct task_struct *t)
{
	int i;

	for (i = 0; i < _NSIG; i++) {
		if (t->action[i].handler != SIG_IGN)
			t->action[i].handler = SIG_DFL;
		t->action[i].flags = 0;
		t->action[i].restorer = 0;
		t->action[i].mask = 0;
	}
}

/* Deliver one pending signal (Linux's get_signal with the default actions). */
static void do_signal(struct pt_regs *regs)
{
	static bool handler_warned;
	struct task_struct *t = current;
	sigset_t ready = t->pending & ~(t->blocked & ~UNBLOCKABLE);
	int sig = __builtin_ctzll(ready) + 1;
	unsigned long h = t->action[sig - 1].handler;

	t->pending &= ~sigmask(sig);
	if (sig != SIGKILL && h == SIG_IGN)
		return;
	if (sig != SIGKILL && h != SIG_DFL && !handler_warned) {
		handler_warned = true;
		pr_warn("%s[%d]: signal %d has a handler, but lucix does not call handlers yet: default action\n",
			t->comm, t->pid, sig);
	}
	if (DEFAULT_IGNORED & sigmask(sig))
		return;
	if (DEFAULT_STOP & sigmask(sig))
		return;		/* job control stops come with the tty */
	do_group_exit(sig);
}

/* On every return to user mode: reschedule if asked, deliver signals; ends with interrupts off. */
__visible void exit_to_user_mode(struct pt_regs *regs)
{
	for (;;) {
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			schedule();
			continue;
		}
		if (signal_pending(current)) {
			local_irq_enable();
			do_signal(regs);
			continue;
		}
		break;
	}
}

/* ---- system calls ---- */

struct sigaction_user {			/* the rt_sigaction layout, i386 */
	unsigned long handler, flags, restorer;
	sigset_t mask;
};

long sys_rt_sigaction(int sig, const struct sigaction_user __user *act,
		      struct sigaction_user __user *oact, size_t sigsetsize)
{
	struct k_sigaction *k, new;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	k = &current->action[sig - 1];
	if (act) {
		struct sigaction_user u;

		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (copy_from_user(&u, act, sizeof(u)))
			return -EFAULT;
		new.handler = u.handler;
		new.flags = u.flags;
		new.restorer = u.restorer;
		new.mask = u.mask & ~UNBLOCKABLE;
	}
	if (oact) {
		struct sigaction_user u = { k->handler, k->flags, k->restorer, k->mask };

		if (copy_to_user(oact, &u, sizeof(u)))
			return -EFAULT;
	}
	if (act) {
		*k = new;
		/* Setting SIG_IGN (or SIG_DFL for a default-ignored signal) discards it. */
		if (sig_ignored(current, sig))
			current->pending &= ~sigmask(sig);
	}
	return 0;
}

long sys_rt_sigprocmask(int how, const sigset_t __user *nset, sigset_t __user *oset,
			size_t sigsetsize)
{
	sigset_t old = current->blocked, set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&set, nset, sizeof(set)))
			return -EFAULT;
		set &= ~UNBLOCKABLE;
		switch (how) {
		case SIG_BLOCK:
			current->blocked |= set;
			break;
		case SIG_UNBLOCK:
			current->blocked &= ~set;
			break;
		case SIG_SETMASK:
			current->blocked = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(sigset_t __user *uset, size_t sigsetsize)
{
	sigset_t s = current->pending & current->blocked;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	return copy_to_user(uset, &s, sigsetsize) ? -EFAULT : 0;
}

long sys_kill(pid_t pid, int sig)
{
	struct task_struct *p;
	int count = 0;

	if (!valid_signal(sig) || sig < 0)
		return -EINVAL;
	if (pid > 0) {
		p = find_task_by_pid(pid);
		if (!p || p->pid != p->tgid || (p->flags & PF_KTHREAD) || p->exit_state == EXIT_DEAD)
			return -ESRCH;
		return send_sig(sig, p, 0);
	}
	if (pid == 0 || pid < -1)		/* process groups: only the caller's own, for now */
		return send_sig(sig, current, 0);
	for_each_process(p) {			/* -1: everyone but init and the caller */
		if (p->pid > 1 && p != current && !(p->flags & PF_KTHREAD) && !p->exit_state) {
			send_sig(sig, p, 0);
			count++;
		}
	}
	return count ? 0 : -ESRCH;
}

long sys_tgkill(pid_t tgid, pid_t pid, int sig)
{
	struct task_struct *p;

	if (pid <= 0 || tgid <= 0 || !valid_signal(sig) || sig < 0)
		return -EINVAL;
	p = find_task_by_pid(pid);
	if (!p || p->tgid != tgid || (p->flags & PF_KTHREAD) || p->exit_state)
		return -ESRCH;
	return send_sig(sig, p, 0);
}

long sys_tkill(pid_t pid, int sig)
{
	struct task_struct *p;

	if (pid <= 0 || !valid_signal(sig) || sig < 0)
		return -EINVAL;
	p = find_task_by_pid(pid);
	if (!p || (p->flags & PF_KTHREAD) || p->exit_state)
		return -ESRCH;
	return send_sig(sig, p, 0);
}
