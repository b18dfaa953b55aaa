/*
 * User page tables (Linux's mm/memory.c and arch/x86/mm/pgtable.c, cut down
 * to anonymous memory). With PAE every address space has its own PGD (4
 * entries) and three PMDs for user space, allocated with the PGD as Linux
 * does (the CPU caches PDPTEs on a CR3 load, so they must never change
 * later); the fourth entry points at the kernel's PMD, shared by all. With
 * 2-level paging the PGD's kernel entries (768..1023) are copied from
 * swapper_pg_dir, and kernel page tables added later are copied in on the
 * first fault (vmalloc_fault in arch/x86/fault.c).
 *
 * User pages may be HighMem pages (the first touch asks for GFP_HIGHUSER);
 * copying one on a COW fault goes through kmap_atomic.
 *
 * Every present user PTE holds a reference on its page (page->_refcount):
 * fork shares pages read-only and takes a reference; a write fault copies
 * the page unless the faulting mapping is its only user (copy-on-write).
 * Every anonymous page is in the reverse map (rmap.c) and on the anonymous
 * LRU lists from its first PTE on; PTE changes that reclaim could see are
 * made with preemption off.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/highmem.h>
#include <linux/preempt.h>
#include <linux/swap.h>
#include <linux/rmap.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

/* mm/filemap_fault.c */
int do_file_fault(struct vm_area_struct *vma, unsigned long address, pte_t *pte,
		  unsigned int flags, pte_t (*mk)(struct page *, struct vm_area_struct *));
void file_pte_dirty(struct vm_area_struct *vma, struct page *page, pte_t pte);

#define USER_PGD_PTRS	(TASK_SIZE >> PGDIR_SHIFT)	/* PAE: 3, 2-level: 768 */
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define PTE_PFN_MASK	((u64)0xfffff000)

static inline unsigned long pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

static inline struct page *pte_page(pte_t pte)
{
	return pfn_to_page((unsigned long)((pte & PTE_PFN_MASK) >> PAGE_SHIFT));
}

static inline void *entry_va(u64 e)
{
	return __va((unsigned long)(e & PTE_PFN_MASK));
}

/* The new PTE for a page in vma: writable only if the VMA is. */
static pte_t mk_pte(struct page *page, struct vm_area_struct *vma)
{
	pte_t e = page_to_phys(page) | _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (vma->vm_flags & VM_WRITE)
		e |= _PAGE_RW | _PAGE_DIRTY;
	return e;
}

void *pgd_alloc(struct mm_struct *mm)
{
	pgd_t *pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);
#ifdef CONFIG_PAE
	unsigned int i;

	if (!pgd)
		return NULL;
	for (i = 0; i < USER_PGD_PTRS; i++) {
		void *pmd = (void *)get_zeroed_page(GFP_KERNEL);

		if (!pmd) {
			while (i--)
				free_page((unsigned long)entry_va(pgd[i]));
			free_page((unsigned long)pgd);
			return NULL;
		}
		pgd[i] = __pa(pmd) | _PAGE_PRESENT;	/* PDPTE: only P and the address */
	}
	pgd[3] = swapper_pg_dir[3];
#else
	if (!pgd)
		return NULL;
	memcpy(pgd + USER_PGD_PTRS, swapper_pg_dir + USER_PGD_PTRS,
	       (PTRS_PER_PGD - USER_PGD_PTRS) * sizeof(pgd_t));
#endif
	mm->pgd = pgd;
	return pgd;
}

void pgd_free(struct mm_struct *mm)
{
#ifdef CONFIG_PAE
	pgd_t *pgd = mm->pgd;
	unsigned int i;

	for (i = 0; i < USER_PGD_PTRS; i++)
		free_page((unsigned long)entry_va(pgd[i]));
#endif
	free_page((unsigned long)mm->pgd);
	mm->pgd = NULL;
}

/* The PMD entry (2-level: the PGD entry) that covers addr. */
#ifdef CONFIG_PAE
static inline pmd_t *pmd_entry(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = (pgd_t *)mm->pgd + pgd_index(addr);

	return (pmd_t *)entry_va(*pgd) + pmd_index(addr);
}
static inline u64 pmd_get(struct mm_struct *mm, unsigned long addr)
{
	return *pmd_entry(mm, addr);
}
static inline void pmd_set(struct mm_struct *mm, unsigned long addr, u64 v)
{
	*pmd_entry(mm, addr) = v;
}
#else
static inline u64 pmd_get(struct mm_struct *mm, unsigned long addr)
{
	return ((pgd_t *)mm->pgd)[pgd_index(addr)];
}
static inline void pmd_set(struct mm_struct *mm, unsigned long addr, u64 v)
{
	((pgd_t *)mm->pgd)[pgd_index(addr)] = (pgd_t)v;
}
#endif

