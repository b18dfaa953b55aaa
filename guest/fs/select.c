/*
 * poll, ppoll, select and pselect6 (Linux's fs/select.c): one loop asks every
 * file's ->poll for its ready bits, registering on the files' wait queues the
 * first time; if nothing is ready it sleeps (TASK_INTERRUPTIBLE, set before
 * the scan so a wake-up during it is not lost) until a queue is woken, a
 * signal is pending or the timeout has passed. Files without ->poll (regular
 * files, directories) are always ready, as in Linux.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/poll.h>

void poll_wait(struct file *f, wait_queue_head_t *wq, poll_table *pt)
{
	struct poll_table_entry *e;
	unsigned long flags;
	int i;

	if (!pt || !wq)
		return;
	for (i = 0; i < pt->n; i++)
		if (pt->e[i].wq == wq)
			return;
	if (pt->n == POLL_MAX_QUEUES) {
		pt->overflow = true;
		return;
	}
	e = &pt->e[pt->n++];
	e->wq = wq;
	init_wait_entry(&e->w, 0);
	spin_lock_irqsave(&wq->lock, flags);
	list_add_tail(&e->w.entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

static void poll_freewait(poll_table *pt)
{
	unsigned long flags;
	int i;

	for (i = 0; i < pt->n; i++) {
		spin_lock_irqsave(&pt->e[i].wq->lock, flags);
		list_del_init(&pt->e[i].w.entry);
		spin_unlock_irqrestore(&pt->e[i].wq->lock, flags);
	}
	kfree(pt);
}

static unsigned int file_poll(int fd, poll_table *pt)
{
	struct file *f;
	unsigned int mask;

	if (fd < 0)
		return 0;
	f = fget(fd);
	if (!f)
		return POLLNVAL;
	mask = (f->f_op && f->f_op->poll) ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
	fput(f);
	return mask;
}

struct pollfd {
	int fd;
	short events, revents;
};

/*
 * The loop both poll and select use: SCAN fills the results and returns how
 * many are ready. TIMEOUT in jiffies, MAX_SCHEDULE_TIMEOUT: forever, 0: no wait.
 */
static long do_poll_loop(int (*scan)(void *arg, poll_table *pt), void *arg, long timeout)
{
	poll_table *pt = kzalloc(sizeof(*pt), GFP_KERNEL);
	long ret;

	if (!pt)
		return -ENOMEM;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		ret = scan(arg, pt);
		if (ret || !timeout)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTNOHAND;
			break;
		}
		timeout = schedule_timeout(pt->overflow && timeout > 1 ? 1 : timeout);
		if (pt->overflow && timeout == 0)
			break;
	}
	__set_current_state(TASK_RUNNING);
	poll_freewait(pt);
	return ret;
}

struct poll_args {
	struct pollfd *fds;
	unsigned int nfds;
};

static int poll_scan(void *arg, poll_table *pt)
{
	struct poll_args *a = arg;
	unsigned int i;
	int n = 0;

	for (i = 0; i < a->nfds; i++) {
		struct pollfd *p = &a->fds[i];
		unsigned int mask = file_poll(p->fd, pt);

		p->revents = mask & (p->events | POLLERR | POLLHUP | POLLNVAL);
		if (p->revents)
			n++;
	}
	return n;
}

static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds, long timeout)
{
	struct poll_args a;
	long ret;
	unsigned int i;

	if (nfds > NR_OPEN)
		return -EINVAL;
	a.nfds = nfds;
	a.fds = kmalloc(nfds * sizeof(struct pollfd) + 1, GFP_KERNEL);
	if (!a.fds)
		return -ENOMEM;
	if (copy_from_user(a.fds, ufds, nfds * sizeof(struct pollfd))) {
		kfree(a.fds);
		return -EFAULT;
	}
	ret = do_poll_loop(poll_scan, &a, timeout);
	if (ret >= 0)
		for (i = 0; i < nfds; i++)
			if (put_user(a.fds[i].revents, (u16 __user *)&ufds[i].revents) &&
			    (ret = -EFAULT))
				break;
	kfree(a.fds);
	return ret;
}

