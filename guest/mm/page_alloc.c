/*
 * The physical page allocator (Linux's mm/page_alloc.c): mem_map, the zones of
 * the one node, and a binary buddy allocator per zone.
 *
 * A free block of 2^order pages is represented by its first struct page,
 * marked PG_buddy with the order in page->private, on free_area[order]. To
 * allocate, take a block of the smallest order that is free and split it,
 * returning the halves to the lower lists. To free, look at the buddy block
 * (pfn ^ (1 << order)): while it is free and of the same order, unlink it and
 * merge, going up an order each time.
 *
 * Free blocks are kept per migrate type (linux/mmzone.h): each pageblock of
 * 2^pageblock_order pages has a type, a free block sits on the list of its
 * pageblock's type, and an allocation takes from its own type's lists first
 * (__rmqueue_smallest), then steals from another type in Linux's fallback
 * order, largest block first, taking over the whole pageblock when it can
 * (__rmqueue_fallback). Order-0 pages pass through the per-CPU lists
 * (zone->pcp) on their way in and out.
 *
 * Which zone, and how hard to try, come from the GFP flags (linux/gfp.h):
 * the fast path wants the zone above its low watermark; then the slow path
 * goes down to min (GFP_ATOMIC a little below it: the emergency reserve),
 * reclaims if the caller may sleep, retries, and otherwise fails with Linux's
 * "page allocation failure" report.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <linux/swap.h>
#include <linux/rmap.h>
#include <linux/sched.h>

pg_data_t contig_page_data;
struct page *mem_map;
unsigned long totalram_pages, totalhigh_pages;
void *high_memory;
enum system_states system_state = SYSTEM_BOOTING;
unsigned long bad_page_reports;		/* the self-tests check it goes up */
static unsigned long reserved_pages;
static unsigned long mem_map_bytes;
static unsigned long mem_map_pfn, mem_map_end_pfn;	/* the frames mem_map occupies */

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };
const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/*
 * The migrate type of every pageblock (Linux keeps these bits in
 * zone->pageblock_flags): one byte per 4 MiB, enough for 64 GiB.
 */
#define MAX_PAGEBLOCKS	(1UL << (36 - PAGE_SHIFT - pageblock_order))
static u8 pageblock_type[MAX_PAGEBLOCKS];

int get_pageblock_migratetype(const struct page *page)
{
	return pageblock_type[page_to_pfn(page) >> pageblock_order];
}

static void set_pageblock_migratetype(struct page *page, int mt)
{
	pageblock_type[page_to_pfn(page) >> pageblock_order] = mt;
}

#define clamp_val(v, lo, hi) min(max(v, lo), hi)
#define MAX_DMA_PFN	(16UL << (20 - PAGE_SHIFT))	/* ISA DMA reaches 16 MiB */

/* Where the kernel's own memory ends: the image, then (2-level) its page tables. */
static unsigned long kernel_end_va(void)
{
#ifdef CONFIG_PAE
	return (unsigned long)_end;
#else
	return _brk_end;
#endif
}

static void set_page_zone(struct page *page, enum zone_type z)
{
	page->flags = (page->flags & ~(~0UL << ZONES_PGSHIFT)) | ((unsigned long)z << ZONES_PGSHIFT);
}

/* Is the whole page [pfn] inside a usable E820 range? */
static bool __init pfn_is_usable(unsigned long pfn)
{
	u64 start = (u64)pfn << PAGE_SHIFT, end = start + PAGE_SIZE;
	u32 i;

	for (i = 0; i < e820_table.nr_entries; i++) {
		const struct boot_e820_entry *e = &e820_table.entries[i];
		if (e->type == E820_TYPE_RAM && e->addr <= start && e->addr + e->size >= end)
			return true;
	}
	return false;
}

extern unsigned long initrd_start, initrd_end;	/* arch/x86/setup.c */

/* Can frames [pfn, pfn + n) hold mem_map: usable RAM in lowmem, clear of the initrd? */
static bool __init mem_map_fits(unsigned long pfn, unsigned long n)
{
	unsigned long i;

	if (pfn + n > max_low_pfn)
		return false;
	if (initrd_start && pfn < PFN_UP(__pa(initrd_end)) && pfn + n > PFN_DOWN(__pa(initrd_start)))
		return false;
	for (i = 0; i < n; i++)
		if (!pfn_is_usable(pfn + i))
			return false;
	return true;
}

/*
 * Where mem_map goes. Linux's memblock allocates it from the top of lowmem,
 * away from ZONE_DMA: 48 bytes per 4 KiB frame is 12 MiB at 1 GiB, which
 * right after the kernel would take most of the 16 MiB an ISA DMA buffer
 * must come from. So: the start of ZONE_NORMAL, or just after the initrd if
 * the initrd is there; right after the kernel only when lowmem is too small
 * for either (a machine of a few tens of MiB, whose mem_map is small).
 */
