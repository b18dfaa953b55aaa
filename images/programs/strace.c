/*
 * strace: lists the system calls of a program and their results, like
 * Linux's strace, through ptrace(2):
 *   strace [-f] [-s N] PROGRAM [ARGS...]	run PROGRAM under trace
 *   strace [-f] -p PID			attach to a running process
 * -f follows forks, vforks and clones (their lines get "[pid N] " in front);
 * -s N shows up to N bytes of each string (32). One line per call on stderr:
 *   execve("/bin/sh", ["sh", "-c", "echo hi"], 0xbffffe5c (3 vars)) = 0
 *   write(1, "hi\n", 3)                     = 3
 *   exit_group(0)                           = ?
 *   +++ exited with 0 +++
 * The names come from the kernel's own table (guest/arch/x86/syscall_names.h);
 * the arguments of the common calls are decoded (strings, buffers, argv),
 * the rest shown in hex. Exits with the traced program's status.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

#ifndef __WALL
#define __WALL 0x40000000
#endif

static const char *const names[] = {
#include "../../guest/arch/x86/syscall_names.h"
};
#define NNAMES	(sizeof(names) / sizeof(names[0]))

/*
 * How the arguments print: d int, u unsigned, x hex, o octal, s string,
 * b buffer whose length is the next argument (shown at entry), B the same
 * filled by the call (shown at exit, its length the result), v argv, e envp,
 * a AT_FDCWD-or-fd, p pointer.
 */
static const struct { int nr; const char *fmt; } sigs[] = {
	{ 1, "d" }, { 2, "" }, { 20, "" }, { 29, "" }, { 36, "" }, { 64, "" }, { 65, "" },
	{ 66, "" }, { 158, "" }, { 190, "" }, { 199, "" }, { 200, "" }, { 201, "" },
	{ 202, "" }, { 224, "" }, { 3, "dBu" }, { 4, "dbu" }, { 5, "sxo" }, { 6, "d" }, { 7, "dpx" },
	{ 10, "s" }, { 11, "sve" }, { 12, "s" }, { 15, "so" }, { 19, "ddd" }, { 33, "sd" },
	{ 37, "dd" }, { 38, "ss" }, { 39, "so" }, { 40, "s" }, { 41, "d" }, { 42, "p" },
	{ 45, "p" }, { 54, "dxp" }, { 57, "dd" }, { 60, "o" }, { 63, "dd" }, { 83, "ss" },
	{ 85, "spu" }, { 90, "p" }, { 91, "pu" }, { 114, "dpxp" }, { 120, "xppp" },
	{ 122, "p" }, { 125, "pux" }, { 162, "pp" }, { 174, "dppu" }, { 175, "dppu" },
	{ 183, "pu" }, { 192, "puxxdx" }, { 195, "sp" }, { 196, "sp" }, { 197, "dp" },
	{ 220, "dpu" }, { 221, "ddx" }, { 243, "p" }, { 252, "d" }, { 258, "p" },
	{ 295, "asxo" }, { 296, "aso" }, { 300, "aspx" }, { 301, "asx" }, { 305, "aspu" },
	{ 307, "asd" }, { 330, "ddx" }, { 331, "px" }, { 383, "asxxp" },
};

static const char *const errnames[] = {
	"0", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
	"ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
	"ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG",
	"ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK",
	"ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
};

#define MAXPROC	64

static struct tracee {
	pid_t pid;
	int in_call;			/* between the entry and the exit stop */
	long nr, args[6];
	char line[1024];		/* the call as shown at entry */
} procs[MAXPROC];

static int follow, strsize = 32, nprocs;
static pid_t first;

static struct tracee *find(pid_t pid, int add)
{
	int i;

	for (i = 0; i < MAXPROC; i++)
		if (procs[i].pid == pid)
			return &procs[i];
	if (!add)
		return NULL;
	for (i = 0; i < MAXPROC; i++)
		if (!procs[i].pid) {
			memset(&procs[i], 0, sizeof(procs[i]));
			procs[i].pid = pid;
			nprocs++;
			return &procs[i];
		}
	return NULL;
}

static void drop(pid_t pid)
{
	struct tracee *t = find(pid, 0);

	if (t) {
		t->pid = 0;
		nprocs--;
	}
}

static int peek(pid_t pid, unsigned long addr, unsigned long *word)
{
	errno = 0;
	*word = ptrace(PTRACE_PEEKDATA, pid, (void *)addr, 0);
	return errno ? -1 : 0;
}

