/*
 * The device tree in sysfs (Linux's drivers/base/core.c, class.c and
 * platform.c, reduced to the directories, attributes and links /sys shows):
 * see linux/device.h. A device with a number is also linked from
 * /sys/dev/char or /sys/dev/block as MAJOR:MINOR. A device's class directory is found or made by name;
 * the tree is only added to, never removed from (lucix's devices do not go
 * away).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/device.h>

#define MAX_CLASSES	16

static struct {
	const char *name;
	struct kobject *kobj;
} classes[MAX_CLASSES];

static struct kobject *platform_kobj, *isa_kobj, *virtual_kobj;
static struct kobject *dev_char_kobj, *dev_block_kobj;	/* /sys/dev/char, /sys/dev/block */

static struct device *to_dev(struct kobject *kobj)
{
	return container_of(kobj, struct device, kobj);
}

struct kobject *class_kobj(const char *cls)
{
	int i;

	if (!class_kset)
		return NULL;
	for (i = 0; i < MAX_CLASSES && classes[i].name; i++)
		if (!strcmp(classes[i].name, cls))
			return classes[i].kobj;
	if (i == MAX_CLASSES)
		return NULL;
	classes[i].kobj = kobject_create_and_add(cls, &class_kset->kobj);
	if (classes[i].kobj)
		classes[i].name = cls;
	return classes[i].kobj;
}

struct kobject *device_subdir(struct kobject *parent, const char *name)
{
	return kobject_create_and_add(name, parent);
}

/* The class-named directory under a parent (Linux's get_device_parent glue), made once. */
#define MAX_GLUE	32

static struct {
	struct kobject *parent;
	const char *name;
	struct kobject *kobj;
} glue[MAX_GLUE];

static struct kobject *kset_glue(struct kobject *parent, const char *name)
{
	int i;

	for (i = 0; i < MAX_GLUE && glue[i].kobj; i++)
		if (glue[i].parent == parent && !strcmp(glue[i].name, name))
			return glue[i].kobj;
	if (i == MAX_GLUE)
		return NULL;
	glue[i].kobj = device_subdir(parent, name);
	glue[i].parent = parent;
	glue[i].name = name;
	return glue[i].kobj;
}

/* ---- a device's attributes ---- */

static ssize_t dev_show(struct device *d, char *buf)
{
	return snprintf(buf, PAGE_SIZE, "%u:%u\n", MAJOR(d->devt), MINOR(d->devt));
}

static ssize_t uevent_show(struct device *d, char *buf)
{
	int n = 0;

	if (d->devt)
		n = snprintf(buf, PAGE_SIZE, "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\n", MAJOR(d->devt),
			     MINOR(d->devt), d->name);
	if (d->devtype)
		n += snprintf(buf + n, PAGE_SIZE - n, "DEVTYPE=%s\n", d->devtype);
	return n;
}

static struct attribute dev_attr = { .name = "dev", .mode = 0444 };
static struct attribute uevent_attr = { .name = "uevent", .mode = 0644 };

static ssize_t device_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct device *d = to_dev(kobj);

	if (attr == &dev_attr)
		return dev_show(d, buf);
	if (attr == &uevent_attr)
		return uevent_show(d, buf);
	return d->attr_show ? d->attr_show(d, attr, buf) : -EIO;
}

/* writing "add" (udev's trigger) would send an event: lucix has none to send */
static ssize_t device_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
				 size_t count)
{
	struct device *d = to_dev(kobj);

	if (attr != &uevent_attr)
		return d->attr_store ? d->attr_store(d, attr, buf, count) : -EIO;
	return count;
}

static const struct sysfs_ops device_sysfs_ops = {
	.show = device_attr_show, .store = device_attr_store,
};

static void device_release(struct kobject *kobj)
{
	kfree(to_dev(kobj));
}

static struct kobj_type device_ktype = {
	.release = device_release, .sysfs_ops = &device_sysfs_ops,
};

struct device *device_create_in(struct kobject *parent, const char *cls, dev_t devt,
				const char *name)
{
	struct device *d;
	struct kobject *c = cls ? class_kobj(cls) : NULL;

	if (!parent)
		return NULL;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NULL;
	d->devt = devt;
	strlcpy(d->name, name, sizeof(d->name));
	kobject_init(&d->kobj, &device_ktype);
	if (kobject_add(&d->kobj, parent, "%s", d->name)) {
		kobject_put(&d->kobj);
		return NULL;
	}
	if (devt)
		sysfs_create_file(&d->kobj, &dev_attr);
	sysfs_create_file(&d->kobj, &uevent_attr);
	device_subdir(&d->kobj, "power");	/* runtime PM's directory: lucix has none to show */
	if (c) {
		sysfs_create_link(&d->kobj, c, "subsystem");
		sysfs_create_link(c, &d->kobj, d->name);
	}
	if (devt) {		/* /sys/dev/{char,block}/MAJOR:MINOR */
		struct kobject *dir = cls && !strcmp(cls, "block") ? dev_block_kobj : dev_char_kobj;
		char num[24];

		snprintf(num, sizeof(num), "%u:%u", MAJOR(devt), MINOR(devt));
		if (dir)
			sysfs_create_link(dir, &d->kobj, num);
	}
	return d;
}

/*
 * Linux puts a class device under its parent device in a directory named
 * after the class (serial8250/tty/ttyS0, rtc_cmos/rtc/rtc0); without a
 * parent, under /sys/devices/virtual/CLASS.
 */
struct device *device_create(const char *cls, struct device *parent, dev_t devt, const char *name)
{
	struct kobject *dir;

	struct device *d;

	if (!parent)
		dir = virtual_device_parent(cls);
	else
		dir = kset_glue(&parent->kobj, cls);
	d = device_create_in(dir, cls, devt, name);
	if (d && parent)
		sysfs_create_link(&d->kobj, &parent->kobj, "device");
	return d;
}

struct kobject *virtual_device_parent(const char *cls)
{
	return virtual_kobj ? kset_glue(virtual_kobj, cls) : NULL;
}

static struct device *bus_device(struct kobject *bus, const char *name)
{
	return bus ? device_create_in(bus, NULL, 0, name) : NULL;
}

struct device *platform_device_register_simple(const char *name)
{
	return bus_device(platform_kobj, name);
}

struct device *isa_device_register(const char *name)
{
	return bus_device(isa_kobj, name);
}

static int __init devices_init(void)
{
	struct device *platform, *isa;
	struct kobject *dev_kobj;

	if (!devices_kset)
		return -ENODEV;
	platform = bus_device(&devices_kset->kobj, "platform");
	isa = bus_device(&devices_kset->kobj, "isa");
	platform_kobj = platform ? &platform->kobj : NULL;
	isa_kobj = isa ? &isa->kobj : NULL;
	virtual_kobj = kobject_create_and_add("virtual", &devices_kset->kobj);
	dev_kobj = kobject_create_and_add("dev", NULL);
	if (dev_kobj) {
		dev_char_kobj = kobject_create_and_add("char", dev_kobj);
		dev_block_kobj = kobject_create_and_add("block", dev_kobj);
	}
	return 0;
}
postcore_initcall(devices_init);
