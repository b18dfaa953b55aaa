/*
 * The reverse map of anonymous pages (Linux 2.6.9's mm/rmap.c): from a page
 * to every PTE that maps it, so reclaim can age a page by its PTEs'
 * accessed bits (page_referenced) and unmap it from every process at once
 * (try_to_unmap), whoever shares it after fork.
 *
 * One anon_vma serves a VMA, its splits and moves, and every copy fork made
 * of them (the form Linux had until 2.6.34; later kernels chain an anon_vma
 * per generation so that a long fork tree scans fewer VMAs, which lucix's
 * few processes do not need). A page's address in a VMA of the list is
 * vm_start + ((page->index - vm_pgoff) << PAGE_SHIFT); a VMA where that is
 * outside it, or whose PTE there maps another page (a COW copy was made),
 * does not map this page.
 *
 * page->mapping is trusted only while the page is mapped: an unmapped page
 * (in the swap cache) may point at an anon_vma that is gone; the next
 * mapping sets it again. Everything here runs with preemption off (one CPU:
 * nothing else changes a page table or a VMA list meanwhile).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/preempt.h>
#include <linux/swap.h>
#include <linux/rmap.h>
#include <asm/pgtable.h>

#define PTE_PFN_MASK	((u64)0xfffff000)


unsigned long nr_anon_vmas;

static struct anon_vma *page_anon_vma(const struct page *page)
{
	return (struct anon_vma *)((unsigned long)page->mapping & ~PAGE_MAPPING_ANON);
}

int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av;

	if (vma->anon_vma)
		return 0;
	av = kmalloc(sizeof(*av), GFP_KERNEL);
	if (!av)
		return -ENOMEM;
	preempt_disable();
	if (vma->anon_vma) {		/* another thread of the mm set it while we slept */
		preempt_enable();
		kfree(av);
		return 0;
	}
	INIT_LIST_HEAD(&av->head);
	vma->anon_vma = av;
	list_add_tail(&vma->anon_vma_node, &av->head);
	nr_anon_vmas++;
	preempt_enable();
	return 0;
}

void anon_vma_link(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		list_add_tail(&vma->anon_vma_node, &vma->anon_vma->head);
}

void anon_vma_unlink(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	if (!av)
		return;
	list_del(&vma->anon_vma_node);
	vma->anon_vma = NULL;
	if (list_empty(&av->head)) {
		kfree(av);
		nr_anon_vmas--;
	}
}

/* keep absorbs gone (a merge): keep takes gone's pages' anon_vma if it has none. */
void anon_vma_merge(struct vm_area_struct *keep, struct vm_area_struct *gone)
{
	if (!keep->anon_vma && gone->anon_vma) {
		keep->anon_vma = gone->anon_vma;
		anon_vma_link(keep);
	}
}

bool anon_vma_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return !a->anon_vma || !b->anon_vma || a->anon_vma == b->anon_vma;
}

static void set_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	page->mapping = (struct address_space *)((unsigned long)vma->anon_vma | PAGE_MAPPING_ANON);
	page->index = linear_page_index(vma, addr);
}

/* A new page's first PTE (first touch, COW copy): onto the active anonymous list. */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	if (WARN_ON(!vma->anon_vma))
		return;
	page->_mapcount = 0;
	set_anon_rmap(page, vma, addr);
	lru_add_active_anon(page);
}

/* One more PTE for a page that may be in the swap cache (swap-in). */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	if (WARN_ON(!vma->anon_vma))
		return;
	if (++page->_mapcount == 0)
		set_anon_rmap(page, vma, addr);
	if (!PageLRU(page))
		lru_add_active_anon(page);
}

void page_dup_rmap(struct page *page)
{
	if (PageAnon(page))
		page->_mapcount++;
	else if (page->_mapcount >= 0)
		page_add_file_rmap(page);
}

void page_remove_rmap(struct page *page)
{
	if (PageAnon(page))
		page->_mapcount--;
	else if (page->_mapcount >= 0)
		page_remove_file_rmap(page);
}

