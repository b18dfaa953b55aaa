/*
 * Scheduler entry points called by start_kernel and the timer, as STUBS until
 * issue 9 (CFS, run queues, init_task, kthreadd) fills them in. The boot task
 * runs as pid 0 ("swapper") on init_thread_union's stack (arch/x86/head_32.S).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>

void __init sched_init(void)
{
	pr_info("sched_init: [stub, issue 9] no run queues yet; pid 0 (swapper) runs alone\n");
}

/* Called from the timer interrupt every tick (update_process_times). */
void scheduler_tick(void)
{
}
