/*
 * Path names (Linux's fs/namei.c): the walk from the root or a starting
 * directory one component at a time, with ".", "..", symlinks (at most 40 in
 * one walk, nested 8 deep: -ELOOP) and mount points; then the calls that
 * change the name space: mkdir, mknod, rmdir, unlink, rename, link, symlink,
 * readlink, and access, chmod, chdir, fchdir and getcwd. All run under
 * vfs_lock, so the walk itself takes no references.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

#define MAX_NESTED_LINKS 8

struct nameidata {
	struct path path, root;
	int depth, total_links;
};

/* Copy a user path into k (PATH_MAX bytes): its length, or -EFAULT/-ENAMETOOLONG. */
int getname(const char __user *u, char *k)
{
	long n = strncpy_from_user(k, u, PATH_MAX);

	if (n < 0)
		return n;
	if (n == PATH_MAX)
		return -ENAMETOOLONG;
	return n;
}

int inode_permission(struct inode *inode, int mask)
{
	/* Everyone is root: only execute needs an x bit on a non-directory. */
	if ((mask & 1) && !S_ISDIR(inode->i_mode) && !(inode->i_mode & 0111))
		return -EACCES;
	return 0;
}

static void set_root(struct nameidata *nd)
{
	struct fs_struct *fs = current->fs;

	if (fs) {
		nd->root = fs->root;
	} else {
		nd->root.mnt = root_mnt;
		nd->root.dentry = root_mnt->mnt_root;
	}
}

static int walk(struct nameidata *nd, const char *name, unsigned int flags, char *last,
		int *lastlen);

static int lookup_slow(struct dentry *dir, const char *name, int len, struct dentry **res);

/* The child dentry named name, from the cache or the file system, or NULL. */
struct dentry *lookup_one(struct dentry *dir, const char *name, int len)
{
	struct dentry *d = d_lookup(dir, name, len);

	if (!d && lookup_slow(dir, name, len, &d))
		return NULL;
	return d;
}

/* Ask the file system for a name the cache does not have; the answer is cached. */
static int lookup_slow(struct dentry *dir, const char *name, int len, struct dentry **res)
{
	struct inode *dip = dir->d_inode, *inode;
	struct dentry *d;

	if (!dip->i_op || !dip->i_op->lookup)
		return -ENOENT;
	inode = dip->i_op->lookup(dip, name, len);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (!inode)
		return -ENOENT;
	d = d_alloc(dir, name, len);
	if (!d) {
		iput(inode);
		return -ENOMEM;
	}
	d_instantiate(d, inode);
	*res = d;
	return 0;
}

static int follow_link(struct nameidata *nd, struct dentry *link)
{
	char *buf;
	int n, err;

	if (++nd->total_links > MAXSYMLINKS || nd->depth >= MAX_NESTED_LINKS)
		return -ELOOP;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	n = link->d_inode->i_op->readlink(link, buf, PATH_MAX - 1);
	buf[n] = 0;
	nd->depth++;
	err = n ? walk(nd, buf, LOOKUP_FOLLOW, NULL, NULL) : -ENOENT;
	nd->depth--;
	kfree(buf);
	return err;
}

/*
 * Walk name from nd->path. With last, stop before the final component and
 * return it there (its length in *lastlen; 0 for "/"), nd->path its parent.
 */
