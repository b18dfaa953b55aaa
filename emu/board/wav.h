/* WAV files: the -audio-out sink and the -audio-in source (see wav.c). */
#ifndef LUCID_WAV_H
#define LUCID_WAV_H

#include "emu/board/audio.h"

/* A sink writing 16-bit stereo PCM to path; NULL with a reason in err. */
struct audio_sink *wav_sink_open(const char *path, char *err, size_t errlen);

/* A whole WAV file, converted to interleaved stereo s16. */
struct wav_pcm {
	u32 rate;
	u32 frames;
	s16 *data;		/* 2 * frames samples */
};

/* Read PCM (8-bit unsigned or 16-bit signed, mono or stereo). 0, or -1 with err set. */
int wav_read(const char *path, struct wav_pcm *out, char *err, size_t errlen);
void wav_pcm_free(struct wav_pcm *p);

#endif
