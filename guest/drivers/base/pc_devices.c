/*
 * The PC's devices in /sys, laid out as Debian's Linux shows them on an ISA
 * PC (QEMU -M isapc): the serial port under the platform device
 * serial8250, the RTC under rtc_cmos, the keyboard under i8042/serio0, the
 * Sound Blaster under isa/sb16.0 (Linux's ISA bus names its devices
 * DRIVER.N), and the devices without a bus parent under
 * /sys/devices/virtual/CLASS (mem, tty). Each appears when its driver made
 * its node in devtmpfs (Linux's device_create makes the node; here the
 * drivers already make the nodes, and this late pass gives each node its
 * device, with the number the node has).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/device.h>
#include <linux/devtmpfs.h>

struct pc_dev {
	const char *node;	/* its /dev name */
	const char *cls;
	const char *bus;	/* "platform", "isa", or NULL for virtual */
	const char *parent;	/* the bus device */
	const char *glue;	/* the class-named directory(ies) between, or NULL */
};

#define VIRT(NODE, CLS)	{ NODE, CLS, NULL, NULL, NULL }

static const struct pc_dev pc_devs[] = {
	{ "ttyS0", "tty", "platform", "serial8250", "tty" },
	{ "rtc0", "rtc", "platform", "rtc_cmos", "rtc" },
	{ "dsp", "sound", "isa", "sb16.0", "sound/card0" },
	{ "audio", "sound", "isa", "sb16.0", "sound/card0" },
	{ "mixer", "sound", "isa", "sb16.0", "sound/card0" },
	VIRT("mem", "mem"), VIRT("kmem", "mem"), VIRT("null", "mem"), VIRT("port", "mem"),
	VIRT("zero", "mem"), VIRT("full", "mem"), VIRT("random", "mem"), VIRT("urandom", "mem"),
	VIRT("kmsg", "mem"),
	VIRT("tty", "tty"), VIRT("console", "tty"), VIRT("ptmx", "tty"), VIRT("tty0", "tty"),
	VIRT("tty1", "tty"), VIRT("tty2", "tty"), VIRT("tty3", "tty"), VIRT("tty4", "tty"),
	VIRT("tty5", "tty"), VIRT("tty6", "tty"),
};

#define MAX_BUS_DEVS	8

static struct {
	const char *name;
	struct device *dev;
	struct kobject *glue;
} bus_devs[MAX_BUS_DEVS];

/* The directory a bus device's class devices go in: made on first use. */
static struct kobject *bus_parent(const struct pc_dev *p)
{
	struct kobject *k;
	const char *g, *slash;
	char part[16];
	int i;

	for (i = 0; i < MAX_BUS_DEVS && bus_devs[i].name; i++)
		if (!strcmp(bus_devs[i].name, p->parent))
			return bus_devs[i].glue;
	if (i == MAX_BUS_DEVS)
		return NULL;
	bus_devs[i].dev = !strcmp(p->bus, "isa") ? isa_device_register(p->parent) :
						   platform_device_register_simple(p->parent);
	if (!bus_devs[i].dev)
		return NULL;
	k = &bus_devs[i].dev->kobj;
	for (g = p->glue; k && g && *g; g = slash ? slash + 1 : NULL) {
		slash = strchr(g, '/');
		snprintf(part, sizeof(part), "%.*s", slash ? (int)(slash - g) : (int)strlen(g), g);
		k = device_subdir(k, part);
	}
	bus_devs[i].name = p->parent;
	bus_devs[i].glue = k;
	return k;
}

static struct device *bus_devs_find(const char *name)
{
	int i;

	for (i = 0; i < MAX_BUS_DEVS && bus_devs[i].name; i++)
		if (!strcmp(bus_devs[i].name, name))
			return bus_devs[i].dev;
	return NULL;
}

static struct kobject *i8042_input[2];	/* i8042/serio0/input, serio1/input */

/* Where the input layer puts the input device on 8042 port 0 or 1 (NULL: none). */
struct kobject *i8042_port_input_dir(unsigned int port)
{
	return port < 2 ? i8042_input[port] : NULL;
}

static int __init pc_devices_init(void)
{
	unsigned int i;

	struct device *i8042, *serio0;

	/* the keyboard controller, its port and the keyboard; the speaker (no nodes) */
	i8042 = platform_device_register_simple("i8042");
	/* Its two ports; the input devices on them are the input layer's
	 * (drivers/input/input_sysfs.c, through i8042_port_input_dir). */
	for (i = 0; i < 2 && i8042; i++) {
		char name[8];

		snprintf(name, sizeof(name), "serio%u", i);
		serio0 = device_create_in(&i8042->kobj, NULL, 0, name);
		i8042_input[i] = serio0 ? device_subdir(&serio0->kobj, "input") : NULL;
	}
	platform_device_register_simple("pcspkr");
	class_kobj("misc");
	for (i = 0; i < ARRAY_SIZE(pc_devs); i++) {
		const struct pc_dev *p = &pc_devs[i];
		dev_t devt = devtmpfs_node_devt(p->node);

		if (!devt)
			continue;
		if (p->bus) {
			struct device *d = device_create_in(bus_parent(p), p->cls, devt, p->node);

			if (d && bus_devs_find(p->parent))
				sysfs_create_link(&d->kobj, &bus_devs_find(p->parent)->kobj, "device");
			if (d && !strcmp(p->node, "rtc0"))
				rtc_sysfs_add(d);
		}
		else
			device_create(p->cls, NULL, devt, p->node);
	}
	return 0;
}
late_initcall(pc_devices_init);
