/*
 * /proc files about the whole system (Linux's fs/proc/version.c, uptime.c,
 * loadavg.c, stat.c, cmdline.c, cpuinfo (arch/x86/kernel/cpu/proc.c),
 * interrupts (kernel/irq/proc.c), mounts (fs/proc_namespace.c) and
 * filesystems), each a show function behind proc_create_single.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/interrupt.h>
#include <linux/time.h>
#include <linux/kallsyms.h>
#include <linux/blkdev.h>
#include <asm/processor.h>
#include "internal.h"

#define USER_HZ		100
#define NS_PER_TICK	(1000000000ULL / USER_HZ)

extern pid_t last_pid;
extern const char uts_release[], uts_version[];
extern const char *const x86_cap_names[32];

static int version_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "Linux version %s (%s@%s) (gcc version " __VERSION__ ") %s\n",
		   uts_release, "root", "lucid", uts_version);
	return 0;
}

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s\n", saved_command_line ? saved_command_line : "");
	return 0;
}

static u64 uptime_ns(void)
{
	return (u64)(jiffies_64 - INITIAL_JIFFIES) * (1000000000ULL / HZ);
}

static int uptime_proc_show(struct seq_file *m, void *v)
{
	u64 up = uptime_ns(), idle = init_task.se.sum_exec_runtime;

	(void)v;
	seq_printf(m, "%llu.%02llu %llu.%02llu\n", up / 1000000000ULL, up % 1000000000ULL / 10000000,
		   idle / 1000000000ULL, idle % 1000000000ULL / 10000000);
	return 0;
}

/*
 * The load average (Linux's kernel/sched/loadavg.c): every 5 s the number of
 * runnable and uninterruptible tasks is folded into three exponentially
 * decaying averages, in 11-bit fixed point. Folding happens when the file is
 * read, for every 5 s period since the last read, with the count seen now
 * (lucix samples lazily rather than from the tick, so it never perturbs the
 * schedule of a run that does not read it).
 */
#define FSHIFT		11
#define FIXED_1		(1 << FSHIFT)
#define LOAD_FREQ	(5 * HZ + 1)
#define EXP_1		1884
#define EXP_5		2014
#define EXP_15		2037
#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

static unsigned long avenrun[3];
static u64 calc_load_update = INITIAL_JIFFIES + LOAD_FREQ;

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

static void count_tasks(unsigned long *running, unsigned long *active, unsigned long *total)
{
	struct task_struct *p;

	*running = *active = *total = 0;
	for_each_process(p) {
		if (p->exit_state)
			continue;
		(*total)++;
		if (p->state == TASK_RUNNING) {
			(*running)++;
			(*active)++;
		} else if (p->state & TASK_UNINTERRUPTIBLE) {
			(*active)++;
		}
	}
}

static void update_loadavg(void)
{
	unsigned long running, active, total;
	int n = 0;

	count_tasks(&running, &active, &total);
	active *= FIXED_1;
	while (jiffies_64 >= calc_load_update && n++ < 2000) {
		avenrun[0] = calc_load(avenrun[0], EXP_1, active);
		avenrun[1] = calc_load(avenrun[1], EXP_5, active);
		avenrun[2] = calc_load(avenrun[2], EXP_15, active);
		calc_load_update += LOAD_FREQ;
	}
	if (jiffies_64 >= calc_load_update)	/* a very long gap: start again from now */
		calc_load_update = jiffies_64 + LOAD_FREQ;
}

static int loadavg_proc_show(struct seq_file *m, void *v)
{
	unsigned long running, active, total;

	(void)v;
	update_loadavg();
	count_tasks(&running, &active, &total);
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %lu/%lu %d\n", LOAD_INT(avenrun[0]),
		   LOAD_FRAC(avenrun[0]), LOAD_INT(avenrun[1]), LOAD_FRAC(avenrun[1]),
		   LOAD_INT(avenrun[2]), LOAD_FRAC(avenrun[2]), running, total, last_pid);
	return 0;
}

