/*
 * Devices in sysfs (Linux's include/linux/device.h, reduced to what /sys
 * shows): a device is a directory under /sys/devices with its "dev"
 * (MAJOR:MINOR) and "uevent" (MAJOR, MINOR, DEVNAME, DEVTYPE) attributes and
 * a "subsystem" link to its class, and /sys/class/CLASS/NAME links back to
 * it. Drivers call device_create for each node they make; platform_device
 * and isa_device make their bus parents (/sys/devices/platform/NAME,
 * /sys/devices/isa/NAME).
 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/kobject.h>

struct device {
	struct kobject kobj;
	dev_t devt;			/* 0: none, no "dev" file */
	const char *devtype;		/* "disk", "partition", or NULL */
	char name[24];
	void *driver_data;
	/* the device's own attributes besides dev and uevent (sysfs_create_file on kobj) */
	ssize_t (*attr_show)(struct device *d, struct attribute *attr, char *buf);
	ssize_t (*attr_store)(struct device *d, struct attribute *attr, const char *buf,
			      size_t count);
};

/* /sys/devices/platform/NAME and /sys/devices/isa/NAME (NULL if sysfs is not up) */
struct device *platform_device_register_simple(const char *name);
struct device *isa_device_register(const char *name);
/* /sys/devices/virtual/CLASS */
struct kobject *virtual_device_parent(const char *cls);
/*
 * A device NAME under parent (a device, or any kobject), in class CLS
 * (/sys/class/CLS/NAME links to it; NULL: none); devt 0 for no node.
 */
struct device *device_create_in(struct kobject *parent, const char *cls, dev_t devt,
				const char *name);
struct device *device_create(const char *cls, struct device *parent, dev_t devt, const char *name);
/* /sys/class/CLS itself, made on first use */
struct kobject *class_kobj(const char *cls);
/* drivers/rtc/rtc-sysfs.c: rtc0's name, date, time, since_epoch, max_user_freq, hctosys */
void rtc_sysfs_add(struct device *d);
/* a plain subdirectory (Linux's glue directories: "tty", "rtc", "block", "queue") */
struct kobject *device_subdir(struct kobject *parent, const char *name);

#endif
