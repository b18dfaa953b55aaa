/*
 * Kernel objects (Linux's include/linux/kobject.h): a kobject is a named,
 * reference-counted node with a parent; each one is a directory in sysfs,
 * and its attributes (show/store through its kobj_type's sysfs_ops) are the
 * files in it. A kset is a kobject that groups others (/sys/module, the
 * slab caches under /sys/kernel/slab).
 */
#ifndef _LINUX_KOBJECT_H
#define _LINUX_KOBJECT_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/sysfs.h>

struct kset;
struct kernfs_node;

struct kobj_type {
	void (*release)(struct kobject *kobj);
	const struct sysfs_ops *sysfs_ops;
	struct attribute **default_attrs;	/* made with the directory */
};

struct kobject {
	const char *name;
	struct list_head entry;		/* in kset->list */
	struct kobject *parent;
	struct kset *kset;
	struct kobj_type *ktype;
	struct kernfs_node *sd;		/* its sysfs directory */
	int refcount;
	bool state_initialized, state_in_sysfs;
};

struct kset {
	struct list_head list;
	struct kobject kobj;
};

static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

static inline struct kset *to_kset(struct kobject *kobj)
{
	return kobj ? (struct kset *)((char *)kobj - __builtin_offsetof(struct kset, kobj)) : NULL;
}

void kobject_init(struct kobject *kobj, struct kobj_type *ktype);
__printf(3, 4) int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...);
__printf(4, 5) int kobject_init_and_add(struct kobject *kobj, struct kobj_type *ktype,
					struct kobject *parent, const char *fmt, ...);
struct kobject *kobject_create_and_add(const char *name, struct kobject *parent);
struct kobject *kobject_get(struct kobject *kobj);
void kobject_put(struct kobject *kobj);
void kobject_del(struct kobject *kobj);

struct kset *kset_create_and_add(const char *name, const void *uevent_ops, struct kobject *parent);
int kset_register(struct kset *k);
void kset_unregister(struct kset *k);
struct kobject *kset_find_obj(struct kset *k, const char *name);

/* The attributes of a plain kobject (kobject_create_and_add's) */
struct kobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct kobject *kobj, struct kobj_attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			 size_t count);
};
extern const struct sysfs_ops kobj_sysfs_ops;

/* the top directories: /sys/kernel, /sys/kernel/mm, /sys/devices, /sys/class, ... */
extern struct kobject *kernel_kobj, *mm_kobj, *fs_kobj, *firmware_kobj;
extern struct kset *devices_kset, *class_kset, *bus_kset, *block_kset, *module_kset;

#endif
