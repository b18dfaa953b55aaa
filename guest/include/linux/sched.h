/*
 * Tasks and the scheduler's interface (Linux's include/linux/sched.h, 4.x).
 * A task is a struct task_struct plus a two-page kernel stack with its
 * struct thread_info at the bottom; current is found from the stack pointer.
 * Scheduling classes: SCHED_FIFO/SCHED_RR (rt.c) before SCHED_NORMAL (CFS,
 * fair.c) before the idle task (idle.c).
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/time.h>
#include <linux/wait.h>
#include <linux/timer.h>
#include <linux/compiler.h>
#include <asm/page.h>

/* task->state */
#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_STOPPED		4	/* stopped by SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU */
#define TASK_DEAD		64	/* exited, waiting for its stack to be freed */
#define TASK_WAKEKILL		128	/* a SIGKILL wakes this sleep too */
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)

/* task->exit_state */
#define EXIT_ZOMBIE		16	/* exited, waiting for its parent's wait4 */
#define EXIT_DEAD		32	/* reaped */

/* task->flags */
#define PF_IDLE		0x00000002	/* the idle task */
#define PF_EXITING	0x00000004
#define PF_MEMALLOC	0x00000800	/* reclaiming: its allocations do not reclaim again */
#define PF_KTHREAD	0x00200000	/* a kernel thread */

/* Policies */
#define SCHED_NORMAL	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define SCHED_BATCH	3
#define SCHED_IDLE	5
#define SCHED_DEADLINE	6

#define MAX_USER_RT_PRIO	100
#define MAX_RT_PRIO		MAX_USER_RT_PRIO
#define MAX_PRIO		(MAX_RT_PRIO + 40)
#define DEFAULT_PRIO		(MAX_RT_PRIO + 20)
#define NICE_TO_PRIO(nice)	((nice) + DEFAULT_PRIO)
#define PRIO_TO_NICE(prio)	((prio) - DEFAULT_PRIO)
#define NICE_0_LOAD		1024
#define RR_TIMESLICE		(100 * HZ / 1000)	/* 100 ms, in ticks */

#define TASK_COMM_LEN 16

struct load_weight {
	unsigned long weight;
	u32 inv_weight;
};

/* What CFS schedules (one per task here; Linux also has group entities). */
struct sched_entity {
	struct load_weight load;
	struct rb_node run_node;	/* in cfs_rq->tasks_timeline, keyed by vruntime */
	unsigned int on_rq;
	u64 exec_start;			/* rq clock when it last started running */
	u64 sum_exec_runtime;		/* ns of CPU time in total */
	u64 vruntime;			/* weighted CPU time: the tree's key */
	u64 prev_sum_exec_runtime;	/* sum_exec_runtime when it was last picked */
	u64 nr_migrations;
};

struct sched_rt_entity {
	struct list_head run_list;	/* in rt_rq->queue[prio] */
	unsigned int time_slice;	/* SCHED_RR: ticks left */
	unsigned short on_rq;
};

/* SCHED_DEADLINE (kernel/sched/deadline.c): a constant bandwidth server. */
struct sched_dl_entity {
	struct rb_node rb_node;		/* in dl_rq->root, keyed by deadline */
	u64 dl_runtime;			/* the budget per period (ns) */
	u64 dl_deadline;		/* relative deadline (ns) */
	u64 dl_period;			/* replenishment period (ns) */
	u64 dl_bw;			/* dl_runtime / dl_period, << BW_SHIFT */
	s64 runtime;			/* what is left of the budget */
	u64 deadline;			/* absolute deadline (rq clock) */
	unsigned int on_tree:1, dl_throttled:1, dl_yielded:1;
	unsigned long nr_throttled;	/* times the budget ran out */
	struct timer_list dl_timer;	/* replenishes a throttled task at its deadline */
};

/* Saved kernel context: what switch_to needs to resume a task. */
struct thread_struct {
	unsigned long sp;	/* kernel stack pointer at the switch */
	unsigned long ip;	/* where it resumes (1: in switch_to, or ret_from_fork) */
	unsigned long sp0;	/* top of the kernel stack: TSS.esp0 when it runs */
};

