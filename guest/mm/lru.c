/*
 * The page-cache LRU lists (Linux's mm/swap.c and a corner of mm/vmscan.c):
 * a new page-cache page goes on the inactive list; a second access moves
 * it to the active list (PG_referenced marks the first). drop_caches gives
 * back every clean page-cache page nobody maps, coldest first.
 * Anonymous pages are not on these lists yet.
 */
#include <linux/kernel.h>
#include <linux/pagemap.h>

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
	if (mode & 2)
		try_to_free_pages(GFP_KERNEL, 0);
}

void lru_counts(unsigned long *active, unsigned long *inactive)
{
	*active = nr_active_file;
	*inactive = nr_inactive_file;
}
