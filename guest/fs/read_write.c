/*
 * read, write and friends (Linux's fs/read_write.c and fs/ioctl.c): through
 * the open file's operations, at its position (or a given one for
 * pread64/pwrite64), vectors one segment after another; lseek and _llseek.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

loff_t generic_file_llseek(struct file *f, loff_t off, int whence)
{
	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		off += f->f_pos;
		break;
	case SEEK_END:
		off += f->f_inode->i_size;
		break;
	default:
		return -EINVAL;
	}
	if (off < 0)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

ssize_t vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret;
	bool locked;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if ((ssize_t)count < 0)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	/* files that never sleep run under vfs_lock; pipes and devices lock themselves */
	locked = S_ISREG(f->f_inode->i_mode);
	if (locked)
		mutex_lock(&vfs_lock);
	ret = f->f_op->read(f, buf, count, pos);
	if (locked)
		mutex_unlock(&vfs_lock);
	return ret;
}

ssize_t vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret;
	bool locked;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if ((ssize_t)count < 0)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	locked = S_ISREG(f->f_inode->i_mode);
	if (locked)
		mutex_lock(&vfs_lock);
	ret = f->f_op->write(f, buf, count, pos);
	if (locked)
		mutex_unlock(&vfs_lock);
	return ret;
}

long sys_read(unsigned int fd, char __user *buf, size_t count)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_read(f, buf, count, &f->f_pos);
	fput(f);
	return ret;
}

long sys_write(unsigned int fd, const char __user *buf, size_t count)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_write(f, buf, count, &f->f_pos);
	fput(f);
	return ret;
}

static bool seekable(struct file *f)
{
	return f->f_op && f->f_op->llseek && f->f_op->llseek != no_llseek;
}

long sys_pread64(unsigned int fd, char __user *buf, size_t count, unsigned long lo, unsigned long hi)
{
	struct file *f = fget(fd);
	loff_t pos = ((loff_t)hi << 32) | lo;
	long ret;

	if (!f)
		return -EBADF;
	if (pos < 0)
		ret = -EINVAL;
	else if (!seekable(f))
		ret = -ESPIPE;
	else
		ret = vfs_read(f, buf, count, &pos);
	fput(f);
	return ret;
}

long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count, unsigned long lo,
		  unsigned long hi)
{
	struct file *f = fget(fd);
	loff_t pos = ((loff_t)hi << 32) | lo;
	unsigned int saved;
	long ret;

	if (!f)
		return -EBADF;
	if (pos < 0) {
		ret = -EINVAL;
	} else if (!seekable(f)) {
		ret = -ESPIPE;
	} else {
		saved = f->f_flags;	/* Linux: pwrite on O_APPEND appends anyway; keep that */
		ret = vfs_write(f, buf, count, &pos);
		f->f_flags = saved;
	}
	fput(f);
	return ret;
}

struct iovec32 { unsigned long iov_base; unsigned long iov_len; };
#define UIO_MAXIOV 1024

static long do_rw_vec(unsigned int fd, const struct iovec32 __user *vec, unsigned long vlen,
		      bool write)
{
	struct file *f = fget(fd);
	unsigned long i, total = 0;
	long ret = 0;

	if (!f)
		return -EBADF;
	if (vlen > UIO_MAXIOV) {
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < vlen; i++) {	/* check the lengths first, as Linux does */
		struct iovec32 v;

		if (copy_from_user(&v, vec + i, sizeof(v))) {
			ret = -EFAULT;
			goto out;
		}
		if ((long)v.iov_len < 0 || (long)(total + v.iov_len) < 0) {
			ret = -EINVAL;
			goto out;
		}
		/* A buffer in the kernel fails the whole call before any transfer. */
		if (!access_ok((const void __user *)v.iov_base, v.iov_len)) {
			ret = -EFAULT;
			goto out;
		}
		total += v.iov_len;
	}
	total = 0;
	for (i = 0; i < vlen; i++) {
		struct iovec32 v;
		long n;

		if (copy_from_user(&v, vec + i, sizeof(v))) {
			ret = total ? (long)total : -EFAULT;
			goto out;
		}
		if (!v.iov_len)
			continue;
		n = write ? vfs_write(f, (const char __user *)v.iov_base, v.iov_len, &f->f_pos)
			  : vfs_read(f, (char __user *)v.iov_base, v.iov_len, &f->f_pos);
		if (n < 0) {
			ret = total ? (long)total : n;
			goto out;
		}
		total += n;
		if ((unsigned long)n < v.iov_len)
			break;
	}
	ret = total;
out:
	fput(f);
	return ret;
}

long sys_writev(unsigned int fd, const struct iovec32 __user *vec, unsigned long vlen)
{
	return do_rw_vec(fd, vec, vlen, true);
}

long sys_readv(unsigned int fd, const struct iovec32 __user *vec, unsigned long vlen)
{
	return do_rw_vec(fd, vec, vlen, false);
}

static loff_t vfs_llseek(struct file *f, loff_t off, int whence)
{
	loff_t ret;

	if (!f->f_op || !f->f_op->llseek)
		return -ESPIPE;
	mutex_lock(&vfs_lock);
	ret = f->f_op->llseek(f, off, whence);
	mutex_unlock(&vfs_lock);
	return ret;
}

long sys_lseek(unsigned int fd, long offset, unsigned int whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_llseek(f, offset, whence);
	if (ret >= 0 && ret != (long)ret)
		ret = -EOVERFLOW;
	fput(f);
	return ret;
}

long sys_llseek(unsigned int fd, unsigned long hi, unsigned long lo, loff_t __user *result,
		unsigned int whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_llseek(f, ((loff_t)hi << 32) | lo, whence);
	if (ret >= 0)
		ret = put_user(ret, result) ? -EFAULT : 0;
	fput(f);
	return ret;
}

#define FIOCLEX		0x5451
#define FIONCLEX	0x5450

long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->ioctl)
		ret = f->f_op->ioctl(f, cmd, arg);
	else
		ret = -ENOTTY;
	fput(f);
	return ret;
}
