/*
 * The PS/2 mouse emulation (Linux's drivers/input/mousedev.c, relative
 * devices only): /dev/input/mouseN (13:32+N) for each mouse and
 * /dev/input/mice (13:63) for all of them, read as PS/2 packets. A mouse's
 * motion is summed until its SYN_REPORT and then added to every client's
 * newest packet; a change of buttons starts a new packet (a queue of 16),
 * so clicks are never merged away. Reading makes a packet: motion clamped to
 * +-127 with the rest kept for the next packet, +y up as on the wire.
 *
 * A client may write PS/2 commands as to a real mouse: the knocks (rates
 * 200, 100, 80 and 200, 200, 80) switch it to IntelliMouse (ID 3, a wheel
 * byte) or Explorer (ID 4, wheel and buttons 4/5 in byte 4) packets; Get ID,
 * status, read data and reset are answered (after the ACK, 0xFA), every
 * other byte just ACKed.
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

#define MOUSEDEV_MINOR_BASE	32
#define MOUSEDEV_MINORS		31
#define MOUSEDEV_MIX		31	/* /dev/input/mice: minor 63 */
#define PACKET_QUEUE_LEN	16

enum { EMUL_PS2, EMUL_IMPS, EMUL_EXPS };

struct motion {
	int dx, dy, dz;
	unsigned int buttons;		/* bit 0 left, 1 right, 2 middle, 3 side, 4 extra */
};

struct mousedev {
	struct input_handle *handle;	/* NULL for the mixer */
	unsigned int minor;
	char name[16];
	struct list_head clients;
	wait_queue_head_t wait;
	struct motion packet;		/* since the last SYN_REPORT */
};

struct mousedev_client {
	struct mousedev *mousedev;
	struct list_head node;
	struct motion packets[PACKET_QUEUE_LEN];
	unsigned int head, tail;
	bool ready;			/* a packet to read */
	unsigned int last_buttons;
	int mode;
	unsigned int impsseq, imexseq;
	u8 ps2[6];			/* bytes to read: a packet or a command's answer */
	unsigned int bufsiz, buffer;	/* its length, and how many are left */
};

static struct mousedev *mousedev_table[MOUSEDEV_MINORS + 1];
static struct mousedev mousedev_mix;

static const u8 imps_seq[] = { 0xf3, 200, 0xf3, 100, 0xf3, 80 };
static const u8 imex_seq[] = { 0xf3, 200, 0xf3, 200, 0xf3, 80 };

static void key_event(struct mousedev *m, unsigned int code, int value)
{
	unsigned int bit;

	switch (code) {
	case BTN_LEFT: bit = 0; break;
	case BTN_RIGHT: bit = 1; break;
	case BTN_MIDDLE: bit = 2; break;
	case BTN_SIDE: bit = 3; break;
	case BTN_EXTRA: bit = 4; break;
	default: return;
	}
	if (value)
		m->packet.buttons |= 1u << bit;
	else
		m->packet.buttons &= ~(1u << bit);
}

static void rel_event(struct mousedev *m, unsigned int code, int value)
{
	switch (code) {
	case REL_X: m->packet.dx += value; break;
	case REL_Y: m->packet.dy -= value; break;	/* PS/2 +y is up */
	case REL_WHEEL: m->packet.dz -= value; break;	/* PS/2 +z is towards the user */
	}
}

/* A packet's worth of motion to every client of m (interrupts off). */
static void notify_readers(struct mousedev *m, const struct motion *pkt)
{
	struct mousedev_client *c;

	list_for_each_entry(c, &m->clients, node) {
		struct motion *p = &c->packets[c->head];

		if (c->ready && p->buttons != pkt->buttons) {
			unsigned int h = (c->head + 1) % PACKET_QUEUE_LEN;

			if (h != c->tail) {
				c->head = h;
				p = &c->packets[h];
				memset(p, 0, sizeof(*p));
			}
		}
		p->dx += pkt->dx;
		p->dy += pkt->dy;
		p->dz += pkt->dz;
		p->buttons = pkt->buttons;
		if (p->dx || p->dy || p->dz || p->buttons != c->last_buttons)
			c->ready = true;
	}
	wake_up_all(&m->wait);
}

