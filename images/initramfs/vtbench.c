/*
 * vtbench: the console figures of `make bench` (scripts/bench.d/guest-vt.sh),
 * run as init by lucix and by Debian's Linux, both on Lucid. The TSC counts
 * guest instructions there (Lucid's RDTSC is the instruction count since
 * reset), so every figure is in guest instructions:
 *   key N            the keyboard: a key pressed at instruction N (the input
 *                    script's "at N key 30") until this reader, blocked in a
 *                    non-canonical read of tty1 with ECHO on, is woken with
 *                    the byte; the echo was written to VGA memory before the
 *                    wakeup (checked in the cell under the cursor)
 *   out              a 256 KiB write of 80-column lines to tty1 and to ttyS0:
 *                    bytes per million instructions
 * (vtbench key N out: both). Lines start with "vtbench:"; the machine powers
 * off at the end.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define OUT_BYTES (256 * 1024)

static unsigned long long rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

static void key_latency(unsigned long long at)
{
	int fd = open("/dev/tty1", O_RDWR | O_NOCTTY), mem = open("/dev/mem", O_RDONLY);
	volatile unsigned short *vga = MAP_FAILED;
	struct termios t;
	unsigned long long woke;
	char c = 0;
	int cell = -1;

	if (fd < 0) {
		printf("vtbench: no /dev/tty1\n");
		return;
	}
	if (mem >= 0)
		vga = mmap(NULL, 4096, PROT_READ, MAP_SHARED, mem, 0xB8000);
	tcgetattr(fd, &t);
	t.c_lflag &= ~ICANON;
	t.c_lflag |= ECHO;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(fd, TCSANOW, &t);
	write(fd, "\033[H\033[2J", 7);	/* the echo lands in the top left cell */
	printf("vtbench: waiting for the key at %llu (now %llu)\n", at, rdtsc());
	if (read(fd, &c, 1) != 1) {
		printf("vtbench: read failed\n");
		return;
	}
	woke = rdtsc();
	if (vga != MAP_FAILED)
		cell = vga[0] & 0xff;
	printf("vtbench: key '%c' at %llu, reader woken at %llu, echo '%c' on the screen\n", c, at,
	       woke, cell > 0 ? cell : '?');
	printf("vtbench: keystroke to echo (reader woken): %llu instructions\n", woke - at);
}

static void throughput(const char *dev)
{
	static char buf[OUT_BYTES];
	int fd = open(dev, O_WRONLY | O_NOCTTY), i;
	unsigned long long t0, t1;
	ssize_t done = 0, n;

	if (fd < 0) {
		printf("vtbench: no %s\n", dev);
		return;
	}
	for (i = 0; i < OUT_BYTES; i++)
		buf[i] = i % 80 == 79 ? '\n' : 'a' + (i / 80 + i) % 26;
	t0 = rdtsc();
	while (done < OUT_BYTES && (n = write(fd, buf + done, OUT_BYTES - done)) > 0)
		done += n;
	t1 = rdtsc();
	close(fd);
	printf("vtbench: %s: %zd bytes in %llu instructions: %.1f bytes per million instructions\n",
	       dev, done, t1 - t0, done * 1e6 / (double)(t1 - t0));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);	/* Linux's initramfs has no nodes */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "key") && i + 1 < argc) {
			key_latency(strtoull(argv[++i], NULL, 0));
		} else if (!strcmp(argv[i], "out")) {
			throughput("/dev/tty1");
			throughput("/dev/ttyS0");
		} else {
			printf("vtbench: usage: vtbench [key N] [out]\n");
			break;
		}
	}
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return 0;
}
