/*
 * The per-process directories (Linux's fs/proc/base.c and fd.c): /proc/PID
 * is made when it is looked up, from a table of entries; task/TID holds the
 * same entries per thread; fd/N are links to what descriptor N has open. The
 * files' text comes from the show functions in array.c, task_mmu.c and here.
 */
#include <linux/mmap_lock.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include "internal.h"

/* ---- helpers ---- */

/* p as the reader sees it from its root, into the end of buf; returns the start offset or -err. */
static int d_path_back(const struct path *p0, char *buf, int size)
{
	struct path p = *p0, root;
	int pos = size - 1;

	buf[pos] = 0;
	if (current->fs) {
		root = current->fs->root;
	} else {
		root.mnt = root_mnt;
		root.dentry = root_mnt->mnt_root;
	}
	while (!(p.dentry == root.dentry && p.mnt == root.mnt)) {
		int len;

		if (p.dentry == p.mnt->mnt_root) {
			if (p.mnt->mnt_parent == p.mnt)
				break;
			p.dentry = p.mnt->mnt_mountpoint;
			p.mnt = p.mnt->mnt_parent;
			continue;
		}
		len = strlen(p.dentry->d_name);
		if (pos < len + 2)
			return -ENAMETOOLONG;
		pos -= len;
		memcpy(buf + pos, p.dentry->d_name, len);
		buf[--pos] = '/';
		p.dentry = p.dentry->d_parent;
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	return pos;
}

/* The path of p as text into buf (NUL-terminated, " (deleted)" if unlinked); its length. */
int proc_d_path(const struct path *p, char *buf, int size)
{
	char *tmp = kmalloc(PATH_MAX, GFP_KERNEL);
	int pos, len;

	if (!tmp)
		return -ENOMEM;
	pos = d_path_back(p, tmp, PATH_MAX);
	if (pos < 0) {
		kfree(tmp);
		return pos;
	}
	len = snprintf(buf, size, "%s%s", tmp + pos, p->dentry->d_unhashed ? " (deleted)" : "");
	kfree(tmp);
	return min_t(int, len, size - 1);
}

/* Copy len bytes of mm's memory at addr into buf, as far as pages are present. */
int access_process_vm(struct task_struct *task, struct mm_struct *mm, unsigned long addr,
		      void *buf, int len)
{
	int done = 0;
	bool locked = mmap_read_lock_vfs(mm);	/* no zap frees a page under us */

	(void)task;
	while (done < len) {
		unsigned long a = addr + done, off = a & (PAGE_SIZE - 1);
		int n = min_t(int, len - done, PAGE_SIZE - off);
		u64 pte = user_pte(mm, a);
		struct page *page;
		char *va;

		if (!(pte & _PAGE_PRESENT) || a >= TASK_SIZE)
			break;
		page = pfn_to_page((unsigned long)(pte >> PAGE_SHIFT) & 0xfffff);
		va = kmap(page);
		memcpy((char *)buf + done, va + off, n);
		kunmap(page);
		done += n;
	}
	if (locked)
		mmap_read_unlock(mm);
	return done;
}

/* ---- entries ---- */

/* The task's mm with a user reference (the task may exit while we sleep), or NULL. */
struct mm_struct *get_task_mm(struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	if (mm && !(task->flags & PF_KTHREAD))
		mm->mm_users++;
	else
		mm = NULL;
	return mm;
}

/* [start, end) of the task's memory, as far as it is present (at most 256 KiB). */
static int show_user_range(struct seq_file *m, struct task_struct *task, bool env)
{
	struct mm_struct *mm = get_task_mm(task);
	unsigned long start, end, len;
	char *buf;
	int n;

	if (!mm)
		return 0;
	start = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	len = end > start ? min_t(unsigned long, end - start, 262144) : 0;
	buf = len ? vmalloc(len) : NULL;
	if (buf) {
		n = access_process_vm(task, mm, start, buf, len);
		seq_write(m, buf, n);
		vfree(buf);
	}
	mmput(mm);
	return len && !buf ? -ENOMEM : 0;
}

static int proc_pid_cmdline(struct seq_file *m, struct task_struct *task)
{
	return show_user_range(m, task, false);
}

static int proc_pid_environ(struct seq_file *m, struct task_struct *task)
{
	return show_user_range(m, task, true);
}

static int proc_pid_comm(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%s\n", task->comm);
	return 0;
}

static ssize_t comm_write(struct task_struct *task, char *buf, size_t count)
{
	char name[TASK_COMM_LEN];
	size_t n = min_t(size_t, count, TASK_COMM_LEN - 1);

	memcpy(name, buf, n);
	name[n] = 0;
	if (n && name[n - 1] == '\n')
		name[n - 1] = 0;
	set_task_comm(task, name);
	return count;
}

static int link_path(const struct path *p, char *buf, int size)
{
	char *tmp = kmalloc(PATH_MAX, GFP_KERNEL);
	int len;

	if (!tmp)
		return -ENOMEM;
	len = proc_d_path(p, tmp, PATH_MAX);
	if (len > 0) {
		len = min_t(int, len, size);
		memcpy(buf, tmp, len);
	}
	kfree(tmp);
	return len;
}

static int proc_cwd_link(struct task_struct *task, char *buf, int size)
{
	return task->fs ? link_path(&task->fs->pwd, buf, size) : -ENOENT;
}

static int proc_exe_link(struct task_struct *task, char *buf, int size)
{
	struct mm_struct *mm = get_task_mm(task);
	int len = -ENOENT;

	if (mm && mm->exe_path)
		len = link_path(mm->exe_path, buf, size);
	if (mm)
		mmput(mm);
	return len;
}

static int proc_root_link(struct task_struct *task, char *buf, int size)
{
	return task->fs ? link_path(&task->fs->root, buf, size) : -ENOENT;
}

/* ---- fd/ ---- */

static int proc_fd_link(struct task_struct *task, char *buf, int size, int fd)
{
	struct file *f;
	struct inode *inode;
	char tmp[48];
	int len;

	if (!task->files || fd < 0 || fd >= NR_OPEN || !(f = task->files->fd[fd]))
		return -ENOENT;
	inode = f->f_inode;
	if (inode->i_pipe && !f->f_path.dentry) {
		len = snprintf(tmp, sizeof(tmp), "pipe:[%lu]", inode->i_ino);
		len = min_t(int, len, size);
		memcpy(buf, tmp, len);
		return len;
	}
	if (!f->f_path.dentry || !f->f_path.mnt) {
		len = snprintf(tmp, sizeof(tmp), "anon_inode:[%lu]", inode->i_ino);
		len = min_t(int, len, size);
		memcpy(buf, tmp, len);
		return len;
	}
	return link_path(&f->f_path, buf, size);
}

static const struct pid_entry fd_entry = { .name = "fd", .mode = S_IFLNK | 0700 };
static const struct pid_entry fdinfo_entry = { .name = "fdinfo", .mode = S_IFREG | 0400 };

static struct inode *proc_fd_lookup(struct inode *dir, const char *name, int len)
{
	struct proc_inode *pi = PROC_I(dir);
	struct task_struct *t = get_proc_task(dir);
	int fd = parse_pid(name, len);
	struct inode *inode = NULL;
	bool info = pi->pent && !strcmp(pi->pent->name, "fdinfo");

	if (!t)
		return ERR_PTR(-ENOENT);
	if (fd >= 0 && fd < NR_OPEN && t->files && t->files->fd[fd])
		inode = proc_pid_make_inode(dir->i_sb, pi->pid, info ? &fdinfo_entry : &fd_entry, fd);
	put_task_struct(t);
	return inode;
}

static int proc_fd_readdir(struct file *file, struct dir_context *ctx)
{
	struct task_struct *t = get_proc_task(file->f_inode);
	bool info = !strcmp(PROC_I(file->f_inode)->pent->name, "fdinfo");
	char name[12];
	int fd;

	if (!t)
		return -ENOENT;
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, file->f_inode->i_ino, DT_DIR))
			goto out;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, 1, DT_DIR))
			goto out;
		ctx->pos = 2;
	}
	for (fd = ctx->pos - 2; t->files && fd < NR_OPEN; fd++) {
		int len;

		if (!t->files->fd[fd])
			continue;
		len = snprintf(name, sizeof(name), "%d", fd);
		if (!ctx->actor(ctx, name, len, fd + 3, 0x200000 + fd, info ? DT_REG : DT_LNK))
			break;
		ctx->pos = fd + 3;
	}
