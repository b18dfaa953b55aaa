/*
 * modtests: /init of the module test initramfs (build/images/modules.cpio,
 * tests/groups/82-guest-modules.sh). Loads and removes the .ko files in
 * /lib/modules with Debian's busybox insmod/rmmod/lsmod and with the system
 * calls directly, checks the errors Linux gives, uses the chardev module's
 * device from user space, and loads and unloads a module 1000 times between
 * two sync() calls (the kernel prints its free pages and slab objects on
 * sync; the group compares the two lines). The kernel's own lines (init and
 * exit messages, refusals) are checked by the group from the console log.
 * Ends with "modtests: N passed, M failed" and powers off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include "check.h"

#define BB "/bin/busybox"
#define KO(name) "/lib/modules/6.1.0-lucix/" name ".ko"

static char *const envp[] = { "PATH=/bin", NULL };

/* Run busybox with ARGV (NULL-terminated); its exit status, or -1. */
static int bb(const char *a0, const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *argv[] = { "busybox", a0, a1, a2, a3, a4, NULL };
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execve(BB, (char *const *)argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	fflush(stdout);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static long finit(const char *path, const char *args)
{
	int fd = open(path, O_RDONLY);
	long r;

	if (fd < 0)
		return -1;
	r = syscall(SYS_finit_module, fd, args, 0);
	close(fd);
	return r;
}

static long delmod(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK);
}

/* busybox sh -c SCRIPT: its exit status. */
static int bbsh(const char *script)
{
	return bb("sh", "-c", script, NULL, NULL);
}

/* The whole text of a (small) file, or "" if it cannot be read. */
static const char *slurp(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	long n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

/* The notes' session: parameters read and written through sysfs, lsmod from /proc/modules. */
static void test_sysfs(void)
{
	char line[256];
	const char *t;
	int fd;

	cur = "sysfs";
	CHECK_EQ(bb("insmod", KO("helloworld"), "io=0x300", "msg=hi-there", NULL), 0, "insmod helloworld");
	CHECK(!strcmp(slurp("/sys/module/helloworld/parameters/io"), "768\n"), "parameters/io reads 768");
	printf("notes: begin\n");
	fflush(stdout);
	CHECK_EQ(bbsh("printf \"%x\\n\" $(busybox cat /sys/module/helloworld/parameters/io)"), 0,
		 "the notes' printf \"%x\\n\" $(</sys/module/helloworld/parameters/io)");
	CHECK_EQ(bbsh("echo -n \"hello world\" > /sys/module/helloworld/parameters/msg"), 0,
		 "echo -n \"hello world\" > .../parameters/msg");
	CHECK_EQ(bbsh("echo 0x2f8 > /sys/module/helloworld/parameters/io"), 0, "echo 0x2f8 > .../io");
	printf("notes: end\n");
	CHECK(!strcmp(slurp("/sys/module/helloworld/parameters/msg"), "hello world\n"), "msg reads back");
	CHECK(!strcmp(slurp("/sys/module/helloworld/parameters/io"), "760\n"), "io reads back 760");
	fd = open("/sys/module/helloworld/parameters/io", O_WRONLY);
	errno = 0;
	CHECK_EQ(fd >= 0 ? write(fd, "zz", 2) : -2, -1, "writing a non-number fails");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
	close(fd);
	CHECK(!strcmp(slurp("/sys/module/helloworld/refcnt"), "0\n"), "refcnt 0");
	CHECK(!strcmp(slurp("/sys/module/helloworld/initstate"), "live\n"), "initstate live");
	t = slurp("/sys/module/helloworld/sections/.exit.text");
	CHECK(!strncmp(t, "0x", 2) && strlen(t) == 11, "sections/.exit.text is an address");
	snprintf(line, sizeof(line), "helloworld %lu 0 - Live ",
		 strtoul(slurp("/sys/module/helloworld/coresize"), NULL, 10));
	t = slurp("/proc/modules");
	CHECK(!strncmp(t, line, strlen(line)), "/proc/modules: name size refcnt users state");
	printf("lsmod3: begin\n");
	fflush(stdout);
	CHECK_EQ(bb("lsmod", NULL, NULL, NULL, NULL), 0, "busybox lsmod");
	printf("lsmod3: end\n");
	CHECK_EQ(bb("rmmod", "helloworld", NULL, NULL, NULL), 0, "rmmod helloworld");
	errno = 0;
	CHECK_EQ(open("/sys/module/helloworld/refcnt", O_RDONLY), -1, "its directory is gone");
	CHECK_EQ(errno, ENOENT, "... ENOENT");

	CHECK_EQ(finit(KO("chardev"), ""), 0, "chardev loads");
	errno = 0;
	CHECK_EQ(open("/sys/module/chardev/parameters/major", O_WRONLY), -1, "a 0444 parameter cannot be written");
	CHECK_EQ(errno, EACCES, "... EACCES");
	CHECK(!strcmp(slurp("/sys/module/chardev/parameters/major"), "240\n"), "... but read: 240");
	fd = open("/dev/chardev", O_RDONLY);
	CHECK(!strcmp(slurp("/sys/module/chardev/refcnt"), "1\n"), "an open device: refcnt 1");
	t = slurp("/proc/modules");
	CHECK(strstr(t, "chardev ") && strstr(strstr(t, "chardev "), " 1 - Live 0x"), "/proc/modules shows 1 user");
	close(fd);
	CHECK(!strcmp(slurp("/sys/module/chardev/refcnt"), "0\n"), "closed: refcnt 0");
	CHECK_EQ(delmod("chardev"), 0, "rmmod chardev");

	CHECK_EQ(finit(KO("paramtest"), "quiet"), 0, "paramtest loads");
	errno = 0;
	CHECK_EQ(open("/sys/module/paramtest/parameters/quiet", O_RDONLY), -1, "a parameter with permission 0 has no file");
	CHECK_EQ(errno, ENOENT, "... ENOENT");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/arr"), "1,2\n"), "an array reads 1,2");
	CHECK_EQ(bbsh("echo 5,6,7 > /sys/module/paramtest/parameters/arr"), 0, "echo 5,6,7 > arr");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/arr"), "5,6,7\n"), "... reads 5,6,7");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/ib"), "N\n"), "invbool ib (true) reads N");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/bo"), "N\n"), "bool bo reads N");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/cp"), "charp\n"), "charp cp reads charp");
	CHECK_EQ(bbsh("echo -n new > /sys/module/paramtest/parameters/cp"), 0, "echo -n new > cp");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/cp"), "new\n"), "... reads new");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/str"), "str\n"), "string str reads str");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/b"), "1\n"), "byte b reads 1");
	CHECK_EQ(finit(KO("paramuser"), ""), 0, "paramuser loads");
	t = slurp("/proc/modules");
	CHECK(strstr(t, "paramtest ") && strstr(strstr(t, "paramtest "), " 0 paramuser, Live 0x"),
	      "/proc/modules: paramtest used by paramuser");
	CHECK_EQ(bb("modprobe", "-r", "paramuser", NULL, NULL), 0, "busybox modprobe -r paramuser");
	errno = 0;
	CHECK_EQ(delmod("paramuser"), -1, "... paramuser is gone");
	CHECK_EQ(errno, ENOENT, "... ENOENT");
	errno = 0;
	CHECK_EQ(delmod("paramtest"), -1, "... and so is paramtest (unused now)");
	CHECK_EQ(errno, ENOENT, "... ENOENT");

	/* A parameter file open across rmmod: reads fail, nothing freed is touched. */
	CHECK_EQ(finit(KO("paramtest"), "quiet"), 0, "paramtest loads again");
	fd = open("/sys/module/paramtest/parameters/b", O_RDWR);
	CHECK(fd >= 0, "open parameters/b");
	CHECK_EQ(delmod("paramtest"), 0, "rmmod with the file open");
	errno = 0;
	CHECK_EQ(read(fd, line, sizeof(line)), -1, "read after rmmod: -1");
	CHECK_EQ(errno, ENODEV, "... ENODEV");
	errno = 0;
	CHECK_EQ(write(fd, "3", 1), -1, "write after rmmod: -1");
	CHECK_EQ(errno, ENODEV, "... ENODEV");
	CHECK_EQ(close(fd), 0, "close");
	CHECK_EQ(finit(KO("paramtest"), "quiet b=9"), 0, "loads a third time (a new directory)");
	CHECK(!strcmp(slurp("/sys/module/paramtest/parameters/b"), "9\n"), "... b reads 9");
	CHECK_EQ(delmod("paramtest"), 0, "... and goes");
}