#define ADD(...)	(n += snprintf(out + n, n < size ? size - n : 0, __VA_ARGS__))

/* A string or buffer of the tracee, quoted and escaped like strace's; len < 0: up to the NUL. */
static int quote(char *out, int size, pid_t pid, unsigned long addr, long len)
{
	int n = 0, i, shown = len < 0 || len > strsize ? strsize : (int)len, done = 0;
	unsigned long word = 0;

	if (!addr)
		return ADD("NULL");
	ADD("\"");
	for (i = 0; i < shown; i++) {
		unsigned char c;

		if (i % 4 == 0 && peek(pid, addr + i, &word))
			return snprintf(out, size, "%#lx", addr);
		c = word >> (8 * (i % 4));
		if (len < 0 && !c) {
			done = 1;
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
	if (len < 0 && !done) {	/* stopped at the size: is there more? */
		if (!peek(pid, addr + i, &word) && (word & 0xff))
			return ADD("\"...");
	}
	ADD("\"");
	if (len > shown)
		ADD("...");
	return n;
}

static int show_vec(char *out, int size, pid_t pid, unsigned long addr, int is_env)
{
	unsigned long p;
	int n = 0, i;

	if (!addr)
		return ADD("NULL");
	if (is_env) {
		for (i = 0; !peek(pid, addr + 4 * i, &p) && p; i++)
			;
		return ADD("%#lx /* %d var%s */", addr, i, i == 1 ? "" : "s");
	}
	ADD("[");
	for (i = 0; !peek(pid, addr + 4 * i, &p) && p; i++) {
		if (i)
			ADD(", ");
		n += quote(out + n, n < size ? size - n : 0, pid, p, -1);
	}
	return ADD("]");
}

static const char *fmt_of(long nr)
{
	unsigned int i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigs[i].nr == nr)
			return sigs[i].fmt;
	return NULL;
}

/* "name(args" for the call t is entering; B arguments wait for the result. */
static void format_call(struct tracee *t, long result, int at_exit)
{
	char *out = t->line;
	int size = sizeof(t->line), n = 0, i;
	const char *fmt = fmt_of(t->nr);

	if (t->nr >= 0 && (unsigned long)t->nr < NNAMES && names[t->nr])
		ADD("%s(", names[t->nr]);
	else
		ADD("syscall_%#lx(", t->nr);
	for (i = 0; i < 6 && (fmt ? fmt[i] != 0 : i < 3); i++) {
		long a = t->args[i];
		char f = fmt ? fmt[i] : 'x';

		if (i)
			ADD(", ");
		switch (f) {
		case 'd': ADD("%ld", a); break;
		case 'u': ADD("%lu", (unsigned long)a); break;
		case 'o': ADD("%#lo", (unsigned long)a); break;
		case 'a': if (a == -100) ADD("AT_FDCWD"); else ADD("%ld", a); break;
		case 's': n += quote(out + n, n < size ? size - n : 0, t->pid, a, -1); break;
		case 'b': n += quote(out + n, n < size ? size - n : 0, t->pid, a, t->args[i + 1]); break;
		case 'B':
			if (at_exit && result >= 0)
				n += quote(out + n, n < size ? size - n : 0, t->pid, a, result);
			else
				ADD("%#lx", (unsigned long)a);
			break;
		case 'v': n += show_vec(out + n, n < size ? size - n : 0, t->pid, a, 0); break;
		case 'e': n += show_vec(out + n, n < size ? size - n : 0, t->pid, a, 1); break;
		case 'p': if (a) ADD("%#lx", (unsigned long)a); else ADD("NULL"); break;
		default: ADD("%#lx", (unsigned long)a); break;
		}
	}
	ADD(")");
}

static void print_line(struct tracee *t, const char *result)
{
	int len = strlen(t->line);

	if (follow && t->pid != first)
		fprintf(stderr, "[pid %5d] ", t->pid);
	fprintf(stderr, "%s%*s = %s\n", t->line, len < 39 ? 39 - len : 0, "", result);
}

static void syscall_stop(struct tracee *t)
{
	struct user_regs_struct r;
	char res[96];
	long ret;

	if (ptrace(PTRACE_GETREGS, t->pid, 0, &r))
		return;
	if (!t->in_call) {
		t->in_call = 1;
		t->nr = r.orig_eax;
		t->args[0] = r.ebx; t->args[1] = r.ecx; t->args[2] = r.edx;
		t->args[3] = r.esi; t->args[4] = r.edi; t->args[5] = r.ebp;
		format_call(t, 0, 0);
		if (t->nr == 1 || t->nr == 252) {	/* exit, exit_group: no return */
			print_line(t, "?");
			t->in_call = 0;
		}
		return;
	}
	t->in_call = 0;
	ret = r.eax;
	if (fmt_of(t->nr) && strchr(fmt_of(t->nr), 'B'))
		format_call(t, ret, 1);
	if (ret < 0 && ret >= -4095) {
		long e = -ret;

		if (e >= 512 && e <= 516)
			snprintf(res, sizeof(res), "? %s (To be restarted)",
				 e == 512 ? "ERESTARTSYS" : e == 513 ? "ERESTARTNOINTR" :
				 e == 514 ? "ERESTARTNOHAND" : "ERESTART_RESTARTBLOCK");
		else
			snprintf(res, sizeof(res), "-1 %s (%s)",
				 e < (long)(sizeof(errnames) / sizeof(errnames[0])) ? errnames[e] : "E?",
				 strerror(e));
	} else if (t->nr == 45 || t->nr == 90 || t->nr == 192 || t->nr == 163) {
		snprintf(res, sizeof(res), "%#lx", (unsigned long)ret);
	} else {
		snprintf(res, sizeof(res), "%ld", ret);
	}
	print_line(t, res);
}

static void prefix(pid_t pid)
{
	if (follow && pid != first)
		fprintf(stderr, "[pid %5d] ", pid);
}

static long options(void)
{
	return PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC |
	       (follow ? PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE : 0);
}

/* The trace loop: every stop of every tracee until none is left; the first one's status. */
static int trace(void)
{
	int st, code = 0;
	pid_t pid;

	for (;;) {
		struct tracee *t;
		int sig = 0;

		pid = waitpid(-1, &st, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			prefix(pid);
			if (WIFEXITED(st))
				fprintf(stderr, "+++ exited with %d +++\n", WEXITSTATUS(st));
			else
				fprintf(stderr, "+++ killed by %s +++\n", strsignal(WTERMSIG(st)));
			if (pid == first)
				code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			drop(pid);
			if (!nprocs)
				break;
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		t = find(pid, 1);
		if (!t)
			continue;	/* too many: left stopped */
		if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			syscall_stop(t);
		} else if (st >> 16) {		/* an event: a new tracee, or an exec */
			unsigned long msg;

			if ((st >> 16) != 4 /* PTRACE_EVENT_EXEC */ &&
			    !ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg))
				find(msg, 1);
		} else if (WSTOPSIG(st) == SIGSTOP && !t->in_call && !t->nr) {
			/* a new tracee's first stop */
		} else if (WSTOPSIG(st) != SIGTRAP) {
			sig = WSTOPSIG(st);
			prefix(pid);
			fprintf(stderr, "--- %s ---\n", strsignal(sig));
		}
		if (!t->nr && !t->in_call && WSTOPSIG(st) == SIGSTOP)
			t->nr = -1;		/* its SIGSTOP is spent: later ones are real */
		ptrace(PTRACE_SETOPTIONS, pid, 0, options());
		ptrace(PTRACE_SYSCALL, pid, 0, sig);
	}
	return code;
}

int main(int argc, char **argv)
{
	pid_t attach = 0;
	int opt;

	while ((opt = getopt(argc, argv, "+fs:p:")) != -1) {
		switch (opt) {
		case 'f': follow = 1; break;
		case 's': strsize = atoi(optarg) > 0 ? atoi(optarg) : 32; break;
		case 'p': attach = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (attach > 0 && optind == argc) {
		if (ptrace(PTRACE_ATTACH, attach, 0, 0)) {
			fprintf(stderr, "strace: attach: ptrace(PTRACE_ATTACH, %d): %s\n", attach,
				strerror(errno));
			return 1;
		}
		first = attach;
		find(attach, 1)->nr = 0;
		fprintf(stderr, "strace: Process %d attached\n", attach);
		return trace();
	}
	if (optind == argc || attach)
		goto usage;
	first = fork();
	if (first < 0) {
		perror("strace: fork");
		return 1;
	}
	if (first == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		kill(getpid(), SIGSTOP);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "strace: exec %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	find(first, 1);
	return trace();
usage:
	fprintf(stderr, "usage: strace [-f] [-s N] PROGRAM [ARGS...]\n"
			"       strace [-f] -p PID\n");
	return 2;
}
