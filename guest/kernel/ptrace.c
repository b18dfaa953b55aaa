/*
 * ptrace (Linux's kernel/ptrace.c and arch/x86/kernel/ptrace.c, i386): a
 * tracer attaches to a tracee (PTRACE_TRACEME from the child, or
 * PTRACE_ATTACH, which sends SIGSTOP), and the tracee then stops until the
 * tracer resumes it (or SIGKILL comes):
 *   - at each signal it would take (signal-delivery stop, status sig),
 *   - at system-call entry and exit when resumed with PTRACE_SYSCALL
 *     (status SIGTRAP, or SIGTRAP|0x80 with PTRACE_O_TRACESYSGOOD),
 *   - at fork, vfork, clone and execve with PTRACE_O_TRACEFORK, _VFORK,
 *     _CLONE, _EXEC (status SIGTRAP | event << 8; the new child is traced
 *     too and starts with a SIGSTOP stop); without TRACEEXEC a successful
 *     execve sends the tracee SIGTRAP, as in Linux.
 * The tracer's wait4/waitpid report a stop as Linux does, (code << 8) | 0x7f,
 * for children and other tracees alike, and a tracee that is not its child
 * once more when it exits. While stopped, the tracee's registers (GETREGS,
 * SETREGS, PEEKUSR, POKEUSR: Linux's struct user_regs_struct, which is
 * pt_regs) and memory (PEEKDATA, POKEDATA, through its page tables) can be
 * read and written; CONT, SYSCALL and DETACH resume it with a signal to
 * deliver (data) or none, KILL kills it. A tracer that exits detaches its
 * tracees. Not done: PTRACE_SINGLESTEP, PTRACE_SEIZE/INTERRUPT/LISTEN, the
 * FPU requests, group-stop semantics (there is no job control yet).
 */
#include <linux/mmap_lock.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/uaccess.h>
#include <linux/ptrace.h>
#include <asm/ptrace.h>

#define SIGTRAP		5
#define SIGKILL		9
#define SIGCHLD		17
#define SIGSTOP		19

#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define WEXITED		0x00000004
#define WNOWAIT		0x01000000

#define USER_REGS	17		/* longs in struct user_regs_struct */
#define SIZEOF_USER	284		/* i386 struct user: PEEKUSR beyond the registers reads 0 */
/* The flags a tracer may change: CF PF AF ZF SF DF OF (Linux's FLAG_MASK less TF, RF). */
#define USER_FLAGS	0x0cd5

int send_sig(int sig, struct task_struct *p, int priv);

