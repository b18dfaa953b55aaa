/*
 * More /proc, /sys and /dev checks, run as init (init=/bin/proc2tests):
 * softirqs, iomem, ioports, diskstats, devices, timer_list, kcore, the
 * printk ring through /dev/kmsg and /proc/kmsg, each process's wchan and
 * sched, and /sys/block, /sys/class and /sys/devices. Three modes, chosen
 * on the kernel command line:
 *   (none)     the checks, "PASS/FAIL" lines and a summary (lucix);
 *   procdump2  the files between "==> NAME <==" and "<== end" lines, on
 *              lucix and on Linux, for tests/guest/procfmt.py --set 2;
 *   xcheck     a page at XCHECK_ADDR and its pagemap entry, then
 *              /proc/interrupts, for the debugger to compare with vtop and
 *              irq while the kernel makes the file (group 92);
 *   kcoredisk  /proc/kcore's start (headers, and memory up to 5 MiB into
 *              the direct map: the kernel's image) copied to /kcore on
 *              hda1, for gdb on the host.
 * Powers off at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include "check.h"

#define XCHECK_ADDR	0x50000000UL

/* The whole file (NUL-terminated, malloc'ed), read in odd-sized pieces. */
static char *slurp(const char *path)
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
	while ((r = read(fd, buf + n, cap - n < 700 ? cap - n : 700)) > 0) {
		n += r;
		if (n == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	}
	close(fd);
	buf[n] = 0;
	return r < 0 ? (free(buf), NULL) : buf;
}

static void section(const char *name, const char *text)
{
	printf("==> %s <==\n%s%s<== end\n", name, text ? text : "(unreadable)\n",
	       text && *text && text[strlen(text) - 1] != '\n' ? "\n" : "");
}

