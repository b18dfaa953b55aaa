/*
 * Audio: devices (the Sound Blaster, the PC speaker) are sources that a mixer
 * asks, every AUDIO_PERIOD_FRAMES of virtual time, to add their contribution
 * for a window of output frames (44.1 kHz, stereo); the mixed frames go to a
 * sink: the WAV writer (emu/board/wav.c) for -audio-out, or a host audio device.
 *
 * Everything is on the virtual clock. The mixer renders a window only
 * AUDIO_LATENCY_NS after its end, so sources render from state they reached
 * on their own timers: having a sink or not never changes what the guest
 * sees. Without a sink the mixer's timer is not even armed.
 */
#ifndef LUCID_AUDIO_H
#define LUCID_AUDIO_H

#include "emu/board/clock.h"
#include "emu/lib/types.h"

#define AUDIO_RATE 44100u
#define AUDIO_PERIOD_FRAMES 441u	/* 10 ms */
#define AUDIO_LATENCY_NS 20000000u	/* 20 ms */
#define AUDIO_MAX_SOURCES 4

/* Receives interleaved stereo s16 frames at rate; close flushes and frees it. */
struct audio_sink {
	void (*write)(struct audio_sink *s, const s16 *frames, u32 n, u32 rate);
	void (*close)(struct audio_sink *s);
};

/*
 * Add n stereo frames (acc[2 * i], acc[2 * i + 1]) for output frames
 * first .. first + n - 1; output frame f is at virtual time f / AUDIO_RATE s.
 */
typedef void audio_render_fn(void *opaque, s32 *acc, u32 n, u64 first);

struct audio_mixer {
	struct clock *clock;
	struct timer timer;
	u64 frame;			/* first output frame not yet rendered */
	struct audio_sink *sink;
	int n_src;
	audio_render_fn *render[AUDIO_MAX_SOURCES];
	void *opaque[AUDIO_MAX_SOURCES];
};

void audio_mixer_init(struct audio_mixer *m, struct clock *clock);
int audio_add_source(struct audio_mixer *m, audio_render_fn *fn, void *opaque);
/* Drop the sources added with opaque (a device's destroy). */
void audio_remove_source(struct audio_mixer *m, const void *opaque);
/* Start sending to sink (owned by the mixer from now on; NULL stops). */
void audio_set_sink(struct audio_mixer *m, struct audio_sink *sink);
/* Render what is complete up to now and close the sink (at exit). */
void audio_mixer_close(struct audio_mixer *m);

/* The virtual time (ns) of output frame f, rounded up. */
static inline u64 audio_frame_ns(u64 f)
{
	return (u64)(((unsigned __int128)f * 1000000000u + AUDIO_RATE - 1) / AUDIO_RATE);
}

#endif
