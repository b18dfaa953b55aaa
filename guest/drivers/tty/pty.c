/*
 * Pseudo-terminals (Linux's drivers/tty/pty.c, Unix 98 only): opening
 * /dev/ptmx (5:2) makes a pair, the master on that file and the slave
 * /dev/pts/N (136:N), whose node is made in /dev/pts for the pair's life.
 * Both are ttys with the n_tty line discipline; the master's termios is raw
 * (no echo, no editing, no output processing), so a program on the master
 * sees exactly what the slave's line discipline sends. What one side's
 * driver writes goes into the other side's flip buffer, processed by the
 * work queue like a UART's input; a writer waits while that buffer is full.
 * TIOCGPTN names the slave, TIOCSPTLCK is accepted (slaves are never
 * locked). When the master closes, the slave is hung up (SIGHUP to its
 * foreground group, reads see end of file); when the slave closes, reads on
 * the master fail with EIO, as in Linux.
 */
#include <linux/kernel.h>
#include <linux/devtmpfs.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/tty.h>

#define NR_PTYS 16
#define TIOCGPTN	0x80045430
#define TIOCSPTLCK	0x40045431

struct pty_pair {
	struct tty_struct master, slave;
	int index;
	bool master_open;
	int slave_opens;
};

static struct pty_pair *ptys[NR_PTYS];

static unsigned int flip_room(struct tty_struct *tty)
{
	return sizeof(tty->flip) - (tty->flip_head - tty->flip_tail);
}

/* One side's output into the other side's input. */
static int pty_write(struct tty_struct *tty, const u8 *buf, int n)
{
	struct tty_struct *to = tty->driver_data;
	struct wait_queue_entry w;
	int done = 0;

	init_wait_entry(&w, 0);
	while (done < n) {
		unsigned int room = flip_room(to);

		if (!room) {
			tty_flip_buffer_push(to);
			if ((current->flags & PF_KTHREAD) || signal_pending(current) || to->hung_up)
				break;		/* an echo from the work queue: dropped, as on overrun */
			prepare_to_wait(&to->write_wait, &w, TASK_INTERRUPTIBLE);
			if (!flip_room(to))
				schedule();
			finish_wait(&to->write_wait, &w);
			continue;
		}
		while (room-- && done < n)
			tty_insert_flip_char(to, buf[done++]);
	}
	tty_flip_buffer_push(to);
	return done;
}

static const struct tty_operations pty_ops = { .write = pty_write };

static void pty_make_raw(struct tty_struct *tty)
{
	tty->termios.c_iflag = 0;
	tty->termios.c_oflag = 0;
	tty->termios.c_lflag = 0;
	tty->termios.c_cc[VMIN] = 1;
	tty->termios.c_cc[VTIME] = 0;
}

/* /dev/ptmx: a new pair; the file is the master. */
int ptmx_open(struct file *f)
{
	struct pty_pair *p;
	char name[16];
	int i;

	for (i = 0; i < NR_PTYS && ptys[i]; i++)
		;
	if (i == NR_PTYS)
		return -ENOSPC;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->index = i;
	snprintf(name, sizeof(name), "ptm%d", i);
	tty_init_struct(&p->master, name, 0, &pty_ops);
	snprintf(name, sizeof(name), "pts/%d", i);
	tty_init_struct(&p->slave, name, MKDEV(136, i), &pty_ops);
	p->master.driver_data = &p->slave;
	p->slave.driver_data = &p->master;
	pty_make_raw(&p->master);
	p->master.link = &p->slave;
	p->slave.link = &p->master;
	p->master.is_master = true;
	p->master_open = true;
	ptys[i] = p;
	tty_register(&p->slave);	/* a controlling terminal like any other; makes /dev/pts/N */
	f->private_data = &p->master;
	p->master.count = 1;
	return 0;
}

struct tty_struct *pty_slave_lookup(dev_t dev)
{
	int i = MINOR(dev);

	if (MAJOR(dev) != 136 || i >= NR_PTYS || !ptys[i] || !ptys[i]->master_open)
		return NULL;
	return &ptys[i]->slave;
}

/* The last close of either side (tty_io's release). */
void pty_close(struct tty_struct *tty)
{
	struct pty_pair *p = container_of(tty->is_master ? tty : tty->link, struct pty_pair, master);
	char name[24];

	if (tty->is_master) {
		p->master_open = false;
		tty_hangup(&p->slave);
		p->slave.hung_up = true;
		wake_up_all(&p->slave.read_wait);
		snprintf(name, sizeof(name), "/dev/pts/%d", p->index);
		vfs_unlink_path(name);
	} else {
		p->master.hung_up = true;	/* the master's reads: EIO once drained */
		wake_up_all(&p->master.read_wait);
	}
	if (!p->master_open && !p->slave.count) {
		flush_scheduled_work();		/* no flip work may still point at the pair */
		tty_unregister(&p->slave);
		ptys[p->index] = NULL;
		kfree(p);
	}
}

long pty_ioctl(struct tty_struct *tty, unsigned int cmd, unsigned long arg)
{
	struct pty_pair *p;

	if (!tty->is_master)
		return -ENOIOCTLCMD;
	p = container_of(tty, struct pty_pair, master);
	if (cmd == TIOCGPTN)
		return put_user((unsigned int)p->index, (unsigned int __user *)arg) ? -EFAULT : 0;
	if (cmd == TIOCSPTLCK)
		return 0;
	return -ENOIOCTLCMD;
}

static int __init pty_init(void)
{
	vfs_mkdir_path("/dev/pts", 0755);
	devtmpfs_create_node("ptmx", S_IFCHR | 0666, MKDEV(5, 2));
	return 0;
}
fs_initcall(pty_init);
