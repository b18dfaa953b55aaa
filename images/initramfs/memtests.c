/*
 * memtests: process-memory checks for lucix (the notes' memory chapters in
 * user space), a static i386 musl program like usertests. Boot it as init
 * (init=/bin/memtests). It reads the kernel's per-process figures (VmSize,
 * VmRSS, RssAnon, VmLck, VmPTE, ... in kB, as /proc/PID/status will show
 * them) through the lucix-only system call lucix_memstat, and checks:
 * malloc_test (a big malloc grows VmSize, not VmRSS; four touches add four
 * pages), the RSS split, page-table pages, munmap and mprotect splitting,
 * mremap, madvise, mincore, mlock and friends with RLIMIT_MEMLOCK, MAP_POPULATE
 * and MAP_LOCKED, brk with RLIMIT_DATA, and that every page comes back.
 *
 * Output as usertests: "PASS name", "FAIL name: why", then
 * "memtests: N passed, M failed", then power-off if all passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <sched.h>

#define NR_lucix_memstat	0x4c00	/* guest/include/asm/unistd_32.h */

/* guest/mm/memstat.c's struct lucix_memstat: kB, as /proc/PID/status. */
struct memstat {
	unsigned long vm_peak, vm_size, vm_lck, vm_hwm, vm_rss;
	unsigned long rss_anon, rss_file, rss_shmem;
	unsigned long vm_data, vm_stk, vm_pte;
	unsigned long mem_free, mem_total;
	unsigned long min_flt;
	unsigned long commit_limit, committed_as;
	long oom_score, oom_kills;
	unsigned long mem_available;
};

#define NR_lucix_oom_score_adj	0x4c01
#define NR_lucix_vm_sysctl	0x4c02

#include "check.h"
#define PG 4096UL

/* Raw system call: the exact -errno, no libc in between. */
static long sys(long nr, long a, long b, long c, long d, long e)
{
	long r;

	__asm__ volatile("push %%ebx; mov %2, %%ebx; int $0x80; pop %%ebx"
			 : "=a"(r) : "0"(nr), "r"(a), "c"(b), "d"(c), "S"(d), "D"(e) : "memory");
	return r;
}

static struct memstat ms_of(pid_t pid)
{
	struct memstat m;

	memset(&m, 0xff, sizeof(m));
	if (sys(NR_lucix_memstat, pid, (long)&m, 0, 0, 0))
		printf("lucix_memstat failed\n");
	return m;
}

static struct memstat ms(void)
{
	return ms_of(0);
}

static long set_overcommit(long mode)
{
	return sys(NR_lucix_vm_sysctl, 0, (long)&mode, 0, 0, 0);
}

static long set_oom_score_adj(int adj)
{
	return sys(NR_lucix_oom_score_adj, 0, (long)&adj, 0, 0, 0);
}

static int resident(void *p, unsigned long len, unsigned char *vec)
{
	unsigned long i;
	int n = 0;

	if (mincore(p, len, vec))
		return -1;
	for (i = 0; i < (len + PG - 1) / PG; i++)
		n += vec[i] & 1;
	return n;
}

static void touch(char *p)
{
	volatile char *v = p;
	int i;

	for (i = 0; i < 1024; i++)
		v[i] = (char)i;
}

