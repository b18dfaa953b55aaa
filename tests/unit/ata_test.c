/* ATA disk: driven through its ports the way a PIO driver does. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices/ata.h"

static struct bus bus;
static struct clock clk;
static struct irq_line irq;
static int irq_level, irq_edges;
static struct disk *disk;
static struct ata *ata;
static char path[64];

static void on_irq(void *o, int n, int level)
{
	if (level && !irq_level)
		irq_edges++;
	irq_level = level;
}

/* A temporary image of n sectors, sector k filled with the byte k & 0xFF. */
static void make_image(u32 n)
{
	snprintf(path, sizeof(path), "/tmp/lucid-ata-%d.img", getpid());
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	u8 sec[512];
	for (u32 k = 0; k < n; k++) {
		memset(sec, k & 0xFF, sizeof(sec));
		fwrite(sec, 1, sizeof(sec), f);
	}
	fclose(f);
}

static void setup_with(bool snapshot)
{
	char err[256];
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 0);
	irq_init(&irq, on_irq, NULL, 14);
	irq_level = irq_edges = 0;
	make_image(2048);
	disk = disk_open(path, snapshot, err, sizeof(err));
	cr_assert(disk, "%s", err);
	ata = ata_create(&bus, &clk, &irq, disk);
	cr_assert(ata);
}

static void setup(void) { setup_with(false); }
static void setup_snap(void) { setup_with(true); }

static void teardown(void)
{
	ata_destroy(ata);
	disk_close(disk);
	bus_free(&bus);
	unlink(path);
}

/* Let virtual time pass until the drive is no longer busy. */
static void wait_ready(void)
{
	for (int i = 0; i < 10 && (bus_io_read(&bus, 0x3F6, 1) & 0x80); i++) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
	}
	cr_assert_eq(bus_io_read(&bus, 0x3F6, 1) & 0x80, 0, "still busy");
}

static void lba28(u32 lba, u8 count, u8 cmd)
{
	bus_io_write(&bus, 0x1F6, 0xE0 | (lba >> 24), 1);
	bus_io_write(&bus, 0x1F2, count, 1);
	bus_io_write(&bus, 0x1F3, lba & 0xFF, 1);
	bus_io_write(&bus, 0x1F4, (lba >> 8) & 0xFF, 1);
	bus_io_write(&bus, 0x1F5, (lba >> 16) & 0xFF, 1);
	bus_io_write(&bus, 0x1F7, cmd, 1);
}

TestSuite(ata, .init = setup, .fini = teardown);

Test(ata, identify_reports_geometry_and_strings)
{
	bus_io_write(&bus, 0x1F6, 0xA0, 1);
	bus_io_write(&bus, 0x1F7, 0xEC, 1);
	cr_assert(bus_io_read(&bus, 0x3F6, 1) & 0x80, "BSY right after the command");
	cr_assert_eq(irq_edges, 0);
	wait_ready();
	cr_assert_eq(irq_edges, 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x08, 0x08);
	cr_assert_eq(irq_level, 0, "reading status clears INTRQ");
	u16 id[256];
	for (int i = 0; i < 256; i++)
		id[i] = bus_io_read(&bus, 0x1F0, 2);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x08, 0, "DRQ clear after 512 bytes");
	cr_assert_eq(id[1], 2);			/* 2048 / (16 * 63) */
	cr_assert_eq(id[3], 16);
	cr_assert_eq(id[6], 63);
	cr_assert_eq(id[60] | (u32)id[61] << 16, 2048);
	cr_assert_eq(id[100], 2048);
	cr_assert(id[83] & (1 << 10), "LBA48 supported");
	char model[41];
	for (int i = 0; i < 20; i++) {
		model[2 * i] = id[27 + i] >> 8;
		model[2 * i + 1] = id[27 + i] & 0xFF;
	}
	model[40] = 0;
	cr_assert(!strncmp(model, "LUCID386 HARDDISK   ", 20), "model '%s'", model);
	u8 sum = 0;
	for (int i = 0; i < 256; i++)
		sum += (id[i] & 0xFF) + (id[i] >> 8);
	cr_assert_eq(sum, 0, "IDENTIFY checksum");
}

