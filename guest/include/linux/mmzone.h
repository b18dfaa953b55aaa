/*
 * Zones and nodes (Linux's include/linux/mmzone.h). One node (contig_page_data)
 * holds three zones: DMA (below 16 MiB, for ISA DMA), NORMAL (the rest of
 * low memory, mapped at PAGE_OFFSET) and HIGHMEM (above 896 MiB, reached
 * through kmap). Each zone has its own buddy allocator: free_area[order] is a
 * list of free blocks of 2^order pages. A zonelist is the order in which zones
 * are tried for an allocation (highest allowed first, falling back downwards).
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/types.h>
#include <linux/list.h>

#define MAX_ORDER 11		/* blocks of 2^0 .. 2^10 pages (4 KiB .. 4 MiB) */

enum zone_type {
	ZONE_DMA,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	MAX_NR_ZONES
};

struct free_area {
	struct list_head free_list;	/* first pages of free blocks of this order */
	unsigned long nr_free;		/* how many blocks */
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

struct zone {
	const char *name;
	unsigned long watermark[NR_WMARK];	/* free pages below which allocations work harder */
	/* Pages kept back from allocations that could have used a higher zone
	 * (indexed by that zone: Linux's lowmem_reserve, set for HighMem only). */
	unsigned long lowmem_reserve[3];
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;		/* pfn range size, holes included */
	unsigned long present_pages;		/* RAM pages in the range */
	unsigned long managed_pages;		/* pages handed to the buddy allocator */
	unsigned long free_pages;		/* currently free (sum over free_area) */
	struct free_area free_area[MAX_ORDER];
	/* Statistics the debugger and /proc show. */
	unsigned long alloc_count, free_count, alloc_fail;
};

#define MAX_ZONES_PER_ZONELIST MAX_NR_ZONES
struct zonelist {
	struct zone *zones[MAX_ZONES_PER_ZONELIST + 1];	/* NULL-terminated */
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	/* node_zonelists[z]: the fallback order for allocations whose highest zone is z */
	struct zonelist node_zonelists[MAX_NR_ZONES];
	int nr_zones;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	struct page *node_mem_map;
} pg_data_t;

extern pg_data_t contig_page_data;
#define NODE_DATA(nid) (&contig_page_data)

static inline bool zone_is_empty(const struct zone *z)
{
	return z->spanned_pages == 0;
}

#endif
