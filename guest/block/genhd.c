/*
 * Disks and partitions (Linux's block/genhd.c and block/partitions/msdos.c):
 * a disk registers, its MBR's four primary entries become hda1..hda4, each
 * gets a /dev node (block major 3, as Linux's IDE hda). Requests go through
 * blk-core.c.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/devtmpfs.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/blkdev.h>
#include <linux/time.h>

static struct gendisk *disks[4];

/* The i-th registered disk or NULL (/proc/partitions). */
struct gendisk *get_disk_nr(int i)
{
	return i >= 0 && i < 4 ? disks[i] : NULL;
}

struct block_device *blkdev_get_by_name(const char *name)
{
	int i, p;

	if (!strncmp(name, "/dev/", 5))
		name += 5;
	for (i = 0; i < 4; i++)
		for (p = 0; disks[i] && p < DISK_MAX_PARTS; p++)
			if (disks[i]->part[p].nr_sects && !strcmp(disks[i]->part[p].name, name))
				return &disks[i]->part[p];
	return NULL;
}

struct block_device *blkdev_get_by_dev(u32 dev)
{
	int i, p;

	for (i = 0; i < 4; i++)
		for (p = 0; disks[i] && p < DISK_MAX_PARTS; p++)
			if (disks[i]->part[p].nr_sects && disks[i]->part[p].dev == dev)
				return &disks[i]->part[p];
	return NULL;
}

/* The MBR's primary partitions (type 0 is unused; extended ones are not followed). */
static void scan_partitions(struct gendisk *disk)
{
	u8 *mbr = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	char line[64];
	int i, n = 0;

	if (!mbr)
		return;
	if (blkdev_rw(&disk->part[0], 0, 1, mbr, false) || mbr[510] != 0x55 || mbr[511] != 0xaa) {
		pr_info(" %s: no partition table\n", disk->name);
		kfree(mbr);
		return;
	}
	line[0] = 0;
	for (i = 0; i < 4; i++) {
		const u8 *e = mbr + 446 + 16 * i;
		u32 start = e[8] | e[9] << 8 | e[10] << 16 | (u32)e[11] << 24;
		u32 size = e[12] | e[13] << 8 | e[14] << 16 | (u32)e[15] << 24;
		struct block_device *b = &disk->part[i + 1];

		if (!e[4] || !size || start >= disk->capacity || size > disk->capacity - start)
			continue;
		snprintf(b->name, sizeof(b->name), "%s%d", disk->name, i + 1);
		b->dev = MKDEV(disk->major, i + 1);
		b->start = start;
		b->nr_sects = size;
		b->disk = disk;
		n += snprintf(line + n, sizeof(line) - n, " %s", b->name);
	}
	pr_info(" %s:%s\n", disk->name, line);
	kfree(mbr);
}

int add_disk(struct gendisk *disk)
{
	int i, slot;

	for (slot = 0; slot < 4 && disks[slot]; slot++)
		;
	if (slot == 4)
		return -ENOSPC;
	blk_queue_init(&disk->queue);
	strlcpy(disk->part[0].name, disk->name, sizeof(disk->part[0].name));
	disk->part[0].dev = MKDEV(disk->major, 0);
	disk->part[0].nr_sects = disk->capacity;
	disk->part[0].disk = disk;
	disks[slot] = disk;
	scan_partitions(disk);
	for (i = 0; i < DISK_MAX_PARTS; i++) {
		if (!disk->part[i].nr_sects)
			continue;
		devtmpfs_create_node(disk->part[i].name, S_IFBLK | 0660, disk->part[i].dev);
	}
	return 0;
}
