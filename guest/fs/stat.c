/*
 * stat64, lstat64, fstat64, fstatat64, statx and getdents64 (Linux's
 * fs/stat.c and fs/readdir.c), in the i386 layouts.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

/* arch/x86/include/uapi/asm/stat.h, 32-bit */
struct stat64 {
	u64 st_dev;
	u8 __pad0[4];
	u32 __st_ino;
	u32 st_mode;
	u32 st_nlink;
	u32 st_uid;
	u32 st_gid;
	u64 st_rdev;
	u8 __pad3[4];
	s64 st_size;
	u32 st_blksize;
	u64 st_blocks;
	u32 st_atime, st_atime_nsec;
	u32 st_mtime, st_mtime_nsec;
	u32 st_ctime, st_ctime_nsec;
	u64 st_ino;
} __attribute__((packed));

static int cp_new_stat64(struct inode *inode, struct stat64 __user *u)
{
	struct stat64 st;

	memset(&st, 0, sizeof(st));
	st.st_dev = inode->i_sb->s_dev;
	st.__st_ino = inode->i_ino;
	st.st_ino = inode->i_ino;
	st.st_mode = inode->i_mode;
	st.st_nlink = inode->i_nlink;
	st.st_uid = inode->i_uid;
	st.st_gid = inode->i_gid;
	st.st_rdev = inode->i_rdev;
	st.st_size = inode->i_size;
	st.st_blksize = 4096;
	st.st_blocks = inode->i_op && inode->i_op->getblocks ? inode->i_op->getblocks(inode) :
		       (u64)(inode->i_size + 511) >> 9;
	st.st_atime = inode->i_atime;
	st.st_mtime = inode->i_mtime;
	st.st_ctime = inode->i_ctime;
	return copy_to_user(u, &st, sizeof(st)) ? -EFAULT : 0;
}

/* The inode a (dfd, name, flags) names, held (ihold) for the caller. */
int vfs_statx_inode(int dfd, const char __user *filename, int flags, struct inode **out)
{
	char *name;
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */ |
		      0x6000 /* AT_STATX_SYNC_TYPE */))
		return -EINVAL;
	name = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	err = getname(filename, name);
	if (err == 0 && (flags & AT_EMPTY_PATH)) {
		struct file *f = dfd == AT_FDCWD ? NULL : fget(dfd);

		if (dfd == AT_FDCWD) {
			mutex_lock(&vfs_lock);
			*out = current->fs->pwd.dentry->d_inode;
			ihold(*out);
			mutex_unlock(&vfs_lock);
			err = 0;
		} else if (!f) {
			err = -EBADF;
		} else {
			*out = f->f_inode;
			mutex_lock(&vfs_lock);
			ihold(*out);
			mutex_unlock(&vfs_lock);
			fput(f);
			err = 0;
		}
		kfree(name);
		return err;
	}
	if (err == 0)
		err = -ENOENT;
	if (err > 0) {
		mutex_lock(&vfs_lock);
		err = kern_path(dfd, name, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &p);
		if (!err) {
			*out = p.dentry->d_inode;
			ihold(*out);
		}
		mutex_unlock(&vfs_lock);
	}
	kfree(name);
	return err;
}

static void put_inode(struct inode *inode)
{
	mutex_lock(&vfs_lock);
	iput(inode);
	mutex_unlock(&vfs_lock);
}

long sys_fstatat64(int dfd, const char __user *filename, struct stat64 __user *statbuf, int flag)
{
	struct inode *inode;
	int err = vfs_statx_inode(dfd, filename, flag, &inode);

	if (err)
		return err;
	err = cp_new_stat64(inode, statbuf);
	put_inode(inode);
	return err;
}

long sys_stat64(const char __user *filename, struct stat64 __user *statbuf)
{
	return sys_fstatat64(AT_FDCWD, filename, statbuf, 0);
}

