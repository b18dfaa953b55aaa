/*
 * sendfile and sendfile64 (Linux's fs/read_write.c do_sendfile, whose
 * splice through a pipe is replaced here by a bounce buffer): in_fd is
 * read and out_fd written, up to 64 KiB at a time, through a private
 * anonymous mapping made for the call in the caller's address space, so
 * both files' own read and write run as for read(2) and write(2) (a pipe's
 * blocking and SIGPIPE, a tty's output, the page cache and its
 * readahead). The mapping is gone when the call returns.
 *
 * Linux's rules: in_fd must be readable, out_fd writable (EBADF); an
 * offset means in_fd's position is left alone and needs a seekable in_fd
 * (ESPIPE); out_fd opened O_APPEND, an in_fd that is not a regular file or
 * a block device (a pipe, a directory, /dev/zero) and a negative offset give
 * EINVAL; the 32-bit
 * sendfile's offset past 2 GiB gives EOVERFLOW.
 *
 * splice moves bytes between a pipe and a file (or two pipes) the same way,
 * once: from a pipe what it holds (sleeping while it is empty), into a pipe
 * what it has room for (lucix's pipe counts bytes, Linux's pages). Neither
 * end a pipe: EINVAL; an offset for a pipe end: ESPIPE; an O_APPEND file
 * written: EINVAL. SPLICE_F_NONBLOCK is not looked at (the pipe's own
 * O_NONBLOCK is).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#define BOUNCE_SIZE	(64 * 1024)	/* a pipe's 16 pages, as Linux's splice uses */
#define MAX_RW_COUNT	(0x7fffffff & PAGE_MASK)
#define MAX_NON_LFS	0x7fffffffLL

static bool seekable(struct file *f)
{
	return f->f_op && f->f_op->llseek && f->f_op->llseek != no_llseek;
}

static bool splice_readable(struct file *f)
{
	umode_t m = f->f_inode->i_mode;

	return (S_ISREG(m) || S_ISBLK(m)) && f->f_op && f->f_op->read;
}

static long do_sendfile(int out_fd, int in_fd, loff_t *ppos, size_t count, loff_t max)
{
	struct file *in = fget(in_fd), *out = NULL;
	loff_t pos, out_pos;
	unsigned long bounce;
	size_t done = 0;
	long ret;

	if (!in)
		return -EBADF;
	ret = -EBADF;
	if (!(in->f_mode & FMODE_READ))
		goto put_in;
	ret = -ESPIPE;
	if (ppos && !seekable(in))
		goto put_in;
	pos = ppos ? *ppos : in->f_pos;
	ret = -EINVAL;
	if (pos < 0)
		goto put_in;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	ret = -EBADF;
	out = fget(out_fd);
	if (!out)
		goto put_in;
	if (!(out->f_mode & FMODE_WRITE))
		goto put_out;
	ret = -EINVAL;
	if ((out->f_flags & O_APPEND) || !splice_readable(in) || !out->f_op || !out->f_op->write)
		goto put_out;
	ret = -EOVERFLOW;
	if (pos + count > max)
		count = max - pos;
	if (pos >= max)
		goto put_out;
	ret = 0;
	if (!count)
		goto put_out;
	bounce = do_mmap_anon(0, BOUNCE_SIZE, VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE, false);
	if (IS_ERR_VALUE(bounce)) {
		ret = (long)bounce;
		goto put_out;
	}
	out_pos = out->f_pos;
	while (done < count) {
		size_t n = min_t(size_t, count - done, BOUNCE_SIZE);
		ssize_t r = vfs_read(in, (char __user *)bounce, n, &pos), w;

		if (r <= 0) {
			ret = r;
			break;
		}
		w = vfs_write(out, (const char __user *)bounce, r, &out_pos);
		if (w > 0)
			done += w;
		if (w != r) {
			/* the part not written is given back to in_fd */
			pos -= r - (w > 0 ? w : 0);
			ret = w < 0 ? w : 0;
			break;
		}
		if (signal_pending(current))
			break;
	}
	out->f_pos = out_pos;
	do_munmap(current->mm, bounce, BOUNCE_SIZE);
	if (ppos)
		*ppos = pos;
	else
		in->f_pos = pos;
	if (done)
		ret = done;
put_out:
	fput(out);
put_in:
	fput(in);
	return ret;
}

