/*
 * Small system calls about the process and the system (Linux's kernel/sys.c,
 * kernel/time/, kernel/sched/core.c's syscalls): identities (everyone is
 * root: uid 0), uname, sysinfo, times, getrusage, resource limits, the
 * scheduler's calls, prctl(PR_SET_NAME), reboot, time and sleeping. Times are
 * virtual: they come from the TSC, which on Lucid counts instructions.
 */
#include <linux/kernel.h>
#include <linux/swap.h>
#include <linux/vmalloc.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <asm/ptrace.h>
#include <asm/processor.h>

unsigned long slab_objects_in_use(void);
void fill_rusage(struct task_struct *p, void *r);

long sys_getpid(void) { return current->tgid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void) { return current->real_parent->tgid; }
long sys_getuid(void) { return 0; }
long sys_getgid(void) { return 0; }
/* Process groups and sessions: kept and inherited (no job control acts on them yet). */
long sys_getpgid(pid_t pid)
{
	struct task_struct *t = pid ? find_task_by_pid(pid) : current;

	return t ? t->pgid : -ESRCH;
}

long sys_getpgrp(void) { return current->pgid; }

long sys_getsid(pid_t pid)
{
	struct task_struct *t = pid ? find_task_by_pid(pid) : current;

	return t ? t->sid : -ESRCH;
}

long sys_setsid(void)
{
	if (current->pgid == current->tgid)
		return -EPERM;		/* a group leader cannot start a session */
	current->sid = current->pgid = current->tgid;
	return current->sid;
}

/* The caller or one of its children, into a group of the caller's session. */
long sys_setpgid(pid_t pid, pid_t pgid)
{
	struct task_struct *t = pid ? find_task_by_pid(pid) : current;

	if (pgid < 0)
		return -EINVAL;
	if (!t || (t != current && t->real_parent != current))
		return -ESRCH;
	if (t->sid != current->sid)
		return -EPERM;
	t->pgid = pgid ? pgid : t->tgid;
	return 0;
}

long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/* iopl(3) lets a root process use IN/OUT (the tests leave through the exit port this way). */
long sys_iopl(unsigned int level)
{
	struct pt_regs *regs = current_pt_regs();

	if (level > 3)
		return -EINVAL;
	regs->flags = (regs->flags & ~0x3000UL) | (level << 12);
	return 0;
}

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

char uts_nodename[65] = "lucid", uts_domainname[65] = "(none)";
const char uts_release[] = "6.1.0-lucix", uts_version[] = "#1 PREEMPT lucix 0.1.0";

/* The host name: uname's nodename, set by sethostname (64 characters at most, as Linux). */
long sys_sethostname(const char __user *name, int len)
{
	char tmp[65];

	if (len < 0 || len > 64)
		return -EINVAL;
	if (copy_from_user(tmp, name, len))
		return -EFAULT;
	tmp[len] = 0;
	memcpy(uts_nodename, tmp, len + 1);
	return 0;
}

long sys_newuname(struct new_utsname __user *name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));	/* what programs test for */
	strlcpy(u.nodename, uts_nodename, sizeof(u.nodename));	/* kernel.hostname */
	/* A release glibc accepts (it compares with its minimum kernel, 3.2). */
	strlcpy(u.release, uts_release, sizeof(u.release));
	strlcpy(u.version, uts_version, sizeof(u.version));
	strlcpy(u.machine, "i686", sizeof(u.machine));
	strlcpy(u.domainname, uts_domainname, sizeof(u.domainname));	/* kernel.domainname */
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

struct sysinfo32 {
	long uptime;
	unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char _f[8];
};