struct mm_struct;
struct sched_class;
struct completion;
struct files_struct;
struct blk_plug;
struct fs_struct;

/* Signals (kernel/signal.c): numbers 1..64 as Linux i386, a bit per signal. */
#define _NSIG		64
typedef u64 sigset_t;
#define sigmask(sig)	(1ULL << ((sig) - 1))
struct k_sigaction {
	unsigned long handler;		/* SIG_DFL 0, SIG_IGN 1, or a user function */
	unsigned long flags;		/* SA_* */
	unsigned long restorer;
	sigset_t mask;
};

/* A TLS segment descriptor from set_thread_area (GDT entries 6..8). */
#define GDT_ENTRY_TLS_MIN	6
#define GDT_ENTRY_TLS_ENTRIES	3

/* Resource limits (Linux's asm-generic/resource.h numbers). */
#define RLIMIT_STACK		3
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_AS		9
#define RLIM_NLIMITS		16
#define RLIM64_INFINITY		(~0ULL)
struct completion;

struct task_struct {
	volatile long state;		/* TASK_RUNNING, TASK_INTERRUPTIBLE, ... */
	void *stack;			/* the two pages; thread_info at the bottom */
	unsigned int flags;		/* PF_* */
	int on_rq;			/* queued on the run queue */
	int prio, static_prio, normal_prio;
	unsigned int rt_priority;	/* 1..99 for SCHED_FIFO/RR */
	const struct sched_class *sched_class;
	struct sched_entity se;
	struct sched_rt_entity rt;
	struct sched_dl_entity dl;
	unsigned int policy;

	struct list_head tasks;		/* the global task list, from init_task */
	struct mm_struct *mm, *active_mm;	/* mm NULL for kernel threads (lazy TLB) */
	int exit_code;
	int usage;			/* references; the task is freed when it drops to 0 */
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent, *parent;
	struct list_head children;	/* my children */
	struct list_head sibling;	/* in my parent's children */
	struct task_struct *pid_hash_next;
	char comm[TASK_COMM_LEN];
	struct thread_struct thread;

	/* Statistics. */
	unsigned long nvcsw, nivcsw;	/* voluntary / involuntary context switches */
	u64 start_time;			/* ns since boot */
	/* Lockdep-lite: how many sleeping locks and spinlocks this task holds. */
	int mutexes_held;
	int spinlocks_held;
	/* Kernel threads. */
	void *kthread;			/* struct kthread, for kthread_stop */
	/* Sleeping in schedule_timeout. */
	unsigned long wakeup_reason;

