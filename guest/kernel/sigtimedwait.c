/*
 * rt_sigtimedwait (Linux's kernel/signal.c do_sigtimedwait): wait until one
 * of a set of (normally blocked) signals is pending, take it off the pending
 * set without running its handler, and return its number with a siginfo;
 * -EAGAIN when the timeout passes first (0: just look), -EINTR when another
 * signal comes. busybox init waits for SIGCHLD and its other signals this way.
 * The set is unblocked while sleeping, so sending one wakes us, and blocked
 * again before returning, so exit_work does not deliver it.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/uaccess.h>

#define SIGKILL		9
#define SIGSTOP		19
#define NSEC_PER_SEC	1000000000L

struct siginfo_wait {		/* the head of Linux's i386 siginfo_t (128 bytes) */
	int si_signo, si_errno, si_code;
	int pad[29];
};

static long do_sigtimedwait(const sigset_t __user *uthese, struct siginfo_wait __user *uinfo,
			    bool timed, s64 sec, long nsec, size_t sigsetsize)
{
	struct task_struct *t = current;
	sigset_t these, saved, ready;
	long timeout = MAX_SCHEDULE_TIMEOUT;
	int sig;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	these &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (timed) {
		if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
			return -EINVAL;
		timeout = sec >= MAX_SCHEDULE_TIMEOUT / HZ ? MAX_SCHEDULE_TIMEOUT :
			  (long)sec * HZ + (nsec + NSEC_PER_SEC / HZ - 1) / (NSEC_PER_SEC / HZ);
	}
	ready = t->pending & these;
	if (!ready && timeout) {
		saved = t->blocked;
		t->real_blocked = saved;	/* the waited-for signals stay "blocked" for sig_ignored */
		t->blocked &= ~these;
		set_current_state(TASK_INTERRUPTIBLE);
		if (!signal_pending(t))
			timeout = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);
		t->blocked = saved;
		t->real_blocked = 0;
		ready = t->pending & these;
	}
	if (!ready)
		return signal_pending(t) ? -EINTR : -EAGAIN;
	sig = __builtin_ctzll(ready) + 1;
	t->pending &= ~sigmask(sig);
	if (uinfo) {
		struct siginfo_wait info;

		memset(&info, 0, sizeof(info));
		info.si_signo = sig;
		if (copy_to_user(uinfo, &info, sizeof(info)))
			return -EFAULT;
	}
	return sig;
}

long sys_rt_sigtimedwait_time32(const sigset_t __user *uthese, struct siginfo_wait __user *uinfo,
				const long __user *uts, size_t sigsetsize)
{
	long ts[2] = { 0, 0 };

	if (uts && copy_from_user(ts, uts, sizeof(ts)))
		return -EFAULT;
	return do_sigtimedwait(uthese, uinfo, uts != NULL, ts[0], ts[1], sigsetsize);
}

/* rt_sigtimedwait_time64 (421): a struct __kernel_timespec (64-bit seconds). */
long sys_rt_sigtimedwait(const sigset_t __user *uthese, struct siginfo_wait __user *uinfo,
			 const void __user *uts, size_t sigsetsize)
{
	struct { s64 sec; long nsec, pad; } ts = { 0, 0, 0 };

	if (uts && copy_from_user(&ts, uts, 12))
		return -EFAULT;
	return do_sigtimedwait(uthese, uinfo, uts != NULL, ts.sec, ts.nsec, sigsetsize);
}
