/*
 * The elevators (Linux's block/elevator.c, block/mq-deadline.c and blk-mq's
 * "none"), chosen per disk through /sys/block/hda/queue/scheduler:
 *
 *  - none: requests go to the driver in the order they came, merged only
 *    on the plug (blk-core.c);
 *  - mq-deadline (the default, as on Linux for a single-queue disk): reads
 *    and writes are kept sorted by sector and in arrival order. A request
 *    whose start is another's end is merged into it when inserted (Linux's
 *    elv_attempt_insert_merge). Dispatch goes up the disk in sector order,
 *    in batches of fifo_batch (16) requests of one direction; a new batch
 *    prefers reads unless writes have been passed over writes_starved (2)
 *    times, and starts from the oldest request when that one's deadline
 *    (read_expire 500 ms, write_expire 5 s) has passed, or when the last
 *    batch reached the top of the disk.
 *
 * lucix's I/O is synchronous: the queue holds what one task unplugged, and
 * it runs to empty before the next task queues anything.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/blkdev.h>
#include <linux/time.h>

/* ---- none ---- */

static int none_init(struct request_queue *q)
{
	struct list_head *l = kmalloc(sizeof(*l), GFP_KERNEL);

	if (!l)
		return -ENOMEM;
	INIT_LIST_HEAD(l);
	q->elevator_data = l;
	return 0;
}

static void none_exit(struct request_queue *q)
{
	kfree(q->elevator_data);
	q->elevator_data = NULL;
}

static int none_insert(struct request_queue *q, struct request *rq)
{
	list_add_tail(&rq->queuelist, (struct list_head *)q->elevator_data);
	return 0;
}

static struct request *none_dispatch(struct request_queue *q)
{
	struct list_head *l = q->elevator_data;
	struct request *rq;

	if (list_empty(l))
		return NULL;
	rq = list_entry(l->next, struct request, queuelist);
	list_del_init(&rq->queuelist);
	return rq;
}

const struct elevator_type elv_none = {
	.name = "none", .init = none_init, .exit = none_exit,
	.insert = none_insert, .dispatch = none_dispatch,
};

/* ---- mq-deadline ---- */

struct deadline_data {
	struct list_head sort[2];	/* by sector; [0] reads, [1] writes */
	struct list_head fifo[2];	/* by arrival */
	struct request *next_rq[2];	/* where the running batch goes on */
	unsigned int batching;		/* requests dispatched in this batch */
	unsigned int starved;		/* read batches since the last write batch */
	unsigned int fifo_expire[2];	/* ms */
	unsigned int fifo_batch, writes_starved;
};

static int dd_init(struct request_queue *q)
{
	struct deadline_data *dd = kzalloc(sizeof(*dd), GFP_KERNEL);
	int i;

	if (!dd)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		INIT_LIST_HEAD(&dd->sort[i]);
		INIT_LIST_HEAD(&dd->fifo[i]);
	}
	dd->fifo_expire[0] = 500;
	dd->fifo_expire[1] = 5000;
	dd->fifo_batch = 16;
	dd->writes_starved = 2;
	q->elevator_data = dd;
	return 0;
}

static void dd_exit(struct request_queue *q)
{
	kfree(q->elevator_data);
	q->elevator_data = NULL;
}

static int dd_insert(struct request_queue *q, struct request *rq)
{
	struct deadline_data *dd = q->elevator_data;
	int dir = rq->write;
	struct request *pos;

	rq->fifo_time = jiffies + msecs_to_jiffies(dd->fifo_expire[dir]);
	list_for_each_entry(pos, &dd->sort[dir], queuelist)
		if (blk_rq_merge_ok(pos, rq)) {
			blk_rq_merge(pos, rq);	/* keeps the earlier deadline */
			return 1;
		}
	list_for_each_entry(pos, &dd->sort[dir], queuelist)
		if (pos->sector > rq->sector)
			break;
	list_add_tail(&rq->queuelist, &pos->queuelist);	/* before pos: sorted */
	list_add_tail(&rq->fifo, &dd->fifo[dir]);
	return 0;
}

static bool fifo_expired(struct deadline_data *dd, int dir)
{
	struct request *rq = list_entry(dd->fifo[dir].next, struct request, fifo);

	return !list_empty(&dd->fifo[dir]) && time_after_eq(jiffies, rq->fifo_time);
}

static struct request *dd_dispatch(struct request_queue *q)
{
	struct deadline_data *dd = q->elevator_data;
	bool reads = !list_empty(&dd->fifo[0]), writes = !list_empty(&dd->fifo[1]);
	struct request *rq = dd->next_rq[1] ? dd->next_rq[1] : dd->next_rq[0];
	int dir;

	if (!(rq && dd->batching < dd->fifo_batch)) {
		if (reads && !(writes && dd->starved++ >= dd->writes_starved)) {
			dir = 0;
		} else if (writes) {
			dd->starved = 0;
			dir = 1;
		} else {
			return NULL;
		}
		if (fifo_expired(dd, dir) || !dd->next_rq[dir])
			rq = list_entry(dd->fifo[dir].next, struct request, fifo);
		else
			rq = dd->next_rq[dir];
		dd->batching = 0;
	}
	dd->batching++;
	dir = rq->write;
	dd->next_rq[0] = dd->next_rq[1] = NULL;
	if (rq->queuelist.next != &dd->sort[dir])
		dd->next_rq[dir] = list_entry(rq->queuelist.next, struct request, queuelist);
	list_del_init(&rq->queuelist);
	list_del_init(&rq->fifo);
	return rq;
}

const struct elevator_type elv_mq_deadline = {
	.name = "mq-deadline", .init = dd_init, .exit = dd_exit,
	.insert = dd_insert, .dispatch = dd_dispatch,
};

/* ---- the scheduler file ---- */

static const struct elevator_type *const elevators[] = { &elv_mq_deadline, &elv_none };

/*
 * Linux's format (elv_iosched_show): "[none] " first when no elevator is
 * chosen, then each elevator followed by a space, the chosen one in
 * brackets, then "none" when an elevator is chosen; a newline.
 */
int elv_show(struct request_queue *q, char *buf, size_t size)
{
	bool none = q->elevator == &elv_none;
	int n = none ? snprintf(buf, size, "[none] ") : 0;

	n += snprintf(buf + n, size - n, none ? "%s " : "[%s] ", elv_mq_deadline.name);
	if (!none)
		n += snprintf(buf + n, size - n, "none");
	n += snprintf(buf + n, size - n, "\n");
	return n;
}

int elv_switch(struct request_queue *q, const char *name)
{
	const struct elevator_type *e = NULL;
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(elevators); i++)
		if (!strcmp(name, elevators[i]->name))
			e = elevators[i];
	if (!e)
		return -EINVAL;
	mutex_lock(&q->lock);		/* the queue is empty between runs */
	if (e != q->elevator) {
		q->elevator->exit(q);
		err = e->init(q);
		if (err)
			q->elevator->init(q);
		else
			q->elevator = e;
	}
	mutex_unlock(&q->lock);
	return err;
}
