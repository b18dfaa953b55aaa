/*
 * The virtual file system (Linux's include/linux/fs.h, cut down): a file
 * system type makes a super_block; its objects are inodes; names are dentries
 * in a tree (the dentry cache: each directory's children on a list); a mount
 * puts one file system's root dentry over a directory of another; an open
 * file is a struct file with a position, pointing at a dentry and its inode,
 * reached from a task's descriptor table (files_struct). Every name-space
 * operation runs under one sleeping lock (vfs_lock); pipes block outside it.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/wait.h>
#include <linux/mutex.h>
#include <linux/radix-tree.h>

struct task_struct;
struct page;

#ifndef min_t
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#endif

#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_IALLUGO	07777

/* open flags, i386 values (include/uapi/asm-generic/fcntl.h) */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define O_PATH		010000000

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_REMOVEDIR		0x200
#define AT_SYMLINK_FOLLOW	0x400
#define AT_EACCESS		0x200
#define AT_EMPTY_PATH		0x1000

/* getdents64 d_type */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* more error numbers than linux/errno.h has */
#define ENXIO		6
#define EXDEV		18
#define EISDIR		21
#define ENFILE		23
#define EMFILE		24
#define ETXTBSY		26
#define EFBIG		27
#define ESPIPE		29
#define EROFS		30
#define EMLINK		31
#define EPIPE		32
#define ENOTEMPTY	39
#define ELOOP		40
#define EOVERFLOW	75

#define NAME_MAX	255
#define PATH_MAX	4096
#define MAXSYMLINKS	40
#define NR_OPEN		256		/* descriptors per process (RLIMIT_NOFILE) */
#define MAX_LFS_FILESIZE (64LL << 20)	/* ramfs keeps a file in one buffer */

typedef u32 dev_t;
typedef long long loff_t;
typedef u16 umode_t;
#define MKDEV(ma, mi)	(((ma) << 8) | (mi))	/* the old 8:8 encoding, as stat64 shows it */
#define MAJOR(d)	((d) >> 8)
#define MINOR(d)	((d) & 0xff)

struct inode;
struct dentry;
struct file;
struct super_block;
struct vfsmount;
struct pipe_inode_info;
struct poll_table_struct;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* getdents64's callback: false when the user buffer is full. */
struct dir_context {
	bool (*actor)(struct dir_context *ctx, const char *name, int len, loff_t pos,
		      u64 ino, unsigned int type);
	loff_t pos;
};

struct vm_area_struct;

struct file_operations {
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	int (*iterate)(struct file *, struct dir_context *);
	long (*ioctl)(struct file *, unsigned int, unsigned long);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
	/* map the file into vma (already inserted, vm_pgoff the file page): devices */
	int (*mmap)(struct file *, struct vm_area_struct *);
	/* into a kernel buffer (execve), for files not kept in one buffer */
	ssize_t (*read_kernel)(struct file *, void *, size_t, loff_t);
	/* POLL* bits ready now; registers on wait queues through poll_wait (poll.h) */
	unsigned int (*poll)(struct file *, struct poll_table_struct *);
	int (*fsync)(struct file *, int datasync);
	struct module *owner;	/* held while a file uses these operations (linux/cdev.h) */
};

/* Directory operations get the parent inode and a new dentry (its d_inode NULL). */
struct inode_operations {
	/* A name not in the dentry cache: its inode (a new reference), NULL, or an ERR_PTR. */
	struct inode *(*lookup)(struct inode *dir, const char *name, int len);
	int (*create)(struct inode *dir, struct dentry *d, umode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *d, umode_t mode);
	int (*mknod)(struct inode *dir, struct dentry *d, umode_t mode, dev_t rdev);
	int (*symlink)(struct inode *dir, struct dentry *d, const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *d);
	int (*unlink)(struct inode *dir, struct dentry *d);
	int (*rmdir)(struct inode *dir, struct dentry *d);
	/* target into buf (no NUL), returns its length */
	int (*readlink)(struct dentry *d, char *buf, int size);
	int (*setsize)(struct inode *inode, loff_t size);
	/*
	 * On-disk part of a rename; the VFS then moves the dentry. With a target
	 * (the name is taken) the file system points its entry at old's inode in
	 * place, so the name is never missing, and drops the target as its
	 * unlink or rmdir would.
	 */
	int (*rename)(struct inode *odir, struct dentry *old, struct inode *ndir,
		      const char *name, int len, struct dentry *target);
	/* st_blocks when the file system counts them (else from the size) */
	u64 (*getblocks)(struct inode *inode);
};

struct kstatfs;
struct super_operations {
	void (*evict_inode)(struct inode *);
	int (*write_inode)(struct inode *);		/* the inode's fields to disk */
	int (*sync_fs)(struct super_block *);		/* superblock and counters */
	int (*remount_fs)(struct super_block *, unsigned long flags);	/* MS_RDONLY or not */
	void (*statfs)(struct super_block *, struct kstatfs *);	/* blocks and inodes, free and all */
};

