/*
 * /proc, /sys and /dev checks, run as init (init=/bin/proctests): mounts proc
 * and sysfs, then checks what the files say against what the process knows
 * of itself (its pid, name, arguments, descriptors, directory), that names of
 * exited processes go away, that a file of any size reads whole, and that
 * sysfs attributes show, store and keep their permissions. Then it runs
 * busybox's tools over them between "busybox: NAME" markers for the test
 * group to compare. Powers off at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

/* The whole file (NUL-terminated) into a malloc'ed buffer; its length in *len. */
static char *slurp(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	/* odd-sized reads, to cross the kernel's record boundaries */
	while ((r = read(fd, buf + n, cap - n < 1000 ? cap - n : 1000)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
		}
	}
	close(fd);
	buf[n] = 0;
	if (len)
		*len = n;
	return r < 0 ? (free(buf), NULL) : buf;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t r;

	if (fd < 0)
		return -errno;
	r = write(fd, s, strlen(s));
	close(fd);
	return r < 0 ? -errno : (int)r;
}

static int in_dir(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (!strcmp(e->d_name, name))
			found = 1;
	closedir(d);
	return found;
}

static char self_argv0[64];

static void test_mount(void)
{
	cur = "mount";
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	CHECK_EQ(mount("proc", "/proc", "proc", 0, NULL), 0, "proc");
	CHECK_EQ(mount("sysfs", "/sys", "sysfs", 0, NULL), 0, "sysfs");
	CHECK_EQ(mount("x", "/tmp", "nosuchfs", 0, NULL), -1, "unknown_type");
}

