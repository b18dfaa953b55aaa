/*
 * The proc file system type and its root (Linux's fs/proc/root.c): one super
 * block, shared by every mount -t proc; the root lists the tree's entries,
 * then a directory per process (thread-group leaders, by pid). Names under
 * /proc/PID are checked on every cached lookup (d_revalidate), so a process
 * that exited, or a pid reused by a new one, never finds stale entries.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "internal.h"

#define FIRST_PID_POS	0x10000		/* readdir positions from here are pids */

struct super_block *proc_sb;

int parse_pid(const char *name, int len)
{
	int pid = 0, i;

	if (len < 1 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	for (i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + name[i] - '0';
	}
	return pid;
}

/* The process an inode belongs to, with a reference, or NULL if it is gone. */
struct task_struct *get_proc_task(const struct inode *inode)
{
	struct proc_inode *pi = PROC_I(inode);
	struct task_struct *t;

	if (!pi || !pi->pid)
		return NULL;
	t = find_task_by_pid(pi->pid);
	if (!t || t->exit_state == EXIT_DEAD || t->start_time != pi->start_time)
		return NULL;
	get_task_struct(t);
	return t;
}

static int proc_d_revalidate(struct dentry *d)
{
	struct proc_inode *pi = PROC_I(d->d_inode);
	struct task_struct *t;
	bool ok;

	if (!pi->pid)		/* a tree entry: valid while it is in the tree */
		return !pi->pde || pi->pde == &proc_root || !list_empty(&pi->pde->entry);
	t = get_proc_task(d->d_inode);
	if (!t)
		return 0;
	ok = pi->fd < 0 || (t->files && pi->fd < NR_OPEN && t->files->fd[pi->fd]);
	put_task_struct(t);
	return ok;
}

/*
 * A process is gone (or going): drop its /proc/PID names from the cache now,
 * as Linux's proc_flush_task does, rather than at the next lookup of the same
 * pid, which may never come. Otherwise every process that looked at
 * /proc/self (busybox does, for /proc/self/exe) leaves its dentries and
 * inodes behind. Names still in use are only unhashed; the last user frees
 * them.
 */
void proc_flush_task(pid_t pid)
{
	bool locked = vfs_lock.owner == current;
	struct dentry *d;
	char name[12];
	int len;

	if (!proc_sb || !proc_sb->s_root)
		return;
	len = snprintf(name, sizeof(name), "%d", pid);
	if (!locked)
		mutex_lock(&vfs_lock);
	list_for_each_entry(d, &proc_sb->s_root->d_subdirs, d_child) {
		if (!strncmp(d->d_name, name, len) && !d->d_name[len]) {
			d_invalidate(d);
			break;
		}
	}
	if (!locked)
		mutex_unlock(&vfs_lock);
}

static const struct dentry_operations proc_dentry_operations = {
	.d_revalidate = proc_d_revalidate,
};

static struct inode *proc_root_lookup(struct inode *dir, const char *name, int len)
{
	struct proc_dir_entry *de = pde_lookup(&proc_root, name, len);

	if (de)
		return proc_get_inode(dir->i_sb, de) ?: ERR_PTR(-ENOMEM);
	return proc_pid_lookup(name, len);
}

/* The smallest thread-group leader's pid >= from, or 0. */
static pid_t next_tgid(pid_t from)
{
	struct task_struct *p;
	pid_t best = 0;

	for_each_process(p) {
		if (p->pid != p->tgid || p->pid < from || p->exit_state == EXIT_DEAD)
			continue;
		if (!best || p->pid < best)
			best = p->pid;
	}
	return best;
}

static int proc_root_readdir(struct file *file, struct dir_context *ctx)
{
	char name[12];
	pid_t pid;

	if (ctx->pos < FIRST_PID_POS) {
		if (!proc_readdir_de(&proc_root, file, ctx))
			return 0;
		ctx->pos = FIRST_PID_POS;
	}
	while ((pid = next_tgid(ctx->pos - FIRST_PID_POS)) > 0) {
		int len = snprintf(name, sizeof(name), "%d", pid);

		if (!ctx->actor(ctx, name, len, FIRST_PID_POS + pid + 1, pid + 0x100000, DT_DIR))
			return 0;
		ctx->pos = FIRST_PID_POS + pid + 1;
	}
	return 0;
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
};

static const struct file_operations proc_root_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_root_readdir,
};

static void proc_evict_inode(struct inode *inode)
{
	kfree(inode->i_fsdata);
}

static const struct super_operations proc_sops = {
	.evict_inode = proc_evict_inode,
};

/* /proc/self and /proc/thread-self: links that depend on who reads them. */
static int proc_self_readlink(struct dentry *d, char *buf, int size)
{
	char tmp[24];
	int len;

	if (!strcmp(d->d_name, "self"))
		len = snprintf(tmp, sizeof(tmp), "%d", current->tgid);
	else
		len = snprintf(tmp, sizeof(tmp), "%d/task/%d", current->tgid, current->pid);
	len = min_t(int, len, size);
	memcpy(buf, tmp, len);
	return len;
}

static const struct inode_operations proc_self_inode_operations = {
	.readlink = proc_self_readlink,
};

static struct super_block *proc_mount(struct file_system_type *type, const char *dev, void *data)
{
	struct super_block *sb;
	struct inode *root;
	struct dentry *d;

	(void)dev;
	(void)data;
	if (proc_sb)
		return proc_sb;
	sb = sget_nodev(type, PROC_SUPER_MAGIC);
	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_op = &proc_sops;
	sb->s_d_op = &proc_dentry_operations;
	root = proc_get_inode(sb, &proc_root);
	d = d_alloc(NULL, "/", 1);
	if (!root || !d) {
		if (root)
			iput(root);
		kfree(d);
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	root->i_op = &proc_root_inode_operations;
	root->i_fop = &proc_root_operations;
	d_instantiate(d, root);
	dget(d);
	sb->s_root = d;
	proc_sb = sb;
	return sb;
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
};

void proc_root_init(void)
{
	struct proc_dir_entry *de;

	register_filesystem(&proc_fs_type);
	de = proc_symlink("self", NULL, "self");
	if (de)
		de->proc_iops = &proc_self_inode_operations;
	de = proc_symlink("thread-self", NULL, "thread-self");
	if (de)
		de->proc_iops = &proc_self_inode_operations;
	proc_base_init();
	proc_misc_init();
}
