/*
 * /sys/block (Linux's block/genhd.c, partitions/core.c and blk-sysfs.c
 * attributes): each disk is a device in class "block" under its controller,
 * /sys/devices/platform/ide0/0.0/block/hda (the old IDE driver's interface
 * ide0, drive 0.0), with /sys/block/hda linking to it, and each partition a
 * device in its directory (hda/hda1). A disk has dev, size, stat,
 * removable, ro, range, inflight and queue/ (the request queue: scheduler,
 * block sizes, rotational, nr_requests, read_ahead_kb, max_sectors_kb); a
 * partition has dev, size, start, stat, partition, ro and inflight. stat is
 * diskstats's 17 counters for that device.
 *
 * queue/scheduler lists the elevators as Linux does ("[mq-deadline] none")
 * and a write switches; read_ahead_kb sets the disk's readahead window
 * (mm/readahead.c), as blockdev --setra does in sectors.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/blkdev.h>
#include <linux/device.h>

static struct attribute a_size = { .name = "size", .mode = 0444 };
static struct attribute a_stat = { .name = "stat", .mode = 0444 };
static struct attribute a_removable = { .name = "removable", .mode = 0444 };
static struct attribute a_ro = { .name = "ro", .mode = 0444 };
static struct attribute a_range = { .name = "range", .mode = 0444 };
static struct attribute a_inflight = { .name = "inflight", .mode = 0444 };
static struct attribute a_start = { .name = "start", .mode = 0444 };
static struct attribute a_partition = { .name = "partition", .mode = 0444 };

static ssize_t stat_show(const struct disk_stats *s, char *buf)
{
	return snprintf(buf, PAGE_SIZE, "%8lu %8lu %8lu %8u %8lu %8lu %8lu %8u %8u %8u %8u "
			"%8lu %8lu %8lu %8u %8lu %8u\n", s->ios[0], s->merges[0], s->sectors[0], s->ms[0],
			s->ios[1], s->merges[1], s->sectors[1], s->ms[1], 0u, s->ms[0] + s->ms[1],
			s->ms[0] + s->ms[1], 0UL, 0UL, 0UL, 0u, s->flushes, 0u);
}

static ssize_t bdev_attr_show(struct device *d, struct attribute *attr, char *buf)
{
	struct block_device *b = d->driver_data;

	if (attr == &a_size)
		return snprintf(buf, PAGE_SIZE, "%llu\n", (unsigned long long)b->nr_sects);
	if (attr == &a_stat)
		return stat_show(&b->stats, buf);
	if (attr == &a_removable || attr == &a_ro)
		return snprintf(buf, PAGE_SIZE, "0\n");
	if (attr == &a_range)
		return snprintf(buf, PAGE_SIZE, "%d\n", 64);	/* old IDE: 64 minors a disk */
	if (attr == &a_inflight)
		return snprintf(buf, PAGE_SIZE, "%8u %8u\n", 0u, 0u);
	if (attr == &a_start)
		return snprintf(buf, PAGE_SIZE, "%llu\n", (unsigned long long)b->start);
	if (attr == &a_partition)
		return snprintf(buf, PAGE_SIZE, "%u\n", MINOR(b->dev) - MINOR(b->disk->part[0].dev));
	return -EIO;
}

/* ---- queue/ ---- */

/* queue/ is a directory of the disk's device: its disk through the device's block_device. */
static struct request_queue *kobj_queue(struct kobject *kobj)
{
	struct device *d = container_of(kobj->parent, struct device, kobj);
	struct block_device *b = d->driver_data;

	return &b->disk->queue;
}

static ssize_t q_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	static const struct { const char *name, *value; } vals[] = {
		{ "logical_block_size", "512" }, { "physical_block_size", "512" },
		{ "hw_sector_size", "512" }, { "rotational", "1" }, { "max_segments", "64" },
		{ "max_sectors_kb", "128" }, { "max_hw_sectors_kb", "128" },
	};
	struct request_queue *q = kobj_queue(kobj);
	const char *name = attr->attr.name;
	unsigned int i;

	if (!strcmp(name, "scheduler"))
		return elv_show(q, buf, PAGE_SIZE);
	if (!strcmp(name, "read_ahead_kb"))
		return snprintf(buf, PAGE_SIZE, "%u\n", q->ra_pages * 4);
	if (!strcmp(name, "nr_requests"))
		return snprintf(buf, PAGE_SIZE, "%u\n", q->nr_requests);
	for (i = 0; i < ARRAY_SIZE(vals); i++)
		if (!strcmp(name, vals[i].name))
			return snprintf(buf, PAGE_SIZE, "%s\n", vals[i].value);
	return -EIO;
}

