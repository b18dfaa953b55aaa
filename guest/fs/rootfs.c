/*
 * Filling the root ramfs from the initramfs (Linux's init/initramfs.c
 * do_name/do_copy/do_symlink, through the VFS): directories, regular files,
 * symlinks and device or FIFO nodes, created by path with their mode and
 * owner. A directory that already exists (/dev) is kept.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/rootfs.h>

static unsigned int nr_added;

static int set_owner(const char *name, u32 mode, u32 uid, u32 gid)
{
	struct path p;
	int err;

	mutex_lock(&vfs_lock);
	err = kern_path(AT_FDCWD, name, 0, &p);
	if (!err) {
		p.dentry->d_inode->i_uid = uid;
		p.dentry->d_inode->i_gid = gid;
		if (!S_ISLNK(mode))
			p.dentry->d_inode->i_mode = mode;
	}
	mutex_unlock(&vfs_lock);
	return err;
}

int rootfs_add(const char *name, u32 mode, u32 uid, u32 gid, const void *data, size_t size)
{
	struct file *f;
	char *target;
	int err;

	if (strlen(name) >= PATH_MAX)
		return -ENAMETOOLONG;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		err = vfs_mkdir_path(name, mode & S_IALLUGO);
		if (err == -EEXIST)
			err = 0;
		break;
	case S_IFLNK:
		target = kmalloc(size + 1, GFP_KERNEL);
		if (!target)
			return -ENOMEM;
		memcpy(target, data, size);
		target[size] = 0;
		err = vfs_symlink_path(target, name);
		kfree(target);
		break;
	case S_IFREG:
		f = filp_open(name, O_CREAT | O_EXCL | O_WRONLY, mode & S_IALLUGO);
		if (IS_ERR(f))
			return PTR_ERR(f);
		mutex_lock(&vfs_lock);
		err = f->f_inode->i_op->setsize(f->f_inode, size);
		if (!err && size)
			memcpy(f->f_inode->i_private, data, size);
		mutex_unlock(&vfs_lock);
		fput(f);
		break;
	default:
		err = vfs_mknod_path(name, mode, 0);
		break;
	}
	if (!err)
		err = set_owner(name, mode, uid, gid);
	if (!err)
		nr_added++;
	return err == -ENOSPC ? -ENOMEM : err;
}

unsigned int rootfs_count(void)
{
	return nr_added;
}
