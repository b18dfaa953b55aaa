/*
 * The PC speaker (IBM PC/AT Technical Reference, "Speaker"): the cone is
 * driven by PIT channel 2's OUT ANDed with port 0x61 bit 1; bit 0 gates the
 * counter. The PIT (devices/pit.c, which owns port 0x61) tells us whenever
 * either changes; we note each change with its virtual time, and the audio
 * mixer later asks for a window of output, which we synthesise from those
 * notes: a square wave where channel 2 runs in mode 3 with both bits set,
 * otherwise the line's steady level (so toggling bit 1 by hand, the old
 * one-bit PCM trick, works too). Tones above 20 kHz are inaudible and come
 * out as silence rather than as aliases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/speaker.h"

#define NOTES 64

enum { SPK_OFF, SPK_LEVEL, SPK_SQUARE };

struct spk_note {
	u64 icount;		/* when this state began */
	u8 kind;		/* SPK_* */
	u8 level;		/* SPK_LEVEL: the line is high */
	u16 pad;		/* explicit, so saved notes hold no stray bytes */
	u32 period;		/* SPK_SQUARE: PIT ticks per cycle */
	u64 load_tick;		/* SPK_SQUARE: PIT tick at which the count started */
};

struct speaker_state {
	struct spk_note note[NOTES];	/* ring of state changes, oldest first */
	u32 first, count;
};

struct speaker {
	struct device dev;
	struct pit *pit;
	struct clock *clock;
	struct audio_mixer *mixer;	/* NULL: silent */
	struct speaker_state s;
};

static struct spk_note current(struct speaker *sp)
{
	struct spk_note n = { .icount = sp->clock->icount };
	struct pit_speaker ps;
	pit_speaker(sp->pit, &ps);
	if (!ps.data_on) {
		n.kind = SPK_OFF;
	} else if (ps.square) {
		n.kind = SPK_SQUARE;
		n.period = ps.period;
		n.load_tick = ps.load_tick;
	} else {
		n.kind = SPK_LEVEL;
		n.level = ps.level;
	}
	return n;
}

static void speaker_changed(void *opaque)
{
	struct speaker *sp = opaque;
	struct speaker_state *s = &sp->s;
	struct spk_note n = current(sp);
	if (s->count) {
		struct spk_note *last = &s->note[(s->first + s->count - 1) % NOTES];
		if (last->kind == n.kind && last->level == n.level && last->period == n.period &&
		    last->load_tick == n.load_tick)
			return;
		if (last->icount == n.icount) {
			*last = n;
			return;
		}
	}
	if (s->count == NOTES) {	/* forget the oldest: it is long rendered */
		s->first = (s->first + 1) % NOTES;
		s->count--;
	}
	s->note[(s->first + s->count++) % NOTES] = n;
}

static s32 sample(struct speaker *sp, const struct spk_note *n, u64 icount)
{
	switch (n->kind) {
	case SPK_LEVEL:
		return n->level ? SPEAKER_AMPLITUDE : -SPEAKER_AMPLITUDE;
	case SPK_SQUARE: {
		if (n->period < PIT_HZ / 20000)
			return 0;
		u64 tick = (u64)((unsigned __int128)icount * PIT_HZ / sp->clock->ips);
		u64 e = tick >= n->load_tick ? tick - n->load_tick : 0;
		return e % n->period < (n->period + 1) / 2 ? SPEAKER_AMPLITUDE : -SPEAKER_AMPLITUDE;
	}
	}
	return 0;
}

static void speaker_render(void *opaque, s32 *acc, u32 nframes, u64 first)
{
	struct speaker *sp = opaque;
	struct speaker_state *s = &sp->s;
	if (!s->count)
		return;
	u32 idx = 0;		/* index (from s->first) of the note in effect */
	for (u32 i = 0; i < nframes; i++) {
		u64 ic = clock_ns_to_icount(sp->clock, audio_frame_ns(first + i));
		while (idx + 1 < s->count && s->note[(s->first + idx + 1) % NOTES].icount <= ic)
			idx++;
		const struct spk_note *n = &s->note[(s->first + idx) % NOTES];
		if (n->icount > ic)
			continue;	/* before anything was noted: silence */
		s32 v = sample(sp, n, ic);
		acc[2 * i] += v;
		acc[2 * i + 1] += v;
	}
	/* Notes before the one in effect are no longer needed. */
	s->first = (s->first + idx) % NOTES;
	s->count -= idx;
}

static void speaker_reset(void *dev)
{
	struct speaker *sp = dev;
	memset(&sp->s, 0, sizeof(sp->s));
}

static void speaker_save(void *dev, struct snap_writer *w)
{
	struct speaker *sp = dev;
	snap_put_section(w, "SPKR", 1, &sp->s, sizeof(sp->s));
}

static int speaker_load(void *dev, struct snap_reader *r)
{
	struct speaker *sp = dev;
	struct speaker_state s;
	if (snap_get_section(r, "SPKR", 1, &s, sizeof(s)))
		return -1;
	if (s.first >= NOTES || s.count > NOTES) {
		snprintf(r->error, sizeof(r->error), "speaker: bad note ring");
		return -1;
	}
	sp->s = s;
	return 0;
}

static void speaker_info(void *dev, void (*print)(void *, const char *, ...), void *ctx)
{
	struct speaker *sp = dev;
	struct spk_note n = current(sp);
	static const char *kinds[] = { "off", "steady", "tone" };
	print(ctx, "speaker: %s", kinds[n.kind]);
	if (n.kind == SPK_SQUARE)
		print(ctx, " %u Hz", PIT_HZ / (n.period ? n.period : 1));
	print(ctx, "\n");
}

struct speaker *speaker_create(struct pit *pit, struct clock *clock, struct audio_mixer *mixer)
{
	struct speaker *sp = calloc(1, sizeof(*sp));
	if (!sp)
		return NULL;
	sp->pit = pit;
	sp->clock = clock;
	sp->mixer = mixer;
	pit_set_speaker_hook(pit, speaker_changed, sp);
	if (mixer)
		audio_add_source(mixer, speaker_render, sp);
	sp->dev = (struct device){
		.name = "speaker", .dev = sp, .reset = speaker_reset, .save = speaker_save,
		.load = speaker_load, .info = speaker_info,
	};
	speaker_reset(sp);
	return sp;
}

void speaker_destroy(struct speaker *sp)
{
	if (!sp)
		return;
	pit_set_speaker_hook(sp->pit, NULL, NULL);
	if (sp->mixer)
		audio_remove_source(sp->mixer, sp);
	free(sp);
}
struct device *speaker_device(struct speaker *sp) { return &sp->dev; }
