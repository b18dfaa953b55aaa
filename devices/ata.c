/*
 * ATA IDE, primary channel, master disk only, PIO. Follows ATA/ATAPI-6
 * (T13/1410D): the command block registers at 0x1F0-0x1F7 (section 7), the
 * control block at 0x3F6 (alternate status / device control with nIEN, SRST
 * and HOB), IDENTIFY DEVICE (8.15), the PIO data-in and data-out protocols
 * (9.5, 9.6) with their interrupt points, and 48-bit addressing where each
 * of the LBA and count registers is a two-deep FIFO read back with HOB.
 *
 * A command does its work after ATA_CMD_DELAY_NS of virtual time (a timer),
 * so the guest sees BSY, then DRQ and the interrupt, as on a real drive. An
 * absent slave reads as status 0, which is what drivers probe for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/ata.h"
#include "emu/lib/log.h"

enum {
	ST_ERR = 0x01, ST_DRQ = 0x08, ST_DSC = 0x10, ST_DF = 0x20, ST_DRDY = 0x40, ST_BSY = 0x80,
	ER_ABRT = 0x04, ER_IDNF = 0x10,
	DC_NIEN = 0x02, DC_SRST = 0x04, DC_HOB = 0x80,
	DEV_LBA = 0x40, DEV_SLAVE = 0x10,
};

enum xfer { X_NONE, X_READ, X_WRITE, X_IDENTIFY };

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

struct ata {
	struct device dev;
	struct bus *bus;
	struct clock *clock;
	struct irq_line *irq;
	struct disk *disk;
	struct timer timer;
	u16 cyls, def_heads, def_spt;	/* default geometry, from the image size */
	struct ata_state s;
};

#define MAX_MULT 16

static void update_irq(struct ata *a)
{
	irq_set(a->irq, a->s.irq_pending && !(a->s.devctl & DC_NIEN));
}

static void raise_irq(struct ata *a)
{
	a->s.irq_pending = true;
	update_irq(a);
}

static void schedule(struct ata *a)
{
	a->s.status = (a->s.status | ST_BSY) & ~ST_DRQ;
	a->s.deadline = a->clock->icount + clock_ns_to_icount(a->clock, ATA_CMD_DELAY_NS);
	timer_mod(a->clock, &a->timer, a->s.deadline);
}

/* End the command with an error (status ERR, error register err) and an interrupt. */
static void fail(struct ata *a, u8 err)
{
	a->s.error = err;
	a->s.status = ST_DRDY | ST_DSC | ST_ERR;
	a->s.xfer = X_NONE;
	raise_irq(a);
}

static void done(struct ata *a)
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

static void identify(struct ata *a)
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

/* The command's first sector and count from the registers; false if the address is bad. */
static bool decode_address(struct ata *a, bool ext)
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
static void write_back_address(struct ata *a, u64 lba)
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

static u32 block_size(struct ata *a)
{
	bool multiple = a->s.cmd == 0xC4 || a->s.cmd == 0x29 || a->s.cmd == 0xC5 ||
			a->s.cmd == 0x39;
	u32 n = multiple ? a->s.mult : 1;
	return n < a->s.remaining ? n : a->s.remaining;
}

/* Timer: the drive finished its internal work for the current step. */
static void ata_step(void *opaque)
{
	struct ata *a = opaque;
	struct ata_state *s = &a->s;
	s->deadline = CLOCK_NEVER;
	switch (s->xfer) {
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
	case X_WRITE:
		/* A block has arrived in buf: commit it. */
		if (disk_write(a->disk, s->lba, s->block, s->buf)) {
			write_back_address(a, s->lba);
			fail(a, ER_IDNF);
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
	default:
		/* A non-data command whose completion was delayed. */
		done(a);
		break;
	}
}

static void start_rw(struct ata *a, bool ext, bool write, bool multiple)
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

static void command(struct ata *a, u8 cmd)
{
	struct ata_state *s = &a->s;
	if (s->dev & DEV_SLAVE)
		return;			/* no slave: nobody answers */
	if (s->status & ST_BSY)
		return;
	s->cmd = cmd;
	s->irq_pending = false;
	update_irq(a);
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
static void data_advance(struct ata *a, u32 n)
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
		schedule(a);
		break;
	}
}

static u32 data_read(struct ata *a, int size)
{
	struct ata_state *s = &a->s;
	if (!(s->status & ST_DRQ) || s->xfer == X_WRITE || s->pos >= s->len)
		return 0xFFFFFFFFu >> (32 - 8 * size);
	u32 v = 0;
	int n = size > (int)(s->len - s->pos) ? (int)(s->len - s->pos) : size;
	for (int i = 0; i < n; i++)
		v |= (u32)s->buf[s->pos + i] << (8 * i);
	data_advance(a, n);
	return v;
}

static void data_write(struct ata *a, u32 v, int size)
{
	struct ata_state *s = &a->s;
	if (!(s->status & ST_DRQ) || s->xfer != X_WRITE || s->pos >= s->len)
		return;
	int n = size > (int)(s->len - s->pos) ? (int)(s->len - s->pos) : size;
	for (int i = 0; i < n; i++)
		s->buf[s->pos + i] = v >> (8 * i);
	data_advance(a, n);
}

