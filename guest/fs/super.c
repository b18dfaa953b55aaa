/*
 * File system types, super blocks and the mount table (Linux's fs/super.c,
 * fs/filesystems.c and fs/namespace.c, cut down): rootfs is a ramfs mounted
 * at boot; mount(2) puts a new super block's root over a directory (or binds
 * a directory there: MS_BIND); umount2 takes it off when nothing is open
 * below it. The path walk crosses mount points with follow_mounts and
 * follow_dotdot.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/devtmpfs.h>

static struct file_system_type *file_systems;
static LIST_HEAD(mounts);
struct vfsmount *root_mnt;
static unsigned int next_anon_dev = 1;

#define MS_RDONLY	1
#define MS_REMOUNT	32
#define MS_BIND		4096
#define MNT_FORCE	1
#define MNT_DETACH	2

/* f on every mount (the dcache shrinker walks their trees); vfs_lock held. */
void for_each_mount(void (*f)(struct vfsmount *mnt, void *arg), void *arg)
{
	struct vfsmount *mnt;

	list_for_each_entry(mnt, &mounts, mnt_list)
		f(mnt, arg);
}

int register_filesystem(struct file_system_type *fs)
{
	fs->next = file_systems;
	file_systems = fs;
	return 0;
}

struct file_system_type *get_filesystem_list(void)
{
	return file_systems;
}

/* The mount table in mount order (/proc/mounts). */
struct vfsmount *next_mount(struct vfsmount *prev)
{
	struct list_head *n = prev ? prev->mnt_list.next : mounts.next;

	return n == &mounts ? NULL : list_entry(n, struct vfsmount, mnt_list);
}

static struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs;

	for (fs = file_systems; fs; fs = fs->next)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

/* A super block on an anonymous device (0:n), as ramfs and tmpfs have. */
struct super_block *sget_nodev(struct file_system_type *type, unsigned long magic)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	INIT_LIST_HEAD(&sb->s_list);
	sb->s_type = type;
	sb->s_magic = magic;
	sb->s_dev = MKDEV(0, next_anon_dev++);
	return sb;
}

static struct vfsmount *alloc_mnt(struct dentry *root, struct super_block *sb)
{
	struct vfsmount *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->mnt_root = dget(root);
	m->mnt_sb = sb;
	m->mnt_parent = m;
	m->mnt_mountpoint = m->mnt_root;
	list_add_tail(&m->mnt_list, &mounts);
	return m;
}

/* The mount whose mount point is (mnt, d), the last one made there. */
struct vfsmount *lookup_mnt(struct vfsmount *mnt, struct dentry *d)
{
	struct vfsmount *m, *found = NULL;

	if (!d->d_mounted)
		return NULL;
	list_for_each_entry(m, &mounts, mnt_list)
		if (m->mnt_parent == mnt && m->mnt_mountpoint == d && m != mnt)
			found = m;
	return found;
}

void follow_mounts(struct path *p)
{
	struct vfsmount *m;

	while ((m = lookup_mnt(p->mnt, p->dentry))) {
		p->mnt = m;
		p->dentry = m->mnt_root;
	}
}

/* "..": stays at the process's root, climbs out of a mount at its root. Returns false never. */
bool follow_dotdot(struct path *p, const struct path *root)
{
	for (;;) {
		if (p->dentry == root->dentry && p->mnt == root->mnt)
			return true;
		if (p->dentry != p->mnt->mnt_root) {
			p->dentry = p->dentry->d_parent;
			break;
		}
		if (p->mnt->mnt_parent == p->mnt)
			return true;		/* the root of everything */
		p->dentry = p->mnt->mnt_mountpoint;
		p->mnt = p->mnt->mnt_parent;
	}
	follow_mounts(p);
	return true;
}

static int copy_mount_string(const char __user *u, char *k, int size)
{
	long n;

	if (!u) {
		k[0] = 0;
		return 0;
	}
	n = strncpy_from_user(k, u, size);
	if (n < 0)
		return n;
	return n == size ? -ENAMETOOLONG : 0;
}

long sys_mount(const char __user *dev_name, const char __user *dir_name,
	       const char __user *type, unsigned long flags, void __user *data)
{
	char dev[64], fstype[32] = "", *dir = kmalloc(PATH_MAX, GFP_KERNEL);
	long err;

	if (!dir)
		return -ENOMEM;
	err = getname(dir_name, dir);
	if (err == 0)
		err = -ENOENT;
	if (err > 0)
		err = copy_mount_string(dev_name, dev, sizeof(dev));
	if (!err && !(flags & MS_BIND))
		err = copy_mount_string(type, fstype, sizeof(fstype));
	if (!err)
		err = do_mount(dev, dir, fstype, flags, data);
	kfree(dir);
	return err;
}