/* The PTE for addr, with its page table allocated if alloc; NULL if none (or no memory). */
static pte_t *pte_offset(struct mm_struct *mm, unsigned long addr, bool alloc)
{
	u64 pmd = pmd_get(mm, addr);

	if (!(pmd & _PAGE_PRESENT)) {
		void *pt;

		if (!alloc)
			return NULL;
		pt = (void *)get_zeroed_page(GFP_KERNEL);
		if (!pt)
			return NULL;
		/* Another thread of this mm may have put a table there while
		 * the allocation slept or we were preempted (Linux's
		 * __pte_alloc rechecks under the page-table lock). */
		preempt_disable();
		pmd = pmd_get(mm, addr);
		if (pmd & _PAGE_PRESENT) {
			preempt_enable();
			free_page((unsigned long)pt);
		} else {
			pmd = __pa(pt) | _PAGE_TABLE;
			pmd_set(mm, addr, pmd);
			mm->nr_ptes++;
			preempt_enable();
		}
	}
	return (pte_t *)entry_va(pmd) + pte_index(addr);
}

static void flush_user_page(struct mm_struct *mm, unsigned long addr)
{
	if (current->active_mm == mm)
		flush_tlb_one(addr);
}

/*
 * Which RSS counter a page of vma counts in (Linux's mm_counter): the vDSO
 * page is the kernel's file-like page, shared anonymous memory is shmem in
 * Linux, the rest is anonymous.
 */
int mm_counter(const struct vm_area_struct *vma)
{
	if ((vma->vm_flags & VM_DONTEXPAND) || vma->vm_file)
		return MM_FILEPAGES;
	return (vma->vm_flags & VM_SHARED) ? MM_SHMEMPAGES : MM_ANONPAGES;
}

static void rss_inc(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	mm->rss_stat[mm_counter(vma)]++;
	if (++mm->rss > mm->hiwater_rss)
		mm->hiwater_rss = mm->rss;
}

static void rss_dec(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	mm->rss_stat[mm_counter(vma)]--;
	mm->rss--;
}

/* For swap (swap_state.c, vmscan.c): the counters, the PTE maker, the PTE of an address. */
void mm_rss_inc(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	rss_inc(mm, vma);
}

void mm_rss_dec(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	rss_dec(mm, vma);
}

pte_t anon_mk_pte(struct page *page, struct vm_area_struct *vma)
{
	return mk_pte(page, vma);
}

pte_t *user_pte_ptr(struct mm_struct *mm, unsigned long addr)
{
	if (!(pmd_get(mm, addr) & _PAGE_PRESENT))
		return NULL;
	return pte_offset(mm, addr, false);
}

/*
 * A first touch of an anonymous page: a zeroed page (Linux's
 * do_anonymous_page). User pages come from HighMem first (GFP_HIGHUSER):
 * the kernel reaches them only through kmap, never through a lowmem address.
 */
static int do_anonymous_page(struct vm_area_struct *vma, unsigned long address, pte_t *pte, gfp_t gfp)
{
	struct page *page;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = alloc_page(gfp | __GFP_ZERO | __GFP_NOWARN);
	if (!page)
		return VM_FAULT_OOM;
	/* A thread sharing the mm may have faulted the page in meanwhile: there
	 * is no page-table lock, so look again with preemption off (Linux
	 * rechecks pte_none under the lock). */
	preempt_disable();
	if (*pte & _PAGE_PRESENT) {
		preempt_enable();
		put_page(page);
		return 0;
	}
	*pte = mk_pte(page, vma);
	page_add_new_anon_rmap(page, vma, address & PAGE_MASK);
	rss_inc(vma->vm_mm, vma);
	preempt_enable();
	return 0;
}

/*
 * A write to a present read-only page in a writable VMA: the page is shared
 * after fork. The last user takes it over; others get a private copy
 * (Linux's do_wp_page).
 */
