/*
 * G.711 mu-law (Sun's convention for /dev/audio): 8-bit companded samples
 * to and from 16-bit linear. Encoding works on the top 14 bits with the
 * bias 33 (0x84 at 16 bits), eight segments of 16 steps; bytes are stored
 * inverted, so silence is 0xFF.
 */
#include <linux/types.h>

#include "sb16.h"

#define ULAW_BIAS	0x84
#define ULAW_CLIP	8159		/* the largest 14-bit magnitude before the bias */

u8 linear_to_ulaw(s16 pcm)
{
	int v = pcm >> 2, seg;
	u8 mask = 0xFF;

	if (v < 0) {
		v = -v;
		mask = 0x7F;
	}
	if (v > ULAW_CLIP)
		v = ULAW_CLIP;
	v += ULAW_BIAS >> 2;
	/* The segment: the position of the top bit above bit 5. */
	for (seg = 0; seg < 8 && v > (0x3F << seg | ((1 << seg) - 1)); seg++)
		;
	if (seg >= 8)
		return (u8)(0x7F ^ mask);	/* full scale */
	return (u8)(((seg << 4) | ((v >> (seg + 1)) & 0xF)) ^ mask);
}

s16 ulaw_to_linear(u8 u)
{
	int t;

	u = ~u;
	t = ((u & 0x0F) << 3) + ULAW_BIAS;
	t <<= (u & 0x70) >> 4;
	return (s16)(u & 0x80 ? ULAW_BIAS - t : t - ULAW_BIAS);
}