/* Stop current with wait status (code << 8) | 0x7f until the tracer resumes it. */
static void ptrace_stop(int code)
{
	struct task_struct *t = current, *tracer = t->tracer;

	if (!(t->ptrace & PT_PTRACED) || !tracer)
		return;
	t->ptrace_code = (code << 8) | 0x7f;
	t->ptrace_resume_sig = 0;
	t->ptrace = (t->ptrace & ~PT_REPORTED) | PT_STOPPED;
	send_sig(SIGCHLD, tracer, 1);
	wake_up_all(&tracer->wait_chldexit);
	/* Other signals wake us only to sleep again; SIGKILL ends the stop (Linux's TASK_WAKEKILL). */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!(t->ptrace & PT_STOPPED))
			break;
		if (t->pending & sigmask(SIGKILL)) {
			t->ptrace &= ~(PT_STOPPED | PT_REPORTED);
			break;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static void ptrace_resume(struct task_struct *p, int sig)
{
	p->ptrace_resume_sig = sig;
	p->ptrace &= ~(PT_STOPPED | PT_REPORTED);
	wake_up_process(p);
}

static int syscall_trap(struct task_struct *t)
{
	return SIGTRAP | ((t->ptrace_options & PTRACE_O_TRACESYSGOOD) ? 0x80 : 0);
}

/* System-call entry: EAX reads -ENOSYS in the stop, as on Linux; orig_ax = -1 skips the call. */
long ptrace_syscall_enter(struct pt_regs *regs)
{
	struct task_struct *t = current;

	if (t->ptrace & PT_SYSCALL) {
		regs->ax = -ENOSYS;
		ptrace_stop(syscall_trap(t));
		if (t->pending & sigmask(SIGKILL))
			return -1;
	}
	return regs->orig_ax;
}

/* System-call exit: the fork/exec event the call raised, then the exit stop. */
void ptrace_syscall_exit(struct pt_regs *regs)
{
	struct task_struct *t = current;

	if (t->ptrace_event) {
		int ev = t->ptrace_event;

		t->ptrace_event = 0;
		ptrace_stop(SIGTRAP | (ev << 8));
	}
	if (t->ptrace & PT_SYSCALL)
		ptrace_stop(syscall_trap(t));
}

/* A signal about to be delivered to a tracee: the tracer sees it first and picks what goes on. */
int ptrace_signal(int sig)
{
	struct task_struct *t = current;

	if (!(t->ptrace & PT_PTRACED) || sig == SIGKILL)
		return sig;
	ptrace_stop(sig);
	sig = t->ptrace_resume_sig;
	if (sig <= 0 || sig > _NSIG)
		return 0;
	if (t->blocked & sigmask(sig)) {
		t->pending |= sigmask(sig);	/* blocked: it waits, as a newly sent one would */
		return 0;
	}
	return sig;
}

/* do_fork, before the child first runs: with the option for this kind of fork it is traced too. */
void ptrace_fork(struct task_struct *child, unsigned long clone_flags)
{
	struct task_struct *t = current;
	unsigned int opt;
	int ev;

	if (!(t->ptrace & PT_PTRACED))
		return;
	if (clone_flags & CLONE_VFORK) {
		ev = PTRACE_EVENT_VFORK;
		opt = PTRACE_O_TRACEVFORK;
	} else if ((clone_flags & CSIGNAL) == SIGCHLD) {
		ev = PTRACE_EVENT_FORK;
		opt = PTRACE_O_TRACEFORK;
	} else {
		ev = PTRACE_EVENT_CLONE;
		opt = PTRACE_O_TRACECLONE;
	}
	if (!(t->ptrace_options & opt))
		return;
	child->ptrace = PT_PTRACED;
	child->tracer = t->tracer;
	child->ptrace_options = t->ptrace_options;
	child->pending |= sigmask(SIGSTOP);
	t->ptrace_event = ev;
	t->ptrace_message = child->pid;
}

/* A successful execve by a tracee: the exec event, or the traditional SIGTRAP. */
void ptrace_exec(pid_t old_pid)
{
	struct task_struct *t = current;

	if (!(t->ptrace & PT_PTRACED))
		return;
	if (t->ptrace_options & PTRACE_O_TRACEEXEC) {
		t->ptrace_event = PTRACE_EVENT_EXEC;
		t->ptrace_message = old_pid;
	} else {
		t->pending |= sigmask(SIGTRAP);
	}
}

/* do_exit, with the exit status set: free the tracees; tell a tracer that is not the parent. */
void exit_ptrace(struct task_struct *tsk)
{
	struct task_struct *p, *tracer = tsk->tracer;

	for_each_process(p) {
		if (p->tracer != tsk)
			continue;
		p->tracer = NULL;
		if (p->ptrace & PT_STOPPED)
			ptrace_resume(p, 0);
		p->ptrace = 0;
		if (p->exit_state == EXIT_ZOMBIE)	/* no longer held for us: the parent reaps it */
			wake_up_all(&p->real_parent->wait_chldexit);
	}
	if ((tsk->ptrace & PT_PTRACED) && tracer && tracer != tsk->real_parent) {
		send_sig(SIGCHLD, tracer, 1);
		wake_up_all(&tracer->wait_chldexit);
	}
}

/*
 * do_wait's look at current's tracees matching (type, id): the pid of one in
 * a stop not yet reported (its status in *status), or of a tracee that is not
 * current's child and has exited (reported once; its parent reaps it). 0 if
 * none is ready; *found is set if current traces any that match.
 */
long ptrace_wait(int type, pid_t id, int options, int *status, bool *found)
{
	struct task_struct *p;

	for_each_process(p) {
		if (p->tracer != current || !(p->ptrace & PT_PTRACED))
			continue;
		if ((type == P_PID && p->pid != id) ||
		    (type == P_PGID && p->pgid != (id ? id : current->pgid)))
			continue;
		if (p->exit_state) {
			if (p->real_parent == current || (p->ptrace & PT_EXIT_REPORTED) ||
			    p->exit_state != EXIT_ZOMBIE)
				continue;	/* the parent's own wait reports it */
			*found = true;
			if (!(options & WEXITED))
				continue;
			*status = p->exit_code;
			if (!(options & WNOWAIT)) {
				p->ptrace |= PT_EXIT_REPORTED;
				wake_up_all(&p->real_parent->wait_chldexit);	/* its turn now */
			}
			return p->pid;
		}
		*found = true;
		if ((p->ptrace & (PT_STOPPED | PT_REPORTED)) == PT_STOPPED) {
			*status = p->ptrace_code;
			if (!(options & WNOWAIT))
				p->ptrace |= PT_REPORTED;
			return p->pid;
		}
	}
	return 0;
}

/*
 * A zombie whose exit its tracer (not its parent) has not seen yet: the
 * parent's wait passes it over until then, as in Linux.
 */
bool ptrace_holds_zombie(struct task_struct *p)
{
	return (p->ptrace & PT_PTRACED) && p->tracer && p->tracer != p->real_parent &&
	       !(p->ptrace & PT_EXIT_REPORTED);
}

/*
 * Read or write len bytes of p's memory at addr through its page tables
 * (Linux's access_process_vm): the pages are faulted in as the tracee's own
 * access would; writing needs a writable mapping. Bytes done, or -EIO.
 */
static long access_process_vm(struct task_struct *p, unsigned long addr, void *buf, size_t len,
			      bool write)
{
	size_t done = 0;

	if (!p->mm)
		return -EIO;
	mmap_read_lock(p->mm);		/* buf is the kernel's: nothing below faults */
	while (done < len) {
		unsigned long off = (addr + done) & ~PAGE_MASK;
		size_t n = min(len - done, (size_t)(PAGE_SIZE - off));
		struct page *page = get_user_page_remote(p->mm, addr + done, write);
		char *kaddr;

		if (!page)
			break;
		kaddr = kmap_atomic(page);
		if (write)
			memcpy(kaddr + off, (char *)buf + done, n);
		else
			memcpy((char *)buf + done, kaddr + off, n);
		kunmap_atomic(kaddr);
		done += n;
	}
	mmap_read_unlock(p->mm);
	return done ? (long)done : -EIO;
}

/* A register write from the tracer: the segments stay, EFLAGS only in its user bits. */
static int put_reg(struct pt_regs *regs, unsigned int i, unsigned long v)
{
	unsigned long *r = (unsigned long *)regs;

	switch (i) {
	case 0 ... 6:		/* bx cx dx si di bp ax */
	case 11:		/* orig_ax */
	case 12:		/* ip */
	case 15:		/* sp */
		r[i] = v;
		return 0;
	case 14:
		regs->flags = (regs->flags & ~USER_FLAGS) | (v & USER_FLAGS);
		return 0;
	default:
		return r[i] == v ? 0 : -EIO;	/* segments: only their own value */
	}
}

static long ptrace_attach(struct task_struct *p)
{
	if (p == current || p->tgid == current->tgid || p->pid == 1)
		return -EPERM;
	if (p->ptrace & PT_PTRACED)
		return -EPERM;
	p->ptrace = PT_PTRACED;
	p->tracer = current;
	p->ptrace_options = 0;
	send_sig(SIGSTOP, p, 1);
	return 0;
}

/* The part of Linux's i386 siginfo_t a signal-delivery stop has (128 bytes). */
struct ptrace_siginfo {
	int si_signo, si_errno, si_code;
	int pad[29];
};

long sys_ptrace(long request, long pid, unsigned long addr, unsigned long data)
{
	struct task_struct *p;
	struct pt_regs *regs, nregs;
	unsigned long word;
	unsigned int i;

	if (request == PTRACE_TRACEME) {
		if (current->ptrace & PT_PTRACED)
			return -EPERM;
		current->ptrace = PT_PTRACED;
		current->tracer = current->real_parent;
		return 0;
	}
	p = find_task_by_pid(pid);
	if (!p || p->exit_state || (p->flags & PF_KTHREAD) || !p->mm)
		return -ESRCH;
	if (request == PTRACE_ATTACH)
		return ptrace_attach(p);
	if (p->tracer != current || !(p->ptrace & PT_PTRACED))
		return -ESRCH;
	if (request == PTRACE_KILL) {
		send_sig(SIGKILL, p, 1);
		if (p->ptrace & PT_STOPPED)
			ptrace_resume(p, 0);
		return 0;
	}
	if (!(p->ptrace & PT_STOPPED))
		return -ESRCH;
	regs = task_pt_regs(p);
	switch (request) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		if (access_process_vm(p, addr, &word, sizeof(word), false) != sizeof(word))
			return -EIO;
		return put_user(word, (unsigned long __user *)data);
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
		word = data;
		if (access_process_vm(p, addr, &word, sizeof(word), true) != sizeof(word))
			return -EIO;
		return 0;
	case PTRACE_PEEKUSR:
		if ((addr & 3) || addr >= SIZEOF_USER)
			return -EIO;
		word = addr < USER_REGS * 4 ? ((unsigned long *)regs)[addr / 4] : 0;
		return put_user(word, (unsigned long __user *)data);
	case PTRACE_POKEUSR:
		if ((addr & 3) || addr >= SIZEOF_USER)
			return -EIO;
		if (addr >= USER_REGS * 4)
			return 0;	/* the debug registers: not kept */
		return put_reg(regs, addr / 4, data);
	case PTRACE_GETREGS:
		return copy_to_user((void __user *)data, regs, USER_REGS * 4) ? -EFAULT : 0;
	case PTRACE_SETREGS:
		if (copy_from_user(&nregs, (void __user *)data, USER_REGS * 4))
			return -EFAULT;
		for (i = 0; i < USER_REGS; i++)
			if (i < 7 || i == 11 || i == 12 || i == 14 || i == 15)
				put_reg(regs, i, ((unsigned long *)&nregs)[i]);
		return 0;
	case PTRACE_SETOPTIONS:
		if (data & ~PTRACE_O_MASK)
			return -EINVAL;
		p->ptrace_options = data;
		return 0;
	case PTRACE_GETEVENTMSG:
		return put_user(p->ptrace_message, (unsigned long __user *)data);
	case PTRACE_GETSIGINFO: {
		struct ptrace_siginfo si = { 0 };

		si.si_signo = (p->ptrace_code >> 8) & 0x7f;
		si.si_code = (p->ptrace_code >> 16) ? (p->ptrace_code >> 8) : 0x80;	/* SI_KERNEL */
		return copy_to_user((void __user *)data, &si, sizeof(si)) ? -EFAULT : 0;
	}
	case PTRACE_SYSCALL:
	case PTRACE_CONT:
	case PTRACE_DETACH:
		if (data > _NSIG)
			return -EIO;
		if (request == PTRACE_SYSCALL)
			p->ptrace |= PT_SYSCALL;
		else
			p->ptrace &= ~PT_SYSCALL;
		if (request == PTRACE_DETACH) {
			p->tracer = NULL;
			p->ptrace &= PT_STOPPED;	/* only the stop we are about to end */
		}
		ptrace_resume(p, data);
		if (request == PTRACE_DETACH)
			p->ptrace = 0;
		return 0;
	default:
		return -EIO;
	}
}
