/*
 * The event device (Linux's drivers/input/evdev.c): /dev/input/eventN (char
 * 13:64+N) for every input device, giving Linux's i386 struct input_event
 * (a 32-bit timeval, type, code, value: 16 bytes). Every open file is a
 * client with its own ring of events; events are stamped once per packet
 * (the first event after a SYN_REPORT) with CLOCK_REALTIME, or the clock
 * EVIOCSCLOCKID chose, and become readable only when their SYN_REPORT
 * arrives, which also wakes readers and poll. A full ring is emptied and
 * given a SYN_DROPPED, as in Linux. The EVIOCG* ioctls describe the device;
 * EVIOCGRAB gives one client all the device's events (the console keyboard
 * then sees none). write() injects events (LEDs) into the device.
 */
#include <linux/kernel.h>
#include <linux/input.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/init.h>
#include <linux/devtmpfs.h>
#include <asm/irqflags.h>

#define EVDEV_MINOR_BASE	64
#define EVDEV_MINORS		32
#define EVDEV_BUFSIZE		64	/* events per client (a power of two) */

/* Linux's uapi/linux/input.h ioctls (i386 layouts) */
#define EV_VERSION		0x010001
#define EVIOCGVERSION		0x80044501
#define EVIOCGID		0x80084502
#define EVIOCGREP		0x80084503
#define EVIOCGRAB		0x40044590
#define EVIOCSCLOCKID		0x400445a0
#define IOC_NR(c)		((c) & 0xff)
#define IOC_TYPE(c)		(((c) >> 8) & 0xff)
#define IOC_SIZE(c)		(((c) >> 16) & 0x3fff)
#define IOC_DIR(c)		((c) >> 30)
#define IOC_READ		2

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_BOOTTIME		7

struct input_event32 {
	u32 sec, usec;
	u16 type, code;
	s32 value;
};

struct evdev;

struct evdev_client {
	struct evdev *evdev;
	struct list_head node;
	unsigned int head, tail, packet_head;	/* ring positions, mod EVDEV_BUFSIZE */
	int clkid;
	struct input_event32 buf[EVDEV_BUFSIZE];
};

struct evdev {
	struct input_handle *handle;
	unsigned int minor;
	char name[16];
	struct list_head clients;
	struct evdev_client *grab;
	wait_queue_head_t wait;
	bool in_packet;			/* an event since the last SYN_REPORT */
	u64 stamp;			/* sched_clock() of the packet's first event */
};

extern u64 boot_wallclock_sec;
static struct evdev *evdev_table[EVDEV_MINORS];

static void client_push(struct evdev_client *c, const struct input_event32 *ev)
{
	c->buf[c->head++] = *ev;
	c->head &= EVDEV_BUFSIZE - 1;
	if (c->head == c->tail) {
		/* Full: drop everything queued and say so (SYN_DROPPED). */
		c->tail = (c->head - 2) & (EVDEV_BUFSIZE - 1);
		c->buf[c->tail] = *ev;
		c->buf[c->tail].type = EV_SYN;
		c->buf[c->tail].code = SYN_DROPPED;
		c->buf[c->tail].value = 0;
		c->packet_head = c->tail;
	}
	if (ev->type == EV_SYN && ev->code == SYN_REPORT)
		c->packet_head = c->head;
}

static void stamp(struct input_event32 *ev, u64 mono, int clkid)
{
	u64 ns = mono + (clkid == CLOCK_REALTIME ? boot_wallclock_sec * 1000000000ull : 0);
	u64 s = ns;

	ev->usec = do_div(s, 1000000000u) / 1000;
	ev->sec = (u32)s;
}

/* From the input core, with interrupts off. */
static void evdev_event(struct input_handle *h, unsigned int type, unsigned int code, int value)
{
	struct evdev *evdev = h->private;
	struct evdev_client *c;
	struct input_event32 ev = { .type = type, .code = code, .value = value };
	bool syn = type == EV_SYN && code == SYN_REPORT;

	if (!evdev->in_packet) {
		evdev->stamp = sched_clock();
		evdev->in_packet = true;
	}
	if (syn)
		evdev->in_packet = false;
	if (evdev->grab) {
		stamp(&ev, evdev->stamp, evdev->grab->clkid);
		client_push(evdev->grab, &ev);
	} else {
		list_for_each_entry(c, &evdev->clients, node) {
			stamp(&ev, evdev->stamp, c->clkid);
			client_push(c, &ev);
		}
	}
	if (syn)
		wake_up_all(&evdev->wait);
}

static bool evdev_match(struct input_handler *handler, struct input_dev *dev)
{
	return true;
}

