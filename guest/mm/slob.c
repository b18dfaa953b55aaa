/*
 * SLOB (CONFIG_SLOB, Linux's mm/slob.c: "simple list of blocks", the
 * allocator for small machines): no queues, no per-object metadata, as
 * little memory kept back as possible. A slab page's free space is a list of
 * free blocks, measured in units of SLOB_UNIT bytes and kept in address
 * order; each free block holds its own header, its size in units and the
 * offset of the next free block. slob_alloc walks the list of pages with free
 * space and takes the first block big enough (first fit), splitting it;
 * slob_free puts the block back in address order, merging it with free
 * neighbours, and gives a page back to the buddy allocator when it is empty,
 * unless it is the cache's only page with room (Linux's SLOB gives it back
 * at once; keeping one saves a page allocation per object on a cache that
 * goes between none and one object, and kmem_cache_shrink frees it).
 *
 * Unlike Linux's SLOB, whose pages are shared by every cache and every
 * kmalloc size, each cache here has pages of its own: the common layer
 * (slab_common.c: debug checks, kfree's cache lookup through page->slab_cache)
 * needs one cache per page. Blocks are then whole multiples of the object
 * stride, so every object still starts on a stride boundary.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "slab.h"

#ifdef CONFIG_SLOB

const char slab_allocator_name[] = "SLOB";

typedef s16 slobidx_t;
#define SLOB_UNIT	2	/* bytes per unit */
#define SLOB_END	(-1)	/* no next block */

/* A free block's header: its size and the next free block, in units from the page start. */
struct slob_block {
	slobidx_t units;
	slobidx_t next;
};

/*
 * The header sits at the free pointer offset, past the object when
 * debugging (so poison stays intact), at its start otherwise. page->freelist
 * is the first free block (NULL: none); page->free_idx the free units.
 */
static struct slob_block *hdr(const struct kmem_cache *s, void *block)
{
	return (struct slob_block *)((char *)block + s->offset);
}

static void *unit_addr(struct page *page, slobidx_t idx)
{
	return (char *)page->s_mem + idx * SLOB_UNIT;
}

static slobidx_t unit_idx(struct page *page, const void *p)
{
	return ((const char *)p - (const char *)page->s_mem) / SLOB_UNIT;
}

static void set_block(const struct kmem_cache *s, void *block, slobidx_t units, slobidx_t next)
{
	hdr(s, block)->units = units;
	hdr(s, block)->next = next;
}

int __kmem_cache_create(struct kmem_cache *s)
{
	s->order = s->size > PAGE_SIZE ? get_order(s->size) : 0;
	s->objects = (PAGE_SIZE << s->order) / s->size;
	if (!s->objects || s->size % SLOB_UNIT ||
	    (PAGE_SIZE << s->order) / SLOB_UNIT > 32767)
		return -EINVAL;
	return 0;
}

/* A new page: one free block covering every whole object it can hold. */
static struct page *new_slob_page(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = alloc_slab_pages(s, gfp);
	unsigned int i;

	if (!page)
		return NULL;
	page->objects = s->objects;
	page->inuse = 0;
	page->free_idx = s->objects * s->size / SLOB_UNIT;
	/* Constructed once, as SLUB does: with a constructor (or debugging) the
	 * block headers live past the object, so a free object stays constructed. */
	for (i = 0; i < s->objects; i++) {
		void *p = (char *)page->s_mem + i * s->size;

		if (slab_debug(s))
			init_object_inactive(s, p);
		if (s->ctor)
			s->ctor(p);
	}
	set_block(s, page->s_mem, page->free_idx, SLOB_END);
	page->freelist = page->s_mem;
	s->total_objs += s->objects;
	list_add(&page->lru, &s->partial);
	s->nr_partial++;
	return page;
}

/* First fit inside one page (Linux's slob_page_alloc): the block, or NULL. */
static void *slob_page_alloc(struct kmem_cache *s, struct page *page, slobidx_t units)
{
	void *prev = NULL, *cur = page->freelist;

	while (cur) {
		struct slob_block *b = hdr(s, cur);
		slobidx_t next = b->next, avail = b->units;

		if (avail >= units) {
			void *rest = NULL;

			if (avail > units) {	/* split: the tail stays free */
				rest = (char *)cur + units * SLOB_UNIT;
				set_block(s, rest, avail - units, next);
			} else if (next != SLOB_END) {
				rest = unit_addr(page, next);
			}
			if (prev)
				hdr(s, prev)->next = rest ? unit_idx(page, rest) : SLOB_END;
			else
				page->freelist = rest;
			page->free_idx -= units;
			return cur;
		}
		if (next == SLOB_END)
			break;
		prev = cur;
		cur = unit_addr(page, next);
	}
	return NULL;
}

void *__slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	slobidx_t units = s->size / SLOB_UNIT;
	struct page *page;
	void *obj;

	/* The first page with room whose list has a block that fits. */
	list_for_each_entry(page, &s->partial, lru) {
		if (page->free_idx < units)
			continue;
		obj = slob_page_alloc(s, page, units);
		if (obj)
			goto got;
	}
	page = new_slob_page(s, gfp);
	if (!page)
		return NULL;
	obj = slob_page_alloc(s, page, units);
got:
	page->inuse++;
	if (!page->freelist) {	/* full: off the list until something is freed */
		list_del_init(&page->lru);
		s->nr_partial--;
	}
	return obj;
}

/* Back into the address-ordered list, merged with free neighbours (Linux's slob_free). */
void __slab_free(struct kmem_cache *s, struct page *page, void *obj)
{
	slobidx_t units = s->size / SLOB_UNIT, idx = unit_idx(page, obj);
	void *prev = NULL, *cur = page->freelist;

	/* Find the free blocks before and after obj; obj inside one is a double free. */
	while (cur && unit_idx(page, cur) < idx) {
		if (idx < unit_idx(page, cur) + hdr(s, cur)->units)
			goto double_free;
		prev = cur;
		cur = hdr(s, cur)->next == SLOB_END ? NULL : unit_addr(page, hdr(s, cur)->next);
	}
	if (cur == obj)
		goto double_free;
	if (!page->freelist) {	/* it was full: back on the list of pages with room */
		list_add(&page->lru, &s->partial);
		s->nr_partial++;
	}
	page->inuse--;
	page->free_idx += units;
	s->active_objs--;
	s->free_count++;
	if (!page->inuse && s->nr_partial > 1) {	/* empty: back to the page allocator */
		list_del(&page->lru);
		s->nr_partial--;
		free_slab_pages(s, page);
		return;
	}
	/* Merge with the following block if it starts where obj ends. */
	if (cur && unit_idx(page, cur) == idx + units)
		set_block(s, obj, units + hdr(s, cur)->units, hdr(s, cur)->next);
	else
		set_block(s, obj, units, cur ? unit_idx(page, cur) : SLOB_END);
	/* And with the preceding one if it ends where obj starts. */
	if (prev && unit_idx(page, prev) + hdr(s, prev)->units == idx) {
		hdr(s, prev)->units += hdr(s, obj)->units;
		hdr(s, prev)->next = hdr(s, obj)->next;
	} else if (prev) {
		hdr(s, prev)->next = idx;
	} else {
		page->freelist = obj;
	}
	return;
double_free:
	slab_errors_reported++;
	pr_err("BUG %s: double free of %p (inside a free block)\n", s->name, obj);
	dump_stack();
}

/* The one empty page kept (see __slab_free) goes back too. */
int __kmem_cache_shrink(struct kmem_cache *s)
{
	return free_empty_partial(s);
}

#endif /* CONFIG_SLOB */
