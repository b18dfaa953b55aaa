/* ATA with several devices: the slave, the secondary channel, absent
 * devices, SRST on a channel, and the snapshot section for each layout. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "devices/ata.h"

static struct bus bus;
static struct clock clk;
static struct irq_line irq14, irq15;
static int level[16], edges[16];
static struct disk *disks[ATA_DRIVES];
static struct ata *ata;
static char paths[ATA_DRIVES][64];

static const u16 base[ATA_DRIVES] = { 0x1F0, 0x1F0, 0x170, 0x170 };
static const u16 ctl[ATA_DRIVES] = { 0x3F6, 0x3F6, 0x376, 0x376 };

static void on_irq(void *o, int n, int lv)
{
	if (lv && !level[n])
		edges[n]++;
	level[n] = lv;
}

/* Image i: n sectors, sector k filled with (k + 0x40 * i) & 0xFF. */
static void make_image(int i, u32 n)
{
	snprintf(paths[i], sizeof(paths[i]), "/tmp/lucid-atam-%d-%d.img", getpid(), i);
	FILE *f = fopen(paths[i], "wb");
	cr_assert(f);
	u8 sec[512];
	for (u32 k = 0; k < n; k++) {
		memset(sec, (k + 0x40 * i) & 0xFF, sizeof(sec));
		fwrite(sec, 1, sizeof(sec), f);
	}
	fclose(f);
}

/* A machine with the drives whose bit is set in mask. */
static void build(unsigned mask)
{
	char err[256];
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 0);
	irq_init(&irq14, on_irq, NULL, 14);
	irq_init(&irq15, on_irq, NULL, 15);
	memset(level, 0, sizeof(level));
	memset(edges, 0, sizeof(edges));
	for (int i = 0; i < ATA_DRIVES; i++) {
		disks[i] = NULL;
		if (!(mask >> i & 1))
			continue;
		make_image(i, 1024 * (i + 1));
		disks[i] = disk_open(paths[i], true, err, sizeof(err));
		cr_assert(disks[i], "%s", err);
	}
	ata = ata_create_drives(&bus, &clk, &irq14, &irq15, disks);
	cr_assert(ata);
}

static void all4(void) { build(0xF); }

static void teardown(void)
{
	ata_destroy(ata);
	for (int i = 0; i < ATA_DRIVES; i++) {
		disk_close(disks[i]);
		if (paths[i][0])
			unlink(paths[i]);
		paths[i][0] = 0;
	}
	bus_free(&bus);
}

static void run_until_idle(int i)
{
	for (int k = 0; k < 10 && (bus_io_read(&bus, ctl[i], 1) & 0x80); k++) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
	}
	cr_assert_eq(bus_io_read(&bus, ctl[i], 1) & 0x80, 0, "drive %d still busy", i);
}

static void select_drive(int i)
{
	bus_io_write(&bus, base[i] + 6, 0xE0 | (i & 1) << 4, 1);
}

/* READ (0x20) or WRITE (0x30) SECTORS, one sector at LBA lba, on drive i. */
static void rw_cmd(int i, u32 lba, u8 cmd)
{
	select_drive(i);
	bus_io_write(&bus, base[i] + 2, 1, 1);
	bus_io_write(&bus, base[i] + 3, lba & 0xFF, 1);
	bus_io_write(&bus, base[i] + 4, lba >> 8 & 0xFF, 1);
	bus_io_write(&bus, base[i] + 5, lba >> 16 & 0xFF, 1);
	bus_io_write(&bus, base[i] + 7, cmd, 1);
}

static u8 read_sector_byte(int i, u32 lba)
{
	rw_cmd(i, lba, 0x20);
	run_until_idle(i);
	cr_assert_eq(bus_io_read(&bus, base[i] + 7, 1) & 0x09, 0x08, "drive %d: DRQ, no ERR", i);
	u16 first = bus_io_read(&bus, base[i], 2);
	for (int k = 1; k < 256; k++)
		bus_io_read(&bus, base[i], 2);
	return first & 0xFF;
}

