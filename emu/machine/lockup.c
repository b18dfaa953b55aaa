/*
 * The hard-lockup watchdog: the emulator's stand-in for Linux's NMI watchdog.
 *
 * Linux finds a CPU stuck with interrupts off through an interrupt that comes
 * even then, a periodic NMI (a performance counter's overflow; on old
 * kernels, the 8254 routed through the IO-APIC as an NMI too), whose handler
 * checks that the timer interrupt has run since the last one. Lucid's board
 * is an ISA PC (two 8259s, an 8254, no local APIC, no IO-APIC, no
 * performance counters, and the only NMI inputs, parity and channel check,
 * are never raised), so it has no periodic NMI and Linux has no hard-lockup
 * detector on it either. A guest cannot catch this itself: its soft-lockup
 * watchdog runs from the very tick that stops. So the emulator watches from
 * outside, on the wire from the 8254's OUT0 to IRQ0: a request the CPU has
 * not taken (no INTA cleared IRR bit 0) for N virtual seconds means the
 * guest kept interrupts off, IRQ0 masked or its in-service bit set for that
 * long, and its jiffies stood still. machine_run then returns
 * MACHINE_LOCKUP (lucid prints where the CPU was and exits with status 4).
 *
 * It only reads the PIC and arms one timer, once per request that is not
 * taken at once (in a normal run, about once every N seconds): the guest sees
 * nothing of it, so a run is the same run with or without it. Off by default:
 * a guest may mean to stop (cli; hlt is MACHINE_HALTED, not this).
 */
#include <stdio.h>

#include "devices/pic.h"
#include "emu/machine/lockup.h"
#include "emu/machine/machine.h"

static void lockup_look(void *opaque)
{
	struct machine *m = opaque;
	struct lockup_watch *w = &m->lockup;
	u64 now = m->clock.icount;

	if (!(pic_requests(m->pic, 0) & 1))
		return;		/* taken: the next request arms the timer again */
	if (now < w->since)
		w->since = now;	/* state loaded from earlier in the run: count afresh */
	if (now - w->since < w->limit) {
		timer_mod(&m->clock, &w->timer, w->since + w->limit);
		return;
	}
	w->waited = now - w->since;
	w->fired = true;
	cpu_request_exit(m->cpu);
}

/* OUT0 changed: pass it on; a rising edge is a request, new unless the last is still waiting. */
static void lockup_irq0(void *opaque, int n, int level)
{
	struct machine *m = opaque;
	struct lockup_watch *w = &m->lockup;

	if (level && !w->level) {
		if (!(pic_requests(m->pic, 0) & 1) || !w->timer.active)
			w->since = m->clock.icount;
		if (!w->timer.active)
			timer_mod(&m->clock, &w->timer, w->since + w->limit);
	}
	w->level = level;
	irq_set(pic_irq(m->pic, 0), level);
}

struct irq_line *lockup_watch_init(struct machine *m, u32 secs)
{
	struct lockup_watch *w = &m->lockup;

	w->limit = (u64)secs * m->clock.ips;
	if (!w->limit)
		return pic_irq(m->pic, 0);
	irq_init(&w->in, lockup_irq0, m, 0);
	timer_init(&w->timer, "hardlockup", lockup_look, m);
	return &w->in;
}

void lockup_describe(struct machine *m, char *buf, size_t n)
{
	struct lockup_watch *w = &m->lockup;
	u64 ms = clock_icount_to_ns(&m->clock, w->waited) / 1000000;

	snprintf(buf, n, "the timer interrupt (IRQ0) waited %llu.%03llu s of virtual time without being "
		 "taken (IF=%d, IRQ0 %smasked, in service %02x)",
		 (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000),
		 !!(cpu_get_eflags(m->cpu) & FLAG_IF), pic_masked(m->pic, 0) & 1 ? "" : "not ",
		 pic_in_service(m->pic, 0));
}
