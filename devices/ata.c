/*
 * ATA IDE: the primary and secondary channels, each with a master and a
 * slave disk, PIO. Follows ATA/ATAPI-6
 * (T13/1410D): the command block registers at 0x1F0-0x1F7 (section 7), the
 * control block at 0x3F6 (alternate status / device control with nIEN, SRST
 * and HOB), IDENTIFY DEVICE (8.15), the PIO data-in and data-out protocols
 * (9.5, 9.6) with their interrupt points, and 48-bit addressing where each
 * of the LBA and count registers is a two-deep FIFO read back with HOB.
 *
 * A command does its work after ATA_CMD_DELAY_NS of virtual time (a timer),
 * so the guest sees BSY, then DRQ and the interrupt, as on a real drive.
 *
 * Both devices of a channel see every write to the command block and to
 * device control (each keeps its own copy of the registers); DEV (bit 4 of
 * the device register) says which one answers reads, the data port and
 * commands. An absent device 1 reads status (and alternate status) 0, with
 * device 0 answering the other registers, as ATA/ATAPI-6 has device 0 do for
 * a missing device 1 (QEMU's absent device gives status 0 too, and the
 * registers Linux's probe writes read back from either). A channel without
 * devices reads 0 everywhere, as on QEMU.
 * SRST resets both devices of the channel, each with its signature. The
 * channel's INTRQ is the OR of its devices' (QEMU's bus-level interrupt).
 *
 * A position may hold an ATAPI CD-ROM instead of a disk (ATA/ATAPI-6 9.10
 * and 8.16/8.21): its signature after reset is 01h/01h/14h/EBh with status
 * 0 (DRDY clear), IDENTIFY DEVICE and READ SECTORS abort with that
 * signature, IDENTIFY PACKET DEVICE describes it, and PACKET (A0h) takes a
 * 12-byte command through the data port (interrupt reason CoD), runs it
 * (devices/atapi.c) and returns its data in DRQ blocks no longer than the
 * byte count limit the host wrote to the cylinder registers, each with an
 * interrupt and its length in those registers (reason IO), then completes
 * with reason IO|CoD; a CHECK CONDITION ends with ERR and the sense key in
 * the error register's high nibble. PIO only (no overlap, no DMA).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/ata.h"
#include "devices/atapi.h"
#include "emu/lib/log.h"

enum {
	ST_ERR = 0x01, ST_DRQ = 0x08, ST_DSC = 0x10, ST_DF = 0x20, ST_DRDY = 0x40, ST_BSY = 0x80,
	ER_ABRT = 0x04, ER_IDNF = 0x10,
	DC_NIEN = 0x02, DC_SRST = 0x04, DC_HOB = 0x80,
	DEV_LBA = 0x40, DEV_SLAVE = 0x10,
};

/* X_PACKET: the 12 command bytes are coming; X_PACKET_RUN: the command is
 * running; X_ATAPI_IN: its data go out in blocks (pos..len of buf, the
 * reply ending at the atapi state's end). */
enum xfer { X_NONE, X_READ, X_WRITE, X_IDENTIFY, X_PACKET, X_PACKET_RUN, X_ATAPI_IN };

/* ATAPI interrupt reason (the sector count register): CoD, IO. */
enum { IR_COD = 0x01, IR_IO = 0x02 };

struct ata_state {
	u8 feature, error, status, devctl, dev;
	u8 count[2], lbal[2], lbam[2], lbah[2];	/* [0] current, [1] previous (HOB) */
	u8 cmd;
	u8 xfer;		/* enum xfer: what the data port does */
	bool lba48;		/* the running command uses 48-bit addressing */
	bool irq_pending;	/* INTRQ asserted (cleared by reading status) */
	u8 pad;
	u64 lba;		/* next sector of the running command */
	u32 remaining;		/* sectors left in the running command */
	u32 block;		/* sectors in the current DRQ block */
	u32 pos, len;		/* byte position / length in buf of the current block */
	u16 mult;		/* SET MULTIPLE MODE block size, 0 = disabled */
	u16 heads, spt;		/* current CHS translation (INITIALIZE DEVICE PARAMETERS) */
	u64 deadline;		/* timer deadline when active, else CLOCK_NEVER */
	u8 buf[256 * 512];	/* the DRQ block */
};

struct channel;

/* One device position on a channel; disk NULL means nobody is there. */
struct drive {
	struct channel *ch;
	struct clock *clock;
	struct disk *disk;
	struct timer timer;
	u16 cyls, def_heads, def_spt;	/* default geometry, from the image size */
	bool cd;			/* an ATAPI CD-ROM (the disk is its medium) */
	struct ata_state s;
	struct atapi_state at;		/* the CD-ROM's own state */
};

struct channel {
	struct irq_line *irq;
	struct drive d[2];		/* master, slave */
	bool claimed;			/* its ports are on the bus */
};

struct ata {
	struct device dev;
	struct bus *bus;
	struct clock *clock;
	struct channel ch[2];		/* primary, secondary */
};

#define MAX_MULT 16

/* INTRQ of the channel: any of its devices with an interrupt pending and nIEN clear. */
static void update_irq(struct drive *a)
{
	struct channel *ch = a->ch;
	bool level = false;
	if (!ch->irq)
		return;			/* unwired (unit tests) or left out (ata_create) */
	for (int i = 0; i < 2; i++)
		level |= ch->d[i].disk && ch->d[i].s.irq_pending &&
			 !(ch->d[i].s.devctl & DC_NIEN);
	irq_set(ch->irq, level);
}

