/*
 * sendfiletest: sendfile(2) and sendfile64 as Linux answers them, for
 * tests/guest/filesuite.sh (group 88), which runs it on lucix and on
 * Debian's Linux under QEMU and compares every "T " line. It works in the
 * current directory (the initramfs root, or /tmp): file to file, with and
 * without an offset, at and past the end, into a pipe and /dev/null, the
 * 32-bit call, and the errors (EBADF, ESPIPE, EINVAL, EFAULT); then
 * splice between a file and a pipe and between two pipes, and its errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define SIZE	200000

static unsigned char buf[SIZE];

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 31 + (i >> 9));
}

/* "ret" or "-1 ENAME" */
static const char *res(long r)
{
	static char s[64];
	static const struct { int e; const char *name; } names[] = {
		{ EBADF, "EBADF" }, { EINVAL, "EINVAL" }, { ESPIPE, "ESPIPE" },
		{ EFAULT, "EFAULT" }, { EOVERFLOW, "EOVERFLOW" }, { EAGAIN, "EAGAIN" },
	};
	unsigned int i;

	if (r >= 0) {
		snprintf(s, sizeof(s), "%ld", r);
		return s;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == errno) {
			snprintf(s, sizeof(s), "-1 %s", names[i].name);
			return s;
		}
	snprintf(s, sizeof(s), "-1 errno %d", errno);
	return s;
}

static int same(const char *path, long off, long len)
{
	int fd = open(path, O_RDONLY);
	long i, n;

	if (fd < 0)
		return 0;
	n = pread(fd, buf, len, 0);
	close(fd);
	if (n != len)
		return 0;
	for (i = 0; i < len; i++)
		if (buf[i] != pattern(off + i))
			return 0;
	return 1;
}

int main(void)
{
	int src, dst, p[2], fd;
	long i, n;
	off_t off;
	int off32;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; i < SIZE; i++)
		buf[i] = pattern(i);
	src = open("sf.src", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(src, buf, SIZE);
	lseek(src, 0, SEEK_SET);

	dst = open("sf.dst", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	n = sendfile(dst, src, NULL, SIZE + 100);
	printf("T sendfile file to file: %s, in at %ld, out at %ld, same %d\n", res(n),
	       (long)lseek(src, 0, SEEK_CUR), (long)lseek(dst, 0, SEEK_CUR), same("sf.dst", 0, SIZE));
	close(dst);

	dst = open("sf.dst", O_WRONLY | O_TRUNC);
	off = 1000;
	n = sendfile(dst, src, &off, 5000);
	printf("T sendfile with offset: %s, offset %ld, in still at %ld, same %d\n", res(n),
	       (long)off, (long)lseek(src, 0, SEEK_CUR), same("sf.dst", 1000, 5000));
	off = SIZE - 1000;
	n = sendfile(dst, src, &off, 5000);
	printf("T sendfile past the end: %s, offset %ld\n", res(n), (long)off);
	n = sendfile(dst, src, &off, 5000);
	printf("T sendfile at the end: %s, offset %ld\n", res(n), (long)off);
	n = sendfile(dst, src, NULL, 0);
	printf("T sendfile of 0 bytes: %s\n", res(n));
	close(dst);

	pipe(p);
	off = 0;
	n = sendfile(p[1], src, &off, 12000);	/* within both kernels' pipe sizes */
	i = read(p[0], buf, sizeof(buf));
	printf("T sendfile into a pipe: %s, read back %ld, first %d last %d\n", res(n), i,
	       buf[0] == pattern(0), buf[i > 0 ? i - 1 : 0] == pattern(i - 1));
	fd = open("/dev/null", O_WRONLY);
	off = 0;
	n = sendfile(fd, src, &off, SIZE);
	printf("T sendfile to /dev/null: %s, offset %ld\n", res(n), (long)off);
	close(fd);
	off32 = 100;
	n = syscall(SYS_sendfile, p[1], src, &off32, 50);
	i = read(p[0], buf, sizeof(buf));
	printf("T 32-bit sendfile: %s, offset %d, data right %d\n", res(n), off32,
	       i == 50 && buf[0] == pattern(100) && buf[49] == pattern(149));

	errno = 0;
	printf("T in not open: %s\n", res(sendfile(p[1], 99, NULL, 10)));
	printf("T out not open: %s\n", res(sendfile(99, src, NULL, 10)));
	fd = open("sf.src", O_WRONLY);
	printf("T in write-only: %s\n", res(sendfile(p[1], fd, NULL, 10)));
	close(fd);
	fd = open("sf.src", O_RDONLY);
	printf("T out read-only: %s\n", res(sendfile(fd, src, NULL, 10)));
	close(fd);
	fd = open("sf.dst", O_WRONLY | O_APPEND);
	printf("T out O_APPEND: %s\n", res(sendfile(fd, src, NULL, 10)));
	close(fd);
	printf("T in a pipe, no offset: %s\n", res(sendfile(dst = open("sf.dst", O_WRONLY), p[0], NULL, 10)));
	off = 0;
	printf("T in a pipe, an offset: %s\n", res(sendfile(dst, p[0], &off, 10)));
	fd = open(".", O_RDONLY | O_DIRECTORY);
	printf("T in a directory: %s\n", res(sendfile(dst, fd, NULL, 10)));
	close(fd);
	off = -5;
	printf("T negative offset: %s\n", res(sendfile(dst, src, &off, 10)));
	printf("T offset pointer bad: %s\n", res(sendfile(dst, src, (off_t *)8, 10)));
	close(dst);

	/* splice: file to pipe (with an offset), pipe to file, pipe to pipe */
	{
		int q[2];
		loff_t lo = 100;

		pipe(q);
		n = splice(src, &lo, p[1], NULL, 5000, 0);
		i = read(p[0], buf, sizeof(buf));
		printf("T splice file to pipe: %s, offset %lld, read back %ld, right %d\n", res(n),
		       (long long)lo, i, i == 5000 && buf[0] == pattern(100) && buf[4999] == pattern(5099));
		memset(buf, 'z', 3000);
		write(p[1], buf, 3000);
		dst = open("sf.dst", O_RDWR | O_TRUNC);
		lo = 10;
		n = splice(p[0], NULL, dst, &lo, 10000, 0);
		printf("T splice pipe to file: %s, offset %lld, file size %ld\n", res(n), (long long)lo,
		       (long)lseek(dst, 0, SEEK_END));
		write(p[1], "fifty", 5);
		n = splice(p[0], NULL, q[1], NULL, 100, 0);
		i = read(q[0], buf, sizeof(buf));
		printf("T splice pipe to pipe: %s, read back %ld\n", res(n), i);
		printf("T splice file to file: %s\n", res(splice(src, NULL, dst, NULL, 10, 0)));
		lo = 0;
		printf("T splice offset on the pipe: %s\n", res(splice(p[0], &lo, dst, NULL, 10, 0)));
		printf("T splice bad fd: %s\n", res(splice(99, NULL, p[1], NULL, 10, 0)));
		printf("T splice one pipe to itself: %s\n", res(splice(p[0], NULL, p[1], NULL, 10, 0)));
		close(dst);
		dst = open("sf.dst", O_WRONLY | O_APPEND);
		write(p[1], "x", 1);
		printf("T splice into O_APPEND: %s\n", res(splice(p[0], NULL, dst, NULL, 10, 0)));
		close(dst);
		close(q[0]);
		close(q[1]);
	}
	close(src);
	close(p[0]);
	close(p[1]);
	unlink("sf.src");
	unlink("sf.dst");
	return 0;
}
