/*
 * The printk ring to user space as Linux 6.1 gives it (kernel/printk/printk.c
 * devkmsg_* and fs/proc/kmsg.c):
 *
 * /dev/kmsg (1:11): each open reads whole records from its own position, one
 * record per read, as "PREFIX,SEQ,USEC,FLAG;TEXT\n" (PREFIX is facility * 8
 * + level; bytes below space, DEL and up, and backslashes are written
 * "\xNN"). A read smaller than the record is -EINVAL; a reader whose record
 * was overwritten gets -EPIPE once and goes on from the oldest one left;
 * with nothing new it sleeps (or -EAGAIN with O_NONBLOCK), and poll says
 * POLLIN when a record is there. lseek(fd, 0, SEEK_SET) goes back to the
 * oldest record, SEEK_DATA to the first after the last syslog clear (what
 * dmesg shows), SEEK_END to the next one printed (dmesg -w after the old
 * ones); any other offset is -ESPIPE. A write is printed as one message,
 * at the level and facility of its "<N>" prefix (facility 1, user, by
 * default, and level 4).
 *
 * /proc/kmsg (0400): one position shared by every reader (klogd's), read in
 * syslog's "<level>[secs.micros] text\n" lines and consumed as read; a
 * record may be split between reads.
 *
 * printk itself wakes nobody (it may run with any lock held); while a
 * reader sleeps, a timer looks at the ring every tick and wakes it when
 * records arrived (Linux defers the wake-up to irq_work for the same reason).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/timer.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <linux/proc_fs.h>
#include <linux/devtmpfs.h>
#include <asm/irqflags.h>
#include "printk_ring.h"

static DECLARE_WAIT_QUEUE_HEAD(log_wait);
static struct timer_list log_timer;
static u64 log_timer_seq;		/* log_next_seq when the timer last looked */

static void log_timer_fn(struct timer_list *t)
{
	(void)t;
	if (log_next_seq != log_timer_seq) {
		log_timer_seq = log_next_seq;
		wake_up_all(&log_wait);
	}
	if (!list_empty(&log_wait.head))
		mod_timer(&log_timer, jiffies + 1);
}

/* Look at the ring from the next tick on, while anyone waits. */
static void log_watch(void)
{
	unsigned long flags;

	local_irq_save(flags);
	if (!timer_pending(&log_timer)) {
		log_timer_seq = log_next_seq;
		mod_timer(&log_timer, jiffies + 1);
	}
	local_irq_restore(flags);
}

/* Sleep until cond() holds: 0, or -ERESTARTSYS on a signal. */
static int log_wait_for(bool (*cond)(void *), void *arg)
{
	struct wait_queue_entry w;
	int err = 0;

	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&log_wait, &w, TASK_INTERRUPTIBLE);
		if (cond(arg))
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		log_watch();
		schedule();
	}
	finish_wait(&log_wait, &w);
	return err;
}

/* ---- /dev/kmsg ---- */

struct devkmsg_user {
	u64 seq;
	u32 idx;
	char buf[LINE_MAX + 64];
};

static int devkmsg_format(const struct printk_log *m, u64 seq, char *buf, size_t size)
{
	const u8 *text = (const u8 *)(m + 1);
	u64 us = m->ts_nsec;
	int n, i;

	do_div(us, 1000);
	n = snprintf(buf, size, "%u,%llu,%llu,-;", (m->facility << 3) | m->level,
		     (unsigned long long)seq, (unsigned long long)us);
	for (i = 0; i < m->text_len && (size_t)n + 5 < size; i++) {
		u8 c = text[i];

		if (c < ' ' || c >= 127 || c == '\\')
			n += snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	buf[n++] = '\n';
	return n;
}

static bool devkmsg_ready(void *arg)
{
	struct devkmsg_user *u = arg;

	return u->seq != log_next_seq;
}

static ssize_t devkmsg_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct devkmsg_user *u = f->private_data;
	unsigned long flags;
	int n, err;

	(void)ppos;
	if (!u)
		return -EBADF;
	while (!devkmsg_ready(u)) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = log_wait_for(devkmsg_ready, u);
		if (err)
			return err;
	}
	local_irq_save(flags);
	if (u->seq < log_first_seq) {
		u->seq = log_first_seq;
		u->idx = log_first_idx;
		local_irq_restore(flags);
		return -EPIPE;
	}
	n = devkmsg_format(log_rec(u->idx), u->seq, u->buf, sizeof(u->buf));
	local_irq_restore(flags);
	if ((size_t)n > count)
		return -EINVAL;
	if (copy_to_user(ubuf, u->buf, n))
		return -EFAULT;
	local_irq_save(flags);
	if (u->seq >= log_first_seq) {
		u->idx = log_rec_next(u->idx);
		u->seq++;
	}
	local_irq_restore(flags);
	return n;
}

static loff_t devkmsg_llseek(struct file *f, loff_t offset, int whence)
{
	struct devkmsg_user *u = f->private_data;
	unsigned long flags;
	int err = 0;

	if (!u)
		return -EBADF;
	if (offset)
		return -ESPIPE;
	local_irq_save(flags);
	switch (whence) {
	case SEEK_SET:
		u->seq = log_first_seq;
		u->idx = log_first_idx;
		break;
	case 3:				/* SEEK_DATA: after the last clear, as syslog's READ_ALL */
		syslog_uncleared(&u->seq, &u->idx);
		break;
	case SEEK_END:
		u->seq = log_next_seq;
		u->idx = log_next_idx;
		break;
	default:
		err = -EINVAL;
	}
	local_irq_restore(flags);
	return err;
}

