/*
 * Reclaim under memory pressure (Linux's mm/vmscan.c).
 *
 * Who reclaims:
 *  - kswapd, a kernel thread, woken when an allocation finds every allowed
 *    zone below its low watermark (page_alloc.c's slow path). It reclaims
 *    until every zone is above its high watermark again, then sleeps.
 *  - the allocating task itself (direct reclaim) when even the min
 *    watermark is reached; after that come retries and the OOM killer.
 *
 * What is reclaimed, in each round of SWAP_CLUSTER_MAX pages (direct
 * reclaim has page_alloc.c shrink the slab caches first; the shrinkers'
 * caches, the dcache's, shrink after each round, shrinker.c):
 *  - page-cache pages from the inactive file list (lru.c): clean ones
 *    dropped, dirty ones written back first, referenced ones rotated;
 *  - anonymous pages, if swap is on and the caller may do I/O, from the
 *    anonymous LRU lists (lru.c), aged as Linux ages them: the active
 *    list's cold end moves to the inactive list with its PTEs' accessed
 *    bits cleared through the reverse map (page_referenced, rmap.c); at the
 *    inactive list's cold end a page accessed since then goes back to the
 *    active list, and any other gets a swap slot, enters the swap cache,
 *    has every PTE that maps it - in every process sharing it after fork -
 *    replaced by the swap entry (try_to_unmap), is written, and is freed.
 *    vm.swappiness (0..200) sets how many anonymous pages a round may take
 *    against file pages, as Linux's anon/file balance does.
 * Pages of mlocked VMAs and shared mappings, and pages the kernel holds
 * references on, are left where they are.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/init.h>
#include <linux/swap.h>
#include <linux/rmap.h>
#include <linux/shrinker.h>
#include <linux/pagemap.h>
#include <asm/pgtable.h>

#define SWAP_CLUSTER_MAX	32
#define SWAP_BATCH		16	/* pages unmapped before they are written */

unsigned long pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
unsigned long pgrefill, pgrotated, pgactivate, kswapd_wakeups, allocstall, pageoutrun;
extern int vm_swappiness;
unsigned long shrink_file_lru(unsigned long nr, unsigned long *scanned, unsigned long *refill, bool wait,
			      bool may_write);

static struct task_struct *kswapd_task;
static bool kswapd_wanted;

/*
 * Take page for reclaim if it can go: a swap slot (unless it has one), into
 * the swap cache, every PTE turned into the swap entry through the reverse
 * map, off the LRU with a reference of ours (Linux's isolation). PG_dirty
 * on it says it must be written (a page already in the swap cache was
 * never written to since: the slot holds its data). Returns 1 if taken, 0
 * if not, -1 if swap is full. Preemption is off.
 */
static int reclaim_anon_page(struct page *page)
{
	bool cached = PageSwapCache(page);
	swp_entry_t e;

	if (PageWriteback(page) || PageLocked(page) ||
	    page_count(page) != page->_mapcount + 1 + cached || !page_rmap_swappable(page))
		return 0;	/* in use by the kernel, pinned, locked, or shared */
	if (!cached) {
		e = get_swap_page();
		if (!e.val)
			return -1;
		if (add_to_swap_cache(page, e)) {
			swap_free(e);
			return 0;
		}
		swap_free(e);		/* the cache's count stays; each PTE adds its own */
		SetPageDirty(page);
	}
	try_to_unmap(page);
	lru_anon_del(page);
	get_page(page);
	if (PageDirty(page))
		SetPageWriteback(page);
	return 1;
}

/*
 * Age the active anonymous list: pages from its cold end go to the inactive
 * one with their PTEs' accessed bits cleared (Linux's shrink_active_list),
 * until the inactive list is at least as long, nr pages at most.
 */
static void shrink_active_anon(unsigned long nr)
{
	struct page *page;

	while (nr-- && nr_active_anon > nr_inactive_anon && (page = lru_anon_tail(true))) {
		page_referenced(page);
		lru_anon_putback(page, false);
		pgrefill++;
	}
}

/*
 * Scan the inactive anonymous list from its cold end, up to *budget pages:
 * a page whose PTEs were accessed since it was deactivated goes back to
 * the active list (page_referenced); a page that cannot go now rotates;
 * the others are taken (reclaim_anon_page), up to nr. *full is set when
 * swap is full.
 */
