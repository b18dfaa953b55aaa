/*
 * Changing an inode's owner and times, and asking about a file system
 * (Linux's fs/open.c chown_common, fs/utimes.c, fs/statfs.c and
 * fs/xattr.c's answers for a file system without extended attributes):
 *
 *   chown, lchown, fchown, fchownat and the 16-bit calls of i386 (where
 *   0xffff means "leave it", as Linux's low2highuid);
 *   utimensat (32- and 64-bit times, UTIME_NOW and UTIME_OMIT), futimesat,
 *   utimes and utime;
 *   statfs, fstatfs, statfs64 and fstatfs64 (the file system's own numbers
 *   through super_operations.statfs when it has them);
 *   getxattr and listxattr and their l/f forms: no attributes (ENODATA, an
 *   empty list); setxattr and removexattr: EOPNOTSUPP.
 *
 * Every task is root, so the permission checks are those root meets: the
 * file system must be writable (EROFS). The inode is marked dirty; ext2
 * writes owner (32 bits, the high halves in osd2) and times with it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

#define ENODATA		61
#define EOPNOTSUPP	95
#define S_ISUID		04000
#define S_ISGID		02000
#define S_IXGRP		00010
#define UTIME_NOW	((1L << 30) - 1)
#define UTIME_OMIT	((1L << 30) - 2)
#define ST_RDONLY	0x0001
#define ST_VALID	0x0020

int vfs_statx_inode(int dfd, const char __user *filename, int flags, struct inode **out);

static void put_inode(struct inode *inode)
{
	mutex_lock(&vfs_lock);
	iput(inode);
	mutex_unlock(&vfs_lock);
}

/* The inode of an open file, held like vfs_statx_inode's. */
static int fd_inode(unsigned int fd, struct inode **out)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	*out = f->f_inode;
	mutex_lock(&vfs_lock);
	ihold(*out);
	mutex_unlock(&vfs_lock);
	fput(f);
	return 0;
}

/* (u32)-1 leaves a field as it is. A change of owner drops set-user-ID, and set-group-ID
 * when it means it (group execute set), on anything but a directory (Linux's notify_change). */
