/*
 * Readahead (Linux's mm/readahead.c, on-demand readahead): a read that
 * misses the page cache reads a window of pages from there on, in one
 * plug, so the elevator merges their blocks into few large requests. The
 * first window is a few times the read's size; its last async_size pages
 * begin with one marked PG_readahead, and a read reaching that page reads
 * the next window, twice as big (four times while small), up to the
 * disk's read_ahead_kb. A read that does not follow the last one (not at
 * the page where the last read ended or the next one) reads only what it
 * asks for and starts no window. With read_ahead_kb 0 pages are read one
 * at a time.
 *
 * lucix's I/O is synchronous, so the "asynchronous" window is read when
 * the marked page is reached, before the read goes on: the request sizes
 * are Linux's, the overlap of disk and CPU is not.
 *
 * Also here: readahead(2) and fadvise64(_64) (Linux's mm/fadvise.c).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/pagemap.h>

#define RA_CHUNK	32		/* pages per plug: BLK_MAX_SECTORS of 4 KiB pages */

/* The window limit of a file: its own, or its disk's (0: the file is not on a disk). */
/* Some inodes have no page cache (a /proc file, a socket) or no superblock. */
static bool can_readpage(struct file *f)
{
	struct address_space *m = f->f_inode->i_mapping;

	return m && m->a_ops && m->a_ops->readpage && f->f_inode->i_sb;
}

static unsigned int ra_max(struct file *f)
{
	struct block_device *b = can_readpage(f) ? blkdev_get_by_dev(f->f_inode->i_sb->s_dev) : NULL;

	if (!b)
		return 0;
	return f->f_ra.ra_pages ? f->f_ra.ra_pages : b->disk->queue.ra_pages;
}

static bool on_disk(struct file *f)
{
	return can_readpage(f) && blkdev_get_by_dev(f->f_inode->i_sb->s_dev);
}

/*
 * Read the missing pages of [index, index + nr) (not past the end of the
 * file), RA_CHUNK at a time under a plug; the page at index + nr - lookahead
 * is marked. Pages whose read failed leave the cache (a read then retries
 * the page alone and sees the error).
 */
static void read_pages(struct address_space *mapping, unsigned long index, unsigned long nr,
		       unsigned long lookahead)
{
	loff_t size = mapping->host->i_size;
	unsigned long end, mark = lookahead ? index + nr - lookahead : ~0UL;
	struct blk_plug *outer = current->plug;	/* ours must be flushed before we return */

	if (!size)
		return;
	current->plug = NULL;
	end = min(index + nr, (unsigned long)((size - 1) >> PAGE_SHIFT) + 1);
	while (index < end) {
		struct page *pages[RA_CHUNK];
		struct blk_plug plug;
		unsigned int n = 0, i;
		int err = 0;

		blk_start_plug(&plug);
		for (; index < end && n < RA_CHUNK; index++) {
			struct page *page = find_get_page(mapping, index);

			if (page) {
				put_page(page);
				continue;
			}
			page = new_cache_page(mapping, index);
			if (IS_ERR(page)) {
				end = index;	/* no memory: read what we have, stop */
				break;
			}
			if (index == mark)
				SetPageReadahead(page);
			pages[n++] = page;
			if (mapping->a_ops->readpage(mapping, page))
				err = -EIO;
		}
		if (blk_finish_plug(&plug))
			err = -EIO;
		for (i = 0; i < n; i++) {
			if (err) {
				ClearPageReadahead(pages[i]);
				delete_from_page_cache(pages[i]);
			} else {
				SetPageUptodate(pages[i]);
			}
			put_page(pages[i]);
		}
		if (err)
			break;
	}
	current->plug = outer;
}

/* The first window: 4x a small read, 2x a middling one, else the maximum. */
static unsigned long init_ra_size(unsigned long req, unsigned long max)
{
	unsigned long size = 1;

	while (size < req)
		size <<= 1;
	if (size <= max / 32)
		size *= 4;
	else if (size <= max / 4)
		size *= 2;
	else
		size = max;
	return size;
}

