/*
 * Block devices (Linux's include/linux/blkdev.h and buffer_head.h, cut
 * down): a gendisk is a driver's disk, read and written in 512-byte sectors
 * through its rw function, one request at a time (the disk's mutex is the
 * queue); its partitions from the MBR are block_devices (hda1, hda2, ...),
 * found by name. The buffer cache keeps recently used blocks of a
 * block_device, written back when dirty at brelse time (write-through).
 */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>

#define SECTOR_SIZE	512
#define DISK_MAX_PARTS	5		/* the whole disk and four primary partitions */

struct gendisk;

/* I/O counts of a disk or partition (Linux's struct disk_stats): reads [0], writes [1] */
struct disk_stats {
	unsigned long ios[2];		/* requests completed */
	unsigned long sectors[2];
	unsigned int ms[2];		/* time they took */
	unsigned long flushes;
};

struct block_device {
	char name[8];			/* "hda1" */
	u32 dev;			/* MKDEV(3, n) */
	u64 start, nr_sects;		/* in sectors, on the disk */
	struct gendisk *disk;
	struct disk_stats stats;
};

struct gendisk {
	char name[8];			/* "hda" */
	int major;
	u64 capacity;			/* sectors */
	int (*rw)(struct gendisk *disk, u64 sector, unsigned int count, void *buf, bool write);
	int (*flush)(struct gendisk *disk);	/* the write cache to the medium (may be NULL) */
	struct mutex queue;		/* one request at a time */
	struct block_device part[DISK_MAX_PARTS];
	unsigned long reads, writes;	/* sectors */
};

int add_disk(struct gendisk *disk);
struct gendisk *get_disk_nr(int i);
struct block_device *blkdev_get_by_name(const char *name);
int blkdev_rw(struct block_device *bdev, u64 sector, unsigned int count, void *buf, bool write);
int blkdev_issue_flush(struct block_device *bdev);

struct buffer_head {
	struct list_head b_lru;
	struct block_device *b_bdev;
	u64 b_blocknr;
	unsigned int b_size;
	int b_count;
	bool b_dirty;
	char *b_data;
};

struct buffer_head *bread(struct block_device *bdev, u64 block, unsigned int size);
struct buffer_head *getblk_zero(struct block_device *bdev, u64 block, unsigned int size);
void mark_buffer_dirty(struct buffer_head *bh);
void brelse(struct buffer_head *bh);
void invalidate_bdev(struct block_device *bdev);
extern unsigned long nr_buffers;

#endif
