/*
 * wavcheck FILE.wav N STEP: the WAV must hold, after leading silence, N
 * frames whose left and right samples are ((STEP * i) mod 256 - 128) * 256:
 * what tests/devices/sb16.S fed the Sound Blaster as 8-bit unsigned samples.
 * Prints one line and exits 0 if so, 1 if not.
 */
#include <stdio.h>
#include <stdlib.h>

#include "emu/board/wav.h"

int main(int argc, char **argv)
{
	struct wav_pcm p;
	char err[256];
	if (argc != 4) {
		fprintf(stderr, "usage: wavcheck FILE.wav N STEP\n");
		return 2;
	}
	u32 n = (u32)atoi(argv[2]), step = (u32)atoi(argv[3]);
	if (wav_read(argv[1], &p, err, sizeof(err))) {
		printf("wavcheck: %s\n", err);
		return 1;
	}
	u32 first = 0;
	while (first < p.frames && !p.data[2 * first])
		first++;
	for (u32 i = 0; i < n; i++) {
		s16 want = (s16)((int)((step * i) & 0xFF) - 128) * 256;
		u32 f = first + i;
		if (f >= p.frames || p.data[2 * f] != want || p.data[2 * f + 1] != want) {
			printf("wavcheck: frame %u (file frame %u) is %d/%d, expected %d\n", i, f,
			       f < p.frames ? p.data[2 * f] : 0, f < p.frames ? p.data[2 * f + 1] : 0,
			       want);
			return 1;
		}
	}
	if (first + n < p.frames && p.data[2 * (first + n)]) {
		printf("wavcheck: sound goes on after the %u frames\n", n);
		return 1;
	}
	printf("wavcheck: %u frames as fed, at %u Hz, after %u frames of silence\n", n, p.rate,
	       first);
	wav_pcm_free(&p);
	return 0;
}
