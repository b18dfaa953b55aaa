/*
 * imagetests: /init of build/images/imagetests.cpio, the initramfs of test
 * group 85. With the default image (build/images/lucid.img) as hda it
 *   - checks ptrace(2) directly: TRACEME and the SIGSTOP stop, the wait
 *     status encodings, PEEKDATA/POKEDATA, PEEKUSR, GETREGS/SETREGS at a
 *     system-call entry stop (changing the call), the exit stop's result,
 *     TRACEFORK's event and the new child's stop, ATTACH/DETACH, KILL,
 *     SIGKILL to a stopped tracee; and rt_sigtimedwait, which busybox init
 *     waits in; sethostname;
 *   - mounts the image's root partition read-only on /img and runs the
 *     image's own programs from it, each announced by a "run:" line and
 *     followed by an "exit:" line with its status, for the group to check:
 *     busybox and its applet links, malloc_test, cow_test, mlock_test,
 *     forkbomb, memhog, strace (of a new program, with -f, and -p), lucid-tests;
 * then prints "imagetests: N passed, M failed" and powers off.
 * (The image's applet links point at /bin/busybox, which this initramfs
 * also has, so they work from /img too.)
 */
#include <signal.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "../initramfs/check.h"

#ifndef __WALL
#define __WALL 0x40000000
#endif

static volatile unsigned long target = 0x11223344;

/* A child that traces itself and stops: what the tracer sees first. */
static pid_t traced_child(void (*body)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		kill(getpid(), SIGSTOP);
		body();
		_exit(0);
	}
	return pid;
}

static void body_getpid(void)
{
	long r = syscall(SYS_getpid);

	_exit(r == 4242 ? 42 : r == getppid() ? 43 : 44);
}

static void body_fork(void)
{
	pid_t c = fork();
	int st;

	if (c == 0)
		_exit(7);
	waitpid(c, &st, 0);
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 99);
}

static void body_sleep(void)
{
	for (;;)
		pause();
}

