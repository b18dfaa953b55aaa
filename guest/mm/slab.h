/*
 * What the three object allocators (slub.c, slab.c, slob.c) and their common
 * code (slab_common.c) share. Only one of them is built into a given kernel
 * (CONFIG_SLUB, CONFIG_SLAB or CONFIG_SLOB); each implements the four hooks
 * below.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include <linux/slab.h>
#include <linux/mm.h>

/* Allocator-specific hooks. */
int __kmem_cache_create(struct kmem_cache *s);		/* objects per slab, lists */
void *__slab_alloc(struct kmem_cache *s, gfp_t gfp);	/* an object, or NULL */
void __slab_free(struct kmem_cache *s, struct page *page, void *obj);
int __kmem_cache_shrink(struct kmem_cache *s);		/* release empty slabs; pages freed */
extern const char slab_allocator_name[];

/* Common helpers. */
static inline bool slab_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}
struct page *alloc_slab_pages(struct kmem_cache *s, gfp_t gfp);
void free_slab_pages(struct kmem_cache *s, struct page *page);
int free_empty_partial(struct kmem_cache *s);	/* pages freed (SLUB, SLOB) */
/* The slab's index for obj, or -1 if obj is not an object boundary of page. */
int slab_obj_index(const struct kmem_cache *s, const struct page *page, const void *obj);
void init_object_inactive(struct kmem_cache *s, void *obj);	/* poison + red zone */

#endif