static unsigned long __init place_mem_map(void)
{
	unsigned long n = PFN_UP(mem_map_bytes), pfn = MAX_DMA_PFN;

	if (!mem_map_fits(pfn, n) && initrd_start)
		pfn = PFN_UP(__pa(initrd_end));
	if (pfn >= MAX_DMA_PFN && mem_map_fits(pfn, n))
		return (unsigned long)__va(pfn << PAGE_SHIFT);
	return ALIGN(kernel_end_va(), PAGE_SIZE);
}

static void zone_pcp_init(struct zone *zone);

/*
 * paging_init's memory half (Linux: zone_sizes_init -> free_area_init): put
 * mem_map right after the kernel, give every frame its struct page (all
 * reserved for now: mem_init releases the free ones), and size the zones.
 */
void __init paging_init(void)
{
	unsigned long pfn, zone_end[MAX_NR_ZONES], start = 0;
	pg_data_t *pgdat = NODE_DATA(0);
	int z, o;

	mem_map_bytes = max_pfn * sizeof(struct page);
	/* Every pageblock starts movable; kernel allocations claim theirs by stealing. */
	memset(pageblock_type, MIGRATE_MOVABLE, sizeof(pageblock_type));
	mem_map = (struct page *)place_mem_map();
	mem_map_pfn = PFN_DOWN(__pa(mem_map));
	mem_map_end_pfn = PFN_UP(__pa((unsigned long)mem_map + mem_map_bytes));
	memset(mem_map, 0, mem_map_bytes);
	high_memory = __va(max_low_pfn << PAGE_SHIFT);

	zone_end[ZONE_DMA] = min(max_low_pfn, MAX_DMA_PFN);
	zone_end[ZONE_NORMAL] = max_low_pfn;
	zone_end[ZONE_HIGHMEM] = max_pfn;
	pgdat->node_mem_map = mem_map;
	pgdat->node_spanned_pages = max_pfn;
	pgdat->nr_zones = MAX_NR_ZONES;
	pr_info("Zone ranges:\n");
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		zone->name = zone_names[z];
		zone->zone_start_pfn = start;
		zone->spanned_pages = zone_end[z] > start ? zone_end[z] - start : 0;
		for (o = 0; o < MAX_ORDER * MIGRATE_TYPES; o++)
			INIT_LIST_HEAD(&zone->free_area[o / MIGRATE_TYPES].free_list[o % MIGRATE_TYPES]);
		for (o = 0; o < MIGRATE_PCPTYPES; o++)
			INIT_LIST_HEAD(&zone->pcp.lists[o]);
		zone_pcp_init(zone);
		for (pfn = start; pfn < start + zone->spanned_pages; pfn++) {
			struct page *page = pfn_to_page(pfn);

			set_page_zone(page, z);
			SetPageReserved(page);
			page->_refcount = 1;
			page->_mapcount = -1;
			INIT_LIST_HEAD(&page->lru);
			if (pfn_is_usable(pfn))
				zone->present_pages++;
		}
		pgdat->node_present_pages += zone->present_pages;
		if (zone->spanned_pages)
			pr_info("  %-8s [mem %#018llx-%#018llx]\n", zone->name,
				PFN_PHYS(start), PFN_PHYS(start + zone->spanned_pages) - 1);
		else
			pr_info("  %-8s empty\n", zone->name);
		if (zone_end[z] > start)
			start = zone_end[z];
	}
	pr_info("paging_init: mem_map: %lu struct pages (%lu bytes each) at %p-%p\n", max_pfn,
		(unsigned long)sizeof(struct page), mem_map, (char *)mem_map + mem_map_bytes);
}

/*
 * Each allocation starts in the highest zone its flags allow and falls back
 * to lower ones (HighMem -> Normal -> DMA), never upwards: lower zones are
 * scarcer and can serve every caller.
 */
void __init build_all_zonelists(void *unused)
{
	pg_data_t *pgdat = NODE_DATA(0);
	unsigned long total = 0;
	int z, k, n;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		n = 0;
		for (k = z; k >= 0; k--)
			if (!zone_is_empty(&pgdat->node_zones[k]))
				pgdat->node_zonelists[z].zones[n++] = &pgdat->node_zones[k];
		pgdat->node_zonelists[z].zones[n] = NULL;
		total += pgdat->node_zones[z].present_pages;
	}
	pr_info("build_all_zonelists: Built 1 zonelists, mobility grouping on.  Total pages: %lu (fallback: HighMem -> Normal -> DMA)\n",
		total);
}

/* ---- the buddy allocator proper ---- */

static inline unsigned long buddy_pfn_of(unsigned long pfn, unsigned int order)
{
	return pfn ^ (1UL << order);
}

