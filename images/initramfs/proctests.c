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
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <signal.h>
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
static char want_buf[64];

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
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	check(!strcmp(buf, "/bin/proctests"), "exe", "exe -> '%s'", buf);
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

static long read_long(const char *path);

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
	/* /sys/kernel/slab/CACHE against /proc/slabinfo's row */
	{
		char *si = slurp("/proc/slabinfo", NULL), *row = si ? strstr(si, "\ntask_struct ") : NULL;
		unsigned long a, t, size, per, pages;

		check(row && sscanf(row + 12, "%lu %lu %lu %lu %lu", &a, &t, &size, &per, &pages) == 5 &&
		      read_long("/sys/kernel/slab/task_struct/slab_size") == (long)size &&
		      read_long("/sys/kernel/slab/task_struct/objs_per_slab") == (long)per &&
		      (1L << read_long("/sys/kernel/slab/task_struct/order")) == (long)pages,
		      "slab_task_struct", "slabinfo row '%.60s', sysfs slab_size %ld", row ? row + 1 : "",
		      read_long("/sys/kernel/slab/task_struct/slab_size"));
		free(si);
		CHECK_EQ(in_dir("/sys/kernel/slab", "kmalloc-64"), 1, "slab_kmalloc_64");
		CHECK_EQ(write_file("/sys/kernel/slab/task_struct/order", "1"), -EACCES, "slab_read_only");
	}
	write_file("/sys/kernel/uevent_helper", "\n");
	s = slurp("/sys/kernel/uevent_helper", NULL);
	check(s && !strcmp(s, "\n"), "cleared", "'%s'", s ? s : "(null)");
	free(s);
}

