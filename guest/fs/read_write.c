/*
 * read, write and friends before the VFS: file descriptors 0, 1 and 2 are the
 * console (Linux's kernel_init opens /dev/console for them); writes go to the
 * console drivers, reads see end of file (no tty input yet), every other
 * descriptor is -EBADF. The tty issue replaces this with real files.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

void console_write_user(const char *s, unsigned int n);

#define ESPIPE		29
#define TCGETS		0x5401
#define TIOCGWINSZ	0x5413

static bool console_fd(unsigned int fd)
{
	return fd <= 2;
}

static long write_console(const char __user *buf, size_t count)
{
	char chunk[256];
	size_t done = 0;

	if ((ssize_t)count < 0)
		return -EINVAL;
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_write_user(chunk, n);
		done += n;
	}
	return done;
}

long sys_write(unsigned int fd, const char __user *buf, size_t count)
{
	if (!console_fd(fd))
		return -EBADF;
	return write_console(buf, count);
}

long sys_read(unsigned int fd, char __user *buf, size_t count)
{
	if (!console_fd(fd))
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	return 0;
}

struct iovec32 { unsigned long iov_base; unsigned long iov_len; };
#define UIO_MAXIOV 1024

long sys_writev(unsigned int fd, const struct iovec32 __user *vec, unsigned long vlen)
{
	unsigned long i;
	long total = 0;

	if (!console_fd(fd))
		return -EBADF;
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	for (i = 0; i < vlen; i++) {
		struct iovec32 v;
		long n;

		if (copy_from_user(&v, vec + i, sizeof(v)))
			return -EFAULT;
		if ((long)v.iov_len < 0 || (long)(total + v.iov_len) < 0)
			return -EINVAL;
		n = write_console((const char __user *)v.iov_base, v.iov_len);
		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

long sys_readv(unsigned int fd, const struct iovec32 __user *vec, unsigned long vlen)
{
	if (!console_fd(fd))
		return -EBADF;
	return vlen > UIO_MAXIOV ? -EINVAL : 0;
}

long sys_close(unsigned int fd)
{
	return console_fd(fd) ? 0 : -EBADF;
}

long sys_lseek(unsigned int fd, long offset, unsigned int whence)
{
	return console_fd(fd) ? -ESPIPE : -EBADF;
}

/* The console is not a tty yet: terminal ioctls fail as on a plain file. */
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	if (!console_fd(fd))
		return -EBADF;
	return -ENOTTY;
}