static int walk(struct nameidata *nd, const char *name, unsigned int flags, char *last,
		int *lastlen)
{
	if (*name == '/')
		nd->path = nd->root;
	for (;;) {
		const char *s, *e;
		struct dentry *child;
		struct path next;
		bool is_last, trailing;
		int len, err;

		while (*name == '/')
			name++;
		if (!*name) {			/* "/" or trailing slashes */
			if (last) {
				*lastlen = 0;
				return 0;
			}
			break;
		}
		s = name;
		for (e = s; *e && *e != '/'; e++)
			;
		len = e - s;
		name = e;
		trailing = *e == '/';
		while (*name == '/')
			name++;
		is_last = !*name;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(nd->path.dentry->d_inode->i_mode))
			return -ENOTDIR;
		if (is_last && last) {
			memcpy(last, s, len);
			last[len] = 0;
			*lastlen = len;
			return trailing ? 1 : 0;	/* 1: the name ended in '/' */
		}
		if (len == 1 && s[0] == '.')
			continue;
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			follow_dotdot(&nd->path, &nd->root);
			continue;
		}
		child = d_lookup(nd->path.dentry, s, len);
		if (!child) {
			err = lookup_slow(nd->path.dentry, s, len, &child);
			if (err)
				return err;
		}
		next.mnt = nd->path.mnt;
		next.dentry = child;
		follow_mounts(&next);
		if (S_ISLNK(next.dentry->d_inode->i_mode) &&
		    (!is_last || trailing || (flags & LOOKUP_FOLLOW))) {
			err = follow_link(nd, next.dentry);
			if (err)
				return err;
		} else {
			nd->path = next;
		}
		if ((!is_last || trailing) && !S_ISDIR(nd->path.dentry->d_inode->i_mode))
			return -ENOTDIR;
	}
	if ((flags & LOOKUP_DIRECTORY) && !S_ISDIR(nd->path.dentry->d_inode->i_mode))
		return -ENOTDIR;
	return 0;
}

static int path_init(struct nameidata *nd, int dfd, const char *name)
{
	struct file *f;

	nd->depth = nd->total_links = 0;
	set_root(nd);
	if (*name == '/')
		nd->path = nd->root;
	else if (dfd == AT_FDCWD)
		nd->path = current->fs ? current->fs->pwd : nd->root;
	else {
		f = fget(dfd);
		if (!f)
			return -EBADF;
		nd->path = f->f_path;
		fput(f);
		if (!S_ISDIR(nd->path.dentry->d_inode->i_mode))
			return -ENOTDIR;
	}
	return 0;
}

/* The object name names; no reference is taken (the caller holds vfs_lock). */
int kern_path(int dfd, const char *name, unsigned int flags, struct path *path)
{
	struct nameidata nd;
	int err;

	if (!*name)
		return -ENOENT;
	err = path_init(&nd, dfd, name);
	if (!err)
		err = walk(&nd, name, flags, NULL, NULL);
	if (!err)
		*path = nd.path;
	return err;
}

/* The parent directory of name's last component; returns 1 if name ended in '/'. */
int kern_path_parent(int dfd, const char *name, struct path *parent, char *last, int *len)
{
	struct nameidata nd;
	int err;

	if (!*name)
		return -ENOENT;
	err = path_init(&nd, dfd, name);
	if (!err)
		err = walk(&nd, name, 0, last, len);
	if (err >= 0)
		*parent = nd.path;
	return err;
}

static bool is_dots(const char *last, int len)
{
	return len == 0 || !strcmp(last, ".") || !strcmp(last, "..");
}

/* A new name in a directory: the parent, and a fresh dentry for last (or an error). */
static struct dentry *prepare_create(int dfd, const char *name, struct path *parent, bool dir_ok)
{
	char last[NAME_MAX + 1];
	struct dentry *d;
	int len, err = kern_path_parent(dfd, name, parent, last, &len);

	if (err < 0)
		return ERR_PTR(err);
	if (is_dots(last, len))
		return ERR_PTR(-EEXIST);
	if (err == 1 && !dir_ok)
		return ERR_PTR(lookup_one(parent->dentry, last, len) ? -EEXIST : -ENOENT);
	if (lookup_one(parent->dentry, last, len))
		return ERR_PTR(-EEXIST);
	if (parent->dentry->d_inode->i_nlink == 0)
		return ERR_PTR(-ENOENT);	/* a removed directory */
	d = d_alloc(parent->dentry, last, len);
	return d ? d : ERR_PTR(-ENOMEM);
}

