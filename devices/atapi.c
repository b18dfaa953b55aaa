/*
 * The CD-ROM drive's packet commands: SPC-3 (T10/1416-D) for TEST UNIT
 * READY, REQUEST SENSE (fixed format), INQUIRY and PREVENT ALLOW MEDIUM
 * REMOVAL, MMC-3 (T10/1363-D) for READ CAPACITY, READ(10)/(12), READ TOC
 * (formats 0, 1 and 2), MODE SENSE(10) (pages 01h and 2Ah), GET
 * CONFIGURATION, GET EVENT STATUS NOTIFICATION (polled), READ DISC
 * INFORMATION, START STOP UNIT, SEEK and SET CD SPEED. Anything else is
 * ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE, as on a real drive.
 *
 * The medium is always in and the tray never opens: START STOP UNIT is
 * accepted and changes nothing (an eject of a locked tray is refused, as
 * MMC says). The disc is one data track (mode 1) of the image's sectors.
 */
#include <stdio.h>
#include <string.h>

#include "devices/atapi.h"

enum {
	SK_NOT_READY = 0x02, SK_ILLEGAL_REQUEST = 0x05,
	ASC_INVALID_OPCODE = 0x20, ASC_LBA_OUT_OF_RANGE = 0x21, ASC_INVALID_FIELD = 0x24,
	ASC_REMOVAL_PREVENTED = 0x53,
	PROFILE_CDROM = 0x0008,
};

static u32 get_be16(const u8 *p) { return (u32)p[0] << 8 | p[1]; }
static u32 get_be32(const u8 *p) { return get_be16(p) << 16 | get_be16(p + 2); }
static void put_be16(u8 *p, u32 v) { p[0] = v >> 8; p[1] = v; }
static void put_be32(u8 *p, u32 v) { put_be16(p, v >> 16); put_be16(p + 2, v); }

static u32 capacity(struct disk *disk)
{
	u64 n = disk_sectors(disk) / (ATAPI_SECTOR / DISK_SECTOR);
	return n > 0xFFFFFFFFu ? 0xFFFFFFFFu : (u32)n;
}

static int check(struct atapi_state *st, u8 key, u8 asc, u8 ascq)
{
	st->sense_key = key;
	st->asc = asc;
	st->ascq = ascq;
	st->end = 0;
	st->left = 0;
	return -1;
}