static long ms_to_timeout(int ms)
{
	if (ms < 0)
		return MAX_SCHEDULE_TIMEOUT;
	return ms ? (long)msecs_to_jiffies(ms) : 0;
}

struct timespec32 { long tv_sec, tv_nsec; };
struct timespec64u { s64 tv_sec; long tv_nsec, pad; };
struct timeval32 { long tv_sec, tv_usec; };

static long ts_to_timeout(s64 sec, long nsec)
{
	u64 ms;

	if (sec < 0 || nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	if (sec > 1000000)
		return MAX_SCHEDULE_TIMEOUT;
	ms = sec * 1000 + (nsec + 999999) / 1000000;
	return ms ? (long)msecs_to_jiffies(ms) : 0;
}

long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_msecs)
{
	return do_sys_poll(ufds, nfds, ms_to_timeout(timeout_msecs));
}

/* ppoll's mask swap: the caller's mask comes back on return (after a handler). */
static int set_user_sigmask(const sigset_t __user *umask, size_t size)
{
	sigset_t m;

	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&m, umask, sizeof(m)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	current->blocked = m & ~(sigmask(9) | sigmask(19));
	return 0;
}

static void restore_user_sigmask(long ret)
{
	/* Interrupted: the signal is delivered under the temporary mask, then it goes back. */
	if (current->restore_sigmask && ret != -ERESTARTNOHAND && ret != -EINTR) {
		current->blocked = current->saved_sigmask;
		current->restore_sigmask = false;
	}
}

static long ppoll_common(struct pollfd __user *ufds, unsigned int nfds, long timeout,
			 const sigset_t __user *umask, size_t size)
{
	long ret;

	if (timeout < 0)
		return timeout;
	ret = set_user_sigmask(umask, size);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, timeout);
	if (ret == -ERESTARTNOHAND)
		ret = -EINTR;		/* ppoll is not restarted (Linux) */
	restore_user_sigmask(ret);
	return ret;
}

long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds, struct timespec32 __user *tsp,
	       const sigset_t __user *umask, size_t size)
{
	struct timespec32 ts;

	if (tsp && copy_from_user(&ts, tsp, sizeof(ts)))
		return -EFAULT;
	return ppoll_common(ufds, nfds, tsp ? ts_to_timeout(ts.tv_sec, ts.tv_nsec) :
			    MAX_SCHEDULE_TIMEOUT, umask, size);
}

long sys_ppoll_time64(struct pollfd __user *ufds, unsigned int nfds,
		      struct timespec64u __user *tsp, const sigset_t __user *umask, size_t size)
{
	struct timespec64u ts;

	if (tsp && copy_from_user(&ts, tsp, 12))
		return -EFAULT;
	return ppoll_common(ufds, nfds, tsp ? ts_to_timeout(ts.tv_sec, ts.tv_nsec) :
			    MAX_SCHEDULE_TIMEOUT, umask, size);
}

/* ---- select: three bitmaps of n descriptors ---- */

struct select_args {
	int n;
	u32 in[NR_OPEN / 32], out[NR_OPEN / 32], ex[NR_OPEN / 32];
	u32 rin[NR_OPEN / 32], rout[NR_OPEN / 32], rex[NR_OPEN / 32];
};

#define SEL_IN (POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define SEL_OUT (POLLOUT | POLLWRNORM | POLLERR)
#define SEL_EX (POLLPRI)

static int select_scan(void *arg, poll_table *pt)
{
	struct select_args *a = arg;
	int fd, n = 0;

	memset(a->rin, 0, sizeof(a->rin));
	memset(a->rout, 0, sizeof(a->rout));
	memset(a->rex, 0, sizeof(a->rex));
	for (fd = 0; fd < a->n; fd++) {
		u32 bit = 1u << (fd & 31);
		int w = fd / 32;
		unsigned int mask;

		if (!((a->in[w] | a->out[w] | a->ex[w]) & bit))
			continue;
		mask = file_poll(fd, pt);
		if (mask & POLLNVAL)
			return -EBADF;
		if ((a->in[w] & bit) && (mask & SEL_IN)) {
			a->rin[w] |= bit;
			n++;
		}
		if ((a->out[w] & bit) && (mask & SEL_OUT)) {
			a->rout[w] |= bit;
			n++;
		}
		if ((a->ex[w] & bit) && (mask & SEL_EX)) {
			a->rex[w] |= bit;
			n++;
		}
	}
	return n;
}

