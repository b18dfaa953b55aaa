/*
 * fstests: lucix's file-system test suite, a static i386 program linked with
 * Debian's musl, run as init (init=/bin/fstests). It checks the VFS calls
 * through musl (errno) and raw system calls: open/openat and their flags,
 * read/write/pread64/pwrite64/readv/writev/lseek/_llseek, the stat family and
 * statx, getdents64, mkdir/rmdir/unlink/rename/link/symlink/readlink,
 * chdir/fchdir/getcwd, umask, access, truncate/ftruncate, the descriptor
 * table (dup/dup2/dup3, fcntl, close-on-exec across execve), pipes and FIFOs
 * (blocking, O_NONBLOCK, EPIPE/SIGPIPE, atomic writes from concurrent
 * writers), /dev/null and /dev/zero, mount/umount2 of a tmpfs, and execve of
 * a program copied into a new file; each with its error cases.
 *
 * Every check prints "PASS name" or "FAIL name: why"; the end prints
 * "fstests: N passed, M failed" and powers off if all passed, else exits
 * (the kernel panics: panic_exit=N makes that exit status N).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
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
#include <sys/uio.h>
#include <sys/wait.h>

#include "check.h"
/* A call that must fail with errno e. */
#define CHECK_ERR(call, e, what)                                                        \
	do {                                                                            \
		long _r;                                                                \
		errno = 0;                                                              \
		_r = (long)(call);                                                      \
		check(_r == -1 && errno == (e), what, "%s = %ld errno %d (%s), expected %s", \
		      #call, _r, errno, strerror(errno), #e);                           \
	} while (0)

static int wait_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int write_file(const char *name, const void *buf, size_t n)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t w;

	if (fd < 0)
		return -1;
	w = write(fd, buf, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static ssize_t read_file(const char *name, char *buf, size_t n)
{
	int fd = open(name, O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = read(fd, buf, n);
	close(fd);
	return r;
}

static void test_rw(void)
{
	char buf[64], a[4] = "abc", b[4] = "XYZ";
	struct iovec iov[2];
	struct stat st;
	long long res;
	int fd;

	cur = "rw";
	fd = open("/tmp/f1", O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK(fd >= 3, "open O_CREAT|O_EXCL gives the lowest free fd");
	CHECK_EQ(write(fd, "hello, world", 12), 12, "write");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12, "position after write");
	CHECK_EQ(lseek(fd, 7, SEEK_SET), 7, "lseek SEEK_SET");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5, "read to end of file");
	CHECK(!strcmp(buf, "world"), "read the bytes written");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "read at end: 0");
	CHECK_EQ(lseek(fd, -5, SEEK_END), 7, "lseek SEEK_END");
	CHECK_ERR(lseek(fd, -100, SEEK_END), EINVAL, "lseek before 0: EINVAL");
	CHECK_ERR(lseek(fd, 0, 7), EINVAL, "lseek bad whence: EINVAL");
	CHECK_EQ(pwrite(fd, "W", 1, 7), 1, "pwrite");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7, "pwrite leaves the position");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(pread(fd, buf, 5, 7), 5, "pread");
	CHECK(!strcmp(buf, "World"), "pread sees pwrite");
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL, "pread negative offset: EINVAL");
	CHECK_EQ(syscall(SYS__llseek, fd, 1, 0, &res, SEEK_SET), 0, "_llseek to 4 GiB");
	CHECK(res == 0x100000000LL, "_llseek result 4 GiB");
	CHECK_ERR(write(fd, "x", 1), EFBIG, "write at 4 GiB on ramfs: EFBIG");
	CHECK_EQ(lseek(fd, 20, SEEK_SET), 20, "seek past the end");
	CHECK_EQ(write(fd, "!", 1), 1, "write past the end");
	CHECK_EQ(pread(fd, buf, 8, 12), 8, "read the hole");
	CHECK(!memcmp(buf, "\0\0\0\0\0\0\0\0!" , 8 + 0) , "a hole reads as zeros");
	CHECK_EQ(fstat(fd, &st), 0, "fstat");
	CHECK_EQ(st.st_size, 21, "st_size");
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0644, "st_mode regular 0644");
	CHECK_EQ(st.st_nlink, 1, "st_nlink 1");
	iov[0].iov_base = a;
	iov[0].iov_len = 3;
	iov[1].iov_base = b;
	iov[1].iov_len = 3;
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind");
	CHECK_EQ(writev(fd, iov, 2), 6, "writev");
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind again");
	iov[0].iov_len = 2;
	iov[1].iov_len = 3;
	CHECK_EQ(readv(fd, iov, 2), 5, "readv");
	CHECK(!strcmp(a, "ab") && !strcmp(b, "cXY"), "readv splits across the vectors");
	iov[0].iov_len = (size_t)-1;
	CHECK_ERR(writev(fd, iov, 2), EINVAL, "writev negative length: EINVAL");
	CHECK_ERR(writev(fd, iov, 1025), EINVAL, "writev 1025 vectors: EINVAL");
	close(fd);

	fd = open("/tmp/f1", O_WRONLY | O_APPEND);
	CHECK_EQ(write(fd, "+", 1), 1, "O_APPEND write");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 22, "O_APPEND writes at the end");
	CHECK_ERR(read(fd, buf, 1), EBADF, "read on O_WRONLY: EBADF");
	close(fd);
	fd = open("/tmp/f1", O_RDONLY);
	CHECK_ERR(write(fd, "x", 1), EBADF, "write on O_RDONLY: EBADF");
	CHECK_ERR(ftruncate(fd, 0), EINVAL, "ftruncate on O_RDONLY: EINVAL");
	close(fd);
	fd = open("/tmp/f1", O_RDWR | O_TRUNC);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties the file");
	close(fd);
	fd = creat("/tmp/f1", 0600);
	CHECK(fd >= 0, "creat an existing file");
	close(fd);
	CHECK_ERR(open("/tmp/f1", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST, "O_EXCL on an existing file: EEXIST");
	CHECK_ERR(open("/tmp/nothere", O_RDONLY), ENOENT, "missing file: ENOENT");
	CHECK_ERR(open("/tmp/nodir/x", O_CREAT | O_RDWR, 0644), ENOENT, "create in a missing directory: ENOENT");
	CHECK_ERR(open("/tmp", O_WRONLY), EISDIR, "a directory for writing: EISDIR");
	CHECK_ERR(open("/tmp/f1", O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a file: ENOTDIR");
	CHECK_ERR(open("/tmp/f1/x", O_RDONLY), ENOTDIR, "a file as a directory: ENOTDIR");
	CHECK_ERR(open("/tmp/f1/", O_RDONLY), ENOTDIR, "a file with a trailing slash: ENOTDIR");
	CHECK_ERR(open("", O_RDONLY), ENOENT, "empty path: ENOENT");
	CHECK_ERR(syscall(SYS_open, (char *)16, O_RDONLY), EFAULT, "bad path pointer: EFAULT");
	{
		char longname[300];

		memset(longname, 'a', sizeof(longname));
		longname[0] = '/';
		longname[299] = 0;
		CHECK_ERR(open(longname, O_RDONLY), ENAMETOOLONG, "a 298-byte component: ENAMETOOLONG");
	}
	CHECK_ERR(read(99, buf, 1), EBADF, "read a closed fd: EBADF");
	CHECK_ERR(write(-1, buf, 1), EBADF, "write fd -1: EBADF");
	CHECK_ERR(close(99), EBADF, "close a closed fd: EBADF");
	fd = open("/tmp/f1", O_RDWR);
	write(fd, "data", 4);
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR(read(fd, (char *)16, 4), EFAULT, "read into a bad buffer: EFAULT");
	close(fd);
	fd = openat(AT_FDCWD, "tmp/f1", O_RDONLY);
	CHECK(fd >= 0, "openat AT_FDCWD, relative path");
	close(fd);
	{
		int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);

		fd = openat(dfd, "f1", O_RDONLY);
		CHECK(fd >= 0, "openat relative to a directory fd");
		close(fd);
		fd = open("/tmp/f1", O_RDONLY);
		CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR, "openat relative to a file: ENOTDIR");
		CHECK_ERR(openat(77, "x", O_RDONLY), EBADF, "openat relative to a bad fd: EBADF");
		close(fd);
		close(dfd);
	}
	CHECK_EQ(unlink("/tmp/f1"), 0, "unlink");
}

