/*
 * /proc/modules and /sys/module (Linux's kernel/module/procfs.c, sysfs.c and
 * the param_sysfs part of kernel/params.c). Every loaded module has
 * /sys/module/NAME/ with refcnt, initstate, coresize, initsize, taint,
 * sections/SECTION (load addresses, for gdb's add-symbol-file) and
 * parameters/PARAM for each parameter with a non-zero permission (read and
 * written as text through the type's operations; the permission decides).
 * Built-in modules with such parameters get /sys/module/NAME/parameters too.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include "internal.h"

enum mattr_kind { MA_REFCNT, MA_INITSTATE, MA_CORESIZE, MA_INITSIZE, MA_TAINT, MA_PARAM, MA_SECTION };

struct module_attribute {
	struct attribute attr;
	enum mattr_kind kind;
	const struct kernel_param *kp;	/* MA_PARAM */
	unsigned long addr;		/* MA_SECTION */
};

struct module_kobject {
	struct kobject kobj;
	struct module *mod;		/* NULL: built in, or removed (see loadable) */
	bool loadable;			/* a .ko: its files fail once mod is gone */
	struct module_attribute *attrs;	/* one array: core, parameter and section files */
	struct attribute **lists;	/* NULL-terminated lists for the three groups */
	struct attribute_group core, params, sections;
	char *names;			/* parameter names without the built-in "NAME." prefix */
};

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

static ssize_t show_locked(struct module *mod, struct module_attribute *ma, char *buf);

static ssize_t module_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct module_kobject *mk = container_of(kobj, struct module_kobject, kobj);
	struct module_attribute *ma = container_of(attr, struct module_attribute, attr);
	struct module *mod;
	ssize_t n = -ENODEV;

	/* A file opened before rmmod keeps mk (sysfs holds the kobject), not the module. */
	mutex_lock(&module_mutex);
	mod = mk->mod;
	if (!mk->loadable || mod)
		n = show_locked(mod, ma, buf);
	mutex_unlock(&module_mutex);
	return n;
}

static ssize_t show_locked(struct module *mod, struct module_attribute *ma, char *buf)
{
	switch (ma->kind) {
	case MA_REFCNT:
		return snprintf(buf, PAGE_SIZE, "%d\n", mod->refcnt);
	case MA_INITSTATE:
		return snprintf(buf, PAGE_SIZE, "%s\n", state_name(mod));
	case MA_CORESIZE:
		return snprintf(buf, PAGE_SIZE, "%u\n", mod->core_layout.size);
	case MA_INITSIZE:
		return snprintf(buf, PAGE_SIZE, "%u\n", mod->init_layout.size);
	case MA_TAINT:
		return snprintf(buf, PAGE_SIZE, "%s\n", mod->taints ? "P" : "");
	case MA_SECTION:
		return snprintf(buf, PAGE_SIZE, "0x%08lx\n", ma->addr);
	case MA_PARAM:
		return param_get(ma->kp, buf);
	}
	return -EIO;
}

static ssize_t module_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
				 size_t count)
{
	struct module_kobject *mk = container_of(kobj, struct module_kobject, kobj);
	struct module_attribute *ma = container_of(attr, struct module_attribute, attr);
	int err = -ENODEV;

	if (ma->kind != MA_PARAM)
		return -EIO;
	mutex_lock(&module_mutex);
	if (!mk->loadable || mk->mod)
		err = param_set(ma->kp, buf);
	mutex_unlock(&module_mutex);
	return err ? err : (ssize_t)count;
}

static const struct sysfs_ops module_sysfs_ops = {
	.show = module_attr_show, .store = module_attr_store,
};

static void module_kobj_release(struct kobject *kobj)
{
	struct module_kobject *mk = container_of(kobj, struct module_kobject, kobj);

	if (mk->mod)
		mk->mod->mkobj = NULL;
	kfree(mk->attrs);
	kfree(mk->lists);
	kfree(mk->names);
	kfree(mk);
}

static struct kobj_type module_ktype = {
	.release = module_kobj_release, .sysfs_ops = &module_sysfs_ops,
};

static const char *const core_names[] = { "refcnt", "initstate", "coresize", "initsize", "taint" };
#define NR_CORE 5

