/*
 * Virtually contiguous kernel memory (Linux's include/linux/vmalloc.h):
 * order-0 pages from anywhere (highmem too) mapped one by one into the
 * vmalloc range above the direct map, each area followed by an unmapped
 * guard page so running off the end faults.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>

struct page;

struct vm_struct {
	struct vm_struct *next;		/* sorted by address */
	void *addr;
	unsigned long size;		/* including the guard page */
	struct page **pages;
	unsigned int nr_pages;
	bool owns_pages;		/* vmalloc'ed (freed by vfree), not vmap'ed */
	void *caller;
};

extern unsigned long VMALLOC_START, VMALLOC_END;
extern struct vm_struct *vmlist;

void vmalloc_init(void);
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);
void *vmap(struct page **pages, unsigned int count);
void vunmap(const void *addr);
struct page *vmalloc_to_page(const void *addr);
bool is_vmalloc_addr(const void *addr);
/* One debug line: areas and pages of the vmalloc range in use (for leak checks). */
void vmalloc_report(const char *who);

#endif
