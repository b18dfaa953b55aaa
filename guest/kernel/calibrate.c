/*
 * calibrate_delay() (Linux's init/calibrate.c, the classic algorithm): find
 * how many __delay() loops fit in one jiffy. Double the count until a delay
 * spans a tick, then refine bit by bit downwards. BogoMIPS is
 * loops_per_jiffy * HZ / 500000, printed as Linux does.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/time.h>
#include <asm/processor.h>

#define LPS_PREC 8

void __init calibrate_delay(void)
{
	unsigned long lpj = 1UL << 12, ticks, loopbit;
	int lps_precision = LPS_PREC;

	printk(KERN_INFO "Calibrating delay loop... ");
	while ((lpj <<= 1) != 0) {
		ticks = jiffies;
		while (ticks == jiffies)	/* start at a tick edge */
			cpu_relax();
		ticks = jiffies;
		__delay(lpj);
		ticks = jiffies - ticks;
		if (ticks)
			break;
	}
	lpj >>= 1;
	loopbit = lpj;
	while (lps_precision-- && (loopbit >>= 1)) {
		lpj |= loopbit;
		ticks = jiffies;
		while (ticks == jiffies)
			cpu_relax();
		ticks = jiffies;
		__delay(lpj);
		if (jiffies != ticks)	/* too long: drop this bit */
			lpj &= ~loopbit;
	}
	loops_per_jiffy = lpj;
	pr_cont("%lu.%02lu BogoMIPS (lpj=%lu)\n", lpj / (500000 / HZ),
		(lpj / (5000 / HZ)) % 100, lpj);
}
