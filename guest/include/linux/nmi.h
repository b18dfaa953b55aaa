/* The soft-lockup detector's interface (kernel/watchdog.c), as in Linux. */
#ifndef _LINUX_NMI_H
#define _LINUX_NMI_H

void touch_softlockup_watchdog(void);	/* "this CPU is making progress" */
void watchdog_tick(void);		/* from the timer tick */

#endif
