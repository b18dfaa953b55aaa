/* The sound side of the board (see sound.h). */
#include <stdio.h>
#include <stdlib.h>

#include "emu/machine/sound.h"

struct sound *sound_create(struct bus *bus, struct clock *clock, struct pit *pit,
			   struct irq_line *irq5, const char *audio_out, const char *audio_in,
			   char *err, size_t errlen)
{
	struct sound *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	audio_mixer_init(&s->mixer, clock);
	if (audio_in && wav_read(audio_in, &s->input, err, errlen)) {
		free(s);
		return NULL;
	}
	s->dma = dma_create(bus);
	s->sb16 = s->dma ? sb16_create(bus, clock, irq5, s->dma, &s->mixer,
				       audio_in ? &s->input : NULL) : NULL;
	s->speaker = pit ? speaker_create(pit, clock, &s->mixer) : NULL;
	if (!s->dma || !s->sb16 || (pit && !s->speaker)) {
		snprintf(err, errlen, "cannot create the DMA/sound devices (ports taken?)");
		sound_destroy(s);
		return NULL;
	}
	if (audio_out) {
		struct audio_sink *sink = wav_sink_open(audio_out, err, errlen);
		if (!sink) {
			sound_destroy(s);
			return NULL;
		}
		audio_set_sink(&s->mixer, sink);
	}
	return s;
}

int sound_devices(struct sound *s, struct device **out, int max)
{
	int n = 0;
	if (n < max)
		out[n++] = dma_device(s->dma);
	if (n < max)
		out[n++] = sb16_device(s->sb16);
	if (n < max && s->speaker)
		out[n++] = speaker_device(s->speaker);
	return n;
}

void sound_destroy(struct sound *s)
{
	if (!s)
		return;
	audio_mixer_close(&s->mixer);
	speaker_destroy(s->speaker);
	sb16_destroy(s->sb16);
	dma_destroy(s->dma);
	wav_pcm_free(&s->input);
	free(s);
}