/* "Key:   N kB" from a meminfo/status text, or -1 */
static long field_kb(const char *text, const char *key)
{
	const char *p = text;
	size_t n = strlen(key);

	while (p && *p) {
		if (!strncmp(p, key, n) && p[n] == ':')
			return strtol(p + n + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static long status_kb(const char *key)
{
	char *s = slurp("/proc/self/status", NULL);
	long v = s ? field_kb(s, key) : -1;

	free(s);
	return v;
}

/*
 * meminfo adds up: what it accounts for (anonymous pages, slab, kernel stacks,
 * page tables, vmalloc) is no more than MemTotal - MemFree, and leaves at most
 * MEMINFO_SLACK_KB unaccounted (large kmallocs, the kernel's own page tables
 * and vmalloc guard pages, the pkmap table: lucix's, not shown by any field).
 */
#define MEMINFO_SLACK_KB 4096

static void test_meminfo(void)
{
	char *s = slurp("/proc/meminfo", NULL);
	struct sysinfo si;
	long total, mfree, avail, acc, used;

	cur = "meminfo";
	if (!s) {
		check(0, "read", "no /proc/meminfo (errno %d)", errno);
		return;
	}
	total = field_kb(s, "MemTotal");
	mfree = field_kb(s, "MemFree");
	avail = field_kb(s, "MemAvailable");
	sysinfo(&si);
	CHECK_EQ(total, (long)((unsigned long long)si.totalram * si.mem_unit / 1024), "total_is_sysinfo");
	check(mfree > 0 && mfree < total, "free", "MemFree %ld of %ld", mfree, total);
	check(avail > 0 && avail <= mfree, "available", "MemAvailable %ld, MemFree %ld", avail, mfree);
	CHECK_EQ(field_kb(s, "LowTotal") + field_kb(s, "HighTotal"), total, "low_plus_high");
	CHECK_EQ(field_kb(s, "LowFree") + field_kb(s, "HighFree"), mfree, "lowfree_plus_highfree");
	CHECK_EQ(field_kb(s, "Slab"), field_kb(s, "SReclaimable") + field_kb(s, "SUnreclaim"), "slab_split");
	acc = field_kb(s, "AnonPages") + field_kb(s, "Slab") + field_kb(s, "KernelStack") +
	      field_kb(s, "PageTables") + field_kb(s, "VmallocUsed") + field_kb(s, "Buffers") +
	      field_kb(s, "Cached");
	used = total - mfree;
	check(acc <= used && used - acc <= MEMINFO_SLACK_KB, "adds_up",
	      "used %ld kB, accounted %ld kB, gap %ld kB", used, acc, used - acc);
	printf("meminfo: used %ld kB, accounted %ld kB, unaccounted %ld kB\n", used, acc, used - acc);
	free(s);
}

/* /proc/self/status and statm follow a 4 MiB allocation being touched and freed. */
static void test_status(void)
{
	long size0, rss0, anon0, size1, rss1, anon1, size2;
	size_t len = 4 << 20, i;
	char *p, *s;
	long statm[7];

	cur = "status";
	size0 = status_kb("VmSize");
	rss0 = status_kb("VmRSS");
	anon0 = status_kb("RssAnon");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size1 = status_kb("VmSize");
	check(size1 - size0 == 4096, "vmsize_grows", "VmSize %ld -> %ld", size0, size1);
	check(status_kb("VmRSS") - rss0 < 64, "untouched_not_resident", "VmRSS %ld -> %ld", rss0,
	      status_kb("VmRSS"));
	for (i = 0; i < len; i += 4096)
		p[i] = 1;
	rss1 = status_kb("VmRSS");
	anon1 = status_kb("RssAnon");
	check(rss1 - rss0 >= 4096 && rss1 - rss0 < 4096 + 64, "vmrss_grows", "VmRSS %ld -> %ld", rss0, rss1);
	check(anon1 - anon0 >= 4096, "rssanon_grows", "RssAnon %ld -> %ld", anon0, anon1);
	check(status_kb("VmHWM") >= rss1, "hwm", "VmHWM %ld < VmRSS %ld", status_kb("VmHWM"), rss1);
	s = slurp("/proc/self/statm", NULL);
	check(s && sscanf(s, "%ld %ld %ld %ld %ld %ld %ld", &statm[0], &statm[1], &statm[2], &statm[3],
			  &statm[4], &statm[5], &statm[6]) == 7 && statm[0] * 4 == size1 &&
	      statm[1] * 4 == rss1, "statm", "statm '%s', VmSize %ld, VmRSS %ld", s ? s : "", size1, rss1);
	free(s);
	munmap(p, len);
	size2 = status_kb("VmSize");
	CHECK_EQ(size2, size0, "vmsize_back");
	check(status_kb("VmPeak") >= size1, "vmpeak", "VmPeak %ld < %ld", status_kb("VmPeak"), size1);
	s = slurp("/proc/self/status", NULL);
	{
		char want[64];

		snprintf(want, sizeof(want), "\nPid:\t%d\nPPid:\t%d\n", getpid(), getppid());
		check(s && strstr(s, want), "pid_ppid", "no '%s'", want);
	}
	free(s);
}

/* The 52 fields of /proc/self/stat against what the process knows. */
static void test_stat(void)
{
	char *s = slurp("/proc/self/stat", NULL), *p;
	char *f[64];
	int n = 0;

	cur = "stat";
	if (!s || !(p = strrchr(s, ')'))) {
		check(0, "read", "'%s'", s ? s : "(null)");
		free(s);
		return;
	}
	check(!strncmp(strchr(s, '('), "(proctests)", 11), "comm", "'%.30s'", s);
	for (p = strtok(p + 2, " \n"); p && n < 64; p = strtok(NULL, " \n"))
		f[n++] = p;
	CHECK_EQ(n + 2, 52, "fields");
	if (n + 2 == 52) {
		CHECK_EQ(atol(f[1]), getppid(), "ppid");
		CHECK_EQ(atol(f[2]), getpgrp(), "pgrp");
		CHECK_EQ(atol(f[17]), 1, "num_threads");
		CHECK_EQ(atol(f[20]) / 1024, status_kb("VmSize"), "vsize");
		check(!strcmp(f[0], "R"), "state_running", "state %s", f[0]);
	}
	free(s);
}

/* The line of /proc/self/maps containing addr, or "" */
static void maps_line(unsigned long addr, char *out, size_t size)
{
	char *s = slurp("/proc/self/maps", NULL), *line;

	out[0] = 0;
	for (line = s ? strtok(s, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		unsigned long a, b;

		if (sscanf(line, "%lx-%lx", &a, &b) == 2 && addr >= a && addr < b) {
			snprintf(out, size, "%s", line);
			break;
		}
	}
	free(s);
}

static void test_maps(void)
{
	char line[256];
	int local;
	void *brk0 = sbrk(0);
	unsigned long vdso = getauxval(AT_SYSINFO_EHDR);
	char *p;

	cur = "maps";
	maps_line((unsigned long)&local, line, sizeof(line));
	check(strstr(line, " rw-p ") && strstr(line, "[stack]"), "stack", "'%s'", line);
	syscall(SYS_brk, (char *)brk0 + 8192);	/* musl's sbrk only reads the break */
	maps_line((unsigned long)brk0, line, sizeof(line));
	check(strstr(line, "[heap]") != NULL, "heap", "brk %p: '%s'", brk0, line);
	maps_line(vdso, line, sizeof(line));
	check(vdso && strstr(line, " r-xp ") && strstr(line, "[vdso]"), "vdso", "AT_SYSINFO_EHDR %#lx: '%s'",
	      vdso, line);
	maps_line((unsigned long)test_maps, line, sizeof(line));
	check(strstr(line, " r-xp ") != NULL, "text", "'%s'", line);
	p = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(p + 4096, 4096, PROT_READ | PROT_WRITE);
	maps_line((unsigned long)p + 4096, line, sizeof(line));
	{
		char want[40];

		snprintf(want, sizeof(want), "%08lx-%08lx rw-p ", (unsigned long)p + 4096,
			 (unsigned long)p + 8192);
		check(!strncmp(line, want, strlen(want)), "mprotect_split", "'%s', want '%s'", line, want);
	}
	munmap(p, 3 * 4096);
	maps_line((unsigned long)p + 4096, line, sizeof(line));
	{
		char gone[40];

		snprintf(gone, sizeof(gone), "%08lx-%08lx rw-p ", (unsigned long)p + 4096,
			 (unsigned long)p + 8192);
		check(strncmp(line, gone, strlen(gone)) != 0, "unmapped_gone", "'%s'", line);
	}
}

/* pagemap: present pages have frames, distinct pages distinct frames, untouched none. */
static unsigned long long pagemap_entry(int fd, void *addr)
{
	unsigned long long e = 0;

	if (pread(fd, &e, 8, (off_t)((unsigned long)addr / 4096) * 8) != 8)
		return ~0ULL;
	return e;
}

static void test_pagemap(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long long a, b, c;

	cur = "pagemap";
	p[0] = 1;
	p[4096] = 2;
	a = pagemap_entry(fd, p);
	b = pagemap_entry(fd, p + 4096);
	c = pagemap_entry(fd, p + 8192);
	check(fd >= 0 && (a >> 63) && (a & ((1ULL << 55) - 1)), "present", "entry %#llx", a);
	check((b >> 63) && (a & ((1ULL << 55) - 1)) != (b & ((1ULL << 55) - 1)), "distinct",
	      "%#llx %#llx", a, b);
	CHECK_EQ(c, 0, "untouched");
	{
		unsigned long long e;

		CHECK_EQ(pread(fd, &e, 4, 0), -1, "unaligned");
		CHECK_EQ(errno, EINVAL, "unaligned_errno");
	}
	close(fd);
	munmap(p, 3 * 4096);
}

/* In a child (init's score is always 0: it is never killed). */
static int oom_child(void)
{
	char *s;
	long before, after;

	s = slurp("/proc/self/oom_score", NULL);
	before = s ? atol(s) : -1;
	free(s);
	if (write_file("/proc/self/oom_score_adj", "500\n") != 4)
		return 9;
	s = slurp("/proc/self/oom_score", NULL);
	after = s ? atol(s) : -1;
	free(s);
	/* +500 adj is 500 * (totalpages / 1000) pages more: a bit under 500 points (Linux's rounding) */
	if (after < before + 400 || after > before + 500 || before < 1000)
		return 10;
	if (write_file("/proc/self/oom_score_adj", "1001") != -EINVAL)
		return 11;
	if (write_file("/proc/self/oom_score_adj", "abc") != -EINVAL)
		return 12;
	s = slurp("/proc/self/oom_score_adj", NULL);
	return s && !strcmp(s, "500\n") ? 0 : 13;
}

static void test_oom(void)
{
	pid_t pid;
	int st;

	cur = "oom";
	pid = fork();
	if (pid == 0)
		_exit(oom_child());
	waitpid(pid, &st, 0);
	CHECK_EQ(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0, "adj_in_child");
	CHECK_EQ(write_file("/proc/self/oom_score_adj", "-1001"), -EINVAL, "adj_range");
}

static void test_system_files(void)
{
	char *s;
	double up, idle;
	double l1, l5, l15;
	int run, tot, last;

	cur = "system";
	s = slurp("/proc/uptime", NULL);
	check(s && sscanf(s, "%lf %lf", &up, &idle) == 2 && up > 0, "uptime", "'%s'", s ? s : "");
	free(s);
	s = slurp("/proc/loadavg", NULL);
	check(s && sscanf(s, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &tot, &last) == 6 && run >= 1 &&
	      tot >= 3 && last >= getpid(), "loadavg", "'%s'", s ? s : "");
	free(s);
	s = slurp("/proc/mounts", NULL);
	check(s && strstr(s, "proc /proc proc rw") && strstr(s, "sysfs /sys sysfs rw"), "mounts", "'%s'",
	      s ? s : "");
	free(s);
	s = slurp("/proc/filesystems", NULL);
	check(s && strstr(s, "nodev\tproc\n") && strstr(s, "nodev\tsysfs\n") && strstr(s, "\text2\n"),
	      "filesystems", "'%s'", s ? s : "");
	free(s);
	s = slurp("/proc/cpuinfo", NULL);
	check(s && strstr(s, "processor\t: 0\n") && strstr(s, "\nflags\t\t: fpu"), "cpuinfo", "'%.80s'",
	      s ? s : "");
	free(s);
	s = slurp("/proc/interrupts", NULL);
	check(s && strstr(s, "XT-PIC") && strstr(s, "timer"), "interrupts", "'%.120s'", s ? s : "");
	free(s);
	s = slurp("/proc/stat", NULL);
	check(s && !strncmp(s, "cpu  ", 5) && strstr(s, "\nctxt ") && strstr(s, "\nprocesses "), "stat",
	      "'%.80s'", s ? s : "");
	free(s);
	s = slurp("/proc/slabinfo", NULL);
	check(s && !strncmp(s, "slabinfo - version: 2.1\n", 24) && strstr(s, "\ntask_struct "), "slabinfo",
	      "'%.60s'", s ? s : "");
	free(s);
	s = slurp("/proc/kallsyms", NULL);
	check(s && strstr(s, " T start_kernel\n") && strstr(s, " T do_fork\n") && strlen(s) > 20000,
	      "kallsyms", "%zu bytes", s ? strlen(s) : 0);
	free(s);
	s = slurp("/proc/vmallocinfo", NULL);
	check(s && !strncmp(s, "0x", 2) && strstr(s, " vmalloc\n") && strstr(s, " pages="), "vmallocinfo",
	      "'%.80s'", s ? s : "");
	free(s);
	s = slurp("/proc/modules", NULL);
	check(s != NULL, "modules", "no /proc/modules (errno %d)", errno);
	free(s);
	s = slurp("/proc/buddyinfo", NULL);
	check(s && !strncmp(s, "Node 0, zone      DMA ", 22), "buddyinfo", "'%.60s'", s ? s : "");
	free(s);
}

static long read_long(const char *path)
{
	char *s = slurp(path, NULL);
	long v = s ? strtol(s, NULL, 10) : -999;

	free(s);
	return v;
}

/* Sum of one zoneinfo field ("min", "low", ...) over the zones. */
static long zone_sum(const char *field)
{
	char *s = slurp("/proc/zoneinfo", NULL), *line;
	long sum = 0;

	for (line = s ? strtok(s, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char name[32];
		long v;

		if (sscanf(line, " %31s %ld", name, &v) == 2 && !strcmp(name, field))
			sum += v;
	}
	free(s);
	return sum;
}

/* vm.oom_kill_allocating_task: the task that ran out is killed, not the best victim. */
static void test_oom_allocating(void)
{
	pid_t sleeper, hog;
	int st1, st2, p[2];

	pipe(p);
	sleeper = fork();
	if (sleeper == 0) {
		char c;

		write_file("/proc/self/oom_score_adj", "1000");
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	write_file("/proc/sys/vm/overcommit_memory", "1");
	write_file("/proc/sys/vm/oom_kill_allocating_task", "1");
	hog = fork();
	if (hog == 0) {
		size_t len = 256 << 20, i;
		char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		for (i = 0; m != MAP_FAILED && i < len; i += 4096)
			m[i] = 1;
		_exit(0);
	}
	waitpid(hog, &st1, 0);
	write_file("/proc/sys/vm/oom_kill_allocating_task", "0");
	write_file("/proc/sys/vm/overcommit_memory", "0");
	check(WIFSIGNALED(st1) && WTERMSIG(st1) == SIGKILL, "oom_kill_allocating_task",
	      "the hog ended with status %#x", st1);
	CHECK_EQ(waitpid(sleeper, &st2, WNOHANG), 0, "oom_adj_1000_spared");
	write(p[1], "x", 1);
	close(p[1]);
	waitpid(sleeper, &st2, 0);
}

static void test_sysctl(void)
{
	char *s;
	void *m;
	long slab0, slab1, min0, min1, mfk;
	struct utsname u;

	cur = "sysctl";
	CHECK_EQ(read_long("/proc/sys/vm/overcommit_memory"), 0, "overcommit_default");
	CHECK_EQ(write_file("/proc/sys/vm/overcommit_memory", "3"), -EINVAL, "overcommit_range");
	CHECK_EQ(write_file("/proc/sys/vm/overcommit_memory", "x"), -EINVAL, "overcommit_garbage");
	CHECK_EQ(read_long("/proc/sys/vm/overcommit_memory"), 0, "overcommit_unchanged");
	CHECK_EQ(write_file("/proc/sys/vm/overcommit_memory", "2\n"), 2, "overcommit_write");
	m = mmap(NULL, 512 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(m == MAP_FAILED && errno == ENOMEM, "overcommit_2_refuses", "mmap 512 MiB gave %p", m);
	write_file("/proc/sys/vm/overcommit_memory", "1");
	m = mmap(NULL, 512 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(m != MAP_FAILED, "overcommit_1_allows", "mmap 512 MiB failed (errno %d)", errno);
	if (m != MAP_FAILED)
		munmap(m, 512 << 20);
	write_file("/proc/sys/vm/overcommit_memory", "0");
	CHECK_EQ(write_file("/proc/sys/vm/overcommit_ratio", "-1"), -EINVAL, "ratio_negative");
	CHECK_EQ(write_file("/proc/sys/vm/swappiness", "201"), -EINVAL, "swappiness_range");
	CHECK_EQ(write_file("/proc/sys/vm/swappiness", "100"), 3, "swappiness_write");
	CHECK_EQ(read_long("/proc/sys/vm/swappiness"), 100, "swappiness_read");
	write_file("/proc/sys/vm/swappiness", "60");
	CHECK_EQ(write_file("/proc/sys/vm/panic_on_oom", "3"), -EINVAL, "panic_on_oom_range");
	CHECK_EQ(read_long("/proc/sys/vm/panic_on_oom"), 0, "panic_on_oom_read");
	CHECK_EQ(write_file("/proc/sys/vm/drop_caches", "5"), -EINVAL, "drop_caches_range");
	s = slurp("/proc/meminfo", NULL);
	slab0 = s ? field_kb(s, "Slab") : -1;
	free(s);
	CHECK_EQ(write_file("/proc/sys/vm/drop_caches", "3"), 1, "drop_caches_write");
	s = slurp("/proc/meminfo", NULL);
	slab1 = s ? field_kb(s, "Slab") : -1;
	free(s);
	check(slab1 >= 0 && slab1 <= slab0, "drop_caches_slab", "Slab %ld -> %ld kB", slab0, slab1);
	mfk = read_long("/proc/sys/vm/min_free_kbytes");
	min0 = zone_sum("min");
	check(mfk >= 128 && min0 > 0, "min_free_kbytes", "min_free_kbytes %ld, zone min sum %ld", mfk, min0);
	CHECK_EQ(write_file("/proc/sys/vm/min_free_kbytes", "4096"), 4, "min_free_kbytes_write");
	min1 = zone_sum("min");
	/* 4096 kB = 1024 pages shared out among the lowmem zones (rounded down per zone) */
	check(min1 > 1000 && min1 <= 1024, "watermarks_follow", "zone min sum %ld -> %ld pages", min0, min1);
	CHECK_EQ(write_file("/proc/sys/vm/min_free_kbytes", "10"), -EINVAL, "min_free_kbytes_range");
	{
		char v[24];

		snprintf(v, sizeof(v), "%ld", mfk);
		write_file("/proc/sys/vm/min_free_kbytes", v);
	}
	CHECK_EQ(zone_sum("min"), min0, "watermarks_back");
	test_oom_allocating();

	CHECK_EQ(write_file("/proc/sys/kernel/hostname", "testhost\n"), 9, "hostname_write");
	uname(&u);
	check(!strcmp(u.nodename, "testhost"), "hostname_uname", "nodename '%s'", u.nodename);
	write_file("/proc/sys/kernel/domainname", "example.org");
	uname(&u);
	check(!strcmp(u.domainname, "example.org"), "domainname_uname", "'%s'", u.domainname);
	write_file("/proc/sys/kernel/hostname", "lucid");
	s = slurp("/proc/sys/kernel/ostype", NULL);
	check(s && !strcmp(s, "Linux\n"), "ostype", "'%s'", s ? s : "");
	free(s);
	s = slurp("/proc/sys/kernel/osrelease", NULL);
	uname(&u);
	check(s && !strncmp(s, u.release, strlen(u.release)), "osrelease", "'%s' vs '%s'", s ? s : "",
	      u.release);
	free(s);
	CHECK_EQ(write_file("/proc/sys/kernel/ostype", "Hurd"), -EACCES, "ostype_read_only");
	CHECK_EQ(write_file("/proc/sys/kernel/pid_max", "300"), -EINVAL, "pid_max_range");
	CHECK_EQ(write_file("/proc/sys/kernel/pid_max", "32769"), -EINVAL, "pid_max_range_high");
	CHECK_EQ(read_long("/proc/sys/kernel/pid_max"), 32768, "pid_max");
	s = slurp("/proc/sys/kernel/printk", NULL);
	{
		int a, b, c, d;

		check(s && sscanf(s, "%d\t%d\t%d\t%d\n", &a, &b, &c, &d) == 4, "printk", "'%s'", s ? s : "");
		free(s);
		CHECK_EQ(write_file("/proc/sys/kernel/printk", "99"), -EINVAL, "printk_range");
		CHECK_EQ(write_file("/proc/sys/kernel/printk", "6 4 1 7"), 7, "printk_write");
		CHECK_EQ(read_long("/proc/sys/kernel/printk"), 6, "printk_read");
		snprintf(want_buf, sizeof(want_buf), "%d %d %d %d", a, b, c, d);
		write_file("/proc/sys/kernel/printk", want_buf);
	}
	CHECK_EQ(write_file("/proc/sys/kernel/sched_latency_ns", "50"), -EINVAL, "sched_latency_range");
	CHECK_EQ(write_file("/proc/sys/kernel/sched_latency_ns", "12000000"), 8, "sched_latency_write");
	CHECK_EQ(read_long("/proc/sys/kernel/sched_latency_ns"), 12000000, "sched_latency_read");
	write_file("/proc/sys/kernel/sched_latency_ns", "6000000");
	s = slurp("/proc/sys/fs/file-nr", NULL);
	{
		unsigned long a = 0, b = 9, c = 0;

		int fd = open("/proc/version", O_RDONLY);
		char *s2 = slurp("/proc/sys/fs/file-nr", NULL);

		check(s && sscanf(s, "%lu\t%lu\t%lu\n", &a, &b, &c) == 3 && a >= 1 && b == 0 &&
		      c == (unsigned long)read_long("/proc/sys/fs/file-max"), "file_nr", "'%s'", s ? s : "");
		check(s2 && strtoul(s2, NULL, 10) == a + 1, "file_nr_counts", "%lu, then '%s' with one more open",
		      a, s2 ? s2 : "");
		free(s2);
		close(fd);
	}
	free(s);
}

/* A node's type, number and permissions: "c 1:3 0666" */
static void node_desc(const char *path, char *out, size_t size)
{
	struct stat st;

	if (stat(path, &st)) {
		snprintf(out, size, "missing (errno %d)", errno);
		return;
	}
	snprintf(out, size, "%c %u:%u %04o", S_ISCHR(st.st_mode) ? 'c' : S_ISBLK(st.st_mode) ? 'b' : '?',
		 (unsigned)(st.st_rdev >> 8) & 0xfff, (unsigned)(st.st_rdev & 0xff), st.st_mode & 07777);
}

static void test_devtmpfs(void)
{
	static const char *const nodes[][2] = {
		{ "console", "c 5:1 0600" }, { "null", "c 1:3 0666" }, { "zero", "c 1:5 0666" },
	};
	char path[64], got[48];
	unsigned i;
	int fd;

	cur = "devtmpfs";
	mkdir("/mnt", 0755);
	mkdir("/mnt/dev", 0755);
	CHECK_EQ(mount("devtmpfs", "/mnt/dev", "devtmpfs", 0, NULL), 0, "mount");
	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(path, sizeof(path), "/mnt/dev/%s", nodes[i][0]);
		node_desc(path, got, sizeof(got));
		check(!strcmp(got, nodes[i][1]), nodes[i][0], "%s: %s, want %s", path, got, nodes[i][1]);
		snprintf(path, sizeof(path), "/dev/%s", nodes[i][0]);
		node_desc(path, got, sizeof(got));
		check(!strcmp(got, nodes[i][1]), "in_root_dev", "%s: %s, want %s", path, got, nodes[i][1]);
	}
	fd = open("/mnt/dev/null", O_WRONLY);
	CHECK_EQ(write(fd, "x", 1), 1, "null_works");
	close(fd);
	/* with a disk (the group boots with one): the IDE driver's nodes */
	if (access("/dev/hda", F_OK) == 0) {
		node_desc("/mnt/dev/hda", got, sizeof(got));
		check(!strcmp(got, "b 3:0 0660"), "hda", "hda: %s", got);
		node_desc("/mnt/dev/hda1", got, sizeof(got));
		check(!strcmp(got, "b 3:1 0660"), "hda1", "hda1: %s", got);
		{
			char *s = slurp("/proc/partitions", NULL);

			check(s && !strncmp(s, "major minor  #blocks  name\n\n   3        0 ", 40) &&
			      strstr(s, "\n   3        1 "), "partitions", "'%s'", s ? s : "");
			free(s);
		}
	}
	CHECK_EQ(umount("/mnt/dev"), 0, "umount");
	CHECK_EQ(mount("devtmpfs", "/mnt/dev", "devtmpfs", 0, NULL), 0, "mount_again");
	CHECK_EQ(access("/mnt/dev/null", F_OK), 0, "same_nodes_again");
	umount("/mnt/dev");
}

/*
 * Not /proc, but found by it: a segment register holding a TLS selector whose
 * GDT entry goes away under it (cleared here with set_thread_area; a task
 * switch does the same) must come back to user mode as 0, not fault in the
 * kernel's return path over and over (which ran down the stack).
 */
struct lucix_user_desc {
	unsigned int entry_number, base_addr, limit;
	unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		seg_not_present : 1, useable : 1;
};

static void test_stale_selector(void)
{
	static int var;
	struct lucix_user_desc d = { .entry_number = -1, .base_addr = (unsigned)&var, .limit = 0xfffff,
				     .seg_32bit = 1, .limit_in_pages = 1, .useable = 1 };
	unsigned short sel = 0, after = 1;

	cur = "kernel";
	if (syscall(SYS_set_thread_area, &d)) {
		check(0, "stale_fs", "set_thread_area failed (errno %d)", errno);
		return;
	}
	sel = d.entry_number * 8 + 3;
	__asm__ __volatile__("movw %0, %%fs" : : "r"(sel));
	memset(&d, 0, sizeof(d));
	d.entry_number = sel / 8;
	d.read_exec_only = 1;
	d.seg_not_present = 1;
	syscall(SYS_set_thread_area, &d);	/* returns to user mode with %fs stale */
	__asm__ __volatile__("movw %%fs, %0" : "=r"(after));
	CHECK_EQ(after, 0, "stale_fs");
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
	run_busybox("ps", "busybox ps");
	run_busybox("free", "busybox free; busybox grep MemTotal /proc/meminfo");
	run_busybox("uptime", "busybox uptime");
	run_busybox("top", "busybox top -b -n1");
	run_busybox("mount-list", "busybox mount");
	run_busybox("cat-maps", "busybox cat /proc/self/maps");
	run_busybox("sysctl-a", "busybox sysctl -a");
	run_busybox("sysctl-w", "busybox sysctl -w vm.swappiness=10 && busybox sysctl vm.swappiness && "
		    "echo 30 > /proc/sys/vm/swappiness && busybox cat /proc/sys/vm/swappiness && "
		    "busybox sysctl -w vm.swappiness=60 >/dev/null; echo 500 > /proc/sys/vm/swappiness || "
		    "echo refused; busybox rm /proc/version || echo kept");
	run_busybox("mount", "busybox mkdir -p /mnt/p /mnt/s && busybox mount -t proc proc /mnt/p && "
		    "busybox mount -t sysfs sysfs /mnt/s && busybox cat /mnt/p/self/comm && "
		    "busybox ls -d /mnt/s/kernel && busybox umount /mnt/p && busybox umount /mnt/s && "
		    "busybox ls /mnt/p && busybox ls /mnt/s && echo unmounted");
	run_busybox("ls-self", "busybox ls -1 /; busybox ls -1 /proc/self/; busybox ls -1 /proc; busybox ls -l /proc/self/fd/; busybox ls -1 /sys; busybox ls -l /sys/kernel; busybox ls -1 /proc/self/task");
}

/*
 * With "procdump" on the kernel command line (lucix or Linux): each file between
 * "==> PATH <==" and "<== end" lines, for comparing formats with Linux's.
 */
static const char *const dump_files[] = {
	"/proc/meminfo", "/proc/stat", "/proc/uptime", "/proc/loadavg", "/proc/version",
	"/proc/cpuinfo", "/proc/mounts", "/proc/filesystems", "/proc/interrupts",
	"/proc/slabinfo", "/proc/buddyinfo", "/proc/zoneinfo", "/proc/vmstat",
	"/proc/self/stat", "/proc/self/status", "/proc/self/statm", "/proc/self/maps",
	"/proc/self/limits", "/proc/self/smaps", "/proc/self/oom_score_adj", "/proc/self/oom_score",
	"/proc/self/mountinfo", "/proc/1/stat", "/proc/1/status", "/proc/cmdline",
	"/proc/sys/vm/overcommit_memory", "/proc/sys/kernel/pid_max", "/proc/sys/fs/file-nr",
	"/proc/devices", "/proc/partitions", "/proc/misc", "/proc/softirqs", "/proc/modules",
	"/proc/swaps", "/proc/pagetypeinfo",
};

static void dump(void)
{
	unsigned i;
	char *s;

	mkdir("/sys", 0555);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	for (i = 0; i < sizeof(dump_files) / sizeof(dump_files[0]); i++) {
		s = slurp(dump_files[i], NULL);
		printf("==> %s <==\n%s%s<== end\n", dump_files[i], s ? s : "(unreadable)\n",
		       s && *s && s[strlen(s) - 1] != '\n' ? "\n" : "");
		free(s);
	}
	run_busybox("ps", "busybox ps");
	run_busybox("free", "busybox free");
	run_busybox("uptime", "busybox uptime");
	run_busybox("top", "busybox top -b -n1");
	run_busybox("mount-list", "busybox mount");
	run_busybox("sysctl", "busybox sysctl -a 2>&1 | busybox head -60");
	run_busybox("ls-dev", "busybox ls -l /dev");
	fflush(stdout);
	reboot(RB_POWER_OFF);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--big"))
		return big_child(argc, argv);
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL) == 0) {
		char *cmd = slurp("/proc/cmdline", NULL);

		if (cmd && strstr(cmd, " procdump")) {
			setvbuf(stdout, NULL, _IOLBF, 0);
			dump();
		}
		free(cmd);
		umount("/proc");
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_mount();
	test_self(argc, argv);
	test_exited();
	test_big();
	test_sysfs();
	test_meminfo();
	test_status();
	test_stat();
	test_maps();
	test_pagemap();
	test_oom();
	test_system_files();
	test_sysctl();
	test_devtmpfs();
	test_stale_selector();
	test_busybox();
	printf("proctests: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
