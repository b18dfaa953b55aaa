/*
 * selftest=mm: the memory manager checked from inside the kernel. Each case
 * leaves memory as it found it, and most check that explicitly: the free
 * counts of every zone and order must come back. The debug-report cases
 * provoke the bug (use after free, overflow, double free, bad pointers) and
 * check that it was reported, not silently absorbed. Run with CONFIG_SLUB
 * and CONFIG_SLAB kernels alike.
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
#include <asm/processor.h>
#include <asm/traps.h>

struct buddy_snapshot {
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free_pages;
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
	for (z = 0; z < MAX_NR_ZONES; z++)
		for (o = 0; o < MAX_ORDER; o++)
			b->nr_free[z][o] = NODE_DATA(0)->node_zones[z].free_area[o].nr_free;
	b->free_pages = nr_free_pages();
}

static void expect_same(struct selftest *t, const struct buddy_snapshot *before)
{
	struct buddy_snapshot now;
	int z, o;

	snapshot(&now);
	ST_EXPECT_EQ(t, now.free_pages, before->free_pages);
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
	ST_EXPECT_EQ(t, nr_free_pages(), before.free_pages - 1);
	ST_EXPECT(t, PageHead(page) && !PageBuddy(page));
	__free_pages(page, 0);
	/* The split halves must have merged back into the block they came from. */
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

static void vmap_and_kmap(struct selftest *t)
{
	struct page *pages[2] = { alloc_page(GFP_KERNEL), alloc_page(GFP_KERNEL) };
	unsigned char *v = vmap(pages, 2);

	ST_EXPECT(t, v != NULL && is_vmalloc_addr(v));
	v[0] = 0x11;
	v[PAGE_SIZE] = 0x22;
	ST_EXPECT(t, ((unsigned char *)page_address(pages[0]))[0] == 0x11);
	ST_EXPECT(t, ((unsigned char *)kmap(pages[1]))[0] == 0x22);
	kunmap(pages[1]);
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

#define STRESS_SLOTS 256
#define STRESS_OPS 1000000

static void stress_no_leak(struct selftest *t)
{
	static void *slot[STRESS_SLOTS];
	static unsigned char kind[STRESS_SLOTS];	/* 0 empty, 1 kmalloc, 2 pages, 3 cache */
	static unsigned char order_of[STRESS_SLOTS];
	struct buddy_snapshot before;
	struct kmem_cache *cache;
	unsigned long ops, live = 0, failed = 0;
	unsigned int i;

	snapshot(&before);
	cache = kmem_cache_create("selftest-stress", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	rng_state = 12345;
	for (ops = 0; ops < STRESS_OPS; ops++) {
		i = rng() % STRESS_SLOTS;
		if (kind[i]) {
			if (kind[i] == 1)
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
			kind[i] = 2;
			break;
		case 1:
		case 2:
			slot[i] = kmem_cache_alloc(cache, GFP_KERNEL);
			kind[i] = 3;
			break;
		default:
			slot[i] = kmalloc(1 + rng() % 3000, GFP_KERNEL | __GFP_NOWARN);
			kind[i] = 1;
			break;
		}
		if (!slot[i]) {
			kind[i] = 0;
			failed++;
			continue;
		}
		*(u32 *)slot[i] = ops;	/* touch it */
		live++;
	}
	for (i = 0; i < STRESS_SLOTS; i++) {
		if (kind[i] == 1)
			kfree(slot[i]);
		else if (kind[i] == 2)
			free_pages((unsigned long)slot[i], order_of[i]);
		else if (kind[i] == 3)
			kmem_cache_free(cache, slot[i]);
		kind[i] = 0;
	}
	ST_EXPECT_EQ(t, failed, 0);
	ST_EXPECT_EQ(t, cache->active_objs, 0);
	kmem_cache_destroy(cache);
	expect_same(t, &before);
	pr_info("mm stress: %lu operations, %lu pages free before and after\n", ops,
		before.free_pages);
}

/*
 * Guest instruction counts of the fast paths. On lucid the TSC advances by one
 * per retired instruction, so a TSC delta is an instruction count; elsewhere
 * it is cycles. Printed for `make bench`; the check is only that they ran.
 */
static void fast_path_costs(struct selftest *t)
{
	struct kmem_cache *s = kmem_cache_create("bench-64", 64, 0, 0, NULL);
	unsigned int i, n = 1000;
	u64 t0, t1, t2, t3;
	void *p;

	if (!boot_cpu_has(X86_FEATURE_TSC)) {
		/* A 386/486 has no RDTSC: nothing to measure with. */
		pr_info("mm-bench: no TSC on this CPU, fast paths not measured\n");
		kmem_cache_destroy(s);
		return;
	}
	/* Warm up so each path is on its fast path. */
	__free_page(alloc_page(GFP_KERNEL));
	kfree(kmalloc(64, GFP_KERNEL));
	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	t0 = rdtsc();
	for (i = 0; i < n; i++)
		__free_page(alloc_page(GFP_KERNEL));
	t1 = rdtsc();
	for (i = 0; i < n; i++) {
		p = kmalloc(64, GFP_KERNEL);
		kfree(p);
	}
	t2 = rdtsc();
	for (i = 0; i < n; i++)
		kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	t3 = rdtsc();
	kmem_cache_destroy(s);
	pr_info("mm-bench: order-0 alloc+free: %llu, kmalloc(64)+kfree: %llu, kmem_cache_alloc+free: %llu (TSC ticks per pair; instructions on lucid)\n",
		(t1 - t0) / n, (t2 - t1) / n, (t3 - t2) / n);
	ST_EXPECT(t, t3 > t0);
}

SELFTEST_SUITE(mm,
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
	SELFTEST_CASE(kernel_text_read_only),
	SELFTEST_CASE(stress_no_leak),
	SELFTEST_CASE(fast_path_costs));