static unsigned int devkmsg_poll(struct file *f, struct poll_table_struct *pt)
{
	struct devkmsg_user *u = f->private_data;
	unsigned int mask = 0;
	unsigned long flags;

	if (!u)
		return POLLERR | POLLNVAL;
	poll_wait(f, &log_wait, pt);
	log_watch();
	local_irq_save(flags);
	if (u->seq < log_next_seq)
		mask = u->seq < log_first_seq ? POLLIN | POLLRDNORM | POLLERR | POLLPRI :
						POLLIN | POLLRDNORM;
	local_irq_restore(flags);
	return mask;
}

/* The facility of the record just printed (printk stores the kernel's, 0). */
static void set_last_facility(u64 seq, unsigned int facility)
{
	unsigned long flags;
	u64 s;
	u32 idx;

	local_irq_save(flags);
	if (seq >= log_first_seq && seq < log_next_seq) {
		for (s = log_first_seq, idx = log_first_idx; s < seq; s++)
			idx = log_rec_next(idx);
		log_rec(idx)->facility = facility;
	}
	local_irq_restore(flags);
}

/* One message; a leading "<N>" gives its level and, if not 0, its facility. */
static ssize_t devkmsg_write(struct file *f, const char __user *ubuf, size_t count, loff_t *ppos)
{
	char *text, *p;
	int level = 4;			/* default_message_loglevel */
	unsigned int facility = 1;	/* LOG_USER */
	u64 seq;
	size_t len = min_t(size_t, count, LINE_MAX - 48);

	(void)f;
	(void)ppos;
	text = kmalloc(len + 1, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	if (copy_from_user(text, ubuf, len)) {
		kfree(text);
		return -EFAULT;
	}
	text[len] = 0;
	p = text;
	if (p[0] == '<' && p[1] >= '0' && p[1] <= '9') {
		unsigned int u = 0;
		char *q = p + 1;

		while (*q >= '0' && *q <= '9')
			u = u * 10 + (*q++ - '0');
		if (*q == '>') {
			level = u & 7;
			if (u >> 3)
				facility = (u >> 3) & 0xff;
			p = q + 1;
		}
	}
	len = strlen(p);
	if (len && p[len - 1] == '\n')
		p[--len] = 0;
	seq = log_next_seq;
	printk(KERN_SOH "%c%s\n", '0' + level, p);
	set_last_facility(seq, facility);
	kfree(text);
	return count;
}

static int devkmsg_release(struct inode *inode, struct file *f)
{
	(void)inode;
	kfree(f->private_data);
	f->private_data = NULL;
	return 0;
}

static const struct file_operations devkmsg_fops = {
	.llseek = devkmsg_llseek, .read = devkmsg_read, .write = devkmsg_write,
	.poll = devkmsg_poll, .release = devkmsg_release,
};

/* The open of 1:11 (drivers/char/mem.c's memory_open): a reader starts at the oldest record. */
int devkmsg_open(struct file *f)
{
	struct devkmsg_user *u = kzalloc(sizeof(*u), GFP_KERNEL);
	unsigned long flags;

	if (!u)
		return -ENOMEM;
	local_irq_save(flags);
	u->seq = log_first_seq;
	u->idx = log_first_idx;
	local_irq_restore(flags);
	f->private_data = u;
	f->f_op = &devkmsg_fops;
	return 0;
}

/* ---- /proc/kmsg ---- */

static u64 syslog_seq;
static u32 syslog_idx;
static size_t syslog_partial;	/* bytes of the record at syslog_seq already read */
static char syslog_line[LINE_MAX];

static bool syslog_ready(void *arg)
{
	(void)arg;
	return syslog_seq != log_next_seq;
}

static ssize_t kmsg_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	unsigned long flags;
	size_t done = 0;
	int err, n;

	(void)ppos;
	while (!syslog_ready(NULL)) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = log_wait_for(syslog_ready, NULL);
		if (err)
			return err;
	}
	while (done < count) {
		size_t take;

		local_irq_save(flags);
		if (syslog_seq < log_first_seq) {	/* overwritten before it was read */
			syslog_seq = log_first_seq;
			syslog_idx = log_first_idx;
			syslog_partial = 0;
		}
		if (syslog_seq == log_next_seq) {
			local_irq_restore(flags);
			break;
		}
		n = syslog_format_rec(log_rec(syslog_idx), syslog_line, sizeof(syslog_line));
		local_irq_restore(flags);
		take = min_t(size_t, (size_t)n - syslog_partial, count - done);
		if (copy_to_user(ubuf + done, syslog_line + syslog_partial, take))
			return done ? (ssize_t)done : -EFAULT;
		done += take;
		syslog_partial += take;
		if (syslog_partial < (size_t)n)
			break;
		syslog_partial = 0;
		local_irq_save(flags);
		syslog_idx = log_rec_next(syslog_idx);
		syslog_seq++;
		local_irq_restore(flags);
	}
	return done;
}

static unsigned int kmsg_poll(struct file *f, struct poll_table_struct *pt)
{
	poll_wait(f, &log_wait, pt);
	log_watch();
	return syslog_ready(NULL) ? POLLIN | POLLRDNORM : 0;
}

static const struct file_operations proc_kmsg_fops = {
	.read = kmsg_read, .poll = kmsg_poll,
};

static int __init kmsg_init(void)
{
	unsigned long flags;

	timer_setup(&log_timer, log_timer_fn, 0);
	local_irq_save(flags);
	syslog_seq = log_first_seq;
	syslog_idx = log_first_idx;
	local_irq_restore(flags);
	devtmpfs_create_node("kmsg", S_IFCHR | 0644, MKDEV(1, 11));
	proc_create("kmsg", S_IFREG | 0400, NULL, &proc_kmsg_fops);
	return 0;
}
fs_initcall(kmsg_init);
