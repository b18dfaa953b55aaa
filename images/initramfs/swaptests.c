/*
 * swaptests: reclaim and swap checked from user space (group 87). Runs as
 * init with an IDE disk whose partition 1 is an ext2 holding /big (4 MiB)
 * and partition 2 a swap area made by mkswap:
 *  - swapon/swapoff's answers (EBUSY, EINVAL without the signature or for
 *    a regular file), /proc/swaps, SwapTotal/SwapFree and sysinfo;
 *  - madvise(MADV_PAGEOUT) swaps pages out, a touch brings them back
 *    intact; the costs of both in guest instructions (rdtsc counts them);
 *  - swapped pages shared after fork: both sides read their data, a write
 *    in the child is not seen by the parent;
 *  - without swap, the page cache shrinks under pressure instead of an OOM;
 *  - /proc/self/maps names a mapping of an ext2 file;
 *  - more anonymous memory than RAM is written and read back intact;
 *    kswapd ran (its counters, its name in /proc);
 *  - under one more hog: the dcache shrinker prunes unused ext2 dentries,
 *    pages shared after fork leave both processes through the reverse map
 *    (one slot, both PTEs), and a hot page stays while cold ones go;
 *  - several processes forking and exiting under pressure leave no slot,
 *    swap-cache page or page behind;
 *  - swapoff brings every page back;
 *  - with swap full too, the OOM killer kills the hog (oom_score_adj 1000)
 *    and its swap is freed;
 *  - busybox swapon, free and swapoff.
 * Run as "swaptests-highmem" (at -m 1200) it checks that HighMem pages go
 * out and come back (through kmap) and skips the memory-filling tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "check.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define PG 4096

static char buf[16384];

static unsigned long long rdtsc(void)
{
	unsigned long long v;

	__asm__ __volatile__("rdtsc" : "=A"(v));
	return v;
}

static int read_file(const char *path)
{
	int fd = open(path, O_RDONLY), n, t = 0;

	buf[0] = 0;
	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + t, sizeof(buf) - 1 - t)) > 0)
		t += n;
	close(fd);
	buf[t] = 0;
	return t;
}

/* A "Name: N" field of /proc/meminfo or /proc/self/status (kB), or a /proc/vmstat counter. */
static long field(const char *path, const char *name)
{
	char *p;
	size_t l = strlen(name);

	if (read_file(path) < 0)
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, l) && (p[l] == ':' || p[l] == ' '))
			return strtol(p + l + 1, NULL, 10);
	return -1;
}
#define MEM(n)	field("/proc/meminfo", n)
#define VM(n)	field("/proc/vmstat", n)
#define SELF(n)	field("/proc/self/status", n)

static unsigned int pattern(unsigned long i, unsigned int seed)
{
	return (unsigned int)(i * 2654435761u) ^ seed;
}

/* Write a pattern into every page (several words each); read it back. */
static void fill(char *p, unsigned long pages, unsigned int seed)
{
	unsigned long i;

	for (i = 0; i < pages; i++) {
		unsigned int *w = (unsigned int *)(p + i * PG);
		w[0] = pattern(i, seed);
		w[517] = pattern(i, seed) + 1;
		w[1023] = ~pattern(i, seed);
	}
}

static unsigned long bad_pages(const char *p, unsigned long pages, unsigned int seed)
{
	unsigned long i, bad = 0;

	for (i = 0; i < pages; i++) {
		const unsigned int *w = (const unsigned int *)(p + i * PG);
		if (w[0] != pattern(i, seed) || w[517] != pattern(i, seed) + 1 || w[1023] != ~pattern(i, seed))
			bad++;
	}
	return bad;
}

static unsigned long long pagemap(const void *addr)
{
	unsigned long long e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &e, 8, (off_t)((unsigned long)addr / PG) * 8) != 8)
		e = 0;
	if (fd >= 0)
		close(fd);
	return e;
}

