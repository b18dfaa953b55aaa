/*
 * forkbomb [N]: a bounded fork bomb. Forks children that each fork once more
 * (a doubling tree) until N processes exist (default 64) or fork fails
 * (EAGAIN from RLIMIT_NPROC or ENOMEM), holds them all alive for a moment,
 * then kills and reaps every one. Prints how many it made and why it stopped.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	int max = argc > 1 ? atoi(argv[1]) : 64, i, made = 0, err = 0, st;
	volatile int *shared;
	pid_t pid, *pids;

	if (max < 1 || max > 4096) {
		fprintf(stderr, "usage: forkbomb [N (1..4096)]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	pids = calloc(max, sizeof(*pids));
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!pids || shared == MAP_FAILED)
		return 1;
	shared[0] = 0;			/* 1: everyone exit */
	printf("forkbomb: forking up to %d processes\n", max);
	for (i = 0; i < max; i++) {
		pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			while (!shared[0])
				usleep(10000);
			_exit(0);
		}
		pids[made++] = pid;
	}
	printf("forkbomb: %d processes made; %s\n", made,
	       err ? strerror(err) : "stopped at the bound");
	shared[0] = 1;
	for (i = 0; i < made; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < made; i++)
		waitpid(pids[i], &st, 0);
	printf("forkbomb: all %d reaped\n", made);
	return 0;
}
