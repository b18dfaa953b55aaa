/*
 * Sequential files (Linux's include/linux/seq_file.h): a /proc or debugging
 * file whose text is made by show functions. An iterator (start, next, stop,
 * show) walks records; single_open wraps one show function. The whole text
 * is made into a buffer that grows as needed (no size limit per file) on the
 * first read, served from there, and made afresh after a seek to 0.
 */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/types.h>
#include <linux/fs.h>

struct seq_file;

struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

struct seq_file {
	char *buf;
	size_t size;		/* bytes allocated */
	size_t count;		/* bytes of text made */
	loff_t index;		/* the iterator's record number */
	size_t pad_until;	/* seq_setwidth's column */
	bool made;		/* the text is in buf */
	bool failed;		/* the buffer could not grow: -ENOMEM */
	const struct seq_operations *op;
	struct file *file;
	void *private;
};

#define SEQ_START_TOKEN ((void *)1)

int seq_open(struct file *file, const struct seq_operations *op);
int seq_open_private(struct file *file, const struct seq_operations *op, size_t psize);
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
int seq_release(struct inode *inode, struct file *file);
int seq_release_private(struct inode *inode, struct file *file);
int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data);
int single_release(struct inode *inode, struct file *file);

__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_vprintf(struct seq_file *m, const char *fmt, va_list args);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);
/* Linux's seq_put_decimal_ull: delimiter then the number */
void seq_put_decimal_ull(struct seq_file *m, char delimiter, unsigned long long num);
void seq_put_decimal_ll(struct seq_file *m, char delimiter, long long num);
/* seq_setwidth(m, w) then seq_pad(m, c): spaces up to w bytes after the mark, then c if not 0 */
void seq_setwidth(struct seq_file *m, size_t size);
void seq_pad(struct seq_file *m, char c);

static inline size_t seq_get_buf_count(struct seq_file *m)
{
	return m->count;
}

#endif