long sys_lstat64(const char __user *filename, struct stat64 __user *statbuf)
{
	return sys_fstatat64(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(unsigned int fd, struct stat64 __user *statbuf)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	err = cp_new_stat64(f->f_inode, statbuf);
	fput(f);
	return err;
}

struct statx_timestamp { s64 tv_sec; u32 tv_nsec; s32 __reserved; };
struct statx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, __spare0;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 __spare2[14];
};
#define STATX_BASIC_STATS 0x7ff

long sys_statx(int dfd, const char __user *filename, unsigned int flags, unsigned int mask,
	       struct statx __user *buffer)
{
	struct inode *inode;
	struct statx st;
	int err = vfs_statx_inode(dfd, filename, flags, &inode);

	if (err)
		return err;
	memset(&st, 0, sizeof(st));
	st.stx_mask = STATX_BASIC_STATS;
	st.stx_blksize = 4096;
	st.stx_nlink = inode->i_nlink;
	st.stx_uid = inode->i_uid;
	st.stx_gid = inode->i_gid;
	st.stx_mode = inode->i_mode;
	st.stx_ino = inode->i_ino;
	st.stx_size = inode->i_size;
	st.stx_blocks = inode->i_op && inode->i_op->getblocks ? inode->i_op->getblocks(inode) :
			(u64)(inode->i_size + 511) >> 9;
	st.stx_atime.tv_sec = inode->i_atime;
	st.stx_mtime.tv_sec = inode->i_mtime;
	st.stx_ctime.tv_sec = inode->i_ctime;
	st.stx_rdev_major = MAJOR(inode->i_rdev);
	st.stx_rdev_minor = MINOR(inode->i_rdev);
	st.stx_dev_major = MAJOR(inode->i_sb->s_dev);
	st.stx_dev_minor = MINOR(inode->i_sb->s_dev);
	put_inode(inode);
	return copy_to_user(buffer, &st, sizeof(st)) ? -EFAULT : 0;
}

struct getdents_callback64 {
	struct dir_context ctx;
	char __user *buf;
	int count, used, error;
};

struct linux_dirent64_head { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; } __attribute__((packed));

static bool filldir64(struct dir_context *ctx, const char *name, int len, loff_t pos, u64 ino,
		      unsigned int type)
{
	struct getdents_callback64 *b = (struct getdents_callback64 *)ctx;
	struct linux_dirent64_head h;
	int reclen = ALIGN(sizeof(h) + len + 1, 8);
	char zero[8] = { 0 };

	if (reclen > b->count - b->used) {
		b->error = b->used ? 0 : -EINVAL;
		return false;
	}
	h.d_ino = ino;
	h.d_off = pos;
	h.d_reclen = reclen;
	h.d_type = type;
	if (copy_to_user(b->buf + b->used, &h, sizeof(h)) ||
	    copy_to_user(b->buf + b->used + sizeof(h), name, len) ||
	    copy_to_user(b->buf + b->used + sizeof(h) + len, zero, reclen - sizeof(h) - len)) {
		b->error = -EFAULT;
		return false;
	}
	b->used += reclen;
	return true;
}

long sys_getdents64(unsigned int fd, void __user *dirent, unsigned int count)
{
	struct file *f = fget(fd);
	struct getdents_callback64 b = { .ctx.actor = filldir64, .buf = dirent, .count = count };
	long ret;

	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->f_inode->i_mode) || !f->f_op || !f->f_op->iterate) {
		fput(f);
		return -ENOTDIR;
	}
	if (!access_ok(dirent, count)) {
		fput(f);
		return -EFAULT;
	}
	mutex_lock(&vfs_lock);
	b.ctx.pos = f->f_pos;
	ret = f->f_op->iterate(f, &b.ctx);
	f->f_pos = b.ctx.pos;
	mutex_unlock(&vfs_lock);
	fput(f);
	if (ret == 0)
		ret = b.error ? b.error : b.used;
	return ret;
}
