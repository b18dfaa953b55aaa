/* Creative Sound Blaster 16 at 0x220 (see sb16.c). */
#ifndef LUCID_SB16_H
#define LUCID_SB16_H

#include "devices/dma.h"
#include "emu/board/audio.h"
#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/irq.h"
#include "emu/board/wav.h"

struct sb16;

/*
 * Claims 0x220-0x22F. irq is IRQ5; DMA channels 1 (8-bit) and 5 (16-bit) of
 * dma unless the mixer's DMA select register says otherwise. Playback is
 * added to mixer (may be NULL); recording reads input (may be NULL: silence).
 * Neither mixer nor input is owned.
 */
struct sb16 *sb16_create(struct bus *bus, struct clock *clock, struct irq_line *irq,
			 struct dma *dma, struct audio_mixer *mixer, const struct wav_pcm *input);
void sb16_destroy(struct sb16 *sb);
struct device *sb16_device(struct sb16 *sb);

#endif
