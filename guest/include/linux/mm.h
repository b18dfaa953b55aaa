/*
 * Memory management interface. Today only the start_kernel hooks exist, as
 * stubs in guest/mm/init.c; issue 8 adds struct page, zones, alloc_pages,
 * kmalloc, vmalloc here.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>

void build_all_zonelists(void *pgdat);
void page_alloc_init(void);
void mm_init(void);
void free_initmem(void);
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s);

#endif
