/*
 * The page-cache LRU lists (Linux's mm/swap.c and a corner of mm/vmscan.c):
 * a new page-cache page goes on the inactive list; a second access moves
 * it to the active list (PG_referenced marks the first). drop_caches gives
 * back every clean page-cache page nobody maps, coldest first.
 * Anonymous pages have their own pair of lists (Linux's LRU_ACTIVE_ANON and
 * LRU_INACTIVE_ANON): a new one starts active; vmscan.c ages them through
 * the reverse map (rmap.c). Callers keep preemption off.
 */
#include <linux/kernel.h>
#include <linux/pagemap.h>
#include <linux/rmap.h>
#include <linux/shrinker.h>

static LIST_HEAD(inactive_file);
static LIST_HEAD(active_file);
static unsigned long nr_inactive_file, nr_active_file;

void lru_cache_add(struct page *page)
{
	list_add(&page->lru, &inactive_file);
	SetPageLRU(page);
	page->flags &= ~(1UL << PG_active_lru);
	nr_inactive_file++;
}

void lru_cache_del(struct page *page)
{
	if (!PageLRU(page))
		return;
	list_del_init(&page->lru);
	ClearPageLRU(page);
	if (page->flags & (1UL << PG_active_lru))
		nr_active_file--;
	else
		nr_inactive_file--;
	page->flags &= ~((1UL << PG_active_lru) | (1UL << PG_referenced));
}

void mark_page_accessed(struct page *page)
{
	if (!PageLRU(page) || (page->flags & (1UL << PG_active_lru)))
		return;
	if (!(page->flags & (1UL << PG_referenced))) {
		page->flags |= 1UL << PG_referenced;
		return;
	}
	list_move(&page->lru, &active_file);
	page->flags |= 1UL << PG_active_lru;
	nr_inactive_file--;
	nr_active_file++;
}

/* Clean, unmapped page-cache pages of one list, from the cold end. */
static unsigned long shrink_list(struct list_head *list)
{
	struct list_head *p = list->prev, *prev;
	unsigned long n = 0;

	for (; p != list; p = prev) {
		struct page *page = list_entry(p, struct page, lru);

		prev = p->prev;
		if (!PageDirty(page) && page_count(page) == 1 && page->_mapcount < 0) {
			remove_from_page_cache(page);
			n++;
		}
	}
	return n;
}

int pageout(struct page *page);	/* filemap.c */

/*
 * Reclaim from the page cache under memory pressure (Linux's
 * shrink_inactive_list and shrink_active_list, in one): first the active
 * list is aged so that the inactive one is at least as long (its cold pages
 * move over with PG_referenced cleared); then up to nr pages are scanned
 * from the cold end of the inactive list. A page accessed since it was last
 * looked at (PG_referenced) gets a second chance: the flag is cleared and
 * the page goes back to the hot end. A page mapped by a process or in use
 * goes back too. A dirty page is written back, then dropped; a clean one is
 * dropped at once. Returns the pages freed; *scanned counts the looks.
 * Needs vfs_lock: kswapd does nothing if someone else holds it; direct
 * reclaim waits for it (kswapd may hold it while it writes dirty pages).
 * Dirty pages are written only by a caller that may do file-system I/O
 * (may_write) and is not inside the file system already (holding
 * vfs_lock): a write in the middle of ext2's own update could see its
 * half-made state (Linux's GFP_NOFS rule).
 */
unsigned long shrink_file_lru(unsigned long nr, unsigned long *scanned, unsigned long *refill, bool wait,
			      bool may_write)
{
	unsigned long freed = 0, looked = 0, moved = 0;
	bool locked = vfs_lock.owner == current;

	if (!nr_active_file && !nr_inactive_file)
		return 0;	/* nothing to take: no lock waited for */
	if (!locked && wait)
		mutex_lock(&vfs_lock);
	else if (!locked && !mutex_trylock(&vfs_lock))
		return 0;
	while (nr_active_file > nr_inactive_file && moved < 2 * nr) {
		struct page *page = list_entry(active_file.prev, struct page, lru);

		list_move(&page->lru, &inactive_file);
		page->flags &= ~((1UL << PG_active_lru) | (1UL << PG_referenced));
		nr_active_file--;
		nr_inactive_file++;
		moved++;
	}
	while (looked < nr && nr_inactive_file) {
		struct page *page = list_entry(inactive_file.prev, struct page, lru);

		looked++;
		if ((page->flags & (1UL << PG_referenced)) || page->_mapcount >= 0 ||
		    page_count(page) != 1 || PageWriteback(page)) {
			page->flags &= ~(1UL << PG_referenced);
			list_move(&page->lru, &inactive_file);	/* second chance */
			continue;
		}
		if (PageDirty(page)) {
			list_move(&page->lru, &inactive_file);	/* off the cold end while it is written */
			if (locked || !may_write || pageout(page) || PageDirty(page) || page_count(page) != 1)
				continue;
		}
		remove_from_page_cache(page);
		freed++;
	}
	if (!locked)
		mutex_unlock(&vfs_lock);
	*scanned += looked;
	*refill += moved;
	return freed;
}

unsigned long drop_pagecache(void)
{
	unsigned long n;
	bool locked = vfs_lock.owner == current;

	if (!locked)
		mutex_lock(&vfs_lock);
	n = shrink_list(&inactive_file) + shrink_list(&active_file);
	if (!locked)
		mutex_unlock(&vfs_lock);
	return n;
}

void drop_caches(int mode)
{
	if (mode & 1)
		drop_pagecache();
	if (mode & 2) {
		drop_slab();	/* the shrinkers' objects (dentries, inodes), then empty slabs */
		try_to_free_pages(GFP_KERNEL, 0);
	}
}

void lru_counts(unsigned long *active, unsigned long *inactive)
{
	*active = nr_active_file;
	*inactive = nr_inactive_file;
}

static LIST_HEAD(active_anon);
static LIST_HEAD(inactive_anon);
unsigned long nr_active_anon, nr_inactive_anon;

void lru_add_active_anon(struct page *page)
{
	list_add(&page->lru, &active_anon);
	SetPageLRU(page);
	page->flags |= 1UL << PG_active_lru;
	nr_active_anon++;
}

void lru_anon_del(struct page *page)
{
	if (!PageLRU(page))
		return;
	list_del_init(&page->lru);
	ClearPageLRU(page);
	if (page->flags & (1UL << PG_active_lru))
		nr_active_anon--;
	else
		nr_inactive_anon--;
	page->flags &= ~(1UL << PG_active_lru);
}

/* Back on a list, at its hot end (a page is on at most one). */
void lru_anon_putback(struct page *page, bool active)
{
	lru_anon_del(page);
	if (active) {
		lru_add_active_anon(page);
		return;
	}
	list_add(&page->lru, &inactive_anon);
	SetPageLRU(page);
	nr_inactive_anon++;
}

struct page *lru_anon_tail(bool active)
{
	struct list_head *l = active ? &active_anon : &inactive_anon;

	return list_empty(l) ? NULL : list_entry(l->prev, struct page, lru);
}
