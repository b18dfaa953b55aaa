/*
 * System calls seen from outside the guest: `catch syscall [NAME|NUMBER]
 * [pid N]` stops at a call's entry and at its return, as gdb's does, and
 * `strace [PID|all|off]` prints every call with its decoded arguments and
 * its result while the machine runs, in the in-guest strace's format.
 *
 * The debugger places breakpoints of its own on the kernel's entry points
 * (do_int80_syscall_32 and do_fast_syscall_32, whose argument is the
 * caller's pt_regs) and on the return path (syscall_exit_to_user_mode,
 * before any signal is delivered, where ptrace's exit stop sees the
 * result). A hook that does not stop lets the instruction run as if no
 * breakpoint were there, so tracing changes neither the guest nor its
 * instruction count: a replayed run can be traced after the fact.
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/kview/kview.h"

/* The i386 numbering is the ABI's; the names are the kernel's own table. */
static const char *const sys_names[] = {
#include "guest/arch/x86/syscall_names.h"
};
#define NSYS (sizeof(sys_names) / sizeof(sys_names[0]))

/*
 * How the arguments print, as the image's strace prints them: d int,
 * u unsigned, x hex, o octal, s string, b buffer of the next argument's
 * length, B the same filled by the call (shown at its return), v argv,
 * e envp, a AT_FDCWD or a descriptor, p pointer.
 */
static const struct { int nr; const char *fmt; } sys_fmt[] = {
	{ 1, "d" }, { 2, "" }, { 20, "" }, { 29, "" }, { 36, "" }, { 64, "" }, { 65, "" },
	{ 66, "" }, { 158, "" }, { 190, "" }, { 199, "" }, { 200, "" }, { 201, "" },
	{ 202, "" }, { 224, "" }, { 3, "dBu" }, { 4, "dbu" }, { 5, "sxo" }, { 6, "d" },
	{ 7, "dpx" }, { 10, "s" }, { 11, "sve" }, { 12, "s" }, { 15, "so" }, { 19, "ddd" },
	{ 33, "sd" }, { 37, "dd" }, { 38, "ss" }, { 39, "so" }, { 40, "s" }, { 41, "d" },
	{ 42, "p" }, { 45, "p" }, { 54, "dxp" }, { 57, "dd" }, { 60, "o" }, { 63, "dd" },
	{ 83, "ss" }, { 85, "spu" }, { 90, "p" }, { 91, "pu" }, { 114, "dpxp" },
	{ 120, "xppp" }, { 122, "p" }, { 125, "pux" }, { 162, "pp" }, { 174, "dppu" },
	{ 175, "dppu" }, { 183, "pu" }, { 192, "puxxdx" }, { 195, "sp" }, { 196, "sp" },
	{ 197, "dp" }, { 220, "dpu" }, { 221, "ddx" }, { 243, "p" }, { 252, "d" },
	{ 258, "p" }, { 295, "asxo" }, { 296, "aso" }, { 300, "aspx" }, { 301, "asx" },
	{ 305, "aspu" }, { 307, "asd" }, { 330, "ddx" }, { 331, "px" }, { 383, "asxxp" },
};

static const char *const err_names[] = {
	"0", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
	"ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
	"ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG",
	"ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK",
	"ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
};


#define MAX_CALLS 64
#define STRSIZE 32

/* A call between its entry and its return, per task. */
struct sys_call {
	u32 task;
	u64 pid;
	long nr;
	u32 args[6];
	char line[1024];	/* the call as shown at entry */
};

struct kview_sys {
	u32 hook_int80, hook_fast, hook_exit;
	bool strace_on;
	u64 strace_pid;		/* ~0: every process */
	struct sys_call calls[MAX_CALLS];
};

static const char *fmt_of(long nr)
{
	for (size_t i = 0; i < sizeof(sys_fmt) / sizeof(sys_fmt[0]); i++)
		if (sys_fmt[i].nr == nr)
			return sys_fmt[i].fmt;
	return NULL;
}

static const char *sys_name(long nr, char *buf, size_t len)
{
	if (nr >= 0 && (size_t)nr < NSYS && sys_names[nr])
		return sys_names[nr];
	snprintf(buf, len, "syscall_%#lx", (unsigned long)nr);
	return buf;
}

const char *dbg_syscall_name(long nr)
{
	return nr >= 0 && (size_t)nr < NSYS ? sys_names[nr] : NULL;
}

/* A number for a name or a number; -1 when neither. */
static long sys_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 0);
	if (*s && !*end)
		return n;
	for (size_t i = 0; i < NSYS; i++)
		if (sys_names[i] && !strcmp(sys_names[i], s))
			return (long)i;
	return -1;
}

/* ---- the hooks ---- */

