/*
 * The request queue (Linux's block/blk-core.c, blk-merge.c and the plug of
 * blk-mq.c, cut down to lucix's synchronous I/O): a piece of I/O (a run of
 * sectors at one kernel address) becomes a request, or joins one that it
 * touches. A task that plugs (blk_start_plug) keeps its pieces on its plug,
 * each merged into the last request if they are adjacent (a back or front
 * merge, as Linux's blk_attempt_plug_merge); blk_finish_plug gives them to
 * the disk's elevator, which may merge further and decides the order, and
 * runs the queue until it is empty, one request per driver command. Without
 * a plug, a piece is queued and carried out at once. A plug holding 32
 * requests is flushed early (Linux's BLK_MAX_REQUEST_COUNT).
 *
 * The counters are diskstats's: a merge is a piece joined to a request
 * already built, ios and sectors count requests as the driver finished
 * them, ms their time in jiffies.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/blkdev.h>
#include <linux/time.h>

#define BLK_MAX_REQUEST_COUNT	32

void blk_queue_init(struct request_queue *q)
{
	mutex_init(&q->lock);
	q->ra_pages = VM_READAHEAD_KB / 4;
	q->nr_requests = BLK_NR_REQUESTS;
	q->elevator = &elv_mq_deadline;	/* Linux's default for a single-queue disk */
	if (q->elevator->init(q)) {
		q->elevator = &elv_none;
		elv_none.init(q);
	}
}

static void account_merge(struct block_device *bdev, int rw)
{
	bdev->stats.merges[rw]++;
	if (bdev != &bdev->disk->part[0])
		bdev->disk->part[0].stats.merges[rw]++;
}

static void account_io(struct block_device *bdev, int rw, unsigned int sectors, unsigned int ms)
{
	struct disk_stats *s[2] = { &bdev->stats, &bdev->disk->part[0].stats };
	int i;

	for (i = 0; i < (bdev == &bdev->disk->part[0] ? 1 : 2); i++) {
		s[i]->ios[rw]++;
		s[i]->sectors[rw] += sectors;
		s[i]->ms[rw] += ms;
	}
}

static unsigned int seg_count(const struct request *a, const struct request *b)
{
	const struct bio_vec *last = &a->vec[a->nvec - 1];

	return a->nvec + b->nvec - ((char *)last->addr + last->len == b->vec[0].addr);
}

bool blk_rq_merge_ok(const struct request *a, const struct request *b)
{
	return a->part == b->part && a->write == b->write && a->error == b->error &&
	       a->sector + a->nr_sectors == b->sector &&
	       a->nr_sectors + b->nr_sectors <= BLK_MAX_SECTORS &&
	       seg_count(a, b) <= BLK_MAX_SEGMENTS;
}

/* b's sectors and memory appended to a (b is left for the caller to free). */
void blk_rq_merge(struct request *a, struct request *b)
{
	struct bio_vec *last = &a->vec[a->nvec - 1];
	unsigned int i = 0;

	if ((char *)last->addr + last->len == b->vec[0].addr) {
		last->len += b->vec[0].len;
		i = 1;
	}
	for (; i < b->nvec; i++)
		a->vec[a->nvec++] = b->vec[i];
	a->nr_sectors += b->nr_sectors;
	if (time_before(b->fifo_time, a->fifo_time))
		a->fifo_time = b->fifo_time;	/* the older deadline stays */
	account_merge(a->part, a->write);
}

static void rq_init(struct request *rq, struct block_device *bdev, u64 sector,
		    unsigned int count, void *buf, bool write, int *error)
{
	INIT_LIST_HEAD(&rq->queuelist);
	INIT_LIST_HEAD(&rq->fifo);
	rq->part = bdev;
	rq->sector = bdev->start + sector;
	rq->nr_sectors = count;
	rq->write = write;
	rq->fifo_time = jiffies;
	rq->error = error;
	rq->nvec = 1;
	rq->vec[0].addr = buf;
	rq->vec[0].len = count * SECTOR_SIZE;
}

/* Carry out what the elevator holds, in its order. Called with q->lock held. */
static void run_queue(struct gendisk *disk)
{
	struct request_queue *q = &disk->queue;
	struct request *rq;

	while ((rq = q->elevator->dispatch(q))) {
		u64 t0 = jiffies_64;
		int err = disk->queue_rq(disk, rq);

		if (err) {
			if (!*rq->error)
				*rq->error = err;
		} else {
			if (rq->write)
				disk->writes += rq->nr_sectors;
			else
				disk->reads += rq->nr_sectors;
			account_io(rq->part, rq->write, rq->nr_sectors,
				   jiffies_to_msecs((unsigned long)(jiffies_64 - t0)));
		}
		q->last_sector = rq->sector + rq->nr_sectors;
		if (rq != &q->sync_rq)
			kfree(rq);
	}
}

static void insert(struct request_queue *q, struct request *rq)
{
	if (q->elevator->insert(q, rq) && rq != &q->sync_rq)
		kfree(rq);
}

static bool in_range(struct block_device *bdev, u64 sector, unsigned int count)
{
	return count && sector < bdev->nr_sects && count <= bdev->nr_sects - sector;
}

