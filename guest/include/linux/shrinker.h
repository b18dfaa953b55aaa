/*
 * Shrinkers (Linux's include/linux/shrinker.h): caches of objects that can
 * be rebuilt - dentries and inodes of disk file systems - register one, and
 * reclaim asks each to free a share of its objects proportional to the
 * share of the LRU pages it scanned (shrink_slab in mm/shrinker.c).
 */
#ifndef _LINUX_SHRINKER_H
#define _LINUX_SHRINKER_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/gfp.h>

#define DEFAULT_SEEKS	2	/* how costly an object is to rebuild, as Linux's */
#define SHRINK_STOP	(~0UL)	/* scan_objects: cannot make progress now */

struct shrinker {
	const char *name;
	unsigned long (*count_objects)(struct shrinker *s, gfp_t gfp);	/* freeable now */
	unsigned long (*scan_objects)(struct shrinker *s, unsigned long nr, gfp_t gfp);	/* freed, or SHRINK_STOP */
	int seeks;
	struct list_head list;
};

int register_shrinker(struct shrinker *s);
void unregister_shrinker(struct shrinker *s);
unsigned long shrink_slab(gfp_t gfp, unsigned long scanned, unsigned long lru_pages);
void drop_slab(void);
extern unsigned long slabs_scanned;

#endif
