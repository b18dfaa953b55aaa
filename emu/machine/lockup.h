/*
 * The hard-lockup watchdog (-hardlockup N, emu/machine/lockup.c): stops the
 * run when the timer interrupt (IRQ0) has been requested and not taken for N
 * virtual seconds.
 */
#ifndef LUCID_LOCKUP_H
#define LUCID_LOCKUP_H

#include "emu/board/clock.h"
#include "emu/board/irq.h"
#include "emu/lib/types.h"

struct machine;

struct lockup_watch {
	struct irq_line in;	/* what the PIT's OUT0 drives when the watchdog is on */
	struct timer timer;	/* the next look, N seconds after the oldest open request */
	u64 limit;		/* N seconds in instructions; 0: off */
	u64 since;		/* icount of the request still waiting (IRR bit 0 set) */
	u64 waited;		/* at a lockup: how long it had waited */
	bool level;		/* OUT0's level, for edges */
	bool fired;		/* a lockup: machine_run returns MACHINE_LOCKUP */
};

/* The line the PIT must drive: the PIC's IRQ0 itself when secs is 0, else
 * the watchdog's tap in front of it. */
struct irq_line *lockup_watch_init(struct machine *m, u32 secs);
/* One line for the report: how long, IF, the IRQ0 mask and in-service bits. */
void lockup_describe(struct machine *m, char *buf, size_t n);

#endif
