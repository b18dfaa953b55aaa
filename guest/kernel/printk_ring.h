/*
 * The printk ring's records as kernel/printk.c stores them (the layout the
 * debugger reads too), for its readers: syslog(2) in printk_syslog.c and
 * /dev/kmsg and /proc/kmsg in printk_kmsg.c. The ring is only looked at with
 * interrupts off.
 */
#ifndef _KERNEL_PRINTK_RING_H
#define _KERNEL_PRINTK_RING_H

#include <linux/types.h>

struct printk_log {
	u64 ts_nsec;
	u16 len;
	u16 text_len;
	u16 dict_len;
	u8 facility;
	u8 flags : 5;
	u8 level : 3;
} __packed __aligned(4);

#define LINE_MAX	(1024 + 48)	/* printk's longest line and its prefix */

extern char *log_buf;
extern u32 log_buf_len, log_first_idx, log_next_idx;
extern u64 log_first_seq, log_next_seq;
extern bool printk_time;

struct printk_log *log_rec(u32 idx);	/* the record at idx (past a wrap marker) */
u32 log_rec_next(u32 idx);
/* one record as syslog shows it ("<level>[secs.micros] text\n") into buf (NULL: its length) */
int syslog_format_rec(const struct printk_log *m, char *buf, size_t size);
/* the first record a READ_ALL shows (after the last clear), and its index */
void syslog_uncleared(u64 *seq, u32 *idx);

#endif