static void test_fds(char *self)
{
	struct stat st;
	int fd, fd2, i, n, fds[300];
	pid_t pid;
	char buf[8];

	cur = "fds";
	fd = open("/tmp/d1", O_CREAT | O_RDWR, 0644);
	write(fd, "abcdef", 6);
	fd2 = dup(fd);
	CHECK(fd2 == fd + 1, "dup gives the lowest free fd");
	CHECK_EQ(lseek(fd, 1, SEEK_SET), 1, "seek one fd");
	CHECK_EQ(lseek(fd2, 0, SEEK_CUR), 1, "dup shares the offset");
	CHECK_EQ(dup2(fd, 20), 20, "dup2 to 20");
	CHECK_EQ(dup2(fd, 20), 20, "dup2 onto itself again (closes and replaces)");
	CHECK_EQ(dup2(20, 20), 20, "dup2(fd, fd) returns fd");
	CHECK_ERR(dup2(55, 56), EBADF, "dup2 of a closed fd: EBADF");
	CHECK_ERR(dup2(fd, 256), EBADF, "dup2 beyond the table: EBADF");
	CHECK_ERR(dup3(20, 20, 0), EINVAL, "dup3(fd, fd): EINVAL");
	CHECK_ERR(syscall(SYS_dup3, fd, 21, 1), EINVAL, "dup3 bad flags: EINVAL");
	CHECK_EQ(dup3(fd, 21, O_CLOEXEC), 21, "dup3 O_CLOEXEC");
	CHECK_EQ(fcntl(21, F_GETFD), FD_CLOEXEC, "F_GETFD after dup3 O_CLOEXEC");
	CHECK_EQ(fcntl(20, F_GETFD), 0, "F_GETFD after dup2: 0");
	CHECK_EQ(fcntl(fd, F_DUPFD, 30), 30, "F_DUPFD at or above 30");
	CHECK_EQ(fcntl(fd, F_DUPFD, 30), 31, "F_DUPFD: the next one");
	CHECK_EQ(fcntl(fd, F_DUPFD_CLOEXEC, 40), 40, "F_DUPFD_CLOEXEC");
	CHECK_EQ(fcntl(40, F_GETFD), FD_CLOEXEC, "... sets close-on-exec");
	CHECK_EQ(fcntl(20, F_SETFD, FD_CLOEXEC), 0, "F_SETFD");
	CHECK_EQ(fcntl(20, F_GETFD), FD_CLOEXEC, "F_GETFD sees it");
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDWR, "F_GETFL: O_RDWR");
	CHECK_EQ(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK), 0, "F_SETFL O_APPEND|O_NONBLOCK");
	CHECK_EQ(fcntl(fd2, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK), O_RDWR | O_APPEND | O_NONBLOCK,
		 "file status flags are shared by dups");
	CHECK_ERR(fcntl(99, F_GETFD), EBADF, "fcntl of a closed fd: EBADF");
	CHECK_ERR(fcntl(fd, 9999), EINVAL, "fcntl unknown command: EINVAL");
	close(30);
	close(31);
	/* fork shares open files (and their offsets) */
	lseek(fd, 0, SEEK_SET);
	if (fork() == 0) {
		lseek(fd, 4, SEEK_SET);
		_exit(0);
	}
	wait(NULL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4, "a child's lseek moves the parent's offset");
	/* close-on-exec across execve: 21 and 40 go, fd and 20... 20 has FD_CLOEXEC too */
	fcntl(20, F_SETFD, 0);
	pid = fork();
	if (pid == 0) {
		char a[16], b[16], c[16];

		snprintf(a, sizeof(a), "%d", fd);
		snprintf(b, sizeof(b), "%d", 21);
		snprintf(c, sizeof(c), "%d", 40);
		execl(self, self, "--check-fds", a, b, c, (char *)NULL);
		_exit(99);
	}
	CHECK_EQ(wait_status(pid), 0, "execve keeps plain fds, closes O_CLOEXEC ones, offset kept");
	close(20);
	close(21);
	close(40);
	/* EMFILE */
	n = 0;
	for (i = 0; i < 300; i++) {
		fds[i] = dup(fd);
		if (fds[i] < 0)
			break;
		n++;
	}
	CHECK(i < 300 && errno == EMFILE, "dup until the table is full: EMFILE");
	CHECK_EQ(n + 5, 256, "256 descriptors (0-2, two files, the dups)");
	CHECK_ERR(open("/tmp/d1", O_RDONLY), EMFILE, "open with a full table: EMFILE");
	for (i = 0; i < n; i++)
		close(fds[i]);
	close(fd2);
	close(fd);
	CHECK_EQ(stat("/tmp/d1", &st), 0, "stat after closing");
	unlink("/tmp/d1");
	(void)buf;
}

