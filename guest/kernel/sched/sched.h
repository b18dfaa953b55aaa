/*
 * The scheduler's private structures (Linux's kernel/sched/sched.h): one run
 * queue (this is a uniprocessor) holding a CFS queue (a red-black tree of
 * entities keyed by vruntime) and an RT queue (100 priority lists and a
 * bitmap), and the scheduling-class interface each policy implements.
 */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <linux/sched.h>

struct cfs_rq {
	struct load_weight load;	/* sum of the queued entities' weights (curr included) */
	unsigned int nr_running;
	u64 min_vruntime;		/* monotonic floor of the queue's vruntimes */
	struct rb_root_cached tasks_timeline;
	struct sched_entity *curr;	/* running, not in the tree */
	struct sched_entity *skip;	/* sched_yield: pass over it once */
};

struct rt_prio_array {
	u32 bitmap[(MAX_RT_PRIO + 31) / 32];	/* bit p: queue[p] is not empty */
	struct list_head queue[MAX_RT_PRIO];
};

struct rt_rq {
	struct rt_prio_array active;
	unsigned int rt_nr_running;
};

struct dl_rq {
	struct rb_root_cached root;	/* runnable deadline tasks by absolute deadline */
	unsigned int dl_nr_running;	/* in the tree (not throttled, not running) */
};

struct rq {
	unsigned int nr_running;
	u64 clock;			/* ns, from sched_clock() */
	bool clock_skip;		/* just updated: the next update_rq_clock does nothing */
	struct cfs_rq cfs;
	struct rt_rq rt;
	struct dl_rq dl;
	struct task_struct *curr, *idle;
	struct mm_struct *prev_mm;
};

extern struct rq runqueue;

#define ENQUEUE_WAKEUP	0x01
#define ENQUEUE_INITIAL	0x02
#define DEQUEUE_SLEEP	0x01

/* The methods take their arguments in registers (fastcall): they are on every switch. */
struct sched_class {
	const struct sched_class *next;
	fastcall void (*enqueue_task)(struct rq *rq, struct task_struct *p, int flags);
	fastcall void (*dequeue_task)(struct rq *rq, struct task_struct *p, int flags);
	fastcall void (*yield_task)(struct rq *rq);
	fastcall void (*check_preempt_curr)(struct rq *rq, struct task_struct *p);
	fastcall struct task_struct *(*pick_next_task)(struct rq *rq, struct task_struct *prev);
	fastcall void (*put_prev_task)(struct rq *rq, struct task_struct *p);
	fastcall void (*task_tick)(struct rq *rq, struct task_struct *p);
	fastcall void (*task_fork)(struct task_struct *p);
};

extern const struct sched_class dl_sched_class, rt_sched_class, fair_sched_class,
	idle_sched_class;
#define sched_class_highest (&dl_sched_class)

extern const int sched_prio_to_weight[40];
extern const u32 sched_prio_to_wmult[40];
extern unsigned int sysctl_sched_latency, sysctl_sched_min_granularity,
	sysctl_sched_wakeup_granularity;

void resched_curr(struct rq *rq);
void update_rq_clock(struct rq *rq);
void set_load_weight(struct task_struct *p);
void init_cfs_rq(struct cfs_rq *cfs_rq);
void init_rt_rq(struct rt_rq *rt_rq);
void init_dl_rq(struct dl_rq *dl_rq);
void dl_release(struct task_struct *p);

#endif