static void mousedev_event(struct input_handle *h, unsigned int type, unsigned int code, int value)
{
	struct mousedev *m = h->private;

	if (type == EV_KEY) {
		key_event(m, code, value);
		key_event(&mousedev_mix, code, value);
	} else if (type == EV_REL) {
		rel_event(m, code, value);
		rel_event(&mousedev_mix, code, value);
	} else if (type == EV_SYN && code == SYN_REPORT) {
		notify_readers(m, &m->packet);
		notify_readers(&mousedev_mix, &mousedev_mix.packet);
		m->packet.dx = m->packet.dy = m->packet.dz = 0;
		mousedev_mix.packet.dx = mousedev_mix.packet.dy = mousedev_mix.packet.dz = 0;
	}
}

static bool mousedev_match(struct input_handler *handler, struct input_dev *dev)
{
	return test_bit_ul(EV_REL, dev->evbit) && test_bit_ul(REL_X, dev->relbit) &&
	       test_bit_ul(REL_Y, dev->relbit) && test_bit_ul(BTN_LEFT, dev->keybit);
}

static void mousedev_init_one(struct mousedev *m, unsigned int minor)
{
	m->minor = minor;
	if (minor == MOUSEDEV_MIX)
		snprintf(m->name, sizeof(m->name), "mice");
	else
		snprintf(m->name, sizeof(m->name), "mouse%u", minor);
	INIT_LIST_HEAD(&m->clients);
	init_waitqueue_head(&m->wait);
	mousedev_table[minor] = m;
}

static void mousedev_connect(struct input_handle *h)
{
	struct mousedev *m;
	unsigned int i;

	for (i = 0; i < MOUSEDEV_MINORS && mousedev_table[i]; i++)
		;
	if (i == MOUSEDEV_MINORS)
		return;
	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return;
	mousedev_init_one(m, i);
	m->handle = h;
	h->private = m;
	h->name = m->name;
	h->devt = MKDEV(INPUT_MAJOR, MOUSEDEV_MINOR_BASE + i);
}

static int clamp127(int v, int lim)
{
	return v > lim ? lim : v < -lim ? -lim : v;
}

/* The next packet of client c into c->ps2 (interrupts off). */
static void make_packet(struct mousedev_client *c)
{
	struct motion *p = &c->packets[c->tail];
	int dx = clamp127(p->dx, 127), dy = clamp127(p->dy, 127), dz;

	c->ps2[0] = 0x08 | (dx < 0) << 4 | (dy < 0) << 5 | (p->buttons & 7);
	c->ps2[1] = (u8)dx;
	c->ps2[2] = (u8)dy;
	p->dx -= dx;
	p->dy -= dy;
	switch (c->mode) {
	case EMUL_EXPS:
		dz = clamp127(p->dz, 7);
		p->dz -= dz;
		c->ps2[3] = (dz & 0x0f) | (p->buttons & 0x18) << 1;
		c->bufsiz = 4;
		break;
	case EMUL_IMPS:
		dz = clamp127(p->dz, 127);
		p->dz -= dz;
		c->ps2[0] |= (p->buttons & 0x10) >> 3 | (p->buttons & 0x08) >> 1;
		c->ps2[3] = (u8)dz;
		c->bufsiz = 4;
		break;
	default:
		p->dz = 0;
		c->ps2[0] |= (p->buttons & 0x10) >> 3 | (p->buttons & 0x08) >> 1;
		c->bufsiz = 3;
		break;
	}
	c->buffer = c->bufsiz;
	if (!p->dx && !p->dy && !p->dz) {
		if (c->tail == c->head) {
			c->ready = false;
			c->last_buttons = p->buttons;
		} else {
			c->tail = (c->tail + 1) % PACKET_QUEUE_LEN;
		}
	}
}

/* The answer to one command byte written by the client (interrupts off). */
static void answer(struct mousedev_client *c, u8 cmd)
{
	c->ps2[0] = 0xfa;	/* ACK */
	switch (cmd) {
	case 0xeb:			/* read data: a packet after the ACK */
		make_packet(c);
		memmove(c->ps2 + 1, c->ps2, c->bufsiz);
		c->ps2[0] = 0xfa;
		c->bufsiz++;
		break;
	case 0xf2:			/* get ID */
		c->ps2[1] = c->mode == EMUL_EXPS ? 4 : c->mode == EMUL_IMPS ? 3 : 0;
		c->bufsiz = 2;
		break;
	case 0xe9:			/* status: stream, enabled, 1:1; 8 counts/mm; 100/s */
		c->ps2[1] = 0x60;
		c->ps2[2] = 3;
		c->ps2[3] = 200;
		c->bufsiz = 4;
		break;
	case 0xff:			/* reset: self-test passed, ID 0 */
		c->impsseq = c->imexseq = 0;
		c->mode = EMUL_PS2;
		c->ps2[1] = 0xaa;
		c->ps2[2] = 0x00;
		c->bufsiz = 3;
		break;
	default:
		c->bufsiz = 1;
		break;
	}
	c->buffer = c->bufsiz;
}

