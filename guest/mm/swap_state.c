/*
 * The swap cache and swap-in (Linux's mm/swap_state.c and do_swap_page in
 * mm/memory.c).
 *
 * The swap cache maps a swap entry to the page in memory holding its data,
 * so that every process whose PTE holds the entry finds the same page:
 * pages being written out (vmscan.c adds them before the write and drops
 * them after, unless someone faulted them back meanwhile), pages being read
 * in (PG_locked until the read is done), and pages read in while other PTEs
 * still hold the entry (after fork). A page in the cache has PG_swapcache,
 * its entry in page->private, one reference held by the cache and one count
 * in its slot's swap_map.
 *
 * A fault on a swapped-out PTE finds the page in the cache or reads it
 * from the area; the PTE's count on the slot is dropped. If no other PTE
 * holds the slot, the page leaves the cache and the slot is freed (the page
 * is the process's own again, writable); otherwise it stays, mapped
 * read-only, and a write copies it as after fork.
 */
#include <linux/mmap_lock.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/vmalloc.h>
#include <linux/preempt.h>
#include <linux/swap.h>
#include <linux/rmap.h>

unsigned long nr_swapcache, swapin_count, swapout_count, nr_major_faults;

static struct page **swap_cache[MAX_SWAPFILES];	/* per area: the page of each slot, or NULL */

int swapcache_prepare(unsigned int type, unsigned long nslots)
{
	swap_cache[type] = vmalloc(nslots * sizeof(struct page *));
	if (!swap_cache[type])
		return -ENOMEM;
	memset(swap_cache[type], 0, nslots * sizeof(struct page *));
	return 0;
}

void swapcache_release(unsigned int type)
{
	vfree(swap_cache[type]);
	swap_cache[type] = NULL;
}

struct page *lookup_swap_cache(swp_entry_t e)
{
	struct page *page;

	if (swp_type(e) >= MAX_SWAPFILES || !swap_cache[swp_type(e)] || !swap_count(e))
		return NULL;
	page = swap_cache[swp_type(e)][swp_offset(e)];
	if (page)
		get_page(page);
	return page;
}

/* The cache takes a reference on the page and a count on the slot. */
int add_to_swap_cache(struct page *page, swp_entry_t e)
{
	struct page **slot = &swap_cache[swp_type(e)][swp_offset(e)];

	if (*slot || swap_duplicate(e))
		return -EEXIST;
	*slot = page;
	get_page(page);
	page->private = e.val;
	SetPageSwapCache(page);
	nr_swapcache++;
	return 0;
}

void delete_from_swap_cache(struct page *page)
{
	swp_entry_t e = { page->private };

	swap_cache[swp_type(e)][swp_offset(e)] = NULL;
	ClearPageSwapCache(page);
	page->private = 0;
	nr_swapcache--;
	swap_free(e);
	put_page(page);
}

/* Wait for a read or write of a cached page to end. */
static void wait_on_page(struct page *page)
{
	while (PageLocked(page) || PageWriteback(page))
		schedule_timeout_uninterruptible(1);
}

/*
 * A PTE with entry e is gone (unmap, exit): drop its count, and the cached
 * page with the slot when the cache is all that is left (Linux's
 * free_swap_and_cache).
 */
void free_swap_and_cache(swp_entry_t e)
{
	struct page *page;

	if (swap_free(e) != 1)
		return;
	page = swap_cache[swp_type(e)] ? swap_cache[swp_type(e)][swp_offset(e)] : NULL;
	if (page && !PageLocked(page) && !PageWriteback(page) && page_count(page) == 1)
		delete_from_swap_cache(page);
}

/* The page for entry e: from the cache, or read from the area into a new one. */
static struct page *swapin_page(swp_entry_t e, pte_t *pte, pte_t orig)
{
	struct page *page = lookup_swap_cache(e), *new;
	int err;

	if (page)
		return page;
	new = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN);
	if (!new)
		return ERR_PTR(-ENOMEM);
	if (*pte != orig) {		/* changed while we slept in the allocator */
		put_page(new);
		return NULL;
	}
	page = lookup_swap_cache(e);
	if (page) {
		put_page(new);
		return page;
	}
	if (add_to_swap_cache(new, e)) {
		put_page(new);
		return NULL;
	}
	SetPageLocked(new);
	err = swap_rw(e, new, false);
	ClearPageLocked(new);
	nr_major_faults++;
	swapin_count++;
	if (err) {
		pr_err("swap: read error %d at entry %08lx\n", err, e.val);
		delete_from_swap_cache(new);
		put_page(new);
		return ERR_PTR(-EIO);
	}
	return new;
}

