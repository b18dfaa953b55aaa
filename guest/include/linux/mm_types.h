/*
 * struct page: one per physical page frame, all of them in mem_map[] (the
 * FLATMEM model of Linux's include/linux/mm_types.h). Which fields mean
 * something depends on what the page is used for: a free block in the buddy
 * allocator (PG_buddy, order in private, linked on lru), a slab (PG_slab,
 * slab_cache/freelist/inuse/objects), a large kmalloc (PG_head, order in
 * private), or anything else (_refcount, _mapcount).
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>

struct kmem_cache;

struct page {
	unsigned long flags;		/* PG_* bits; the zone number in the top bits */
	int _refcount;			/* users of the page; 0 when free */
	int _mapcount;			/* page-table mappings - 1 (-1: none) */
	unsigned long private;		/* buddy: order of the free block; large kmalloc: order */
	struct list_head lru;		/* buddy free list, or the cache's slab list */
	struct kmem_cache *slab_cache;	/* slab: the cache it belongs to */
	void *freelist;			/* SLUB: first free object; SLAB: index array */
	void *s_mem;			/* slab: first object */
	unsigned short inuse;		/* slab: objects handed out */
	unsigned short objects;		/* slab: objects in this slab */
	unsigned short free_idx;	/* SLAB: next free slot in the index array */
	unsigned short pad;
	struct page *head;		/* slab or large kmalloc: its first page (NULL otherwise) */
};

/* Page flags (bit numbers), named as in Linux's include/linux/page-flags.h. */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_slab,		/* holds slab objects */
	PG_reserved,		/* never given to the allocator (kernel image, BIOS, mem_map) */
	PG_private,
	PG_head,		/* first page of a multi-page (compound) allocation */
	PG_buddy,		/* first page of a free block in the buddy allocator */
	PG_highmem_mapped,	/* a highmem page currently kmap'ed */
	PG_large_kmalloc,	/* a kmalloc too big for the size classes */
	__NR_PAGEFLAGS
};

#define ZONES_SHIFT	2
#define ZONES_PGSHIFT	(32 - ZONES_SHIFT)

#define PAGEFLAG(name, bit)							\
	static inline bool Page##name(const struct page *p) { return p->flags & (1UL << (bit)); } \
	static inline void SetPage##name(struct page *p) { p->flags |= 1UL << (bit); } \
	static inline void ClearPage##name(struct page *p) { p->flags &= ~(1UL << (bit)); }

PAGEFLAG(Slab, PG_slab)
PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Head, PG_head)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(LargeKmalloc, PG_large_kmalloc)

#endif
