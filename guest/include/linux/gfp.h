/*
 * GFP ("get free pages") flags: what an allocation may do to succeed and
 * where its memory may come from (Linux's include/linux/gfp.h, values of
 * Linux 4.x). The zone modifiers pick the highest zone allowed; the action
 * modifiers say whether the caller may sleep (direct reclaim), may dip into
 * the emergency reserve, must not fail, or must not retry.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

/* Zone modifiers. */
#define __GFP_DMA		0x01u	/* only ZONE_DMA (below 16 MiB, ISA DMA) */
#define __GFP_HIGHMEM		0x02u	/* ZONE_HIGHMEM allowed (page may have no kernel address) */
/* Mobility: which migrate type's pageblocks the page comes from (mmzone.h). */
#define __GFP_MOVABLE		0x08u	/* can be moved or reclaimed: user pages, page cache */
#define __GFP_RECLAIMABLE	0x10u	/* can be freed on demand: reclaimable slab caches */
#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT	3
/* Action modifiers. */
#define __GFP_HIGH		0x20u	/* high priority: may use part of the reserve */
#define __GFP_IO		0x40u	/* may start physical I/O */
#define __GFP_FS		0x80u	/* may call into the filesystem */
#define __GFP_ZERO		0x100u	/* return zeroed memory */
#define __GFP_ATOMIC		0x200u	/* caller cannot sleep or reclaim: may use more reserve */
#define __GFP_DIRECT_RECLAIM	0x400u	/* may sleep to reclaim memory itself */
#define __GFP_KSWAPD_RECLAIM	0x800u	/* may wake kswapd (background reclaim) */
#define __GFP_NOWARN		0x2000u	/* no "page allocation failure" report */
#define __GFP_NOFAIL		0x8000u	/* retry for ever; the caller cannot handle failure */
#define __GFP_NORETRY		0x10000u	/* one attempt at reclaim, then fail */
#define __GFP_HARDWALL		0x100000u	/* cpuset memory wall (no effect here) */
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

/* The usual combinations. */
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		__GFP_DMA
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)

/* The migrate type an allocation's pages are grouped with (enum migratetype). */
static inline int gfp_migratetype(gfp_t gfp)
{
	return (gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT;
}

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

struct page;
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages(page, 0)
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages(addr, 0)

#endif