static void test_helloworld(void)
{
	cur = "helloworld";
	CHECK_EQ(bb("insmod", KO("helloworld"), "io=0x300", "msg=hi-there", NULL), 0,
		 "busybox insmod with parameters exits 0");
	CHECK_EQ(bb("insmod", KO("helloworld"), NULL, NULL, NULL) != 0, 1,
		 "a second insmod of the same module fails");
	errno = 0;
	CHECK_EQ(finit(KO("helloworld"), ""), -1, "finit_module of a loaded module: -1");
	CHECK_EQ(errno, EEXIST, "... EEXIST");
	printf("lsmod: begin\n");
	fflush(stdout);
	CHECK_EQ(bb("lsmod", NULL, NULL, NULL, NULL), 0, "busybox lsmod exits 0");
	printf("lsmod: end\n");
	CHECK_EQ(bb("rmmod", "helloworld", NULL, NULL, NULL), 0, "busybox rmmod exits 0");
	printf("dmesg: begin\n");
	fflush(stdout);
	CHECK_EQ(bbsh("busybox dmesg | busybox grep 'helloworld: '"), 0,
		 "busybox dmesg (syslog(2)) has helloworld's lines");
	printf("dmesg: end\n");
	errno = 0;
	CHECK_EQ(delmod("helloworld"), -1, "delete_module of a removed module: -1");
	CHECK_EQ(errno, ENOENT, "... ENOENT");
}

