/*
 * Console drivers (Linux's include/linux/console.h): printk hands finished
 * lines to every registered console; each keeps its own position in the log so
 * a console registered late replays what it missed.
 */
#ifndef _LINUX_CONSOLE_H
#define _LINUX_CONSOLE_H

#include <linux/types.h>

struct console {
	char name[16];			/* "ttyS", "tty" */
	void (*write)(struct console *con, const char *s, unsigned int n, int level);
	int (*setup)(struct console *con, char *options);
	int index;			/* ttyS<index> */
	int flags;
	u64 seq;			/* next log record to print */
	u32 idx;			/* ...and where it is in __log_buf */
	void *data;
	struct console *next;
};
#define CON_ENABLED	1
#define CON_BOOT	2		/* from earlyprintk= */

void register_console(struct console *con);
void console_flush(void);
void console_init(void);
void console_emergency_flush(void);

/* The drivers (guest/drivers/). */
extern struct console serial8250_console;
extern struct console vga_console;
int serial8250_setup(struct console *con, char *options);
void serial8250_putc(int port, char c);

#endif
