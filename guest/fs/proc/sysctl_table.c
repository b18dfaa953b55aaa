/*
 * The sysctl variables (Linux's kernel/sysctl.c, mm and fs tables): vm.*,
 * kernel.* and fs.* under /proc/sys. Each writes the variable its subsystem
 * reads (overcommit in mm/overcommit.c, the OOM killer's choices, the zone
 * watermarks, CFS's latency and granularities, printk's levels, pid
 * allocation, uname's host and domain names, swappiness in mm/vmscan.c).
 * Stored but not used by lucix yet, as noted per entry: dirty_* (no writeback yet),
 * sched_rt_runtime_us (no RT throttling), sysrq (no SysRq keys), file-max
 * (root is exempt in Linux too, and here everyone is root).
 */
#include <linux/kernel.h>
#include <linux/pagemap.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/shrinker.h>
#include "internal.h"

extern int sysctl_panic_on_oom, sysctl_oom_kill_allocating_task, min_free_kbytes;
extern int console_loglevel, default_message_loglevel, panic_timeout, pid_max;
extern unsigned int sysctl_sched_latency, sysctl_sched_min_granularity,
	sysctl_sched_wakeup_granularity;
extern char uts_nodename[65], uts_domainname[65];
extern const char uts_release[], uts_version[];
extern unsigned long nr_files, nr_dentries, nr_inodes;
unsigned long dcache_unused(void);
void set_min_free_kbytes(int kb);

int vm_swappiness = 60;
int vm_dirty_ratio = 20, dirty_background_ratio = 10;
/* dirty_expire_interval, dirty_writeback_interval: the flusher's (fs/fs-writeback.c) */
int sysctl_drop_caches;
int sysctl_sched_rt_runtime = 950000;
int sysctl_sysrq = 438;			/* Debian's default mask */
unsigned long files_max = 8192;

static int pid_max_min = 301, pid_max_max = 32768;
static int four = 4, min_free_min = 128, min_free_max = 65536 * 4;
static int rt_runtime_min = -1, rt_runtime_max = 1000000;
static unsigned int sched_min_ns = 100000, sched_max_ns = 1000000000, zero_u;
static int printk_min = 1, printk_max = 15;

/* vm.drop_caches: 1 clean page-cache pages (mm/lru.c), 2 slab objects (empty slabs go back), 3 both */
static int drop_caches_sysctl_handler(struct ctl_table *t, int write, void *buffer, size_t *lenp,
				      loff_t *ppos)
{
	struct kmem_cache *s;
	int err = proc_dointvec_minmax(t, write, buffer, lenp, ppos);

	if (err || !write)
		return err;
	if (sysctl_drop_caches & 1)
		drop_caches(1);
	if (sysctl_drop_caches & 2)
		drop_slab();	/* the shrinkers' objects (dentries, inodes) first */
	if (sysctl_drop_caches & 2)
		list_for_each_entry(s, &slab_caches, list)
			kmem_cache_shrink(s);
	pr_info("%s (%d): drop_caches: %d\n", current->comm, current->pid, sysctl_drop_caches);
	return 0;
}

static int min_free_kbytes_sysctl_handler(struct ctl_table *t, int write, void *buffer,
					  size_t *lenp, loff_t *ppos)
{
	int err = proc_dointvec_minmax(t, write, buffer, lenp, ppos);

	if (!err && write)
		set_min_free_kbytes(min_free_kbytes);
	return err;
}

/* kernel.printk: console_loglevel, default_message_loglevel, minimum and default console levels */
static int printk_sysctl_handler(struct ctl_table *t, int write, void *buffer, size_t *lenp,
				 loff_t *ppos)
{
	int v[4] = { console_loglevel, default_message_loglevel, 1, CONFIG_CONSOLE_LOGLEVEL_DEFAULT };
	struct ctl_table tmp = *t;
	int err;

	tmp.data = v;
	err = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (!err && write) {
		console_loglevel = v[0];
		default_message_loglevel = v[1];
	}
	return err;
}

/* fs.file-nr: open files, free ones (always 0 since 2.6), the maximum */
static int file_nr_handler(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	unsigned long v[3] = { nr_files, 0, files_max };
	struct ctl_table tmp = *t;

	if (write)
		return -EPERM;
	tmp.data = v;
	tmp.maxlen = sizeof(v);
	return proc_doulongvec_minmax(&tmp, 0, buffer, lenp, ppos);
}

/* fs.dentry-state: nr_dentry nr_unused age_limit want_pages nr_negative dummy, as Linux 6.1 */
static int dentry_state_handler(struct ctl_table *t, int write, void *buffer, size_t *lenp,
				loff_t *ppos)
{
	unsigned long v[6] = { nr_dentries, dcache_unused(), 45, 0, 0, 0 };
	struct ctl_table tmp = *t;

	if (write)
		return -EPERM;
	tmp.data = v;
	tmp.maxlen = sizeof(v);
	return proc_doulongvec_minmax(&tmp, 0, buffer, lenp, ppos);
}

/* fs.inode-nr: nr_inodes nr_unused (an unused inode is freed at once in lucix) */
static int inode_nr_handler(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	unsigned long v[2] = { nr_inodes, 0 };
	struct ctl_table tmp = *t;

	if (write)
		return -EPERM;
	tmp.data = v;
	tmp.maxlen = sizeof(v);
	return proc_doulongvec_minmax(&tmp, 0, buffer, lenp, ppos);
}