static void test_ptrace(void)
{
	struct user_regs_struct r;
	unsigned long w, msg;
	pid_t pid, child, got;
	int st;

	cur = "ptrace";
	pid = traced_child(body_getpid);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	      "TRACEME child's SIGSTOP is a stop (status 0x137f)");
	CHECK_EQ(st, 0x137f, "stop status encoding");
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0, "a stop is reported once");
	errno = 0;
	w = ptrace(PTRACE_PEEKDATA, pid, (void *)&target, 0);
	CHECK(errno == 0 && w == 0x11223344, "PEEKDATA reads the child's word");
	CHECK_EQ(ptrace(PTRACE_POKEDATA, pid, (void *)&target, (void *)0x55667788), 0, "POKEDATA");
	w = ptrace(PTRACE_PEEKDATA, pid, (void *)&target, 0);
	CHECK(w == 0x55667788 && target == 0x11223344, "POKEDATA changed the child's copy only");
	errno = 0;
	ptrace(PTRACE_PEEKDATA, pid, (void *)0xc0000000, 0);
	CHECK_EQ(errno, EIO, "PEEKDATA of a kernel address: EIO");
	CHECK_EQ(ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)PTRACE_O_TRACESYSGOOD), 0, "SETOPTIONS");
	CHECK_EQ(ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)0x10000000), -1, "SETOPTIONS bad bits: EINVAL");
	/* Run to the getpid entry (kill's exit stop comes first). */
	for (;;) {
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
		if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
			break;
		ptrace(PTRACE_GETREGS, pid, 0, &r);
		if (r.orig_eax == (long)SYS_getpid && r.eax == -ENOSYS)
			break;
	}
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80), "syscall stop with TRACESYSGOOD: SIGTRAP|0x80");
	CHECK(r.orig_eax == (long)SYS_getpid && r.eax == -ENOSYS, "entry stop: orig_eax = getpid, eax = -ENOSYS");
	errno = 0;
	w = ptrace(PTRACE_PEEKUSER, pid, (void *)(4 * 11), 0);
	CHECK(errno == 0 && w == SYS_getpid, "PEEKUSR orig_eax");
	r.orig_eax = SYS_getppid;	/* the tracer changes the call */
	CHECK_EQ(ptrace(PTRACE_SETREGS, pid, 0, &r), 0, "SETREGS");
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80), "exit stop");
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	CHECK_EQ(r.eax, getpid(), "the changed call ran: getppid's result");
	CHECK_EQ(ptrace(PTRACE_POKEUSER, pid, (void *)(4 * 6), (void *)4242), 0, "POKEUSR eax");
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "CONT: the child saw the result the tracer wrote, exited");

	pid = traced_child(body_fork);
	waitpid(pid, &st, 0);
	ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)PTRACE_O_TRACEFORK);
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && (st >> 8) == (SIGTRAP | PTRACE_EVENT_FORK << 8),
	      "TRACEFORK: event stop, status >> 8 = SIGTRAP | EVENT_FORK << 8");
	msg = 0;
	ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
	child = msg;
	CHECK(child > pid, "GETEVENTMSG: the new child's pid");
	got = waitpid(child, &st, __WALL);
	CHECK(got == child && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	      "the grandchild is traced and stops with SIGSTOP (waited by its tracer)");
	ptrace(PTRACE_CONT, child, 0, 0);
	got = waitpid(child, &st, __WALL);
	CHECK(got == child && WIFEXITED(st) && WEXITSTATUS(st) == 7, "the tracer sees the grandchild exit");
	/* The parent's SIGCHLD for it is a signal-delivery stop: passed on with CONT. */
	ptrace(PTRACE_CONT, pid, 0, 0);
	got = waitpid(pid, &st, 0);
	CHECK(got == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGCHLD, "the parent's SIGCHLD stops it first");
	ptrace(PTRACE_CONT, pid, 0, (void *)SIGCHLD);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "its parent still reaps it");

	pid = fork();
	if (pid == 0)
		body_sleep();
	CHECK_EQ(ptrace(PTRACE_ATTACH, pid, 0, 0), 0, "ATTACH to a sleeping child");
	CHECK_EQ(ptrace(PTRACE_ATTACH, pid, 0, 0), -1, "ATTACH twice: EPERM");
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "it stops with SIGSTOP");
	CHECK_EQ(ptrace(PTRACE_DETACH, pid, 0, 0), 0, "DETACH");
	CHECK_EQ(ptrace(PTRACE_PEEKDATA, pid, (void *)&target, 0), -1, "after DETACH: ESRCH");
	CHECK_EQ(errno, ESRCH, "... errno ESRCH");
	kill(pid, SIGTERM);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "the detached child runs on (SIGTERM kills it)");

	pid = traced_child(body_sleep);
	waitpid(pid, &st, 0);
	CHECK_EQ(ptrace(PTRACE_KILL, pid, 0, 0), 0, "KILL");
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "KILL: killed by SIGKILL");
	pid = traced_child(body_sleep);
	waitpid(pid, &st, 0);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "kill(SIGKILL) ends a stopped tracee");
	CHECK_EQ(ptrace(PTRACE_CONT, 1, 0, 0), -1, "CONT on a task we do not trace: ESRCH");
	CHECK_EQ(ptrace(PTRACE_ATTACH, 1, 0, 0), -1, "ATTACH to init: EPERM");
}