static void raise_irq(struct drive *a)
{
	a->s.irq_pending = true;
	update_irq(a);
}

static void schedule(struct drive *a)
{
	a->s.status = (a->s.status | ST_BSY) & ~ST_DRQ;
	a->s.deadline = a->clock->icount + clock_ns_to_icount(a->clock, ATA_CMD_DELAY_NS);
	timer_mod(a->clock, &a->timer, a->s.deadline);
}

/* End the command with an error (status ERR, error register err) and an interrupt. */
static void fail(struct drive *a, u8 err)
{
	a->s.error = err;
	a->s.status = ST_DRDY | ST_DSC | ST_ERR;
	a->s.xfer = X_NONE;
	raise_irq(a);
}

static void done(struct drive *a)
{
	a->s.error = 0;
	a->s.status = ST_DRDY | ST_DSC;
	a->s.xfer = X_NONE;
	raise_irq(a);
}

/* Put an ASCII string into IDENTIFY words, two characters per word, first char high. */
static void id_string(u8 *id, int word, int nwords, const char *str)
{
	size_t n = strlen(str);
	for (int i = 0; i < nwords * 2; i++) {
		u8 c = i < (int)n ? (u8)str[i] : ' ';
		id[word * 2 + (i ^ 1)] = c;
	}
}

static void identify(struct drive *a)
{
	u8 *id = a->s.buf;
	u64 total = disk_sectors(a->disk);
	u32 lba28 = total > 0x0FFFFFFF ? 0x0FFFFFFF : (u32)total;
	u32 chs = (u32)a->s.heads * a->s.spt * a->cyls;
	memset(id, 0, 512);
	st16(id + 0 * 2, 0x0040);		/* fixed, not removable */
	st16(id + 1 * 2, a->cyls);
	st16(id + 3 * 2, a->def_heads);
	st16(id + 6 * 2, a->def_spt);
	id_string(id, 10, 10, "LUCID0000000001");
	id_string(id, 23, 4, "1.0");
	id_string(id, 27, 20, "LUCID386 HARDDISK");
	st16(id + 47 * 2, 0x8000 | MAX_MULT);
	st16(id + 48 * 2, 0x0001);		/* 32-bit PIO allowed */
	st16(id + 49 * 2, 0x0200);		/* LBA supported */
	st16(id + 50 * 2, 0x4000);
	st16(id + 51 * 2, 0x0200);		/* PIO timing mode 2 */
	st16(id + 53 * 2, 0x0003);		/* words 54-58 and 64-70 valid */
	st16(id + 54 * 2, a->cyls);
	st16(id + 55 * 2, a->s.heads);
	st16(id + 56 * 2, a->s.spt);
	st16(id + 57 * 2, chs & 0xFFFF);
	st16(id + 58 * 2, chs >> 16);
	st16(id + 59 * 2, a->s.mult ? 0x100 | a->s.mult : 0);
	st16(id + 60 * 2, lba28 & 0xFFFF);
	st16(id + 61 * 2, lba28 >> 16);
	st16(id + 64 * 2, 0x0003);		/* PIO modes 3 and 4 */
	st16(id + 67 * 2, 120);
	st16(id + 68 * 2, 120);
	st16(id + 80 * 2, 0x007E);		/* ATA-1 .. ATA-6 */
	st16(id + 82 * 2, 0x4000);		/* NOP */
	st16(id + 83 * 2, 0x7400);		/* FLUSH CACHE (EXT), 48-bit */
	st16(id + 84 * 2, 0x4000);
	st16(id + 85 * 2, 0x4000);
	st16(id + 86 * 2, 0x3400);
	st16(id + 87 * 2, 0x4000);
	for (int i = 0; i < 4; i++)
		st16(id + (100 + i) * 2, (u16)(total >> (16 * i)));
	/* Word 255: signature 0xA5 and a checksum making the 512 bytes sum to 0. */
	id[510] = 0xA5;
	u8 sum = 0;
	for (int i = 0; i < 511; i++)
		sum += id[i];
	id[511] = (u8)-sum;
}

/* IDENTIFY PACKET DEVICE (ATA/ATAPI-6 8.16): a CD-ROM, PIO only. */
static void identify_packet(struct drive *a)
{
	u8 *id = a->s.buf;
	memset(id, 0, 512);
	/* ATAPI, CD-ROM (05h), removable, DRQ within 50 us, 12-byte packets */
	st16(id + 0 * 2, 0x85C0);
	id_string(id, 10, 10, "LUCID0000000003");
	id_string(id, 23, 4, "1.0");
	id_string(id, 27, 20, "LUCID386 CD-ROM");
	st16(id + 49 * 2, 0x0200);		/* LBA */
	st16(id + 53 * 2, 0x0002);		/* words 64-70 valid */
	st16(id + 64 * 2, 0x0003);		/* PIO modes 3 and 4 */
	for (int w = 65; w <= 68; w++)
		st16(id + w * 2, 120);
	st16(id + 71 * 2, 30);			/* release times */
	st16(id + 72 * 2, 30);
	st16(id + 80 * 2, 0x007E);		/* ATA-1 .. ATA-6 */
	st16(id + 82 * 2, 0x4010);		/* PACKET feature set */
	st16(id + 83 * 2, 0x4000);
	st16(id + 84 * 2, 0x4000);
	st16(id + 85 * 2, 0x4010);
	st16(id + 87 * 2, 0x4000);
}