static void dump_file(const char *key, const char *path)
{
	char *s = slurp(path);

	section(key, s);
	free(s);
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A child asleep in pause() (for wchan and sched); its pid. */
static pid_t paused_child(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	msleep(50);
	return pid;
}

/* ---- kcore ---- */

struct ehdr { unsigned char ident[16]; uint16_t type, machine; uint32_t version, entry, phoff,
	      shoff, flags; uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; };
struct phdr { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; };

/* The header page of /proc/kcore, described line by line (values in hex). */
static char *kcore_summary(struct ehdr *eh, struct phdr *ph, int maxph)
{
	static char out[4096];
	unsigned char *hdr = malloc(65536);
	int fd = open("/proc/kcore", O_RDONLY), n = 0, i;
	ssize_t got = fd >= 0 ? pread(fd, hdr, 65536, 0) : -1;

	if (fd >= 0)
		close(fd);
	out[0] = 0;
	if (got < (ssize_t)sizeof(*eh)) {
		free(hdr);
		return NULL;
	}
	memcpy(eh, hdr, sizeof(*eh));
	n += sprintf(out + n, "ident %02x%c%c%c class %d data %d version %d\n", hdr[0], hdr[1],
		     hdr[2], hdr[3], hdr[4], hdr[5], hdr[6]);
	n += sprintf(out + n, "type %d machine %d ehsize %d phentsize %d\n", eh->type, eh->machine,
		     eh->ehsize, eh->phentsize);
	for (i = 0; i < eh->phnum && i < maxph && eh->phoff + (i + 1) * 32 <= (size_t)got; i++) {
		memcpy(&ph[i], hdr + eh->phoff + i * 32, 32);
		n += sprintf(out + n, "phdr %s flags %x align %x%s\n",
			     ph[i].type == 4 ? "PT_NOTE" : ph[i].type == 1 ? "PT_LOAD" : "other",
			     ph[i].flags, ph[i].align,
			     ph[i].type == 1 && ph[i].vaddr >= 0xc0000000u ? " kernel" : "");
		if (ph[i].type == 4 && ph[i].offset + ph[i].filesz <= (size_t)got) {
			unsigned char *p = hdr + ph[i].offset, *end = p + ph[i].filesz;

			while (p + 12 <= end) {
				uint32_t nsz = *(uint32_t *)p, dsz = *(uint32_t *)(p + 4),
					 typ = *(uint32_t *)(p + 8);

				n += sprintf(out + n, "note %.*s type %u\n", (int)nsz - 1, p + 12, typ);
				p += 12 + ((nsz + 3) & ~3u) + ((dsz + 3) & ~3u);
			}
		}
	}
	free(hdr);
	return out;
}

/* ---- sysfs ---- */

/* "NAME -> TARGET" for each link in dir, sorted by name, into a section. */
static void dump_links(const char *dir)
{
	struct dirent **list;
	char path[512], target[200], *out = malloc(16384);
	int n = scandir(dir, &list, NULL, alphasort), i, len = 0;
	ssize_t t;

	out[0] = 0;
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
			t = readlink(path, target, sizeof(target) - 1);
			target[t > 0 ? t : 0] = 0;
			if (len < 16000)
				len += snprintf(out + len, 16384 - len, "%s -> %s\n", list[i]->d_name,
						target);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	section(dir, n >= 0 ? out : NULL);
	free(out);
}

static void dump_names(const char *dir)
{
	struct dirent **list;
	char *out = malloc(8192);
	int n = scandir(dir, &list, NULL, alphasort), i, len = 0;

	out[0] = 0;
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.' && len < 8000)
			len += snprintf(out + len, 8192 - len, "%s\n", list[i]->d_name);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	section(dir, n >= 0 ? out : NULL);
	free(out);
}

/* ---- /dev/kmsg ---- */

/* One record read from fd; its length, or -errno. */
static int kmsg_read(int fd, char *buf, size_t size)
{
	ssize_t r = read(fd, buf, size - 1);

	if (r < 0)
		return -errno;
	buf[r] = 0;
	return (int)r;
}

static void dump(void)
{
	static const char *const files[] = {
		"/proc/softirqs", "/proc/iomem", "/proc/ioports", "/proc/diskstats",
		"/proc/devices", "/proc/timer_list",
	};
	struct ehdr eh;
	struct phdr ph[16];
	char path[64], buf[2048], *out;
	unsigned int i;
	int fd, n, len;
	pid_t child;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		dump_file(files[i], files[i]);
	child = paused_child();
	snprintf(path, sizeof(path), "/proc/%d/wchan", child);
	dump_file("/proc/child/wchan", path);
	snprintf(path, sizeof(path), "/proc/%d/sched", child);
	dump_file("/proc/child/sched", path);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	section("/proc/kcore", kcore_summary(&eh, ph, 16));
	out = malloc(8192);
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	for (len = 0, i = 0; fd >= 0 && i < 3 && (n = kmsg_read(fd, buf, sizeof(buf))) > 0; i++)
		len += snprintf(out + len, 8192 - len, "%s", buf);
	section("/dev/kmsg", fd >= 0 ? out : NULL);
	if (fd >= 0)
		close(fd);
	fd = open("/proc/kmsg", O_RDONLY | O_NONBLOCK);
	n = fd >= 0 ? read(fd, out, 300) : -1;
	if (n > 0) {
		out[n] = 0;
		*(strrchr(out, '\n') ? strrchr(out, '\n') + 1 : out) = 0;
	}
	section("/proc/kmsg", n > 0 ? out : NULL);
	if (fd >= 0)
		close(fd);
	free(out);
	dump_links("/sys/class/tty");
	dump_links("/sys/class/mem");
	dump_links("/sys/class/rtc");
	dump_links("/sys/class/input");
	dump_links("/sys/class/block");
	dump_links("/sys/block");
	dump_names("/sys/devices");
	dump_names("/sys/devices/platform/serial8250/tty/ttyS0");
	dump_names("/sys/devices/virtual/mem/null");
	dump_names("/sys/class/rtc/rtc0/");
	dump_file("/sys/class/tty/ttyS0/uevent", "/sys/class/tty/ttyS0/uevent");
	dump_file("/sys/class/tty/ttyS0/dev", "/sys/class/tty/ttyS0/dev");
	dump_file("/sys/class/mem/null/uevent", "/sys/class/mem/null/uevent");
	dump_file("/sys/class/rtc/rtc0/dev", "/sys/class/rtc/rtc0/dev");
	printf("procdump2: done\n");
	fflush(stdout);
}

/* ---- the checks ---- */

static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while (p && (p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == 0))
			return 1;
		p += n;
	}
	return 0;
}

