/*
 * The tty layer's upper half (Linux's drivers/tty/tty_io.c and tty_jobctrl.c):
 * the character devices 4:N (tty0..tty63 and ttyS0.. at 4:64), 5:0 /dev/tty
 * (the caller's controlling terminal), 5:1 /dev/console (the tty of the
 * last console= of the command line), 5:2 /dev/ptmx and 136:N /dev/pts/N
 * (pty.c); read, write, ioctl and poll on them;
 * the job-control rules. A terminal controls one session: a session leader
 * without a terminal gets it at open (not /dev/console, not O_NOCTTY) or with
 * TIOCSCTTY. A process of that session outside the foreground group that
 * reads gets SIGTTIN, and one that writes with TOSTOP or changes the termios
 * gets SIGTTOU (EIO instead if its group is orphaned, and a write or change
 * just goes through if SIGTTOU is ignored or blocked). The controlling
 * terminal is found by session: the tty whose ->session is the caller's.
 */
#include <linux/kernel.h>
#include <linux/devtmpfs.h>
#include <linux/chrdevs.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/console.h>
#include <linux/init.h>
#include <linux/poll.h>
#include <linux/tty.h>

#define SIGHUP	1
#define SIGCONT	18
#define SIGTTIN	21
#define SIGTTOU	22
#define SIGWINCH 28
#define SIG_IGN	1
#define FIONBIO	0x5421

struct console *console_preferred(void);
struct tty_struct *vt_fg_tty(bool *app_cursor);

#define MAX_TTYS 48		/* 6 VTs, the UART, 16 pty slaves and room */
static struct tty_struct *ttys[MAX_TTYS];
static bool tty_nodes_ready;

static const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	/* ^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, -, ^Q ^S ^Z, -, ^R ^O ^W ^V (Linux's INIT_C_CC) */
	.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0 },
};

static void flip_work_fn(struct work_struct *work);

void tty_init_struct(struct tty_struct *tty, const char *name, dev_t dev,
		     const struct tty_operations *ops)
{
	memset(tty, 0, sizeof(*tty));
	strlcpy(tty->name, name, sizeof(tty->name));
	tty->dev = dev;
	tty->ops = ops;
	tty->termios = tty_std_termios;
	tty->winsize.ws_row = 25;
	tty->winsize.ws_col = 80;
	init_waitqueue_head(&tty->read_wait);
	init_waitqueue_head(&tty->write_wait);
	mutex_init(&tty->ldisc_lock);
	mutex_init(&tty->write_lock);
	INIT_WORK(&tty->flip_work, flip_work_fn);
	n_tty_open(tty);
}

static void tty_make_node(struct tty_struct *tty)
{
	/* in devtmpfs and in the boot root's /dev (Linux's device_create) */
	devtmpfs_create_node(tty->name, S_IFCHR | 0620, tty->dev);
}

void tty_register(struct tty_struct *tty)
{
	int i;

	for (i = 0; i < MAX_TTYS; i++)
		if (!ttys[i]) {
			ttys[i] = tty;
			break;
		}
	if (tty_nodes_ready)
		tty_make_node(tty);
}

void tty_unregister(struct tty_struct *tty)
{
	int i;

	for (i = 0; i < MAX_TTYS; i++)
		if (ttys[i] == tty)
			ttys[i] = NULL;
}

struct tty_struct *tty_lookup(dev_t dev)
{
	int i;

	for (i = 0; i < MAX_TTYS; i++)
		if (ttys[i] && ttys[i]->dev == dev)
			return ttys[i];
	return NULL;
}

/* ---- input from the drivers ---- */

/* From the interrupt handler: queue the byte (dropped if 256 are waiting). */
void tty_insert_flip_char(struct tty_struct *tty, u8 c)
{
	unsigned long flags;

	local_irq_save(flags);
	if (tty->flip_head - tty->flip_tail < sizeof(tty->flip))
		tty->flip[tty->flip_head++ % sizeof(tty->flip)] = c;
	local_irq_restore(flags);
}

unsigned int tty_flip_room(const struct tty_struct *tty)
{
	return sizeof(tty->flip) - (tty->flip_head - tty->flip_tail);
}

void tty_flip_buffer_push(struct tty_struct *tty)
{
	schedule_work(&tty->flip_work);
}

