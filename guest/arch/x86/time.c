/*
 * The timer tick from the 8254 PIT (Intel 8254 datasheet; Linux's
 * arch/x86/kernel/i8253.c and time.c). Channel 0 runs in mode 2 (rate
 * generator) with LATCH = 1193182 / HZ, rounded, and raises IRQ0 HZ times a
 * virtual second; each tick advances jiffies_64.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/timer.h>
#include <linux/time.h>
#include <asm/io.h>
#include <asm/irqflags.h>

#define PIT_TICK_RATE	1193182		/* Hz: the PC's 14.31818 MHz / 12 */
#define LATCH		((PIT_TICK_RATE + HZ / 2) / HZ)
#define PIT_MODE	0x43
#define PIT_CH0		0x40

static irqreturn_t timer_interrupt(int irq, void *dev_id)
{
	jiffies_64++;		/* do_timer(1) */
	update_process_times(0);
	return IRQ_HANDLED;
}

static void __init setup_pit_timer(void)
{
	outb_p(0x34, PIT_MODE);		/* channel 0, lobyte/hibyte, mode 2, binary */
	outb_p(LATCH & 0xff, PIT_CH0);
	outb_p(LATCH >> 8, PIT_CH0);
}

void __init time_init(void)
{
	int err;

	setup_pit_timer();
	err = request_irq(0, timer_interrupt, IRQF_TIMER, "timer", NULL);
	if (err)
		panic("time_init: cannot get IRQ0 for the timer (%d)", err);
	pr_info("time_init: PIT channel 0 in mode 2, LATCH=%d (%d Hz), IRQ0 -> vector 0x20 \"timer\"\n",
		LATCH, HZ);
}
