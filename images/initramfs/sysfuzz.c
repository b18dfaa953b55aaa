/*
 * sysfuzz: a system-call fuzzer for lucix in the spirit of trinity, a static
 * i386 musl program like usertests. It makes random calls from the whole i386
 * table (and the lucix-only calls at 0x4c00) with random and half-valid
 * arguments: NULL, good buffers at odd offsets, buffers that run off the end
 * of a mapping or into a read-only page, kernel addresses (0xC0000000 and up),
 * random addresses, huge and negative lengths, random flags, open and closed
 * descriptors, path names, and arrays of such pointers (iovecs). The calls run
 * in child processes, several at a time, each with helper threads; a call
 * that forks returns in the new process only to end it.
 *
 *   sysfuzz [-s SEED] [-n CALLS] [-b CALLS_PER_CHILD] [-c CHILDREN] [-t THREADS] [-v] [-V BATCH] [-x SLOT]
 *           [-B FIRST]
 *
 * The run is a function of the seed (printed first): child C of batch B
 * draws from (SEED, B, C), and the machine is deterministic, so the same seed
 * makes the same calls again; -v prints every call before it is made (with
 * the calling thread's id), -V B those of batch B only; -x S lets only the
 * children in slot S make calls (the others start and end), to find which
 * child of a batch causes a finding; -B F starts at batch F (the warm-up
 * batch whose end is the baseline), to rerun a finding of a long run without
 * the batches before it (the kernel's state then differs: pids, caches).
 *
 * The parent (init) runs as SCHED_FIFO 99, watches each child's call counter,
 * sends SIGALRM to a child that stopped making progress (a blocking call) and
 * SIGKILL if that did not help, then kills and reaps everything left
 * (kill(-1)), fails if any process outlived that, and removes the children's
 * files and mounts. After every batch it
 * checks, through lucix_memstat, that free pages and slab objects are back to
 * their values after the first batch, and that slab debugging (slub_debug)
 * reported nothing. It ends with "sysfuzz: PASS ..." and a power-off, or
 * "sysfuzz: FAIL ..." and exit (init exiting panics the kernel).
 *
 * Never called (they would end the run rather than test the kernel):
 *   reboot                      powers the machine off
 *   exit, exit_group            end the child early (each child ends with exit_group)
 *   setrlimit                   a child could lift its own limits (prlimit64 reads only)
 *   pivot_root                  moves every process's root
 *   lucix_vm_sysctl             changes the overcommit policy for everybody
 * Rewritten: every argument that names another process (kill, tkill, tgkill,
 * rt_(tg)sigqueueinfo, ptrace, setpgid, setpriority, sched_set*, prlimit64,
 * process_vm_*, pidfd_open, kcmp, ioprio_set, lucix_oom_score_adj) becomes the
 * child itself, 0 or a pid nobody has, never init or -1; mount and umount
 * take only the child's own relative names and never MS_REMOUNT or MS_MOVE.
 * Paths are all relative to the child's directory /tmp/fz/N; the console is
 * not among the descriptors (its output is the test's log).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>

#define NR_lucix_memstat	0x4c00	/* guest/include/asm/unistd_32.h */
#define NR_lucix_oom_score_adj	0x4c01
#define NR_lucix_vm_sysctl	0x4c02
#define NR_MAX			452	/* the i386 table, a little past the last call */
#define PG			4096UL
#define MAX_CHILDREN		8
#define ARENA_PAGES		16

/* guest/mm/memstat.c's struct lucix_memstat (asked for by size). */
struct memstat {
	unsigned long vm_peak, vm_size, vm_lck, vm_hwm, vm_rss;
	unsigned long rss_anon, rss_file, rss_shmem;
	unsigned long vm_data, vm_stk, vm_pte;
	unsigned long mem_free, mem_total;
	unsigned long min_flt;
	unsigned long commit_limit, committed_as;
	long oom_score, oom_kills;
	unsigned long mem_available;
	unsigned long nr_free_pages, slab_objects, slab_errors, slab_pages;
	unsigned long kernel_pgtables;
};

/*
 * Memory is back when the free pages and slab objects are. A free page may
 * have become a PTE table of the kernel's own mappings (a big vmalloc, say
 * for a 64 MiB tmpfs file): the kernel keeps those, as Linux does, so they
 * are counted as free here; they are bounded by the vmalloc area's size.
 */
