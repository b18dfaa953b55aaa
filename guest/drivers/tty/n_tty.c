/*
 * The n_tty line discipline (Linux's drivers/tty/n_tty.c, reduced): input
 * bytes go through the termios input flags (ISTRIP, IGNCR, ICRNL, INLCR),
 * flow control (IXON: ^S/^Q), the signal characters (ISIG: ^C SIGINT,
 * ^\ SIGQUIT, ^Z SIGTSTP to the foreground process group), and in canonical
 * mode the line editor (erase, kill, word erase, literal next, reprint, EOF
 * and the end-of-line characters) into a ring buffer; read() gets whole lines
 * (ICANON) or bytes by VMIN/VTIME. Echo follows ECHO, ECHOE, ECHOK, ECHOKE,
 * ECHOCTL and ECHONL; output post-processing OPOST with ONLCR, OCRNL, ONOCR,
 * ONLRET, OLCUC. Everything runs in process context under ldisc_lock (the
 * driver's interrupt handler only queues bytes in the flip buffer).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <linux/tty.h>

#define SIGINT	2
#define SIGQUIT	3
#define SIGTSTP	20

#define MASK(x)		((x) & (N_TTY_BUF_SIZE - 1))
#define FLAG_EOL	1		/* the byte ends a line */
#define FLAG_EOF	2		/* an EOF mark: ends a line, is not data */

static bool is_cc(struct tty_struct *tty, u8 c, int idx)
{
	u8 cc = tty->termios.c_cc[idx];

	return cc && c == cc;		/* 0 is _POSIX_VDISABLE */
}

/* ---- output ---- */

/* One byte through OPOST; keeps the column for tabs and erasing. */
static void do_output_char(struct tty_struct *tty, u8 c, u8 *out, int *n)
{
	u32 of = tty->termios.c_oflag;

	if (!(of & OPOST)) {
		out[(*n)++] = c;
		return;
	}
	switch (c) {
	case '\n':
		if (of & ONLRET)
			tty->column = 0;
		if (of & ONLCR) {
			out[(*n)++] = '\r';
			tty->column = 0;
		}
		tty->canon_column = tty->column;
		break;
	case '\r':
		if ((of & ONOCR) && tty->column == 0)
			return;
		if (of & OCRNL) {
			c = '\n';
			if (of & ONLRET)
				tty->canon_column = tty->column = 0;
			break;
		}
		tty->canon_column = tty->column = 0;
		break;
	case '\t':
		tty->column = (tty->column | 7) + 1;
		break;
	case '\b':
		if (tty->column)
			tty->column--;
		break;
	default:
		if (c >= 'a' && c <= 'z' && (of & OLCUC))
			c -= 32;
		if (c >= 32 && c != 127)
			tty->column++;
	}
	out[(*n)++] = c;
}

static void tty_out(struct tty_struct *tty, const u8 *buf, int n)
{
	if (tty->ops->write && n)
		tty->ops->write(tty, buf, n);
}

/* Bytes from a process: post-processed and sent, in chunks. */
static void output_chars(struct tty_struct *tty, const u8 *s, int len)
{
	u8 out[128];
	int n = 0;

	while (len--) {
		do_output_char(tty, *s++, out, &n);
		if (n >= (int)sizeof(out) - 2) {
			tty_out(tty, out, n);
			n = 0;
		}
	}
	tty_out(tty, out, n);
}

/* Echo one input byte: control characters as ^X with ECHOCTL (not tab, newline). */
static void echo_char(struct tty_struct *tty, u8 c)
{
	if ((tty->termios.c_lflag & ECHOCTL) && (c < 32 || c == 127) && c != '\t' && c != '\n') {
		u8 s[2] = { '^', c ^ 0100 };

		output_chars(tty, s, 2);
		return;
	}
	output_chars(tty, &c, 1);
}

/* ---- input ---- */

static unsigned int ring_used(struct tty_struct *tty)
{
	return tty->read_head - tty->read_tail;
}

static void put_byte(struct tty_struct *tty, u8 c, u8 flag)
{
	tty->read_buf[MASK(tty->read_head)] = c;
	tty->read_flags[MASK(tty->read_head)] = flag;
	tty->read_head++;
}

static void commit_line(struct tty_struct *tty)
{
	tty->canon_head = tty->read_head;
	tty->canon_column = tty->column;
	wake_up_all(&tty->read_wait);
}

