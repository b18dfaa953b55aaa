/* The ATAPI CD-ROM (devices/ata.c's packet protocol, devices/atapi.c's
 * commands) as the secondary master: the signature, IDENTIFY PACKET DEVICE,
 * the PACKET handshake, DRQ blocks bounded by the byte count limit, sense
 * data after a bad command, the MMC replies Linux and GRUB ask for, and the
 * snapshot section with a CD-ROM. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "devices/ata.h"
#include "devices/atapi.h"

#define BASE 0x170
#define CTL 0x376
#define CD_SECTORS 40

static struct bus bus;
static struct clock clk;
static struct irq_line irq14, irq15;
static int level15, edges15;
static struct disk *cd;
static struct ata *ata;
static char path[64];
static u8 data[CD_SECTORS * 2048];

static void on_irq(void *o, int n, int lv)
{
	if (n == 15 && lv && !level15)
		edges15++;
	if (n == 15)
		level15 = lv;
}

/* An ISO-like image: sector k's bytes are (k * 7 + i) & 0xFF, CD001 at 16. */
static void setup(void)
{
	char err[256];
	snprintf(path, sizeof(path), "/tmp/lucid-atapi-%d.iso", getpid());
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	u8 sec[2048];
	for (u32 k = 0; k < CD_SECTORS; k++) {
		for (int i = 0; i < 2048; i++)
			sec[i] = (k * 7 + i) & 0xFF;
		if (k == 16)
			memcpy(sec + 1, "CD001", 5);
		fwrite(sec, 1, sizeof(sec), f);
	}
	fclose(f);
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 0);
	irq_init(&irq14, on_irq, NULL, 14);
	irq_init(&irq15, on_irq, NULL, 15);
	level15 = edges15 = 0;
	cd = disk_open_mode(path, false, true, err, sizeof(err));
	cr_assert(cd, "%s", err);
	cr_assert_eq(atapi_check_image(cd, err, sizeof(err)), 0, "%s", err);
	struct disk *disks[ATA_DRIVES] = { NULL, NULL, cd, NULL };
	ata = ata_create_mixed(&bus, &clk, &irq14, &irq15, disks, 1u << 2);
	cr_assert(ata);
}

static void teardown(void)
{
	ata_destroy(ata);
	disk_close(cd);
	unlink(path);
	bus_free(&bus);
}

static void run_until_idle(void)
{
	for (int k = 0; k < 10 && (bus_io_read(&bus, CTL, 1) & 0x80); k++) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
	}
	cr_assert_eq(bus_io_read(&bus, CTL, 1) & 0x80, 0, "still busy");
}

static u8 reg(int off) { return bus_io_read(&bus, BASE + off, 1); }

/*
 * Send cdb with byte count limit `limit`; read every DRQ block into data
 * (checking each block's length against the limit). Returns the bytes
 * read; *status gets the final status, blocks the number of DRQ blocks.
 */
static u32 packet(const u8 cdb[12], u16 limit, u8 *status, int *blocks)
{
	bus_io_write(&bus, BASE + 6, 0xA0, 1);
	bus_io_write(&bus, BASE + 1, 0, 1);
	bus_io_write(&bus, BASE + 4, limit & 0xFF, 1);
	bus_io_write(&bus, BASE + 5, limit >> 8, 1);
	bus_io_write(&bus, BASE + 7, 0xA0, 1);
	cr_assert_eq(reg(7) & 0x88, 0x08, "DRQ for the packet");
	cr_assert_eq(reg(2) & 3, 1, "interrupt reason CoD");
	for (int i = 0; i < 12; i += 2)
		bus_io_write(&bus, BASE, cdb[i] | cdb[i + 1] << 8, 2);
	u32 n = 0;
	int b = 0;
	for (;;) {
		run_until_idle();
		u8 st = reg(7);
		if (!(st & 0x08)) {
			*status = st;
			cr_assert_eq(reg(2) & 3, 3, "completion: IO and CoD");
			break;
		}
		cr_assert_eq(reg(2) & 3, 2, "data: IO");
		u32 len = reg(4) | reg(5) << 8;
		u32 max = limit ? limit & ~1u : 0xFFFE;
		cr_assert(len > 0 && len <= max, "block of %u, limit %u", len, limit);
		cr_assert(n + len <= sizeof(data));
		for (u32 i = 0; i < len; i += 2) {
			u16 w = bus_io_read(&bus, BASE, 2);
			data[n + i] = w;
			data[n + i + 1] = w >> 8;
		}
		n += len;
		b++;
	}
	if (blocks)
		*blocks = b;
	return n;
}

