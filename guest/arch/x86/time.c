/*
 * The timer tick from the 8254 PIT (Intel 8254 datasheet; Linux's
 * arch/x86/kernel/i8253.c, time.c and kernel/time/tick-sched.c). Channel 0
 * starts in mode 2 (rate generator) with LATCH = 1193182 / HZ, rounded, and
 * raises IRQ0 HZ times a virtual second; each tick advances jiffies_64.
 *
 * Tickless idle (CONFIG_NO_HZ_IDLE): when the CPU goes idle and no timer is
 * due for a while, the periodic tick stops. Channel 0 becomes a one-shot
 * (mode 0) programmed to fire at the tick boundary when the next timer is due
 * (as far as its 16-bit counter reaches: 5 ticks at HZ=100), and from then on
 * every tick is a one-shot, as Linux runs a one-shot clock event device. Each
 * interrupt reads back how far past its boundary it ran (the counter keeps
 * counting down after terminal count) and how many boundaries have passed,
 * so jiffies advance by exactly the ticks that elapsed, however many were
 * skipped and however late the interrupt was taken; an early wakeup by
 * another interrupt accounts the same way.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/timer.h>
#include <linux/time.h>
#include <linux/sched.h>
#include <asm/io.h>
#include <asm/irqflags.h>

#define PIT_TICK_RATE	1193182		/* Hz: the PC's 14.31818 MHz / 12 */
#define LATCH		((PIT_TICK_RATE + HZ / 2) / HZ)
#define PIT_MODE	0x43
#define PIT_CH0		0x40

#ifdef CONFIG_NO_HZ_IDLE
static const bool nohz_enabled = true;
#else
static const bool nohz_enabled = false;
#endif
unsigned long nr_ticks_skipped;		/* ticks that tickless idle did not take */
static bool pit_oneshot;		/* channel 0 runs one-shots (mode 0) */
static u32 shot_count;			/* counts programmed for the pending one-shot */
static u32 shot_phase;			/* counts past a tick boundary when it was programmed */

/* Is IRQ0 requested but not yet serviced (the 8259's IRR, read through OCW3)? */
static bool irq0_pending(void)
{
	outb_p(0x0a, 0x20);
	return inb_p(0x20) & 1;
}

/* Channel 0's counter and OUT pin, latched together by a read-back command. */
static u32 pit_read_back(bool *out)
{
	u8 status, lo, hi;

	outb_p(0xc2, PIT_MODE);		/* read-back: count and status of channel 0 */
	status = inb_p(PIT_CH0);
	lo = inb_p(PIT_CH0);
	hi = inb_p(PIT_CH0);
	*out = status & 0x80;
	return lo | hi << 8;
}

static void pit_program(u8 mode_cmd, u32 count)
{
	outb_p(mode_cmd, PIT_MODE);
	outb_p(count & 0xff, PIT_CH0);
	outb_p(count >> 8, PIT_CH0);
}

/* PIT counts since the last tick boundary that jiffies have accounted for. */
static u32 counts_since_boundary(void)
{
	bool out;
	u32 v = pit_read_back(&out);

	if (!pit_oneshot)
		return LATCH - v;			/* mode 2: counts LATCH .. 1 */
	if (!out)
		return shot_phase + shot_count - v;	/* still counting down */
	/* Past terminal count the counter wraps and keeps going down. */
	return shot_phase + shot_count + ((0x10000 - v) & 0xffff);
}

/* Program the next one-shot: the boundary `ticks` ticks after the last one. */
static void program_shot(u32 phase, unsigned long ticks)
{
	pit_oneshot = true;
	shot_phase = phase;
	shot_count = ticks * LATCH - phase;
	pit_program(0x30, shot_count);		/* channel 0, lobyte/hibyte, mode 0 */
}

/* Account the boundaries passed since the last accounted one; returns how many. */
static unsigned long tick_catch_up(void)
{
	u32 e = counts_since_boundary();
	unsigned long ticks = e / LATCH;

	jiffies_64 += ticks;			/* do_timer(ticks) */
	if (ticks > 1)
		nr_ticks_skipped += ticks - 1;
	if (pit_oneshot)
		program_shot(e % LATCH, 1);	/* back to one tick at a time */
	return ticks;
}

static irqreturn_t timer_interrupt(int irq, void *dev_id)
{
	if (!pit_oneshot)
		jiffies_64++;		/* do_timer(1) */
	else if (!tick_catch_up())
		return IRQ_HANDLED;	/* an edge from before a reprogramming: no tick */
	update_process_times(0);
	return IRQ_HANDLED;
}

/*
 * Called by the idle loop with interrupts off: if no timer is due within the
 * next tick, let the tick sleep until the first one is (Linux's
 * tick_nohz_idle_enter -> tick_nohz_stop_sched_tick).
 */
void tick_nohz_idle_enter(void)
{
	unsigned long delta = next_timer_interrupt() - jiffies, max_ticks, ticks;
	u32 e;

	if (!nohz_enabled)
		return;

	if ((long)delta < 2 || local_softirq_pending() || irq0_pending())
		return;
	e = counts_since_boundary();
	if (e >= LATCH)
		return;			/* a tick is already due: take it first */
	max_ticks = (0xffffUL + e) / LATCH;
	ticks = delta < max_ticks ? delta : max_ticks;
	if (ticks < 2)
		return;
	program_shot(e, ticks);
}

/* Idle ends (any interrupt): account what passed and resume one tick at a time. */
void tick_nohz_idle_exit(void)
{
	if (pit_oneshot && shot_count > LATCH)
		tick_catch_up();
}

static void __init setup_pit_timer(void)
{
	pit_program(0x34, LATCH);	/* channel 0, lobyte/hibyte, mode 2, binary */
}

void __init time_init(void)
{
	int err;

	setup_pit_timer();
	err = request_irq(0, timer_interrupt, IRQF_TIMER, "timer", NULL);
	if (err)
		panic("time_init: cannot get IRQ0 for the timer (%d)", err);
	pr_info("time_init: PIT channel 0 in mode 2, LATCH=%d (%d Hz), IRQ0 -> vector 0x20 \"timer\"%s\n",
		LATCH, HZ, nohz_enabled ? "; tickless idle (NO_HZ_IDLE)" : "");
}