static unsigned long next_ra_size(struct file_ra_state *ra, unsigned long max)
{
	if (ra->size < max / 16)
		return 4 * ra->size;
	if (ra->size <= max / 2)
		return 2 * ra->size;
	return max;
}

/* Linux's ondemand_readahead: the window to read now for a read of req pages at index. */
static void ondemand_readahead(struct file *f, unsigned long index, unsigned long req,
			       bool hit_marker)
{
	struct file_ra_state *ra = &f->f_ra;
	struct address_space *mapping = f->f_inode->i_mapping;
	unsigned long max = ra_max(f), prev = ra->prev_pos >> PAGE_SHIFT;

	if (!index)
		goto initial;
	/* the marked page or the window's end: the next window */
	if (index == ra->start + ra->size - ra->async_size || index == ra->start + ra->size) {
		ra->start += ra->size;
		ra->size = next_ra_size(ra, max);
		ra->async_size = ra->size;
		goto readit;
	}
	/* a marked page of some other window (another reader of the file): go on from it */
	if (hit_marker) {
		unsigned long start = index + 1;
		struct page *page;

		while (start - index <= max && (page = find_get_page(mapping, start))) {
			put_page(page);
			start++;
		}
		if (start - index > max)
			return;
		ra->start = start;
		ra->size = start - index + req;
		ra->size = next_ra_size(ra, max);
		ra->async_size = ra->size;
		goto readit;
	}
	if (req > max)
		goto initial;
	/* where the last read ended, or the page after: sequential after all */
	if (index - prev <= 1)
		goto initial;
	/* random: just what was asked for */
	read_pages(mapping, index, req, 0);
	return;
initial:
	ra->start = index;
	ra->size = init_ra_size(req, max);
	ra->async_size = ra->size > req ? ra->size - req : ra->size;
readit:
	/* a miss at the window's start: read the next window with it */
	if (!hit_marker && index == ra->start && ra->size == ra->async_size) {
		unsigned long add = next_ra_size(ra, max);

		if (ra->size + add <= max) {
			ra->async_size = add;
			ra->size += add;
		} else {
			ra->size = max;
			ra->async_size = max >> 1;
		}
	}
	read_pages(mapping, ra->start, ra->size, ra->async_size);
}

/* Read nr pages from index whatever the window, in pieces of at most the maximum. */
void force_page_cache_readahead(struct file *f, unsigned long index, unsigned long nr)
{
	unsigned long max = ra_max(f);

	if (!on_disk(f))
		return;
	if (!max)
		max = 1;
	while (nr) {
		unsigned long n = min(nr, max);

		read_pages(f->f_inode->i_mapping, index, n, 0);
		index += n;
		nr -= n;
	}
}

struct page *filemap_get_read_page(struct file *f, unsigned long index, unsigned long req)
{
	struct address_space *mapping = f->f_inode->i_mapping;
	struct page *page = find_get_page(mapping, index);

	if (!page) {
		if (on_disk(f)) {
			if (f->f_ra.random || !ra_max(f))
				force_page_cache_readahead(f, index, req);
			else
				ondemand_readahead(f, index, req, false);
			page = find_get_page(mapping, index);
		}
		if (!page)
			return read_mapping_page(mapping, index);	/* and its error */
	} else if (PageReadahead(page)) {
		ClearPageReadahead(page);
		if (!f->f_ra.random && ra_max(f))
			ondemand_readahead(f, index, req, true);
	}
	mark_page_accessed(page);
	return page;
}

/* ---- readahead(2) and fadvise64 ---- */

#define POSIX_FADV_NORMAL	0
#define POSIX_FADV_RANDOM	1
#define POSIX_FADV_SEQUENTIAL	2
#define POSIX_FADV_WILLNEED	3
#define POSIX_FADV_DONTNEED	4
#define POSIX_FADV_NOREUSE	5

static unsigned long pages_of(loff_t off, loff_t len)
{
	return ((off + len + PAGE_SIZE - 1) >> PAGE_SHIFT) - (off >> PAGE_SHIFT);
}