Test(ata, write_then_read_round_trip_through_the_file)
{
	lba28(100, 2, 0x30);
	cr_assert(bus_io_read(&bus, 0x1F7, 1) & 0x08, "DRQ for the first block at once");
	for (int i = 0; i < 256; i++) {
		if (i == 128) {	/* the drive takes the first sector, then asks for more */
			wait_ready();
			cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x89, 0x08);
		}
		bus_io_write(&bus, 0x1F0, 0xA5A50000u | i, 4);	/* 32-bit data port */
	}
	wait_ready();
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x89, 0, "done, no error");
	cr_assert_eq(irq_edges, 2, "one interrupt per written sector");

	/* The file holds it now. */
	FILE *f = fopen(path, "rb");
	u8 sec[512];
	fseek(f, 101 * 512, SEEK_SET);
	cr_assert_eq(fread(sec, 1, 512, f), 512);
	fclose(f);
	cr_assert_eq(ld32(sec), 0xA5A50080u);

	/* And reading it back (plus the untouched sector after) agrees. */
	lba28(100, 3, 0x20);
	u8 back[3 * 512];
	for (int s = 0; s < 3; s++) {
		wait_ready();
		u8 st = bus_io_read(&bus, 0x1F7, 1);
		cr_assert_eq(st & 0x09, 0x08, "DRQ without ERR, status %02x", st);
		for (int i = 0; i < 256; i++)
			st16(back + s * 512 + 2 * i, bus_io_read(&bus, 0x1F0, 2));
	}
	cr_assert_eq(ld32(back), 0xA5A50000u);
	cr_assert_eq(ld32(back + 512 + 4 * 127), 0xA5A500FFu);
	cr_assert_eq(back[1024], 102);
}

Test(ata, out_of_range_read_reports_idnf)
{
	lba28(2047, 2, 0x20);		/* the second sector is past the end */
	u8 st = bus_io_read(&bus, 0x1F7, 1);
	cr_assert_eq(st & 0x01, 0x01, "ERR, status %02x", st);
	cr_assert_eq(bus_io_read(&bus, 0x1F1, 1), 0x10, "IDNF");
	cr_assert_eq(bus_io_read(&bus, 0x1F0, 2), 0xFFFF, "no data to read");
	/* LBA48 with a huge address too. */
	bus_io_write(&bus, 0x1F6, 0x40, 1);
	bus_io_write(&bus, 0x1F2, 0, 1);
	bus_io_write(&bus, 0x1F2, 1, 1);
	bus_io_write(&bus, 0x1F3, 0x12, 1);
	bus_io_write(&bus, 0x1F3, 0, 1);
	for (int r = 0x1F4; r <= 0x1F5; r++) {
		bus_io_write(&bus, r, 0x34, 1);
		bus_io_write(&bus, r, 0, 1);
	}
	bus_io_write(&bus, 0x1F7, 0x24, 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x01, 0x01);
	cr_assert_eq(bus_io_read(&bus, 0x1F1, 1), 0x10);
}

Test(ata, lba48_and_read_multiple)
{
	bus_io_write(&bus, 0x1F2, 4, 1);
	bus_io_write(&bus, 0x1F7, 0xC6, 1);	/* SET MULTIPLE MODE 4 */
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x01, 0);
	irq_edges = 0;
	/* READ MULTIPLE EXT of 6 sectors at 1000: blocks of 4 then 2. */
	bus_io_write(&bus, 0x1F6, 0x40, 1);
	bus_io_write(&bus, 0x1F2, 0, 1);
	bus_io_write(&bus, 0x1F2, 6, 1);
	bus_io_write(&bus, 0x1F3, 0, 1);
	bus_io_write(&bus, 0x1F3, 1000 & 0xFF, 1);
	bus_io_write(&bus, 0x1F4, 0, 1);
	bus_io_write(&bus, 0x1F4, 1000 >> 8, 1);
	bus_io_write(&bus, 0x1F5, 0, 1);
	bus_io_write(&bus, 0x1F5, 0, 1);
	bus_io_write(&bus, 0x1F7, 0x29, 1);
	int words = 0, blocks = 0;
	u8 last = 0;
	while (words < 6 * 256) {
		wait_ready();
		cr_assert(bus_io_read(&bus, 0x1F7, 1) & 0x08);
		blocks++;
		while (bus_io_read(&bus, 0x3F6, 1) & 0x08) {
			u16 w = bus_io_read(&bus, 0x1F0, 2);
			if (words % 256 == 0)
				cr_assert_eq(w & 0xFF, (1000 + words / 256) & 0xFF);
			last = w;
			words++;
		}
	}
	cr_assert_eq(blocks, 2);
	cr_assert_eq(irq_edges, 2, "one interrupt per block");
	cr_assert_eq(last, 1005 & 0xFF);
	/* HOB read-back of the last sector address. */
	cr_assert_eq(bus_io_read(&bus, 0x1F3, 1), 1005 & 0xFF);
	cr_assert_eq(bus_io_read(&bus, 0x1F4, 1), 1005 >> 8);
}