Test(ata_multi, each_drive_reads_its_own_image_on_its_own_irq, .init = all4, .fini = teardown)
{
	for (int i = 0; i < ATA_DRIVES; i++) {
		int line = i < 2 ? 14 : 15, other = i < 2 ? 15 : 14;
		int e = edges[line], eo = edges[other];
		cr_assert_eq(read_sector_byte(i, 7), (7 + 0x40 * i) & 0xFF, "drive %d", i);
		cr_assert_eq(edges[line], e + 1, "drive %d interrupts on IRQ%d", i, line);
		cr_assert_eq(edges[other], eo, "drive %d leaves IRQ%d alone", i, other);
	}
	/* IDENTIFY gives each drive's own size. */
	for (int i = 0; i < ATA_DRIVES; i++) {
		select_drive(i);
		bus_io_write(&bus, base[i] + 7, 0xEC, 1);
		run_until_idle(i);
		u16 id[256];
		for (int k = 0; k < 256; k++)
			id[k] = bus_io_read(&bus, base[i], 2);
		cr_assert_eq(id[60], 1024 * (i + 1), "drive %d size", i);
	}
}

Test(ata_multi, a_write_to_the_slave_leaves_the_master_alone, .init = all4, .fini = teardown)
{
	rw_cmd(1, 9, 0x30);
	cr_assert(bus_io_read(&bus, 0x1F7, 1) & 0x08, "DRQ for the data");
	for (int k = 0; k < 256; k++)
		bus_io_write(&bus, 0x1F0, 0x7777, 2);
	run_until_idle(1);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1) & 0x01, 0);
	cr_assert_eq(disk_overlay_sectors(disks[1]), 1);
	cr_assert_eq(disk_overlay_sectors(disks[0]), 0);
	cr_assert_eq(read_sector_byte(1, 9), 0x77);
	cr_assert_eq(read_sector_byte(0, 9), 9);
}

static void master_only(void) { build(0x1); }

Test(ata_multi, absent_devices_and_an_empty_channel, .init = master_only, .fini = teardown)
{
	/* the secondary channel has no device: everything reads 0 */
	for (u16 p = 0x171; p <= 0x177; p++)
		cr_assert_eq(bus_io_read(&bus, p, 1), 0, "port %x", p);
	cr_assert_eq(bus_io_read(&bus, 0x376, 1), 0);
	cr_assert_eq(bus_io_read(&bus, 0x170, 2), 0);
	bus_io_write(&bus, 0x176, 0xA0, 1);
	bus_io_write(&bus, 0x177, 0xEC, 1);
	cr_assert_eq(bus_io_read(&bus, 0x177, 1), 0, "IDENTIFY to nobody");
	cr_assert_eq(edges[15], 0);

	/* the absent slave: status 0, the master answers the other registers
	 * (so what Linux's probe writes reads back), and commands go nowhere */
	bus_io_write(&bus, 0x1F6, 0xB0, 1);
	bus_io_write(&bus, 0x1F2, 0x55, 1);
	bus_io_write(&bus, 0x1F3, 0xAA, 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1), 0);
	cr_assert_eq(bus_io_read(&bus, 0x3F6, 1), 0);
	cr_assert_eq(bus_io_read(&bus, 0x1F2, 1), 0x55);
	cr_assert_eq(bus_io_read(&bus, 0x1F3, 1), 0xAA);
	bus_io_write(&bus, 0x1F7, 0xEC, 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1), 0);
	cr_assert_eq(edges[14], 0, "an absent device never interrupts");
	/* back on the master, which saw none of it */
	bus_io_write(&bus, 0x1F6, 0xA0, 1);
	cr_assert_eq(bus_io_read(&bus, 0x1F7, 1), 0x50);
	cr_assert_eq(read_sector_byte(0, 3), 3);
}