static inline bool page_is_buddy(struct page *page, struct page *buddy, unsigned int order)
{
	return PageBuddy(buddy) && buddy->private == order && page_zone(buddy) == page_zone(page);
}

static void add_to_free_area(struct page *page, struct zone *zone, unsigned int order, int mt)
{
	SetPageBuddy(page);
	page->private = order;
	list_add(&page->lru, &zone->free_area[order].free_list[mt]);
	zone->free_area[order].nr_free++;
}

/* Off its list, whichever type's list that is. */
static void del_from_free_area(struct page *page, struct zone *zone, unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

/* Free 2^order pages at page into zone, merging with free buddies. */
static void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
			    unsigned int order, int mt)
{
	zone->free_pages += 1UL << order;
	while (order < MAX_ORDER - 1) {
		unsigned long bpfn = buddy_pfn_of(pfn, order);
		struct page *buddy;

		if (bpfn >= max_pfn)
			break;
		buddy = pfn_to_page(bpfn);
		if (!page_is_buddy(page, buddy, order))
			break;
#ifdef MUTANT_buddy_no_merge	/* mutation testing: once booted, buddies above order 0 never merge */
		if (order > 0 && system_state == SYSTEM_RUNNING)
			break;
#endif
		del_from_free_area(buddy, zone, order);
		pfn &= bpfn;		/* the merged block starts at the lower of the two */
		page = pfn_to_page(pfn);
		order++;
	}
	add_to_free_area(page, zone, order, mt);
}

/* Split a block of order high down to order low: the upper halves go back on the mt lists. */
static void expand(struct zone *zone, struct page *page, unsigned int low, unsigned int high,
		   int mt)
{
	while (high > low) {
		high--;
		add_to_free_area(page + (1UL << high), zone, high, mt);
	}
}

/* The smallest free block of at least 2^order pages on the mt lists, split to size. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int mt)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++) {
		struct list_head *list = &zone->free_area[o].free_list[mt];
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		del_from_free_area(page, zone, o);
		expand(zone, page, order, o, mt);
		zone->free_pages -= 1UL << order;
		return page;
	}
	return NULL;
}

/* Linux's fallback order: which other types' blocks a type may take, best first. */
static const int fallbacks[MIGRATE_PCPTYPES][2] = {
	[MIGRATE_UNMOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE]	= { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/*
 * May an allocation of start_mt that found a free block of this order in
 * another type take over the rest of that block's pageblock? Always for
 * large blocks; for small ones only if it is unmovable or reclaimable, so
 * that kernel memory claims whole pageblocks rather than scattering single
 * pages among movable ones (Linux's can_steal_fallback).
 */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order / 2)
		return true;
	return start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE;
}

/* Move the free blocks of page's pageblock to the mt lists; the number of free pages moved. */
static unsigned long move_freepages_block(struct zone *zone, struct page *page, int mt)
{
	unsigned long pfn = page_to_pfn(page) & ~(pageblock_nr_pages - 1);
	unsigned long end = pfn + pageblock_nr_pages, moved = 0;

	if (pfn < zone->zone_start_pfn || end > zone->zone_start_pfn + zone->spanned_pages)
		return 0;	/* the pageblock straddles a zone boundary */
	while (pfn < end) {
		struct page *p = pfn_to_page(pfn);

		if (!PageBuddy(p)) {
			pfn++;
			continue;
		}
		list_move(&p->lru, &zone->free_area[p->private].free_list[mt]);
		moved += 1UL << p->private;
		pfn += 1UL << p->private;
	}
	return moved;
}

/*
 * Take over (part of) another type's free block for start_mt (Linux's
 * steal_suitable_fallback): a block of a whole pageblock or more changes
 * type outright; a smaller one, if stealing is allowed, takes its
 * pageblock's free pages along, and the pageblock itself when at least half
 * of it was free. Otherwise only this block moves to the start_mt lists.
 */
static void steal_suitable_fallback(struct zone *zone, struct page *page, unsigned int order,
				    int start_mt, bool whole_block)
{
	unsigned long i, free;

	zone->steal_count++;
	if (order >= pageblock_order) {
		for (i = 0; i < (1UL << order); i += pageblock_nr_pages)
			set_pageblock_migratetype(page + i, start_mt);
	} else if (whole_block) {
		free = move_freepages_block(zone, page, start_mt);
		if (free >= pageblock_nr_pages / 2)
			set_pageblock_migratetype(page, start_mt);
		if (free)
			return;		/* page moved along with its pageblock's other free blocks */
	}
	list_move(&page->lru, &zone->free_area[order].free_list[start_mt]);
}

