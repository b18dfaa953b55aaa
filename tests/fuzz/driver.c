/*
 * main() for every fuzz harness (fuzz.h): AFL++ persistent mode when built
 * by afl-clang-fast and run by afl-fuzz, else replay of the files named on
 * the command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "emu/lib/hostfile.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_FILES 4
#define FUZZ_INPUT_MAX (16u << 20)

static int files[FUZZ_FILES] = { -1, -1, -1, -1 };
static char file_path[FUZZ_FILES][32];

const char *fuzz_file(int slot, const void *data, size_t len)
{
	if (slot < 0 || slot >= FUZZ_FILES)
		abort();
	if (files[slot] < 0) {
		files[slot] = memfd_create("lucid-fuzz", 0);
		if (files[slot] < 0) {
			perror("fuzz: memfd_create");
			exit(2);
		}
		snprintf(file_path[slot], sizeof(file_path[slot]), "/proc/self/fd/%d", files[slot]);
	}
	if (ftruncate(files[slot], 0) || (len && pwrite(files[slot], data, len, 0) != (ssize_t)len)) {
		perror("fuzz: writing the memfd");
		exit(2);
	}
	return file_path[slot];
}

void fuzz_note(const char *what, const char *err)
{
	static int verbose = -1;
	if (verbose < 0)
		verbose = getenv("LUCID_FUZZ_VERBOSE") != NULL;
	if (verbose)
		fprintf(stderr, "fuzz: %s: %s\n", what, err);
}

u32 fuzz_u8(struct fuzz_in *in)
{
	return in->pos < in->len ? in->p[in->pos++] : 0;
}

u32 fuzz_u32(struct fuzz_in *in)
{
	u32 v = 0;
	for (int i = 0; i < 4; i++)
		v |= fuzz_u8(in) << (8 * i);
	return v;
}

const u8 *fuzz_bytes(struct fuzz_in *in, size_t n, size_t *got)
{
	const u8 *p = in->p + in->pos;
	*got = in->len - in->pos < n ? in->len - in->pos : n;
	in->pos += *got;
	return p;
}

/* Harnesses that can make their own seeds define this (fuzz.h). */
__attribute__((weak)) int fuzz_seeds(const char *dir)
{
	(void)dir;
	return 0;
}

static void enter_root(void)
{
	const char *root = getenv("LUCID_FUZZ_ROOT");
	if (root && chdir(root)) {
		perror("fuzz: LUCID_FUZZ_ROOT");
		exit(2);
	}
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

int main(int argc, char **argv)
{
	enter_root();
#ifdef __AFL_FUZZ_TESTCASE_LEN
	if (argc < 2) {
		__AFL_INIT();
		fuzz_setup();
		const u8 *buf = __AFL_FUZZ_TESTCASE_BUF;
		while (__AFL_LOOP(10000))
			fuzz_one(buf, __AFL_FUZZ_TESTCASE_LEN);
		return 0;
	}
#endif
	if (argc == 3 && !strcmp(argv[1], "--seeds")) {
		fuzz_setup();
		return fuzz_seeds(argv[2]);
	}
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE... (each file is one input)\n", argv[0]);
		return 2;
	}
	/* Named relative to where we started: a harness may change directory. */
	for (int i = 1; i < argc; i++) {
		char *abs = realpath(argv[i], NULL);
		if (!abs) {
			fprintf(stderr, "fuzz: %s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		argv[i] = abs;
	}
	fuzz_setup();
	for (int i = 1; i < argc; i++) {
		char err[256];
		size_t len;
		u8 *data = host_read_file(argv[i], "input", FUZZ_INPUT_MAX, &len, err, sizeof(err));
		if (!data) {
			fprintf(stderr, "fuzz: %s\n", err);
			return 2;
		}
		fuzz_one(data, len);
		free(data);
	}
	return 0;
}