/* From put_page, for the last reference of an anonymous page. */
void page_anon_release(struct page *page)
{
	lru_anon_del(page);
	page->flags &= ~((1UL << PG_dirty) | (1UL << PG_referenced));
	page->mapping = NULL;
	page->index = 0;
	page->_mapcount = -1;
}

bool vma_swappable(const struct vm_area_struct *vma)
{
	return !(vma->vm_flags & (VM_SHARED | VM_LOCKED | VM_PFNMAP | VM_DONTEXPAND)) &&
	       (vma->vm_flags & VM_WRITE);
}

/* The PTE mapping page in vma, or NULL (Linux's vma_address + page_check_address). */
static pte_t *page_pte(struct page *page, struct vm_area_struct *vma, unsigned long *paddr)
{
	unsigned long addr;
	pte_t *pte;

	if (page->index < vma->vm_pgoff)
		return NULL;
	addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	if (addr < vma->vm_start || addr >= vma->vm_end)
		return NULL;
	pte = user_pte_ptr(vma->vm_mm, addr);
	if (!pte || !(*pte & _PAGE_PRESENT) ||
	    (unsigned long)((*pte & PTE_PFN_MASK) >> PAGE_SHIFT) != page_to_pfn(page))
		return NULL;
	*paddr = addr;
	return pte;
}

#define for_each_anon_pte(page, av, vma, pte, addr)					\
	list_for_each_entry(vma, &(av)->head, anon_vma_node)				\
		if (((pte) = page_pte(page, vma, &(addr))) != NULL)

static void flush_user(struct mm_struct *mm, unsigned long addr)
{
	if (current->active_mm == mm)
		flush_tlb_one(addr);
}

/*
 * How many PTEs mapping page had the accessed bit set since the last look;
 * the bits are cleared (Linux's page_referenced). A page in a locked VMA
 * counts as referenced: it must stay.
 */
int page_referenced(struct page *page)
{
	struct vm_area_struct *vma;
	unsigned long addr;
	int n = 0;
	pte_t *pte;

	if (!PageAnon(page) || !page_mapped(page))
		return 0;
	for_each_anon_pte(page, page_anon_vma(page), vma, pte, addr) {
		if (vma->vm_flags & VM_LOCKED)
			n++;
		if (*pte & _PAGE_ACCESSED) {
			*pte &= ~(u64)_PAGE_ACCESSED;
			flush_user(vma->vm_mm, addr);
			n++;
		}
	}
	return n;
}

/*
 * May page be unmapped everywhere? Every PTE that _mapcount counts must be
 * found through the anon_vma, each in a VMA reclaim may swap from; else the
 * page stays (a PTE left writable while the page sits in the swap cache
 * would let the copy on disk go stale).
 */
bool page_rmap_swappable(struct page *page)
{
	struct vm_area_struct *vma;
	unsigned long addr;
	int found = 0;
	pte_t *pte;

	if (!PageAnon(page))
		return false;
	if (!page_mapped(page))
		return true;
	for_each_anon_pte(page, page_anon_vma(page), vma, pte, addr) {
		if (!vma_swappable(vma))
			return false;
		found++;
	}
	return found == page->_mapcount + 1;
}

/*
 * Replace every PTE of page (in the swap cache: its entry in private) by
 * the swap entry; each takes a count on the slot and gives up its page
 * reference (Linux's try_to_unmap_one). Returns the PTEs unmapped.
 */
int try_to_unmap(struct page *page)
{
	swp_entry_t e = { page->private };
	struct vm_area_struct *vma;
	unsigned long addr;
	int n = 0;
	pte_t *pte;

	if (!PageSwapCache(page) || !PageAnon(page) || !page_mapped(page))
		return 0;
	for_each_anon_pte(page, page_anon_vma(page), vma, pte, addr) {
		if (swap_duplicate(e))
			break;
		*pte = swp_entry_to_pte(e);
		flush_user(vma->vm_mm, addr);
		mm_rss_dec(vma->vm_mm, vma);
		vma->vm_mm->swapents++;
		page->_mapcount--;
		put_page(page);		/* the PTE's reference; the swap cache still holds one */
		n++;
	}
	return n;
}
