/*
 * The root file system from a disk (Linux's init/do_mounts.c, cut down):
 * when the initramfs has no /init and the command line names root=, the
 * root device is mounted on /root of the ramfs (rootfstype=, ext2 by
 * default; read-only unless "rw", as Linux's root_mountflags), the ramfs's
 * /dev is bound over the disk's /dev if it has one, and init's root and
 * working directory move there (Linux's MS_MOVE and chroot). init= then
 * names a program on the disk.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/blkdev.h>

#define MS_RDONLY	1
#define MS_BIND		4096

static char *saved_root_name;
static char *root_fs_type;
static unsigned long root_mountflags = MS_RDONLY;

static int __init root_dev_setup(char *line)
{
	saved_root_name = line;
	return 1;
}
__setup("root=", root_dev_setup);

static int __init fs_names_setup(char *str)
{
	root_fs_type = str;
	return 1;
}
__setup("rootfstype=", fs_names_setup);

static int __init readonly(char *str)
{
	root_mountflags |= MS_RDONLY;
	return 1;
}
__setup("ro", readonly);

static int __init readwrite(char *str)
{
	root_mountflags &= ~MS_RDONLY;
	return 1;
}
__setup("rw", readwrite);

/* init's root and cwd become path (Linux's init_chroot and init_chdir). */
static void set_fs_root_pwd(const struct path *path)
{
	struct fs_struct *fs = current->fs;
	struct path old_root = fs->root, old_pwd = fs->pwd;

	path_get(path);
	path_get(path);
	fs->root = *path;
	fs->pwd = *path;
	path_put(&old_root);
	path_put(&old_pwd);
}

static bool exists(const char *name)
{
	struct path p;
	int err;

	mutex_lock(&vfs_lock);
	err = kern_path(AT_FDCWD, name, 0, &p);
	mutex_unlock(&vfs_lock);
	return !err;
}

void __init prepare_namespace(void)
{
	const char *type = root_fs_type ? root_fs_type : "ext2";
	struct block_device *bdev;
	struct path root;
	long err;

	if (!saved_root_name || exists("/init") || !current->fs)
		return;
	bdev = blkdev_get_by_name(saved_root_name);
	vfs_mkdir_path("/root", 0700);
	err = do_mount(saved_root_name, "/root", type, root_mountflags, NULL);
	if (err) {
		pr_emerg("VFS: Cannot open root device \"%s\" or unknown-block(%u,%u): error %ld\n",
			 saved_root_name, bdev ? MAJOR(bdev->dev) : 0, bdev ? MINOR(bdev->dev) : 0, err);
		panic("VFS: Unable to mount root fs on unknown-block(%u,%u)",
		      bdev ? MAJOR(bdev->dev) : 0, bdev ? MINOR(bdev->dev) : 0);
	}
	pr_info("VFS: Mounted root (%s filesystem) %son device %u:%u.\n", type,
		root_mountflags & MS_RDONLY ? "readonly " : "", MAJOR(bdev->dev), MINOR(bdev->dev));
	/* the device nodes the kernel made (Linux's devtmpfs_mount) */
	if (exists("/root/dev") && do_mount("/dev", "/root/dev", NULL, MS_BIND, NULL))
		pr_warn("VFS: could not bind /dev on the root\n");
	mutex_lock(&vfs_lock);
	err = kern_path(AT_FDCWD, "/root", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &root);
	if (!err)
		set_fs_root_pwd(&root);
	mutex_unlock(&vfs_lock);
}