static void test_refused(void)
{
	static const char junk[64] = "\177ELF not really";

	cur = "refused";
	CHECK(bb("insmod", KO("unknownsym"), NULL, NULL, NULL) != 0,
	      "insmod of a module with an unknown symbol fails");
	errno = 0;
	CHECK_EQ(finit(KO("unknownsym"), ""), -1, "finit_module: unknown symbol: -1");
	CHECK_EQ(errno, ENOENT, "... ENOENT");
	CHECK(bb("insmod", KO("badmagic"), NULL, NULL, NULL) != 0,
	      "insmod of a module with a bad vermagic fails");
	errno = 0;
	CHECK_EQ(finit(KO("badmagic"), ""), -1, "finit_module: bad vermagic: -1");
	CHECK_EQ(errno, ENOEXEC, "... ENOEXEC");
	errno = 0;
	CHECK_EQ(finit(KO("gplonly"), ""), -1, "a proprietary module using a _GPL symbol: -1");
	CHECK_EQ(errno, ENOENT, "... ENOENT");
	errno = 0;
	CHECK_EQ(finit(KO("failinit"), ""), -1, "a module whose init fails: -1");
	CHECK_EQ(errno, ENODEV, "... its init's error, ENODEV");
	errno = 0;
	CHECK_EQ(delmod("failinit"), -1, "... and it is not loaded");
	CHECK_EQ(errno, ENOENT, "... ENOENT");
	errno = 0;
	CHECK_EQ(syscall(SYS_init_module, junk, sizeof(junk), ""), -1, "init_module of junk: -1");
	CHECK_EQ(errno, ENOEXEC, "... ENOEXEC");
	errno = 0;
	CHECK_EQ(syscall(SYS_init_module, (void *)16, 4096, ""), -1, "init_module of a bad pointer: -1");
	CHECK_EQ(errno, EFAULT, "... EFAULT");
	errno = 0;
	CHECK_EQ(syscall(SYS_finit_module, 99, "", 0), -1, "finit_module of a closed fd: -1");
	CHECK_EQ(errno, EBADF, "... EBADF");
	errno = 0;
	CHECK_EQ(syscall(SYS_finit_module, 0, "", 8), -1, "finit_module with unknown flags: -1");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
}

