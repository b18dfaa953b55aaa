/*
 * blktests: readahead and the I/O scheduler, seen from user space through
 * the disk's request counters (tests/groups/98-guest-blk.sh). Runs as init
 * with a fresh ext2 (1 KiB blocks) on hda1, mounts it on /mnt and checks:
 *   - queue/scheduler and read_ahead_kb in Linux's formats, switching;
 *   - /proc/diskstats's hda row against /sys/block/hda/stat;
 *   - a cold sequential read of 2 MiB takes a few large requests with
 *     readahead and one request a page without it, and the data is right;
 *   - the window sizes of on-demand readahead (4, 8, 16, 32, 32 pages for
 *     4 KiB reads with read_ahead_kb 128), read from the sectors each read
 *     brings in;
 *   - scattered reads bring in only what they ask for;
 *   - the elevator: a file whose pages were allocated interleaved is
 *     written back in page order; "none" issues the requests in that order
 *     and cannot merge them, mq-deadline sorts and merges them;
 *   - readahead(2) and posix_fadvise WILLNEED/DONTNEED/RANDOM, and errors.
 * "R ..." lines report figures. The end prints "blktests: N passed, M
 * failed" and powers off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>	/* BLKRAGET, BLKRASET, BLKGETSIZE64 */
#include <sys/reboot.h>
#include <sys/stat.h>

#include "check.h"

static const char *disk = "hda";
static char path[128];
static unsigned char buf[65536];

/* The 17 counters of /sys/block/DISK/stat. */
struct dstat {
	unsigned long v[17];
};
#define RD_IOS		0
#define RD_MERGES	1
#define RD_SECTORS	2
#define WR_IOS		4
#define WR_MERGES	5
#define WR_SECTORS	6

