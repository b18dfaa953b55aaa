/*
 * Tasks: the list from init_task (task_struct.tasks), ps and current as
 * crash(8) prints them, and the lookups the other views share (a task by
 * pid, the running task, a field by name). Also the gdb stub's threads.
 */
#include <string.h>

#include "debugger/kview/kview.h"

bool kview_task_first(struct dbg *d, struct kview_task_iter *it)
{
	u64 a;
	if (!kview_member_off(d, "struct task_struct", "tasks", &it->off_tasks) || !kview_eval(d, &a, "&init_task"))
		return false;
	it->first = it->cur = (u32)a;
	it->guard = 0;
	return true;
}

bool kview_task_next(struct dbg *d, struct kview_task_iter *it)
{
	u32 next;
	if (++it->guard > 4096 || dbg_read_linear(d, it->cur + it->off_tasks, &next, 4) != 0)
		return false;
	it->cur = next - it->off_tasks;
	return it->cur != it->first;
}

u64 kview_task_field(struct dbg *d, u32 task, const char *field, u64 dflt)
{
	u64 v;
	if (kview_eval(d, &v, "((struct task_struct *)0x%x)->%s", task, field))
		return v;
	return dflt;
}

/* The one-letter state procps shows (STAT, /proc/PID/stat's third field),
 * as the guest's fs/proc/array.c computes it: exit_state first (lucix's
 * EXIT_ZOMBIE is 16, EXIT_DEAD 32), then TASK_DEAD (64), then the state
 * bits (TASK_INTERRUPTIBLE 1, TASK_UNINTERRUPTIBLE 2, stopped 4, traced 8). */
char kview_state_char(u64 state, u64 exit_state)
{
	if (exit_state & 16)
		return 'Z';
	if ((exit_state & 32) || (state & 64))
		return 'X';
	if (state == 0)
		return 'R';
	if (state & 2)
		return 'D';
	if (state & 4)
		return 'T';
	if (state & 8)
		return 't';
	if (state & 1)
		return 'S';
	return '?';
}

u32 kview_find_task(struct dbg *d, u64 pid)
{
	struct kview_task_iter it;
	if (!kview_task_first(d, &it))
		return 0;
	do {
		if (kview_task_field(d, it.cur, "pid", ~0ull) == pid)
			return it.cur;
	} while (kview_task_next(d, &it));
	return 0;
}

static const char *policy_name(u64 p)
{
	static const char *const n[] = { "NORMAL", "FIFO", "RR", "BATCH", "ISO", "IDLE" };
	return p < 6 ? n[p] : "?";
}

void kview_ps_line(struct dbg *d, u32 t, bool running)
{
	const char *state_field = kview_has_member(d, "struct task_struct", "__state") ? "__state" : "state";
	const char *parent_field = kview_has_member(d, "struct task_struct", "real_parent") ?
					   "real_parent" : "parent";
	u64 pid = kview_task_field(d, t, "pid", 0), tgid = kview_task_field(d, t, "tgid", pid);
	u64 parent = kview_task_field(d, t, parent_field, 0);
	u64 ppid = parent ? kview_task_field(d, (u32)parent, "pid", 0) : 0;
	u64 st = kview_task_field(d, t, state_field, 0), ex = kview_task_field(d, t, "exit_state", 0);
	u64 mm = kview_task_field(d, t, "mm", 0);
	u64 prio = kview_task_field(d, t, "prio", 0), sprio = kview_task_field(d, t, "static_prio", 120);
	u64 policy = kview_task_field(d, t, "policy", 0);
	u64 vr = kview_task_field(d, t, "se.vruntime", 0), rt = kview_task_field(d, t, "se.sum_exec_runtime", 0);
	char comm[32];
	u64 ca;
	comm[0] = 0;
	if (kview_eval(d, &ca, "&((struct task_struct *)0x%x)->comm", t))
		kview_read_str(d, (u32)ca, comm, 17);
	char name[40];
	snprintf(name, sizeof(name), mm || pid == 1 ? "%s" : "[%s]", comm);
	if (pid == 1 && !mm)
		snprintf(name, sizeof(name), "[%s]", comm);
	dbg_printf(d, "%s%5llu %5llu %5llu  %-2c %-6s %4lld %4lld %12llu %12llu  0x%08x  %s\n",
		   running ? ">" : " ", (unsigned long long)pid, (unsigned long long)ppid,
		   (unsigned long long)tgid, running ? 'R' : kview_state_char(st, ex), policy_name(policy),
		   (long long)prio, (long long)sprio - 120, (unsigned long long)vr,
		   (unsigned long long)rt, t, name);
}

void kview_ps_header(struct dbg *d)
{
	dbg_printf(d, "   PID  PPID  TGID  ST POLICY PRIO NICE     VRUNTIME      CPU(ns)  TASK        COMM\n");
}

/* The running task: Linux i386 keeps it per CPU (current_task), older
 * kernels in thread_info at the bottom of the 8 KiB kernel stack. */