/* The n-th (from 0) whitespace-separated field of the diskstats row for name, or -1. */
static long diskstat(const char *name, int field)
{
	char *s = slurp("/proc/diskstats"), *line, *save = NULL, *tok, *save2;
	long v = -1;
	int i;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char copy[256];

		snprintf(copy, sizeof(copy), "%s", line);
		tok = strtok_r(copy, " ", &save2);
		for (i = 0; tok && i < 2; i++)
			tok = strtok_r(NULL, " ", &save2);
		if (!tok || strcmp(tok, name))
			continue;
		for (i = 0; tok && i <= field; i++)
			tok = strtok_r(NULL, " ", &save2);
		if (tok)
			v = atol(tok);
	}
	free(s);
	return v;
}

static int nfields(const char *line)
{
	int n = 0, in = 0;

	for (; *line && *line != '\n'; line++) {
		if (*line != ' ' && !in)
			n++;
		in = *line != ' ';
	}
	return n;
}

static void test_system_files(void)
{
	char *s;
	const char *p;

	cur = "softirqs";
	msleep(30);			/* a timer ran */
	s = slurp("/proc/softirqs");
	CHECK(s && !strncmp(s, "                    CPU0       \n", 32), "header");
	p = s ? strstr(s, "       TIMER: ") : NULL;
	CHECK(p && atol(p + 14) > 0, "timer_counted");
	CHECK(s && has_line(s, "         RCU:          0") && strstr(s, "     TASKLET: "), "rows");
	free(s);

	cur = "iomem";
	s = slurp("/proc/iomem");
	CHECK(s && strstr(s, "00100000-") && strstr(s, " : System RAM\n"), "system_ram");
	CHECK(s && (p = strstr(s, " : Kernel code\n")) && !strncmp(p - 20, "\n  ", 3), "kernel_code_nested");
	CHECK(s && has_line(s, "000a0000-000bffff : Video RAM area"), "video_ram");
	CHECK(s && has_line(s, "  000f0000-000fffff : System ROM"), "system_rom");
	CHECK(s && has_line(s, "00000000-00000fff : Reserved"), "first_page");
	free(s);

	cur = "ioports";
	s = slurp("/proc/ioports");
	CHECK(s && has_line(s, "0020-0021 : pic1") && has_line(s, "0040-0043 : timer0"), "standard");
	CHECK(s && has_line(s, "03f8-03ff : serial"), "serial");
	CHECK(s && has_line(s, "01f0-01f7 : ide0") && has_line(s, "03f6-03f6 : ide0"), "ide0");
	CHECK(s && strstr(s, "0070-0071 : rtc_cmos\n  0070-0071 : rtc0\n"), "rtc_nested");
	CHECK(s && has_line(s, "03c0-03df : vga+"), "vga");
	free(s);

	cur = "devices";
	s = slurp("/proc/devices");
	CHECK(s && !strncmp(s, "Character devices:\n  1 mem\n", 27), "first");
	CHECK(s && has_line(s, "  4 tty") && has_line(s, "  5 /dev/ptmx") && has_line(s, "136 pts"), "ttys");
	CHECK(s && strstr(s, "\n\nBlock devices:\n  3 ide0\n"), "block");
	free(s);

	cur = "timer_list";
	s = slurp("/proc/timer_list");
	CHECK(s && !strncmp(s, "Timer List Version: v0.9\nHRTIMER_MAX_CLOCK_BASES: 8\nnow at ", 59), "header");
	CHECK(s && has_line(s, "Clock Event Device: pit") && has_line(s, " event_handler:  tick_handle_periodic"), "pit");
	free(s);
}