static int read_file(const char *p, char *s, int size)
{
	int fd = open(p, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = read(fd, s, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	s[n] = 0;
	return n;
}

static int write_file(const char *p, const char *s)
{
	int fd = open(p, O_WRONLY), n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -1 : 0;
}

static void get_stat(struct dstat *d)
{
	char s[512];
	int i, n = 0, off = 0;

	memset(d, 0, sizeof(*d));
	snprintf(path, sizeof(path), "/sys/block/%s/stat", disk);
	if (read_file(path, s, sizeof(s)) < 0)
		return;
	for (i = 0; i < 17 && sscanf(s + off, "%lu%n", &d->v[i], &n) == 1; i++)
		off += n;
}

static unsigned long delta(const struct dstat *a, const struct dstat *b, int i)
{
	return b->v[i] - a->v[i];
}

static void queue_file(const char *name, char *p, int size)
{
	snprintf(p, size, "/sys/block/%s/queue/%s", disk, name);
}

static int set_queue(const char *name, const char *v)
{
	char p[128];

	queue_file(name, p, sizeof(p));
	return write_file(p, v);
}

static void drop_caches(void)
{
	sync();
	write_file("/proc/sys/vm/drop_caches", "3\n");
}

static unsigned char pattern(long off)
{
	return (unsigned char)(off * 7 + (off >> 12) * 13);
}

static void make_file(const char *p, long size)
{
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	long off, i;

	for (off = 0; off < size; off += sizeof(buf)) {
		for (i = 0; i < (long)sizeof(buf); i++)
			buf[i] = pattern(off + i);
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			break;
	}
	fsync(fd);
	close(fd);
}

/* Read the file in 4 KiB pieces; -1 if a byte differs, else the bytes read. */
static long read_check(const char *p)
{
	int fd = open(p, O_RDONLY), n, i;
	long off = 0;

	if (fd < 0)
		return -2;
	while ((n = read(fd, buf, 4096)) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != pattern(off + i)) {
				close(fd);
				return -1;
			}
		off += n;
	}
	close(fd);
	return off;
}

/* What blockdev --getra/--setra/--getsize64 ask the device node. */
static void test_ioctls(void)
{
	unsigned long long bytes = 0;
	char p[128], s[64];
	long ra = -1;
	int fd;

	snprintf(p, sizeof(p), "/dev/%s", disk);
	fd = open(p, O_RDONLY);
	CHECK(fd >= 0, "the disk's node opens");
	CHECK_EQ(ioctl(fd, BLKRAGET, &ra), 0, "BLKRAGET");
	CHECK_EQ(ra, 256, "readahead: 256 sectors (128 KiB)");
	CHECK_EQ(ioctl(fd, BLKRASET, 512), 0, "BLKRASET 512 sectors");
	queue_file("read_ahead_kb", p, sizeof(p));
	read_file(p, s, sizeof(s));
	CHECK(!strcmp(s, "256\n"), "read_ahead_kb follows: 256");
	CHECK_EQ(ioctl(fd, BLKRASET, 256), 0, "BLKRASET back to 256");
	snprintf(p, sizeof(p), "/sys/block/%s/size", disk);
	read_file(p, s, sizeof(s));
	CHECK(ioctl(fd, BLKGETSIZE64, &bytes) == 0 && bytes == strtoull(s, NULL, 10) * 512,
	      "BLKGETSIZE64 is size * 512");
	close(fd);
}

static void test_sysfs(void)
{
	char p[128], s[256];

	cur = "sysfs";
	queue_file("scheduler", p, sizeof(p));
	CHECK(read_file(p, s, sizeof(s)) > 0 && !strcmp(s, "[mq-deadline] none\n"),
	      "scheduler: \"[mq-deadline] none\"");
	printf("R scheduler: %s", s);
	CHECK_EQ(set_queue("scheduler", "none"), 0, "switch to none");
	read_file(p, s, sizeof(s));
	CHECK(!strcmp(s, "[none] mq-deadline \n"), "scheduler: \"[none] mq-deadline \"");
	CHECK_EQ(set_queue("scheduler", "bogus"), -1, "an unknown elevator is refused");
	CHECK_EQ(errno, EINVAL, "... with EINVAL");
	CHECK_EQ(set_queue("scheduler", "mq-deadline\n"), 0, "back to mq-deadline");
	read_file(p, s, sizeof(s));
	CHECK(!strncmp(s, "[mq-deadline]", 13), "scheduler shows [mq-deadline]");
	queue_file("read_ahead_kb", p, sizeof(p));
	CHECK(read_file(p, s, sizeof(s)) > 0 && !strcmp(s, "128\n"), "read_ahead_kb is 128");
	CHECK_EQ(set_queue("read_ahead_kb", "0"), 0, "read_ahead_kb 0");
	read_file(p, s, sizeof(s));
	CHECK(!strcmp(s, "0\n"), "read back 0");
	CHECK_EQ(set_queue("read_ahead_kb", "128"), 0, "read_ahead_kb 128 again");
	test_ioctls();
}

static void test_diskstats(void)
{
	char s[4096], *l, name[32];
	unsigned long v[17];
	struct dstat d;
	int n, i, fields;

	cur = "diskstats";
	get_stat(&d);
	CHECK(read_file("/proc/diskstats", s, sizeof(s)) > 0, "/proc/diskstats reads");
	snprintf(name, sizeof(name), " %s ", disk);
	l = strstr(s, name);
	CHECK(l != NULL, "it has the disk's row");
	if (!l)
		return;
	l += strlen(name);
	for (fields = 0; fields < 17 && sscanf(l, "%lu%n", &v[fields], &n) == 1; fields++)
		l += n;
	CHECK_EQ(fields, 17, "17 counters after the name (Linux 5.5 and later)");
	for (i = 0, n = 0; i < 8; i++)
		n += v[i] == d.v[i];
	CHECK_EQ(n, 8, "its read and write counters (merges too) equal /sys/block/DISK/stat's");
}

static void test_readahead(void)
{
	struct dstat a, b;
	unsigned long ios_ra, ios_no, sec_ra, mer_ra;
	long got;

	cur = "readahead";
	make_file("/mnt/seq", 2L << 20);
	drop_caches();
	get_stat(&a);
	got = read_check("/mnt/seq");
	get_stat(&b);
	CHECK_EQ(got, 2L << 20, "2 MiB read back intact with readahead");
	ios_ra = delta(&a, &b, RD_IOS);
	sec_ra = delta(&a, &b, RD_SECTORS);
	mer_ra = delta(&a, &b, RD_MERGES);
	set_queue("read_ahead_kb", "0");
	drop_caches();
	get_stat(&a);
	got = read_check("/mnt/seq");
	get_stat(&b);
	set_queue("read_ahead_kb", "128");
	CHECK_EQ(got, 2L << 20, "... and without");
	ios_no = delta(&a, &b, RD_IOS);
	printf("R sequential 2 MiB in 4 KiB reads: %lu requests (%lu sectors, %lu merges) with "
	       "read_ahead_kb 128, %lu requests (%lu sectors) with 0\n", ios_ra, sec_ra, mer_ra,
	       ios_no, delta(&a, &b, RD_SECTORS));
	CHECK(ios_no >= 512, "without readahead: a request a page or more");
	CHECK(ios_ra * 8 <= ios_no, "with it: at most an eighth as many requests");
	CHECK(sec_ra >= 4096 && sec_ra <= 4096 + 128, "with it: the file's sectors, little more");
}

/* Sectors each successive 4 KiB read brings in: the windows of on-demand readahead. */
static void test_windows(void)
{
	static const int want[] = { 4, 8, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 32 };
	struct dstat a, b;
	int fd, i, ok = 1;
	char line[256];
	int n = 0;

	cur = "windows";
	drop_caches();
	fd = open("/mnt/seq", O_RDONLY);
	for (i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++) {
		unsigned long pages;

		get_stat(&a);
		if (read(fd, buf, 4096) != 4096)
			ok = 0;
		get_stat(&b);
		pages = delta(&a, &b, RD_SECTORS) / 8;	/* metadata (an indirect block) is 2 sectors */
		n += snprintf(line + n, sizeof(line) - n, " %lu", pages);
		if ((int)pages != want[i])
			ok = 0;
	}
	close(fd);
	printf("R pages read in by each of 13 reads of 4 KiB:%s\n", line);
	CHECK(ok, "windows of 4, 8, 16 and 32 pages, each started at its marked page");
}

static void test_random(void)
{
	struct dstat a, b;
	int fd, i;

	cur = "random";
	drop_caches();
	fd = open("/mnt/seq", O_RDONLY);
	get_stat(&a);
	for (i = 0; i < 16; i++)
		pread(fd, buf, 4096, (off_t)((i * 37 + 5) % 500 + 2) * 4096);
	get_stat(&b);
	close(fd);
	printf("R 16 scattered reads of 4 KiB: %lu requests, %lu sectors\n",
	       delta(&a, &b, RD_IOS), delta(&a, &b, RD_SECTORS));
	CHECK(delta(&a, &b, RD_SECTORS) <= 16 * 8 + 32,
	      "scattered reads bring in what they ask for, no windows");
}

/* A file of 16 pages written 0, 2, 4, ... 14, then 1, 3, ... 15: its blocks are interleaved. */
static void interleaved(const char *p, struct dstat *a, struct dstat *b)
{
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644), i;

	sync();
	for (i = 0; i < 16; i++) {
		int page = i < 8 ? 2 * i : 2 * (i - 8) + 1;

		memset(buf, 'a' + page, 4096);
		pwrite(fd, buf, 4096, (off_t)page * 4096);
	}
	get_stat(a);
	fsync(fd);
	get_stat(b);
	close(fd);
}

