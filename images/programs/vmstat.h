/*
 * A process's memory figures for the notes' programs: VmSize, VmRSS, VmLck
 * and the minor faults, from /proc/self/status (and /proc/self/stat) when
 * the kernel has /proc, else from lucix's own call lucix_memstat (number
 * 0x4c00, guest/mm/memstat.c), which fills the same numbers in kB.
 */
#ifndef LUCID_VMSTAT_H
#define LUCID_VMSTAT_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define NR_lucix_memstat	0x4c00

struct vm_figures {
	unsigned long size, rss, lck, min_flt;	/* kB, kB, kB, faults */
	const char *from;			/* "/proc" or "lucix_memstat" */
};

/* guest/mm/memstat.c's struct lucix_memstat (kB). */
struct lucix_memstat {
	unsigned long vm_peak, vm_size, vm_lck, vm_hwm, vm_rss;
	unsigned long rss_anon, rss_file, rss_shmem;
	unsigned long vm_data, vm_stk, vm_pte;
	unsigned long mem_free, mem_total;
	unsigned long min_flt;
	unsigned long commit_limit, committed_as;
	long oom_score, oom_kills;
	unsigned long mem_available;
};

static int vm_from_proc(struct vm_figures *v)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		n += sscanf(line, "VmSize: %lu", &v->size) == 1;
		n += sscanf(line, "VmRSS: %lu", &v->rss) == 1;
		n += sscanf(line, "VmLck: %lu", &v->lck) == 1;
	}
	fclose(f);
	if (n != 3)
		return -1;
	f = fopen("/proc/self/stat", "r");
	if (f) {	/* field 10 is minflt; the comm (field 2) has no spaces here */
		if (fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %lu", &v->min_flt) != 1)
			v->min_flt = 0;
		fclose(f);
	}
	v->from = "/proc";
	return 0;
}

static inline struct vm_figures vm_figures(void)
{
	struct vm_figures v = { 0, 0, 0, 0, "none" };
	struct lucix_memstat m;

	if (!vm_from_proc(&v))
		return v;
	memset(&m, 0, sizeof(m));
	if (syscall(NR_lucix_memstat, 0, &m) == 0) {
		v.size = m.vm_size;
		v.rss = m.vm_rss;
		v.lck = m.vm_lck;
		v.min_flt = m.min_flt;
		v.from = "lucix_memstat";
	}
	return v;
}

#endif
