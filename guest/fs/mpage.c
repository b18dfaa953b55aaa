/*
 * Pages and O_DIRECT ranges of block-mapped files (Linux's fs/mpage.c and
 * fs/direct-io.c, cut down): a file system gives get_block, these move the
 * data. Runs of blocks that are consecutive on disk go in one request;
 * pages are submitted through blk_submit, so under a plug (readahead,
 * writeback) the block layer merges the runs of neighbouring pages.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/pagemap.h>

/* Read or write the page's blocks [first, first+nr) mapped by get_block (holes: read zeros, write nothing). */
static int page_blocks_rw(struct page *page, get_block_t get_block, struct block_device *bdev,
			  unsigned int bs, unsigned int nr, bool write)
{
	struct inode *inode = page->mapping->host;
	u32 first = ((u64)page->index << PAGE_SHIFT) / bs;
	char *addr = page_address(page);
	unsigned int i = 0, spb = bs / SECTOR_SIZE;

	while (i < nr) {
		long blk = get_block(inode, first + i, false);
		unsigned int run = 1;
		int err;

		if (blk < 0)
			return blk;
		if (!blk) {
			if (!write)
				memset(addr + i * bs, 0, bs);
			i++;
			continue;
		}
		while (i + run < nr && get_block(inode, first + i + run, false) == blk + (long)run)
			run++;
		err = blk_submit(bdev, (u64)blk * spb, run * spb, addr + i * bs, write);
		if (err)
			return err;
		i += run;
	}
	return 0;
}

int block_read_full_page(struct page *page, get_block_t get_block, struct block_device *bdev,
			 unsigned int bs)
{
	struct inode *inode = page->mapping->host;
	loff_t start = (loff_t)page->index << PAGE_SHIFT;
	unsigned int valid = inode->i_size > start ? min_t(loff_t, PAGE_SIZE, inode->i_size - start) : 0;
	int err = page_blocks_rw(page, get_block, bdev, bs, (valid + bs - 1) / bs, false);

	/* past the end of the file the page reads as zeros */
	if (!err)
		memset((char *)page_address(page) + valid, 0, PAGE_SIZE - valid);
	return err;
}

int block_write_full_page(struct page *page, get_block_t get_block, struct block_device *bdev,
			  unsigned int bs)
{
	struct inode *inode = page->mapping->host;
	loff_t start = (loff_t)page->index << PAGE_SHIFT;
	unsigned int valid;

	if (inode->i_size <= start)
		return 0;		/* wholly past the end (a truncate raced the flusher) */
	valid = min_t(loff_t, PAGE_SIZE, inode->i_size - start);
	return page_blocks_rw(page, get_block, bdev, bs, (valid + bs - 1) / bs, true);
}

int block_prepare_write(struct inode *inode, loff_t pos, unsigned int len, get_block_t get_block,
			unsigned int bs)
{
	u32 n = pos / bs, last = (pos + len - 1) / bs;

	for (; n <= last; n++) {
		long blk = get_block(inode, n, true);

		if (blk < 0)
			return blk;
	}
	return 0;
}

/*
 * O_DIRECT: pos, count and the buffer must be multiples of 512 (the
 * sector); each file block's part goes through a bounce buffer, since the
 * driver copies from kernel addresses. Reads stop at the end of the file;
 * holes read as zeros; writes allocate.
 */
ssize_t blockdev_direct_IO(struct file *f, char __user *buf, size_t count, loff_t pos, bool write,
			   get_block_t get_block, struct block_device *bdev, unsigned int bs)
{
	struct inode *inode = f->f_inode;
	size_t done = 0;
	char *bounce;

	if ((pos | count | (unsigned long)buf) & (SECTOR_SIZE - 1))
		return -EINVAL;
	if (!write) {
		if (pos >= inode->i_size)
			return 0;
		if (count > inode->i_size - pos)
			count = ALIGN(inode->i_size - pos, SECTOR_SIZE);
	}
	bounce = kmalloc(bs, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	while (done < count) {
		u32 off = (pos + done) % bs, n = min_t(size_t, bs - off, count - done);
		long blk = get_block(inode, (pos + done) / bs, write);
		int err = 0;

		if (blk < 0) {
			err = blk;
		} else if (write) {
			if (copy_from_user(bounce, buf + done, n))
				err = -EFAULT;
			else
				err = blkdev_rw(bdev, (u64)blk * (bs / SECTOR_SIZE) + off / SECTOR_SIZE,
						n / SECTOR_SIZE, bounce, true);
		} else {
			if (!blk)
				memset(bounce, 0, n);
			else
				err = blkdev_rw(bdev, (u64)blk * (bs / SECTOR_SIZE) + off / SECTOR_SIZE,
						n / SECTOR_SIZE, bounce, false);
			if (!err && copy_to_user(buf + done, bounce, n))
				err = -EFAULT;
		}
		if (err) {
			kfree(bounce);
			return done ? (ssize_t)done : err;
		}
		done += n;
	}
	kfree(bounce);
	if (!write && pos + (loff_t)done > inode->i_size)
		done = inode->i_size - pos;
	return done;
}