static void test_diskstats(void)
{
	long r0, s0, r1, s1, w;
	char *st, buf[4096];
	int fd;

	cur = "diskstats";
	r0 = diskstat("hda1", 0);
	s0 = diskstat("hda1", 2);
	CHECK(r0 >= 0 && s0 >= 0, "hda1_row");
	mkdir("/mnt", 0755);
	CHECK(mount("/dev/hda1", "/mnt", "ext2", MS_RDONLY, NULL) == 0, "mount");
	fd = open("/mnt/etc/inittab", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) > 0, "read_file");
	if (fd >= 0)
		close(fd);
	r1 = diskstat("hda1", 0);
	s1 = diskstat("hda1", 2);
	check(r1 > r0 && s1 > s0 && s1 - s0 >= r1 - r0, "reads_counted", "reads %ld->%ld sectors %ld->%ld",
	      r0, r1, s0, s1);
	check(diskstat("hda", 0) >= r1, "disk_counts_partition", "hda %ld hda1 %ld", diskstat("hda", 0), r1);
	w = diskstat("hda1", 4);
	CHECK_EQ(w, 0, "no_writes");
	st = slurp("/sys/block/hda/hda1/stat");
	check(st && nfields(st) == 17 && atol(st) == diskstat("hda1", 0), "sysfs_stat_agrees",
	      "'%s' against %ld", st ? st : "(none)", diskstat("hda1", 0));
	free(st);
	{
		char *d = slurp("/proc/diskstats"), *l = d ? strstr(d, " hda1 ") : NULL;

		while (l && l > d && l[-1] != '\n')
			l--;
		CHECK(l && nfields(l) == 20, "twenty_fields");
		free(d);
	}
	umount("/mnt");
}