static void test_params(void)
{
	cur = "params";
	CHECK_EQ(finit(KO("paramtest"),
		       "b=0x30 s=-300 us=65535 i=-2147483648 ui=4000000000 l=-9 ul=0xffffffff "
		       "cp=\"two words\" bo ib=y arr=7,-8,9 str=abcdefg nosuch=1"), 0,
		 "paramtest loads with every type set");
	CHECK_EQ(finit(KO("paramuser"), ""), 0, "paramuser (uses paramtest's export) loads");
	errno = 0;
	CHECK_EQ(delmod("paramtest"), -1, "paramtest cannot go while paramuser uses it");
	CHECK_EQ(errno, EAGAIN, "... EWOULDBLOCK");
	printf("lsmod2: begin\n");
	fflush(stdout);
	CHECK_EQ(bb("lsmod", NULL, NULL, NULL, NULL), 0, "busybox lsmod exits 0");
	printf("lsmod2: end\n");
	CHECK_EQ(delmod("paramuser"), 0, "rmmod paramuser");
	CHECK_EQ(delmod("paramtest"), 0, "then paramtest");
	CHECK_EQ(bb("modprobe", "paramuser", NULL, NULL, NULL), 0,
		 "busybox modprobe paramuser (modules.dep) exits 0");
	errno = 0;
	CHECK_EQ(delmod("paramtest"), -1, "... it loaded paramtest first, now in use");
	CHECK_EQ(errno, EAGAIN, "... EWOULDBLOCK");
	CHECK_EQ(delmod("paramuser"), 0, "rmmod paramuser");
	CHECK_EQ(delmod("paramtest"), 0, "then paramtest");
	printf("modinfo: begin\n");
	fflush(stdout);
	CHECK_EQ(bb("modinfo", KO("helloworld"), NULL, NULL, NULL), 0, "busybox modinfo exits 0");
	printf("modinfo: end\n");
	errno = 0;
	CHECK_EQ(finit(KO("paramtest"), "b=256"), -1, "a byte of 256 is refused");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
	errno = 0;
	CHECK_EQ(finit(KO("paramtest"), "str=abcdefgh"), -1, "a string longer than its buffer");
	CHECK_EQ(errno, ENOSPC, "... ENOSPC");
	errno = 0;
	CHECK_EQ(finit(KO("paramtest"), "arr=1,2,3,4,5"), -1, "five elements for an array of four");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
	errno = 0;
	CHECK_EQ(finit(KO("paramtest"), "ui=-1"), -1, "a negative uint");
	CHECK_EQ(errno, EINVAL, "... EINVAL");
}

