/* Sound Blaster 16: a driver's programming sequence, the DMA it feeds, the WAV it makes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "devices/sb16.h"
#include "emu/machine/sound.h"

static struct bus bus;
static struct clock clk;
static struct dma *dma;
static struct audio_mixer mixer;
static struct irq_line irq5;
static int irq_level, irq_edges;
static struct sb16 *sb;
static char wav_path[64];

static void on_irq(void *o, int n, int l)
{
	if (l && !irq_level)
		irq_edges++;
	irq_level = l;
}

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 4 << 20), 0);
	clock_init(&clk, 10000000);		/* 10 MIPS keeps the loops short */
	dma = dma_create(&bus);
	audio_mixer_init(&mixer, &clk);
	irq_init(&irq5, on_irq, NULL, 5);
	irq_level = irq_edges = 0;
	sb = sb16_create(&bus, &clk, &irq5, dma, &mixer, NULL);
	cr_assert(sb);
	snprintf(wav_path, sizeof(wav_path), "/tmp/lucid-sb16-%d.wav", getpid());
}

static void teardown(void)
{
	sb16_destroy(sb);
	dma_destroy(dma);
	bus_free(&bus);
	unlink(wav_path);
}

TestSuite(sb16, .init = setup, .fini = teardown);

static void out(u16 port, u8 v) { bus_io_write(&bus, port, v, 1); }
static u8 in(u16 port) { return bus_io_read(&bus, port, 1); }

static void dsp(u8 v)
{
	cr_assert_eq(in(0x22C) & 0x80, 0, "DSP ready for a write");
	out(0x22C, v);
}

static u8 dsp_read(void)
{
	cr_assert(in(0x22E) & 0x80, "DSP has data");
	return in(0x22A);
}

/* Run virtual time until icount reaches end, acknowledging SB interrupts as a handler would. */
static void run_until(u64 end)
{
	while (clock_next_deadline(&clk) <= end) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
		if (irq_level) {
			u8 st = bus_io_read(&bus, 0x224, 1);	/* keep index intact */
			out(0x224, 0x82);
			u8 which = in(0x225);
			out(0x224, st);
			if (which & 1)
				in(0x22E);
			if (which & 2)
				in(0x22F);
		}
	}
	clk.icount = end;
}

Test(sb16, reset_version_and_identification)
{
	out(0x226, 1);
	out(0x226, 0);
	cr_assert_eq(dsp_read(), 0xAA);
	dsp(0xE1);
	cr_assert_eq(dsp_read(), 4);
	cr_assert_eq(dsp_read(), 5);
	dsp(0xE0);
	dsp(0x5A);
	cr_assert_eq(dsp_read(), 0xA5);
	dsp(0xE4);
	dsp(0x77);
	dsp(0xE8);
	cr_assert_eq(dsp_read(), 0x77);
	dsp(0xD1);
	dsp(0xD8);
	cr_assert_eq(dsp_read(), 0xFF);
	dsp(0xD3);
	dsp(0xD8);
	cr_assert_eq(dsp_read(), 0x00);
	/* Forced interrupt and its acknowledge port. */
	dsp(0xF2);
	cr_assert_eq(irq_level, 1);
	out(0x224, 0x82);
	cr_assert_eq(in(0x225) & 3, 1);
	in(0x22E);
	cr_assert_eq(irq_level, 0);
	dsp(0xF3);
	cr_assert_eq(irq_level, 1);
	in(0x22F);
	cr_assert_eq(irq_level, 0);
}

Test(sb16, mixer_registers)
{
	out(0x224, 0x80);
	cr_assert_eq(in(0x225), 0x02, "IRQ 5 selected");
	out(0x224, 0x81);
	cr_assert_eq(in(0x225), 0x22, "DMA 1 and 5");
	out(0x224, 0x22);
	out(0x225, 0xFF);	/* SBPro master: both channels full */
	out(0x224, 0x30);
	cr_assert_eq(in(0x225) & 0xF8, 0xF8);
	out(0x224, 0x31);
	cr_assert_eq(in(0x225) & 0xF8, 0xF8);
	out(0x224, 0x00);
	out(0x225, 0x00);	/* reset */
	out(0x224, 0x30);
	cr_assert_eq(in(0x225), 0xC0);
}

