/*
 * A process's memory numbers, as /proc/PID/status and /proc/meminfo will
 * print them once there is a /proc: the lucix-only system call
 * lucix_memstat(pid, buf) (number __NR_lucix_memstat, outside Linux's
 * range, so no Linux program can call it by mistake) copies them to user
 * space in kB. pid 0 is the caller. Two more lucix-only calls stand in for
 * /proc files until /proc exists: lucix_oom_score_adj (/proc/PID/oom_score_adj)
 * and lucix_vm_sysctl (/proc/sys/vm/overcommit_memory, _ratio, _kbytes,
 * dirty_writeback_centisecs, dirty_expire_centisecs, drop_caches).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/pagemap.h>

/* The layout user programs see (images/initramfs/memtests.c has the same). */
struct lucix_memstat {
	unsigned long vm_peak, vm_size, vm_lck, vm_hwm, vm_rss;	/* VmPeak .. VmRSS */
	unsigned long rss_anon, rss_file, rss_shmem;		/* RssAnon, RssFile, RssShmem */
	unsigned long vm_data, vm_stk, vm_pte;			/* VmData, VmStk, VmPTE */
	unsigned long mem_free, mem_total;			/* /proc/meminfo MemFree, MemTotal */
	unsigned long min_flt;					/* the task's minor faults */
	unsigned long commit_limit, committed_as;		/* /proc/meminfo, kB */
	long oom_score;						/* /proc/PID/oom_score */
	long oom_kills;						/* victims so far (vmstat oom_kill) */
	unsigned long mem_available;				/* /proc/meminfo MemAvailable, kB */
	/* Asked for by size (the third argument): older callers pass 0 and get the above. */
	unsigned long nr_free_pages;				/* free pages, exact */
	unsigned long slab_objects;				/* slab objects in use, all caches */
	unsigned long slab_errors;				/* slab debugging reports so far */
	unsigned long slab_pages;				/* pages the slab caches hold */
	unsigned long kernel_pgtables;				/* PTE tables of kernel mappings */
};
#define MEMSTAT_V1_SIZE	offsetof(struct lucix_memstat, nr_free_pages)

/*
 * MemAvailable without a page cache (Linux's si_mem_available): free pages
 * less what the allocator keeps back (each zone's high watermark and its
 * largest lowmem reserve: Linux's totalreserve_pages).
 */
unsigned long mem_available_pages(void)
{
	long avail = nr_free_pages();
	int z, k;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];
		unsigned long r = 0;

		for (k = 0; k < MAX_NR_ZONES; k++)
			r = max(r, zone->lowmem_reserve[k]);
		avail -= (long)min(zone->managed_pages, r + zone->watermark[WMARK_HIGH]);
	}
	return avail > 0 ? avail : 0;
}

extern unsigned long oom_kills;
long oom_badness(struct task_struct *p, unsigned long totalpages);

#define KB(pages)	((pages) << (PAGE_SHIFT - 10))

extern unsigned long slab_errors_reported;
unsigned long slab_objects_in_use(void);
unsigned long slab_pages_held(void);
extern unsigned long nr_kernel_pgtables;

/*
 * lucix_memstat(pid, buf, size): size 0 copies the first layout (the fields up
 * to mem_available); otherwise up to size bytes of the whole structure.
 */
