/*
 * The input core (Linux's drivers/input/input.c, reduced): lists of devices
 * and handlers, a handle for each pair a handler's match accepts, and event
 * dispatch. input_event keeps the device's key and LED state (a press of a
 * key already down is passed on as a repeat, value 2) and hands every event
 * to the connected handlers, or only to the grabbing handle (EVIOCGRAB).
 * As in Linux, a relative event of 0 is dropped, and so is a SYN_REPORT
 * with nothing before it. Events may come from interrupt context, so the
 * lists change only with interrupts off. /proc/bus/input/devices and
 * handlers list them in Linux's format.
 */
#include <linux/kernel.h>
#include <linux/input.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/cdev.h>
#include <linux/fs.h>
#include <asm/irqflags.h>

static LIST_HEAD(input_dev_list);
static LIST_HEAD(input_handler_list);
static unsigned int input_next_number, input_handler_count;
static struct input_handler *input_table[8];	/* by minor / 32: the char devices' owners */

static void input_connect(struct input_handler *handler, struct input_dev *dev)
{
	struct input_handle *h;

	if (handler->match && !handler->match(handler, dev))
		return;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return;
	h->dev = dev;
	h->handler = handler;
	list_add_tail(&h->d_node, &dev->h_list);
	list_add_tail(&h->h_node, &handler->h_list);
	if (handler->connect)
		handler->connect(h);
}

int input_register_device(struct input_dev *dev)
{
	struct input_handler *handler;
	unsigned long flags;

	INIT_LIST_HEAD(&dev->h_list);
	__set_bit_ul(EV_SYN, dev->evbit);
	local_irq_save(flags);
	dev->number = input_next_number++;
	list_add_tail(&dev->node, &input_dev_list);
	list_for_each_entry(handler, &input_handler_list, node)
		input_connect(handler, dev);
	local_irq_restore(flags);
	pr_info("input: %s as %s\n", dev->name, dev->phys ? dev->phys : "input");
	return 0;
}

int input_register_handler(struct input_handler *handler)
{
	struct input_dev *dev;
	unsigned long flags;

	INIT_LIST_HEAD(&handler->h_list);
	local_irq_save(flags);
	handler->number = input_handler_count++;
	if (handler->fops && handler->minor / 32 < 8)
		input_table[handler->minor / 32] = handler;
	list_add_tail(&handler->node, &input_handler_list);
	list_for_each_entry(dev, &input_dev_list, node)
		input_connect(handler, dev);
	local_irq_restore(flags);
	return 0;
}

void input_event(struct input_dev *dev, unsigned int type, unsigned int code, int value)
{
	struct input_handle *h;
	unsigned long flags;

	if (type >= EV_CNT || !test_bit_ul(type, dev->evbit))
		return;
	if (type == EV_SYN && code == SYN_REPORT) {
		if (!dev->nvals)
			return;			/* an empty packet */
		dev->nvals = 0;
	} else if (type == EV_REL) {
		if (code >= REL_CNT || !test_bit_ul(code, dev->relbit) || !value)
			return;
		dev->nvals++;
	} else if (type == EV_MSC) {
		if (code >= MSC_CNT || !test_bit_ul(code, dev->mscbit))
			return;
		dev->nvals++;
	} else if (type != EV_KEY) {
		dev->nvals++;
	}
	if (type == EV_KEY) {
		if (code >= KEY_CNT)
			return;
		if (value && test_bit_ul(code, dev->key)) {
			if (!test_bit_ul(EV_REP, dev->evbit))
				return;		/* a button already down */
			value = 2;		/* a keyboard's auto-repeat */
		}
		if (value)
			dev->key[code / 32] |= 1UL << (code % 32);
		else if (test_bit_ul(code, dev->key))
			dev->key[code / 32] &= ~(1UL << (code % 32));
		else
			return;			/* a release of a key not down */
		dev->nvals++;
	}
	local_irq_save(flags);
	if (dev->grab) {
		if (dev->grab->handler->event)
			dev->grab->handler->event(dev->grab, type, code, value);
	} else {
		list_for_each_entry(h, &dev->h_list, d_node)
			if (h->handler->event)
				h->handler->event(h, type, code, value);
	}
	local_irq_restore(flags);
}

int input_grab_device(struct input_handle *h)
{
	unsigned long flags;
	int err = 0;

	local_irq_save(flags);
	if (h->dev->grab)
		err = -EBUSY;
	else
		h->dev->grab = h;
	local_irq_restore(flags);
	return err;
}

void input_release_device(struct input_handle *h)
{
	unsigned long flags;

	local_irq_save(flags);
	if (h->dev->grab == h)
		h->dev->grab = NULL;
	local_irq_restore(flags);
}

