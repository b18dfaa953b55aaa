/*
 * Signals (Linux's kernel/signal.c and arch/x86/kernel/signal.c): a pending
 * and a blocked set per task, sigaction and sigprocmask with Linux's rules,
 * kill, tkill and tgkill, SIGCHLD to the parent. When a task goes back to
 * user mode a pending signal runs its handler or its default action
 * (terminate, ignore, stop until SIGCONT: job control, the parent told by
 * SIGCHLD unless SA_NOCLDSTOP and by wait's WUNTRACED/WCONTINUED). A handler gets
 * Linux's i386 frame on the user stack (or the sigaltstack): the rt frame
 * (siginfo + ucontext) for SA_SIGINFO, the old sigframe otherwise, returning
 * through sa_restorer (musl and glibc always give one) or the retcode in the
 * frame into rt_sigreturn/sigreturn, which restore the registers and mask.
 * Interrupted system calls restart or fail with -EINTR by SA_RESTART, as in
 * Linux. Traps (SIGSEGV, SIGILL, SIGFPE, SIGTRAP, SIGBUS) are forced:
 * unblocked and reset to the default action if blocked or ignored. The FPU
 * state goes into a struct _fpstate_32 above the frame (sc.fpstate points to
 * it; arch/x86/fpu.c), and the handler starts with a clean FPU.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/ptrace.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/processor.h>

#define SIGHUP		1
#define SIGKILL		9
#define SIGSEGV		11
#define SIGSTOP		19
#define SIGCHLD		17
#define SIGCONT		18
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGWINCH	28
#define SIG_DFL		0
#define SA_NOCLDSTOP	0x00000001
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

/* A SIGKILL is pending: a killable sleep ends (the task exits on its way out). */
bool fatal_signal_pending(struct task_struct *p)
{
	return p->pending & sigmask(SIGKILL);
}

/* Would the signal do nothing at all if delivered? Then it is not queued. */
static bool sig_ignored(struct task_struct *p, int sig)
{
	unsigned long h = p->action[sig - 1].handler;

	/* A blocked signal stays pending: the handler may change before it is
	 * unblocked, or sigtimedwait takes it (busybox init waits so). */
	if (((p->blocked | p->real_blocked) & sigmask(sig)) && sig != SIGKILL && sig != SIGSTOP)
		return false;
	/* init gets only the signals it has handlers for (Linux's SIGNAL_UNKILLABLE). */
	if (p->tgid == 1 && h == SIG_DFL)
		return true;
	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN || (h == SIG_DFL && (DEFAULT_IGNORED & sigmask(sig)));
}

