/*
 * The time-stamp counter as the kernel's clock (Linux's arch/x86/kernel/tsc.c
 * and delay.c). late_time_init() measures it against PIT channel 2 in a few
 * milliseconds, the way Linux's quick PIT calibration does: count channel 2
 * down from 0xffff and time, with the TSC, how long its high byte takes to
 * step, until the error is under 500 ppm. If that fails (the reads cannot
 * keep up, or no PIT), it counts TSC cycles across HZ/10 timer ticks, which
 * needs interrupts and takes 100 ms. local_clock() then turns cycles into
 * nanoseconds for printk timestamps; udelay() and __delay() wait on the TSC
 * when there is one (loops_per_jiffy is then in TSC cycles, lpj_fine, and
 * calibrate_delay() skips its loop), else spin calibrated loops.
 * On Lucid the TSC follows virtual time (the instruction count), so all of
 * this is exact and repeatable there.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/time.h>
#include <asm/processor.h>
#include <asm/irqflags.h>
#include <asm/io.h>

unsigned long tsc_khz;
unsigned long loops_per_jiffy = 1UL << 12;	/* until calibrate_delay() */
unsigned long lpj_fine;		/* loops_per_jiffy from the TSC's rate, 0 without one */

#define PIT_TICK_RATE	1193182		/* Hz */
#define PIT_MODE	0x43
#define PIT_CH2		0x42
#define PORT_B		0x61		/* bit 0: channel 2's gate, bit 1: the speaker */
#define QUICK_PIT_MS	50		/* the longest the quick calibration runs */
#define QUICK_PIT_STEPS	(QUICK_PIT_MS * PIT_TICK_RATE / 1000 / 256)

u64 local_clock(void)
{
	u64 cycles, ns;
	u32 rem;

	if (!tsc_khz)
		return 0;
	cycles = rdtsc();
	rem = do_div(cycles, tsc_khz);		/* cycles -> ms, remainder in cycles */
	ns = cycles * 1000000ULL + (u64)rem * 1000000ULL / tsc_khz;
	return ns;
}

static unsigned long __init wait_tick(void)
{
	unsigned long j = jiffies;
	unsigned long guard = 0;

	while (jiffies == j) {
		cpu_relax();
		if (++guard == 0)
			break;	/* no timer interrupts at all: give up rather than hang */
	}
	return jiffies;
}

/* Channel 2's count, high byte (the low byte is read first and dropped). */
static inline u8 pit_count_msb(void)
{
	inb(PIT_CH2);
	return inb(PIT_CH2);
}

/*
 * Spin while the count's high byte reads MSB. *TSC is the last TSC read
 * while it did, *SLACK how long before the change was seen that could have
 * been (the span of the last two reads). False if MSB was hardly seen: the
 * count had moved on already.
 */
static bool __init pit_wait_msb(u8 msb, u64 *tsc, u64 *slack)
{
	u64 last = 0, before = 0;
	int n;

	for (n = 0; n < 50000 && pit_count_msb() == msb; n++) {
		before = last;
		last = rdtsc();
	}
	*slack = rdtsc() - before;
	*tsc = last;
	return n > 5;
}

/*
 * The TSC's rate in kHz against PIT channel 2 counting down in mode 0, or 0
 * if the measure did not settle. Each step of the high byte is 256 PIT
 * ticks (215 us); stop at the first step where the two ends' slack is under
 * 1/2048 of the time measured.
 */
static unsigned long __init quick_pit_calibrate(void)
{
	u8 port_b = inb(PORT_B);
	unsigned long khz = 0;
	u64 t0, t, slack0, slack, delta;
	int i;

	outb((port_b & ~0x02) | 0x01, PORT_B);	/* gate on, speaker off */
	outb(0xb0, PIT_MODE);			/* channel 2, low/high byte, mode 0, binary */
	outb(0xff, PIT_CH2);
	outb(0xff, PIT_CH2);
	pit_count_msb();			/* counting starts at the next PIT clock */
	if (pit_wait_msb(0xff, &t0, &slack0)) {
		for (i = 1; i <= QUICK_PIT_STEPS; i++) {
			if (!pit_wait_msb(0xff - i, &t, &slack))
				break;
			delta = t - t0;
			if ((slack0 + slack) * 2048 >= delta)
				continue;		/* not precise enough yet */
			if (pit_count_msb() != 0xfe - i)
				break;			/* the reads fell behind */
			delta *= PIT_TICK_RATE;
			do_div(delta, i * 256 * 1000);
			khz = (unsigned long)delta;
			break;
		}
	}
	outb(port_b, PORT_B);
	return khz;
}

/* The slow way: TSC cycles across HZ/10 timer ticks (interrupts on). */
static unsigned long __init tick_calibrate(void)
{
	unsigned int ticks = HZ / 10 < 5 ? 5 : HZ / 10;	/* 100 ms at HZ 100 */
	unsigned long j0, j1;
	u64 t0, t1, delta;

	j0 = wait_tick();
	t0 = rdtsc();
	while (jiffies - j0 < ticks)
		cpu_relax();
	t1 = rdtsc();
	j1 = jiffies;
	if (j1 == j0)
		return 0;
	delta = (t1 - t0) * HZ;
	do_div(delta, (j1 - j0) * 1000);	/* cycles per ms = kHz */
	return (unsigned long)delta;
}

void __init late_time_init(void)
{
	unsigned long flags;
	u64 lpj;

	if (!boot_cpu_has(X86_FEATURE_TSC)) {
		pr_info("tsc: no TSC on this CPU; printk times stay 0, delays use loops\n");
		return;
	}
	local_irq_save(flags);
	tsc_khz = quick_pit_calibrate();
	local_irq_restore(flags);
	if (tsc_khz) {
		pr_info("tsc: Fast TSC calibration using PIT\n");
	} else {
		pr_info("tsc: Fast TSC calibration failed\n");
		tsc_khz = tick_calibrate();
		if (!tsc_khz) {
			pr_warn("tsc: the timer does not tick; TSC not calibrated\n");
			return;
		}
	}
	pr_info("tsc: Detected %lu.%03lu MHz processor\n", tsc_khz / 1000, tsc_khz % 1000);
	lpj = (u64)tsc_khz * 1000;
	do_div(lpj, HZ);
	lpj_fine = (unsigned long)lpj;
}

/*
 * Wait LOOPS units of loops_per_jiffy: TSC cycles once the TSC is
 * calibrated (Linux's delay_tsc), else iterations of a two-instruction loop
 * (calibrate_delay's unit).
 */
void __delay(unsigned long loops)
{
	if (lpj_fine) {
		u64 start = rdtsc();

		while (rdtsc() - start < loops)
			cpu_relax();
		return;
	}
	__asm__ __volatile__("test %0,%0\n\tjz 2f\n1:\tdecl %0\n\tjnz 1b\n2:"
			     : "+r"(loops) : : "cc");
}

void ndelay(unsigned long nsecs)
{
	if (tsc_khz) {
		u64 start = rdtsc(), wait = (u64)nsecs * tsc_khz;

		do_div(wait, 1000000);
		while (rdtsc() - start < wait)
			cpu_relax();
		return;
	}
	/* loops = ns * lpj * HZ / 1e9, without overflow for sane delays */
	__delay((unsigned long)(((u64)nsecs * loops_per_jiffy * HZ) / 1000000000ULL) + 1);
}

void udelay(unsigned long usecs)
{
	while (usecs > 1000) {
		ndelay(1000000);
		usecs -= 1000;
	}
	ndelay(usecs * 1000);
}

void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}