out:
	put_task_struct(t);
	return 0;
}

static const struct inode_operations proc_fd_inode_operations = { .lookup = proc_fd_lookup };
static const struct file_operations proc_fd_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_fd_readdir,
};

static int proc_fdinfo_show(struct seq_file *m, void *v)
{
	struct proc_inode *pi = m->private;
	struct task_struct *t;
	struct file *f;

	(void)v;
	t = find_task_by_pid(pi->pid);
	if (!t || !t->files || !(f = t->files->fd[pi->fd]))
		return -ENOENT;
	seq_printf(m, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\n", f->f_pos,
		   f->f_flags | ((t->files->close_on_exec[pi->fd / 32] >> (pi->fd % 32)) & 1 ?
				 O_CLOEXEC : 0), 0);
	return 0;
}

/* ---- the process directory ---- */

static const struct pid_entry tgid_base_stuff[];
static int proc_pident_readdir(struct file *file, struct dir_context *ctx);
static struct inode *proc_pident_lookup(struct inode *dir, const char *name, int len);
static const struct inode_operations proc_tgid_base_inode_operations = { .lookup = proc_pident_lookup };
static const struct file_operations proc_tgid_base_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_pident_readdir,
};
static struct inode *proc_task_lookup(struct inode *dir, const char *name, int len);
static int proc_task_readdir(struct file *file, struct dir_context *ctx);
static const struct inode_operations proc_task_inode_operations = { .lookup = proc_task_lookup };
static const struct file_operations proc_task_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_task_readdir,
};