long sys_sysinfo(struct sysinfo32 __user *info)
{
	struct sysinfo32 s;

	memset(&s, 0, sizeof(s));
	s.uptime = (jiffies - INITIAL_JIFFIES + HZ - 1) / HZ;
	s.totalram = totalram_pages;
	s.freeram = nr_free_pages();
	s.totalhigh = totalhigh_pages;
	s.totalswap = total_swap_pages;
	s.freeswap = nr_swap_pages > 0 ? nr_swap_pages : 0;
	s.procs = nr_threads;
	s.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* In clock ticks (USER_HZ = 100). */
long sys_times(long __user *tbuf)
{
	long t[4] = { (long)(current->se.sum_exec_runtime / 10000000), 0, 0, 0 };

	if (tbuf && copy_to_user(tbuf, t, sizeof(t)))
		return -EFAULT;
	return (long)(jiffies - INITIAL_JIFFIES) * 100 / HZ;
}

long sys_getrusage(int who, void __user *ru)
{
	long r[18];

	if (who != 0 && who != -1 && who != 1)	/* SELF, CHILDREN, THREAD */
		return -EINVAL;
	fill_rusage(current, r);
	if (who == -1)
		memset(r, 0, sizeof(r));	/* reaped children are not summed yet */
	return copy_to_user(ru, r, sizeof(r)) ? -EFAULT : 0;
}

/*
 * Resource limits, stored per task and inherited by fork (Linux keeps them
 * in signal_struct, shared by a thread group; here a thread has its own copy).
 * RLIMIT_NPROC is enforced by fork; the others are kept for getrlimit.
 */
extern int max_threads;

static void rlim_set(struct task_struct *t, unsigned int res, u64 cur, u64 max)
{
	t->rlim[res].rlim_cur = cur;
	t->rlim[res].rlim_max = max;
}

/* init's limits (fork_init): Linux's, NPROC and SIGPENDING at half of threads-max. */
void rlimit_init(struct task_struct *t)
{
	unsigned int i;

	for (i = 0; i < RLIM_NLIMITS; i++)
		rlim_set(t, i, RLIM64_INFINITY, RLIM64_INFINITY);
	rlim_set(t, RLIMIT_STACK, 8UL << 20, RLIM64_INFINITY);
	rlim_set(t, 4, 0, RLIM64_INFINITY);			/* RLIMIT_CORE */
	rlim_set(t, RLIMIT_NPROC, max_threads / 2, max_threads / 2);
	rlim_set(t, RLIMIT_NOFILE, 1024, 4096);
	rlim_set(t, 8, 8UL << 20, 8UL << 20);			/* RLIMIT_MEMLOCK */
	rlim_set(t, 11, max_threads / 2, max_threads / 2);	/* RLIMIT_SIGPENDING */
	rlim_set(t, 12, 819200, 819200);			/* RLIMIT_MSGQUEUE */
	rlim_set(t, 13, 0, 0);					/* RLIMIT_NICE */
	rlim_set(t, 14, 0, 0);					/* RLIMIT_RTPRIO */
}

/* Linux's do_prlimit: everyone is root here, so raising the hard limit is allowed. */
static long do_prlimit(struct task_struct *t, unsigned int res, const struct rlimit64 *new,
		       struct rlimit64 *old)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new && res == RLIMIT_NOFILE && new->rlim_max > 1024 * 1024)
		return -EPERM;		/* beyond fs.nr_open */
	if (old)
		*old = t->rlim[res];
	if (new)
		t->rlim[res] = *new;
	return 0;
}

long sys_prlimit64(pid_t pid, unsigned int res, const struct rlimit64 __user *new,
		   struct rlimit64 __user *old)
{
	struct task_struct *t = pid ? find_task_by_pid(pid) : current;
	struct rlimit64 n, o;
	long err;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	if (new && copy_from_user(&n, new, sizeof(n)))
		return -EFAULT;
	err = do_prlimit(t, res, new ? &n : NULL, &o);
	if (!err && old && copy_to_user(old, &o, sizeof(o)))
		return -EFAULT;
	return err;
}

/* The 32-bit calls: RLIM_INFINITY is ~0UL, larger values are clipped to it. */
long sys_getrlimit(unsigned int res, unsigned long __user *rlim)
{
	unsigned long v[2];
	int i;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	for (i = 0; i < 2; i++) {
		u64 x = i ? current->rlim[res].rlim_max : current->rlim[res].rlim_cur;

		v[i] = x > ~0UL ? ~0UL : (unsigned long)x;
	}
	return copy_to_user(rlim, v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setrlimit(unsigned int res, const unsigned long __user *rlim)
{
	unsigned long v[2];
	struct rlimit64 n;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(v, rlim, sizeof(v)))
		return -EFAULT;
	n.rlim_cur = v[0] == ~0UL ? RLIM64_INFINITY : v[0];
	n.rlim_max = v[1] == ~0UL ? RLIM64_INFINITY : v[1];
	return do_prlimit(current, res, &n, NULL);
}

#define PR_SET_NAME	15
#define PR_GET_NAME	16

long sys_prctl(int option, unsigned long arg2)
{
	char comm[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(comm, (const char __user *)arg2, sizeof(comm) - 1) < 0)
			return -EFAULT;
		comm[sizeof(comm) - 1] = 0;
		set_task_comm(current, comm);
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void __user *)arg2, current->comm, TASK_COMM_LEN) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