static char ostype[] = "Linux";

static int ro_string(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	if (write)
		return -EPERM;
	return proc_dostring(t, 0, buffer, lenp, ppos);
}

static struct ctl_table vm_table[] = {
	{ "dirty_background_ratio", &dirty_background_ratio, sizeof(int), 0644,
	  proc_dointvec_minmax, SYSCTL_ZERO, SYSCTL_ONE_HUNDRED },
	{ "dirty_expire_centisecs", &dirty_expire_interval, sizeof(int), 0644,
	  proc_douintvec_minmax, NULL, NULL },
	{ "dirty_ratio", &vm_dirty_ratio, sizeof(int), 0644, proc_dointvec_minmax, SYSCTL_ZERO,
	  SYSCTL_ONE_HUNDRED },
	{ "dirty_writeback_centisecs", &dirty_writeback_interval, sizeof(int), 0644,
	  proc_douintvec_minmax, NULL, NULL },
	{ "drop_caches", &sysctl_drop_caches, sizeof(int), 0200, drop_caches_sysctl_handler,
	  SYSCTL_ONE, &four },
	{ "min_free_kbytes", &min_free_kbytes, sizeof(int), 0644, min_free_kbytes_sysctl_handler,
	  &min_free_min, &min_free_max },
	{ "oom_kill_allocating_task", &sysctl_oom_kill_allocating_task, sizeof(int), 0644,
	  proc_dointvec, NULL, NULL },
	{ "overcommit_kbytes", &sysctl_overcommit_kbytes, sizeof(unsigned long), 0644,
	  proc_doulongvec_minmax, NULL, NULL },
	{ "overcommit_memory", &sysctl_overcommit_memory, sizeof(int), 0644, proc_dointvec_minmax,
	  SYSCTL_ZERO, SYSCTL_TWO },
	{ "overcommit_ratio", &sysctl_overcommit_ratio, sizeof(int), 0644, proc_dointvec_minmax,
	  SYSCTL_ZERO, SYSCTL_INT_MAX },
	{ "panic_on_oom", &sysctl_panic_on_oom, sizeof(int), 0644, proc_dointvec_minmax,
	  SYSCTL_ZERO, SYSCTL_TWO },
	{ "swappiness", &vm_swappiness, sizeof(int), 0644, proc_dointvec_minmax, SYSCTL_ZERO,
	  SYSCTL_TWO_HUNDRED },
	{ NULL }
};

static struct ctl_table kern_table[] = {
	{ "domainname", uts_domainname, sizeof(uts_domainname), 0644, proc_dostring, NULL, NULL },
	{ "hostname", uts_nodename, sizeof(uts_nodename), 0644, proc_dostring, NULL, NULL },
	{ "osrelease", (void *)uts_release, 65, 0444, ro_string, NULL, NULL },
	{ "ostype", ostype, sizeof(ostype), 0444, ro_string, NULL, NULL },
	{ "panic", &panic_timeout, sizeof(int), 0644, proc_dointvec, NULL, NULL },
	{ "pid_max", &pid_max, sizeof(int), 0644, proc_dointvec_minmax, &pid_max_min, &pid_max_max },
	{ "printk", NULL, 4 * sizeof(int), 0644, printk_sysctl_handler, &printk_min, &printk_max },
	{ "sched_latency_ns", &sysctl_sched_latency, sizeof(unsigned int), 0644,
	  proc_douintvec_minmax, &sched_min_ns, &sched_max_ns },
	{ "sched_min_granularity_ns", &sysctl_sched_min_granularity, sizeof(unsigned int), 0644,
	  proc_douintvec_minmax, &sched_min_ns, &sched_max_ns },
	{ "sched_rt_runtime_us", &sysctl_sched_rt_runtime, sizeof(int), 0644, proc_dointvec_minmax,
	  &rt_runtime_min, &rt_runtime_max },
	{ "sched_wakeup_granularity_ns", &sysctl_sched_wakeup_granularity, sizeof(unsigned int), 0644,
	  proc_douintvec_minmax, &zero_u, &sched_max_ns },
	{ "sysrq", &sysctl_sysrq, sizeof(int), 0644, proc_dointvec, NULL, NULL },
	{ "version", (void *)uts_version, 65, 0444, ro_string, NULL, NULL },
	{ NULL }
};

static struct ctl_table fs_table[] = {
	{ "file-max", &files_max, sizeof(unsigned long), 0644, proc_doulongvec_minmax, NULL, NULL },
	{ "file-nr", NULL, 3 * sizeof(unsigned long), 0444, file_nr_handler, NULL, NULL },
	{ "dentry-state", NULL, 6 * sizeof(unsigned long), 0444, dentry_state_handler, NULL, NULL },
	{ "inode-nr", NULL, 2 * sizeof(unsigned long), 0444, inode_nr_handler, NULL, NULL },
	{ NULL }
};

void proc_sys_init(void)
{
	register_sysctl("fs", fs_table);
	register_sysctl("kernel", kern_table);
	register_sysctl("vm", vm_table);
}