/* The screen width of the byte at ring index I when echoed, from column COL. */
static unsigned int echo_width(struct tty_struct *tty, u8 c, unsigned int col)
{
	if (c == '\t')
		return ((col | 7) + 1) - col;
	if ((c < 32 || c == 127) && (tty->termios.c_lflag & ECHOCTL))
		return 2;
	return 1;
}

/* VERASE, VWERASE or VKILL: remove bytes of the line being typed, visibly. */
static void eraser(struct tty_struct *tty, u8 c)
{
	u32 lf = tty->termios.c_lflag;
	bool kill = is_cc(tty, c, VKILL), werase = !kill && is_cc(tty, c, VWERASE);
	int seen_alnum = 0;

	if (tty->read_head == tty->canon_head)
		return;
	if (kill && (!(lf & ECHO) || !(lf & ECHOK) || !(lf & ECHOKE) || !(lf & ECHOE))) {
		tty->read_head = tty->canon_head;
		if (lf & ECHO) {
			echo_char(tty, c);
			if (lf & ECHOK)
				output_chars(tty, (const u8 *)"\n", 1);
		}
		return;
	}
	while (tty->read_head != tty->canon_head) {
		u8 ch = tty->read_buf[MASK(tty->read_head - 1)];
		unsigned int col, i, w;

		if (werase) {
			bool alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
				     (ch >= 'A' && ch <= 'Z') || ch == '_';
			if (alnum)
				seen_alnum++;
			else if (seen_alnum)
				break;
		}
		tty->read_head--;
		if (lf & ECHO) {
			if (!(lf & ECHOE)) {
				echo_char(tty, tty->termios.c_cc[VERASE]);
			} else {
				/* How far the cursor goes back: re-measure the rest of the line. */
				col = tty->canon_column;
				for (i = tty->canon_head; i != tty->read_head; i++)
					col += echo_width(tty, tty->read_buf[MASK(i)], col);
				w = tty->column > col ? tty->column - col : 0;
				while (w--) {
					if (ch == '\t')
						output_chars(tty, (const u8 *)"\b", 1);
					else
						output_chars(tty, (const u8 *)"\b \b", 3);
				}
			}
		}
		if (!kill && !werase)
			break;
	}
}

/* VREPRINT (^R): the line so far again, on a new line. */
static void reprint(struct tty_struct *tty, u8 c)
{
	unsigned int i;

	echo_char(tty, c);
	output_chars(tty, (const u8 *)"\n", 1);
	for (i = tty->canon_head; i != tty->read_head; i++)
		echo_char(tty, tty->read_buf[MASK(i)]);
}

static void isig(struct tty_struct *tty, int sig, u8 c)
{
	if (!(tty->termios.c_lflag & NOFLSH))
		n_tty_flush_input(tty);
	if (tty->stopped) {		/* a signal character restarts output (Linux) */
		tty->stopped = false;
		wake_up_all(&tty->write_wait);
	}
	if (L_ECHO(tty))
		echo_char(tty, c);
	tty_signal_pgrp(tty, sig);
}

