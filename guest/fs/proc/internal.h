/*
 * procfs internals (Linux's fs/proc/internal.h): what a /proc inode stands
 * for (a proc_dir_entry, or an entry of a process's directory with that
 * process's pid), and the pieces the files share.
 */
#ifndef _FS_PROC_INTERNAL_H
#define _FS_PROC_INTERNAL_H

#include <linux/fs.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sched.h>

#define PROC_SUPER_MAGIC	0x9fa0
#define PROC_ROOT_INO		1

struct pid_entry;

/* Hung off inode->i_fsdata. */
struct proc_inode {
	struct proc_dir_entry *pde;	/* a tree entry, or NULL */
	pid_t pid;			/* a process's entry: its pid (tid under task/) */
	int fd;				/* fd/N and fdinfo/N: N, else -1 */
	const struct pid_entry *pent;	/* which entry of the process directory */
	u64 start_time;			/* the process's, so a reused pid is a new name */
};

static inline struct proc_inode *PROC_I(const struct inode *inode)
{
	return inode->i_fsdata;
}

/*
 * One name in /proc/PID (Linux's pid_entry, with NOD/DIR/LNK/REG/ONE rolled
 * into fields): a show function makes a read-only seq_file; write, when set,
 * takes a whole write (at most a page); readlink fills a symlink's target;
 * a directory has its own operations.
 */
struct pid_entry {
	const char *name;
	umode_t mode;
	int (*show)(struct seq_file *m, struct task_struct *task);
	ssize_t (*write)(struct task_struct *task, char *buf, size_t count);
	int (*readlink)(struct task_struct *task, char *buf, int size);
	const struct inode_operations *iop;
	const struct file_operations *fop;
};

extern struct super_block *proc_sb;
struct inode *proc_get_inode(struct super_block *sb, struct proc_dir_entry *de);
struct inode *proc_pid_make_inode(struct super_block *sb, pid_t pid, const struct pid_entry *p,
				  int fd);
struct inode *proc_pid_lookup(const char *name, int len);
int proc_pid_readdir(struct file *file, struct dir_context *ctx, loff_t first);
/* 1 when every entry was emitted */
int proc_readdir_de(struct proc_dir_entry *de, struct file *file, struct dir_context *ctx);
struct proc_dir_entry *pde_lookup(struct proc_dir_entry *dir, const char *name, int len);
struct task_struct *get_proc_task(const struct inode *inode);
int proc_d_path(const struct path *p, char *buf, int size);
int parse_pid(const char *name, int len);
struct mm_struct *get_task_mm(struct task_struct *task);
int access_process_vm(struct task_struct *task, struct mm_struct *mm, unsigned long addr,
		      void *buf, int len);

extern const struct file_operations proc_pid_single_fops;
extern const struct inode_operations proc_link_inode_operations;
extern const struct inode_operations proc_file_inode_operations;

/* /proc/PID's show functions (array.c, task_mmu.c) */
int proc_pid_stat(struct seq_file *m, struct task_struct *task);
int proc_pid_status(struct seq_file *m, struct task_struct *task);
int proc_pid_statm(struct seq_file *m, struct task_struct *task);
int proc_oom_score(struct seq_file *m, struct task_struct *task);
int proc_pid_wchan(struct seq_file *m, struct task_struct *task);
int proc_pid_sched(struct seq_file *m, struct task_struct *task);
int nr_threads_of(const struct task_struct *t);
int proc_oom_score_adj_show(struct seq_file *m, struct task_struct *task);
ssize_t oom_score_adj_write(struct task_struct *task, char *buf, size_t count);
int proc_pid_mountinfo(struct seq_file *m, struct task_struct *task);
int proc_pid_mounts(struct seq_file *m, struct task_struct *task);
int proc_pid_limits(struct seq_file *m, struct task_struct *task);
int proc_pid_maps(struct seq_file *m, struct task_struct *task);
int proc_pid_smaps(struct seq_file *m, struct task_struct *task);
int proc_pid_pagemap_open(struct inode *inode, struct file *file);
extern const struct file_operations proc_pagemap_operations;

/* the /proc files by area (their own files here) */
void proc_base_init(void);
void proc_misc_init(void);
void proc_meminfo_init(void);
int pagetypeinfo_show(struct seq_file *m, void *v);	/* mm/vmstat.c */
void proc_sys_init(void);
void proc_sysinfo_init(void);
void proc_kcore_init(void);

#endif
