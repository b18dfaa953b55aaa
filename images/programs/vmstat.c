/*
 * vmstat [DELAY [COUNT]]: procps' vmstat lines from /proc/meminfo, /proc/stat
 * and /proc/vmstat: processes running and blocked, swap used, free, buffer
 * and cache memory (kB), pages swapped in and out and blocks read and written
 * per second, interrupts and context switches per second, and the CPU's
 * user, system, idle, I/O-wait and stolen shares. The first line is since
 * boot; each later one covers the last DELAY seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sample {
	unsigned long long cpu[8];	/* user nice system idle iowait irq softirq steal */
	unsigned long long intr, ctxt, pgin, pgout, swin, swout;
	unsigned long running, blocked;
	unsigned long free, buff, cache, swap_used;
};

static unsigned long meminfo(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);

	return p ? strtoul(p + strlen(key), NULL, 10) : 0;
}

static int read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	fclose(f);
	return 0;
}

static unsigned long long field(const char *buf, const char *key)
{
	const char *p = buf;
	size_t len = strlen(key);

	while ((p = strstr(p, key))) {
		if ((p == buf || p[-1] == '\n') && p[len] == ' ')
			return strtoull(p + len + 1, NULL, 10);
		p += len;
	}
	return 0;
}

static int sample(struct sample *s)
{
	static char buf[65536];
	unsigned long swap_total, swap_free;

	memset(s, 0, sizeof(*s));
	if (read_file("/proc/meminfo", buf, sizeof(buf)))
		return -1;
	s->free = meminfo(buf, "MemFree:");
	s->buff = meminfo(buf, "Buffers:");
	s->cache = meminfo(buf, "\nCached:") + meminfo(buf, "SReclaimable:");
	swap_total = meminfo(buf, "SwapTotal:");
	swap_free = meminfo(buf, "SwapFree:");
	s->swap_used = swap_total - swap_free;
	if (read_file("/proc/stat", buf, sizeof(buf)))
		return -1;
	sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &s->cpu[0], &s->cpu[1], &s->cpu[2],
	       &s->cpu[3], &s->cpu[4], &s->cpu[5], &s->cpu[6], &s->cpu[7]);
	s->intr = field(buf, "intr");
	s->ctxt = field(buf, "ctxt");
	s->running = field(buf, "procs_running");
	s->blocked = field(buf, "procs_blocked");
	if (!read_file("/proc/vmstat", buf, sizeof(buf))) {
		s->pgin = field(buf, "pgpgin");
		s->pgout = field(buf, "pgpgout");
		s->swin = field(buf, "pswpin");
		s->swout = field(buf, "pswpout");
	}
	return 0;
}

static void show(const struct sample *a, const struct sample *b, double secs)
{
	unsigned long long d[8], total = 0;
	int i;

	for (i = 0; i < 8; i++) {
		d[i] = b->cpu[i] - a->cpu[i];
		total += d[i];
	}
	if (!total)
		total = 1;
	printf("%2lu %2lu %6lu %6lu %6lu %6lu %4.0f %4.0f %5.0f %5.0f %4.0f %4.0f %2llu %2llu %2llu %2llu %2llu\n",
	       b->running, b->blocked, b->swap_used, b->free, b->buff, b->cache,
	       (b->swin - a->swin) * 4 / secs, (b->swout - a->swout) * 4 / secs,
	       (b->pgin - a->pgin) / secs, (b->pgout - a->pgout) / secs,
	       (b->intr - a->intr) / secs, (b->ctxt - a->ctxt) / secs,
	       100 * (d[0] + d[1]) / total, 100 * (d[2] + d[5] + d[6]) / total, 100 * d[3] / total,
	       100 * d[4] / total, 100 * d[7] / total);
}

int main(int argc, char **argv)
{
	int delay = argc > 1 ? atoi(argv[1]) : 0, count = argc > 2 ? atoi(argv[2]) : -1, up;
	struct sample zero, a, b;
	FILE *f;
	double uptime = 1;

	if (argc > 3 || (argc > 1 && delay <= 0)) {
		fprintf(stderr, "usage: vmstat [DELAY [COUNT]]\n");
		return 2;
	}
	if (sample(&a)) {
		fprintf(stderr, "vmstat: cannot read /proc/meminfo and /proc/stat (no /proc in this kernel yet?)\n");
		return 1;
	}
	f = fopen("/proc/uptime", "r");
	if (f) {
		if (fscanf(f, "%lf", &uptime) != 1 || uptime <= 0)
			uptime = 1;
		fclose(f);
	}
	memset(&zero, 0, sizeof(zero));
	printf("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n");
	printf(" r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n");
	show(&zero, &a, uptime);
	for (up = 1; delay && (count < 0 || up < count); up++) {
		sleep(delay);
		if (sample(&b))
			return 1;
		show(&a, &b, delay);
		a = b;
	}
	return 0;
}
