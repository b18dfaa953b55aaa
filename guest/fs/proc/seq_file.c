/*
 * Sequential files (Linux's fs/seq_file.c, simplified): the whole text of a
 * file is made by a read at offset 0 into a buffer that doubles when a
 * record does not fit (kmalloc'ed while small, vmalloc'ed beyond); reads
 * further on copy from it. Reading from 0 again makes it afresh, so readers
 * that rewind (top, watch) see new values. Every output helper just records -ENOMEM when memory runs
 * out; seq_read reports it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/uaccess.h>
#include <linux/seq_file.h>

#define SEQ_SMALL	8192		/* up to here kmalloc, beyond vmalloc */

static void seq_buf_free(char *buf, size_t size)
{
	if (size > SEQ_SMALL)
		vfree(buf);
	else
		kfree(buf);
}

/* Room for need more bytes (plus a NUL for vsnprintf); false if memory ran out. */
static bool seq_reserve(struct seq_file *m, size_t need)
{
	size_t size = m->size ? m->size : 1024;
	char *p;

	if (m->failed)
		return false;
	if (m->count + need + 1 <= m->size)
		return true;
	while (size < m->count + need + 1)
		size *= 2;
	p = size > SEQ_SMALL ? vmalloc(size) : kmalloc(size, GFP_KERNEL);
	if (!p) {
		m->failed = true;
		return false;
	}
	if (m->count)
		memcpy(p, m->buf, m->count);
	seq_buf_free(m->buf, m->size);
	m->buf = p;
	m->size = size;
	return true;
}

void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)
{
	va_list again;
	int n;

	if (!seq_reserve(m, 64))
		return;
	__builtin_va_copy(again, args);
	n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, args);
	if (n >= 0 && m->count + n + 1 > m->size) {
		if (seq_reserve(m, n))
			n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, again);
		else
			n = -1;
	}
	__builtin_va_end(again);
	if (n > 0)
		m->count += n;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	seq_vprintf(m, fmt, args);
	va_end(args);
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (!seq_reserve(m, len))
		return;
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_put_decimal_ull(struct seq_file *m, char delimiter, unsigned long long num)
{
	if (delimiter)
		seq_printf(m, "%c%llu", delimiter, num);
	else
		seq_printf(m, "%llu", num);
}

void seq_put_decimal_ll(struct seq_file *m, char delimiter, long long num)
{
	if (delimiter)
		seq_printf(m, "%c%lld", delimiter, num);
	else
		seq_printf(m, "%lld", num);
}

void seq_setwidth(struct seq_file *m, size_t size)
{
	m->pad_until = m->count + size;
}

void seq_pad(struct seq_file *m, char c)
{
	while (m->count < m->pad_until && !m->failed)
		seq_putc(m, ' ');
	if (c)
		seq_putc(m, c);
}

/* Run the iterator over every record into the buffer. */
static int seq_make(struct seq_file *m)
{
	loff_t pos = 0;
	void *p;
	int err = 0;

	m->count = 0;
	m->failed = false;
	m->index = 0;
	p = m->op->start(m, &pos);
	while (p && !IS_ERR(p)) {
		err = m->op->show(m, p);
		if (err < 0)
			break;
		p = m->op->next(m, p, &pos);
	}
	if (IS_ERR(p))
		err = PTR_ERR(p);
	m->op->stop(m, p);
	if (m->failed)
		err = -ENOMEM;
	m->made = err >= 0;
	return err < 0 ? err : 0;
}

ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	size_t n;
	int err;

	if (!m->made || *ppos == 0) {
		err = seq_make(m);
		if (err)
			return err;
	}
	if (*ppos < 0)
		return -EINVAL;
	if ((u64)*ppos >= m->count)
		return 0;
	n = min_t(size_t, size, m->count - (size_t)*ppos);
	if (copy_to_user(buf, m->buf + *ppos, n))
		return -EFAULT;
	*ppos += n;
	return n;
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	struct seq_file *m = file->private_data;

	switch (whence) {
	case SEEK_CUR:
		offset += file->f_pos;
		/* fall through */
	case SEEK_SET:
		if (offset < 0)
			return -EINVAL;
		if (offset == 0)
			m->made = false;	/* rewinding reads the values again */
		file->f_pos = offset;
		return offset;
	}
	return -EINVAL;
}

int seq_open(struct file *file, const struct seq_operations *op)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return -ENOMEM;
	m->op = op;
	m->file = file;
	file->private_data = m;
	return 0;
}

int seq_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	(void)inode;
	seq_buf_free(m->buf, m->size);
	kfree(m);
	return 0;
}

int seq_open_private(struct file *file, const struct seq_operations *op, size_t psize)
{
	void *priv = kzalloc(psize, GFP_KERNEL);
	int err;

	if (!priv)
		return -ENOMEM;
	err = seq_open(file, op);
	if (err) {
		kfree(priv);
		return err;
	}
	((struct seq_file *)file->private_data)->private = priv;
	return 0;
}

int seq_release_private(struct inode *inode, struct file *file)
{
	kfree(((struct seq_file *)file->private_data)->private);
	return seq_release(inode, file);
}

/* single_open: one record, the show function's whole text. */
static void *single_start(struct seq_file *m, loff_t *pos)
{
	(void)m;
	return *pos ? NULL : SEQ_START_TOKEN;
}

static void *single_next(struct seq_file *m, void *v, loff_t *pos)
{
	(void)m;
	(void)v;
	++*pos;
	return NULL;
}

static void single_stop(struct seq_file *m, void *v)
{
	(void)m;
	(void)v;
}

struct single_ops {
	struct seq_operations op;
	int (*show)(struct seq_file *, void *);
};

static int single_show(struct seq_file *m, void *v)
{
	const struct single_ops *s = (const struct single_ops *)m->op;

	(void)v;
	return s->show(m, m->private);
}

int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data)
{
	struct single_ops *s = kmalloc(sizeof(*s), GFP_KERNEL);
	int err;

	if (!s)
		return -ENOMEM;
	s->op.start = single_start;
	s->op.next = single_next;
	s->op.stop = single_stop;
	s->op.show = single_show;
	s->show = show;
	err = seq_open(file, &s->op);
	if (err) {
		kfree(s);
		return err;
	}
	((struct seq_file *)file->private_data)->private = data;
	return 0;
}

int single_release(struct inode *inode, struct file *file)
{
	const struct seq_operations *op = ((struct seq_file *)file->private_data)->op;
	int err = seq_release(inode, file);

	kfree((void *)op);
	return err;
}
