/*
 * slabtop: the kernel's slab caches from /proc/slabinfo (format 2.1), once,
 * like procps' `slabtop -o`: the totals, then one line per cache, largest
 * first by object count (-s c: by cache size, -s n: by name). Without
 * /proc/slabinfo it says so and exits with 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cache {
	char name[64];
	unsigned long active, objs, size, perslab, pages, aslabs, slabs;
};

static char sort_by = 'o';

static int cmp(const void *a, const void *b)
{
	const struct cache *x = a, *y = b;
	unsigned long kx = x->objs, ky = y->objs;

	if (sort_by == 'n')
		return strcmp(x->name, y->name);
	if (sort_by == 'c') {
		kx = x->slabs * x->pages;
		ky = y->slabs * y->pages;
	}
	return kx < ky ? 1 : kx > ky ? -1 : strcmp(x->name, y->name);
}

int main(int argc, char **argv)
{
	unsigned long aobj = 0, tobj = 0, aslab = 0, tslab = 0, asize = 0, tsize = 0, min = ~0UL, max = 0;
	struct cache *c = NULL;
	int n = 0, cap = 0, used = 0, opt, i;
	char line[512];
	long page = sysconf(_SC_PAGESIZE);
	FILE *f;

	while ((opt = getopt(argc, argv, "os:")) != -1) {
		if (opt == 's' && strchr("ocn", optarg[0]))
			sort_by = optarg[0];
		else if (opt != 'o') {
			fprintf(stderr, "usage: slabtop [-o] [-s o|c|n]\n");
			return 2;
		}
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f) {
		fprintf(stderr, "slabtop: cannot open /proc/slabinfo (no /proc in this kernel yet?)\n");
		return 1;
	}
	if (!fgets(line, sizeof(line), f) || strncmp(line, "slabinfo - version: 2.", 22)) {
		fprintf(stderr, "slabtop: /proc/slabinfo: not version 2.x\n");
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct cache k;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%63s %lu %lu %lu %lu %lu : tunables %*u %*u %*u : slabdata %lu %lu",
			   k.name, &k.active, &k.objs, &k.size, &k.perslab, &k.pages, &k.aslabs,
			   &k.slabs) != 8)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			c = realloc(c, cap * sizeof(*c));
			if (!c)
				return 1;
		}
		c[n++] = k;
		aobj += k.active;
		tobj += k.objs;
		aslab += k.aslabs;
		tslab += k.slabs;
		asize += k.active * k.size;
		tsize += k.slabs * k.pages * page;
		used += k.active > 0;
		if (k.size < min)
			min = k.size;
		if (k.size > max)
			max = k.size;
	}
	fclose(f);
	if (!n) {
		fprintf(stderr, "slabtop: /proc/slabinfo lists no caches\n");
		return 1;
	}
	qsort(c, n, sizeof(*c), cmp);
	printf(" Active / Total Objects (%% used)    : %lu / %lu (%.1f%%)\n", aobj, tobj,
	       tobj ? 100.0 * aobj / tobj : 0.0);
	printf(" Active / Total Slabs (%% used)      : %lu / %lu (%.1f%%)\n", aslab, tslab,
	       tslab ? 100.0 * aslab / tslab : 0.0);
	printf(" Active / Total Caches (%% used)     : %d / %d (%.1f%%)\n", used, n, 100.0 * used / n);
	printf(" Active / Total Size (%% used)       : %.2fK / %.2fK (%.1f%%)\n", asize / 1024.0,
	       tsize / 1024.0, tsize ? 100.0 * asize / tsize : 0.0);
	printf(" Minimum / Average / Maximum Object : %.2fK / %.2fK / %.2fK\n\n", min / 1024.0,
	       tobj ? (double)asize / aobj / 1024.0 : 0.0, max / 1024.0);
	printf("  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n");
	for (i = 0; i < n; i++)
		printf("%6lu %6lu %3lu%% %7.2fK %6lu %8lu %9luK %s\n", c[i].objs, c[i].active,
		       c[i].objs ? 100 * c[i].active / c[i].objs : 0, c[i].size / 1024.0, c[i].slabs,
		       c[i].perslab, c[i].slabs * c[i].pages * page / 1024, c[i].name);
	return 0;
}