static int do_wp_page(struct vm_area_struct *vma, unsigned long address, pte_t *pte)
{
	pte_t orig = *pte;
	struct page *old = pte_page(orig), *new;

	if ((vma->vm_flags & VM_SHARED) && vma->vm_file) {	/* the file's page: dirty it */
		int ret = do_shared_wp(vma, old);

		if (ret)
			return ret;
		*pte |= _PAGE_RW | _PAGE_DIRTY;
	} else if ((page_count(old) == 1 && old->_mapcount <= 0) || (vma->vm_flags & VM_SHARED)) {
		*pte |= _PAGE_RW | _PAGE_DIRTY;	/* ours, or meant to be shared */
	} else {
		void *src, *dst;

		if (anon_vma_prepare(vma))
			return VM_FAULT_OOM;
		new = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN);
		if (!new)
			return VM_FAULT_OOM;
		src = kmap_atomic(old);
		dst = kmap_atomic(new);
		memcpy(dst, src, PAGE_SIZE);
		kunmap_atomic(dst);
		kunmap_atomic(src);
		/* Another thread of this mm may have copied or taken the page
		 * while we were preempted (Linux's pte_same under the lock):
		 * then its PTE stands and our copy goes. */
		preempt_disable();
		if (*pte != orig) {
			preempt_enable();
			put_page(new);
			return 0;
		}
		*pte = mk_pte(new, vma);
		page_add_new_anon_rmap(new, vma, address & PAGE_MASK);
		page_remove_rmap(old);	/* anonymous, or the file page a private copy replaces */
		put_page(old);
		preempt_enable();
	}
	flush_user_page(vma->vm_mm, address & PAGE_MASK);
	return 0;
}

/* The fault at address is inside vma and allowed by its flags (checked by the caller). */
int handle_mm_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags)
{
	pte_t *pte = pte_offset(vma->vm_mm, address, true);

	if (!pte)
		return VM_FAULT_OOM;
	if (vma->vm_flags & VM_PFNMAP) {
		/* Device frames: all mapped at mmap; a write after mprotect reaches them. */
		if (!(*pte & _PAGE_PRESENT))
			return VM_FAULT_SIGBUS;
		if ((flags & FAULT_FLAG_WRITE) && !(*pte & _PAGE_RW))
			*pte |= _PAGE_RW | _PAGE_DIRTY;
		flush_user_page(vma->vm_mm, address & PAGE_MASK);
		return 0;
	}
	if (is_swap_pte(*pte))
		return do_swap_page(vma, address, pte, flags, mk_pte);
	if (!(*pte & _PAGE_PRESENT) && vma->vm_file) {
		int ret = do_file_fault(vma, address, pte, flags, mk_pte);

		if (!ret)
			rss_inc(vma->vm_mm, vma);
		return ret;
	}
	if (!(*pte & _PAGE_PRESENT))
		return do_anonymous_page(vma, address, pte, GFP_HIGHUSER_MOVABLE);
	if ((flags & FAULT_FLAG_WRITE) && !(*pte & _PAGE_RW))
		return do_wp_page(vma, address, pte);
	/* Present and allowed: a stale TLB entry (another mapping changed it). */
	flush_user_page(vma->vm_mm, address & PAGE_MASK);
	return 0;
}

/*
 * Make every page of [start, end) in vma present, as the faults would
 * (MAP_POPULATE, mlock): writable private pages are copied now, so a locked
 * range takes no fault later. -ENOMEM if memory runs out.
 */
int populate_vma_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	unsigned int flags = (vma->vm_flags & VM_WRITE) ? FAULT_FLAG_WRITE : 0;
	unsigned long addr;

	if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return 0;		/* PROT_NONE: nothing to fault in */
	for (addr = start; addr < end; addr += PAGE_SIZE)
		if (handle_mm_fault(vma, addr, flags))
			return -ENOMEM;
	return 0;
}

/* Is the page at addr present in mm's page tables (mincore)? */
bool user_page_present(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte;

	if (!(pmd_get(mm, addr) & _PAGE_PRESENT))
		return false;
	pte = pte_offset(mm, addr, false);
	return *pte & _PAGE_PRESENT;
}

/* The PTE mapping addr in mm, or 0 (/proc/PID/pagemap, reading another process's memory). */
u64 user_pte(struct mm_struct *mm, unsigned long addr)
{
	if (!(pmd_get(mm, addr) & _PAGE_PRESENT))
		return 0;
	return *pte_offset(mm, addr, false);
}

/*
 * mremap: move the PTEs of [old_addr, old_addr + len) to new_addr, pages and
 * references as they are (Linux's move_page_tables). Both ranges belong to
 * VMAs with the same flags, so the RSS counters do not change.
 */
