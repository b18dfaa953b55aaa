/*
 * The 8254 programmable interval timer at 0x40-0x43 and the PC's port 0x61
 * (channel 2 gate, speaker data enable, refresh toggle, channel 2 output).
 * Counting is derived from the virtual clock: the input clock is 1.193182 MHz
 * of virtual time, and only channel 0's IRQ0 edges are scheduled as timers.
 */
#ifndef LUCID_PIT_H
#define LUCID_PIT_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/irq.h"

#define PIT_HZ 1193182u

struct pit;

/* What the PC speaker hears from channel 2 and port 0x61 (speaker.c). */
struct pit_speaker {
	bool data_on;		/* port 0x61 bit 1: the speaker is driven at all */
	bool square;		/* gate on, mode 3, counting: a tone of period ticks, */
	u32 period;		/*   in phase with load_tick */
	u64 load_tick;
	bool level;		/* otherwise: OUT2's level now */
};

struct pit *pit_create(struct bus *bus, struct clock *clock, struct irq_line *irq0);
/* Releases the ports and the timer. */
void pit_destroy(struct pit *pit);
struct device *pit_device(struct pit *pit);
/* Level of channel ch's OUT pin now. */
bool pit_out(struct pit *pit, int ch);
/* Channel ch's period in input ticks (its reload value as a number). */
u32 pit_period(const struct pit *pit, int ch);
/* Channel 2 and port 0x61 now, and a listener told whenever either changes
 * (one listener: the PC speaker; NULL removes it). */
void pit_speaker(struct pit *pit, struct pit_speaker *out);
void pit_set_speaker_hook(struct pit *pit, void (*changed)(void *opaque), void *opaque);

#endif
