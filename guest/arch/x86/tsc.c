/*
 * The time-stamp counter as the kernel's clock (Linux's arch/x86/kernel/tsc.c
 * and delay.c). tsc_init() measures it against the PIT tick: count TSC cycles
 * across a whole number of jiffies (interrupts must be on). local_clock()
 * then turns cycles into nanoseconds for printk timestamps; udelay() waits on
 * the TSC when there is one, else spins loops_per_jiffy-calibrated loops.
 * On Lucid the TSC follows virtual time (the instruction count), so all of
 * this is exact and repeatable there.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/time.h>
#include <asm/processor.h>
#include <asm/irqflags.h>

unsigned long tsc_khz;
unsigned long loops_per_jiffy = 1UL << 12;	/* until calibrate_delay() */

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

void __init late_time_init(void)
{
	unsigned int ticks = HZ / 10 < 5 ? 5 : HZ / 10;	/* 100 ms at HZ 100 */
	unsigned long j0, j1;
	u64 t0, t1, delta;

	if (!boot_cpu_has(X86_FEATURE_TSC)) {
		pr_info("tsc: no TSC on this CPU; printk times stay 0, delays use loops\n");
		return;
	}
	j0 = wait_tick();
	t0 = rdtsc();
	while (jiffies - j0 < ticks)
		cpu_relax();
	t1 = rdtsc();
	j1 = jiffies;
	if (j1 == j0) {
		pr_warn("tsc: the timer does not tick; TSC not calibrated\n");
		return;
	}
	delta = (t1 - t0) * HZ;
	do_div(delta, (j1 - j0) * 1000);	/* cycles per ms = kHz */
	tsc_khz = (unsigned long)delta;
	pr_info("tsc: Detected %lu.%03lu MHz processor (TSC calibrated against %lu PIT ticks)\n",
		tsc_khz / 1000, tsc_khz % 1000, j1 - j0);
}

/* Spin LOOPS iterations of a two-instruction loop (calibrate_delay's unit). */
void __delay(unsigned long loops)
{
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
