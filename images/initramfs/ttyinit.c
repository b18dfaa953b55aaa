/*
 * ttyinit: an init for interactive use and the terminal tests. As pid 1 it
 * forks a child that starts a session (setsid), opens /dev/console (the tty
 * of the last console= on the command line), makes it the session's
 * controlling terminal (TIOCSCTTY: /dev/console never becomes one by open),
 * and runs Debian's busybox sh on it, interactive with job control. pid 1
 * reaps every orphan; when the shell ends it prints its status and powers
 * off (reboot(2): the emulator's exit port).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char *const argv[] = { "sh", "-i", NULL };
	char *const envp[] = { "HOME=/", "TERM=linux", "PATH=/bin", "PS1=lucix# ", NULL };
	int status = 0;
	pid_t sh, pid;

	sh = fork();
	if (sh == 0) {
		int fd;

		setsid();
		fd = open("/dev/console", O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0) {
			perror("ttyinit: /dev/console");
			_exit(126);
		}
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		execve("/bin/busybox", argv, envp);
		perror("ttyinit: /bin/busybox");
		_exit(127);
	}
	while ((pid = wait(&status)) != sh)
		if (pid < 0)
			break;
	printf("\nttyinit: shell exited, status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