static int isolate_anon(struct page **batch, int nr, unsigned long *budget, bool *full)
{
	int n = 0;

	while (n < nr && *budget && nr_inactive_anon) {
		struct page *page = lru_anon_tail(false);
		int r;

		(*budget)--;
		if (page_referenced(page)) {
			lru_anon_putback(page, true);
			pgactivate++;
			continue;
		}
		r = reclaim_anon_page(page);
		if (r < 0) {
			*full = true;
			break;
		}
		if (r)
			batch[n++] = page;
		else
			lru_anon_putback(page, false);	/* rotate */
	}
	return n;
}

/*
 * Write the batch to swap; a page nobody mapped again meanwhile leaves the
 * swap cache and is freed. The others go back on the LRU. Returns the
 * pages freed.
 */
static unsigned long write_batch(struct page **batch, int n)
{
	unsigned long freed = 0;
	int i;

	for (i = 0; i < n; i++) {
		struct page *page = batch[i];

		if (PageWriteback(page)) {
			swp_entry_t e = { page->private };
			int err = swap_rw(e, page, true);

			if (err)
				pr_err("swap: write error %d at entry %08lx; the page stays in memory\n", err,
				       e.val);
			else {
				ClearPageDirty(page);
				swapout_count++;
			}
		}
		preempt_disable();
		ClearPageWriteback(page);
		if (PageSwapCache(page) && !PageDirty(page) && !page_mapped(page) && page_count(page) == 2) {
			delete_from_swap_cache(page);	/* the cache's reference: ours is the last */
			freed++;
		} else if (!PageLRU(page)) {
			lru_anon_putback(page, page_mapped(page));
		}
		put_page(page);
		preempt_enable();
	}
	return freed;
}

/* Reclaim up to nr anonymous pages through the reverse map; the pages freed. */
static unsigned long shrink_anon(unsigned long nr, unsigned long *scanned)
{
	struct page *batch[SWAP_BATCH];
	unsigned long freed = 0, budget = max(4 * nr, (nr_active_anon + nr_inactive_anon) / 4);
	unsigned long start = budget;
	bool full = false;
	int n;

	while (freed < nr && budget && !full) {
		preempt_disable();
		shrink_active_anon(2 * SWAP_BATCH);
		n = isolate_anon(batch, min(nr - freed, (unsigned long)SWAP_BATCH), &budget, &full);
		preempt_enable();
		if (!n && !nr_inactive_anon)
			break;
		freed += write_batch(batch, n);
	}
	*scanned += start - budget;
	return freed;
}

/*
 * madvise(MADV_PAGEOUT): swap out the anonymous pages of [start, end) that
 * this mapping alone maps, accessed or not (Linux's reclaim_pages). The
 * pages freed.
 */
unsigned long reclaim_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct page *batch[SWAP_BATCH];
	unsigned long addr = start, freed = 0;
	bool full = false;

	if (!vma_swappable(vma))
		return 0;
	while (addr < end && !full) {
		int n = 0;

		preempt_disable();
		for (; addr < end && n < SWAP_BATCH && !full; addr += PAGE_SIZE) {
			pte_t *pte = user_pte_ptr(vma->vm_mm, addr);
			struct page *page;
			int r;

			if (!pte || !(*pte & _PAGE_PRESENT))
				continue;
			page = pfn_to_page((unsigned long)((*pte & 0xfffff000ULL) >> PAGE_SHIFT));
			if (!PageAnon(page) || page->_mapcount != 0)
				continue;
			r = reclaim_anon_page(page);
			if (r < 0)
				full = true;
			else if (r)
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
	unsigned long freed, anon_nr, active, inactive;

	freed = shrink_file_lru(SWAP_CLUSTER_MAX, scanned, &pgrefill, !kswapd && fs_io, fs_io);
	/* swappiness 100 treats anonymous and file pages alike; 0 swaps only when the cache gave nothing. */
	anon_nr = SWAP_CLUSTER_MAX * vm_swappiness / 100;
	if (!vm_swappiness && !freed)
		anon_nr = SWAP_CLUSTER_MAX;
	if (freed < SWAP_CLUSTER_MAX && anon_nr && nr_swap_pages > 0 && (gfp & __GFP_IO))
		freed += shrink_anon(min(anon_nr, SWAP_CLUSTER_MAX - freed + anon_nr / 2), scanned);
	/* The caches of objects, at the pace of the LRU lists (their pages come back as the slabs empty). */
	lru_counts(&active, &inactive);
	shrink_slab(gfp, *scanned, active + inactive + nr_active_anon + nr_inactive_anon);
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
