/*
 * Port and MMIO fuzzing of the VGA, 8042, ATA, DMA, Sound Blaster and
 * speaker together: random accesses of random widths, with virtual time and
 * host input in between, must never crash, and two runs from the same seed
 * must leave byte-identical device state (determinism).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "devices/ata.h"
#include "devices/dma.h"
#include "devices/i8042.h"
#include "devices/sb16.h"
#include "devices/speaker.h"
#include "devices/vga.h"

struct rig {
	struct bus bus;
	struct clock clk;
	struct input_queue in;
	struct audio_mixer mix;
	struct disk *disk;
	struct vga *vga;
	struct i8042 *kbc;
	struct ata *ata;
	struct dma *dma;
	struct sb16 *sb;
	struct pit *pit;
	struct speaker *spk;
	struct irq_line irq;
};

static void nop_irq(void *o, int n, int l) {}
static void nop_reset(void *o) {}

static void null_write(struct audio_sink *s, const s16 *f, u32 n, u32 r) {}
static void null_close(struct audio_sink *s) {}
static struct audio_sink null_sink = { null_write, null_close };

static char img[64];

static void rig_init(struct rig *r)
{
	char err[200];
	memset(r, 0, sizeof(*r));
	cr_assert_eq(bus_init(&r->bus, 2 << 20), 0);
	clock_init(&r->clk, 10000000);
	input_init(&r->in);
	audio_mixer_init(&r->mix, &r->clk);
	irq_init(&r->irq, nop_irq, NULL, 0);
	r->disk = disk_open(img, true, err, sizeof(err));
	cr_assert(r->disk, "%s", err);
	r->vga = vga_create(&r->bus, &r->clk);
	r->kbc = i8042_create(&r->bus, &r->clk, &r->in, &r->irq, &r->irq, nop_reset, NULL);
	r->ata = ata_create(&r->bus, &r->clk, &r->irq, r->disk);
	r->dma = dma_create(&r->bus);
	r->sb = sb16_create(&r->bus, &r->clk, &r->irq, r->dma, &r->mix, NULL);
	r->pit = pit_create(&r->bus, &r->clk, &r->irq);
	r->spk = speaker_create(r->pit, &r->clk, &r->mix);
	cr_assert(r->vga && r->kbc && r->ata && r->dma && r->sb && r->pit && r->spk);
	audio_set_sink(&r->mix, &null_sink);
}

static void rig_free(struct rig *r)
{
	audio_set_sink(&r->mix, NULL);
	speaker_destroy(r->spk);
	pit_destroy(r->pit);
	sb16_destroy(r->sb);
	dma_destroy(r->dma);
	ata_destroy(r->ata);
	i8042_destroy(r->kbc);
	vga_destroy(r->vga);
	disk_close(r->disk);
	input_free(&r->in);
	bus_free(&r->bus);
}

static u64 rng = 1;
static u32 next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)(rng >> 11);
}

/* Ports that belong to the devices under test. */
static u16 pick_port(void)
{
	static const u16 base[] = { 0x00, 0xC0, 0x81, 0x60, 0x64, 0x1F0, 0x3F6, 0x220,
				    0x3B0, 0x3C0, 0x3D0, 0x40, 0x61 };
	static const u16 len[] = { 16, 32, 15, 1, 1, 8, 1, 16, 16, 16, 16, 4, 1 };
	int i = next() % ARRAY_SIZE(base);
	return base[i] + next() % len[i];
}

static void fuzz(struct rig *r, u64 seed, int ops)
{
	rng = seed;
	for (int k = 0; k < ops; k++) {
		u32 op = next() % 100, size = 1u << (next() % 3);
		if (op < 40) {
			bus_io_write(&r->bus, pick_port(), next(), size);
		} else if (op < 75) {
			bus_io_read(&r->bus, pick_port(), size);
		} else if (op < 85) {
			u32 a = 0xA0000 + next() % 0x20000;
			if (next() & 1)
				bus_mem_write(&r->bus, a, next(), size);
			else
				bus_mem_read(&r->bus, a, size);
		} else if (op < 92) {
			r->clk.icount += next() % 20000;
			clock_run_due(&r->clk);
		} else {
			struct input_event ev = { .icount = INPUT_ASAP };
			ev.type = (next() & 1) ? INPUT_KEY : INPUT_MOUSE;
			ev.a = ev.type == INPUT_KEY ? next() % 130 : next() % 200 - 100;
			ev.b = ev.type == INPUT_KEY ? next() & 1 : next() % 200 - 100;
			ev.c = next() & 0xFF1F;
			input_push(&r->in, &ev);
			input_deliver(&r->in, r->clk.icount);
		}
	}
}

static void save_all(struct rig *r, struct snap_writer *w)
{
	struct device *d[] = { vga_device(r->vga), i8042_device(r->kbc), ata_device(r->ata),
			       dma_device(r->dma), sb16_device(r->sb), speaker_device(r->spk) };
	for (unsigned i = 0; i < ARRAY_SIZE(d); i++)
		d[i]->save(d[i]->dev, w);
}

static void make_img(void)
{
	snprintf(img, sizeof(img), "/tmp/lucid-fuzz-%d.img", getpid());
	FILE *f = fopen(img, "wb");
	static u8 zero[512 * 64];
	fwrite(zero, 1, sizeof(zero), f);
	fclose(f);
}

Test(devfuzz, random_accesses_never_crash_and_are_deterministic, .timeout = 60)
{
	make_img();
	struct rig *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	rig_init(a);
	rig_init(b);
	fuzz(a, 0x1234567, 1500000);
	fuzz(b, 0x1234567, 1500000);
	struct snap_writer wa, wb;
	snap_writer_init(&wa);
	snap_writer_init(&wb);
	save_all(a, &wa);
	save_all(b, &wb);
	cr_assert_eq(wa.len, wb.len);
	cr_assert(!memcmp(wa.buf, wb.buf, wa.len), "two identical runs diverged");
	cr_assert(!memcmp(a->bus.ram, b->bus.ram, a->bus.ram_size), "RAM diverged (DMA)");
	/* And the saved state loads back into the other rig. */
	struct snap_reader rd;
	snap_reader_init(&rd, wa.buf, wa.len);
	struct device *d[] = { vga_device(b->vga), i8042_device(b->kbc), ata_device(b->ata),
			       dma_device(b->dma), sb16_device(b->sb), speaker_device(b->spk) };
	for (unsigned i = 0; i < ARRAY_SIZE(d); i++)
		cr_assert_eq(d[i]->load(d[i]->dev, &rd), 0, "%s: %s", d[i]->name, rd.error);
	snap_writer_free(&wa);
	snap_writer_free(&wb);
	rig_free(a);
	rig_free(b);
	free(a);
	free(b);
	/* The image was opened with -snapshot semantics: still all zeros. */
	FILE *f = fopen(img, "rb");
	u8 buf[512];
	while (fread(buf, 1, 512, f) == 512)
		for (int i = 0; i < 512; i++)
			cr_assert_eq(buf[i], 0);
	fclose(f);
	unlink(img);
}
