/*
 * What SLUB and SLAB have in common (Linux's mm/slab_common.c plus the debug
 * checks of mm/slub.c): the cache chain, object layout, slab pages, the debug
 * checks (poisoning, red zones, owner tracking) with Linux-style reports, and
 * kmalloc's size classes on top of the caches.
 *
 * Object layout with debugging on (any of SLAB_RED_ZONE, SLAB_POISON,
 * SLAB_STORE_USER):
 *
 *   [ object_size bytes | red zone (>= 4 bytes) | free pointer | alloc, free caller ]
 *
 * Without debugging and without a constructor the free pointer sits inside
 * the free object itself (offset 0) and the stride is just the aligned size.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/irqflags.h>
#include "slab.h"

LIST_HEAD(slab_caches);
unsigned long slab_errors_reported;
#ifdef CONFIG_SLUB_DEBUG_ON
static unsigned int slab_debug_all = SLAB_DEBUG_FLAGS;	/* debugging for every cache from boot */
#else
static unsigned int slab_debug_all;	/* slub_debug / slab_debug on the command line */
#endif
static struct kmem_cache kmem_cache_boot;	/* the cache of struct kmem_cache */

#define CACHE_LINE	32
#define MAX_SLAB_ORDER	3

static int __init setup_slab_debug(char *val)
{
	slab_debug_all = SLAB_DEBUG_FLAGS;
	return 0;
}
early_param("slub_debug", setup_slab_debug);

static int __init setup_slab_debug_alias(char *val)
{
	return setup_slab_debug(val);
}
early_param("slab_debug", setup_slab_debug_alias);

/* ---- layout ---- */

static unsigned int calculate_alignment(unsigned int flags, unsigned int align,
					unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE;

		/* Small objects share a line rather than waste most of it (as Linux). */
		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	return ALIGN(max(align, (unsigned int)sizeof(void *)), sizeof(void *));
}

static void calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN(s->object_size, sizeof(void *));

	s->red_left = s->object_size;
	if (s->flags & SLAB_RED_ZONE)
		size = ALIGN(s->object_size, sizeof(void *)) + sizeof(void *);
	if (s->flags & (SLAB_POISON | SLAB_RED_ZONE | SLAB_STORE_USER) || s->ctor) {
		/* The object's bytes stay as the user (or poison) left them. */
		s->offset = size;
		size += sizeof(void *);
	} else {
		s->offset = 0;
	}
	s->track_offset = 0;
	if (s->flags & SLAB_STORE_USER) {
		s->track_offset = size;
		size += 2 * sizeof(void *);
	}
	s->size = ALIGN(size, s->align);
}

/*
 * Pages per slab: the smallest order (up to 8 pages) that wastes at most an
 * eighth of the slab and holds a handful of objects, like Linux's slab_order.
 * per_object is the allocator's bookkeeping per object (SLAB's index array).
 */
unsigned int calculate_order(unsigned int size, unsigned int per_object)
{
	unsigned int order, min_objects = 4;

	for (;;) {
		for (order = 0; order <= MAX_SLAB_ORDER; order++) {
			unsigned int bytes = PAGE_SIZE << order;
			unsigned int n = bytes / (size + per_object);
			unsigned int waste = bytes - n * (size + per_object);

			if (n >= min_objects && waste * 8 <= bytes)
				return order;
		}
		if (min_objects == 1)
			return get_order(size + per_object);
		min_objects /= 2;
	}
}

/* ---- slab pages ---- */

struct page *alloc_slab_pages(struct kmem_cache *s, gfp_t gfp)
{
	gfp_t flags = (gfp & ~(__GFP_ZERO | __GFP_HIGHMEM)) | __GFP_NOWARN;
	struct page *page;
	unsigned int i;

	if (s->flags & SLAB_CACHE_DMA)
		flags |= __GFP_DMA;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		flags |= __GFP_RECLAIMABLE;
	/*
	 * The allocators run with interrupts off; a caller that may sleep gets
	 * them back on while the page allocator works, as in Linux's
	 * allocate_slab (kmem_cache_alloc has already run might_sleep's check).
	 */
	if (gfpflags_allow_blocking(gfp))
		local_irq_enable();
	page = alloc_pages(flags, s->order);
	if (gfpflags_allow_blocking(gfp))
		local_irq_disable();
	if (!page)
		return NULL;
	for (i = 0; i < (1U << s->order); i++) {
		SetPageSlab(page + i);
		page[i].head = page;
		page[i].slab_cache = s;
	}
	page->s_mem = lowmem_page_address(page);
	s->nr_slabs++;
	return page;
}

