/*
 * ramfs (Linux's fs/ramfs and fs/libfs.c): a file system that is nothing but
 * the dentry cache. Directories are their dentries' children; a regular
 * file's bytes are one buffer (kmalloc'ed while small, vmalloc'ed when big)
 * that grows by doubling; a symlink's target is its buffer. It is the root
 * file system the initramfs is unpacked into, and what mount -t tmpfs gives.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/fs.h>

#define RAMFS_MAGIC	0x858458f6
#define SMALL_BUF	65536		/* up to here kmalloc, beyond vmalloc */

static const struct inode_operations ramfs_dir_inode_ops;
static const struct inode_operations ramfs_file_inode_ops;
static const struct inode_operations ramfs_symlink_inode_ops;
static const struct file_operations ramfs_file_ops;

static void buf_free(void *p, size_t cap)
{
	if (cap > SMALL_BUF)
		vfree(p);
	else
		kfree(p);
}

/* Make room for size bytes; new bytes are zero. */
static int ramfs_reserve(struct inode *inode, size_t size)
{
	size_t cap = inode->i_capacity;
	void *p;

	if (size <= cap)
		return 0;
	if (size > MAX_LFS_FILESIZE)
		return -EFBIG;
	if (!cap)
		cap = 64;
	while (cap < size)
		cap *= 2;
	p = cap > SMALL_BUF ? vmalloc(cap) : kmalloc(cap, GFP_KERNEL);
	if (!p)
		return -ENOSPC;
	memcpy(p, inode->i_private, inode->i_size);
	memset((char *)p + inode->i_size, 0, cap - inode->i_size);
	buf_free(inode->i_private, inode->i_capacity);
	inode->i_private = p;
	inode->i_capacity = cap;
	return 0;
}

static int ramfs_setsize(struct inode *inode, loff_t size)
{
	int err;

	if (size < 0)
		return -EINVAL;
	if (size > MAX_LFS_FILESIZE)
		return -EFBIG;
	if (size > inode->i_size) {
		err = ramfs_reserve(inode, size);
		if (err)
			return err;
	} else if (inode->i_private) {
		/* the tail beyond the new end reads as zero if the file grows again */
		memset((char *)inode->i_private + size, 0, inode->i_size - size);
	}
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time_sec();
	return 0;
}

static void ramfs_evict(struct inode *inode)
{
	buf_free(inode->i_private, inode->i_capacity);
}

static const struct super_operations ramfs_ops = {
	.evict_inode = ramfs_evict,
};

struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_uid = 0;
	inode->i_gid = 0;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ramfs_file_inode_ops;
		inode->i_fop = &ramfs_file_ops;
		break;
	case S_IFDIR:
		inode->i_op = &ramfs_dir_inode_ops;
		inode->i_fop = &dcache_dir_ops;
		inode->i_nlink = 2;
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_symlink_inode_ops;
		break;
	default:
		init_special_inode(inode, mode, dev);
		break;
	}
	return inode;
}

static int ramfs_mknod(struct inode *dir, struct dentry *d, umode_t mode, dev_t dev)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, mode, dev);

	if (!inode)
		return -ENOSPC;
	d_instantiate(d, inode);
	dget(d);			/* ramfs pins its dentries: the tree is the file system */
	dir->i_mtime = dir->i_ctime = current_time_sec();
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *d, umode_t mode)
{
	return ramfs_mknod(dir, d, mode | S_IFREG, 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *d, umode_t mode)
{
	int err = ramfs_mknod(dir, d, mode | S_IFDIR, 0);

	if (!err)
		dir->i_nlink++;
	return err;
}

static int ramfs_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, S_IFLNK | 0777, 0);
	size_t len = strlen(target);

	if (!inode)
		return -ENOSPC;
	if (ramfs_reserve(inode, len)) {
		iput(inode);
		return -ENOSPC;
	}
	memcpy(inode->i_private, target, len);
	inode->i_size = len;
	d_instantiate(d, inode);
	dget(d);
	return 0;
}

static int ramfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;

	inode->i_nlink++;
	inode->i_ctime = current_time_sec();
	ihold(inode);
	d_instantiate(d, inode);
	dget(d);
	return 0;
}