/* The signature a device leaves after reset and diagnostics (ATA/ATAPI-6 9.12). */
static void set_signature(struct drive *a)
{
	struct ata_state *s = &a->s;
	s->count[0] = 1;
	s->lbal[0] = 1;
	s->lbam[0] = a->cd ? 0x14 : 0;
	s->lbah[0] = a->cd ? 0xEB : 0;
}

/* The packet command ended with CHECK CONDITION. */
static void atapi_fail(struct drive *a)
{
	struct ata_state *s = &a->s;
	s->xfer = X_NONE;
	s->error = a->at.sense_key << 4 | (a->at.sense_key == 0x05 ? ER_ABRT : 0);
	s->count[0] = IR_IO | IR_COD;
	s->status = ST_DRDY | ST_DSC | ST_ERR;
	raise_irq(a);
}

/* The next DRQ block of the reply from pos, or the command's completion. */
static void atapi_next(struct drive *a)
{
	struct ata_state *s = &a->s;
	u32 left = a->at.end > s->pos ? a->at.end - s->pos : 0;
	if (!left) {
		s->xfer = X_NONE;
		s->error = 0;
		s->count[0] = IR_IO | IR_COD;
		s->status = ST_DRDY | ST_DSC;
		raise_irq(a);
		return;
	}
	u32 n = left < a->at.limit ? left : a->at.limit;
	s->len = s->pos + n;
	s->lbam[0] = n & 0xFF;
	s->lbah[0] = n >> 8;
	s->count[0] = IR_IO;
	s->xfer = X_ATAPI_IN;
	s->status = ST_DRDY | ST_DSC | ST_DRQ;
	raise_irq(a);
}

/* Timer: the packet arrived (X_PACKET_RUN) or a block was read (X_ATAPI_IN). */
static void atapi_step(struct drive *a)
{
	struct ata_state *s = &a->s;
	if (s->xfer == X_PACKET_RUN) {
		u8 cdb[12];
		memcpy(cdb, s->buf, sizeof(cdb));
		s->pos = 0;
		if (atapi_exec(&a->at, a->disk, cdb, s->buf, sizeof(s->buf))) {
			atapi_fail(a);
			return;
		}
	} else if (s->pos >= a->at.end && a->at.left) {
		s->pos = 0;
		if (atapi_read_more(&a->at, a->disk, s->buf, sizeof(s->buf))) {
			atapi_fail(a);
			return;
		}
	}
	atapi_next(a);
}

/* PACKET: take the byte count limit, then DRQ for the 12 command bytes. */
static void packet(struct drive *a)
{
	struct ata_state *s = &a->s;
	u32 limit = (s->lbam[0] | (u32)s->lbah[0] << 8) & ~1u;
	if (s->feature & 0x01) {	/* DMA: there is none */
		fail(a, ER_ABRT);
		return;
	}
	a->at.limit = limit ? limit : 0xFFFE;
	a->at.end = 0;
	a->at.left = 0;
	s->xfer = X_PACKET;
	s->pos = 0;
	s->len = 12;
	s->count[0] = IR_COD;
	s->status = ST_DRDY | ST_DSC | ST_DRQ;
}

/* The ATA commands a packet device takes (ATA/ATAPI-6 6.2, the PACKET set). */
static void atapi_command(struct drive *a, u8 cmd)
{
	struct ata_state *s = &a->s;
	switch (cmd) {
	case 0xA0:
		packet(a);
		break;
	case 0xA1:			/* IDENTIFY PACKET DEVICE */
		identify_packet(a);
		s->xfer = X_IDENTIFY;
		schedule(a);
		break;
	case 0x08:			/* DEVICE RESET: no interrupt */
		set_signature(a);
		s->error = 0x01;
		s->status = 0;
		s->xfer = X_NONE;
		break;
	case 0x90:			/* EXECUTE DEVICE DIAGNOSTIC */
		set_signature(a);
		s->error = 0x01;
		s->status = 0;
		raise_irq(a);
		break;
	case 0xEC: case 0x20: case 0x21:	/* not a disk: abort with the signature */
		set_signature(a);
		fail(a, ER_ABRT);
		break;
	case 0xE5:			/* CHECK POWER MODE: active */
		s->count[0] = 0xFF;
		done(a);
		break;
	case 0xEF:			/* SET FEATURES: accepted */
	case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE6:
		done(a);
		break;
	default:
		log_debug("atapi: unsupported ATA command 0x%02x", cmd);
		fail(a, ER_ABRT);
		break;
	}
}

