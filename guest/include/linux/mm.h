/*
 * Memory-management interface (Linux's include/linux/mm.h): the page array
 * mem_map and the conversions between struct page, page frame numbers and
 * kernel addresses, the page allocator's entry points, and the start_kernel
 * hooks (build_all_zonelists, page_alloc_init, mm_init, free_initmem).
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include <asm/page.h>

extern struct page *mem_map;		/* one struct page per frame, pfn 0 .. max_pfn-1 */
extern unsigned long max_pfn, max_low_pfn;
extern unsigned long totalram_pages;	/* pages given to the buddy allocator */
extern unsigned long totalhigh_pages;
extern void *high_memory;		/* end of the direct map */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - mem_map;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return page->flags >> ZONES_PGSHIFT;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &contig_page_data.node_zones[page_zonenum(page)];
}

static inline bool PageHighMem(const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/* Lowmem only: the kernel address of a page, or NULL for highmem (use kmap). */
static inline void *lowmem_page_address(const struct page *page)
{
	return __va(page_to_pfn(page) << PAGE_SHIFT);
}
void *page_address(const struct page *page);

static inline bool virt_addr_valid(const void *addr)
{
	unsigned long a = (unsigned long)addr;
	return a >= PAGE_OFFSET && a < (unsigned long)high_memory;
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(__pa(addr) >> PAGE_SHIFT);
}

/* The first page of the slab or large kmalloc holding addr's page. */
static inline struct page *virt_to_head_page(const void *addr)
{
	struct page *page = virt_to_page(addr);
	return page->head ? page->head : page;
}

#define PAGE_ALIGN(x) ALIGN((unsigned long)(x), PAGE_SIZE)

static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

static inline int page_count(const struct page *page)
{
	return page->_refcount;
}

static inline void get_page(struct page *page)
{
	page->_refcount++;
}

void put_page(struct page *page);
void free_reserved_page(struct page *page);

/* Where the kernel is in its boot (Linux's system_state). */
enum system_states { SYSTEM_BOOTING, SYSTEM_RUNNING, SYSTEM_HALT };
extern enum system_states system_state;

/*
 * might_sleep(): a function that may sleep was called. Outside the boot,
 * calling it in atomic context (preemption disabled below the task's base
 * level, inside an interrupt, or with interrupts off) prints Linux's
 * "BUG: sleeping function called from invalid context" report.
 */
void ___might_sleep(const char *file, int line, void *caller);
#define might_sleep() ___might_sleep(__FILE__, __LINE__, __builtin_return_address(0))
extern unsigned long preempt_base_count;
extern unsigned long might_sleep_reports;	/* how many reports so far */
extern unsigned long bad_page_reports;		/* Bad page state reports so far */	/* the running task's own preempt depth */
bool in_atomic_context(void);

/* start_kernel's memory steps (paging_init is called from setup_arch). */
void paging_init(void);
void mem_init(void);
void build_all_zonelists(void *pgdat);
void page_alloc_init(void);
void mm_init(void);
void free_initmem(void);
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s);
void mark_rodata_ro(void);

/* Reports: the boot summary and the /proc-style views. */
void show_free_areas(void);
void show_buddyinfo(void);
unsigned long nr_free_pages(void);
/* Reclaim what can be reclaimed without sleeping (empty slabs). Returns pages freed. */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);

/* Kernel page tables (mm/pgtable.c). */
int map_kernel_page(unsigned long va, phys_addr_t pa, bool writable);
void unmap_kernel_page(unsigned long va);
void flush_tlb_one(unsigned long va);
void flush_tlb_all(void);
/* Linux's lookup_address: the entry mapping va and its level (1 = 4K PTE, 2 = 2M/4M). */
void *lookup_address(unsigned long va, unsigned int *level);
int set_memory_ro(unsigned long addr, int numpages);
int set_memory_rw(unsigned long addr, int numpages);
/* Walk the kernel's page tables: the physical address va maps to, or -1. */
phys_addr_t kernel_virt_to_phys(unsigned long va, bool *writable);

#endif
