/*
 * devtmpfs (Linux's drivers/base/devtmpfs.c): one ramfs super block holding
 * the nodes drivers create; every mount -t devtmpfs shows it. A node is also
 * made in the boot root's /dev (mknod there, errors ignored: an initramfs may
 * bring its own), so a system that never mounts devtmpfs still finds it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/devtmpfs.h>

#define DEVTMPFS_MAGIC	0x01021994	/* tmpfs's, which Linux's devtmpfs is */

static struct super_block *dev_sb;

/* The child of dir named name[0..len), made as a directory if missing (mkdir) or NULL. */
static struct dentry *dev_child(struct dentry *dir, const char *name, int len, bool mkdir)
{
	struct dentry *d = lookup_one(dir, name, len);
	struct inode *inode;

	if (d || !mkdir)
		return d;
	d = d_alloc(dir, name, len);
	inode = ramfs_get_inode(dev_sb, S_IFDIR | 0755, 0);
	if (!d || !inode) {
		kfree(d);
		if (inode)
			iput(inode);
		return NULL;
	}
	d_instantiate(d, inode);
	dget(d);			/* pinned, as ramfs pins its names */
	dir->d_inode->i_nlink++;
	return d;
}

static int dev_mknod(const char *name, umode_t mode, dev_t devt)
{
	struct dentry *dir = dev_sb->s_root, *d;
	struct inode *inode;
	const char *slash;

	while ((slash = strchr(name, '/'))) {
		dir = dev_child(dir, name, slash - name, true);
		if (!dir)
			return -ENOMEM;
		name = slash + 1;
	}
	if (!*name || strlen(name) > NAME_MAX)
		return -EINVAL;
	if (lookup_one(dir, name, strlen(name)))
		return -EEXIST;
	d = d_alloc(dir, name, strlen(name));
	inode = ramfs_get_inode(dev_sb, mode, devt);
	if (!d || !inode) {
		kfree(d);
		if (inode)
			iput(inode);
		return -ENOMEM;
	}
	d_instantiate(d, inode);
	dget(d);
	return 0;
}

int devtmpfs_create_node(const char *name, umode_t mode, dev_t devt)
{
	char path[64];
	const char *s;
	int err;

	bool locked = vfs_lock.owner == current;	/* from a driver's open (pty slaves) */

	if (!dev_sb)
		return -ENODEV;
	if (!locked)
		mutex_lock(&vfs_lock);
	err = dev_mknod(name, mode, devt);
	if (!locked)
		mutex_unlock(&vfs_lock);
	if (err)
		return err;
	/* the root's /dev: the directories on the way, then the node */
	for (s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
		snprintf(path, sizeof(path), "/dev/%.*s", (int)(s - name), name);
		vfs_mkdir_path(path, 0755);
	}
	snprintf(path, sizeof(path), "/dev/%s", name);
	vfs_mknod_path(path, mode, devt);
	return 0;
}

/* The number of the top-level node name, or 0 if no driver made it. */
dev_t devtmpfs_node_devt(const char *name)
{
	struct dentry *d;
	dev_t devt = 0;

	if (!dev_sb)
		return 0;
	mutex_lock(&vfs_lock);
	d = lookup_one(dev_sb->s_root, name, strlen(name));
	if (d && d->d_inode && !S_ISDIR(d->d_inode->i_mode))
		devt = d->d_inode->i_rdev;
	mutex_unlock(&vfs_lock);
	return devt;
}

int devtmpfs_delete_node(const char *name)
{
	struct dentry *dir, *d = NULL;
	const char *slash;

	if (!dev_sb)
		return -ENODEV;
	mutex_lock(&vfs_lock);
	dir = dev_sb->s_root;
	while (dir && (slash = strchr(name, '/'))) {
		dir = dev_child(dir, name, slash - name, false);
		name = slash + 1;
	}
	if (dir)
		d = lookup_one(dir, name, strlen(name));
	if (d && !S_ISDIR(d->d_inode->i_mode)) {
		d_delete(d);
		dput(d);		/* the pin */
	}
	mutex_unlock(&vfs_lock);
	return d ? 0 : -ENOENT;
}

static struct super_block *devtmpfs_mount(struct file_system_type *type, const char *dev, void *data)
{
	(void)type;
	(void)dev;
	(void)data;
	return dev_sb ? dev_sb : ERR_PTR(-ENODEV);
}

static struct file_system_type devtmpfs_fs_type = {
	.name = "devtmpfs",
	.mount = devtmpfs_mount,
};

/* Called by vfs_caches_init, before any driver: the super block and the type. */
void devtmpfs_init(void)
{
	struct super_block *sb = ramfs_fs_type.mount(&ramfs_fs_type, "devtmpfs", NULL);

	if (IS_ERR(sb)) {
		pr_err("devtmpfs: unable to create the super block\n");
		return;
	}
	sb->s_type = &devtmpfs_fs_type;
	sb->s_magic = DEVTMPFS_MAGIC;
	dev_sb = sb;
	register_filesystem(&devtmpfs_fs_type);
	pr_info("devtmpfs: initialized\n");
}
