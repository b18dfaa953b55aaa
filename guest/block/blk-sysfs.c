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
 * lucix has no elevator: the queue's scheduler is "none", the only one a
 * write may choose.
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
			"%8lu %8lu %8lu %8u %8lu %8u\n", s->ios[0], 0UL, s->sectors[0], s->ms[0],
			s->ios[1], 0UL, s->sectors[1], s->ms[1], 0u, s->ms[0] + s->ms[1],
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

static ssize_t q_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	static const struct { const char *name, *value; } vals[] = {
		{ "scheduler", "[none]" }, { "logical_block_size", "512" },
		{ "physical_block_size", "512" }, { "hw_sector_size", "512" },
		{ "rotational", "1" }, { "nr_requests", "1" }, { "read_ahead_kb", "0" },
		{ "max_sectors_kb", "128" },
	};
	unsigned int i;

	(void)kobj;
	for (i = 0; i < ARRAY_SIZE(vals); i++)
		if (!strcmp(attr->attr.name, vals[i].name))
			return snprintf(buf, PAGE_SIZE, "%s\n", vals[i].value);
	return -EIO;
}

static ssize_t scheduler_store(struct kobject *kobj, struct kobj_attribute *attr,
			       const char *buf, size_t count)
{
	(void)kobj;
	(void)attr;
	if (count >= 4 && !strncmp(buf, "none", 4) && (count == 4 || buf[4] == '\n'))
		return count;
	return -EINVAL;
}

#define Q_RO(NAME)	{ .attr = { .name = #NAME, .mode = 0444 }, .show = q_show }
static struct kobj_attribute q_attrs[] = {
	{ .attr = { .name = "scheduler", .mode = 0644 }, .show = q_show, .store = scheduler_store },
	Q_RO(logical_block_size), Q_RO(physical_block_size), Q_RO(hw_sector_size),
	Q_RO(rotational), Q_RO(nr_requests), Q_RO(read_ahead_kb), Q_RO(max_sectors_kb),
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