/*
 * Kill and reap until no more than procs tasks are left (kernel threads
 * included: procs is sysinfo's count). After run_batch's check no user
 * process is left, so this finds only kernel threads that came or went.
 * Returns 1 if any were left over.
 */
static int settle(unsigned int procs)
{
	int stray = 0;

	for (int tries = 0; tries < 25; tries++) {
		struct sysinfo si;
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		int st;

		sysinfo(&si);
		if (si.procs <= procs)
			break;
		stray = 1;
		kill(-1, SIGKILL);
		while (waitpid(-1, &st, WNOHANG) > 0)
			;
		nanosleep(&ts, NULL);
	}
	return stray;
}

static int memory_back(const struct memstat *now, const struct memstat *base)
{
	return now->nr_free_pages + now->kernel_pgtables == base->nr_free_pages + base->kernel_pgtables &&
	       now->slab_objects == base->slab_objects;
}

/* Shared between the parent and every child (MAP_SHARED). */
struct shared {
	volatile unsigned int calls[MAX_CHILDREN];	/* calls started, per child slot */
	volatile unsigned int budget;			/* calls per child */
	volatile unsigned char enosys[NR_MAX + 1];	/* numbers seen to return ENOSYS */
	volatile unsigned int nr_enosys, nr_efault, nr_ok;
};

static struct shared *sh;
static unsigned int opt_seed = 1, opt_calls = 20000, opt_per_child = 500, opt_children = 2;
static unsigned int opt_threads = 1;
static int opt_verbose;
static int opt_only = -1;		/* -x SLOT: the other slots make no calls (to find a culprit) */
static int slot;			/* the child's slot */
static int verbose_fd = -1;		/* the console, kept by -v children */

/* Per-thread generator state: xorshift64*. */
struct rng { uint64_t s; };

static uint32_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 2685821657736338717ULL) >> 32);
}

static void rng_seed(struct rng *r, uint32_t a, uint32_t b, uint32_t c)
{
	r->s = ((uint64_t)a << 32 | b) ^ ((uint64_t)c * 0x9E3779B97F4A7C15ULL) ^ 0x5DEECE66DULL;
	if (!r->s)
		r->s = 1;
	for (int i = 0; i < 4; i++)
		rnd(r);
}

/*
 * The raw call: EBX, ECX, EDX, ESI, EDI, EBP from a[] and the exact -errno
 * back. EDI, which holds a, is loaded last; EBP and EBX are saved around it.
 */
static long sys_call(long nr, const uint32_t *a)
{
	long r;

	__asm__ volatile("push %%ebp; push %%ebx\n\t"
			 "mov 0(%%edi), %%ebx; mov 4(%%edi), %%ecx; mov 8(%%edi), %%edx\n\t"
			 "mov 12(%%edi), %%esi; mov 20(%%edi), %%ebp; mov 16(%%edi), %%edi\n\t"
			 "int $0x80\n\t"
			 "pop %%ebx; pop %%ebp"
			 : "=a"(r), "+D"(a) : "0"(nr) : "ecx", "edx", "esi", "memory");
	return r;
}

/*
 * The same for a call that may create a process or thread (fork, vfork,
 * clone, clone3): in the new one, whatever its stack and memory, exit at
 * once without touching memory (EAX is 0 there; the kernel keeps the other
 * registers).
 */
static long sys_call_fork(long nr, const uint32_t *a)
{
	long r;

	__asm__ volatile("push %%ebp; push %%ebx\n\t"
			 "mov 0(%%edi), %%ebx; mov 4(%%edi), %%ecx; mov 8(%%edi), %%edx\n\t"
			 "mov 12(%%edi), %%esi; mov 20(%%edi), %%ebp; mov 16(%%edi), %%edi\n\t"
			 "int $0x80\n\t"
			 "test %%eax, %%eax; jnz 1f\n\t"
			 "mov $1, %%eax; xor %%ebx, %%ebx; int $0x80\n"
			 "1: pop %%ebx; pop %%ebp"
			 : "=a"(r), "+D"(a) : "0"(nr) : "ecx", "edx", "esi", "memory");
	return r;
}

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	uint32_t v[6] = { (uint32_t)a, (uint32_t)b, (uint32_t)c, (uint32_t)d, (uint32_t)e, (uint32_t)f };

	return sys_call(nr, v);
}

/* ---- what a child calls with ---- */

static char *arena;		/* ARENA_PAGES read-write pages, then a PROT_NONE page */
static char *ro_page;		/* a read-only page */
static int fds[16], nr_fds;
static pid_t self_pid;