/* The command's first sector and count from the registers; false if the address is bad. */
static bool decode_address(struct drive *a, bool ext)
{
	struct ata_state *s = &a->s;
	s->lba48 = ext;
	if (ext) {
		s->lba = (u64)s->lbal[0] | (u64)s->lbam[0] << 8 | (u64)s->lbah[0] << 16 |
			 (u64)s->lbal[1] << 24 | (u64)s->lbam[1] << 32 | (u64)s->lbah[1] << 40;
		s->remaining = (u32)s->count[1] << 8 | s->count[0];
		if (!s->remaining)
			s->remaining = 65536;
		return true;
	}
	s->remaining = s->count[0] ? s->count[0] : 256;
	if (s->dev & DEV_LBA) {
		s->lba = (u64)s->lbal[0] | (u64)s->lbam[0] << 8 | (u64)s->lbah[0] << 16 |
			 (u64)(s->dev & 0x0F) << 24;
		return true;
	}
	u32 cyl = (u32)s->lbah[0] << 8 | s->lbam[0], head = s->dev & 0x0F, sect = s->lbal[0];
	if (!sect || sect > s->spt || head >= s->heads)
		return false;
	s->lba = ((u64)cyl * s->heads + head) * s->spt + sect - 1;
	return true;
}

/* After a transfer (or a failure) the registers point at the last sector handled. */
static void write_back_address(struct drive *a, u64 lba)
{
	struct ata_state *s = &a->s;
	if (s->lba48) {
		s->lbal[0] = lba; s->lbam[0] = lba >> 8; s->lbah[0] = lba >> 16;
		s->lbal[1] = lba >> 24; s->lbam[1] = lba >> 32; s->lbah[1] = lba >> 40;
	} else if (s->dev & DEV_LBA) {
		s->lbal[0] = lba; s->lbam[0] = lba >> 8; s->lbah[0] = lba >> 16;
		s->dev = (s->dev & 0xF0) | ((lba >> 24) & 0x0F);
	} else if (s->heads && s->spt) {
		u32 sect = lba % s->spt + 1, t = (u32)(lba / s->spt);
		s->lbal[0] = sect;
		s->dev = (s->dev & 0xF0) | (t % s->heads);
		s->lbam[0] = (t / s->heads) & 0xFF;
		s->lbah[0] = (t / s->heads) >> 8;
	}
}

static u32 block_size(struct drive *a)
{
	bool multiple = a->s.cmd == 0xC4 || a->s.cmd == 0x29 || a->s.cmd == 0xC5 ||
			a->s.cmd == 0x39;
	u32 n = multiple ? a->s.mult : 1;
	return n < a->s.remaining ? n : a->s.remaining;
}

/* Timer: the drive finished its internal work for the current step. */
static void ata_step(void *opaque)
{
	struct drive *a = opaque;
	struct ata_state *s = &a->s;
	s->deadline = CLOCK_NEVER;
	switch (s->xfer) {
	case X_PACKET_RUN:
	case X_ATAPI_IN:
		atapi_step(a);
		break;
	case X_IDENTIFY:
		s->pos = 0;
		s->len = 512;
		s->status = ST_DRDY | ST_DSC | ST_DRQ;
		raise_irq(a);
		break;
	case X_READ:
		s->block = block_size(a);
		if (disk_read(a->disk, s->lba, s->block, s->buf)) {
			write_back_address(a, s->lba);
			fail(a, ER_IDNF);
			break;
		}
		s->pos = 0;
		s->len = s->block * 512;
		s->status = ST_DRDY | ST_DSC | ST_DRQ;
		raise_irq(a);
		break;
	case X_WRITE: {
		/* A block has arrived in buf: commit it. A read-only image aborts. */
		int rc = disk_write(a->disk, s->lba, s->block, s->buf);
		if (rc) {
			write_back_address(a, s->lba);
			fail(a, rc == -EROFS ? ER_ABRT : ER_IDNF);
			break;
		}
		s->lba += s->block;
		s->remaining -= s->block;
		write_back_address(a, s->lba - 1);
		if (!s->remaining) {
			done(a);
			break;
		}
		s->block = block_size(a);
		s->pos = 0;
		s->len = s->block * 512;
		s->status = ST_DRDY | ST_DSC | ST_DRQ;
		raise_irq(a);
		break;
	}
	default:
		/* A non-data command whose completion was delayed. */
		done(a);
		break;
	}
}

static void start_rw(struct drive *a, bool ext, bool write, bool multiple)
{
	struct ata_state *s = &a->s;
	if (multiple && !s->mult) {
		fail(a, ER_ABRT);
		return;
	}
	if (!decode_address(a, ext) || s->lba >= disk_sectors(a->disk) ||
	    s->remaining > disk_sectors(a->disk) - s->lba) {
		fail(a, ER_IDNF);
		return;
	}
	if (write) {
		/* PIO data-out: DRQ at once for the first block, no interrupt. */
		s->xfer = X_WRITE;
		s->block = block_size(a);
		s->pos = 0;
		s->len = s->block * 512;
		s->status = ST_DRDY | ST_DSC | ST_DRQ;
	} else {
		s->xfer = X_READ;
		schedule(a);
	}
}