/* The first fallback type with a free block of this order, or -1. */
static int find_suitable_fallback(struct zone *zone, unsigned int order, int start_mt,
				  bool *can_steal)
{
	int i;

	*can_steal = false;
	if (!zone->free_area[order].nr_free)
		return -1;
	for (i = 0; i < 2; i++) {
		int mt = fallbacks[start_mt][i];

		if (list_empty(&zone->free_area[order].free_list[mt]))
			continue;
		*can_steal = can_steal_fallback(order, start_mt);
		return mt;
	}
	return -1;
}

/*
 * start_mt's own lists are empty: steal from another type. Largest block
 * first, so that one steal serves many later allocations and the other
 * type's pageblocks are not nibbled at; but a movable allocation that may
 * not steal the pageblock takes the smallest block instead (Linux's
 * __rmqueue_fallback). Returns whether anything moved to the start_mt lists.
 */
static bool __rmqueue_fallback(struct zone *zone, unsigned int order, int start_mt)
{
	bool can_steal;
	int o, mt;

#ifdef MUTANT_fallback_smallest_first	/* mutation testing: nibble the smallest foreign block */
	for (o = order; o < MAX_ORDER; o++) {
		mt = find_suitable_fallback(zone, o, start_mt, &can_steal);
		if (mt != -1) {
			can_steal = false;
			goto do_steal;
		}
	}
	return false;
#endif
	for (o = MAX_ORDER - 1; o >= (int)order; o--) {
		mt = find_suitable_fallback(zone, o, start_mt, &can_steal);
		if (mt == -1)
			continue;
		if (!can_steal && start_mt == MIGRATE_MOVABLE && o > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return false;
find_smallest:
	for (o = order; o < MAX_ORDER; o++) {
		mt = find_suitable_fallback(zone, o, start_mt, &can_steal);
		if (mt != -1)
			break;
	}
do_steal:
	steal_suitable_fallback(zone, list_first_entry(&zone->free_area[o].free_list[mt],
						       struct page, lru),
				o, start_mt, can_steal);
	return true;
}

/* Take a block of 2^order pages of type mt from zone, stealing if it must. */
static struct page *__rmqueue(struct zone *zone, unsigned int order, int mt, int alloc_flags);

/* ---- watermarks and allocation policy ---- */

#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER		0x10	/* GFP_ATOMIC: a quarter deeper into the reserve */
#define ALLOC_HIGH		0x20	/* __GFP_HIGH: half of the reserve */

/*
 * Linux's __zone_watermark_ok: after taking 2^order pages, would the zone
 * still have more than its mark (lowered for high-priority callers)? For
 * order > 0 a free block of at least that order must also exist.
 */
static bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			      int alloc_flags, enum zone_type classzone)
{
	long min = mark, free_pages = z->free_pages - ((1L << order) - 1);

	free_pages -= z->lowmem_reserve[classzone];
	unsigned int o;

	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (free_pages <= min)
		return false;
	if (!order)
		return true;
	for (o = order; o < MAX_ORDER; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

static enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_HIGHMEM)
		return ZONE_HIGHMEM;
	return ZONE_NORMAL;
}

static struct page *__rmqueue(struct zone *zone, unsigned int order, int mt, int alloc_flags)
{
	struct page *page;

	/* High-order atomic allocations may use the pageblocks reserved for them. */
	if (order && (alloc_flags & ALLOC_HARDER)) {
		page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
		if (page)
			return page;
	}
	do {
		page = __rmqueue_smallest(zone, order, mt);
		if (page)
			return page;
	} while (__rmqueue_fallback(zone, order, mt));
	return NULL;
}

/* ---- the per-CPU page lists ---- */

/*
 * Give count pages from the pcp lists back to the buddy allocator, taking
 * from each list in turn (Linux's free_pcppages_bulk). Interrupts are off.
 */
static void free_pcppages_bulk(struct zone *zone, int count)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	int mt = 0;

	while (count > 0 && pcp->count > 0) {
		struct list_head *list = &pcp->lists[mt];
		struct page *page;

		mt = (mt + 1) % MIGRATE_PCPTYPES;
		if (list_empty(list))
			continue;
		/* The coldest page: the one freed longest ago. */
		page = list_entry(list->prev, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
		count--;
#ifdef MUTANT_pcp_lose_page	/* mutation testing: the last page drained is lost */
		if (!pcp->count)
			continue;
#endif
		__free_one_page(page, page_to_pfn(page), zone, 0, page->index);
		page->index = 0;
	}
}

/* Empty every zone's pcp lists into the buddy allocator (Linux's drain_all_pages). */
void drain_all_pages(void)
{
	unsigned long flags;
	int z;

	local_irq_save(flags);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		free_pcppages_bulk(zone, zone->pcp.count);
	}
	local_irq_restore(flags);
}

unsigned long nr_pcp_pages(void)
{
	unsigned long n = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		n += NODE_DATA(0)->node_zones[z].pcp.count;
	return n;
}