static const char *const paths[] = {
	"f0", "f1", "d0", "d0/f2", "d1", "l0", "p0", "nothere", ".", "..", "d0/..",
	"d0/d3/d4", "l1", "f0/", "", "d1/../f0",
};

static uint32_t kernel_addr(struct rng *r)
{
	static const uint32_t k[] = { 0xC0000000, 0xC0100000, 0xC0001000, 0xFFFFF000, 0xFFFFFFFC,
				      0xBFFFFFFC, 0xBFFFF000, 0xFFBFE000, 0xC0400000 };

	if (rnd(r) & 1)
		return k[rnd(r) % (sizeof(k) / sizeof(k[0]))];
	return 0xC0000000u + (rnd(r) & 0x3FFFFFFF);
}

static uint32_t arena_ptr(struct rng *r)
{
	return (uint32_t)(uintptr_t)arena + rnd(r) % (ARENA_PAGES * PG);
}

static uint32_t gen_arg(struct rng *r, int depth);

/* An array of (pointer, length) pairs: struct iovec and friends. */
static uint32_t iovec_ptr(struct rng *r, int depth)
{
	uint32_t *v = (uint32_t *)(arena + (rnd(r) % (ARENA_PAGES - 1)) * PG + (rnd(r) % 64) * 4);
	int n = 1 + rnd(r) % 8;

	for (int i = 0; i < n; i++) {
		v[2 * i] = depth ? rnd(r) : gen_arg(r, depth + 1);
		v[2 * i + 1] = (rnd(r) & 3) ? rnd(r) % 512 : gen_arg(r, depth + 1);
	}
	return (uint32_t)(uintptr_t)v;
}

/* One argument, of any kind. */
static uint32_t gen_arg(struct rng *r, int depth)
{
	static const uint32_t lens[] = { 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x10000, 4096, 4097,
					 0x40000000, 0xFFFFF000, 65536 * 16 };

	switch (rnd(r) % 18) {
	case 0:
		return 0;
	case 1:
		return rnd(r) % 17;
	case 2: case 3:
		return nr_fds ? (uint32_t)fds[rnd(r) % nr_fds] : 0;
	case 4: case 5:
		return arena_ptr(r);
	case 6:
		return (uint32_t)(uintptr_t)paths[rnd(r) % (sizeof(paths) / sizeof(paths[0]))];
	case 7:
		return kernel_addr(r);
	case 8:		/* unmapped or not ours */
		return (rnd(r) & 1) ? rnd(r) % 0x10000 : rnd(r) % 0xC0000000u;
	case 9:		/* runs off the end of the arena into its guard page */
		return (uint32_t)(uintptr_t)arena + ARENA_PAGES * PG - 1 - rnd(r) % 64;
	case 10:
		return (uint32_t)(uintptr_t)ro_page + rnd(r) % PG;
	case 11:
		return lens[rnd(r) % (sizeof(lens) / sizeof(lens[0]))];
	case 12:
		return rnd(r);
	case 13:
		return -(1 + rnd(r) % 5);
	case 14:
		return (1u << (rnd(r) % 32)) | ((rnd(r) & 1) ? rnd(r) % 0x1000 : 0);
	case 15:
		return depth < 1 ? iovec_ptr(r, depth) : rnd(r);
	case 16:
		return (uint32_t)(uintptr_t)arena + (rnd(r) % ARENA_PAGES) * PG;
	default:	/* a small count or size */
		return rnd(r) % 4096;
	}
}

/* A pid for calls that name a process: ourselves, "us" (0), or nobody. */
static uint32_t safe_pid(struct rng *r)
{
	switch (rnd(r) % 4) {
	case 0: return 0;
	case 1: return (uint32_t)self_pid;
	case 2: return 30000 + rnd(r) % 1000;
	default: return (uint32_t)sys6(SYS_gettid, 0, 0, 0, 0, 0, 0);
	}
}

static bool skipped(long nr)
{
	return nr == SYS_reboot || nr == SYS_exit || nr == SYS_exit_group || nr == SYS_setrlimit ||
	       nr == SYS_pivot_root || nr == NR_lucix_vm_sysctl;
}