/* ---- the scheduler's system calls ---- */

long sys_sched_yield(void)
{
	sched_yield();
	return 0;
}

static struct task_struct *find_process(pid_t pid)
{
	if (pid < 0)
		return NULL;
	return pid ? find_task_by_pid(pid) : current;
}

long sys_sched_getscheduler(pid_t pid)
{
	struct task_struct *p;

	if (pid < 0)
		return -EINVAL;
	p = find_process(pid);
	return p ? sched_getscheduler(p) : -ESRCH;
}

long sys_sched_setscheduler(pid_t pid, int policy, const struct sched_param __user *param)
{
	struct sched_param sp;
	struct task_struct *p;

	if (!param || pid < 0)
		return -EINVAL;
	if (copy_from_user(&sp, param, sizeof(sp)))
		return -EFAULT;
	p = find_process(pid);
	if (!p)
		return -ESRCH;
	return sched_setscheduler(p, policy, &sp);
}

long sys_sched_getparam(pid_t pid, struct sched_param __user *param)
{
	struct task_struct *p;
	struct sched_param sp;

	if (!param || pid < 0)
		return -EINVAL;
	p = find_process(pid);
	if (!p)
		return -ESRCH;
	sp.sched_priority = p->rt_priority;
	return copy_to_user(param, &sp, sizeof(sp)) ? -EFAULT : 0;
}

long sys_sched_get_priority_max(int policy)
{
	return (policy == SCHED_FIFO || policy == SCHED_RR) ? MAX_USER_RT_PRIO - 1 :
	       (policy == SCHED_NORMAL || policy == SCHED_BATCH || policy == SCHED_IDLE ||
		policy == SCHED_DEADLINE) ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
	return (policy == SCHED_FIFO || policy == SCHED_RR) ? 1 :
	       (policy == SCHED_NORMAL || policy == SCHED_BATCH || policy == SCHED_IDLE ||
		policy == SCHED_DEADLINE) ? 0 : -EINVAL;
}

/* One CPU: the mask is {0}. */
long sys_sched_getaffinity(pid_t pid, unsigned int len, unsigned long __user *mask)
{
	unsigned long m = 1;

	if (len < sizeof(m) || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if (!find_process(pid))
		return -ESRCH;
	if (clear_user(mask, len) || copy_to_user(mask, &m, sizeof(m)))
		return -EFAULT;
	return sizeof(m);
}

long sys_sched_setaffinity(pid_t pid, unsigned int len, const unsigned long __user *mask)
{
	unsigned long m;

	if (len < sizeof(m))
		return -EINVAL;
	if (get_user(m, mask))
		return -EFAULT;
	if (!find_process(pid))
		return -ESRCH;
	return (m & 1) ? 0 : -EINVAL;
}

#define PRIO_PROCESS	0
long sys_getpriority(int which, int who)
{
	struct task_struct *p;

	if (which != PRIO_PROCESS)
		return which > 2 || which < 0 ? -EINVAL : 20;
	p = find_process(who);
	return p ? 20 - task_nice(p) : -ESRCH;	/* the kernel returns 20 - nice */
}

long sys_setpriority(int which, int who, int niceval)
{
	struct task_struct *p;

	if (which != PRIO_PROCESS)
		return which > 2 || which < 0 ? -EINVAL : 0;
	p = find_process(who);
	if (!p)
		return -ESRCH;
	set_user_nice(p, niceval);
	return 0;
}

long sys_nice(int increment)
{
	set_user_nice(current, task_nice(current) + increment);
	return 0;
}

/* ---- reboot ---- */

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC
#define LINUX_REBOOT_CMD_CAD_ON		0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000

long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != 672274793 && magic2 != 85072278 && magic2 != 369367448 &&
	     magic2 != 537993216))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		pr_emerg("reboot: %s\n", cmd == LINUX_REBOOT_CMD_HALT ? "System halted" : "Power down");
		if (cmd == LINUX_REBOOT_CMD_POWER_OFF)
			machine_power_off();	/* status 0 on Lucid */
		machine_exit(0);		/* halt: the exit port (status 1), then halt */
	case LINUX_REBOOT_CMD_RESTART:
		pr_emerg("reboot: Restarting system\n");
		machine_exit(0);
	default:
		return -EINVAL;
	}
}

