/* Scheduler interface; stubs until issue 9 (kernel/sched/core.c). */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

void sched_init(void);
void scheduler_tick(void);

#endif