static void test_pid_files(void)
{
	pid_t child = paused_child();
	char path[64], *w, *s, *st, *p;
	long vol = -1, st_vol = -2, sw = -1, inv = -1;

	cur = "wchan";
	snprintf(path, sizeof(path), "/proc/%d/wchan", child);
	w = slurp(path);
	check(w && w[0] && strcmp(w, "0") && strspn(w, "abcdefghijklmnopqrstuvwxyz_0123456789") == strlen(w),
	      "sleeper_named", "'%s'", w ? w : "(none)");
	printf("wchan: the paused child waits in %s\n", w ? w : "?");
	free(w);
	w = slurp("/proc/self/wchan");
	check(w && !strcmp(w, "0"), "running_zero", "'%s'", w ? w : "(none)");
	free(w);

	cur = "sched";
	snprintf(path, sizeof(path), "/proc/%d/sched", child);
	s = slurp(path);
	snprintf(path, sizeof(path), "/proc/%d/status", child);
	st = slurp(path);
	CHECK(s && !strncmp(s, "proc2tests (", 12) && strstr(s, ", #threads: 1)\n---"), "header");
	if (s && (p = strstr(s, "\nnr_switches ")))
		sw = atol(strchr(p, ':') + 1);
	if (s && (p = strstr(s, "\nnr_voluntary_switches ")))
		vol = atol(strchr(p, ':') + 1);
	if (s && (p = strstr(s, "\nnr_involuntary_switches ")))
		inv = atol(strchr(p, ':') + 1);
	if (st && (p = strstr(st, "voluntary_ctxt_switches:\t")))
		st_vol = atol(p + 25);
	check(sw == vol + inv && sw > 0, "switches_add_up", "%ld != %ld + %ld", sw, vol, inv);
	check(vol == st_vol, "status_agrees", "sched %ld, status %ld", vol, st_vol);
	CHECK(s && strstr(s, "\nse.sum_exec_runtime                          :") &&
	      strstr(s, "\nprio                                         :                  120\n"), "rows");
	free(s);
	free(st);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static unsigned long ksym(const char *name)
{
	char *s = slurp("/proc/kallsyms"), *p, want[64];
	unsigned long a = 0;

	snprintf(want, sizeof(want), " %s\n", name);
	p = s ? strstr(s, want) : NULL;
	if (p) {
		while (p > s && p[-1] != '\n')
			p--;
		a = strtoul(p, NULL, 16);
	}
	free(s);
	return a;
}

static void test_kcore(void)
{
	struct ehdr eh;
	struct phdr ph[16];
	char *sum = kcore_summary(&eh, ph, 16), a_core[64], a_kmem[64];
	unsigned long a = ksym("sys_getpid"), end = 0;
	struct stat sb;
	int i, fd, found = 0;

	cur = "kcore";
	CHECK(sum && strstr(sum, "ident 7fELF class 1 data 1 version 1\n"), "elf32");
	CHECK(sum && strstr(sum, "type 4 machine 3 ehsize 52 phentsize 32\n"), "core_i386");
	CHECK(sum && strstr(sum, "phdr PT_NOTE") &&
	      strstr(sum, "note CORE type 1\nnote CORE type 3\nnote CORE type 4\nnote VMCOREINFO type 0\n"), "notes");
	CHECK(sum && strstr(sum, "phdr PT_LOAD flags 7 align 1000 kernel"), "load");
	for (i = 0; i < eh.phnum && i < 16; i++)
		if (ph[i].offset + ph[i].filesz > end)
			end = ph[i].offset + ph[i].filesz;
	check(stat("/proc/kcore", &sb) == 0 && (unsigned long)sb.st_size == end, "size", "st_size %lld, segments end %#lx",
	      (long long)sb.st_size, end);
	fd = open("/proc/kcore", O_RDONLY);
	for (i = 0; a && fd >= 0 && i < eh.phnum && i < 16; i++)
		if (ph[i].type == 1 && a >= ph[i].vaddr && a + 16 <= ph[i].vaddr + ph[i].memsz) {
			found = pread(fd, a_core, 64, ph[i].offset + (a - ph[i].vaddr)) == 64;
			break;
		}
	if (fd >= 0)
		close(fd);
	/* the same bytes as /dev/kmem (offset = kernel virtual address) gives */
	fd = open("/dev/kmem", O_RDONLY);
	found = found && fd >= 0 && lseek(fd, a, SEEK_SET) != -1 && read(fd, a_kmem, 64) == 64;
	check(found && !memcmp(a_core, a_kmem, 64) && memcmp(a_core, (char[64]){ 0 }, 64), "reads_text",
	      "sys_getpid at %#lx: %s", a, found ? "kcore and kmem differ or zero" : "unreadable");
	if (fd >= 0)
		close(fd);
}

static int count_records(int fd)
{
	char buf[2048];
	int n = 0;

	while (kmsg_read(fd, buf, sizeof(buf)) > 0)
		n++;
	return n;
}

static void test_kmsg(void)
{
	char buf[2048], *s;
	int fd = open("/dev/kmsg", O_RDWR | O_NONBLOCK), fd2, r, i, n;
	struct pollfd pfd;
	pid_t pid;
	unsigned long seq0;

	cur = "kmsg";
	CHECK(fd >= 0, "open");
	r = kmsg_read(fd, buf, sizeof(buf));
	CHECK(r > 0 && strstr(buf, ",0,") && strchr(buf, ';') && buf[r - 1] == '\n', "first_record");
	CHECK_EQ(kmsg_read(fd, buf, 8), -EINVAL, "short_read");
	n = count_records(fd);
	CHECK(n > 20, "whole_ring");
	CHECK_EQ(kmsg_read(fd, buf, sizeof(buf)), -EAGAIN, "nonblock_at_end");
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK_EQ(poll(&pfd, 1, 0), 0, "poll_nothing");
	CHECK_EQ(write(fd, "<5>proc2tests: marker one\n", 26), 26, "write");
	CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN), "poll_ready");
	r = kmsg_read(fd, buf, sizeof(buf));
	check(r > 0 && !strncmp(buf, "13,", 3) && strstr(buf, ",-;proc2tests: marker one\n"), "own_record",
	      "'%s'", buf);
	seq0 = strtoul(buf + 3, NULL, 10);
	/* SEEK_SET: the oldest again; SEEK_END: nothing; SEEK_DATA: after the last clear */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "seek_set");
	CHECK(count_records(fd) == n + 2, "seek_set_rereads");
	CHECK_EQ(lseek(fd, 0, SEEK_END), 0, "seek_end");
	CHECK_EQ(kmsg_read(fd, buf, sizeof(buf)), -EAGAIN, "seek_end_empty");
	CHECK_EQ(lseek(fd, 5, SEEK_SET), -1, "seek_offset");
	CHECK_EQ(errno, ESPIPE, "seek_offset_espipe");
	CHECK_EQ(klogctl(5, NULL, 0), 0, "syslog_clear");
	CHECK_EQ(write(fd, "<6>proc2tests: after clear\n", 27), 27, "write2");
	CHECK_EQ(lseek(fd, 0, SEEK_DATA), 0, "seek_data");
	r = kmsg_read(fd, buf, sizeof(buf));
	check(r > 0 && strstr(buf, ";proc2tests: after clear\n") && strtoul(buf + 3, NULL, 10) == seq0 + 1,
	      "seek_data_after_clear", "'%s'", buf);
	/* dmesg -w: a blocking reader at the end wakes for a record printed later */
	fd2 = open("/dev/kmsg", O_RDONLY);
	lseek(fd2, 0, SEEK_END);
	pid = fork();
	if (pid == 0) {
		int w = open("/dev/kmsg", O_WRONLY);

		msleep(200);
		write(w, "<4>proc2tests: later\n", 21);
		_exit(0);
	}
	r = kmsg_read(fd2, buf, sizeof(buf));
	check(r > 0 && !strncmp(buf, "12,", 3) && strstr(buf, ";proc2tests: later\n"), "blocking_wakes", "%d '%s'", r, buf);
	waitpid(pid, NULL, 0);
	close(fd2);
	/* a reader left behind by a full ring gets EPIPE once, then the oldest left */
	fd2 = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	r = klogctl(10, NULL, 0);
	memset(buf, 'x', 200);
	memcpy(buf, "<7>", 3);
	buf[199] = '\n';
	for (i = 0; i < r / 200 + 10; i++)
		write(fd, buf, 200);
	CHECK_EQ(kmsg_read(fd2, buf, sizeof(buf)), -EPIPE, "overrun_epipe");
	r = kmsg_read(fd2, buf, sizeof(buf));
	CHECK(r > 0 && !strncmp(buf, "15,", 3), "overrun_continues");
	close(fd2);
	close(fd);

	fd = open("/proc/kmsg", O_RDONLY | O_NONBLOCK);
	r = fd >= 0 ? read(fd, buf, 40) : -1;
	buf[r > 0 ? r : 0] = 0;
	CHECK(r == 40 && buf[0] == '<' && buf[2] == '>' && buf[3] == '[', "proc_kmsg_format");
	s = strdup(buf);
	r = read(fd, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = 0;
	CHECK(r > 0 && strchr(buf, '\n'), "proc_kmsg_rest_of_record");
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	CHECK(read(fd, buf, sizeof(buf)) == -1 && errno == EAGAIN, "proc_kmsg_consumed");
	close(fd);
	free(s);
}

