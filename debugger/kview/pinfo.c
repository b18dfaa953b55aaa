/*
 * More of a process, as crash(8) shows it: `task PID` (the task_struct's
 * highlights), `sigs PID` (pending and blocked sets, and every handler, the
 * sets /proc/PID/status shows as SigPnd/SigBlk/SigIgn/SigCgt), `oom` (every
 * task's oom_score as the kernel computes it), `pstree` (the tasks by
 * parent) and `mount` (the mounts as /proc/mounts lists them).
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/kview/kview.h"

static u64 sfield(struct dbg *d, const char *type, u32 addr, const char *field, u64 dflt)
{
	u64 v;
	if (addr && kview_eval(d, &v, "((%s *)0x%x)->%s", type, addr, field))
		return v;
	return dflt;
}

static void comm_of(struct dbg *d, u32 t, char *buf)
{
	u64 ca;
	buf[0] = 0;
	if (kview_eval(d, &ca, "&((struct task_struct *)0x%x)->comm", t))
		kview_read_str(d, (u32)ca, buf, 17);
}

/* ---- task ---- */

static int cmd_task(struct dbg *d, const char *args)
{
	u64 pid;
	u32 t;
	if (kview_pid_arg(d, args, "task PID", &pid, &t) < 0)
		return -1;
	char comm[32];
	comm_of(d, t, comm);
	dbg_printf(d, "PID: %llu  TASK: %08x  COMMAND: \"%s\"\n", (unsigned long long)pid, t, comm);
	static const char *const fields[] = {
		"state", "flags", "pid", "tgid", "real_parent->pid", "pgid", "sid", "prio",
		"static_prio", "policy", "on_rq", "exit_state", "exit_code", "exit_signal",
		"mm", "active_mm", "files", "fs", "stack", "thread.sp", "thread.ip",
		"se.vruntime", "se.sum_exec_runtime", "utime_ns", "stime_ns", "start_time",
		"nvcsw", "nivcsw", "min_flt", "maj_flt", "oom_score_adj", "ptrace",
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		u64 v;
		if (!kview_eval(d, &v, "((struct task_struct *)0x%x)->%s", t, fields[i]))
			continue;
		bool ptr = !strcmp(fields[i], "mm") || !strcmp(fields[i], "active_mm") ||
			   !strcmp(fields[i], "files") || !strcmp(fields[i], "fs") ||
			   !strcmp(fields[i], "stack") || !strncmp(fields[i], "thread.", 7) ||
			   !strcmp(fields[i], "flags");
		if (ptr)
			dbg_printf(d, "  %-20s 0x%08llx\n", fields[i], (unsigned long long)v);
		else
			dbg_printf(d, "  %-20s %lld\n", fields[i], (long long)v);
	}
	return 0;
}

/* ---- sigs ---- */

static const char *const sig_names[33] = {
	"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
	"SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
	"SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
	"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS", "SIG32",
};

static int cmd_sigs(struct dbg *d, const char *args)
{
	u64 pid;
	u32 t;
	if (kview_pid_arg(d, args, "sigs PID", &pid, &t) < 0)
		return -1;
	u64 pend = kview_task_field(d, t, "pending", 0), blk = kview_task_field(d, t, "blocked", 0);
	u64 ign = 0, cgt = 0;
	char lines[32][96];
	int n = 0;
	for (int i = 0; i < 32; i++) {
		u64 h = 0, fl = 0, mask = 0;
		kview_eval(d, &h, "((struct task_struct *)0x%x)->action[%d].handler", t, i);
		kview_eval(d, &fl, "((struct task_struct *)0x%x)->action[%d].flags", t, i);
		kview_eval(d, &mask, "((struct task_struct *)0x%x)->action[%d].mask", t, i);
		if (h == 1)
			ign |= 1ull << i;
		else if (h > 1)
			cgt |= 1ull << i;
		if (h)
			snprintf(lines[n++], sizeof(lines[0]), "  [%2d] %-9s %-10s %08llx  %08llx\n",
				 i + 1, sig_names[i + 1], h == 1 ? "SIG_IGN" : "",
				 (unsigned long long)fl, (unsigned long long)mask);
		if (h > 1)
			snprintf(lines[n - 1], sizeof(lines[0]), "  [%2d] %-9s 0x%08llx %08llx  %08llx\n",
				 i + 1, sig_names[i + 1], (unsigned long long)h,
				 (unsigned long long)fl, (unsigned long long)mask);
	}
	char comm[32];
	comm_of(d, t, comm);
	dbg_printf(d, "PID: %llu  TASK: %08x  COMMAND: \"%s\"\n", (unsigned long long)pid, t, comm);
	dbg_printf(d, "SigPnd: %016llx\nSigBlk: %016llx\nSigIgn: %016llx\nSigCgt: %016llx\n",
		   (unsigned long long)pend, (unsigned long long)blk, (unsigned long long)ign,
		   (unsigned long long)cgt);
	dbg_printf(d, "  SIG  NAME      HANDLER    FLAGS     MASK   (SIG_DFL not listed)\n");
	for (int i = 0; i < n; i++)
		dbg_printf(d, "%s", lines[i]);
	return 0;
}

