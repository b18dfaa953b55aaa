/*
 * Object caches and kmalloc (Linux's include/linux/slab.h). Three
 * implementations share this interface: SLUB (CONFIG_SLUB, the default:
 * per-slab state in struct page, the free list threaded through free
 * objects), SLAB (CONFIG_SLAB: full/partial/free slab lists, a free-index
 * array per slab) and SLOB (CONFIG_SLOB: first fit over a page's list of free
 * blocks). The debug flags work the same in all three.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/list.h>

#define SLAB_RED_ZONE		0x00000400u	/* guard bytes after each object */
#define SLAB_POISON		0x00000800u	/* fill freed objects with 0x6b, end 0xa5 */
#define SLAB_HWCACHE_ALIGN	0x00002000u	/* align objects on a cache line */
#define SLAB_CACHE_DMA		0x00004000u	/* objects from ZONE_DMA */
#define SLAB_STORE_USER		0x00010000u	/* remember who allocated/freed */
#define SLAB_RECLAIM_ACCOUNT	0x00020000u	/* objects can be freed on demand: __GFP_RECLAIMABLE slabs */
#define SLAB_PANIC		0x00040000u	/* panic if kmem_cache_create fails */
#define SLAB_DEBUG_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

#define POISON_FREE	0x6b	/* a freed object's bytes */
#define POISON_END	0xa5	/* its last byte */
#define POISON_INUSE	0x5a	/* a new object's bytes (SLAB_POISON without __GFP_ZERO) */
#define RED_INACTIVE	0xbb	/* red zone of a free object */
#define RED_ACTIVE	0xcc	/* red zone of an allocated object */

#define ZERO_SIZE_PTR ((void *)16)	/* kmalloc(0): valid to kfree, faults if used */
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

#define KMALLOC_MIN_SIZE	8
#define KMALLOC_MAX_CACHE_SIZE	8192
#define KMALLOC_SHIFT_HIGH	13

struct kmem_cache {
	const char *name;
	unsigned int object_size;	/* what the user asked for */
	unsigned int size;		/* per-object stride, metadata included */
	unsigned int align;
	unsigned int flags;
	unsigned int offset;		/* free pointer offset inside a free object */
	unsigned int red_left;		/* debug: where the red zone starts (object_size) */
	unsigned int track_offset;	/* debug: where the owner record sits, or 0 */
	unsigned int order;		/* pages per slab = 1 << order */
	unsigned int objects;		/* objects per slab */
	void (*ctor)(void *obj);
	struct list_head list;		/* the cache chain (slab_caches) */
	/* SLUB: the slab being allocated from and the partial list. */
	struct page *cpu_slab;
	struct list_head partial;
	struct list_head full;		/* SLAB: full slabs (SLUB keeps them on no list) */
	struct list_head free;		/* SLAB: empty slabs */
	void *array_cache;		/* SLAB: the per-CPU object queue */
	unsigned long nr_partial;
	/* Counters for slabinfo. */
	unsigned long nr_slabs;
	unsigned long active_objs;
	unsigned long total_objs;
	unsigned long alloc_count, free_count;
	int refcount;
};

extern struct list_head slab_caches;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *s, void *obj);
int kmem_cache_shrink(struct kmem_cache *s);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
void kfree(const void *p);
size_t ksize(const void *p);
struct kmem_cache *kmalloc_cache_for(size_t size);

void kmem_cache_init(void);
extern const char slab_allocator_name[];	/* "SLUB" or "SLAB" */
void show_slabinfo(bool all);
/* Errors found by the debug checks since boot (the self-tests read this). */
extern unsigned long slab_errors_reported;

#endif