static void command(struct drive *a, u8 cmd)
{
	struct ata_state *s = &a->s;
	if (s->status & ST_BSY)
		return;
	s->cmd = cmd;
	s->irq_pending = false;
	update_irq(a);
	if (a->cd) {
		atapi_command(a, cmd);
		return;
	}
	switch (cmd) {
	case 0xEC:			/* IDENTIFY DEVICE */
		identify(a);
		s->xfer = X_IDENTIFY;
		schedule(a);
		break;
	case 0xA1:			/* IDENTIFY PACKET DEVICE: we are not ATAPI */
		fail(a, ER_ABRT);
		break;
	case 0x20: case 0x21: start_rw(a, false, false, false); break;	/* READ SECTORS */
	case 0x24: start_rw(a, true, false, false); break;		/* READ SECTORS EXT */
	case 0xC4: start_rw(a, false, false, true); break;		/* READ MULTIPLE */
	case 0x29: start_rw(a, true, false, true); break;		/* READ MULTIPLE EXT */
	case 0x30: case 0x31: start_rw(a, false, true, false); break;	/* WRITE SECTORS */
	case 0x34: start_rw(a, true, true, false); break;		/* WRITE SECTORS EXT */
	case 0xC5: start_rw(a, false, true, true); break;		/* WRITE MULTIPLE */
	case 0x39: start_rw(a, true, true, true); break;		/* WRITE MULTIPLE EXT */
	case 0x40: case 0x41: case 0x42:	/* READ VERIFY SECTORS (EXT) */
		if (!decode_address(a, cmd == 0x42) || s->lba >= disk_sectors(a->disk) ||
		    s->remaining > disk_sectors(a->disk) - s->lba)
			fail(a, ER_IDNF);
		else
			schedule(a);
		break;
	case 0xC6:			/* SET MULTIPLE MODE */
		if (s->count[0] > MAX_MULT || (s->count[0] & (s->count[0] - 1))) {
			fail(a, ER_ABRT);
		} else {
			s->mult = s->count[0];
			done(a);
		}
		break;
	case 0x91:			/* INITIALIZE DEVICE PARAMETERS */
		if (!s->count[0]) {
			fail(a, ER_ABRT);
		} else {
			s->heads = (s->dev & 0x0F) + 1;
			s->spt = s->count[0];
			done(a);
		}
		break;
	case 0xE7: case 0xEA:		/* FLUSH CACHE (EXT) */
		if (disk_flush(a->disk))
			fail(a, ER_ABRT);
		else
			schedule(a);
		break;
	case 0x10 ... 0x1F:		/* RECALIBRATE */
	case 0x70 ... 0x7F:		/* SEEK */
	case 0xEF:			/* SET FEATURES: accepted, nothing to change */
	case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE6:	/* power management */
	case 0x00:			/* NOP aborts per spec */
		if (cmd == 0x00)
			fail(a, ER_ABRT);
		else
			done(a);
		break;
	case 0xE5:			/* CHECK POWER MODE: active */
		s->count[0] = 0xFF;
		done(a);
		break;
	case 0x90:			/* EXECUTE DEVICE DIAGNOSTIC */
		s->count[0] = 1; s->lbal[0] = 1; s->lbam[0] = 0; s->lbah[0] = 0;
		s->error = 0x01;
		s->status = ST_DRDY | ST_DSC;
		raise_irq(a);
		break;
	default:
		log_debug("ata: unsupported command 0x%02x", cmd);
		fail(a, ER_ABRT);
		break;
	}
}

/* The guest moved n bytes through the data port. */
static void data_advance(struct drive *a, u32 n)
{
	struct ata_state *s = &a->s;
	s->pos += n;
	if (s->pos < s->len)
		return;
	s->status &= ~ST_DRQ;
	switch (s->xfer) {
	case X_IDENTIFY:
		s->xfer = X_NONE;
		break;
	case X_READ:
		s->lba += s->block;
		s->remaining -= s->block;
		write_back_address(a, s->lba - 1);
		if (s->remaining)
			schedule(a);
		else
			s->xfer = X_NONE;
		break;
	case X_WRITE:
	case X_ATAPI_IN:
		schedule(a);
		break;
	case X_PACKET:
		s->xfer = X_PACKET_RUN;
		schedule(a);
		break;
	}
}

static u32 data_read(struct drive *a, int size)
{
	struct ata_state *s = &a->s;
	if (!(s->status & ST_DRQ) || s->xfer == X_WRITE || s->xfer == X_PACKET ||
	    s->pos >= s->len)
		return 0xFFFFFFFFu >> (32 - 8 * size);
	u32 v = 0;
	int n = size > (int)(s->len - s->pos) ? (int)(s->len - s->pos) : size;
	for (int i = 0; i < n; i++)
		v |= (u32)s->buf[s->pos + i] << (8 * i);
	data_advance(a, n);
	return v;
}

static void data_write(struct drive *a, u32 v, int size)
{
	struct ata_state *s = &a->s;
	if (!(s->status & ST_DRQ) || (s->xfer != X_WRITE && s->xfer != X_PACKET) ||
	    s->pos >= s->len)
		return;
	int n = size > (int)(s->len - s->pos) ? (int)(s->len - s->pos) : size;
	for (int i = 0; i < n; i++)
		s->buf[s->pos + i] = v >> (8 * i);
	data_advance(a, n);
}

/* The device DEV selects: the register copies of present devices agree on it. */
static struct drive *selected(struct channel *ch)
{
	struct drive *any = ch->d[0].disk ? &ch->d[0] : &ch->d[1];
	return &ch->d[(any->s.dev & DEV_SLAVE) ? 1 : 0];
}

/* The device answering register reads: the selected one, or for an absent
 * one the other device of the channel (NULL when the channel is empty). */
static struct drive *responder(struct channel *ch)
{
	struct drive *d = selected(ch);
	if (d->disk)
		return d;
	d = &ch->d[d == &ch->d[0] ? 1 : 0];
	return d->disk ? d : NULL;
}