/* An order-0 page of type mt: from the pcp list, refilled batch pages at a time. */
static struct page *rmqueue_pcplist(struct zone *zone, int mt, int alloc_flags)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	struct list_head *list = &pcp->lists[mt];
	struct page *page;
	int i;

	if (list_empty(list)) {
		for (i = 0; i < pcp->batch; i++) {
			page = __rmqueue(zone, 0, mt, alloc_flags);
			if (!page)
				break;
			/* The type of the list it came from, whatever its pageblock says. */
			page->index = mt;
			list_add_tail(&page->lru, list);
			pcp->count++;
		}
		if (list_empty(list))
			return NULL;
	} else {
		zone->pcp_hits++;
	}
	page = list_first_entry(list, struct page, lru);
	list_del(&page->lru);
	page->index = 0;
	pcp->count--;
	return page;
}

/* An order-0 page freed: onto its pcp list (hot end), trimmed back to high. */
static void free_unref_page(struct zone *zone, struct page *page)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	int mt = get_pageblock_migratetype(page);

	if (mt >= MIGRATE_PCPTYPES) {	/* highatomic or isolated blocks: straight back */
		__free_one_page(page, page_to_pfn(page), zone, 0, mt);
		return;
	}
	page->index = mt;
	list_add(&page->lru, &pcp->lists[mt]);
	pcp->count++;
	if (pcp->count >= pcp->high)
		free_pcppages_bulk(zone, pcp->batch);
}

/*
 * Linux's zone_batchsize: about a quarter of a thousandth of the zone, at
 * most 1 MiB, rounded to 2^n - 1 (so that batches of different zones do not
 * line up in the cache); high is six batches.
 */
static void zone_pcp_init(struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, (1024UL * 1024) / PAGE_SIZE) / 4;
	unsigned long p = 1;

	if (batch < 1)
		batch = 1;
	while (p * 2 <= batch + batch / 2)
		p *= 2;
	zone->pcp.batch = max(1UL, p - 1);
	zone->pcp.high = 6 * zone->pcp.batch;
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order, int alloc_flags)
{
	struct zonelist *zl = &NODE_DATA(0)->node_zonelists[gfp_zone(gfp)];
	struct zone **zp;

	for (zp = zl->zones; *zp; zp++) {
		struct zone *zone = *zp;
		struct page *page;
		unsigned long flags;

		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order, zone->watermark[alloc_flags & ALLOC_WMARK_MASK],
				       alloc_flags, gfp_zone(gfp)))
			continue;
		local_irq_save(flags);
		if (!order)
			page = rmqueue_pcplist(zone, gfp_migratetype(gfp), alloc_flags);
		else
			page = __rmqueue(zone, order, gfp_migratetype(gfp), alloc_flags);
		local_irq_restore(flags);
		if (page) {
			zone->alloc_count++;
			return page;
		}
	}
	return NULL;
}

static int gfp_to_alloc_flags(gfp_t gfp)
{
	int alloc_flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	if (gfp & __GFP_ATOMIC)
		alloc_flags |= ALLOC_HARDER;
	return alloc_flags;
}

static void warn_alloc(gfp_t gfp, unsigned int order, const char *why)
{
	if (gfp & __GFP_NOWARN)
		return;
	pr_warn("lucix: page allocation failure: order:%u, mode:%#x (%s)\n", order, gfp, why);
	dump_stack();
	show_free_areas();
}

/* Prepare a block for its new owner. */
static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long i;

	page->_refcount = 1;
	page->_mapcount = -1;
	page->private = order;
	SetPageHead(page);
	if (gfp & __GFP_ZERO)
		for (i = 0; i < (1UL << order); i++)
			clear_highpage(page + i);
}

/*
 * The heart of the allocator (Linux's __alloc_pages_nodemask). Returns the
 * first struct page of 2^order contiguous frames, or NULL.
 */
