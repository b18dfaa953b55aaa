/*
 * The page cache (Linux's mm/filemap.c and mm/truncate.c, cut down): each
 * file's pages sit in its address_space's radix tree by page index, one
 * reference held by the cache. read() copies out of cached pages, filling
 * missing ones through the file system's readpage; write() makes sure the
 * blocks exist (write_begin), copies into the page and marks it dirty; the
 * flusher thread, fsync and sync write dirty pages back with writepage.
 * O_DIRECT goes past the cache after writing back what it holds. Page-cache
 * pages are lowmem, so page_address always works. Callers hold vfs_lock.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/pagemap.h>

unsigned long nr_pagecache, nr_dirty, nr_writeback, nr_file_mapped, nr_anon_pages;

void address_space_init(struct inode *inode, const struct address_space_operations *a_ops)
{
	inode->i_data.host = inode;
	INIT_RADIX_TREE(&inode->i_data.page_tree);
	inode->i_data.nrpages = inode->i_data.nrdirty = 0;
	inode->i_data.a_ops = a_ops;
	inode->i_mapping = &inode->i_data;
}

/* The cached page at index with a new reference, or NULL. */
struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	struct page *page = radix_tree_lookup(&mapping->page_tree, index);

	if (page)
		get_page(page);
	return page;
}

int add_to_page_cache(struct page *page, struct address_space *mapping, unsigned long index)
{
	int err = radix_tree_insert(&mapping->page_tree, index, page);

	if (err)
		return err;
	get_page(page);			/* the cache's own reference */
	page->mapping = mapping;
	page->index = index;
	mapping->nrpages++;
	nr_pagecache++;
	lru_cache_add(page);
	return 0;
}

static void clear_dirty(struct page *page)
{
	if (PageDirty(page)) {
		ClearPageDirty(page);
		page->mapping->nrdirty--;
		nr_dirty--;
	}
}

/* Out of the cache; the cache's reference is dropped. */
void delete_from_page_cache(struct page *page)
{
	struct address_space *mapping = page->mapping;

	radix_tree_delete(&mapping->page_tree, page->index);
	clear_dirty(page);
	lru_cache_del(page);
	page->mapping = NULL;
	ClearPageUptodate(page);
	ClearPageReadahead(page);
	mapping->nrpages--;
	nr_pagecache--;
	put_page(page);
}

/* Reclaim: a clean page only the cache holds leaves it and is freed. */
void remove_from_page_cache(struct page *page)
{
	delete_from_page_cache(page);
}

struct page *new_cache_page(struct address_space *mapping, unsigned long index)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_MOVABLE);
	int err;

	if (!page)
		return ERR_PTR(-ENOMEM);
	page->flags &= ~((1UL << PG_uptodate) | (1UL << PG_dirty) | (1UL << PG_referenced) |
			 (1UL << PG_readahead));
	err = add_to_page_cache(page, mapping, index);
	if (err) {
		put_page(page);
		return ERR_PTR(err);
	}
	return page;
}

struct page *read_mapping_page(struct address_space *mapping, unsigned long index)
{
	struct page *page = find_get_page(mapping, index);
	int err;

	if (page) {
		mark_page_accessed(page);
		return page;
	}
	page = new_cache_page(mapping, index);
	if (IS_ERR(page))
		return page;
	err = mapping->a_ops->readpage(mapping, page);
	if (err) {
		delete_from_page_cache(page);
		put_page(page);
		return ERR_PTR(err);
	}
	SetPageUptodate(page);
	return page;
}

void set_page_dirty(struct page *page)
{
	if (PageDirty(page) || !page->mapping)
		return;
	SetPageDirty(page);
	page->mapping->nrdirty++;
	nr_dirty++;
	__mark_inode_dirty(page->mapping->host, I_DIRTY_PAGES);
}

/* Call fn on every cached page from index first on, in index order. */
static int for_each_page(struct address_space *mapping, unsigned long first,
			 int (*fn)(struct page *page, void *arg), void *arg)
{
	struct page *pages[16];
	unsigned int n, i;
	int err = 0, e;

	while ((n = radix_tree_gang_lookup(&mapping->page_tree, (void **)pages, first, 16))) {
		for (i = 0; i < n; i++)
			get_page(pages[i]);
		first = pages[n - 1]->index + 1;
		for (i = 0; i < n; i++) {
			e = fn(pages[i], arg);
			if (e && !err)
				err = e;
			put_page(pages[i]);
		}
		if (!first)
			break;
	}
	return err;
}