static char *link_of(const char *path)
{
	static char t[256];
	ssize_t n = readlink(path, t, sizeof(t) - 1);

	t[n > 0 ? n : 0] = 0;
	return t;
}

static int file_is(const char *path, const char *want)
{
	char *s = slurp(path);
	int ok = s && !strcmp(s, want);

	if (!ok)
		printf("  %s: '%s', expected '%s'\n", path, s ? s : "(unreadable)", want);
	free(s);
	return ok;
}

/* Every class device's dev file names the same number as its /dev node. */
static void check_class_numbers(const char *cls)
{
	char dir[64], path[512], *s;
	struct dirent **list;
	struct stat sb;
	int n, i, good = 0, bad = 0;

	snprintf(dir, sizeof(dir), "/sys/class/%s", cls);
	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s/dev", dir, list[i]->d_name);
			s = slurp(path);
			snprintf(path, sizeof(path), "/dev/%s", list[i]->d_name);
			if (s && stat(path, &sb) == 0) {
				unsigned int ma, mi;

				if (sscanf(s, "%u:%u", &ma, &mi) == 2 && ma == major(sb.st_rdev) &&
				    mi == minor(sb.st_rdev))
					good++;
				else
					bad++, printf("  %s: sysfs says %s", path, s);
			}
			free(s);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	check(good > 0 && !bad, cls, "%d agree, %d differ", good, bad);
}

