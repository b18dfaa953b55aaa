/*
 * inputtests: the input and device-poll checks of
 * tests/groups/89-guest-input.sh, run as /init of build/images/inputtests.cpio.
 * First the static checks: the devtmpfs nodes of evdev and mousedev with
 * Linux's numbers, the EVIOCG* ioctls, /proc/bus/input, EVIOCGRAB, the
 * IntelliMouse knock on /dev/input/mice. Then "inputtests: ready", and every
 * event of the keyboard's and the mouse's event nodes, of /dev/input/mice
 * (one client in PS/2 mode, one in Explorer mode) and /dev/input/mouse0 is
 * printed as it arrives, until Esc is released:
 *   kbd|ev SEC.USEC TYPE CODE VALUE      (SYN_REPORT as type 0 code 0)
 *   mice|mouse0 B0 DX DY   exps B0 DX DY BYTE3   (DX, DY signed, +y up)
 * The host compares them with its input script. Then /bin/evtest's output
 * on the mouse (run meanwhile), and poll() on /dev/rtc0 (update interrupts)
 * and /dev/dsp (fragment completion, playing and recording) with the
 * virtual time between wake-ups. Powers off if every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "check.h"

struct input_event {
	uint32_t sec, usec;
	uint16_t type, code;
	int32_t value;
};
struct input_id {
	uint16_t bustype, vendor, product, version;
};
#define EVIOCGVERSION		_IOR('E', 0x01, int)
#define EVIOCGID		_IOR('E', 0x02, struct input_id)
#define EVIOCGNAME(len)		_IOC(_IOC_READ, 'E', 0x06, len)
#define EVIOCGPHYS(len)		_IOC(_IOC_READ, 'E', 0x07, len)
#define EVIOCGKEY(len)		_IOC(_IOC_READ, 'E', 0x18, len)
#define EVIOCGBIT(ev, len)	_IOC(_IOC_READ, 'E', 0x20 + (ev), len)
#define EVIOCGABS(abs)		_IOR('E', 0x40 + (abs), int[6])
#define EVIOCGRAB		_IOW('E', 0x90, int)
#define EVIOCSCLOCKID		_IOW('E', 0xa0, int)

#define RTC_UIE_ON	0x7003
#define RTC_UIE_OFF	0x7004
#define RTC_UF		0x10
#define SNDCTL_DSP_SPEED	0xC0045002
#define SNDCTL_DSP_SETFMT	0xC0045005
#define SNDCTL_DSP_CHANNELS	0xC0045006
#define SNDCTL_DSP_SETFRAGMENT	0xC004500A
#define SNDCTL_DSP_GETOSPACE	0x8010500C
#define SNDCTL_DSP_GETISPACE	0x8010500D
#define SNDCTL_DSP_GETBLKSIZE	0xC0045004
struct audio_buf_info { int fragments, fragstotal, fragsize, bytes; };

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int test_bit(const unsigned long *a, unsigned int b)
{
	return (a[b / 32] >> (b % 32)) & 1;
}

static void node_check(const char *path, int major, int minor)
{
	struct stat st;
	char what[64];

	snprintf(what, sizeof(what), "%s is char %d:%d", path, major, minor);
	CHECK(stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == (unsigned)major &&
	      minor(st.st_rdev) == (unsigned)minor, what);
}

/* The first line of a small file, without its newline ("" if unreadable). */
static const char *file_line(const char *path)
{
	static char buf[256];
	int fd = open(path, O_RDONLY), n;

	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static void sysfs_tests(void)
{
	cur = "sysfs";
	mkdir("/sys", 0755);
	CHECK_EQ(mount("sysfs", "/sys", "sysfs", 0, NULL), 0, "mount sysfs");
	CHECK(!strcmp(file_line("/sys/class/input/event0/dev"), "13:64"), "class/input/event0/dev is 13:64");
	CHECK(!strcmp(file_line("/sys/class/input/event1/dev"), "13:65"), "event1/dev is 13:65");
	CHECK(!strcmp(file_line("/sys/class/input/mouse0/dev"), "13:32"), "mouse0/dev is 13:32");
	CHECK(!strcmp(file_line("/sys/class/input/mice/dev"), "13:63"), "mice/dev is 13:63");
	CHECK(!strcmp(file_line("/sys/class/input/input1/name"), "ImExPS/2 Generic Explorer Mouse"),
	      "input1/name");
	CHECK(!strcmp(file_line("/sys/class/input/input0/id/version"), "ab41"), "input0/id/version");
	CHECK(!strcmp(file_line("/sys/class/input/input1/capabilities/rel"), "103"), "input1/capabilities/rel");
	CHECK(!strcmp(file_line("/sys/class/input/input0/capabilities/ev"), "120013"), "input0/capabilities/ev");
	CHECK(!strcmp(file_line("/sys/class/input/event1/uevent"), "MAJOR=13"), "event1/uevent starts MAJOR=13");
}

static void static_tests(void)
{
	unsigned long bits[24];
	struct input_id id;
	char name[256], buf[8192];
	int fd, fd2, v, n;
	unsigned char b[8];

	cur = "nodes";
	node_check("/dev/input/event0", 13, 64);
	node_check("/dev/input/event1", 13, 65);
	node_check("/dev/input/mice", 13, 63);
	node_check("/dev/input/mouse0", 13, 32);
	node_check("/dev/rtc0", 254, 0);
	node_check("/dev/dsp", 14, 3);

	cur = "evdev";
	fd = open("/dev/input/event0", O_RDONLY);
	CHECK(fd >= 0, "open event0");
	CHECK(ioctl(fd, EVIOCGVERSION, &v) == 0 && v == 0x010001, "EVIOCGVERSION is 1.0.1");
	memset(name, 0, sizeof(name));
	CHECK_EQ(ioctl(fd, EVIOCGNAME(sizeof(name)), name), 29, "EVIOCGNAME returns the length with NUL");
	CHECK(!strcmp(name, "AT Translated Set 2 keyboard"), "event0 is the keyboard");
	CHECK(ioctl(fd, EVIOCGID, &id) == 0 && id.bustype == 0x11 && id.vendor == 1 &&
	      id.product == 1 && id.version == 0xab41, "EVIOCGID: i8042 bus, 0001:0001 version ab41");
	memset(bits, 0, sizeof(bits));
	CHECK_EQ(ioctl(fd, EVIOCGBIT(0, sizeof(bits)), bits), 4, "EVIOCGBIT(0) fills one long");
	CHECK_EQ(bits[0], 0x120013, "keyboard: EV_SYN, EV_KEY, EV_MSC, EV_LED, EV_REP");
	CHECK_EQ(ioctl(fd, EVIOCGBIT(1, sizeof(bits)), bits), 96, "EVIOCGBIT(EV_KEY) is KEY_MAX+1 bits");
	CHECK(test_bit(bits, 30) && test_bit(bits, 1) && test_bit(bits, 103) && !test_bit(bits, 0x110),
	      "KEY_A, KEY_ESC, KEY_UP; no BTN_LEFT");
	CHECK_EQ(ioctl(fd, EVIOCGBIT(1, 4), bits), 4, "EVIOCGBIT truncates to the length asked");
	memset(name, 0, sizeof(name));
	CHECK(ioctl(fd, EVIOCGPHYS(sizeof(name)), name) > 0 && !strcmp(name, "isa0060/serio0/input0"),
	      "EVIOCGPHYS");
	CHECK(ioctl(fd, EVIOCGABS(0), bits) < 0 && errno == EINVAL, "EVIOCGABS on a device without axes: EINVAL");
	CHECK_EQ(ioctl(fd, EVIOCGKEY(sizeof(bits)), bits), 96, "EVIOCGKEY");
	close(fd);

	fd = open("/dev/input/event1", O_RDONLY | O_NONBLOCK);
	CHECK(fd >= 0, "open event1");
	memset(name, 0, sizeof(name));
	ioctl(fd, EVIOCGNAME(sizeof(name)), name);
	CHECK(!strcmp(name, "ImExPS/2 Generic Explorer Mouse"), "event1 is the Explorer mouse (ID 4)");
	CHECK(ioctl(fd, EVIOCGID, &id) == 0 && id.bustype == 0x11 && id.vendor == 2 && id.product == 6,
	      "EVIOCGID: 0011:0002:0006 (PSMOUSE_IMEX)");
	memset(bits, 0, sizeof(bits));
	ioctl(fd, EVIOCGBIT(0, sizeof(bits)), bits);
	CHECK_EQ(bits[0], 0x7, "mouse: EV_SYN, EV_KEY, EV_REL");
	memset(bits, 0, sizeof(bits));
	CHECK_EQ(ioctl(fd, EVIOCGBIT(2, sizeof(bits)), bits), 4, "EVIOCGBIT(EV_REL) is one long");
	CHECK_EQ(bits[0], 0x103, "REL_X, REL_Y, REL_WHEEL");
	memset(bits, 0, sizeof(bits));
	ioctl(fd, EVIOCGBIT(1, sizeof(bits)), bits);
	CHECK_EQ(bits[0x110 / 32], 0x1f0000, "BTN_LEFT..BTN_EXTRA");
	n = read(fd, buf, sizeof(struct input_event));
	CHECK(n < 0 && errno == EAGAIN, "no event yet: EAGAIN");
	CHECK(read(fd, buf, 8) < 0 && errno == EINVAL, "a read shorter than an event: EINVAL");
	{
		struct pollfd p = { fd, POLLIN, 0 };

		CHECK_EQ(poll(&p, 1, 0), 0, "poll: nothing to read");
	}
	fd2 = open("/dev/input/event1", O_RDONLY);
	CHECK_EQ(ioctl(fd, EVIOCGRAB, (void *)1), 0, "EVIOCGRAB");
	CHECK(ioctl(fd2, EVIOCGRAB, (void *)1) < 0 && errno == EBUSY, "a second grab: EBUSY");
	CHECK_EQ(ioctl(fd, EVIOCGRAB, (void *)0), 0, "ungrab");
	CHECK_EQ(ioctl(fd2, EVIOCGRAB, (void *)1), 0, "now the other can grab");
	close(fd2);
	CHECK_EQ(ioctl(fd, EVIOCGRAB, (void *)1), 0, "closing the grabber released the grab");
	close(fd);

	cur = "mice";
	fd = open("/dev/input/mice", O_RDWR | O_NONBLOCK);
	CHECK(fd >= 0, "open /dev/input/mice");
	CHECK(read(fd, b, 3) < 0 && errno == EAGAIN, "nothing to read yet");
	CHECK_EQ(write(fd, "\xf2", 1), 1, "write Get ID");
	CHECK(read(fd, b, 8) == 2 && b[0] == 0xfa && b[1] == 0, "ACK, ID 0 (PS/2)");
	CHECK_EQ(write(fd, "\xf3\xc8\xf3\x64\xf3\x50", 6), 6, "the IntelliMouse knock (200, 100, 80)");
	CHECK(read(fd, b, 8) == 1 && b[0] == 0xfa, "ACKed");
	write(fd, "\xf2", 1);
	CHECK(read(fd, b, 8) == 2 && b[1] == 3, "Get ID: 3");
	CHECK_EQ(write(fd, "\xff", 1), 1, "reset");
	CHECK(read(fd, b, 8) == 3 && b[0] == 0xfa && b[1] == 0xaa && b[2] == 0, "FA AA 00");
	close(fd);

	cur = "proc";
	fd = open("/proc/bus/input/devices", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	CHECK(n > 0, "read /proc/bus/input/devices");
	buf[n > 0 ? n : 0] = 0;
	CHECK(strstr(buf, "I: Bus=0011 Vendor=0001 Product=0001 Version=ab41\nN: Name=\"AT Translated Set 2 keyboard\"\n"
		      "P: Phys=isa0060/serio0/input0\nS: Sysfs=/devices/platform/i8042/serio0/input/input0\n"
		      "U: Uniq=\nH: Handlers=") != NULL, "the keyboard's I: N: P: S: U: lines");
	CHECK(strstr(buf, "N: Name=\"ImExPS/2 Generic Explorer Mouse\"") != NULL, "the mouse's N: line");
	CHECK(strstr(buf, "B: EV=120013\n") != NULL && strstr(buf, "B: MSC=10\nB: LED=7\n") != NULL,
	      "the keyboard's EV, MSC and LED bitmaps");
	CHECK(strstr(buf, "B: REL=103\n") != NULL && strstr(buf, "B: EV=7\n") != NULL, "the mouse's EV and REL bitmaps");
	CHECK(strstr(buf, "B: KEY=1f0000 0 0 0 0 0 0 0 0\n") != NULL, "the mouse's KEY bitmap (32-bit words)");
	CHECK(strstr(buf, "event0 ") != NULL && strstr(buf, "mouse0 ") != NULL && strstr(buf, "event1 ") != NULL,
	      "H: lines name event0, event1 and mouse0");
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		printf("proc: %s\n", l);
	if (fd >= 0)
		close(fd);
	fd = open("/proc/bus/input/handlers", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	buf[n > 0 ? n : 0] = 0;
	CHECK(strstr(buf, "Name=evdev Minor=64\n") && strstr(buf, "Name=mousedev Minor=32\n") &&
	      strstr(buf, "Name=kbd\n"), "/proc/bus/input/handlers");
	if (fd >= 0)
		close(fd);
}

static int fds[5];
static const char *const fdname[5] = { "kbd", "ev", "mice", "exps", "mouse0" };

static void print_evdev(int i)
{
	struct input_event ev[16];
	int n = read(fds[i], ev, sizeof(ev)), k;
	struct timeval now;

	gettimeofday(&now, NULL);
	for (k = 0; k < n / (int)sizeof(ev[0]); k++) {
		printf("%s %u.%06u %u %u %d\n", fdname[i], ev[k].sec, ev[k].usec, ev[k].type,
		       ev[k].code, ev[k].value);
		if ((long)ev[k].sec > now.tv_sec || (long)ev[k].sec + 1 < now.tv_sec)
			check(0, "time", "event time %u not CLOCK_REALTIME %ld", ev[k].sec, (long)now.tv_sec);
		if (i == 0 && ev[k].type == 1 && ev[k].code == 1 && ev[k].value == 0)
			fds[0] = -fds[0] - 1;		/* Esc released: the end */
	}
}

static void print_ps2(int i)
{
	signed char b[8];
	int n = read(fds[i], b, sizeof(b));

	if (n == 3)
		printf("%s %02x %d %d\n", fdname[i], (unsigned char)b[0], b[1], b[2]);
	else if (n == 4)
		printf("%s %02x %d %d %02x\n", fdname[i], (unsigned char)b[0], b[1], b[2],
		       (unsigned char)b[3]);
	else
		printf("%s read %d\n", fdname[i], n);
}

static void event_loop(void)
{
	unsigned char b[8];
	pid_t ev;
	int i, n, st, loops = 0;

	cur = "events";
	fds[0] = open("/dev/input/event0", O_RDONLY);
	fds[1] = open("/dev/input/event1", O_RDONLY);
	fds[2] = open("/dev/input/mice", O_RDWR);
	fds[3] = open("/dev/input/mice", O_RDWR);
	fds[4] = open("/dev/input/mouse0", O_RDONLY);
	for (i = 0; i < 5; i++)
		CHECK(fds[i] >= 0, fdname[i]);
	write(fds[3], "\xf3\xc8\xf3\xc8\xf3\x50\xf2", 7);	/* the Explorer knock, Get ID */
	CHECK(read(fds[3], b, 8) == 2 && b[0] == 0xfa && b[1] == 4, "Explorer knock: ID 4");
	ev = fork();
	if (ev == 0) {
		int o = open("/evtest.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(o, 1);
		execl("/bin/evtest", "evtest", "/dev/input/event1", (char *)NULL);
		_exit(127);
	}
	usleep(100000);
	printf("inputtests: ready\n");
	fflush(stdout);
	while (fds[0] >= 0 && loops++ < 1000) {
		struct pollfd p[5];

		for (i = 0; i < 5; i++)
			p[i] = (struct pollfd){ fds[i], POLLIN, 0 };
		n = poll(p, 5, 60000);
		if (n <= 0) {
			check(0, "poll", "poll returned %d (errno %d) before Esc", n, errno);
			break;
		}
		for (i = 0; i < 5; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			if (i < 2)
				print_evdev(i);
			else
				print_ps2(i);
		}
	}
	CHECK(fds[0] < 0, "Esc ended the events");
	kill(ev, SIGTERM);
	waitpid(ev, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "evtest ran until killed");
	{
		FILE *f = fopen("/evtest.out", "r");
		char line[256];

		while (f && fgets(line, sizeof(line), f))
			printf("evtest: %s", line);
		if (f)
			fclose(f);
	}
}

static void rtc_poll_test(void)
{
	struct pollfd p;
	unsigned long data;
	uint64_t t[4];
	int fd, i, ok = 1;

	cur = "rtcpoll";
	fd = open("/dev/rtc0", O_RDONLY);
	CHECK(fd >= 0, "open /dev/rtc0");
	p = (struct pollfd){ fd, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 0), 0, "no interrupt yet: not readable");
	CHECK_EQ(ioctl(fd, RTC_UIE_ON, 0), 0, "RTC_UIE_ON");
	for (i = 0; i < 4; i++) {
		p.revents = 0;
		if (poll(&p, 1, 3000) != 1 || !(p.revents & POLLIN)) {
			ok = 0;
			break;
		}
		t[i] = mono_ms();
		if (read(fd, &data, sizeof(data)) != sizeof(data) || !(data & RTC_UF))
			ok = 0;
	}
	CHECK(ok, "poll woke four times on update interrupts, each read has RTC_UF");
	if (ok) {
		printf("rtcpoll: intervals %llu %llu %llu ms\n", (unsigned long long)(t[1] - t[0]),
		       (unsigned long long)(t[2] - t[1]), (unsigned long long)(t[3] - t[2]));
		CHECK(t[3] - t[0] >= 2990 && t[3] - t[0] <= 3010, "three updates take 3 s of virtual time");
	}
	ioctl(fd, RTC_UIE_OFF, 0);
	close(fd);
}

static void dsp_poll_test(void)
{
	struct audio_buf_info info;
	static unsigned char buf[4096];
	struct pollfd p;
	uint64_t t0, t[6];
	int fd, v, i, ok = 1;

	cur = "dsppoll";
	fd = open("/dev/dsp", O_WRONLY | O_NONBLOCK);
	CHECK(fd >= 0, "open /dev/dsp for writing, non-blocking");
	v = 0x0004000a;				/* 4 fragments of 1 KiB */
	CHECK(ioctl(fd, SNDCTL_DSP_SETFRAGMENT, &v) == 0 && v == 0x0004000a, "SETFRAGMENT 4 x 1 KiB");
	v = 8000;
	ioctl(fd, SNDCTL_DSP_SPEED, &v);	/* 8 kHz mono u8: 1 KiB is 128 ms */
	CHECK(ioctl(fd, SNDCTL_DSP_GETOSPACE, &info) == 0 && info.fragstotal == 4 &&
	      info.fragsize == 1024 && info.bytes == 4096 && info.fragments == 4, "GETOSPACE: 4 free of 1 KiB");
	v = 0;
	CHECK(ioctl(fd, SNDCTL_DSP_GETBLKSIZE, &v) == 0 && v == 1024, "GETBLKSIZE 1024");
	memset(buf, 0x80, sizeof(buf));
	for (i = 0; i < 4096; i += 64)
		buf[i] = 0xa0;			/* a 125 Hz click train, faint */
	CHECK_EQ(write(fd, buf, 4096), 4096, "fill the ring");
	CHECK(write(fd, buf, 1) < 0 && errno == EAGAIN, "full: EAGAIN");
	p = (struct pollfd){ fd, POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 0), 0, "full: not writable");
	t0 = mono_ms();
	for (i = 0; i < 6; i++) {
		p.revents = 0;
		if (poll(&p, 1, 2000) != 1 || !(p.revents & POLLOUT) ||
		    ioctl(fd, SNDCTL_DSP_GETOSPACE, &info) || info.fragments < 1 ||
		    write(fd, buf, 1024) != 1024) {
			ok = 0;
			break;
		}
		t[i] = mono_ms();
	}
	CHECK(ok, "poll woke six times on fragment completion, a fragment free each time");
	if (ok) {
		printf("dsppoll: wake-ups at %llu %llu %llu %llu %llu %llu ms\n",
		       (unsigned long long)(t[0] - t0), (unsigned long long)(t[1] - t0),
		       (unsigned long long)(t[2] - t0), (unsigned long long)(t[3] - t0),
		       (unsigned long long)(t[4] - t0), (unsigned long long)(t[5] - t0));
		CHECK(t[5] - t[0] >= 630 && t[5] - t[0] <= 650, "five fragments of 128 ms apart: 640 ms");
	}
	close(fd);

	fd = open("/dev/dsp", O_RDONLY);
	CHECK(fd >= 0, "open /dev/dsp for recording");
	v = 0x00080009;				/* 8 fragments of 512 B */
	CHECK(ioctl(fd, SNDCTL_DSP_SETFRAGMENT, &v) == 0 && v == 0x00080009, "SETFRAGMENT 8 x 512 B");
	v = 8000;
	ioctl(fd, SNDCTL_DSP_SPEED, &v);
	p = (struct pollfd){ fd, POLLIN, 0 };
	t0 = mono_ms();
	CHECK(poll(&p, 1, 2000) == 1 && (p.revents & POLLIN), "poll starts recording and wakes on a fragment");
	t[0] = mono_ms();
	CHECK(ioctl(fd, SNDCTL_DSP_GETISPACE, &info) == 0 && info.fragsize == 512 && info.fragstotal == 8 &&
	      info.fragments >= 1 && info.bytes >= 512, "GETISPACE: a fragment of 512 B to read");
	printf("dsppoll: first recorded fragment after %llu ms\n", (unsigned long long)(t[0] - t0));
	CHECK(t[0] - t0 >= 60 && t[0] - t0 <= 70, "512 B at 8 kHz: 64 ms");
	CHECK_EQ(read(fd, buf, 512), 512, "read it");
	close(fd);
}

/* "procdump" on the kernel command line: /proc/bus/input/devices only, then power off. */
static void procdump(void)
{
	char line[512];
	FILE *f = fopen("/proc/bus/input/devices", "r");

	while (f && fgets(line, sizeof(line), f))
		printf("proc: %s", line);
	printf("procdump: end\n");
	fflush(stdout);
	reboot(RB_POWER_OFF);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	if ((argc > 1 && !strcmp(argv[1], "procdump")) || strstr(file_line("/proc/cmdline"), " procdump"))
		procdump();
	static_tests();
	sysfs_tests();
	event_loop();
	rtc_poll_test();
	dsp_poll_test();
	printf("inputtests: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	if (failed)
		return 1;
	reboot(RB_POWER_OFF);
	return 0;
}