/* mount(2) with kernel strings (the root device at boot uses it too). */
long do_mount(const char *dev, const char *dir, const char *fstype, unsigned long flags, void *data)
{
	struct file_system_type *fs;
	struct super_block *sb;
	struct vfsmount *m;
	struct path where, src;
	long err;

	mutex_lock(&vfs_lock);
	err = kern_path(AT_FDCWD, dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &where);
	if (err)
		goto unlock;
	err = -EINVAL;
	if (flags & MS_REMOUNT) {
		/* read-only <-> read-write on a mounted file system */
		if (where.dentry != where.mnt->mnt_root)
			goto unlock;
		sb = where.mnt->mnt_sb;
		err = sb->s_op && sb->s_op->remount_fs ? sb->s_op->remount_fs(sb, flags) : 0;
		if (!err)	/* what /proc/mounts shows */
			where.mnt->mnt_flags = (where.mnt->mnt_flags & ~MS_RDONLY) | (flags & MS_RDONLY);
		goto unlock;
	}
	if (flags & MS_BIND) {
		err = kern_path(AT_FDCWD, dev, LOOKUP_FOLLOW, &src);
		if (err)
			goto unlock;
		err = -ENOTDIR;
		if (!S_ISDIR(src.dentry->d_inode->i_mode))
			goto unlock;
		sb = src.mnt->mnt_sb;
		m = alloc_mnt(src.dentry, sb);
	} else {
		err = -ENODEV;
		fs = get_fs_type(fstype);
		if (!fs)
			goto unlock;
		sb = fs->mount(fs, dev, data);
		if (IS_ERR(sb)) {
			err = PTR_ERR(sb);
			goto unlock;
		}
		/* a file system that can write comes up read-only; MS_RDONLY keeps it so */
		if (!(flags & MS_RDONLY) && sb->s_op && sb->s_op->remount_fs) {
			err = sb->s_op->remount_fs(sb, flags);
			if (err) {
				fs->kill_sb(sb);
				goto unlock;
			}
		}
		m = alloc_mnt(sb->s_root, sb);
	}
	err = -ENOMEM;
	if (!m)
		goto unlock;
	m->mnt_parent = where.mnt;
	m->mnt_mountpoint = dget(where.dentry);
	m->mnt_flags = flags & MS_RDONLY;
	strlcpy(m->mnt_devname, dev, sizeof(m->mnt_devname));
	where.dentry->d_mounted++;
	err = 0;
unlock:
	mutex_unlock(&vfs_lock);
	return err;
}

long sys_umount2(const char __user *name, int flags)
{
	char *dir = kmalloc(PATH_MAX, GFP_KERNEL);
	struct vfsmount *m, *child;
	struct path p;
	long err;

	if (!dir)
		return -ENOMEM;
	err = getname(name, dir);
	if (err == 0)
		err = -ENOENT;
	if (err < 0)
		goto out;
	err = -EINVAL;
	if (flags & ~(MNT_FORCE | MNT_DETACH | 8 /* UMOUNT_NOFOLLOW */))
		goto out;
	mutex_lock(&vfs_lock);
	err = kern_path(AT_FDCWD, dir, LOOKUP_FOLLOW, &p);
	if (err)
		goto unlock;
	m = p.mnt;
	err = -EINVAL;
	if (p.dentry != m->mnt_root || m->mnt_parent == m)
		goto unlock;
	err = -EBUSY;
	if (m->mnt_count)
		goto unlock;
	list_for_each_entry(child, &mounts, mnt_list)
		if (child->mnt_parent == m && child != m)
			goto unlock;
	list_del(&m->mnt_list);
	m->mnt_mountpoint->d_mounted--;
	dput(m->mnt_mountpoint);
	dput(m->mnt_root);
	/* the super block goes with its last mount */
	list_for_each_entry(child, &mounts, mnt_list)
		if (child->mnt_sb == m->mnt_sb)
			break;
	if (&child->mnt_list == &mounts && m->mnt_sb->s_type->kill_sb)
		m->mnt_sb->s_type->kill_sb(m->mnt_sb);
	kfree(m);
	err = 0;
unlock:
	mutex_unlock(&vfs_lock);
out:
	kfree(dir);
	return err;
}

/* fn on each mounted super block once (sync). Callers hold vfs_lock. */
void iterate_supers(void (*fn)(struct super_block *, void *), void *arg)
{
	struct vfsmount *m, *prev;

	list_for_each_entry(m, &mounts, mnt_list) {
		list_for_each_entry(prev, &mounts, mnt_list)
			if (prev == m || prev->mnt_sb == m->mnt_sb)
				break;
		if (prev == m)
			fn(m->mnt_sb, arg);
	}
}

long sys_umount(const char __user *name)
{
	return sys_umount2(name, 0);
}

/* The root: a ramfs (Linux's rootfs), then /dev with the console, null and zero. */
void vfs_caches_init(void)
{
	struct super_block *sb;

	register_filesystem(&ramfs_fs_type);
	register_filesystem(&tmpfs_fs_type);
	sb = ramfs_fs_type.mount(&ramfs_fs_type, "rootfs", NULL);
	if (IS_ERR(sb))
		panic("VFS: cannot create the root file system");
	root_mnt = alloc_mnt(sb->s_root, sb);
	if (!root_mnt)
		panic("VFS: cannot mount the root file system");
	strlcpy(root_mnt->mnt_devname, "rootfs", sizeof(root_mnt->mnt_devname));
	/* kernel threads walk from here too (init before it execs) */
	vfs_mkdir_path("/dev", 0755);
	devtmpfs_init();	/* the nodes go there and into /dev */
	devtmpfs_create_node("console", S_IFCHR | 0600, MKDEV(5, 1));
	devtmpfs_create_node("null", S_IFCHR | 0666, MKDEV(1, 3));
	devtmpfs_create_node("zero", S_IFCHR | 0666, MKDEV(1, 5));
	devtmpfs_create_node("mem", S_IFCHR | 0640, MKDEV(1, 1));	/* drivers/char/mem.c */
	devtmpfs_create_node("kmem", S_IFCHR | 0640, MKDEV(1, 2));
	devtmpfs_create_node("port", S_IFCHR | 0640, MKDEV(1, 4));
	devtmpfs_create_node("full", S_IFCHR | 0666, MKDEV(1, 7));	/* drivers/char/random.c */
	devtmpfs_create_node("random", S_IFCHR | 0666, MKDEV(1, 8));
	devtmpfs_create_node("urandom", S_IFCHR | 0666, MKDEV(1, 9));
	vfs_mkdir_path("/tmp", 01777);
	pr_info("VFS: ramfs mounted as root, /dev populated\n");
}
