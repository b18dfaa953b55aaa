/*
 * devtests: the device-driver checks of tests/groups/83-guest-devices.sh,
 * run as /init of build/images/devtests.cpio: /dev/mem, /dev/kmem and
 * /dev/port; the RTC (/dev/rtc0's time, alarm, update and periodic
 * interrupts, CLOCK_REALTIME from the CMOS); the Sound Blaster 16 (/dev/dsp,
 * /dev/audio, /dev/mixer). It makes its own device nodes. Lines for the host
 * to compare: "bios: fnv1a XXXXXXXX", "rtc: ..." and the PASS/FAIL lines of
 * check.h. Ends with a power-off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "check.h"

/* Linux's uapi/linux/rtc.h */
struct rtc_time {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};
#define RTC_AIE_ON	0x7001
#define RTC_AIE_OFF	0x7002
#define RTC_UIE_ON	0x7003
#define RTC_UIE_OFF	0x7004
#define RTC_PIE_ON	0x7005
#define RTC_PIE_OFF	0x7006
#define RTC_ALM_SET	0x40247007
#define RTC_ALM_READ	0x80247008
#define RTC_RD_TIME	0x80247009
#define RTC_SET_TIME	0x4024700a
#define RTC_IRQP_READ	0x8004700b
#define RTC_IRQP_SET	0x4004700c
#define RTC_IRQF	0x80
#define RTC_PF		0x40
#define RTC_AF		0x20
#define RTC_UF		0x10

static void node(const char *path, int major, int minor)
{
	if (mknod(path, S_IFCHR | 0600, makedev(major, minor)) && errno != EEXIST)
		printf("devtests: mknod %s: errno %d\n", path, errno);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* ---- /dev/mem, /dev/kmem, /dev/port ---- */

static void mem_test(void)
{
	static unsigned char rom[65536];
	unsigned char b[16];
	int fd, i;

	cur = "mem";
	fd = open("/dev/mem", O_RDWR);
	CHECK(fd >= 0, "open /dev/mem");
	CHECK_EQ(lseek(fd, 0xF0000, SEEK_SET), 0xF0000, "lseek to the BIOS ROM");
	CHECK_EQ(read(fd, rom, sizeof(rom)), sizeof(rom), "read 64 KiB at 0xF0000");
	printf("bios: fnv1a %08x\n", fnv1a(rom, sizeof(rom)));
	printf("bios: reset vector");
	for (i = 0; i < 16; i++)
		printf(" %02x", rom[0xFFF0 + i]);
	printf("\n");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0x100000, "the position moved past the ROM");
	CHECK_EQ(pread(fd, b, 16, 0x1000), 16, "pread low RAM (0x1000)");
	for (i = 0; i < 16 && !b[i]; i++)
		;
	CHECK_EQ(i, 16, "low RAM reads as zeros (strict /dev/mem)");
	errno = 0;
	CHECK_EQ(pread(fd, b, 16, 0x200000), -1, "RAM above 1 MiB is refused");
	CHECK_EQ(errno, EPERM, "... with EPERM");
	errno = 0;
	CHECK_EQ(pread(fd, b, 16, 0x7ff00000), -1, "beyond the direct map");
	CHECK_EQ(errno, EFAULT, "... EFAULT");
	/* The VGA text buffer is not RAM: a write shows in a read back. */
	CHECK_EQ(pwrite(fd, "L\x1fu\x1f", 4, 0xB8000 + 158), 4, "write the VGA text buffer");
	CHECK_EQ(pread(fd, b, 4, 0xB8000 + 158), 4, "read it back");
	CHECK(!memcmp(b, "L\x1fu\x1f", 4), "the VGA buffer holds what was written");
	close(fd);

	fd = open("/dev/kmem", O_RDONLY);
	CHECK(fd >= 0, "open /dev/kmem");
	CHECK_EQ(pread(fd, b, 16, 0xC00F0000), 16, "read the ROM through the direct map");
	CHECK(!memcmp(b, rom, 16), "kmem at PAGE_OFFSET + 0xF0000 is the ROM");
	CHECK_EQ(pread(fd, b, 16, 0x1000), 0, "user addresses: end of file");
	close(fd);

	fd = open("/dev/port", O_RDWR);
	CHECK(fd >= 0, "open /dev/port");
	/* CMOS register 0x0A through ports 0x70/0x71: the 32.768 kHz divider. */
	b[0] = 0x0A;
	CHECK_EQ(pwrite(fd, b, 1, 0x70), 1, "outb 0x70");
	CHECK_EQ(pread(fd, b, 1, 0x71), 1, "inb 0x71");
	CHECK_EQ(b[0] & 0x70, 0x20, "CMOS register A reads its divider bits (0x2_)");
	CHECK_EQ(pread(fd, b, 4, 65534), 2, "reads stop at port 65535");
	close(fd);
}

