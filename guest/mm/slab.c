/*
 * SLAB (CONFIG_SLAB; Linux's mm/slab.c, Bonwick's design): each cache keeps
 * three lists of slabs, full, partial and free, and in front of them a small
 * per-CPU array cache (the "queue" SLUB does without): frees push onto it and
 * allocations pop from it, and it is refilled from or drained to the slabs in
 * batches. A slab starts with its free-index array (one u16 per object: the
 * order in which objects are handed out), followed by the objects; the first
 * page->free_idx entries are in use.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "slab.h"

#ifdef CONFIG_SLAB

const char slab_allocator_name[] = "SLAB";

#define AC_LIMIT	16	/* objects the array cache holds */
#define AC_BATCH	8	/* moved at a time between the array and the slabs */
#define FREE_SLABS_KEPT	1	/* empty slabs kept for reuse */

struct array_cache {
	unsigned int avail;
	void *entry[AC_LIMIT];
};

/* One array cache per kmem_cache, from a static table (no allocator yet when
 * the first caches are made); s->array_cache points at it. */
#define MAX_CACHES 64
static struct kmem_cache *ac_owner[MAX_CACHES];
static struct array_cache ac_table[MAX_CACHES];

unsigned int calculate_order(unsigned int size, unsigned int per_object);

static inline struct array_cache *cpu_cache(struct kmem_cache *s)
{
	return s->array_cache;
}

static inline u16 *slab_index_array(struct page *page)
{
	return lowmem_page_address(page);
}

int __kmem_cache_create(struct kmem_cache *s)
{
	unsigned int bytes, n, i;

	s->order = calculate_order(s->size, sizeof(u16));
	bytes = PAGE_SIZE << s->order;
	/* As many objects as fit after their index array (aligned for the first object). */
	for (n = bytes / s->size; n && ALIGN(n * sizeof(u16), s->align) + n * s->size > bytes; n--)
		;
	s->objects = n;
	if (!n)
		return -EINVAL;
	for (i = 0; i < MAX_CACHES; i++) {
		if (!ac_owner[i] || ac_owner[i]->refcount == 0) {
			ac_owner[i] = s;
			ac_table[i].avail = 0;
			s->array_cache = &ac_table[i];
			return 0;
		}
	}
	return -ENOMEM;
}

static struct page *cache_grow(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = alloc_slab_pages(s, gfp);
	u16 *idx;
	unsigned int i;

	if (!page)
		return NULL;
	idx = slab_index_array(page);
	page->s_mem = (char *)idx + ALIGN(s->objects * sizeof(u16), s->align);
	page->objects = s->objects;
	page->inuse = 0;
	page->free_idx = 0;
	for (i = 0; i < s->objects; i++) {
		void *obj = (char *)page->s_mem + i * s->size;

		idx[i] = i;
		if (slab_debug(s))
			init_object_inactive(s, obj);
		if (s->ctor)
			s->ctor(obj);
	}
	s->total_objs += s->objects;
	list_add(&page->lru, &s->free);
	return page;
}

/* Take one object from a slab (partial first, then free, then a new slab). */
static void *slab_get_obj(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;
	void *obj;

	if (!list_empty(&s->partial))
		page = list_first_entry(&s->partial, struct page, lru);
	else if (!list_empty(&s->free))
		page = list_first_entry(&s->free, struct page, lru);
	else if (!(page = cache_grow(s, gfp)))
		return NULL;
	obj = (char *)page->s_mem + slab_index_array(page)[page->free_idx++] * s->size;
	page->inuse++;
	list_move(&page->lru, page->inuse == page->objects ? &s->full : &s->partial);
	return obj;
}

static unsigned int nr_free_slabs(struct kmem_cache *s)
{
	struct list_head *p;
	unsigned int n = 0;

	list_for_each(p, &s->free)
		n++;
	return n;
}

/* Give one object back to its slab, moving the slab between lists. */
static void slab_put_obj(struct kmem_cache *s, void *obj)
{
	struct page *page = virt_to_head_page(obj);

	slab_index_array(page)[--page->free_idx] = slab_obj_index(s, page, obj);
	page->inuse--;
	if (page->inuse) {
		list_move(&page->lru, &s->partial);
	} else if (nr_free_slabs(s) >= FREE_SLABS_KEPT) {
		list_del(&page->lru);
		free_slab_pages(s, page);
	} else {
		list_move(&page->lru, &s->free);
	}
}

void *__slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	struct array_cache *ac = cpu_cache(s);

	if (unlikely(!ac->avail)) {
		/* Refill a batch from the slabs. */
		while (ac->avail < AC_BATCH) {
			void *obj = slab_get_obj(s, gfp);

			if (!obj)
				break;
			ac->entry[ac->avail++] = obj;
		}
		if (!ac->avail)
			return NULL;
	}
	return ac->entry[--ac->avail];
}

void __slab_free(struct kmem_cache *s, struct page *page, void *obj)
{
	struct array_cache *ac = cpu_cache(s);

	s->active_objs--;
	s->free_count++;
	if (unlikely(ac->avail == AC_LIMIT)) {
		/* Drain the oldest batch back to the slabs. */
		unsigned int i;

		for (i = 0; i < AC_BATCH; i++)
			slab_put_obj(s, ac->entry[i]);
		ac->avail -= AC_BATCH;
		memmove(ac->entry, ac->entry + AC_BATCH, ac->avail * sizeof(void *));
	}
	ac->entry[ac->avail++] = obj;
}

int __kmem_cache_shrink(struct kmem_cache *s)
{
	struct array_cache *ac = cpu_cache(s);
	struct page *page, *n;
	int freed = 0;

	while (ac->avail)
		slab_put_obj(s, ac->entry[--ac->avail]);
	list_for_each_entry_safe(page, n, &s->free, lru) {
		list_del(&page->lru);
		freed += 1 << s->order;
		free_slab_pages(s, page);
	}
	return freed;
}

#endif /* CONFIG_SLAB */