Test(sb16, single_cycle_8bit_interrupt_after_the_block)
{
	/* 1000 bytes of 8-bit mono at 10 kHz: 100 ms, then one IRQ. */
	for (int i = 0; i < 1000; i++)
		bus.ram[0x10000 + i] = 0x80;
	out(0x0A, 0x05);
	out(0x0C, 0);
	out(0x0B, 0x49);
	out(0x02, 0x00); out(0x02, 0x00);
	out(0x83, 0x01);
	out(0x03, 0xE7); out(0x03, 0x03);	/* 999 */
	out(0x0A, 0x01);
	dsp(0x40);
	dsp(156);		/* 1e6 / (256 - 156) = 10000 Hz */
	dsp(0x14);
	dsp(0xE7);
	dsp(0x03);
	u64 t100ms = clock_ns_to_icount(&clk, 100000000);
	clk.icount = 0;
	while (clock_next_deadline(&clk) < t100ms - clock_ns_to_icount(&clk, 200000)) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
	}
	cr_assert_eq(irq_edges, 0, "not before the block is played");
	run_until(t100ms + clock_ns_to_icount(&clk, 1000000));
	cr_assert_eq(irq_edges, 1);
	cr_assert(dma_take_tc(dma, 1));
}

static struct audio_sink *open_sink(void)
{
	char err[200];
	struct audio_sink *s = wav_sink_open(wav_path, err, sizeof(err));
	cr_assert(s, "%s", err);
	return s;
}

