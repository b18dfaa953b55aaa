/* The audio mixer (see audio.h). */
#include <stdlib.h>
#include <string.h>

#include "emu/board/audio.h"

static void render_window(struct audio_mixer *m, u32 n)
{
	s32 acc[2 * AUDIO_PERIOD_FRAMES];
	s16 out[2 * AUDIO_PERIOD_FRAMES];
	memset(acc, 0, sizeof(acc[0]) * 2 * n);
	for (int i = 0; i < m->n_src; i++)
		m->render[i](m->opaque[i], acc, n, m->frame);
	for (u32 i = 0; i < 2 * n; i++)
		out[i] = acc[i] > 32767 ? 32767 : acc[i] < -32768 ? -32768 : (s16)acc[i];
	if (m->sink)
		m->sink->write(m->sink, out, n, AUDIO_RATE);
	m->frame += n;
}

static void arm(struct audio_mixer *m)
{
	u64 ns = audio_frame_ns(m->frame + AUDIO_PERIOD_FRAMES) + AUDIO_LATENCY_NS;
	timer_mod(m->clock, &m->timer, clock_ns_to_icount(m->clock, ns));
}

static void mixer_tick(void *opaque)
{
	struct audio_mixer *m = opaque;
	render_window(m, AUDIO_PERIOD_FRAMES);
	arm(m);
}

void audio_mixer_init(struct audio_mixer *m, struct clock *clock)
{
	memset(m, 0, sizeof(*m));
	m->clock = clock;
	timer_init(&m->timer, "audio", mixer_tick, m);
}

int audio_add_source(struct audio_mixer *m, audio_render_fn *fn, void *opaque)
{
	if (m->n_src >= AUDIO_MAX_SOURCES)
		return -1;
	m->render[m->n_src] = fn;
	m->opaque[m->n_src] = opaque;
	m->n_src++;
	return 0;
}

void audio_remove_source(struct audio_mixer *m, const void *opaque)
{
	int w = 0;
	for (int i = 0; i < m->n_src; i++) {
		if (m->opaque[i] == opaque)
			continue;
		m->render[w] = m->render[i];
		m->opaque[w] = m->opaque[i];
		w++;
	}
	m->n_src = w;
}

void audio_set_sink(struct audio_mixer *m, struct audio_sink *sink)
{
	if (m->sink && m->sink != sink)
		m->sink->close(m->sink);
	m->sink = sink;
	if (!sink) {
		timer_del(m->clock, &m->timer);
		return;
	}
	/* Start at the current time: nothing before it is owed to this sink. */
	u64 ns = clock_ns(m->clock);
	m->frame = (u64)((unsigned __int128)ns * AUDIO_RATE / 1000000000u);
	arm(m);
}

void audio_mixer_close(struct audio_mixer *m)
{
	if (!m->sink)
		return;
	/* Whole windows that the latency rule allows by now. */
	while (audio_frame_ns(m->frame + AUDIO_PERIOD_FRAMES) + AUDIO_LATENCY_NS <=
	       clock_ns(m->clock))
		render_window(m, AUDIO_PERIOD_FRAMES);
	timer_del(m->clock, &m->timer);
	m->sink->close(m->sink);
	m->sink = NULL;
}