static void abort_create(struct dentry *d)
{
	d->d_parent = d;		/* never joined the tree */
	dput(dget(d));
}

static int do_mknodat(int dfd, const char *name, umode_t mode, dev_t dev, bool umask)
{
	struct path parent;
	struct dentry *d = prepare_create(dfd, name, &parent, S_ISDIR(mode));
	struct inode *dir;
	int err;

	if (IS_ERR(d))
		return PTR_ERR(d);
	if (umask && current->fs)
		mode = (mode & S_IFMT) | (mode & S_IALLUGO & ~current->fs->umask);
	dir = parent.dentry->d_inode;
	if (S_ISDIR(mode))
		err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, d, mode) : -EPERM;
	else if (S_ISREG(mode))
		err = dir->i_op->create ? dir->i_op->create(dir, d, mode) : -EPERM;
	else
		err = dir->i_op->mknod ? dir->i_op->mknod(dir, d, mode, dev) : -EPERM;
	if (err)
		abort_create(d);
	return err;
}

int vfs_mkdir_path(const char *name, umode_t mode)
{
	bool locked = vfs_lock.owner == current;	/* from a driver's open (devtmpfs nodes) */
	int err;

	if (!locked)
		mutex_lock(&vfs_lock);
	err = do_mknodat(AT_FDCWD, name, S_IFDIR | (mode & S_IALLUGO), 0, false);
	if (!locked)
		mutex_unlock(&vfs_lock);
	return err;
}

int vfs_mknod_path(const char *name, umode_t mode, dev_t rdev)
{
	bool locked = vfs_lock.owner == current;	/* from a driver's open (pty slaves) */
	int err;

	if (!locked)
		mutex_lock(&vfs_lock);
	err = do_mknodat(AT_FDCWD, name, mode, rdev, false);
	if (!locked)
		mutex_unlock(&vfs_lock);
	return err;
}

int vfs_symlink_path(const char *target, const char *name)
{
	struct path parent;
	struct dentry *d;
	int err;

	mutex_lock(&vfs_lock);
	d = prepare_create(AT_FDCWD, name, &parent, false);
	err = IS_ERR(d) ? PTR_ERR(d) : !parent.dentry->d_inode->i_op->symlink ? -EPERM :
	      parent.dentry->d_inode->i_op->symlink(parent.dentry->d_inode, d, target);
	if (err && !IS_ERR(d))
		abort_create(d);
	mutex_unlock(&vfs_lock);
	return err;
}

/* A user path into a kmalloc'ed buffer, for the calls below. */
static char *user_path(const char __user *u, int *err)
{
	char *k = kmalloc(PATH_MAX, GFP_KERNEL);
	int n;

	if (!k) {
		*err = -ENOMEM;
		return NULL;
	}
	n = getname(u, k);
	if (n < 0) {
		kfree(k);
		*err = n;
		return NULL;
	}
	if (n == 0) {
		kfree(k);
		*err = -ENOENT;
		return NULL;
	}
	return k;
}

long sys_mknodat(int dfd, const char __user *filename, umode_t mode, unsigned int dev)
{
	int err;
	char *name = user_path(filename, &err);

	if (!name)
		return err;
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	if (S_ISDIR(mode) || S_ISLNK(mode) || (mode & S_IFMT) == S_IFSOCK)
		err = -EINVAL;
	else {
		mutex_lock(&vfs_lock);
		err = do_mknodat(dfd, name, mode, dev, true);
		mutex_unlock(&vfs_lock);
	}
	kfree(name);
	return err;
}

long sys_mknod(const char __user *filename, umode_t mode, unsigned int dev)
{
	return sys_mknodat(AT_FDCWD, filename, mode, dev);
}