/* ---- oom ---- */

/* oom_score as /proc/PID/oom_score computes it: the kernel's badness (RSS
 * plus page-table pages, moved by oom_score_adj per mille of memory),
 * scaled to 0..2000; 0 for the unkillable (kernel threads, init). */
static long oom_score(struct dbg *d, u32 t, u64 total)
{
	u64 mm = kview_task_field(d, t, "mm", 0);
	s64 adj = (s32)kview_task_field(d, t, "oom_score_adj", 0);
	u64 flags = kview_task_field(d, t, "flags", 0), tgid = kview_task_field(d, t, "tgid", 0);
	if (!mm || (flags & 0x00200000) || tgid == 1 || kview_task_field(d, t, "exit_state", 0) ||
	    adj == -1000 || !total)
		return 0;
	s64 points = (s64)sfield(d, "struct mm_struct", (u32)mm, "rss", 0) +
		     (s64)sfield(d, "struct mm_struct", (u32)mm, "nr_ptes", 0);
	s64 b = points + adj * (s64)(total / 1000);
	long score = 1000 + (long)(b * 1000 / (s64)total);
	return score < 0 ? 0 : score;
}

static int cmd_oom(struct dbg *d, const char *args)
{
	struct kview_task_iter it;
	u64 ram = 0, swap = 0;
	if (!kview_need(d, kview_task_first(d, &it) && kview_eval(d, &ram, "totalram_pages"),
			"init_task / totalram_pages"))
		return -1;
	if (!kview_eval(d, &swap, "total_swap_pages"))
		swap = 0;
	dbg_printf(d, "   PID  OOM_SCORE  ADJ    RSS(pages)  COMM\n");
	do {
		u64 pid = kview_task_field(d, it.cur, "pid", 0);
		if (!pid)
			continue;
		u64 mm = kview_task_field(d, it.cur, "mm", 0);
		char comm[32];
		comm_of(d, it.cur, comm);
		dbg_printf(d, "%6llu  %9ld  %5d  %10llu  %s\n", (unsigned long long)pid,
			   oom_score(d, it.cur, ram + swap),
			   (int)(s32)kview_task_field(d, it.cur, "oom_score_adj", 0),
			   (unsigned long long)sfield(d, "struct mm_struct", (u32)mm, "rss", 0), comm);
	} while (kview_task_next(d, &it));
	return 0;
}

/* ---- pstree ---- */

static void pstree_at(struct dbg *d, u32 *tasks, u32 *parents, int n, u32 t, int depth)
{
	char comm[32];
	comm_of(d, t, comm);
	dbg_printf(d, "%*s%s(%llu)\n", depth * 2, "", comm,
		   (unsigned long long)kview_task_field(d, t, "pid", 0));
	if (depth > 64)
		return;
	for (int i = 0; i < n; i++)
		if (parents[i] == t && tasks[i] != t)
			pstree_at(d, tasks, parents, n, tasks[i], depth + 1);
}

