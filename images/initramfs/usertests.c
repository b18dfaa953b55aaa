#include <stdio.h>
#include <unistd.h>
#include <sys/reboot.h>
int main(int argc, char **argv)
{
	printf("hello from %s, pid %d\n", argv[0], getpid());
	reboot(RB_POWER_OFF);
	return 0;
}
