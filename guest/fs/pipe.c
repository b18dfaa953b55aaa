/*
 * Pipes and FIFOs (Linux's fs/pipe.c and fs/fifo.c): a ring buffer of
 * PIPE_SIZE bytes between readers and writers. A read sleeps while the pipe
 * is empty and has writers (end of file without), a write sleeps while it is
 * full; a write of at most PIPE_BUF bytes goes in whole (atomic); writing
 * with no reader left sends SIGPIPE and fails with -EPIPE. O_NONBLOCK gives
 * -EAGAIN instead of sleeping; a signal interrupts a sleep (-ERESTARTSYS).
 * pipe(2)'s inode lives on a hidden pipefs; a FIFO is a node in any
 * directory that gets its pipe at the first open.
 *
 * Each pipe has a mutex (Linux's pipe->mutex) held by a read or write from
 * start to end and dropped only while it sleeps: a copy from or to user
 * memory may fault and schedule, and another writer must not slip its
 * bytes in between (a write of at most PIPE_BUF bytes is atomic).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/mutex.h>

#define PIPE_SIZE	16384
#define PIPE_BUF	4096
#define SIGPIPE		13

struct pipe_inode_info {
	struct mutex mutex;		/* held by a reader or writer, not while it sleeps */
	wait_queue_head_t wait;
	char *buf;
	unsigned int head, len;		/* the first byte to read, bytes in the buffer */
	unsigned int readers, writers;
};

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE, GFP_KERNEL);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	init_waitqueue_head(&p->wait);
	mutex_init(&p->mutex);
	return p;
}

void free_pipe_info(struct inode *inode)
{
	kfree(inode->i_pipe->buf);
	kfree(inode->i_pipe);
	inode->i_pipe = NULL;
}

/* Sleep on the pipe until cond, the pipe's mutex dropped while asleep;
 * -EAGAIN with O_NONBLOCK, -ERESTARTSYS on a signal. */
#define pipe_wait_event(f, p, cond) ({						\
		struct wait_queue_entry __w;					\
		int __err = 0;							\
		init_wait_entry(&__w, 0);					\
		for (;;) {							\
			prepare_to_wait(&(p)->wait, &__w, TASK_INTERRUPTIBLE);	\
			if (cond)						\
				break;						\
			if ((f)->f_flags & O_NONBLOCK) {			\
				__err = -EAGAIN;				\
				break;						\
			}							\
			if (signal_pending(current)) {				\
				__err = -ERESTARTSYS;				\
				break;						\
			}							\
			mutex_unlock(&(p)->mutex);				\
			schedule();						\
			mutex_lock(&(p)->mutex);				\
		}								\
		finish_wait(&(p)->wait, &__w);					\
		__err;								\
	})

static ssize_t __pipe_read(struct file *f, char __user *buf, size_t count)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	size_t done = 0;
	int err;

	if (!count)
		return 0;
	err = pipe_wait_event(f, p, p->len || !p->writers);
	if (err)
		return err;
	while (done < count && p->len) {
		unsigned int n = min_t(size_t, count - done, min(p->len, PIPE_SIZE - p->head));

		if (copy_to_user(buf + done, p->buf + p->head, n))
			return done ? (ssize_t)done : -EFAULT;
		p->head = (p->head + n) % PIPE_SIZE;
		p->len -= n;
		done += n;
	}
	if (!p->len)
		p->head = 0;
	wake_up_all(&p->wait);
	return done;
}

static ssize_t __pipe_write(struct file *f, const char __user *buf, size_t count)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	size_t done = 0;
	int err;

	while (done < count) {
		unsigned int need = count - done <= PIPE_BUF ? count - done : 1;

		if (!p->readers) {
			send_sig(SIGPIPE, current, 0);
			return done ? (ssize_t)done : -EPIPE;
		}
		err = pipe_wait_event(f, p, PIPE_SIZE - p->len >= need || !p->readers);
		if (err)
			return done ? (ssize_t)done : err;
		if (!p->readers)
			continue;
		while (done < count && p->len < PIPE_SIZE) {
			unsigned int tail = (p->head + p->len) % PIPE_SIZE;
			unsigned int n = min_t(size_t, count - done,
					       min(PIPE_SIZE - p->len, PIPE_SIZE - tail));

			if (copy_from_user(p->buf + tail, buf + done, n))
				return done ? (ssize_t)done : -EFAULT;
			p->len += n;
			done += n;
		}
		wake_up_all(&p->wait);
	}
	return done;
}