/* Build the directory of MOD (or of built-in NAME with its parameters KP[0..nkp)). */
static struct module_kobject *module_kobject_add(struct module *mod, const char *name,
						 const struct kernel_param *kp, unsigned int nkp)
{
	unsigned int ncore = mod ? NR_CORE : 0, nsect = mod ? mod->num_sect_attrs : 0;
	unsigned int i, np = 0, a = 0, l = 0;
	struct module_kobject *mk;
	size_t names = 0;
	char *p;

	for (i = 0; i < nkp; i++)
		if (kp[i].perm) {
			np++;
			names += strlen(kp[i].name) + 1;
		}
	mk = kzalloc(sizeof(*mk), GFP_KERNEL);
	if (!mk)
		return NULL;
	mk->mod = mod;
	mk->loadable = mod != NULL;
	mk->attrs = kzalloc((ncore + np + nsect + 1) * sizeof(*mk->attrs), GFP_KERNEL);
	mk->lists = kzalloc((ncore + np + nsect + 3) * sizeof(*mk->lists), GFP_KERNEL);
	mk->names = kmalloc(names + 1, GFP_KERNEL);
	if (!mk->attrs || !mk->lists || !mk->names)
		goto fail_free;
	p = mk->names;

	mk->core.attrs = mk->lists + l;
	for (i = 0; i < ncore; i++, a++) {
		mk->attrs[a] = (struct module_attribute){ { core_names[i], 0444 }, MA_REFCNT + i, NULL, 0 };
		mk->lists[l++] = &mk->attrs[a].attr;
	}
	l++;
	mk->params.name = "parameters";
	mk->params.attrs = mk->lists + l;
	for (i = 0; i < nkp; i++) {
		const char *dot = mod ? NULL : strchr(kp[i].name, '.');
		const char *pname = dot ? dot + 1 : kp[i].name;

		if (!kp[i].perm)
			continue;
		memcpy(p, pname, strlen(pname) + 1);
		mk->attrs[a] = (struct module_attribute){ { p, kp[i].perm }, MA_PARAM, &kp[i], 0 };
		p += strlen(pname) + 1;
		mk->lists[l++] = &mk->attrs[a++].attr;
	}
	l++;
	mk->sections.name = "sections";
	mk->sections.attrs = mk->lists + l;
	for (i = 0; i < nsect; i++, a++) {
		mk->attrs[a] = (struct module_attribute){ { mod->sect_attrs[i].name, 0400 }, MA_SECTION,
							  NULL, mod->sect_attrs[i].addr };
		mk->lists[l++] = &mk->attrs[a].attr;
	}

	mk->kobj.kset = module_kset;
	if (kobject_init_and_add(&mk->kobj, &module_ktype, NULL, "%s", name)) {
		kobject_put(&mk->kobj);
		return NULL;
	}
	if (mod) {
		mod->mkobj = mk;
		if (sysfs_create_group(&mk->kobj, &mk->core) ||
		    sysfs_create_group(&mk->kobj, &mk->sections))
			goto fail_del;
	}
	if (np && sysfs_create_group(&mk->kobj, &mk->params))
		goto fail_del;
	return mk;

fail_del:
	kobject_put(&mk->kobj);
	return NULL;
fail_free:
	kfree(mk->attrs);
	kfree(mk->lists);
	kfree(mk->names);
	kfree(mk);
	return NULL;
}

/* A built-in module of that name owns /sys/module/NAME: Linux's mod_sysfs_init refuses. */
int module_sysfs_check_name(const char *name)
{
	struct kobject *kobj = module_kset ? kset_find_obj(module_kset, name) : NULL;

	if (!kobj)
		return 0;
	pr_err("%s: module is already loaded\n", name);
	kobject_put(kobj);
	return -EINVAL;
}

void module_sysfs_add(struct module *mod)
{
	if (!module_kset)
		return;
	if (!module_kobject_add(mod, mod->name, mod->kp, mod->num_kp))
		pr_warn("%s: no /sys/module directory (out of memory)\n", mod->name);
}

void module_sysfs_remove(struct module *mod)
{
	struct module_kobject *mk = mod->mkobj;

	if (!mk)
		return;
	kobject_del(&mk->kobj);
	mk->mod = NULL;
	mod->mkobj = NULL;
	kobject_put(&mk->kobj);
}

/* /proc/modules: "name size refcnt users, state 0xaddress [(P)]", newest first, as Linux
 * (fs/proc/misc.c makes the file; this replaces its empty weak default). */
int modules_proc_show(struct seq_file *m, void *v)
{
	struct module *mod;

	mutex_lock(&module_mutex);
	list_for_each_entry(mod, &modules, list) {
		const struct module_use *use;
		bool printed = false;

		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		seq_printf(m, "%s %u %d ", mod->name, mod->core_layout.size + mod->init_layout.size,
			   mod->refcnt);
		list_for_each_entry(use, &mod->source_list, source_list) {
			seq_printf(m, "%s,", use->source->name);
			printed = true;
		}
		if (mod->init && !mod->exit) {
			seq_puts(m, "[permanent],");
			printed = true;
		}
		seq_printf(m, "%s %s 0x%08lx%s\n", printed ? "" : "-",
			   mod->state == MODULE_STATE_GOING ? "Unloading" :
			   mod->state == MODULE_STATE_COMING ? "Loading" : "Live",
			   (unsigned long)mod->core_layout.base, mod->taints ? " (P)" : "");
	}
	mutex_unlock(&module_mutex);
	return 0;
}

extern const struct kernel_param __start___param[], __stop___param[];

/* /sys/module/NAME/parameters for built-in modules (Linux's param_sysfs_init). */
static int __init module_sysfs_init(void)
{
	const struct kernel_param *kp = __start___param, *start;
	char name[MODULE_NAME_LEN];

	if (!module_kset)
		return 0;
	while (kp < __stop___param) {
		const char *dot = strchr(kp->name, '.');
		size_t n = dot ? (size_t)(dot - kp->name) : 0;

		start = kp;
		if (!n || n >= sizeof(name)) {
			kp++;
			continue;
		}
		memcpy(name, kp->name, n);
		name[n] = 0;
		while (kp < __stop___param && !strncmp(kp->name, name, n) && kp->name[n] == '.')
			kp++;
		module_kobject_add(NULL, name, start, kp - start);
	}
	return 0;
}
late_initcall(module_sysfs_init);
