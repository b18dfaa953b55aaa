/*
 * selftest=mm: the memory manager checked from inside the kernel. Each case
 * leaves memory as it found it, and most check that explicitly: the free
 * counts of every zone and order must come back. The debug-report cases
 * provoke the bug (use after free, overflow, double free, bad pointers) and
 * check that it was reported, not silently absorbed. Run with CONFIG_SLUB,
 * CONFIG_SLAB and CONFIG_SLOB kernels alike.
 *
 * Cases that must fail on a kernel built with a fault (`make MUTANT=name`,
 * tests/groups/96-guest-mm2.sh):
 *   buddy_split_coalesce                MUTANT_buddy_no_merge (no merge above order 0)
 *   vmap_and_kmap (HighMem, -m 1200)    MUTANT_kmap_wrong_page (pkmap maps the next frame)
 *   pcp_lists_batch_and_high            MUTANT_pcp_lose_page (a drained page is lost)
 *   migrate_types_contain_fragmentation MUTANT_fallback_smallest_first (no pageblock steal)
 *   lazy_tlb_no_cr3_loads               MUTANT_no_lazy_tlb (kernel threads load init_mm)
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/preempt.h>
#include <linux/selftest.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <asm/processor.h>
#include <asm/traps.h>

unsigned long slab_pages_held(void);	/* slab_common.c */

struct buddy_snapshot {
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free_pages;
	unsigned long slab_pages;	/* reported when free_pages differs */
};

static void shrink_all(void)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		kmem_cache_shrink(s);
}

static void snapshot(struct buddy_snapshot *b)
{
	int z, o;

	shrink_all();
	drain_all_pages();	/* the per-CPU lists' pages back into the free areas */
	for (z = 0; z < MAX_NR_ZONES; z++)
		for (o = 0; o < MAX_ORDER; o++)
			b->nr_free[z][o] = NODE_DATA(0)->node_zones[z].free_area[o].nr_free;
	b->free_pages = nr_free_pages();
	b->slab_pages = slab_pages_held();
}

static void expect_same(struct selftest *t, const struct buddy_snapshot *before)
{
	struct buddy_snapshot now;
	int z, o;

	snapshot(&now);
	ST_EXPECT_MSG(t, now.free_pages == before->free_pages,
		      "%lu pages free, %lu before (slab pages %lu, %lu before)", now.free_pages,
		      before->free_pages, now.slab_pages, before->slab_pages);
	for (z = 0; z < MAX_NR_ZONES; z++)
		for (o = 0; o < MAX_ORDER; o++)
			ST_EXPECT_MSG(t, now.nr_free[z][o] == before->nr_free[z][o],
				      "zone %d order %d: %lu free blocks, %lu before", z, o,
				      now.nr_free[z][o], before->nr_free[z][o]);
}

/* Allocated blocks are chained through their (then unused) lru heads. */
static unsigned long grab_all(struct list_head *list, gfp_t gfp, unsigned int order)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(gfp | __GFP_NOWARN, order))) {
		list_add(&page->lru, list);
		n++;
	}
	return n;
}

static void release_all(struct list_head *list, unsigned int order)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		__free_pages(page, order);
	}
}

static void buddy_split_coalesce(struct selftest *t)
{
	struct buddy_snapshot before;
	struct page *page;

	snapshot(&before);
	page = alloc_pages(GFP_KERNEL, 0);
	ST_EXPECT(t, page != NULL);
	/* Free pages: in the free areas, or on the per-CPU lists. */
	ST_EXPECT_EQ(t, nr_free_pages(), before.free_pages - 1);
	ST_EXPECT(t, PageHead(page) && !PageBuddy(page));
	__free_pages(page, 0);
	/* The split halves must have merged back into the block they came from. */
	expect_same(t, &before);
	/* Order 3, past the per-CPU lists: split from a larger block, merged back on free. */
	page = alloc_pages(GFP_KERNEL, 3);
	ST_EXPECT(t, page != NULL);
	ST_EXPECT_EQ(t, nr_free_pages(), before.free_pages - 8);
	__free_pages(page, 3);
	expect_same(t, &before);
}

static void every_order_until_exhausted(struct selftest *t)
{
	struct buddy_snapshot before;
	unsigned int order;

	snapshot(&before);
	for (order = 0; order < MAX_ORDER; order++) {
		LIST_HEAD(list);
		unsigned long n = grab_all(&list, GFP_KERNEL, order);
		struct page *page;

		ST_EXPECT_MSG(t, n > 0, "no block of order %u at all", order);
		/* Every block is aligned to its size (the buddy invariant). */
		list_for_each_entry(page, &list, lru)
			ST_EXPECT(t, !(page_to_pfn(page) & ((1UL << order) - 1)));
		ST_EXPECT(t, n << order <= before.free_pages);
		release_all(&list, order);
		expect_same(t, &before);
	}
}