/*
 * Synchronous: the queue's own request (the queue is empty whenever its lock
 * is free, so it is never in use), split into pieces the driver takes. No
 * allocation: reclaim writes swap and dirty pages through here.
 */
static int rw_now(struct block_device *bdev, u64 sector, unsigned int count, void *buf, bool write)
{
	struct gendisk *disk = bdev->disk;
	int err = 0;

	while (count && !err) {
		unsigned int n = min(count, (unsigned int)BLK_MAX_SECTORS);
		struct request *rq = &disk->queue.sync_rq;

		mutex_lock(&disk->queue.lock);
		rq_init(rq, bdev, sector, n, buf, write, &err);
		insert(&disk->queue, rq);
		run_queue(disk);
		mutex_unlock(&disk->queue.lock);
		sector += n;
		count -= n;
		buf = (char *)buf + n * SECTOR_SIZE;
	}
	return err;
}

int blkdev_rw(struct block_device *bdev, u64 sector, unsigned int count, void *buf, bool write)
{
	if (!in_range(bdev, sector, count))
		return -EIO;
	return rw_now(bdev, sector, count, buf, write);
}

void blk_start_plug(struct blk_plug *plug)
{
	if (current->plug)
		return;			/* nested: the outer plug collects */
	INIT_LIST_HEAD(&plug->list);
	plug->error = 0;
	plug->count = 0;
	current->plug = plug;
}

/* Hand the plug's requests to their disks' elevators and run the queues. */
static void flush_plug(struct blk_plug *plug)
{
	struct gendisk *disk;
	int i;

	for (i = 0; (disk = get_disk_nr(i)) && !list_empty(&plug->list); i++) {
		struct request *rq, *next;
		bool any = false;

		mutex_lock(&disk->queue.lock);
		list_for_each_entry_safe(rq, next, &plug->list, queuelist) {
			if (rq->part->disk != disk)
				continue;
			list_del_init(&rq->queuelist);
			insert(&disk->queue, rq);
			any = true;
		}
		if (any)
			run_queue(disk);
		mutex_unlock(&disk->queue.lock);
	}
	plug->count = 0;
}

int blk_finish_plug(struct blk_plug *plug)
{
	if (current->plug != plug)
		return 0;
	flush_plug(plug);
	current->plug = NULL;
	return plug->error;
}

/* The piece joins the plug's last request: behind it (back merge) or before it (front). */
static bool plug_merge(struct blk_plug *plug, struct block_device *bdev, u64 sector,
		       unsigned int count, void *buf, bool write)
{
	struct request *rq;
	u64 s = bdev->start + sector;

	if (list_empty(&plug->list))
		return false;
	rq = list_entry(plug->list.prev, struct request, queuelist);
	if (rq->part != bdev || rq->write != write || rq->nr_sectors + count > BLK_MAX_SECTORS)
		return false;
	if (rq->sector + rq->nr_sectors == s) {
		struct bio_vec *last = &rq->vec[rq->nvec - 1];

		if ((char *)last->addr + last->len == buf)
			last->len += count * SECTOR_SIZE;
		else if (rq->nvec < BLK_MAX_SEGMENTS)
			rq->vec[rq->nvec++] = (struct bio_vec){ buf, count * SECTOR_SIZE };
		else
			return false;
	} else if (s + count == rq->sector) {
		if ((char *)buf + count * SECTOR_SIZE == rq->vec[0].addr) {
			rq->vec[0].addr = buf;
			rq->vec[0].len += count * SECTOR_SIZE;
		} else if (rq->nvec < BLK_MAX_SEGMENTS) {
			memmove(&rq->vec[1], &rq->vec[0], rq->nvec * sizeof(rq->vec[0]));
			rq->vec[0] = (struct bio_vec){ buf, count * SECTOR_SIZE };
			rq->nvec++;
		} else {
			return false;
		}
		rq->sector = s;
	} else {
		return false;
	}
	rq->nr_sectors += count;
	account_merge(bdev, write);
	return true;
}

int blk_submit(struct block_device *bdev, u64 sector, unsigned int count, void *buf, bool write)
{
	struct blk_plug *plug = current->plug;
	struct request *rq;

	if (!in_range(bdev, sector, count))
		return -EIO;
	if (!plug || count > BLK_MAX_SECTORS)
		return rw_now(bdev, sector, count, buf, write);
	if (plug_merge(plug, bdev, sector, count, buf, write))
		return 0;
	rq = kmalloc(sizeof(*rq), GFP_KERNEL);
	if (!rq)
		return rw_now(bdev, sector, count, buf, write);
	rq_init(rq, bdev, sector, count, buf, write, &plug->error);
	list_add_tail(&rq->queuelist, &plug->list);
	if (++plug->count >= BLK_MAX_REQUEST_COUNT)
		flush_plug(plug);
	return 0;
}

/* Make the writes done so far durable (fsync, sync, umount). */
int blkdev_issue_flush(struct block_device *bdev)
{
	struct gendisk *disk = bdev->disk;
	int err;

	if (!disk->flush)
		return 0;
	mutex_lock(&disk->queue.lock);
	bdev->stats.flushes++;
	err = disk->flush(disk);
	mutex_unlock(&disk->queue.lock);
	return err;
}