/* Make the arguments of a call that reaches other processes or the system harmless. */
static void sanitize(struct rng *r, long nr, uint32_t *a)
{
	switch (nr) {
	case SYS_kill: case SYS_tkill: case SYS_ptrace: case SYS_setpgid: case SYS_sched_setparam:
	case SYS_sched_setscheduler: case SYS_sched_setaffinity: case SYS_rt_sigqueueinfo:
	case SYS_process_vm_readv: case SYS_process_vm_writev: case SYS_sched_setattr:
	case SYS_migrate_pages: case SYS_move_pages: case SYS_kcmp: case NR_lucix_oom_score_adj:
#ifdef SYS_pidfd_open
	case SYS_pidfd_open:
#endif
		a[0] = safe_pid(r);
		if (nr == SYS_kcmp)
			a[1] = safe_pid(r);
		break;
	case SYS_prlimit64:
		a[0] = safe_pid(r);
		a[2] = 0;		/* read the limits, never set them */
		break;
	case SYS_tgkill: case SYS_rt_tgsigqueueinfo:
		a[0] = safe_pid(r);
		a[1] = safe_pid(r);
		break;
	case SYS_setpriority: case SYS_ioprio_set:
		a[1] = safe_pid(r);
		break;
	case SYS_mount:
		a[1] = (uint32_t)(uintptr_t)paths[rnd(r) % 7];
		a[3] &= ~(uint32_t)(MS_REMOUNT | MS_MOVE);
		break;
	case SYS_umount: case SYS_umount2:
		a[0] = (uint32_t)(uintptr_t)paths[rnd(r) % 7];
		break;
	}
}

static bool forks(long nr)
{
	return nr == SYS_fork || nr == SYS_vfork || nr == SYS_clone
#ifdef SYS_clone3
	       || nr == SYS_clone3
#endif
		;
}

static long pick_nr(struct rng *r)
{
	for (;;) {
		uint32_t x = rnd(r);
		long nr = (x & 0xff) < 3 ? NR_lucix_memstat + (long)(x >> 8) % 3 : (long)((x >> 8) % (NR_MAX + 1));

		if (skipped(nr))
			continue;
		/* sigreturn with a random frame ends most children: one try in sixteen. */
		if ((nr == SYS_sigreturn || nr == SYS_rt_sigreturn) && (rnd(r) & 15))
			continue;
		/* Numbers without a handler: one try in sixteen. */
		if (nr <= NR_MAX && sh->enosys[nr] && (rnd(r) & 15))
			continue;
		return nr;
	}
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (verbose_fd >= 0 && n > 0)
		sys6(SYS_write, verbose_fd, (long)buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1, 0, 0, 0);
}

/* The fuzzing loop of one thread: calls until the child's budget is used up. */
static void fuzz_loop(struct rng *r)
{
	uint32_t a[6];
	unsigned int i;
	long nr, ret;

	while ((i = __sync_fetch_and_add(&sh->calls[slot], 1)) < sh->budget) {
		nr = pick_nr(r);
		for (int k = 0; k < 6; k++)
			a[k] = gen_arg(r, 0);
		sanitize(r, nr, a);
		if (verbose_fd >= 0)
			say("sysfuzz: %d.%u: %ld(%#x, %#x, %#x, %#x, %#x, %#x) [%ld]\n", slot, i, nr, a[0], a[1],
			    a[2], a[3], a[4], a[5], sys6(SYS_gettid, 0, 0, 0, 0, 0, 0));
		ret = forks(nr) ? sys_call_fork(nr, a) : sys_call(nr, a);
		if (ret == -ENOSYS && nr <= NR_MAX) {
			if (!sh->enosys[nr])
				sh->enosys[nr] = 1;
			__sync_fetch_and_add(&sh->nr_enosys, 1);
		} else if (ret == -EFAULT) {
			__sync_fetch_and_add(&sh->nr_efault, 1);
		} else if (ret >= 0 || ret < -4095) {
			__sync_fetch_and_add(&sh->nr_ok, 1);
		}
		/* A new descriptor joins the pool (replacing one at random). */
		if ((nr == SYS_open || nr == SYS_openat || nr == SYS_dup || nr == SYS_pipe ||
		     nr == SYS_creat || nr == SYS_dup2 || nr == SYS_fcntl64) && ret > 2 && ret < 1024)
			fds[nr_fds < 16 ? nr_fds++ : (int)(rnd(r) % 16)] = (int)ret;
	}
}

static void *thread_main(void *arg)
{
	struct rng r;

	rng_seed(&r, opt_seed, (uint32_t)(uintptr_t)arg, 0x7468);
	if (opt_only < 0 || opt_only == slot)
		fuzz_loop(&r);
	return NULL;
}

static void quiet_handler(int sig)
{
	(void)sig;
}

