/*
 * The reverse map of anonymous pages (Linux 2.6's include/linux/rmap.h, in
 * its first, one-anon_vma-per-family form): every private VMA that has
 * anonymous pages points at an anon_vma, the list of all VMAs (in this mm
 * and in the mms forked from it) where those pages may be mapped. A mapped
 * anonymous page has page->mapping = its anon_vma with bit 0 set
 * (PAGE_MAPPING_ANON) and page->index = its linear page index
 * (vm_pgoff + the page's offset in the VMA), which fork, split and mremap
 * keep; so its address in each VMA of the list is computed, not searched.
 * page->_mapcount counts the PTEs mapping it, minus one.
 */
#ifndef _LINUX_RMAP_H
#define _LINUX_RMAP_H

#include <linux/list.h>
#include <linux/mm_types.h>
#include <asm/page.h>

#define PAGE_MAPPING_ANON	1UL

struct anon_vma {
	struct list_head head;		/* the VMAs, through vm_area_struct.anon_vma_node */
};

static inline bool PageAnon(const struct page *page)
{
	return (unsigned long)page->mapping & PAGE_MAPPING_ANON;
}

static inline bool page_mapped(const struct page *page)
{
	return page->_mapcount >= 0;
}

static inline unsigned long linear_page_index(const struct vm_area_struct *vma, unsigned long addr)
{
	return ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/* VMAs and their anon_vma */
int anon_vma_prepare(struct vm_area_struct *vma);	/* before the first anonymous page */
void anon_vma_link(struct vm_area_struct *vma);		/* a copy of a VMA (fork, split, mremap) */
void anon_vma_unlink(struct vm_area_struct *vma);	/* the VMA goes */
void anon_vma_merge(struct vm_area_struct *keep, struct vm_area_struct *gone);
bool anon_vma_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b);

/* pages and their PTEs (callers keep preemption off around the PTE change) */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr);
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr);
void page_dup_rmap(struct page *page);			/* fork copied a PTE */
void page_remove_rmap(struct page *page);		/* anonymous or page cache */
void page_anon_release(struct page *page);		/* put_page: the last reference goes */

/* reclaim (vmscan.c) */
int page_referenced(struct page *page);			/* young PTEs found (and made old) */
bool page_rmap_swappable(struct page *page);		/* every PTE found, in a swappable VMA */
int try_to_unmap(struct page *page);			/* every PTE -> the page's swap entry */
bool vma_swappable(const struct vm_area_struct *vma);

/* The anonymous LRU lists (lru.c) */
extern unsigned long nr_active_anon, nr_inactive_anon;
void lru_add_active_anon(struct page *page);
void lru_anon_del(struct page *page);
void lru_anon_putback(struct page *page, bool active);
struct page *lru_anon_tail(bool active);		/* the coldest page of a list, or NULL */

#endif
