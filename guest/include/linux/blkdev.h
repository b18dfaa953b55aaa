/*
 * Block devices (Linux's include/linux/blkdev.h, blk_types.h and
 * buffer_head.h, cut down): a gendisk is a driver's disk, read and written
 * in 512-byte sectors through requests its queue_rq function carries out,
 * one at a time (the disk's mutex guards the queue); its partitions from the
 * MBR are block_devices (hda1, hda2, ...), found by name. Between the file
 * systems and the driver sits the request queue (block/blk-core.c): a
 * task's plug collects what it submits, merging each piece into the last
 * request when they touch; unplugging hands them to the elevator
 * (block/elevator.c: "none" or "mq-deadline"), which may merge them further
 * and sorts them, and the queue is run to empty. The buffer cache keeps
 * recently used blocks of a block_device, written back when dirty at brelse
 * time (write-through).
 */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>

#define SECTOR_SIZE	512
#define DISK_MAX_PARTS	5		/* the whole disk and four primary partitions */
#define BLK_MAX_SECTORS	256		/* a request's size limit: 128 KiB (max_sectors_kb) */
#define BLK_MAX_SEGMENTS 64		/* and its memory pieces (max_segments) */
#define BLK_NR_REQUESTS	64		/* nr_requests */
#define VM_READAHEAD_KB	128		/* read_ahead_kb at boot */

struct gendisk;
struct elevator_type;

/* I/O counts of a disk or partition (Linux's struct disk_stats): reads [0], writes [1] */
struct disk_stats {
	unsigned long ios[2];		/* requests completed */
	unsigned long merges[2];	/* pieces merged into a request already queued */
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

/* A piece of memory a request moves (Linux's bio_vec, by kernel address). */
struct bio_vec {
	void *addr;
	unsigned int len;		/* a multiple of SECTOR_SIZE */
};

/* Consecutive sectors of one partition, read or written in one command. */
struct request {
	struct list_head queuelist;	/* the plug's list, then the elevator's sorted list */
	struct list_head fifo;		/* mq-deadline: by arrival */
	struct block_device *part;	/* for the counters */
	u64 sector;			/* on the disk */
	unsigned int nr_sectors;
	bool write;
	unsigned long fifo_time;	/* jiffies when it expires (mq-deadline) */
	int *error;			/* where a failure is reported */
	unsigned int nvec;
	struct bio_vec vec[BLK_MAX_SEGMENTS];
};

/* A task's plug (Linux's struct blk_plug): what it submitted, not yet queued. */
struct blk_plug {
	struct list_head list;
	unsigned int count;		/* requests on it */
	int error;			/* the first failure among them */
};

/* The elevator's queue of one disk (the part of Linux's request_queue lucix has). */
struct request_queue {
	struct mutex lock;		/* one task runs the queue at a time */
	const struct elevator_type *elevator;
	void *elevator_data;
	unsigned int ra_pages;		/* read_ahead_kb / 4 */
	unsigned int nr_requests;
	u64 last_sector;		/* where the last request ended (the head) */
	struct request sync_rq;		/* blkdev_rw's, so swap-out needs no allocation */
};

struct gendisk {
	char name[8];			/* "hda" */
	int major;
	u64 capacity;			/* sectors */
	/* Carry out one request (at most BLK_MAX_SECTORS sectors): 0 or -EIO. */
	int (*queue_rq)(struct gendisk *disk, struct request *rq);
	int (*flush)(struct gendisk *disk);	/* the write cache to the medium (may be NULL) */
	struct request_queue queue;
	struct block_device part[DISK_MAX_PARTS];
	unsigned long reads, writes;	/* sectors */
};

/* An elevator (block/elevator.c, block/mq-deadline.c). */
struct elevator_type {
	const char *name;
	int (*init)(struct request_queue *q);
	void (*exit)(struct request_queue *q);
	/* Take a request; 1 if it was merged into a queued one (and may be freed). */
	int (*insert)(struct request_queue *q, struct request *rq);
	/* The next request to carry out, taken off the queue, or NULL. */
	struct request *(*dispatch)(struct request_queue *q);
};

int add_disk(struct gendisk *disk);
struct gendisk *get_disk_nr(int i);
struct block_device *blkdev_get_by_name(const char *name);
struct block_device *blkdev_get_by_dev(u32 dev);
/* Synchronous: the request is carried out before it returns (never plugged). */
int blkdev_rw(struct block_device *bdev, u64 sector, unsigned int count, void *buf, bool write);
/* Plugged if the task has a plug (the error comes at blk_finish_plug), else synchronous. */
int blk_submit(struct block_device *bdev, u64 sector, unsigned int count, void *buf, bool write);
void blk_start_plug(struct blk_plug *plug);
int blk_finish_plug(struct blk_plug *plug);
int blkdev_issue_flush(struct block_device *bdev);
void blk_queue_init(struct request_queue *q);
/* Two requests become one if b starts where a ends (a back merge of b into a). */
bool blk_rq_merge_ok(const struct request *a, const struct request *b);
void blk_rq_merge(struct request *a, struct request *b);
/* The scheduler file: "[mq-deadline] none"; a name to switch to. */
int elv_show(struct request_queue *q, char *buf, size_t size);
int elv_switch(struct request_queue *q, const char *name);
extern const struct elevator_type elv_none, elv_mq_deadline;

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