	/* User processes. */
	int exit_state;			/* EXIT_ZOMBIE until the parent reaps it */
	int exit_signal;		/* sent to the parent at exit (SIGCHLD), -1: none */
	sigset_t pending, blocked;
	sigset_t real_blocked;		/* blocked before sigtimedwait unblocked its set (0 otherwise) */
	sigset_t saved_sigmask;		/* sigsuspend's caller mask, back after the handler */
	bool restore_sigmask;
	unsigned long sas_ss_sp, sas_ss_size;	/* sigaltstack */
	struct {			/* why the pending trap signal was sent (siginfo) */
		int signo, code;
		unsigned long addr;
		int trapno, error;
	} fault_info;
	struct k_sigaction action[_NSIG];
	wait_queue_head_t wait_chldexit;	/* the parent sleeps here in wait4 */
	u64 tls_array[GDT_ENTRY_TLS_ENTRIES];
	int __user *set_child_tid, *clear_child_tid;
	unsigned long min_flt, maj_flt;	/* page faults: minor (no I/O) and major */
	int oom_score_adj;		/* -1000 (never kill) .. 1000 (kill first); inherited */
	bool oom_victim;		/* chosen by the OOM killer, dying */
	u64 utime_ns, stime_ns;		/* CPU time in user / kernel mode */
	struct rlimit64 {		/* setrlimit/prlimit64 (Linux keeps them per thread group) */
		u64 rlim_cur, rlim_max;
	} rlim[RLIM_NLIMITS];
	pid_t pgid, sid;		/* process group and session (inherited by fork) */
	unsigned int jobctl;		/* JOBCTL_*: job-control stop state */
	int stop_signal;		/* the signal that stopped it, for wait's status */
	struct completion *vfork_done;	/* the vfork parent waits here until we exec or exit */
	bool fpu_valid;			/* the process has FPU state (Linux's used_math) */
	bool fpu_live;			/* ... and it is in the CPU, CR0.TS clear (TS_USEDFPU) */
	u8 fpu_state[512] __attribute__((aligned(16)));	/* FXSAVE (or FNSAVE) image */
	struct files_struct *files;	/* open descriptors (NULL for kernel threads) */
	struct fs_struct *fs;		/* root, cwd, umask */
	struct blk_plug *plug;		/* block requests held back to merge (block/blk-core.c) */
	/* ptrace (kernel/ptrace.c): 0 unless traced. */
	unsigned int ptrace;		/* PT_* (linux/ptrace.h) */
	unsigned int ptrace_options;	/* PTRACE_O_* */
	struct task_struct *tracer;	/* who traces us (Linux's ptrace parent) */
	int ptrace_code;		/* the current stop's wait status */
	int ptrace_resume_sig;		/* the signal the tracer resumed us with */
	int ptrace_event;		/* a PTRACE_EVENT_* to report at system-call exit */
	unsigned long ptrace_message;	/* PTRACE_GETEVENTMSG: the new pid, the old pid at exec */
};

struct thread_info {
	struct task_struct *task;
	unsigned long flags;		/* TIF_* */
	unsigned long saved_preempt_count;	/* preempt_count while switched out */
	unsigned long stack_end_magic;	/* STACK_END_MAGIC: overflow canary */
};

#define TIF_NEED_RESCHED	3
#define STACK_END_MAGIC		0x57AC6E9D

union thread_union {
	struct thread_info thread_info;
	unsigned long stack[THREAD_SIZE / sizeof(long)];
};

extern union thread_union init_thread_union;
extern struct task_struct init_task;

static inline struct thread_info *current_thread_info(void)
{
	unsigned long sp;

	__asm__("movl %%esp, %0" : "=r"(sp));
	return (struct thread_info *)(sp & ~(THREAD_SIZE - 1));
}

#define current (current_thread_info()->task)
#define __set_current_state(s) (current->state = (s))
#define set_current_state(s) do { current->state = (s); __asm__ __volatile__("" ::: "memory"); } while (0)

static inline struct thread_info *task_thread_info(const struct task_struct *p)
{
	return (struct thread_info *)p->stack;
}

static inline void set_tsk_need_resched(struct task_struct *p)
{
	task_thread_info(p)->flags |= 1UL << TIF_NEED_RESCHED;
}

static inline void clear_tsk_need_resched(struct task_struct *p)
{
	task_thread_info(p)->flags &= ~(1UL << TIF_NEED_RESCHED);
}

static inline bool test_tsk_need_resched(const struct task_struct *p)
{
	return task_thread_info(p)->flags & (1UL << TIF_NEED_RESCHED);
}

bool need_resched(void);

static inline bool rt_prio(int prio)
{
	return prio < MAX_RT_PRIO;
}

static inline bool task_is_kthread(const struct task_struct *p)
{
	return p->flags & PF_KTHREAD;
}

/* The scheduler's entry points. */
void sched_init(void);
void scheduler_tick(void);
void schedule(void);
void schedule_preempt_disabled(void);
void preempt_schedule(void);
void preempt_schedule_irq(void);
int wake_up_process(struct task_struct *p);
int wake_up_state(struct task_struct *p, unsigned int state);
void wake_up_new_task(struct task_struct *p);
void set_user_nice(struct task_struct *p, long nice);
int task_nice(const struct task_struct *p);
struct sched_param { int sched_priority; };
int sched_setscheduler(struct task_struct *p, int policy, const struct sched_param *param);