int do_swap_page(struct vm_area_struct *vma, unsigned long address, pte_t *pte, unsigned int flags,
		 pte_t (*mk)(struct page *, struct vm_area_struct *))
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t orig = *pte;
	swp_entry_t e = pte_to_swp_entry(orig);
	struct page *page;
	pte_t entry;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = swapin_page(e, pte, orig);
	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	if (!page)
		return 0;	/* someone else changed the PTE: retry the access */
	wait_on_page(page);
	preempt_disable();
	if (*pte != orig) {	/* unmapped meanwhile (the process exited?): the cache may be all that is left */
		put_page(page);
		if (PageSwapCache(page) && page->private == e.val && page_count(page) == 1 &&
		    swap_count(e) == 1)
			delete_from_swap_cache(page);
		preempt_enable();
		return 0;
	}
	entry = mk(page, vma);	/* our reference becomes the PTE's */
	swap_free(e);
	if (swap_count(e) == 1 && PageSwapCache(page) && page->private == e.val)
		delete_from_swap_cache(page);	/* nobody else holds the slot: the page is ours */
	if (page_count(page) > 1)
		entry &= ~(u64)(_PAGE_RW | _PAGE_DIRTY);	/* shared through the cache: copy on write */
	*pte = entry;
	page_add_anon_rmap(page, vma, address & PAGE_MASK);
	mm->swapents--;
	mm_rss_inc(mm, vma);
	if (current->active_mm == mm)
		flush_tlb_one(address & PAGE_MASK);
	preempt_enable();
	return 0;
}

/* Swap in every page of area type that mm's page tables hold; pages done, or -ENOMEM. */
static long unuse_mm(struct mm_struct *mm, unsigned int type)
{
	struct vm_area_struct *vma;
	unsigned long addr;
	long n = 0;

	for (addr = 0; addr < TASK_SIZE; addr += PAGE_SIZE) {
		pte_t *pte;

		vma = find_vma(mm, addr);	/* again after every sleep (unless the lock was had) */
		if (!vma)
			break;
		if (addr < vma->vm_start)
			addr = vma->vm_start;
		pte = user_pte_ptr(mm, addr);
		if (!pte || !is_swap_pte(*pte) || swp_type(pte_to_swp_entry(*pte)) != type)
			continue;
		if (do_swap_page(vma, addr, pte, 0, anon_mk_pte) & VM_FAULT_OOM)
			return -ENOMEM;
		n++;
	}
	return n;
}

#define UNUSE_BATCH	32

/*
 * swapoff: bring every page of area type back to memory. The mms are held
 * (mm_users) while their page tables are walked, since reading a page
 * sleeps and a process may exit meanwhile; passes repeat until one finds
 * nothing (a fork during the walk may have copied entries).
 */
int try_to_unuse(unsigned int type)
{
	struct mm_struct *mms[UNUSE_BATCH];
	struct task_struct *p;
	long done, n;
	int i, count;
	unsigned long off;

	do {
		count = 0;
		preempt_disable();
		for_each_process(p)
			if (p->mm && !(p->flags & PF_KTHREAD) && p->mm->swapents && count < UNUSE_BATCH) {
				for (i = 0; i < count && mms[i] != p->mm; i++)
					;
				if (i == count) {
					mms[count++] = p->mm;
					p->mm->mm_users++;
				}
			}
		preempt_enable();
		done = 0;
		for (i = 0; i < count; i++) {
			bool locked = mmap_read_lock_vfs(mms[i]);	/* the VMAs stay */

			n = done < 0 ? 0 : unuse_mm(mms[i], type);
			if (locked)
				mmap_read_unlock(mms[i]);
			done = n < 0 ? n : done + n;
			mmput(mms[i]);
		}
		if (done < 0)
			return (int)done;
	} while (done);
	/* What the cache alone still holds (written out, not yet dropped). */
	for (off = 1; swap_cache[type] && off < swap_area_slots(type); off++) {
		struct page *page = swap_cache[type][off];

		if (!page)
			continue;
		wait_on_page(page);
		if (swap_cache[type][off] == page && swap_count(swp_entry(type, off)) == 1)
			delete_from_swap_cache(page);
	}
	return 0;
}