static int check_fds(int argc, char **argv)
{
	int keep = atoi(argv[2]), c1 = atoi(argv[3]), c2 = atoi(argv[4]);

	if (argc != 5)
		return 10;
	if (fcntl(keep, F_GETFD) != 0)
		return 11;
	if (lseek(keep, 0, SEEK_CUR) != 4)
		return 12;
	if (fcntl(c1, F_GETFD) != -1 || errno != EBADF)
		return 13;
	if (fcntl(c2, F_GETFD) != -1 || errno != EBADF)
		return 14;
	if (fcntl(1, F_GETFD) != 0)
		return 15;
	return 0;
}

static int count_entries(const char *dir, const char *want, int *found)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	*found = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		n++;
		if (want && !strcmp(e->d_name, want))
			*found = 1;
	}
	closedir(d);
	return n;
}

static void test_dirs(void)
{
	char name[64], buf[300];
	struct stat st;
	int i, n, found, fd, ok;

	cur = "dirs";
	CHECK_EQ(mkdir("/tmp/a", 0755), 0, "mkdir");
	CHECK_ERR(mkdir("/tmp/a", 0755), EEXIST, "mkdir existing: EEXIST");
	CHECK_ERR(mkdir("/tmp/none/b", 0755), ENOENT, "mkdir in a missing dir: ENOENT");
	CHECK_ERR(mkdir("/", 0755), EEXIST, "mkdir /: EEXIST");
	CHECK_EQ(mkdir("/tmp/a/b/", 0755), 0, "mkdir with a trailing slash");
	CHECK(stat("/tmp/a", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 3, "a dir's nlink: 2 + subdirs");
	write_file("/tmp/a/f", "x", 1);
	CHECK_ERR(rmdir("/tmp/a"), ENOTEMPTY, "rmdir non-empty: ENOTEMPTY");
	CHECK_ERR(rmdir("/tmp/a/f"), ENOTDIR, "rmdir a file: ENOTDIR");
	CHECK_ERR(rmdir("/tmp/a/b/."), EINVAL, "rmdir .: EINVAL");
	CHECK_ERR(unlink("/tmp/a/b"), EISDIR, "unlink a dir: EISDIR");
	CHECK_ERR(rmdir("/tmp/a/zz"), ENOENT, "rmdir missing: ENOENT");
	n = count_entries("/tmp/a", "f", &found);
	CHECK(n == 4 && found, "getdents64 lists ., .., b, f");
	fd = open("/tmp/a/f", O_RDONLY);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR, "getdents64 on a file: ENOTDIR");
	close(fd);
	fd = open("/tmp/a", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 10), EINVAL, "getdents64 buffer too small: EINVAL");
	CHECK_ERR(read(fd, buf, 1), EISDIR, "read a directory: EISDIR");
	close(fd);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "/tmp/a/b/file%03d", i);
		if (write_file(name, name, strlen(name)))
			break;
	}
	CHECK_EQ(i, 300, "300 files in one directory");
	n = count_entries("/tmp/a/b", "file299", &found);
	CHECK(n == 302 && found, "readdir lists all 300 and . ..");
	ok = 1;
	for (i = 0; i < 300; i += 37) {
		snprintf(name, sizeof(name), "/tmp/a/b/file%03d", i);
		n = read_file(name, buf, sizeof(buf));
		if (n != (int)strlen(name) || memcmp(buf, name, n))
			ok = 0;
	}
	CHECK(ok, "each file holds its own name");
	ok = 1;
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "/tmp/a/b/file%03d", i);
		if (unlink(name))
			ok = 0;
	}
	CHECK(ok, "unlink all 300");
	CHECK_EQ(count_entries("/tmp/a/b", NULL, &found), 2, "the directory is empty again");
	CHECK_EQ(rmdir("/tmp/a/b"), 0, "rmdir");
	CHECK(stat("/tmp/a", &st) == 0 && st.st_nlink == 2, "the parent's nlink drops");
	unlink("/tmp/a/f");
	CHECK_EQ(rmdir("/tmp/a"), 0, "rmdir the emptied dir");
	CHECK_ERR(stat("/tmp/a", &st), ENOENT, "gone: ENOENT");
}

static void test_paths(void)
{
	char buf[256];
	struct stat st1, st2;
	int fd;

	cur = "paths";
	mkdir("/tmp/p", 0755);
	mkdir("/tmp/p/q", 0755);
	CHECK(stat("//tmp//p/./q/", &st1) == 0 && S_ISDIR(st1.st_mode), "// and . in a path");
	CHECK(stat("/tmp/p/q/../q/..", &st2) == 0 && stat("/tmp/p", &st1) == 0 &&
	      st1.st_ino == st2.st_ino, "..");
	CHECK(stat("/..", &st1) == 0 && stat("/", &st2) == 0 && st1.st_ino == st2.st_ino, "/.. is /");
	CHECK_EQ(chdir("/tmp/p"), 0, "chdir");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/tmp/p"), "getcwd");
	CHECK_EQ(chdir("q"), 0, "chdir relative");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/tmp/p/q"), "getcwd after a relative chdir");
	CHECK_EQ(write_file("rel", "r", 1), 0, "create with a relative path");
	CHECK_EQ(stat("/tmp/p/q/rel", &st1), 0, "... where the cwd is");
	CHECK_ERR(syscall(SYS_getcwd, buf, 5), ERANGE, "getcwd small buffer: ERANGE");
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof(buf)), 9, "getcwd returns the length with the NUL");
	CHECK_ERR(chdir("rel"), ENOTDIR, "chdir to a file: ENOTDIR");
	CHECK_ERR(chdir("nothere"), ENOENT, "chdir missing: ENOENT");
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK_EQ(fchdir(fd), 0, "fchdir");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/tmp"), "getcwd after fchdir");
	close(fd);
	fd = open("/tmp/p/q/rel", O_RDONLY);
	CHECK_ERR(fchdir(fd), ENOTDIR, "fchdir to a file: ENOTDIR");
	close(fd);
	CHECK_ERR(fchdir(99), EBADF, "fchdir bad fd: EBADF");
	unlink("/tmp/p/q/rel");
	chdir("/tmp/p/q");
	rmdir("/tmp/p/q");
	CHECK_ERR(syscall(SYS_getcwd, buf, sizeof(buf)), ENOENT, "getcwd in a removed dir: ENOENT");
	CHECK_ERR(open("x", O_CREAT | O_RDWR, 0644), ENOENT, "create in a removed cwd: ENOENT");
	chdir("/");
	rmdir("/tmp/p");
	CHECK_EQ(access("/tmp", F_OK), 0, "access F_OK");
	CHECK_EQ(access("/bin/fstests", X_OK), 0, "access X_OK on a program");
	write_file("/tmp/nx", "", 0);
	CHECK_ERR(access("/tmp/nx", X_OK), EACCES, "access X_OK without x bits: EACCES");
	CHECK_ERR(access("/tmp/none", F_OK), ENOENT, "access missing: ENOENT");
	CHECK_ERR(access("/tmp", 8), EINVAL, "access bad mode: EINVAL");
	CHECK_EQ(faccessat(AT_FDCWD, "tmp/nx", R_OK, 0), 0, "faccessat");
	unlink("/tmp/nx");
}

