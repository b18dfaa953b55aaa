/*
 * Open files and descriptor tables (Linux's fs/open.c, fs/file.c,
 * fs/file_table.c and fs/fcntl.c): open/openat with their flags, close,
 * dup/dup2/dup3, fcntl, truncate/ftruncate, umask; the tables shared with
 * CLONE_FILES or copied at fork, closed at exit, close-on-exec at execve;
 * the first three descriptors of init on /dev/console.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/module.h>

unsigned long nr_files;

struct file *alloc_file(const struct path *path, unsigned int flags, const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->f_path = *path;
	path_get(path);
	f->f_inode = path->dentry->d_inode;
	ihold(f->f_inode);
	f->f_op = fop;
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	f->f_mode = ((flags & O_ACCMODE) != O_WRONLY ? FMODE_READ : 0) |
		    ((flags & O_ACCMODE) != O_RDONLY ? FMODE_WRITE : 0);
	if (flags & O_PATH)
		f->f_mode = 0;
	f->f_count = 1;
	nr_files++;
	return f;
}

struct file *dentry_open(const struct path *path, unsigned int flags)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f = alloc_file(path, flags, inode->i_fop);
	int err;

	if (!f)
		return ERR_PTR(-ENFILE);
	if (f->f_op && f->f_op->open && !(flags & O_PATH)) {
		err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = NULL;
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

/* The last reference: release, then let go of the dentry and inode. */
void fput(struct file *f)
{
	bool locked;

	if (--f->f_count > 0)
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_op)
		module_put(f->f_op->owner);	/* taken by cdev_open */
	locked = vfs_lock.owner == current;	/* the last put can come from inside a walk */
	if (!locked)
		mutex_lock(&vfs_lock);
	iput(f->f_inode);
	path_put(&f->f_path);
	if (!locked)
		mutex_unlock(&vfs_lock);
	kfree(f);
	nr_files--;
}

struct file *fget(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	/* A slot reserved by another thread's open, not yet installed, is no file yet. */
	if (!files || fd >= NR_OPEN || !(f = files->fd[fd]) || f == (struct file *)1)
		return NULL;
	f->f_count++;
	return f;
}

static void set_close_on_exec(struct files_struct *files, unsigned int fd, bool on)
{
	if (on)
		files->close_on_exec[fd / 32] |= 1UL << (fd % 32);
	else
		files->close_on_exec[fd / 32] &= ~(1UL << (fd % 32));
}

static bool close_on_exec(struct files_struct *files, unsigned int fd)
{
	return files->close_on_exec[fd / 32] & (1UL << (fd % 32));
}

/* Descriptors a process may have: RLIMIT_NOFILE, at most the table's NR_OPEN. */
static unsigned int nofile_limit(void)
{
	u64 lim = rlimit(RLIMIT_NOFILE);

	return lim < NR_OPEN ? (unsigned int)lim : NR_OPEN;
}

static int alloc_fd(unsigned int start, unsigned int flags)
{
	struct files_struct *files = current->files;
	unsigned int fd, end = nofile_limit();

	if (!files)
		return -EMFILE;
	for (fd = start; fd < end; fd++)
		if (!files->fd[fd]) {
			files->fd[fd] = (struct file *)1;	/* reserved until fd_install */
			set_close_on_exec(files, fd, flags & O_CLOEXEC);
			return fd;
		}
	return -EMFILE;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

static void put_unused_fd(unsigned int fd)
{
	current->files->fd[fd] = NULL;
}

void fd_install(unsigned int fd, struct file *f)
{
	current->files->fd[fd] = f;
}

int filp_close(struct file *f)
{
	fput(f);
	return 0;
}

long sys_close(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	if (!files || fd >= NR_OPEN || !(f = files->fd[fd]) || f == (struct file *)1)
		return -EBADF;
	files->fd[fd] = NULL;
	set_close_on_exec(files, fd, false);
	return filp_close(f);
}

int do_truncate(struct dentry *d, loff_t length)
{
	struct inode *inode = d->d_inode;

	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode) || !inode->i_op || !inode->i_op->setsize)
		return -EINVAL;
	return inode->i_op->setsize(inode, length);
}

/* Open under vfs_lock: find or create the file, check the flags, truncate. */
static struct file *do_filp_open(int dfd, const char *name, unsigned int flags, umode_t mode)
{
	struct path path;
	struct inode *inode;
	int err;