#define MAX_RECLAIM_RETRIES 3
unsigned long direct_reclaims;	/* passes of direct reclaim */
unsigned long alloc_stalls;	/* ticks an allocation slept waiting for memory */

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	bool can_sleep = gfpflags_allow_blocking(gfp);
	int alloc_flags, tries = 0;
	struct page *page;

	if (order >= MAX_ORDER) {
		WARN_ON(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	if (can_sleep)
		might_sleep();
	/* Fast path: plenty of memory in some allowed zone. */
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW);
	if (page)
		goto got;
	/* Below the low watermark: kswapd reclaims in the background (vmscan.c). */
	if (gfp & __GFP_KSWAPD_RECLAIM)
		wakeup_kswapd();
	/* Slow path: down to min (the reserve, for GFP_ATOMIC/__GFP_HIGH). */
	alloc_flags = gfp_to_alloc_flags(gfp);
	page = get_page_from_freelist(gfp, order, alloc_flags);
	if (page)
		goto got;
	if (!can_sleep) {
		/* GFP_ATOMIC and GFP_NOWAIT cannot reclaim: fail now. */
		warn_alloc(gfp, order, "cannot reclaim in this context");
		goto fail;
	}
	/*
	 * Direct reclaim: empty slabs, then page-cache and anonymous pages
	 * (vmscan.c); then retry, a bounded number of times without progress.
	 */
	for (;;) {
		unsigned long progress;

		direct_reclaims++;
		progress = try_to_free_pages(gfp, order) +
			   do_try_to_free_pages(gfp, false);	/* vmscan.c */
		page = get_page_from_freelist(gfp, order, alloc_flags);
		if (page)
			goto got;
		if (gfp & __GFP_NORETRY)
			break;
		if (progress)
			continue;
		if (++tries > MAX_RECLAIM_RETRIES)
			break;
		/*
		 * Nothing reclaimable now: wait a tick for memory that is on its
		 * way back (a writeback finishing, another task exiting or
		 * freeing), as Linux's should_reclaim_retry waits, then retry.
		 */
		if (system_state == SYSTEM_RUNNING && !in_atomic_context()) {
			alloc_stalls++;
			schedule_timeout_uninterruptible(1);
		}
		page = get_page_from_freelist(gfp, order, alloc_flags);
		if (page)
			goto got;
	}
	if (gfp & __GFP_NOFAIL) {
		/* Linux lets __GFP_NOFAIL use the last reserves before the OOM killer. */
		page = get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS);
		if (page)
			goto got;
		panic("Out of memory: a __GFP_NOFAIL allocation of order %u cannot be satisfied and nothing can be reclaimed (no OOM killer yet)",
		      order);
	}
	warn_alloc(gfp, order, "out of memory after reclaim");
fail:
	NODE_DATA(0)->node_zones[gfp_zone(gfp)].alloc_fail++;
	return NULL;
got:
	prep_new_page(page, order, gfp);
	return page;
}

/* Linux's bad_page(): report and leave the page alone rather than corrupt lists. */
static void bad_page(struct page *page, const char *reason, unsigned int order, void *caller)
{
	bad_page_reports++;
	pr_alert("BUG: Bad page state in process swapper  pfn:%05lx\n", page_to_pfn(page));
	pr_alert("page:%p count:%d mapcount:%d flags:%#lx order:%lu (freed as order %u)\n", page,
		 page->_refcount, page->_mapcount, page->flags & ((1UL << __NR_PAGEFLAGS) - 1),
		 page->private, order);
	pr_alert("page dumped because: %s\n", reason);
	pr_alert("freed by %pS\n", caller);
	dump_stack();
}

static void free_pages_checked(struct page *page, unsigned int order, void *caller)
{
	unsigned long flags, pfn = page_to_pfn(page);

	if (PageBuddy(page)) {
		bad_page(page, "double free: the block is already free", order, caller);
		return;
	}
	if (PageReserved(page)) {
		bad_page(page, "freeing a reserved page the allocator never gave out", order, caller);
		return;
	}
	if (PageSlab(page)) {
		bad_page(page, "freeing a slab page behind the slab allocator's back", order, caller);
		return;
	}
	if (!PageHead(page)) {
		bad_page(page, "not the first page of an allocation", order, caller);
		return;
	}
	if (page->private != order) {
		bad_page(page, "freed with the wrong order", order, caller);
		return;
	}
	if (pfn & ((1UL << order) - 1)) {
		bad_page(page, "block not aligned to its order", order, caller);
		return;
	}
	page->flags &= ~((1UL << PG_head) | (1UL << PG_large_kmalloc));
	page->_refcount = 0;
	local_irq_save(flags);
	page_zone(page)->free_count++;
	if (!order)
		free_unref_page(page_zone(page), page);
	else
		__free_one_page(page, pfn, page_zone(page), order, get_pageblock_migratetype(page));
	local_irq_restore(flags);
}

/* Drop a reference; the last one frees the 2^order block. */
void __free_pages(struct page *page, unsigned int order)
{
	void *caller = __builtin_return_address(0);

	if (PageBuddy(page) || page->_refcount <= 0) {
		bad_page(page, "double free: page count already zero", order, caller);
		return;
	}
	if (--page->_refcount == 0) {
		page->_refcount = 1;	/* free_pages_checked expects a live block */
		free_pages_checked(page, order, caller);
	}
}

void put_page(struct page *page)
{
	if (page->_refcount == 1 && PageAnon(page))
		page_anon_release(page);	/* rmap.c: off the LRU, mapping cleared */
	__free_pages(page, 0);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	/* __get_free_pages returns a kernel address: highmem is not allowed. */
	page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);
	return page ? (unsigned long)lowmem_page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (!virt_addr_valid((void *)addr)) {
		pr_alert("BUG: free_pages(%#lx, %u): not a direct-mapped kernel address, called from %pS\n",
			 addr, order, __builtin_return_address(0));
		bad_page_reports++;
		dump_stack();
		return;
	}
	__free_pages(virt_to_page((void *)addr), order);
}