static void test_malloc(void)
{
	struct memstat a, b, c, d;
	char *p;

	cur = "malloc_test";
	free(malloc(16 << 20));		/* musl sets up its own bookkeeping on first use */
	a = ms();
	p = malloc(16 << 20);
	b = ms();
	CHECK(p != NULL, "malloc 16 MiB");
	check(b.vm_size >= a.vm_size + 16384, "VmSize grows by 16 MiB",
	      "VmSize %lu -> %lu kB", a.vm_size, b.vm_size);
	/* musl writes the chunk header in the first page and may take a brk page
	 * or two for its bookkeeping (mallocng's meta areas): a few pages of 4096. */
	check(b.vm_rss <= a.vm_rss + 16, "VmRSS does not grow (a few bookkeeping pages of 4096)", "VmRSS %lu -> %lu kB",
	      a.vm_rss, b.vm_rss);
	/* Through a volatile pointer: the compiler would drop stores to memory freed unread. */
	touch(p + (1 << 20));
	touch(p + (5 << 20));
	touch(p + (9 << 20));
	touch(p + (13 << 20));
	c = ms();
	CHECK_EQ(c.vm_rss - b.vm_rss, 16, "four 1 KiB touches add exactly four pages (kB)");
	CHECK_EQ(c.rss_anon - b.rss_anon, 16, "they are anonymous (RssAnon)");
	CHECK(c.vm_hwm >= c.vm_rss, "VmHWM >= VmRSS");
	CHECK(c.vm_peak >= c.vm_size, "VmPeak >= VmSize");
	free(p);
	d = ms();
	check(d.vm_size <= a.vm_size + 16, "free gives the mapping back (VmSize)",
	      "VmSize %lu -> %lu -> %lu kB, VmRSS %lu -> %lu -> %lu", a.vm_size, b.vm_size, d.vm_size,
	      a.vm_rss, b.vm_rss, d.vm_rss);
	CHECK(d.vm_rss <= a.vm_rss + 16 && d.vm_rss < c.vm_rss, "free gives the pages back (VmRSS)");
	CHECK(d.vm_peak >= c.vm_size, "VmPeak keeps the peak");
	CHECK(d.vm_hwm >= c.vm_rss, "VmHWM keeps the peak");
	/* musl's threshold: small requests come from brk/heap pages, not new mmaps. */
	a = ms();
	p = malloc(100);
	b = ms();
	CHECK(p && b.vm_size - a.vm_size < 1024, "a small malloc maps no big area");
	free(p);
	printf("malloc_test: musl maps a request of more than ~112 KiB with mmap (MMAP_THRESHOLD), glibc of 128 KiB or more\n");
}

static void test_accounting(void)
{
	struct memstat a, b;
	char *p, *s;
	pid_t pid;
	int st;

	cur = "accounting";
	a = ms();
	/* The vDSO page (4 kB); run from a disk file system, the program's text
	 * is mapped from the page cache and counts too (as on Linux). */
	CHECK(a.rss_file >= 4 && a.rss_file % 4 == 0, "RssFile: the vDSO page, and text mapped from a file");
	CHECK_EQ(a.vm_rss, a.rss_anon + a.rss_file + a.rss_shmem, "VmRSS = RssAnon + RssFile + RssShmem");
	CHECK(a.vm_pte >= 4, "VmPTE counts page-table pages");
	CHECK(a.vm_stk >= 4, "VmStk");
	/* At 1 GiB, where nothing was ever mapped: 0 and 4 MiB in are under two
	 * page tables that do not exist yet (2 MiB each with PAE, 4 MiB without). */
	p = mmap((void *)0x40000000, 8 << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(p == (void *)0x40000000, "map 8 MiB at 1 GiB");
	b = ms();
	CHECK_EQ(b.vm_data - a.vm_data, 8192, "VmData counts private writable mappings");
	a = ms();
	p[0] = 1;
	p[4 << 20] = 1;
	b = ms();
	CHECK_EQ(b.vm_pte - a.vm_pte, 8, "two touches far apart add two page tables (VmPTE)");
	munmap(p, 8 << 20);
	a = ms();
	s = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	b = ms();
	CHECK_EQ(b.rss_shmem - a.rss_shmem, 16, "shared anonymous memory is RssShmem");
	munmap(s, 4 * PG);
	b = ms();
	CHECK_EQ(b.rss_shmem, a.rss_shmem, "RssShmem back after munmap");
	/* After fork the child's RSS counts the shared pages; a write copies one. */
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 7, 8 * PG);
	pid = fork();
	if (pid == 0) {
		struct memstat c = ms(), g;

		p[0] = 9;
		g = ms();
		_exit((c.rss_anon >= 32 && g.vm_rss == c.vm_rss && p[PG] == 7) ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork: shared pages in the child's RSS; a COW write replaces one");
	CHECK_EQ(p[0], 7, "the parent's page is untouched");
	munmap(p, 8 * PG);
}

static void on_segv(int sig)
{
	(void)sig;
	_exit(42);
}

static void test_munmap_mprotect(void)
{
	unsigned char vec[8];
	char *p;
	pid_t pid;
	int st;

	cur = "munmap";
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 5, 3 * PG);
	CHECK_EQ(munmap(p + PG, PG), 0, "unmap the middle page");
	CHECK_EQ(mincore(p, PG, vec), 0, "first page still mapped");
	CHECK(mincore(p + PG, PG, vec) == -1 && errno == ENOMEM, "middle page gone (mincore ENOMEM)");
	CHECK(p[0] == 5 && p[2 * PG] == 5, "both ends keep their data");
	CHECK_EQ(munmap(p, 3 * PG), 0, "unmap across the hole and both VMAs");
	CHECK(mincore(p, PG, vec) == -1 && mincore(p + 2 * PG, PG, vec) == -1, "all gone");
	CHECK_EQ(sys(SYS_munmap, (long)p + 1, PG, 0, 0, 0), -EINVAL, "unaligned: -EINVAL");

	cur = "mprotect";
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 6, 3 * PG);
	CHECK_EQ(mprotect(p + PG, PG, PROT_READ), 0, "middle page read-only");
	p[0] = 1;
	p[2 * PG] = 1;
	CHECK(p[PG] == 6, "the read-only page still reads");
	pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, on_segv);
		p[PG] = 1;
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "writing the read-only middle faults (SIGSEGV)");
	CHECK_EQ(mprotect(p, 3 * PG, PROT_READ | PROT_WRITE), 0, "whole range writable again");
	p[PG] = 2;
	CHECK_EQ(p[PG], 2, "written");
	munmap(p + 2 * PG, PG);
	CHECK_EQ(sys(SYS_mprotect, (long)p + PG, 2 * PG, PROT_READ, 0, 0), -ENOMEM,
		 "mprotect over unmapped pages: -ENOMEM");
	munmap(p, 3 * PG);
}