static int drop_one(struct page *page, void *arg)
{
	if (page->mapping)
		delete_from_page_cache(page);
	return 0;
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	unsigned long first = (lstart + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned int off = lstart & (PAGE_SIZE - 1);

	if (!mapping || !mapping->nrpages)
		return;
	for_each_page(mapping, first, drop_one, NULL);
	if (off) {
		/* the page holding the new end keeps its head; the tail reads as zeros again */
		struct page *page = find_get_page(mapping, lstart >> PAGE_SHIFT);

		if (page) {
			memset((char *)page_address(page) + off, 0, PAGE_SIZE - off);
			set_page_dirty(page);
			put_page(page);
		}
	}
}

/*
 * Writeback under a plug: the pages' blocks reach the disk when the plug is
 * flushed, so each page keeps a reference and PG_writeback until then (reclaim
 * leaves such pages alone), WB_BATCH pages at a time.
 */
#define WB_BATCH	32

struct wb_batch {
	struct blk_plug plug;
	struct page *pages[WB_BATCH];
	unsigned int n;
	int err;
};

static void end_writeback(struct page *page)
{
	nr_writeback--;
	ClearPageWriteback(page);
}

static void wb_flush(struct wb_batch *b)
{
	unsigned int i;
	int err = blk_finish_plug(&b->plug);

	if (err && !b->err)
		b->err = err;
	for (i = 0; i < b->n; i++) {
		end_writeback(b->pages[i]);
		put_page(b->pages[i]);
	}
	b->n = 0;
}

static int write_one(struct page *page, void *arg)
{
	struct address_space *mapping = page->mapping;
	struct wb_batch *b = arg;
	int err;

	if (!mapping || !PageDirty(page))
		return 0;
	clear_dirty(page);
	SetPageWriteback(page);
	nr_writeback++;
	err = mapping->a_ops->writepage(mapping, page);
	if (!b) {
		end_writeback(page);
		return err;
	}
	get_page(page);
	b->pages[b->n++] = page;
	if (b->n == WB_BATCH) {
		wb_flush(b);
		blk_start_plug(&b->plug);
	}
	return err;
}

/* Reclaim (lru.c): write one dirty page back before dropping it (Linux's pageout), not plugged. */
int pageout(struct page *page)
{
	struct blk_plug *plug = current->plug;
	int err;

	current->plug = NULL;
	err = write_one(page, NULL);
	current->plug = plug;
	return err;
}

/* Under a plug, so the elevator sees the pages together (and merges them). */
int filemap_write_and_wait(struct address_space *mapping)
{
	struct blk_plug *outer = current->plug;	/* ours must be flushed before we return */
	struct wb_batch b;
	int err;

	if (!mapping || !mapping->nrdirty)
		return 0;
	b.n = 0;
	b.err = 0;
	current->plug = NULL;
	blk_start_plug(&b.plug);
	err = for_each_page(mapping, 0, write_one, &b);
	wb_flush(&b);
	current->plug = outer;
	return err ? err : b.err;
}

static int invalidate_one(struct page *page, void *arg)
{
	/* ours (for_each_page) and the cache's: nobody else uses it */
	if (page->mapping && !PageDirty(page) && page_count(page) == 2 && page->_mapcount < 0) {
		delete_from_page_cache(page);
		(*(unsigned long *)arg)++;
	}
	return 0;
}

unsigned long invalidate_mapping_pages(struct address_space *mapping)
{
	unsigned long n = 0;

	if (mapping && mapping->nrpages)
		for_each_page(mapping, 0, invalidate_one, &n);
	return n;
}

/* Copy between the file's pages and a user or kernel buffer; pages come through readahead. */
static ssize_t do_generic_read(struct file *f, char *buf, size_t count, loff_t pos, bool user)
{
	struct inode *inode = f->f_inode;
	unsigned long last = count ? (pos + count - 1) >> PAGE_SHIFT : 0;
	size_t done = 0;

	while (done < count && pos < inode->i_size) {
		unsigned int off = pos & (PAGE_SIZE - 1);
		size_t n = min_t(loff_t, min_t(size_t, PAGE_SIZE - off, count - done), inode->i_size - pos);
		struct page *page = filemap_get_read_page(f, pos >> PAGE_SHIFT,
							  last - (pos >> PAGE_SHIFT) + 1);
		char *src;
		int bad = 0;

		if (IS_ERR(page))
			return done ? (ssize_t)done : PTR_ERR(page);
		src = (char *)page_address(page) + off;
		if (user)
			bad = copy_to_user((char __user *)buf + done, src, n) != 0;
		else
			memcpy(buf + done, src, n);
		put_page(page);
		if (bad)
			return done ? (ssize_t)done : -EFAULT;
		done += n;
		pos += n;
		f->f_ra.prev_pos = pos;
	}
	return done;
}

ssize_t generic_file_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	struct address_space *mapping = inode->i_mapping;
	ssize_t n;

	if ((f->f_flags & O_DIRECT) && mapping->a_ops->direct_IO) {
		n = filemap_write_and_wait(mapping);
		if (!n)
			n = mapping->a_ops->direct_IO(f, buf, count, *pos, false);
	} else {
		n = do_generic_read(f, (char *)buf, count, *pos, true);
	}
	if (n > 0)
		*pos += n;
	return n;
}

