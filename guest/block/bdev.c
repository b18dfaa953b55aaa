/*
 * Opening a block device node (Linux's block/fops.c and block/ioctl.c, the
 * part blockdev(8) needs): the node's dev_t names a disk or partition, and
 * its ioctls answer the size (BLKGETSIZE, BLKGETSIZE64), the sector and
 * block sizes (BLKSSZGET, BLKBSZGET, BLKPBSZGET), read-only (BLKROGET) and
 * the readahead window in 512-byte sectors (BLKRAGET, BLKFRAGET, BLKRASET,
 * BLKFRASET: the disk's read_ahead_kb, as on Linux where a partition shares
 * its disk's queue). BLKFLSBUF writes the disk's cache (a flush). The
 * device's data cannot be read or written through the node (EINVAL).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/blkdev.h>

#define BLKROGET	0x125e
#define BLKGETSIZE	0x1260
#define BLKFLSBUF	0x1261
#define BLKRASET	0x1262
#define BLKRAGET	0x1263
#define BLKFRASET	0x1264
#define BLKFRAGET	0x1265
#define BLKSSZGET	0x1268
#define BLKBSZGET	0x80041270
#define BLKGETSIZE64	0x80041272
#define BLKPBSZGET	0x127b

static long blkdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct block_device *b = f->private_data;
	struct request_queue *q = &b->disk->queue;

	switch (cmd) {
	case BLKGETSIZE:
		return put_user((unsigned long)b->nr_sects, (unsigned long __user *)arg);
	case BLKGETSIZE64: {
		u64 bytes = b->nr_sects * SECTOR_SIZE;

		return copy_to_user((void __user *)arg, &bytes, sizeof(bytes)) ? -EFAULT : 0;
	}
	case BLKSSZGET:
	case BLKPBSZGET:
		return put_user(SECTOR_SIZE, (int __user *)arg);
	case BLKBSZGET:
		return put_user(4096, (int __user *)arg);
	case BLKROGET:
		return put_user(0, (int __user *)arg);
	case BLKRAGET:
	case BLKFRAGET:
		return put_user((long)q->ra_pages * (PAGE_SIZE / SECTOR_SIZE), (long __user *)arg);
	case BLKRASET:
	case BLKFRASET:
		if ((long)arg < 0)
			return -EINVAL;
		q->ra_pages = arg / (PAGE_SIZE / SECTOR_SIZE);
		return 0;
	case BLKFLSBUF:
		return blkdev_issue_flush(b);
	}
	return -ENOTTY;
}

static const struct file_operations blkdev_fops = {
	.ioctl = blkdev_ioctl,
};

int blkdev_open(struct inode *inode, struct file *f)
{
	struct block_device *b = blkdev_get_by_dev(inode->i_rdev);

	if (!b)
		return -ENXIO;
	f->private_data = b;
	f->f_op = &blkdev_fops;
	return 0;
}