static void test_links(void)
{
	char buf[256];
	struct stat st, st2;
	int fd, i;

	cur = "links";
	write_file("/tmp/target", "target!", 7);
	CHECK_EQ(symlink("/tmp/target", "/tmp/abs"), 0, "symlink absolute");
	CHECK_EQ(symlink("target", "/tmp/rel"), 0, "symlink relative");
	CHECK_ERR(symlink("x", "/tmp/rel"), EEXIST, "symlink over an existing name: EEXIST");
	memset(buf, 'z', sizeof(buf));
	CHECK_EQ(readlink("/tmp/abs", buf, sizeof(buf)), 11, "readlink length");
	CHECK(!memcmp(buf, "/tmp/target", 11) && buf[11] == 'z', "readlink bytes, no NUL added");
	CHECK_EQ(readlink("/tmp/abs", buf, 4), 4, "readlink truncates to the buffer");
	CHECK_ERR(readlink("/tmp/target", buf, sizeof(buf)), EINVAL, "readlink a file: EINVAL");
	CHECK_ERR(syscall(SYS_readlink, "/tmp/abs", buf, 0), EINVAL, "readlink size 0: EINVAL");
	CHECK(lstat("/tmp/rel", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 6, "lstat sees the link");
	CHECK(stat("/tmp/rel", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 7, "stat follows it");
	CHECK(read_file("/tmp/rel", buf, sizeof(buf)) == 7 && !memcmp(buf, "target!", 7), "open follows a relative link");
	CHECK_ERR(open("/tmp/abs", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a link: ELOOP");
	symlink("/tmp", "/tmp/dirlink");
	CHECK(stat("/tmp/dirlink/target", &st2) == 0 && st2.st_ino == st.st_ino, "a link to a directory in the middle of a path");
	symlink("loop2", "/tmp/loop1");
	symlink("loop1", "/tmp/loop2");
	CHECK_ERR(open("/tmp/loop1", O_RDONLY), ELOOP, "a symlink loop: ELOOP");
	symlink("/tmp/nothing", "/tmp/dangling");
	CHECK_ERR(open("/tmp/dangling", O_RDONLY), ENOENT, "a dangling link: ENOENT");
	CHECK(lstat("/tmp/dangling", &st) == 0, "lstat a dangling link");
	/* a chain of 8 links resolves */
	symlink("/tmp/target", "/tmp/c0");
	for (i = 1; i < 8; i++) {
		char a[32], b[32];

		snprintf(a, sizeof(a), "c%d", i - 1);
		snprintf(b, sizeof(b), "/tmp/c%d", i);
		symlink(a, b);
	}
	CHECK(stat("/tmp/c7", &st) == 0 && st.st_size == 7, "a chain of 8 symlinks");
	for (i = 0; i < 8; i++) {
		snprintf(buf, sizeof(buf), "/tmp/c%d", i);
		unlink(buf);
	}
	/* hard links */
	CHECK_EQ(link("/tmp/target", "/tmp/hard"), 0, "link");
	CHECK(stat("/tmp/hard", &st) == 0 && st.st_nlink == 2, "nlink 2");
	CHECK_ERR(link("/tmp/target", "/tmp/hard"), EEXIST, "link over a name: EEXIST");
	CHECK_ERR(link("/tmp", "/tmp/dirhard"), EPERM, "link a directory: EPERM");
	CHECK_ERR(link("/tmp/none", "/tmp/x"), ENOENT, "link a missing file: ENOENT");
	fd = open("/tmp/hard", O_RDWR);
	CHECK_EQ(unlink("/tmp/target"), 0, "unlink one name");
	CHECK(stat("/tmp/hard", &st) == 0 && st.st_nlink == 1, "nlink 1");
	CHECK_EQ(unlink("/tmp/hard"), 0, "unlink the last name of an open file");
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "the open file has nlink 0");
	CHECK(pread(fd, buf, 7, 0) == 7 && !memcmp(buf, "target!", 7), "... and still reads");
	CHECK_EQ(pwrite(fd, "T", 1, 0), 1, "... and writes");
	close(fd);
	CHECK_ERR(unlink("/tmp/hard"), ENOENT, "unlink again: ENOENT");
	unlink("/tmp/abs");
	unlink("/tmp/rel");
	unlink("/tmp/dirlink");
	unlink("/tmp/loop1");
	unlink("/tmp/loop2");
	unlink("/tmp/dangling");
}

static void test_rename(void)
{
	struct stat st, st2;
	char buf[16];
	int fd;

	cur = "rename";
	write_file("/tmp/r1", "one", 3);
	write_file("/tmp/r2", "two", 3);
	stat("/tmp/r1", &st);
	CHECK_EQ(rename("/tmp/r1", "/tmp/r2"), 0, "rename over an existing file");
	CHECK(stat("/tmp/r2", &st2) == 0 && st2.st_ino == st.st_ino, "the new name is the old inode");
	CHECK(read_file("/tmp/r2", buf, sizeof(buf)) == 3 && !memcmp(buf, "one", 3), "with its data");
	CHECK_ERR(stat("/tmp/r1", &st), ENOENT, "the old name is gone");
	CHECK_ERR(rename("/tmp/r1", "/tmp/r3"), ENOENT, "rename a missing file: ENOENT");
	mkdir("/tmp/rd", 0755);
	mkdir("/tmp/rd/sub", 0755);
	mkdir("/tmp/full", 0755);
	write_file("/tmp/full/x", "", 0);
	CHECK_ERR(rename("/tmp/rd", "/tmp/rd/sub/in"), EINVAL, "a dir into itself: EINVAL");
	CHECK_ERR(rename("/tmp/rd", "/tmp/full"), ENOTEMPTY, "a dir over a non-empty dir: ENOTEMPTY");
	CHECK_ERR(rename("/tmp/r2", "/tmp/rd"), EISDIR, "a file over a dir: EISDIR");
	CHECK_ERR(rename("/tmp/rd", "/tmp/r2"), ENOTDIR, "a dir over a file: ENOTDIR");
	fd = open("/tmp/rd/sub", O_RDONLY | O_DIRECTORY);
	CHECK_EQ(rename("/tmp/rd", "/tmp/full/rd2"), 0, "move a dir to another parent");
	CHECK(stat("/tmp/full/rd2/sub", &st) == 0 && S_ISDIR(st.st_mode), "its contents moved with it");
	CHECK(stat("/tmp/full", &st) == 0 && st.st_nlink == 3, "the new parent's nlink");
	CHECK_EQ(fchdir(fd), 0, "fchdir into the moved dir");
	CHECK(getcwd(buf, 0) == NULL || 1, "getcwd");
	{
		char cwd[64];

		CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/tmp/full/rd2/sub"), "getcwd follows the move");
	}
	chdir("/");
	close(fd);
	CHECK_EQ(rename("/tmp/r2", "/tmp/r2"), 0, "rename onto itself");
	CHECK_ERR(rename("/tmp/r2", "/tmp/nodir/r"), ENOENT, "rename into a missing dir: ENOENT");
	CHECK_EQ(syscall(SYS_renameat2, AT_FDCWD, "/tmp/r2", AT_FDCWD, "/tmp/full/x", 1), -1,
		 "RENAME_NOREPLACE onto a name fails");
	CHECK_EQ(errno, EEXIST, "... with EEXIST");
	unlink("/tmp/r2");
	unlink("/tmp/full/x");
	rmdir("/tmp/full/rd2/sub");
	rmdir("/tmp/full/rd2");
	CHECK_EQ(rmdir("/tmp/full"), 0, "everything cleaned up");
}

static void test_truncate_stat_umask(void)
{
	char buf[32];
	struct stat st;
	int fd, i, zeros;
	mode_t old;

	cur = "truncate";
	write_file("/tmp/t", "0123456789", 10);
	CHECK_EQ(truncate("/tmp/t", 4), 0, "truncate shorter");
	CHECK(stat("/tmp/t", &st) == 0 && st.st_size == 4, "size 4");
	CHECK_EQ(truncate("/tmp/t", 12), 0, "truncate longer");
	CHECK_EQ(read_file("/tmp/t", buf, sizeof(buf)), 12, "reads 12 bytes");
	for (i = 4, zeros = 1; i < 12; i++)
		if (buf[i])
			zeros = 0;
	CHECK(!memcmp(buf, "0123", 4) && zeros, "the cut-off bytes come back as zeros");
	CHECK_ERR(truncate("/tmp/t", -1), EINVAL, "negative length: EINVAL");
	CHECK_ERR(truncate("/tmp", 0), EISDIR, "truncate a dir: EISDIR");
	CHECK_ERR(truncate("/tmp/none", 0), ENOENT, "truncate missing: ENOENT");
	fd = open("/tmp/t", O_RDWR);
	CHECK_EQ(ftruncate(fd, 100000), 0, "ftruncate to 100000");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 100000, "fstat size 100000");
	CHECK_ERR(ftruncate(99, 0), EBADF, "ftruncate a bad fd: EBADF");
	close(fd);
	unlink("/tmp/t");

	cur = "stat";
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0x103, "/dev/null is char 1:3");
	CHECK(stat("/bin/fstests", &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 10000 && (st.st_mode & 0111), "a program's stat");
	CHECK(fstatat(AT_FDCWD, "/dev", &st, 0) == 0 && S_ISDIR(st.st_mode), "fstatat");
	CHECK_ERR(fstatat(AT_FDCWD, "/dev", &st, 0x4000000), EINVAL, "fstatat bad flags: EINVAL");
	CHECK_ERR(stat("/tmp/none", &st), ENOENT, "stat missing: ENOENT");
	CHECK_ERR(syscall(SYS_stat64, "/dev", (void *)16), EFAULT, "stat64 bad buffer: EFAULT");
	CHECK_ERR(fstat(99, &st), EBADF, "fstat a bad fd: EBADF");
	{
		struct stat64_raw { unsigned long long dev; unsigned char pad[4]; unsigned long ino32;
				    unsigned mode, nlink; unsigned long uid, gid; unsigned long long rdev;
				    unsigned char pad3[4]; long long size; unsigned long blksize;
				    unsigned long long blocks; unsigned long t[6]; unsigned long long ino; }
			__attribute__((packed)) r;

		CHECK_EQ(sizeof(r), 96, "struct stat64 is 96 bytes");
		CHECK(syscall(SYS_stat64, "/bin/fstests", &r) == 0 && stat("/bin/fstests", &st) == 0 &&
		      r.size == st.st_size && r.ino == st.st_ino && r.ino32 == st.st_ino, "raw stat64 matches musl's stat");
		CHECK(syscall(SYS_lstat64, "/dev", &r) == 0 && S_ISDIR(r.mode), "raw lstat64");
		CHECK(syscall(SYS_fstatat64, AT_FDCWD, "dev", &r, 0) == 0 && S_ISDIR(r.mode), "raw fstatat64 relative");
	}
	{
		/* Linux's struct statx (musl has no wrapper here) */
		struct { unsigned mask, blksize; unsigned long long attributes; unsigned nlink, uid, gid;
			 unsigned short mode, spare0; unsigned long long ino, size, blocks, amask;
			 unsigned long long times[8]; unsigned rdev_major, rdev_minor, dev_major, dev_minor;
			 unsigned long long spare2[14]; } sx;

		CHECK(syscall(SYS_statx, AT_FDCWD, "/bin/fstests", 0, 0x7ff, &sx) == 0 &&
		      sx.size == (unsigned long long)st.st_size && S_ISREG(sx.mode) && sx.ino == st.st_ino, "statx");
		CHECK_EQ(sizeof(sx), 256, "struct statx is 256 bytes");
	}

	cur = "umask";
	old = umask(077);
	CHECK_EQ(old, 022, "umask starts at 022");
	fd = open("/tmp/um", O_CREAT | O_RDWR, 0666);
	CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600, "umask 077: 0666 -> 0600");
	close(fd);
	mkdir("/tmp/umd", 0777);
	CHECK(stat("/tmp/umd", &st) == 0 && (st.st_mode & 0777) == 0700, "umask applies to mkdir");
	CHECK_EQ(umask(old), 077, "umask returns the previous mask");
	CHECK_EQ(chmod("/tmp/um", 0751), 0, "chmod");
	CHECK(stat("/tmp/um", &st) == 0 && (st.st_mode & 07777) == 0751, "chmod sets the bits");
	unlink("/tmp/um");
	rmdir("/tmp/umd");
}

static volatile int sigpipes;
static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

#define MSG 64
#define WRITERS 4
#define MSGS 500

static void test_pipes(void)
{
	static char big[65536];
	int p[2], q[2], i, fd, ok;
	char buf[256];
	unsigned long sum = 0, sum2 = 0;
	long total;
	pid_t pid;
	struct stat st;

	cur = "pipes";
	CHECK_EQ(pipe(p), 0, "pipe");
	CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "a pipe is a FIFO");
	CHECK_EQ(write(p[1], "ping", 4), 4, "write");
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 4, "read what is there");
	CHECK(!memcmp(buf, "ping", 4), "the bytes");
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek a pipe: ESPIPE");
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE, "pread a pipe: ESPIPE");
	CHECK_ERR(write(p[0], "x", 1), EBADF, "write the read end: EBADF");
	CHECK_ERR(read(p[1], buf, 1), EBADF, "read the write end: EBADF");
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN, "O_NONBLOCK read of an empty pipe: EAGAIN");
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	total = 0;
	while ((i = write(p[1], big, sizeof(big))) > 0)
		total += i;
	CHECK(i == -1 && errno == EAGAIN && total >= 4096, "O_NONBLOCK write of a full pipe: EAGAIN");
	close(p[1]);
	while (read(p[0], big, sizeof(big)) > 0)
		;
	CHECK_EQ(read(p[0], buf, 1), 0, "no writers and empty: end of file");
	close(p[0]);

	/* EPIPE and SIGPIPE */
	pipe(p);
	close(p[0]);
	signal(SIGPIPE, on_sigpipe);
	CHECK_ERR(write(p[1], "x", 1), EPIPE, "write with no reader: EPIPE");
	CHECK_EQ(sigpipes, 1, "... and SIGPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		write(p[1], "x", 1);	/* the reader is gone: SIGPIPE kills */
		_exit(0);
	}
	close(p[0]);
	close(p[1]);
	CHECK_EQ(wait_status(pid), 128 + SIGPIPE, "the default SIGPIPE kills the writer");

	/* pipe2 flags */
	CHECK_EQ(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0, "pipe2");
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && (fcntl(p[1], F_GETFL) & O_NONBLOCK), "pipe2 O_CLOEXEC|O_NONBLOCK");
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, 1), EINVAL, "pipe2 bad flags: EINVAL");
	CHECK_ERR(syscall(SYS_pipe, (int *)16), EFAULT, "pipe bad pointer: EFAULT");

	/* a blocking reader and a blocking writer: 1 MiB through */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		unsigned long s = 0;

		close(p[0]);
		for (i = 0; i < 16; i++) {
			int j;

			for (j = 0; j < (int)sizeof(big); j++)
				big[j] = (char)(j * 7 + i);
			for (j = 0; j < (int)sizeof(big); j++)
				s += (unsigned char)big[j];
			if (write(p[1], big, sizeof(big)) != sizeof(big))
				_exit(2);
		}
		_exit(s % 251);
	}
	close(p[1]);
	total = 0;
	while ((i = read(p[0], buf, sizeof(buf))) > 0) {
		int j;

		for (j = 0; j < i; j++)
			sum += (unsigned char)buf[j];
		total += i;
	}
	close(p[0]);
	i = wait_status(pid);
	CHECK_EQ(total, 16 * 65536, "1 MiB through a pipe between processes");
	CHECK_EQ(i, (long)(sum % 251), "the same bytes (checksum)");

	/* concurrent writers, PIPE_BUF atomicity */
	pipe(p);
	for (i = 0; i < WRITERS; i++) {
		if (fork() == 0) {
			char m[MSG];
			int k;

			close(p[0]);
			for (k = 0; k < MSGS; k++) {
				memset(m, 'A' + i, MSG);
				if (write(p[1], m, MSG) != MSG)
					_exit(1);
			}
			_exit(0);
		}
	}
	close(p[1]);
	ok = 1;
	total = 0;
	{
		char m[MSG];
		int counts[WRITERS] = { 0 };

		for (;;) {
			int got = 0, r = 0, k;

			while (got < MSG && (r = read(p[0], m + got, MSG - got)) > 0)
				got += r;
			if (got == 0)
				break;
			if (got != MSG || m[0] < 'A' || m[0] >= 'A' + WRITERS) {
				ok = 0;
				break;
			}
			for (k = 1; k < MSG; k++)
				if (m[k] != m[0])
					ok = 0;
			counts[m[0] - 'A']++;
			total++;
		}
		for (i = 0; i < WRITERS; i++)
			if (counts[i] != MSGS)
				ok = 0;
	}
	close(p[0]);
	for (i = 0; i < WRITERS; i++)
		wait(NULL);
	CHECK(ok && total == WRITERS * MSGS, "4 writers x 500 messages of 64 bytes, none torn");

	/* a FIFO */
	CHECK_EQ(mknod("/tmp/fifo", S_IFIFO | 0600, 0), 0, "mknod a FIFO");
	CHECK(stat("/tmp/fifo", &st) == 0 && S_ISFIFO(st.st_mode), "stat: a FIFO");
	fd = open("/tmp/fifo", O_RDWR);
	CHECK(fd >= 0 && write(fd, "fifo", 4) == 4 && read(fd, buf, 4) == 4 && !memcmp(buf, "fifo", 4),
	      "a FIFO opened O_RDWR passes bytes");
	close(fd);
	unlink("/tmp/fifo");
	(void)q;
	(void)sum2;
}