void *page_address(const struct page *page)
{
	if (!PageHighMem(page))
		return lowmem_page_address(page);
	return kmap_lookup_address(page);
}

/*
 * Free pages, in the free areas or on the per-CPU lists (Linux's
 * NR_FREE_PAGES leaves the lists out; here MemFree and sysinfo move by
 * exactly one page per page allocated, which the user-space tests check).
 * The watermarks look at zone->free_pages, the free areas alone, as Linux's.
 */
unsigned long nr_free_pages(void)
{
	unsigned long n = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		n += NODE_DATA(0)->node_zones[z].free_pages + NODE_DATA(0)->node_zones[z].pcp.count;
	return n;
}

/*
 * Watermarks from min_free_kbytes = sqrt(16 * lowmem KiB), clamped to
 * [128, 65536] as Linux does, shared out among the lowmem zones by size;
 * low = min + min/4, high = min + min/2. Highmem gets a small fixed reserve.
 */
int min_free_kbytes;	/* vm.min_free_kbytes: set at boot, or by a write (then kept) */
static bool min_free_kbytes_user;

void setup_per_zone_wmarks(void)
{
	pg_data_t *pgdat = NODE_DATA(0);
	unsigned long lowmem_kb = 0, min_pages, x = 1;
	int z;

	for (z = 0; z < ZONE_HIGHMEM; z++)
		lowmem_kb += pgdat->node_zones[z].managed_pages << (PAGE_SHIFT - 10);
	while ((x + 1) * (x + 1) <= lowmem_kb * 16)
		x++;
	if (!min_free_kbytes_user)
		min_free_kbytes = clamp_val(x, 128UL, 65536UL);
	min_pages = min_free_kbytes >> (PAGE_SHIFT - 10);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		unsigned long m;

		if (z == ZONE_HIGHMEM)
			m = clamp_val(zone->managed_pages / 1024, 32UL, 128UL);
		else
			m = lowmem_kb ? min_pages * (zone->managed_pages << (PAGE_SHIFT - 10)) / lowmem_kb : 0;
		if (!zone->managed_pages)
			m = 0;
		zone->watermark[WMARK_MIN] = m;
		zone->watermark[WMARK_LOW] = m + m / 4;
		zone->watermark[WMARK_HIGH] = m + m / 2;
	}
	/*
	 * Linux's lowmem_reserve_ratio (DMA 256, Normal 32): a HighMem-capable
	 * allocation (user pages) may fall back to a lowmem zone only while that
	 * zone keeps HighMem/ratio pages more than its watermark, so user memory
	 * cannot take the lowmem that page tables and the kernel need. (Linux also
	 * keeps DMA back from Normal allocations; lucix does not, yet.)
	 */
	pgdat->node_zones[ZONE_DMA].lowmem_reserve[ZONE_HIGHMEM] =
		pgdat->node_zones[ZONE_HIGHMEM].managed_pages / 256;
	pgdat->node_zones[ZONE_NORMAL].lowmem_reserve[ZONE_HIGHMEM] =
		pgdat->node_zones[ZONE_HIGHMEM].managed_pages / 32;
	if (min_free_kbytes_user)
		return;		/* a sysctl write: Linux says nothing */
	pr_info("mem_init: min_free_kbytes=%d; watermarks (pages) min/low/high: DMA %lu/%lu/%lu, Normal %lu/%lu/%lu, HighMem %lu/%lu/%lu\n",
		min_free_kbytes,
		pgdat->node_zones[0].watermark[0], pgdat->node_zones[0].watermark[1],
		pgdat->node_zones[0].watermark[2], pgdat->node_zones[1].watermark[0],
		pgdat->node_zones[1].watermark[1], pgdat->node_zones[1].watermark[2],
		pgdat->node_zones[2].watermark[0], pgdat->node_zones[2].watermark[1],
		pgdat->node_zones[2].watermark[2]);
}

/* A write to vm.min_free_kbytes: the watermarks follow (Linux's min_free_kbytes_sysctl_handler). */
void set_min_free_kbytes(int kb)
{
	min_free_kbytes = kb;
	min_free_kbytes_user = true;
	setup_per_zone_wmarks();
}

/*
 * Linux's memblock_free_all(): hand every usable frame that holds nothing of
 * the kernel's to the buddy allocator. Kept back: frame 0 (real-mode IVT and
 * BIOS data), the kernel image with its page tables, mem_map, and every
 * frame the E820 map does not call usable RAM.
 */