static void test_self(int argc, char **argv)
{
	char buf[256], want[64];
	size_t len;
	char *s;
	ssize_t n;
	int fd;

	cur = "self";
	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof(want), "%d", getpid());
	check(n > 0 && !strcmp(buf, want), "link", "/proc/self -> '%s', pid %s", buf, want);
	s = slurp("/proc/self/comm", NULL);
	check(s && !strcmp(s, "proctests\n"), "comm", "comm '%s'", s ? s : "(null)");
	free(s);
	CHECK_EQ(write_file("/proc/self/comm", "renamed-task"), 12, "comm_write");
	s = slurp("/proc/self/comm", NULL);
	check(s && !strcmp(s, "renamed-task\n"), "comm_written", "comm '%s'", s ? s : "(null)");
	free(s);
	write_file("/proc/self/comm", "proctests");
	s = slurp("/proc/self/cmdline", &len);
	{
		size_t want_len = 0;
		int i, ok = s != NULL;

		for (i = 0; i < argc; i++)
			want_len += strlen(argv[i]) + 1;
		ok = ok && len == want_len;
		for (i = 0, n = 0; ok && i < argc; n += strlen(argv[i]) + 1, i++)
			ok = !strcmp(s + n, argv[i]);
		check(ok, "cmdline", "%zu bytes, expected %zu", len, want_len);
	}
	free(s);
	s = slurp("/proc/self/environ", &len);
	check(s && len > 0 && memmem(s, len, "HOME=", 5), "environ", "%zu bytes", s ? len : 0);
	free(s);
	snprintf(buf, sizeof(buf), "/proc/%d/comm", getpid());
	s = slurp(buf, NULL);
	check(s && !strcmp(s, "proctests\n"), "pid_dir", "%s: '%s'", buf, s ? s : "(null)");
	free(s);
	CHECK_EQ(in_dir("/proc", want), 1, "listed");
	CHECK_EQ(in_dir("/proc", "self"), 1, "self_listed");
	CHECK_EQ(in_dir("/proc/self", "cmdline"), 1, "entries_listed");
	chdir("/tmp");
	n = readlink("/proc/self/cwd", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	check(!strcmp(buf, "/tmp"), "cwd", "cwd -> '%s'", buf);
	chdir("/");
	n = readlink("/proc/self/root", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	check(!strcmp(buf, "/"), "root", "root -> '%s'", buf);
	fd = open("/tmp/fdtarget", O_CREAT | O_RDWR, 0644);
	fd = dup2(fd, 42) == 42 ? (close(fd), 42) : fd;
	snprintf(want, sizeof(want), "/proc/self/fd/%d", fd);
	n = readlink(want, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	check(!strcmp(buf, "/tmp/fdtarget"), "fd_link", "%s -> '%s'", want, buf);
	snprintf(want, sizeof(want), "%d", fd);
	CHECK_EQ(in_dir("/proc/self/fd", want), 1, "fd_listed");
	close(fd);
	CHECK_EQ(in_dir("/proc/self/fd", want), 0, "fd_closed");
	snprintf(want, sizeof(want), "/proc/self/fd/%d", fd);
	CHECK_EQ(access(want, F_OK), -1, "fd_gone");
	unlink("/tmp/fdtarget");
	snprintf(want, sizeof(want), "/proc/self/task/%d", getpid());
	CHECK_EQ(access(want, F_OK), 0, "task_dir");
	s = slurp("/proc/version", NULL);
	check(s && !strncmp(s, "Linux version ", 14), "version", "'%s'", s ? s : "(null)");
	free(s);
	CHECK_EQ(open("/proc/nosuch", O_RDONLY), -1, "enoent");
	CHECK_EQ(errno, ENOENT, "enoent_errno");
	strncpy(self_argv0, argv[0], sizeof(self_argv0) - 1);
}

/* A child's directory exists while it lives and goes with it (and its cached names). */
static void test_exited(void)
{
	char path[64], *s;
	int p[2], st;
	pid_t pid;

	cur = "exited";
	pipe(p);
	pid = fork();
	if (pid == 0) {
		char c;

		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	s = slurp(path, NULL);
	check(s && !strcmp(s, "proctests\n"), "alive", "%s: '%s'", path, s ? s : "(null)");
	free(s);
	write(p[1], "x", 1);
	close(p[1]);
	waitpid(pid, &st, 0);
	CHECK_EQ(access(path, F_OK), -1, "gone");
	snprintf(path, sizeof(path), "/proc/%d", pid);
	CHECK_EQ(access(path, F_OK), -1, "dir_gone");
	snprintf(path, sizeof(path), "%d", pid);
	CHECK_EQ(in_dir("/proc", path), 0, "unlisted");
}

/* A command line of 40 KB: the file is read whole, past any one buffer. */
static void test_big(void)
{
	char *args[202], *s;
	int i, st;
	pid_t pid;

	cur = "big";
	pid = fork();
	if (pid == 0) {
		args[0] = self_argv0;
		args[1] = "--big";
		for (i = 2; i < 201; i++) {
			args[i] = malloc(200);
			memset(args[i], 'a' + i % 26, 199);
			args[i][199] = 0;
		}
		args[201] = NULL;
		execv("/bin/proctests", args);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	CHECK_EQ(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0, "cmdline_40k");
	(void)s;
}

/* Run as "proctests --big ...": exit 0 if /proc/self/cmdline matches argv. */
static int big_child(int argc, char **argv)
{
	size_t len, off = 0;
	char *s = slurp("/proc/self/cmdline", &len);
	int i;

	if (!s)
		return 2;
	for (i = 0; i < argc; i++) {
		if (off >= len || strcmp(s + off, argv[i]))
			return 3;
		off += strlen(argv[i]) + 1;
	}
	return off == len && len > 39000 ? 0 : 4;
}

static void test_sysfs(void)
{
	static const char *const top[] = { "devices", "bus", "class", "block", "kernel", "module",
					   "fs", "firmware" };
	char *s;
	unsigned i;

	cur = "sysfs";
	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		check(in_dir("/sys", top[i]) == 1, top[i], "/sys/%s not listed", top[i]);
	CHECK_EQ(in_dir("/sys/kernel", "mm"), 1, "kernel_mm");
	s = slurp("/sys/kernel/uevent_seqnum", NULL);
	check(s && !strcmp(s, "0\n"), "uevent_seqnum", "'%s'", s ? s : "(null)");
	free(s);
	CHECK_EQ(write_file("/sys/kernel/uevent_seqnum", "5"), -EACCES, "read_only");
	CHECK_EQ(write_file("/sys/kernel/uevent_helper", "/sbin/hotplug\n"), 14, "store");
	s = slurp("/sys/kernel/uevent_helper", NULL);
	check(s && !strcmp(s, "/sbin/hotplug\n"), "stored", "'%s'", s ? s : "(null)");
	free(s);
	write_file("/sys/kernel/uevent_helper", "\n");
	s = slurp("/sys/kernel/uevent_helper", NULL);
	check(s && !strcmp(s, "\n"), "cleared", "'%s'", s ? s : "(null)");
	free(s);
}

/* busybox applets over /proc; their output goes between markers for the group script. */
static void run_busybox(const char *name, const char *cmd)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	char *envp[] = { "PATH=/bin", "HOME=/", "TERM=dumb", NULL };
	pid_t pid;
	int st;

	printf("busybox: %s\n", name);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve("/bin/busybox", argv, envp);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("busybox: end %s status %d\n", name, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	fflush(stdout);
}

static void test_busybox(void)
{
	run_busybox("cat-version", "busybox cat /proc/version");
	run_busybox("mount", "busybox mkdir -p /mnt/p /mnt/s && busybox mount -t proc proc /mnt/p && "
		    "busybox mount -t sysfs sysfs /mnt/s && busybox cat /mnt/p/self/comm && "
		    "busybox ls -d /mnt/s/kernel && busybox true && busybox umount /mnt/p && busybox umount /mnt/s && "
		    "busybox ls /mnt/p && busybox ls /mnt/s && echo unmounted");
	run_busybox("ls-self", "busybox ls /; busybox ls /proc/self/; busybox ls /proc; busybox ls -l /proc/self/fd/; busybox ls /sys; busybox ls -l /sys/kernel; busybox ls /proc/self/task");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--big"))
		return big_child(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_mount();
	test_self(argc, argv);
	test_exited();
	test_big();
	test_sysfs();
	test_busybox();
	printf("proctests: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