void move_page_tables(struct mm_struct *mm, unsigned long old_addr, unsigned long new_addr,
		      unsigned long len)
{
	unsigned long off;

	for (off = 0; off < len; off += PAGE_SIZE) {
		pte_t *o, *n;

		if (!(pmd_get(mm, old_addr + off) & _PAGE_PRESENT)) {
			off = ((old_addr + off) | (PTRS_PER_PTE * PAGE_SIZE - 1)) - old_addr + 1 - PAGE_SIZE;
			continue;
		}
		o = pte_offset(mm, old_addr + off, false);
		if (!*o)
			continue;
		n = pte_offset(mm, new_addr + off, true);
		if (!n)
			continue;	/* no page table: the page is dropped with the old range */
		preempt_disable();	/* reclaim must not change *o between the two lines */
		o = pte_offset(mm, old_addr + off, false);	/* (re-read: the allocation may reclaim) */
		*n = *o;	/* a present page or a swap entry */
		*o = 0;
		preempt_enable();
	}
	if (current->active_mm == mm)
		write_cr3(read_cr3());
}

void *get_user_page_zeroed(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	pte_t *pte = pte_offset(mm, addr, true);

	if (!pte)
		return NULL;
	/* The caller writes through the returned address: a lowmem page. */
	if (!(*pte & _PAGE_PRESENT) && do_anonymous_page(vma, addr, pte, GFP_KERNEL))
		return NULL;
	if (WARN_ON(PageHighMem(pte_page(*pte))))
		return NULL;
	return lowmem_page_address(pte_page(*pte));
}

/* One PTE of fork's copy: a swap entry is duplicated, a present page shared. */
static void copy_one_pte(struct mm_struct *dst, struct vm_area_struct *vma, pte_t *s, pte_t *d, bool cow)
{
	if (is_swap_pte(*s)) {
		if (!swap_duplicate(pte_to_swp_entry(*s))) {
			*d = *s;
			dst->swapents++;
		}
		return;
	}
	if (!(*s & _PAGE_PRESENT))
		return;
	if (vma->vm_flags & VM_PFNMAP) {
		*d = *s;	/* device frames: no references, no RSS */
		return;
	}
	if (cow)
		*s &= ~(u64)_PAGE_RW;
	get_page(pte_page(*s));
	page_dup_rmap(pte_page(*s));
	*d = *s;
	rss_inc(dst, vma);
}

/*
 * fork: share every present page of vma with the child, both read-only when
 * the mapping is private and writable, so the first write copies
 * (Linux's copy_page_range / copy_one_pte).
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	bool cow = (vma->vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
	unsigned long addr;

	for (addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE) {
		pte_t *s, *d;

		if (!(pmd_get(src, addr) & _PAGE_PRESENT)) {
			addr = (addr | (PTRS_PER_PTE * PAGE_SIZE - 1)) & PAGE_MASK;
			continue;
		}
		s = pte_offset(src, addr, false);
		if (!*s)
			continue;
		d = pte_offset(dst, addr, true);
		if (!d)
			return -ENOMEM;
		/* The allocation may have reclaimed: *s is read again, with reclaim kept out. */
		preempt_disable();
		copy_one_pte(dst, vma, s, d, cow);
		preempt_enable();
	}
	return 0;
}

/*
 * The pages a zap took out of the page tables, freed only after the TLB flush
 * (Linux's mmu_gather): until then another thread of the process, run by a
 * preemption in between (a thread switch keeps CR3 and the TLB), could still
 * write through a stale entry into a page already given to someone else.
 */
#define ZAP_BATCH 32
struct zap_gather {
	struct mm_struct *mm;
	struct page *pages[ZAP_BATCH];
	unsigned int nr;
	bool flush;		/* a present PTE was cleared */
};

static void zap_flush(struct zap_gather *g)
{
	unsigned int i;

	if (g->flush && current->active_mm == g->mm)
		write_cr3(read_cr3());
	g->flush = false;
	for (i = 0; i < g->nr; i++)
		put_page(g->pages[i]);
	g->nr = 0;
}

