/*
 * Kernel time (Linux's jiffies.h, delay.h, sched_clock): jiffies counts timer
 * ticks at HZ; local_clock() is nanoseconds from the TSC once it is calibrated
 * against the PIT (0 before), and stamps printk lines.
 */
#ifndef _LINUX_TIME_H
#define _LINUX_TIME_H

#include <linux/types.h>

#define HZ CONFIG_HZ
/* Like Linux, start 5 minutes before the 32-bit wrap so wrap bugs show early. */
#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * HZ))

extern volatile u64 jiffies_64;
extern volatile unsigned long jiffies;	/* the low word of jiffies_64 (linker alias) */
u64 get_jiffies_64(void);

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)

extern unsigned long loops_per_jiffy;
extern unsigned long tsc_khz;
u64 local_clock(void);
unsigned long msecs_to_jiffies(unsigned int ms);
unsigned int jiffies_to_msecs(unsigned long j);

void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);
void mdelay(unsigned long msecs);
void __delay(unsigned long loops);

#endif