Test(sb16, auto_init_16bit_playback_writes_what_dma_fed)
{
	/* A 2048-frame stereo ring buffer with a recognisable ramp, fed through DMA 5. */
	const u32 frames = 2048, phys = 0x40000;
	for (u32 i = 0; i < frames; i++) {
		st16(bus.ram + phys + 4 * i, (u16)(1000 + i * 7));
		st16(bus.ram + phys + 4 * i + 2, (u16)(-1000 - (s32)i * 3));
	}
	out(0xD4, 0x05);
	out(0xD8, 0);
	out(0xD6, 0x59);	/* single, read, auto-init, channel 5 */
	out(0xC4, (phys >> 1) & 0xFF);
	out(0xC4, (phys >> 9) & 0xFF);
	out(0x8B, (phys >> 16) & 0xFE);
	out(0xC6, (frames * 2 - 1) & 0xFF);
	out(0xC6, (frames * 2 - 1) >> 8);
	out(0xD4, 0x01);
	/* Full volume so the samples pass unchanged; speaker on. */
	out(0x224, 0x30); out(0x225, 0xF8);
	out(0x224, 0x31); out(0x225, 0xF8);
	out(0x224, 0x32); out(0x225, 0xF8);
	out(0x224, 0x33); out(0x225, 0xF8);
	dsp(0xD1);
	audio_set_sink(&mixer, open_sink());
	clk.icount += 12345;	/* start off the output grid */
	dsp(0x41);
	dsp(44100 >> 8);
	dsp(44100 & 0xFF);
	dsp(0xB6);		/* 16-bit, output, auto-init, FIFO */
	dsp(0x30);		/* signed stereo */
	u32 half = frames * 2 / 2 - 1;	/* interrupt every half buffer (in samples - 1) */
	dsp(half & 0xFF);
	dsp(half >> 8);
	run_until(clock_ns_to_icount(&clk, 300000000));	/* 300 ms */
	int edges_playing = irq_edges;
	dsp(0xD9);		/* exit auto-init after this block */
	run_until(clock_ns_to_icount(&clk, 400000000));
	int edges_after = irq_edges;
	run_until(clock_ns_to_icount(&clk, 500000000));
	cr_assert_eq(irq_edges, edges_after, "stopped after exit auto-init");
	audio_mixer_close(&mixer);
	/* 300 ms at 44.1 kHz is 13230 frames: about 12.9 half-buffers of 1024. */
	cr_assert(edges_playing >= 12 && edges_playing <= 13, "%d interrupts", edges_playing);

	struct wav_pcm pcm;
	char err[200];
	cr_assert_eq(wav_read(wav_path, &pcm, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(pcm.rate, 44100);
	u32 first = 0;
	while (first < pcm.frames && pcm.data[2 * first] == 0)
		first++;
	cr_assert(first < pcm.frames, "no sound in the WAV");
	u32 n = 0;
	for (u32 i = first; i < pcm.frames && (pcm.data[2 * i] || pcm.data[2 * i + 1]); i++, n++) {
		u32 k = n % frames;
		cr_assert_eq(pcm.data[2 * i], (s16)(1000 + k * 7), "frame %u left", n);
		cr_assert_eq(pcm.data[2 * i + 1], (s16)(-1000 - (s32)k * 3), "frame %u right", n);
	}
	cr_assert(n > 13000, "only %u frames played", n);
	wav_pcm_free(&pcm);
}

Test(sb16, recording_reads_the_input_file)
{
	/* An input file of 8 kHz mono ramps, recorded as 8-bit unsigned at 8 kHz. */
	struct wav_pcm in = { .rate = 8000, .frames = 400 };
	in.data = calloc(2 * in.frames, sizeof(s16));
	for (u32 i = 0; i < in.frames; i++)
		in.data[2 * i] = in.data[2 * i + 1] = (s16)((i % 100) * 256);
	struct bus b2;
	bus_init(&b2, 1 << 20);
	struct dma *d2 = dma_create(&b2);
	struct sb16 *rec = sb16_create(&b2, &clk, &irq5, d2, NULL, &in);
	bus_io_write(&b2, 0x0A, 0x05, 1);
	bus_io_write(&b2, 0x0C, 0, 1);
	bus_io_write(&b2, 0x0B, 0x45, 1);	/* write (device -> memory), channel 1 */
	bus_io_write(&b2, 0x02, 0, 1);
	bus_io_write(&b2, 0x02, 0, 1);
	bus_io_write(&b2, 0x83, 0x02, 1);
	bus_io_write(&b2, 0x03, 199, 1);
	bus_io_write(&b2, 0x03, 0, 1);
	bus_io_write(&b2, 0x0A, 0x01, 1);
	bus_io_write(&b2, 0x22C, 0x42, 1);
	bus_io_write(&b2, 0x22C, 8000 >> 8, 1);
	bus_io_write(&b2, 0x22C, 8000 & 0xFF, 1);
	bus_io_write(&b2, 0x22C, 0xC8, 1);	/* 8-bit input, single cycle */
	bus_io_write(&b2, 0x22C, 0x00, 1);	/* unsigned mono */
	bus_io_write(&b2, 0x22C, 199, 1);
	bus_io_write(&b2, 0x22C, 0, 1);
	irq_edges = 0;
	u64 end = clk.icount + clock_ns_to_icount(&clk, 30000000);
	while (clock_next_deadline(&clk) <= end) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
	}
	cr_assert_eq(irq_edges, 1);
	for (u32 i = 0; i < 200; i++)
		cr_assert_eq(b2.ram[0x20000 + i], (u8)(128 + i % 100), "byte %u", i);
	sb16_destroy(rec);
	dma_destroy(d2);
	bus_free(&b2);
	free(in.data);
}

Test(sound, board_helper_builds_and_reports_bad_files)
{
	struct bus b;
	struct clock c;
	char err[256], out[64];
	bus_init(&b, 1 << 20);
	clock_init(&c, 0);
	struct pit *pit = pit_create(&b, &c, NULL);
	struct sound *s = sound_create(&b, &c, pit, NULL, NULL, "/nonexistent/in.wav", err,
				       sizeof(err));
	cr_assert_null(s);
	cr_assert(strstr(err, "in.wav"), "%s", err);
	snprintf(out, sizeof(out), "/tmp/lucid-sound-%d.wav", getpid());
	s = sound_create(&b, &c, pit, NULL, out, NULL, err, sizeof(err));
	cr_assert(s, "%s", err);
	struct device *d[4];
	cr_assert_eq(sound_devices(s, d, 4), 3);
	cr_assert_str_eq(d[1]->name, "sb16");
	c.icount = clock_ns_to_icount(&c, 100000000);
	clock_run_due(&c);
	sound_destroy(s);
	struct wav_pcm pcm;
	cr_assert_eq(wav_read(out, &pcm, err, sizeof(err)), 0, "%s", err);
	cr_assert(pcm.frames > 0 && pcm.frames < 44100 / 10, "%u frames", pcm.frames);
	wav_pcm_free(&pcm);
	unlink(out);
	pit_destroy(pit);
	bus_free(&b);
}