static bool sym_addr(struct dbg *d, const char *name, u32 *a)
{
	u64 v;
	if (!kview_eval(d, &v, "(unsigned long)&%s", name))
		return false;
	*a = (u32)v;
	return true;
}

/* Find the kernel's entry and exit points; the state, or NULL said. */
static struct kview_sys *sys_setup(struct dbg *d)
{
	if (d->sys)
		return d->sys;
	u64 sz;
	struct kview_sys s;
	memset(&s, 0, sizeof(s));
	if (!kview_need(d, sym_addr(d, "do_int80_syscall_32", &s.hook_int80) &&
			      sym_addr(d, "syscall_exit_to_user_mode", &s.hook_exit),
			"do_int80_syscall_32 / syscall_exit_to_user_mode"))
		return NULL;
	if (!sym_addr(d, "do_fast_syscall_32", &s.hook_fast))
		s.hook_fast = 0;
	if (!kview_eval(d, &sz, "sizeof(struct pt_regs)") || sz != PT_N * 4) {
		dbg_err(d, "struct pt_regs is not i386's (%d bytes expected)", PT_N * 4);
		return NULL;
	}
	d->sys = malloc(sizeof(s));
	if (!d->sys)
		return NULL;
	*d->sys = s;
	return d->sys;
}

void dbg_syscall_free(struct dbg *d)
{
	free(d->sys);
	d->sys = NULL;
}

static bool any_catch(const struct dbg *d)
{
	for (int i = 0; i < d->nbp; i++)
		if (d->bp[i].enabled && d->bp[i].kind == BP_SYSCALL)
			return true;
	return false;
}

int dbg_syscall_hooks(const struct dbg *d, u32 *lin, int max)
{
	const struct kview_sys *s = d->sys;
	if (!s || (!s->strace_on && !any_catch(d)))
		return 0;
	if (!lin)
		return 1;
	int n = 0;
	u32 all[3] = { s->hook_int80, s->hook_fast, s->hook_exit };
	for (int i = 0; i < 3 && n < max; i++)
		if (all[i])
			lin[n++] = all[i];
	return n;
}

bool dbg_current_pid(struct dbg *d, bool parent, u64 *pid)
{
	u32 t = kview_current_task(d);
	if (t && parent)
		t = (u32)kview_task_field(d, t, "real_parent", 0);
	if (!t)
		return false;
	*pid = kview_task_field(d, t, "pid", 0);
	return true;
}

/* ---- formatting, in the current address space (the caller's) ---- */

#define ADD(...) (n += snprintf(out + n, (size_t)n < size ? size - n : 0, __VA_ARGS__))

/* A string (len < 0: to its NUL) or buffer, quoted and escaped as strace does. */
static int quote(struct dbg *d, char *out, size_t size, u32 addr, long len)
{
	int n = 0, i, shown = len < 0 || len > STRSIZE ? STRSIZE : (int)len;
	bool done = false;
	u8 c;
	if (!addr)
		return ADD("NULL");
	ADD("\"");
	for (i = 0; i < shown; i++) {
		if (dbg_read_linear(d, addr + i, &c, 1) != 0)
			return snprintf(out, size, "%#x", addr);
		if (len < 0 && !c) {
			done = true;
			break;
		}
		if (c == '\n')
			ADD("\\n");
		else if (c == '\t')
			ADD("\\t");
		else if (c == '"' || c == '\\')
			ADD("\\%c", c);
		else if (c < 32 || c >= 127)
			ADD("\\%o", c);
		else
			ADD("%c", c);
	}
	if (len < 0 && !done && dbg_read_linear(d, addr + i, &c, 1) == 0 && c)
		return ADD("\"...");
	ADD("\"");
	if (len > shown)
		ADD("...");
	return n;
}

static int show_vec(struct dbg *d, char *out, size_t size, u32 addr, bool env)
{
	int n = 0, i;
	u32 p;
	if (!addr)
		return ADD("NULL");
	if (env) {
		for (i = 0; i < 4096 && dbg_read_linear(d, addr + 4 * i, &p, 4) == 0 && p; i++)
			;
		return ADD("%#x /* %d var%s */", addr, i, i == 1 ? "" : "s");
	}
	ADD("[");
	for (i = 0; i < 256 && dbg_read_linear(d, addr + 4 * i, &p, 4) == 0 && p; i++) {
		if (i)
			ADD(", ");
		n += quote(d, out + n, (size_t)n < size ? size - n : 0, p, -1);
	}
	return ADD("]");
}