static u32 ata_cmd_read(struct channel *ch, u32 off, int size)
{
	struct drive *a = selected(ch);
	if (off == 0)
		return a->disk ? data_read(a, size) : 0;
	struct drive *r = responder(ch);
	if (!r)
		return 0;
	struct ata_state *s = &r->s;
	int h = (s->devctl & DC_HOB) ? 1 : 0;
	switch (off) {
	case 1: return s->error;
	case 2: return s->count[h];
	case 3: return s->lbal[h];
	case 4: return s->lbam[h];
	case 5: return s->lbah[h];
	case 6: return s->dev | 0xA0;
	case 7:
		if (!a->disk)
			return 0;
		s->irq_pending = false;
		update_irq(a);
		return s->status;
	}
	return 0xFF;
}

static void push(u8 r[2], u8 v)
{
	r[1] = r[0];
	r[0] = v;
}

/* A task-file register write: both devices latch it (ATA/ATAPI-6 7.1). */
static void latch(struct ata_state *s, u32 off, u8 v)
{
	s->devctl &= ~DC_HOB;		/* any register write clears HOB */
	switch (off) {
	case 1: s->feature = v; break;
	case 2: push(s->count, v); break;
	case 3: push(s->lbal, v); break;
	case 4: push(s->lbam, v); break;
	case 5: push(s->lbah, v); break;
	case 6: s->dev = v & 0x5F; break;
	}
}

static void ata_cmd_write(struct channel *ch, u32 off, u32 v, int size)
{
	struct drive *a = selected(ch);
	if (off == 0) {
		if (a->disk)
			data_write(a, v, size);
		return;
	}
	if (off == 7) {
		for (int i = 0; i < 2; i++)
			ch->d[i].s.devctl &= ~DC_HOB;
		if (a->disk)
			command(a, v);
		return;
	}
	for (int i = 0; i < 2; i++)
		if (ch->d[i].disk)
			latch(&ch->d[i].s, off, v);
}

static void soft_reset_done(struct drive *a)
{
	struct ata_state *s = &a->s;
	timer_del(a->clock, &a->timer);
	s->deadline = CLOCK_NEVER;
	s->xfer = X_NONE;
	set_signature(a);
	s->dev = 0;
	s->error = 0x01;		/* diagnostics passed */
	s->status = a->cd ? 0 : ST_DRDY | ST_DSC;	/* a packet device leaves DRDY clear */
	a->at.end = 0;
	a->at.left = 0;
	s->heads = a->def_heads;
	s->spt = a->def_spt;
}

static u32 ata_ctl_read(void *dev, u32 off, int size)
{
	struct channel *ch = dev;
	struct drive *a = selected(ch);
	return a->disk ? a->s.status : 0;	/* alternate status: no IRQ clear */
}

/* Device control goes to both devices: nIEN, HOB, and SRST resetting both. */
static void ata_ctl_write(void *dev, u32 off, u32 v, int size)
{
	struct channel *ch = dev;
	for (int i = 0; i < 2; i++) {
		struct drive *a = &ch->d[i];
		struct ata_state *s = &a->s;
		if (!a->disk)
			continue;
		bool was_reset = s->devctl & DC_SRST;
		s->devctl = v;
		if (v & DC_SRST) {
			s->status = ST_BSY;
			s->irq_pending = false;
		} else if (was_reset) {
			soft_reset_done(a);
		}
		update_irq(a);
	}
}

/*
 * One range for the eight command block ports: the data port takes 16- and
 * 32-bit accesses natively; a wide access to another register is split
 * into bytes here.
 */
static u32 ata_io_read(void *dev, u32 off, int size)
{
	if (off == 0 || size == 1)
		return ata_cmd_read(dev, off, size);
	u32 v = 0;
	for (int i = 0; i < size; i++)
		v |= (off + i < 8 ? ata_cmd_read(dev, off + i, 1) & 0xFF : 0xFF) << (8 * i);
	return v;
}

static void ata_io_write(void *dev, u32 off, u32 v, int size)
{
	if (off == 0 || size == 1) {
		ata_cmd_write(dev, off, v, size);
		return;
	}
	for (int i = 0; i < size && off + i < 8; i++)
		ata_cmd_write(dev, off + i, (v >> (8 * i)) & 0xFF, 1);
}

static const struct io_ops ata_io_ops = {
	.read = ata_io_read, .write = ata_io_write, .sizes = 1 | 2 | 4,
};
static const struct io_ops ata_ctl_ops = {
	.read = ata_ctl_read, .write = ata_ctl_write, .sizes = 1,
};

static void drive_reset(struct drive *a)
{
	memset(&a->s, 0, sizeof(a->s) - sizeof(a->s.buf));
	memset(&a->at, 0, sizeof(a->at));
	a->s.mult = 0;
	soft_reset_done(a);
	a->s.irq_pending = false;
	update_irq(a);
}

static void ata_reset(void *dev)
{
	struct ata *ata = dev;
	for (int i = 0; i < ATA_DRIVES; i++)
		drive_reset(&ata->ch[i / 2].d[i % 2]);
}

static struct drive *drive_at(struct ata *ata, int i) { return &ata->ch[i / 2].d[i % 2]; }

/* Bit i set: drive i (primary master, primary slave, secondary master, slave) is there. */
static u8 present_mask(struct ata *ata)
{
	u8 m = 0;
	for (int i = 0; i < ATA_DRIVES; i++)
		if (drive_at(ata, i)->disk)
			m |= 1u << i;
	return m;
}