static void test_chardev(void)
{
	char buf[64];
	int fd, n;

	cur = "chardev";
	mkdir("/dev", 0755);
	unlink("/dev/chardev");
	CHECK_EQ(mknod("/dev/chardev", S_IFCHR | 0666, makedev(240, 0)), 0, "mknod /dev/chardev c 240 0");
	errno = 0;
	CHECK_EQ(open("/dev/chardev", O_RDWR), -1, "no driver yet: open fails");
	CHECK_EQ(errno, ENXIO, "... ENXIO");
	CHECK_EQ(bb("insmod", KO("chardev"), NULL, NULL, NULL), 0, "insmod chardev.ko");
	fd = open("/dev/chardev", O_RDWR | O_TRUNC);
	CHECK(fd >= 0, "open /dev/chardev");
	CHECK_EQ(write(fd, "hello module", 12), 12, "write 12 bytes");
	CHECK_EQ(lseek(fd, 6, SEEK_SET), 6, "lseek to 6");
	n = read(fd, buf, sizeof(buf));
	CHECK_EQ(n, 6, "read returns the 6 bytes after it");
	CHECK(n == 6 && !memcmp(buf, "module", 6), "... 'module'");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "then end of file");
	errno = 0;
	CHECK_EQ(delmod("chardev"), -1, "delete_module while the device is open: -1");
	CHECK_EQ(errno, EAGAIN, "... EWOULDBLOCK (in use)");
	CHECK(bb("rmmod", "chardev", NULL, NULL, NULL) != 0, "busybox rmmod of the busy module fails");
	CHECK_EQ(close(fd), 0, "close");
	fd = open("/dev/chardev", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
	CHECK(n == 12 && !memcmp(buf, "hello module", 12), "a second open reads what was written");
	close(fd);
	CHECK_EQ(bb("rmmod", "chardev", NULL, NULL, NULL), 0, "rmmod once closed");
	errno = 0;
	CHECK_EQ(open("/dev/chardev", O_RDWR), -1, "after rmmod: open fails");
	CHECK_EQ(errno, ENXIO, "... ENXIO");
}

static void test_ticker(void)
{
	cur = "ticker";
	CHECK_EQ(bb("insmod", KO("ticker"), "period=2", NULL, NULL), 0, "insmod ticker period=2");
	usleep(200000);
	CHECK_EQ(bb("rmmod", "ticker", NULL, NULL, NULL), 0, "rmmod ticker");
	usleep(100000);	/* a timer or thread left behind would run freed code now */
	CHECK(1, "still alive 100 ms after rmmod");
}

static void test_irqshare(void)
{
	cur = "irqshare";
	CHECK_EQ(bb("insmod", KO("irqshare"), NULL, NULL, NULL), 0, "insmod irqshare (IRQF_SHARED)");
	CHECK_EQ(bb("rmmod", "irqshare", NULL, NULL, NULL), 0, "rmmod irqshare frees both handlers");
	CHECK_EQ(bb("insmod", KO("irqshare"), NULL, NULL, NULL), 0, "... so it loads again");
	CHECK_EQ(bb("rmmod", "irqshare", NULL, NULL, NULL), 0, "... and goes again");
}