	if (flags & O_CREAT) {
		char last[NAME_MAX + 1];
		struct dentry *d;
		int len;

		err = kern_path_parent(dfd, name, &path, last, &len);
		if (err < 0)
			return ERR_PTR(err);
		if (err == 1 || len == 0 || !strcmp(last, ".") || !strcmp(last, ".."))
			return ERR_PTR(-EISDIR);
		d = lookup_one(path.dentry, last, len);
		if (d) {
			if (flags & O_EXCL)
				return ERR_PTR(-EEXIST);
			if (S_ISLNK(d->d_inode->i_mode) && !(flags & O_NOFOLLOW)) {
				err = kern_path(dfd, name, LOOKUP_FOLLOW, &path);
				if (err)
					return ERR_PTR(err);
			} else {
				path.dentry = d;
				follow_mounts(&path);
			}
		} else {
			struct inode *dir = path.dentry->d_inode;

			if (!dir->i_nlink)
				return ERR_PTR(-ENOENT);
			d = d_alloc(path.dentry, last, len);
			if (!d)
				return ERR_PTR(-ENOMEM);
			mode = S_IFREG | (mode & S_IALLUGO & ~(current->fs ? current->fs->umask : 0));
			err = dir->i_op->create ? dir->i_op->create(dir, d, mode) : -EPERM;
			if (err) {
				d->d_parent = d;
				dput(dget(d));
				return ERR_PTR(err);
			}
			path.dentry = d;
			flags &= ~O_TRUNC;
		}
	} else {
		err = kern_path(dfd, name, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &path);
		if (err)
			return ERR_PTR(err);
	}
	inode = path.dentry->d_inode;
	if (S_ISLNK(inode->i_mode) && !(flags & O_PATH))
		return ERR_PTR(-ELOOP);
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (S_ISDIR(inode->i_mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
		return ERR_PTR(-EISDIR);
	if ((flags & O_ACCMODE) == 3)
		return ERR_PTR(-EINVAL);
	if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY && S_ISREG(inode->i_mode)) {
		err = do_truncate(path.dentry, 0);
		if (err)
			return ERR_PTR(err);
	}
	return dentry_open(&path, flags);
}

struct file *filp_open(const char *name, unsigned int flags, umode_t mode)
{
	struct file *f;

	mutex_lock(&vfs_lock);
	f = do_filp_open(AT_FDCWD, name, flags, mode);
	mutex_unlock(&vfs_lock);
	return f;
}

long sys_openat(int dfd, const char __user *filename, int flags, umode_t mode)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	struct file *f;
	long fd;

	if (!name)
		return -ENOMEM;
	fd = getname(filename, name);
	if (fd == 0)
		fd = -ENOENT;
	if (fd < 0)
		goto out;
	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		goto out;
	mutex_lock(&vfs_lock);
	f = do_filp_open(dfd, name, flags, mode);
	mutex_unlock(&vfs_lock);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		fd = PTR_ERR(f);
	} else {
		fd_install(fd, f);
	}
out:
	kfree(name);
	return fd;
}

long sys_open(const char __user *filename, int flags, umode_t mode)
{
	return sys_openat(AT_FDCWD, filename, flags, mode);
}

long sys_creat(const char __user *pathname, umode_t mode)
{
	return sys_open(pathname, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* newfd gets oldfd's file; whatever newfd held is closed (Linux's do_dup2). */
static long do_dup2(unsigned int oldfd, unsigned int newfd, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *f, *old;

	if (newfd >= nofile_limit())
		return -EBADF;
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	old = files->fd[newfd];
	if (old == (struct file *)1) {
		fput(f);
		return -EBUSY;
	}
	files->fd[newfd] = f;
	set_close_on_exec(files, newfd, flags & O_CLOEXEC);
	if (old)
		filp_close(old);
	return newfd;
}

long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup2(oldfd, newfd, flags);
}

long sys_dup2(unsigned int oldfd, unsigned int newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup2(oldfd, newfd, 0);
}

static long dupfd(unsigned int oldfd, unsigned int start, unsigned int flags)
{
	struct file *f = fget(oldfd);
	int fd;

	if (!f)
		return -EBADF;
	if (start >= nofile_limit()) {
		fput(f);
		return -EINVAL;
	}
	fd = alloc_fd(start, flags);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install(fd, f);
	return fd;
}

long sys_dup(unsigned int fildes)
{
	return dupfd(fildes, 0, 0);
}

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1
#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME)

long sys_fcntl64(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	long ret = 0;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = dupfd(fd, arg, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
		break;
	case F_GETFD:
		ret = close_on_exec(current->files, fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		set_close_on_exec(current->files, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->f_flags | (f->f_mode & FMODE_WRITE ? (f->f_mode & FMODE_READ ? O_RDWR : O_WRONLY) : 0);
		ret = (ret & ~O_ACCMODE) | (f->f_flags & O_ACCMODE);
		break;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		break;
	default:
		ret = -EINVAL;
	}
	fput(f);
	return ret;
}

long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	return sys_fcntl64(fd, cmd, arg);
}

long sys_umask(int mask)
{
	int old;

	if (!current->fs)
		return 022;
	old = current->fs->umask;
	current->fs->umask = mask & 0777;
	return old;
}

static long do_sys_truncate(const char __user *pathname, loff_t length)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	struct path p;
	long err;

	if (!name)
		return -ENOMEM;
	err = getname(pathname, name);
	if (err == 0)
		err = -ENOENT;
	if (err > 0) {
		mutex_lock(&vfs_lock);
		err = kern_path(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
		if (!err)
			err = do_truncate(p.dentry, length);
		mutex_unlock(&vfs_lock);
	}
	kfree(name);
	return err;
}

static long do_sys_ftruncate(unsigned int fd, loff_t length)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_WRITE) || !S_ISREG(f->f_inode->i_mode))
		err = S_ISDIR(f->f_inode->i_mode) ? -EISDIR : -EINVAL;
	else {
		mutex_lock(&vfs_lock);
		err = do_truncate(f->f_path.dentry, length);
		mutex_unlock(&vfs_lock);
	}
	fput(f);
	return err;
}