static void zone_fallback(struct selftest *t)
{
	struct buddy_snapshot before;
	LIST_HEAD(list);
	struct page *page;
	unsigned long in_dma = 0, in_normal = 0;
	bool dma_only = true;

	snapshot(&before);
	grab_all(&list, GFP_KERNEL, 0);
	list_for_each_entry(page, &list, lru) {
		if (page_zonenum(page) == ZONE_DMA)
			in_dma++;
		else if (page_zonenum(page) == ZONE_NORMAL)
			in_normal++;
	}
	release_all(&list, 0);
	/* Normal ran out first, then GFP_KERNEL fell back to DMA. A machine of
	 * 16 MiB or less has no ZONE_NORMAL at all (as in Linux): all from DMA. */
	if (NODE_DATA(0)->node_zones[ZONE_NORMAL].managed_pages)
		ST_EXPECT(t, in_normal > 0);
	else
		ST_EXPECT_EQ(t, in_normal, 0);
	ST_EXPECT_MSG(t, in_dma > 0, "GFP_KERNEL never fell back to ZONE_DMA");
	grab_all(&list, GFP_DMA, 0);
	list_for_each_entry(page, &list, lru)
		dma_only &= page_zonenum(page) == ZONE_DMA;
	ST_EXPECT_MSG(t, dma_only, "a GFP_DMA page came from outside ZONE_DMA");
	release_all(&list, 0);
	expect_same(t, &before);
}

static void atomic_reserve_and_nowait(struct selftest *t)
{
	struct zone *dma = &NODE_DATA(0)->node_zones[ZONE_DMA];
	struct buddy_snapshot before;
	LIST_HEAD(list);
	LIST_HEAD(atomic);
	unsigned long n;

	snapshot(&before);
	/* GFP_NOWAIT stops at the min watermark of every zone... */
	grab_all(&list, GFP_NOWAIT, 0);
	ST_EXPECT(t, alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0) == NULL);
	ST_EXPECT(t, dma->free_pages <= dma->watermark[WMARK_MIN]);
	/* ...while GFP_ATOMIC may go into the emergency reserve below it... */
	n = grab_all(&atomic, GFP_ATOMIC, 0);
	ST_EXPECT_MSG(t, n > 0, "GFP_ATOMIC got nothing from the reserve");
	ST_EXPECT(t, dma->free_pages < dma->watermark[WMARK_MIN]);
	/* ...but not all of it. */
	ST_EXPECT(t, dma->free_pages > 0);
	release_all(&atomic, 0);
	release_all(&list, 0);
	expect_same(t, &before);
}

static void might_sleep_in_atomic(struct selftest *t)
{
	unsigned long reports = might_sleep_reports;
	struct page *page;

	preempt_disable();
	page = alloc_page(GFP_ATOMIC);	/* fine in atomic context */
	ST_EXPECT_EQ(t, might_sleep_reports, reports);
	__free_page(page);
	page = alloc_page(GFP_KERNEL);	/* may sleep: a bug here */
	preempt_enable();
	ST_EXPECT_EQ(t, might_sleep_reports, reports + 1);
	__free_page(page);
	page = alloc_page(GFP_KERNEL);	/* and fine again */
	ST_EXPECT_EQ(t, might_sleep_reports, reports + 1);
	__free_page(page);
}

static void kmalloc_classes(struct selftest *t)
{
	static const size_t sizes[] = { 1, 7, 8, 9, 16, 31, 64, 65, 96, 100, 128, 190, 192,
		255, 256, 500, 512, 1000, 1024, 2047, 2048, 4000, 4096, 8000, 8192, 8193,
		20000, 100000, 1000000 };
	struct buddy_snapshot before;
	unsigned int i;

	snapshot(&before);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *p = kmalloc(sizes[i], GFP_KERNEL);
		size_t k;

		ST_EXPECT_MSG(t, p != NULL, "kmalloc(%u) failed", (unsigned int)sizes[i]);
		if (!p)
			continue;
		ST_EXPECT_MSG(t, ksize(p) >= sizes[i], "ksize %u < %u", (unsigned int)ksize(p),
			      (unsigned int)sizes[i]);
		if (sizes[i] <= KMALLOC_MAX_CACHE_SIZE)
			ST_EXPECT_EQ(t, ksize(p), kmalloc_cache_for(sizes[i])->object_size);
		memset(p, 0x3c, sizes[i]);
		for (k = 0; k < sizes[i]; k += 97)
			ST_EXPECT(t, p[k] == 0x3c);
		kfree(p);
	}
	{
		unsigned char *z = kzalloc(300, GFP_KERNEL), *r;
		size_t k;
		bool zero = true;

		for (k = 0; k < 300; k++)
			zero &= z[k] == 0;
		ST_EXPECT(t, zero);
		memset(z, 0x77, 300);
		r = krealloc(z, 5000, GFP_KERNEL);
		ST_EXPECT(t, r && r[0] == 0x77 && r[299] == 0x77 && ksize(r) >= 5000);
		kfree(r);
		ST_EXPECT(t, kcalloc(0x40000000, 8, GFP_KERNEL) == NULL);	/* overflow */
		ST_EXPECT(t, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
		kfree(ZERO_SIZE_PTR);
	}
	expect_same(t, &before);
}

static struct kmem_cache *debug_cache(void)
{
	return kmem_cache_create("selftest-debug", 56, 0,
				 SLAB_POISON | SLAB_RED_ZONE | SLAB_STORE_USER, NULL);
}