long sys_mkdirat(int dfd, const char __user *pathname, umode_t mode)
{
	int err;
	char *name = user_path(pathname, &err);

	if (!name)
		return err;
	mutex_lock(&vfs_lock);
	err = do_mknodat(dfd, name, S_IFDIR | (mode & S_IALLUGO), 0, true);
	mutex_unlock(&vfs_lock);
	kfree(name);
	return err;
}

long sys_mkdir(const char __user *pathname, umode_t mode)
{
	return sys_mkdirat(AT_FDCWD, pathname, mode);
}

/* The existing last component of name (not followed), with its parent. */
static int lookup_last(int dfd, const char *name, struct path *parent, struct dentry **d,
		       char *last, int *len)
{
	int err = kern_path_parent(dfd, name, parent, last, len);

	if (err < 0)
		return err;
	if (is_dots(last, *len))
		return 2;
	*d = d_lookup(parent->dentry, last, *len);
	if (!*d && lookup_slow(parent->dentry, last, *len, d))
		return -ENOENT;
	return err;
}

static bool is_mountpoint_or_root(struct dentry *d)
{
	return d->d_mounted || d->d_parent == d;
}

static int do_rmdir(int dfd, const char *name)
{
	char last[NAME_MAX + 1];
	struct path parent;
	struct dentry *d = NULL;
	int len, err = lookup_last(dfd, name, &parent, &d, last, &len);

	if (err == 2)
		return !len ? -EBUSY : !strcmp(last, ".") ? -EINVAL : -ENOTEMPTY;
	if (err < 0)
		return err;
	if (!S_ISDIR(d->d_inode->i_mode))
		return -ENOTDIR;
	if (is_mountpoint_or_root(d))
		return -EBUSY;
	if (!parent.dentry->d_inode->i_op->rmdir)
		return -EPERM;		/* /proc, /sys: names the file system makes */
	return parent.dentry->d_inode->i_op->rmdir(parent.dentry->d_inode, d);
}

static int do_unlink(int dfd, const char *name)
{
	char last[NAME_MAX + 1];
	struct path parent;
	struct dentry *d = NULL;
	int len, err = lookup_last(dfd, name, &parent, &d, last, &len);

	if (err == 2)
		return -EISDIR;
	if (err < 0)
		return err;
	if (S_ISDIR(d->d_inode->i_mode))
		return -EISDIR;
	if (err == 1)
		return -ENOTDIR;	/* "file/" */
	if (d->d_mounted)
		return -EBUSY;
	if (!parent.dentry->d_inode->i_op->unlink)
		return -EPERM;
	return parent.dentry->d_inode->i_op->unlink(parent.dentry->d_inode, d);
}

/* Remove a name from inside the kernel (pty slaves' /dev/pts/N); works under vfs_lock too. */
int vfs_unlink_path(const char *name)
{
	bool locked = vfs_lock.owner == current;
	int err;

	if (!locked)
		mutex_lock(&vfs_lock);
	err = do_unlink(AT_FDCWD, name);
	if (!locked)
		mutex_unlock(&vfs_lock);
	return err;
}

long sys_unlinkat(int dfd, const char __user *pathname, int flag)
{
	int err;
	char *name;

	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	name = user_path(pathname, &err);
	if (!name)
		return err;
	mutex_lock(&vfs_lock);
	err = flag & AT_REMOVEDIR ? do_rmdir(dfd, name) : do_unlink(dfd, name);
	mutex_unlock(&vfs_lock);
	kfree(name);
	return err;
}

long sys_unlink(const char __user *pathname)
{
	return sys_unlinkat(AT_FDCWD, pathname, 0);
}

long sys_rmdir(const char __user *pathname)
{
	return sys_unlinkat(AT_FDCWD, pathname, AT_REMOVEDIR);
}