long sys_lucix_memstat(pid_t pid, struct lucix_memstat __user *buf, unsigned long size)
{
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;
	struct lucix_memstat st = { 0 };
	struct mm_struct *mm;

	if (!p)
		return -ESRCH;
	mm = p->mm;
	if (mm) {
		st.vm_peak = KB(mm->hiwater_vm);
		st.vm_size = KB(mm->total_vm);
		st.vm_lck = KB(mm->locked_vm);
		st.vm_hwm = KB(mm->hiwater_rss);
		st.vm_rss = KB(mm->rss);
		st.rss_anon = KB(mm->rss_stat[MM_ANONPAGES]);
		st.rss_file = KB(mm->rss_stat[MM_FILEPAGES]);
		st.rss_shmem = KB(mm->rss_stat[MM_SHMEMPAGES]);
		st.vm_data = KB(mm->data_vm);
		st.vm_stk = KB(mm->stack_vm);
		st.vm_pte = KB(mm->nr_ptes);
	}
	st.mem_free = KB(nr_free_pages());
	st.mem_total = KB(totalram_pages);
	st.min_flt = p->min_flt;
	st.commit_limit = KB(vm_commit_limit());
	st.committed_as = KB((unsigned long)max(vm_committed_as, 0L));
	{
		unsigned long total = totalram_pages + total_swap_pages;
		long b = oom_badness(p, total);

		/* Linux's proc_oom_score: 0 .. 2000, 1000 + points per mille of memory. */
		st.oom_score = b == (-0x7fffffffL - 1) ? 0 : 1000 + (long)((s64)b * 1000 / (s64)total);
		if (st.oom_score < 0)
			st.oom_score = 0;
	}
	st.oom_kills = oom_kills;
	st.mem_available = KB(mem_available_pages());
	st.nr_free_pages = nr_free_pages();
	st.slab_objects = slab_objects_in_use();
	st.slab_errors = slab_errors_reported;
	st.slab_pages = slab_pages_held();
	st.kernel_pgtables = nr_kernel_pgtables;
	if (!size || size > sizeof(st))
		size = size ? sizeof(st) : MEMSTAT_V1_SIZE;
	return copy_to_user(buf, &st, size) ? -EFAULT : 0;
}

/* lucix_oom_score_adj(pid, new, old): *old gets the value, *new (if given) replaces it. */
long sys_lucix_oom_score_adj(pid_t pid, const int __user *new, int __user *old)
{
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;
	int v;

	if (!p)
		return -ESRCH;
	if (old && put_user(p->oom_score_adj, old))
		return -EFAULT;
	if (new) {
		if (get_user(v, new))
			return -EFAULT;
		if (v < OOM_SCORE_ADJ_MIN || v > OOM_SCORE_ADJ_MAX)
			return -EINVAL;
		p->oom_score_adj = v;
	}
	return 0;
}

/*
 * lucix_vm_sysctl(which, new, old): 0 overcommit_memory, 1 overcommit_ratio,
 * 2 overcommit_kbytes, 3 dirty_writeback_centisecs, 4 dirty_expire_centisecs,
 * 5 drop_caches (1 page cache, 2 slabs, 3 both; reads as 0).
 */
long sys_lucix_vm_sysctl(int which, const long __user *new, long __user *old)
{
	long cur, v;

	switch (which) {
	case 0: cur = sysctl_overcommit_memory; break;
	case 1: cur = sysctl_overcommit_ratio; break;
	case 2: cur = (long)sysctl_overcommit_kbytes; break;
	case 3: cur = dirty_writeback_interval; break;
	case 4: cur = dirty_expire_interval; break;
	case 5: cur = 0; break;
	default: return -EINVAL;
	}
	if (old && put_user(cur, old))
		return -EFAULT;
	if (!new)
		return 0;
	if (get_user(v, new))
		return -EFAULT;
	if (v < 0 || (which == 0 && v > 2) || (which == 5 && (v < 1 || v > 3)) ||
	    (which == 3 && !v))
		return -EINVAL;
	if (which >= 3) {
		if (which == 3)
			dirty_writeback_interval = v;
		else if (which == 4)
			dirty_expire_interval = v;
		else
			drop_caches(v);
		return 0;
	}
	if (which == 0)
		sysctl_overcommit_memory = (int)v;
	else if (which == 1)
		sysctl_overcommit_ratio = (int)v;
	else
		sysctl_overcommit_kbytes = (unsigned long)v;
	return 0;
}
