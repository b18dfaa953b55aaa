/*
 * User processes as crash(8) and procps show them, read from the guest's
 * structures with the kernel's DWARF: `ps u` (procps's `ps aux` columns,
 * the command line read from the process's own stack), `maps PID` (the
 * lines of /proc/PID/maps), `files PID` (the descriptor table with paths
 * made as d_path makes them) and `uregs PID` (the user registers a task
 * saved at the top of its kernel stack, its pt_regs).
 *
 * A PID argument is an expression, so `maps current_task->real_parent->pid`
 * works at a breakpoint.
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/kview/kview.h"

#define PAGE_KB 4

/* The PID a command names (an expression), and its task; -1 with the error
 * said when there is none. */
int kview_pid_arg(struct dbg *d, const char *args, const char *usage, u64 *pid, u32 *task)
{
	char a[256];
	snprintf(a, sizeof(a), "%s", args);
	char *e = a + strlen(a);
	while (e > a && e[-1] == ' ')
		*--e = 0;
	if (!*a) {
		dbg_err(d, "%s", usage);
		return -1;
	}
	if (expr_eval_u64(&d->ex, a, pid) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	*task = kview_find_task(d, *pid);
	if (!*task) {
		dbg_err(d, "No task with pid %llu.", (unsigned long long)*pid);
		return -1;
	}
	return 0;
}

/* A field of a structure at addr ("struct mm_struct", 0xc..., "rss"). */
static u64 sfield(struct dbg *d, const char *type, u32 addr, const char *field, u64 dflt)
{
	u64 v;
	if (addr && kview_eval(d, &v, "((%s *)0x%x)->%s", type, addr, field))
		return v;
	return dflt;
}

/* ---- paths, as the kernel's d_path makes them ---- */

/* The path of (mnt, dentry) seen from the root (rmnt, rdentry) into buf. */
void kview_d_path(struct dbg *d, u32 mnt, u32 dentry, u32 rmnt, u32 rdentry, char *buf,
		  size_t len)
{
	char tmp[1024];
	size_t pos = sizeof(tmp) - 1;
	tmp[pos] = 0;
	for (int guard = 0; guard < 256 && dentry && mnt; guard++) {
		if (dentry == rdentry && mnt == rmnt)
			break;
		u32 mroot = (u32)sfield(d, "struct vfsmount", mnt, "mnt_root", 0);
		if (dentry == mroot) {
			u32 mparent = (u32)sfield(d, "struct vfsmount", mnt, "mnt_parent", 0);
			if (mparent == mnt || !mparent)
				break;
			dentry = (u32)sfield(d, "struct vfsmount", mnt, "mnt_mountpoint", 0);
			mnt = mparent;
			continue;
		}
		u64 na;
		char name[256];
		if (!kview_eval(d, &na, "&((struct dentry *)0x%x)->d_name", dentry))
			break;
		kview_read_str(d, (u32)na, name, sizeof(name));
		size_t l = strlen(name);
		if (pos < l + 2)
			break;
		pos -= l;
		memcpy(tmp + pos, name, l);
		tmp[--pos] = '/';
		dentry = (u32)sfield(d, "struct dentry", dentry, "d_parent", 0);
	}
	if (pos == sizeof(tmp) - 1)
		tmp[--pos] = '/';
	snprintf(buf, len, "%s", tmp + pos);
}

/* The task's root (fs->root), for the paths of its files. */
static void task_root(struct dbg *d, u32 t, u32 *mnt, u32 *dentry)
{
	u32 fs = (u32)kview_task_field(d, t, "fs", 0);
	*mnt = (u32)sfield(d, "struct fs_struct", fs, "root.mnt", 0);
	*dentry = (u32)sfield(d, "struct fs_struct", fs, "root.dentry", 0);
}

/* A struct path's text as the task sees it. */
void kview_task_path(struct dbg *d, u32 t, u32 mnt, u32 dentry, char *buf, size_t len)
{
	u32 rm, rd;
	task_root(d, t, &rm, &rd);
	kview_d_path(d, mnt, dentry, rm, rd, buf, len);
	if (sfield(d, "struct dentry", dentry, "d_unhashed", 0))
		strncat(buf, " (deleted)", len - strlen(buf) - 1);
}

/* What /proc/PID/fd/N links to: a path, pipe:[INO] or anon_inode:[INO]. */
static void file_path(struct dbg *d, u32 t, u32 f, char *buf, size_t len)
{
	u32 inode = (u32)sfield(d, "struct file", f, "f_inode", 0);
	u32 dentry = (u32)sfield(d, "struct file", f, "f_path.dentry", 0);
	u32 mnt = (u32)sfield(d, "struct file", f, "f_path.mnt", 0);
	u64 ino = sfield(d, "struct inode", inode, "i_ino", 0);
	if (!dentry && sfield(d, "struct inode", inode, "i_pipe", 0))
		snprintf(buf, len, "pipe:[%llu]", (unsigned long long)ino);
	else if (!dentry || !mnt)
		snprintf(buf, len, "anon_inode:[%llu]", (unsigned long long)ino);
	else
		kview_task_path(d, t, mnt, dentry, buf, len);
}

/* ---- ps u ---- */

/* The controlling terminal's name: the tty whose session is the task's. */
static void task_tty(struct dbg *d, u32 t, char *buf, size_t len, u64 *fg_pgrp)
{
	u64 sid = kview_task_field(d, t, "sid", 0), n = 0;
	snprintf(buf, len, "?");
	*fg_pgrp = 0;
	if (!sid || !kview_eval(d, &n, "sizeof(ttys) / sizeof(ttys[0])"))
		return;
	for (u64 i = 0; i < n && i < 256; i++) {
		u64 tty, s, na;
		if (!kview_eval(d, &tty, "(unsigned long)ttys[%llu]", (unsigned long long)i) || !tty)
			continue;
		if (!kview_eval(d, &s, "((struct tty_struct *)0x%x)->session", (u32)tty) || s != sid)
			continue;
		if (kview_eval(d, &na, "&((struct tty_struct *)0x%x)->name", (u32)tty))
			kview_read_str(d, (u32)na, buf, len);
		*fg_pgrp = sfield(d, "struct tty_struct", (u32)tty, "pgrp", 0);
		return;
	}
}

/* Read len bytes of a process's memory through its own page tables. */
int kview_read_user(struct dbg *d, u32 t, u32 addr, void *buf, u32 len)
{
	u32 cr3;
	if (kview_task_cr3(d, t, &cr3) < 0)
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	for (u32 done = 0; done < len;) {
		u64 pa;
		u32 n = 4096 - ((addr + done) & 4095);
		if (n > len - done)
			n = len - done;
		if (dbg_translate(d, r.cr0, cr3, r.cr4, addr + done, &pa) < 0 ||
		    dbg_read_phys(d, pa, (u8 *)buf + done, n) < 0)
			return (int)done;
		done += n;
	}
	return (int)len;
}

/* The command line from the process's stack (arg_start..arg_end), NULs as
 * spaces; a kernel thread's is its [comm]. */
static void task_cmdline(struct dbg *d, u32 t, u32 mm, const char *comm, char *buf, size_t len)
{
	u64 as = sfield(d, "struct mm_struct", mm, "arg_start", 0);
	u64 ae = sfield(d, "struct mm_struct", mm, "arg_end", 0);
	int n = 0;
	if (mm && ae > as) {
		u32 want = (u32)(ae - as) < len - 1 ? (u32)(ae - as) : (u32)len - 1;
		n = kview_read_user(d, t, (u32)as, buf, want);
	}
	if (n <= 0) {
		snprintf(buf, len, mm ? "%s" : "[%s]", comm);
		return;
	}
	while (n > 0 && !buf[n - 1])
		n--;
	for (int i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = ' ';
	buf[n] = 0;
}

static void ps_u_line(struct dbg *d, u32 t, u32 running, u64 now, u64 total_pages)
{
	u64 pid = kview_task_field(d, t, "pid", 0);
	u32 mm = (u32)kview_task_field(d, t, "mm", 0);
	u64 vsz = sfield(d, "struct mm_struct", mm, "total_vm", 0) * PAGE_KB;
	u64 rss = sfield(d, "struct mm_struct", mm, "rss", 0) * PAGE_KB;
	u64 st = kview_task_field(d, t, "state", 0), ex = kview_task_field(d, t, "exit_state", 0);
	u64 sid = kview_task_field(d, t, "sid", 0), pgid = kview_task_field(d, t, "pgid", 0);
	u64 nice = kview_task_field(d, t, "static_prio", 120);
	u64 start = kview_task_field(d, t, "start_time", 0);
	u64 cpu = kview_task_field(d, t, "utime_ns", 0) + kview_task_field(d, t, "stime_ns", 0);
	char comm[32] = "", tty[32], cmd[256], stat[8];
	u64 ca, fg;
	if (kview_eval(d, &ca, "&((struct task_struct *)0x%x)->comm", t))
		kview_read_str(d, (u32)ca, comm, 17);
	task_tty(d, t, tty, sizeof(tty), &fg);
	task_cmdline(d, t, mm, comm, cmd, sizeof(cmd));
	int k = 0;
	stat[k++] = t == running ? 'R' : kview_state_char(st, ex);
	if ((s64)nice - 120 < 0)
		stat[k++] = '<';
	else if ((s64)nice - 120 > 0)
		stat[k++] = 'N';
	if (sid == pid && pid)
		stat[k++] = 's';
	if (fg && fg == pgid)
		stat[k++] = '+';
	stat[k] = 0;
	/* %CPU over the task's life and %MEM of RAM, in tenths, as procps. */
	u64 life = now > start ? now - start : 0;
	unsigned pcpu = life ? (unsigned)(cpu * 1000 / life) : 0;
	unsigned pmem = total_pages ? (unsigned)(rss / PAGE_KB * 1000 / total_pages) : 0;
	u64 ss = start / 1000000000ull, cs = cpu / 1000000000ull;
	char startb[16];
	snprintf(startb, sizeof(startb), "%llu:%02llu", (unsigned long long)(ss / 60),
		 (unsigned long long)(ss % 60));
	dbg_printf(d, "%-8s %6llu %2u.%u %2u.%u %6llu %5llu %-8s %-4s %5s %3llu:%02llu %s\n", "root",
		   (unsigned long long)pid, pcpu / 10, pcpu % 10, pmem / 10, pmem % 10,
		   (unsigned long long)vsz, (unsigned long long)rss, tty, stat, startb,
		   (unsigned long long)(cs / 60), (unsigned long long)(cs % 60), cmd);
}

/* ps u: procps's `ps aux`. Every process is root's (lucix has no
 * credentials yet); START is minutes:seconds since boot. */
int kview_ps_u(struct dbg *d)
{
	struct kview_task_iter it;
	if (!kview_need(d, kview_task_first(d, &it), "init_task / struct task_struct.tasks"))
		return -1;
	u32 next = 0;
	if (dbg_read_linear(d, it.first + it.off_tasks, &next, 4) != 0 || !next) {
		dbg_printf(d, "No tasks: the kernel is not running yet (init_task.tasks is not "
			      "a list).\n");
		return 0;
	}
	u64 now = 0, total = 0;
	if (!kview_eval(d, &now, "runqueues.clock"))
		now = 0;
	if (!kview_eval(d, &total, "totalram_pages"))
		total = 0;
	u32 cur = kview_current_task(d);
	dbg_printf(d, "USER        PID %%CPU %%MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n");
	do {
		if (kview_task_field(d, it.cur, "pid", 0) != 0)
			ps_u_line(d, it.cur, cur, now, total);
	} while (kview_task_next(d, &it));
	return 0;
}

/* ---- maps ---- */

static int cmd_maps(struct dbg *d, const char *args)
{
	u64 pid;
	u32 t;
	if (kview_pid_arg(d, args, "maps PID", &pid, &t) < 0)
		return -1;
	u32 mm = (u32)kview_task_field(d, t, "mm", 0);
	if (!mm)
		return 0;	/* a kernel thread: /proc/PID/maps is empty */
	u64 vdso = sfield(d, "struct mm_struct", mm, "vdso", 0);
	u64 brk = sfield(d, "struct mm_struct", mm, "brk", 0);
	u64 sbrk = sfield(d, "struct mm_struct", mm, "start_brk", 0);
	u64 sstack = sfield(d, "struct mm_struct", mm, "start_stack", 0);
	u64 v = sfield(d, "struct mm_struct", mm, "mmap", 0);
	for (int g = 0; v && g < 65536; g++) {
		const char *T = "struct vm_area_struct";
		u64 s = sfield(d, T, (u32)v, "vm_start", 0), e = sfield(d, T, (u32)v, "vm_end", 0);
		u64 f = sfield(d, T, (u32)v, "vm_flags", 0);
		const char *name = NULL;
		if (vdso && s == vdso)
			name = "[vdso]";
		else if (s <= brk && e >= sbrk && brk > sbrk)
			name = "[heap]";
		else if (s <= sstack && e >= sstack)
			name = "[stack]";
		/* A file mapping: offset, device (8:8) and inode, then the path. */
		u64 file = sfield(d, T, (u32)v, "vm_file", 0), off = 0, dev = 0, ino = 0;
		char path[1024] = "";
		if (file) {
			u64 inode = sfield(d, "struct file", (u32)file, "f_inode", 0);
			off = sfield(d, T, (u32)v, "vm_pgoff", 0) << 12;
			if (inode) {
				u64 sb = sfield(d, "struct inode", (u32)inode, "i_sb", 0);
				dev = sb ? sfield(d, "struct super_block", (u32)sb, "s_dev", 0) : 0;
				ino = sfield(d, "struct inode", (u32)inode, "i_ino", 0);
			}
			kview_task_path(d, t, (u32)sfield(d, "struct file", (u32)file, "f_path.mnt", 0),
					(u32)sfield(d, "struct file", (u32)file, "f_path.dentry", 0),
					path, sizeof(path));
			name = path;
		}
		char line[1280];
		int n = snprintf(line, sizeof(line), "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %lu ",
				 (unsigned long long)s, (unsigned long long)e, f & 1 ? 'r' : '-',
				 f & 2 ? 'w' : '-', f & 4 ? 'x' : '-', f & 0x80 ? 's' : 'p',
				 (unsigned long long)off, (unsigned)(dev >> 8) & 0xff, (unsigned)dev & 0xff,
				 (unsigned long)ino);
		/* Linux pads the name to column 48 (seq_pad), as the guest does. */
		if (name)
			snprintf(line + n, sizeof(line) - n, "%*s%s", n < 48 ? 48 - n + 1 : 1, "",
				 name);
		dbg_printf(d, "%s\n", line);
		v = sfield(d, T, (u32)v, "vm_next", 0);
	}
	return 0;
}

/* ---- files ---- */

static int cmd_files(struct dbg *d, const char *args)
{
	u64 pid;
	u32 t;
	if (kview_pid_arg(d, args, "files PID", &pid, &t) < 0)
		return -1;
	char comm[32] = "", p[1024];
	u64 ca, n = 0;
	if (kview_eval(d, &ca, "&((struct task_struct *)0x%x)->comm", t))
		kview_read_str(d, (u32)ca, comm, 17);
	dbg_printf(d, "PID: %-5llu TASK: %08x  COMMAND: \"%s\"\n", (unsigned long long)pid, t, comm);
	u32 files = (u32)kview_task_field(d, t, "files", 0);
	u32 fs = (u32)kview_task_field(d, t, "fs", 0);
	if (fs) {
		kview_task_path(d, t, (u32)sfield(d, "struct fs_struct", fs, "root.mnt", 0),
			  (u32)sfield(d, "struct fs_struct", fs, "root.dentry", 0), p, sizeof(p));
		dbg_printf(d, "ROOT: %s    ", p);
		kview_task_path(d, t, (u32)sfield(d, "struct fs_struct", fs, "pwd.mnt", 0),
			  (u32)sfield(d, "struct fs_struct", fs, "pwd.dentry", 0), p, sizeof(p));
		dbg_printf(d, "CWD: %s\n", p);
	}
	if (!files) {
		dbg_printf(d, "No open files.\n");
		return 0;
	}
	if (!kview_eval(d, &n, "sizeof(((struct files_struct *)0)->fd) / sizeof(void *)"))
		n = 0;
	dbg_printf(d, " FD   FILE      DENTRY    INODE     TYPE  PATH\n");
	for (u64 fd = 0; fd < n && fd < 4096; fd++) {
		u64 f;
		if (!kview_eval(d, &f, "(unsigned long)((struct files_struct *)0x%x)->fd[%llu]", files,
				(unsigned long long)fd) || !f)
			continue;
		u32 inode = (u32)sfield(d, "struct file", (u32)f, "f_inode", 0);
		u32 dentry = (u32)sfield(d, "struct file", (u32)f, "f_path.dentry", 0);
		u64 mode = sfield(d, "struct inode", inode, "i_mode", 0) & 0170000;
		const char *type = mode == 0100000 ? "REG" : mode == 0040000 ? "DIR" :
				   mode == 0020000 ? "CHR" : mode == 0060000 ? "BLK" :
				   mode == 0010000 ? "FIFO" : mode == 0120000 ? "LNK" :
				   mode == 0140000 ? "SOCK" : "?";
		file_path(d, t, (u32)f, p, sizeof(p));
		dbg_printf(d, "%3llu  %08x  %08x  %08x  %-4s  %s\n", (unsigned long long)fd, (u32)f,
			   dentry, inode, type, p);
	}
	return 0;
}

/* ---- uregs: a task's saved user registers ---- */

/* The task's pt_regs: at the top of its kernel stack (task_pt_regs). */
u32 kview_task_pt_regs(struct dbg *d, u32 t)
{
	u64 stack = kview_task_field(d, t, "stack", 0), sz = 0;
	if (!stack || !kview_eval(d, &sz, "sizeof(struct pt_regs)"))
		return 0;
	return (u32)(stack + 8192 - sz);
}

static int cmd_uregs(struct dbg *d, const char *args)
{
	u64 pid;
	u32 t;
	if (kview_pid_arg(d, args, "uregs PID", &pid, &t) < 0)
		return -1;
	if (!kview_task_field(d, t, "mm", 0)) {
		dbg_printf(d, "pid %llu is a kernel thread (no user registers).\n",
			   (unsigned long long)pid);
		return 0;
	}
	u32 r = kview_task_pt_regs(d, t);
	if (!kview_need(d, r != 0, "task_struct.stack / struct pt_regs"))
		return -1;
	static const char *const names[][2] = {
		{ "eax", "ax" }, { "ebx", "bx" }, { "ecx", "cx" }, { "edx", "dx" },
		{ "esi", "si" }, { "edi", "di" }, { "ebp", "bp" }, { "esp", "sp" },
		{ "eip", "ip" }, { "eflags", "flags" }, { "cs", "cs" }, { "ss", "ss" },
		{ "ds", "ds" }, { "es", "es" }, { "fs", "fs" }, { "gs", "gs" },
		{ "orig_eax", "orig_ax" },
	};
	dbg_printf(d, "pid %llu: user registers (struct pt_regs *) 0x%08x\n",
		   (unsigned long long)pid, r);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		u64 v = sfield(d, "struct pt_regs", r, names[i][1], 0);
		dbg_printf(d, "%-9s 0x%08x  %d\n", names[i][0], (u32)v, (int)(u32)v);
	}
	return 0;
}

const struct dbg_command kview_procs_commands[] = {
	{ "maps", NULL, cmd_maps, "maps PID: a process's mappings as /proc/PID/maps shows them" },
	{ "files", NULL, cmd_files, "files PID: a process's open files, root and cwd" },
	{ "uregs", NULL, cmd_uregs, "uregs PID: the user registers a task saved (its pt_regs)" },
	{ NULL, NULL, NULL, NULL },
};