static sigjmp_buf recover;		/* the main thread's way back into its loop */
static volatile int recovering;

/*
 * A fault in a child (a call left a bad register or unmapped its own memory):
 * the main thread goes back to its loop, a helper thread ends.
 */
static void fault_handler(int sig)
{
	(void)sig;
	if (recovering && sys6(SYS_gettid, 0, 0, 0, 0, 0, 0) == self_pid)
		siglongjmp(recover, 1);
	sys6(SYS_exit, 0, 0, 0, 0, 0, 0);
}

/* Every signal a call may send us: caught (faults) or ignored by a handler. */
static void child_signals(void)
{
	static char altstack[16384];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;

	sigaltstack(&ss, NULL);
	for (int sig = 1; sig < 65; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sig == 32 || sig == 33)
			continue;	/* 32, 33: musl's own (thread cancel, setxid) */
		memset(&sa, 0, sizeof(sa));
		sa.sa_flags = SA_ONSTACK | SA_NODEFER;
		if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP ||
		    sig == SIGSYS)
			sa.sa_handler = fault_handler;
		else
			sa.sa_handler = quiet_handler;
		sigaction(sig, &sa, NULL);
	}
}

/* Files, directories and descriptors a child starts with, in /tmp/fz/N. */
static void child_setup(void)
{
	int p[2], fd;
	char name[32];

	snprintf(name, sizeof(name), "/tmp/fz/%d", slot);
	mkdir(name, 0755);
	if (chdir(name))
		_exit(120);
	fd = open("f0", O_CREAT | O_RDWR, 0644);
	if (fd >= 0) {
		if (write(fd, "sysfuzz file f0 0123456789abcdef\n", 33) < 0)
			_exit(121);
		fds[nr_fds++] = fd;
	}
	mkdir("d0", 0755);
	mkdir("d1", 0755);
	symlink("f0", "l0");
	symlink("nothere", "l1");
	mkfifo("p0", 0644);
	fds[nr_fds++] = open("d0", O_RDONLY | O_DIRECTORY);
	fds[nr_fds++] = open("/dev/null", O_RDWR);
	fds[nr_fds++] = open("/dev/zero", O_RDONLY);
	if (pipe2(p, O_NONBLOCK) == 0) {
		fds[nr_fds++] = p[0];
		fds[nr_fds++] = p[1];
	}
	fds[nr_fds++] = 1023;		/* closed */
	fds[nr_fds++] = -1;
	arena = mmap(NULL, (ARENA_PAGES + 1) * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro_page = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || ro_page == MAP_FAILED)
		_exit(122);
	mprotect(arena + ARENA_PAGES * PG, PG, PROT_NONE);
}

static void child_main(unsigned int batch)
{
	struct sched_param sp = { 0 };
	static struct rng r;
	int adj = 1000, nul;
	pthread_t th[4];

	sys6(SYS_sched_setscheduler, 0, SCHED_OTHER, (long)&sp, 0, 0, 0);
	sys6(NR_lucix_oom_score_adj, 0, (long)&adj, 0, 0, 0, 0);
	setsid();
	self_pid = getpid();
	child_signals();
	if (opt_verbose == 1 || opt_verbose == (int)batch + 2)
		verbose_fd = dup2(1, 200);
	nul = open("/dev/null", O_RDWR);
	dup2(nul, 0);
	dup2(nul, 1);
	dup2(nul, 2);
	if (nul > 2)
		close(nul);
	child_setup();
	rng_seed(&r, opt_seed, batch, (uint32_t)slot);
	for (unsigned int t = 0; t < opt_threads && t < 4; t++)
		if (pthread_create(&th[t], NULL, thread_main,
				   (void *)(uintptr_t)(batch * 16 + (unsigned int)slot * 4 + t + 1)))
			break;
	sigsetjmp(recover, 1);
	recovering = 1;
	if (opt_only < 0 || opt_only == slot)
		fuzz_loop(&r);
	sys6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
}

/* ---- the parent ---- */

/*
 * The counters the leak check compares. Free pages count the parent's own
 * as free too (its resident pages and page tables: its heap may grow by a
 * page between batches, which is no leak), and the pages the slab caches
 * hold (SLUB keeps a few empty slabs; the objects are compared apart).
 */
static struct memstat memstat(void)
{
	struct memstat m;

	memset(&m, 0xff, sizeof(m));
	if (sys6(NR_lucix_memstat, 0, (long)&m, sizeof(m), 0, 0, 0))
		printf("sysfuzz: lucix_memstat failed\n");
	m.nr_free_pages += m.vm_rss / 4 + m.vm_pte / 4 + m.slab_pages;
	return m;
}

