/*
 * /sys/class/input (Linux's input class, flattened): a directory per input
 * device, inputN, with name, phys, uniq, uevent, id/{bustype,vendor,
 * product,version} and capabilities/{ev,key,rel,msc,led} (bitmaps as in
 * /proc/bus/input/devices), and one per character device a handler made
 * (event0, mouse0, mice) with dev ("13:64") and uevent (MAJOR, MINOR,
 * DEVNAME), which is what busybox mdev reads to make the nodes. Made once at
 * the end of the boot; input devices here never go away.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/input.h>
#include <linux/kobject.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <asm/page.h>

struct list_head *input_device_list(void);

struct input_kobj {
	struct kobject kobj;
	struct input_dev *dev;		/* inputN, or NULL for a char device */
	dev_t devt;
	char name[16];
};

enum { A_NAME, A_PHYS, A_UNIQ, A_UEVENT, A_DEV, A_BUS, A_VENDOR, A_PRODUCT, A_VERSION,
       A_EV, A_KEY, A_REL, A_MSC, A_LED };

struct input_attr {
	struct attribute attr;
	int what;
};

#define IA(n, w) { { n, 0444 }, w }
static struct input_attr a_name = IA("name", A_NAME), a_phys = IA("phys", A_PHYS),
	a_uniq = IA("uniq", A_UNIQ), a_uevent = IA("uevent", A_UEVENT), a_dev = IA("dev", A_DEV),
	a_bus = IA("bustype", A_BUS), a_vendor = IA("vendor", A_VENDOR),
	a_product = IA("product", A_PRODUCT), a_version = IA("version", A_VERSION),
	a_ev = IA("ev", A_EV), a_key = IA("key", A_KEY), a_rel = IA("rel", A_REL),
	a_msc = IA("msc", A_MSC), a_led = IA("led", A_LED);

static struct attribute *dev_attrs[] = { &a_name.attr, &a_phys.attr, &a_uniq.attr, &a_uevent.attr, NULL };
static struct attribute *id_attrs[] = { &a_bus.attr, &a_vendor.attr, &a_product.attr, &a_version.attr, NULL };
static struct attribute *cap_attrs[] = { &a_ev.attr, &a_key.attr, &a_rel.attr, &a_msc.attr, &a_led.attr, NULL };
static struct attribute *node_attrs[] = { &a_dev.attr, &a_uevent.attr, NULL };
static const struct attribute_group id_group = { .name = "id", .attrs = id_attrs };
static const struct attribute_group cap_group = { .name = "capabilities", .attrs = cap_attrs };

/* The words of an nbits map, highest non-zero first, as Linux prints them. */
static int bitmap_show(char *buf, const unsigned long *b, unsigned int nbits)
{
	int i, n = 0;

	for (i = (int)((nbits + 31) / 32) - 1; i > 0 && !b[i]; i--)
		;
	for (; i >= 0; i--)
		n += snprintf(buf + n, PAGE_SIZE - n, "%lx%s", b[i], i ? " " : "\n");
	return n;
}

