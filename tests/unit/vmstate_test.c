/*
 * Determinism invariants on the whole machine: two runs give the
 * same state digests at every check; saving at N, loading into a fresh
 * machine and running to M equals a straight run to M, with N mid-boot,
 * inside an interrupt handler, during a disk transfer and during a Sound
 * Blaster DMA transfer; snapshot files round-trip and damaged or foreign
 * ones are refused with a message naming the problem; SHA-256 against the
 * FIPS 180-4 example vectors.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/dma.h"
#include "devices/pic.h"
#include "emu/machine/machine.h"
#include "emu/lib/sha256.h"
#include "emu/machine/sound.h"
#include "emu/replay/timetravel.h"
#include "emu/replay/vmstate.h"

#define GUEST_IMG "build/images/lucid.img"
#define GUEST_BIOS "build/bios/bios.bin"
#define SB16_ROM "build/tests/devices/sb16.rom"

static void discard(void *opaque, const void *buf, size_t len) { }

static struct machine *make(const char *bios, const char *disk, u32 ram)
{
	char err[256];
	struct machine_config cfg = {
		.bios = bios, .disk = disk, .snapshot = true, .ram_size = ram,
		.cpu_model = CPU_P6, .rtc_base = 0, .no_reboot = true,
		.serial = { discard, NULL }, .debugcon = { discard, NULL },
	};
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	cr_assert_not_null(m, "%s", err);
	return m;
}

static struct machine *guest(void) { return make(GUEST_BIOS, GUEST_IMG, 64u << 20); }

/* Run to exactly icount n (the guest must not stop before). */
static void run_to(struct machine *m, u64 n)
{
	while (m->clock.icount < n) {
		enum machine_stop st = machine_run(m, n);
		cr_assert(st == MACHINE_LIMIT || m->clock.icount >= n,
			  "stopped early (%s) at %llu", machine_stop_name(st),
			  (unsigned long long)m->clock.icount);
	}
	cr_assert_eq(m->clock.icount, n);
}

static void assert_same(struct machine *m, struct vm_digest *a, struct vm_digest *b,
			const char *what)
{
	char diff[1024];
	cr_assert_eq(vm_digest_diff(m, a, b, diff, sizeof(diff)), 0, "%s: %s", what, diff);
	cr_assert_eq(vm_digest_sum(a), vm_digest_sum(b));
}

/* Save m at its current icount, finish the straight run to end, then load
 * the snapshot into a fresh machine and run it to end: same digest. */
static void check_resume(struct machine *(*mk)(void), struct machine *m, u64 end,
			 const char *what)
{
	struct snap_writer w;
	struct vm_digest at_save, loaded, straight, resumed;
	char err[256], msg[128];
	snap_writer_init(&w);
	vm_save(m, &w);
	cr_assert(!w.failed);
	vm_digest(m, &at_save);
	run_to(m, end);
	vm_digest(m, &straight);

	struct machine *m2 = mk();
	cr_assert_eq(vm_load(m2, w.buf, w.len, err, sizeof(err)), 0, "%s: %s", what, err);
	vm_digest(m2, &loaded);
	snprintf(msg, sizeof(msg), "%s, just loaded", what);
	assert_same(m2, &at_save, &loaded, msg);
	run_to(m2, end);
	vm_digest(m2, &resumed);
	assert_same(m, &straight, &resumed, what);
	machine_destroy(m2);
	snap_writer_free(&w);
}

Test(vmstate, sha256_fips_vectors)
{
	char hex[65];
	sha256_hex("abc", 3, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two, strlen(two), hex);
	cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* Split updates give the same result as one. */
	struct sha256 s;
	u8 d1[32], d2[32];
	sha256_init(&s);
	for (size_t i = 0; i < strlen(two); i++)
		sha256_update(&s, two + i, 1);
	sha256_final(&s, d1);
	sha256_init(&s);
	sha256_update(&s, two, strlen(two));
	sha256_final(&s, d2);
	cr_assert_eq(memcmp(d1, d2, 32), 0);
}

Test(vmstate, two_runs_identical_digests, .timeout = 60)
{
	struct machine *a = guest(), *b = guest();
	for (u64 n = 4000000; n <= 40000000; n += 4000000) {
		run_to(a, n);
		run_to(b, n);
		struct vm_digest da, db;
		vm_digest(a, &da);
		vm_digest(b, &db);
		char what[64];
		snprintf(what, sizeof(what), "at icount %llu", (unsigned long long)n);
		assert_same(a, &da, &db, what);
	}
	/* And the digest does see a difference: poke one byte of RAM. */
	struct vm_digest da, db;
	bus_mem_write(&b->bus, 0x123456, bus_mem_read(&b->bus, 0x123456, 1) ^ 1, 1);
	vm_digest(a, &da);
	vm_digest(b, &db);
	char diff[512];
	cr_assert_neq(vm_digest_diff(b, &da, &db, diff, sizeof(diff)), 0);
	cr_assert(strstr(diff, "RAM 00100000-"), "%s", diff);
	machine_destroy(a);
	machine_destroy(b);
}