void free_slab_pages(struct kmem_cache *s, struct page *page)
{
	unsigned int i;

	for (i = 0; i < (1U << s->order); i++) {
		ClearPageSlab(page + i);
		page[i].head = NULL;
		page[i].slab_cache = NULL;
	}
	page->freelist = NULL;
	s->nr_slabs--;
	s->total_objs -= page->objects;
	__free_pages(page, s->order);
}

/* SLUB and SLOB: give back the pages of the partial list's empty slabs. */
int free_empty_partial(struct kmem_cache *s)
{
	struct page *page, *n;
	int freed = 0;

	list_for_each_entry_safe(page, n, &s->partial, lru) {
		if (!page->inuse) {
			list_del(&page->lru);
			s->nr_partial--;
			freed += 1 << s->order;
			free_slab_pages(s, page);
		}
	}
	return freed;
}

int slab_obj_index(const struct kmem_cache *s, const struct page *page, const void *obj)
{
	unsigned long off = (unsigned long)obj - (unsigned long)page->s_mem;

	if ((unsigned long)obj < (unsigned long)page->s_mem || off % s->size ||
	    off / s->size >= page->objects)
		return -1;
	return off / s->size;
}

/* ---- debug checks ---- */

static void **track_of(struct kmem_cache *s, void *obj)
{
	return (void **)((char *)obj + s->track_offset);
}

void init_object_inactive(struct kmem_cache *s, void *obj)
{
	u8 *p = obj;

	if (s->flags & SLAB_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->red_left, RED_INACTIVE, s->offset - s->red_left);
}

static void slab_bug(struct kmem_cache *s, const char *what)
{
	slab_errors_reported++;
	pr_err("=============================================================================\n");
	pr_err("BUG %s (Not tainted): %s\n", s->name, what);
	pr_err("-----------------------------------------------------------------------------\n");
}

static void print_trailer(struct kmem_cache *s, struct page *page, void *obj)
{
	pr_err("INFO: Slab %p objects=%u used=%u fp=%p\n", page, page->objects, page->inuse,
	       page->freelist);
	pr_err("INFO: Object %p @offset=%lu (size %u, stride %u)\n", obj,
	       (unsigned long)obj - (unsigned long)page->s_mem, s->object_size, s->size);
	if (s->track_offset) {
		void **t = track_of(s, obj);

		pr_err("INFO: Allocated by %pS\n", t[0]);
		if (t[1])
			pr_err("INFO: Freed by %pS\n", t[1]);
	}
}

/* The first byte in [start, start+n) that is not val, or NULL. */
static u8 *find_mismatch(u8 *start, unsigned int n, u8 val)
{
	while (n--) {
		if (*start != val)
			return start;
		start++;
	}
	return NULL;
}

static bool check_bytes(struct kmem_cache *s, struct page *page, void *obj, const char *what,
			u8 *start, unsigned int n, u8 val)
{
	u8 *bad = find_mismatch(start, n, val);

	if (!bad)
		return true;
	slab_bug(s, what);
	pr_err("INFO: %p-%p @offset=%lu. First byte %#x instead of %#x\n", bad, start + n - 1,
	       (unsigned long)(bad - (u8 *)obj), *bad, val);
	print_trailer(s, page, obj);
	dump_stack();
	/* Restore the expected bytes so one corruption is reported once. */
	memset(bad, val, start + n - bad);
	return false;
}

/* Before handing out obj: its poison and red zone must be as free() left them. */
static void debug_alloc_check(struct kmem_cache *s, struct page *page, void *obj, void *caller)
{
	u8 *p = obj;

	if (s->flags & SLAB_POISON) {
		if (check_bytes(s, page, obj, "Poison overwritten (use after free?)", p,
				s->object_size - 1, POISON_FREE))
			check_bytes(s, page, obj, "Poison overwritten (use after free?)",
				    p + s->object_size - 1, 1, POISON_END);
	}
	if (s->flags & SLAB_RED_ZONE) {
		check_bytes(s, page, obj, "Redzone overwritten", p + s->red_left,
			    s->offset - s->red_left, RED_INACTIVE);
		memset(p + s->red_left, RED_ACTIVE, s->offset - s->red_left);
	}
	if (s->track_offset) {
		track_of(s, obj)[0] = caller;
		track_of(s, obj)[1] = NULL;
	}
}