/* One received byte (Linux's n_tty_receive_char and its special cases). Under ldisc_lock. */
void n_tty_receive_char(struct tty_struct *tty, u8 c)
{
	u32 iflag = tty->termios.c_iflag, lf = tty->termios.c_lflag;

	if (tty->lnext) {		/* after ^V: the byte as it is */
		tty->lnext = false;
		goto plain;
	}
	if (iflag & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (iflag & IGNCR)
			return;
		if (iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (iflag & INLCR)) {
		c = '\r';
	}
	if (iflag & IXON) {
		if (is_cc(tty, c, VSTOP)) {
			tty->stopped = true;
			return;
		}
		if (is_cc(tty, c, VSTART)) {
			tty->stopped = false;
			wake_up_all(&tty->write_wait);
			return;
		}
		if (tty->stopped && (iflag & IXANY)) {
			tty->stopped = false;
			wake_up_all(&tty->write_wait);
		}
	}
	if (lf & ISIG) {
		if (is_cc(tty, c, VINTR)) {
			isig(tty, SIGINT, c);
			return;
		}
		if (is_cc(tty, c, VQUIT)) {
			isig(tty, SIGQUIT, c);
			return;
		}
		if (is_cc(tty, c, VSUSP)) {
			isig(tty, SIGTSTP, c);
			return;
		}
	}
	if (lf & ICANON) {
		if (is_cc(tty, c, VERASE) || is_cc(tty, c, VKILL) ||
		    (is_cc(tty, c, VWERASE) && (lf & IEXTEN))) {
			eraser(tty, c);
			return;
		}
		if (is_cc(tty, c, VLNEXT) && (lf & IEXTEN)) {
			tty->lnext = true;
			if ((lf & ECHO) && (lf & ECHOCTL))
				output_chars(tty, (const u8 *)"^\b", 2);
			return;
		}
		if (is_cc(tty, c, VREPRINT) && (lf & ECHO) && (lf & IEXTEN)) {
			reprint(tty, c);
			return;
		}
		if (c == '\n') {
			if (ring_used(tty) >= N_TTY_BUF_SIZE)
				return;
			if ((lf & ECHO) || (lf & ECHONL))
				echo_char(tty, c);
			put_byte(tty, c, FLAG_EOL);
			commit_line(tty);
			return;
		}
		if (is_cc(tty, c, VEOF)) {
			if (ring_used(tty) >= N_TTY_BUF_SIZE)
				return;
			put_byte(tty, c, FLAG_EOF);
			commit_line(tty);
			return;
		}
		if (is_cc(tty, c, VEOL) || is_cc(tty, c, VEOL2)) {
			if (ring_used(tty) >= N_TTY_BUF_SIZE)
				return;
			if (lf & ECHO)
				echo_char(tty, c);
			put_byte(tty, c, FLAG_EOL);
			commit_line(tty);
			return;
		}
	}
plain:
	/* A full line buffer keeps room for the newline that ends it. */
	if (ring_used(tty) >= N_TTY_BUF_SIZE - ((lf & ICANON) ? 1u : 0u))
		return;
	if (lf & ECHO)
		echo_char(tty, c);
	put_byte(tty, c, 0);
	if (!(lf & ICANON))
		wake_up_all(&tty->read_wait);
}

/* Bytes a read could return now (FIONREAD, poll). */
unsigned int n_tty_input_available(struct tty_struct *tty)
{
	return (L_ICANON(tty) ? tty->canon_head : tty->read_head) - tty->read_tail;
}

void n_tty_flush_input(struct tty_struct *tty)
{
	tty->read_tail = tty->canon_head = tty->read_head;
	tty->lnext = false;
	tty->canon_column = tty->column;
}

/* Switching ICANON: what was typed so far becomes readable (Linux's n_tty_set_termios). */
void n_tty_set_termios(struct tty_struct *tty, const struct termios *old)
{
	if ((old->c_lflag ^ tty->termios.c_lflag) & ICANON) {
		tty->canon_head = tty->read_head;
		tty->lnext = false;
	}
	if (!(tty->termios.c_iflag & IXON) && tty->stopped) {
		tty->stopped = false;
		wake_up_all(&tty->write_wait);
	}
	wake_up_all(&tty->read_wait);
	wake_up_all(&tty->write_wait);
}

void n_tty_open(struct tty_struct *tty)
{
	tty->read_head = tty->read_tail = tty->canon_head = 0;
	tty->column = tty->canon_column = 0;
	tty->lnext = false;
}

/* Copy up to NR bytes of complete lines; stops after a line's end. Under ldisc_lock. */
static ssize_t canon_copy(struct tty_struct *tty, u8 *kbuf, size_t nr, bool *eof)
{
	size_t n = 0;

	while (tty->read_tail != tty->canon_head && n < nr) {
		unsigned int i = MASK(tty->read_tail);
		u8 flag = tty->read_flags[i];

		tty->read_tail++;
		if (flag == FLAG_EOF) {
			*eof = true;
			break;
		}
		kbuf[n++] = tty->read_buf[i];
		if (flag == FLAG_EOL)
			break;
	}
	/* A line that filled the buffer exactly and ended with ^D: the mark goes too. */
	if (n == nr && tty->read_tail != tty->canon_head &&
	    tty->read_flags[MASK(tty->read_tail)] == FLAG_EOF)
		tty->read_tail++;
	return n;
}

static ssize_t raw_copy(struct tty_struct *tty, u8 *kbuf, size_t nr)
{
	size_t n = 0;

	while (tty->read_tail != tty->read_head && n < nr) {
		unsigned int i = MASK(tty->read_tail++);

		if (tty->read_flags[i] != FLAG_EOF)	/* an old canonical ^D is not data */
			kbuf[n++] = tty->read_buf[i];
	}
	if (tty->canon_head - tty->read_tail > N_TTY_BUF_SIZE)
		tty->canon_head = tty->read_tail;
	return n;
}

/*
 * read(): ICANON waits for a complete line (or EOF); otherwise VMIN/VTIME as
 * POSIX says: MIN=0,TIME=0 returns what there is; MIN>0,TIME=0 waits for MIN
 * bytes; MIN=0,TIME>0 waits up to TIME tenths for any byte; MIN>0,TIME>0 waits
 * for the first byte, then until MIN bytes or TIME tenths between bytes.
 */
ssize_t n_tty_read(struct tty_struct *tty, struct file *f, u8 __user *buf, size_t nr)
{
	u8 kbuf[256];
	struct wait_queue_entry w;
	size_t copied = 0;
	long timeout = MAX_SCHEDULE_TIMEOUT;
	unsigned int vmin = 1, vtime = 0;
	ssize_t ret = 0;
	bool eof = false;

	if (!nr)
		return 0;
	init_wait_entry(&w, 0);
	mutex_lock(&tty->ldisc_lock);
	if (!L_ICANON(tty)) {
		vmin = tty->termios.c_cc[VMIN];
		vtime = tty->termios.c_cc[VTIME];
		if (vtime)
			timeout = (long)msecs_to_jiffies(vtime * 100);
		if (vmin > nr)
			vmin = nr;
	}
	for (;;) {
		size_t n = L_ICANON(tty) ? canon_copy(tty, kbuf, min(nr - copied, sizeof(kbuf)), &eof) :
					   raw_copy(tty, kbuf, min(nr - copied, sizeof(kbuf)));

		if (n) {
			mutex_unlock(&tty->ldisc_lock);
			if (copy_to_user(buf + copied, kbuf, n)) {
				ret = -EFAULT;
				mutex_lock(&tty->ldisc_lock);
				break;
			}
			copied += n;
			mutex_lock(&tty->ldisc_lock);
			if (L_ICANON(tty))
				break;	/* one line (or what fits) per read */
			if (copied >= nr || copied >= vmin)
				break;
			if (vtime)	/* the inter-byte timer restarts with each byte */
				timeout = (long)msecs_to_jiffies(vtime * 100);
			continue;
		}
		if (eof)
			break;		/* an EOF mark was consumed: end of file (0) */
		if (!L_ICANON(tty) && vmin == 0 && vtime == 0)
			break;
		if (tty->hung_up) {
			if (tty->is_master)
				ret = -EIO;	/* the slave side is closed (Linux) */
			break;
		}
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (!timeout)
			break;		/* VTIME expired */
		prepare_to_wait(&tty->read_wait, &w, TASK_INTERRUPTIBLE);
		if (n_tty_input_available(tty) == 0 && !tty->hung_up) {
			mutex_unlock(&tty->ldisc_lock);
			timeout = schedule_timeout(timeout);
			mutex_lock(&tty->ldisc_lock);
		}
		finish_wait(&tty->read_wait, &w);
	}
	mutex_unlock(&tty->ldisc_lock);
	return copied ? (ssize_t)copied : ret;
}

/* write(): post-processed output, waiting while ^S stopped it. */
ssize_t n_tty_write(struct tty_struct *tty, struct file *f, const u8 __user *buf, size_t nr)
{
	u8 kbuf[256];
	struct wait_queue_entry w;
	size_t done = 0;

	init_wait_entry(&w, 0);
	mutex_lock(&tty->write_lock);
	while (done < nr) {
		size_t n = min(nr - done, sizeof(kbuf));

		if (tty->hung_up) {
			mutex_unlock(&tty->write_lock);
			return done ? (ssize_t)done : -EIO;
		}
		if (tty->stopped) {
			if (f->f_flags & O_NONBLOCK) {
				mutex_unlock(&tty->write_lock);
				return done ? (ssize_t)done : -EAGAIN;
			}
			if (signal_pending(current)) {
				mutex_unlock(&tty->write_lock);
				return done ? (ssize_t)done : -ERESTARTSYS;
			}
			prepare_to_wait(&tty->write_wait, &w, TASK_INTERRUPTIBLE);
			if (tty->stopped)
				schedule();
			finish_wait(&tty->write_wait, &w);
			continue;
		}
		if (copy_from_user(kbuf, buf + done, n)) {
			mutex_unlock(&tty->write_lock);
			return done ? (ssize_t)done : -EFAULT;
		}
		mutex_lock(&tty->ldisc_lock);
		output_chars(tty, kbuf, n);
		if (tty->read_head == tty->canon_head)
			tty->canon_column = tty->column;
		mutex_unlock(&tty->ldisc_lock);
		done += n;
	}
	mutex_unlock(&tty->write_lock);
	return done;
}