static void test_elevator(void)
{
	struct dstat a, b, c, d;
	unsigned long none_ios, dl_ios;
	int fd, i, ok = 1;

	cur = "elevator";
	set_queue("scheduler", "none");
	interleaved("/mnt/il-none", &a, &b);
	set_queue("scheduler", "mq-deadline");
	interleaved("/mnt/il-dl", &c, &d);
	none_ios = delta(&a, &b, WR_IOS);
	dl_ios = delta(&c, &d, WR_IOS);
	printf("R fsync of 16 interleaved pages: none %lu write requests (%lu merges), "
	       "mq-deadline %lu (%lu merges)\n", none_ios, delta(&a, &b, WR_MERGES), dl_ios,
	       delta(&c, &d, WR_MERGES));
	CHECK(none_ios >= 16, "none: the pages go out one request each, in page order");
	CHECK(dl_ios + 10 <= none_ios, "mq-deadline: sorted by sector and merged, 10 fewer or more");
	CHECK(delta(&c, &d, WR_MERGES) >= 10, "mq-deadline: merges counted");
	drop_caches();
	fd = open("/mnt/il-dl", O_RDONLY);
	for (i = 0; i < 16; i++)
		if (read(fd, buf, 4096) != 4096 || buf[0] != 'a' + i || buf[4095] != 'a' + i)
			ok = 0;
	close(fd);
	CHECK(ok, "the merged writes put every page in its place");
}

