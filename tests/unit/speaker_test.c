/* PC speaker: PIT channel 2 tones and port 0x61 reach the audio mix. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "devices/speaker.h"

struct mem_sink {
	struct audio_sink sink;
	s16 *buf;
	u32 n, cap;
};

static void mem_write(struct audio_sink *s, const s16 *f, u32 n, u32 rate)
{
	struct mem_sink *m = (struct mem_sink *)s;
	if (m->n + n > m->cap) {
		m->cap = (m->n + n) * 2;
		m->buf = realloc(m->buf, m->cap * 4);
	}
	memcpy(m->buf + 2 * m->n, f, n * 4);
	m->n += n;
}

static void mem_close(struct audio_sink *s) { (void)s; }

static struct bus bus;
static struct clock clk;
static struct pit *pit;
static struct audio_mixer mixer;
static struct speaker *spk;
static struct mem_sink sink = { .sink = { mem_write, mem_close } };

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 10000000);
	pit = pit_create(&bus, &clk, NULL);
	cr_assert(pit);
	audio_mixer_init(&mixer, &clk);
	spk = speaker_create(pit, &clk, &mixer);
	sink.n = 0;
	audio_set_sink(&mixer, &sink.sink);
}

static void teardown(void)
{
	audio_mixer_close(&mixer);
	speaker_destroy(spk);
	pit_destroy(pit);
	bus_free(&bus);
	free(sink.buf);
	sink.buf = NULL;
	sink.cap = 0;
}

TestSuite(speaker, .init = setup, .fini = teardown);

static void run_ms(u64 ms)
{
	u64 end = clk.icount + clock_ns_to_icount(&clk, ms * 1000000);
	while (clock_next_deadline(&clk) <= end) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
	}
	clk.icount = end;
}

static int crossings(u32 from, u32 to)
{
	int n = 0;
	for (u32 i = from + 1; i < to && i < sink.n; i++)
		n += (sink.buf[2 * i] > 0) != (sink.buf[2 * i - 2] > 0);
	return n;
}

static void beep(u32 hz)
{
	u32 count = PIT_HZ / hz;
	bus_io_write(&bus, 0x43, 0xB6, 1);	/* channel 2, LSB+MSB, mode 3 */
	bus_io_write(&bus, 0x42, count & 0xFF, 1);
	bus_io_write(&bus, 0x42, count >> 8, 1);
	bus_io_write(&bus, 0x61, bus_io_read(&bus, 0x61, 1) | 3, 1);
}

Test(speaker, a_tone_becomes_a_square_wave_of_its_frequency)
{
	run_ms(50);
	u32 silent_end = sink.n;
	for (u32 i = 0; i < silent_end; i++)
		cr_assert_eq(sink.buf[2 * i], 0, "silence before the beep");
	beep(1000);
	run_ms(200);
	bus_io_write(&bus, 0x61, bus_io_read(&bus, 0x61, 1) & ~3, 1);
	u32 beep_start = sink.n;
	run_ms(100);
	/* Some window fully inside the tone: 1000 Hz is 2000 crossings a second. */
	u32 a = silent_end + 4410, b = a + 4410;	/* 100 ms */
	int c = crossings(a, b);
	cr_assert(c >= 196 && c <= 204, "%d crossings in 100 ms", c);
	int amp = 0;
	for (u32 i = a; i < b; i++)
		amp = abs(sink.buf[2 * i]) > amp ? abs(sink.buf[2 * i]) : amp;
	cr_assert_eq(amp, SPEAKER_AMPLITUDE);
	/* After the speaker is turned off, silence again. */
	run_ms(100);
	cr_assert(sink.n > beep_start + 4410);
	for (u32 i = sink.n - 2205; i < sink.n; i++)
		cr_assert_eq(sink.buf[2 * i], 0);
}

Test(speaker, a_different_tone_has_a_different_pitch)
{
	beep(440);
	run_ms(300);
	u32 a = sink.n - 4410 * 2;
	int c = crossings(a, a + 4410);
	cr_assert(c >= 86 && c <= 90, "%d crossings for 440 Hz", c);
}
