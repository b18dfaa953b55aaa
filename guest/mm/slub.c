/*
 * SLUB (CONFIG_SLUB, Linux's default since 2.6.23; mm/slub.c): no queues and
 * no per-slab metadata outside struct page. A slab's free objects form a list
 * threaded through the objects themselves (the free pointer at s->offset);
 * page->freelist is its head and page->inuse counts what is handed out.
 *
 * The cache allocates from one "cpu slab" until it is exhausted, then from a
 * partially used slab, then from a new one. A full slab sits on no list; the
 * first free into it puts it on the partial list. Empty slabs beyond a few
 * kept for reuse go back to the buddy allocator.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "slab.h"

#ifdef CONFIG_SLUB

const char slab_allocator_name[] = "SLUB";

#define MIN_PARTIAL 2	/* empty slabs kept on the partial list */

unsigned int calculate_order(unsigned int size, unsigned int per_object);

static inline void *get_freepointer(const struct kmem_cache *s, void *obj)
{
	return *(void **)((char *)obj + s->offset);
}

static inline void set_freepointer(const struct kmem_cache *s, void *obj, void *fp)
{
	*(void **)((char *)obj + s->offset) = fp;
}

int __kmem_cache_create(struct kmem_cache *s)
{
	s->order = calculate_order(s->size, 0);
	s->objects = (PAGE_SIZE << s->order) / s->size;
	return s->objects ? 0 : -EINVAL;
}

/* A new slab with every object on its free list (constructed, and poisoned if asked). */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = alloc_slab_pages(s, gfp);
	char *p, *next;
	unsigned int i;

	if (!page)
		return NULL;
	page->objects = s->objects;
	page->inuse = 0;
	p = page->s_mem;
	for (i = 0; i < s->objects; i++, p = next) {
		next = p + s->size;
		if (slab_debug(s))
			init_object_inactive(s, p);
		if (s->ctor)
			s->ctor(p);
		set_freepointer(s, p, i + 1 < s->objects ? next : NULL);
	}
	page->freelist = page->s_mem;
	s->total_objs += s->objects;
	INIT_LIST_HEAD(&page->lru);
	return page;
}

void *__slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = s->cpu_slab;
	void *obj;

	if (unlikely(!page || !page->freelist)) {
		/* The cpu slab is used up: it becomes a full slab on no list. */
		if (!list_empty(&s->partial)) {
			page = list_first_entry(&s->partial, struct page, lru);
			list_del_init(&page->lru);
			s->nr_partial--;
		} else {
			page = new_slab(s, gfp);
			if (!page)
				return NULL;
		}
		s->cpu_slab = page;
	}
	obj = page->freelist;
	page->freelist = get_freepointer(s, obj);
	page->inuse++;
	return obj;
}

void __slab_free(struct kmem_cache *s, struct page *page, void *obj)
{
	bool was_full = !page->freelist;

	/* Freeing the object at the head of the free list again: a double free. */
	if (unlikely(obj == page->freelist)) {
		slab_errors_reported++;
		pr_err("BUG %s: double free of %p (already the first free object)\n", s->name, obj);
		dump_stack();
		return;
	}
	set_freepointer(s, obj, page->freelist);
	page->freelist = obj;
	page->inuse--;
	s->active_objs--;
	s->free_count++;
	if (page == s->cpu_slab)
		return;
	if (was_full) {
		list_add(&page->lru, &s->partial);
		s->nr_partial++;
	} else if (!page->inuse && s->nr_partial > MIN_PARTIAL) {
		list_del(&page->lru);
		s->nr_partial--;
		free_slab_pages(s, page);
	}
}

int __kmem_cache_shrink(struct kmem_cache *s)
{
	int freed = free_empty_partial(s);

	if (s->cpu_slab && !s->cpu_slab->inuse) {
		freed += 1 << s->order;
		free_slab_pages(s, s->cpu_slab);
		s->cpu_slab = NULL;
	}
	return freed;
}

#endif /* CONFIG_SLUB */
