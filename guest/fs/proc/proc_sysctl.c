/*
 * /proc/sys (Linux's fs/proc/proc_sysctl.c and kernel/sysctl.c): tables of
 * variables registered under a path become proc entries whose reads and
 * writes go through the entry's handler with a kernel copy of the text.
 * Numbers are read as "v1\tv2...\n"; a write is parsed whole, and a value out
 * of range or not a number is refused with -EINVAL, leaving the variable as
 * it was.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/sysctl.h>
#include <asm/page.h>
#include "internal.h"

int sysctl_vals[] = { 0, 1, 2, 100, 200, 1000, 0x7fffffff };

static struct proc_dir_entry *proc_sys_root;

/* Copy the text of a read at *ppos out of text, as much as fits. */
static int sysctl_emit(const char *text, size_t tlen, void *buffer, size_t *lenp, loff_t *ppos)
{
	size_t n;

	if (*ppos >= (loff_t)tlen) {
		*lenp = 0;
		return 0;
	}
	n = min_t(size_t, *lenp, tlen - (size_t)*ppos);
	memcpy(buffer, text + *ppos, n);
	*lenp = n;
	*ppos += n;
	return 0;
}

int proc_dostring(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	char *s = t->data;

	if (write) {
		size_t n = *lenp;
		char *in = buffer;

		while (n && (in[n - 1] == '\n' || in[n - 1] == 0))
			n--;
		if (n >= (size_t)t->maxlen)
			n = t->maxlen - 1;
		memcpy(s, in, n);
		s[n] = 0;
		*ppos += *lenp;
		return 0;
	} else {
		char tmp[256];
		int len = snprintf(tmp, sizeof(tmp), "%s\n", s);

		return sysctl_emit(tmp, min_t(int, len, sizeof(tmp) - 1), buffer, lenp, ppos);
	}
}

/* Parse whitespace-separated integers; -EINVAL on anything else. Returns how many. */
static int parse_longs(char *in, long *v, int max, bool is_unsigned)
{
	int n = 0;

	for (;;) {
		char *end;

		while (*in == ' ' || *in == '\t' || *in == '\n')
			in++;
		if (!*in)
			return n;
		if (n == max)
			return -EINVAL;
		if (is_unsigned && *in == '-')
			return -EINVAL;
		v[n] = is_unsigned ? (long)simple_strtoul(in, &end, 10) : simple_strtol(in, &end, 10);
		if (end == in || (*end && *end != ' ' && *end != '\t' && *end != '\n'))
			return -EINVAL;
		in = end;
		n++;
	}
}

enum vec_kind { VEC_INT, VEC_UINT, VEC_ULONG };

static int do_vec(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos,
		  enum vec_kind kind, bool minmax)
{
	int size = kind == VEC_INT ? sizeof(int) : kind == VEC_UINT ? sizeof(unsigned int) :
		   sizeof(unsigned long);
	int count = t->maxlen / size, i, n;
	long v[8];

	if (count > 8)
		count = 8;
	if (write) {
		n = parse_longs(buffer, v, count, kind != VEC_INT);
		if (n <= 0)
			return n < 0 ? n : -EINVAL;
		for (i = 0; i < n && minmax; i++) {
			if (kind == VEC_INT) {
				if ((t->extra1 && v[i] < *(int *)t->extra1) ||
				    (t->extra2 && v[i] > *(int *)t->extra2))
					return -EINVAL;
			} else if ((t->extra1 && (unsigned long)v[i] < *(unsigned long *)t->extra1) ||
				   (t->extra2 && (unsigned long)v[i] > *(unsigned long *)t->extra2)) {
				return -EINVAL;
			}
		}
		for (i = 0; i < n; i++) {
			if (kind == VEC_INT)
				((int *)t->data)[i] = (int)v[i];
			else if (kind == VEC_UINT)
				((unsigned int *)t->data)[i] = (unsigned int)v[i];
			else
				((unsigned long *)t->data)[i] = (unsigned long)v[i];
		}
		*ppos += *lenp;
		return 0;
	} else {
		char tmp[160];
		int len = 0;

		for (i = 0; i < count; i++) {
			if (kind == VEC_INT)
				len += snprintf(tmp + len, sizeof(tmp) - len, "%s%d", i ? "\t" : "",
						((int *)t->data)[i]);
			else if (kind == VEC_UINT)
				len += snprintf(tmp + len, sizeof(tmp) - len, "%s%u", i ? "\t" : "",
						((unsigned int *)t->data)[i]);
			else
				len += snprintf(tmp + len, sizeof(tmp) - len, "%s%lu", i ? "\t" : "",
						((unsigned long *)t->data)[i]);
		}
		len += snprintf(tmp + len, sizeof(tmp) - len, "\n");
		return sysctl_emit(tmp, len, buffer, lenp, ppos);
	}
}