static u8 cd_mask(struct ata *ata)
{
	u8 m = 0;
	for (int i = 0; i < ATA_DRIVES; i++)
		if (drive_at(ata, i)->disk && drive_at(ata, i)->cd)
			m |= 1u << i;
	return m;
}

/*
 * Version 1 is the machine with the primary master only, byte for byte as
 * before there were four positions (so its state digests and snapshots are
 * unchanged): that drive's state, then its overlay. Version 2, any other
 * set of disks: the mask of present drives, each one's state, then each
 * one's overlay. Version 3, a set with CD-ROMs: the present mask, the CD
 * mask, each drive's state, each CD-ROM's packet state, each overlay.
 */
static void ata_save(void *dev, struct snap_writer *w)
{
	struct ata *ata = dev;
	u8 mask = present_mask(ata), cds = cd_mask(ata);
	if (mask == 1 && !cds) {
		snap_put_section(w, "ATA ", 1, &ata->ch[0].d[0].s, sizeof(struct ata_state));
		disk_save_overlay(ata->ch[0].d[0].disk, w);
		return;
	}
	u8 hdr[12];
	u32 n = 0;
	for (int i = 0; i < ATA_DRIVES; i++)
		n += (mask >> i & 1) * (u32)sizeof(struct ata_state) +
		     (cds >> i & 1) * (u32)sizeof(struct atapi_state);
	memcpy(hdr, "ATA ", 4);
	st32(hdr + 4, cds ? 3 : 2);
	st32(hdr + 8, (cds ? 2 : 1) + n);
	snap_put_bytes(w, hdr, sizeof(hdr));
	snap_put_bytes(w, &mask, 1);
	if (cds)
		snap_put_bytes(w, &cds, 1);
	for (int i = 0; i < ATA_DRIVES; i++)
		if (mask >> i & 1)
			snap_put_bytes(w, &drive_at(ata, i)->s, sizeof(struct ata_state));
	for (int i = 0; i < ATA_DRIVES; i++)
		if (cds >> i & 1)
			snap_put_bytes(w, &drive_at(ata, i)->at, sizeof(struct atapi_state));
	for (int i = 0; i < ATA_DRIVES; i++)
		if (mask >> i & 1)
			disk_save_overlay(drive_at(ata, i)->disk, w);
}

static bool state_ok(const struct ata_state *s)
{
	return s->pos <= sizeof(s->buf) && s->len <= sizeof(s->buf) && s->block <= 256;
}

/* The drives' states from the section into st[] and at[] (by position). */
static int load_states(struct ata *ata, struct snap_reader *r, struct ata_state *st,
		       struct atapi_state *at)
{
	u8 mask = present_mask(ata), cds = cd_mask(ata);
	u32 version = snap_peek_version(r, "ATA ");
	if (version == 1) {
		if (mask != 1 || cds) {
			snprintf(r->error, sizeof(r->error),
				 "ata: the snapshot has one disk, this machine a different set");
			return -1;
		}
		if (snap_get_section(r, "ATA ", 1, &st[0], sizeof(st[0])))
			return -1;
	} else {
		const u8 *p;
		u32 n, head = version == 3 ? 2 : 1;
		if (snap_get_section_var(r, "ATA ", version == 3 ? 3 : 2, &p, &n))
			return -1;
		if (n < head || p[0] != mask || (head == 2 ? p[1] : 0) != cds) {
			snprintf(r->error, sizeof(r->error),
				 "ata: the snapshot's drives (mask %x, CD-ROMs %x) differ from this "
				 "machine's (%x, %x)", n ? p[0] : 0, n > 1 && head == 2 ? p[1] : 0,
				 mask, cds);
			return -1;
		}
		u32 k = 0, c = 0;
		for (int i = 0; i < ATA_DRIVES; i++) {
			k += mask >> i & 1;
			c += cds >> i & 1;
		}
		if (n != head + k * sizeof(struct ata_state) + c * sizeof(struct atapi_state)) {
			snprintf(r->error, sizeof(r->error), "ata: section length %u is wrong", n);
			return -1;
		}
		p += head;
		for (int i = 0; i < ATA_DRIVES; i++)
			if (mask >> i & 1) {
				memcpy(&st[i], p, sizeof(st[i]));
				p += sizeof(st[i]);
			}
		for (int i = 0; i < ATA_DRIVES; i++)
			if (cds >> i & 1) {
				memcpy(&at[i], p, sizeof(at[i]));
				p += sizeof(at[i]);
				if (at[i].end > sizeof(st[i].buf)) {
					snprintf(r->error, sizeof(r->error),
						 "ata: inconsistent CD-ROM state");
					return -1;
				}
			}
	}
	for (int i = 0; i < ATA_DRIVES; i++) {
		if ((mask >> i & 1) && !state_ok(&st[i])) {
			snprintf(r->error, sizeof(r->error), "ata: inconsistent transfer state");
			return -1;
		}
	}
	return 0;
}