static ssize_t input_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct input_kobj *k = container_of(kobj, struct input_kobj, kobj);
	struct input_dev *d = k->dev;
	int what = container_of(attr, struct input_attr, attr)->what;

	if (!d) {
		if (what == A_DEV)
			return snprintf(buf, PAGE_SIZE, "%u:%u\n", MAJOR(k->devt), MINOR(k->devt));
		return snprintf(buf, PAGE_SIZE, "MAJOR=%u\nMINOR=%u\nDEVNAME=input/%s\n",
				MAJOR(k->devt), MINOR(k->devt), k->name);
	}
	switch (what) {
	case A_NAME: return snprintf(buf, PAGE_SIZE, "%s\n", d->name ? d->name : "");
	case A_PHYS: return snprintf(buf, PAGE_SIZE, "%s\n", d->phys ? d->phys : "");
	case A_UNIQ: return snprintf(buf, PAGE_SIZE, "\n");
	case A_UEVENT:
		return snprintf(buf, PAGE_SIZE, "PRODUCT=%x/%x/%x/%x\nNAME=\"%s\"\nPHYS=\"%s\"\n",
				d->id.bustype, d->id.vendor, d->id.product, d->id.version,
				d->name ? d->name : "", d->phys ? d->phys : "");
	case A_BUS: return snprintf(buf, PAGE_SIZE, "%04x\n", d->id.bustype);
	case A_VENDOR: return snprintf(buf, PAGE_SIZE, "%04x\n", d->id.vendor);
	case A_PRODUCT: return snprintf(buf, PAGE_SIZE, "%04x\n", d->id.product);
	case A_VERSION: return snprintf(buf, PAGE_SIZE, "%04x\n", d->id.version);
	case A_EV: return bitmap_show(buf, d->evbit, EV_CNT);
	case A_KEY: return bitmap_show(buf, d->keybit, KEY_CNT);
	case A_REL: return bitmap_show(buf, d->relbit, REL_CNT);
	case A_MSC: return bitmap_show(buf, d->mscbit, MSC_CNT);
	case A_LED: return bitmap_show(buf, d->ledbit, LED_CNT);
	}
	return -EIO;
}

static const struct sysfs_ops input_sysfs_ops = { .show = input_attr_show };
static struct kobj_type input_dev_ktype = { .sysfs_ops = &input_sysfs_ops, .default_attrs = dev_attrs };
static struct kobj_type input_node_ktype = { .sysfs_ops = &input_sysfs_ops, .default_attrs = node_attrs };
static struct kobject *input_class;	/* /sys/class/input (drivers/base/core.c) */
struct kobject *i8042_port_input_dir(unsigned int port);	/* drivers/base/pc_devices.c */

/*
 * name under parent (NULL: in the class directory itself), and when it has a
 * parent, /sys/class/input/NAME as a link to it, as Linux lays the class out.
 */
static struct input_kobj *add(struct input_dev *dev, dev_t devt, const char *name,
			      struct kobject *parent)
{
	struct input_kobj *k = kzalloc(sizeof(*k), GFP_KERNEL);

	if (!k)
		return NULL;
	k->dev = dev;
	k->devt = devt;
	snprintf(k->name, sizeof(k->name), "%s", name);
	if (kobject_init_and_add(&k->kobj, dev ? &input_dev_ktype : &input_node_ktype,
				 parent ? parent : input_class, "%s", k->name)) {
		kobject_put(&k->kobj);
		return NULL;
	}
	if (parent)
		sysfs_create_link(input_class, &k->kobj, k->name);
	return k;
}

/* A character device of a handler that is not one device's (mousedev's mice). */
void input_sysfs_add_node(const char *name, u32 devt)
{
	if (input_class)	/* /sys/devices/virtual/input/NAME, as Linux's mice */
		add(NULL, devt, name, virtual_device_parent("input"));
}

static int __init input_sysfs_init(void)
{
	struct input_dev *dev;
	struct input_handle *h;
	struct input_kobj *k;
	char name[16];

	input_class = class_kobj("input");
	if (!input_class)
		return -ENOMEM;
	list_for_each_entry(dev, input_device_list(), node) {
		snprintf(name, sizeof(name), "input%u", dev->number);
		/* The 8042's keyboard and mouse: under serio0 and serio1. */
		k = add(dev, 0, name, i8042_port_input_dir(dev->number));
		if (k) {
			sysfs_create_group(&k->kobj, &id_group);
			sysfs_create_group(&k->kobj, &cap_group);
		}
		list_for_each_entry(h, &dev->h_list, d_node)
			if (h->devt && h->name)
				add(NULL, h->devt, h->name, k ? &k->kobj : NULL);
	}
	return 0;
}
late_initcall(input_sysfs_init);