int proc_dointvec(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return do_vec(t, write, buffer, lenp, ppos, VEC_INT, false);
}

int proc_dointvec_minmax(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return do_vec(t, write, buffer, lenp, ppos, VEC_INT, true);
}

/* extra1/extra2 point at unsigned ints here */
int proc_douintvec_minmax(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	if (write && (t->extra1 || t->extra2)) {
		long v[1];
		int n = parse_longs(buffer, v, 1, true);

		if (n != 1)
			return -EINVAL;
		if ((t->extra1 && (unsigned int)v[0] < *(unsigned int *)t->extra1) ||
		    (t->extra2 && (unsigned int)v[0] > *(unsigned int *)t->extra2))
			return -EINVAL;
	}
	return do_vec(t, write, buffer, lenp, ppos, VEC_UINT, false);
}

int proc_doulongvec_minmax(struct ctl_table *t, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return do_vec(t, write, buffer, lenp, ppos, VEC_ULONG, true);
}

/* ---- the files ---- */

static ssize_t proc_sys_call(struct file *file, char __user *ubuf, size_t count, loff_t *ppos,
			     int write)
{
	struct ctl_table *t = PDE_DATA(file->f_inode);
	size_t len = min_t(size_t, count, PAGE_SIZE - 1);
	char *kbuf;
	int err;

	if (!t || !t->proc_handler)
		return -ENOENT;
	kbuf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	if (write && copy_from_user(kbuf, ubuf, len)) {
		kfree(kbuf);
		return -EFAULT;
	}
	err = t->proc_handler(t, write, kbuf, &len, ppos);
	if (!err && !write && len && copy_to_user(ubuf, kbuf, len))
		err = -EFAULT;
	kfree(kbuf);
	return err ? err : (ssize_t)len;
}

static ssize_t proc_sys_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	return proc_sys_call(file, buf, count, ppos, 0);
}

static ssize_t proc_sys_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	return proc_sys_call(file, (char __user *)buf, count, ppos, 1);
}

static int proc_sys_open(struct inode *inode, struct file *file)
{
	struct ctl_table *t = PDE_DATA(inode);

	/* root passes the permission bits, but a file without a write bit takes no writes */
	if ((file->f_mode & FMODE_WRITE) && !(t->mode & 0222))
		return -EACCES;
	return 0;
}

static const struct file_operations proc_sys_file_operations = {
	.open = proc_sys_open,
	.read = proc_sys_read,
	.write = proc_sys_write,
	.llseek = generic_file_llseek,
};

static struct proc_dir_entry *sys_dir(const char *path)
{
	struct proc_dir_entry *dir = proc_sys_root, *d;
	char name[NAME_MAX + 1];

	while (*path) {
		const char *slash = strchr(path, '/');
		int len = slash ? slash - path : (int)strlen(path);

		if (len > NAME_MAX)
			return NULL;
		memcpy(name, path, len);
		name[len] = 0;
		d = pde_lookup(dir, name, len);
		if (!d)
			d = proc_mkdir(name, dir);
		if (!d)
			return NULL;
		dir = d;
		path += len + (slash ? 1 : 0);
	}
	return dir;
}

int register_sysctl(const char *path, struct ctl_table *table)
{
	struct proc_dir_entry *dir;

	if (!proc_sys_root)
		proc_sys_root = proc_mkdir("sys", NULL);
	dir = proc_sys_root ? sys_dir(path) : NULL;
	if (!dir)
		return -ENOMEM;
	for (; table->procname; table++)
		if (!proc_create_data(table->procname, S_IFREG | table->mode, dir,
				      &proc_sys_file_operations, table))
			return -ENOMEM;
	return 0;
}