static void poison_catches_use_after_free(struct selftest *t)
{
	struct kmem_cache *s = debug_cache();
	unsigned long errors = slab_errors_reported;
	unsigned char *p, *q;

	ST_EXPECT(t, s != NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	ST_EXPECT(t, p[0] == POISON_FREE && p[55] == POISON_END);
	ST_EXPECT_EQ(t, slab_errors_reported, errors);
	p[10] = 0x42;				/* use after free */
	q = kmem_cache_alloc(s, GFP_KERNEL);	/* LIFO: the same object */
	ST_EXPECT(t, q == p);
	ST_EXPECT_EQ(t, slab_errors_reported, errors + 1);
	kmem_cache_free(s, q);
	kmem_cache_destroy(s);
	ST_EXPECT_EQ(t, slab_errors_reported, errors + 1);
}

static void red_zone_catches_overflow(struct selftest *t)
{
	struct kmem_cache *s = debug_cache();
	unsigned long errors = slab_errors_reported;
	unsigned char *p;

	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[56] = 0;			/* one byte past the end */
	kmem_cache_free(s, p);
	ST_EXPECT_EQ(t, slab_errors_reported, errors + 1);
	kmem_cache_destroy(s);
}

static void double_and_bad_frees_reported(struct selftest *t)
{
	struct kmem_cache *s = debug_cache();
	unsigned long errors = slab_errors_reported, bad = bad_page_reports;
	struct buddy_snapshot before;
	unsigned long on_stack;
	unsigned char *p;
	struct page *page;

	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	kmem_cache_free(s, p);		/* double free */
	ST_EXPECT_EQ(t, slab_errors_reported, errors + 1);
	kmem_cache_destroy(s);

	p = kmalloc(64, GFP_KERNEL);
	kfree(p + 4);			/* not the start of an object */
	ST_EXPECT_EQ(t, slab_errors_reported, errors + 2);
	kfree(&on_stack);		/* never came from kmalloc */
	ST_EXPECT_EQ(t, slab_errors_reported, errors + 3);
	kfree(p);
	ST_EXPECT_EQ(t, slab_errors_reported, errors + 3);

	snapshot(&before);
	page = alloc_pages(GFP_KERNEL, 2);
	__free_pages(page, 1);		/* wrong order */
	ST_EXPECT_EQ(t, bad_page_reports, bad + 1);
	__free_pages(page, 2);
	__free_pages(page, 2);		/* double free */
	ST_EXPECT_EQ(t, bad_page_reports, bad + 2);
	expect_same(t, &before);
}

static void vmalloc_from_fragmented_memory(struct selftest *t)
{
	struct buddy_snapshot before;
	LIST_HEAD(list);
	LIST_HEAD(keep);
	struct page *page, *next;
	unsigned long i, n = 0, noncontig = 0, size = 4UL << 20;
	unsigned int o, z;
	u32 *v;

	/* The free memory the watermarks keep back (it grows with the machine:
	 * min_free_kbytes = sqrt(16 * lowmem KiB)) may stay in blocks, so the
	 * area is at least four times that. */
	for (z = 0; z < MAX_NR_ZONES; z++)
		n += NODE_DATA(0)->node_zones[z].watermark[WMARK_HIGH];
	size = max(size, ALIGN(4 * n * PAGE_SIZE, 1UL << 20));
	n = 0;
	/* The kernel page tables under the area stay once made (as in Linux):
	 * make them with a first vmalloc of the same size, then count. */
	vfree(vmalloc(size));
	snapshot(&before);
	/* Take every page (HighMem too: vmalloc takes its pages there first;
	 * then the lowmem reserve that HighMem-capable allocations must leave),
	 * give back every other one: free memory is all single pages. */
	grab_all(&list, GFP_KERNEL | __GFP_HIGHMEM, 0);
	grab_all(&list, GFP_KERNEL, 0);		/* the lowmem HighMem allocations leave */
	list_for_each_entry_safe(page, next, &list, lru) {
		list_del(&page->lru);
		if (page_to_pfn(page) & 1)
			__free_page(page);
		else
			list_add(&page->lru, &keep);
	}
	/* What stays below the watermarks may still be in blocks, but far less than
	 * 4 MiB of it: most of the area must come from single scattered pages. */
	for (z = 0; z < MAX_NR_ZONES; z++)
		for (o = 1; o < MAX_ORDER; o++)
			n += NODE_DATA(0)->node_zones[z].free_area[o].nr_free << o;
	ST_EXPECT_MSG(t, n < size / PAGE_SIZE / 2,
		      "%lu free pages in blocks of order >= 1: memory is not fragmented", n);
	ST_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER - 1) == NULL);

	v = vmalloc(size);
	ST_EXPECT(t, v != NULL);
	if (v) {
		ST_EXPECT(t, is_vmalloc_addr(v));
		for (i = 0; i < size / 4; i += 1024)
			v[i] = i ^ 0x5a5a5a5a;
		for (i = 0; i < size / 4; i += 1024)
			ST_EXPECT(t, v[i] == (i ^ 0x5a5a5a5a));
		for (i = 1; i < size / PAGE_SIZE; i++)
			noncontig += page_to_pfn(vmalloc_to_page((char *)v + i * PAGE_SIZE)) !=
				     page_to_pfn(vmalloc_to_page((char *)v + (i - 1) * PAGE_SIZE)) + 1;
		ST_EXPECT_MSG(t, noncontig > 0, "the pages were physically contiguous after all");
		/* The guard page after the area is not mapped. */
		ST_EXPECT(t, kernel_virt_to_phys((unsigned long)v + size, NULL) == (phys_addr_t)-1);
		vfree(v);
	}
	release_all(&keep, 0);
	expect_same(t, &before);
}


/* The zone GFP_KERNEL allocations come from first: Normal, or DMA on a small machine. */
static struct zone *kernel_zone(void)
{
	struct zone *normal = &NODE_DATA(0)->node_zones[ZONE_NORMAL];

	return normal->managed_pages ? normal : &NODE_DATA(0)->node_zones[ZONE_DMA];
}