static void evdev_connect(struct input_handle *h)
{
	struct evdev *evdev;
	unsigned int i;

	for (i = 0; i < EVDEV_MINORS && evdev_table[i]; i++)
		;
	if (i == EVDEV_MINORS)
		return;
	evdev = kzalloc(sizeof(*evdev), GFP_ATOMIC);
	if (!evdev)
		return;
	evdev->minor = i;
	snprintf(evdev->name, sizeof(evdev->name), "event%u", i);
	INIT_LIST_HEAD(&evdev->clients);
	init_waitqueue_head(&evdev->wait);
	evdev->handle = h;
	h->private = evdev;
	h->name = evdev->name;
	h->devt = MKDEV(INPUT_MAJOR, EVDEV_MINOR_BASE + i);
	evdev_table[i] = evdev;
}

static ssize_t evdev_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct evdev_client *c = f->private_data;
	struct evdev *evdev = c->evdev;
	struct wait_queue_entry w;
	size_t done = 0;
	int err = 0;

	if (count < sizeof(struct input_event32))
		return -EINVAL;
	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&evdev->wait, &w, TASK_INTERRUPTIBLE);
		if (c->packet_head != c->tail)
			break;
		if (f->f_flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&evdev->wait, &w);
	if (err)
		return err;
	while (done + sizeof(struct input_event32) <= count) {
		struct input_event32 ev;
		unsigned long flags;

		local_irq_save(flags);
		if (c->packet_head == c->tail) {
			local_irq_restore(flags);
			break;
		}
		ev = c->buf[c->tail++];
		c->tail &= EVDEV_BUFSIZE - 1;
		local_irq_restore(flags);
		if (copy_to_user(buf + done, &ev, sizeof(ev)))
			return done ? (ssize_t)done : -EFAULT;
		done += sizeof(ev);
	}
	return done;
}

static ssize_t evdev_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct evdev_client *c = f->private_data;
	struct input_handle *h = c->evdev->handle;
	struct input_event32 ev;
	size_t done = 0;

	if (count && count < sizeof(ev))
		return -EINVAL;
	while (done + sizeof(ev) <= count) {
		if (copy_from_user(&ev, buf + done, sizeof(ev)))
			return done ? (ssize_t)done : -EFAULT;
		input_inject_event(h, ev.type, ev.code, ev.value);
		done += sizeof(ev);
	}
	return done;
}

static unsigned int evdev_poll(struct file *f, struct poll_table_struct *pt)
{
	struct evdev_client *c = f->private_data;

	poll_wait(f, &c->evdev->wait, pt);
	return POLLOUT | POLLWRNORM | (c->packet_head != c->tail ? POLLIN | POLLRDNORM : 0);
}

/* Linux's bits_to_user: whole longs of an nbits map, at most len bytes; returns the length. */
static long bits_to_user(const unsigned long *bits, unsigned int nbits, unsigned int len,
			 void __user *p)
{
	unsigned int n = (nbits + 31) / 32 * 4;

	if (n > len)
		n = len;
	return copy_to_user(p, bits, n) ? -EFAULT : (long)n;
}

static long str_to_user(const char *s, unsigned int len, void __user *p)
{
	unsigned int n;

	if (!s)
		return -ENOENT;
	n = strlen(s) + 1;
	if (n > len)
		n = len;
	return copy_to_user(p, s, n) ? -EFAULT : (long)n;
}

/* EVIOCGBIT(type, len): the event types (type 0) or one type's codes. */
static long evdev_get_bits(struct input_dev *dev, unsigned int type, unsigned int len,
			   void __user *p)
{
	static const unsigned long none[FF_CNT / 32];

	switch (type) {
	case 0: return bits_to_user(dev->evbit, EV_CNT, len, p);
	case EV_KEY: return bits_to_user(dev->keybit, KEY_CNT, len, p);
	case EV_REL: return bits_to_user(dev->relbit, REL_CNT, len, p);
	case EV_ABS: return bits_to_user(none, ABS_CNT, len, p);
	case EV_MSC: return bits_to_user(dev->mscbit, MSC_CNT, len, p);
	case EV_LED: return bits_to_user(dev->ledbit, LED_CNT, len, p);
	case EV_SND: return bits_to_user(none, SND_CNT, len, p);
	case EV_FF: return bits_to_user(none, FF_CNT, len, p);
	case EV_SW: return bits_to_user(none, SW_CNT, len, p);
	}
	return -EINVAL;
}