u32 kview_current_task(struct dbg *d)
{
	u64 v;
	if (kview_eval(d, &v, "current_task") && v)
		return (u32)v;
	if (kview_eval(d, &v, "(unsigned long)current") && v)
		return (u32)v;
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 sp = r.gpr[DBG_ESP];
	/* In user mode the kernel stack is the one the TSS names (ESP0). */
	u32 sp0;
	if (sp < KVIEW_PAGE_OFFSET && r.tr.base && dbg_read_linear(d, r.tr.base + 4, &sp0, 4) == 0)
		sp = sp0 - 4;
	u32 ti = sp & ~(8192u - 1);
	if (ti >= KVIEW_PAGE_OFFSET && kview_eval(d, &v, "((struct thread_info *)0x%x)->task", ti))
		return (u32)v;
	return 0;
}

int kview_ps(struct dbg *d, const char *args)
{
	if (!strcmp(args, "u") || !strcmp(args, "aux") || !strcmp(args, "-u"))
		return kview_ps_u(d);
	struct kview_task_iter it;
	if (!kview_need(d, kview_task_first(d, &it), "init_task / struct task_struct.tasks"))
		return -1;
	/* Before the kernel runs (at the reset vector, in the BIOS) its image
	 * may not even be in memory: init_task's list head, static in a
	 * running kernel, is no list yet. */
	u32 next = 0;
	if (dbg_read_linear(d, it.first + it.off_tasks, &next, 4) != 0 || !next) {
		dbg_printf(d, "No tasks: the kernel is not running yet (init_task.tasks is not "
			      "a list).\n");
		return 0;
	}
	u32 cur = kview_current_task(d);
	kview_ps_header(d);
	int n = 0;
	do {
		kview_ps_line(d, it.cur, it.cur == cur);
		n++;
	} while (kview_task_next(d, &it));
	dbg_printf(d, "%d tasks\n", n);
	return 0;
}

static int cmd_current(struct dbg *d, const char *args)
{
	u32 t = kview_current_task(d);
	if (!kview_need(d, t != 0, "current_task or thread_info"))
		return -1;
	dbg_printf(d, "current = (struct task_struct *) 0x%x\n", t);
	kview_ps_header(d);
	kview_ps_line(d, t, true);
	return 0;
}

/* The gdb stub's threads. */

int dbg_task_list(struct dbg *d, u32 *tasks, int max)
{
	struct kview_task_iter it;
	int n = 0;
	if (!kview_task_first(d, &it))
		return 0;
	do {
		if (n < max)
			tasks[n++] = it.cur;
	} while (kview_task_next(d, &it) && n < max);
	return n;
}

u64 dbg_task_pid(struct dbg *d, u32 task)
{
	return kview_task_field(d, task, "pid", 0);
}

void dbg_task_comm(struct dbg *d, u32 task, char *buf, size_t len)
{
	u64 ca;
	buf[0] = 0;
	if (kview_eval(d, &ca, "&((struct task_struct *)0x%x)->comm", task))
		kview_read_str(d, (u32)ca, buf, len < 17 ? len : 17);
}

const struct dbg_command kview_tasks_commands[] = {
	{ "ps", NULL, kview_ps, "ps [u]: the kernel's task list; ps u: procps's ps aux columns" },
	{ "current", NULL, cmd_current, "current: the running task" },
	{ NULL, NULL, NULL, NULL },
};

/* Where a task stands, for a backtrace of it (bt pid N): the running one's
 * registers are the CPU's; a sleeping one's are its switch frame's, as the
 * gdb stub gives them: ESP = thread.sp, EIP = thread.ip, EBP as switch_to
 * pushed it at ESP (a new task's first code, ret_from_fork, has none). The
 * other registers switch_to does not keep. Memory is read through the
 * task's own page tables. */
int dbg_task_frame(struct dbg *d, u64 pid, u32 regs[9], u16 *known, u32 *cr3)
{
	u32 t = kview_find_task(d, pid);
	if (!t) {
		dbg_err(d, "No task with pid %llu.", (unsigned long long)pid);
		return -1;
	}
	*cr3 = 0;
	memset(regs, 0, 9 * sizeof(u32));
	if (t == kview_current_task(d)) {
		struct dbg_regs r;
		dbg_regs(d, &r);
		memcpy(regs, r.gpr, sizeof(r.gpr));
		regs[8] = dbg_pc(&r);
		*known = 0x1ff;
		return 0;
	}
	if (kview_task_cr3(d, t, cr3) < 0)
		return -1;
	u64 sp, ip;
	if (!kview_eval(d, &sp, "((struct task_struct *)0x%x)->thread.sp", t) ||
	    !kview_eval(d, &ip, "((struct task_struct *)0x%x)->thread.ip", t)) {
		dbg_err(d, "Task 0x%x has no thread.sp / thread.ip.", t);
		return -1;
	}
	regs[DBG_ESP] = (u32)sp;
	regs[8] = (u32)ip;
	*known = 1u << DBG_ESP | 1u << 8;
	u32 off, ebp;
	const struct dbg_sym *s = sym_lookup_addr(d->st, (u32)ip, &off);
	if (!(s && !off && !strcmp(s->name, "ret_from_fork")) &&
	    dbg_read_linear(d, (u32)sp, &ebp, 4) == 0) {
		regs[DBG_EBP] = ebp;
		*known |= 1u << DBG_EBP;
	}
	return 0;
}