/* sigtimedwait, which busybox init's main loop waits in. */
static void test_sigtimedwait(void)
{
	struct timespec zero = { 0, 0 }, short_wait = { 0, 20 * 1000 * 1000 };
	sigset_t set, old;
	siginfo_t si;
	pid_t pid;
	int st;

	cur = "sigtimedwait";
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	CHECK_EQ(sigtimedwait(&set, &si, &zero), -1, "nothing pending, zero timeout: -1");
	CHECK_EQ(errno, EAGAIN, "... EAGAIN");
	CHECK_EQ(sigtimedwait(&set, &si, &short_wait), -1, "nothing comes in 20 ms: -1");
	CHECK_EQ(errno, EAGAIN, "... EAGAIN");
	raise(SIGUSR1);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(sigtimedwait(&set, &si, &zero), SIGUSR1, "a pending blocked SIGUSR1 is taken");
	CHECK_EQ(si.si_signo, SIGUSR1, "si_signo");
	CHECK_EQ(sigtimedwait(&set, &si, &zero), -1, "... and is no longer pending");
	pid = fork();
	if (pid == 0) {
		usleep(20000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	CHECK_EQ(sigwaitinfo(&set, &si), SIGUSR1, "sleeping until a child sends SIGUSR1 (no timeout)");
	waitpid(pid, &st, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* sethostname: /etc/rc sets the name from /etc/hostname. */
static void test_hostname(void)
{
	struct utsname u;
	char long_name[70];

	cur = "hostname";
	CHECK(uname(&u) == 0 && !strcmp(u.nodename, "lucid"), "uname's nodename is lucid at boot");
	CHECK_EQ(sethostname("box-2", 5), 0, "sethostname");
	CHECK(uname(&u) == 0 && !strcmp(u.nodename, "box-2"), "uname shows the new name");
	memset(long_name, 'x', sizeof(long_name));
	CHECK_EQ(sethostname(long_name, 65), -1, "65 characters: -1");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
	CHECK_EQ(sethostname("lucid", 5), 0, "set back");
}

/* Run a program of the image with the console as its output; print its status. */
static int run(char *const argv[])
{
	pid_t pid;
	int st, i;

	printf("run:");
	for (i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	printf("\n");
	pid = fork();
	if (pid == 0) {
		char *env[] = { "PATH=/img/usr/bin:/img/bin:/img/sbin:/bin", "HOME=/", NULL };

		dup2(1, 2);
		execve(argv[0], argv, env);
		printf("exec %s failed: errno %d\n", argv[0], errno);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	printf("exit: %s %d\n", argv[0], WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return st;
}

#define RUN(...)	({ char *_a[] = { __VA_ARGS__, NULL }; run(_a); })

/* strace -p: a child sleeps 200 ms, writes a line and exits; strace attaches meanwhile. */
static void strace_attach(void)
{
	char pidarg[16];
	pid_t sleeper = fork();
	int st;

	if (sleeper == 0) {
		usleep(200000);
		write(1, "sleeper: awake\n", 15);
		_exit(3);
	}
	snprintf(pidarg, sizeof(pidarg), "%d", sleeper);
	RUN("/img/usr/bin/strace", "-p", pidarg);
	waitpid(sleeper, &st, 0);
	printf("sleeper: status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void test_image(void)
{
	struct stat st;
	char buf[64];
	int n;

	cur = "image";
	mkdir("/img", 0755);
	if (mount("/dev/hda1", "/img", "ext2", MS_RDONLY, NULL)) {
		CHECK(0, "mount /dev/hda1 (the image's root) on /img");
		return;
	}
	CHECK(1, "mount /dev/hda1 (the image's root) on /img");
	CHECK(stat("/img/bin/busybox", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) &&
	      st.st_uid == 0 && st.st_size > 500000, "/bin/busybox: a root-owned program");
	n = readlink("/img/bin/sh", buf, sizeof(buf) - 1);
	CHECK(n == 12 && !memcmp(buf, "/bin/busybox", 12), "/bin/sh -> /bin/busybox");
	CHECK(stat("/img/etc/inittab", &st) == 0 && S_ISREG(st.st_mode), "/etc/inittab");
	CHECK(stat("/img/tmp", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 01777, "/tmp is 1777");
	CHECK(lstat("/img/dev/console", &st) == 0, "/dev/console exists");
	RUN("/img/bin/busybox", "echo", "busybox from the image");
	RUN("/img/bin/cat", "/img/etc/hostname");
	RUN("/img/bin/ls", "-1", "/img");	/* one name a line: stdout is a tty */
	RUN("/img/usr/bin/malloc_test");
	RUN("/img/usr/bin/cow_test");
	RUN("/img/usr/bin/mlock_test");
	RUN("/img/usr/bin/forkbomb", "16");
	RUN("/img/usr/bin/memhog", "8");
	RUN("/img/usr/bin/strace", "/img/bin/sh", "-c", "echo hi");
	RUN("/img/usr/bin/strace", "-f", "/img/bin/sh", "-c", "/img/bin/true; echo hi");
	strace_attach();
	RUN("/img/usr/bin/lucid-tests");
	umount("/img");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("imagetests: pid %d, starting\n", getpid());
	test_ptrace();
	test_sigtimedwait();
	test_hostname();
	test_image();
	printf("imagetests: %d passed, %d failed\n", passed, failed);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
