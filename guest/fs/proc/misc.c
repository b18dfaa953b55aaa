/*
 * /proc files about the whole system (Linux's fs/proc/version.c, uptime.c,
 * loadavg.c, cmdline.c, ...), each a show function behind proc_create_single.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include "internal.h"

static int version_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "Linux version %s (%s@%s) (gcc version " __VERSION__ ") %s\n",
		   "6.1.0-lucix", "root", "lucid", "#1 PREEMPT lucix 0.1.0");
	return 0;
}

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s\n", saved_command_line ? saved_command_line : "");
	return 0;
}

void proc_misc_init(void)
{
	proc_create_single("version", 0, NULL, version_proc_show);
	proc_create_single("cmdline", 0, NULL, cmdline_proc_show);
}

static int __init proc_fs_init(void)
{
	proc_root_init();
	return 0;
}
core_initcall(proc_fs_init);
