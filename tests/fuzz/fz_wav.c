/*
 * WAV files for -audio-in (emu/board/wav.c): the input is the file; its
 * chunks, format and data length are read as the SB16's recording source.
 */
#include "emu/board/wav.h"
#include "tests/fuzz/fuzz.h"

void fuzz_setup(void)
{
}

void fuzz_one(const u8 *data, size_t len)
{
	struct wav_pcm pcm;
	char err[512];
	if (wav_read(fuzz_file(0, data, len), &pcm, err, sizeof(err)))
		fuzz_note("refused", err);
	else
		wav_pcm_free(&pcm);
}
