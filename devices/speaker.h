/* The PC speaker, fed by PIT channel 2 and port 0x61 (see speaker.c). */
#ifndef LUCID_SPEAKER_H
#define LUCID_SPEAKER_H

#include "devices/pit.h"
#include "emu/board/audio.h"
#include "emu/board/device.h"

struct speaker;

/*
 * Listens to pit (its speaker_changed hook) and adds a source to mixer.
 * Destroy it together with or after the PIT: the PIT keeps calling it.
 */
struct speaker *speaker_create(struct pit *pit, struct clock *clock, struct audio_mixer *mixer);
void speaker_destroy(struct speaker *sp);
struct device *speaker_device(struct speaker *sp);

#define SPEAKER_AMPLITUDE 6000

#endif
