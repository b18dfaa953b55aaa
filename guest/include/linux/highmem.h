/*
 * Highmem: pages above the direct map have no permanent kernel address.
 * kmap() maps one into the pkmap window (may sleep); kmap_atomic() into a
 * small per-CPU stack of fixed slots (never sleeps, unmap in reverse order).
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/mm.h>

#define LAST_PKMAP	512
extern unsigned long PKMAP_BASE;
#define KM_SLOTS	16
extern unsigned long FIXMAP_KMAP_BASE;

void kmap_init(void);
void *kmap(struct page *page);
void kunmap(struct page *page);
void *kmap_atomic(struct page *page);
void kunmap_atomic(void *addr);
void clear_highpage(struct page *page);
/* The pkmap address of a kmap'ed highmem page, or NULL (from page_address_htable). */
void *kmap_lookup_address(const struct page *page);
#define PA_HASH_ORDER	7
extern struct list_head page_address_htable[1 << PA_HASH_ORDER];

#endif
