/*
 * procbench: a guest workload of processes, for comparing the emulator's CPU
 * tiers with each other and with QEMU on the same kernel and the same work.
 * Run as init:
 *
 *   procbench [ROUNDS [PIPE_KIB [FAULT_PAGES]]]
 *
 * (lucix passes what follows "--" on the kernel command line.) Three phases:
 * - ROUNDS of fork, execve of this program as a child that exits with a
 *   status derived from its round, and waitpid, which checks that status;
 * - a stream of PIPE_KIB KiB from a child to its parent through a pipe, the
 *   bytes made by a generator both sides run, so the parent checks each one;
 * - FAULT_PAGES first touches of private anonymous pages (demand-zero
 *   faults), in mappings of 256 pages made and unmapped in turn, each page
 *   read back.
 * Each phase prints its RDTSC delta (guest instructions on Lucid; virtual
 * nanoseconds, one instruction each, on QEMU with -icount shift=0). The last
 * line, "procbench: done", gives a checksum of everything checked and the
 * number of errors, then the machine powers off. The TSC at the start and the
 * end is printed too, so a harness can tell the boot from the workload.
 * scripts/bench.d/procs.sh times it; tests/groups/95-jit-procs.sh replays it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/wait.h>

#define PG 4096
#define MAP_PAGES 256	/* pages per mapping in the fault phase */
#define CHUNK 4096	/* bytes per pipe write */

static unsigned int sum = 2166136261u;	/* FNV-1a over everything checked */
static unsigned long errors;

static inline unsigned long long rdtsc(void)
{
	unsigned long long v;

	__asm__ __volatile__("rdtsc" : "=A"(v));
	return v;
}

static void mix(unsigned int v)
{
	int i;

	for (i = 0; i < 4; i++) {
		sum ^= (v >> (8 * i)) & 0xff;
		sum *= 16777619u;
	}
}

/* The pipe's bytes: a xorshift generator, the same on both ends. */
static unsigned int gen_next(unsigned int *s)
{
	unsigned int x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void fill(unsigned int *s, unsigned int *buf, int words)
{
	int i;

	for (i = 0; i < words; i++)
		buf[i] = gen_next(s);
}

static void phase_exec(const char *self, int rounds)
{
	int i, st;

	for (i = 0; i < rounds; i++) {
		char arg[16];
		pid_t pid;

		snprintf(arg, sizeof(arg), "%d", i);
		pid = fork();
		if (pid == 0) {
			char *const av[] = { "procbench", "--child", arg, NULL };

			execve(self, av, NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != (i * 7 + 3) % 101) {
			errors++;
			continue;
		}
		mix(WEXITSTATUS(st));
	}
}

static void phase_pipe(long kib)
{
	static unsigned int buf[CHUNK / 4], want[CHUNK / 4];
	long total = kib * 1024, got = 0;
	unsigned int s = 0x2545f491;
	int fd[2], st, n, have, k;
	pid_t pid;

	if (pipe(fd) < 0) {
		errors++;
		return;
	}
	pid = fork();
	if (pid == 0) {
		long left = total;

		close(fd[0]);
		while (left > 0) {
			char *p = (char *)buf;
			int len = left < CHUNK ? left : CHUNK;

			fill(&s, buf, CHUNK / 4);
			while (len > 0) {
				n = write(fd[1], p, len);
				if (n <= 0)
					_exit(1);
				p += n;
				len -= n;
				left -= n;
			}
		}
		_exit(0);
	}
	close(fd[1]);
	/* Read whole chunks and compare each with the generator's. */
	while (got < total) {
		static unsigned int inw[CHUNK / 4];
		unsigned char *in = (unsigned char *)inw;
		int len = total - got < CHUNK ? total - got : CHUNK;

		for (have = 0; have < len; have += n) {
			n = read(fd[0], in + have, len - have);
			if (n <= 0)
				break;
		}
		if (have < len)
			break;
		fill(&s, want, CHUNK / 4);
		for (k = 0; k < len / 4; k++)	/* musl's memcmp goes byte by byte */
			if (((unsigned int *)in)[k] != want[k])
				errors++;
		if (memcmp(in + len / 4 * 4, (char *)want + len / 4 * 4, len % 4))
			errors++;
		got += len;
	}
	close(fd[0]);
	if (got != total)
		errors++;
	mix(s);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		errors++;
}

static void phase_faults(long pages)
{
	long done = 0;

	while (done < pages) {
		long n = pages - done < MAP_PAGES ? pages - done : MAP_PAGES, i;
		volatile unsigned int *p = mmap(NULL, n * PG, PROT_READ | PROT_WRITE,
						MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		unsigned int acc = 0;

		if (p == MAP_FAILED) {
			errors++;
			return;
		}
		for (i = 0; i < n; i++) {
			if (p[i * PG / 4 + 1])	/* a demand-zero page reads 0 */
				errors++;
			p[i * PG / 4] = (unsigned int)(done + i);
		}
		for (i = 0; i < n; i++)
			acc += p[i * PG / 4];
		mix(acc);
		munmap((void *)p, n * PG);
		done += n;
	}
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	long kib = argc > 2 ? atol(argv[2]) : 4096;
	long pages = argc > 3 ? atol(argv[3]) : 8192;
	unsigned long long t0, t1, t2, t3;

	if (argc > 2 && !strcmp(argv[1], "--child"))
		return (atoi(argv[2]) * 7 + 3) % 101;
	if (rounds < 0 || kib < 0 || pages < 0) {
		printf("procbench: bad arguments\n");
		reboot(RB_POWER_OFF);
		return 2;
	}
	t0 = rdtsc();
	printf("procbench: start at %llu: %d exec rounds, %ld KiB through a pipe, %ld page faults\n",
	       t0, rounds, kib, pages);
	fflush(stdout);
	phase_exec(argv[0][0] == '/' ? argv[0] : "/init", rounds);
	t1 = rdtsc();
	phase_pipe(kib);
	t2 = rdtsc();
	phase_faults(pages);
	t3 = rdtsc();
	printf("procbench: fork+exec+exit+wait %llu a round, pipe %llu a KiB, anonymous fault %llu a page\n",
	       rounds ? (t1 - t0) / rounds : 0, kib ? (t2 - t1) / kib : 0, pages ? (t3 - t2) / pages : 0);
	printf("procbench: done at %llu, workload %llu, checksum %08x, %lu errors\n",
	       t3, t3 - t0, sum, errors);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