static void test_advice(void)
{
	struct dstat a, b;
	int fd, p[2];

	cur = "advice";
	drop_caches();
	fd = open("/mnt/seq", O_RDONLY);
	get_stat(&a);
	CHECK_EQ(readahead(fd, 0, 256 * 1024), 0, "readahead(2) of 256 KiB");
	get_stat(&b);
	CHECK(delta(&a, &b, RD_SECTORS) >= 512, "it read the range");
	get_stat(&a);
	CHECK_EQ(pread(fd, buf, 65536, 128 * 1024), 65536, "then a read inside it");
	get_stat(&b);
	CHECK_EQ(delta(&a, &b, RD_IOS), 0, "needs no disk request");
	CHECK_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0, "POSIX_FADV_DONTNEED");
	get_stat(&a);
	pread(fd, buf, 4096, 128 * 1024);
	get_stat(&b);
	CHECK(delta(&a, &b, RD_IOS) > 0, "the pages are gone: a read goes to the disk");
	CHECK_EQ(posix_fadvise(fd, 1 << 20, 65536, POSIX_FADV_WILLNEED), 0, "POSIX_FADV_WILLNEED");
	get_stat(&a);
	pread(fd, buf, 65536, 1 << 20);
	get_stat(&b);
	CHECK_EQ(delta(&a, &b, RD_IOS), 0, "its range is cached");
	CHECK_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM), 0, "POSIX_FADV_RANDOM");
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	get_stat(&a);
	pread(fd, buf, 4096, 0);
	get_stat(&b);
	CHECK(delta(&a, &b, RD_SECTORS) <= 8 + 4, "random: even at the start only the page asked for");
	CHECK_EQ(posix_fadvise(fd, 0, 0, 99), EINVAL, "unknown advice: EINVAL");
	CHECK_EQ(posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL), EINVAL, "negative length: EINVAL");
	close(fd);
	CHECK_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_NORMAL), EBADF, "closed descriptor: EBADF");
	/* Files without a page cache take every valid advice and ignore it,
	 * as Linux's do (this oopsed under the system-call fuzzer). */
	fd = open("/proc/self/status", O_RDONLY);
	CHECK_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0, "/proc file: DONTNEED is a no-op");
	CHECK_EQ(posix_fadvise(fd, 0, 4096, POSIX_FADV_WILLNEED), 0, "/proc file: WILLNEED is a no-op");
	CHECK_EQ(readahead(fd, 0, 4096), 0, "/proc file: readahead(2) is a no-op");
	close(fd);
	fd = open("/dev/null", O_RDONLY);
	CHECK_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0, "/dev/null: DONTNEED is a no-op");
	CHECK_EQ(posix_fadvise(fd, 0, 0, 99), EINVAL, "/dev/null: unknown advice is still EINVAL");
	close(fd);
	if (pipe(p) == 0) {
		CHECK_EQ(posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL), ESPIPE, "a pipe: ESPIPE");
		errno = 0;
		CHECK_EQ(readahead(p[0], 0, 4096), -1, "readahead(2) on a pipe fails");
		CHECK_EQ(errno, EINVAL, "... with EINVAL");
		close(p[0]);
		close(p[1]);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1)
		disk = argv[1];
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("blktests: pid %d, disk %s\n", getpid(), disk);
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/mnt", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	test_sysfs();
	test_diskstats();
	cur = "mount";
	snprintf(path, sizeof(path), "/dev/%s1", disk);
	CHECK_EQ(mount(path, "/mnt", "ext2", 0, NULL), 0, "mount ext2 read-write");
	test_readahead();
	test_windows();
	test_random();
	test_elevator();
	test_advice();
	cur = "umount";
	CHECK_EQ(umount("/mnt"), 0, "umount");
	printf("blktests: %d passed, %d failed\n", passed, failed);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
