/*
 * /sys/kernel's own attributes (Linux's kernel/ksysfs.c): uevent_seqnum, the
 * number of uevents sent (none: lucix has no hotplug events yet), and
 * uevent_helper, the program Linux would run for each (kept, never run).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/kobject.h>

#define UEVENT_HELPER_PATH_LEN	256

u64 uevent_seqnum;
char uevent_helper[UEVENT_HELPER_PATH_LEN];

static ssize_t uevent_seqnum_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	(void)kobj;
	(void)attr;
	return snprintf(buf, PAGE_SIZE, "%llu\n", (unsigned long long)uevent_seqnum);
}

static ssize_t uevent_helper_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	(void)kobj;
	(void)attr;
	return snprintf(buf, PAGE_SIZE, "%s\n", uevent_helper);
}

static ssize_t uevent_helper_store(struct kobject *kobj, struct kobj_attribute *attr,
				   const char *buf, size_t count)
{
	(void)kobj;
	(void)attr;
	if (count + 1 > UEVENT_HELPER_PATH_LEN)
		return -ENOENT;
	memcpy(uevent_helper, buf, count);
	uevent_helper[count] = 0;
	if (count && uevent_helper[count - 1] == '\n')
		uevent_helper[count - 1] = 0;
	return count;
}

static struct kobj_attribute uevent_seqnum_attr = __ATTR_RO(uevent_seqnum);
static struct kobj_attribute uevent_helper_attr = __ATTR_RW(uevent_helper);

static struct attribute *kernel_attrs[] = {
	&uevent_seqnum_attr.attr,
	&uevent_helper_attr.attr,
	NULL,
};

static const struct attribute_group kernel_attr_group = { .attrs = kernel_attrs };

static int __init ksysfs_init(void)
{
	return sysfs_create_group(kernel_kobj, &kernel_attr_group);
}
postcore_initcall(ksysfs_init);