/* Before taking obj back: is it really a live object of this cache? false: refuse. */
static bool debug_free_check(struct kmem_cache *s, struct page *page, void *obj, void *caller)
{
	u8 *p = obj;

	if (s->flags & SLAB_RED_ZONE) {
		u8 *bad = find_mismatch(p + s->red_left, s->offset - s->red_left, RED_ACTIVE);

		if (bad && *bad == RED_INACTIVE) {
			slab_bug(s, "Object already free");
			pr_err("INFO: double free of %p by %pS\n", obj, caller);
			print_trailer(s, page, obj);
			dump_stack();
			return false;
		}
		if (bad) {
			slab_bug(s, "Redzone overwritten");
			pr_err("INFO: %p @offset=%lu. First byte %#x instead of %#x (written past the object's end)\n",
			       bad, (unsigned long)(bad - p), *bad, RED_ACTIVE);
			print_trailer(s, page, obj);
			dump_stack();
		}
	}
	if (s->track_offset)
		track_of(s, obj)[1] = caller;
	init_object_inactive(s, obj);
	return true;
}

/* ---- the public cache API ---- */

static struct kmem_cache *create_cache(struct kmem_cache *s, const char *name, unsigned int size,
				       unsigned int align, unsigned int flags, void (*ctor)(void *))
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->object_size = size;
	s->flags = flags | slab_debug_all;
	s->ctor = ctor;
	s->align = calculate_alignment(flags, align, size);
	s->refcount = 1;
	calculate_sizes(s);
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	INIT_LIST_HEAD(&s->free);
	if (__kmem_cache_create(s))
		return NULL;
	list_add_tail(&s->list, &slab_caches);
	return s;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;

	might_sleep();
	if (!name || !size || size > (PAGE_SIZE << MAX_SLAB_ORDER) / 2)
		goto out;
	s = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);
	if (s && !create_cache(s, name, size, align, flags, ctor)) {
		kmem_cache_free(&kmem_cache_boot, s);
		s = NULL;
	}
out:
	if (!s && (flags & SLAB_PANIC))
		panic("kmem_cache_create: failed to create slab '%s'", name ? name : "(null)");
	return s;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	void *caller = __builtin_return_address(0);
	unsigned long flags;
	void *obj;

	if (gfpflags_allow_blocking(gfp))
		might_sleep();
	local_irq_save(flags);
	obj = __slab_alloc(s, gfp);
	if (obj) {
		s->active_objs++;
		s->alloc_count++;
	}
	local_irq_restore(flags);
	if (!obj)
		return NULL;
	if (slab_debug(s))
		debug_alloc_check(s, virt_to_head_page(obj), obj, caller);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/* Is obj a live object of s? Report and return NULL if not. */
static struct page *check_free(struct kmem_cache *s, const void *obj, void *caller)
{
	struct page *page;

	if (!virt_addr_valid(obj) || !PageSlab(virt_to_page(obj))) {
		slab_errors_reported++;
		pr_err("BUG: kmem_cache_free(%s, %p): not a slab object (called from %pS)\n",
		       s ? s->name : "?", obj, caller);
		dump_stack();
		return NULL;
	}
	page = virt_to_head_page(obj);
	if (s && page->slab_cache != s) {
		slab_errors_reported++;
		pr_err("BUG: kmem_cache_free(%s, %p): the object belongs to cache %s (called from %pS)\n",
		       s->name, obj, page->slab_cache->name, caller);
		dump_stack();
		return NULL;
	}
	s = page->slab_cache;
	if (slab_obj_index(s, page, obj) < 0) {
		slab_bug(s, "Invalid object pointer");
		pr_err("INFO: %p is not the start of an object (called from %pS)\n", obj, caller);
		dump_stack();
		return NULL;
	}
	return page;
}

static void do_free(struct kmem_cache *s, struct page *page, void *obj, void *caller)
{
	unsigned long flags;

	if (slab_debug(s) && !debug_free_check(s, page, obj, caller))
		return;
	local_irq_save(flags);
	__slab_free(s, page, obj);
	local_irq_restore(flags);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	void *caller = __builtin_return_address(0);
	struct page *page;

	if (!obj)
		return;
	page = check_free(s, obj, caller);
	if (page)
		do_free(s, page, obj, caller);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags;
	int freed;

	local_irq_save(flags);
	freed = __kmem_cache_shrink(s);
	local_irq_restore(flags);
	return freed;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	kmem_cache_shrink(s);
	if (s->active_objs || s->nr_slabs) {
		pr_err("kmem_cache_destroy %s: Slab cache still has objects (%lu active)\n", s->name,
		       s->active_objs);
		slab_errors_reported++;
		dump_stack();
		return;
	}
	list_del(&s->list);
	s->refcount = 0;	/* its allocator-side slots may be reused */
	kmem_cache_free(&kmem_cache_boot, s);
}