static const struct pid_entry pid_dir_entry = {
	.name = "", .mode = S_IFDIR | 0555,
	.iop = &proc_tgid_base_inode_operations, .fop = &proc_tgid_base_operations,
};

#define DIR(NAME, MODE, IOP, FOP) { .name = NAME, .mode = S_IFDIR | (MODE), .iop = IOP, .fop = FOP }
#define LNK(NAME, FN) { .name = NAME, .mode = S_IFLNK | 0777, .readlink = FN }
#define ONE(NAME, MODE, SHOW) { .name = NAME, .mode = S_IFREG | (MODE), .show = SHOW }
#define RW(NAME, MODE, SHOW, WRITE) { .name = NAME, .mode = S_IFREG | (MODE), .show = SHOW, .write = WRITE }

static const struct pid_entry tgid_base_stuff[] = {
	DIR("task", 0555, &proc_task_inode_operations, &proc_task_operations),
	DIR("fd", 0500, &proc_fd_inode_operations, &proc_fd_operations),
	DIR("fdinfo", 0500, &proc_fd_inode_operations, &proc_fd_operations),
	ONE("environ", 0400, proc_pid_environ),
	ONE("cmdline", 0444, proc_pid_cmdline),
	RW("comm", 0644, proc_pid_comm, comm_write),
	LNK("cwd", proc_cwd_link),
	LNK("root", proc_root_link),
	LNK("exe", proc_exe_link),
	ONE("stat", 0444, proc_pid_stat),
	ONE("status", 0444, proc_pid_status),
	ONE("statm", 0444, proc_pid_statm),
	ONE("maps", 0444, proc_pid_maps),
	ONE("smaps", 0444, proc_pid_smaps),
	ONE("limits", 0444, proc_pid_limits),
	ONE("mounts", 0444, proc_pid_mounts),
	ONE("mountinfo", 0444, proc_pid_mountinfo),
	ONE("oom_score", 0444, proc_oom_score),
	ONE("wchan", 0444, proc_pid_wchan),
	ONE("sched", 0444, proc_pid_sched),
	RW("oom_score_adj", 0644, proc_oom_score_adj_show, oom_score_adj_write),
	{ .name = "pagemap", .mode = S_IFREG | 0400, .fop = &proc_pagemap_operations },
	{ .name = NULL },
};

static int proc_pid_readlink(struct dentry *d, char *buf, int size)
{
	struct proc_inode *pi = PROC_I(d->d_inode);
	struct task_struct *t = get_proc_task(d->d_inode);
	int len;

	if (!t)
		return 0;
	if (pi->pent == &fd_entry)
		len = proc_fd_link(t, buf, size, pi->fd);
	else
		len = pi->pent->readlink(t, buf, size);
	put_task_struct(t);
	return len < 0 ? 0 : len;
}

const struct inode_operations proc_link_inode_operations = { .readlink = proc_pid_readlink };

/* show functions run with the task found again at read time (it may have exited since open) */
static int proc_pid_show(struct seq_file *m, void *v)
{
	struct proc_inode *pi = m->private;
	struct task_struct *t;
	int err;

	(void)v;
	t = find_task_by_pid(pi->pid);
	if (!t || t->start_time != pi->start_time)
		return -ESRCH;
	get_task_struct(t);
	err = pi->pent->show(m, t);
	put_task_struct(t);
	return err;
}

static int proc_pid_single_open(struct inode *inode, struct file *file)
{
	struct proc_inode *pi = PROC_I(inode);

	if (pi->pent == &fdinfo_entry)
		return single_open(file, proc_fdinfo_show, pi);
	return single_open(file, proc_pid_show, pi);
}