/* The line discipline sees the bytes in process context (the kworker). */
static void flip_work_fn(struct work_struct *work)
{
	struct tty_struct *tty = container_of(work, struct tty_struct, flip_work);
	unsigned long flags;

	mutex_lock(&tty->ldisc_lock);
	for (;;) {
		u8 c;

		local_irq_save(flags);
		if (tty->flip_head == tty->flip_tail) {
			local_irq_restore(flags);
			break;
		}
		c = tty->flip[tty->flip_tail++ % sizeof(tty->flip)];
		local_irq_restore(flags);
		if (tty->termios.c_cflag & CREAD)
			n_tty_receive_char(tty, c);
	}
	mutex_unlock(&tty->ldisc_lock);
	wake_up_all(&tty->write_wait);	/* a pty writer waiting for flip room */
	if (tty->ops->unthrottle)
		tty->ops->unthrottle(tty);	/* a driver holding input back for room */
}

/* ---- sessions and process groups ---- */

void tty_signal_pgrp(struct tty_struct *tty, int sig)
{
	if (tty->pgrp > 0)
		kill_pgrp(tty->pgrp, sig);
}

static struct tty_struct *current_ctty(void)
{
	int i;

	if (!current->sid)
		return NULL;
	for (i = 0; i < MAX_TTYS; i++)
		if (ttys[i] && ttys[i]->session == current->sid)
			return ttys[i];
	return NULL;
}

static bool sig_ignored_or_blocked(int sig)
{
	return current->action[sig - 1].handler == SIG_IGN || (current->blocked & sigmask(sig));
}

/* Linux's tty_check_change: may the caller change this terminal (or write with TOSTOP)? */
static int tty_check_change(struct tty_struct *tty)
{
	if (tty != current_ctty() || !tty->pgrp || current->pgid == tty->pgrp)
		return 0;
	if (sig_ignored_or_blocked(SIGTTOU))
		return 0;
	if (pgrp_orphaned(current->pgid))
		return -EIO;
	kill_pgrp(current->pgid, SIGTTOU);
	return -ERESTARTSYS;
}

/* Linux's job_control for read: a background read stops the group with SIGTTIN. */
static int tty_check_read(struct tty_struct *tty)
{
	if (tty != current_ctty() || !tty->pgrp || current->pgid == tty->pgrp)
		return 0;
	if (sig_ignored_or_blocked(SIGTTIN) || pgrp_orphaned(current->pgid))
		return -EIO;
	kill_pgrp(current->pgid, SIGTTIN);
	return -ERESTARTSYS;
}

/* The session loses its terminal: the foreground group gets SIGHUP and SIGCONT. */
static void disassociate(struct tty_struct *tty)
{
	pid_t pgrp = tty->pgrp;

	tty->session = 0;
	tty->pgrp = 0;
	if (pgrp > 0) {
		kill_pgrp(pgrp, SIGHUP);
		kill_pgrp(pgrp, SIGCONT);
	}
}

/* A hangup (TIOCVHANGUP, the line dropped): the session is told and let go, readers wake. */
void tty_hangup(struct tty_struct *tty)
{
	mutex_lock(&tty->ldisc_lock);
	disassociate(tty);
	n_tty_flush_input(tty);
	mutex_unlock(&tty->ldisc_lock);
	wake_up_all(&tty->read_wait);
	wake_up_all(&tty->write_wait);
}

/*
 * vhangup(2) and TIOCVHANGUP (Linux's __tty_hangup): the session leader
 * gets SIGHUP and SIGCONT, the session loses the terminal, and every file open on it now answers as Linux's
 * hung_up_tty_fops do (read 0, write EIO, ioctl EIO, poll "hung up");
 * files opened afterwards work again. The open files are found through the
 * descriptor tables.
 */
static ssize_t hung_up_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	return 0;
}

static ssize_t hung_up_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	return -EIO;
}

static long hung_up_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
}

static unsigned int hung_up_poll(struct file *f, poll_table *pt)
{
	return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
}

static int tty_release(struct inode *inode, struct file *f);
static const struct file_operations tty_fops;
static const struct file_operations hung_up_tty_fops = {
	.llseek = no_llseek, .read = hung_up_read, .write = hung_up_write,
	.ioctl = hung_up_ioctl, .poll = hung_up_poll, .release = tty_release,
};

