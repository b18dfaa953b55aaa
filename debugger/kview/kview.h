/*
 * Kernel views: what crash(8) and Linux's scripts/gdb show, read from guest
 * memory through the guest's own page tables, with the kernel's DWARF for
 * every layout (nothing here knows an offset). One file per subsystem, as in
 * scripts/gdb: tasks.c (ps, current), sched.c (runq, jiffies), dmesg.c,
 * mm.c (vtop, pagetable, vma), meminfo.c (buddyinfo, meminfo, slabinfo),
 * irq.c, kcore.c. Each keeps a table of its own commands, which cmd/cmd.c
 * lists: a new view is one file plus one row there.
 *
 * Names follow Linux (init_task, task_struct.tasks, se.vruntime, __log_buf,
 * runqueues, irq_desc, contig_page_data, slab_caches), with the older
 * spellings Linux used as fallbacks; a view whose structures the kernel
 * lacks says which name is missing.
 */
#ifndef LUCID_DBG_KVIEW_H
#define LUCID_DBG_KVIEW_H

#include "debugger/core/dbg_int.h"

#define KVIEW_PAGE_OFFSET 0xC0000000u

/* Each view module's command table. */
extern const struct dbg_command kview_tasks_commands[];
extern const struct dbg_command kview_sched_commands[];
extern const struct dbg_command kview_dmesg_commands[];
extern const struct dbg_command kview_mm_commands[];
extern const struct dbg_command kview_meminfo_commands[];
extern const struct dbg_command kview_irq_commands[];
extern const struct dbg_command kview_kcore_commands[];
extern const struct dbg_command kview_modules_commands[];
extern const struct dbg_command kview_procs_commands[];
extern const struct dbg_command kview_syscall_commands[];
extern const struct dbg_command kview_pinfo_commands[];
extern const struct dbg_command kview_vfs_commands[];
extern const struct dbg_command kview_usersyms_commands[];

/* Load a module's DWARF at its section addresses and print gdb's
 * add-symbol-file line for it (modules_dwarf.c); dir: where the .ko files
 * are, or NULL for modules/ beside the kernel's ELF. */
void kview_module_dwarf(struct dbg *d, u32 mod, const char *name, const char *dir);
/* qXfer:libraries entries: one module's (its .ko and section addresses),
 * and every loaded module's, oldest first. Bytes written (0: none). */
size_t kview_module_library(struct dbg *d, u32 mod, const char *name, char *xml, size_t size);
size_t kview_modules_xml(struct dbg *d, char *xml, size_t size);

/* ---- helpers every view uses (kview.c) ---- */

/* Evaluate a printf-built expression to an integer; false if it fails. */
bool kview_eval(struct dbg *d, u64 *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Offset of a (possibly nested, "a.b.c") member in a struct type. */
bool kview_member_off(struct dbg *d, const char *type, const char *path, u32 *off);
bool kview_has_member(struct dbg *d, const char *type, const char *path);
/* Read a NUL-terminated string of at most max bytes at a linear address. */
void kview_read_str(struct dbg *d, u32 addr, char *buf, size_t max);
/* ok, or say that the kernel lacks what (and return false). */
bool kview_need(struct dbg *d, bool ok, const char *what);

/* ---- tasks (tasks.c), also for the other views ---- */

/* A walk of init_task's task list. */
struct kview_task_iter {
	u32 first, cur;
	u32 off_tasks;
	int guard;
};
bool kview_task_first(struct dbg *d, struct kview_task_iter *it);
bool kview_task_next(struct dbg *d, struct kview_task_iter *it);
/* A task_struct field by name (dflt when it cannot be read). */
u64 kview_task_field(struct dbg *d, u32 task, const char *field, u64 dflt);
/* A task's one-letter state (R S D T t Z X), as the guest's /proc shows it. */
char kview_state_char(u64 state, u64 exit_state);
/* The task with this pid, or 0. */
u32 kview_find_task(struct dbg *d, u64 pid);
/* The running task, or 0. */
u32 kview_current_task(struct dbg *d);
/* ps: every task, one row each (also "info threads"). */
int kview_ps(struct dbg *d, const char *args);
/* ps's header line, and one row per task (running marks it with ">"). */
void kview_ps_header(struct dbg *d);
void kview_ps_line(struct dbg *d, u32 t, bool running);

/* The guest's tasks as the gdb stub's threads: the list from init_task
 * (0 when the kernel has none), a task's pid and its comm. */
int dbg_task_list(struct dbg *d, u32 *tasks, int max);
u64 dbg_task_pid(struct dbg *d, u32 task);
void dbg_task_comm(struct dbg *d, u32 task, char *buf, size_t len);

/* ---- processes (procs.c, mm.c) ---- */

/* A command's PID argument (an expression) and its task; -1 with the
 * error said (usage when there is no argument). */
int kview_pid_arg(struct dbg *d, const char *args, const char *usage, u64 *pid, u32 *task);
/* ps u: procps's ps aux columns. */
int kview_ps_u(struct dbg *d);
/* The physical address of a task's page directory (mm, else active_mm). */
int kview_task_cr3(struct dbg *d, u32 task, u32 *cr3);
/* Read a process's memory through its page tables: the bytes read. */
int kview_read_user(struct dbg *d, u32 task, u32 addr, void *buf, u32 len);
/* The path of (mnt, dentry) seen from the root (rmnt, rdentry), as d_path. */
void kview_d_path(struct dbg *d, u32 mnt, u32 dentry, u32 rmnt, u32 rdentry, char *buf,
		  size_t len);
/* A struct path (mnt, dentry) as text seen from the task's root, as d_path. */
void kview_task_path(struct dbg *d, u32 task, u32 mnt, u32 dentry, char *buf, size_t len);
/* The program a task runs, read from the guest's ext2 disk into a host
 * file (kept until the debugger ends): its name, and the address of its
 * first loadable segment; -1 when it cannot be had. */
int kview_task_exe_file(struct dbg *d, u32 task, char *host, size_t len, u32 *vaddr);
/* A task's saved user registers (struct pt_regs at its stack top), or 0. */
u32 kview_task_pt_regs(struct dbg *d, u32 task);

#endif