/* "name(args)" into c->line; B arguments are shown once the result is known. */
static void format_call(struct dbg *d, struct sys_call *c, long result, bool at_exit)
{
	char *out = c->line, nb[32];
	size_t size = sizeof(c->line);
	int n = 0;
	const char *fmt = fmt_of(c->nr);
	ADD("%s(", sys_name(c->nr, nb, sizeof(nb)));
	for (int i = 0; i < 6 && (fmt ? fmt[i] != 0 : i < 3); i++) {
		long a = (long)(s32)c->args[i];
		u32 u = c->args[i];
		char f = fmt ? fmt[i] : 'x';
		if (i)
			ADD(", ");
		char *o = out + n;
		size_t room = (size_t)n < size ? size - n : 0;
		switch (f) {
		case 'd': ADD("%ld", a); break;
		case 'u': ADD("%lu", (unsigned long)u); break;
		case 'o': ADD("%#lo", (unsigned long)u); break;
		case 'a': if (a == -100) ADD("AT_FDCWD"); else ADD("%ld", a); break;
		case 's': n += quote(d, o, room, u, -1); break;
		case 'b': n += quote(d, o, room, u, i < 5 ? (long)c->args[i + 1] : 0); break;
		case 'B':
			if (at_exit && result >= 0)
				n += quote(d, o, room, u, result);
			else
				ADD("%#lx", (unsigned long)u);
			break;
		case 'v': n += show_vec(d, o, room, u, false); break;
		case 'e': n += show_vec(d, o, room, u, true); break;
		case 'p': if (u) ADD("%#lx", (unsigned long)u); else ADD("NULL"); break;
		default: ADD("%#lx", (unsigned long)u); break;
		}
	}
	ADD(")");
}

static void result_text(long nr, long ret, char *res, size_t len)
{
	if (ret < 0 && ret >= -4095) {
		long e = -ret;
		if (e >= 512 && e <= 516)
			snprintf(res, len, "? %s (To be restarted)",
				 e == 512 ? "ERESTARTSYS" : e == 513 ? "ERESTARTNOINTR" :
				 e == 514 ? "ERESTARTNOHAND" : "ERESTART_RESTARTBLOCK");
		else
			snprintf(res, len, "-1 %s (%s)",
				 e < (long)(sizeof(err_names) / sizeof(err_names[0])) ? err_names[e] :
											 "E?",
				 strerror((int)e));
	} else if (nr == 45 || nr == 90 || nr == 192 || nr == 163) {
		snprintf(res, len, "%#lx", (unsigned long)ret);
	} else {
		snprintf(res, len, "%ld", ret);
	}
}

static struct sys_call *call_of(struct kview_sys *s, u32 task, bool add)
{
	for (int i = 0; i < MAX_CALLS; i++)
		if (s->calls[i].task == task)
			return &s->calls[i];
	if (!add)
		return NULL;
	for (int i = 0; i < MAX_CALLS; i++)
		if (!s->calls[i].task) {
			memset(&s->calls[i], 0, sizeof(s->calls[i]));
			s->calls[i].task = task;
			return &s->calls[i];
		}
	return NULL;
}

static void print_line(struct dbg *d, u64 pid, const char *line, const char *res)
{
	int len = (int)strlen(line);
	dbg_printf(d, "[pid %5llu] %s%*s = %s\n", (unsigned long long)pid, line,
		   len < 39 ? 39 - len : 0, "", res);
}

/* A hook was reached: the call's entry or its return. */
static bool sys_event(struct dbg *d, struct kview_sys *s, bool entry)
{
	u32 regs[PT_N], esp;
	struct dbg_regs r;
	dbg_regs(d, &r);
	esp = r.gpr[DBG_ESP];
	u32 pregs;
	if (dbg_read_linear(d, esp + 4, &pregs, 4) != 0 || dbg_read_linear(d, pregs, regs, sizeof(regs)) != 0)
		return false;
	if ((regs[PT_CS] & 3) != 3)
		return false;	/* the kernel's own int $0x80 (the first exec) */
	u32 task = kview_current_task(d);
	u64 pid = kview_task_field(d, task, "pid", 0);
	bool traced = s->strace_on && (s->strace_pid == ~0ull || s->strace_pid == pid);
	char nb[32], res[128], text[1200];
	if (entry) {
		struct sys_call *c = call_of(s, task, true);
		if (!c)
			return false;
		c->pid = pid;
		c->nr = (long)(s32)regs[PT_ORIG_AX];
		for (int i = 0; i < 6; i++)
			c->args[i] = regs[i == 5 ? PT_BP : i];
		/* SYSENTER: the sixth argument is the EBP __kernel_vsyscall pushed. */
		if (r.eip == s->hook_fast && dbg_read_linear(d, regs[PT_SP], &c->args[5], 4) != 0)
			c->args[5] = 0;
		format_call(d, c, 0, false);
		bool noreturn = c->nr == 1 || c->nr == 252;
		if (traced && noreturn)
			print_line(d, pid, c->line, "?");
		snprintf(text, sizeof(text), "pid %llu: %s", (unsigned long long)pid, c->line);
		if (noreturn)
			c->task = 0;
		return dbg_check_syscall(d, (u64)c->nr, sys_name(c->nr, nb, sizeof(nb)), true, text);
	}
	struct sys_call *c = call_of(s, task, false);
	long ret = (long)(s32)regs[PT_AX];
	long nr = c ? c->nr : (long)(s32)regs[PT_ORIG_AX];
	result_text(nr, ret, res, sizeof(res));
	char line[1100];
	if (c) {
		/* Again at the return: a string the call itself faulted in is
		 * readable now (strace reads at its exit stop too). An execve
		 * that worked has replaced the memory the arguments were in. */
		if (!(nr == 11 && ret == 0))
			format_call(d, c, ret, true);
		snprintf(line, sizeof(line), "%s", c->line);
		c->task = 0;
	} else {
		snprintf(line, sizeof(line), "<... %s resumed>)", sys_name(nr, nb, sizeof(nb)));
	}
	if (traced)
		print_line(d, pid, line, res);
	snprintf(text, sizeof(text), "pid %llu: %s = %s", (unsigned long long)pid, line, res);
	return dbg_check_syscall(d, (u64)nr, sys_name(nr, nb, sizeof(nb)), false, text);
}