static void test_mremap(void)
{
	struct memstat a, b;
	unsigned char vec[16];
	char *p, *q, *r;
	unsigned long i;

	cur = "mremap";
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4 * PG, 4 * PG);
	for (i = 0; i < 4; i++)
		p[i * PG] = 'a' + i;
	q = mremap(p, 4 * PG, 8 * PG, 0);
	CHECK(q == p, "grow in place into free space");
	q[7 * PG] = 'z';
	q = mremap(p, 8 * PG, 4 * PG, 0);
	CHECK(q == p, "shrink in place");
	CHECK(mincore(p + 4 * PG, PG, vec) == -1 && errno == ENOMEM, "the tail is unmapped");
	/* Block the space after it. */
	r = mmap(p + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(r == p + 4 * PG, "a blocker after it");
	CHECK_EQ(sys(SYS_mremap, (long)p, 4 * PG, 8 * PG, 0, 0), -ENOMEM,
		 "grow blocked without MREMAP_MAYMOVE: -ENOMEM");
	a = ms();
	q = mremap(p, 4 * PG, 16 * PG, MREMAP_MAYMOVE);
	b = ms();
	CHECK(q != MAP_FAILED && q != p, "MREMAP_MAYMOVE moves it");
	CHECK(q[0] == 'a' && q[PG] == 'b' && q[2 * PG] == 'c' && q[3 * PG] == 'd', "data moved intact");
	CHECK_EQ(b.vm_rss, a.vm_rss, "moving copies nothing (VmRSS)");
	CHECK_EQ(b.vm_size - a.vm_size, 48, "VmSize +12 pages");
	CHECK(mincore(p, PG, vec) == -1 && errno == ENOMEM, "the old place is unmapped");
	CHECK_EQ(resident(q, 16 * PG, vec), 4, "four pages resident after the move");
	q[15 * PG] = 'y';
	r = mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(r, 4 * PG);	/* a free address to move to */
	CHECK_EQ(sys(SYS_mremap, (long)q, 4 * PG, 4 * PG, MREMAP_FIXED, (long)r), -EINVAL,
		 "MREMAP_FIXED without MREMAP_MAYMOVE: -EINVAL");
	CHECK_EQ(sys(SYS_mremap, (long)q, 4 * PG, 4 * PG, MREMAP_FIXED | MREMAP_MAYMOVE,
		     (long)q + PG), -EINVAL, "MREMAP_FIXED onto itself: -EINVAL");
	p = mremap(q, 4 * PG, 4 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, r);
	CHECK(p == r && p[0] == 'a' && p[3 * PG] == 'd', "MREMAP_FIXED moves to the given address");
	CHECK(q[15 * PG] == 'y', "the rest of the old mapping stays");
	CHECK_EQ(sys(SYS_mremap, (long)q + 1, PG, PG, 0, 0), -EINVAL, "unaligned: -EINVAL");
	CHECK_EQ(sys(SYS_mremap, (long)q, 4 * PG, 0, 0, 0), -EINVAL, "new size 0: -EINVAL");
	CHECK_EQ(sys(SYS_mremap, (long)q, 16 * PG, 32 * PG, MREMAP_MAYMOVE, 0), -EFAULT,
		 "old range not all mapped: -EFAULT");
	CHECK_EQ(sys(SYS_mremap, (long)q, PG, PG, 8, 0), -EINVAL, "unknown flag: -EINVAL");
	munmap(p, 4 * PG);
	munmap(q, 16 * PG);
	munmap((char *)r, 4 * PG);
}

