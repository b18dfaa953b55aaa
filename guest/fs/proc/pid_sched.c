/*
 * /proc/PID/wchan and /proc/PID/sched (Linux's fs/proc/base.c proc_pid_wchan
 * and kernel/sched/debug.c proc_sched_show_task, 6.1's rows).
 *
 * wchan walks a sleeping task's saved frame pointers from the switch
 * (switch_to pushed %ebp last, so thread.sp points at it) and names the
 * first return address outside the scheduler's own functions, as Linux's
 * get_wchan does with in_sched_functions; a running task shows "0".
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/kallsyms.h>
#include <linux/time.h>
#include "internal.h"

/* lucix has no .sched.text: the functions that only wait, by name */
static bool in_sched_functions(const char *name)
{
	static const char *const prefixes[] = {
		"schedule", "__schedule", "io_schedule", "preempt_schedule", "wait_for_completion",
		"__wait_for_common", "mutex_lock", "__mutex_lock", "down", "__down",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static unsigned long get_wchan(struct task_struct *p)
{
	unsigned long lo = (unsigned long)p->stack, hi = lo + THREAD_SIZE, bp, ip;
	unsigned long size, off;
	const char *name;
	int n;

	if (p == current || p->state == TASK_RUNNING || !p->thread.sp)
		return 0;
	if (p->thread.sp < lo || p->thread.sp >= hi - 4)
		return 0;
	bp = *(unsigned long *)p->thread.sp;
	for (n = 0; n < 16; n++) {
		if (bp < lo || bp >= hi - 8 || (bp & 3))
			return 0;
		ip = ((unsigned long *)bp)[1];
		name = kallsyms_lookup(ip, &size, &off);
		if (!name)
			return 0;
		if (!in_sched_functions(name))
			return ip;
		bp = *(unsigned long *)bp;
	}
	return 0;
}

int proc_pid_wchan(struct seq_file *m, struct task_struct *task)
{
	unsigned long wchan = get_wchan(task), size, off;
	const char *name = wchan ? kallsyms_lookup(wchan, &size, &off) : NULL;

	if (name)
		seq_puts(m, name);
	else
		seq_putc(m, '0');
	return 0;
}


static void ps(struct seq_file *m, const char *name, long long v)
{
	seq_printf(m, "%-45s:%21lld\n", name, v);
}

static void pn(struct seq_file *m, const char *name, u64 ns)
{
	u64 q = ns;
	u32 rem = do_div(q, 1000000);

	seq_printf(m, "%-45s:%14llu.%06u\n", name, (unsigned long long)q, rem);
}

int proc_pid_sched(struct seq_file *m, struct task_struct *p)
{
	static const char *const pelt[] = {
		"se.avg.load_sum", "se.avg.runnable_sum", "se.avg.util_sum", "se.avg.load_avg",
		"se.avg.runnable_avg", "se.avg.util_avg", "se.avg.last_update_time",
		"se.avg.util_est.ewma", "se.avg.util_est.enqueued",
	};
	unsigned int i;
	u64 t0, t1;

	seq_printf(m, "%s (%d, #threads: %d)\n", p->comm, p->pid, nr_threads_of(p));
	seq_printf(m, "%.67s\n", "-------------------------------------------------------------------"
		   "-------------------------------------------------------------------");
	pn(m, "se.exec_start", p->se.exec_start);
	pn(m, "se.vruntime", p->se.vruntime);
	pn(m, "se.sum_exec_runtime", p->se.sum_exec_runtime);
	ps(m, "se.nr_migrations", (long long)p->se.nr_migrations);
	ps(m, "nr_switches", (long long)(p->nvcsw + p->nivcsw));
	ps(m, "nr_voluntary_switches", (long long)p->nvcsw);
	ps(m, "nr_involuntary_switches", (long long)p->nivcsw);
	ps(m, "se.load.weight", (long long)p->se.load.weight);
	/* lucix keeps no per-entity load tracking (PELT): its averages are 0 */
	for (i = 0; i < ARRAY_SIZE(pelt); i++)
		ps(m, pelt[i], 0);
	ps(m, "policy", p->policy);
	ps(m, "prio", p->prio);
	t0 = local_clock();
	t1 = local_clock();
	ps(m, "clock-delta", (long long)(t1 - t0));
	return 0;
}
