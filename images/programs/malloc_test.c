/*
 * malloc_test: the notes' demonstration that malloc reserves address space
 * and the kernel gives pages only when they are touched. Allocates 4 x 8 MiB
 * (VmSize grows, VmRSS stays flat), then writes one of the blocks (VmRSS
 * grows by 8 MiB), then frees everything. One line per step:
 *   malloc_test: after malloc #1: VmSize 8400 kB VmRSS 120 kB
 */
#include <stdlib.h>
#include "vmstat.h"

#define STEP	(8UL << 20)
#define STEPS	4

static void show(const char *what)
{
	struct vm_figures v = vm_figures();

	printf("malloc_test: %-22s VmSize %6lu kB  VmRSS %6lu kB\n", what, v.size, v.rss);
}

int main(void)
{
	char *block[STEPS], what[32];
	struct vm_figures v;
	unsigned long i;
	int n;

	setvbuf(stdout, NULL, _IONBF, 0);
	v = vm_figures();
	printf("malloc_test: pid %d, figures from %s\n", getpid(), v.from);
	show("at start:");
	for (n = 0; n < STEPS; n++) {
		block[n] = malloc(STEP);
		if (!block[n]) {
			printf("malloc_test: malloc #%d failed\n", n + 1);
			return 1;
		}
		snprintf(what, sizeof(what), "after malloc #%d:", n + 1);
		show(what);
	}
	for (i = 0; i < STEP; i += 4096)
		block[0][i] = 1;
	show("after touching #1:");
	for (n = 0; n < STEPS; n++)
		free(block[n]);
	show("after free:");
	return 0;
}
