/*
 * /proc/PID/stat, status and statm (Linux's fs/proc/array.c), in Linux 6.1's
 * formats: what ps, top and free read. Times are in USER_HZ (100) ticks.
 * Everyone is root (uid 0, every capability); there are no namespaces, so
 * the NS* lines repeat the plain ids.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include "internal.h"

#define USER_HZ		100
#define NS_PER_TICK	(1000000000ULL / USER_HZ)
#define RLIMIT_RSS_NR	5
#define RLIMIT_SIGPENDING_NR 11

static char task_state_char(const struct task_struct *t)
{
	if (t->exit_state == EXIT_ZOMBIE)
		return 'Z';
	if (t->exit_state == EXIT_DEAD || t->state == TASK_DEAD)
		return 'X';
	if (t->state == TASK_RUNNING)
		return 'R';
	if (t->state & TASK_UNINTERRUPTIBLE)
		return 'D';
	return 'S';
}

static const char *task_state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'D': return "D (disk sleep)";
	case 'Z': return "Z (zombie)";
	case 'X': return "X (dead)";
	}
	return "S (sleeping)";
}

int nr_threads_of(const struct task_struct *t)
{
	struct task_struct *p;
	int n = 0;

	for_each_process(p)
		if (p->tgid == t->tgid)
			n++;
	return n;
}

static unsigned long long ns_to_ticks(u64 ns)
{
	return ns / NS_PER_TICK;
}

static unsigned long sigset_bits(const struct task_struct *t, unsigned long want)
{
	unsigned long bits = 0;
	int i;

	for (i = 0; i < 32; i++)
		if (t->action[i].handler == want || (want == 2 && t->action[i].handler > 1))
			bits |= 1UL << i;
	return bits;
}

/* Linux's PF_* for user space: only what ps and top look at */
#define PF_FORKNOEXEC_U	0x00000040
#define PF_SUPERPRIV_U	0x00000100
#define PF_KTHREAD_U	0x00200000

int proc_pid_stat(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	char state = task_state_char(task);
	pid_t ppid = task->real_parent && task->pid > 1 ? task->real_parent->tgid : 0;
	unsigned long vsize = 0, rss = 0, start_code = 0, end_code = 0, start_stack = 0;
	unsigned int flags = PF_SUPERPRIV_U | (task_is_kthread(task) ? PF_KTHREAD_U : 0);
	int prio = task->prio - MAX_RT_PRIO;

	if (mm) {
		vsize = mm->total_vm << PAGE_SHIFT;
		rss = mm->rss;
		start_code = mm->start_code;
		end_code = mm->end_code;
		start_stack = mm->start_stack;
	}
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %u ", task->pid, task->comm, state, ppid,
		   task->pgid, task->sid, 0, -1, flags);
	seq_printf(m, "%lu %lu %lu %lu ", task->min_flt, 0UL, task->maj_flt, 0UL);
	/* no user/system split yet (as getrusage): a process's time is user time, a kernel thread's system */
	seq_printf(m, "%llu %llu %lld %lld ",
		   task_is_kthread(task) ? 0ULL : ns_to_ticks(task->se.sum_exec_runtime),
		   task_is_kthread(task) ? ns_to_ticks(task->se.sum_exec_runtime) : 0ULL, 0LL, 0LL);
	seq_printf(m, "%d %d %d 0 %llu %lu %lu %lu ", prio, task_nice(task), nr_threads_of(task),
		   ns_to_ticks(task->start_time), vsize, rss,
		   (unsigned long)task->rlim[RLIMIT_RSS_NR].rlim_cur);
	seq_printf(m, "%lu %lu %lu 0 0 ", start_code, end_code, start_stack);
	/* obsolete signal fields: Linux prints the low 32 signals as decimal */
	seq_printf(m, "%lu %lu %lu %lu ", (unsigned long)task->pending, (unsigned long)task->blocked,
		   sigset_bits(task, 1), sigset_bits(task, 2));
	seq_printf(m, "0 0 0 %d 0 %u %u 0 0 0 ", task->exit_signal, task->rt_priority, task->policy);
	if (mm)
		seq_printf(m, "%lu %lu %lu %lu %lu %lu %lu ", mm->start_data, mm->end_data,
			   mm->start_brk, mm->arg_start, mm->arg_end, mm->env_start, mm->env_end);
	else
		seq_puts(m, "0 0 0 0 0 0 0 ");
	seq_printf(m, "%d\n", task->exit_state ? task->exit_code : 0);
	if (mm)
		mmput(mm);
	return 0;
}

static void show_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%s\t%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

