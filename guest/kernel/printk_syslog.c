/*
 * syslog(2) (Linux's do_syslog, the actions busybox dmesg and klogd use):
 * 3 READ_ALL copies the newest records that fit, formatted as Linux's
 * "<level>[seconds.micros] text\n" (busybox dmesg strips the "<level>");
 * 4 READ_CLEAR does the same and then forgets them for later reads, 5 CLEAR
 * only forgets, 10 SIZE_BUFFER is the ring's size, 9 SIZE_UNREAD what a
 * READ_ALL would return. The console actions (6/7/8: off, on, level) are
 * not offered: any process may call this (no CAP_SYSLOG), and a fuzzer's
 * random call would silence the console the tests read.
 * The records are read from __log_buf in kernel/printk.c's format.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/irqflags.h>

#include "printk_ring.h"

u64 syslog_clear_seq;		/* records before it were cleared (READ_CLEAR, CLEAR) */
u32 syslog_clear_idx;


#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10

struct printk_log *log_rec(u32 idx)
{
	struct printk_log *m = (struct printk_log *)(log_buf + idx);

	return m->len ? m : (struct printk_log *)log_buf;	/* len 0: wrap marker */
}

u32 log_rec_next(u32 idx)
{
	struct printk_log *m = log_rec(idx);

	return (u32)((char *)m - log_buf) + m->len;
}

/* One record as syslog shows it, into BUF (NULL: just its length). */
int syslog_format_rec(const struct printk_log *m, char *buf, size_t size)
{
	char head[40];
	int n;
	u64 ns = m->ts_nsec;
	u32 rem = do_div(ns, 1000000000);

	if (printk_time)
		n = snprintf(head, sizeof(head), "<%u>[%5lu.%06u] ", m->level, (unsigned long)ns,
			     rem / 1000);
	else
		n = snprintf(head, sizeof(head), "<%u>", m->level);
	if (buf && (size_t)n + m->text_len + 1 <= size) {
		memcpy(buf, head, n);
		memcpy(buf + n, (const char *)(m + 1), m->text_len);
		buf[n + m->text_len] = '\n';
	}
	return n + m->text_len + 1;
}

/* The records from syslog_clear_seq on: where they start and their total length. */
void syslog_uncleared(u64 *seq, u32 *idx)
{
	if (syslog_clear_seq < log_first_seq) {	/* cleared ones have been overwritten anyway */
		syslog_clear_seq = log_first_seq;
		syslog_clear_idx = log_first_idx;
	}
	*seq = syslog_clear_seq;
	*idx = syslog_clear_idx;
}

/*
 * Copy the newest records that fit in SIZE bytes, one at a time through a
 * small buffer (the copy to user space may fault and sleep, so the ring is
 * only looked at with interrupts off). A record overwritten meanwhile ends
 * the copy early.
 */
static int syslog_print_all(char __user *ubuf, int size, bool clear)
{
	unsigned long flags;
	u64 seq, s, end;
	u32 idx, i;
	long total = 0;
	char *line;
	int len = 0, n;

	line = kmalloc(LINE_MAX, GFP_KERNEL);
	if (!line)
		return -ENOMEM;
	local_irq_save(flags);
	syslog_uncleared(&seq, &idx);
	end = log_next_seq;
	for (s = seq, i = idx; s < end; s++, i = log_rec_next(i))
		total += syslog_format_rec(log_rec(i), NULL, 0);
	/* The newest records that fit: skip from the oldest until the rest does. */
	for (; total > size && seq < end; seq++, idx = log_rec_next(idx))
		total -= syslog_format_rec(log_rec(idx), NULL, 0);
	if (clear) {
		syslog_clear_seq = log_next_seq;
		syslog_clear_idx = log_next_idx;
	}
	local_irq_restore(flags);
	while (seq < end) {
		local_irq_save(flags);
		if (seq < log_first_seq) {	/* overwritten while we copied */
			local_irq_restore(flags);
			break;
		}
		n = syslog_format_rec(log_rec(idx), line, LINE_MAX);
		idx = log_rec_next(idx);
		local_irq_restore(flags);
		if (n > LINE_MAX || len + n > size)
			break;
		if (copy_to_user(ubuf + len, line, n)) {
			kfree(line);
			return -EFAULT;
		}
		len += n;
		seq++;
	}
	kfree(line);
	return len;
}

long sys_syslog(int type, char __user *buf, int len)
{
	unsigned long flags;
	u64 seq;
	u32 idx;
	long n = 0;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!buf || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		return syslog_print_all(buf, len, type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		local_irq_save(flags);
		syslog_clear_seq = log_next_seq;
		syslog_clear_idx = log_next_idx;
		local_irq_restore(flags);
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		local_irq_save(flags);
		syslog_uncleared(&seq, &idx);
		for (; seq < log_next_seq; seq++, idx = log_rec_next(idx))
			n += syslog_format_rec(log_rec(idx), NULL, 0);
		local_irq_restore(flags);
		return n;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return log_buf_len;
	}
	return -EINVAL;
}
