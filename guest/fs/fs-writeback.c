/*
 * Writeback (Linux's fs/fs-writeback.c and fs/sync.c, cut down): inodes
 * with dirty pages or dirty fields wait on one list, oldest first. The
 * flusher thread ("flush-3:0", started at the first read-write mount of a
 * disk) wakes every dirty_writeback_interval and writes back the inodes
 * dirty for longer than dirty_expire_interval (Linux's defaults: 5 s and
 * 30 s). fsync writes one file, syncfs one file system, sync all of them.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/time.h>
#include <linux/init.h>
#include <linux/pagemap.h>

unsigned int dirty_writeback_interval = 500, dirty_expire_interval = 3000;	/* centiseconds */
static LIST_HEAD(dirty_inodes);
static struct task_struct *flusher;

void __mark_inode_dirty(struct inode *inode, unsigned long flags)
{
	struct super_block *sb = inode->i_sb;

	if (!sb || !sb->s_op || !sb->s_op->write_inode)
		return;			/* nothing to write back to (ramfs, pipes) */
	if (!inode->i_state) {
		inode->dirtied_when = jiffies;
		list_add_tail(&inode->i_wb_list, &dirty_inodes);
	}
	inode->i_state |= flags;
}

void mark_inode_dirty(struct inode *inode)
{
	__mark_inode_dirty(inode, I_DIRTY_INODE);
}

void inode_wb_list_del(struct inode *inode)
{
	if (inode->i_state) {
		list_del_init(&inode->i_wb_list);
		inode->i_state = 0;
	}
}

/* The inode's dirty pages (when sync_data), then its fields. */
int write_inode_now(struct inode *inode, bool sync_data)
{
	int err = 0, e;

	if (sync_data && inode->i_mapping) {
		err = filemap_write_and_wait(inode->i_mapping);
		if (!inode->i_mapping->nrdirty)
			inode->i_state &= ~I_DIRTY_PAGES;
	}
	if (inode->i_state & I_DIRTY_INODE) {
		inode->i_state &= ~I_DIRTY_INODE;
		e = inode->i_sb->s_op->write_inode(inode);
		if (e && !err)
			err = e;
	}
	if (!inode->i_state)
		list_del_init(&inode->i_wb_list);
	return err;
}

int sync_inode_metadata(struct inode *inode)
{
	__mark_inode_dirty(inode, I_DIRTY_INODE);
	return inode->i_state ? write_inode_now(inode, false) : 0;
}

/* Write back the dirty inodes of sb (NULL: all), only those older than expire jiffies if expire. */
static void writeback_inodes(struct super_block *sb, unsigned long expire)
{
	struct inode *inode, *next;

	list_for_each_entry_safe(inode, next, &dirty_inodes, i_wb_list) {
		if (sb && inode->i_sb != sb)
			continue;
		if (expire && (long)(jiffies - inode->dirtied_when) < (long)expire)
			break;		/* the list is oldest first */
		write_inode_now(inode, true);
	}
}

void sync_filesystem(struct super_block *sb)
{
	writeback_inodes(sb, 0);
	if (sb->s_op && sb->s_op->sync_fs && !(sb->s_flags & SB_RDONLY))
		sb->s_op->sync_fs(sb);
}

static void sync_one(struct super_block *sb, void *arg)
{
	sync_filesystem(sb);
}

void ksys_sync(void)
{
	bool locked = vfs_lock.owner == current;

	if (!locked)
		mutex_lock(&vfs_lock);
	writeback_inodes(NULL, 0);
	iterate_supers(sync_one, NULL);
	if (!locked)
		mutex_unlock(&vfs_lock);
}

int generic_file_fsync(struct file *f, int datasync)
{
	struct inode *inode = f->f_inode;

	if (!inode->i_mapping && !inode->i_state)
		return 0;
	/* fdatasync skips the fields unless the size changed; we cannot tell, so write them */
	return write_inode_now(inode, true);
}

static int flusher_thread(void *unused)
{
	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(msecs_to_jiffies(dirty_writeback_interval * 10));
		mutex_lock(&vfs_lock);
		writeback_inodes(NULL, msecs_to_jiffies(dirty_expire_interval * 10));
		mutex_unlock(&vfs_lock);
	}
	return 0;
}

void wakeup_flusher_start(void)
{
	if (!flusher)
		flusher = kthread_run(flusher_thread, NULL, "flush-3:0");
}

static long do_fsync(unsigned int fd, int datasync)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = -EINVAL;
	if (f->f_op && f->f_op->fsync) {
		mutex_lock(&vfs_lock);
		err = f->f_op->fsync(f, datasync);
		mutex_unlock(&vfs_lock);
	} else if (S_ISREG(f->f_inode->i_mode) || S_ISDIR(f->f_inode->i_mode)) {
		err = 0;	/* nothing cached to write (ramfs) */
	}
	fput(f);
	return err;
}

long sys_fsync(unsigned int fd)
{
	return do_fsync(fd, 0);
}

long sys_fdatasync(unsigned int fd)
{
	return do_fsync(fd, 1);
}

long sys_syncfs(int fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	mutex_lock(&vfs_lock);
	sync_filesystem(f->f_inode->i_sb);
	mutex_unlock(&vfs_lock);
	fput(f);
	return 0;
}