static void test_madvise_mincore(void)
{
	struct memstat a, b;
	unsigned char vec[8];
	char *p;

	cur = "madvise";
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ(resident(p, 8 * PG, vec), 0, "mincore: nothing resident before a touch");
	p[0] = 1;
	p[3 * PG] = 3;
	p[7 * PG] = 7;
	CHECK_EQ(resident(p, 8 * PG, vec), 3, "mincore: three pages after three touches");
	CHECK(vec[0] == 1 && vec[1] == 0 && vec[3] == 1 && vec[7] == 1, "mincore: the right ones");
	a = ms();
	CHECK_EQ(madvise(p, 4 * PG, MADV_DONTNEED), 0, "MADV_DONTNEED");
	b = ms();
	CHECK_EQ(a.vm_rss - b.vm_rss, 8, "two pages dropped from VmRSS");
	CHECK(p[0] == 0 && p[3 * PG] == 0, "they read back as zero");
	CHECK_EQ(p[7 * PG], 7, "the rest of the mapping keeps its data");
	CHECK_EQ(madvise(p, 8 * PG, MADV_WILLNEED), 0, "MADV_WILLNEED");
	CHECK_EQ(madvise(p, 8 * PG, MADV_SEQUENTIAL), 0, "MADV_SEQUENTIAL");
	CHECK_EQ(sys(SYS_madvise, (long)p, PG, 12345, 0, 0), -EINVAL, "unknown advice: -EINVAL");
	CHECK_EQ(sys(SYS_madvise, (long)p + 1, PG, MADV_DONTNEED, 0, 0), -EINVAL, "unaligned: -EINVAL");
	CHECK_EQ(sys(SYS_madvise, (long)p, 16 * PG, MADV_WILLNEED, 0, 0), -ENOMEM,
		 "a range with unmapped pages: -ENOMEM");
	CHECK_EQ(mlock(p, PG), 0, "lock a page");
	CHECK_EQ(sys(SYS_madvise, (long)p, PG, MADV_DONTNEED, 0, 0), -EINVAL,
		 "MADV_DONTNEED on locked memory: -EINVAL");
	munlock(p, PG);
	cur = "mincore";
	CHECK_EQ(sys(SYS_mincore, (long)p + 1, PG, (long)vec, 0, 0), -EINVAL, "unaligned: -EINVAL");
	CHECK_EQ(sys(SYS_mincore, (long)p, 16 * PG, (long)vec, 0, 0), -ENOMEM, "unmapped: -ENOMEM");
	CHECK_EQ(sys(SYS_mincore, (long)p, PG, 0xc0000000, 0, 0), -EFAULT, "vector in the kernel: -EFAULT");
	munmap(p, 8 * PG);
}