Test(ata_multi, srst_resets_both_devices_with_their_signature, .init = all4, .fini = teardown)
{
	/* leave the slave mid-read and the master with changed registers */
	rw_cmd(1, 4, 0x20);
	run_until_idle(1);
	bus_io_write(&bus, 0x1F6, 0xA0, 1);
	bus_io_write(&bus, 0x1F2, 0x33, 1);
	bus_io_write(&bus, 0x3F6, 0x04, 1);	/* SRST */
	cr_assert(bus_io_read(&bus, 0x3F6, 1) & 0x80);
	bus_io_write(&bus, 0x3F6, 0x00, 1);
	for (int d = 0; d < 2; d++) {
		bus_io_write(&bus, 0x1F6, 0xA0 | d << 4, 1);
		cr_assert_eq(bus_io_read(&bus, 0x1F7, 1), 0x50, "device %d ready, no DRQ", d);
		cr_assert_eq(bus_io_read(&bus, 0x1F1, 1), 0x01, "device %d diagnostics", d);
		cr_assert_eq(bus_io_read(&bus, 0x1F2, 1), 1);
		cr_assert_eq(bus_io_read(&bus, 0x1F3, 1), 1);
		cr_assert_eq(bus_io_read(&bus, 0x1F4, 1), 0);
		cr_assert_eq(bus_io_read(&bus, 0x1F5, 1), 0);
	}
	/* the secondary channel was not reset: its registers stand */
	bus_io_write(&bus, 0x172, 0x21, 1);
	bus_io_write(&bus, 0x3F6, 0x04, 1);
	bus_io_write(&bus, 0x3F6, 0x00, 1);
	cr_assert_eq(bus_io_read(&bus, 0x172, 1), 0x21);
	/* nIEN on one channel masks its devices only */
	bus_io_write(&bus, 0x3F6, 0x02, 1);
	int e14 = edges[14], e15 = edges[15];
	read_sector_byte(1, 2);
	read_sector_byte(3, 2);
	cr_assert_eq(edges[14], e14);
	cr_assert_eq(edges[15], e15 + 1);
}

/* Save the device; the section's version (the first in the stream). */
static u32 save_version(struct snap_writer *w)
{
	snap_writer_init(w);
	ata_device(ata)->save(ata, w);
	return ld32(w->buf + 4);
}

Test(ata_multi, one_master_saves_version_1_others_version_2, .init = master_only,
     .fini = teardown)
{
	struct snap_writer w;
	cr_assert_eq(save_version(&w), 1);
	/* the old layout: the whole drive state as one section */
	u32 len1 = ld32(w.buf + 8);
	snap_writer_free(&w);
	teardown();
	build(0x3);
	cr_assert_eq(save_version(&w), 2);
	cr_assert_eq(ld32(w.buf + 8), 1 + 2 * len1, "mask and two states");
	snap_writer_free(&w);
}

Test(ata_multi, two_disks_round_trip_and_refuse_another_layout, .init = all4, .fini = teardown)
{
	/* a write in the secondary slave's overlay and a read left mid-way */
	rw_cmd(3, 11, 0x30);
	for (int k = 0; k < 256; k++)
		bus_io_write(&bus, 0x170, 0x4242, 2);
	run_until_idle(3);
	rw_cmd(2, 5, 0x20);
	run_until_idle(2);
	struct snap_writer w;
	cr_assert_eq(save_version(&w), 2);
	/* change everything, then load */
	bus_io_write(&bus, 0x376, 0x04, 1);
	bus_io_write(&bus, 0x376, 0x00, 1);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(ata_device(ata)->load(ata, &r), 0, "%s", r.error);
	bus_io_write(&bus, 0x176, 0xE0, 1);
	cr_assert_eq(bus_io_read(&bus, 0x177, 1) & 0x08, 0x08, "the read's DRQ is back");
	cr_assert_eq(bus_io_read(&bus, 0x170, 2) & 0xFF, (5 + 0x80) & 0xFF);
	for (int k = 1; k < 256; k++)
		bus_io_read(&bus, 0x170, 2);
	cr_assert_eq(read_sector_byte(3, 11), 0x42, "the overlay came back");

	/* a machine with other disks refuses it with a reason */
	struct snap_writer w2 = w;
	teardown();
	build(0x3);
	snap_reader_init(&r, w2.buf, w2.len);
	cr_assert_neq(ata_device(ata)->load(ata, &r), 0);
	cr_assert(strstr(r.error, "differ"), "%s", r.error);
	snap_writer_free(&w2);
}