long sys_symlinkat(const char __user *oldname, int newdfd, const char __user *newname)
{
	int err;
	char *target = user_path(oldname, &err), *name;
	struct path parent;
	struct dentry *d;

	if (!target)
		return err;
	name = user_path(newname, &err);
	if (!name) {
		kfree(target);
		return err;
	}
	mutex_lock(&vfs_lock);
	d = prepare_create(newdfd, name, &parent, false);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
	} else {
		struct inode *dir = parent.dentry->d_inode;

		err = dir->i_op->symlink ? dir->i_op->symlink(dir, d, target) : -EPERM;
		if (err)
			abort_create(d);
	}
	mutex_unlock(&vfs_lock);
	kfree(name);
	kfree(target);
	return err;
}

long sys_symlink(const char __user *oldname, const char __user *newname)
{
	return sys_symlinkat(oldname, AT_FDCWD, newname);
}

long sys_linkat(int olddfd, const char __user *oldname, int newdfd, const char __user *newname,
		int flags)
{
	int err;
	char *from, *to;
	struct path old, parent;
	struct dentry *d;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	from = user_path(oldname, &err);
	if (!from)
		return err;
	to = user_path(newname, &err);
	if (!to) {
		kfree(from);
		return err;
	}
	mutex_lock(&vfs_lock);
	err = kern_path(olddfd, from, flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0, &old);
	if (err)
		goto out;
	err = -EPERM;
	if (S_ISDIR(old.dentry->d_inode->i_mode))
		goto out;
	d = prepare_create(newdfd, to, &parent, false);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto out;
	}
	err = -EXDEV;
	if (parent.mnt->mnt_sb != old.mnt->mnt_sb || !parent.dentry->d_inode->i_op->link)
		abort_create(d);
	else
		err = parent.dentry->d_inode->i_op->link(old.dentry, parent.dentry->d_inode, d);
out:
	mutex_unlock(&vfs_lock);
	kfree(from);
	kfree(to);
	return err;
}

