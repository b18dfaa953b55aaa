/*
 * Reclaim under memory pressure (Linux's mm/vmscan.c, with the anonymous
 * side done as Linux 2.4's swap_out did it, by walking page tables, since
 * lucix keeps no reverse map of anonymous pages).
 *
 * Who reclaims:
 *  - kswapd, a kernel thread, woken when an allocation finds every allowed
 *    zone below its low watermark (page_alloc.c's slow path). It reclaims
 *    until every zone is above its high watermark again, then sleeps.
 *  - the allocating task itself (direct reclaim) when even the min
 *    watermark is reached; after that come retries and the OOM killer.
 *
 * What is reclaimed, in each round of SWAP_CLUSTER_MAX pages (direct
 * reclaim has page_alloc.c shrink the slab caches first):
 *  - page-cache pages from the inactive file list (lru.c): clean ones
 *    dropped, dirty ones written back first, referenced ones rotated;
 *  - anonymous pages, if swap is on and the caller may do I/O: each
 *    process's private writable pages are scanned from where the last scan
 *    stopped. A PTE with the accessed bit set gets a second chance (the bit
 *    is cleared); otherwise the page gets a swap slot, enters the swap
 *    cache, its PTE becomes the swap entry, and once written it is freed.
 *    vm.swappiness (0..200) sets how many anonymous pages a round may take
 *    against file pages, as Linux's anon/file balance does.
 * Pages of mlocked VMAs, shared mappings, file mappings and pages shared
 * after fork (more than one reference) are left alone.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/init.h>
#include <linux/swap.h>
#include <asm/pgtable.h>

#define SWAP_CLUSTER_MAX	32
#define SWAP_BATCH		16	/* pages unmapped before they are written */

unsigned long pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
unsigned long pgrefill, pgrotated, kswapd_wakeups, allocstall, pageoutrun;
extern int vm_swappiness;
unsigned long shrink_file_lru(unsigned long nr, unsigned long *scanned, unsigned long *refill, bool wait,
			      bool may_write);

static struct task_struct *kswapd_task;
static bool kswapd_wanted;

/* Where the anonymous scan goes on: a process and an address in it. */
static pid_t scan_pid;
static unsigned long scan_addr;

static bool vma_swappable(const struct vm_area_struct *vma)
{
	return !vma->vm_file && !(vma->vm_flags & (VM_SHARED | VM_LOCKED | VM_PFNMAP | VM_DONTEXPAND)) &&
	       (vma->vm_flags & VM_WRITE);
}

/*
 * Look at one PTE; unmap its page into the swap cache if it is cold.
 * Returns the page taken, NULL if none; *stop is set when swap is full.
 */
static struct page *try_to_swap_out(struct vm_area_struct *vma, unsigned long addr, pte_t *pte,
				    bool *stop)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page;
	swp_entry_t e;

	if (!(*pte & _PAGE_PRESENT) || !(*pte & _PAGE_RW))
		return NULL;
	page = pfn_to_page((unsigned long)((*pte & 0xfffff000ULL) >> PAGE_SHIFT));
	if (page_count(page) != 1 || page->_mapcount >= 0 || PageSwapCache(page) || PageReserved(page))
		return NULL;
	if (*pte & _PAGE_ACCESSED) {	/* used since the last look: a second chance */
		*pte &= ~(u64)_PAGE_ACCESSED;
		if (current->active_mm == mm)
			flush_tlb_one(addr);
		pgrotated++;
		return NULL;
	}
	e = get_swap_page();
	if (!e.val) {
		*stop = true;
		return NULL;
	}
	if (add_to_swap_cache(page, e)) {
		swap_free(e);
		return NULL;
	}
	*pte = swp_entry_to_pte(e);	/* the slot's first count is this PTE's */
	if (current->active_mm == mm)
		flush_tlb_one(addr);
	put_page(page);			/* the PTE's reference: the cache holds the page now */
	mm_rss_dec(mm, vma);
	mm->swapents++;
	SetPageWriteback(page);
	return page;
}