static void test_sysfs(void)
{
	char *s;
	int fd;

	cur = "sysblock";
	CHECK(!strcmp(link_of("/sys/block/hda"), "../devices/platform/ide0/0.0/block/hda"), "link");
	CHECK(file_is("/sys/block/hda/dev", "3:0\n") && file_is("/sys/block/hda/removable", "0\n"), "dev");
	s = slurp("/proc/partitions");
	{
		char *p = s ? strstr(s, " hda\n") : NULL;
		long blocks = -1;

		while (p && p > s && p[-1] != ' ')
			p--;
		if (p)
			blocks = atol(p);
		free(s);
		s = slurp("/sys/block/hda/size");
		check(s && blocks > 0 && atol(s) == blocks * 2, "size", "size '%s', partitions %ld blocks", s, blocks);
		free(s);
	}
	CHECK(file_is("/sys/block/hda/hda1/dev", "3:1\n") && file_is("/sys/block/hda/hda1/partition", "1\n"),
	      "partition");
	s = slurp("/sys/block/hda/hda1/start");
	CHECK(s && atol(s) > 0, "partition_start");
	free(s);
	CHECK(file_is("/sys/block/hda/uevent", "MAJOR=3\nMINOR=0\nDEVNAME=hda\nDEVTYPE=disk\n"), "uevent");
	CHECK(file_is("/sys/block/hda/queue/scheduler", "[mq-deadline] none\n"), "scheduler");
	fd = open("/sys/block/hda/queue/scheduler", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "none\n", 5) == 5, "scheduler_none");
	CHECK(file_is("/sys/block/hda/queue/scheduler", "[none] mq-deadline \n"), "scheduler_shows_none");
	CHECK(fd >= 0 && write(fd, "bfq\n", 4) == -1 && errno == EINVAL, "scheduler_refused");
	CHECK(fd >= 0 && write(fd, "mq-deadline\n", 12) == 12, "scheduler_back");
	if (fd >= 0)
		close(fd);
	CHECK(!strcmp(link_of("/sys/class/block/hda1"), "../../devices/platform/ide0/0.0/block/hda/hda1"),
	      "class_partition");

	cur = "sysclass";
	CHECK(!strcmp(link_of("/sys/class/tty/ttyS0"), "../../devices/platform/serial8250/tty/ttyS0"), "ttyS0_link");
	CHECK(file_is("/sys/class/tty/ttyS0/uevent", "MAJOR=4\nMINOR=64\nDEVNAME=ttyS0\n"), "ttyS0_uevent");
	CHECK(!strcmp(link_of("/sys/class/tty/console"), "../../devices/virtual/tty/console"), "console_link");
	CHECK(!strcmp(link_of("/sys/class/mem/null"), "../../devices/virtual/mem/null"), "null_link");
	CHECK(file_is("/sys/class/mem/kmsg/dev", "1:11\n"), "kmsg_dev");
	CHECK(!strcmp(link_of("/sys/class/rtc/rtc0"), "../../devices/platform/rtc_cmos/rtc/rtc0"), "rtc_link");
	{
		char *date = slurp("/sys/class/rtc/rtc0/date"), *tim = slurp("/sys/class/rtc/rtc0/time"),
		     *ep = slurp("/sys/class/rtc/rtc0/since_epoch");
		long long e = ep ? atoll(ep) : -1;
		char want[32];
		time_t t = (time_t)e;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(want, sizeof(want), "%Y-%m-%d\n", &tm);
		check(date && ep && e > 0 && !strcmp(date, want) && tim && strlen(tim) == 9 && tim[2] == ':',
		      "rtc_attrs", "date '%s' time '%s' since_epoch '%s'", date, tim, ep);
		check(e > 0 && labs((long)(e - time(NULL))) <= 2, "rtc_since_epoch_is_now", "%lld against %lld",
		      e, (long long)time(NULL));
		CHECK(file_is("/sys/class/rtc/rtc0/name", "rtc_cmos rtc_cmos\n"), "rtc_name");
		free(date);
		free(tim);
		free(ep);
	}
	CHECK(!strcmp(link_of("/sys/class/input/input0"), "../../devices/platform/i8042/serio0/input/input0"),
	      "input_link");
	CHECK(!strcmp(link_of("/sys/class/sound/dsp"), "../../devices/isa/sb16.0/sound/card0/dsp"), "dsp_link");
	CHECK(!strcmp(link_of("/sys/class/tty/ttyS0/subsystem"), "../../../../../class/tty"), "subsystem");
	CHECK(access("/sys/class/misc", F_OK) == 0 && access("/sys/devices/isa", F_OK) == 0, "dirs");
	CHECK(!strcmp(link_of("/sys/dev/char/4:64"), "../../devices/platform/serial8250/tty/ttyS0") &&
	      !strcmp(link_of("/sys/dev/block/3:1"), "../../devices/platform/ide0/0.0/block/hda/hda1"), "sys_dev");
	check_class_numbers("tty");
	check_class_numbers("mem");
	check_class_numbers("rtc");
	check_class_numbers("sound");
	check_class_numbers("block");
}

