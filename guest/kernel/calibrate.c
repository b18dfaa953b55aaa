/*
 * calibrate_delay() (Linux's init/calibrate.c, the classic algorithm): find
 * how many __delay() loops fit in one jiffy. Double the count until a delay
 * spans a tick, then refine bit by bit downwards. BogoMIPS is
 * loops_per_jiffy * HZ / 500000, printed as Linux does. With a calibrated
 * TSC the loop is skipped, as Linux skips it: __delay() then waits on the
 * TSC, and loops_per_jiffy is its cycles per jiffy (lpj_fine, tsc.c).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/time.h>
#include <asm/processor.h>

#define LPS_PREC 8

extern unsigned long lpj_fine;

/* The classic measure: __delay() loops per jiffy, against the timer tick. */
static unsigned long __init calibrate_delay_converge(void)
{
	unsigned long lpj = 1UL << 12, ticks, loopbit;
	int lps_precision = LPS_PREC;

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
	return lpj;
}

void __init calibrate_delay(void)
{
	unsigned long lpj;

	if (lpj_fine) {
		lpj = lpj_fine;
		pr_info("Calibrating delay loop (skipped), value calculated using timer frequency.. ");
	} else {
		pr_info("Calibrating delay loop... ");
		lpj = calibrate_delay_converge();
	}
	loops_per_jiffy = lpj;
	pr_cont("%lu.%02lu BogoMIPS (lpj=%lu)\n", lpj / (500000 / HZ),
		(lpj / (5000 / HZ)) % 100, lpj);
}