static int chown_inode(struct inode *inode, u32 uid, u32 gid)
{
	int err = 0;

	mutex_lock(&vfs_lock);
	if (inode->i_sb && (inode->i_sb->s_flags & SB_RDONLY)) {
		err = -EROFS;
	} else {
		if (uid != (u32)-1)
			inode->i_uid = uid;
		if (gid != (u32)-1)
			inode->i_gid = gid;
		if (!S_ISDIR(inode->i_mode)) {
			inode->i_mode &= ~S_ISUID;
			if ((inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
				inode->i_mode &= ~S_ISGID;
		}
		inode->i_ctime = current_time_sec();
		mark_inode_dirty(inode);
	}
	mutex_unlock(&vfs_lock);
	return err;
}

long sys_fchownat(int dfd, const char __user *filename, u32 uid, u32 gid, int flag)
{
	struct inode *inode;
	int err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = vfs_statx_inode(dfd, filename, flag, &inode);
	if (err)
		return err;
	err = chown_inode(inode, uid, gid);
	put_inode(inode);
	return err;
}

long sys_chown32(const char __user *filename, u32 uid, u32 gid)
{
	return sys_fchownat(AT_FDCWD, filename, uid, gid, 0);
}

long sys_lchown32(const char __user *filename, u32 uid, u32 gid)
{
	return sys_fchownat(AT_FDCWD, filename, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown32(unsigned int fd, u32 uid, u32 gid)
{
	struct inode *inode;
	int err = fd_inode(fd, &inode);

	if (err)
		return err;
	err = chown_inode(inode, uid, gid);
	put_inode(inode);
	return err;
}

/* The 16-bit calls: 0xffff is -1 (Linux's low2highuid). */
static u32 high_id(u32 id)
{
	id &= 0xffff;
	return id == 0xffff ? (u32)-1 : id;
}

long sys_chown16(const char __user *filename, u32 uid, u32 gid)
{
	return sys_chown32(filename, high_id(uid), high_id(gid));
}

long sys_lchown16(const char __user *filename, u32 uid, u32 gid)
{
	return sys_lchown32(filename, high_id(uid), high_id(gid));
}

long sys_fchown16(unsigned int fd, u32 uid, u32 gid)
{
	return sys_fchown32(fd, high_id(uid), high_id(gid));
}

/*
 * Set atime and mtime in seconds (the inodes keep no more); a time of
 * UTIME_OMIT in nsec leaves that one, UTIME_NOW takes the clock's. The
 * change time moves unless both are left.
 */
static int utimes_inode(struct inode *inode, const s64 *sec, const long *nsec)
{
	u32 now = current_time_sec();
	int err = 0;

	mutex_lock(&vfs_lock);
	if (inode->i_sb && (inode->i_sb->s_flags & SB_RDONLY)) {
		err = -EROFS;
	} else if (!nsec || nsec[0] != UTIME_OMIT || nsec[1] != UTIME_OMIT) {
		if (!nsec || nsec[0] == UTIME_NOW)
			inode->i_atime = now;
		else if (nsec[0] != UTIME_OMIT)
			inode->i_atime = sec[0];
		if (!nsec || nsec[1] == UTIME_NOW)
			inode->i_mtime = now;
		else if (nsec[1] != UTIME_OMIT)
			inode->i_mtime = sec[1];
		inode->i_ctime = now;
		mark_inode_dirty(inode);
	}
	mutex_unlock(&vfs_lock);
	return err;
}

/* utimensat's common part: a NULL name means dfd itself (futimens). */
static long do_utimes(int dfd, const char __user *filename, const s64 *sec, const long *nsec,
		      int flags)
{
	struct inode *inode;
	int i, err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	for (i = 0; nsec && i < 2; i++)
		if ((nsec[i] < 0 || nsec[i] > 999999999) && nsec[i] != UTIME_NOW &&
		    nsec[i] != UTIME_OMIT)
			return -EINVAL;
	if (!filename) {
		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		if (dfd == AT_FDCWD)
			return -EFAULT;
		err = fd_inode(dfd, &inode);
	} else {
		err = vfs_statx_inode(dfd, filename, flags, &inode);
	}
	if (err)
		return err;
	err = utimes_inode(inode, sec, nsec);
	put_inode(inode);
	return err;
}

long sys_utimensat_time32(int dfd, const char __user *filename, const s32 __user *times,
			  int flags)
{
	s32 t[4];
	s64 sec[2];
	long nsec[2];

	if (!times)
		return do_utimes(dfd, filename, NULL, NULL, flags);
	if (copy_from_user(t, times, sizeof(t)))
		return -EFAULT;
	sec[0] = t[0], nsec[0] = t[1], sec[1] = t[2], nsec[1] = t[3];
	return do_utimes(dfd, filename, sec, nsec, flags);
}

long sys_utimensat(int dfd, const char __user *filename, const s64 __user *times, int flags)
{
	s64 t[4];
	s64 sec[2];
	long nsec[2];

	if (!times)
		return do_utimes(dfd, filename, NULL, NULL, flags);
	if (copy_from_user(t, times, sizeof(t)))
		return -EFAULT;
	sec[0] = t[0], nsec[0] = (long)t[1], sec[1] = t[2], nsec[1] = (long)t[3];
	return do_utimes(dfd, filename, sec, nsec, flags);
}

/* futimesat and utimes: struct timeval pairs (microseconds must be below a million). */
long sys_futimesat(int dfd, const char __user *filename, const s32 __user *tv)
{
	s32 t[4];
	s64 sec[2];
	long nsec[2];

	if (!tv)
		return do_utimes(dfd, filename, NULL, NULL, 0);
	if (copy_from_user(t, tv, sizeof(t)))
		return -EFAULT;
	if ((u32)t[1] >= 1000000 || (u32)t[3] >= 1000000)
		return -EINVAL;
	sec[0] = t[0], nsec[0] = t[1] * 1000L, sec[1] = t[2], nsec[1] = t[3] * 1000L;
	return do_utimes(dfd, filename, sec, nsec, 0);
}

long sys_utimes(const char __user *filename, const s32 __user *tv)
{
	return sys_futimesat(AT_FDCWD, filename, tv);
}

/* utime: struct utimbuf { actime, modtime }. */
long sys_utime(const char __user *filename, const s32 __user *buf)
{
	s32 t[2];
	s64 sec[2];
	long nsec[2] = { 0, 0 };

	if (!buf)
		return do_utimes(AT_FDCWD, filename, NULL, NULL, 0);
	if (copy_from_user(t, buf, sizeof(t)))
		return -EFAULT;
	sec[0] = t[0], sec[1] = t[1];
	return do_utimes(AT_FDCWD, filename, sec, nsec, 0);
}

/* include/uapi/asm-generic/statfs.h for i386: statfs64 is packed to 4 bytes (84 bytes). */
struct statfs64 {
	u32 f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	u32 f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed, aligned(4)));

struct statfs32 {
	u32 f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	u32 f_namelen, f_frsize, f_flags, f_spare[4];
};

static void statfs_inode(struct inode *inode, struct kstatfs *st)
{
	struct super_block *sb = inode->i_sb;

	memset(st, 0, sizeof(*st));
	st->f_bsize = st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	if (!sb)
		return;
	st->f_type = sb->s_magic;
	mutex_lock(&vfs_lock);
	if (sb->s_op && sb->s_op->statfs)
		sb->s_op->statfs(sb, st);
	mutex_unlock(&vfs_lock);
	st->f_fsid[0] = sb->s_dev;
	st->f_flags = ST_VALID | (sb->s_flags & SB_RDONLY ? ST_RDONLY : 0);
}

static int put_statfs64(const struct kstatfs *st, size_t sz, void __user *buf)
{
	struct statfs64 u;

	if (sz != sizeof(u))
		return -EINVAL;
	memset(&u, 0, sizeof(u));
	u.f_type = st->f_type, u.f_bsize = st->f_bsize, u.f_blocks = st->f_blocks;
	u.f_bfree = st->f_bfree, u.f_bavail = st->f_bavail, u.f_files = st->f_files;
	u.f_ffree = st->f_ffree, u.f_fsid[0] = st->f_fsid[0], u.f_fsid[1] = st->f_fsid[1];
	u.f_namelen = st->f_namelen, u.f_frsize = st->f_frsize, u.f_flags = st->f_flags;
	return copy_to_user(buf, &u, sizeof(u)) ? -EFAULT : 0;
}

static int put_statfs32(const struct kstatfs *st, void __user *buf)
{
	struct statfs32 u;

	if ((st->f_blocks | st->f_bfree | st->f_bavail) >> 32 ||
	    ((st->f_files | st->f_ffree) >> 32 && st->f_files != ~0ULL))
		return -EOVERFLOW;
	memset(&u, 0, sizeof(u));
	u.f_type = st->f_type, u.f_bsize = st->f_bsize, u.f_blocks = st->f_blocks;
	u.f_bfree = st->f_bfree, u.f_bavail = st->f_bavail, u.f_files = st->f_files;
	u.f_ffree = st->f_ffree, u.f_fsid[0] = st->f_fsid[0], u.f_fsid[1] = st->f_fsid[1];
	u.f_namelen = st->f_namelen, u.f_frsize = st->f_frsize, u.f_flags = st->f_flags;
	return copy_to_user(buf, &u, sizeof(u)) ? -EFAULT : 0;
}

static int path_statfs(const char __user *path, struct kstatfs *st)
{
	struct inode *inode;
	int err = vfs_statx_inode(AT_FDCWD, path, 0, &inode);

	if (err)
		return err;
	statfs_inode(inode, st);
	put_inode(inode);
	return 0;
}

static int fd_statfs(unsigned int fd, struct kstatfs *st)
{
	struct inode *inode;
	int err = fd_inode(fd, &inode);

	if (err)
		return err;
	statfs_inode(inode, st);
	put_inode(inode);
	return 0;
}

long sys_statfs64(const char __user *path, size_t sz, void __user *buf)
{
	struct kstatfs st;
	int err = path_statfs(path, &st);

	return err ? err : put_statfs64(&st, sz, buf);
}

long sys_fstatfs64(unsigned int fd, size_t sz, void __user *buf)
{
	struct kstatfs st;
	int err = fd_statfs(fd, &st);

	return err ? err : put_statfs64(&st, sz, buf);
}

long sys_statfs(const char __user *path, void __user *buf)
{
	struct kstatfs st;
	int err = path_statfs(path, &st);

	return err ? err : put_statfs32(&st, buf);
}

long sys_fstatfs(unsigned int fd, void __user *buf)
{
	struct kstatfs st;
	int err = fd_statfs(fd, &st);

	return err ? err : put_statfs32(&st, buf);
}

/* Extended attributes: none is stored, so there is nothing to get and nothing to list. */
long sys_getxattr(const char __user *path, const char __user *name, void __user *value,
		  size_t size)
{
	struct inode *inode;
	int err = vfs_statx_inode(AT_FDCWD, path, 0, &inode);

	if (err)
		return err;
	put_inode(inode);
	return -ENODATA;
}

long sys_lgetxattr(const char __user *path, const char __user *name, void __user *value,
		   size_t size)
{
	struct inode *inode;
	int err = vfs_statx_inode(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &inode);

	if (err)
		return err;
	put_inode(inode);
	return -ENODATA;
}

long sys_fgetxattr(unsigned int fd, const char __user *name, void __user *value, size_t size)
{
	struct inode *inode;
	int err = fd_inode(fd, &inode);

	if (err)
		return err;
	put_inode(inode);
	return -ENODATA;
}

long sys_listxattr(const char __user *path, char __user *list, size_t size)
{
	struct inode *inode;
	int err = vfs_statx_inode(AT_FDCWD, path, 0, &inode);

	if (err)
		return err;
	put_inode(inode);
	return 0;
}

long sys_llistxattr(const char __user *path, char __user *list, size_t size)
{
	struct inode *inode;
	int err = vfs_statx_inode(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &inode);

	if (err)
		return err;
	put_inode(inode);
	return 0;
}

long sys_flistxattr(unsigned int fd, char __user *list, size_t size)
{
	struct inode *inode;
	int err = fd_inode(fd, &inode);

	if (err)
		return err;
	put_inode(inode);
	return 0;
}

long sys_setxattr(void)
{
	return -EOPNOTSUPP;
}