/* ---- xcheck ---- */

static void xcheck(void)
{
	char *p = mmap((void *)XCHECK_ADDR, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	int fd = open("/proc/self/pagemap", O_RDONLY);
	unsigned long long e = 0;

	if (p != MAP_FAILED)
		p[0] = 1;
	if (fd >= 0 && pread(fd, &e, 8, (XCHECK_ADDR / 4096) * 8) == 8)
		printf("xcheck: pagemap %#lx present %d pfn %#llx\n", XCHECK_ADDR, (int)(e >> 63),
		       e & ((1ULL << 55) - 1));
	else
		printf("xcheck: pagemap unreadable\n");
	fflush(stdout);
	dump_file("/proc/interrupts", "/proc/interrupts");
	fflush(stdout);
}

static void kcoredisk(void)
{
	struct ehdr eh;
	struct phdr ph[16];
	long long len = -1, done = 0;
	char *buf = malloc(65536);
	int i, in, out;

	if (!kcore_summary(&eh, ph, 16))
		eh.phnum = 0;
	for (i = 0; i < eh.phnum && i < 16; i++)
		if (ph[i].type == 1 && ph[i].vaddr >= 0xc0000000u && ph[i].vaddr < 0xc0500000u)
			len = (long long)ph[i].offset - (ph[i].vaddr - 0xc0000000u) + 0x500000;
	mkdir("/mnt", 0755);
	if (len < 0 || mount("/dev/hda1", "/mnt", "ext2", 0, NULL)) {
		printf("kcoredisk: no segment or no mount\n");
		return;
	}
	in = open("/proc/kcore", O_RDONLY);
	out = open("/mnt/kcore", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	while (in >= 0 && out >= 0 && done < len) {
		ssize_t n = read(in, buf, len - done < 65536 ? len - done : 65536);

		if (n <= 0 || write(out, buf, n) != n) {
			printf("kcoredisk: %s failed at %lld: errno %d\n", n <= 0 ? "read" : "write", done, errno);
			break;
		}
		done += n;
	}
	close(in);
	fsync(out);
	close(out);
	umount("/mnt");
	printf("kcoredisk: %lld of %lld bytes\n", done, len);
	free(buf);
	buf = slurp("/proc/meminfo");
	printf("kcoredisk: MemTotal %ld kB\n", buf && strchr(buf, ':') ? atol(strchr(buf, ':') + 1) : -1L);
	free(buf);
}

int main(void)
{
	char *cmd;

	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	cmd = slurp("/proc/cmdline");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (cmd && strstr(cmd, " procdump2")) {
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		dump();
	} else if (cmd && strstr(cmd, " xcheck")) {
		xcheck();
	} else if (cmd && strstr(cmd, " kcoredisk")) {
		kcoredisk();
	} else {
		test_system_files();
		test_diskstats();
		test_pid_files();
		test_kcore();
		test_kmsg();
		test_sysfs();
		printf("proc2tests: %d passed, %d failed\n", passed, failed);
	}
	free(cmd);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