static void __init free_all_bootmem(void)
{
	unsigned long pfn, kstart = PFN_DOWN(__pa(_text)), kend;
	int z;

	unsigned long rd_start = initrd_start ? PFN_DOWN(__pa(initrd_start)) : 0;
	unsigned long rd_end = initrd_start ? PFN_UP(__pa(initrd_end)) : 0;

	kend = PFN_UP(__pa(kernel_end_va()));
	for (pfn = 1; pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if ((pfn >= kstart && pfn < kend) || (pfn >= rd_start && pfn < rd_end) ||
		    (pfn >= mem_map_pfn && pfn < mem_map_end_pfn) ||
		    !pfn_is_usable(pfn)) {
			reserved_pages++;
			continue;
		}
		ClearPageReserved(page);
		page->_refcount = 0;
		page_zone(page)->managed_pages++;
		__free_one_page(page, pfn, page_zone(page), 0, MIGRATE_MOVABLE);
	}
	for (z = 0; z < MAX_NR_ZONES; z++)
		totalram_pages += NODE_DATA(0)->node_zones[z].managed_pages;
	totalhigh_pages = NODE_DATA(0)->node_zones[ZONE_HIGHMEM].managed_pages;
}

/* Give a page that was reserved at boot (e.g. init code) to the buddy allocator. */
void free_reserved_page(struct page *page)
{
	unsigned long flags;

	if (!PageReserved(page))
		return;
	ClearPageReserved(page);
	page->_refcount = 0;
	local_irq_save(flags);
	page_zone(page)->managed_pages++;
	totalram_pages++;
	reserved_pages--;
	__free_one_page(page, page_to_pfn(page), page_zone(page), 0,
			get_pageblock_migratetype(page));
	local_irq_restore(flags);
}

void __init page_alloc_init(void)
{
	/* Watermarks need managed_pages, known once mem_init has freed memory; until
	 * then min = low = high = 0 and only this step's line is printed. */
	pr_info("page_alloc_init: buddy allocator with MAX_ORDER %d (blocks of 4 KiB .. %lu KiB) per zone\n",
		MAX_ORDER, (PAGE_SIZE << (MAX_ORDER - 1)) >> 10);
}

/* Linux's mem_init(): release memory and print the "Memory:" line. */
void __init mem_init(void)
{
	unsigned long code = _etext - _text, init = __init_end - __init_begin;
	unsigned long bss = __bss_stop - __bss_start, data = _edata - __init_end;
	unsigned long rodata = __end_rodata - _etext;
	int z;

	free_all_bootmem();
	for (z = 0; z < MAX_NR_ZONES; z++)
		zone_pcp_init(&NODE_DATA(0)->node_zones[z]);
	setup_per_zone_wmarks();
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK highmem)\n",
		nr_free_pages() << (PAGE_SHIFT - 10), max_pfn << (PAGE_SHIFT - 10), code >> 10,
		data >> 10, rodata >> 10, init >> 10, bss >> 10,
		reserved_pages << (PAGE_SHIFT - 10), totalhigh_pages << (PAGE_SHIFT - 10));
}

/* /proc/buddyinfo: free blocks per order, per zone. */
void show_buddyinfo(void)
{
	int z, o;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		if (zone_is_empty(zone))
			continue;
		printk(KERN_INFO "Node 0, zone %8s", zone->name);
		for (o = 0; o < MAX_ORDER; o++)
			pr_cont(" %6lu", zone->free_area[o].nr_free);
		pr_cont("\n");
	}
}

/* Per-zone free pages and watermarks (Linux's show_free_areas, shortened). */
void show_free_areas(void)
{
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		if (zone_is_empty(zone))
			continue;
		pr_info("%s free:%lukB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB\n",
			zone->name, zone->free_pages << 2, zone->watermark[WMARK_MIN] << 2,
			zone->watermark[WMARK_LOW] << 2, zone->watermark[WMARK_HIGH] << 2,
			zone->present_pages << 2, zone->managed_pages << 2);
	}
	show_buddyinfo();
}

unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	unsigned long before = nr_free_pages();
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		kmem_cache_shrink(s);
	drain_all_pages();
	return nr_free_pages() - before;
}

/* ---- might_sleep ---- */

unsigned long preempt_base_count;
unsigned long might_sleep_reports;

bool in_atomic_context(void)
{
	unsigned long pc = preempt_count() & ~PREEMPT_NEED_RESCHED;

	return irq_count() || (pc & PREEMPT_MASK) > preempt_base_count || irqs_disabled();
}

void ___might_sleep(const char *file, int line, void *caller)
{
	static unsigned long reports;

	if (system_state != SYSTEM_RUNNING || !in_atomic_context())
		return;
	reports++;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, preempt_count: %#lx, caller %pS\n",
	       (preempt_count() & PREEMPT_MASK) > preempt_base_count || irq_count() ? 1 : 0,
	       irqs_disabled(), preempt_count() & ~PREEMPT_NEED_RESCHED, caller);
	dump_stack();
	might_sleep_reports = reports;
}
