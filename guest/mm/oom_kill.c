/*
 * The OOM killer (Linux's mm/oom_kill.c): when a user page fault finds no
 * free page and nothing can be reclaimed, pick the process whose death frees
 * the most memory, weighted by its oom_score_adj, kill it with SIGKILL and
 * let the faulting task retry once the victim's memory is back.
 *
 *   badness = RSS + swap entries + page-table pages
 *             + oom_score_adj * (RAM + swap) / 1000
 *
 * oom_score_adj -1000 makes a process unkillable; init and kernel threads
 * never are. Linux's report is printed first: who invoked it, the task dump
 * ("Tasks state (memory values in pages)") and the "Out of memory: Killed
 * process" line. While a victim still has its memory, no second one is
 * chosen (Linux's oom_evaluate_task abort). oom_score_adj is set, until
 * /proc/PID/oom_score_adj exists, with lucix_oom_score_adj (memstat.c).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>

#define SIGKILL		9
#define LONG_MIN_	(-0x7fffffffL - 1)

unsigned long oom_kills;	/* how many victims so far */

static unsigned long mm_pgtables(struct mm_struct *mm)
{
	return mm->nr_ptes;
}

/* Linux's oom_badness; LONG_MIN_ for a process that must not be chosen. */
long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	long adj = p->oom_score_adj, points;

	if (!p->mm || (p->flags & PF_KTHREAD) || p->tgid == 1 || p->exit_state ||
	    adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN_;
	points = p->mm->rss + p->mm->swapents + mm_pgtables(p->mm);
	adj *= (long)(totalpages / 1000);
	return points + adj;
}

static void dump_tasks(void)
{
	struct task_struct *p;

	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n");
	for_each_process(p) {
		if (!p->mm || (p->flags & PF_KTHREAD) || p->pid != p->tgid || p->exit_state)
			continue;
		pr_info("[%7d] %5d %5d %8lu %8lu %8lu %8lu         %5d %s\n", p->pid, 0, p->tgid,
			p->mm->total_vm, p->mm->rss, mm_pgtables(p->mm) << PAGE_SHIFT, p->mm->swapents,
			p->oom_score_adj, p->comm);
	}
}

#define KB(pages)	((pages) << (PAGE_SHIFT - 10))

int sysctl_panic_on_oom;		/* vm.panic_on_oom: 1 or 2 panic instead of killing */
int sysctl_oom_kill_allocating_task;	/* vm.oom_kill_allocating_task: the allocator dies */

/* Choose and kill a victim; false if there is none (the caller must fail). */
bool out_of_memory(gfp_t gfp, unsigned int order)
{
	unsigned long totalpages = totalram_pages + total_swap_pages;
	struct task_struct *p, *victim = NULL;
	long best = LONG_MIN_, points;
	struct mm_struct *mm;

	if (sysctl_panic_on_oom)
		panic("Out of memory: system-wide panic_on_oom is enabled\n");
	if (sysctl_oom_kill_allocating_task && current->mm && !(current->flags & PF_KTHREAD) &&
	    current->tgid != 1 && current->oom_score_adj != OOM_SCORE_ADJ_MIN && !current->oom_victim) {
		victim = current;
		goto kill;
	}
	for_each_process(p) {
		if (p->oom_victim && p->mm && !p->exit_state)
			return true;	/* a victim is still dying: wait for its memory */
		if (p->pid != p->tgid)
			continue;
		points = oom_badness(p, totalpages);
		if (points == LONG_MIN_ || points < best)
			continue;
		best = points;
		victim = p;
	}
	pr_warn("%s invoked oom-killer: gfp_mask=%#x, order=%u, oom_score_adj=%d\n",
		current->comm, (unsigned int)gfp, order, current->oom_score_adj);
	pr_info("Mem-Info: free:%lu totalram:%lu committed_as:%ld\n", nr_free_pages(),
		totalram_pages, vm_committed_as);
	dump_tasks();
	if (!victim) {
		pr_err("Out of memory and no killable processes...\n");
		return false;
	}
kill:
	mm = victim->mm;
	pr_info("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),task=%s,pid=%d,uid=0\n",
		victim->comm, victim->pid);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%lukB oom_score_adj:%d\n",
	       victim->pid, victim->comm, KB(mm->total_vm), KB(mm->rss_stat[MM_ANONPAGES]),
	       KB(mm->rss_stat[MM_FILEPAGES]), KB(mm->rss_stat[MM_SHMEMPAGES]),
	       KB(mm_pgtables(mm)), victim->oom_score_adj);
	victim->oom_victim = true;
	oom_kills++;
	send_sig(SIGKILL, victim, 1);
	return true;
}

/*
 * A user fault ran out of memory (Linux's pagefault_out_of_memory): kill a
 * victim, then let it run and exit (its memory comes back in exit_mmap);
 * the fault is retried on return. If it chose us, the SIGKILL ends us on
 * the way out.
 */
void pagefault_out_of_memory(void)
{
	if (!out_of_memory(GFP_KERNEL, 0)) {
		send_sig(SIGKILL, current, 1);	/* nobody else to kill: Linux panics here */
		return;
	}
	if (!(current->pending & ((sigset_t)1 << (SIGKILL - 1))))
		sched_yield();
}
