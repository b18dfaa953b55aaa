/*
 * lucid-tests: the kernel's user-space suites as one command. Runs each
 * suite in /usr/libexec/lucid (or ../libexec/lucid from where lucid-tests
 * itself is, when it is run by a path): memtests, the suite group 69 boots
 * as /init, here as an ordinary child of the shell; `lucid-tests fstests`
 * runs the file-system suite too, whose ext2 part wants group 68's test
 * disk as hda. Shows their output,
 * adds up their "NAME: N passed, M failed" lines and ends with one such line
 * of its own:
 *   lucid-tests: 431 passed, 0 failed
 * A suite that ends without its summary line counts as one failure.
 * Arguments name suites to run instead of all of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define DIR	"/usr/libexec/lucid/"

static const char *const all[] = { "memtests", NULL };
static char dir[256] = DIR;

static int run(const char *name, long *pass, long *fail)
{
	char path[256], line[512], want[64];
	int fds[2], st, summary = 0;
	long p, f;
	FILE *in;
	pid_t pid;

	snprintf(path, sizeof(path), "%s%s", dir, name);
	snprintf(want, sizeof(want), "%s: %%ld passed, %%ld failed", name);
	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execl(path, path, (char *)NULL);
		printf("lucid-tests: cannot run %s\n", path);
		_exit(127);
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	while (in && fgets(line, sizeof(line), in)) {
		fputs(line, stdout);
		if (sscanf(line, want, &p, &f) == 2) {
			*pass += p;
			*fail += f;
			summary = 1;
		}
	}
	if (in)
		fclose(in);
	waitpid(pid, &st, 0);
	if (!summary) {
		printf("lucid-tests: %s ended without its summary line (status %#x)\n", name, st);
		(*fail)++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long pass = 0, fail = 0;
	int i;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (strrchr(argv[0], '/')) {	/* PREFIX/bin/lucid-tests: PREFIX/libexec/lucid/ */
		int n = strrchr(argv[0], '/') - argv[0];

		snprintf(dir, sizeof(dir), "%.*s/../libexec/lucid/", n, argv[0]);
	}
	if (argc > 1)
		for (i = 1; i < argc; i++)
			run(argv[i], &pass, &fail);
	else
		for (i = 0; all[i]; i++)
			run(all[i], &pass, &fail);
	printf("lucid-tests: %ld passed, %ld failed\n", pass, fail);
	return fail != 0;
}