/* ---- kmalloc ---- */

static const unsigned int kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192
};
static const char *const kmalloc_names[] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96", "kmalloc-128",
	"kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
	"kmalloc-4096", "kmalloc-8192"
};
static struct kmem_cache *kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];
static struct kmem_cache kmalloc_cache_structs[ARRAY_SIZE(kmalloc_sizes)];

/* The size class for size (Linux's kmalloc_index, by table). */
struct kmem_cache *kmalloc_cache_for(size_t size)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		if (size <= kmalloc_sizes[i])
			return kmalloc_caches[i];
	return NULL;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;
	struct page *page;

	if (!size)
		return ZERO_SIZE_PTR;
	s = kmalloc_cache_for(size);
	if (s)
		return kmem_cache_alloc(s, gfp);
	/* Too big for the classes: whole pages straight from the buddy allocator. */
	if (get_order(size) >= MAX_ORDER)
		return NULL;
	page = alloc_pages(gfp & ~__GFP_HIGHMEM, get_order(size));
	if (!page)
		return NULL;
	SetPageLargeKmalloc(page);
	return lowmem_page_address(page);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;	/* n * size would overflow */
	return kmalloc(n * size, gfp);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = virt_to_head_page(p);
	if (PageSlab(page))
		return page->slab_cache->object_size;
	if (PageLargeKmalloc(page))
		return PAGE_SIZE << page->private;
	return 0;
}

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	size_t old = ksize(p);
	void *n;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (old >= new_size)
		return (void *)p;
	n = kmalloc(new_size, gfp);
	if (n && !ZERO_OR_NULL_PTR(p)) {
		memcpy(n, p, old);
		kfree(p);
	}
	return n;
}

void kfree(const void *p)
{
	void *caller = __builtin_return_address(0);
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	if (!virt_addr_valid(p)) {
		slab_errors_reported++;
		pr_err("BUG: kfree(%p): not a kmalloc'ed address (called from %pS)\n", p, caller);
		dump_stack();
		return;
	}
	page = virt_to_head_page(p);
	if (PageSlab(page)) {
		page = check_free(NULL, p, caller);
		if (page)
			do_free(page->slab_cache, page, (void *)p, caller);
		return;
	}
	if (PageLargeKmalloc(page) && p == lowmem_page_address(page)) {
		__free_pages(page, page->private);
		return;
	}
	slab_errors_reported++;
	pr_err("BUG: kfree(%p): the allocator never gave out this pointer (called from %pS)\n", p,
	       caller);
	dump_stack();
}

/* ---- boot and reports ---- */

void __init kmem_cache_init(void)
{
	unsigned int i;

	/* The cache of caches cannot come from itself: it is static. */
	create_cache(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache), 0,
		     SLAB_HWCACHE_ALIGN, NULL);
	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		kmalloc_caches[i] = create_cache(&kmalloc_cache_structs[i], kmalloc_names[i],
						 kmalloc_sizes[i], 0, 0, NULL);
	pr_info("kmem_cache_init: %s allocator, %u kmalloc size classes (8 .. 8192 bytes)%s\n",
		slab_allocator_name, (unsigned int)ARRAY_SIZE(kmalloc_sizes),
		slab_debug_all ? ", debugging on for every cache (poison, red zone, owner)" : "");
}

/* /proc/slabinfo rows: name, active objects, objects, size, per slab, pages per slab. */
void show_slabinfo(bool all)
{
	struct kmem_cache *s;

	pr_info("slabinfo: # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>\n");
	list_for_each_entry(s, &slab_caches, list) {
		if (!all && !s->total_objs)
			continue;
		pr_info("slabinfo: %-17s %6lu %6lu %6u %4u %4u\n", s->name, s->active_objs,
			s->total_objs, s->size, s->objects, 1U << s->order);
	}
}

/* Pages the caches hold, in use or empty (free pages + these are steady while objects are). */
unsigned long slab_pages_held(void)
{
	struct kmem_cache *s;
	unsigned long n = 0;

	list_for_each_entry(s, &slab_caches, list)
		if (s->objects)
			n += (s->total_objs / s->objects) << s->order;
	return n;
}

/* Objects handed out, over every cache (the leak checks compare it). */
unsigned long slab_objects_in_use(void)
{
	struct kmem_cache *s;
	unsigned long n = 0;

	list_for_each_entry(s, &slab_caches, list)
		n += s->active_objs;
	return n;
}