/* Remove a directory tree the children left, their mounts first. */
static void remove_tree(const char *path, int depth)
{
	char sub[512];
	struct dirent *e;
	struct stat st;
	DIR *d;

	while (umount2(path, MNT_DETACH) == 0)
		;
	if (depth > 24 || lstat(path, &st))
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			remove_tree(sub, depth + 1);
		}
		closedir(d);
	}
	rmdir(path);
}

/*
 * The children's paths are relative, but ".." takes a child up to /tmp/fz,
 * /tmp and /: what is in those directories at the start stays, anything
 * else is removed after each batch (with everything under /tmp/fz).
 */
static const char *const watched_dirs[] = { "/", "/tmp", "/dev" };
static char *initial_names[3][64];

static bool initial(int d, const char *name)
{
	for (int i = 0; i < 64 && initial_names[d][i]; i++)
		if (!strcmp(initial_names[d][i], name))
			return true;
	return false;
}

static void note_initial_entries(void)
{
	for (int d = 0; d < 3; d++) {
		DIR *dir = opendir(watched_dirs[d]);
		struct dirent *e;
		int n = 0;

		while (dir && (e = readdir(dir)) && n < 63)
			initial_names[d][n++] = strdup(e->d_name);
		if (dir)
			closedir(dir);
	}
}

