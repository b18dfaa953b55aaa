/*
 * Terminals (Linux's include/linux/tty.h, tty_driver.h and the i386 uapi
 * termbits.h/ioctls.h): a tty_struct per terminal, a driver below it
 * (write a byte string out, nothing else), the n_tty line discipline inside
 * it (input editing, echo, signals), and the character-device side above it
 * (tty_io.c: open, read, write, ioctl, poll, the controlling terminal).
 * Structure layouts and numbers are Linux's i386 ABI exactly.
 */
#ifndef _LINUX_TTY_H
#define _LINUX_TTY_H

#include <linux/types.h>
#include <linux/fs.h>
#include <linux/wait.h>
#include <linux/kthread.h>
#include <linux/mutex.h>

/* struct termios as TCGETS/TCSETS see it (asm-generic/termbits.h: NCCS 19). */
#define NCCS 19
struct termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};
struct termios2 {			/* TCGETS2/TCSETS2: plus the two speeds */
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
	u32 c_ispeed, c_ospeed;
};
struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc indices */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define IGNBRK	0000001
#define BRKINT	0000002
#define IGNPAR	0000004
#define ISTRIP	0000040
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IUCLC	0001000
#define IXON	0002000
#define IXANY	0004000
#define IXOFF	0010000
#define IMAXBEL	0020000
#define IUTF8	0040000
/* c_oflag */
#define OPOST	0000001
#define OLCUC	0000002
#define ONLCR	0000004
#define OCRNL	0000010
#define ONOCR	0000020
#define ONLRET	0000040
/* c_cflag */
#define CBAUD	0010017
#define B9600	0000015
#define B38400	0000017
#define B115200	0010002
#define CSIZE	0000060
#define CS8	0000060
#define CSTOPB	0000100
#define CREAD	0000200
#define PARENB	0000400
#define HUPCL	0002000
#define CLOCAL	0004000
/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL	0001000
#define ECHOPRT	0002000
#define ECHOKE	0004000
#define FLUSHO	0010000
#define PENDIN	0040000
#define IEXTEN	0100000

/* ioctls (asm-generic/ioctls.h) */
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCEXCL	0x540C
#define TIOCNXCL	0x540D
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCOUTQ	0x5411
#define TIOCSTI		0x5412
#define TIOCGWINSZ	0x5413
#define TIOCLINUX	0x541C
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B
#define TIOCNOTTY	0x5422
#define TIOCGSID	0x5429
#define TCGETS2		0x802C542A
#define TCSETS2		0x402C542B
#define TCSETSW2	0x402C542C
#define TCSETSF2	0x402C542D
#define TIOCVHANGUP	0x5437
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2

#define ENOIOCTLCMD 515		/* a driver's "not mine" (never reaches user space) */

#define N_TTY_BUF_SIZE 4096		/* a power of two */

struct tty_struct;

struct tty_operations {
	/* Send N bytes (already post-processed); returns how many were taken. */
	int (*write)(struct tty_struct *tty, const u8 *buf, int n);
	/* termios changed (speed, ...); optional */
	void (*set_termios)(struct tty_struct *tty, const struct termios *old);
	/* The driver's own ioctls (the console's KD and VT ones); -ENOIOCTLCMD: not its */
	long (*ioctl)(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg);
	/* The flip buffer was drained: input the driver held back may come now; optional */
	void (*unthrottle)(struct tty_struct *tty);
};

struct tty_struct {
	char name[16];			/* "ttyS0", "tty1" */
	dev_t dev;
	const struct tty_operations *ops;
	void *driver_data;
	struct termios termios;
	struct winsize winsize;
	pid_t pgrp;			/* the foreground process group, 0: none */
	pid_t session;			/* the session it controls, 0: none */
	int count;			/* open files */
	bool stopped;			/* output stopped by ^S (IXON) */

	/* The line discipline's input (n_tty): a ring of N_TTY_BUF_SIZE bytes. */
	u8 read_buf[N_TTY_BUF_SIZE];
	u8 read_flags[N_TTY_BUF_SIZE];	/* 1: ends a line, 2: an EOF mark (not data) */
	unsigned int read_head;		/* where the next typed byte goes */
	unsigned int canon_head;	/* end of the complete lines (ICANON) */
	unsigned int read_tail;		/* the next byte read() returns */
	unsigned int column, canon_column;	/* the echo's column, for erase and tabs */
	bool lnext;			/* the last byte was VLNEXT: take the next literally */
	wait_queue_head_t read_wait, write_wait;
	struct mutex ldisc_lock;		/* the input ring and the echo */
	struct mutex write_lock;	/* one writer at a time */
	bool hung_up;			/* reads see end of file (a pty master: EIO), writes fail */
	struct tty_struct *link;	/* a pty's other side */
	bool is_master;			/* a pty master (/dev/ptmx) */

	/* Bytes from the interrupt handler, processed in process context (the flip buffer). */
	u8 flip[256];
	unsigned int flip_head, flip_tail;
	struct work_struct flip_work;
};

/* tty_io.c */
void tty_init_struct(struct tty_struct *tty, const char *name, dev_t dev,
		     const struct tty_operations *ops);
void tty_register(struct tty_struct *tty);
void tty_unregister(struct tty_struct *tty);
void tty_insert_flip_char(struct tty_struct *tty, u8 c);	/* from an interrupt */
unsigned int tty_flip_room(const struct tty_struct *tty);	/* bytes it can take now */
void tty_flip_buffer_push(struct tty_struct *tty);
int tty_put_user_output(struct tty_struct *tty, const u8 *buf, int n);
void tty_signal_pgrp(struct tty_struct *tty, int sig);
void tty_hangup(struct tty_struct *tty);
void tty_vhangup(struct tty_struct *tty);	/* and every open file of it goes dead */
void tty_set_console(struct tty_struct *tty);	/* what /dev/console (5:1) opens */
int kill_pgrp(pid_t pgrp, int sig);
struct tty_struct *tty_lookup(dev_t dev);

/* pty.c */
int ptmx_open(struct file *f);
struct tty_struct *pty_slave_lookup(dev_t dev);
void pty_close(struct tty_struct *tty);
long pty_ioctl(struct tty_struct *tty, unsigned int cmd, unsigned long arg);

/* n_tty.c */
void n_tty_open(struct tty_struct *tty);
void n_tty_receive_char(struct tty_struct *tty, u8 c);
ssize_t n_tty_read(struct tty_struct *tty, struct file *f, u8 __user *buf, size_t nr);
ssize_t n_tty_write(struct tty_struct *tty, struct file *f, const u8 __user *buf, size_t nr);
unsigned int n_tty_input_available(struct tty_struct *tty);
void n_tty_flush_input(struct tty_struct *tty);
void n_tty_set_termios(struct tty_struct *tty, const struct termios *old);

#define L_ICANON(t)	((t)->termios.c_lflag & ICANON)
#define L_ECHO(t)	((t)->termios.c_lflag & ECHO)
#define L_ISIG(t)	((t)->termios.c_lflag & ISIG)
#define L_IEXTEN(t)	((t)->termios.c_lflag & IEXTEN)
#define L_TOSTOP(t)	((t)->termios.c_lflag & TOSTOP)
#define O_OPOST(t)	((t)->termios.c_oflag & OPOST)

#endif