/*
 * Unmap up to min(nr, SWAP_BATCH) cold anonymous pages into the swap cache,
 * going round the processes from the cursor; *scanned counts the PTEs seen.
 * Runs with preemption off: nothing else changes a page table meanwhile.
 */
static int unmap_cold_pages(struct page **batch, unsigned long nr, unsigned long *scanned)
{
	struct task_struct *start = scan_pid ? find_task_by_pid(scan_pid) : NULL, *p;
	unsigned long limit = totalram_pages * 2, looked = 0;
	bool stop = false, first = true;
	int n = 0, laps = 0;

	if (!start)
		start = list_first_entry(&init_task.tasks, struct task_struct, tasks);
	p = start;
	do {
		struct mm_struct *mm = p->mm;
		struct vm_area_struct *vma;
		unsigned long addr = first ? scan_addr : 0;

		first = false;
		if (!mm || (p->flags & PF_KTHREAD) || p->pid != p->tgid || p->exit_state)
			goto next;
		for (vma = mm->mmap; vma && !stop && n < (int)nr; vma = vma->vm_next) {
			if (!vma_swappable(vma) || vma->vm_end <= addr)
				continue;
			for (addr = max(addr, vma->vm_start); addr < vma->vm_end && n < (int)nr; addr += PAGE_SIZE) {
				pte_t *pte = user_pte_ptr(mm, addr);
				struct page *page;

				if (!pte) {	/* no page table: skip to the next one */
					addr = (addr | (PTRS_PER_PTE * PAGE_SIZE - 1)) & PAGE_MASK;
					continue;
				}
				looked++;
				page = try_to_swap_out(vma, addr, pte, &stop);
				if (page)
					batch[n++] = page;
				if (stop)
					break;
			}
			if (n >= (int)nr || stop) {
				scan_pid = p->pid;
				scan_addr = addr;
				goto out;
			}
		}
next:
		if (looked >= limit || stop)
			break;
		p = list_entry(p->tasks.next, struct task_struct, tasks);
		if (&p->tasks == &init_task.tasks)
			p = list_entry(p->tasks.next, struct task_struct, tasks);
		scan_pid = p->pid;
		scan_addr = 0;
		if (p == start)
			laps++;	/* the first lap may only clear accessed bits; a second takes pages */
	} while (laps < 2);
out:
	*scanned += looked;
	return n;
}

/* Write the batch out; the pages nobody faulted back meanwhile are freed. */
static unsigned long write_batch(struct page **batch, int n)
{
	unsigned long freed = 0;
	int i;

	for (i = 0; i < n; i++) {
		struct page *page = batch[i];
		swp_entry_t e = { page->index };
		int err = swap_rw(e, page, true);

		ClearPageWriteback(page);
		if (err) {
			pr_err("swap: write error %d at entry %08lx; the page stays in memory\n", err, e.val);
			continue;
		}
		swapout_count++;
		preempt_disable();
		if (PageSwapCache(page) && page_count(page) == 1) {
			delete_from_swap_cache(page);	/* the last reference: the page is free */
			freed++;
		}
		preempt_enable();
	}
	return freed;
}

static unsigned long swap_out(unsigned long nr, unsigned long *scanned)
{
	struct page *batch[SWAP_BATCH];
	unsigned long freed = 0;
	int n, rounds = 0;

	while (freed < nr && rounds++ < 4) {
		preempt_disable();
		n = unmap_cold_pages(batch, min(nr - freed, (unsigned long)SWAP_BATCH), scanned);
		preempt_enable();
		if (!n)
			break;	/* two laps found nothing cold: everything is in use */
		freed += write_batch(batch, n);
	}
	return freed;
}

/*
 * madvise(MADV_PAGEOUT): swap out the anonymous pages of [start, end) now,
 * accessed or not (Linux's reclaim_pages). The pages freed.
 */