static void remove_new_entries(void)
{
	char path[300];

	remove_tree("/tmp/fz", 0);
	mkdir("/tmp/fz", 0755);
	for (int d = 0; d < 3; d++) {
		DIR *dir = opendir(watched_dirs[d]);
		struct dirent *e;

		while (dir && (e = readdir(dir))) {
			if (initial(d, e->d_name) || !strcmp(e->d_name, "fz"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", d ? watched_dirs[d] : "", e->d_name);
			remove_tree(path, 0);
			rewinddir(dir);
		}
		if (dir)
			closedir(dir);
	}
}

/* After a leak: what the file tree holds (names, sizes), to find what was left. */
static void dump_tree(const char *path, int depth)
{
	char sub[512];
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (depth > 4 || lstat(path, &st))
		return;
	printf("sysfuzz:   %s %o %lld\n", path, (unsigned int)st.st_mode, (long long)st.st_size);
	if (!S_ISDIR(st.st_mode) || !(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", strcmp(path, "/") ? path : "", e->d_name);
		dump_tree(sub, depth + 1);
	}
	closedir(d);
}

/*
 * Name every user process left after kill(-1, SIGKILL) and the reaping (a
 * thread is not listed in /proc, so every pid is looked up): pid, Tgid, PPid,
 * State, Name from /proc/PID/status. /proc is mounted only now.
 */
static void name_survivors(unsigned int batch)
{
	char path[40], buf[1024];

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	for (int pid = 2; pid < 32768; pid++) {
		FILE *f;
		char name[32] = "?", state[32] = "?";
		int tgid = -1, ppid = -1;
		bool user = false;

		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		if (!(f = fopen(path, "r")))
			continue;
		while (fgets(buf, sizeof(buf), f)) {
			sscanf(buf, "Name:\t%31[^\n]", name);
			sscanf(buf, "State:\t%31[^\n]", state);
			sscanf(buf, "Tgid:\t%d", &tgid);
			sscanf(buf, "PPid:\t%d", &ppid);
			user |= !strncmp(buf, "VmSize:", 7);	/* kernel threads have no memory lines */
		}
		fclose(f);
		if (user)
			printf("sysfuzz: after batch %u, pid %d (tgid %d, ppid %d, %s, %s) outlived kill(-1, SIGKILL)\n",
			       batch, pid, tgid, ppid, state, name);
	}
}

static unsigned int nr_children, nr_signalled, nr_stalled, nr_alarmed, nr_retries, nr_strays, nr_escalated;
static unsigned long base_procs;	/* processes at the baseline (init, kernel threads) */

/* One batch: opt_children children at once, watched until all have ended. */
static unsigned long run_batch(unsigned int batch)
{
	pid_t pid[MAX_CHILDREN];
	unsigned int last[MAX_CHILDREN], still[MAX_CHILDREN];
	struct timespec tick = { 0, 2 * 1000 * 1000 };
	unsigned long calls = 0;
	int live = 0, st;

	for (unsigned int c = 0; c < opt_children; c++) {
		sh->calls[c] = 0;
		last[c] = 0;
		still[c] = 0;
		pid[c] = fork();
		if (pid[c] == 0) {
			slot = (int)c;
			child_main(batch);
		}
		if (pid[c] > 0) {
			live++;
			nr_children++;
		}
	}
	while (live > 0) {
		nanosleep(&tick, NULL);
		for (unsigned int c = 0; c < opt_children; c++) {
			pid_t w;

			if (pid[c] <= 0)
				continue;
			w = waitpid(pid[c], &st, WNOHANG);
			if (w == pid[c]) {
				if (WIFSIGNALED(st))
					nr_signalled++;
				pid[c] = 0;
				live--;
				continue;
			}
			if (sh->calls[c] != last[c]) {
				last[c] = sh->calls[c];
				still[c] = 0;
				continue;
			}
			/* No new call for a while: a blocking call. Interrupt it, then kill. */
			if (++still[c] == 2) {
				kill(pid[c], SIGALRM);
				nr_alarmed++;
			} else if (still[c] == 4) {
				kill(pid[c], SIGKILL);
				nr_stalled++;
			} else if (still[c] % 8 == 0) {
				/*
				 * Killed, and still not reapable: its leader is
				 * gone but a thread of it is not (one waiting, in
				 * vfork, for a process of its own that nobody has
				 * signalled, say). Everything but init goes.
				 */
				kill(-1, SIGKILL);
				nr_escalated++;
			}
		}
	}
	/* Whatever the children left running: everything but init. */
	kill(-1, SIGKILL);
	while (waitpid(-1, &st, 0) > 0 || errno == EINTR)
		;
	/*
	 * Every process now descends from init and init has no child left
	 * (orphans come to init, a leader is reaped after its threads), so
	 * nothing may be left to signal: kill(-1, 0) must find no process.
	 */
	if (kill(-1, 0) == 0 || errno != ESRCH) {
		name_survivors(batch);
		printf("sysfuzz: FAIL: a process outlived kill(-1, SIGKILL) and the reaping after batch %u\n",
		       batch);
		exit(1);
	}
	for (unsigned int c = 0; c < opt_children; c++)
		calls += sh->calls[c] < sh->budget ? sh->calls[c] : sh->budget;
	remove_new_entries();
	return calls;
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static void usage(void)
{
	printf("usage: sysfuzz [-s SEED] [-n CALLS] [-b CALLS_PER_CHILD] [-c CHILDREN 1..%d] [-t THREADS 0..4] [-v] [-V BATCH] [-x SLOT] [-B FIRST]\n",
	       MAX_CHILDREN);
	exit(2);
}

int main(int argc, char **argv)
{
	struct sched_param sp = { .sched_priority = 99 };
	struct memstat base, now, first;
	unsigned long total = 0, leaks = 0;
	unsigned int batch = 0;
	int opt, adj = -1000;
	uint64_t t0, t1;

	setvbuf(stdout, NULL, _IONBF, 0);
	while ((opt = getopt(argc, argv, "s:n:b:c:t:vV:x:B:")) != -1) {
		switch (opt) {
		case 's': opt_seed = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'n': opt_calls = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'b': opt_per_child = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'c': opt_children = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 't': opt_threads = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'v': opt_verbose = 1; break;
		case 'x': opt_only = (int)strtoul(optarg, NULL, 0); break;
		case 'V': opt_verbose = (int)strtoul(optarg, NULL, 0) + 2; break;
		case 'B': batch = (unsigned int)strtoul(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (!opt_children || opt_children > MAX_CHILDREN || opt_threads > 4 || !opt_per_child)
		usage();
	printf("sysfuzz: seed %u, %u calls, batches of %u children x %u calls, %u threads each\n",
	       opt_seed, opt_calls, opt_children, opt_per_child, opt_threads);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		printf("sysfuzz: FAIL: no shared page (errno %d)\n", errno);
		return 1;
	}
	sh->budget = opt_per_child;
	/* musl's sched_setscheduler is a stub (ENOSYS): the call itself. */
	if (sys6(SYS_sched_setscheduler, 0, SCHED_FIFO, (long)&sp, 0, 0, 0))
		printf("sysfuzz: sched_setscheduler FIFO failed\n");
	sys6(NR_lucix_oom_score_adj, 0, (long)&adj, 0, 0, 0, 0);
	mkdir("/tmp", 0755);
	note_initial_entries();
	mkdir("/tmp/fz", 0755);
	/* A first batch warms up what stays (caches, init's own pages); then the
	 * baseline, once every process of that batch is gone. */
	{
		struct sysinfo si;

		sysinfo(&si);
		base_procs = si.procs;
	}
	t0 = rdtsc();
	total += run_batch(batch++);
	settle(base_procs);
	sync();
	base = memstat();
	first = base;
	printf("sysfuzz: baseline after batch %u: %lu pages free, %lu slab objects\n", batch - 1,
	       base.nr_free_pages, base.slab_objects);
	while (total < opt_calls) {
		total += run_batch(batch++);
		sync();
		now = memstat();
		for (int retry = 0; retry < 5 && !memory_back(&now, &base); retry++) {
			nr_retries++;
			nr_strays += settle(base_procs);
			struct timespec ts = { 0, 20 * 1000 * 1000 };

			nanosleep(&ts, NULL);	/* let deferred work run, then look again */
			sync();
			now = memstat();
		}
		if (!memory_back(&now, &base) &&
		    now.nr_free_pages + now.kernel_pgtables >= base.nr_free_pages + base.kernel_pgtables &&
		    now.slab_objects <= base.slab_objects) {
			/* More free than at the baseline: it was taken while something
			 * still held memory. Not a loss; the baseline moves up. */
			printf("sysfuzz: baseline after batch %u: %lu pages free, %lu slab objects (was %lu, %lu)\n",
			       batch - 1, now.nr_free_pages, now.slab_objects, base.nr_free_pages,
			       base.slab_objects);
			base = now;
		}
		if (!memory_back(&now, &base)) {
			leaks++;
			struct sysinfo si;

			sysinfo(&si);
			/* The loss itself first: the kernel's page tables count as free. */
			printf("sysfuzz: LEAK after batch %u: %ld pages and %ld slab objects lost "
			       "(free pages %lu -> %lu, slab objects %lu -> %lu, "
			       "kernel page tables %lu -> %lu, counted as free; %u processes)\n",
			       batch - 1,
			       (long)(base.nr_free_pages + base.kernel_pgtables) -
				       (long)(now.nr_free_pages + now.kernel_pgtables),
			       (long)now.slab_objects - (long)base.slab_objects, base.nr_free_pages,
			       now.nr_free_pages, base.slab_objects, now.slab_objects, base.kernel_pgtables,
			       now.kernel_pgtables, (unsigned int)si.procs);
			if (opt_verbose)
				dump_tree("/", 0);
			base = now;	/* report each step once */
		}
		if (opt_verbose)
			printf("sysfuzz: batch %u: free %lu (rss %lu kB, pte %lu kB), slab %lu, committed %lu kB\n",
			       batch - 1, now.nr_free_pages, now.vm_rss, now.vm_pte, now.slab_objects,
			       now.committed_as);
		if (batch % 20 == 0)
			printf("sysfuzz: %lu calls, batch %u, %lu leaks, %u processes left over\n", total, batch,
			       leaks, nr_strays);
	}
	t1 = rdtsc();
	now = memstat();
	printf("sysfuzz: %lu calls in %u batches, %u children (%u ended by a signal, %u interrupted, %u killed when stuck)\n",
	       total, batch, nr_children, nr_signalled, nr_alarmed, nr_stalled);
	printf("sysfuzz: results: %u ENOSYS, %u EFAULT, %u successful; %u numbers without a handler\n",
	       sh->nr_enosys, sh->nr_efault, sh->nr_ok, (unsigned int)({
		       unsigned int n = 0;
		       for (int i = 0; i <= NR_MAX; i++)
			       n += sh->enosys[i];
		       n;
	       }));
	printf("sysfuzz: %llu TSC ticks, %llu per call\n", (unsigned long long)(t1 - t0),
	       (unsigned long long)((t1 - t0) / (total ? total : 1)));
	printf("sysfuzz: %u leak checks looked twice, %u found a process left over\n", nr_retries, nr_strays);
	printf("sysfuzz: %u times a killed child could not be reaped and everything was killed\n", nr_escalated);
	printf("sysfuzz: kernel page tables %lu -> %lu (the kernel's own mappings keep theirs)\n",
	       first.kernel_pgtables, now.kernel_pgtables);
	if (leaks || now.slab_errors) {
		printf("sysfuzz: FAIL: %lu leaks, %lu slab debugging reports\n", leaks, now.slab_errors);
		return 1;
	}
	printf("sysfuzz: PASS: seed %u, %lu calls, no leak\n", opt_seed, total);
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
