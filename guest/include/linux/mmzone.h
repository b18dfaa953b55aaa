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

/*
 * Mobility grouping: memory is cut into pageblocks of 2^pageblock_order pages,
 * each with a migrate type, and each order's free blocks are kept on one list
 * per type. An allocation takes from its own type's lists and, when they are
 * empty, steals from another type by a fixed fallback order, preferably a
 * whole pageblock. So pages that can never move (kernel memory) stay together
 * in few pageblocks instead of pinning every one of them.
 */
enum migratetype {
	MIGRATE_UNMOVABLE,	/* kernel allocations, page tables */
	MIGRATE_MOVABLE,	/* user pages and the page cache (__GFP_MOVABLE) */
	MIGRATE_RECLAIMABLE,	/* slabs of reclaimable caches (__GFP_RECLAIMABLE) */
	MIGRATE_PCPTYPES,	/* the types with a per-CPU list */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,	/* kept for high-order atomic allocations */
	MIGRATE_ISOLATE,	/* never allocated from */
	MIGRATE_TYPES
};
extern const char *const migratetype_names[MIGRATE_TYPES];

#define pageblock_order		(MAX_ORDER - 1)	/* as Linux on i386 without huge pages */
#define pageblock_nr_pages	(1UL << pageblock_order)

enum zone_type {
	ZONE_DMA,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	MAX_NR_ZONES
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];	/* first pages of free blocks, by type */
	unsigned long nr_free;		/* how many blocks, all types */
};

/*
 * The per-CPU page lists in front of the buddy allocator (one CPU here):
 * order-0 pages freed go to the list of their type and are handed out again
 * from there, hot in the cache, without touching the zone's free areas. When
 * a list is empty, batch pages come from the buddy allocator at once; when
 * count exceeds high, batch pages go back.
 */
struct per_cpu_pages {
	int count;		/* pages on the lists */
	int high;		/* above this, give batch back */
	int batch;		/* pages moved to or from the buddy lists at a time */
	struct list_head lists[MIGRATE_PCPTYPES];
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
	struct per_cpu_pages pcp;
	/* Statistics the debugger and /proc show. */
	unsigned long alloc_count, free_count, alloc_fail;
	unsigned long pcp_hits;			/* order-0 allocations served by pcp */
	unsigned long steal_count;		/* fallbacks into another type's block */
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