/* /proc/stat: CPU time in USER_HZ ticks (user, nice, system, idle, iowait, irq, softirq, ...). */
static int stat_proc_show(struct seq_file *m, void *v)
{
	struct task_struct *p;
	u64 user = 0, sys = 0, idle = init_task.se.sum_exec_runtime, irqs = 0;
	unsigned long running, active, total, blocked = 0;
	unsigned int i;

	(void)v;
	for_each_process(p) {
		if (task_is_kthread(p))
			sys += p->se.sum_exec_runtime;
		else
			user += p->se.sum_exec_runtime;
		if (!p->exit_state && (p->state & TASK_UNINTERRUPTIBLE))
			blocked++;
	}
	user /= NS_PER_TICK;
	sys /= NS_PER_TICK;
	idle /= NS_PER_TICK;
	for (i = 0; i < NR_IRQS; i++)
		irqs += kstat_irqs(i);
	count_tasks(&running, &active, &total);
	for (i = 0; i < 2; i++) {
		seq_printf(m, i ? "cpu0" : "cpu ");
		seq_printf(m, " %llu 0 %llu %llu 0 0 0 0 0 0\n", user, sys, idle);
	}
	seq_printf(m, "intr %llu", irqs);
	for (i = 0; i < NR_IRQS; i++)
		seq_printf(m, " %lu", kstat_irqs(i));
	seq_printf(m, "\nctxt %llu\n", nr_context_switches);
	seq_printf(m, "btime %llu\n", (unsigned long long)(current_time_sec() -
							  uptime_ns() / 1000000000ULL));
	seq_printf(m, "processes %lu\nprocs_running %lu\nprocs_blocked %lu\n", total_forks, running,
		   blocked);
	seq_printf(m, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return 0;
}

/* CPUID leaf 1 ECX names Linux prints (a few; the rest of the bits are rare here) */
static const struct { int bit; const char *name; } ecx_names[] = {
	{ 0, "pni" }, { 1, "pclmulqdq" }, { 3, "monitor" }, { 9, "ssse3" }, { 12, "fma" },
	{ 13, "cx16" }, { 19, "sse4_1" }, { 20, "sse4_2" }, { 22, "movbe" }, { 23, "popcnt" },
	{ 25, "aes" }, { 26, "xsave" }, { 28, "avx" }, { 30, "rdrand" }, { 31, "hypervisor" },
};

static int cpuinfo_proc_show(struct seq_file *m, void *v)
{
	struct cpuinfo_x86 *c = &boot_cpu_data;
	unsigned int i;

	(void)v;
	seq_printf(m, "processor\t: 0\nvendor_id\t: %s\n", c->x86_vendor_id[0] ? c->x86_vendor_id :
		   "unknown");
	seq_printf(m, "cpu family\t: %d\nmodel\t\t: %u\n", c->x86, c->x86_model);
	seq_printf(m, "model name\t: %s\n", c->x86_model_id[0] ? skip_spaces(c->x86_model_id) :
		   "unknown");
	seq_printf(m, "stepping\t: %d\n", c->x86_stepping);
	if (tsc_khz)
		seq_printf(m, "cpu MHz\t\t: %lu.%03lu\n", tsc_khz / 1000, tsc_khz % 1000);
	seq_printf(m, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
	seq_printf(m, "apicid\t\t: 0\ninitial apicid\t: 0\n");
	seq_printf(m, "fdiv_bug\t: no\nf00f_bug\t: no\ncoma_bug\t: no\n");
	seq_printf(m, "fpu\t\t: %s\nfpu_exception\t: %s\n", c->x86_capability & 1 ? "yes" : "no",
		   c->x86_capability & 1 ? "yes" : "no");
	seq_printf(m, "cpuid level\t: %d\nwp\t\t: yes\nflags\t\t:", c->cpuid_level);
	for (i = 0; i < 32; i++)
		if ((c->x86_capability & (1u << i)) && x86_cap_names[i])
			seq_printf(m, " %s", x86_cap_names[i]);
	if (c->cpuid_level >= 0)
		seq_puts(m, " cpuid");
	for (i = 0; i < ARRAY_SIZE(ecx_names); i++)
		if (c->x86_capability_ecx & (1u << ecx_names[i].bit))
			seq_printf(m, " %s", ecx_names[i].name);
	seq_printf(m, "\nbugs\t\t:\n");
	seq_printf(m, "bogomips\t: %lu.%02lu\n", loops_per_jiffy / (500000 / HZ),
		   loops_per_jiffy / (5000 / HZ) % 100);
	seq_printf(m, "clflush size\t: 32\ncache_alignment\t: 32\n");
	seq_printf(m, "address sizes\t: %d bits physical, 32 bits virtual\n",
		   (c->x86_capability & (1u << 6)) ? 36 : 32);
	seq_printf(m, "power management:\n\n");
	return 0;
}

static int interrupts_proc_show(struct seq_file *m, void *v)
{
	unsigned int i;

	(void)v;
	seq_printf(m, "%*sCPU%-8d\n", 3 + 8, "", 0);
	for (i = 0; i < NR_IRQS; i++) {
		struct irq_desc *d = &irq_desc[i];
		struct irqaction *a;

		if (!d->action && !d->kstat_irqs)
			continue;
		/* Linux's show_interrupts: count per CPU, chip, hwirq-flow, actions */
		seq_printf(m, "%3u: %10lu  %8s %3u-%-8s", i, d->kstat_irqs,
			   d->chip ? d->chip : "none", i, "edge");
		for (a = d->action; a; a = a->next)
			seq_printf(m, "%s%s", a == d->action ? "  " : ", ", a->name);
		seq_putc(m, '\n');
	}
	seq_printf(m, "NMI: %10u   Non-maskable interrupts\n", 0);
	seq_printf(m, "ERR: %10lu\n", irq_err_count);
	return 0;
}

/*
 * Only the mounts the reader can reach from its root are shown (Linux's
 * seq_path_root skips the rest): once init's root is the disk, the
 * initramfs's rootfs under it is out of sight, and the disk is at "/".
 */
static bool mnt_visible(struct vfsmount *mnt)
{
	struct vfsmount *root = current->fs ? current->fs->root.mnt : root_mnt;

	for (;;) {
		if (mnt == root)
			return true;
		if (mnt->mnt_parent == mnt)
			return false;
		mnt = mnt->mnt_parent;
	}
}

static void show_mnt_path(struct seq_file *m, struct vfsmount *mnt)
{
	struct path p = { .mnt = mnt, .dentry = mnt->mnt_root };
	char buf[256];

	if (proc_d_path(&p, buf, sizeof(buf)) < 0)
		strlcpy(buf, "?", sizeof(buf));
	seq_puts(m, buf);
}

static const char *mnt_type(struct vfsmount *mnt)
{
	return mnt->mnt_parent == mnt ? "rootfs" : mnt->mnt_sb->s_type->name;
}

static int mounts_proc_show(struct seq_file *m, void *v)
{
	struct vfsmount *mnt = NULL;

	(void)v;
	while ((mnt = next_mount(mnt))) {
		if (!mnt_visible(mnt))
			continue;
		seq_printf(m, "%s ", mnt->mnt_devname[0] ? mnt->mnt_devname : "none");
		show_mnt_path(m, mnt);
		seq_printf(m, " %s %s%s 0 0\n", mnt_type(mnt), mnt->mnt_flags & 1 ? "ro" : "rw",
			   mnt->mnt_parent == mnt ? "" : ",relatime");
	}
	return 0;
}

static int mountinfo_show(struct seq_file *m, struct task_struct *task)
{
	struct vfsmount *mnt = NULL, *p;
	int id;

	(void)task;
	while ((mnt = next_mount(mnt))) {
		dev_t dev = mnt->mnt_sb->s_dev;
		int pid_ = 1;

		if (!mnt_visible(mnt))
			continue;
		for (p = NULL, id = 1; (p = next_mount(p)) && p != mnt; id++)
			;
		for (p = NULL; (p = next_mount(p)); pid_++)
			if (p == mnt->mnt_parent)
				break;
		seq_printf(m, "%d %d %u:%u / ", id, pid_, MAJOR(dev), MINOR(dev));
		show_mnt_path(m, mnt);
		seq_printf(m, " %s%s - %s %s %s\n", mnt->mnt_flags & 1 ? "ro" : "rw",
			   mnt->mnt_parent == mnt ? "" : ",relatime", mnt_type(mnt),
			   mnt->mnt_devname[0] ? mnt->mnt_devname : "none",
			   mnt->mnt_flags & 1 ? "ro" : "rw");
	}
	return 0;
}

static int filesystems_proc_show(struct seq_file *m, void *v)
{
	struct file_system_type *fs;

	(void)v;
	for (fs = get_filesystem_list(); fs; fs = fs->next)
		seq_printf(m, "%s\t%s\n", fs->fs_flags & FS_REQUIRES_DEV ? "" : "nodev", fs->name);
	return 0;
}

int proc_pid_mountinfo(struct seq_file *m, struct task_struct *task)
{
	return mountinfo_show(m, task);
}

int proc_pid_mounts(struct seq_file *m, struct task_struct *task)
{
	(void)task;
	return mounts_proc_show(m, NULL);
}

/* Every text symbol: "address T name" (the table keeps no symbol types: all are T). */
static int kallsyms_proc_show(struct seq_file *m, void *v)
{
	unsigned long i, addr;
	const char *name;

	(void)v;
	for (i = 0; kallsyms_get(i, &addr, &name); i++)
		seq_printf(m, "%08lx T %s\n", addr, name);
	return 0;
}

/* /proc/modules: the module loader defines the real one; without modules it is empty. */
int __weak modules_proc_show(struct seq_file *m, void *v)
{
	(void)m;
	(void)v;
	return 0;
}

/* /proc/partitions: each disk and partition, sizes in 1 KiB blocks */
static int partitions_proc_show(struct seq_file *m, void *v)
{
	struct gendisk *disk;
	int i, p;

	(void)v;
	seq_puts(m, "major minor  #blocks  name\n\n");
	for (i = 0; (disk = get_disk_nr(i)); i++)
		for (p = 0; p < DISK_MAX_PARTS; p++)
			if (disk->part[p].nr_sects)
				seq_printf(m, "%4d  %7d %10llu %s\n", MAJOR(disk->part[p].dev),
					   MINOR(disk->part[p].dev),
					   (unsigned long long)disk->part[p].nr_sects >> 1,
					   disk->part[p].name);
	return 0;
}

void proc_misc_init(void)
{
	proc_create_single("version", 0, NULL, version_proc_show);
	proc_create_single("cmdline", 0, NULL, cmdline_proc_show);
	proc_create_single("uptime", 0, NULL, uptime_proc_show);
	proc_create_single("loadavg", 0, NULL, loadavg_proc_show);
	proc_create_single("stat", 0, NULL, stat_proc_show);
	proc_create_single("cpuinfo", 0, NULL, cpuinfo_proc_show);
	proc_create_single("interrupts", 0, NULL, interrupts_proc_show);
	proc_create_single("filesystems", 0, NULL, filesystems_proc_show);
	proc_symlink("mounts", NULL, "self/mounts");
	proc_create_single("kallsyms", 0444, NULL, kallsyms_proc_show);
	proc_create_single("partitions", 0444, NULL, partitions_proc_show);
	proc_create_single("modules", 0444, NULL, modules_proc_show);
	proc_meminfo_init();
	proc_sysinfo_init();
	proc_sys_init();
}

static int __init proc_fs_init(void)
{
	proc_root_init();
	return 0;
}
core_initcall(proc_fs_init);