static long resident(const char *p, unsigned long pages)
{
	unsigned char vec[1024];
	unsigned long i;
	long n = 0;

	if (pages > sizeof(vec) || mincore((void *)p, pages * PG, vec))
		return -1;
	for (i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

/* Run busybox with args; its output in buf; the exit status. */
static int busybox(const char *a1, const char *a2, const char *a3)
{
	int fd[2], st, t = 0, n;
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (!pid) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		execl("/bin/busybox", "busybox", a1, a2, a3, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf + t, sizeof(buf) - 1 - t)) > 0)
		t += n;
	buf[t] = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * Swap in use (kB) by others than this process once kswapd's writes in
 * flight are done: up to 2 s of waiting. Our own idle pages (this init's
 * data and stack) may have gone to swap under a hog's pressure, as on
 * Linux: those are our VmSwap.
 */
static long swap_used(void)
{
	long used = 0;
	int i;

	for (i = 0; i < 20; i++) {
		used = MEM("SwapTotal") - MEM("SwapFree") - SELF("VmSwap");
		if (!used && !MEM("SwapCached"))
			break;
		usleep(100000);
	}
	return used;
}

static void test_swapon(void)
{
	char name[64], type[32];
	unsigned long size, used;
	int prio, n;
	struct sysinfo si;

	cur = "swapon";
	CHECK_EQ(MEM("SwapTotal"), 0, "no swap before swapon");
	CHECK_EQ(swapon("/dev/hda2", 0), 0, "swapon /dev/hda2");
	CHECK(swapon("/dev/hda2", 0) == -1 && errno == EBUSY, "a second swapon is EBUSY");
	CHECK(swapon("/dev/hda1", 0) == -1 && errno == EINVAL, "no SWAPSPACE2 signature is EINVAL");
	CHECK(swapon("/init", 0) == -1 && errno == EINVAL, "a regular file is EINVAL");
	CHECK(swapon("/nonexistent", 0) == -1 && errno == ENOENT, "a missing path is ENOENT");
	read_file("/proc/swaps");
	printf("/proc/swaps:\n%s", buf);
	CHECK(!strncmp(buf, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", 39), "the header line");
	n = sscanf(strchr(buf, '\n') + 1, "%63s %31s %lu %lu %d", name, type, &size, &used, &prio);
	CHECK(n == 5 && !strcmp(name, "/dev/hda2") && !strcmp(type, "partition"), "the area's line");
	CHECK_EQ(size, 8188, "Size: 8 MiB less the header page (kB)");
	CHECK_EQ(prio, -2, "the first area's priority is -2");
	CHECK_EQ(MEM("SwapTotal"), 8188, "SwapTotal");
	CHECK_EQ(MEM("SwapFree"), 8188 - (long)used, "SwapFree");
	CHECK(sysinfo(&si) == 0 && si.totalswap * si.mem_unit == 8188 * 1024UL, "sysinfo's totalswap");
}

static void test_pageout(void)
{
	enum { N = 64 };
	long out0 = VM("pswpout"), in0 = VM("pswpin"), maj0 = VM("pgmajfault");
	unsigned long long t0, t1, t2;
	char *p = mmap(NULL, N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	cur = "pageout";
	fill(p, N, 0x5a5a0000);
	CHECK_EQ(resident(p, N), N, "resident after the writes");
	t0 = rdtsc();
	CHECK_EQ(madvise(p, N * PG, MADV_PAGEOUT), 0, "madvise(MADV_PAGEOUT)");
	t1 = rdtsc();
	CHECK_EQ(VM("pswpout") - out0, N, "pswpout counts the pages written");
	CHECK_EQ(resident(p, N), 0, "none resident (mincore)");
	CHECK_EQ(SELF("VmSwap"), N * 4, "VmSwap");
	CHECK(pagemap(p) >> 62 == 1, "pagemap: bit 62 (swapped), not 63 (present)");
	CHECK_EQ(MEM("SwapTotal") - MEM("SwapFree"), N * 4, "SwapFree went down by the pages");
	t1 -= t0;
	t0 = rdtsc();
	CHECK_EQ(bad_pages(p, N, 0x5a5a0000), 0, "read back intact");
	t2 = rdtsc() - t0;
	CHECK_EQ(VM("pswpin") - in0, N, "pswpin counts the pages read");
	CHECK(VM("pgmajfault") - maj0 >= N, "each is a major fault");
	CHECK_EQ(SELF("VmSwap"), 0, "VmSwap back to 0");
	CHECK_EQ(swap_used(), 0, "the slots are free again");
	printf("swap cost: swap-out %llu, swap-in %llu guest instructions per page\n", t1 / N, t2 / N);
	munmap(p, N * PG);
}

/*
 * With HighMem (-m 1200; "swaptests-highmem"): user pages come from it, so
 * swap-out and swap-in go through kmap. The rest of the suite is skipped
 * but for pageout, fork and a small swapoff.
 */
static void test_highmem(void)
{
	enum { N = 64 };
	char *p = mmap(NULL, N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long long e;

	cur = "highmem";
	fill(p, N, 0x6161);
	e = pagemap(p);
	CHECK((e >> 63) && (e & ((1ULL << 55) - 1)) >= 0x38000, "the page is above 896 MiB (HighMem)");
	CHECK_EQ(madvise(p, N * PG, MADV_PAGEOUT), 0, "paged out");
	CHECK_EQ(resident(p, N), 0, "none resident");
	CHECK_EQ(bad_pages(p, N, 0x6161), 0, "read back intact");
	munmap(p, N * PG);
}

static void test_fork_shared(void)
{
	enum { N = 32 };
	char *p = mmap(NULL, N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	int st = -1;

	cur = "fork";
	fill(p, N, 0x1234);
	madvise(p, N * PG, MADV_PAGEOUT);
	CHECK_EQ(resident(p, N), 0, "swapped out before fork");
	pid = fork();
	if (!pid) {
		unsigned long bad = bad_pages(p, N, 0x1234);	/* read in: they stay in the swap cache */
		fill(p, N, 0x9999);				/* copies on write */
		_exit(bad || bad_pages(p, N, 0x9999) ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child read the parent's data, then wrote its own");
	CHECK_EQ(bad_pages(p, N, 0x1234), 0, "the parent's data is intact");
	CHECK_EQ(MEM("SwapCached"), 0, "nothing left in the swap cache");
	munmap(p, N * PG);
	CHECK_EQ(swap_used(), 0, "no slot leaked");
}

/* A child that writes and checks pages pages of anonymous memory (optionally as an OOM target). */
static int hog(unsigned long pages, int adj, unsigned int seed)
{
	pid_t pid = fork();
	int st;

	if (!pid) {
		char *p;

		if (adj) {
			FILE *f = fopen("/proc/self/oom_score_adj", "w");
			fprintf(f, "%d\n", adj);
			fclose(f);
		}
		p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		fill(p, pages, seed);
		_exit(bad_pages(p, pages, seed) ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	return st;
}

/* Dirty page-cache pages under pressure: written back by reclaim, then dropped. */
static void test_dirty(void)
{
	enum { N = 512 };	/* 2 MiB */
	char *p = malloc(N * PG);
	long dirty, st, n = 0;
	int fd;

	fill(p, N, 0xd1d1);
	fd = open("/mnt/dirty", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, p, N * PG) == N * PG, "write 2 MiB to /mnt/dirty (no fsync)");
	dirty = MEM("Dirty");
	CHECK(dirty >= N * 4 - 64, "they are Dirty in the page cache");
	st = hog((MEM("MemFree") + MEM("Cached") * 3 / 4) / 4, 0, 0x778);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a hog ran to the end");
	CHECK(MEM("Dirty") < dirty / 2, "reclaim wrote the dirty pages back");
	memset(p, 0, N * PG);
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) == 0)
		n = read(fd, p, N * PG);
	CHECK(n == N * PG && bad_pages(p, N, 0xd1d1) == 0, "the file reads back intact (from the disk)");
	printf("dirty: Dirty %ld kB -> %ld kB\n", dirty, MEM("Dirty"));
	close(fd);
	free(p);
}

static void test_pagecache(int mounted)
{
	long cached, total = MEM("MemTotal"), st;
	int fd;

	cur = "pagecache";
	CHECK(mounted, "mount /dev/hda1 on /mnt");
	if (!mounted)
		return;
	CHECK_EQ(swapoff("/dev/hda2"), 0, "swapoff (no swap for this test)");
	fd = open("/mnt/big", O_RDONLY);
	CHECK(fd >= 0, "open /mnt/big");
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	cached = MEM("Cached");
	CHECK(cached >= 4096, "reading 4 MiB fills the page cache");
	/* More than what is free: the cache must give way. */
	st = hog((MEM("MemFree") + cached / 2) / 4, 0, 0x777);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the hog ran to the end (no OOM kill)");
	CHECK(MEM("Cached") < cached - 1024, "the page cache shrank under pressure");
	CHECK(VM("pgsteal_direct") + VM("pgsteal_kswapd") > 0, "pgsteal counted it");
	printf("pagecache: Cached %ld kB -> %ld kB, MemTotal %ld kB\n", cached, MEM("Cached"), total);
	test_dirty();
}

static int kswapd_in_proc(void)
{
	char path[64];
	int pid;

	for (pid = 2; pid < 64; pid++) {
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		if (read_file(path) > 0 && !strcmp(buf, "kswapd0\n"))
			return pid;
	}
	return 0;
}

static void test_overcommit_ram(void)
{
	long total = MEM("MemTotal");
	unsigned long pages = (total + 4096) / 4;	/* RAM plus 4 MiB */
	long out0 = VM("pswpout"), in0 = VM("pswpin"), scan0 = VM("pgscan_kswapd"), st;

	cur = "bigger-than-ram";
	CHECK_EQ(swapon("/dev/hda2", 0), 0, "swapon again");
	st = hog(pages, 0, 0xabcd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "RAM + 4 MiB written and read back intact");
	CHECK(VM("pswpout") - out0 >= 1024, "pswpout: at least 4 MiB went to swap");
	CHECK(VM("pswpin") - in0 > 0, "pswpin: pages came back");
	CHECK(VM("pgscan_kswapd") - scan0 > 0, "kswapd scanned (pgscan_kswapd)");
	CHECK(VM("pageoutrun") > 0, "kswapd ran (pageoutrun)");
	CHECK(kswapd_in_proc() > 0, "kswapd0 is a process in /proc");
	CHECK_EQ(swap_used(), 0, "the hog's exit freed its slots");
	printf("bigger-than-ram: %lu pages; pswpout %ld pswpin %ld pgscan_kswapd %ld pgscan_direct %ld\n",
	       pages, VM("pswpout") - out0, VM("pswpin") - in0, VM("pgscan_kswapd") - scan0,
	       VM("pgscan_direct"));
}

static void test_swapoff(unsigned long pages)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long in0;

	cur = "swapoff";
	fill(p, pages, 0x4242);
	madvise(p, pages * PG, MADV_PAGEOUT);
	CHECK(SELF("VmSwap") >= (long)pages * 4 / 2, "half of RAM swapped out");
	in0 = VM("pswpin");
	CHECK_EQ(swapoff("/dev/hda2"), 0, "swapoff");
	CHECK(VM("pswpin") - in0 >= (long)pages / 2, "swapoff read the pages in");
	CHECK_EQ(SELF("VmSwap"), 0, "VmSwap 0 after swapoff");
	CHECK_EQ(MEM("SwapTotal"), 0, "SwapTotal 0");
	read_file("/proc/swaps");
	CHECK(!strchr(buf, '\n') || !strchr(buf, '\n')[1], "/proc/swaps: the header only");
	CHECK_EQ(bad_pages(p, pages, 0x4242), 0, "the data is intact");
	CHECK(swapoff("/dev/hda2") == -1 && errno == EINVAL, "a second swapoff is EINVAL");
	munmap(p, pages * PG);
}

static void test_oom(void)
{
	long kills = VM("oom_kill"), st;
	unsigned long pages;

	cur = "oom";
	CHECK_EQ(swapon("/dev/hda2", 0), 0, "swapon");
	pages = (MEM("MemTotal") + MEM("SwapTotal") + 8192) / 4;
	st = hog(pages, 1000, 0x3);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the hog was killed (SIGKILL)");
	CHECK_EQ(VM("oom_kill") - kills, 1, "one OOM kill");
	CHECK_EQ(swap_used(), 0, "its swap was freed");
	st = hog(MEM("MemTotal") / 4 / 2, 0, 0x4);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "memory works after the kill");
}

/*
 * /proc/self/maps names a file mapping: the file's offset, device (hda1 is
 * 03:01), inode and path, the path in the column where [stack] starts.
 */
static void test_maps_file(void)
{
	int fd = open("/mnt/big", O_RDONLY);
	struct stat st;
	char *p, *l, *stk, perms[8] = "", path[64] = "";
	unsigned long start = 0, end = 0, ino = 0;
	unsigned long long off = 0;
	unsigned int maj = 9, min = 9;

	cur = "maps";
	if (fd < 0 || fstat(fd, &st)) {
		CHECK(0, "open /mnt/big");
		return;
	}
	p = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 2 * PG);
	CHECK(p != MAP_FAILED && p[0] == 'x', "mmap /mnt/big from 8 KiB, read through it");
	read_file("/proc/self/maps");
	l = strstr(buf, "/mnt/big");
	while (l && l > buf && l[-1] != '\n')
		l--;
	CHECK(l && sscanf(l, "%lx-%lx %7s %llx %x:%x %lu %63s", &start, &end, perms, &off, &maj, &min, &ino,
			  path) == 8, "a line names /mnt/big");
	CHECK(start == (unsigned long)p && end == start + 3 * PG && !strcmp(perms, "r--p"),
	      "its range and permissions");
	CHECK(off == 2 * PG, "its offset column is the file offset (00002000)");
	CHECK(maj == 3 && min == 1, "its device is hda1 (03:01)");
	CHECK(ino == st.st_ino && !strcmp(path, "/mnt/big"), "its inode and path");
	stk = strstr(buf, "[stack]");
	while (stk && stk > buf && stk[-1] != '\n')
		stk--;
	CHECK(l && stk && strstr(l, "/mnt/big") - l == strstr(stk, "[stack]") - stk,
	      "the path starts in the names' column");
	munmap(p, 3 * PG);
	close(fd);
}

static long dentries(void)
{
	long n = -1;

	if (read_file("/proc/sys/fs/dentry-state") > 0)
		sscanf(buf, "%ld", &n);
	return n;
}

static long majflt(void)
{
	long v = -1;
	char *s;

	if (read_file("/proc/self/stat") <= 0 || !(s = strrchr(buf, ')')))
		return -1;
	/* after the comm: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt */
	sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %ld", &v);
	return v;
}

/*
 * Three things reclaim does, seen under one hog's pressure (RAM + 2 MiB):
 *  - the dcache's shrinker: 400 files made on ext2 leave 400 unused
 *    dentries (and inodes); shrink_slab frees most of them; the files are
 *    all still there (looked up from the disk again);
 *  - the reverse map: pages a parent and its child share after fork go to
 *    swap from both at once (one slot, both PTEs pointing at it, found
 *    through the anon_vma), and both read their data back;
 *  - page_referenced keeps a hot page in memory: a process touches its hot
 *    pages every few milliseconds and leaves as many cold ones alone; the
 *    cold ones go to swap, the hot ones stay (no major fault on them).
 */
enum { NDC = 400, NSH = 64, NHOT = 128 };

static int dcache_setup(long *d0)
{
	char name[64];
	long unused = -1;
	int i, made = 0;

	mkdir("/mnt/dc", 0755);
	for (i = 0; i < NDC; i++) {
		int fd;

		snprintf(name, sizeof(name), "/mnt/dc/f%03d", i);
		fd = open(name, O_CREAT | O_WRONLY, 0644);
		made += fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	sync();
	CHECK_EQ(made, NDC, "400 empty files made in /mnt/dc");
	*d0 = dentries();
	read_file("/proc/sys/fs/dentry-state");
	CHECK(sscanf(buf, "%*d %ld", &unused) == 1 && unused >= NDC, "fs.dentry-state: 400 of them unused");
	return 0;
}

static void dcache_check(long d0, long s0)
{
	char name[64];
	long d1 = dentries(), d2;
	struct stat st;
	int i, found = 0;

	cur = "dcache";
	CHECK(VM("slabs_scanned") > s0, "reclaim called the shrinkers (slabs_scanned)");
	CHECK(d1 >= 0 && d1 < d0 - NDC / 2, "the dentry count fell under pressure");
	for (i = 0; i < NDC; i++) {
		snprintf(name, sizeof(name), "/mnt/dc/f%03d", i);
		found += stat(name, &st) == 0;
	}
	CHECK_EQ(found, NDC, "every file is found again (read from the disk)");
	d2 = dentries();
	CHECK(d2 >= d1 + NDC / 2, "their dentries are back in the cache");
	printf("dcache: dentries %ld -> %ld under pressure -> %ld after the lookups\n", d0, d1, d2);
}

/* The shared pages' child: on a byte, it sends its pagemap entries, then checks the data. */
static pid_t rmap_setup(char *p, int go[2], int back[2])
{
	unsigned long long theirs[NSH];
	char c;
	pid_t pid;
	int i;

	fill(p, NSH, 0x7700);
	if (pipe(go) || pipe(back))
		return -1;
	pid = fork();
	if (!pid) {
		read(go[0], &c, 1);
		for (i = 0; i < NSH; i++)
			theirs[i] = pagemap(p + i * PG);
		write(back[1], theirs, sizeof(theirs));
		_exit(bad_pages(p, NSH, 0x7700) ? 1 : 0);
	}
	return pid;
}

static void rmap_check(char *p, pid_t pid, int go[2], int back[2])
{
	unsigned long long mine[NSH], theirs[NSH];
	int i, same = 0, st = -1;
	char c = 0;

	cur = "rmap";
	for (i = 0; i < NSH; i++)
		mine[i] = pagemap(p + i * PG);
	write(go[1], &c, 1);
	CHECK(read(back[0], theirs, sizeof(theirs)) == (ssize_t)sizeof(theirs), "the child's pagemap");
	for (i = 0; i < NSH; i++)
		same += (mine[i] >> 62) == 1 && mine[i] == theirs[i];
	CHECK(same >= NSH * 3 / 4, "shared pages swapped out of both processes, into one slot each");
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child read the shared data back intact");
	CHECK_EQ(bad_pages(p, NSH, 0x7700), 0, "the parent read it back intact");
	printf("rmap: %d of %d shared pages in one slot for both\n", same, NSH);
	for (i = 0; i < 2; i++) {
		close(go[i]);
		close(back[i]);
	}
}

/* The toucher: its hot pages read every 2 ms until a byte comes on stop; its figures on res. */
static pid_t hot_setup(int stop[2], int res[2])
{
	int ready[2];
	char c = 0;
	pid_t pid;

	if (pipe(ready) || pipe(stop) || pipe(res))
		return -1;
	pid = fork();
	if (!pid) {
		char *hot = mmap(NULL, NHOT * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *cold = mmap(NULL, NHOT * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		volatile unsigned int sum = 0;
		long r[3], maj0;
		int i;

		fill(hot, NHOT, 0x4040);
		fill(cold, NHOT, 0x0c0c);
		fcntl(stop[0], F_SETFL, O_NONBLOCK);
		maj0 = majflt();
		write(ready[1], &c, 1);
		while (read(stop[0], &c, 1) != 1) {
			for (i = 0; i < NHOT; i++)
				sum += *(volatile unsigned int *)(hot + i * PG);
			usleep(2000);
		}
		r[0] = majflt() - maj0;
		r[1] = resident(cold, NHOT);
		r[2] = resident(hot, NHOT);
		write(res[1], r, sizeof(r));
		_exit(bad_pages(hot, NHOT, 0x4040) || bad_pages(cold, NHOT, 0x0c0c));
	}
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	return pid;
}

static void hot_check(pid_t pid, int stop[2], int res[2])
{
	long r[3] = { -1, -1, -1 };
	char c = 0;
	int st = -1, i;

	cur = "hot";
	write(stop[1], &c, 1);
	CHECK(read(res[0], r, sizeof(r)) == (ssize_t)sizeof(r), "the toucher's figures");
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "both sets read back intact");
	CHECK(r[1] >= 0 && r[1] <= NHOT / 4, "the cold pages went to swap");
	CHECK(r[0] >= 0 && r[0] <= NHOT / 8, "the hot pages stayed: few major faults on them");
	printf("hot: cold pages resident %ld of %d; hot resident %ld, major faults %ld while pressed\n",
	       r[1], NHOT, r[2], r[0]);
	for (i = 0; i < 2; i++) {
		close(stop[i]);
		close(res[i]);
	}
}

static void test_reclaim(void)
{
	char *p = mmap(NULL, NSH * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int go[2], back[2], stop[2], res[2], st;
	long d0 = 0, s0 = VM("slabs_scanned");
	pid_t shared, toucher;

	cur = "reclaim";
	dcache_setup(&d0);
	shared = rmap_setup(p, go, back);
	toucher = hot_setup(stop, res);
	CHECK(shared > 0 && toucher > 0, "the sharing child and the toucher started");
	st = hog((MEM("MemTotal") + 2048) / 4, 0, 0x5151);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a hog of RAM + 2 MiB ran to its end");
	hot_check(toucher, stop, res);
	rmap_check(p, shared, go, back);
	dcache_check(d0, s0);
	munmap(p, NSH * PG);
	CHECK_EQ(swap_used(), 0, "no slot leaked");
}

#define NR_lucix_memstat	0x4c00	/* guest/include/asm/unistd_32.h; lucix only */

/* guest/mm/memstat.c's struct lucix_memstat, whole. */
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
};

/* Free pages, counting our own resident and page-table pages and the slabs' as free (as sysfuzz). */
static long free_pages_all(void)
{
	struct memstat m;

	memset(&m, 0, sizeof(m));
	if (syscall(NR_lucix_memstat, 0, &m, sizeof(m)))
		return -1;
	return (long)(m.nr_free_pages + m.vm_rss / 4 + m.vm_pte / 4 + m.slab_pages);
}

/*
 * Several processes allocating, writing, forking (the children read the
 * shared pages, then write half of them) and exiting, under pressure with
 * swap; afterwards no slot, no swap-cache page and no page is left over.
 */
static void test_stress(void)
{
	enum { NPROC = 3, ROUNDS = 2 };
	unsigned long pages = MEM("MemTotal") / 4 / 4;
	long before, after, out0 = VM("pswpout");
	int i, st, ok = 0;

	cur = "stress";
	sync();
	before = free_pages_all();
	for (i = 0; i < NPROC; i++)
		if (!fork()) {
			int r, bad = 0;

			for (r = 0; r < ROUNDS; r++) {
				char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE,
					       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				unsigned int seed = 0x1000 * (i + 1) + r;
				pid_t c;

				fill(p, pages, seed);
				c = fork();
				if (!c) {
					int b = bad_pages(p, pages, seed) != 0;
					fill(p, pages / 2, seed ^ 0xffff);
					_exit(b || bad_pages(p, pages / 2, seed ^ 0xffff));
				}
				waitpid(c, &st, 0);
				bad += !WIFEXITED(st) || WEXITSTATUS(st);
				bad += bad_pages(p, pages, seed) != 0;
				munmap(p, pages * PG);
			}
			_exit(bad);
		}
	for (i = 0; i < NPROC; i++)
		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	CHECK_EQ(ok, NPROC, "every process and its children read their data intact");
	CHECK(VM("pswpout") > out0, "under pressure: pages went to swap");
	CHECK_EQ(swap_used(), 0, "no swap slot left");
	CHECK_EQ(MEM("SwapCached"), 0, "no swap-cache page left");
	sync();
	after = free_pages_all();
	CHECK(before > 0 && after >= before - 2, "no page leaked (free pages before/after)");
	printf("stress: %d processes x %d rounds of %lu pages (+ a child each), pswpout %ld; free pages %ld -> %ld\n",
	       NPROC, ROUNDS, pages, VM("pswpout") - out0, before, after);
}

static void test_busybox(void)
{
	long sw;

	cur = "busybox";
	CHECK_EQ(busybox("swapoff", "/dev/hda2", NULL), 0, "busybox swapoff /dev/hda2");
	CHECK_EQ(MEM("SwapTotal"), 0, "off");
	CHECK_EQ(busybox("swapon", "/dev/hda2", NULL), 0, "busybox swapon /dev/hda2");
	CHECK_EQ(MEM("SwapTotal"), 8188, "on");
	CHECK_EQ(busybox("free", NULL, NULL), 0, "busybox free");
	printf("%s", buf);
	CHECK(strstr(buf, "Swap:") && sscanf(strstr(buf, "Swap:") + 5, "%ld", &sw) == 1 && sw == 8188,
	      "free's Swap line shows 8188 kB");
	CHECK_EQ(busybox("ps", NULL, NULL), 0, "busybox ps");
	CHECK(strstr(buf, "[kswapd0]") != NULL, "ps lists [kswapd0]");
	CHECK_EQ(busybox("cat", "/proc/swaps", NULL), 0, "busybox cat /proc/swaps");
	CHECK(strstr(buf, "/dev/hda2") != NULL, "lists /dev/hda2");
	CHECK_EQ(busybox("swapoff", "-a", NULL), 0, "busybox swapoff -a (/proc/swaps, /etc/fstab)");
	CHECK_EQ(MEM("SwapTotal"), 0, "all off");
	CHECK_EQ(busybox("swapon", "-a", NULL), 0, "busybox swapon -a (/etc/fstab)");
	CHECK_EQ(MEM("SwapTotal"), 8188, "on from fstab");
	CHECK_EQ(busybox("swapoff", "-a", NULL), 0, "busybox swapoff -a again");
}

int main(int argc, char **argv)
{
	int highmem = argc > 0 && strstr(argv[0], "highmem") != NULL;

	mkdir("/proc", 0755);
	mkdir("/dev", 0755);
	mkdir("/mnt", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mknod("/dev/hda1", S_IFBLK | 0660, makedev(3, 1));
	mknod("/dev/hda2", S_IFBLK | 0660, makedev(3, 2));
	printf("swaptests: MemTotal %ld kB\n", MEM("MemTotal"));
	test_swapon();
	if (highmem)
		test_highmem();
	test_pageout();
	test_fork_shared();
	if (highmem) {
		test_swapoff(1024);
	} else {
		/* Mounted read-write only now: the flusher it starts stays out of the cost figures. */
		test_pagecache(mount("/dev/hda1", "/mnt", "ext2", 0, NULL) == 0);
		test_maps_file();
		test_overcommit_ram();
		test_reclaim();
		test_stress();
		test_swapoff(MEM("MemTotal") / 4 / 2);
		test_oom();
		test_busybox();
	}
	printf("swaptests: %d passed, %d failed\n", passed, failed);
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return failed != 0;
}