Test(vmstate, resume_mid_boot, .timeout = 60)
{
	struct machine *m = guest();
	run_to(m, 3000000);		/* in the BIOS */
	check_resume(guest, m, 9000000, "mid-BIOS");
	run_to(m, 30000000);		/* in the kernel */
	check_resume(guest, m, 34000000, "mid-kernel");
	machine_destroy(m);
}

Test(vmstate, resume_inside_interrupt_handler, .timeout = 60)
{
	struct machine *m = guest();
	/* Step until an interrupt is in service at the master PIC. */
	run_to(m, 2000000);
	while (!pic_in_service(m->pic, 0) && m->clock.icount < 200000000)
		run_to(m, m->clock.icount + 7);
	cr_assert(pic_in_service(m->pic, 0), "no interrupt handler found");
	check_resume(guest, m, m->clock.icount + 2000000, "inside an interrupt handler");
	machine_destroy(m);
}

/* The ATA's "info" line names the sectors left in the running command. */
static char info_buf[2048];
static size_t info_len;

static void info_print(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(info_buf + info_len, sizeof(info_buf) - info_len, fmt, ap);
	va_end(ap);
	if (n > 0 && info_len + n < sizeof(info_buf))
		info_len += n;
}

static long ata_sectors_left(struct machine *m)
{
	struct device *d = machine_find_device(m, "ata");
	cr_assert(d && d->info);
	info_len = 0;
	info_buf[0] = 0;
	d->info(d->dev, info_print, NULL);
	const char *p = strstr(info_buf, " left ");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

Test(vmstate, resume_during_disk_transfer, .timeout = 60)
{
	struct machine *m = guest();
	/* The alternate status register (no side effects): BSY (the command
	 * taken, its data on the way) or DRQ (data waiting at the port), past
	 * the power-on BSY. Twice, some way apart. */
	int seen = 0;
	u64 first = 0;
	while (m->clock.icount < 2000000) {
		run_to(m, m->clock.icount + 5);
		if ((bus_io_read(&m->bus, 0x3F6, 1) & 0x88) || ata_sectors_left(m) > 0) {
			if (!first)
				first = m->clock.icount;
			check_resume(guest, m, m->clock.icount + 3000, "during a disk transfer");
			if (++seen == 2)
				break;
		}
	}
	cr_assert_eq(seen, 2, "no disk transfer found (first at %llu)", (unsigned long long)first);
	machine_destroy(m);
}

static struct machine *sb16_machine(void) { return make(SB16_ROM, NULL, 4u << 20); }

Test(vmstate, resume_during_sb16_dma)
{
	struct machine *m = sb16_machine();
	/* Wait for DMA channel 1 to be programmed and a little consumed. */
	while (dma_masked(m->sound->dma, 1) && m->clock.icount < 50000000)
		run_to(m, m->clock.icount + 11);
	cr_assert(!dma_masked(m->sound->dma, 1), "the ROM never unmasked DMA channel 1");
	run_to(m, m->clock.icount + 20000);
	cr_assert(!dma_masked(m->sound->dma, 1));
	/* Resume half-way and run the ROM to its end: same state, same exit. */
	struct snap_writer w;
	snap_writer_init(&w);
	vm_save(m, &w);
	enum machine_stop st = machine_run(m, CLOCK_NEVER);
	cr_assert_eq(st, MACHINE_EXIT);
	cr_assert_eq(m->exit_status, 67);
	struct vm_digest a, b;
	vm_digest(m, &a);
	struct machine *m2 = sb16_machine();
	char err[256];
	cr_assert_eq(vm_load(m2, w.buf, w.len, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(machine_run(m2, CLOCK_NEVER), MACHINE_EXIT);
	cr_assert_eq(m2->exit_status, 67);
	vm_digest(m2, &b);
	assert_same(m, &a, &b, "after an SB16 DMA transfer");
	snap_writer_free(&w);
	machine_destroy(m);
	machine_destroy(m2);
}

Test(vmstate, snapshot_file_round_trip_and_refusals, .timeout = 60)
{
	char path[] = "/tmp/lucid-vmXXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	struct machine *m = guest();
	run_to(m, 12000000);
	char err[256];
	cr_assert_eq(vm_save_file(m, path, err, sizeof(err)), 0, "%s", err);
	FILE *f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	/* Zero pages take no space: far less than 64 MiB. */
	cr_assert(size > 1000 && size < (8 << 20), "snapshot is %ld bytes", size);

	check_resume(guest, m, 15000000, "reference");	/* m is now at 15M */
	struct vm_digest straight, resumed;
	vm_digest(m, &straight);
	struct machine *m2 = guest();
	cr_assert_eq(vm_load_file(m2, path, err, sizeof(err)), 0, "%s", err);
	run_to(m2, 15000000);
	vm_digest(m2, &resumed);
	assert_same(m, &straight, &resumed, "through a file");

	/* Another configuration: refused, naming what differs. */
	struct machine *small = make(GUEST_BIOS, GUEST_IMG, 32u << 20);
	cr_assert_neq(vm_load_file(small, path, err, sizeof(err)), 0);
	cr_assert(strstr(err, "ram differs"), "%s", err);
	machine_destroy(small);

	/* Flipped bytes anywhere, truncation, another version: refused, no crash. */
	FILE *in = fopen(path, "rb");
	u8 *orig = malloc(size);
	cr_assert_eq(fread(orig, 1, size, in), (size_t)size);
	fclose(in);
	char bad[sizeof(path) + 8];
	snprintf(bad, sizeof(bad), "%s.bad", path);
	for (int i = 0; i < 40; i++) {
		long at = i == 0 ? 9 : (long)((u64)i * 2654435761u % (u64)size);
		orig[at] ^= 0x10;
		FILE *o = fopen(bad, "wb");
		fwrite(orig, 1, size, o);
		fclose(o);
		orig[at] ^= 0x10;
		cr_assert_neq(vm_load_file(m2, bad, err, sizeof(err)), 0, "flip at %ld loaded", at);
		cr_assert(strstr(err, "damaged") || strstr(err, "version") ||
			  strstr(err, "not a Lucid"), "flip at %ld: %s", at, err);
	}
	for (long cut = 0; cut < size; cut += size / 13 + 1) {
		FILE *o = fopen(bad, "wb");
		fwrite(orig, 1, cut, o);
		fclose(o);
		cr_assert_neq(vm_load_file(m2, bad, err, sizeof(err)), 0, "cut at %ld loaded", cut);
	}
	orig[8] = 99;
	FILE *o = fopen(bad, "wb");
	fwrite(orig, 1, size, o);
	fclose(o);
	cr_assert_neq(vm_load_file(m2, bad, err, sizeof(err)), 0);
	cr_assert(strstr(err, "version 99"), "%s", err);
	free(orig);
	remove(bad);
	remove(path);
	machine_destroy(m);
	machine_destroy(m2);
}

/* Time travel: from M, back to M-1 and further, each equal to a straight run. */
Test(vmstate, time_travel_back_equals_straight_run, .timeout = 60)
{
	struct machine *m = guest(), *ref = guest();
	char err[256];
	cr_assert_eq(tt_enable(m, 1000000, 64u << 20, err, sizeof(err)), 0, "%s", err);
	const u64 M = 26543210;
	run_to(m, M);
	u64 targets[] = { M - 1, M - 2, 20000001, 3333333, 3333334, M };
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		u64 ic = targets[i];
		cr_assert_eq(tt_seek(m, ic, err, sizeof(err)), 0, "seek %llu: %s",
			     (unsigned long long)ic, err);
		cr_assert_eq(m->clock.icount, ic);
		struct machine *s = guest();
		run_to(s, ic);
		struct vm_digest a, b;
		vm_digest(m, &a);
		vm_digest(s, &b);
		char what[64];
		snprintf(what, sizeof(what), "seek to %llu", (unsigned long long)ic);
		assert_same(m, &b, &a, what);
		machine_destroy(s);
	}
	/* The history is bounded and starts at the enable point. */
	u64 count, bytes, interval;
	tt_stats(m, &count, &bytes, &interval);
	cr_assert(count >= 2 && bytes <= (64u << 20) + (32u << 20), "%llu checkpoints, %llu bytes",
		  (unsigned long long)count, (unsigned long long)bytes);
	cr_assert_eq(tt_history_start(m), 0);
	machine_destroy(m);
	machine_destroy(ref);
}

/* A P6 with NX (-cpu p6,nx=on) keeps EFER in its snapshots (the "EFER"
 * section); a machine without NX refuses such a snapshot. */
static struct machine *make_nx(bool nx)
{
	char err[256];
	struct machine_config cfg = {
		.bios = GUEST_BIOS, .disk = GUEST_IMG, .snapshot = true, .ram_size = 64u << 20,
		.cpu_model = CPU_P6, .nx = nx, .no_reboot = true,
		.serial = { discard, NULL }, .debugcon = { discard, NULL },
	};
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	cr_assert_not_null(m, "%s", err);
	return m;
}

Test(vmstate, nx_efer_in_snapshots, .timeout = 60)
{
	struct machine *m = make_nx(true);
	run_to(m, 100000);
	m->cpu->efer = EFER_NXE;
	struct snap_writer w;
	snap_writer_init(&w);
	vm_save(m, &w);
	cr_assert(!w.failed);
	char err[256];
	struct machine *m2 = make_nx(true);
	cr_assert_eq(vm_load(m2, w.buf, w.len, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(m2->cpu->efer, EFER_NXE, "EFER.NXE came back");
	struct machine *m3 = make_nx(false);
	cr_assert_neq(vm_load(m3, w.buf, w.len, err, sizeof(err)), 0,
		      "a machine without NX refuses the snapshot");
	machine_destroy(m);
	machine_destroy(m2);
	machine_destroy(m3);
	snap_writer_free(&w);
}
