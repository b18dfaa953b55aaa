/*
 * The proc file system (Linux's include/linux/proc_fs.h): a tree of
 * proc_dir_entry nodes made by proc_create/proc_mkdir/proc_symlink, plus a
 * directory per process made when it is looked up (/proc/PID, /proc/self).
 * A file's operations are ordinary file_operations, usually seq_file ones;
 * PDE_DATA(inode) gives back the data passed to proc_create_data.
 */
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/fs.h>

struct seq_file;

struct proc_dir_entry {
	const char *name;		/* points into the entry's own allocation */
	int namelen;
	umode_t mode;
	unsigned int nlink;
	loff_t size;			/* what stat shows (0 for most files, as Linux) */
	const struct inode_operations *proc_iops;
	const struct file_operations *proc_fops;
	void *data;
	const char *link;		/* a symlink's target */
	struct proc_dir_entry *parent;
	struct list_head subdir;	/* children, in creation order */
	struct list_head entry;		/* in parent->subdir */
	unsigned int low_ino;
	int (*single_show)(struct seq_file *, void *);	/* proc_create_single */
};

extern struct proc_dir_entry proc_root;

struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
				   const struct file_operations *fops);
struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct file_operations *fops, void *data);
/* A read-only file whose text is one show function (Linux 4.18's proc_create_single). */
struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *, void *), void *data);
#define proc_create_single(name, mode, parent, show) \
	proc_create_single_data(name, mode, parent, show, NULL)
struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
struct proc_dir_entry *proc_mkdir_mode(const char *name, umode_t mode, struct proc_dir_entry *parent);
struct proc_dir_entry *proc_symlink(const char *name, struct proc_dir_entry *parent,
				    const char *dest);
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);
void proc_set_size(struct proc_dir_entry *de, loff_t size);
void *PDE_DATA(const struct inode *inode);

void proc_root_init(void);
/* /proc/modules' text: defined (strong) by the module loader, empty otherwise */
int modules_proc_show(struct seq_file *m, void *v);

/* fs/proc/root.c: a process is gone; its cached /proc/PID names go too. */
void proc_flush_task(pid_t pid);

#endif