/* Unmap [start, end) of vma and drop the pages' references (Linux's zap_page_range). */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	struct zap_gather g = { .mm = mm };
	unsigned long addr;

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *pte;

		if (!(pmd_get(mm, addr) & _PAGE_PRESENT)) {
			addr = (addr | (PTRS_PER_PTE * PAGE_SIZE - 1)) & PAGE_MASK;
			continue;
		}
		pte = pte_offset(mm, addr, false);
		/*
		 * A shared file page written through this PTE is dirty: that may
		 * sleep (the VFS lock), so before the section below. Reclaim
		 * leaves mapped page-cache pages alone, so the PTE stays.
		 */
		if (vma->vm_file && (vma->vm_flags & VM_SHARED) && (*pte & _PAGE_PRESENT) &&
		    !(vma->vm_flags & VM_PFNMAP))
			file_pte_dirty(vma, pte_page(*pte), *pte);
		/* Reclaim (vmscan.c) swaps out anonymous pages: not while we look at one. */
		preempt_disable();
		if (is_swap_pte(*pte)) {
			free_swap_and_cache(pte_to_swp_entry(*pte));
			mm->swapents--;
			*pte = 0;
		} else if (*pte & _PAGE_PRESENT) {
			if (!(vma->vm_flags & VM_PFNMAP)) {
				page_remove_rmap(pte_page(*pte));
				g.pages[g.nr++] = pte_page(*pte);	/* its reference: after the flush */
				rss_dec(mm, vma);
			}
			*pte = 0;
			g.flush = true;
		}
		preempt_enable();
		if (g.nr == ZAP_BATCH)
			zap_flush(&g);
	}
	zap_flush(&g);
}

/* msync: the pages of a shared file mapping's writable PTEs are dirty now. */
void msync_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr;

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *pte;

		if (!(pmd_get(mm, addr) & _PAGE_PRESENT)) {
			addr = (addr | (PTRS_PER_PTE * PAGE_SIZE - 1)) & PAGE_MASK;
			continue;
		}
		pte = pte_offset(mm, addr, false);
		if (*pte & _PAGE_PRESENT)
			file_pte_dirty(vma, pte_page(*pte), *pte);
	}
}

/* mprotect: write-protect present pages of a range that lost VM_WRITE. */
void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr;

	if (vma->vm_flags & VM_WRITE)
		return;		/* gaining write access: the next write faults and fixes it */
	for (addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *pte;

		if (!(pmd_get(mm, addr) & _PAGE_PRESENT)) {
			addr = (addr | (PTRS_PER_PTE * PAGE_SIZE - 1)) & PAGE_MASK;
			continue;
		}
		pte = pte_offset(mm, addr, false);
		if (*pte & _PAGE_PRESENT)
			*pte &= ~(u64)_PAGE_RW;
	}
	if (current->active_mm == mm)
		write_cr3(read_cr3());
}

/* Free the page tables of user space (after every VMA was zapped). */
void free_pgtables(struct mm_struct *mm)
{
	unsigned long addr;

	for (addr = 0; addr < TASK_SIZE; addr += PTRS_PER_PTE * PAGE_SIZE) {
		u64 pmd = pmd_get(mm, addr);

		if (!(pmd & _PAGE_PRESENT))
			continue;
		free_page((unsigned long)entry_va(pmd));
		pmd_set(mm, addr, 0);
		mm->nr_ptes--;
	}
}

int install_special_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
			 struct page *page)
{
	pte_t *pte = pte_offset(mm, addr, true);

	if (!pte)
		return -ENOMEM;
	get_page(page);
	*pte = mk_pte(page, vma);
	rss_inc(mm, vma);
	return 0;
}

/*
 * The page at addr in another process's mm, made present as its own access
 * would (a write to a private page copies it first), for ptrace's PEEKDATA
 * and POKEDATA (Linux's get_user_pages_remote). NULL if addr is not mapped,
 * or not writable for a write.
 */
struct page *get_user_page_remote(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	pte_t *pte;

	if (!vma || addr < vma->vm_start || !(vma->vm_flags & (write ? VM_WRITE : VM_READ)))
		return NULL;
	if (handle_mm_fault(vma, addr, write ? FAULT_FLAG_WRITE : 0))
		return NULL;
	pte = pte_offset(mm, addr, false);
	if (!pte || !(*pte & _PAGE_PRESENT))
		return NULL;
	return pte_page(*pte);
}

/*
 * Map the physical frames from pfn at [addr, addr + size) of a VM_PFNMAP vma
 * (Linux's remap_pfn_range, for /dev/mem): the frames need no struct page,
 * take no references and count in no RSS; fork shares them as they are.
 */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size)
{
	unsigned long end = addr + size;

	for (; addr < end; addr += PAGE_SIZE, pfn++) {
		pte_t *pte = pte_offset(vma->vm_mm, addr, true);

		if (!pte)
			return -ENOMEM;
		*pte = ((pte_t)pfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
		if (vma->vm_flags & VM_WRITE)
			*pte |= _PAGE_RW | _PAGE_DIRTY;
	}
	return 0;
}