long sys_sendfile64(int out_fd, int in_fd, loff_t __user *offset, size_t count)
{
	loff_t pos;
	long ret;

	if (!offset)
		return do_sendfile(out_fd, in_fd, NULL, count, 0x7fffffffffffffffLL);
	if (copy_from_user(&pos, offset, sizeof(pos)))
		return -EFAULT;
	ret = do_sendfile(out_fd, in_fd, &pos, count, 0x7fffffffffffffffLL);
	if (ret > 0 && copy_to_user(offset, &pos, sizeof(pos)))
		return -EFAULT;
	return ret;
}

long sys_sendfile(int out_fd, int in_fd, s32 __user *offset, size_t count)
{
	loff_t pos;
	s32 off;
	long ret;

	if (!offset)
		return do_sendfile(out_fd, in_fd, NULL, count, MAX_NON_LFS);
	if (get_user(off, offset))
		return -EFAULT;
	pos = off;
	ret = do_sendfile(out_fd, in_fd, &pos, count, MAX_NON_LFS);
	if (ret > 0 && put_user((s32)pos, offset))
		return -EFAULT;
	return ret;
}

bool get_pipe_space(struct file *f, unsigned int *space);	/* fs/pipe.c */

static long do_splice(struct file *in, loff_t __user *off_in, struct file *out,
		      loff_t __user *off_out, size_t len)
{
	unsigned int in_space, out_space;
	bool ipipe = get_pipe_space(in, &in_space), opipe = get_pipe_space(out, &out_space);
	loff_t in_pos, out_pos, *ipp = &in->f_pos, *opp = &out->f_pos;
	unsigned long bounce;
	ssize_t r, w;

	if ((ipipe && off_in) || (opipe && off_out))
		return -ESPIPE;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!ipipe && !opipe)
		return -EINVAL;
	if (ipipe && opipe && in->f_inode == out->f_inode)
		return -EINVAL;		/* both ends of one pipe */
	if (off_in) {
		if (!seekable(in))
			return -ESPIPE;
		if (copy_from_user(&in_pos, off_in, sizeof(in_pos)))
			return -EFAULT;
		ipp = &in_pos;
	}
	if (off_out) {
		if (!seekable(out))
			return -ESPIPE;
		if (copy_from_user(&out_pos, off_out, sizeof(out_pos)))
			return -EFAULT;
		opp = &out_pos;
	}
	if (!ipipe && !splice_readable(in))
		return -EINVAL;
	if (!opipe && (out->f_flags & O_APPEND))
		return -EINVAL;
	if (*ipp < 0 || *opp < 0)
		return -EINVAL;
	if (!len)
		return 0;
	if (len > BOUNCE_SIZE)
		len = BOUNCE_SIZE;
	if (opipe && out_space && len > out_space)
		len = out_space;
	bounce = do_mmap_anon(0, BOUNCE_SIZE, VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE, false);
	if (IS_ERR_VALUE(bounce))
		return (long)bounce;
	r = vfs_read(in, (char __user *)bounce, len, ipp);
	w = r > 0 ? vfs_write(out, (const char __user *)bounce, r, opp) : r;
	do_munmap(current->mm, bounce, BOUNCE_SIZE);
	if (w > 0 && off_in && copy_to_user(off_in, &in_pos, sizeof(in_pos)))
		return -EFAULT;
	if (w > 0 && off_out && copy_to_user(off_out, &out_pos, sizeof(out_pos)))
		return -EFAULT;
	return w;
}

long sys_splice(int fd_in, loff_t __user *off_in, int fd_out, loff_t __user *off_out,
		size_t len, unsigned int flags)
{
	struct file *in = fget(fd_in), *out;
	long ret = -EBADF;

	if (!in)
		return -EBADF;
	out = fget(fd_out);
	if (out) {
		ret = do_splice(in, off_in, out, off_out, len);
		fput(out);
	}
	fput(in);
	return ret;
}