long sys_link(const char __user *oldname, const char __user *newname)
{
	return sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

static bool is_ancestor(struct dentry *anc, struct dentry *d)
{
	for (;;) {
		if (d == anc)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/* rename within one ramfs-like tree: the dentry moves, a target of the same kind goes. */
static int do_rename(int olddfd, const char *from, int newdfd, const char *to)
{
	char oldlast[NAME_MAX + 1], newlast[NAME_MAX + 1];
	struct path oldp, newp;
	struct dentry *old = NULL, *target;
	struct inode *odir, *ndir;
	int olen, nlen, err, nerr;

	err = lookup_last(olddfd, from, &oldp, &old, oldlast, &olen);
	if (err == 2)
		return -EBUSY;
	if (err < 0)
		return err;
	nerr = kern_path_parent(newdfd, to, &newp, newlast, &nlen);
	if (nerr < 0)
		return nerr;
	if (is_dots(newlast, nlen))
		return -EBUSY;
	if ((err == 1 || nerr == 1) && !S_ISDIR(old->d_inode->i_mode))
		return -ENOTDIR;
	if (oldp.mnt->mnt_sb != newp.mnt->mnt_sb || oldp.mnt != newp.mnt)
		return -EXDEV;
	if (is_mountpoint_or_root(old))
		return -EBUSY;
	if (S_ISDIR(old->d_inode->i_mode) && is_ancestor(old, newp.dentry))
		return -EINVAL;
	odir = oldp.dentry->d_inode;
	ndir = newp.dentry->d_inode;
	if (!odir->i_op->unlink || !ndir->i_op->unlink)
		return -EPERM;		/* a file system whose names cannot change */
	target = lookup_one(newp.dentry, newlast, nlen);
	if (target == old)
		return 0;
	if (target) {
		if (target->d_mounted)
			return -EBUSY;
		if (S_ISDIR(old->d_inode->i_mode)) {
			if (!S_ISDIR(target->d_inode->i_mode))
				return -ENOTDIR;
			if (is_ancestor(target, oldp.dentry))
				return -ENOTEMPTY;
			if (!odir->i_op->rename)
				err = ndir->i_op->rmdir(ndir, target);
		} else {
			if (S_ISDIR(target->d_inode->i_mode))
				return -EISDIR;
			if (!odir->i_op->rename)
				err = ndir->i_op->unlink(ndir, target);
		}
		if (err)
			return err;
	}
	/* the file system's side first (ext2 replaces or moves the directory entry) */
	if (odir->i_op->rename) {
		err = odir->i_op->rename(odir, old, ndir, newlast, nlen, target);
		if (err)
			return err;
	}
	/* move the dentry: new name, new parent */
	list_del(&old->d_child);
	memcpy(old->d_name, newlast, nlen + 1);
	if (newp.dentry != oldp.dentry) {
		dget(newp.dentry);
		old->d_parent = newp.dentry;
		if (S_ISDIR(old->d_inode->i_mode)) {
			odir->i_nlink--;
			ndir->i_nlink++;
		}
		dput(oldp.dentry);
	}
	list_add_tail(&old->d_child, &newp.dentry->d_subdirs);
	odir->i_mtime = odir->i_ctime = ndir->i_mtime = ndir->i_ctime = current_time_sec();
	old->d_inode->i_ctime = odir->i_mtime;
	mark_inode_dirty(odir);
	mark_inode_dirty(ndir);
	mark_inode_dirty(old->d_inode);
	return 0;
}

#define RENAME_NOREPLACE 1

long sys_renameat2(int olddfd, const char __user *oldname, int newdfd,
		   const char __user *newname, unsigned int flags)
{
	int err;
	char *from, *to;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	from = user_path(oldname, &err);
	if (!from)
		return err;
	to = user_path(newname, &err);
	if (!to) {
		kfree(from);
		return err;
	}
	mutex_lock(&vfs_lock);
	if (flags & RENAME_NOREPLACE) {
		struct path p;

		if (!kern_path(newdfd, to, 0, &p)) {
			err = -EEXIST;
			goto out;
		}
	}
	err = do_rename(olddfd, from, newdfd, to);
out:
	mutex_unlock(&vfs_lock);
	kfree(from);
	kfree(to);
	return err;
}

long sys_renameat(int olddfd, const char __user *oldname, int newdfd, const char __user *newname)
{
	return sys_renameat2(olddfd, oldname, newdfd, newname, 0);
}

long sys_rename(const char __user *oldname, const char __user *newname)
{
	return sys_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

long sys_readlinkat(int dfd, const char __user *pathname, char __user *buf, int bufsiz)
{
	int err;
	char *name, *k;
	struct path p;

	if (bufsiz <= 0)
		return -EINVAL;
	name = user_path(pathname, &err);
	if (!name)
		return err;
	mutex_lock(&vfs_lock);
	err = kern_path(dfd, name, 0, &p);
	if (!err && !S_ISLNK(p.dentry->d_inode->i_mode))
		err = -EINVAL;
	if (!err) {
		k = name;		/* reuse the buffer */
		err = p.dentry->d_inode->i_op->readlink(p.dentry, k, min(bufsiz, PATH_MAX));
		if (copy_to_user(buf, k, err))
			err = -EFAULT;
	}
	mutex_unlock(&vfs_lock);
	kfree(name);
	return err;
}

long sys_readlink(const char __user *path, char __user *buf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

long sys_faccessat2(int dfd, const char __user *filename, int mode, int flags)
{
	int err;
	char *name;
	struct path p;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	name = user_path(filename, &err);
	if (!name)
		return err;
	mutex_lock(&vfs_lock);
	err = kern_path(dfd, name, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &p);
	if (!err)
		err = inode_permission(p.dentry->d_inode, mode);
	mutex_unlock(&vfs_lock);
	kfree(name);
	return err;
}

long sys_faccessat(int dfd, const char __user *filename, int mode)
{
	return sys_faccessat2(dfd, filename, mode, 0);
}

long sys_access(const char __user *filename, int mode)
{
	return sys_faccessat2(AT_FDCWD, filename, mode, 0);
}

long sys_fchmodat(int dfd, const char __user *filename, umode_t mode)
{
	int err;
	char *name = user_path(filename, &err);
	struct path p;

	if (!name)
		return err;
	mutex_lock(&vfs_lock);
	err = kern_path(dfd, name, LOOKUP_FOLLOW, &p);
	if (!err) {
		struct inode *inode = p.dentry->d_inode;

		inode->i_mode = (inode->i_mode & S_IFMT) | (mode & S_IALLUGO);
		inode->i_ctime = current_time_sec();
		mark_inode_dirty(inode);
	}
	mutex_unlock(&vfs_lock);
	kfree(name);
	return err;
}

long sys_chmod(const char __user *filename, umode_t mode)
{
	return sys_fchmodat(AT_FDCWD, filename, mode);
}

long sys_fchmod(unsigned int fd, umode_t mode)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	mutex_lock(&vfs_lock);
	f->f_inode->i_mode = (f->f_inode->i_mode & S_IFMT) | (mode & S_IALLUGO);
	f->f_inode->i_ctime = current_time_sec();
	mark_inode_dirty(f->f_inode);
	mutex_unlock(&vfs_lock);
	fput(f);
	return 0;
}

static void set_pwd(const struct path *p)
{
	struct path old = current->fs->pwd;

	path_get(p);
	current->fs->pwd = *p;
	path_put(&old);
}

long sys_chdir(const char __user *filename)
{
	int err;
	char *name = user_path(filename, &err);
	struct path p;

	if (!name)
		return err;
	mutex_lock(&vfs_lock);
	err = kern_path(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	if (!err)
		set_pwd(&p);
	mutex_unlock(&vfs_lock);
	kfree(name);
	return err;
}

long sys_fchdir(unsigned int fd)
{
	struct file *f = fget(fd);
	int err = -ENOTDIR;

	if (!f)
		return -EBADF;
	mutex_lock(&vfs_lock);
	if (S_ISDIR(f->f_inode->i_mode)) {
		set_pwd(&f->f_path);
		err = 0;
	}
	mutex_unlock(&vfs_lock);
	fput(f);
	return err;
}

/* The cwd's path from the root, built backwards (Linux's d_path); -ENOENT if it was removed. */
long sys_getcwd(char __user *buf, unsigned long size)
{
	char *k = kmalloc(PATH_MAX, GFP_KERNEL);
	struct path p, root;
	int pos = PATH_MAX - 1;
	long err = 0;

	if (!k)
		return -ENOMEM;
	k[pos] = 0;
	mutex_lock(&vfs_lock);
	if (!current->fs) {
		k[--pos] = '/';
		goto done;
	}
	p = current->fs->pwd;
	root = current->fs->root;
	if (p.dentry->d_unhashed) {
		err = -ENOENT;
		goto done;
	}
	while (!(p.dentry == root.dentry && p.mnt == root.mnt)) {
		int len;

		if (p.dentry == p.mnt->mnt_root) {
			if (p.mnt->mnt_parent == p.mnt)
				break;
			p.dentry = p.mnt->mnt_mountpoint;
			p.mnt = p.mnt->mnt_parent;
			continue;
		}
		len = strlen(p.dentry->d_name);
		if (pos < len + 2) {
			err = -ENAMETOOLONG;
			goto done;
		}
		pos -= len;
		memcpy(k + pos, p.dentry->d_name, len);
		k[--pos] = '/';
		p.dentry = p.dentry->d_parent;
	}
	if (pos == PATH_MAX - 1)
		k[--pos] = '/';
done:
	mutex_unlock(&vfs_lock);
	if (!err) {
		unsigned long len = PATH_MAX - pos;

		if (len > size)
			err = -ERANGE;
		else if (copy_to_user(buf, k + pos, len))
			err = -EFAULT;
		else
			err = len;
	}
	kfree(k);
	return err;
}