int proc_pid_status(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	pid_t ppid = task->real_parent && task->pid > 1 ? task->real_parent->tgid : 0;
	int umask = task->fs ? task->fs->umask : 022;

	seq_printf(m, "Name:\t%s\n", task->comm);
	seq_printf(m, "Umask:\t%04o\n", umask);
	seq_printf(m, "State:\t%s\n", task_state_name(task_state_char(task)));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", task->tgid,
		   task->pid, ppid);
	seq_printf(m, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	seq_printf(m, "FDSize:\t%d\nGroups:\t \n", task->files ? NR_OPEN : 0);
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", task->tgid, task->pid,
		   task->pgid, task->sid);
	if (mm) {
		unsigned long text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;

		show_kb(m, "VmPeak:", max(mm->hiwater_vm, mm->total_vm));
		show_kb(m, "VmSize:", mm->total_vm);
		show_kb(m, "VmLck:", mm->locked_vm);
		show_kb(m, "VmPin:", 0);
		show_kb(m, "VmHWM:", max(mm->hiwater_rss, mm->rss));
		show_kb(m, "VmRSS:", mm->rss);
		show_kb(m, "RssAnon:", mm->rss_stat[MM_ANONPAGES]);
		show_kb(m, "RssFile:", mm->rss_stat[MM_FILEPAGES]);
		show_kb(m, "RssShmem:", mm->rss_stat[MM_SHMEMPAGES]);
		show_kb(m, "VmData:", mm->data_vm);
		show_kb(m, "VmStk:", mm->stack_vm);
		show_kb(m, "VmExe:", text);
		show_kb(m, "VmLib:", 0);
		show_kb(m, "VmPTE:", mm->nr_ptes);
		show_kb(m, "VmSwap:", mm->swapents);
		show_kb(m, "HugetlbPages:", 0);
		mmput(mm);
	}
	seq_printf(m, "CoreDumping:\t0\nTHP_enabled:\t0\n");
	seq_printf(m, "Threads:\t%d\n", nr_threads_of(task));
	seq_printf(m, "SigQ:\t0/%llu\n", (unsigned long long)task->rlim[RLIMIT_SIGPENDING_NR].rlim_cur);
	seq_printf(m, "SigPnd:\t%016llx\nShdPnd:\t%016llx\n", (unsigned long long)task->pending, 0ULL);
	seq_printf(m, "SigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		   (unsigned long long)task->blocked, (unsigned long long)sigset_bits(task, 1),
		   (unsigned long long)sigset_bits(task, 2));
	seq_printf(m, "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
		      "CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
		      "CapAmb:\t0000000000000000\n");
	seq_printf(m, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	seq_printf(m, "Speculation_Store_Bypass:\tvulnerable\nSpeculationIndirectBranch:\talways enabled\n");
	seq_printf(m, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n");
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n", task->nvcsw,
		   task->nivcsw);
	return 0;
}

int proc_pid_statm(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	unsigned long size = 0, resident = 0, shared = 0, text = 0, data = 0;

	if (mm) {
		size = mm->total_vm;
		resident = mm->rss;
		shared = mm->rss_stat[MM_FILEPAGES] + mm->rss_stat[MM_SHMEMPAGES];
		text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
		data = mm->data_vm + mm->stack_vm;
		mmput(mm);
	}
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", size, resident, shared, text, data);
	return 0;
}

int proc_oom_score(struct seq_file *m, struct task_struct *task)
{
	long oom_badness(struct task_struct *p, unsigned long totalpages);
	unsigned long total = totalram_pages + total_swap_pages;
	long b = oom_badness(task, total), score;

	score = b == (-0x7fffffffL - 1) ? 0 : 1000 + (long)((s64)b * 1000 / (s64)total);
	seq_printf(m, "%ld\n", score < 0 ? 0 : score);
	return 0;
}

int proc_oom_score_adj_show(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%d\n", task->oom_score_adj);
	return 0;
}

ssize_t oom_score_adj_write(struct task_struct *task, char *buf, size_t count)
{
	int v;
	char *end;

	v = simple_strtol(buf, &end, 10);
	while (*end == '\n' || *end == ' ')
		end++;
	if (end == buf || *end || v < OOM_SCORE_ADJ_MIN || v > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	task->oom_score_adj = v;
	return count;
}

static const char *const lnames[RLIM_NLIMITS][2] = {
	{ "Max cpu time", "seconds" }, { "Max file size", "bytes" },
	{ "Max data size", "bytes" }, { "Max stack size", "bytes" },
	{ "Max core file size", "bytes" }, { "Max resident set", "bytes" },
	{ "Max processes", "processes" }, { "Max open files", "files" },
	{ "Max locked memory", "bytes" }, { "Max address space", "bytes" },
	{ "Max file locks", "locks" }, { "Max pending signals", "signals" },
	{ "Max msgqueue size", "bytes" }, { "Max nice priority", NULL },
	{ "Max realtime priority", NULL }, { "Max realtime timeout", "us" },
};

int proc_pid_limits(struct seq_file *m, struct task_struct *task)
{
	int i;

	seq_printf(m, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (i = 0; i < RLIM_NLIMITS; i++) {
		u64 cur = task->rlim[i].rlim_cur, max = task->rlim[i].rlim_max;

		seq_printf(m, "%-25s ", lnames[i][0]);
		if (cur == RLIM64_INFINITY)
			seq_printf(m, "%-20s ", "unlimited");
		else
			seq_printf(m, "%-20llu ", (unsigned long long)cur);
		if (max == RLIM64_INFINITY)
			seq_printf(m, "%-20s ", "unlimited");
		else
			seq_printf(m, "%-20llu ", (unsigned long long)max);
		if (lnames[i][1])
			seq_printf(m, "%-10s\n", lnames[i][1]);
		else
			seq_putc(m, '\n');
	}
	return 0;
}