static u32 be32(const u8 *p) { return (u32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

Test(atapi, signature_and_identify, .init = setup, .fini = teardown)
{
	bus_io_write(&bus, BASE + 6, 0xA0, 1);
	cr_assert_eq(reg(4), 0x14);
	cr_assert_eq(reg(5), 0xEB);
	cr_assert_eq(reg(7), 0x00, "DRDY clear after reset");
	/* IDENTIFY DEVICE aborts, leaving the signature */
	bus_io_write(&bus, BASE + 7, 0xEC, 1);
	cr_assert_eq(reg(7) & 0x01, 1);
	cr_assert_eq(reg(1) & 0x04, 0x04);
	cr_assert_eq(reg(4), 0x14);
	cr_assert_eq(reg(5), 0xEB);
	bus_io_write(&bus, BASE + 7, 0xA1, 1);
	run_until_idle();
	cr_assert_eq(reg(7) & 0x09, 0x08);
	u16 id[256];
	for (int i = 0; i < 256; i++)
		id[i] = bus_io_read(&bus, BASE, 2);
	cr_assert_eq(id[0], 0x85C0, "ATAPI CD-ROM, removable, 12-byte packets");
	cr_assert_eq(id[82] & 0x10, 0x10, "PACKET feature set");
	/* SRST: the signature again, status 0 */
	bus_io_write(&bus, CTL, 0x06, 1);
	bus_io_write(&bus, CTL, 0x02, 1);
	cr_assert_eq(reg(4), 0x14);
	cr_assert_eq(reg(5), 0xEB);
	cr_assert_eq(reg(7), 0x00);
}

Test(atapi, read10_in_blocks_no_longer_than_the_limit, .init = setup, .fini = teardown)
{
	u8 cdb[12] = { 0x28, 0, 0, 0, 0, 3, 0, 0, 5 };	/* READ(10) LBA 3, 5 sectors */
	u8 st;
	int blocks;
	u32 n = packet(cdb, 0x1000, &st, &blocks);
	cr_assert_eq(n, 5 * 2048);
	cr_assert_eq(st & 0x01, 0);
	cr_assert_eq(blocks, 3, "4096 + 4096 + 2048");
	for (u32 i = 0; i < n; i++)
		cr_assert_eq(data[i], ((3 + i / 2048) * 7 + i % 2048) & 0xFF, "byte %u", i);
	/* an odd limit is taken as one less; 0 as FFFEh */
	n = packet(cdb, 0x0801, &st, &blocks);
	cr_assert_eq(blocks, 5);
	n = packet(cdb, 0, &st, &blocks);
	cr_assert_eq(n, 5 * 2048);
	cr_assert_eq(blocks, 1);
	/* READ(12), across the end of the 64-sector buffer refill */
	u8 cdb12[12] = { 0xA8, 0, 0, 0, 0, 0, 0, 0, 0, CD_SECTORS };
	n = packet(cdb12, 0xF800, &st, &blocks);
	cr_assert_eq(n, CD_SECTORS * 2048);
	cr_assert_eq(data[39 * 2048 + 5], (39 * 7 + 5) & 0xFF);
}

Test(atapi, errors_leave_sense, .init = setup, .fini = teardown)
{
	u8 bad[12] = { 0xFF };
	u8 st;
	int e = edges15;
	cr_assert_eq(packet(bad, 2048, &st, NULL), 0);
	cr_assert_eq(st & 0x01, 1, "CHECK CONDITION");
	cr_assert_eq(reg(1) >> 4, 5, "ILLEGAL REQUEST in the error register");
	cr_assert_gt(edges15, e, "completion interrupt on IRQ15");
	u8 sense[12] = { 0x03, 0, 0, 0, 18 };
	cr_assert_eq(packet(sense, 2048, &st, NULL), 18);
	cr_assert_eq(data[0], 0x70);
	cr_assert_eq(data[2], 5);
	cr_assert_eq(data[12], 0x20, "INVALID COMMAND OPERATION CODE");
	/* the sense is read once: the next REQUEST SENSE finds none */
	packet(sense, 2048, &st, NULL);
	cr_assert_eq(data[2], 0);
	/* a read past the end */
	u8 past[12] = { 0x28, 0, 0, 0, 0, CD_SECTORS - 1, 0, 0, 2 };
	packet(past, 2048, &st, NULL);
	cr_assert_eq(st & 0x01, 1);
	packet(sense, 2048, &st, NULL);
	cr_assert_eq(data[12], 0x21, "LOGICAL BLOCK ADDRESS OUT OF RANGE");
}

Test(atapi, the_replies_linux_and_grub_read, .init = setup, .fini = teardown)
{
	u8 st;
	u8 tur[12] = { 0 };
	cr_assert_eq(packet(tur, 2048, &st, NULL), 0);
	cr_assert_eq(st & 0x01, 0, "TEST UNIT READY: ready");
	u8 inq[12] = { 0x12, 0, 0, 0, 36 };
	cr_assert_eq(packet(inq, 2048, &st, NULL), 36);
	cr_assert_eq(data[0], 0x05, "CD/DVD device");
	cr_assert_eq(data[1], 0x80, "removable");
	cr_assert(!memcmp(data + 16, "LUCID386 CD-ROM ", 16));
	u8 cap[12] = { 0x25 };
	cr_assert_eq(packet(cap, 2048, &st, NULL), 8);
	cr_assert_eq(be32(data), CD_SECTORS - 1);
	cr_assert_eq(be32(data + 4), 2048);
	u8 toc[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 100 };
	cr_assert_eq(packet(toc, 2048, &st, NULL), 20, "header + track 1 + lead-out");
	cr_assert_eq(data[2], 1);
	cr_assert_eq(data[3], 1);
	cr_assert_eq(data[5], 0x14, "data track");
	cr_assert_eq(data[14], 0xAA);
	cr_assert_eq(be32(data + 16), CD_SECTORS, "lead-out at the end");
	toc[1] = 2;			/* MSF: 40 sectors + 150 = 0:02:40 */
	packet(toc, 2048, &st, NULL);
	cr_assert_eq(data[17], 0);
	cr_assert_eq(data[18], 2);
	cr_assert_eq(data[19], 40);
	u8 ms[12] = { 0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 100 };
	cr_assert_eq(packet(ms, 2048, &st, NULL), 28);
	cr_assert_eq(data[8], 0x2A);
	u8 cfg[12] = { 0x46, 2, 0, 0, 0, 0, 0, 0, 100 };	/* the profile list alone */
	cr_assert_eq(packet(cfg, 2048, &st, NULL), 16);
	cr_assert_eq(data[6] << 8 | data[7], 0x0008, "current profile: CD-ROM");
	u8 gesn[12] = { 0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8 };
	cr_assert_eq(packet(gesn, 2048, &st, NULL), 8);
	cr_assert_eq(data[2], 0x04, "media class");
	cr_assert_eq(data[5], 0x02, "media present");
	gesn[1] = 0;			/* asynchronous: refused */
	packet(gesn, 2048, &st, NULL);
	cr_assert_eq(st & 0x01, 1);
	/* a locked tray does not eject */
	u8 lock[12] = { 0x1E, 0, 0, 0, 1 }, eject[12] = { 0x1B, 0, 0, 0, 2 };
	packet(lock, 2048, &st, NULL);
	packet(eject, 2048, &st, NULL);
	cr_assert_eq(st & 0x01, 1);
	/* short allocation lengths cut replies */
	inq[4] = 5;
	cr_assert_eq(packet(inq, 2048, &st, NULL), 5);
}

Test(atapi, snapshot_keeps_a_transfer_in_flight, .init = setup, .fini = teardown)
{
	/* stop in the middle of the second block of a READ, save, disturb, load */
	u8 cdb[12] = { 0x28, 0, 0, 0, 0, 2, 0, 0, 3 };
	bus_io_write(&bus, BASE + 6, 0xA0, 1);
	bus_io_write(&bus, BASE + 4, 0x00, 1);
	bus_io_write(&bus, BASE + 5, 0x08, 1);
	bus_io_write(&bus, BASE + 7, 0xA0, 1);
	for (int i = 0; i < 12; i += 2)
		bus_io_write(&bus, BASE, cdb[i] | cdb[i + 1] << 8, 2);
	run_until_idle();
	for (int i = 0; i < 1024; i++)
		bus_io_read(&bus, BASE, 2);
	run_until_idle();
	for (int i = 0; i < 10; i++)
		bus_io_read(&bus, BASE, 2);
	struct snap_writer w;
	snap_writer_init(&w);
	ata_device(ata)->save(ata, &w);
	for (int i = 0; i < 100; i++)
		bus_io_read(&bus, BASE, 2);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(ata_device(ata)->load(ata, &r), 0, "%s", r.error);
	u16 wd = bus_io_read(&bus, BASE, 2);
	u32 off = 2048 + 20;		/* sector 3, byte 20 */
	cr_assert_eq(wd & 0xFF, (3 * 7 + off % 2048) & 0xFF);
	snap_writer_free(&w);
}

/* xorshift32: the fuzz tests' fixed-seed randomness */
static u32 rnd_state = 0x12345678;
static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

Test(atapi, random_packets_always_complete, .init = setup, .fini = teardown)
{
	static const u8 ops[] = { 0x00, 0x03, 0x12, 0x1B, 0x1E, 0x25, 0x28, 0xA8, 0x43, 0x46,
				  0x4A, 0x51, 0x5A, 0x2B, 0xBB, 0xBD, 0x1A, 0xFF };
	for (int k = 0; k < 3000; k++) {
		u8 cdb[12], st;
		for (int i = 0; i < 12; i++)
			cdb[i] = rnd();
		cdb[0] = ops[rnd() % sizeof(ops)];
		if (cdb[0] == 0x28 || cdb[0] == 0xA8) {	/* mostly in range, small */
			cdb[2] = cdb[3] = cdb[4] = 0;
			cdb[5] = rnd() % (CD_SECTORS + 4);
			cdb[6] = cdb[7] = cdb[8] = 0;
			cdb[cdb[0] == 0x28 ? 8 : 9] = rnd() % 8;
		}
		u32 n = packet(cdb, rnd() & 0xFFFF, &st, NULL);
		cr_assert_leq(n, sizeof(data));
		cr_assert_eq(st & 0x80, 0);
	}
}

Test(atapi, random_register_traffic_is_harmless, .init = setup, .fini = teardown)
{
	static const u16 ports[] = { BASE, BASE + 1, BASE + 2, BASE + 3, BASE + 4, BASE + 5,
				     BASE + 6, BASE + 7, CTL };
	for (int k = 0; k < 200000; k++) {
		u16 p = ports[rnd() % ARRAY_SIZE(ports)];
		int size = p == BASE ? 2 : 1;
		if (rnd() & 1)
			bus_io_read(&bus, p, size);
		else
			bus_io_write(&bus, p, p == BASE + 7 ? (rnd() & 1 ? 0xA0 : rnd()) : rnd(), size);
		if (!(k % 64) && clock_next_deadline(&clk) != CLOCK_NEVER) {
			clk.icount = clock_next_deadline(&clk);
			clock_run_due(&clk);
		}
	}
	/* still a working drive afterwards */
	bus_io_write(&bus, CTL, 0x06, 1);
	bus_io_write(&bus, CTL, 0x02, 1);
	u8 cap[12] = { 0x25 }, st;
	cr_assert_eq(packet(cap, 2048, &st, NULL), 8);
	cr_assert_eq(be32(data), CD_SECTORS - 1);
}
