/*
 * kobjects and ksets (Linux's lib/kobject.c, cut down: no uevents): adding a
 * kobject makes its sysfs directory (under its parent, or its kset's
 * kobject) with its type's default attributes; the last kobject_put removes
 * the directory and calls the type's release. Also the top of /sys:
 * kernel/, kernel/mm/, devices/, class/, bus/, block/, module/, fs/ and
 * firmware/, made before any driver's initcall runs.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/kobject.h>

struct kobject *kernel_kobj, *mm_kobj, *fs_kobj, *firmware_kobj;
struct kset *devices_kset, *class_kset, *bus_kset, *block_kset, *module_kset;

void kobject_init(struct kobject *kobj, struct kobj_type *ktype)
{
	memset(kobj, 0, sizeof(*kobj));
	INIT_LIST_HEAD(&kobj->entry);
	kobj->ktype = ktype;
	kobj->refcount = 1;
	kobj->state_initialized = true;
}

static int kobject_add_varg(struct kobject *kobj, struct kobject *parent, const char *fmt,
			    va_list args)
{
	char name[NAME_MAX + 1];
	char *copy;
	struct attribute **a;
	int err;

	if (!kobj->state_initialized)
		return -EINVAL;
	vsnprintf(name, sizeof(name), fmt, args);
	copy = kmalloc(strlen(name) + 1, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, strlen(name) + 1);
	kobj->name = copy;
	if (kobj->kset) {
		if (!parent)
			parent = &kobj->kset->kobj;
		list_add_tail(&kobj->entry, &kobj->kset->list);
	}
	kobj->parent = parent ? kobject_get(parent) : NULL;
	err = sysfs_create_dir(kobj);
	if (err) {
		list_del_init(&kobj->entry);
		if (kobj->parent)
			kobject_put(kobj->parent);
		kobj->parent = NULL;
		return err;
	}
	kobj->state_in_sysfs = true;
	for (a = kobj->ktype ? kobj->ktype->default_attrs : NULL; a && *a && !err; a++)
		err = sysfs_create_file(kobj, *a);
	return err;
}

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)
{
	va_list args;
	int err;

	va_start(args, fmt);
	err = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return err;
}

int kobject_init_and_add(struct kobject *kobj, struct kobj_type *ktype, struct kobject *parent,
			 const char *fmt, ...)
{
	struct kset *kset = kobj->kset;
	va_list args;
	int err;

	kobject_init(kobj, ktype);
	kobj->kset = kset;		/* set by the caller before, as Linux allows */
	va_start(args, fmt);
	err = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return err;
}

struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj)
		kobj->refcount++;
	return kobj;
}

void kobject_del(struct kobject *kobj)
{
	if (!kobj || !kobj->state_in_sysfs)
		return;
	sysfs_remove_dir(kobj);
	kobj->state_in_sysfs = false;
	list_del_init(&kobj->entry);
	if (kobj->parent)
		kobject_put(kobj->parent);
	kobj->parent = NULL;
}

void kobject_put(struct kobject *kobj)
{
	const char *name;

	if (!kobj || --kobj->refcount > 0)
		return;
	kobject_del(kobj);
	name = kobj->name;
	if (kobj->ktype && kobj->ktype->release)
		kobj->ktype->release(kobj);
	kfree(name);
}

/* kobject_create_and_add's objects: plain kobjects with kobj_attribute files */
static ssize_t kobj_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct kobj_attribute *ka = (struct kobj_attribute *)attr;

	return ka->show ? ka->show(kobj, ka, buf) : -EIO;
}

static ssize_t kobj_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
			       size_t count)
{
	struct kobj_attribute *ka = (struct kobj_attribute *)attr;

	return ka->store ? ka->store(kobj, ka, buf, count) : -EIO;
}

const struct sysfs_ops kobj_sysfs_ops = { .show = kobj_attr_show, .store = kobj_attr_store };

static void dynamic_kobj_release(struct kobject *kobj)
{
	kfree(kobj);
}

static struct kobj_type dynamic_kobj_ktype = {
	.release = dynamic_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *kobj = kmalloc(sizeof(*kobj), GFP_KERNEL);

	if (!kobj)
		return NULL;
	kobject_init(kobj, &dynamic_kobj_ktype);
	if (kobject_add(kobj, parent, "%s", name)) {
		kobject_put(kobj);
		return NULL;
	}
	return kobj;
}

static void kset_release(struct kobject *kobj)
{
	kfree(to_kset(kobj));
}

static struct kobj_type kset_ktype = {
	.release = kset_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

int kset_register(struct kset *k)
{
	INIT_LIST_HEAD(&k->list);
	if (!k->kobj.state_initialized) {
		struct kset *parent = k->kobj.kset;
		struct kobj_type *t = k->kobj.ktype;

		kobject_init(&k->kobj, t ? t : &kset_ktype);
		k->kobj.kset = parent;
	}
	return kobject_add(&k->kobj, k->kobj.parent, "%s", k->kobj.name);
}

struct kset *kset_create_and_add(const char *name, const void *uevent_ops, struct kobject *parent)
{
	struct kset *k = kzalloc(sizeof(*k), GFP_KERNEL);

	(void)uevent_ops;
	if (!k)
		return NULL;
	INIT_LIST_HEAD(&k->list);
	kobject_init(&k->kobj, &kset_ktype);
	if (kobject_add(&k->kobj, parent, "%s", name)) {
		kobject_put(&k->kobj);
		return NULL;
	}
	return k;
}

void kset_unregister(struct kset *k)
{
	if (k)
		kobject_put(&k->kobj);
}

struct kobject *kset_find_obj(struct kset *k, const char *name)
{
	struct kobject *kobj;

	list_for_each_entry(kobj, &k->list, entry)
		if (kobj->name && !strcmp(kobj->name, name))
			return kobject_get(kobj);
	return NULL;
}

static int __init sysfs_core_init(void)
{
	sysfs_init();
	devices_kset = kset_create_and_add("devices", NULL, NULL);
	bus_kset = kset_create_and_add("bus", NULL, NULL);
	class_kset = kset_create_and_add("class", NULL, NULL);
	block_kset = kset_create_and_add("block", NULL, NULL);
	kernel_kobj = kobject_create_and_add("kernel", NULL);
	mm_kobj = kobject_create_and_add("mm", kernel_kobj);
	fs_kobj = kobject_create_and_add("fs", NULL);
	firmware_kobj = kobject_create_and_add("firmware", NULL);
	module_kset = kset_create_and_add("module", NULL, NULL);
	if (!devices_kset || !bus_kset || !class_kset || !block_kset || !kernel_kobj || !mm_kobj ||
	    !fs_kobj || !firmware_kobj || !module_kset)
		panic("sysfs: cannot make the top directories");
	return 0;
}
core_initcall(sysfs_core_init);
