/*
 * pfbench: the cost of each kind of page fault, in guest instructions, measured
 * from user space with RDTSC (on Lucid it advances once per guest
 * instruction; on QEMU with -icount shift=0 once per virtual nanosecond, one
 * instruction each). The same binary runs on lucix and on Debian's Linux;
 * scripts/bench.d/guest-faults.sh runs both for `make bench`.
 *
 *   pfbench FILE
 *
 * - anonymous: the first touch of a private anonymous page (a zeroed page);
 * - COW: a child's first write to a page its parent had written before fork;
 * - file: the first touch of a page of FILE (on a disk file system, read once
 *   before, so its pages are in the page cache: a minor fault that maps it);
 * - swap-in: a read of an anonymous page that MADV_PAGEOUT sent to swap (a
 *   major fault: the disk read is inside, with its virtual wait). Needs swap
 *   on; the line says how many pages really were out before the touch.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define NPAGES 256	/* pages per anonymous, COW and file measurement */
#define NSWAP 64	/* pages sent to swap and read back */
#define PG 4096

static inline unsigned long long rdtsc(void)
{
	unsigned long long v;

	__asm__ __volatile__("rdtsc" : "=A"(v));
	return v;
}

static unsigned long long anon_fault(void)
{
	volatile char *p = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long long t;
	int i;

	if (p == MAP_FAILED)
		return 0;
	t = rdtsc();
	for (i = 0; i < NPAGES; i++)
		p[i * PG] = 1;
	t = (rdtsc() - t) / NPAGES;
	munmap((void *)p, NPAGES * PG);
	return t;
}

static unsigned long long cow_fault(void)
{
	volatile char *p = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile unsigned long long *res = mmap(NULL, PG, PROT_READ | PROT_WRITE,
						MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned long long r;
	int i, st;
	pid_t pid;

	if (p == MAP_FAILED || res == MAP_FAILED)
		return 0;
	for (i = 0; i < NPAGES; i++)
		p[i * PG] = 1;
	pid = fork();
	if (pid == 0) {
		unsigned long long t = rdtsc();

		for (i = 0; i < NPAGES; i++)
			p[i * PG] = 2;
		res[0] = (rdtsc() - t) / NPAGES;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	r = res[0];
	munmap((void *)res, PG);
	munmap((void *)p, NPAGES * PG);
	return r;
}

static unsigned long long file_fault(const char *path)
{
	static char buf[64 * 1024];
	volatile const char *p;
	unsigned long long t;
	unsigned sum = 0;
	int fd = open(path, O_RDONLY), i;
	struct stat sb;

	if (fd < 0 || fstat(fd, &sb) || sb.st_size < NPAGES * PG) {
		fprintf(stderr, "pfbench: %s: missing or shorter than %d pages\n", path, NPAGES);
		return 0;
	}
	while (read(fd, buf, sizeof(buf)) > 0)	/* into the page cache */
		;
	p = mmap(NULL, NPAGES * PG, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 0;
	t = rdtsc();
	for (i = 0; i < NPAGES; i++)
		sum += p[i * PG];
	t = (rdtsc() - t) / NPAGES;
	munmap((void *)p, NPAGES * PG);
	close(fd);
	return sum == ~0u ? 0 : t;	/* (sum keeps the reads) */
}

/* MemFree in KiB from /proc/meminfo, or 0. */
static long mem_free_kb(void)
{
	char line[128];
	long kb = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/*
 * Linux's MADV_PAGEOUT starts the writes and leaves the pages in the swap
 * cache until they are done and reclaim comes round again: a child that
 * touches a little more than the free memory makes it come round.
 */
static void press(void)
{
	long kb = mem_free_kb() + 4096;
	int st;
	pid_t pid;

	sleep(1);	/* the writes finish */
	pid = fork();
	if (pid == 0) {
		char *p = mmap(NULL, kb * 1024, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			for (long i = 0; i < kb / 4; i++)
				p[i * PG] = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
}

/* Swap-in per page; *out: how many pages mincore saw out before the touch,
 * *bad: pages whose contents came back wrong. */
static unsigned long long swap_in(int *out, int *bad)
{
	volatile unsigned *p = mmap(NULL, NSWAP * PG, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[NSWAP];
	unsigned long long t;
	unsigned v[NSWAP];
	int i;

	*out = *bad = 0;
	if (p == MAP_FAILED)
		return 0;
	for (i = 0; i < NSWAP; i++)
		p[i * PG / 4] = 0x5eed0000u + i;
	if (madvise((void *)p, NSWAP * PG, MADV_PAGEOUT))
		return 0;
	press();
	if (mincore((void *)p, NSWAP * PG, vec) == 0)
		for (i = 0; i < NSWAP; i++)
			*out += !(vec[i] & 1);
	t = rdtsc();
	for (i = 0; i < NSWAP; i++)
		v[i] = p[i * PG / 4];
	t = (rdtsc() - t) / NSWAP;
	for (i = 0; i < NSWAP; i++)
		*bad += v[i] != 0x5eed0000u + i;
	munmap((void *)p, NSWAP * PG);
	return t;
}

int main(int argc, char **argv)
{
	unsigned long long a, c, f, s;
	int out, bad;

	if (argc != 2) {
		fprintf(stderr, "usage: pfbench FILE (a file of at least %d pages on a disk file system)\n",
			NPAGES);
		return 2;
	}
	anon_fault();	/* warm up: page tables, the allocator's lists */
	a = anon_fault();
	c = cow_fault();
	f = file_fault(argv[1]);
	s = swap_in(&out, &bad);
	printf("pf-bench: anonymous %llu, COW %llu, file %llu, swap-in %llu "
	       "(guest instructions per fault; %d of %d pages were out, %d read back wrong)\n",
	       a, c, f, s, out, NSWAP, bad);
	return bad ? 1 : 0;
}