Test(ata, chs_read_uses_the_geometry)
{
	/* C/H/S 0/1/1 is LBA 63. */
	bus_io_write(&bus, 0x1F6, 0xA1, 1);
	bus_io_write(&bus, 0x1F2, 1, 1);
	bus_io_write(&bus, 0x1F3, 1, 1);
	bus_io_write(&bus, 0x1F4, 0, 1);
	bus_io_write(&bus, 0x1F5, 0, 1);
	bus_io_write(&bus, 0x1F7, 0x20, 1);
	wait_ready();
	cr_assert_eq(bus_io_read(&bus, 0x1F0, 1) & 0xFF, 63);
	/* Sector 0 is invalid in CHS. */
	bus_io_write(&bus, 0x1F3, 0, 1);
	bus_io_write(&bus, 0x1F7, 0x20, 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F1, 1), 0x10);
}

Test(ata, nien_masks_and_srst_resets)
{
	bus_io_write(&bus, 0x3F6, 0x02, 1);	/* nIEN */
	lba28(0, 1, 0x20);
	wait_ready();
	cr_assert_eq(irq_edges, 0);
	bus_io_write(&bus, 0x3F6, 0x06, 1);	/* SRST */
	cr_assert(bus_io_read(&bus, 0x3F6, 1) & 0x80);
	bus_io_write(&bus, 0x3F6, 0x00, 1);
	cr_assert_eq(bus_io_read(&bus, 0x3F6, 1), 0x50);
	cr_assert_eq(bus_io_read(&bus, 0x1F2, 1), 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F3, 1), 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F1, 1), 1);
	/* The absent slave's status reads 0; the master answers its other registers. */
	bus_io_write(&bus, 0x1F6, 0xB0, 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1), 0);
	cr_assert_eq(bus_io_read(&bus, 0x3F6, 1), 0);
	cr_assert_eq(bus_io_read(&bus, 0x1F1, 1), 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F6, 1), 0xB0);
}

Test(ata_snapshot, writes_stay_in_the_overlay, .init = setup_snap, .fini = teardown)
{
	struct stat before, after;
	cr_assert_eq(stat(path, &before), 0);
	lba28(5, 1, 0x30);
	for (int i = 0; i < 256; i++)
		bus_io_write(&bus, 0x1F0, 0xBEEF, 2);
	wait_ready();
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x01, 0);
	bus_io_write(&bus, 0x1F7, 0xE7, 1);	/* FLUSH CACHE */
	wait_ready();
	cr_assert_eq(disk_overlay_sectors(disk), 1);
	/* The guest sees its write... */
	lba28(5, 1, 0x20);
	wait_ready();
	cr_assert_eq(bus_io_read(&bus, 0x1F0, 2), 0xBEEF);
	/* ...the file does not. */
	FILE *f = fopen(path, "rb");
	u8 sec[512];
	fseek(f, 5 * 512, SEEK_SET);
	cr_assert_eq(fread(sec, 1, 512, f), 512);
	fclose(f);
	for (int i = 0; i < 512; i++)
		cr_assert_eq(sec[i], 5);
	cr_assert_eq(stat(path, &after), 0);
	cr_assert_eq(before.st_mtime, after.st_mtime);

	/* The overlay survives save and load into a fresh disk. */
	struct snap_writer w;
	snap_writer_init(&w);
	ata_device(ata)->save(ata, &w);
	char err[256];
	struct disk *d2 = disk_open(path, true, err, sizeof(err));
	cr_assert(d2);
	struct bus bus2;
	bus_init(&bus2, 1 << 20);
	struct ata *a2 = ata_create(&bus2, &clk, NULL, d2);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(ata_device(a2)->load(a2, &r), 0, "%s", r.error);
	u8 buf[512];
	cr_assert_eq(disk_read(d2, 5, 1, buf), 0);
	cr_assert_eq(ld16(buf), 0xBEEF);
	ata_destroy(a2);
	disk_close(d2);
	bus_free(&bus2);
	snap_writer_free(&w);
}

Test(disk, bad_images_are_refused_clearly)
{
	char err[256];
	cr_assert_null(disk_open("/nonexistent/x.img", false, err, sizeof(err)));
	cr_assert(strstr(err, "cannot open"), "%s", err);
	char p[64];
	snprintf(p, sizeof(p), "/tmp/lucid-odd-%d.img", getpid());
	FILE *f = fopen(p, "wb");
	fputs("not a sector", f);
	fclose(f);
	cr_assert_null(disk_open(p, false, err, sizeof(err)));
	cr_assert(strstr(err, "multiple of 512"), "%s", err);
	f = fopen(p, "wb");
	fclose(f);
	cr_assert_null(disk_open(p, true, err, sizeof(err)));
	unlink(p);
}