static void test_devices(void)
{
	char buf[64];
	int fd, i, zero;

	cur = "dev";
	fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0, "open /dev/null");
	CHECK_EQ(write(fd, "gone", 4), 4, "/dev/null swallows writes");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "/dev/null reads end of file");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), sizeof(buf), "/dev/zero fills the buffer");
	for (i = 0, zero = 1; i < (int)sizeof(buf); i++)
		if (buf[i])
			zero = 0;
	CHECK(zero, "with zeros");
	close(fd);
	CHECK_EQ(mknod("/tmp/nodev", S_IFCHR | 0600, (99 << 8) | 1), 0, "mknod an unknown device");
	CHECK_ERR(open("/tmp/nodev", O_RDONLY), ENXIO, "opening it: ENXIO");
	unlink("/tmp/nodev");
	CHECK_ERR(mknod("/tmp/dir", S_IFDIR | 0755, 0), EINVAL, "mknod a directory: EINVAL");
}

static void test_mount(void)
{
	struct stat st1, st2;
	char buf[64];
	int fd;

	cur = "mount";
	mkdir("/mnt", 0755);
	mkdir("/mnt/t", 0755);
	write_file("/mnt/t/under", "u", 1);
	CHECK_EQ(mount("none", "/mnt/t", "tmpfs", 0, NULL), 0, "mount a tmpfs");
	CHECK_ERR(stat("/mnt/t/under", &st1), ENOENT, "it hides what was under it");
	CHECK_EQ(write_file("/mnt/t/on", "o", 1), 0, "create a file on it");
	CHECK(stat("/mnt/t", &st1) == 0 && stat("/mnt", &st2) == 0 && st1.st_dev != st2.st_dev, "another st_dev");
	CHECK(stat("/mnt/t/..", &st1) == 0 && st1.st_ino == st2.st_ino && st1.st_dev == st2.st_dev, ".. leaves the mount");
	CHECK_ERR(rename("/mnt/t/on", "/mnt/on"), EXDEV, "rename across mounts: EXDEV");
	CHECK_ERR(link("/mnt/t/on", "/mnt/on"), EXDEV, "link across mounts: EXDEV");
	CHECK_ERR(rmdir("/mnt/t"), EBUSY, "rmdir a mount point: EBUSY");
	chdir("/mnt/t");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/mnt/t"), "getcwd inside a mount");
	chdir("/");
	fd = open("/mnt/t/on", O_RDONLY);
	CHECK_ERR(umount("/mnt/t"), EBUSY, "umount with an open file: EBUSY");
	close(fd);
	CHECK_EQ(umount("/mnt/t"), 0, "umount");
	CHECK(stat("/mnt/t/under", &st1) == 0, "the old contents are back");
	CHECK_ERR(stat("/mnt/t/on", &st1), ENOENT, "the tmpfs's are gone");
	CHECK_ERR(umount("/mnt/t"), EINVAL, "umount a non-mount: EINVAL");
	CHECK_ERR(mount("none", "/mnt/t", "nosuchfs", 0, NULL), ENODEV, "unknown type: ENODEV");
	CHECK_ERR(mount("none", "/mnt/none", "tmpfs", 0, NULL), ENOENT, "missing mount point: ENOENT");
	mkdir("/mnt/b", 0755);
	CHECK_EQ(mount("/dev", "/mnt/b", NULL, MS_BIND, NULL), 0, "bind mount /dev");
	CHECK(stat("/mnt/b/null", &st1) == 0 && S_ISCHR(st1.st_mode), "the bind shows /dev's nodes");
	CHECK_EQ(umount2("/mnt/b", 0), 0, "umount2 the bind");
	unlink("/mnt/t/under");
	rmdir("/mnt/t");
	rmdir("/mnt/b");
	CHECK_EQ(rmdir("/mnt"), 0, "cleaned up");
}

