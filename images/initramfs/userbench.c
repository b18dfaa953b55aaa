/*
 * userbench: the costs of lucix's process primitives, measured from user
 * space with RDTSC, which on Lucid advances once per guest instruction, so
 * the figures are instruction counts and do not depend on the host. Run as
 * init (init=/bin/userbench); prints one "user-bench:" line and powers off.
 * scripts/bench.d/guest-user.sh runs it for `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <signal.h>
#include <sys/auxv.h>
#include <time.h>

static inline unsigned long long rdtsc(void)
{
	unsigned long long v;

	__asm__ __volatile__("rdtsc" : "=A"(v));
	return v;
}

static long null_syscall(void)
{
	long ret;

	__asm__ __volatile__("int $0x80" : "=a"(ret) : "0"(SYS_getppid) : "memory");
	return ret;
}

static unsigned long vsys;

/* The same call through the vDSO's __kernel_vsyscall (SYSENTER where the CPU has it). */
static long null_vsyscall(void)
{
	long ret;

	__asm__ __volatile__("call *%2" : "=a"(ret) : "0"(SYS_getppid), "r"(vsys) : "memory");
	return ret;
}

int main(int argc, char **argv)
{
	enum { NSYS = 2000, NFORK = 40, NPF = 512, NYIELD = 500 };
	unsigned long long t0, sys, vsy, cgt, forkc, execc, pf, cow, yl, sw;
	struct timespec ts;
	struct rusage ru0, ru1;
	long nsw;
	int warm;
	char *p;
	int i, st;

	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 0;
	for (i = 0; i < 100; i++)		/* warm up */
		null_syscall();
	t0 = rdtsc();
	for (i = 0; i < NSYS; i++)
		null_syscall();
	sys = (rdtsc() - t0) / NSYS;
	vsys = getauxval(AT_SYSINFO);
	for (i = 0; i < 100; i++)
		null_vsyscall();
	t0 = rdtsc();
	for (i = 0; i < NSYS; i++)
		null_vsyscall();
	vsy = (rdtsc() - t0) / NSYS;
	t0 = rdtsc();
	for (i = 0; i < NSYS; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);	/* musl: the vDSO's __vdso_clock_gettime64 */
	cgt = (rdtsc() - t0) / NSYS;

	t0 = rdtsc();
	for (i = 0; i < NFORK; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		waitpid(pid, &st, 0);
	}
	forkc = (rdtsc() - t0) / NFORK;

	t0 = rdtsc();
	for (i = 0; i < NFORK; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			char *const av[] = { "userbench", "--exit", NULL };

			execve("/bin/userbench", av, NULL);
			_exit(1);
		}
		waitpid(pid, &st, 0);
	}
	execc = (rdtsc() - t0) / NFORK - forkc;

	p = mmap(NULL, NPF * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t0 = rdtsc();
	for (i = 0; i < NPF; i++)
		p[i * 4096] = 1;
	pf = (rdtsc() - t0) / NPF;
	/* Copy-on-write: after fork the child writes every page the parent touched. */
	{
		volatile unsigned long long *res = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
							MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		pid_t pid = fork();

		if (pid == 0) {
			unsigned long long t = rdtsc();

			for (i = 0; i < NPF; i++)
				p[i * 4096] = 2;
			res[0] = (rdtsc() - t) / NPF;
			_exit(0);
		}
		waitpid(pid, &st, 0);
		cow = res[0];
		munmap((void *)res, 4096);
	}
	munmap(p, NPF * 4096);

	/*
	 * Two processes yielding to each other, each yield a switch. A yield
	 * need not switch: Linux's CFS passes over the yielder only if the other
	 * task's vruntime is within the wakeup granularity (1 ms) of it, and a
	 * new child starts a slice ahead (START_DEBIT), so the first thousands
	 * of yields switch nothing. So the child yields until it is killed, the
	 * parent warms up until its yields switch, and the switches of the
	 * measured yields are counted (getrusage: a yield counts as an
	 * involuntary switch, only when it switched), not assumed. In a
	 * ping-pong of two processes the other one switches away once for each
	 * of ours. The figure is the cost per switch: a kernel that switched on
	 * fewer yields does not look cheaper.
	 */
	/* First a yield with nothing else to run: no switch, the system call and the scheduler's decision. */
	t0 = rdtsc();
	for (i = 0; i < NYIELD; i++)
		sched_yield();
	yl = (rdtsc() - t0) / NYIELD;

	pid_t yc = fork();

	if (yc == 0)
		for (;;)
			sched_yield();
	getrusage(RUSAGE_SELF, &ru0);
	for (i = 0; i < 1000000; i++) {
		sched_yield();
		if (i % 64 == 63) {
			getrusage(RUSAGE_SELF, &ru1);
			if (ru1.ru_nivcsw - ru0.ru_nivcsw >= 256)
				break;
		}
	}
	warm = i;
	getrusage(RUSAGE_SELF, &ru0);
	t0 = rdtsc();
	for (i = 0; i < NYIELD; i++)
		sched_yield();
	sw = rdtsc() - t0;
	getrusage(RUSAGE_SELF, &ru1);
	nsw = 2 * ((ru1.ru_nvcsw + ru1.ru_nivcsw) - (ru0.ru_nvcsw + ru0.ru_nivcsw));
	sw = nsw ? sw / nsw : 0;
	kill(yc, SIGKILL);
	waitpid(yc, &st, 0);

	printf("user-bench: null syscall int 0x80 %llu, vDSO (sysenter) %llu, clock_gettime (vDSO) %llu, "
	       "fork+exit+wait %llu, execve %llu, page fault %llu, COW fault %llu, sched_yield alone %llu, yield switch %llu (guest instructions)\n",
	       sys, vsy, cgt, forkc, execc, pf, cow, yl, sw);
	printf("user-bench: yield switches: %ld in %d of our yields and the other's (after %d warm-up yields)\n",
	       nsw, NYIELD, warm);
	reboot(RB_POWER_OFF);
	return 0;
}
