/*
 * ATAPI CD-ROM detection on the secondary channel (0x170, 0x376), as
 * Linux's old ide-probe and ide-cd announce one ("hdc: ..., ATAPI CD/DVD-ROM
 * drive"): IDENTIFY PACKET DEVICE on the master and the slave, polled with
 * the channel's interrupt off (nIEN), then READ CAPACITY through a PACKET
 * command for the disc's size (an empty drive, like QEMU's default one,
 * refuses it: "no disc"). Nothing reads the disc yet; a channel without a
 * packet device prints nothing.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <asm/io.h>

#define CD_DATA		0x170
#define CD_FEATURE	0x171
#define CD_LBAM		0x174
#define CD_LBAH		0x175
#define CD_DEVICE	0x176
#define CD_STATUS	0x177
#define CD_CMD		0x177
#define CD_ALTSTATUS	0x376
#define CD_DEVCTL	0x376

#define ST_ERR		0x01
#define ST_DRQ		0x08
#define ST_BSY		0x80

/* Status once BSY is clear, or -1 after a long wait. */
static int cd_wait(void)
{
	unsigned long n;

	for (n = 0; n < 1000000; n++) {
		u8 st = inb(CD_ALTSTATUS);

		if (!(st & ST_BSY))
			return st;
	}
	return -1;
}

/* IDENTIFY PACKET DEVICE into id; 0 when a packet device answered. */
static int cd_identify(int slave, u16 *id)
{
	int i, st;

	outb(slave ? 0xb0 : 0xa0, CD_DEVICE);
	inb(CD_ALTSTATUS);
	if (!inb(CD_STATUS) && inb(CD_LBAH) != 0xeb)
		return -1;		/* nobody there */
	if (cd_wait() < 0)
		return -1;
	outb(0xa1, CD_CMD);
	inb(CD_ALTSTATUS);
	st = cd_wait();
	if (st < 0 || (st & ST_ERR) || !(st & ST_DRQ))
		return -1;
	for (i = 0; i < 256; i++)
		id[i] = inw(CD_DATA);
	return (id[0] >> 14) == 2 ? 0 : -1;	/* ATAPI */
}

/* READ CAPACITY: the number of 2048-byte sectors, or 0. */
static u32 cd_capacity(void)
{
	u8 cdb[12] = { 0x25 };
	u8 reply[8];
	int i, st;

	if (cd_wait() < 0)
		return 0;
	outb(0, CD_FEATURE);
	outb(sizeof(reply), CD_LBAM);
	outb(0, CD_LBAH);
	outb(0xa0, CD_CMD);
	inb(CD_ALTSTATUS);
	st = cd_wait();
	if (st < 0 || (st & ST_ERR) || !(st & ST_DRQ))
		return 0;
	for (i = 0; i < 12; i += 2)
		outw(cdb[i] | cdb[i + 1] << 8, CD_DATA);
	inb(CD_ALTSTATUS);
	st = cd_wait();
	if (st < 0 || (st & ST_ERR) || !(st & ST_DRQ))
		return 0;
	for (i = 0; i < 8; i += 2) {
		u16 w = inw(CD_DATA);

		reply[i] = w;
		reply[i + 1] = w >> 8;
	}
	cd_wait();
	inb(CD_STATUS);
	return ((u32)reply[0] << 24 | reply[1] << 16 | reply[2] << 8 | reply[3]) + 1;
}

static int __init atapi_init(void)
{
	static u16 id[256];
	char model[41];
	int slave, i;
	u32 sectors;

	if (inb(CD_STATUS) == 0xff)
		return 0;		/* no secondary channel */
	outb(0x02, CD_DEVCTL);		/* nIEN: this probe polls */
	for (slave = 0; slave < 2; slave++) {
		if (cd_identify(slave, id))
			continue;
		for (i = 0; i < 20; i++) {
			model[2 * i] = id[27 + i] >> 8;
			model[2 * i + 1] = id[27 + i];
		}
		for (i = 40; i > 0 && model[i - 1] == ' '; i--)
			;
		model[i] = 0;
		sectors = cd_capacity();
		if (sectors)
			pr_info("hd%c: %s, ATAPI CD/DVD-ROM drive, %u sectors of 2048 bytes\n",
				slave ? 'd' : 'c', model, sectors);
		else
			pr_info("hd%c: %s, ATAPI CD/DVD-ROM drive, no disc\n",
				slave ? 'd' : 'c', model);
	}
	return 0;
}
device_initcall(atapi_init);