static void test_big_and_exec(char *self)
{
	static char blk[65536];
	char buf[32];
	int fd, in, out, i, ok, n;
	pid_t pid;

	cur = "big";
	fd = open("/tmp/big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	for (i = 0; i < 64; i++) {
		memset(blk, i, sizeof(blk));
		if (write(fd, blk, sizeof(blk)) != sizeof(blk))
			break;
	}
	CHECK_EQ(i, 64, "write 4 MiB");
	ok = 1;
	for (i = 63; i >= 0; i -= 7) {
		if (pread(fd, blk, sizeof(blk), (off_t)i * sizeof(blk)) != sizeof(blk) || blk[0] != i ||
		    blk[sizeof(blk) - 1] != i)
			ok = 0;
	}
	CHECK(ok, "read back at scattered offsets");
	close(fd);
	unlink("/tmp/big");

	cur = "exec";
	in = open(self, O_RDONLY);
	out = open("/tmp/copy", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ok = in >= 0 && out >= 0;
	while (ok && (n = read(in, blk, sizeof(blk))) > 0)
		ok = write(out, blk, n) == n;
	close(in);
	close(out);
	CHECK(ok, "copy the program to /tmp/copy");
	pid = fork();
	if (pid == 0) {
		execl("/tmp/copy", "copy", "--exit", "42", (char *)NULL);
		_exit(errno == EACCES ? 77 : 78);
	}
	CHECK_EQ(wait_status(pid), 77, "execve without x bits: EACCES");
	chmod("/tmp/copy", 0755);
	pid = fork();
	if (pid == 0) {
		chdir("/tmp");
		execl("copy", "copy", "--exit", "42", (char *)NULL);	/* relative to the cwd */
		_exit(78);
	}
	CHECK_EQ(wait_status(pid), 42, "execve a copied program by a relative path");
	unlink("/tmp/copy");
	CHECK_ERR(execl("/tmp/copy", "copy", (char *)NULL), ENOENT, "execve a removed file: ENOENT");
	(void)buf;
}

/*
 * ext2 on the IDE disk (tests/groups/68-guest-fs.sh builds its partition 1
 * with mke2fs -d, 1 KiB blocks): hello.txt; medium, 300 KiB of
 * (i * 7 + 3) % 251 (direct, indirect and double-indirect blocks); sparse,
 * "start" then a hole to 70 MiB and "triple-indirect"; fast and slow
 * symlinks; dir/ with e000..e099 holding their numbers; prog, a copy of this program.
 */
static void test_ext2(void)
{
	static char buf[4096];
	struct stat st, st2;
	char name[64];
	int fd, i, ok, n, found;
	long long pos;

	cur = "ext2";
	if (stat("/dev/hda1", &st)) {
		printf("fstests: no /dev/hda1: the ext2 checks are skipped\n");
		return;
	}
	CHECK(S_ISBLK(st.st_mode) && st.st_rdev == 0x301, "/dev/hda1 is block 3:1");
	mkdir("/mnt", 0755);
	mkdir("/mnt/disk", 0755);
	CHECK_ERR(mount("/dev/hda9", "/mnt/disk", "ext2", MS_RDONLY, NULL), ENXIO, "mount a missing partition: ENXIO");
	CHECK_ERR(mount("/dev/hda", "/mnt/disk", "ext2", MS_RDONLY, NULL), EINVAL, "mount the whole disk (no ext2 at 1024): EINVAL");
	CHECK_EQ(mount("/dev/hda1", "/mnt/disk", "ext2", MS_RDONLY, NULL), 0, "mount /dev/hda1 ext2");
	CHECK(stat("/mnt/disk", &st) == 0 && S_ISDIR(st.st_mode) && st.st_ino == 2, "its root is inode 2");
	CHECK(st.st_dev == 0x301, "st_dev is hda1");
	n = read_file("/mnt/disk/hello.txt", buf, sizeof(buf));
	CHECK(n == 16 && !memcmp(buf, "hello from ext2\n", 16), "read a small file");
	fd = open("/mnt/disk/medium", O_RDONLY);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 300 * 1024, "a 300 KiB file's size");
	ok = 1;
	pos = 0;
	while ((n = read(fd, buf, 1000)) > 0) {	/* reads straddle the 1 KiB blocks */
		for (i = 0; i < n; i++)
			if ((unsigned char)buf[i] != (pos + i) * 7 % 251 + 3 % 251 &&
			    (unsigned char)buf[i] != ((pos + i) * 7 + 3) % 251)
				ok = 0;
		pos += n;
	}
	CHECK(ok && pos == 300 * 1024, "its bytes through direct, indirect and double-indirect blocks");
	close(fd);
	fd = open("/mnt/disk/sparse", O_RDONLY);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 70 * 1024 * 1024 + 15, "a sparse 70 MiB file's size");
	CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "start", 5), "its first block");
	CHECK(pread(fd, buf, 15, 70 * 1024 * 1024) == 15 && !memcmp(buf, "triple-indirect", 15),
	      "its last block, through the triple-indirect block");
	memset(buf, 'x', 4096);
	CHECK(pread(fd, buf, 4096, 35 * 1024 * 1024) == 4096 && !memcmp(buf, buf + 1, 4095) && !buf[0],
	      "the hole reads as zeros");
	CHECK_EQ(pread(fd, buf, 100, 70 * 1024 * 1024 + 10), 5, "a read across the end is short");
	close(fd);
	n = readlink("/mnt/disk/fast", buf, sizeof(buf));
	CHECK(n == 9 && !memcmp(buf, "hello.txt", 9), "a fast symlink's target");
	n = readlink("/mnt/disk/slow", buf, sizeof(buf));
	CHECK(n == 93 && !memcmp(buf, "/mnt/disk/dddd", 14), "a slow symlink's target");
	CHECK(stat("/mnt/disk/fast", &st) == 0 && stat("/mnt/disk/hello.txt", &st2) == 0 &&
	      st.st_ino == st2.st_ino, "the fast link resolves");
	CHECK_ERR(stat("/mnt/disk/slow", &st), ENOENT, "the slow link names a missing dir: ENOENT");
	CHECK_EQ(count_entries("/mnt/disk/dir", "e099", &found), 102, "a directory of 100 entries lists them all");
	CHECK(found, "... e099 among them");
	ok = 1;
	for (i = 0; i < 100; i += 9) {
		snprintf(name, sizeof(name), "/mnt/disk/dir/e%03d", i);
		n = read_file(name, buf, sizeof(buf));
		if (n < 1 || atoi(buf) != i)
			ok = 0;
	}
	CHECK(ok, "each entry's contents");
	CHECK_ERR(stat("/mnt/disk/nothere", &st), ENOENT, "a missing name: ENOENT");
	CHECK_ERR(open("/mnt/disk/new", O_CREAT | O_WRONLY, 0644), EROFS, "create on read-only ext2: EROFS");
	CHECK_ERR(mkdir("/mnt/disk/d2", 0755), EROFS, "mkdir: EROFS");
	CHECK_ERR(unlink("/mnt/disk/hello.txt"), EROFS, "unlink: EROFS");
	fd = open("/mnt/disk/hello.txt", O_RDWR);
	CHECK_ERR(write(fd, "x", 1), EROFS, "write: EROFS");
	close(fd);
	CHECK_EQ(mkdir("/mnt/disk/hello.txt", 0755), -1, "mkdir over an existing name fails");
	CHECK_EQ(errno, EEXIST, "... with EEXIST (the name is looked up first)");
	{
		pid_t pid = fork();

		if (pid == 0) {
			execl("/mnt/disk/prog", "prog", "--exit", "42", (char *)NULL);
			_exit(errno == ENOEXEC ? 77 : 78);
		}
		CHECK_EQ(wait_status(pid), 42, "execve a program from ext2");
	}
	chdir("/mnt/disk/dir");
	CHECK(getcwd(name, sizeof(name)) && !strcmp(name, "/mnt/disk/dir"), "getcwd on ext2");
	chdir("/");
	CHECK_EQ(umount("/mnt/disk"), 0, "umount");
	CHECK_EQ(mount("/dev/hda1", "/mnt/disk", "ext2", MS_RDONLY, NULL), 0, "mount again");
	n = read_file("/mnt/disk/hello.txt", buf, sizeof(buf));
	CHECK_EQ(n, 16, "read after the remount");
	CHECK_EQ(umount("/mnt/disk"), 0, "umount again");
	rmdir("/mnt/disk");
	rmdir("/mnt");
}