static int ata_load(void *dev, struct snap_reader *r)
{
	struct ata *ata = dev;
	u8 mask = present_mask(ata);
	struct ata_state *st = calloc(ATA_DRIVES, sizeof(*st));	/* 128 KiB each */
	struct atapi_state at[ATA_DRIVES];
	if (!st) {
		snprintf(r->error, sizeof(r->error), "ata: out of memory");
		return -1;
	}
	memset(at, 0, sizeof(at));
	int rc = load_states(ata, r, st, at);
	for (int i = 0; i < ATA_DRIVES && !rc; i++)
		if ((mask >> i & 1) && disk_load_overlay(drive_at(ata, i)->disk, r))
			rc = -1;
	for (int i = 0; i < ATA_DRIVES && !rc; i++) {
		struct drive *a = drive_at(ata, i);
		if (!a->disk)
			continue;
		a->s = st[i];
		a->at = at[i];
		timer_del(a->clock, &a->timer);
		if (a->s.deadline != CLOCK_NEVER)
			timer_mod(a->clock, &a->timer, a->s.deadline);
		update_irq(a);
	}
	free(st);
	return rc;
}

static void ata_info(void *dev, void (*print)(void *, const char *, ...), void *ctx)
{
	static const char *const names[] = {
		"primary master", "primary slave", "secondary master", "secondary slave",
	};
	struct ata *ata = dev;
	for (int i = 0; i < ATA_DRIVES; i++) {
		struct drive *a = drive_at(ata, i);
		struct ata_state *s = &a->s;
		if (!a->disk)
			continue;
		if (a->cd) {
			print(ctx, "ata %s: CD-ROM, %llu 2048-byte sectors\n", names[i],
			      (unsigned long long)disk_sectors(a->disk) / 4);
			print(ctx, "  status %02x error %02x cmd %02x sense %x/%02x/%02x%s\n",
			      s->status, s->error, s->cmd, a->at.sense_key, a->at.asc,
			      a->at.ascq, a->at.locked ? " locked" : "");
			continue;
		}
		print(ctx, "ata %s: %llu sectors (C/H/S %u/%u/%u)%s, overlay %llu sectors\n",
		      names[i], (unsigned long long)disk_sectors(a->disk), a->cyls, s->heads,
		      s->spt, disk_is_snapshot(a->disk) ? " snapshot" : "",
		      (unsigned long long)disk_overlay_sectors(a->disk));
		print(ctx, "  status %02x error %02x devctl %02x cmd %02x lba %llu left %u mult %u\n",
		      s->status, s->error, s->devctl, s->cmd, (unsigned long long)s->lba,
		      s->remaining, s->mult);
	}
}

static const u16 cmd_base[2] = { 0x1F0, 0x170 }, ctl_port[2] = { 0x3F6, 0x376 };

struct ata *ata_create_drives(struct bus *bus, struct clock *clock, struct irq_line *irq14,
			      struct irq_line *irq15, struct disk *const disks[ATA_DRIVES])
{
	return ata_create_mixed(bus, clock, irq14, irq15, disks, 0);
}

struct ata *ata_create_mixed(struct bus *bus, struct clock *clock, struct irq_line *irq14,
			     struct irq_line *irq15, struct disk *const disks[ATA_DRIVES],
			     u8 cdroms)
{
	if (!irq15 && (disks[2] || disks[3]))
		return NULL;
	struct ata *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->bus = bus;
	a->clock = clock;
	a->ch[0].irq = irq14;
	a->ch[1].irq = irq15;
	for (int i = 0; i < ATA_DRIVES; i++) {
		struct drive *d = drive_at(a, i);
		d->ch = &a->ch[i / 2];
		d->clock = clock;
		d->disk = disks[i];
		d->cd = d->disk && (cdroms >> i & 1);
		if (d->disk) {
			struct disk_chs chs = disk_chs(d->disk);
			d->cyls = chs.cyls;
			d->def_heads = chs.heads;
			d->def_spt = chs.spt;
		}
		timer_init(&d->timer, i < 2 ? "ata0" : "ata1", ata_step, d);
		d->s.deadline = CLOCK_NEVER;
	}
	for (int c = 0; c < 2; c++) {
		if (c && !irq15)
			continue;
		if (bus_add_io(bus, cmd_base[c], 8, &ata_io_ops, &a->ch[c], c ? "ata1" : "ata") ||
		    bus_add_io(bus, ctl_port[c], 1, &ata_ctl_ops, &a->ch[c],
			       c ? "ata1-ctl" : "ata-ctl")) {
			for (int k = 0; k < 2; k++)
				bus_remove_device(bus, &a->ch[k]);
			free(a);
			return NULL;
		}
		a->ch[c].claimed = true;
	}
	a->dev = (struct device){
		.name = "ata", .dev = a, .reset = ata_reset, .save = ata_save,
		.load = ata_load, .info = ata_info,
	};
	ata_reset(a);
	return a;
}

struct ata *ata_create(struct bus *bus, struct clock *clock, struct irq_line *irq,
		       struct disk *disk)
{
	struct disk *disks[ATA_DRIVES] = { disk };
	return ata_create_drives(bus, clock, irq, NULL, disks);
}

void ata_destroy(struct ata *a)
{
	if (!a)
		return;
	for (int i = 0; i < ATA_DRIVES; i++)
		timer_del(a->clock, &drive_at(a, i)->timer);
	for (int c = 0; c < 2; c++)
		if (a->ch[c].claimed)
			bus_remove_device(a->bus, &a->ch[c]);
	free(a);
}

struct device *ata_device(struct ata *a) { return &a->dev; }