/* sched_setattr/sched_getattr's argument (Linux's uapi/linux/sched/types.h, VER1: 56 bytes). */
struct sched_attr {
	u32 size;
	u32 sched_policy;
	u64 sched_flags;
	s32 sched_nice;
	u32 sched_priority;
	u64 sched_runtime, sched_deadline, sched_period;	/* SCHED_DEADLINE, ns */
	u32 sched_util_min, sched_util_max;
};
#define SCHED_ATTR_SIZE_VER0	48
#define SCHED_ATTR_SIZE_VER1	56
int sched_setattr(struct task_struct *p, const struct sched_attr *attr);
void sched_getattr(struct task_struct *p, struct sched_attr *attr);
int sched_getscheduler(struct task_struct *p);
void sched_yield(void);
void sched_fork(struct task_struct *p);
void init_idle(struct task_struct *idle);
void __noreturn cpu_startup_entry(void);
u64 sched_clock(void);
void set_task_comm(struct task_struct *p, const char *name);

#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
void msleep(unsigned int msecs);

/* Tasks. */
pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);
struct task_struct *find_task_by_pid(pid_t pid);
void __noreturn do_exit(long code);
void show_tasks(void);
void get_task_struct(struct task_struct *p);
void put_task_struct(struct task_struct *p);
void fork_init(void);
void detach_pid(struct task_struct *p);
static inline unsigned long *end_of_stack(const struct task_struct *p)
{
	return &task_thread_info(p)->stack_end_magic;
}
extern struct list_head task_list_head;

/* The user registers saved at the top of a task's kernel stack. */
#include <asm/ptrace.h>
static inline struct pt_regs *task_pt_regs(const struct task_struct *p)
{
	return (struct pt_regs *)((char *)p->stack + THREAD_SIZE) - 1;
}
#define current_pt_regs() task_pt_regs(current)

/* Processes (kernel/fork.c, kernel/exit.c, kernel/signal.c, fs/exec.c). */
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000
#define CSIGNAL			0x000000ff
long do_fork(unsigned long clone_flags, unsigned long stack_start, int __user *parent_tidptr,
	     int __user *child_tidptr, unsigned long tls);
void __noreturn do_group_exit(int exit_code);
int kernel_execve(const char *filename, const char *const argv[], const char *const envp[]);
void release_task(struct task_struct *p);
int send_sig(int sig, struct task_struct *p, int priv);
int kill_pgrp(pid_t pgrp, int sig);
bool pgrp_orphaned(pid_t pgrp);
#define JOBCTL_STOPPED		1	/* stopped now */
#define JOBCTL_STOP_REPORT	2	/* the stop is not yet reported to wait */
#define JOBCTL_CONT_REPORT	4	/* the continue is not yet reported to wait */
void force_sig(int sig);
void force_sig_fault(int sig, int code, unsigned long addr, int trapno, int error);
fastcall void syscall_exit_to_user_mode(struct pt_regs *regs);
bool signal_pending(struct task_struct *p);
bool fatal_signal_pending(struct task_struct *p);
void flush_signal_handlers(struct task_struct *t);
void exit_to_user_mode(struct pt_regs *regs);
fastcall void load_TLS(struct task_struct *t);
void fpu_init(void);
void fpu_save(struct task_struct *t);
void fpu_drop(struct task_struct *t);
void rlimit_init(struct task_struct *t);
void mm_release_vfork(struct task_struct *t);
static inline u64 rlimit(unsigned int res)
{
	return current->rlim[res].rlim_cur;
}
bool fpu_math_state_restore(void);
bool fpu_has_fxsr(void);
void fpu_reset_live(struct task_struct *t);
size_t fpu_sigframe_size(void);
int fpu_save_sigframe(void __user *buf);
int fpu_restore_sigframe(const void __user *buf);
extern unsigned long total_forks;
extern int nr_threads;
#define for_each_process(p) list_for_each_entry(p, &init_task.tasks, tasks)

/* Counters the debugger shows (kernel/sched/core.c). */
extern u64 nr_context_switches, nr_cr3_loads, nr_tlb_flushes;

void __noreturn panic(const char *fmt, ...);

#endif