/* Broken images: each is refused with ENOEXEC and the kernel survives. */
static void test_malformed(void)
{
	static unsigned char img[65536], bad[65536];
	int fd = open(KO("helloworld"), O_RDONLY);
	long n = fd >= 0 ? read(fd, img, sizeof(img)) : -1;
	unsigned int shoff, shnum, shstrndx, i, modsec = 0;
	const char *shstr;

	cur = "malformed";
	close(fd);
	CHECK(n > 1024 && n < (long)sizeof(img), "read helloworld.ko");
	if (n <= 1024 || n >= (long)sizeof(img))
		return;
	memcpy(&shoff, img + 32, 4);
	shnum = img[48] | img[49] << 8;
	shstrndx = img[50] | img[51] << 8;
	long lens[] = { 52, 1000, n / 2, n - 1 };
	for (i = 0; i < 4; i++) {
		errno = 0;
		long r = syscall(SYS_init_module, img, lens[i], "");
		check(r == -1 && errno == ENOEXEC, "truncated image refused", "length %ld: %ld errno %d",
		      lens[i], r, errno);
	}
#define TRY(what, patch) do {							\
		memcpy(bad, img, n);						\
		patch;								\
		errno = 0;							\
		long r_ = syscall(SYS_init_module, bad, n, "");			\
		check(r_ == -1 && errno == ENOEXEC, what, "%ld errno %d", r_, errno); \
		if (r_ == 0)							\
			delmod("helloworld");					\
	} while (0)
	TRY("e_machine x86-64", bad[18] = 62);
	TRY("ELFCLASS64", bad[4] = 2);
	TRY("ET_EXEC", bad[16] = 2);
	TRY("e_shoff past the end", memcpy(bad + 32, &(unsigned int){ 0xfffffff0 }, 4));
	TRY("e_shnum 65535", bad[48] = bad[49] = 0xff);
	TRY("e_shstrndx out of range", bad[50] = bad[51] = 0xff);
	TRY("a section's offset past the end",
	    memcpy(bad + shoff + 40 + 16, &(unsigned int){ 0x7ffffff0 }, 4));
	TRY("a section's size past the end",
	    memcpy(bad + shoff + 40 + 20, &(unsigned int){ 0x7ffffff0 }, 4));
	memcpy(&i, img + shoff + shstrndx * 40 + 16, 4);
	shstr = (const char *)img + i;
	for (i = 1; i < shnum; i++) {
		unsigned int name;

		memcpy(&name, img + shoff + i * 40, 4);
		if (!strcmp(shstr + name, ".gnu.linkonce.this_module"))
			modsec = i;
	}
	CHECK(modsec, "found .gnu.linkonce.this_module");
	if (modsec) {
		TRY("struct module in read-only data", bad[shoff + modsec * 40 + 8] &= ~1);
		TRY("struct module of the wrong size", bad[shoff + modsec * 40 + 20] += 4);
	}
	for (i = 1; i < shnum; i++) {
		unsigned int type;

		memcpy(&type, img + shoff + i * 40 + 4, 4);
		if (type == 2)	/* SHT_SYMTAB */
			TRY("a symbol table with a wrong entry size", bad[shoff + i * 40 + 36] = 12);
	}
	CHECK_EQ(syscall(SYS_init_module, img, n, "io=1"), 0, "the intact image still loads");
	CHECK_EQ(delmod("helloworld"), 0, "... and goes");
}

static void test_loop(void)
{
	int i, bad = 0;

	cur = "loop";
	sync();
	for (i = 0; i < 1000; i++) {
		if (finit(KO("paramtest"), "quiet i=1 cp=x arr=1,2") != 0 || delmod("paramtest") != 0) {
			bad++;
			if (bad == 1)
				printf("iteration %d: errno %d\n", i, errno);
		}
	}
	sync();
	CHECK_EQ(bad, 0, "1000 loads and unloads of paramtest.ko all succeed");
}

/* The kernel has helloworld built in (82's CONFIG_HELLOWORLD=y run, helloworld.io=0x2f8). */
static void test_builtin(void)
{
	cur = "builtin";
	CHECK(!strcmp(slurp("/sys/module/helloworld/parameters/io"), "760\n"),
	      "/sys/module/helloworld/parameters/io: 760 from helloworld.io=0x2f8");
	CHECK(!strcmp(slurp("/sys/module/helloworld/parameters/msg"), "built in\n"),
	      "... msg from helloworld.msg=\"built in\"");
	CHECK_EQ(bbsh("echo 0x3e8 > /sys/module/helloworld/parameters/io"), 0, "echo 0x3e8 > io");
	CHECK(!strcmp(slurp("/sys/module/helloworld/parameters/io"), "1000\n"), "... reads 1000");
	errno = 0;
	CHECK_EQ(finit(KO("helloworld"), ""), -1, "insmod of the built-in module's .ko: -1");
	CHECK_EQ(errno, EINVAL, "... EINVAL (module is already loaded)");
	CHECK(!strstr(slurp("/proc/modules"), "helloworld"), "built in: not in /proc/modules");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("modtests: begin\n");
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	if (!access("/sys/module/helloworld", F_OK)) {
		test_builtin();
		printf("modtests: %d passed, %d failed\n", passed, failed);
		fflush(stdout);
		reboot(RB_POWER_OFF);
	}
	test_helloworld();
	test_refused();
	test_params();
	test_chardev();
	test_sysfs();
	test_ticker();
	test_irqshare();
	test_malformed();
	test_loop();
	printf("modtests: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
