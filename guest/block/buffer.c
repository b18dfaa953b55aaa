/*
 * The buffer cache (Linux's fs/buffer.c, cut down): blocks of a block
 * device kept in memory, most recently used first, up to MAX_BUFFERS; a
 * buffer marked dirty is written at its brelse (write-through, so the disk
 * is consistent whenever no system call is running). Callers hold vfs_lock.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/blkdev.h>

#define MAX_BUFFERS	256

static LIST_HEAD(lru);
unsigned long nr_buffers;

static void free_buffer(struct buffer_head *bh)
{
	list_del(&bh->b_lru);
	kfree(bh->b_data);
	kfree(bh);
	nr_buffers--;
}

/* Drop unused buffers from the cold end until there is room. */
static void shrink(void)
{
	struct list_head *p = lru.prev, *prev;

	for (; p != &lru && nr_buffers >= MAX_BUFFERS; p = prev) {
		struct buffer_head *bh = list_entry(p, struct buffer_head, b_lru);

		prev = p->prev;
		if (!bh->b_count)
			free_buffer(bh);
	}
}

struct buffer_head *bread(struct block_device *bdev, u64 block, unsigned int size)
{
	struct buffer_head *bh;

	list_for_each_entry(bh, &lru, b_lru)
		if (bh->b_bdev == bdev && bh->b_blocknr == block && bh->b_size == size) {
			list_move(&bh->b_lru, &lru);
			bh->b_count++;
			return bh;
		}
	shrink();
	bh = kzalloc(sizeof(*bh), GFP_KERNEL);
	if (!bh)
		return NULL;
	bh->b_data = kmalloc(size, GFP_KERNEL);
	if (!bh->b_data) {
		kfree(bh);
		return NULL;
	}
	if (blkdev_rw(bdev, block * (size / SECTOR_SIZE), size / SECTOR_SIZE, bh->b_data, false)) {
		kfree(bh->b_data);
		kfree(bh);
		return NULL;
	}
	bh->b_bdev = bdev;
	bh->b_blocknr = block;
	bh->b_size = size;
	bh->b_count = 1;
	list_add(&bh->b_lru, &lru);
	nr_buffers++;
	return bh;
}

/* A block about to be filled whole (a new indirect or directory block): not read, zeroed. */
struct buffer_head *getblk_zero(struct block_device *bdev, u64 block, unsigned int size)
{
	struct buffer_head *bh;

	list_for_each_entry(bh, &lru, b_lru)
		if (bh->b_bdev == bdev && bh->b_blocknr == block && bh->b_size == size) {
			list_move(&bh->b_lru, &lru);
			bh->b_count++;
			memset(bh->b_data, 0, size);
			return bh;
		}
	shrink();
	bh = kzalloc(sizeof(*bh), GFP_KERNEL);
	if (!bh)
		return NULL;
	bh->b_data = kzalloc(size, GFP_KERNEL);
	if (!bh->b_data) {
		kfree(bh);
		return NULL;
	}
	bh->b_bdev = bdev;
	bh->b_blocknr = block;
	bh->b_size = size;
	bh->b_count = 1;
	list_add(&bh->b_lru, &lru);
	nr_buffers++;
	return bh;
}

void mark_buffer_dirty(struct buffer_head *bh)
{
	bh->b_dirty = true;
}

void brelse(struct buffer_head *bh)
{
	if (!bh)
		return;
	if (bh->b_dirty) {
		if (blkdev_rw(bh->b_bdev, bh->b_blocknr * (bh->b_size / SECTOR_SIZE),
			      bh->b_size / SECTOR_SIZE, bh->b_data, true))
			pr_err("Buffer I/O error on dev %s, logical block %llu, lost async page write\n",
			       bh->b_bdev->name, bh->b_blocknr);
		bh->b_dirty = false;
	}
	bh->b_count--;
}

/* At umount: the device's unused buffers go. */
void invalidate_bdev(struct block_device *bdev)
{
	struct buffer_head *bh, *next;

	list_for_each_entry_safe(bh, next, &lru, b_lru)
		if (bh->b_bdev == bdev && !bh->b_count)
			free_buffer(bh);
}