static long evdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct evdev_client *c = f->private_data;
	struct evdev *evdev = c->evdev;
	struct input_dev *dev = evdev->handle->dev;
	void __user *p = (void __user *)arg;
	unsigned int size = IOC_SIZE(cmd), nr = IOC_NR(cmd);
	static const unsigned long none[INPUT_PROP_CNT / 32];

	switch (cmd) {
	case EVIOCGVERSION:
		return put_user(EV_VERSION, (int __user *)p);
	case EVIOCGID:
		return copy_to_user(p, &dev->id, sizeof(dev->id)) ? -EFAULT : 0;
	case EVIOCGREP: {
		unsigned int rep[2] = { 250, 33 };	/* Linux's soft repeat defaults */

		if (!test_bit_ul(EV_REP, dev->evbit))
			return -ENOSYS;
		return copy_to_user(p, rep, sizeof(rep)) ? -EFAULT : 0;
	}
	case EVIOCGRAB: {
		struct input_handle *h = evdev->handle;
		int err;

		if (arg) {
			if (evdev->grab)
				return -EBUSY;
			err = input_grab_device(h);
			if (err)
				return err;
			evdev->grab = c;
			return 0;
		}
		if (evdev->grab != c)
			return -EINVAL;
		input_release_device(h);
		evdev->grab = NULL;
		return 0;
	}
	case EVIOCSCLOCKID: {
		int id;

		if (get_user(id, (int __user *)p))
			return -EFAULT;
		if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC && id != CLOCK_BOOTTIME)
			return -EINVAL;
		c->clkid = id;
		return 0;
	}
	}
	if (IOC_TYPE(cmd) != 'E' || IOC_DIR(cmd) != IOC_READ)
		return -EINVAL;
	if (nr >= 0x20 && nr < 0x20 + EV_CNT)
		return evdev_get_bits(dev, nr - 0x20, size, p);
	if (nr >= 0x40 && nr < 0x40 + ABS_CNT)
		return -EINVAL;			/* EVIOCGABS: no absolute axes here */
	switch (nr) {
	case 0x06: return str_to_user(dev->name, size, p);		/* EVIOCGNAME */
	case 0x07: return str_to_user(dev->phys, size, p);		/* EVIOCGPHYS */
	case 0x08: return str_to_user(NULL, size, p);			/* EVIOCGUNIQ */
	case 0x09: return bits_to_user(none, INPUT_PROP_CNT, size, p);	/* EVIOCGPROP */
	case 0x18: return bits_to_user(dev->key, KEY_CNT, size, p);	/* EVIOCGKEY */
	case 0x19: return bits_to_user(dev->led, LED_CNT, size, p);	/* EVIOCGLED */
	case 0x1a: return bits_to_user(none, SND_CNT, size, p);		/* EVIOCGSND */
	case 0x1b: return bits_to_user(none, SW_CNT, size, p);		/* EVIOCGSW */
	}
	return -EINVAL;
}

static int evdev_release(struct inode *inode, struct file *f)
{
	struct evdev_client *c = f->private_data;
	struct evdev *evdev = c->evdev;
	unsigned long flags;

	if (evdev->grab == c) {
		input_release_device(evdev->handle);
		evdev->grab = NULL;
	}
	local_irq_save(flags);
	list_del(&c->node);
	local_irq_restore(flags);
	kfree(c);
	return 0;
}

static int evdev_open(struct inode *inode, struct file *f)
{
	unsigned int i = MINOR(inode->i_rdev) - EVDEV_MINOR_BASE;
	struct evdev_client *c;
	unsigned long flags;

	if (i >= EVDEV_MINORS || !evdev_table[i])
		return -ENODEV;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->evdev = evdev_table[i];
	c->clkid = CLOCK_REALTIME;
	f->private_data = c;
	local_irq_save(flags);
	list_add_tail(&c->node, &c->evdev->clients);
	local_irq_restore(flags);
	return 0;
}

static const struct file_operations evdev_fops = {
	.llseek = no_llseek, .open = evdev_open, .read = evdev_read, .write = evdev_write,
	.poll = evdev_poll, .ioctl = evdev_ioctl, .release = evdev_release,
};

static struct input_handler evdev_handler = {
	.name = "evdev", .minor = EVDEV_MINOR_BASE, .fops = &evdev_fops,
	.event = evdev_event, .match = evdev_match, .connect = evdev_connect,
};

/* The nodes, made once the devices are there (devtmpfs may sleep). */
static int __init evdev_nodes(void)
{
	char path[32];
	unsigned int i;

	for (i = 0; i < EVDEV_MINORS; i++) {
		if (!evdev_table[i])
			continue;
		snprintf(path, sizeof(path), "input/%s", evdev_table[i]->name);
		devtmpfs_create_node(path, S_IFCHR | 0660, MKDEV(INPUT_MAJOR, EVDEV_MINOR_BASE + i));
	}
	return 0;
}
late_initcall(evdev_nodes);

static int __init evdev_init(void)
{
	return input_register_handler(&evdev_handler);
}
device_initcall(evdev_init);
