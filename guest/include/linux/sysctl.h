/*
 * sysctl tables (Linux's include/linux/sysctl.h): each ctl_table entry is a
 * file under /proc/sys/PATH, read and written through its proc_handler on a
 * kernel buffer. proc_dointvec_minmax and friends refuse a value outside
 * [*extra1, *extra2] with -EINVAL.
 */
#ifndef _LINUX_SYSCTL_H
#define _LINUX_SYSCTL_H

#include <linux/types.h>
#include <linux/fs.h>

struct ctl_table;
typedef int proc_handler(struct ctl_table *ctl, int write, void *buffer, size_t *lenp,
			 loff_t *ppos);

struct ctl_table {
	const char *procname;		/* NULL ends a table */
	void *data;
	int maxlen;			/* bytes of data */
	umode_t mode;
	proc_handler *proc_handler;
	void *extra1, *extra2;		/* minmax: pointers to the bounds */
};

proc_handler proc_dostring, proc_dointvec, proc_dointvec_minmax, proc_douintvec_minmax,
	proc_doulongvec_minmax;

/* Every entry of table as a file in /proc/sys/path ("vm", "kernel", "fs/inotify"). */
int register_sysctl(const char *path, struct ctl_table *table);

extern int sysctl_vals[];	/* 0, 1, 2, 100, 200, 1000, INT_MAX: bounds for extra1/2 */
#define SYSCTL_ZERO	((void *)&sysctl_vals[0])
#define SYSCTL_ONE	((void *)&sysctl_vals[1])
#define SYSCTL_TWO	((void *)&sysctl_vals[2])
#define SYSCTL_ONE_HUNDRED ((void *)&sysctl_vals[3])
#define SYSCTL_TWO_HUNDRED ((void *)&sysctl_vals[4])
#define SYSCTL_ONE_THOUSAND ((void *)&sysctl_vals[5])
#define SYSCTL_INT_MAX	((void *)&sysctl_vals[6])

#endif
