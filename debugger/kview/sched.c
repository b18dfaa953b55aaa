/*
 * The scheduler's state: the run queue (the CFS red-black tree in vruntime
 * order and the RT priority lists, Linux's struct rq) and jiffies with the
 * virtual time it stands for.
 */
#include "debugger/kview/kview.h"

static int cmd_jiffies(struct dbg *d, const char *args)
{
	u64 j, hz = 0, size = 4;
	if (!kview_need(d, kview_eval(d, &j, "jiffies"), "jiffies"))
		return -1;
	/* jiffies is an unsigned long that starts just below the wrap. */
	kview_eval(d, &size, "sizeof(jiffies)");
	if (size < 8)
		j &= (1ull << (size * 8)) - 1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	kview_eval(d, &hz, "HZ");
	u64 ips = d->t->ips ? d->t->ips : 100000000ull;
	u64 ns = (u64)((unsigned __int128)r.icount * 1000000000ull / ips);
	dbg_printf(d, "jiffies = %llu", (unsigned long long)j);
	if (hz) {
		/* Linux starts jiffies at INITIAL_JIFFIES = -300*HZ (wraps after 5 min)
		 * when the kernel has that, else at 0. */
		u64 init = 0, up;
		if (!kview_eval(d, &init, "INITIAL_JIFFIES") && size < 8)
			init = (u64)(u32)(-300 * (s64)hz);
		else if (!kview_eval(d, &init, "INITIAL_JIFFIES"))
			init = 0;
		up = (j - init) & (size < 8 ? (1ull << (size * 8)) - 1 : ~0ull);
		if (up > j && init == 0)
			up = j;
		dbg_printf(d, " (%llu ticks since boot: %llu.%03llu s at HZ=%llu)",
			   (unsigned long long)up, (unsigned long long)(up / hz),
			   (unsigned long long)(up % hz * 1000 / hz), (unsigned long long)hz);
	}
	dbg_printf(d, "\nvirtual time = %llu.%09llu s (icount %llu)\n",
		   (unsigned long long)(ns / 1000000000ull), (unsigned long long)(ns % 1000000000ull),
		   (unsigned long long)r.icount);
	return 0;
}

/* In-order walk of a red-black tree of sched_entity.run_node. */
static void rb_walk(struct dbg *d, u32 node, u32 off_run_node, u32 off_se, u32 cur, int *n,
		    int depth)
{
	u64 left, right;
	if (!node || depth > 64 || *n > 4096)
		return;
	if (!kview_eval(d, &left, "(unsigned long)((struct rb_node *)0x%x)->rb_left", node) ||
	    !kview_eval(d, &right, "(unsigned long)((struct rb_node *)0x%x)->rb_right", node))
		return;
	rb_walk(d, (u32)left, off_run_node, off_se, cur, n, depth + 1);
	u32 task = node - off_run_node - off_se;
	kview_ps_line(d, task, task == cur);
	(*n)++;
	rb_walk(d, (u32)right, off_run_node, off_se, cur, n, depth + 1);
}

static int cmd_runq(struct dbg *d, const char *args)
{
	const char *rqs[] = { "runqueues", "runqueue", "rq" };
	const char *rq = NULL;
	u64 a;
	for (size_t i = 0; i < ARRAY_SIZE(rqs) && !rq; i++)
		if (kview_eval(d, &a, "&%s", rqs[i]))
			rq = rqs[i];
	if (!kview_need(d, rq != NULL, "runqueues"))
		return -1;
	u32 cur = kview_current_task(d);
	u64 nr = 0;
	kview_eval(d, &nr, "%s.nr_running", rq);
	dbg_printf(d, "RUNQUEUE %s at 0x%x: nr_running %llu\n", rq, (u32)a, (unsigned long long)nr);
	u32 off_rn, off_se;
	u64 root;
	bool cached = kview_eval(d, &root, "(unsigned long)%s.cfs.tasks_timeline.rb_root.rb_node", rq);
	if (!cached && !kview_eval(d, &root, "(unsigned long)%s.cfs.tasks_timeline.rb_node", rq)) {
		dbg_printf(d, "  no CFS tree (cfs.tasks_timeline)\n");
	} else if (!kview_member_off(d, "struct sched_entity", "run_node", &off_rn) ||
		   !kview_member_off(d, "struct task_struct", "se", &off_se)) {
		dbg_printf(d, "  no sched_entity.run_node\n");
	} else {
		u64 min = 0;
		kview_eval(d, &min, "%s.cfs.min_vruntime", rq);
		dbg_printf(d, "CFS: min_vruntime %llu, in vruntime order:\n", (unsigned long long)min);
		kview_ps_header(d);
		int n = 0;
		rb_walk(d, (u32)root, off_rn, off_se, cur, &n, 0);
		if (!n)
			dbg_printf(d, "  (empty)\n");
	}
	/* RT: an array of list heads per priority, entries sched_rt_entity.run_list. */
	u64 qa;
	u32 off_rl, off_rt;
	if (kview_eval(d, &qa, "&%s.rt.active.queue[0]", rq) &&
	    kview_member_off(d, "struct sched_rt_entity", "run_list", &off_rl) &&
	    kview_member_off(d, "struct task_struct", "rt", &off_rt)) {
		dbg_printf(d, "RT:\n");
		int any = 0;
		for (int prio = 0; prio < 100; prio++) {
			u32 head = (u32)qa + prio * 8, p;
			if (dbg_read_linear(d, head, &p, 4) != 0)
				break;
			/* An empty list points at itself (or is zero before init). */
			for (int g = 0; p && p != head && g < 1024; g++) {
				u32 task = p - off_rl - off_rt;
				dbg_printf(d, "  [%2d] ", prio);
				kview_ps_line(d, task, task == cur);
				any++;
				if (dbg_read_linear(d, p, &p, 4) != 0)
					break;
			}
		}
		if (!any)
			dbg_printf(d, "  (empty)\n");
	}
	return 0;
}

const struct dbg_command kview_sched_commands[] = {
	{ "jiffies", NULL, cmd_jiffies, "jiffies: the kernel's tick count and its virtual time" },
	{ "runq", NULL, cmd_runq, "runq: the CFS tree and RT queues" },
	{ NULL, NULL, NULL, NULL },
};