static void test_mlock(void)
{
	struct memstat a, b, c;
	struct rlimit rl;
	unsigned char vec[16];
	char *p, *q;
	unsigned long i;
	pid_t pid;
	int st;

	cur = "mlock";
	p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	a = ms();
	CHECK_EQ(a.vm_lck, 0, "VmLck 0 at first");
	CHECK_EQ(mlock(p + 100, 16 * PG - 200), 0, "mlock (unaligned start and length)");
	b = ms();
	CHECK_EQ(b.vm_lck, 64, "VmLck 64 kB");
	CHECK_EQ(b.vm_rss - a.vm_rss, 64, "locking makes all 16 pages present");
	for (i = 0; i < 16; i++)
		p[i * PG] = 1;
	c = ms();
	CHECK_EQ(c.min_flt, b.min_flt, "no page fault when touching locked memory");
	CHECK_EQ(munlock(p + 4 * PG, 4 * PG), 0, "munlock part of it");
	CHECK_EQ(ms().vm_lck, 48, "VmLck 48 kB");
	CHECK_EQ(munlock(p, 16 * PG), 0, "munlock the rest");
	CHECK_EQ(ms().vm_lck, 0, "VmLck 0");
	munmap(p + 8 * PG, PG);
	CHECK(mlock(p, 16 * PG) == -1 && errno == ENOMEM, "mlock over a hole: ENOMEM");
	munmap(p, 16 * PG);
	CHECK_EQ(ms().vm_lck, 0, "munmap of locked memory drops VmLck");

	/* RLIMIT_MEMLOCK and inheritance in a child (limits stay with it). */
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		rl.rlim_cur = rl.rlim_max = 8 * PG;
		bad |= setrlimit(RLIMIT_MEMLOCK, &rl) != 0;
		p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bad |= (mlock(p, 16 * PG) != -1 || errno != ENOMEM) << 1;
		bad |= (mlock(p, 8 * PG) != 0) << 2;
		bad |= (mlock(p + 8 * PG, PG) != -1 || errno != ENOMEM) << 3;
		bad |= (mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0) !=
			MAP_FAILED || errno != EAGAIN) << 4;
		_exit(bad);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "RLIMIT_MEMLOCK child ran");
	CHECK_EQ(WEXITSTATUS(st), 0, "RLIMIT_MEMLOCK: ENOMEM over it, EAGAIN for MAP_LOCKED");

	/* mlockall in a child: everything locked, new mappings too; fork does not inherit. */
	pid = fork();
	if (pid == 0) {
		struct memstat m, n;
		int bad = 0, st2;
		pid_t gc;

		bad |= (sys(SYS_mlockall, 0, 0, 0, 0, 0) != -EINVAL);
		bad |= (sys(SYS_mlockall, 8, 0, 0, 0, 0) != -EINVAL) << 1;
		bad |= (mlockall(MCL_CURRENT | MCL_FUTURE) != 0) << 2;
		m = ms();
		bad |= (m.vm_lck != m.vm_size - 4) << 3;	/* all but the vDSO */
		q = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		n = ms();
		bad |= (q == MAP_FAILED || n.vm_lck != m.vm_lck + 32 || n.vm_rss != m.vm_rss + 32) << 4;
		gc = fork();
		if (gc == 0)
			_exit(ms().vm_lck != 0);
		bad |= (waitpid(gc, &st2, 0) != gc || st2 != 0) << 5;
		bad |= (munlockall() != 0 || ms().vm_lck != 0) << 6;
		_exit(bad);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "mlockall child ran");
	CHECK_EQ(WEXITSTATUS(st), 0, "mlockall: EINVAL for bad flags, MCL_FUTURE, fork, munlockall");

	cur = "mmap_flags";
	a = ms();
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	b = ms();
	CHECK_EQ(b.vm_rss - a.vm_rss, 32, "MAP_POPULATE: all pages present");
	CHECK_EQ(resident(p, 8 * PG, vec), 8, "mincore agrees");
	munmap(p, 8 * PG);
	a = ms();
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	b = ms();
	CHECK(b.vm_lck == a.vm_lck + 16 && b.vm_rss == a.vm_rss + 16, "MAP_LOCKED: locked and present");
	munmap(p, 4 * PG);
	b = ms();
	p = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	CHECK(p != MAP_FAILED, "MAP_NORESERVE maps");
	munmap(p, 64 << 20);
	/* A stack keeps Linux's 1 MiB guard gap to the mapping below: leave 2 MiB free. */
	q = mmap(NULL, (2 << 20) + 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(q, (2 << 20) + 4 * PG);
	p = mmap(q + (2 << 20), 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	CHECK(p == q + (2 << 20), "MAP_GROWSDOWN maps");
	CHECK_EQ(ms().vm_stk - b.vm_stk, 16, "a MAP_GROWSDOWN mapping counts in VmStk");
	munmap(p, 4 * PG);
}

static void test_brk(void)
{
	pid_t pid;
	int st;

	cur = "brk";
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 1 << 20, 1 << 20 };
		long cur_brk = sys(SYS_brk, 0, 0, 0, 0, 0), r;
		int bad = 0;

		bad |= setrlimit(RLIMIT_DATA, &rl) != 0;
		r = sys(SYS_brk, cur_brk + (4 << 20), 0, 0, 0, 0);
		bad |= (r != cur_brk) << 1;	/* refused: the old break comes back */
		r = sys(SYS_brk, cur_brk + PG, 0, 0, 0, 0);
		bad |= (r != cur_brk + (long)PG) << 2;
		bad |= (sbrk(8 << 20) != (void *)-1 || errno != ENOMEM) << 3;
		_exit(bad);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "child ran");
	CHECK_EQ(WEXITSTATUS(st), 0, "RLIMIT_DATA bounds brk; below it brk grows");
	CHECK_EQ(sys(SYS_brk, 0xc0000000, 0, 0, 0, 0), sys(SYS_brk, 0, 0, 0, 0, 0),
		 "brk into the kernel: refused");
}

