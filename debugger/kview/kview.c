/*
 * Kernel views: what crash(8) and the kernel's gdb scripts show, read from
 * guest memory through the guest's own page tables, using the kernel's DWARF
 * for every layout (nothing here knows an offset). Names follow Linux
 * (init_task, task_struct.tasks, se.vruntime, __log_buf, runqueues,
 * irq_desc, contig_page_data, slab_caches), with the older spellings Linux
 * used as fallbacks, so the views follow the guest kernel as it changes.
 * A view whose structures the kernel lacks says which name is missing.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/core/dbg_int.h"
#include "emu/board/bus.h"

#define PAGE_OFFSET_DEFAULT 0xC0000000u

/* Evaluate a printf-built expression to an integer; false if it fails. */
static bool kv(struct dbg *d, u64 *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool kv(struct dbg *d, u64 *out, const char *fmt, ...)
{
	char e[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e, sizeof(e), fmt, ap);
	va_end(ap);
	return expr_eval_u64(&d->ex, e, out) == 0;
}

/* Offset of a (possibly nested, "a.b.c") member in a struct type. */
static bool member_off(struct dbg *d, const char *type, const char *path, u32 *off)
{
	Dwarf_Die t, mt;
	if (!dw_find_type(d->dw, type, &t))
		return false;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", path);
	*off = 0;
	for (char *tok = strtok(buf, "."); tok; tok = strtok(NULL, ".")) {
		u32 o;
		int bs, bo;
		if (!dw_member(&t, tok, &mt, &o, &bs, &bo))
			return false;
		*off += o;
		t = mt;
	}
	return true;
}

static bool has_member(struct dbg *d, const char *type, const char *path)
{
	u32 o;
	return member_off(d, type, path, &o);
}

/* Read a NUL-terminated string of at most max bytes at a linear address. */
static void read_str(struct dbg *d, u32 addr, char *buf, size_t max)
{
	size_t i;
	for (i = 0; i + 1 < max; i++) {
		if (dbg_read_linear(d, addr + i, &buf[i], 1) != 0 || !buf[i])
			break;
	}
	buf[i] = 0;
}

static bool need(struct dbg *d, bool ok, const char *what)
{
	if (!ok)
		dbg_err(d, "this kernel has no %s (or its DWARF is not loaded)", what);
	return ok;
}

/* ---- tasks ---- */

struct task_iter {
	u32 first, cur;
	u32 off_tasks;
	int guard;
};

static bool task_first(struct dbg *d, struct task_iter *it)
{
	u64 a;
	if (!member_off(d, "struct task_struct", "tasks", &it->off_tasks) || !kv(d, &a, "&init_task"))
		return false;
	it->first = it->cur = (u32)a;
	it->guard = 0;
	return true;
}

static bool task_next(struct dbg *d, struct task_iter *it)
{
	u32 next;
	if (++it->guard > 4096 || dbg_read_linear(d, it->cur + it->off_tasks, &next, 4) != 0)
		return false;
	it->cur = next - it->off_tasks;
	return it->cur != it->first;
}

static u64 task_field(struct dbg *d, u32 task, const char *field, u64 dflt)
{
	u64 v;
	if (kv(d, &v, "((struct task_struct *)0x%x)->%s", task, field))
		return v;
	return dflt;
}

static const char *state_name(u64 s)
{
	if (s == 0)
		return "R";
	if (s & 1)
		return "S";
	if (s & 2)
		return "D";
	if (s & 4)
		return "T";
	if (s & 8)
		return "t";
	if (s & 0x10)
		return "X";
	if (s & 0x20)
		return "Z";
	return "?";
}

static u32 find_task(struct dbg *d, u64 pid)
{
	struct task_iter it;
	if (!task_first(d, &it))
		return 0;
	do {
		if (task_field(d, it.cur, "pid", ~0ull) == pid)
			return it.cur;
	} while (task_next(d, &it));
	return 0;
}

static const char *policy_name(u64 p)
{
	static const char *const n[] = { "NORMAL", "FIFO", "RR", "BATCH", "ISO", "IDLE" };
	return p < 6 ? n[p] : "?";
}

static void ps_line(struct dbg *d, u32 t, bool running)
{
	const char *state_field = has_member(d, "struct task_struct", "__state") ? "__state" : "state";
	const char *parent_field = has_member(d, "struct task_struct", "real_parent") ?
					   "real_parent" : "parent";
	u64 pid = task_field(d, t, "pid", 0), tgid = task_field(d, t, "tgid", pid);
	u64 parent = task_field(d, t, parent_field, 0);
	u64 ppid = parent ? task_field(d, (u32)parent, "pid", 0) : 0;
	u64 st = task_field(d, t, state_field, 0);
	u64 mm = task_field(d, t, "mm", 0);
	u64 prio = task_field(d, t, "prio", 0), sprio = task_field(d, t, "static_prio", 120);
	u64 policy = task_field(d, t, "policy", 0);
	u64 vr = task_field(d, t, "se.vruntime", 0), rt = task_field(d, t, "se.sum_exec_runtime", 0);
	char comm[32];
	u64 ca;
	comm[0] = 0;
	if (kv(d, &ca, "&((struct task_struct *)0x%x)->comm", t))
		read_str(d, (u32)ca, comm, 17);
	char name[40];
	snprintf(name, sizeof(name), mm || pid == 1 ? "%s" : "[%s]", comm);
	if (pid == 1 && !mm)
		snprintf(name, sizeof(name), "[%s]", comm);
	dbg_printf(d, "%s%5llu %5llu %5llu  %-2s %-6s %4lld %4lld %12llu %12llu  0x%08x  %s\n",
		   running ? ">" : " ", (unsigned long long)pid, (unsigned long long)ppid,
		   (unsigned long long)tgid, running ? "R" : state_name(st), policy_name(policy),
		   (long long)prio, (long long)sprio - 120, (unsigned long long)vr,
		   (unsigned long long)rt, t, name);
}

/* The running task: Linux i386 keeps it per CPU (current_task), older
 * kernels in thread_info at the bottom of the 8 KiB kernel stack. */
static u32 current_task(struct dbg *d)
{
	u64 v;
	if (kv(d, &v, "current_task") && v)
		return (u32)v;
	if (kv(d, &v, "(unsigned long)current") && v)
		return (u32)v;
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 ti = r.gpr[DBG_ESP] & ~(8192u - 1);
	if (ti >= PAGE_OFFSET_DEFAULT && kv(d, &v, "((struct thread_info *)0x%x)->task", ti))
		return (u32)v;
	return 0;
}

static int view_ps(struct dbg *d)
{
	struct task_iter it;
	if (!need(d, task_first(d, &it), "init_task / struct task_struct.tasks"))
		return -1;
	u32 cur = current_task(d);
	dbg_printf(d, "   PID  PPID  TGID  ST POLICY PRIO NICE     VRUNTIME      CPU(ns)  TASK        COMM\n");
	int n = 0;
	do {
		ps_line(d, it.cur, it.cur == cur);
		n++;
	} while (task_next(d, &it));
	dbg_printf(d, "%d tasks\n", n);
	return 0;
}

static int view_current(struct dbg *d)
{
	u32 t = current_task(d);
	if (!need(d, t != 0, "current_task or thread_info"))
		return -1;
	dbg_printf(d, "current = (struct task_struct *) 0x%x\n", t);
	dbg_printf(d, "   PID  PPID  TGID  ST POLICY PRIO NICE     VRUNTIME      CPU(ns)  TASK        COMM\n");
	ps_line(d, t, true);
	return 0;
}

static int view_jiffies(struct dbg *d)
{
	u64 j, hz = 0, size = 4;
	if (!need(d, kv(d, &j, "jiffies"), "jiffies"))
		return -1;
	/* jiffies is an unsigned long that starts just below the wrap. */
	kv(d, &size, "sizeof(jiffies)");
	if (size < 8)
		j &= (1ull << (size * 8)) - 1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	kv(d, &hz, "HZ");
	u64 ips = d->t->ips ? d->t->ips : 100000000ull;
	u64 ns = (u64)((unsigned __int128)r.icount * 1000000000ull / ips);
	dbg_printf(d, "jiffies = %llu", (unsigned long long)j);
	if (hz) {
		/* Linux starts jiffies at INITIAL_JIFFIES = -300*HZ (wraps after 5 min)
		 * when the kernel has that, else at 0. */
		u64 init = 0, up;
		if (!kv(d, &init, "INITIAL_JIFFIES") && size < 8)
			init = (u64)(u32)(-300 * (s64)hz);
		else if (!kv(d, &init, "INITIAL_JIFFIES"))
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

/* ---- printk buffer ---- */

/* The 3.x structured log: struct printk_log records from log_first_idx to
 * log_next_idx, a zero length meaning "wrap to the start". */
static int dmesg_records(struct dbg *d, u32 base, u32 size)
{
	u32 off_len, off_tlen, off_ts;
	u64 first, next, hsize;
	if (!member_off(d, "struct printk_log", "len", &off_len) ||
	    !member_off(d, "struct printk_log", "text_len", &off_tlen) ||
	    !member_off(d, "struct printk_log", "ts_nsec", &off_ts) ||
	    !kv(d, &hsize, "sizeof(struct printk_log)") || !kv(d, &first, "log_first_idx") ||
	    !kv(d, &next, "log_next_idx"))
		return -1;
	u32 idx = (u32)first;
	char text[1024];
	for (int guard = 0; guard < 100000 && idx != (u32)next; guard++) {
		u16 len = 0, tlen = 0;
		u64 ts = 0;
		if (idx + hsize > size || dbg_read_linear(d, base + idx + off_len, &len, 2) != 0)
			return 0;
		if (!len) {
			idx = 0;	/* the writer wrapped here */
			continue;
		}
		dbg_read_linear(d, base + idx + off_tlen, &tlen, 2);
		dbg_read_linear(d, base + idx + off_ts, &ts, 8);
		u32 n = tlen < sizeof(text) - 1 ? tlen : sizeof(text) - 1;
		if (idx + hsize + n > size || dbg_read_linear(d, base + idx + (u32)hsize, text, n) != 0)
			return 0;
		text[n] = 0;
		dbg_printf(d, "[%5llu.%06llu] %s\n", (unsigned long long)(ts / 1000000000ull),
			   (unsigned long long)(ts % 1000000000ull / 1000), text);
		idx += len;
	}
	return 0;
}

static int view_dmesg(struct dbg *d)
{
	const char *names[] = { "__log_buf", "log_buf_storage", "log_buf" };
	struct dval v;
	const char *name = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(names) && !name; i++)
		if (expr_eval(&d->ex, names[i], &v) == 0 && v.lval)
			name = names[i];
	if (!need(d, name != NULL, "__log_buf"))
		return -1;
	u32 size = v.has_type ? dw_size(&v.type) : 0;
	u32 base = v.addr;
	if (!size) {
		/* A pointer log_buf with log_buf_len. */
		u64 p, len;
		if (!kv(d, &p, "(unsigned long)%s", name) || !kv(d, &len, "log_buf_len"))
			return need(d, false, "log_buf_len"), -1;
		base = (u32)p;
		size = (u32)len;
	}
	if (dmesg_records(d, base, size) == 0)
		return 0;
	/* A plain character ring: log_end (2.6), or none. */
	u64 end = ~0ull;
	const char *idx[] = { "log_end", "log_head", "log_pos" };
	for (size_t i = 0; i < ARRAY_SIZE(idx) && end == ~0ull; i++)
		if (!kv(d, &end, "%s", idx[i]))
			end = ~0ull;
	u64 start = 0, count;
	if (end == ~0ull) {
		count = size;
	} else if (end <= size) {
		count = end;
	} else {
		start = end % size;
		count = size;
	}
	char *buf = malloc(size + 1);
	if (!buf)
		return -1;
	u64 j = 0;
	for (u64 i = 0; i < count; i++) {
		char ch;
		if (dbg_read_linear(d, base + (u32)((start + i) % size), &ch, 1) != 0)
			break;
		if (!ch && end == ~0ull)
			break;
		if (ch)
			buf[j++] = ch;
	}
	buf[j] = 0;
	dbg_printf(d, "%s", buf);
	if (j && buf[j - 1] != '\n')
		dbg_printf(d, "\n");
	free(buf);
	return 0;
}

/* ---- page tables ---- */

/* CR3 for a task: the physical address of mm->pgd (active_mm for kernel
 * threads), translated through the current page tables. */
static int task_cr3(struct dbg *d, u64 pid, u32 *cr3)
{
	u32 t = find_task(d, pid);
	if (!t) {
		dbg_err(d, "No task with pid %llu.", (unsigned long long)pid);
		return -1;
	}
	u64 mm = task_field(d, t, "mm", 0);
	if (!mm)
		mm = task_field(d, t, "active_mm", 0);
	u64 pgd;
	if (!mm || !kv(d, &pgd, "(unsigned long)((struct mm_struct *)0x%x)->pgd", (u32)mm)) {
		dbg_err(d, "Task %llu has no mm->pgd.", (unsigned long long)pid);
		return -1;
	}
	struct dbg_regs r;
	u64 pa;
	dbg_regs(d, &r);
	if (dbg_translate(d, r.cr0, r.cr3, r.cr4, (u32)pgd, &pa) < 0) {
		dbg_err(d, "mm->pgd 0x%x is not mapped.", (u32)pgd);
		return -1;
	}
	*cr3 = (u32)pa;
	return 0;
}

static void flags_str(u64 e, bool pae, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s %s%s%s%s%s%s%s", e & 1 ? "P" : "-", e & 2 ? "RW" : "RO",
		 e & 4 ? "U" : "S", e & 8 ? " PWT" : "", e & 16 ? " PCD" : "", e & 32 ? " A" : "",
		 e & 64 ? " D" : "", e & 128 ? " PS" : "", e & 256 ? " G" : "");
	if (pae && (e >> 63))
		strncat(buf, " NX", len - strlen(buf) - 1);
}

static int view_vtop(struct dbg *d, const char *args)
{
	char a[256];
	snprintf(a, sizeof(a), "%s", args);
	char *sp = strrchr(a, ' ');
	u64 pid = ~0ull;
	if (sp) {
		pid = strtoull(sp + 1, NULL, 0);
		*sp = 0;
	}
	u32 lin;
	if (!*a) {
		dbg_err(d, "vtop ADDR [PID]");
		return -1;
	}
	if (dbg_parse_addr(d, a, &lin) < 0)
		return -1;
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 cr3 = r.cr3;
	if (pid != ~0ull && task_cr3(d, pid, &cr3) < 0)
		return -1;
	bool pae = r.cr4 & 0x20;
	dbg_printf(d, "VIRTUAL 0x%08x  CR3 0x%08x (%s paging)\n", lin, cr3,
		   !(r.cr0 & 0x80000000u) ? "no" : pae ? "PAE" : "32-bit");
	struct dbg_walk w;
	dbg_walk(d, r.cr0, cr3, r.cr4, lin, &w);
	static const char *const linux_names[] = { "PGD", "PMD", "PTE" };
	for (int i = 0; i < w.n; i++) {
		char f[96];
		flags_str(w.lvl[i].entry, pae, f, sizeof(f));
		if (pae && i == 0)	/* a PDPTE has only P, PWT and PCD (SDM 4.4.1) */
			snprintf(f, sizeof(f), "%s%s%s", w.lvl[i].entry & 1 ? "P" : "-",
				 w.lvl[i].entry & 8 ? " PWT" : "", w.lvl[i].entry & 16 ? " PCD" : "");
		const char *ln = pae ? linux_names[i] : (i == 0 ? "PGD" : "PTE");
		dbg_printf(d, "  %-5s [%3d] at phys 0x%09llx: 0x%016llx  %s\n", ln, w.lvl[i].index,
			   (unsigned long long)w.lvl[i].entry_addr,
			   (unsigned long long)w.lvl[i].entry, f);
	}
	if (!w.ok) {
		dbg_printf(d, "  not mapped (%s not present)\n", w.fault ? w.fault : "?");
		return 0;
	}
	dbg_printf(d, "  PAGE  %u KiB frame 0x%09llx -> PHYSICAL 0x%09llx\n", w.page_size / 1024,
		   (unsigned long long)(w.pa & ~(u64)(w.page_size - 1)), (unsigned long long)w.pa);
	return 0;
}

static int view_pagetable(struct dbg *d, const char *args)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	u32 cr3 = r.cr3;
	if (*args && task_cr3(d, strtoull(args, NULL, 0), &cr3) < 0)
		return -1;
	if (!(r.cr0 & 0x80000000u)) {
		dbg_printf(d, "Paging is off: linear = physical.\n");
		return 0;
	}
	dbg_printf(d, "CR3 0x%08x\n%-23s  %-21s  %8s  flags\n", cr3, "virtual", "physical", "size");
	u64 run_v = 0, run_p = 0, run_len = 0, run_flags = 0;
	int ranges = 0;
	u64 lin = 0;
	while (lin < 0x100000000ull) {
		struct dbg_walk w;
		dbg_walk(d, r.cr0, cr3, r.cr4, (u32)lin, &w);
		u64 step = PAGE_SIZE;
		u64 flags = 0;
		if (w.ok) {
			flags = w.lvl[w.n - 1].entry & 0x8000000000000fffull & ~0x60ull;	/* drop A/D */
			step = w.page_size;
		} else if (w.fault) {
			/* Skip the whole region the missing level covers. */
			bool pae = r.cr4 & 0x20;
			step = !strcmp(w.fault, "PDPTE") ? (1ull << 30) :
			       !strcmp(w.fault, "PDE") ? (pae ? (2ull << 20) : (4ull << 20)) : PAGE_SIZE;
		}
		u64 base = lin & ~(step - 1);
		bool cont = w.ok && run_len && run_v + run_len == base &&
			    run_p + run_len == (w.pa & ~(step - 1)) && flags == run_flags;
		if (!cont && run_len) {
			char f[96];
			flags_str(run_flags, r.cr4 & 0x20, f, sizeof(f));
			dbg_printf(d, "0x%08llx-0x%08llx  0x%09llx-0x%09llx  %7lluK  %s\n",
				   (unsigned long long)run_v, (unsigned long long)(run_v + run_len - 1),
				   (unsigned long long)run_p, (unsigned long long)(run_p + run_len - 1),
				   (unsigned long long)(run_len >> 10), f);
			ranges++;
			run_len = 0;
		}
		if (w.ok) {
			if (!run_len) {
				run_v = base;
				run_p = w.pa & ~(step - 1);
				run_flags = flags;
			}
			run_len += step;
		}
		lin = base + step;
	}
	if (run_len) {
		char f[96];
		flags_str(run_flags, r.cr4 & 0x20, f, sizeof(f));
		dbg_printf(d, "0x%08llx-0x%08llx  0x%09llx-0x%09llx  %7lluK  %s\n",
			   (unsigned long long)run_v, (unsigned long long)(run_v + run_len - 1),
			   (unsigned long long)run_p, (unsigned long long)(run_p + run_len - 1),
			   (unsigned long long)(run_len >> 10), f);
		ranges++;
	}
	dbg_printf(d, "%d ranges\n", ranges);
	return 0;
}