/* What statfs reports (Linux's struct kstatfs). */
struct kstatfs {
	u32 f_type, f_bsize, f_frsize, f_namelen, f_flags;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
};

#define SB_RDONLY	1		/* s_flags: mounted read-only (MS_RDONLY) */

/*
 * A file's pages in the page cache (Linux's struct address_space): a radix
 * tree by page index, how many are there and dirty, and the operations that
 * fill a page from disk and write it back.
 */
struct address_space_operations {
	int (*readpage)(struct address_space *mapping, struct page *page);
	int (*writepage)(struct address_space *mapping, struct page *page);
	/* make sure [pos, pos+len) has disk blocks before the copy (ENOSPC here) */
	int (*write_begin)(struct address_space *mapping, loff_t pos, unsigned int len);
	/* O_DIRECT: straight between the user buffer and the disk, block aligned */
	ssize_t (*direct_IO)(struct file *f, char __user *buf, size_t count, loff_t pos, bool write);
};

struct address_space {
	struct inode *host;
	struct radix_tree_root page_tree;
	unsigned long nrpages, nrdirty;
	const struct address_space_operations *a_ops;
};

/* For names that can go stale behind the cache's back (/proc/PID): 0 drops the dentry. */
struct dentry_operations {
	int (*d_revalidate)(struct dentry *d);
};

struct super_block {
	struct list_head s_list;
	dev_t s_dev;
	unsigned long s_magic;
	struct dentry *s_root;
	const struct super_operations *s_op;
	const struct dentry_operations *s_d_op;	/* NULL: cached names are always valid */
	struct file_system_type *s_type;
	unsigned long s_flags;		/* SB_RDONLY */
	unsigned long s_next_ino;
	void *s_fs_info;
};

struct inode {
	umode_t i_mode;
	unsigned int i_nlink;
	u32 i_uid, i_gid;
	unsigned long i_ino;
	dev_t i_rdev;
	loff_t i_size;
	u32 i_atime, i_mtime, i_ctime;	/* seconds since the epoch */
	int i_count;			/* references: dentries, open files, exec */
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct pipe_inode_info *i_pipe;	/* FIFOs and pipes */
	void *i_private;		/* ramfs's data buffer (exec maps programs from it) */
	void *i_fsdata;			/* other file systems' per-inode data (ext2's block map) */
	size_t i_capacity;
	struct address_space i_data;	/* its pages in the page cache (disk file systems) */
	struct address_space *i_mapping;	/* &i_data when it has one, else NULL */
	unsigned long i_state;		/* I_DIRTY_* */
	struct list_head i_wb_list;	/* on the dirty inode list while dirty */
	unsigned long dirtied_when;	/* jiffies when it first became dirty */
};

#define I_DIRTY_INODE	1		/* fields to write (write_inode) */
#define I_DIRTY_PAGES	2		/* dirty pages in the page cache */

struct dentry {
	struct dentry *d_parent;	/* itself for a file system's root */
	struct inode *d_inode;
	struct super_block *d_sb;
	struct list_head d_child;	/* in the parent's d_subdirs */
	struct list_head d_subdirs;
	int d_count;			/* references from files, cwd/root, mounts */
	bool d_unhashed;		/* removed from the tree: freed at the last put */
	int d_mounted;			/* how many mounts sit on it */
	bool d_referenced;		/* looked up since the dcache shrinker last passed */
	char d_name[NAME_MAX + 1];
};

struct vfsmount {
	struct list_head mnt_list;
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	struct vfsmount *mnt_parent;	/* itself for the root mount */
	struct dentry *mnt_mountpoint;
	int mnt_count;			/* open files and cwds below it, for EBUSY */
	unsigned long mnt_flags;	/* MS_RDONLY as mounted */
	char mnt_devname[64];		/* the source, as /proc/mounts shows it */
};

#define FS_REQUIRES_DEV	1	/* /proc/filesystems: not "nodev" */

struct file_system_type {
	const char *name;
	int fs_flags;
	struct super_block *(*mount)(struct file_system_type *, const char *dev, void *data);
	void (*kill_sb)(struct super_block *);	/* at the umount of its last mount */
	struct file_system_type *next;
};

#define FMODE_READ	1
#define FMODE_WRITE	2

/* A file's readahead window (Linux's struct file_ra_state; mm/readahead.c). */
struct file_ra_state {
	unsigned long start;		/* the window's first page */
	unsigned int size;		/* its pages */
	unsigned int async_size;	/* the last ones: reaching the first of them reads ahead again */
	unsigned int ra_pages;		/* the largest window; 0: the disk's read_ahead_kb */
	bool random;			/* POSIX_FADV_RANDOM: only what is asked for */
	loff_t prev_pos;		/* where the last read ended */
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags;		/* O_* as opened, minus the creation flags */
	unsigned int f_mode;		/* FMODE_* */
	loff_t f_pos;
	int f_count;
	void *private_data;
	struct file_ra_state f_ra;
};