long sys_truncate(const char __user *path, long length)
{
	return do_sys_truncate(path, length);
}

long sys_ftruncate(unsigned int fd, long length)
{
	return do_sys_ftruncate(fd, length);
}

long sys_truncate64(const char __user *path, unsigned long lo, unsigned long hi)
{
	return do_sys_truncate(path, ((loff_t)hi << 32) | lo);
}

long sys_ftruncate64(unsigned int fd, unsigned long lo, unsigned long hi)
{
	return do_sys_ftruncate(fd, ((loff_t)hi << 32) | lo);
}

/* fork: share the table (CLONE_FILES) or copy it, each file gaining a reference. */
int copy_files(unsigned long clone_flags, struct task_struct *tsk)
{
	struct files_struct *old = current->files, *new;
	unsigned int fd;

	tsk->files = NULL;
	if (!old)
		return 0;
	if (clone_flags & CLONE_FILES) {
		old->count++;
		tsk->files = old;
		return 0;
	}
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->count = 1;
	for (fd = 0; fd < NR_OPEN; fd++) {
		struct file *f = old->fd[fd];

		if (f && f != (struct file *)1) {
			f->f_count++;
			new->fd[fd] = f;
		}
	}
	memcpy(new->close_on_exec, old->close_on_exec, sizeof(new->close_on_exec));
	tsk->files = new;
	return 0;
}

int copy_fs(unsigned long clone_flags, struct task_struct *tsk)
{
	struct fs_struct *old = current->fs, *new;

	tsk->fs = NULL;
	if (!old)
		return 0;
	if (clone_flags & CLONE_FS) {
		old->users++;
		tsk->fs = old;
		return 0;
	}
	new = kmalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	*new = *old;
	new->users = 1;
	mutex_lock(&vfs_lock);
	path_get(&new->root);
	path_get(&new->pwd);
	mutex_unlock(&vfs_lock);
	tsk->fs = new;
	return 0;
}

void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;
	unsigned int fd;

	if (!files)
		return;
	tsk->files = NULL;
	if (--files->count > 0)
		return;
	for (fd = 0; fd < NR_OPEN; fd++)
		if (files->fd[fd] && files->fd[fd] != (struct file *)1)
			filp_close(files->fd[fd]);
	kfree(files);
}

void exit_fs(struct task_struct *tsk)
{
	struct fs_struct *fs = tsk->fs;

	if (!fs)
		return;
	tsk->fs = NULL;
	if (--fs->users > 0)
		return;
	mutex_lock(&vfs_lock);
	path_put(&fs->root);
	path_put(&fs->pwd);
	mutex_unlock(&vfs_lock);
	kfree(fs);
}

void do_close_on_exec(void)
{
	struct files_struct *files = current->files;
	unsigned int fd;

	if (!files)
		return;
	for (fd = 0; fd < NR_OPEN; fd++)
		if (close_on_exec(files, fd) && files->fd[fd] && files->fd[fd] != (struct file *)1) {
			struct file *f = files->fd[fd];

			files->fd[fd] = NULL;
			set_close_on_exec(files, fd, false);
			filp_close(f);
		}
}

/* init's root, cwd and descriptors 0, 1, 2 on /dev/console (Linux's console_on_rootfs). */
void console_on_rootfs(void)
{
	struct task_struct *tsk = current;
	struct file *f;
	int i;

	if (!tsk->fs) {
		tsk->fs = kzalloc(sizeof(*tsk->fs), GFP_KERNEL);
		if (!tsk->fs)
			return;
		tsk->fs->users = 1;
		tsk->fs->umask = 022;
		tsk->fs->root.mnt = tsk->fs->pwd.mnt = root_mnt;
		tsk->fs->root.dentry = tsk->fs->pwd.dentry = root_mnt->mnt_root;
		mutex_lock(&vfs_lock);
		path_get(&tsk->fs->root);
		path_get(&tsk->fs->pwd);
		mutex_unlock(&vfs_lock);
	}
	if (!tsk->files) {
		tsk->files = kzalloc(sizeof(*tsk->files), GFP_KERNEL);
		if (!tsk->files)
			return;
		tsk->files->count = 1;
	}
	f = filp_open("/dev/console", O_RDWR, 0);
	if (IS_ERR(f)) {
		pr_err("Warning: unable to open an initial console.\n");
		return;
	}
	for (i = 0; i < 3; i++) {
		if (i)
			f->f_count++;
		tsk->files->fd[i] = f;
	}
}