/* ---- run queue ---- */

/* In-order walk of a red-black tree of sched_entity.run_node. */
static void rb_walk(struct dbg *d, u32 node, u32 off_run_node, u32 off_se, u32 cur, int *n,
		    int depth)
{
	u64 left, right;
	if (!node || depth > 64 || *n > 4096)
		return;
	if (!kv(d, &left, "(unsigned long)((struct rb_node *)0x%x)->rb_left", node) ||
	    !kv(d, &right, "(unsigned long)((struct rb_node *)0x%x)->rb_right", node))
		return;
	rb_walk(d, (u32)left, off_run_node, off_se, cur, n, depth + 1);
	u32 task = node - off_run_node - off_se;
	ps_line(d, task, task == cur);
	(*n)++;
	rb_walk(d, (u32)right, off_run_node, off_se, cur, n, depth + 1);
}

static int view_runq(struct dbg *d)
{
	const char *rqs[] = { "runqueues", "runqueue", "rq" };
	const char *rq = NULL;
	u64 a;
	for (size_t i = 0; i < ARRAY_SIZE(rqs) && !rq; i++)
		if (kv(d, &a, "&%s", rqs[i]))
			rq = rqs[i];
	if (!need(d, rq != NULL, "runqueues"))
		return -1;
	u32 cur = current_task(d);
	u64 nr = 0;
	kv(d, &nr, "%s.nr_running", rq);
	dbg_printf(d, "RUNQUEUE %s at 0x%x: nr_running %llu\n", rq, (u32)a, (unsigned long long)nr);
	u32 off_rn, off_se;
	u64 root;
	bool cached = kv(d, &root, "(unsigned long)%s.cfs.tasks_timeline.rb_root.rb_node", rq);
	if (!cached && !kv(d, &root, "(unsigned long)%s.cfs.tasks_timeline.rb_node", rq)) {
		dbg_printf(d, "  no CFS tree (cfs.tasks_timeline)\n");
	} else if (!member_off(d, "struct sched_entity", "run_node", &off_rn) ||
		   !member_off(d, "struct task_struct", "se", &off_se)) {
		dbg_printf(d, "  no sched_entity.run_node\n");
	} else {
		u64 min = 0;
		kv(d, &min, "%s.cfs.min_vruntime", rq);
		dbg_printf(d, "CFS: min_vruntime %llu, in vruntime order:\n", (unsigned long long)min);
		dbg_printf(d, "   PID  PPID  TGID  ST POLICY PRIO NICE     VRUNTIME      CPU(ns)  TASK        COMM\n");
		int n = 0;
		rb_walk(d, (u32)root, off_rn, off_se, cur, &n, 0);
		if (!n)
			dbg_printf(d, "  (empty)\n");
	}
	/* RT: an array of list heads per priority, entries sched_rt_entity.run_list. */
	u64 qa;
	u32 off_rl, off_rt;
	if (kv(d, &qa, "&%s.rt.active.queue[0]", rq) &&
	    member_off(d, "struct sched_rt_entity", "run_list", &off_rl) &&
	    member_off(d, "struct task_struct", "rt", &off_rt)) {
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
				ps_line(d, task, task == cur);
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

/* ---- memory ---- */

static int view_buddyinfo(struct dbg *d, bool meminfo)
{
	u64 nz;
	const char *pg = "contig_page_data";
	if (!need(d, kv(d, &nz, "sizeof(%s.node_zones) / sizeof(%s.node_zones[0])", pg, pg),
		  "contig_page_data.node_zones"))
		return -1;
	u64 total_free = 0, total_managed = 0;
	for (u64 z = 0; z < nz && z < 8; z++) {
		char name[32] = "?";
		u64 np, orders;
		if (kv(d, &np, "(unsigned long)%s.node_zones[%llu].name", pg, (unsigned long long)z))
			read_str(d, (u32)np, name, sizeof(name));
		if (!kv(d, &orders, "sizeof(%s.node_zones[0].free_area) / sizeof(%s.node_zones[0].free_area[0])",
			pg, pg))
			orders = 0;
		u64 managed = 0;
		if (!kv(d, &managed, "%s.node_zones[%llu].managed_pages", pg, (unsigned long long)z))
			kv(d, &managed, "%s.node_zones[%llu].present_pages", pg, (unsigned long long)z);
		total_managed += managed;
		if (!meminfo)
			dbg_printf(d, "Node 0, zone %8s", name);
		for (u64 o = 0; o < orders; o++) {
			u64 nf = 0;
			kv(d, &nf, "%s.node_zones[%llu].free_area[%llu].nr_free", pg,
			   (unsigned long long)z, (unsigned long long)o);
			total_free += nf << o;
			if (!meminfo)
				dbg_printf(d, " %6llu", (unsigned long long)nf);
		}
		if (!meminfo)
			dbg_printf(d, "\n");
	}
	if (meminfo) {
		u64 total = 0;
		if (!kv(d, &total, "totalram_pages"))
			total = total_managed;
		dbg_printf(d, "MemTotal:  %8llu kB\n", (unsigned long long)(total * 4));
		dbg_printf(d, "MemFree:   %8llu kB\n", (unsigned long long)(total_free * 4));
	}
	return 0;
}

static int view_slabinfo(struct dbg *d)
{
	u32 off_list;
	u64 head;
	if (!need(d, member_off(d, "struct kmem_cache", "list", &off_list) &&
			     kv(d, &head, "&slab_caches"),
		  "slab_caches / struct kmem_cache.list"))
		return -1;
	/* /proc/slabinfo's columns, each from the first field name this kernel has. */
	dbg_printf(d, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		      "<pagesperslab> : slabdata <num_slabs>\n");
	u32 p;
	if (dbg_read_linear(d, (u32)head, &p, 4) != 0)
		return -1;
	static const char *const f_active[] = { "active_objs", "num_active", NULL };
	static const char *const f_total[] = { "total_objs", "num_objs", NULL };
	static const char *const f_size[] = { "object_size", "size", NULL };
	static const char *const f_per[] = { "num", "objects", "objs_per_slab", NULL };
	static const char *const f_order[] = { "order", "gfporder", NULL };
	static const char *const f_slabs[] = { "nr_slabs", "num_slabs", NULL };
	const char *const *fields[] = { f_active, f_total, f_size, f_per, f_order, f_slabs };
	for (int g = 0; p && p != (u32)head && g < 4096; g++) {
		u32 c = p - off_list;
		char name[40] = "?";
		u64 np, v[6];
		if (kv(d, &np, "(unsigned long)((struct kmem_cache *)0x%x)->name", c))
			read_str(d, (u32)np, name, sizeof(name));
		for (int k = 0; k < 6; k++) {
			v[k] = 0;
			for (const char *const *f = fields[k]; *f; f++)
				if (kv(d, &v[k], "((struct kmem_cache *)0x%x)->%s", c, *f))
					break;
		}
		dbg_printf(d, "%-17s %13llu %10llu %9llu %12llu %15llu : slabdata %11llu\n", name,
			   (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
			   (unsigned long long)v[3], 1ull << (v[4] & 31), (unsigned long long)v[5]);
		if (dbg_read_linear(d, p, &p, 4) != 0)
			break;
	}
	return 0;
}

static int view_irq(struct dbg *d)
{
	u64 n;
	if (!need(d, kv(d, &n, "sizeof(irq_desc) / sizeof(irq_desc[0])"), "irq_desc[]"))
		return -1;
	dbg_printf(d, "IRQ  %10s  %-20s %s\n", "count", "handler", "actions");
	for (u64 i = 0; i < n && i < 256; i++) {
		u64 count = 0, action = 0, handler = 0;
		if (!kv(d, &count, "irq_desc[%llu].kstat_irqs", (unsigned long long)i))
			kv(d, &count, "irq_desc[%llu].count", (unsigned long long)i);
		kv(d, &action, "(unsigned long)irq_desc[%llu].action", (unsigned long long)i);
		kv(d, &handler, "(unsigned long)irq_desc[%llu].handle_irq", (unsigned long long)i);
		if (!action && !count)
			continue;
		char hs[128] = "-";
		if (handler)
			sym_format(d->st, (u32)handler, hs, sizeof(hs));
		dbg_printf(d, "%3llu  %10llu  %-20s", (unsigned long long)i, (unsigned long long)count, hs);
		for (int g = 0; action && g < 16; g++) {
			char name[40] = "?";
			u64 np, next = 0;
			if (kv(d, &np, "(unsigned long)((struct irqaction *)0x%x)->name", (u32)action))
				read_str(d, (u32)np, name, sizeof(name));
			dbg_printf(d, " %s", name);
			if (!kv(d, &next, "(unsigned long)((struct irqaction *)0x%x)->next", (u32)action))
				break;
			action = next;
		}
		dbg_printf(d, "\n");
	}
	return 0;
}

static int view_vma(struct dbg *d, const char *args)
{
	if (!*args) {
		dbg_err(d, "vma PID");
		return -1;
	}
	u64 pid = strtoull(args, NULL, 0);
	u32 t = find_task(d, pid);
	if (!t) {
		dbg_err(d, "No task with pid %llu.", (unsigned long long)pid);
		return -1;
	}
	u64 mm = task_field(d, t, "mm", 0);
	if (!mm) {
		dbg_printf(d, "pid %llu is a kernel thread (no mm).\n", (unsigned long long)pid);
		return 0;
	}
	u64 v;
	if (!need(d, kv(d, &v, "(unsigned long)((struct mm_struct *)0x%x)->mmap", (u32)mm),
		  "mm_struct.mmap"))
		return -1;
	dbg_printf(d, "%-10s %-10s %-10s %s\n", "VMA", "START", "END", "FLAGS");
	for (int g = 0; v && g < 65536; g++) {
		u64 s = 0, e = 0, f = 0;
		kv(d, &s, "((struct vm_area_struct *)0x%x)->vm_start", (u32)v);
		kv(d, &e, "((struct vm_area_struct *)0x%x)->vm_end", (u32)v);
		kv(d, &f, "((struct vm_area_struct *)0x%x)->vm_flags", (u32)v);
		dbg_printf(d, "0x%08x 0x%08llx 0x%08llx %c%c%c%c (0x%llx)\n", (u32)v,
			   (unsigned long long)s, (unsigned long long)e, f & 1 ? 'r' : '-',
			   f & 2 ? 'w' : '-', f & 4 ? 'x' : '-', f & 8 ? 's' : 'p',
			   (unsigned long long)f);
		if (!kv(d, &v, "(unsigned long)((struct vm_area_struct *)0x%x)->vm_next", (u32)v))
			break;
	}
	return 0;
}

int dbg_kview_command(struct dbg *d, const char *cmd, const char *args)
{
	if (!strcmp(cmd, "jiffies"))
		return view_jiffies(d);
	if (!strcmp(cmd, "ps"))
		return view_ps(d);
	if (!strcmp(cmd, "current"))
		return view_current(d);
	if (!strcmp(cmd, "dmesg"))
		return view_dmesg(d);
	if (!strcmp(cmd, "vtop"))
		return view_vtop(d, args);
	if (!strcmp(cmd, "pagetable"))
		return view_pagetable(d, args);
	if (!strcmp(cmd, "runq"))
		return view_runq(d);
	if (!strcmp(cmd, "buddyinfo"))
		return view_buddyinfo(d, false);
	if (!strcmp(cmd, "meminfo"))
		return view_buddyinfo(d, true);
	if (!strcmp(cmd, "slabinfo"))
		return view_slabinfo(d);
	if (!strcmp(cmd, "irq"))
		return view_irq(d);
	if (!strcmp(cmd, "vma"))
		return view_vma(d, args);
	if (!strcmp(cmd, "kcore")) {
		if (!*args) {
			dbg_err(d, "kcore FILE");
			return -1;
		}
		return dbg_kcore_write(d, args);
	}
	dbg_err(d, "%s: unknown kernel view", cmd);
	return -1;
}

/* ---- task helpers for the gdb stub's thread list ---- */

int dbg_task_list(struct dbg *d, u32 *tasks, int max)
{
	struct task_iter it;
	int n = 0;
	if (!task_first(d, &it))
		return 0;
	do {
		if (n < max)
			tasks[n++] = it.cur;
	} while (task_next(d, &it) && n < max);
	return n;
}

u64 dbg_task_pid(struct dbg *d, u32 task)
{
	return task_field(d, task, "pid", 0);
}

void dbg_task_comm(struct dbg *d, u32 task, char *buf, size_t len)
{
	u64 ca;
	buf[0] = 0;
	if (kv(d, &ca, "&((struct task_struct *)0x%x)->comm", task))
		read_str(d, (u32)ca, buf, len < 17 ? len : 17);
}

u32 dbg_current_task(struct dbg *d)
{
	return current_task(d);
}