static void __tty_hangup(struct tty_struct *tty, bool exit_session)
{
	struct task_struct *p;
	pid_t sid = tty->session, pgrp = tty->pgrp;
	unsigned long flags;
	int i;

	mutex_lock(&tty->ldisc_lock);
	tty->session = 0;
	tty->pgrp = 0;
	n_tty_flush_input(tty);
	mutex_unlock(&tty->ldisc_lock);
	if (exit_session) {
		if (pgrp > 0)
			kill_pgrp(pgrp, SIGHUP);
	} else if (sid > 0) {
		p = find_task_by_pid(sid);
		if (p) {
			send_sig(SIGHUP, p, 1);
			send_sig(SIGCONT, p, 1);
		}
	}
	/* /dev/console's files (console_fops) are left alone, as Linux's redirected ones */
	local_irq_save(flags);
	for_each_process(p) {
		if (!p->files)
			continue;
		for (i = 0; i < NR_OPEN; i++) {
			struct file *f = p->files->fd[i];

			if (f && f->f_op == &tty_fops && f->private_data == tty)
				f->f_op = &hung_up_tty_fops;
		}
	}
	local_irq_restore(flags);
	wake_up_all(&tty->read_wait);
	wake_up_all(&tty->write_wait);
}

void tty_vhangup(struct tty_struct *tty)
{
	__tty_hangup(tty, false);
}

/* vhangup(2): hang up the caller's controlling terminal (root only, as everyone here). */
long sys_vhangup(void)
{
	struct tty_struct *tty = current_ctty();

	if (tty)
		tty_vhangup(tty);
	return 0;
}

/*
 * A session leader exits (Linux's disassociate_ctty(1) from do_exit): a pty
 * lets the session go (SIGHUP and SIGCONT to the foreground group); a console
 * or serial line is hung up as by vhangup, with SIGHUP to the foreground group
 * (Linux's tty_vhangup_session).
 */
void tty_exit_session(struct task_struct *tsk)
{
	int i;

	if (!tsk->sid || tsk->sid != tsk->tgid)
		return;
	for (i = 0; i < MAX_TTYS; i++)
		if (ttys[i] && ttys[i]->session == tsk->sid) {
			if (ttys[i]->link)
				disassociate(ttys[i]);
			else
				__tty_hangup(ttys[i], true);
		}
}

/* ---- the file operations ---- */

static ssize_t tty_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct tty_struct *tty = f->private_data;
	int ret = tty_check_read(tty);

	if (ret)
		return ret;
	return n_tty_read(tty, f, (u8 __user *)buf, count);
}

static ssize_t tty_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct tty_struct *tty = f->private_data;

	if (L_TOSTOP(tty)) {
		int ret = tty_check_change(tty);

		if (ret)
			return ret;
	}
	return n_tty_write(tty, f, (const u8 __user *)buf, count);
}

