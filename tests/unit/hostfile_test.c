/*
 * host_read_file (emu/lib/hostfile.c), the one reader of whole host files:
 * contents and size exact across its growth steps, a pipe as well as a file,
 * the size limit, and each failure's one-line wording. And disk_chs
 * (emu/board/disk.c), the one CHS geometry for the ATA disk and the CMOS.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/board/disk.h"
#include "emu/lib/hostfile.h"

static char *temp_file(const u8 *data, size_t n)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/lucid-hostfile-%d", getpid());
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	fclose(f);
	return path;
}

Test(hostfile, sizes_around_the_growth_steps)
{
	static const size_t sizes[] = { 0, 1, 65535, 65536, 65537, 300000 };
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		size_t n = sizes[k], len = 12345;
		u8 *data = malloc(n + 1);
		for (size_t i = 0; i < n; i++)
			data[i] = (u8)(i * 7 + k);
		char *path = temp_file(data, n);
		char err[256] = "";
		u8 *got = host_read_file(path, "test", 1 << 20, &len, err, sizeof(err));
		cr_assert_not_null(got, "%zu bytes: %s", n, err);
		cr_assert_eq(len, n);
		cr_assert(!n || !memcmp(got, data, n), "%zu bytes differ", n);
		free(got);
		free(data);
		unlink(path);
	}
}

Test(hostfile, reads_a_pipe)
{
	char path[64], err[256] = "";
	size_t len, n = 200000;
	snprintf(path, sizeof(path), "/tmp/lucid-fifo-%d", getpid());
	cr_assert_eq(mkfifo(path, 0600), 0);
	pid_t child = fork();
	if (child == 0) {
		/* A writer that the reader cannot ask for a size. */
		FILE *f = fopen(path, "wb");
		for (size_t i = 0; i < n; i++)
			fputc((int)(i % 251), f);
		fclose(f);
		_exit(0);
	}
	u8 *got = host_read_file(path, NULL, 1 << 20, &len, err, sizeof(err));
	waitpid(child, NULL, 0);
	unlink(path);
	cr_assert_not_null(got, "%s", err);
	cr_assert_eq(len, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(got[i], i % 251, "byte %zu", i);
	free(got);
	/* /proc files report size 0: read to the end anyway. */
	got = host_read_file("/proc/self/cmdline", NULL, 1 << 20, &len, err, sizeof(err));
	cr_assert_not_null(got, "%s", err);
	cr_assert_gt(len, 0);
	free(got);
}

Test(hostfile, the_limit_and_the_messages)
{
	u8 data[100] = { 0 };
	char *path = temp_file(data, sizeof(data));
	char err[256], want[256];
	size_t len;

	cr_assert_null(host_read_file(path, "BIOS image", 99, &len, err, sizeof(err)));
	snprintf(want, sizeof(want), "BIOS image '%s' is larger than 99 bytes", path);
	cr_assert_str_eq(err, want);
	u8 *got = host_read_file(path, "BIOS image", 100, &len, err, sizeof(err));
	cr_assert_not_null(got, "%s", err);
	cr_assert_eq(len, 100);
	free(got);
	unlink(path);

	cr_assert_null(host_read_file("/nonexistent/x", "kernel", 10, &len, err, sizeof(err)));
	cr_assert_str_eq(err, "cannot open kernel '/nonexistent/x': No such file or directory");
	cr_assert_null(host_read_file("/nonexistent/x", NULL, 10, &len, err, sizeof(err)));
	cr_assert_str_eq(err, "cannot open '/nonexistent/x': No such file or directory");
	cr_assert_null(host_read_file("/tmp", "initrd", 10, &len, err, sizeof(err)));
	cr_assert_str_eq(err, "cannot read initrd '/tmp': Is a directory");
}

/* The geometry of an image of the given number of sectors. */
static struct disk_chs chs_of(u64 sectors)
{
	char path[64], err[256];
	snprintf(path, sizeof(path), "/tmp/lucid-chs-%d.img", getpid());
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(ftruncate(fileno(f), (off_t)(sectors * DISK_SECTOR)), 0);
	fclose(f);
	struct disk *d = disk_open(path, true, err, sizeof(err));
	cr_assert_not_null(d, "%s", err);
	struct disk_chs g = disk_chs(d);
	disk_close(d);
	unlink(path);
	return g;
}

Test(disk, chs_geometry)
{
	struct disk_chs g = chs_of(2048);	/* 1 MiB */
	cr_assert_eq(g.cyls, 2);
	cr_assert_eq(g.heads, 16);
	cr_assert_eq(g.spt, 63);
	cr_assert_eq(chs_of(1).cyls, 1);	/* smaller than a cylinder: still one */
	cr_assert_eq(chs_of(16 * 63 * 100).cyls, 100);
	cr_assert_eq(chs_of(16 * 63 * 100 + 1007).cyls, 100);	/* a partial cylinder is dropped */
	cr_assert_eq(chs_of(16ull * 63 * 20000).cyls, 16383);	/* 10 GB: the CHS ceiling */
}