ssize_t generic_file_read_kernel(struct file *f, void *buf, size_t count, loff_t pos)
{
	return do_generic_read(f, buf, count, pos, false);
}

/* One page's part of a write: blocks, the page (read first if partly kept), the copy. */
static ssize_t write_page(struct inode *inode, const char __user *buf, loff_t pos, size_t n)
{
	struct address_space *mapping = inode->i_mapping;
	unsigned long index = pos >> PAGE_SHIFT;
	unsigned int off = pos & (PAGE_SIZE - 1);
	struct page *page;
	int err = mapping->a_ops->write_begin(mapping, pos, n);

	if (err)
		return err;
	page = find_get_page(mapping, index);
	if (!page) {
		page = new_cache_page(mapping, index);
		if (IS_ERR(page))
			return PTR_ERR(page);
	}
	if (!PageUptodate(page)) {
		if (n < PAGE_SIZE && ((loff_t)index << PAGE_SHIFT) < inode->i_size)
			err = mapping->a_ops->readpage(mapping, page);
		else
			memset(page_address(page), 0, PAGE_SIZE);
		if (err) {
			delete_from_page_cache(page);
			put_page(page);
			return err;
		}
		SetPageUptodate(page);
	}
	if (copy_from_user((char *)page_address(page) + off, buf, n)) {
		put_page(page);
		return -EFAULT;
	}
	set_page_dirty(page);
	mark_page_accessed(page);
	put_page(page);
	return n;
}

ssize_t generic_file_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	struct address_space *mapping = inode->i_mapping;
	loff_t p = (f->f_flags & O_APPEND) ? inode->i_size : *pos;
	size_t done = 0;
	ssize_t n = 0;
	bool direct = (f->f_flags & O_DIRECT) && mapping->a_ops->direct_IO;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (!count)
		return 0;
	if (direct) {
		n = filemap_write_and_wait(mapping);
		if (!n)
			n = mapping->a_ops->direct_IO(f, (char __user *)buf, count, p, true);
		if (n > 0) {
			truncate_inode_pages(mapping, p & ~(loff_t)(PAGE_SIZE - 1));
			done = n;
		}
	} else {
		while (done < count) {
			size_t len = min_t(size_t, PAGE_SIZE - (p & (PAGE_SIZE - 1)), count - done);

			n = write_page(inode, buf + done, p, len);
			if (n <= 0)
				break;
			done += n;
			p += n;
			if (p > inode->i_size)
				inode->i_size = p;
		}
	}
	if (!done)
		return n < 0 ? n : 0;
	if (direct)
		p += done;
	if (p > inode->i_size)
		inode->i_size = p;
	inode->i_mtime = inode->i_ctime = current_time_sec();
	mark_inode_dirty(inode);
	if ((f->f_flags & O_DSYNC) && f->f_op->fsync)
		f->f_op->fsync(f, 1);
	*pos = p;
	return done;
}