static ssize_t scheduler_store(struct kobject *kobj, struct kobj_attribute *attr,
			       const char *buf, size_t count)
{
	char name[16];
	size_t n = count;
	int err;

	(void)attr;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	if (!n || n >= sizeof(name))
		return -EINVAL;
	memcpy(name, buf, n);
	name[n] = 0;
	err = elv_switch(kobj_queue(kobj), name);
	return err ? err : (ssize_t)count;
}

static ssize_t ra_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			size_t count)
{
	unsigned long kb = 0;
	size_t i;

	(void)attr;
	for (i = 0; i < count && buf[i] >= '0' && buf[i] <= '9'; i++)
		kb = kb * 10 + (buf[i] - '0');
	if (!i || (i < count && buf[i] != '\n') || kb > 65536)
		return -EINVAL;
	kobj_queue(kobj)->ra_pages = kb / 4;
	return count;
}

#define Q_RO(NAME)	{ .attr = { .name = #NAME, .mode = 0444 }, .show = q_show }
static struct kobj_attribute q_attrs[] = {
	{ .attr = { .name = "scheduler", .mode = 0644 }, .show = q_show, .store = scheduler_store },
	{ .attr = { .name = "read_ahead_kb", .mode = 0644 }, .show = q_show, .store = ra_store },
	Q_RO(logical_block_size), Q_RO(physical_block_size), Q_RO(hw_sector_size),
	Q_RO(rotational), Q_RO(nr_requests), Q_RO(max_sectors_kb), Q_RO(max_hw_sectors_kb),
	Q_RO(max_segments),
};

static void add_attrs(struct device *d, struct attribute *const *attrs, int n)
{
	int i;

	d->attr_show = bdev_attr_show;
	for (i = 0; i < n; i++)
		sysfs_create_file(&d->kobj, attrs[i]);
}

static void disk_sysfs_add(struct gendisk *disk, int nr)
{
	static struct attribute *const disk_attrs[] = {
		&a_size, &a_stat, &a_removable, &a_ro, &a_range, &a_inflight,
	};
	static struct attribute *const part_attrs[] = {
		&a_size, &a_stat, &a_start, &a_partition, &a_ro, &a_inflight,
	};
	struct device *ide, *drive, *d, *p;
	struct kobject *q;
	char name[8];
	unsigned int i;

	snprintf(name, sizeof(name), "ide%d", nr);
	ide = platform_device_register_simple(name);
	drive = ide ? device_create_in(&ide->kobj, NULL, 0, "0.0") : NULL;
	d = drive ? device_create("block", drive, disk->part[0].dev, disk->name) : NULL;
	if (!d)
		return;
	d->devtype = "disk";
	d->driver_data = &disk->part[0];
	add_attrs(d, disk_attrs, ARRAY_SIZE(disk_attrs));
	if (block_kset)
		sysfs_create_link(&block_kset->kobj, &d->kobj, disk->name);
	q = device_subdir(&d->kobj, "queue");
	for (i = 0; q && i < ARRAY_SIZE(q_attrs); i++)
		sysfs_create_file(q, &q_attrs[i].attr);
	for (i = 1; i < DISK_MAX_PARTS; i++) {
		if (!disk->part[i].nr_sects)
			continue;
		p = device_create_in(&d->kobj, "block", disk->part[i].dev, disk->part[i].name);
		if (!p)
			continue;
		p->devtype = "partition";
		p->driver_data = &disk->part[i];
		add_attrs(p, part_attrs, ARRAY_SIZE(part_attrs));
	}
}

static int __init blk_sysfs_init(void)
{
	struct gendisk *disk;
	int i;

	for (i = 0; (disk = get_disk_nr(i)); i++)
		disk_sysfs_add(disk, i);
	return 0;
}
late_initcall(blk_sysfs_init);
