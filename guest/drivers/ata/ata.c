/*
 * The IDE disk driver (Linux's old drivers/ide, for the primary channel's
 * master): IDENTIFY DEVICE for the model and the LBA28 capacity, then
 * READ SECTORS / WRITE SECTORS in PIO, interrupt-driven: the command is
 * issued, the task sleeps until IRQ 14 says the drive has a sector ready
 * (or took one), and moves 256 words through the data port. A command that
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

static void read_words(u16 *buf, int n)
{
	while (n--)
		*buf++ = inw(ATA_DATA);
}

static void write_words(const u16 *buf, int n)
{
	while (n--)
		outw(*buf++, ATA_DATA);
}

/* One command of at most 255 sectors; 0 or -EIO. */
static int ata_do_rw(u64 lba, unsigned int count, u8 *buf, bool write)
{
	unsigned int i;
	int st;

	if (wait_not_busy() < 0)
		return -EIO;
	reinit_completion(&ata_irq_done);
	set_lba(lba, count);
	outb(write ? CMD_WRITE : CMD_READ, ATA_CMD);
	for (i = 0; i < count; i++, buf += SECTOR_SIZE) {
		if (write) {
			st = wait_not_busy();
			if (st < 0 || (st & (ST_ERR | ST_DF)) || !(st & ST_DRQ))
				return -EIO;
			write_words((const u16 *)buf, 256);
			wait_for_completion(&ata_irq_done);
			if (last_status & (ST_ERR | ST_DF))
				return -EIO;
		} else {
			wait_for_completion(&ata_irq_done);
			if ((last_status & (ST_ERR | ST_DF)) || !(last_status & ST_DRQ))
				return -EIO;
			read_words((u16 *)buf, 256);
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

static int ata_rw(struct gendisk *disk, u64 sector, unsigned int count, void *buf, bool write)
{
	while (count) {
		unsigned int n = min(count, 255U);
		int tries, err = -EIO;

		for (tries = 0; tries < RETRIES && err; tries++)
			err = ata_do_rw(sector, n, buf, write);
		if (err) {
			pr_err("hda: %s error, sector %llu, status %#x error %#x\n",
			       write ? "write" : "read", sector, last_status, inb(ATA_ERROR));
			return err;
		}
		sector += n;
		count -= n;
		buf = (u8 *)buf + n * SECTOR_SIZE;
	}
	return 0;
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
	hda.rw = ata_rw;
	hda.flush = ata_flush;
	pr_info("hda: %s, %llu sectors (%llu MB), LBA28 PIO, IRQ 14\n", model, hda.capacity,
		hda.capacity >> 11);
	return add_disk(&hda);
}
device_initcall(ide_init);