/* Tell the parent its child stopped or continued: SIGCHLD unless SA_NOCLDSTOP, and wait wakes. */
static void notify_parent_jobctl(struct task_struct *p)
{
	struct task_struct *parent = p->real_parent;

	if (!parent)
		return;
	if (!(parent->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_sig(SIGCHLD, parent, 0);
	wake_up_all(&parent->wait_chldexit);
}

/*
 * Linux's prepare_signal: a stop signal cancels a pending SIGCONT; SIGCONT
 * cancels pending stops and, like SIGKILL, wakes a stopped process (SIGCONT
 * also tells the parent). Interrupts are off.
 */
static void prepare_jobctl(struct task_struct *p, int sig)
{
	if (DEFAULT_STOP & sigmask(sig)) {
		p->pending &= ~sigmask(SIGCONT);
		return;
	}
	if (sig != SIGCONT && sig != SIGKILL)
		return;
	if (sig == SIGCONT)
		p->pending &= ~DEFAULT_STOP;
	if (!(p->jobctl & JOBCTL_STOPPED))
		return;
	p->jobctl &= ~(JOBCTL_STOPPED | JOBCTL_STOP_REPORT);
	if (sig == SIGCONT) {
		p->jobctl |= JOBCTL_CONT_REPORT;
		notify_parent_jobctl(p);
	}
	wake_up_state(p, TASK_STOPPED);
}

/* POSIX's orphaned process group: no member has a parent in another group of its session. */
bool pgrp_orphaned(pid_t pgrp)
{
	struct task_struct *p;

	for_each_process(p) {
		struct task_struct *parent = p->real_parent;

		if (p->pgid != pgrp || p->exit_state || (p->flags & PF_KTHREAD))
			continue;
		if (parent && parent->pgid != pgrp && parent->sid == p->sid)
			return false;
	}
	return true;
}

/* The default action of a stop signal: sleep in TASK_STOPPED until SIGCONT or SIGKILL. */
static void do_signal_stop(int sig)
{
	struct task_struct *t = current;

	/* Stops from the terminal do nothing to an orphaned group (no one could continue it). */
	if (sig != SIGSTOP && pgrp_orphaned(t->pgid))
		return;
	local_irq_disable();
	t->stop_signal = sig;
	t->jobctl = (t->jobctl & ~JOBCTL_CONT_REPORT) | JOBCTL_STOPPED | JOBCTL_STOP_REPORT;
	notify_parent_jobctl(t);
	while (t->jobctl & JOBCTL_STOPPED) {
		set_current_state(TASK_STOPPED);
		local_irq_enable();
		schedule();
		local_irq_disable();
	}
	__set_current_state(TASK_RUNNING);
	local_irq_enable();
}

int send_sig(int sig, struct task_struct *p, int priv)
{
	unsigned long flags;

	if (!valid_signal(sig))
		return -EINVAL;
	if (!sig || p->exit_state || (p->flags & PF_KTHREAD))
		return 0;
	local_irq_save(flags);
	prepare_jobctl(p, sig);
	if (!sig_ignored(p, sig)) {
		p->pending |= sigmask(sig);
		if (signal_pending(p))
			wake_up_state(p, sig == SIGKILL ? TASK_INTERRUPTIBLE | TASK_WAKEKILL
						  : TASK_INTERRUPTIBLE);
	}
	local_irq_restore(flags);
	return 0;
}

/* A trap's signal: it cannot be blocked or ignored away (Linux's force_sig_info). */
void force_sig_fault(int sig, int code, unsigned long addr, int trapno, int error)
{
	struct task_struct *t = current;

	t->fault_info.signo = sig;
	t->fault_info.code = code;
	t->fault_info.addr = addr;
	t->fault_info.trapno = trapno;
	t->fault_info.error = error;
	force_sig(sig);
}

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

/* ---- the frames (Linux's arch/x86/include/asm/sigframe.h, ia32 layout) ---- */

struct sigcontext32 {
	u16 gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	u32 di, si, bp, sp, bx, dx, cx, ax;
	u32 trapno, err, ip;
	u16 cs, __csh;
	u32 flags, sp_at_signal;
	u16 ss, __ssh;
	u32 fpstate, oldmask, cr2;
};

struct siginfo32 {			/* compat_siginfo_t: 128 bytes */
	int si_signo, si_errno, si_code;
	union {
		struct { int pid; unsigned int uid; } kill;
		struct { u32 addr; } fault;
		struct { int pid; unsigned int uid; int status; int utime, stime; } chld;
		int pad[29];
	};
};

struct stack32 { u32 ss_sp; int ss_flags; u32 ss_size; };

struct ucontext32 {
	u32 uc_flags, uc_link;
	struct stack32 uc_stack;
	struct sigcontext32 uc_mcontext;
	sigset_t uc_sigmask;
};

struct rt_sigframe32 {
	u32 pretcode;
	int sig;
	u32 pinfo, puc;
	struct siginfo32 info;
	struct ucontext32 uc;
	char retcode[8];
};

struct sigframe32 {
	u32 pretcode;
	int sig;
	struct sigcontext32 sc;
	u8 fpstate_unused[624];		/* struct _fpstate_32, kept for the offsets */
	u32 extramask[1];
	char retcode[8];
};

_Static_assert(sizeof(struct siginfo32) == 128, "siginfo is 128 bytes");
_Static_assert(sizeof(struct sigcontext32) == 88, "sigcontext_32 is 88 bytes");

#define SA_SIGINFO	0x00000004
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000
#define SA_RESTORER	0x04000000
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define MINSIGSTKSZ	2048
#define SI_USER		0
#define SI_KERNEL	0x80
#define FIX_EFLAGS	0x00050dd5UL	/* AC RF OF DF TF SF ZF AF PF CF: what sigreturn may set */

/*
 * The most a signal frame takes on the stack (Linux's get_sigframe_size, for
 * AT_MINSIGSTKSZ): the rt frame, the FPU state on its 64-byte boundary, the
 * handler's 16-byte alignment.
 */
unsigned long get_sigframe_size(void)
{
	return ALIGN(sizeof(struct rt_sigframe32) + fpu_sigframe_size() + 64 + 16, 16);
}

static bool on_sig_stack(unsigned long sp)
{
	struct task_struct *t = current;

	return t->sas_ss_size && sp - t->sas_ss_sp <= t->sas_ss_size;
}

/*
 * Where the frame goes: below sp (or at the top of the alternate stack),
 * 16-byte aligned for the handler, with the FPU state above it on a 64-byte
 * boundary (Linux's fpu__alloc_mathframe). *fpstate: the FPU state's user
 * address, 0 when the process has none (it never used the FPU), or -1 when
 * it could not be written (no room: the caller's SIGSEGV).
 */
static unsigned long get_sigframe(struct k_sigaction *ka, struct pt_regs *regs, size_t size,
				  u32 *fpstate)
{
	unsigned long sp = regs->sp;
	int err;

	if ((ka->flags & SA_ONSTACK) && current->sas_ss_size && !on_sig_stack(sp))
		sp = current->sas_ss_sp + current->sas_ss_size;
	*fpstate = 0;
	if (current->fpu_valid && fpu_sigframe_size()) {
		unsigned long math = (sp - fpu_sigframe_size()) & ~63UL;

		err = fpu_save_sigframe((void __user *)math);
		if (err < 0)
			*fpstate = (u32)-1;
		else if (err == 0) {
			*fpstate = (u32)math;
			sp = math;
		}
	}
	sp -= size;
	return ((sp + 4) & ~15UL) - 4;	/* as if called: (sp + 4) is 16-aligned */
}

static void save_sigcontext(struct sigcontext32 *sc, struct pt_regs *regs, sigset_t mask,
			    u32 fpstate)
{
	memset(sc, 0, sizeof(*sc));
	sc->gs = regs->gs;
	sc->fs = regs->fs;
	sc->es = regs->es;
	sc->ds = regs->ds;
	sc->di = regs->di;
	sc->si = regs->si;
	sc->bp = regs->bp;
	sc->sp = regs->sp;
	sc->bx = regs->bx;
	sc->dx = regs->dx;
	sc->cx = regs->cx;
	sc->ax = regs->ax;
	sc->trapno = current->fault_info.trapno;
	sc->err = current->fault_info.error;
	sc->ip = regs->ip;
	sc->cs = regs->cs;
	sc->flags = regs->flags;
	sc->sp_at_signal = regs->sp;
	sc->ss = regs->ss;
	sc->fpstate = fpstate;
	sc->oldmask = (u32)mask;
	sc->cr2 = current->fault_info.addr;
}

/* Restore user registers from a frame: only user selectors and user-changeable flags. */
static void restore_sigcontext(struct pt_regs *regs, const struct sigcontext32 *sc)
{
	regs->gs = sc->gs;
	regs->fs = sc->fs;
	regs->es = sc->es;
	regs->ds = sc->ds;
	regs->di = sc->di;
	regs->si = sc->si;
	regs->bp = sc->bp;
	regs->sp = sc->sp;
	regs->bx = sc->bx;
	regs->dx = sc->dx;
	regs->cx = sc->cx;
	regs->ax = sc->ax;
	regs->ip = sc->ip;
	regs->cs = __USER_CS;		/* whatever the frame says: user mode only */
	regs->ss = __USER_DS;
	regs->flags = (regs->flags & ~FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
	regs->orig_ax = -1;		/* no system call to restart */
}

static void fill_siginfo(struct siginfo32 *info, int sig)
{
	struct task_struct *t = current;

	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	if (t->fault_info.signo == sig) {
		info->si_code = t->fault_info.code;
		info->fault.addr = t->fault_info.addr;
		t->fault_info.signo = 0;
	} else {
		info->si_code = SI_USER;	/* kill(2): the sender is not recorded yet */
	}
}

static int setup_rt_frame(int sig, struct k_sigaction *ka, sigset_t oldmask, struct pt_regs *regs)
{
	static const char retcode[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 };	/* movl $173,%eax; int $0x80 */
	u32 fpstate;
	unsigned long sp = get_sigframe(ka, regs, sizeof(struct rt_sigframe32), &fpstate);
	struct rt_sigframe32 __user *uf = (struct rt_sigframe32 __user *)sp;
	struct rt_sigframe32 f;

	if (fpstate == (u32)-1)
		return -EFAULT;
	memset(&f, 0, sizeof(f));
	memcpy(f.retcode, retcode, sizeof(retcode));
	f.pretcode = (ka->flags & SA_RESTORER) ? ka->restorer : (u32)(unsigned long)uf->retcode;
	f.sig = sig;
	f.pinfo = (u32)(unsigned long)&uf->info;
	f.puc = (u32)(unsigned long)&uf->uc;
	fill_siginfo(&f.info, sig);
	f.uc.uc_stack.ss_sp = current->sas_ss_sp;
	f.uc.uc_stack.ss_size = current->sas_ss_size;
	f.uc.uc_stack.ss_flags = !current->sas_ss_size ? SS_DISABLE :
				 on_sig_stack(regs->sp) ? SS_ONSTACK : 0;
	save_sigcontext(&f.uc.uc_mcontext, regs, oldmask, fpstate);
	f.uc.uc_sigmask = oldmask;
	if (copy_to_user(uf, &f, sizeof(f)))
		return -EFAULT;
	regs->sp = sp;
	regs->ip = ka->handler;
	regs->ax = sig;
	regs->dx = f.pinfo;
	regs->cx = f.puc;
	return 0;
}

static int setup_frame(int sig, struct k_sigaction *ka, sigset_t oldmask, struct pt_regs *regs)
{
	/* popl %eax; movl $119,%eax; int $0x80 */
	static const char retcode[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	u32 fpstate;
	unsigned long sp = get_sigframe(ka, regs, sizeof(struct sigframe32), &fpstate);
	struct sigframe32 __user *uf = (struct sigframe32 __user *)sp;
	struct sigframe32 *f;
	int err;

	if (fpstate == (u32)-1)
		return -EFAULT;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	memcpy(f->retcode, retcode, sizeof(retcode));
	f->pretcode = (ka->flags & SA_RESTORER) ? ka->restorer : (u32)(unsigned long)uf->retcode;
	f->sig = sig;
	save_sigcontext(&f->sc, regs, oldmask, fpstate);
	f->extramask[0] = oldmask >> 32;
	current->fault_info.signo = 0;
	err = copy_to_user(uf, f, sizeof(*f)) ? -EFAULT : 0;
	kfree(f);
	if (err)
		return err;
	regs->sp = sp;
	regs->ip = ka->handler;
	regs->ax = sig;
	regs->dx = regs->cx = 0;
	return 0;
}

/*
 * An interrupted system call (its handler returned -ERESTART*): give up with
 * -EINTR, or back up EIP over the "int $0x80" to make it again with the
 * original number (Linux's handle_signal / the no-handler case).
 */
static void syscall_restart(struct pt_regs *regs, struct k_sigaction *ka)
{
	switch ((long)regs->ax) {
	case -ERESTARTNOHAND:
		if (ka) {
			regs->ax = -EINTR;
			return;
		}
		break;
	case -ERESTARTSYS:
		if (ka && !(ka->flags & SA_RESTART)) {
			regs->ax = -EINTR;
			return;
		}
		break;
	case -ERESTARTNOINTR:
		break;
	default:
		return;
	}
	regs->ax = regs->orig_ax;
	regs->ip -= 2;
}

/* Deliver one pending signal (Linux's get_signal + handle_signal); true if a handler will run. */
static bool do_signal(struct pt_regs *regs, bool syscall)
{
	struct task_struct *t = current;
	sigset_t ready = t->pending & ~(t->blocked & ~UNBLOCKABLE), oldmask;
	int sig = __builtin_ctzll(ready) + 1;
	struct k_sigaction *ka = &t->action[sig - 1];
	int err;

	t->pending &= ~sigmask(sig);
	if (t->ptrace) {		/* the tracer sees the signal first (ptrace.c) */
		sig = ptrace_signal(sig);
		if (!sig)
			return false;
		ka = &t->action[sig - 1];
	}
	if (sig == SIGKILL || ka->handler == SIG_DFL) {
		if (DEFAULT_STOP & sigmask(sig)) {
			do_signal_stop(sig);
			return false;
		}
		if (DEFAULT_IGNORED & sigmask(sig))
			return false;
		do_group_exit(sig);
	}
	if (ka->handler == SIG_IGN)
		return false;
	if (syscall)
		syscall_restart(regs, ka);
	oldmask = t->restore_sigmask ? t->saved_sigmask : t->blocked;
	t->restore_sigmask = false;
	err = (ka->flags & SA_SIGINFO) ? setup_rt_frame(sig, ka, oldmask, regs) :
					 setup_frame(sig, ka, oldmask, regs);
	if (err) {
		force_sig(SIGSEGV);	/* no room for the frame: Linux's force_sigsegv */
		return true;
	}
	t->blocked = oldmask | (ka->mask & ~UNBLOCKABLE);
	if (!(ka->flags & SA_NODEFER))
		t->blocked |= sigmask(sig);
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	return true;
}

/* Something to do before returning: reschedule, deliver signals, restore a mask. */
static noinline void exit_work_slow(struct pt_regs *regs, bool syscall)
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
			if (do_signal(regs, syscall))
				syscall = false;	/* the handler's frame decided the restart */
			continue;
		}
		break;
	}
	/* No handler ran: a system call interrupted only to look at signals restarts. */
	if (syscall)
		syscall_restart(regs, NULL);
	if (current->restore_sigmask) {
		current->blocked = current->saved_sigmask;
		current->restore_sigmask = false;
	}
}

static __always_inline void exit_work(struct pt_regs *regs, bool syscall)
{
	struct task_struct *t = current;

	/* The common case, tested once with interrupts off: nothing to do but a restart. */
	local_irq_disable();
	if (unlikely(test_tsk_need_resched(t) || (t->pending && signal_pending(t)) ||
		     t->restore_sigmask)) {
		exit_work_slow(regs, syscall);
		return;
	}
	if (syscall && unlikely((unsigned long)regs->ax >= (unsigned long)-ERESTARTNOHAND &&
				(unsigned long)regs->ax <= (unsigned long)-ERESTARTSYS))
		syscall_restart(regs, NULL);
}

/* On every return to user mode: reschedule if asked, deliver signals; ends with interrupts off. */
__visible void exit_to_user_mode(struct pt_regs *regs)
{
	exit_work(regs, false);
}

fastcall void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	exit_work(regs, true);
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

long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct rt_sigframe32 __user *uf = (struct rt_sigframe32 __user *)(regs->sp - 4);
	struct rt_sigframe32 f;

	if (copy_from_user(&f, uf, sizeof(f))) {
		force_sig(SIGSEGV);
		return 0;
	}
	current->blocked = f.uc.uc_sigmask & ~UNBLOCKABLE;
	restore_sigcontext(regs, &f.uc.uc_mcontext);
	if (fpu_restore_sigframe((const void __user *)(unsigned long)f.uc.uc_mcontext.fpstate))
		force_sig(SIGSEGV);
	return regs->ax;	/* the interrupted code's EAX, not a result */
}