/*
 * No file systems to flush yet. sync gives the empty slabs back to the page
 * allocator instead (what Linux's drop_caches does for its caches) and logs
 * the counters (KERN_DEBUG), so a test can sync before and after and compare
 * free pages (sysinfo) and slab objects (the log).
 */
long sys_sync(void)
{
	ksys_sync();		/* dirty pages and inodes of every file system to disk */
	try_to_free_pages(GFP_KERNEL, 0);
	pr_debug("sync: %lu pages free, %lu slab objects in use (caller: %lu pages mapped, %lu page tables)\n",
		 nr_free_pages(), slab_objects_in_use(), current->mm ? current->mm->rss : 0,
		 current->mm ? current->mm->nr_ptes : 0);
	vmalloc_report("sync");
	return 0;
}

/* ---- time: virtual, from sched_clock (the TSC; instructions on Lucid) ---- */

struct timespec32 { long tv_sec, tv_nsec; };
struct timespec64u { s64 tv_sec; long tv_nsec, pad; };

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	3
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define NSEC_PER_SEC		1000000000ULL

extern u64 boot_wallclock_sec;	/* arch/x86/time.c: the CMOS clock at boot, 0 if unknown */
u64 __weak boot_wallclock_sec;

static int clock_ns(int which, u64 *ns)
{
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = boot_wallclock_sec * NSEC_PER_SEC + sched_clock();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = sched_clock();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = current->se.sum_exec_runtime;
		return 0;
	default:
		return -EINVAL;
	}
}

/* File timestamps: seconds of CLOCK_REALTIME (the virtual RTC at boot, then the clock). */
u32 current_time_sec(void)
{
	u64 ns;

	clock_ns(CLOCK_REALTIME, &ns);
	do_div(ns, NSEC_PER_SEC);
	return ns;
}

static void ns_split(u64 ns, u64 *sec, unsigned long *nsec)
{
	u64 s = ns;

	*nsec = do_div(s, NSEC_PER_SEC);
	*sec = s;
}

long sys_clock_gettime32(int which, struct timespec32 __user *tp)
{
	struct timespec32 t;
	u64 ns, sec;
	unsigned long nsec;
	int err = clock_ns(which, &ns);

	if (err)
		return err;
	ns_split(ns, &sec, &nsec);
	t.tv_sec = sec;
	t.tv_nsec = nsec;
	return copy_to_user(tp, &t, sizeof(t)) ? -EFAULT : 0;
}

long sys_clock_gettime(int which, struct timespec64u __user *tp)
{
	struct timespec64u t;
	u64 ns, sec;
	unsigned long nsec;
	int err = clock_ns(which, &ns);

	if (err)
		return err;
	ns_split(ns, &sec, &nsec);
	t.tv_sec = sec;
	t.tv_nsec = nsec;
	t.pad = 0;
	return copy_to_user(tp, &t, 12) ? -EFAULT : 0;	/* struct __kernel_timespec: 12 bytes used */
}

long sys_clock_getres(int which, struct timespec32 __user *tp)
{
	struct timespec32 t = { 0, 1 };
	u64 ns;

	if (clock_ns(which, &ns))
		return -EINVAL;
	return tp && copy_to_user(tp, &t, sizeof(t)) ? -EFAULT : 0;
}

long sys_gettimeofday(long __user *tv, void __user *tz)
{
	u64 ns, sec;
	unsigned long nsec;
	long t[2];

	clock_ns(CLOCK_REALTIME, &ns);
	ns_split(ns, &sec, &nsec);
	t[0] = sec;
	t[1] = nsec / 1000;
	if (tv && copy_to_user(tv, t, sizeof(t)))
		return -EFAULT;
	if (tz && clear_user(tz, 8))
		return -EFAULT;
	return 0;
}

long sys_time(long __user *tloc)
{
	u64 ns, sec;
	unsigned long nsec;

	clock_ns(CLOCK_REALTIME, &ns);
	ns_split(ns, &sec, &nsec);
	if (tloc && put_user((long)sec, tloc))
		return -EFAULT;
	return sec;
}

