/*
 * memhog [MiB]: takes memory one MiB at a time and touches every page, a
 * line every 4 MiB, until MiB (default: no limit) or until malloc fails or
 * the OOM killer ends it. oomtest (the same program under that name) runs
 * memhog in a child with no limit and reports how the child ended: on a
 * kernel with an OOM killer, "killed by signal 9".
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "vmstat.h"

static int hog(long limit)
{
	long mib;

	for (mib = 1; limit <= 0 || mib <= limit; mib++) {
		char *p = malloc(1 << 20);
		long i;

		if (!p) {
			printf("memhog: malloc failed after %ld MiB\n", mib - 1);
			return 1;
		}
		for (i = 0; i < (1 << 20); i += 4096)
			p[i] = (char)i | 1;
		if (mib % 4 == 0) {
			struct vm_figures v = vm_figures();

			printf("memhog: %ld MiB touched, VmRSS %lu kB\n", mib, v.rss);
		}
	}
	printf("memhog: %ld MiB touched, done\n", limit);
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	pid_t pid;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(name, "oomtest"))
		return hog(argc > 1 ? atol(argv[1]) : 0);
	printf("oomtest: a child takes memory until it is stopped\n");
	pid = fork();
	if (pid == 0)
		_exit(hog(0));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 1;
	if (WIFSIGNALED(st))
		printf("oomtest: child %d killed by signal %d%s\n", pid, WTERMSIG(st),
		       WTERMSIG(st) == SIGKILL ? " (the OOM killer)" : "");
	else
		printf("oomtest: child %d exited with %d\n", pid, WEXITSTATUS(st));
	return 0;
}