/* The name goes; the dentry (and inode) live on while files hold them. */
static int ramfs_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;

	inode->i_nlink--;
	inode->i_ctime = dir->i_mtime = dir->i_ctime = current_time_sec();
	d_delete(d);
	dput(d);			/* the pin from creation */
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *d)
{
	if (!list_empty(&d->d_subdirs))
		return -ENOTEMPTY;
	d->d_inode->i_nlink = 1;	/* ramfs_unlink takes the last one: a removed dir has 0 */
	dir->i_nlink--;
	return ramfs_unlink(dir, d) ;
}

static int ramfs_readlink(struct dentry *d, char *buf, int size)
{
	struct inode *inode = d->d_inode;
	int n = min_t(int, size, inode->i_size);

	memcpy(buf, inode->i_private, n);
	return n;
}

static const struct inode_operations ramfs_dir_inode_ops = {
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.mknod = ramfs_mknod,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
};

static const struct inode_operations ramfs_file_inode_ops = {
	.setsize = ramfs_setsize,
};

static const struct inode_operations ramfs_symlink_inode_ops = {
	.readlink = ramfs_readlink,
};

static ssize_t ramfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t n;

	if (*pos >= inode->i_size)
		return 0;
	n = min_t(loff_t, count, inode->i_size - *pos);
	if (copy_to_user(buf, (char *)inode->i_private + *pos, n))
		return -EFAULT;
	*pos += n;
	inode->i_atime = current_time_sec();
	return n;
}

static ssize_t ramfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t left;
	int err;

	if (f->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (*pos >= MAX_LFS_FILESIZE)
		return -EFBIG;
	if (count > MAX_LFS_FILESIZE - *pos)
		count = MAX_LFS_FILESIZE - *pos;
	err = ramfs_reserve(inode, *pos + count);
	if (err)
		return err;
	left = copy_from_user((char *)inode->i_private + *pos, buf, count);
	count -= left;
	if (!count && left)
		return -EFAULT;
	*pos += count;
	if (*pos > inode->i_size)
		inode->i_size = *pos;
	inode->i_mtime = inode->i_ctime = current_time_sec();
	return count;
}

static const struct file_operations ramfs_file_ops = {
	.llseek = generic_file_llseek,
	.read = ramfs_read,
	.write = ramfs_write,
};

static struct super_block *ramfs_mount(struct file_system_type *type, const char *dev, void *data)
{
	struct super_block *sb = sget_nodev(type, RAMFS_MAGIC);
	struct inode *root;
	struct dentry *d;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_op = &ramfs_ops;
	root = ramfs_get_inode(sb, S_IFDIR | 0755, 0);
	d = d_alloc(NULL, "/", 1);
	if (!root || !d) {
		kfree(root);
		kfree(d);
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, root);
	dget(d);
	sb->s_root = d;
	return sb;
}

/* Drop a subtree's pins, children first (Linux's kill_litter_super). */
static void drop_tree(struct dentry *d)
{
	while (!list_empty(&d->d_subdirs))
		drop_tree(list_first_entry(&d->d_subdirs, struct dentry, d_child));
	if (d->d_parent != d) {
		d_delete(d);
		dput(d);
	}
}

static void ramfs_kill_sb(struct super_block *sb)
{
	drop_tree(sb->s_root);
	sb->s_root->d_unhashed = true;
	dput(sb->s_root);
	kfree(sb);
}

struct file_system_type ramfs_fs_type = { .name = "ramfs", .mount = ramfs_mount, .kill_sb = ramfs_kill_sb };
struct file_system_type tmpfs_fs_type = { .name = "tmpfs", .mount = ramfs_mount, .kill_sb = ramfs_kill_sb };

/* Generic directory reading over the dentry cache: ".", "..", then the children. */
static bool emit(struct dir_context *ctx, struct dentry *d, const char *name, int len)
{
	return ctx->actor(ctx, name, len, ctx->pos + 1, d->d_inode->i_ino,
			  (d->d_inode->i_mode & S_IFMT) >> 12);
}

int dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_path.dentry, *d;
	loff_t i = 2;

	if (ctx->pos == 0) {
		if (!emit(ctx, dir, ".", 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!emit(ctx, dir->d_parent, "..", 2))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (i++ < ctx->pos)
			continue;
		if (!emit(ctx, d, d->d_name, strlen(d->d_name)))
			return 0;
		ctx->pos++;
	}
	return 0;
}

const struct file_operations dcache_dir_ops = {
	.llseek = generic_file_llseek,
	.iterate = dcache_readdir,
};
