/*
 * ext2wtests: writes on ext2 through lucix's page cache, run as init with
 * an ext2 image as the IDE disk (tests/groups/84-guest-ext2w.sh). What it
 * does depends on the name it runs under:
 *   ext2w        mounts /dev/hda1 read-write on /mnt and creates, writes,
 *                truncates, renames, links, unlinks and maps files, reads
 *                them back, remounts to read them from the disk, leaves a
 *                known tree for the host's debugfs and e2fsck, powers off;
 *   ext2w-crash  writes and fsyncs /mnt/durable, says so, then keeps
 *                creating, writing and deleting files until the host stops
 *                the machine (no sync, no umount);
 *   ext2w-check  mounts the crashed image again and reads /mnt/durable;
 *   ext2w-root   runs from the disk itself (root=/dev/hda1 rw): writes
 *                /rootfile and reads its own /etc/motd.
 * Every check prints "PASS name" or "FAIL name: why"; the end prints
 * "ext2wtests: N passed, M failed" and powers off.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>

#include "check.h"

#define CHECK_ERR(call, e, what)                                                        \
	do {                                                                            \
		long _r;                                                                \
		errno = 0;                                                              \
		_r = (long)(call);                                                      \
		check(_r == -1 && errno == (e), what, "%s = %ld errno %d (%s), expected %s", \
		      #call, _r, errno, strerror(errno), #e);                           \
	} while (0)

/* lucix's stand-in for /proc/sys/vm (which: 3 dirty_writeback_centisecs, 4 dirty_expire_centisecs, 5 drop_caches) */
#define NR_lucix_vm_sysctl	0x4c02

static long vm_sysctl(int which, long v)
{
	return syscall(NR_lucix_vm_sysctl, which, &v, 0);
}

/* lucix_memstat(pid, buf): /proc/PID/status memory lines in kB; RssFile is the 7th word */
#define NR_lucix_memstat	0x4c00

static long rss_file_kb(void)
{
	unsigned long st[64];

	if (syscall(NR_lucix_memstat, 0, st))
		return -1;
	return st[6];
}

static unsigned char pattern(long i)
{
	return (i * 13 + 7) % 251;
}

static char buf[65536];

/* Write size bytes of the pattern to name in odd-sized pieces; 0 on success. */
static int write_pattern(const char *name, long size, int flags)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC | flags, 0644);
	long done = 0;

	if (fd < 0)
		return -1;
	while (done < size) {
		long n = size - done < 3001 ? size - done : 3001, i;

		for (i = 0; i < n; i++)
			buf[i] = pattern(done + i);
		if (write(fd, buf, n) != n) {
			close(fd);
			return -1;
		}
		done += n;
	}
	return close(fd);
}

/* The first offset where name differs from size bytes of the pattern, or -1 if equal. */
static long cmp_pattern(const char *name, long size)
{
	int fd = open(name, O_RDONLY);
	long done = 0, n, i;

	if (fd < 0)
		return -2;
	while ((n = read(fd, buf, 5000)) > 0) {
		for (i = 0; i < n; i++)
			if ((unsigned char)buf[i] != pattern(done + i)) {
				close(fd);
				return done + i;
			}
		done += n;
	}
	close(fd);
	return done == size ? -1 : done;
}

static long file_size(const char *name)
{
	struct stat st;

	return stat(name, &st) ? -1 : st.st_size;
}

