/*
 * The text of /proc/modules and /sys/module/NAME/ (Linux's
 * kernel/module/procfs.c and sysfs.c): formatting functions the file
 * systems call.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include "internal.h"

static const char *state_name(const struct module *mod)
{
	switch (mod->state) {
	case MODULE_STATE_LIVE:
		return "live";
	case MODULE_STATE_COMING:
		return "coming";
	case MODULE_STATE_GOING:
		return "going";
	default:
		return "unformed";
	}
}

/* One /proc/modules line: "name size refcnt users, state address [taints]". */
static int format_proc_line(const struct module *mod, char *buf, size_t size)
{
	const struct module_use *use;
	bool printed = false;
	int n;

	n = snprintf(buf, size, "%s %u %d ", mod->name,
		     mod->core_layout.size + mod->init_layout.size, mod->refcnt);
	list_for_each_entry(use, &mod->source_list, source_list) {
		n += snprintf(buf + n, size > (size_t)n ? size - n : 0, "%s,", use->source->name);
		printed = true;
	}
	if (mod->init && !mod->exit) {
		n += snprintf(buf + n, size > (size_t)n ? size - n : 0, "[permanent],");
		printed = true;
	}
	n += snprintf(buf + n, size > (size_t)n ? size - n : 0, "%s %s 0x%08lx%s\n",
		      printed ? "" : "-",
		      mod->state == MODULE_STATE_GOING ? "Unloading" :
		      mod->state == MODULE_STATE_COMING ? "Loading" : "Live",
		      (unsigned long)mod->core_layout.base, mod->taints ? " (P)" : "");
	return n;
}

int modules_format_proc(char *buf, size_t size)
{
	struct module *mod;
	int n = 0;

	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		n += format_proc_line(mod, buf + n, size > (size_t)n ? size - n : 0);
	}
	return n;
}

/* /sys/module/NAME/refcnt, initstate and sections/SECTION, into BUF (PAGE_SIZE). */
int module_attr_show(const struct module *mod, const char *attr, char *buf)
{
	unsigned int i;

	if (!strcmp(attr, "refcnt"))
		return snprintf(buf, PAGE_SIZE, "%d\n", mod->refcnt);
	if (!strcmp(attr, "initstate"))
		return snprintf(buf, PAGE_SIZE, "%s\n", state_name(mod));
	if (!strncmp(attr, "sections/", 9))
		for (i = 0; i < mod->num_sect_attrs; i++)
			if (!strcmp(mod->sect_attrs[i].name, attr + 9))
				return snprintf(buf, PAGE_SIZE, "0x%08lx\n", mod->sect_attrs[i].addr);
	return -ENOENT;
}

void module_sysfs_add(struct module *mod)
{
}

void module_sysfs_remove(struct module *mod)
{
}