/* From a handler to the device: LED changes. */
void input_inject_event(struct input_handle *h, unsigned int type, unsigned int code, int value)
{
	struct input_dev *dev = h->dev;

	if (type == EV_LED && code < LED_CNT) {
		if (!!test_bit_ul(code, dev->led) == !!value)
			return;
		if (value)
			dev->led[0] |= 1UL << code;
		else
			dev->led[0] &= ~(1UL << code);
	}
	if (dev->event)
		dev->event(dev, type, code, value);
}

/* For input_sysfs.c: the devices, in registration order. */
struct list_head *input_device_list(void)
{
	return &input_dev_list;
}

/* ---- the char devices, major 13: each handler's 32 minors ---- */

static int input_open_file(struct inode *inode, struct file *f)
{
	struct input_handler *handler = input_table[MINOR(inode->i_rdev) / 32];

	if (!handler || !handler->fops)
		return -ENODEV;
	f->f_op = handler->fops;
	return f->f_op->open ? f->f_op->open(inode, f) : 0;
}

static const struct file_operations input_fops = { .open = input_open_file };
static struct cdev input_cdev;

/* ---- /proc/bus/input ---- */

/* "B: NAME=" and the bitmap's 32-bit words in hex, the highest non-zero first. */
static void print_bitmap(struct seq_file *m, const char *name, const unsigned long *b,
			 unsigned int nbits)
{
	int i;

	for (i = (int)((nbits + 31) / 32) - 1; i > 0; i--)
		if (b[i])
			break;
	seq_printf(m, "B: %s=", name);
	for (; i >= 0; i--)
		seq_printf(m, "%lx%s", b[i], i > 0 ? " " : "");
	seq_putc(m, '\n');
}

static int input_devices_show(struct seq_file *m, void *v)
{
	static const unsigned long zero[ABS_CNT / 32];
	struct input_dev *dev;
	struct input_handle *h;

	list_for_each_entry(dev, &input_dev_list, node) {
		seq_printf(m, "I: Bus=%04x Vendor=%04x Product=%04x Version=%04x\n",
			   dev->id.bustype, dev->id.vendor, dev->id.product, dev->id.version);
		seq_printf(m, "N: Name=\"%s\"\n", dev->name ? dev->name : "");
		seq_printf(m, "P: Phys=%s\n", dev->phys ? dev->phys : "");
		seq_printf(m, "S: Sysfs=%s\n", dev->sysfs ? dev->sysfs : "");
		seq_puts(m, "U: Uniq=\nH: Handlers=");
		list_for_each_entry(h, &dev->h_list, d_node)
			seq_printf(m, "%s ", h->name ? h->name : h->handler->name);
		seq_putc(m, '\n');
		print_bitmap(m, "PROP", zero, INPUT_PROP_CNT);
		print_bitmap(m, "EV", dev->evbit, EV_CNT);
		if (test_bit_ul(EV_KEY, dev->evbit))
			print_bitmap(m, "KEY", dev->keybit, KEY_CNT);
		if (test_bit_ul(EV_REL, dev->evbit))
			print_bitmap(m, "REL", dev->relbit, REL_CNT);
		if (test_bit_ul(EV_MSC, dev->evbit))
			print_bitmap(m, "MSC", dev->mscbit, MSC_CNT);
		if (test_bit_ul(EV_LED, dev->evbit))
			print_bitmap(m, "LED", dev->ledbit, LED_CNT);
		seq_putc(m, '\n');
	}
	return 0;
}

static int input_handlers_show(struct seq_file *m, void *v)
{
	struct input_handler *handler;

	list_for_each_entry(handler, &input_handler_list, node) {
		seq_printf(m, "N: Number=%u Name=%s", handler->number, handler->name);
		if (handler->minor)
			seq_printf(m, " Minor=%u", handler->minor);
		seq_putc(m, '\n');
	}
	return 0;
}

static int __init input_proc_init(void)
{
	struct proc_dir_entry *bus, *dir;

	if (!register_chrdev_region(MKDEV(INPUT_MAJOR, 0), 256, "input")) {
		cdev_init(&input_cdev, &input_fops);
		cdev_add(&input_cdev, MKDEV(INPUT_MAJOR, 0), 256);
	}
	bus = proc_mkdir("bus", NULL);
	dir = bus ? proc_mkdir("input", bus) : NULL;
	if (!dir)
		return -ENOMEM;
	proc_create_single("devices", 0444, dir, input_devices_show);
	proc_create_single("handlers", 0444, dir, input_handlers_show);
	return 0;
}
subsys_initcall(input_proc_init);