static long do_select(int n, u32 __user *inp, u32 __user *outp, u32 __user *exp, long timeout)
{
	struct select_args *a;
	size_t bytes;
	long ret;

	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN)
		n = NR_OPEN;
	if (timeout < 0)
		return timeout;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->n = n;
	bytes = (n + 31) / 32 * 4;
	if ((inp && copy_from_user(a->in, inp, bytes)) ||
	    (outp && copy_from_user(a->out, outp, bytes)) ||
	    (exp && copy_from_user(a->ex, exp, bytes))) {
		kfree(a);
		return -EFAULT;
	}
	ret = do_poll_loop(select_scan, a, timeout);
	if (ret >= 0 && ((inp && copy_to_user(inp, a->rin, bytes)) ||
			 (outp && copy_to_user(outp, a->rout, bytes)) ||
			 (exp && copy_to_user(exp, a->rex, bytes))))
		ret = -EFAULT;
	kfree(a);
	return ret;
}

long sys_newselect(int n, u32 __user *inp, u32 __user *outp, u32 __user *exp,
		   struct timeval32 __user *tvp)
{
	struct timeval32 tv;
	long timeout = MAX_SCHEDULE_TIMEOUT, ret;

	if (tvp) {
		if (copy_from_user(&tv, tvp, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		timeout = ts_to_timeout(tv.tv_sec, tv.tv_usec * 1000);
	}
	ret = do_select(n, inp, outp, exp, timeout);
	if (ret == -ERESTARTNOHAND)
		ret = -EINTR;
	if (tvp && ret >= 0) {		/* Linux writes back the time left; we say none/all */
		if (ret == 0) {
			tv.tv_sec = 0;
			tv.tv_usec = 0;
		}
		if (copy_to_user(tvp, &tv, sizeof(tv)))
			return -EFAULT;
	}
	return ret;
}

/* pselect6's sixth argument: a pointer to { const sigset_t *ss; size_t ss_len; }. */
static long pselect_common(int n, u32 __user *inp, u32 __user *outp, u32 __user *exp,
			   long timeout, u32 __user *sig)
{
	u32 sd[2] = { 0, 0 };
	long ret;

	if (sig && copy_from_user(sd, sig, sizeof(sd)))
		return -EFAULT;
	ret = set_user_sigmask((const sigset_t __user *)(unsigned long)sd[0], sd[1]);
	if (ret)
		return ret;
	ret = do_select(n, inp, outp, exp, timeout);
	if (ret == -ERESTARTNOHAND)
		ret = -EINTR;
	restore_user_sigmask(ret);
	return ret;
}

long sys_pselect6(int n, u32 __user *inp, u32 __user *outp, u32 __user *exp,
		  struct timespec32 __user *tsp, u32 __user *sig)
{
	struct timespec32 ts;

	if (tsp && copy_from_user(&ts, tsp, sizeof(ts)))
		return -EFAULT;
	return pselect_common(n, inp, outp, exp, tsp ? ts_to_timeout(ts.tv_sec, ts.tv_nsec) :
			      MAX_SCHEDULE_TIMEOUT, sig);
}

long sys_pselect6_time64(int n, u32 __user *inp, u32 __user *outp, u32 __user *exp,
			 struct timespec64u __user *tsp, u32 __user *sig)
{
	struct timespec64u ts;

	if (tsp && copy_from_user(&ts, tsp, 12))
		return -EFAULT;
	return pselect_common(n, inp, outp, exp, tsp ? ts_to_timeout(ts.tv_sec, ts.tv_nsec) :
			      MAX_SCHEDULE_TIMEOUT, sig);
}
