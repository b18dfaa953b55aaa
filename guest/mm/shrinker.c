/*
 * shrink_slab (Linux's mm/vmscan.c and mm/shrinker.c): after a round of
 * LRU reclaim, each registered shrinker is asked to scan
 *     4 * scanned / seeks * freeable / lru_pages
 * of its objects, so caches shrink at the pace the page lists do, and
 * costlier objects (more seeks to rebuild) more slowly. drop_caches 2 asks
 * every shrinker for everything (drop_slab).
 */
#include <linux/kernel.h>
#include <linux/shrinker.h>

static LIST_HEAD(shrinker_list);
unsigned long slabs_scanned;

int register_shrinker(struct shrinker *s)
{
	if (!s->seeks)
		s->seeks = DEFAULT_SEEKS;
	list_add_tail(&s->list, &shrinker_list);
	return 0;
}

void unregister_shrinker(struct shrinker *s)
{
	list_del(&s->list);
}

static unsigned long do_shrink(struct shrinker *s, unsigned long nr, gfp_t gfp)
{
	unsigned long freed = s->scan_objects(s, nr, gfp);

	slabs_scanned += nr;
	return freed == SHRINK_STOP ? 0 : freed;
}

/* The objects freed. */
unsigned long shrink_slab(gfp_t gfp, unsigned long scanned, unsigned long lru_pages)
{
	struct shrinker *s;
	unsigned long freed = 0;

	list_for_each_entry(s, &shrinker_list, list) {
		unsigned long freeable = s->count_objects(s, gfp);
		unsigned long long delta;

		if (!freeable)
			continue;
		delta = (4ULL * scanned / s->seeks) * freeable;
		delta = delta / (lru_pages + 1);
		if (!delta && scanned)
			delta = 1;
		if (delta > 2 * freeable)
			delta = 2 * freeable;
		if (delta)
			freed += do_shrink(s, (unsigned long)delta, gfp);
	}
	return freed;
}

void drop_slab(void)
{
	struct shrinker *s;

	list_for_each_entry(s, &shrinker_list, list) {
		unsigned long n = s->count_objects(s, GFP_KERNEL);

		if (n)
			do_shrink(s, n, GFP_KERNEL);
	}
}