static unsigned long pageblock_of(struct page *page)
{
	return page_to_pfn(page) >> pageblock_order;
}

/*
 * Mobility grouping contains fragmentation: with the unmovable lists used
 * up, the next unmovable allocation claims a whole pageblock; then movable
 * churn (many movable pages, every other one freed: holes everywhere) does
 * not draw unmovable pages into the holes. They all land in pageblocks of
 * the unmovable type, a handful of them, not scattered among movable ones.
 */
static void migrate_types_contain_fragmentation(struct selftest *t)
{
	struct zone *zone = kernel_zone();
	struct buddy_snapshot before;
	LIST_HEAD(unmov);
	LIST_HEAD(mov);
	LIST_HEAD(keep);
	struct page *page, *next;
	unsigned long steals, n = 0, m, i, mixed = 0, blocks = 0, last = ~0UL;
	unsigned long seen[8];
	unsigned int k;

	snapshot(&before);
	/* Use up the unmovable free lists: allocate until one allocation steals. */
	steals = zone->steal_count;
	while (zone->steal_count == steals && n < before.free_pages * 3 / 4) {
		page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
		if (!page)
			break;
		list_add(&page->lru, &keep);
		n++;
	}
	ST_EXPECT_MSG(t, zone->steal_count > steals, "no fallback after %lu unmovable pages", n);
	/* Movable churn. */
	m = min(2048UL, zone->free_pages / 4);
	for (i = 0; i < m; i++) {
		page = alloc_page(GFP_KERNEL | __GFP_MOVABLE | __GFP_NOWARN);
		if (!page)
			break;
		list_add_tail(&page->lru, (i & 1) ? &mov : &keep);
	}
	release_all(&mov, 0);
	drain_all_pages();	/* the holes back in the free areas, where a fallback would find them */
	/* Unmovable and movable allocations interleaved. */
	for (i = 0; i < 256; i++) {
		page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
		if (page)
			list_add_tail(&page->lru, &unmov);
		page = alloc_page(GFP_KERNEL | __GFP_MOVABLE | __GFP_NOWARN);
		if (page)
			list_add(&page->lru, &keep);
	}
	memset(seen, 0, sizeof(seen));
	list_for_each_entry(page, &unmov, lru) {
		mixed += get_pageblock_migratetype(page) != MIGRATE_UNMOVABLE;
		if (pageblock_of(page) == last)
			continue;
		last = pageblock_of(page);
		for (k = 0; k < blocks && k < ARRAY_SIZE(seen); k++)
			if (seen[k] == last)
				break;
		if (k == blocks) {
			if (blocks < ARRAY_SIZE(seen))
				seen[blocks] = last;
			blocks++;
		}
	}
	ST_EXPECT_MSG(t, !mixed, "%lu of 256 unmovable pages in pageblocks of another type", mixed);
	ST_EXPECT_MSG(t, blocks <= 3, "256 unmovable pages spread over %lu pageblocks", blocks);
	pr_info("mm: mobility grouping: %lu unmovable pages used up the unmovable lists; after churn of %lu movable pages, 256 unmovable pages in %lu pageblock(s), %lu in a pageblock of another type\n",
		n, m, blocks, mixed);
	list_for_each_entry_safe(page, next, &unmov, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	release_all(&keep, 0);
	expect_same(t, &before);
}

/* The GFP mobility bits choose the pageblock type; slabs of reclaimable caches are reclaimable. */
static void gfp_chooses_migrate_type(struct selftest *t)
{
	struct kmem_cache *s = kmem_cache_create("selftest-reclaimable", 512, 0,
						 SLAB_RECLAIM_ACCOUNT, NULL);
	struct buddy_snapshot before;
	struct page *mov, *unmov;
	void *obj;

	snapshot(&before);
	/* Order 3: past the per-CPU lists, straight from the free areas. */
	mov = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 3);
	unmov = alloc_pages(GFP_KERNEL, 3);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	ST_EXPECT(t, mov && unmov && obj);
	ST_EXPECT_EQ(t, gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	ST_EXPECT_EQ(t, gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	ST_EXPECT_EQ(t, gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	ST_EXPECT_EQ(t, get_pageblock_migratetype(mov), MIGRATE_MOVABLE);
	ST_EXPECT_EQ(t, get_pageblock_migratetype(unmov), MIGRATE_UNMOVABLE);
	ST_EXPECT_EQ(t, get_pageblock_migratetype(virt_to_page(obj)), MIGRATE_RECLAIMABLE);
	ST_EXPECT(t, pageblock_of(mov) != pageblock_of(unmov));
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
	__free_pages(mov, 3);
	__free_pages(unmov, 3);
	expect_same(t, &before);
}

/*
 * The per-CPU lists: an order-0 free goes onto the list, not into the free
 * areas, and the next allocation takes the same page back; the list never
 * holds high pages or more, giving batch back; a drain empties it, every
 * page accounted for.
 */
static void pcp_lists_batch_and_high(struct selftest *t)
{
	struct zone *zone = kernel_zone();
	struct per_cpu_pages *pcp = &zone->pcp;
	struct buddy_snapshot before;
	struct page *page, *again;
	LIST_HEAD(list);
	unsigned long free, i, max_count = 0;

	snapshot(&before);
	ST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	ST_EXPECT(t, pcp->batch >= 1 && pcp->high == 6 * pcp->batch);
	page = alloc_page(GFP_KERNEL);
	free = zone->free_pages;
	__free_page(page);
	ST_EXPECT_EQ(t, zone->free_pages, free);	/* on the list, not in the free areas */
	ST_EXPECT(t, pcp->count >= 1);
	again = alloc_page(GFP_KERNEL);
	ST_EXPECT(t, again == page);			/* the hot page, handed out again */
	ST_EXPECT_EQ(t, zone->free_pages, free);
	__free_page(again);
	/* Free many: the list stays below high, batch at a time going back. */
	for (i = 0; i < 4 * (unsigned long)pcp->high + 10; i++) {
		page = alloc_page(GFP_KERNEL);
		if (page)
			list_add(&page->lru, &list);
	}
	list_for_each_entry_safe(page, again, &list, lru) {
		list_del(&page->lru);
		__free_page(page);
		max_count = max(max_count, (unsigned long)pcp->count);
	}
	__free_page(alloc_page(GFP_KERNEL));
	ST_EXPECT_MSG(t, max_count < (unsigned long)pcp->high, "count reached %lu, high %d",
		      max_count, pcp->high);
	ST_EXPECT(t, max_count >= (unsigned long)(pcp->high - pcp->batch));
	drain_all_pages();
	ST_EXPECT_EQ(t, nr_pcp_pages(), 0);
	expect_same(t, &before);
}

/* Hold every page a GFP_KERNEL allocation can have, then see what each flag does. */
static void nofail_and_noretry(struct selftest *t)
{
	struct buddy_snapshot before;
	unsigned long reclaims;
	struct page *page;
	LIST_HEAD(list);

	snapshot(&before);
	grab_all(&list, GFP_KERNEL, 0);
	/* __GFP_NORETRY: one pass of direct reclaim, then failure. */
	reclaims = direct_reclaims;
	page = alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);
	ST_EXPECT(t, page == NULL);
	ST_EXPECT_EQ(t, direct_reclaims, reclaims + 1);
	/* Without it, the allocator tries again (and sleeps between tries). */
	reclaims = direct_reclaims;
	page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	ST_EXPECT(t, page == NULL);
	ST_EXPECT_MSG(t, direct_reclaims > reclaims + 1, "%lu reclaim passes",
		      direct_reclaims - reclaims);
	/* __GFP_NOFAIL: what the watermarks keep back is there for it. */
	page = alloc_page(GFP_KERNEL | __GFP_NOFAIL);
	ST_EXPECT(t, page != NULL);
	if (page)
		list_add(&page->lru, &list);
	release_all(&list, 0);
	expect_same(t, &before);
}

static struct list_head *volatile held_pages;
static unsigned long armed_stalls, freer_saw_stall;

/* Waits until the pages are held and an allocation sleeps for memory, then gives them back. */
static int pressure_freer(void *unused)
{
	int ticks = 0;

	while (!held_pages && ticks++ < 1000)
		schedule_timeout_uninterruptible(1);
	while (alloc_stalls == READ_ONCE(armed_stalls) && ticks++ < 1000)
		schedule_timeout_uninterruptible(1);
	freer_saw_stall = alloc_stalls - armed_stalls;
	if (held_pages)
		release_all(held_pages, 0);
	held_pages = NULL;
	while (!kthread_should_stop())	/* exit when told: kthread_stop then waits for it */
		schedule_timeout_uninterruptible(1);
	return 0;
}

/* GFP_KERNEL under pressure sleeps, and succeeds once another task frees memory. */
static void gfp_kernel_sleeps_under_pressure(struct selftest *t)
{
	struct buddy_snapshot before;
	LIST_HEAD(list);
	struct task_struct *freer;
	struct page *page;
	int ticks = 0;

	held_pages = NULL;
	freer_saw_stall = 0;
	/* The thread first: with memory exhausted it could not be created. It
	 * lives until after the count of free pages (kthread_stop at the end). */
	freer = kthread_run(pressure_freer, NULL, "mm-freer");
	ST_EXPECT(t, freer != NULL);
	if (!freer)
		return;
	snapshot(&before);
	grab_all(&list, GFP_KERNEL, 0);
	armed_stalls = alloc_stalls;
	held_pages = &list;
	page = alloc_page(GFP_KERNEL);
	ST_EXPECT(t, page != NULL);
	ST_EXPECT_MSG(t, alloc_stalls > armed_stalls, "the allocation never slept");
	ST_EXPECT_MSG(t, freer_saw_stall, "the pages came back before anyone waited");
	if (page)
		__free_page(page);
	while (held_pages && ticks++ < 2000)	/* the freer has not finished (a failure above) */
		schedule_timeout_uninterruptible(1);
	expect_same(t, &before);
	kthread_stop(freer);
	/* Its stack and task_struct go when the scheduler lets go of the dead task. */
	schedule_timeout_uninterruptible(2);
}


static struct mm_struct *lazy_mm;
static volatile int lazy_phase;	/* 1: the owner has its mm; 2: give it up; 3: done */

/*
 * A kernel thread that takes an address space of its own (Linux's
 * kthread_use_mm), sleeps a tick at a time until told, then gives it up.
 */
static int lazy_tlb_owner(void *unused)
{
	struct mm_struct *mm = mm_alloc(), *old;
	unsigned long flags;

	if (!mm) {
		lazy_phase = 3;
		return 0;
	}
	local_irq_save(flags);
	old = current->active_mm;	/* borrowed, with a reference */
	mmgrab(mm);
	current->mm = mm;
	current->active_mm = mm;
	switch_mm(old, mm);
	local_irq_restore(flags);
	mmdrop(old);
	lazy_mm = mm;
	lazy_phase = 1;
	while (lazy_phase == 1)
		schedule_timeout_uninterruptible(1);
	/* kthread_unuse_mm: active_mm stays (lazily) until the switch away drops it. */
	local_irq_save(flags);
	current->mm = NULL;
	local_irq_restore(flags);
	mmput(mm);
	lazy_phase = 3;
	while (!kthread_should_stop())
		schedule_timeout_uninterruptible(1);
	return 0;
}

/*
 * Lazy TLB: a kernel thread has no address space and runs on whichever one
 * is loaded, so switching between a task with an mm and kernel threads (this
 * one, idle) loads CR3 no more than once: back and forth, the counter stays.
 */
static void lazy_tlb_no_cr3_loads(struct selftest *t)
{
	struct task_struct *owner;
	u64 loads, switches;
	unsigned int i, borrowed = 0;
	int ticks = 0;

	lazy_phase = 0;
	lazy_mm = NULL;
	owner = kthread_run(lazy_tlb_owner, NULL, "mm-lazy");
	ST_EXPECT(t, owner != NULL);
	if (!owner)
		return;
	while (!lazy_phase && ticks++ < 500)
		schedule_timeout_uninterruptible(1);
	ST_EXPECT_MSG(t, lazy_phase == 1 && lazy_mm, "the owner has no mm of its own");
	loads = nr_cr3_loads;
	switches = nr_context_switches;
	for (i = 0; i < 20; i++) {
		schedule_timeout_uninterruptible(1);
		borrowed += current->active_mm == lazy_mm;
	}
	ST_EXPECT_MSG(t, nr_context_switches - switches >= 40, "%llu switches",
		      nr_context_switches - switches);
	ST_EXPECT_MSG(t, nr_cr3_loads == loads, "%llu CR3 loads in %llu switches",
		      nr_cr3_loads - loads, nr_context_switches - switches);
	ST_EXPECT_MSG(t, borrowed == 20, "this kernel thread ran on the owner's mm %u times of 20",
		      borrowed);
	pr_info("mm: lazy TLB: %llu context switches between a task with an mm and kernel threads, %llu CR3 loads\n",
		nr_context_switches - switches, nr_cr3_loads - loads);
	lazy_phase = 2;
	while (lazy_phase != 3 && ticks++ < 1000)
		schedule_timeout_uninterruptible(1);
	kthread_stop(owner);
	/* Its stack and task_struct go when the scheduler lets go of the dead task. */
	schedule_timeout_uninterruptible(2);
}

/*
 * vmap, kmap and kmap_atomic on user (GFP_HIGHUSER) pages: HighMem pages on
 * a machine of 1 GiB or more, so the pkmap window and the atomic slots are
 * what is checked there; lowmem pages (and the direct map) below that.
 */
static void vmap_and_kmap(struct selftest *t)
{
	struct page *pages[2] = { alloc_page(GFP_HIGHUSER), alloc_page(GFP_HIGHUSER) };
	unsigned char *v = vmap(pages, 2), *k, *a;

	if (totalhigh_pages)
		ST_EXPECT_MSG(t, PageHighMem(pages[0]) && PageHighMem(pages[1]),
			      "GFP_HIGHUSER pages not from HighMem");
	ST_EXPECT(t, v != NULL && is_vmalloc_addr(v));
	v[0] = 0x11;
	v[PAGE_SIZE - 1] = 0x12;
	v[PAGE_SIZE] = 0x22;
	k = kmap(pages[0]);
	ST_EXPECT(t, k && k[0] == 0x11 && k[PAGE_SIZE - 1] == 0x12);
	ST_EXPECT(t, page_address(pages[0]) == k);	/* found through the address hash */
	k[1] = 0x13;
	a = kmap_atomic(pages[1]);
	ST_EXPECT(t, a && a[0] == 0x22);
	a[1] = 0x23;
	kunmap_atomic(a);
	kunmap(pages[0]);
	ST_EXPECT(t, v[1] == 0x13 && v[PAGE_SIZE + 1] == 0x23);
	if (PageHighMem(pages[0]))
		ST_EXPECT(t, page_address(pages[0]) == NULL);	/* unmapped again */
	vunmap(v);
	ST_EXPECT(t, kernel_virt_to_phys((unsigned long)v, NULL) == (phys_addr_t)-1);
	__free_page(pages[0]);
	__free_page(pages[1]);
}

/* A store where a fault is allowed: -EFAULT through the exception table. */
static long probe_write(unsigned long *addr, unsigned long val)
{
	long err = 0;

	__asm__ __volatile__("1:	movl %2, (%1)\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3:	movl %3, %0\n"
			     "	jmp 2b\n"
			     ".previous\n"
			     _ASM_EXTABLE(1b, 3b)
			     : "+r"(err) : "r"(addr), "r"(val), "i"(-EFAULT) : "memory");
	return err;
}

static const unsigned long rodata_word = 0x600dcafe;

static void kernel_text_read_only(struct selftest *t)
{
	bool writable = true;
	phys_addr_t pa = kernel_virt_to_phys((unsigned long)_text, &writable);

	ST_EXPECT_EQ(t, pa, __pa(_text));
	ST_EXPECT(t, !writable);
	kernel_virt_to_phys((unsigned long)&rodata_word, &writable);
	ST_EXPECT(t, !writable);
	kernel_virt_to_phys((unsigned long)&slab_caches, &writable);
	ST_EXPECT(t, writable);
	if (read_cr0() & X86_CR0_WP) {
		ST_EXPECT_EQ(t, probe_write((unsigned long *)&rodata_word, 0), -EFAULT);
		ST_EXPECT(t, READ_ONCE(rodata_word) == 0x600dcafe);
	}
}

/* A deterministic generator (Numerical Recipes' LCG). */
static u32 rng_state;
static u32 rng(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return rng_state >> 8;
}

/*
 * A live object holds a pattern of its own: every word of an object of up
 * to 256 bytes (the size classes up to there are 8 .. 256); in a larger one
 * (classes of 512 bytes and up, page blocks) a word every 256 bytes and its
 * last bytes. So a block handed out twice, or overlapping another, is caught
 * when the pattern is checked before the free, at a cost a million
 * operations can bear.
 */
static unsigned int pattern_stride(unsigned int size)
{
	return size <= 256 ? 4 : 256;
}

static void fill_pattern(void *p, unsigned int size, u32 tag)
{
	unsigned int i, step = pattern_stride(size);

	for (i = 0; i + 4 <= size; i += step)
		*(u32 *)((u8 *)p + i) = tag ^ i;
	for (i = size >= 4 ? size - 4 : 0; i < size; i++)
		((u8 *)p)[i] = tag >> 24;
}

static bool pattern_intact(const void *p, unsigned int size, u32 tag)
{
	unsigned int i, step = pattern_stride(size), tail = size >= 4 ? size - 4 : 0;

	for (i = 0; i + 4 <= tail; i += step)
		if (*(const u32 *)((const u8 *)p + i) != (tag ^ i))
			return false;
	for (i = tail; i < size; i++)
		if (((const u8 *)p)[i] != (u8)(tag >> 24))
			return false;
	return true;
}

/* A freed debug object: POISON_FREE throughout, POISON_END last (the free pointer aside). */
static bool object_poisoned(const struct kmem_cache *s, const void *obj)
{
	const u8 *p = obj;
	unsigned int i;

	for (i = 0; i + 1 < s->object_size; i++) {
		if (i >= s->offset && i < s->offset + sizeof(void *))
			continue;
		if (p[i] != POISON_FREE)
			return false;
	}
	return p[s->object_size - 1] == POISON_END;
}

#define STRESS_SLOTS 256
#define STRESS_OPS 1000000

static void stress_no_leak(struct selftest *t)
{
	static void *slot[STRESS_SLOTS];
	static unsigned char kind[STRESS_SLOTS];	/* 0 empty, 1 kmalloc, 2 pages, 3 cache, 4 poisoned cache */
	static unsigned char order_of[STRESS_SLOTS];
	static unsigned int size_of[STRESS_SLOTS];
	static u32 tag[STRESS_SLOTS];
	struct buddy_snapshot before;
	struct kmem_cache *cache, *pcache;
	unsigned long ops, live = 0, failed = 0, corrupt = 0, unpoisoned = 0, poisoned = 0;
	unsigned int i;

	snapshot(&before);
	cache = kmem_cache_create("selftest-stress", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	/* Poisoned, as every cache is under slub_debug: each free is checked for it. */
	pcache = kmem_cache_create("selftest-stress-poison", 64, 0, SLAB_POISON, NULL);
	rng_state = 12345;
	for (ops = 0; ops < STRESS_OPS; ops++) {
		i = rng() % STRESS_SLOTS;
		if (kind[i]) {
			/* Its pattern is intact: nobody else was handed this memory. */
			if (!pattern_intact(slot[i], size_of[i], tag[i]) && corrupt++ < 3)
				pr_err("mm stress: slot %u (%p, %u bytes) was overwritten\n", i,
				       slot[i], size_of[i]);
			if (kind[i] == 4) {
				kmem_cache_free(pcache, slot[i]);
				unpoisoned += !object_poisoned(pcache, slot[i]);
				poisoned++;
			} else if (kind[i] == 1)
				kfree(slot[i]);
			else if (kind[i] == 2)
				free_pages((unsigned long)slot[i], order_of[i]);
			else
				kmem_cache_free(cache, slot[i]);
			kind[i] = 0;
			live--;
			continue;
		}
		switch (rng() % 8) {
		case 0:
			order_of[i] = rng() % 4;
			slot[i] = (void *)__get_free_pages(GFP_KERNEL | __GFP_NOWARN, order_of[i]);
			size_of[i] = PAGE_SIZE << order_of[i];
			kind[i] = 2;
			break;
		case 1:
			slot[i] = kmem_cache_alloc(pcache, GFP_KERNEL);
			size_of[i] = 64;
			kind[i] = 4;
			break;
		case 2:
			slot[i] = kmem_cache_alloc(cache, GFP_KERNEL);
			size_of[i] = 200;
			kind[i] = 3;
			break;
		default:
			size_of[i] = 1 + rng() % 3000;
			slot[i] = kmalloc(size_of[i], GFP_KERNEL | __GFP_NOWARN);
			kind[i] = 1;
			break;
		}
		if (!slot[i]) {
			kind[i] = 0;
			failed++;
			continue;
		}
		tag[i] = ops * 2654435761u;
		fill_pattern(slot[i], size_of[i], tag[i]);
		live++;
	}
	for (i = 0; i < STRESS_SLOTS; i++) {
		if (kind[i] && !pattern_intact(slot[i], size_of[i], tag[i]))
			corrupt++;
		if (kind[i] == 1)
			kfree(slot[i]);
		else if (kind[i] == 2)
			free_pages((unsigned long)slot[i], order_of[i]);
		else if (kind[i] == 3)
			kmem_cache_free(cache, slot[i]);
		else if (kind[i] == 4)
			kmem_cache_free(pcache, slot[i]);
		kind[i] = 0;
	}
	ST_EXPECT_EQ(t, failed, 0);
	ST_EXPECT_MSG(t, !corrupt, "%lu live objects found overwritten", corrupt);
	ST_EXPECT_MSG(t, !unpoisoned, "%lu of %lu freed debug objects not poisoned", unpoisoned,
		      poisoned);
	ST_EXPECT_EQ(t, cache->active_objs, 0);
	ST_EXPECT_EQ(t, pcache->active_objs, 0);
	ST_EXPECT(t, poisoned > 0);
	kmem_cache_destroy(cache);
	kmem_cache_destroy(pcache);
	expect_same(t, &before);
	pr_info("mm stress: %lu operations, %lu pages free before and after, every live object's pattern checked before its free%s\n",
		ops, before.free_pages, poisoned ? ", freed objects checked for poison" : "");
}

/*
 * The fast paths: an order-0 page freed and allocated again is the same hot
 * page from the per-CPU list, the zone's free areas untouched; kmalloc and
 * a cache hand back the object just freed. Their guest instruction counts
 * are printed for `make bench` (on lucid the TSC advances by one per retired
 * instruction, so a TSC delta is an instruction count; elsewhere cycles).
 */
static void fast_path_costs(struct selftest *t)
{
	struct kmem_cache *s = kmem_cache_create("bench-64", 64, 0, 0, NULL);
	struct zone *zone = kernel_zone();
	unsigned int i, n = 1000, same_page = 0, same_obj = 0, same_cached = 0;
	unsigned long free, hits;
	struct page *hot;
	u64 t0, t1, t2, t3;
	void *p, *q;

	/* Warm up so each path is on its fast path. */
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, q);
	hot = alloc_page(GFP_KERNEL);
	__free_page(hot);
	free = zone->free_pages;
	hits = zone->pcp_hits;
	t0 = boot_cpu_has(X86_FEATURE_TSC) ? rdtsc() : 0;
	for (i = 0; i < n; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		same_page += page == hot;
		__free_page(page);
	}
	t1 = boot_cpu_has(X86_FEATURE_TSC) ? rdtsc() : 0;
	for (i = 0; i < n; i++) {
		void *o = kmalloc(64, GFP_KERNEL);

		same_obj += o == p;
		kfree(o);
	}
	t2 = boot_cpu_has(X86_FEATURE_TSC) ? rdtsc() : 0;
	for (i = 0; i < n; i++) {
		void *o = kmem_cache_alloc(s, GFP_KERNEL);

		same_cached += o == q;
		kmem_cache_free(s, o);
	}
	t3 = boot_cpu_has(X86_FEATURE_TSC) ? rdtsc() : 0;
	kmem_cache_destroy(s);
	ST_EXPECT_MSG(t, same_page == n, "the hot page came back %u times of %u", same_page, n);
	ST_EXPECT_EQ(t, zone->free_pages, free);
	ST_EXPECT_EQ(t, zone->pcp_hits, hits + n);
	ST_EXPECT_MSG(t, same_obj == n && same_cached == n,
		      "the object just freed came back %u and %u times of %u", same_obj, same_cached, n);
	if (!boot_cpu_has(X86_FEATURE_TSC)) {
		/* A 386/486 has no RDTSC: nothing to measure with. */
		pr_info("mm-bench: no TSC on this CPU, fast paths not measured\n");
		return;
	}
	pr_info("mm-bench: order-0 alloc+free: %llu, kmalloc(64)+kfree: %llu, kmem_cache_alloc+free: %llu (TSC ticks per pair; instructions on lucid)\n",
		(t1 - t0) / n, (t2 - t1) / n, (t3 - t2) / n);
}

SELFTEST_SUITE(mm,
	SELFTEST_CASE(migrate_types_contain_fragmentation),	/* first: before the exhaustion tests turn most pageblocks unmovable */
	SELFTEST_CASE(buddy_split_coalesce),
	SELFTEST_CASE(every_order_until_exhausted),
	SELFTEST_CASE(zone_fallback),
	SELFTEST_CASE(atomic_reserve_and_nowait),
	SELFTEST_CASE(might_sleep_in_atomic),
	SELFTEST_CASE(kmalloc_classes),
	SELFTEST_CASE(poison_catches_use_after_free),
	SELFTEST_CASE(red_zone_catches_overflow),
	SELFTEST_CASE(double_and_bad_frees_reported),
	SELFTEST_CASE(vmalloc_from_fragmented_memory),
	SELFTEST_CASE(vmap_and_kmap),
	SELFTEST_CASE(gfp_chooses_migrate_type),
	SELFTEST_CASE(pcp_lists_batch_and_high),
	SELFTEST_CASE(nofail_and_noretry),
	SELFTEST_CASE(gfp_kernel_sleeps_under_pressure),
	SELFTEST_CASE(kernel_text_read_only),
	SELFTEST_CASE(stress_no_leak),
	SELFTEST_CASE(fast_path_costs),
	SELFTEST_CASE(lazy_tlb_no_cr3_loads));	/* last: the mm it makes is freed lazily */