static ssize_t mousedev_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct mousedev_client *c = f->private_data;
	unsigned long flags;
	size_t i;
	u8 b;

	for (i = 0; i < count; i++) {
		if (get_user(b, (const u8 __user *)buf + i))
			return i ? (ssize_t)i : -EFAULT;
		local_irq_save(flags);
		if (b == imex_seq[c->imexseq]) {
			if (++c->imexseq == sizeof(imex_seq)) {
				c->imexseq = 0;
				c->mode = EMUL_EXPS;
			}
		} else {
			c->imexseq = 0;
		}
		if (b == imps_seq[c->impsseq]) {
			if (++c->impsseq == sizeof(imps_seq)) {
				c->impsseq = 0;
				c->mode = EMUL_IMPS;
			}
		} else {
			c->impsseq = 0;
		}
		answer(c, b);
		local_irq_restore(flags);
	}
	wake_up_all(&c->mousedev->wait);
	return count;
}

static bool readable(struct mousedev_client *c)
{
	return c->ready || c->buffer;
}

static ssize_t mousedev_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct mousedev_client *c = f->private_data;
	struct wait_queue_entry w;
	u8 data[sizeof(c->ps2)];
	unsigned long flags;
	int err = 0;

	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&c->mousedev->wait, &w, TASK_INTERRUPTIBLE);
		if (readable(c))
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
	finish_wait(&c->mousedev->wait, &w);
	if (err)
		return err;
	local_irq_save(flags);
	if (!c->buffer && c->ready)
		make_packet(c);
	if (count > c->buffer)
		count = c->buffer;
	memcpy(data, c->ps2 + c->bufsiz - c->buffer, count);
	c->buffer -= count;
	local_irq_restore(flags);
	return copy_to_user(buf, data, count) ? -EFAULT : (ssize_t)count;
}

static unsigned int mousedev_poll(struct file *f, struct poll_table_struct *pt)
{
	struct mousedev_client *c = f->private_data;

	poll_wait(f, &c->mousedev->wait, pt);
	return POLLOUT | POLLWRNORM | (readable(c) ? POLLIN | POLLRDNORM : 0);
}

static int mousedev_release(struct inode *inode, struct file *f)
{
	struct mousedev_client *c = f->private_data;
	unsigned long flags;

	local_irq_save(flags);
	list_del(&c->node);
	local_irq_restore(flags);
	kfree(c);
	return 0;
}

static int mousedev_open(struct inode *inode, struct file *f)
{
	unsigned int i = MINOR(inode->i_rdev) - MOUSEDEV_MINOR_BASE;
	struct mousedev_client *c;
	unsigned long flags;

	if (i > MOUSEDEV_MIX || !mousedev_table[i])
		return -ENODEV;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->mousedev = mousedev_table[i];
	f->private_data = c;
	local_irq_save(flags);
	list_add_tail(&c->node, &c->mousedev->clients);
	local_irq_restore(flags);
	return 0;
}

static const struct file_operations mousedev_fops = {
	.llseek = no_llseek, .open = mousedev_open, .read = mousedev_read,
	.write = mousedev_write, .poll = mousedev_poll, .release = mousedev_release,
};

static struct input_handler mousedev_handler = {
	.name = "mousedev", .minor = MOUSEDEV_MINOR_BASE, .fops = &mousedev_fops,
	.event = mousedev_event, .match = mousedev_match, .connect = mousedev_connect,
};

static int __init mousedev_nodes(void)
{
	char path[32];
	unsigned int i;

	for (i = 0; i <= MOUSEDEV_MIX; i++) {
		if (!mousedev_table[i])
			continue;
		snprintf(path, sizeof(path), "input/%s", mousedev_table[i]->name);
		devtmpfs_create_node(path, S_IFCHR | 0660, MKDEV(INPUT_MAJOR, MOUSEDEV_MINOR_BASE + i));
	}
	input_sysfs_add_node("mice", MKDEV(INPUT_MAJOR, MOUSEDEV_MINOR_BASE + MOUSEDEV_MIX));
	return 0;
}
late_initcall(mousedev_nodes);

static int __init mousedev_init(void)
{
	mousedev_init_one(&mousedev_mix, MOUSEDEV_MIX);
	pr_info("mousedev: PS/2 mouse device common for all mice\n");
	return input_register_handler(&mousedev_handler);
}
fs_initcall(mousedev_init);	/* before evdev: "mouse0 event1", as Linux lists them */