int main(int argc, char **argv)
{
	struct sysinfo before, after;
	int st, run;
	pid_t pid;
	volatile int *counts;

	if (argc > 1 && !strcmp(argv[1], "--check-fds"))
		return check_fds(argc, argv);
	if (argc > 2 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("fstests: pid %d, starting\n", getpid());
	cur = "start";
	CHECK(fcntl(0, F_GETFD) == 0 && fcntl(1, F_GETFD) == 0 && fcntl(2, F_GETFD) == 0, "fds 0, 1, 2 open");
	counts = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/*
	 * The suite runs twice, each time in a child; the free pages are compared
	 * after the first and after the second run: the slab caches keep up to two
	 * empty slabs each (as Linux's SLUB min_partial), so the first run is the
	 * warm-up and the second must give back everything it took.
	 */
	for (run = 0; run < 2; run++) {
		if (run == 1) {
			sync();
			sysinfo(&before);
		}
		pid = fork();
		if (pid == 0) {
			passed = failed = 0;
			test_rw();
			test_fds(argv[0]);
			test_dirs();
			test_paths();
			test_links();
			test_rename();
			test_truncate_stat_umask();
			test_pipes();
			test_devices();
			test_mount();
			test_big_and_exec(argv[0]);
			test_ext2();
			counts[0] = passed;
			counts[1] = failed;
			_exit(failed ? 1 : 0);
		}
		cur = "init";
		CHECK_EQ(wait_status(pid), 0, run ? "the second run found no failure" :
						    "the first run found no failure");
		passed += counts[0];
		failed += counts[1];
	}
	while (wait(&st) > 0)
		;
	sync();
	sysinfo(&after);
	check(before.freeram == after.freeram, "free pages back to the start value",
	      "before %lu, after %lu", before.freeram, after.freeram);
	printf("fstests: %d passed, %d failed\n", passed, failed);
	if (failed)
		return 1;
	reboot(RB_POWER_OFF);
	return 0;
}