/* The descriptor table (Linux's files_struct with one fdtable). */
struct files_struct {
	int count;			/* tasks sharing it (CLONE_FILES) */
	struct file *fd[NR_OPEN];
	unsigned long close_on_exec[NR_OPEN / 32];
};

/* Where paths start: root, current directory, umask (Linux's fs_struct). */
struct fs_struct {
	int users;
	int umask;
	struct path root, pwd;
};

extern struct mutex vfs_lock;

/* fs/inode.c, fs/dcache.c */
struct inode *new_inode(struct super_block *sb);
void ihold(struct inode *inode);
void iput(struct inode *inode);
struct dentry *d_alloc(struct dentry *parent, const char *name, int len);
void d_instantiate(struct dentry *d, struct inode *inode);
struct dentry *d_lookup(struct dentry *parent, const char *name, int len);
void d_delete(struct dentry *d);
void d_invalidate(struct dentry *d);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
void path_get(const struct path *p);
void path_put(const struct path *p);
u32 current_time_sec(void);

/* fs/namei.c */
#define LOOKUP_FOLLOW	1	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 2	/* the last component must be a directory */
int kern_path(int dfd, const char *name, unsigned int flags, struct path *path);
int kern_path_parent(int dfd, const char *name, struct path *parent, char *last, int *len);
int vfs_mkdir_path(const char *name, umode_t mode);
int vfs_mknod_path(const char *name, umode_t mode, dev_t rdev);
int vfs_unlink_path(const char *name);
int vfs_symlink_path(const char *target, const char *name);
int getname(const char __user *u, char *k);
struct dentry *lookup_one(struct dentry *dir, const char *name, int len);
int inode_permission(struct inode *inode, int mask);

/* fs/open.c */
struct file *dentry_open(const struct path *path, unsigned int flags);
struct file *filp_open(const char *name, unsigned int flags, umode_t mode);
int filp_close(struct file *f);
struct file *fget(unsigned int fd);
void fput(struct file *f);
ssize_t vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos);
int get_unused_fd_flags(unsigned int flags);
void fd_install(unsigned int fd, struct file *f);
int do_truncate(struct dentry *d, loff_t length);
int copy_files(unsigned long clone_flags, struct task_struct *tsk);
int copy_fs(unsigned long clone_flags, struct task_struct *tsk);
void exit_files(struct task_struct *tsk);
void exit_fs(struct task_struct *tsk);
void do_close_on_exec(void);
void console_on_rootfs(void);
struct file *alloc_file(const struct path *path, unsigned int flags, const struct file_operations *fop);

/* fs/super.c (mounts and file system types) */
int register_filesystem(struct file_system_type *fs);
struct vfsmount *lookup_mnt(struct vfsmount *mnt, struct dentry *d);
void follow_mounts(struct path *p);
bool follow_dotdot(struct path *p, const struct path *root);
extern struct vfsmount *root_mnt;
void vfs_caches_init(void);
struct super_block *sget_nodev(struct file_system_type *type, unsigned long magic);
long do_mount(const char *dev, const char *dir, const char *fstype, unsigned long flags, void *data);
void iterate_supers(void (*fn)(struct super_block *, void *), void *arg);
struct vfsmount *next_mount(struct vfsmount *prev);	/* NULL: the first; NULL at the end */
struct file_system_type *get_filesystem_list(void);

/* fs/ramfs.c, fs/char_dev.c, fs/pipe.c */
struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev);
extern struct file_system_type ramfs_fs_type, tmpfs_fs_type;
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
extern const struct file_operations def_fifo_fops;
loff_t no_llseek(struct file *f, loff_t off, int whence);
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);
int dcache_readdir(struct file *f, struct dir_context *ctx);
extern const struct file_operations dcache_dir_ops;
void free_pipe_info(struct inode *inode);


/* fs/fs-writeback.c, fs/sync.c: dirty inodes, the flusher thread, sync */
void mark_inode_dirty(struct inode *inode);
void __mark_inode_dirty(struct inode *inode, unsigned long flags);
int write_inode_now(struct inode *inode, bool sync_data);
int sync_inode_metadata(struct inode *inode);
void inode_wb_list_del(struct inode *inode);
void sync_filesystem(struct super_block *sb);
void ksys_sync(void);
int generic_file_fsync(struct file *f, int datasync);
void wakeup_flusher_start(void);
extern unsigned int dirty_writeback_interval, dirty_expire_interval;	/* centiseconds */
#endif