static int cmd_pstree(struct dbg *d, const char *args)
{
	static u32 tasks[4096], parents[4096];
	int n = 0;
	struct kview_task_iter it;
	if (!kview_need(d, kview_task_first(d, &it), "init_task / struct task_struct.tasks"))
		return -1;
	do {
		if (n < 4096) {
			tasks[n] = it.cur;
			parents[n++] = (u32)kview_task_field(d, it.cur, "real_parent", 0);
		}
	} while (kview_task_next(d, &it));
	/* The roots: tasks whose parent is themselves or not in the list. */
	for (int i = 0; i < n; i++) {
		bool has_parent = false;
		for (int k = 0; k < n; k++)
			if (tasks[k] == parents[i] && parents[i] != tasks[i])
				has_parent = true;
		if (!has_parent && kview_task_field(d, tasks[i], "pid", 0) != 0)
			pstree_at(d, tasks, parents, n, tasks[i], 0);
		else if (!has_parent)
			for (int k = 0; k < n; k++)
				if (parents[k] == tasks[i] && tasks[k] != tasks[i])
					pstree_at(d, tasks, parents, n, tasks[k], 0);
	}
	return 0;
}

/* ---- mount ---- */

static int cmd_mount(struct dbg *d, const char *args)
{
	u64 head, off;
	u32 o;
	if (!kview_need(d, kview_eval(d, &head, "(unsigned long)&mounts") &&
			      kview_member_off(d, "struct vfsmount", "mnt_list", &o),
			"mounts / struct vfsmount.mnt_list"))
		return -1;
	off = o;
	u32 init = kview_find_task(d, 1);
	u32 next = 0;
	/* As the kernel's /proc/mounts for init: only the mounts init can reach
	 * from its root, with their paths from there. */
	u32 fs = init ? (u32)sfield(d, "struct task_struct", init, "fs", 0) : 0;
	u32 root_mnt = fs ? (u32)sfield(d, "struct fs_struct", fs, "root.mnt", 0) : 0;
	if (dbg_read_linear(d, (u32)head, &next, 4) != 0)
		return -1;
	for (int g = 0; next && next != head && g < 1024; g++) {
		u32 m = next - (u32)off;
		const char *V = "struct vfsmount";
		char dev[80] = "", path[1024], type[32] = "rootfs";
		u64 a;
		if (kview_eval(d, &a, "&((struct vfsmount *)0x%x)->mnt_devname", m))
			kview_read_str(d, (u32)a, dev, sizeof(dev));
		u32 parent = (u32)sfield(d, V, m, "mnt_parent", 0);
		bool visible = !root_mnt;
		for (u32 up = m, hops = 0; root_mnt && hops < 64; hops++) {
			if (up == root_mnt) {
				visible = true;
				break;
			}
			u32 pp = (u32)sfield(d, V, up, "mnt_parent", 0);
			if (!pp || pp == up)
				break;
			up = pp;
		}
		if (!visible) {
			if (dbg_read_linear(d, m + (u32)off, &next, 4) != 0)
				break;
			continue;
		}
		kview_task_path(d, init, m, (u32)sfield(d, V, m, "mnt_root", 0), path, sizeof(path));
		if (parent != m && kview_eval(d, &a, "(unsigned long)((struct vfsmount *)0x%x)->mnt_sb->s_type->name", m))
			kview_read_str(d, (u32)a, type, sizeof(type));
		dbg_printf(d, "%s %s %s %s%s 0 0\n", dev[0] ? dev : "none", path, type,
			   sfield(d, V, m, "mnt_flags", 0) & 1 ? "ro" : "rw",
			   parent == m ? "" : ",relatime");
		if (dbg_read_linear(d, m + (u32)off, &next, 4) != 0)
			break;
	}
	return 0;
}

const struct dbg_command kview_pinfo_commands[] = {
	{ "task", NULL, cmd_task, "task PID: a task_struct's highlights" },
	{ "sigs", NULL, cmd_sigs, "sigs PID: pending, blocked, ignored and caught signals, the handlers" },
	{ "oom", NULL, cmd_oom, "oom: every task's oom_score as /proc/PID/oom_score computes it" },
	{ "pstree", NULL, cmd_pstree, "pstree: the tasks by parent" },
	{ "mount", NULL, cmd_mount, "mount: the mounts as /proc/mounts lists them" },
	{ NULL, NULL, NULL, NULL },
};