long sys_readahead(int fd, u32 off_lo, u32 off_hi, size_t count)
{
	struct file *f = fget(fd);
	loff_t off = (loff_t)off_hi << 32 | off_lo;
	long ret = 0;

	if (!f)
		return -EBADF;
	/* A /proc file has no page cache here; Linux's has one on a noop
	 * bdi, where readahead(2) succeeds and reads nothing: so does ours
	 * (force_page_cache_readahead finds it is not on a disk). */
	if (!(f->f_mode & FMODE_READ) || !S_ISREG(f->f_inode->i_mode) || off < 0)
		ret = -EINVAL;
	else if (count) {
		mutex_lock(&vfs_lock);
		force_page_cache_readahead(f, off >> PAGE_SHIFT, pages_of(off, count));
		mutex_unlock(&vfs_lock);
	}
	fput(f);
	return ret;
}

/* POSIX_FADV_DONTNEED: clean pages of [first, last] that only the cache holds leave it. */
static void invalidate_range(struct address_space *mapping, unsigned long first, unsigned long last)
{
	struct page *pages[16];
	unsigned int n, i;

	while (first <= last &&
	       (n = radix_tree_gang_lookup(&mapping->page_tree, (void **)pages, first, 16))) {
		first = pages[n - 1]->index + 1;
		for (i = 0; i < n; i++)
			if (pages[i]->index <= last && !PageDirty(pages[i]) &&
			    !PageWriteback(pages[i]) && page_count(pages[i]) == 1 &&
			    pages[i]->_mapcount < 0)
				delete_from_page_cache(pages[i]);
		if (!first)
			break;
	}
}

static long do_fadvise(int fd, loff_t off, loff_t len, int advice)
{
	struct file *f = fget(fd);
	struct file_ra_state *ra;
	long ret = 0;

	if (!f)
		return -EBADF;
	ra = &f->f_ra;
	if (S_ISFIFO(f->f_inode->i_mode)) {
		fput(f);
		return -ESPIPE;
	}
	if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE) {
		fput(f);
		return -EINVAL;
	}
	mutex_lock(&vfs_lock);
	switch (advice) {
	case POSIX_FADV_NORMAL:
		ra->ra_pages = 0;
		ra->random = false;
		break;
	case POSIX_FADV_RANDOM:
		ra->random = true;
		break;
	case POSIX_FADV_SEQUENTIAL:
		ra->random = false;
		ra->ra_pages = 2 * ra_max(f);
		break;
	case POSIX_FADV_WILLNEED:
		if (S_ISREG(f->f_inode->i_mode) && f->f_inode->i_size > off)
			force_page_cache_readahead(f, off >> PAGE_SHIFT,
				pages_of(off, len ? len : f->f_inode->i_size - off));
		break;
	case POSIX_FADV_DONTNEED:
		/* write back, then drop the clean unmapped pages wholly in the range */
		if (!f->f_inode->i_mapping)
			break;
		filemap_write_and_wait(f->f_inode->i_mapping);
		if (!len)
			invalidate_range(f->f_inode->i_mapping, (off + PAGE_SIZE - 1) >> PAGE_SHIFT, ~0UL);
		else if ((off + len) >> PAGE_SHIFT)
			invalidate_range(f->f_inode->i_mapping, (off + PAGE_SIZE - 1) >> PAGE_SHIFT,
					 ((off + len) >> PAGE_SHIFT) - 1);
		break;
	}
	mutex_unlock(&vfs_lock);
	fput(f);
	return ret;
}

long sys_fadvise64(int fd, u32 off_lo, u32 off_hi, size_t len, int advice)
{
	return do_fadvise(fd, (loff_t)off_hi << 32 | off_lo, len, advice);
}

long sys_fadvise64_64(int fd, u32 off_lo, u32 off_hi, u32 len_lo, u32 len_hi, int advice)
{
	return do_fadvise(fd, (loff_t)off_hi << 32 | off_lo, (loff_t)len_hi << 32 | len_lo, advice);
}