static u32 ata_cmd_read(void *dev, u32 off, int size)
{
	struct ata *a = dev;
	struct ata_state *s = &a->s;
	if (off == 0)
		return (s->dev & DEV_SLAVE) ? 0 : data_read(a, size);
	if (s->dev & DEV_SLAVE)
		return 0;
	int h = (s->devctl & DC_HOB) ? 1 : 0;
	switch (off) {
	case 1: return s->error;
	case 2: return s->count[h];
	case 3: return s->lbal[h];
	case 4: return s->lbam[h];
	case 5: return s->lbah[h];
	case 6: return s->dev | 0xA0;
	case 7:
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

static void ata_cmd_write(void *dev, u32 off, u32 v, int size)
{
	struct ata *a = dev;
	struct ata_state *s = &a->s;
	if (off == 0) {
		if (!(s->dev & DEV_SLAVE))
			data_write(a, v, size);
		return;
	}
	s->devctl &= ~DC_HOB;		/* any register write clears HOB */
	switch (off) {
	case 1: s->feature = v; break;
	case 2: push(s->count, v); break;
	case 3: push(s->lbal, v); break;
	case 4: push(s->lbam, v); break;
	case 5: push(s->lbah, v); break;
	case 6: s->dev = v & 0x5F; break;
	case 7: command(a, v); break;
	}
}

static void soft_reset_done(struct ata *a)
{
	struct ata_state *s = &a->s;
	timer_del(a->clock, &a->timer);
	s->deadline = CLOCK_NEVER;
	s->xfer = X_NONE;
	s->count[0] = 1; s->lbal[0] = 1; s->lbam[0] = 0; s->lbah[0] = 0;
	s->dev = 0;
	s->error = 0x01;		/* diagnostics passed */
	s->status = ST_DRDY | ST_DSC;
	s->heads = a->def_heads;
	s->spt = a->def_spt;
}

static u32 ata_ctl_read(void *dev, u32 off, int size)
{
	struct ata *a = dev;
	return (a->s.dev & DEV_SLAVE) ? 0 : a->s.status;	/* alternate status: no IRQ clear */
}

static void ata_ctl_write(void *dev, u32 off, u32 v, int size)
{
	struct ata *a = dev;
	struct ata_state *s = &a->s;
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

/*
 * One range for 0x1F0-0x1F7: the data port takes 16- and 32-bit accesses
 * natively; a wide access to another register is split into bytes here.
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

static void ata_reset(void *dev)
{
	struct ata *a = dev;
	memset(&a->s, 0, sizeof(a->s) - sizeof(a->s.buf));
	a->s.mult = 0;
	soft_reset_done(a);
	a->s.irq_pending = false;
	update_irq(a);
}

static void ata_save(void *dev, struct snap_writer *w)
{
	struct ata *a = dev;
	snap_put_section(w, "ATA ", 1, &a->s, sizeof(a->s));
	disk_save_overlay(a->disk, w);
}

static int ata_load(void *dev, struct snap_reader *r)
{
	struct ata *a = dev;
	struct ata_state s;
	if (snap_get_section(r, "ATA ", 1, &s, sizeof(s)))
		return -1;
	if (s.pos > sizeof(s.buf) || s.len > sizeof(s.buf) || s.block > 256) {
		snprintf(r->error, sizeof(r->error), "ata: inconsistent transfer state");
		return -1;
	}
	if (disk_load_overlay(a->disk, r))
		return -1;
	a->s = s;
	timer_del(a->clock, &a->timer);
	if (s.deadline != CLOCK_NEVER)
		timer_mod(a->clock, &a->timer, s.deadline);
	update_irq(a);
	return 0;
}

static void ata_info(void *dev, void (*print)(void *, const char *, ...), void *ctx)
{
	struct ata *a = dev;
	struct ata_state *s = &a->s;
	print(ctx, "ata: %llu sectors (C/H/S %u/%u/%u)%s, overlay %llu sectors\n",
	      (unsigned long long)disk_sectors(a->disk), a->cyls, s->heads, s->spt,
	      disk_is_snapshot(a->disk) ? " snapshot" : "",
	      (unsigned long long)disk_overlay_sectors(a->disk));
	print(ctx, "status %02x error %02x devctl %02x cmd %02x lba %llu left %u mult %u\n",
	      s->status, s->error, s->devctl, s->cmd, (unsigned long long)s->lba,
	      s->remaining, s->mult);
}

struct ata *ata_create(struct bus *bus, struct clock *clock, struct irq_line *irq,
		       struct disk *disk)
{
	struct ata *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->bus = bus;
	a->clock = clock;
	a->irq = irq;
	a->disk = disk;
	struct disk_chs chs = disk_chs(disk);
	a->cyls = chs.cyls;
	a->def_heads = chs.heads;
	a->def_spt = chs.spt;
	timer_init(&a->timer, "ata", ata_step, a);
	if (bus_add_io(bus, 0x1F0, 8, &ata_io_ops, a, "ata") ||
	    bus_add_io(bus, 0x3F6, 1, &ata_ctl_ops, a, "ata-ctl")) {
		bus_remove_device(bus, a);
		free(a);
		return NULL;
	}
	a->dev = (struct device){
		.name = "ata", .dev = a, .reset = ata_reset, .save = ata_save,
		.load = ata_load, .info = ata_info,
	};
	ata_reset(a);
	return a;
}

void ata_destroy(struct ata *a)
{
	if (!a)
		return;
	timer_del(a->clock, &a->timer);
	bus_remove_device(a->bus, a);
	free(a);
}

struct device *ata_device(struct ata *a) { return &a->dev; }