/* Sleep for ns nanoseconds in ticks (rounded up); -EINTR with the rest if a signal comes. */
static long do_nanosleep(u64 ns, u64 *left)
{
	u64 ticks = ns;
	long t, r;

	ticks += NSEC_PER_SEC / HZ - 1;
	do_div(ticks, NSEC_PER_SEC / HZ);
	t = ticks > MAX_SCHEDULE_TIMEOUT - 1 ? MAX_SCHEDULE_TIMEOUT - 1 : (long)ticks;
	if (!t)
		return 0;
	r = t + 1;	/* a partial tick first, as Linux's jiffies-based sleeps */
	while (r > 0 && !signal_pending(current))
		r = schedule_timeout_interruptible(r);
	*left = r > 0 ? (u64)r * (NSEC_PER_SEC / HZ) : 0;
	return r > 0 ? -EINTR : 0;
}

static long nanosleep_common(u64 sec, long nsec, void __user *rem, bool t64)
{
	u64 left = 0, s;
	unsigned long ns;
	long ret;

	if (nsec < 0 || nsec >= (long)NSEC_PER_SEC || (s64)sec < 0)
		return -EINVAL;
	ret = do_nanosleep(sec * NSEC_PER_SEC + nsec, &left);
	if (ret == -EINTR && rem) {
		ns_split(left, &s, &ns);
		if (t64) {
			struct timespec64u t = { s, ns, 0 };

			if (copy_to_user(rem, &t, 12))
				return -EFAULT;
		} else {
			struct timespec32 t = { s, ns };

			if (copy_to_user(rem, &t, sizeof(t)))
				return -EFAULT;
		}
	}
	return ret;
}

long sys_nanosleep_time32(const struct timespec32 __user *rqtp, struct timespec32 __user *rmtp)
{
	struct timespec32 t;

	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	return nanosleep_common((u64)(s64)t.tv_sec, t.tv_nsec, rmtp, false);
}

#define TIMER_ABSTIME 1
static long clock_nanosleep_common(int which, int flags, u64 sec, long nsec, void __user *rem,
				   bool t64)
{
	u64 now = 0;

	if (which != CLOCK_REALTIME && which != CLOCK_MONOTONIC && which != CLOCK_BOOTTIME)
		return -EINVAL;
	if (flags & TIMER_ABSTIME) {
		u64 target, s;
		unsigned long ns;

		if (nsec < 0 || nsec >= (long)NSEC_PER_SEC)
			return -EINVAL;
		clock_ns(which, &now);
		target = sec * NSEC_PER_SEC + nsec;
		if (target <= now)
			return 0;
		ns_split(target - now, &s, &ns);
		return nanosleep_common(s, ns, NULL, t64);
	}
	return nanosleep_common(sec, nsec, rem, t64);
}

long sys_clock_nanosleep_time32(int which, int flags, const struct timespec32 __user *rqtp,
				struct timespec32 __user *rmtp)
{
	struct timespec32 t;

	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	return clock_nanosleep_common(which, flags, (u64)(s64)t.tv_sec, t.tv_nsec, rmtp, false);
}

long sys_clock_nanosleep(int which, int flags, const struct timespec64u __user *rqtp,
			 struct timespec64u __user *rmtp)
{
	struct timespec64u t;

	if (copy_from_user(&t, rqtp, 12))
		return -EFAULT;
	return clock_nanosleep_common(which, flags, t.tv_sec, t.tv_nsec, rmtp, true);
}

/* getrandom: the deterministic generator (kernel/random.c); flags are accepted. */
void get_random_bytes(void *buf, int nbytes);
long sys_getrandom(char __user *buf, size_t count, unsigned int flags)
{
	char chunk[64];
	size_t done = 0;

	if (flags & ~7U)		/* GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE */
		return -EINVAL;
	if (count > 33554431)
		count = 33554431;
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		get_random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

/* No current directory until the VFS: every process is at the root. */
/* The robust-futex list head is recorded (glibc registers one per thread); not walked at exit yet. */
long sys_set_robust_list(void __user *head, size_t len)
{
	if (len != 12)			/* sizeof(struct robust_list_head) on i386 */
		return -EINVAL;
	return 0;
}
