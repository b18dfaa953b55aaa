/*
 * The IDE disk driver (Linux's old drivers/ide, for the primary channel's
 * master): IDENTIFY DEVICE for the model and the LBA28 capacity, SET
 * MULTIPLE MODE, then READ/WRITE MULTIPLE (or SECTORS) in PIO,
 * interrupt-driven: the command is issued, the task sleeps until IRQ 14
 * says the drive has a block ready (or took one), and moves it through the
 * data port with rep insw/outsw into the request's pieces. A command that
 * ends with ERR is retried twice, then fails with -EIO and a dmesg line.
 * The disk is registered as hda (major 3) and its partitions scanned.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/completion.h>
#include <linux/blkdev.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/ioport.h>
#include <asm/io.h>

#define ATA_DATA	0x1f0
#define ATA_ERROR	0x1f1
#define ATA_NSECT	0x1f2
#define ATA_LBAL	0x1f3
#define ATA_LBAM	0x1f4
#define ATA_LBAH	0x1f5
#define ATA_DEVICE	0x1f6
#define ATA_STATUS	0x1f7
#define ATA_CMD		0x1f7
#define ATA_ALTSTATUS	0x3f6
#define ATA_DEVCTL	0x3f6

#define ST_ERR		0x01
#define ST_DRQ		0x08
#define ST_DF		0x20
#define ST_BSY		0x80

#define CMD_READ	0x20
#define CMD_WRITE	0x30
#define CMD_READ_MULTI	0xc4
#define CMD_WRITE_MULTI	0xc5
#define CMD_SET_MULTI	0xc6
#define CMD_FLUSH	0xe7
#define CMD_IDENTIFY	0xec
#define RETRIES		3

static struct completion ata_irq_done;
static struct gendisk hda = { .name = "hda", .major = 3 };
static u8 last_status;

static irqreturn_t ata_interrupt(int irq, void *dev_id)
{
	last_status = inb(ATA_STATUS);		/* reading the status acknowledges INTRQ */
	complete(&ata_irq_done);
	return IRQ_HANDLED;
}

static int wait_not_busy(void)
{
	unsigned long n;

	for (n = 0; n < 10000000; n++) {
		u8 st = inb(ATA_ALTSTATUS);

		if (!(st & ST_BSY))
			return st;
	}
	return -1;
}

static void set_lba(u64 lba, unsigned int count)
{
	outb(0xe0 | ((lba >> 24) & 0x0f), ATA_DEVICE);
	outb(count, ATA_NSECT);
	outb(lba, ATA_LBAL);
	outb(lba >> 8, ATA_LBAM);
	outb(lba >> 16, ATA_LBAH);
}

/* The data port in and out, a sector at a time (Linux's ioread16_rep, as insw/outsw). */
static void read_words(u16 *buf, int n)
{
	asm volatile("rep insw" : "+D"(buf), "+c"(n) : "d"(ATA_DATA) : "memory");
}

static void write_words(const u16 *buf, int n)
{
	asm volatile("rep outsw" : "+S"(buf), "+c"(n) : "d"(ATA_DATA));
}

/* Where a request's data goes: its pieces, walked a sector at a time. */
struct sg_cursor {
	const struct request *rq;
	unsigned int vec, off;
};

static u8 *sg_next(struct sg_cursor *c)
{
	u8 *p = (u8 *)c->rq->vec[c->vec].addr + c->off;

	c->off += SECTOR_SIZE;
	if (c->off == c->rq->vec[c->vec].len) {
		c->vec++;
		c->off = 0;
	}
	return p;
}

static void sg_move(struct sg_cursor *c, unsigned int n, bool write)
{
	while (n--) {
		if (write)
			write_words((const u16 *)sg_next(c), 256);
		else
			read_words((u16 *)sg_next(c), 256);
	}
}

static unsigned int multi_count;	/* SET MULTIPLE MODE's sectors a block; 0: off */

/*
 * One command of at most 256 sectors; 0 or -EIO. With multiple mode, READ
 * MULTIPLE and WRITE MULTIPLE move a block of multi_count sectors for each
 * interrupt (Linux's ATA_CMD_READ_MULTI), else a sector each.
 */