/* ---- RTC ---- */

static long long tm_secs(const struct rtc_time *t)
{
	struct tm tm = { .tm_sec = t->tm_sec, .tm_min = t->tm_min, .tm_hour = t->tm_hour,
			 .tm_mday = t->tm_mday, .tm_mon = t->tm_mon, .tm_year = t->tm_year };

	return (long long)timegm(&tm);
}

static void rtc_test(void)
{
	struct rtc_time t, a, now;
	unsigned long data, freq, total;
	uint64_t t0, t1;
	long long s0, s;
	int fd, i;

	cur = "rtc";
	fd = open("/dev/rtc0", O_RDONLY);
	CHECK(fd >= 0, "open /dev/rtc0");
	CHECK_EQ(open("/dev/rtc0", O_RDONLY), -1, "a second open is refused");
	CHECK_EQ(errno, EBUSY, "... EBUSY");
	CHECK_EQ(ioctl(fd, RTC_RD_TIME, &t), 0, "RTC_RD_TIME");
	s0 = tm_secs(&t);
	printf("rtc: boot %04d-%02d-%02dT%02d:%02d:%02d wday %d yday %d realtime %lld\n",
	       t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec,
	       t.tm_wday, t.tm_yday, (long long)time(NULL));
	s = (long long)time(NULL) - s0;
	CHECK(s >= -1 && s <= 1, "CLOCK_REALTIME agrees with the RTC (within 1 s)");

	/* The alarm: 3 s ahead; the read must wake with AF at exactly that second. */
	a = t;
	a.tm_sec = (t.tm_sec + 3) % 60;
	a.tm_min = (t.tm_min + (t.tm_sec + 3) / 60) % 60;
	a.tm_hour = (t.tm_hour + (t.tm_min + (t.tm_sec + 3) / 60) / 60) % 24;
	CHECK_EQ(ioctl(fd, RTC_ALM_SET, &a), 0, "RTC_ALM_SET +3 s");
	memset(&now, 0, sizeof(now));
	CHECK_EQ(ioctl(fd, RTC_ALM_READ, &now), 0, "RTC_ALM_READ");
	CHECK(now.tm_sec == a.tm_sec && now.tm_min == a.tm_min && now.tm_hour == a.tm_hour,
	      "the alarm reads back");
	CHECK_EQ(ioctl(fd, RTC_AIE_ON, 0), 0, "RTC_AIE_ON");
	t0 = mono_ns();
	CHECK_EQ(read(fd, &data, sizeof(data)), sizeof(data), "read() waits for the alarm");
	t1 = mono_ns();
	CHECK_EQ(data & 0xff, RTC_IRQF | RTC_AF, "the read says IRQF | AF");
	CHECK_EQ(data >> 8, 1, "... one interrupt");
	ioctl(fd, RTC_RD_TIME, &now);
	CHECK_EQ(tm_secs(&now) - s0, 3, "the RTC shows the alarm's second");
	printf("rtc: alarm after %llu ms\n", (unsigned long long)(t1 - t0) / 1000000);
	CHECK((t1 - t0) >= 2000000000u && (t1 - t0) <= 3100000000u,
	      "the alarm came 2-3 s (virtual) after it was armed at a fraction of a second");
	CHECK_EQ(ioctl(fd, RTC_AIE_OFF, 0), 0, "RTC_AIE_OFF");

	/* Update interrupts: one per second, the time one second on each. */
	CHECK_EQ(ioctl(fd, RTC_UIE_ON, 0), 0, "RTC_UIE_ON");
	for (i = 0; i < 3; i++) {
		data = 0;
		read(fd, &data, sizeof(data));
		ioctl(fd, RTC_RD_TIME, &t);
		if (i == 0)
			s0 = tm_secs(&t);
		else
			CHECK_EQ(tm_secs(&t) - s0, i, "each update interrupt is the next second");
		CHECK_EQ(data, 0x100 | RTC_IRQF | RTC_UF, "read gives 1 << 8 | IRQF | UF");
	}
	CHECK_EQ(ioctl(fd, RTC_UIE_OFF, 0), 0, "RTC_UIE_OFF");

	/* Periodic interrupts at 64 Hz for a second. */
	CHECK_EQ(ioctl(fd, RTC_IRQP_SET, 100), -1, "RTC_IRQP_SET 100 Hz: not a power of 2");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
	CHECK_EQ(ioctl(fd, RTC_IRQP_SET, 64), 0, "RTC_IRQP_SET 64 Hz");
	CHECK_EQ(ioctl(fd, RTC_IRQP_READ, &freq), 0, "RTC_IRQP_READ");
	CHECK_EQ(freq, 64, "the rate reads back");
	CHECK_EQ(ioctl(fd, RTC_PIE_ON, 0), 0, "RTC_PIE_ON");
	read(fd, &data, sizeof(data));	/* align to a tick */
	t0 = mono_ns();
	for (total = 0, i = 0; total < 64; i++) {
		if (read(fd, &data, sizeof(data)) != sizeof(data))
			break;
		if ((data & 0xff) != (RTC_IRQF | RTC_PF))
			break;
		total += data >> 8;
	}
	t1 = mono_ns();
	CHECK_EQ(data & 0xff, RTC_IRQF | RTC_PF, "every periodic read says IRQF | PF");
	CHECK_EQ(ioctl(fd, RTC_PIE_OFF, 0), 0, "RTC_PIE_OFF");
	printf("rtc: 64 periodic interrupts in %llu us\n", (unsigned long long)(t1 - t0) / 1000);
	CHECK(total == 64 && t1 - t0 >= 980000000u && t1 - t0 <= 1020000000u,
	      "64 interrupts at 64 Hz take one second (virtual, within 2%)");
	CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0, "O_NONBLOCK");
	CHECK_EQ(read(fd, &data, sizeof(data)), -1, "nothing pending: a non-blocking read fails");
	CHECK_EQ(errno, EAGAIN, "... EAGAIN");
	CHECK_EQ(read(fd, &data, 2), -1, "a 2-byte read");
	CHECK_EQ(errno, EINVAL, "... EINVAL");

	/* Setting the time: one day on, read back, then back again. */
	ioctl(fd, RTC_RD_TIME, &t);
	now = t;
	now.tm_mday = t.tm_mday == 28 ? 1 : t.tm_mday + 1;
	now.tm_mon = t.tm_mday == 28 ? (t.tm_mon + 1) % 12 : t.tm_mon;
	CHECK_EQ(ioctl(fd, RTC_SET_TIME, &now), 0, "RTC_SET_TIME");
	ioctl(fd, RTC_RD_TIME, &a);
	CHECK(a.tm_mday == now.tm_mday && a.tm_mon == now.tm_mon && a.tm_year == now.tm_year,
	      "the new date reads back");
	now.tm_mon = 13;
	CHECK_EQ(ioctl(fd, RTC_SET_TIME, &now), -1, "month 13 is refused");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
	CHECK_EQ(ioctl(fd, RTC_SET_TIME, &t), 0, "the old time back");
	CHECK_EQ(ioctl(fd, 0x5401, 0), -1, "a tty ioctl: ENOTTY");
	close(fd);
	fd = open("/dev/rtc0", O_RDONLY);
	CHECK(fd >= 0, "open again after close");
	close(fd);
}

/* Busybox as a child, its output on ours. */
static void busybox(const char *const argv[])
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		execv("/bin/busybox", (char *const *)argv);
		_exit(127);
	}
	waitpid(p, &st, 0);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/dev", 0755);
	node("/dev/mem", 1, 1);
	node("/dev/kmem", 1, 2);
	node("/dev/port", 1, 4);
	node("/dev/rtc0", 254, 0);
	if (symlink("rtc0", "/dev/rtc") && errno != EEXIST)
		printf("devtests: symlink /dev/rtc: errno %d\n", errno);
	node("/dev/mixer", 14, 0);
	node("/dev/dsp", 14, 3);
	node("/dev/audio", 14, 4);

	mem_test();
	printf("busybox: date\n");
	busybox((const char *const[]){ "date", "-u", "+date: %Y-%m-%dT%H:%M:%S", NULL });
	printf("busybox: hwclock -r\n");
	busybox((const char *const[]){ "hwclock", "-r", "-u", NULL });
	rtc_test();
	printf("devtests: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