static ssize_t pipe_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	ssize_t ret;

	mutex_lock(&p->mutex);
	ret = __pipe_read(f, buf, count);
	mutex_unlock(&p->mutex);
	return ret;
}

static ssize_t pipe_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;
	ssize_t ret;

	mutex_lock(&p->mutex);
	ret = __pipe_write(f, buf, count);
	mutex_unlock(&p->mutex);
	return ret;
}

static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = inode->i_pipe;

	mutex_lock(&p->mutex);
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	wake_up_all(&p->wait);
	mutex_unlock(&p->mutex);
	return 0;
}

#define FIONREAD 0x541B

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd == FIONREAD)
		return put_user(f->f_inode->i_pipe->len, (int __user *)arg);
	return -ENOTTY;
}

static const struct file_operations pipefifo_fops;

/* splice (fs/splice.c): f's pipe if it is one, and the bytes it has room for. */
bool get_pipe_space(struct file *f, unsigned int *space)
{
	struct pipe_inode_info *p = f->f_inode->i_pipe;

	if (f->f_op != &pipefifo_fops || !p)
		return false;
	*space = PIPE_SIZE - p->len;
	return true;
}

static const struct file_operations pipefifo_fops = {
	.llseek = no_llseek,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* A FIFO's first open makes its pipe; each open counts a reader and/or writer. */
static int fifo_open(struct inode *inode, struct file *f)
{
	if (!inode->i_pipe) {
		inode->i_pipe = alloc_pipe_info();
		if (!inode->i_pipe)
			return -ENOMEM;
	}
	f->f_op = &pipefifo_fops;
	if (f->f_mode & FMODE_READ)
		inode->i_pipe->readers++;
	if (f->f_mode & FMODE_WRITE)
		inode->i_pipe->writers++;
	return 0;
}

const struct file_operations def_fifo_fops = { .open = fifo_open };

static struct file_system_type pipefs_type = { .name = "pipefs" };
static struct super_block pipe_sb_store = { .s_type = &pipefs_type, .s_magic = 0x50495045 };
static struct super_block *pipe_sb;
static struct vfsmount pipe_mnt;

static int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode;
	struct dentry *d;
	struct path path;

	if (!pipe_sb) {
		pipe_sb = &pipe_sb_store;
		pipe_sb->s_dev = MKDEV(0, 255);	/* an anonymous device of its own */
		pipe_mnt.mnt_sb = pipe_sb;
		pipe_mnt.mnt_parent = &pipe_mnt;
	}
	inode = new_inode(pipe_sb);
	if (!inode)
		return -ENFILE;
	inode->i_mode = S_IFIFO | 0600;
	inode->i_pipe = alloc_pipe_info();
	d = d_alloc(NULL, "pipe:", 5);
	if (!inode->i_pipe || !d) {
		kfree(d);
		iput(inode);
		return -ENFILE;
	}
	d->d_inode = inode;		/* unhashed: freed with the last file */
	d->d_sb = pipe_sb;
	path.mnt = &pipe_mnt;
	path.dentry = d;
	res[0] = alloc_file(&path, O_RDONLY | (flags & O_NONBLOCK), &pipefifo_fops);
	res[1] = res[0] ? alloc_file(&path, O_WRONLY | (flags & O_NONBLOCK), &pipefifo_fops) : NULL;
	if (!res[1]) {
		if (res[0]) {
			res[0]->f_op = NULL;
			fput(res[0]);
		} else {
			dput(dget(d));
		}
		return -ENFILE;
	}
	inode->i_pipe->readers = inode->i_pipe->writers = 1;
	return 0;
}

long sys_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	mutex_lock(&vfs_lock);
	err = create_pipe_files(files, flags);
	mutex_unlock(&vfs_lock);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags(flags);
	fd[1] = fd[0] < 0 ? fd[0] : get_unused_fd_flags(flags);
	if (fd[1] < 0) {
		err = fd[1];
		if (fd[0] >= 0)
			current->files->fd[fd[0]] = NULL;
		goto fail;
	}
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		current->files->fd[fd[0]] = NULL;
		current->files->fd[fd[1]] = NULL;
		err = -EFAULT;
		goto fail;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
fail:
	fput(files[0]);
	fput(files[1]);
	return err;
}

long sys_pipe(int __user *fildes)
{
	return sys_pipe2(fildes, 0);
}