unsigned long reclaim_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct page *batch[SWAP_BATCH];
	unsigned long addr = start, freed = 0;
	bool stop = false;

	if (!vma_swappable(vma))
		return 0;
	while (addr < end && !stop) {
		int n = 0;

		preempt_disable();
		for (; addr < end && n < SWAP_BATCH && !stop; addr += PAGE_SIZE) {
			pte_t *pte = user_pte_ptr(vma->vm_mm, addr);
			struct page *page;

			if (!pte)
				continue;
			*pte &= ~(u64)_PAGE_ACCESSED;
			page = try_to_swap_out(vma, addr, pte, &stop);
			if (page)
				batch[n++] = page;
		}
		preempt_enable();
		freed += write_batch(batch, n);
	}
	pgsteal_direct += freed;
	return freed;
}

/* Page cache first, then anonymous pages as swappiness allows; the pages freed. */
static unsigned long do_reclaim_round(gfp_t gfp, unsigned long *scanned, bool kswapd)
{
	bool fs_io = (gfp & (__GFP_FS | __GFP_IO)) == (__GFP_FS | __GFP_IO);
	unsigned long freed, anon_nr;

	freed = shrink_file_lru(SWAP_CLUSTER_MAX, scanned, &pgrefill, !kswapd && fs_io, fs_io);
	/* swappiness 100 treats anonymous and file pages alike; 0 swaps only when the cache gave nothing. */
	anon_nr = SWAP_CLUSTER_MAX * vm_swappiness / 100;
	if (!vm_swappiness && !freed)
		anon_nr = SWAP_CLUSTER_MAX;
	if (freed < SWAP_CLUSTER_MAX && anon_nr && nr_swap_pages > 0 && (gfp & __GFP_IO))
		freed += swap_out(min(anon_nr, SWAP_CLUSTER_MAX - freed + anon_nr / 2), scanned);
	return freed;
}

/* One round of reclaim by direct reclaim or kswapd; the pages freed. */
unsigned long do_try_to_free_pages(gfp_t gfp, bool kswapd)
{
	unsigned long scanned = 0, freed;

	if ((current->flags & PF_MEMALLOC) && !kswapd)
		return 0;	/* an allocation made while reclaiming: no recursion */
	current->flags |= PF_MEMALLOC;
	freed = do_reclaim_round(gfp, &scanned, kswapd);
	if (!kswapd)
		current->flags &= ~PF_MEMALLOC;
	if (kswapd) {
		pgscan_kswapd += scanned;
		pgsteal_kswapd += freed;
	} else {
		pgscan_direct += scanned;
		pgsteal_direct += freed;
		allocstall++;
	}
	return freed;
}

/* Is every zone above its mark? (Linux's pgdat_balanced) */
static bool zones_ok(int mark)
{
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		if (zone->managed_pages && zone->free_pages < zone->watermark[mark])
			return false;
	}
	return true;
}

/* From the allocator's slow path: some zone went below its low watermark. */
void wakeup_kswapd(void)
{
	if (!kswapd_task || kswapd_wanted)
		return;
	kswapd_wanted = true;
	kswapd_wakeups++;
	wake_up_process(kswapd_task);
}

static int kswapd(void *unused)
{
	current->flags |= PF_MEMALLOC;
	for (;;) {
		int idle = 0;

		set_current_state(TASK_INTERRUPTIBLE);
		if (!kswapd_wanted)
			schedule();
		__set_current_state(TASK_RUNNING);
		pageoutrun++;
		/* Up to high, giving up after rounds that free nothing. */
		while (!zones_ok(WMARK_HIGH) && idle < 4) {
			if (do_try_to_free_pages(GFP_KERNEL, true))
				idle = 0;
			else
				idle++;
			if (need_resched())
				schedule();
		}
		kswapd_wanted = false;
	}
	return 0;
}

static int __init kswapd_init(void)
{
	kswapd_task = kthread_run(kswapd, NULL, "kswapd0");
	return kswapd_task ? 0 : -ENOMEM;
}
module_init(kswapd_init);