static int ata_do_rw(u64 lba, unsigned int count, struct sg_cursor *c, bool write)
{
	unsigned int block = multi_count ? multi_count : 1, done;
	int st;

	if (wait_not_busy() < 0)
		return -EIO;
	reinit_completion(&ata_irq_done);
	set_lba(lba, count & 0xff);		/* 0 means 256 */
	if (multi_count)
		outb(write ? CMD_WRITE_MULTI : CMD_READ_MULTI, ATA_CMD);
	else
		outb(write ? CMD_WRITE : CMD_READ, ATA_CMD);
	for (done = 0; done < count; done += block) {
		unsigned int n = min(block, count - done);

		if (write) {
			st = wait_not_busy();
			if (st < 0 || (st & (ST_ERR | ST_DF)) || !(st & ST_DRQ))
				return -EIO;
			sg_move(c, n, true);
			wait_for_completion(&ata_irq_done);
			if (last_status & (ST_ERR | ST_DF))
				return -EIO;
		} else {
			wait_for_completion(&ata_irq_done);
			if ((last_status & (ST_ERR | ST_DF)) || !(last_status & ST_DRQ))
				return -EIO;
			sg_move(c, n, false);
		}
	}
	return 0;
}

/*
 * CACHE FLUSH: the drive's write cache to the medium. Asked for by the
 * block layer at fsync, sync and umount (Linux's REQ_PREFLUSH), not after
 * every write.
 */
static int ata_flush(struct gendisk *disk)
{
	if (wait_not_busy() < 0)
		return -EIO;
	reinit_completion(&ata_irq_done);
	outb(CMD_FLUSH, ATA_CMD);
	wait_for_completion(&ata_irq_done);
	return (last_status & ST_ERR) ? -EIO : 0;
}

/* A request from the block layer (at most 256 sectors): retried, then failed with a dmesg line. */
static int ata_queue_rq(struct gendisk *disk, struct request *rq)
{
	int tries, err = -EIO;

	for (tries = 0; tries < RETRIES && err; tries++) {
		struct sg_cursor c = { rq, 0, 0 };

		err = ata_do_rw(rq->sector, rq->nr_sectors, &c, rq->write);
	}
	if (err)
		pr_err("hda: %s error, sector %llu, status %#x error %#x\n",
		       rq->write ? "write" : "read", rq->sector, last_status, inb(ATA_ERROR));
	return err;
}

/* SET MULTIPLE MODE to the drive's largest block (IDENTIFY word 47), as libata does. */
static void set_multiple(const u16 *id)
{
	unsigned int max = id[47] & 0xff;

	if (!max || (max & (max - 1)) || wait_not_busy() < 0)
		return;
	reinit_completion(&ata_irq_done);
	outb(0xe0, ATA_DEVICE);
	outb(max, ATA_NSECT);
	outb(CMD_SET_MULTI, ATA_CMD);
	if (wait_for_completion_timeout(&ata_irq_done, HZ) && !(last_status & ST_ERR))
		multi_count = max;
}

static int __init ide_init(void)
{
	u16 id[256];
	char model[41];
	int i, st;

	outb(0xa0, ATA_DEVICE);
	if (inb(ATA_STATUS) == 0 || inb(ATA_STATUS) == 0xff)
		return 0;			/* no drive */
	init_completion(&ata_irq_done);
	if (request_irq(14, ata_interrupt, 0, "ide0", NULL))
		return 0;
	request_region(ATA_DATA, 8, "ide0");
	request_region(0x3f6, 1, "ide0");
	outb(0, ATA_DEVCTL);		/* nIEN off: the BIOS may have polled with it on */
	outb(CMD_IDENTIFY, ATA_CMD);
	if (!wait_for_completion_timeout(&ata_irq_done, HZ)) {
		pr_err("hda: no interrupt for IDENTIFY (status %#x)\n", inb(ATA_STATUS));
		free_irq(14, NULL);
		return 0;
	}
	st = last_status;
	if ((st & ST_ERR) || !(st & ST_DRQ)) {
		pr_info("hda: IDENTIFY failed (status %#x)\n", st);
		free_irq(14, NULL);
		return 0;
	}
	read_words(id, 256);
	for (i = 0; i < 20; i++) {
		model[2 * i] = id[27 + i] >> 8;
		model[2 * i + 1] = id[27 + i] & 0xff;
	}
	model[40] = 0;
	for (i = 39; i >= 0 && model[i] == ' '; i--)
		model[i] = 0;
	if (!(id[49] & (1 << 9))) {
		pr_info("hda: %s: no LBA, not supported\n", model);
		return 0;
	}
	hda.capacity = id[60] | (u32)id[61] << 16;
	hda.queue_rq = ata_queue_rq;
	hda.flush = ata_flush;
	set_multiple(id);
	pr_info("hda: %s, %llu sectors (%llu MB), LBA28 PIO, multi %u, IRQ 14\n", model,
		hda.capacity, hda.capacity >> 11, multi_count);
	return add_disk(&hda);
}
device_initcall(ide_init);