static long read_string(const char *name, char *out, long max)
{
	int fd = open(name, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = read(fd, out, max - 1);
	close(fd);
	if (n >= 0)
		out[n] = 0;
	return n;
}

static int write_string(const char *name, const char *s)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	long n = strlen(s);

	if (fd < 0)
		return -1;
	if (write(fd, s, n) != n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static void test_files(void)
{
	char s[256];
	struct stat st;
	int fd;

	cur = "files";
	CHECK_EQ(write_string("/mnt/hello", "hello, ext2\n"), 0, "create and write a small file");
	CHECK_EQ(file_size("/mnt/hello"), 12, "its size");
	CHECK_EQ(read_string("/mnt/hello", s, sizeof(s)), 12, "read back (page cache)");
	CHECK(!strcmp(s, "hello, ext2\n"), "same bytes");
	CHECK_EQ(write_pattern("/mnt/big", 300 * 1024, 0), 0, "a 300 KiB file (indirect blocks)");
	CHECK_EQ(cmp_pattern("/mnt/big", 300 * 1024), -1, "reads back equal");
	CHECK_EQ(stat("/mnt/big", &st), 0, "stat");
	/* 300 data blocks of 1 KiB: 12 direct, 256 behind the indirect block, 32 behind
	   the double-indirect block and one indirect block under it: 303 KiB */
	CHECK_EQ(st.st_blocks, 606, "st_blocks counts the data and the indirect blocks");

	fd = open("/mnt/sparse", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "create a sparse file");
	CHECK_EQ(pwrite(fd, "far away", 8, 70L << 20), 8, "pwrite at 70 MiB (triple indirect)");
	CHECK_EQ(pwrite(fd, "head", 4, 0), 4, "pwrite at 0");
	CHECK_EQ(pread(fd, s, 8, 1 << 20), 8, "a hole reads");
	CHECK(!memcmp(s, "\0\0\0\0\0\0\0\0", 8), "as zeros");
	CHECK_EQ(pread(fd, s, 8, 70L << 20), 8, "the far bytes read");
	CHECK(!memcmp(s, "far away", 8), "back");
	CHECK_EQ(fstat(fd, &st), 0, "fstat");
	CHECK_EQ(st.st_size, (70L << 20) + 8, "size is the far end");
	CHECK(st.st_blocks > 0 && st.st_blocks <= 12, "only a few blocks allocated");
	CHECK_EQ(fsync(fd), 0, "fsync");
	close(fd);

	CHECK_EQ(write_pattern("/mnt/trunc", 50000, 0), 0, "a 50000-byte file");
	CHECK_EQ(truncate("/mnt/trunc", 5000), 0, "truncate to 5000");
	CHECK_EQ(truncate("/mnt/trunc", 20000), 0, "extend to 20000");
	fd = open("/mnt/trunc", O_RDONLY);
	CHECK_EQ(pread(fd, buf, 20000, 0), 20000, "read the whole file");
	{
		long i, bad = -1;

		for (i = 0; i < 5000 && bad < 0; i++)
			if ((unsigned char)buf[i] != pattern(i))
				bad = i;
		for (i = 5000; i < 20000 && bad < 0; i++)
			if (buf[i])
				bad = i;
		CHECK_EQ(bad, -1, "the head kept, the rest zeros (the old tail does not come back)");
	}
	close(fd);

	fd = open("/mnt/append", O_CREAT | O_WRONLY | O_APPEND | O_TRUNC, 0644);
	CHECK_EQ(write(fd, "one ", 4), 4, "O_APPEND write");
	lseek(fd, 0, SEEK_SET);
	CHECK_EQ(write(fd, "two", 3), 3, "O_APPEND write after a seek to 0");
	close(fd);
	CHECK_EQ(read_string("/mnt/append", s, sizeof(s)), 7, "appended");
	CHECK(!strcmp(s, "one two"), "both at the end");

	fd = open("/mnt/open-unlinked", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK_EQ(write(fd, "still here", 10), 10, "write a file");
	CHECK_EQ(unlink("/mnt/open-unlinked"), 0, "unlink it while open");
	CHECK_ERR(open("/mnt/open-unlinked", O_RDONLY), ENOENT, "the name is gone");
	CHECK_EQ(pread(fd, s, 10, 0), 10, "the open file still reads");
	CHECK(!memcmp(s, "still here", 10), "its data");
	CHECK_EQ(close(fd), 0, "the last close frees it");

	CHECK_EQ(chmod("/mnt/hello", 0600), 0, "chmod");
	CHECK_EQ(mkfifo("/mnt/fifo", 0644), 0, "mkfifo on ext2");
	CHECK_EQ(stat("/mnt/fifo", &st), 0, "stat it");
	CHECK(S_ISFIFO(st.st_mode), "a FIFO");
}

static void test_dirs(void)
{
	struct stat st, st2;
	char name[64], s[256];
	struct dirent *de;
	DIR *d;
	int i, n, ok;

	cur = "dirs";
	CHECK_EQ(mkdir("/mnt/d1", 0755), 0, "mkdir");
	CHECK_ERR(mkdir("/mnt/d1", 0755), EEXIST, "mkdir again: EEXIST");
	CHECK_EQ(mkdir("/mnt/d1/sub", 0755), 0, "mkdir a subdirectory");
	CHECK_EQ(stat("/mnt/d1", &st), 0, "stat the parent");
	CHECK_EQ(st.st_nlink, 3, "its link count: ., its name, sub's ..");
	for (i = 0, ok = 0; i < 150; i++) {
		sprintf(name, "/mnt/d1/file-with-a-longish-name-%03d", i);
		sprintf(s, "%d", i);
		ok += !write_string(name, s);
	}
	CHECK_EQ(ok, 150, "150 files in one directory (several directory blocks)");
	for (i = 0, ok = 0; i < 150; i += 2) {
		sprintf(name, "/mnt/d1/file-with-a-longish-name-%03d", i);
		ok += !unlink(name);
	}
	CHECK_EQ(ok, 75, "unlink every second one");
	d = opendir("/mnt/d1");
	for (n = 0; d && (de = readdir(d));)
		n++;
	if (d)
		closedir(d);
	CHECK_EQ(n, 78, "readdir: 75 files, sub, . and ..");
	CHECK_EQ(read_string("/mnt/d1/file-with-a-longish-name-149", s, sizeof(s)), 3, "a survivor reads");
	CHECK(!strcmp(s, "149"), "its data");
	CHECK_ERR(rmdir("/mnt/d1"), ENOTEMPTY, "rmdir a full directory: ENOTEMPTY");
	CHECK_EQ(mkdir("/mnt/gone", 0755), 0, "mkdir another");
	CHECK_EQ(rmdir("/mnt/gone"), 0, "rmdir it");
	CHECK_ERR(stat("/mnt/gone", &st), ENOENT, "gone");

	CHECK_EQ(write_string("/mnt/a", "contents of a"), 0, "create a");
	CHECK_EQ(write_string("/mnt/b", "contents of b"), 0, "create b");
	CHECK_EQ(rename("/mnt/a", "/mnt/b"), 0, "rename a over b");
	CHECK_ERR(stat("/mnt/a", &st), ENOENT, "a is gone");
	CHECK_EQ(read_string("/mnt/b", s, sizeof(s)), 13, "b reads");
	CHECK(!strcmp(s, "contents of a"), "with a's contents");
	CHECK_EQ(mkdir("/mnt/d2", 0755), 0, "mkdir d2");
	CHECK_EQ(write_string("/mnt/d2/inside", "in d2"), 0, "a file in it");
	CHECK_EQ(rename("/mnt/d2", "/mnt/d1/moved"), 0, "move d2 into d1");
	CHECK_EQ(stat("/mnt/d1/moved/..", &st), 0, "stat its ..");
	CHECK_EQ(stat("/mnt/d1", &st2), 0, "stat d1");
	CHECK_EQ(st.st_ino, st2.st_ino, ".. is d1 now");
	CHECK_EQ(st2.st_nlink, 4, "d1 has one more link");
	CHECK_EQ(rename("/mnt/b", "/mnt/d1/b-moved"), 0, "move a file to another directory");

	CHECK_EQ(link("/mnt/hello", "/mnt/hello.link"), 0, "link");
	CHECK_EQ(stat("/mnt/hello", &st), 0, "stat");
	CHECK_EQ(st.st_nlink, 2, "two links");
	CHECK_EQ(stat("/mnt/hello.link", &st2), 0, "stat the other name");
	CHECK_EQ(st.st_ino, st2.st_ino, "the same inode");
	CHECK_EQ(link("/mnt/hello", "/mnt/hello.tmp"), 0, "a third link");
	CHECK_EQ(unlink("/mnt/hello.tmp"), 0, "unlink it");
	CHECK_EQ(stat("/mnt/hello", &st), 0, "stat");
	CHECK_EQ(st.st_nlink, 2, "two links again");

	CHECK_EQ(symlink("hello", "/mnt/fast"), 0, "a fast symlink");
	memset(s, 'x', 100);
	strcpy(s + 100, "/target");
	CHECK_EQ(symlink(s, "/mnt/slow"), 0, "a slow symlink (107 bytes)");
	{
		char t[200];

		CHECK_EQ(readlink("/mnt/fast", t, sizeof(t)), 5, "readlink fast");
		CHECK(!memcmp(t, "hello", 5), "its target");
		CHECK_EQ(readlink("/mnt/slow", t, sizeof(t)), 107, "readlink slow");
		CHECK(!memcmp(t, s, 107), "its target");
	}
	CHECK_EQ(read_string("/mnt/fast", s, sizeof(s)), 12, "through the fast symlink");
}

static void test_sync(void)
{
	static char __attribute__((aligned(4096))) dbuf[8192];
	int fd, i, bad;

	cur = "sync";
	fd = open("/mnt/synced", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK_EQ(write(fd, "synced data\n", 12), 12, "write");
	CHECK_EQ(fsync(fd), 0, "fsync");
	CHECK_EQ(fdatasync(fd), 0, "fdatasync");
	close(fd);
	CHECK_ERR(fsync(99), EBADF, "fsync of a bad fd: EBADF");
	CHECK_EQ(syscall(SYS_syncfs, 0) , 0, "syncfs");

	for (i = 0; i < 8192; i++)
		dbuf[i] = pattern(i);
	fd = open("/mnt/direct", O_CREAT | O_RDWR | O_TRUNC | O_DIRECT, 0644);
	CHECK(fd >= 0, "open O_DIRECT");
	CHECK_EQ(write(fd, dbuf, 8192), 8192, "O_DIRECT write of 8 KiB");
	CHECK_ERR(write(fd, dbuf + 1, 512), EINVAL, "unaligned O_DIRECT: EINVAL");
	close(fd);
	CHECK_EQ(cmp_pattern("/mnt/direct", 8192), -1, "a buffered read sees it");
	CHECK_EQ(write_pattern("/mnt/direct2", 8192, 0), 0, "a buffered write");
	fd = open("/mnt/direct2", O_RDONLY | O_DIRECT);
	memset(dbuf, 0, sizeof(dbuf));
	CHECK_EQ(read(fd, dbuf, 8192), 8192, "O_DIRECT read of it");
	for (i = 0, bad = -1; i < 8192 && bad < 0; i++)
		if ((unsigned char)dbuf[i] != pattern(i))
			bad = i;
	CHECK_EQ(bad, -1, "sees the buffered data (written back first)");
	close(fd);
	sync();
}

static void test_mmap(void)
{
	char s[64];
	char *p;
	int fd;

	cur = "mmap";
	CHECK_EQ(write_string("/mnt/shared", "0123456789abcdef"), 0, "a file to map shared");
	fd = open("/mnt/shared", O_RDWR);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap MAP_SHARED");
	if (p != MAP_FAILED) {
		CHECK(!memcmp(p, "0123456789abcdef", 16), "the mapping shows the file");
		memcpy(p, "SHARED", 6);
		CHECK_EQ(msync(p, 4096, MS_SYNC), 0, "msync");
		CHECK_EQ(pread(fd, s, 16, 0), 16, "read the file");
		CHECK(!memcmp(s, "SHARED6789abcdef", 16), "the store reached the file");
		memcpy(p + 10, "XY", 2);
		CHECK_EQ(munmap(p, 4096), 0, "munmap");
	}
	close(fd);
	CHECK_EQ(read_string("/mnt/shared", s, sizeof(s)), 16, "read after munmap");
	CHECK(!memcmp(s, "SHARED6789XYcdef", 16), "the store before munmap reached it");

	CHECK_EQ(write_string("/mnt/private", "private file...."), 0, "a file to map private");
	fd = open("/mnt/private", O_RDWR);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "mmap MAP_PRIVATE");
	if (p != MAP_FAILED) {
		CHECK(!memcmp(p, "private file....", 16), "shows the file");
		memcpy(p, "CHANGED", 7);
		CHECK(!memcmp(p, "CHANGED file....", 16), "the private copy changed");
		CHECK_EQ(pread(fd, s, 16, 0), 16, "read the file");
		CHECK(!memcmp(s, "private file....", 16), "the file did not");
		CHECK_EQ(munmap(p, 4096), 0, "munmap");
	}
	close(fd);
	CHECK_EQ(read_string("/mnt/private", s, sizeof(s)), 16, "read after munmap");
	CHECK(!memcmp(s, "private file....", 16), "still the original");
	CHECK_ERR(mmap(NULL, 4096, PROT_READ, MAP_SHARED, 99, 0), EBADF, "a bad fd: EBADF");
}

/* drop_caches gives back the clean page-cache pages; the files read again from the disk. */
static void test_cache(void)
{
	struct sysinfo a, b;

	cur = "cache";
	CHECK_EQ(cmp_pattern("/mnt/big", 300 * 1024), -1, "read big (now cached)");
	sync();
	CHECK_EQ(sysinfo(&a), 0, "sysinfo");
	CHECK_EQ(vm_sysctl(5, 1), 0, "vm.drop_caches = 1");
	CHECK_EQ(sysinfo(&b), 0, "sysinfo");
	CHECK((long)(b.freeram - a.freeram) * (long)b.mem_unit >= 300 * 1024,
	      "at least big's 300 KiB of pages came back");
	CHECK_EQ(cmp_pattern("/mnt/big", 300 * 1024), -1, "big reads the same from the disk");
	CHECK_EQ(vm_sysctl(5, 4), -1, "drop_caches = 4: EINVAL");
}

/* After a remount: what the disk holds, read through a fresh cache. */
static void test_reread(void)
{
	char s[256];
	struct stat st;

	cur = "reread";
	CHECK_EQ(umount("/mnt"), 0, "umount (writes everything back)");
	CHECK_EQ(mount("/dev/hda1", "/mnt", "ext2", MS_RDONLY, NULL), 0, "mount read-only");
	CHECK_EQ(read_string("/mnt/hello", s, sizeof(s)), 12, "hello");
	CHECK(!strcmp(s, "hello, ext2\n"), "its bytes");
	CHECK_EQ(cmp_pattern("/mnt/big", 300 * 1024), -1, "big");
	CHECK_EQ(file_size("/mnt/sparse"), (70L << 20) + 8, "sparse's size");
	CHECK_EQ(file_size("/mnt/trunc"), 20000, "trunc's size");
	CHECK_EQ(read_string("/mnt/d1/moved/inside", s, sizeof(s)), 5, "the moved directory's file");
	CHECK_EQ(stat("/mnt/hello.link", &st), 0, "the link");
	CHECK_EQ(st.st_nlink, 2, "two links on disk");
	CHECK_EQ(st.st_mode & 07777, 0600, "the chmod on disk");
	CHECK_EQ(read_string("/mnt/d1/b-moved", s, sizeof(s)), 13, "the renamed file");
	CHECK_ERR(open("/mnt/new", O_CREAT | O_WRONLY, 0644), EROFS, "read-only now: EROFS");
	CHECK_EQ(umount("/mnt"), 0, "umount");
	CHECK_EQ(mount("/dev/hda1", "/mnt", "ext2", 0, NULL), 0, "mount read-write again");
	CHECK_EQ(write_string("/mnt/second", "second mount\n"), 0, "write after the remount");
	CHECK_EQ(umount("/mnt"), 0, "the final umount");
}

/*
 * ext2w-bench: 64 MiB written and fsynced, then read cold (after
 * drop_caches) and cached, timed with CLOCK_MONOTONIC (virtual time: on
 * Lucid, guest instructions at -ips; on QEMU with -icount shift=0, one a
 * nanosecond). A "mark" line starts and ends each phase, so that the host
 * can time them in its own time too (MB/s of the emulator). Prints figures
 * only; nothing is checked. The same binary runs on Linux
 * (scripts/bench.d/guest-files.sh), so the caches are dropped through
 * /proc/sys/vm/drop_caches.
 */
static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void mark(const char *what)
{
	printf("ext2w-bench: mark %s\n", what);
	fflush(stdout);
}

static void bench(void)
{
	long size = 64L << 20, i;
	long long t0, t1, t1b, t2, t3;
	int fd;

	for (i = 0; i < 65536; i++)
		buf[i] = i;
	mark("write");
	t0 = now_ns();
	fd = open("/mnt/bench", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	for (i = 0; i < size; i += 65536)
		write(fd, buf, 65536);
	fsync(fd);
	close(fd);
	t1 = now_ns();
	mark("written");
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3\n", 2) != 2)
		vm_sysctl(5, 1);
	if (fd >= 0)
		close(fd);
	mark("cold");
	t1b = now_ns();			/* the cold read starts after the drop */
	fd = open("/mnt/bench", O_RDONLY);
	while (read(fd, buf, 65536) > 0)
		;
	t2 = now_ns();
	mark("cached");
	lseek(fd, 0, SEEK_SET);
	while (read(fd, buf, 65536) > 0)
		;
	t3 = now_ns();
	mark("end");
	close(fd);
	printf("ext2w-bench: %ld MiB write+fsync %lld us, cold read %lld us, cached read %lld us\n",
	       size >> 20, (t1 - t0) / 1000, (t2 - t1b) / 1000, (t3 - t2) / 1000);
	umount("/mnt");
}

static void crash(void)
{
	char name[64];
	int fd, i;

	cur = "crash";
	/* the flusher alone writes lazy: expire after 0.3 s, look every 0.2 s, wait 1 s */
	CHECK_EQ(vm_sysctl(3, 20), 0, "vm.dirty_writeback_centisecs = 20");
	CHECK_EQ(vm_sysctl(4, 30), 0, "vm.dirty_expire_centisecs = 30");
	CHECK_EQ(write_pattern("/mnt/lazy", 5000, 0), 0, "write lazy, no fsync");
	sleep(1);
	CHECK_EQ(write_pattern("/mnt/durable", 100000, 0), 0, "write durable");
	fd = open("/mnt/durable", O_RDONLY);
	CHECK_EQ(fsync(fd), 0, "fsync it");
	close(fd);
	printf("ext2w-crash: durable fsynced\n");
	for (i = 0;; i++) {
		sprintf(name, "/mnt/churn%d", i);
		write_pattern(name, 20000 + i * 100, 0);
		if (i >= 2) {
			sprintf(name, "/mnt/churn%d", i - 2);
			unlink(name);
		}
		if (i % 4 == 3) {
			sprintf(name, "/mnt/dir%d", i);
			mkdir(name, 0755);
		}
		printf("ext2w-crash: round %d\n", i);
	}
}

int main(int argc, char **argv)
{
	const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (argc > 1 && !strcmp(argv[1], "--rss-file"))
		return rss_file_kb() > 4 ? 0 : 1;	/* more than the vDSO's page */

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("ext2wtests: %s, pid %d\n", me, getpid());
	if (!strcmp(me, "ext2w-root")) {
		char s[256];

		cur = "root";
		CHECK_EQ(read_string("/etc/motd", s, sizeof(s)) > 0, 1, "the disk is the root");
		CHECK_EQ(write_string("/rootfile", "written on the root\n"), 0, "write on it (rw)");
		CHECK_EQ(access("/dev/console", F_OK), 0, "/dev is the kernel's");
		/* a program on ext2 runs with its text mapped from the page cache (RssFile) */
		CHECK(rss_file_kb() > 4, "init's text is file-backed (RssFile above the vDSO page)");
		{
			pid_t pid = fork();
			int st = -1;

			if (pid == 0) {
				execl("/sbin/ext2w-root", "ext2w-root", "--rss-file", (char *)NULL);
				_exit(99);
			}
			waitpid(pid, &st, 0);
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			      "a second process execs the same program: its text is file-backed too");
		}
		sync();
	} else {
		const char *dev = !strcmp(me, "ext2w-bench") && argc > 1 ? argv[1] : "/dev/hda1";

		mkdir("/mnt", 0755);
		mkdir("/proc", 0755);
		mount("proc", "/proc", "proc", 0, NULL);
		cur = "mount";
		CHECK_EQ(mount(dev, "/mnt", "ext2", 0, NULL), 0, "mount ext2 read-write");
		if (!strcmp(me, "ext2w-crash")) {
			crash();
		} else if (!strcmp(me, "ext2w-bench")) {
			bench();
		} else if (!strcmp(me, "ext2w-check")) {
			CHECK_EQ(cmp_pattern("/mnt/durable", 100000), -1, "the fsynced file survived");
			CHECK_EQ(umount("/mnt"), 0, "umount");
		} else {
			test_files();
			test_dirs();
			test_sync();
			test_mmap();
			test_cache();
			test_reread();
		}
	}
	printf("ext2wtests: %d passed, %d failed\n", passed, failed);
	reboot(RB_POWER_OFF);
	return 0;
}
