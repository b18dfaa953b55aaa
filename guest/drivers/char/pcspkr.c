/*
 * The PC speaker as a beep (Linux's kd_mksound, which the console's bell,
 * KDMKTONE and KIOCSOUND use; the sound itself as drivers/input/misc/
 * pcspkr.c makes it): PIT channel 2 in mode 3 (square wave) at the tone's
 * divisor, gated to the speaker by port 0x61 bits 0 and 1. A tone with a
 * length stops from a timer after that many jiffies; hz 0 stops it.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/time.h>
#include <asm/io.h>

#define PIT_TICK_RATE	1193182u
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PORT_B		0x61

static DEFINE_SPINLOCK(pcspkr_lock);
static struct timer_list pcspkr_timer;
static bool pcspkr_timer_ready;

static void pcspkr_set(unsigned int hz)
{
	unsigned long flags;
	u8 b;

	spin_lock_irqsave(&pcspkr_lock, flags);
	b = inb(PORT_B);
	if (hz >= 20 && hz < 32767) {
		unsigned int count = PIT_TICK_RATE / hz;

		outb(0xB6, PIT_MODE);		/* channel 2, lobyte/hibyte, mode 3, binary */
		outb(count & 0xFF, PIT_CH2);
		outb(count >> 8, PIT_CH2);
		outb(b | 3, PORT_B);		/* gate on, speaker on */
	} else {
		outb(b & ~3, PORT_B);
	}
	spin_unlock_irqrestore(&pcspkr_lock, flags);
}

static void pcspkr_stop(struct timer_list *t)
{
	pcspkr_set(0);
}

/* Sound hz for ticks jiffies (0: until the next call); hz 0 is silence. */
void kd_mksound(unsigned int hz, unsigned int ticks)
{
	if (!pcspkr_timer_ready) {
		timer_setup(&pcspkr_timer, pcspkr_stop, 0);
		pcspkr_timer_ready = true;
	}
	del_timer(&pcspkr_timer);
	pcspkr_set(hz);
	if (hz && ticks)
		mod_timer(&pcspkr_timer, jiffies + ticks);
}

/* The console's KIOCSOUND and KDMKTONE (Linux's vt_ioctl): PIT counts, not hertz. */
long kd_sound_ioctl(unsigned int cmd, unsigned long arg)
{
	unsigned int count, ticks;

	switch (cmd) {
	case 0x4B2F:			/* KIOCSOUND: a tone until the next one, 0 off */
		kd_mksound(arg ? PIT_TICK_RATE / (unsigned int)arg : 0, 0);
		return 0;
	case 0x4B30:			/* KDMKTONE: count in the low 16 bits, ms above */
		ticks = msecs_to_jiffies((arg >> 16) & 0xFFFF);
		count = ticks ? (arg & 0xFFFF) : 0;
		kd_mksound(count ? PIT_TICK_RATE / count : 0, ticks);
		return 0;
	}
	return -ENOTTY;
}