bool dbg_syscall_hit(struct dbg *d, u32 lin, bool *handled)
{
	struct kview_sys *s = d->sys;
	*handled = false;
	if (!s || !dbg_syscall_hooks(d, NULL, 0))
		return false;
	if (lin == s->hook_int80 || (s->hook_fast && lin == s->hook_fast)) {
		*handled = true;
		return sys_event(d, s, true);
	}
	if (lin == s->hook_exit) {
		*handled = true;
		return sys_event(d, s, false);
	}
	return false;
}

/* ---- commands ---- */

int dbg_catch_syscall(struct dbg *d, const char *args)
{
	char a[256], *tok, *save = NULL;
	long nr = -1;
	char cond[64] = "";
	snprintf(a, sizeof(a), "%s", args);
	for (tok = strtok_r(a, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!strcmp(tok, "pid")) {
			char *p = strtok_r(NULL, " ", &save);
			u64 pid;
			if (!p || expr_eval_u64(&d->ex, p, &pid) < 0) {
				dbg_err(d, "catch syscall ... pid N: a pid is needed");
				return -1;
			}
			snprintf(cond, sizeof(cond), "$pid == %llu", (unsigned long long)pid);
			continue;
		}
		nr = sys_number(tok);
		if (nr < 0) {
			dbg_err(d, "Unknown syscall name '%s'.", tok);
			return -1;
		}
	}
	if (!sys_setup(d))
		return -1;
	struct dbg_bp *b = dbg_bp_new(d, BP_SYSCALL);
	if (!b)
		return -1;
	char nb[32];
	b->addr = nr < 0 ? ~0ull : (u64)nr;
	snprintf(b->cond, sizeof(b->cond), "%s", cond);
	if (nr < 0)
		snprintf(b->what, sizeof(b->what), "any syscall");
	else
		snprintf(b->what, sizeof(b->what), "syscall '%s' [%ld]", sys_name(nr, nb, sizeof(nb)), nr);
	dbg_printf(d, "Catchpoint %d (%s)%s%s\n", b->id, b->what, cond[0] ? " if " : "", cond);
	dbg_bp_changed(d);
	return 0;
}

static int cmd_strace(struct dbg *d, const char *args)
{
	if (!strcmp(args, "off")) {
		if (d->sys)
			d->sys->strace_on = false;
		dbg_printf(d, "strace off.\n");
		dbg_bp_changed(d);
		return 0;
	}
	u64 pid = ~0ull;
	if (*args && strcmp(args, "all")) {
		u32 t;
		if (kview_pid_arg(d, args, "strace [PID|all|off]", &pid, &t) < 0)
			return -1;
	}
	struct kview_sys *s = sys_setup(d);
	if (!s)
		return -1;
	s->strace_on = true;
	s->strace_pid = pid;
	if (pid == ~0ull)
		dbg_printf(d, "Tracing the system calls of every process; continue to see them.\n");
	else
		dbg_printf(d, "Tracing the system calls of pid %llu; continue to see them.\n",
			   (unsigned long long)pid);
	dbg_bp_changed(d);
	return 0;
}

const struct dbg_command kview_syscall_commands[] = {
	{ "strace", NULL, cmd_strace,
	  "strace [PID|all|off]: print system calls with their arguments as the machine runs" },
	{ NULL, NULL, NULL, NULL },
};