static int invalid_field(struct atapi_state *st)
{
	return check(st, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
}

/* The reply is len bytes long; the host asked for at most alloc. */
static int reply(struct atapi_state *st, u32 len, u32 alloc)
{
	st->end = len < alloc ? len : alloc;
	return 0;
}

/* LBA to minutes/seconds/frames, with the 2-second pregap (MMC-3 4.2.3.1). */
static void put_msf(u8 *p, u32 lba)
{
	lba += 150;
	p[0] = 0;
	p[1] = lba / (60 * 75);
	p[2] = lba / 75 % 60;
	p[3] = lba % 75;
}

static void put_addr(u8 *p, u32 lba, bool msf)
{
	if (msf)
		put_msf(p, lba);
	else
		put_be32(p, lba);
}

/* READ TOC/PMA/ATIP (MMC-3 6.26): one data track and the lead-out. */
static int read_toc(struct atapi_state *st, struct disk *disk, const u8 *cdb, u8 *buf)
{
	bool msf = cdb[1] & 2;
	u32 format = cdb[2] & 0x0F, track = cdb[6], alloc = get_be16(cdb + 7), n = 4;
	if (!format)
		format = cdb[9] >> 6;	/* the older place for it (SFF-8020i) */
	memset(buf, 0, 4 + 11 * 4);
	switch (format) {
	case 0:				/* formatted TOC */
		if (track > 1 && track != 0xAA)
			return invalid_field(st);
		buf[2] = 1;
		buf[3] = 1;
		if (track <= 1) {
			buf[n + 1] = 0x14;	/* ADR 1, data track */
			buf[n + 2] = 1;
			put_addr(buf + n + 4, 0, msf);
			n += 8;
		}
		buf[n + 1] = 0x14;
		buf[n + 2] = 0xAA;
		put_addr(buf + n + 4, capacity(disk), msf);
		n += 8;
		break;
	case 1:				/* multi-session information */
		buf[2] = 1;
		buf[3] = 1;
		buf[n + 1] = 0x14;
		buf[n + 2] = 1;
		put_addr(buf + n + 4, 0, msf);
		n += 8;
		break;
	case 2: {			/* raw TOC: A0, A1, A2 and track 1, always MSF */
		static const u8 points[4] = { 0xA0, 0xA1, 0xA2, 0x01 };
		buf[2] = 1;
		buf[3] = 1;
		for (int i = 0; i < 4; i++, n += 11) {
			u8 *d = buf + n;
			d[0] = 1;		/* session */
			d[1] = 0x14;
			d[3] = points[i];
			if (points[i] == 0xA0)
				d[8] = 1;	/* first track; disc type 0 (CD-ROM) */
			else if (points[i] == 0xA1)
				d[8] = 1;	/* last track */
			else if (points[i] == 0xA2)
				put_msf(d + 7, capacity(disk));
			else
				put_msf(d + 7, 0);
		}
		break;
	}
	default:
		return invalid_field(st);
	}
	put_be16(buf, n - 2);
	return reply(st, n, alloc);
}

/* MODE SENSE(10) (SPC-3 6.10): the error recovery and capabilities pages. */
static int mode_sense(struct atapi_state *st, const u8 *cdb, u8 *buf)
{
	u32 page = cdb[2] & 0x3F, pc = cdb[2] >> 6, alloc = get_be16(cdb + 7), n = 8;
	if (pc == 3)			/* saved values: none */
		return check(st, SK_ILLEGAL_REQUEST, 0x39, 0);
	memset(buf, 0, 64);
	buf[2] = 0x01;			/* medium: 120 mm CD-ROM, data only */
	if (page == 0x01 || page == 0x3F) {
		buf[n] = 0x01;
		buf[n + 1] = 0x06;
		if (pc != 1)
			buf[n + 3] = 0x05;	/* read retry count */
		n += 8;
	}
	if (page == 0x2A || page == 0x3F) {
		u8 *p = buf + n;
		p[0] = 0x2A;
		p[1] = 0x12;
		if (pc != 1) {
			p[4] = 0x71;		/* audio play, composite, ports, multi-session */
			p[5] = 0x00;
			p[6] = 0x29 | (st->locked ? 0x02 : 0);	/* tray, eject, lock */
			put_be16(p + 8, 706);	/* maximum speed, KB/s (4x) */
			put_be16(p + 10, 0);	/* volume levels */
			put_be16(p + 12, 512);	/* buffer, KB */
			put_be16(p + 14, 706);	/* current speed */
		}
		n += 20;
	}
	if (n == 8)
		return invalid_field(st);
	put_be16(buf, n - 2);
	return reply(st, n, alloc);
}

/* One feature descriptor of GET CONFIGURATION; returns its length. */
static u32 feature(u8 *p, u32 code, struct disk *disk)
{
	put_be16(p, code);
	p[2] = 0x03;			/* persistent, current; version 0 */
	switch (code) {
	case 0x0000:			/* profile list: CD-ROM, current */
		p[3] = 4;
		put_be16(p + 4, PROFILE_CDROM);
		p[6] = 1;
		p[7] = 0;
		return 8;
	case 0x0001:			/* core: ATAPI */
		p[2] = 0x07;		/* version 1 */
		p[3] = 8;
		put_be32(p + 4, 2);
		p[8] = 1;		/* DBE */
		memset(p + 9, 0, 3);
		return 12;
	case 0x0002:			/* morphing */
		p[2] = 0x07;
		p[3] = 4;
		p[4] = 0x02;		/* OCEvent */
		memset(p + 5, 0, 3);
		return 8;
	case 0x0003:			/* removable medium: tray, eject, lock */
		p[3] = 4;
		p[4] = 0x29;
		memset(p + 5, 0, 3);
		return 8;
	case 0x0010:			/* random readable */
		p[3] = 8;
		put_be32(p + 4, ATAPI_SECTOR);
		put_be16(p + 8, 1);
		p[10] = 0;
		p[11] = 0;
		return 12;
	default:			/* 0x001E, CD read */
		(void)disk;
		p[2] = 0x0B;		/* version 2 */
		p[3] = 4;
		memset(p + 4, 0, 4);
		return 8;
	}
}

/* GET CONFIGURATION (MMC-3 6.6): the CD-ROM profile and its features. */
static int get_configuration(struct atapi_state *st, struct disk *disk, const u8 *cdb, u8 *buf)
{
	static const u16 features[] = { 0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001E };
	u32 rt = cdb[1] & 3, start = get_be16(cdb + 2), alloc = get_be16(cdb + 7), n = 8;
	if (rt == 3)
		return invalid_field(st);
	memset(buf, 0, 8);
	put_be16(buf + 6, PROFILE_CDROM);
	for (u32 i = 0; i < ARRAY_SIZE(features); i++) {
		if (features[i] < start || (rt == 2 && features[i] != start))
			continue;
		n += feature(buf + n, features[i], disk);
	}
	put_be32(buf, n - 4);
	return reply(st, n, alloc);
}

/* GET EVENT STATUS NOTIFICATION (MMC-3 6.7), polled only: media, no change. */
static int event_status(struct atapi_state *st, const u8 *cdb, u8 *buf)
{
	u32 alloc = get_be16(cdb + 7);
	if (!(cdb[1] & 1))		/* asynchronous notification is not supported */
		return invalid_field(st);
	memset(buf, 0, 8);
	buf[3] = 0x10;			/* supported classes: media */
	if (!(cdb[4] & 0x10)) {
		buf[2] = 0x80;		/* NEA: no requested class available */
		put_be16(buf, 2);
		return reply(st, 4, alloc);
	}
	buf[2] = 0x04;			/* media class */
	buf[4] = 0;			/* no change */
	buf[5] = 0x02;			/* media present, tray closed */
	put_be16(buf, 6);
	return reply(st, 8, alloc);
}

static int start_read(struct atapi_state *st, struct disk *disk, u32 lba, u32 count, u8 *buf,
		      u32 size)
{
	u32 cap = capacity(disk);
	if (lba > cap || count > cap - lba)
		return check(st, SK_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
	st->lba = lba;
	st->left = count;
	st->end = 0;
	return count ? atapi_read_more(st, disk, buf, size) : 0;
}

int atapi_read_more(struct atapi_state *st, struct disk *disk, u8 *buf, u32 size)
{
	u32 n = size / ATAPI_SECTOR;
	if (n > st->left)
		n = st->left;
	const u32 per = ATAPI_SECTOR / DISK_SECTOR;
	if (disk_read(disk, (u64)st->lba * per, n * per, buf))
		return check(st, 0x03, 0x11, 0);	/* MEDIUM ERROR, unrecovered read */
	st->lba += n;
	st->left -= n;
	st->end = n * ATAPI_SECTOR;
	return 0;
}

/* Fixed-width ASCII, space padded. */
static void put_str(u8 *p, const char *s, u32 n)
{
	size_t len = strlen(s);
	for (u32 i = 0; i < n; i++)
		p[i] = i < len ? (u8)s[i] : ' ';
}

int atapi_exec(struct atapi_state *st, struct disk *disk, const u8 cdb[12], u8 *buf, u32 size)
{
	u8 key = st->sense_key, asc = st->asc, ascq = st->ascq;
	st->sense_key = st->asc = st->ascq = 0;
	st->end = 0;
	st->left = 0;
	switch (cdb[0]) {
	case 0x00:			/* TEST UNIT READY: the medium is always in */
	case 0x2B:			/* SEEK(10) */
	case 0xBB:			/* SET CD SPEED */
		return 0;
	case 0x03:			/* REQUEST SENSE: the previous command's */
		memset(buf, 0, 18);
		buf[0] = 0x70;
		buf[2] = key;
		buf[7] = 10;
		buf[12] = asc;
		buf[13] = ascq;
		return reply(st, 18, cdb[4]);
	case 0x12:			/* INQUIRY */
		if (cdb[1] & 1)		/* vital product data pages: none */
			return invalid_field(st);
		memset(buf, 0, 36);
		buf[0] = 0x05;		/* CD/DVD device */
		buf[1] = 0x80;		/* removable */
		buf[2] = 0x00;
		buf[3] = 0x21;		/* ATAPI, response data format 1 */
		buf[4] = 31;
		put_str(buf + 8, "LUCID", 8);
		put_str(buf + 16, "LUCID386 CD-ROM", 16);
		put_str(buf + 32, "1.0", 4);
		return reply(st, 36, get_be16(cdb + 3));
	case 0x1B:			/* START STOP UNIT */
		if ((cdb[4] & 3) == 2 && st->locked)	/* eject while locked */
			return check(st, SK_ILLEGAL_REQUEST, ASC_REMOVAL_PREVENTED, 2);
		return 0;
	case 0x1E:			/* PREVENT ALLOW MEDIUM REMOVAL */
		st->locked = cdb[4] & 1;
		return 0;
	case 0x25: {			/* READ CAPACITY */
		u32 cap = capacity(disk);
		put_be32(buf, cap ? cap - 1 : 0);
		put_be32(buf + 4, ATAPI_SECTOR);
		return reply(st, 8, 8);
	}
	case 0x28:			/* READ(10) */
		return start_read(st, disk, get_be32(cdb + 2), get_be16(cdb + 7), buf, size);
	case 0xA8:			/* READ(12) */
		return start_read(st, disk, get_be32(cdb + 2), get_be32(cdb + 6), buf, size);
	case 0x43:
		return read_toc(st, disk, cdb, buf);
	case 0x46:
		return get_configuration(st, disk, cdb, buf);
	case 0x4A:
		return event_status(st, cdb, buf);
	case 0x51:			/* READ DISC INFORMATION: a finalised one-session disc */
		memset(buf, 0, 34);
		put_be16(buf, 32);
		buf[2] = 0x0E;		/* last session complete, disc finalised */
		buf[3] = 1;		/* first track */
		buf[4] = 1;		/* sessions */
		buf[5] = 1;		/* first track of the last session */
		buf[6] = 1;		/* last track of the last session */
		buf[8] = 0x00;		/* disc type: CD-ROM */
		memset(buf + 16, 0xFF, 8);	/* no lead-in/out start times known */
		return reply(st, 34, get_be16(cdb + 7));
	case 0x5A:
		return mode_sense(st, cdb, buf);
	default:
		return check(st, SK_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
	}
}

int atapi_check_image(struct disk *disk, char *err, size_t errlen)
{
	u8 pvd[DISK_SECTOR];
	u64 sectors = disk_sectors(disk);
	if (sectors % (ATAPI_SECTOR / DISK_SECTOR)) {
		snprintf(err, errlen, "its size is not a whole number of 2048-byte CD sectors");
		return -1;
	}
	if (sectors < 17 * (ATAPI_SECTOR / DISK_SECTOR) ||
	    disk_read(disk, 16 * (ATAPI_SECTOR / DISK_SECTOR), 1, pvd) ||
	    memcmp(pvd + 1, "CD001", 5)) {
		snprintf(err, errlen, "not an ISO 9660 image (no CD001 volume descriptor at sector 16)");
		return -1;
	}
	return 0;
}
