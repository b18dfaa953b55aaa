/*
 * The sound side of the board in one constructor, so the machine needs one
 * line for it: the 8237 DMA pair, the Sound Blaster 16 (IRQ5, DMA 1/5), the
 * PC speaker on PIT channel 2, the audio mixer, and the -audio-out WAV sink
 * and -audio-in WAV source.
 */
#ifndef LUCID_SOUND_H
#define LUCID_SOUND_H

#include "devices/dma.h"
#include "devices/pit.h"
#include "devices/sb16.h"
#include "devices/speaker.h"
#include "emu/board/audio.h"
#include "emu/board/wav.h"

struct sound {
	struct audio_mixer mixer;
	struct wav_pcm input;		/* -audio-in, or empty */
	struct dma *dma;
	struct sb16 *sb16;
	struct speaker *speaker;
};

/*
 * Build it. audio_out / audio_in may be NULL. The output file is created
 * last, so a failure leaves no file behind. NULL with a one-line reason in err.
 */
struct sound *sound_create(struct bus *bus, struct clock *clock, struct pit *pit,
			   struct irq_line *irq5, const char *audio_out, const char *audio_in,
			   char *err, size_t errlen);
/* Its devices, in reset order, for the machine's list: returns how many (3). */
int sound_devices(struct sound *s, struct device **out, int max);
/* Finish the WAV file (what is rendered so far) and free everything. */
void sound_destroy(struct sound *s);

#endif