long sys_sigreturn(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct sigframe32 __user *uf = (struct sigframe32 __user *)(regs->sp - 8);
	struct sigcontext32 sc;
	u32 extramask;

	if (copy_from_user(&sc, &uf->sc, sizeof(sc)) ||
	    copy_from_user(&extramask, &uf->extramask[0], sizeof(extramask))) {
		force_sig(SIGSEGV);
		return 0;
	}
	current->blocked = (sc.oldmask | ((sigset_t)extramask << 32)) & ~UNBLOCKABLE;
	restore_sigcontext(regs, &sc);
	if (fpu_restore_sigframe((const void __user *)(unsigned long)sc.fpstate))
		force_sig(SIGSEGV);
	return regs->ax;
}

long sys_sigaltstack(const struct stack32 __user *uss, struct stack32 __user *uoss)
{
	struct task_struct *t = current;
	struct stack32 old = { t->sas_ss_sp, !t->sas_ss_size ? SS_DISABLE :
			       on_sig_stack(current_pt_regs()->sp) ? SS_ONSTACK : 0, t->sas_ss_size };

	if (uss) {
		struct stack32 ss;

		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on_sig_stack(current_pt_regs()->sp))
			return -EPERM;
		if (ss.ss_flags & ~(SS_DISABLE | SS_ONSTACK))
			return -EINVAL;
		if (ss.ss_flags & SS_DISABLE) {
			t->sas_ss_sp = t->sas_ss_size = 0;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->sas_ss_sp = ss.ss_sp;
			t->sas_ss_size = ss.ss_size;
		}
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* Sleep until a signal runs a handler or kills us; always "fails" with EINTR (Linux's pause). */
long sys_pause(void)
{
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!signal_pending(current))
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return -ERESTARTNOHAND;
}

long sys_rt_sigsuspend(const sigset_t __user *umask, size_t sigsetsize)
{
	sigset_t mask;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	current->blocked = mask & ~UNBLOCKABLE;
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!signal_pending(current))
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return -ERESTARTNOHAND;
}

/* Every process of group PGRP (Linux's kill_pgrp); -ESRCH if it has none. */
int kill_pgrp(pid_t pgrp, int sig)
{
	struct task_struct *p;
	int count = 0;

	preempt_disable();	/* a woken task must not exit under the walk (the tasklist lock) */
	for_each_process(p) {
		if (p->pgid == pgrp && p->pid == p->tgid && !(p->flags & PF_KTHREAD) &&
		    !p->exit_state) {
			send_sig(sig, p, 0);
			count++;
		}
	}
	preempt_enable();
	return count ? 0 : -ESRCH;
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
	if (pid == 0 || pid < -1)
		return kill_pgrp(pid ? -pid : current->pgid, sig);
	preempt_disable();			/* as kill_pgrp */
	for_each_process(p) {			/* -1: everyone but init and the caller */
		if (p->pid > 1 && p != current && !(p->flags & PF_KTHREAD) && !p->exit_state) {
			send_sig(sig, p, 0);
			count++;
		}
	}
	preempt_enable();
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