/* vm.overcommit_memory 0, 1 and 2, in a child (the mode is restored after). */
static void test_overcommit(void)
{
	struct memstat a, b;
	unsigned long total, room;
	long mode = -1, r;
	char *p, *q;
	pid_t pid;
	int st;

	cur = "overcommit";
	CHECK_EQ(sys(NR_lucix_vm_sysctl, 0, 0, (long)&mode, 0, 0), 0, "read vm.overcommit_memory");
	CHECK_EQ(mode, 0, "mode 0 (heuristic) at boot");
	mode = 3;
	CHECK_EQ(sys(NR_lucix_vm_sysctl, 0, (long)&mode, 0, 0, 0), -EINVAL, "mode 3: -EINVAL");
	a = ms();
	total = a.mem_total;
	CHECK_EQ(a.commit_limit, (total / 4 * 50 / 100) * 4, "CommitLimit = 50% of RAM (no swap)");
	p = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b = ms();
	CHECK_EQ(b.committed_as - a.committed_as, 4096, "a private writable 4 MiB map charges 4096 kB");
	q = mmap(NULL, 4 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ(ms().committed_as, b.committed_as, "a read-only private map charges nothing");
	munmap(q, 4 << 20);
	q = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	CHECK_EQ(ms().committed_as, b.committed_as, "MAP_NORESERVE charges nothing (mode 0)");
	munmap(q, 4 << 20);
	munmap(p, 4 << 20);
	CHECK_EQ(ms().committed_as, a.committed_as, "munmap gives the charge back");

	/* Mode 0: one request bigger than RAM + swap fails; many smaller ones overcommit. */
	p = mmap(NULL, (total + 16384) * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p == MAP_FAILED && errno == ENOMEM, "mode 0: a map larger than RAM: ENOMEM");
	p = mmap(NULL, total * 1024 / 4 * 3, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q = mmap(NULL, total * 1024 / 4 * 3, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && q != MAP_FAILED, "mode 0: two maps of 3/4 of RAM each (overcommitted)");
	CHECK(ms().committed_as > total, "Committed_AS above MemTotal");
	munmap(p, total * 1024 / 4 * 3);
	munmap(q, total * 1024 / 4 * 3);

	pid = fork();
	if (pid == 0) {
		int bad = 0;
		struct memstat m;

		bad |= set_overcommit(1) != 0;
		p = mmap(NULL, 1 << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bad |= (p == MAP_FAILED) << 1;		/* mode 1: always */
		munmap(p, 1 << 30);
		bad |= (set_overcommit(2) != 0) << 2;
		m = ms();
		room = m.commit_limit - m.committed_as;	/* kB */
		p = mmap(NULL, (room + 1024) * 1024, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bad |= (p != MAP_FAILED || errno != ENOMEM) << 3;	/* mode 2: over CommitLimit */
		p = mmap(NULL, (room + 1024) * 1024, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		bad |= (p != MAP_FAILED || errno != ENOMEM) << 4;	/* MAP_NORESERVE ignored in mode 2 */
		p = mmap(NULL, 1 << 30, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bad |= (p == MAP_FAILED) << 5;		/* read-only: not charged */
		munmap(p, 1 << 30);
		bad |= (sbrk((room + 1024) * 1024) != (void *)-1) << 6;
		p = mmap(NULL, room * 1024 / 10 * 6, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bad |= (p == MAP_FAILED) << 7;		/* 60% of the room: fits */
		r = fork();
		if (r == 0)
			_exit(0);
		bad |= (r != -1 || errno != ENOMEM) << 8;	/* the child's copy does not */
		munmap(p, room * 1024 / 10 * 6);
		bad |= (set_overcommit(0) != 0) << 9;
		_exit(bad);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "mode 1 and 2 child ran");
	CHECK_EQ(WEXITSTATUS(st), 0, "mode 1 grants 1 GiB; mode 2 refuses past CommitLimit (mmap, MAP_NORESERVE, brk, fork)");
	set_overcommit(0);
	CHECK_EQ(ms().committed_as, a.committed_as, "Committed_AS back after the child");
}

/* Fill a child's memory with a pattern, or check it. */
static int fill(char *p, unsigned long len, int seed, int check_only)
{
	unsigned long i;

	for (i = 0; i < len; i += PG) {
		if (check_only && p[i] != (char)(seed + i / PG))
			return 1;
		p[i] = (char)(seed + i / PG);
	}
	return 0;
}

/*
 * The OOM killer: a victim (16 MiB, oom_score_adj 1000), a survivor (1 MiB,
 * adj 0) and a hog (adj -1000: never chosen) that touches 4 MiB more than
 * MemAvailable (free less what the allocator keeps back).
 * The victim dies by SIGKILL, the hog gets its memory, the survivor's data
 * is intact, and exactly one process was killed.
 */
static void test_oom(void)
{
	/* No pipes without a VFS: the processes meet in a shared page. */
	volatile int *sh = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t victim, survivor, hog;
	struct memstat a, v, s;
	int st;

	cur = "oom";
	CHECK(sh != MAP_FAILED, "a shared page to meet in");
	if (sh == MAP_FAILED)
		return;
	a = ms();
	victim = fork();
	if (victim == 0) {
		char *p = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		set_oom_score_adj(1000);
		fill(p, 16 << 20, 1, 0);
		__sync_fetch_and_add(&sh[0], 1);
		for (;;)
			sched_yield();	/* until the OOM killer ends it */
	}
	survivor = fork();
	if (survivor == 0) {
		char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		fill(p, 1 << 20, 2, 0);
		__sync_fetch_and_add(&sh[0], 1);
		while (!sh[1])
			sched_yield();
		_exit(fill(p, 1 << 20, 2, 1) ? 4 : 0);
	}
	while (sh[0] < 2)
		sched_yield();
	v = ms_of(victim);
	s = ms_of(survivor);
	CHECK(v.oom_score > s.oom_score, "oom_score: the adj 1000 process ranks first");
	CHECK_EQ(sys(NR_lucix_oom_score_adj, 0, (long)&(int){1001}, 0, 0, 0), -EINVAL,
		 "oom_score_adj 1001: -EINVAL");
	hog = fork();
	if (hog == 0) {
		unsigned long len = (ms().mem_available + 4096) * 1024;
		char *p;

		set_oom_score_adj(-1000);
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(5);
		fill(p, len, 3, 0);
		_exit(fill(p, len, 3, 1) ? 6 : 0);
	}
	CHECK(waitpid(hog, &st, 0) == hog && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the hog (adj -1000) got 4 MiB more than MemAvailable");
	CHECK(waitpid(victim, &st, 0) == victim && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "the victim (adj 1000) was killed by SIGKILL");
	sh[1] = 1;
	CHECK(waitpid(survivor, &st, 0) == survivor && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the survivor kept running with its data intact");
	CHECK_EQ(ms().oom_kills - a.oom_kills, 1, "exactly one OOM kill");
	munmap((void *)sh, PG);
}

static void run_suite(void)
{
	test_malloc();
	test_accounting();
	test_munmap_mprotect();
	test_mremap();
	test_madvise_mincore();
	test_mlock();
	test_brk();
	test_overcommit();
	test_oom();
}

int main(void)
{
	struct sysinfo before, after;
	volatile int *counts;
	pid_t pid;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("memtests: pid %d, starting\n", getpid());
	if (getpid() != 1) {
		run_suite();
		printf("memtests: %d passed, %d failed\n", passed, failed);
		return failed ? 1 : 0;
	}
	counts = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	sync();
	sysinfo(&before);
	pid = fork();
	if (pid == 0) {
		run_suite();
		counts[0] = passed;
		counts[1] = failed;
		_exit(0);
	}
	cur = "init";
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "suite exited");
	passed += counts[0];
	failed += counts[1];
	while (wait(&st) > 0)
		;
	sync();
	sysinfo(&after);
	check(before.freeram == after.freeram, "no leaked pages: free pages back to the start value",
	      "before %lu, after %lu", before.freeram, after.freeram);
	printf("memtests: %d passed, %d failed\n", passed, failed);
	if (failed)
		return 1;
	reboot(RB_POWER_OFF);
	return 0;
}
