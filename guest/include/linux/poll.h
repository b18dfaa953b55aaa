/*
 * poll and select (Linux's include/linux/poll.h): a file's ->poll returns the
 * POLL* bits ready now and, through poll_wait, puts the caller on the wait
 * queues whose wake-up may change them; the poll loop sleeps until one of
 * them is woken, a signal arrives or the timeout ends.
 */
#ifndef _LINUX_POLL_H
#define _LINUX_POLL_H

#include <linux/wait.h>

struct file;

#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

#define POLL_MAX_QUEUES 64		/* wait queues one poll call can sleep on */

struct poll_table_entry {
	wait_queue_head_t *wq;
	struct wait_queue_entry w;
};

typedef struct poll_table_struct {
	int n;
	bool overflow;			/* more queues than entries: poll by the tick */
	struct poll_table_entry e[POLL_MAX_QUEUES];
} poll_table;

void poll_wait(struct file *f, wait_queue_head_t *wq, poll_table *pt);

#endif
