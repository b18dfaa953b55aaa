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

/* One counter; plain data, saved as is. Times are in PIT input ticks. */
struct pit_channel {
	u64 load_tick;		/* tick at which the current count started */
	u64 held;		/* elapsed ticks frozen while the gate is low (modes 0, 4) */
	u64 next_irq_tick;	/* channel 0: the next IRQ0 edge */
	u32 count;		/* reload value as written (0 = 65536, or 10000 in BCD) */
	u16 latch;		/* latched count */
	u8 mode;		/* 0-5 */
	u8 rw;			/* 1 LSB, 2 MSB, 3 LSB then MSB */
	u8 bcd;
	u8 counting;		/* a count has been written since the control word */
	u8 triggered;		/* modes 1 and 5: a gate edge started the count */
	u8 gate;
	u8 null_count;		/* status bit 6: count written but not yet loaded */
	u8 write_msb;		/* rw 3: the next write is the MSB */
	u8 write_lsb_val;	/* rw 3: the LSB already written */
	u8 read_msb;		/* rw 3: the next read is the MSB */
	u8 latched;		/* bytes of the latched count still to read */
	u8 status_latched;
	u8 status;
	u8 irq_armed;		/* channel 0: next_irq_tick is scheduled */
};

struct pit_state {
	struct pit_channel ch[3];
	u8 port61;		/* bits 0-3 as last written */
};

struct pit {
	struct pit_state s;
	struct clock *clock;
	struct irq_line *irq0;
	struct timer timer;	/* channel 0's next IRQ0 edge */
	/* Told when channel 2 or port 0x61 changes (the PC speaker listens). */
	void (*speaker_changed)(void *opaque);
	void *speaker_opaque;
	struct device device;
};

struct pit *pit_create(struct bus *bus, struct clock *clock, struct irq_line *irq0);
void pit_destroy(struct pit *pit);
/* Level of channel ch's OUT pin now. */
bool pit_out(struct pit *pit, int ch);
/* Channel ch's period in input ticks (its reload value as a number). */
u32 pit_period(const struct pit *pit, int ch);
/* Is the speaker driven by channel 2 (port 0x61 bits 0 and 1 both set)? */
static inline bool pit_speaker_enabled(const struct pit *pit) { return (pit->s.port61 & 3) == 3; }

#endif