static unsigned int tty_poll(struct file *f, poll_table *pt)
{
	struct tty_struct *tty = f->private_data;
	unsigned int mask = 0;

	poll_wait(f, &tty->read_wait, pt);
	poll_wait(f, &tty->write_wait, pt);
	if (n_tty_input_available(tty) || (!L_ICANON(tty) && !tty->termios.c_cc[VMIN]))
		mask |= POLLIN | POLLRDNORM;
	if (tty->hung_up)
		mask |= POLLHUP | POLLIN | POLLRDNORM;
	if (!tty->stopped)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static u32 baud_of(u32 cflag)
{
	static const u32 rates[] = { 0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800,
				     2400, 4800, 9600, 19200, 38400 };
	static const u32 high[] = { 0, 57600, 115200, 230400, 460800 };
	u32 b = cflag & CBAUD;

	if (b & 010000)
		return (b & 017) < 5 ? high[b & 017] : 0;
	return rates[b];
}

static int set_termios(struct tty_struct *tty, unsigned int cmd, const void __user *arg,
		       size_t size, bool flush)
{
	struct termios t, old;
	int ret = tty_check_change(tty);

	if (ret)
		return ret;
	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	(void)cmd;
	(void)size;
	mutex_lock(&tty->ldisc_lock);
	if (flush)
		n_tty_flush_input(tty);
	old = tty->termios;
	tty->termios = t;
	n_tty_set_termios(tty, &old);
	if (tty->ops->set_termios)
		tty->ops->set_termios(tty, &old);
	mutex_unlock(&tty->ldisc_lock);
	return 0;
}

static long tiocspgrp(struct tty_struct *tty, pid_t __user *arg)
{
	struct task_struct *p;
	pid_t pgrp;
	int ret;

	if (tty != current_ctty())
		return -ENOTTY;
	ret = tty_check_change(tty);
	if (ret)
		return ret;
	if (get_user(pgrp, arg))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	for_each_process(p)
		if (p->pgid == pgrp && !p->exit_state && !(p->flags & PF_KTHREAD)) {
			if (p->sid != current->sid)
				return -EPERM;
			tty->pgrp = pgrp;
			return 0;
		}
	return -ESRCH;
}

static long tiocsctty(struct tty_struct *tty, unsigned long arg)
{
	struct tty_struct *mine = current_ctty();

	if (mine == tty && current->sid == current->tgid)
		return 0;
	if (current->sid != current->tgid || mine)
		return -EPERM;		/* not a session leader, or it has a terminal already */
	if (tty->session && arg != 1)
		return -EPERM;		/* another session's (root may steal it with arg 1) */
	if (tty->session)
		disassociate(tty);
	tty->session = current->sid;
	tty->pgrp = current->pgid;
	return 0;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = f->private_data;
	void __user *p = (void __user *)arg;
	struct termios2 t2;
	struct winsize ws;
	int ret;

	if (tty->link) {
		long r = pty_ioctl(tty, cmd, arg);

		if (r != -ENOIOCTLCMD)
			return r;
		if (tty->is_master && (cmd == TIOCGWINSZ || cmd == TIOCSWINSZ))
			tty = tty->link;	/* the pair's one window size is the slave's */
	}
	switch (cmd) {
	case TCGETS:
		return copy_to_user(p, &tty->termios, sizeof(struct termios)) ? -EFAULT : 0;
	case TCGETS2:
		memcpy(&t2, &tty->termios, sizeof(struct termios));
		t2.c_ispeed = t2.c_ospeed = baud_of(tty->termios.c_cflag);
		return copy_to_user(p, &t2, sizeof(t2)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETS2:
	case TCSETSW2:
		return set_termios(tty, cmd, p, sizeof(struct termios), false);
	case TCSETSF:
	case TCSETSF2:
		return set_termios(tty, cmd, p, sizeof(struct termios), true);
	case TIOCGWINSZ:
		return copy_to_user(p, &tty->winsize, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		if (copy_from_user(&ws, p, sizeof(ws)))
			return -EFAULT;
		if (memcmp(&ws, &tty->winsize, sizeof(ws))) {
			tty->winsize = ws;
			tty_signal_pgrp(tty, SIGWINCH);
		}
		return 0;
	case TIOCGPGRP:
		if (tty != current_ctty())
			return -ENOTTY;
		return put_user(tty->pgrp, (pid_t __user *)p) ? -EFAULT : 0;
	case TIOCSPGRP:
		return tiocspgrp(tty, p);
	case TIOCGSID:
		if (tty != current_ctty())
			return -ENOTTY;
		return put_user(tty->session, (pid_t __user *)p) ? -EFAULT : 0;
	case TIOCSCTTY:
		return tiocsctty(tty, arg);
	case TIOCNOTTY:
		if (tty != current_ctty())
			return -ENOTTY;
		if (current->sid == current->tgid)
			disassociate(tty);
		return 0;
	case FIONREAD:
		return put_user((int)n_tty_input_available(tty), (int __user *)p) ? -EFAULT : 0;
	case TIOCOUTQ:
		return put_user(0, (int __user *)p) ? -EFAULT : 0;
	case FIONBIO:
		if (get_user(ret, (int __user *)p))
			return -EFAULT;
		if (ret)
			f->f_flags |= O_NONBLOCK;
		else
			f->f_flags &= ~O_NONBLOCK;
		return 0;
	case TCFLSH:
		ret = tty_check_change(tty);
		if (ret)
			return ret;
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg == TCIFLUSH || arg == TCIOFLUSH) {
			mutex_lock(&tty->ldisc_lock);
			n_tty_flush_input(tty);
			mutex_unlock(&tty->ldisc_lock);
		}
		return 0;
	case TCXONC:
		ret = tty_check_change(tty);
		if (ret)
			return ret;
		if (arg == TCOOFF) {
			tty->stopped = true;
		} else if (arg == TCOON) {
			tty->stopped = false;
			wake_up_all(&tty->write_wait);
		} else if (arg > TCION) {
			return -EINVAL;
		}
		return 0;
	case TCSBRK:			/* tcdrain: output is synchronous, nothing to wait for */
		return tty_check_change(tty);
	case TIOCSTI:
		if (get_user(ret, (u8 __user *)p))
			return -EFAULT;
		mutex_lock(&tty->ldisc_lock);
		n_tty_receive_char(tty, (u8)ret);
		mutex_unlock(&tty->ldisc_lock);
		return 0;
	case TIOCVHANGUP:
		tty_vhangup(tty);
		return 0;
	case TIOCEXCL:
	case TIOCNXCL:
		return 0;
	}
	if (tty->ops->ioctl) {
		long r = tty->ops->ioctl(tty, f, cmd, arg);

		if (r != -ENOIOCTLCMD)
			return r;
	}
	/* The speaker's KIOCSOUND and KDMKTONE (Linux's vt_ioctl; here on every
	 * terminal, the serial console included), else -ENOTTY. */
	return kd_sound_ioctl(cmd, arg);
}

static int tty_release(struct inode *inode, struct file *f)
{
	struct tty_struct *tty = f->private_data;

	if (tty && tty->count > 0)
		tty->count--;
	if (tty && tty->link && !tty->count)
		pty_close(tty);
	return 0;
}

static const struct file_operations tty_fops = {
	.llseek = no_llseek, .read = tty_read, .write = tty_write, .ioctl = tty_ioctl,
	.poll = tty_poll, .release = tty_release,
};
/* /dev/console's: the same, but a hangup of the tty behind it leaves them working. */
static const struct file_operations console_fops = {
	.llseek = no_llseek, .read = tty_read, .write = tty_write, .ioctl = tty_ioctl,
	.poll = tty_poll, .release = tty_release,
};

/* /dev/console: the tty of the preferred console (the last console= given). */
static struct tty_struct *console_tty(void)
{
	struct console *con = console_preferred();

	if (!con)
		return NULL;
	if (!strcmp(con->name, "ttyS"))
		return tty_lookup(MKDEV(4, 64 + con->index));
	if (!strcmp(con->name, "tty"))
		return con->index ? tty_lookup(MKDEV(4, con->index)) : vt_fg_tty(NULL);
	return NULL;
}

/* Called by chrdev_open for majors 4 and 5; -ENODEV: not a tty here. */
int tty_open(struct inode *inode, struct file *f)
{
	dev_t dev = inode->i_rdev;
	struct tty_struct *tty;
	bool noctty = f->f_flags & O_NOCTTY;

	if (dev == MKDEV(5, 0)) {
		tty = current_ctty();
		if (!tty)
			return -ENXIO;
		noctty = true;
	} else if (dev == MKDEV(5, 1)) {
		tty = console_tty();
		noctty = true;
	} else if (dev == MKDEV(5, 2)) {
		int ret = ptmx_open(f);

		if (ret)
			return ret;
		f->f_op = &tty_fops;
		return 0;
	} else if (MAJOR(dev) == 136) {
		tty = pty_slave_lookup(dev);
		if (tty)
			tty->link->hung_up = false;	/* a slave again: the master reads on */
	} else if (dev == MKDEV(4, 0)) {
		tty = vt_fg_tty(NULL);	/* the virtual console in front */
	} else {
		tty = tty_lookup(dev);
	}
	if (!tty)
		return -ENODEV;
	f->private_data = tty;
	f->f_op = dev == MKDEV(5, 1) ? &console_fops : &tty_fops;
	tty->count++;
	/* A session leader without a terminal gets this one (Linux's tty_open_proc_set_tty). */
	if (!noctty && current->sid == current->tgid && !tty->session && !current_ctty()) {
		tty->session = current->sid;
		tty->pgrp = current->pgid;
	}
	return 0;
}

static int __init tty_init(void)
{
	int i;

	devtmpfs_create_node("tty", S_IFCHR | 0666, MKDEV(5, 0));
	tty_nodes_ready = true;
	for (i = 0; i < MAX_TTYS; i++)
		if (ttys[i])
			tty_make_node(ttys[i]);
	return 0;
}
fs_initcall(tty_init);
