/*
 * A process's memory numbers, as /proc/PID/status and /proc/meminfo will
 * print them once there is a /proc: the lucix-only system call
 * lucix_memstat(pid, buf) (number __NR_lucix_memstat, outside Linux's
 * range, so no Linux program can call it by mistake) copies them to user
 * space in kB. pid 0 is the caller.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

/* The layout user programs see (images/initramfs/memtests.c has the same). */
struct lucix_memstat {
	unsigned long vm_peak, vm_size, vm_lck, vm_hwm, vm_rss;	/* VmPeak .. VmRSS */
	unsigned long rss_anon, rss_file, rss_shmem;		/* RssAnon, RssFile, RssShmem */
	unsigned long vm_data, vm_stk, vm_pte;			/* VmData, VmStk, VmPTE */
	unsigned long mem_free, mem_total;			/* /proc/meminfo MemFree, MemTotal */
	unsigned long min_flt;					/* the task's minor faults */
};

#define KB(pages)	((pages) << (PAGE_SHIFT - 10))

long sys_lucix_memstat(pid_t pid, struct lucix_memstat __user *buf)
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
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}
