/*
 * Fast user-space mutexes (Linux's kernel/futex/): a thread that finds a lock
 * word taken sleeps in the kernel on that address until another thread wakes
 * it. Waiters are queued by (address space, user address); private and
 * shared futexes are the same here (no shared file mappings yet). WAIT,
 * WAKE, REQUEUE, CMP_REQUEUE and the BITSET variants, with relative (WAIT)
 * or absolute (WAIT_BITSET) timeouts on the 32- and 64-bit time system
 * calls. A uniprocessor: the lost-wakeup race is closed by queueing before
 * reading the word, and a waker marks the waiter woken before waking it.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <asm/irqflags.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)
#define FUTEX_BITSET_MATCH_ANY	0xffffffff

struct futex_q {
	struct list_head list;
	struct task_struct *task;
	struct mm_struct *mm;
	unsigned long uaddr;
	u32 bitset;
	bool woken;
};

static LIST_HEAD(futex_queue);

static bool match(const struct futex_q *q, struct mm_struct *mm, unsigned long uaddr)
{
	return q->mm == mm && q->uaddr == uaddr;
}

int futex_wake(u32 __user *uaddr, int nr, u32 bitset)
{
	struct futex_q *q, *n;
	unsigned long flags;
	int woken = 0;

	if (!bitset)
		return -EINVAL;
	local_irq_save(flags);
	list_for_each_entry_safe(q, n, &futex_queue, list) {
		if (woken >= nr)
			break;
		if (!match(q, current->mm, (unsigned long)uaddr) || !(q->bitset & bitset))
			continue;
		list_del_init(&q->list);
		q->woken = true;
		wake_up_process(q->task);
		woken++;
	}
	local_irq_restore(flags);
	return woken;
}

/* timeout: jiffies to wait, or MAX_SCHEDULE_TIMEOUT. */
static int futex_wait(u32 __user *uaddr, u32 val, long timeout, u32 bitset)
{
	struct futex_q q = { .task = current, .mm = current->mm, .uaddr = (unsigned long)uaddr,
			     .bitset = bitset };
	unsigned long flags;
	u32 cur;
	int ret = 0;

	if (!bitset)
		return -EINVAL;
	if ((unsigned long)uaddr & 3)
		return -EINVAL;
	local_irq_save(flags);
	list_add_tail(&q.list, &futex_queue);
	local_irq_restore(flags);
	if (get_user(cur, uaddr)) {
		ret = -EFAULT;
	} else if (cur != val) {
		ret = -EAGAIN;
	} else {
		for (;;) {
			set_current_state(TASK_INTERRUPTIBLE);
			if (q.woken)
				break;
			if (signal_pending(current)) {
				ret = -EINTR;
				break;
			}
			if (!timeout) {
				ret = -ETIMEDOUT;
				break;
			}
			timeout = schedule_timeout(timeout);
		}
		__set_current_state(TASK_RUNNING);
	}
	local_irq_save(flags);
	if (!q.woken)
		list_del(&q.list);
	local_irq_restore(flags);
	return q.woken ? 0 : ret;
}

/* Wake nr waiters of uaddr, move up to nr2 more to uaddr2 (Linux's futex_requeue). */
static int futex_requeue(u32 __user *uaddr, int nr, u32 __user *uaddr2, int nr2, u32 *cmpval)
{
	struct futex_q *q, *n;
	unsigned long flags;
	int woken = 0, moved = 0;
	u32 cur;

	if (cmpval) {
		if (get_user(cur, uaddr))
			return -EFAULT;
		if (cur != *cmpval)
			return -EAGAIN;
	}
	local_irq_save(flags);
	list_for_each_entry_safe(q, n, &futex_queue, list) {
		if (!match(q, current->mm, (unsigned long)uaddr))
			continue;
		if (woken < nr) {
			list_del_init(&q->list);
			q->woken = true;
			wake_up_process(q->task);
			woken++;
		} else if (moved < nr2) {
			q->uaddr = (unsigned long)uaddr2;
			moved++;
		} else {
			break;
		}
	}
	local_irq_restore(flags);
	return woken + moved;
}

#define NSEC_PER_SEC 1000000000LL
u64 sched_clock(void);
extern u64 boot_wallclock_sec;

/* A timespec (relative, or absolute on CLOCK_MONOTONIC/REALTIME) to jiffies from now. */
static long timeout_jiffies(s64 sec, long nsec, bool absolute, bool realtime)
{
	s64 ns;

	if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	ns = sec * NSEC_PER_SEC + nsec;
	if (absolute) {
		s64 now = sched_clock() + (realtime ? (s64)boot_wallclock_sec * NSEC_PER_SEC : 0);

		ns = ns > now ? ns - now : 0;
	}
	if (ns > (s64)(MAX_SCHEDULE_TIMEOUT / 2) * (NSEC_PER_SEC / HZ))
		return MAX_SCHEDULE_TIMEOUT;
	ns += NSEC_PER_SEC / HZ - 1;
	{
		u64 t = ns;

		do_div(t, NSEC_PER_SEC / HZ);
		return (long)t + (ns ? 1 : 0);
	}
}

static long do_futex(u32 __user *uaddr, int op, u32 val, s64 sec, long nsec, bool has_timeout,
		     u32 __user *uaddr2, u32 val2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	long timeout = MAX_SCHEDULE_TIMEOUT;

	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (has_timeout) {
			timeout = timeout_jiffies(sec, nsec, cmd == FUTEX_WAIT_BITSET,
						  op & FUTEX_CLOCK_REALTIME);
			if (timeout < 0)
				return timeout;
		}
		return futex_wait(uaddr, val, timeout,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, val, uaddr2, val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, val, uaddr2, val2, &val3);
	default:
		return -ENOSYS;
	}
}

/* futex (240): the timeout is an old_timespec32; for the requeues it is val2. */
long sys_futex_time32(u32 __user *uaddr, int op, u32 val, const long __user *utime,
		      u32 __user *uaddr2, u32 val3)
{
	long t[2] = { 0, 0 };
	int cmd = op & FUTEX_CMD_MASK;
	bool timed = utime && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET);

	if (timed && copy_from_user(t, utime, sizeof(t)))
		return -EFAULT;
	return do_futex(uaddr, op, val, t[0], t[1], timed, uaddr2, (u32)(unsigned long)utime, val3);
}

/* futex_time64 (422): a struct __kernel_timespec (64-bit seconds). */
long sys_futex(u32 __user *uaddr, int op, u32 val, const void __user *utime,
	       u32 __user *uaddr2, u32 val3)
{
	struct { s64 sec; long nsec, pad; } t = { 0, 0, 0 };
	int cmd = op & FUTEX_CMD_MASK;
	bool timed = utime && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET);

	if (timed && copy_from_user(&t, utime, 12))
		return -EFAULT;
	return do_futex(uaddr, op, val, t.sec, t.nsec, timed, uaddr2, (u32)(unsigned long)utime, val3);
}
