/*
 * cow_test: copy-on-write after fork. The parent writes 4 MiB, forks; the
 * child reads it all (no new pages, few faults), then writes it all (one
 * fault and one copied page per page), and the parent's data is unchanged.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "vmstat.h"

#define LEN	(4UL << 20)
#define PAGES	(LEN / 4096)

int main(void)
{
	volatile unsigned long *res;
	unsigned long i, sum = 0;
	struct vm_figures a, b, c;
	char *p = malloc(LEN);
	pid_t pid;
	int st, bad = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	res = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!p || res == MAP_FAILED)
		return 1;
	for (i = 0; i < LEN; i += 4096)
		p[i] = 'P';
	pid = fork();
	if (pid == 0) {
		a = vm_figures();
		for (i = 0; i < LEN; i += 4096)
			sum += p[i];
		b = vm_figures();
		for (i = 0; i < LEN; i += 4096)
			p[i] = 'C';
		c = vm_figures();
		res[0] = b.min_flt - a.min_flt;
		res[1] = c.min_flt - b.min_flt;
		res[2] = c.rss - b.rss;
		res[3] = sum == PAGES * 'P';
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 1;
	for (i = 0; i < LEN; i += 4096)
		bad += p[i] != 'P';
	printf("cow_test: child read %lu pages: %lu faults\n", PAGES, res[0]);
	printf("cow_test: child wrote %lu pages: %lu faults, VmRSS +%lu kB\n", PAGES, res[1], res[2]);
	printf("cow_test: parent's pages unchanged: %s\n", bad ? "NO" : "yes");
	st = res[3] && res[0] < PAGES / 4 && res[1] >= PAGES && bad == 0;
	printf("cow_test: %s\n", st ? "copy-on-write as expected" : "FAILED");
	return !st;
}