static ssize_t proc_pid_write(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
{
	struct proc_inode *pi = PROC_I(file->f_inode);
	struct task_struct *t;
	char *buf;
	ssize_t ret;

	if (!pi->pent->write)
		return -EINVAL;
	if (count >= PAGE_SIZE)
		count = PAGE_SIZE - 1;
	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(buf, ubuf, count))
		goto out;
	buf[count] = 0;
	ret = -ESRCH;
	t = get_proc_task(file->f_inode);
	if (!t)
		goto out;
	ret = pi->pent->write(t, buf, count);
	put_task_struct(t);
	if (ret > 0)
		*ppos += ret;
out:
	kfree(buf);
	return ret;
}

const struct file_operations proc_pid_single_fops = {
	.open = proc_pid_single_open,
	.read = seq_read,
	.write = proc_pid_write,
	.llseek = seq_lseek,
	.release = single_release,
};

struct inode *proc_pid_make_inode(struct super_block *sb, pid_t pid, const struct pid_entry *p,
				  int fd)
{
	struct task_struct *t = find_task_by_pid(pid);
	struct inode *inode;
	struct proc_inode *pi;

	if (!t)
		return NULL;
	inode = new_inode(sb);
	pi = kzalloc(sizeof(*pi), GFP_KERNEL);
	if (!inode || !pi) {
		kfree(pi);
		if (inode)
			iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	pi->pid = pid;
	pi->pent = p;
	pi->fd = fd;
	pi->start_time = t->start_time;
	inode->i_fsdata = pi;
	inode->i_mode = p->mode;
	if (S_ISDIR(p->mode)) {
		inode->i_op = p->iop;
		inode->i_fop = p->fop;
		inode->i_nlink = 2;
	} else if (S_ISLNK(p->mode)) {
		inode->i_op = &proc_link_inode_operations;
	} else {
		inode->i_op = &proc_file_inode_operations;
		inode->i_fop = p->fop ? p->fop : &proc_pid_single_fops;
	}
	return inode;
}

static struct inode *proc_pident_lookup(struct inode *dir, const char *name, int len)
{
	const struct pid_entry *p;

	for (p = tgid_base_stuff; p->name; p++)
		if ((int)strlen(p->name) == len && !memcmp(p->name, name, len))
			return proc_pid_make_inode(dir->i_sb, PROC_I(dir)->pid, p, -1);
	return NULL;
}

static int proc_pident_readdir(struct file *file, struct dir_context *ctx)
{
	const struct pid_entry *p;
	loff_t i = 2;

	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, file->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, 1, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	for (p = tgid_base_stuff; p->name; p++) {
		if (i++ < ctx->pos)
			continue;
		if (!ctx->actor(ctx, p->name, strlen(p->name), ctx->pos + 1, 0x300000 + i,
				(p->mode & S_IFMT) >> 12))
			return 0;
		ctx->pos++;
	}
	return 0;
}

/* /proc/PID (any pid, a thread's too, as Linux allows; only leaders are listed) */
struct inode *proc_pid_lookup(const char *name, int len)
{
	pid_t pid = parse_pid(name, len);
	struct task_struct *t;

	if (pid <= 0)
		return NULL;
	t = find_task_by_pid(pid);
	if (!t || t->exit_state == EXIT_DEAD)
		return NULL;
	return proc_pid_make_inode(proc_sb, pid, &pid_dir_entry, -1);
}

/* task/: the threads of the group */
static struct inode *proc_task_lookup(struct inode *dir, const char *name, int len)
{
	pid_t tid = parse_pid(name, len);
	struct task_struct *t;

	if (tid <= 0)
		return NULL;
	t = find_task_by_pid(tid);
	if (!t || t->tgid != PROC_I(dir)->pid || t->exit_state == EXIT_DEAD)
		return NULL;
	return proc_pid_make_inode(dir->i_sb, tid, &pid_dir_entry, -1);
}

static pid_t next_tid(pid_t tgid, pid_t from)
{
	struct task_struct *p;
	pid_t best = 0;

	for_each_process(p)
		if (p->tgid == tgid && p->pid >= from && p->exit_state != EXIT_DEAD &&
		    (!best || p->pid < best))
			best = p->pid;
	return best;
}

static int proc_task_readdir(struct file *file, struct dir_context *ctx)
{
	pid_t tgid = PROC_I(file->f_inode)->pid, tid;
	char name[12];

	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, file->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, 1, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	while ((tid = next_tid(tgid, ctx->pos - 2)) > 0) {
		int len = snprintf(name, sizeof(name), "%d", tid);

		if (!ctx->actor(ctx, name, len, tid + 3, 0x100000 + tid, DT_DIR))
			return 0;
		ctx->pos = tid + 3;
	}
	return 0;
}

void proc_base_init(void)
{
}
