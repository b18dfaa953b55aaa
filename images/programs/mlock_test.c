/*
 * mlock_test: mlock makes pages present and counts them in VmLck; munlock
 * gives the count back; mlockall(MCL_CURRENT) locks everything mapped. Each
 * step prints VmRSS and VmLck and says whether the change is the expected one.
 */
#include <sys/mman.h>
#include "vmstat.h"

#define LEN	(1UL << 20)

static int fails;

static void step(const char *what, struct vm_figures a, struct vm_figures b, int ok)
{
	printf("mlock_test: %-26s VmRSS %5lu -> %5lu kB  VmLck %5lu -> %5lu kB  %s\n",
	       what, a.rss, b.rss, a.lck, b.lck, ok ? "ok" : "UNEXPECTED");
	fails += !ok;
}

int main(void)
{
	struct vm_figures a, b;
	char *p;

	setvbuf(stdout, NULL, _IONBF, 0);
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	a = vm_figures();
	if (mlock(p, LEN)) {
		perror("mlock_test: mlock");
		return 1;
	}
	b = vm_figures();
	step("mlock(1 MiB):", a, b, b.lck >= a.lck + 1024 && b.rss >= a.rss + 1024);
	a = b;
	munlock(p, LEN);
	b = vm_figures();
	step("munlock:", a, b, b.lck + 1024 <= a.lck);
	a = b;
	if (mlockall(MCL_CURRENT)) {
		perror("mlock_test: mlockall");
		return 1;
	}
	b = vm_figures();
	step("mlockall(MCL_CURRENT):", a, b, b.lck >= b.size - 4 && b.lck > 1024);
	munlockall();
	a = b;
	b = vm_figures();
	step("munlockall:", a, b, b.lck == 0);
	printf("mlock_test: %s\n", fails ? "FAILED" : "all as expected");
	return fails != 0;
}
