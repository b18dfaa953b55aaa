/*
 * isotests: what a user program must not be able to do to the kernel, a
 * static i386 musl program like usertests (boot it with init=/bin/isotests).
 * usertests' "protect" and "rlimit" checks cover one kernel address, a few
 * privileged instructions and RLIMIT_NPROC; this adds
 *  - kernel memory at several addresses and across the user/kernel boundary,
 *    and through every pointer-taking system call tried here (EFAULT, and
 *    nothing read out of or written into the kernel);
 *  - the rest of the privileged instructions (writes to control, debug and
 *    model-specific registers, descriptor-table loads, port I/O in every form
 *    including the emulator's exit port, interrupt gates of DPL 0, IRET and
 *    far calls into ring 0, POPF of IOPL and IF);
 *  - segment registers loaded with DPL 0 selectors;
 *  - RLIMIT_NOFILE, RLIMIT_AS and RLIMIT_STACK enforced;
 *  - the kernel's RAM through /dev/mem (STRICT_DEVMEM) and /proc/PID/mem;
 *  - the fuzzer's findings (sysfuzz), one check each.
 * Output as usertests: PASS/FAIL lines, "isotests: N passed, M failed", then
 * a power-off if all passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/wait.h>

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "check.h"

#define KTEXT		0xC0100000UL	/* the kernel's text */
#define NR_lucix_memstat	0x4c00

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;
	long v[6] = { a, b, c, d, e, f }, *vp = v;

	__asm__ volatile("push %%ebp; push %%ebx\n\t"
			 "mov 0(%%edi), %%ebx; mov 4(%%edi), %%ecx; mov 8(%%edi), %%edx\n\t"
			 "mov 12(%%edi), %%esi; mov 20(%%edi), %%ebp; mov 16(%%edi), %%edi\n\t"
			 "int $0x80\n\t"
			 "pop %%ebx; pop %%ebp"
			 : "=a"(r), "+D"(vp) : "0"(nr), "m"(v) : "ecx", "edx", "esi", "memory");
	return r;
}
#define sys1(n, a) sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* Run fn in a child; its wait status. */
static int in_child(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void expect_signal(void (*fn)(void), int sig, const char *what)
{
	int st = in_child(fn);

	check(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == sig, what,
	      "wait status %#x, expected killed by signal %d", st, sig);
}

/* ---- kernel memory, directly ---- */

static volatile unsigned long addr;

static void rd(void) { (void)*(volatile unsigned long *)addr; }
static void wr(void) { *(volatile unsigned long *)addr = 0x12345678; }
static void ex(void) { ((void (*)(void))addr)(); }

static void test_kernel_memory(void)
{
	static const unsigned long where[] = { 0xC0000000, KTEXT, 0xC0400000, 0xF0000000, 0xFFFFF000,
					       0xFFFFFFFC };
	char what[64];

	cur = "kmem";
	for (unsigned int i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		addr = where[i];
		snprintf(what, sizeof(what), "read %#lx", addr);
		expect_signal(rd, SIGSEGV, what);
		snprintf(what, sizeof(what), "write %#lx", addr);
		expect_signal(wr, SIGSEGV, what);
		snprintf(what, sizeof(what), "execute %#lx", addr);
		expect_signal(ex, SIGSEGV, what);
	}
	addr = 0xBFFFFFFE;	/* two bytes of user space, two of the kernel's */
	expect_signal(rd, SIGSEGV, "a read across 0xC0000000");
	expect_signal(wr, SIGSEGV, "a write across 0xC0000000");
}

/*
 * ---- kernel memory through /dev/mem and /proc/PID/mem ----
 * Every lucix process is root, so Linux's CAP_SYS_RAWIO check at /dev/mem's
 * open passes; what keeps the kernel's RAM out of reach is STRICT_DEVMEM
 * (RAM above 1 MiB refused). lucix has no /proc/PID/mem: its open must fail,
 * and should it ever open, reading the kernel through it must not work.
 */
static void test_dev_mem(void)
{
	unsigned char b[16];
	void *m;
	int fd;

	cur = "devmem";
	mkdir("/dev", 0755);
	unlink("/dev/mem");
	CHECK_EQ(mknod("/dev/mem", S_IFCHR | 0600, makedev(1, 1)), 0, "mknod /dev/mem");
	fd = open("/dev/mem", O_RDWR);
	CHECK(fd >= 0, "open /dev/mem");
	errno = 0;
	CHECK(pread(fd, b, 16, KTEXT - 0xC0000000) == -1 && errno == EPERM,
	      "read of the kernel text's page (physical 1 MiB): EPERM");
	errno = 0;
	CHECK(pwrite(fd, "x", 1, KTEXT - 0xC0000000) == -1 && errno == EPERM,
	      "write to the kernel text's page: EPERM");
	for (unsigned long pa = KTEXT - 0xC0000000; pa < (16UL << 20); pa += 0x3ff000) {
		char what[64];

		errno = 0;
		m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)pa);
		snprintf(what, sizeof(what), "mmap of RAM at %#lx: EPERM", pa);
		CHECK(m == MAP_FAILED && errno == EPERM, what);
		if (m != MAP_FAILED)
			munmap(m, 4096);
	}
	close(fd);
	unlink("/dev/mem");

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	{
		char path[40];
		pid_t other = fork();
		int st;

		if (other == 0) {
			pause();
			_exit(0);
		}
		snprintf(path, sizeof(path), "/proc/%d/status", (int)other);
		CHECK(access(path, R_OK) == 0, "/proc is there (another process's status)");
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)other);
		fd = open(path, O_RDWR);
		if (fd < 0) {
			CHECK(errno == ENOENT || errno == EACCES || errno == EPERM,
			      "another process's /proc/PID/mem cannot be opened");
		} else {
			errno = 0;
			CHECK(pread(fd, b, 16, KTEXT) == -1, "/proc/PID/mem opened: the kernel still cannot be read");
			CHECK(pwrite(fd, "x", 1, KTEXT) == -1, "/proc/PID/mem opened: nor written");
			close(fd);
		}
		kill(other, SIGKILL);
		waitpid(other, &st, 0);
	}
	umount2("/proc", MNT_DETACH);
}

/* ---- kernel memory, through system calls ---- */

static void test_syscall_pointers(void)
{
	/* 0xBFFFFFFE: two user bytes, then the kernel: too short for any of the objects */
	static const unsigned long kp[] = { 0xC0000000, KTEXT, 0xFFFFF000, 0xBFFFFFFE };
	char name[96], buf[64];
	long r;
	int p[2], zero = open("/dev/zero", O_RDONLY), null = open("/dev/null", O_WRONLY);

	cur = "kptr";
	mkdir("/tmp", 0755);
	symlink("/", "/tmp/isolink");
	if (pipe2(p, O_NONBLOCK)) {
		check(0, "pipe", "errno %d", errno);
		return;
	}
	for (unsigned int i = 0; i < sizeof(kp) / sizeof(kp[0]); i++) {
		unsigned long k = kp[i];
		struct iovec iov[2] = { { buf, 8 }, { (void *)k, 64 } };
		struct {
			long nr;
			long a, b, c, d;
			const char *name;
			int str;	/* a string or word that may end in the two user bytes */
		} calls[] = {
			{ SYS_read, zero, k, 64, 0, "read into" },
			{ SYS_write, p[1], k, 64, 0, "write from" },
			{ SYS_pread64, zero, k, 64, 0, "pread64 into" },
			{ SYS_pwrite64, null, k, 64, 0, "pwrite64 from" },
			{ SYS_readv, zero, (long)iov, 2, 0, "readv (second iovec)" },
			{ SYS_writev, p[1], (long)iov, 2, 0, "writev (second iovec)" },
			{ SYS_readv, zero, k, 1, 0, "readv (the iovec array)" },
			{ SYS_open, k, O_RDONLY, 0, 0, "open (the path)", 1 },
			{ SYS_stat64, (long)"/", k, 0, 0, "stat64 (the buffer)" },
			{ SYS_fstat64, zero, k, 0, 0, "fstat64" },
			{ SYS_uname, k, 0, 0, 0, "uname" },
			{ SYS_sysinfo, k, 0, 0, 0, "sysinfo" },
			{ 78 /* gettimeofday */, k, 0, 0, 0, "gettimeofday" },
			{ 265 /* clock_gettime */, 1, k, 0, 0, "clock_gettime" },
			{ SYS_times, k, 0, 0, 0, "times" },
			{ SYS_getrusage, 0, k, 0, 0, "getrusage" },
			{ SYS_ugetrlimit, RLIMIT_NOFILE, k, 0, 0, "getrlimit" },
			{ SYS_prlimit64, 0, RLIMIT_NOFILE, 0, k, "prlimit64 (old)" },
			{ SYS_prlimit64, 0, RLIMIT_NOFILE, k, 0, "prlimit64 (new)" },
			{ SYS_rt_sigaction, SIGUSR1, 0, k, 8, "rt_sigaction (old)" },
			{ SYS_rt_sigaction, SIGUSR1, k, 0, 8, "rt_sigaction (new)" },
			{ SYS_rt_sigprocmask, SIG_BLOCK, 0, k, 8, "rt_sigprocmask (old)" },
			{ SYS_sigaltstack, 0, k, 0, 0, "sigaltstack (old)" },
			{ SYS_getcwd, k, 64, 0, 0, "getcwd", 1 },
			{ SYS_readlink, (long)"/tmp/isolink", k, 64, 0, "readlink", 1 },
			{ SYS_wait4, -1, k, 0, 0, "wait4 (status)" },
			{ SYS_pipe, k, 0, 0, 0, "pipe (the fds)" },
			{ SYS_getrandom, k, 64, 0, 0, "getrandom" },
			{ SYS_nanosleep, k, 0, 0, 0, "nanosleep (request)" },
			{ SYS_futex, k, 0 /* FUTEX_WAIT */, 1, 0, "futex (the word)", 1 },
			{ SYS_sched_getaffinity, 0, 4, k, 0, "sched_getaffinity" },
			{ SYS_execve, k, 0, 0, 0, "execve (the path)", 1 },
			{ SYS_mincore, (long)buf & ~4095L, 4096, k, 0, "mincore (the vector)", 1 },
			{ NR_lucix_memstat, 0, k, 0, 0, "lucix_memstat" },
			{ SYS_time, k, 0, 0, 0, "time" },
		};

		for (unsigned int j = 0; j < sizeof(calls) / sizeof(calls[0]); j++) {
			long r;

			if (calls[j].str && k == 0xBFFFFFFE)
				continue;
			if (calls[j].nr == SYS_wait4 && fork() == 0)
				_exit(0);	/* a child to wait for */
			r = sys6(calls[j].nr, calls[j].a, calls[j].b, calls[j].c, calls[j].d, 0, 0);
			snprintf(name, sizeof(name), "%s %#lx: EFAULT", calls[j].name, k);
			check(r == -EFAULT, name, "returned %ld", r);
		}
		/* Nothing of the kernel came out into the pipe. */
		snprintf(name, sizeof(name), "the pipe stayed empty (%#lx)", k);
		check(read(p[0], buf, sizeof(buf)) == -1 && errno == EAGAIN, name, "errno %d", errno);
	}
	while (wait(NULL) > 0)
		;
	/* A pointer plus a length that wraps around or reaches the kernel: refused. */
	r = sys3(SYS_read, zero, (long)buf, 0xFFFFFFF0);
	check(r == -EFAULT || r == -EINVAL, "read: a length wrapping past 4 GiB is refused", "returned %ld", r);
	r = sys3(SYS_read, zero, (long)buf, 0x7FFFFFFF);
	check(r == -EFAULT, "read: a length reaching the kernel is EFAULT", "returned %ld", r);
	r = sys3(SYS_write, null, 0x1000, 0xFFFFF000);
	check(r == -EFAULT || r == -EINVAL, "write: a length into the kernel is refused", "returned %ld", r);
	close(zero);
	close(null);
	close(p[0]);
	close(p[1]);
}

/* ---- the address space: no mapping can reach the kernel ---- */

static void test_mappings(void)
{
	void *m;

	cur = "kmap";
	m = mmap((void *)0xC0000000, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(m == MAP_FAILED, "mmap MAP_FIXED at 0xC0000000 refused");
	m = mmap((void *)0xBFFFF000, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(m == MAP_FAILED, "mmap MAP_FIXED across 0xC0000000 refused");
	m = mmap((void *)KTEXT, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m == MAP_FAILED || (unsigned long)m + 4096 <= 0xC0000000, "an mmap hint in the kernel lands in user space");
	if (m != MAP_FAILED)
		munmap(m, 4096);
	CHECK(sys3(SYS_mprotect, KTEXT, 4096, PROT_READ | PROT_WRITE) < 0, "mprotect of kernel text refused");
	CHECK(sys2(SYS_munmap, KTEXT, 4096) < 0, "munmap of kernel text refused");
	CHECK(sys3(SYS_madvise, KTEXT, 4096, MADV_DONTNEED) < 0, "madvise of kernel text refused");
	CHECK(sys2(SYS_mlock, KTEXT, 4096) < 0, "mlock of kernel text refused");
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK((unsigned long)sys6(SYS_mremap, (long)m, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, KTEXT, 0) >= 0xfffff000UL,
	      "mremap into the kernel refused");
	munmap(m, 4096);
	CHECK((unsigned long)sys1(SYS_brk, 0xC0100000) < 0xC0000000, "brk into the kernel refused");
}

/* ---- privileged instructions and segments ---- */

static void mov_to_cr3(void) { __asm__ __volatile__("mov %0, %%cr3" : : "r"(0)); }
static void mov_to_cr0(void) { __asm__ __volatile__("mov %0, %%cr0" : : "r"(0x80000011)); }
static void mov_to_dr7(void) { __asm__ __volatile__("mov %0, %%db7" : : "r"(0x3ff)); }
static void do_sti(void) { __asm__ __volatile__("sti"); }
static void do_lidt(void) { static char d[6]; __asm__ __volatile__("lidt %0" : : "m"(d)); }
static void do_lldt(void) { __asm__ __volatile__("lldt %w0" : : "r"(0)); }
static void do_ltr(void) { __asm__ __volatile__("ltr %w0" : : "r"(0x80)); }
static void do_clts(void) { __asm__ __volatile__("clts"); }
static void do_invlpg(void) { __asm__ __volatile__("invlpg (%0)" : : "r"(0)); }
static void do_wrmsr(void) { __asm__ __volatile__("wrmsr" : : "c"(0x10), "a"(0), "d"(0)); }
static void do_rdmsr(void) { __asm__ __volatile__("rdmsr" : : "c"(0x10) : "eax", "edx"); }
static void do_wbinvd(void) { __asm__ __volatile__("wbinvd"); }
static void exit_port(void) { __asm__ __volatile__("outb %%al, $0xf4" : : "a"(0)); }
static void out_dx(void) { __asm__ __volatile__("outw %%ax, %%dx" : : "a"(0), "d"(0x604)); }
static void in_dx(void) { __asm__ __volatile__("inl %%dx, %%eax" : : "d"(0xcf8) : "eax"); }
static void do_outsb(void) { static char c; __asm__ __volatile__("outsb" : : "S"(&c), "d"(0x3f8)); }
static void do_insb(void) { static char c; __asm__ __volatile__("insb" : : "D"(&c), "d"(0x60) : "memory"); }
static void int_pf(void) { __asm__ __volatile__("int $0x0e"); }
static void int_timer(void) { __asm__ __volatile__("int $0x20"); }
static void int_df(void) { __asm__ __volatile__("int $0x08"); }
static void do_sysexit(void) { __asm__ __volatile__("sysexit"); }
static void call_tss(void) { __asm__ __volatile__("lcall $0x80, $0"); }
static void iret_ring0(void)
{
	/* An IRET frame to the kernel's code segment: #GP, never ring 0. */
	__asm__ __volatile__("pushfl; pushl $0x60; pushl $0xC0100000; iret");
}
static void load_es(void) { __asm__ __volatile__("mov %0, %%es" : : "r"(0x68)); }
static void load_fs(void) { __asm__ __volatile__("mov %0, %%fs" : : "r"(0x68)); }
static void load_gs(void) { __asm__ __volatile__("mov %0, %%gs" : : "r"(0x68)); }
static void load_ss(void) { __asm__ __volatile__("mov %0, %%ss" : : "r"(0x68)); }
static void load_ds_rpl3(void) { __asm__ __volatile__("mov %0, %%ds" : : "r"(0x6b)); }
static void load_tss(void) { __asm__ __volatile__("mov %0, %%ds" : : "r"(0x80)); }

static void test_privileged(void)
{
	unsigned long fl;

	cur = "priv";
	expect_signal(mov_to_cr3, SIGSEGV, "mov to cr3");
	expect_signal(mov_to_cr0, SIGSEGV, "mov to cr0");
	expect_signal(mov_to_dr7, SIGSEGV, "mov to dr7");
	expect_signal(do_sti, SIGSEGV, "sti");
	expect_signal(do_lidt, SIGSEGV, "lidt");
	expect_signal(do_lldt, SIGSEGV, "lldt");
	expect_signal(do_ltr, SIGSEGV, "ltr");
	expect_signal(do_clts, SIGSEGV, "clts");
	expect_signal(do_invlpg, SIGSEGV, "invlpg");
	expect_signal(do_wrmsr, SIGSEGV, "wrmsr");
	expect_signal(do_rdmsr, SIGSEGV, "rdmsr");
	expect_signal(do_wbinvd, SIGSEGV, "wbinvd");
	expect_signal(exit_port, SIGSEGV, "out to the exit port 0xf4");
	expect_signal(out_dx, SIGSEGV, "out to port 0x604 (dx)");
	expect_signal(in_dx, SIGSEGV, "in from 0xcf8 (dx)");
	expect_signal(do_outsb, SIGSEGV, "outsb");
	expect_signal(do_insb, SIGSEGV, "insb");
	expect_signal(int_pf, SIGSEGV, "int 0x0e (a DPL 0 gate)");
	expect_signal(int_timer, SIGSEGV, "int 0x20 (an IRQ gate)");
	expect_signal(int_df, SIGSEGV, "int 0x08 (double fault)");
	expect_signal(do_sysexit, SIGSEGV, "sysexit");
	expect_signal(call_tss, SIGSEGV, "far call to the TSS");
	expect_signal(iret_ring0, SIGSEGV, "iret to ring 0");
	expect_signal(load_es, SIGSEGV, "es = kernel data (DPL 0)");
	expect_signal(load_fs, SIGSEGV, "fs = kernel data");
	expect_signal(load_gs, SIGSEGV, "gs = kernel data");
	expect_signal(load_ss, SIGSEGV, "ss = kernel data");
	expect_signal(load_ds_rpl3, SIGSEGV, "ds = kernel data with RPL 3");
	expect_signal(load_tss, SIGSEGV, "ds = the TSS selector");
	/* POPF in ring 3 with IOPL 0 leaves IOPL and IF alone (no fault). */
	__asm__ __volatile__("pushfl; pop %%eax; and $~0x200, %%eax; or $0x3000, %%eax; push %%eax; popfl; pushfl; pop %0"
			     : "=r"(fl) : : "eax", "cc");
	CHECK((fl & 0x3000) == 0, "popf cannot raise IOPL");
	CHECK(fl & 0x200, "popf cannot clear IF");
}

/* ---- resource limits ---- */

static volatile unsigned long *depth_out;

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(int n)
{
	volatile char frame[1024];

	frame[0] = (char)n;
	*depth_out = (unsigned long)n;
	return recurse(n + 1) + frame[0];
}

static void stack_child(void)
{
	struct rlimit rl = { 256 << 10, 256 << 10 };

	if (setrlimit(RLIMIT_STACK, &rl))
		_exit(100);
	recurse(0);
}

static void test_limits(void)
{
	struct rlimit rl, old;
	int fds[40], n = 0, st;
	pid_t pid;
	void *m;

	cur = "limits";
	/* RLIMIT_NOFILE: 16 descriptors, no more. */
	getrlimit(RLIMIT_NOFILE, &old);
	rl.rlim_cur = rl.rlim_max = 16;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit NOFILE 16");
	while (n < 40) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0)
			break;
		fds[n++] = fd;
	}
	check(errno == EMFILE && n == 13, "NOFILE: open fails with EMFILE at 16 descriptors",
	      "%d opened after 0-2, errno %d", n, errno);
	CHECK_EQ(sys2(SYS_dup2, 0, 16), -EBADF, "NOFILE: dup2 to fd 16 is EBADF");
	CHECK_EQ(sys3(SYS_fcntl64, 0, F_DUPFD, 16), -EINVAL, "NOFILE: F_DUPFD at 16 is EINVAL");
	while (n > 0)
		close(fds[--n]);
	rl.rlim_cur = 17;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL, "NOFILE: cur above max refused");
	pid = fork();
	if (pid == 0) {	/* the hard limit cannot be raised back... by anyone but root; lucix's are all root */
		_exit(0);
	}
	waitpid(pid, &st, 0);

	/* RLIMIT_AS: a child limited to its size plus 1 MiB. */
	pid = fork();
	if (pid == 0) {
		struct rlimit a = { 64 << 20, 64 << 20 };

		if (setrlimit(RLIMIT_AS, &a))
			_exit(100);
		m = mmap(NULL, 80 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m != MAP_FAILED || errno != ENOMEM)
			_exit(1);
		m = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			_exit(2);	/* well under the limit: must work */
		if (sys6(SYS_mremap, (long)m, 8 << 20, 72 << 20, MREMAP_MAYMOVE, 0, 0) != -ENOMEM)
			_exit(3);
		if ((unsigned long)sys1(SYS_brk, sys1(SYS_brk, 0) + (70 << 20)) >= (unsigned long)sys1(SYS_brk, 0) + (70 << 20))
			_exit(4);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "AS child exited");
	check(WEXITSTATUS(st) == 0, "AS: mmap, mremap and brk past 64 MiB fail with ENOMEM",
	      "exit %d (1 mmap, 2 small mmap, 3 mremap, 4 brk)", WEXITSTATUS(st));

	/* RLIMIT_STACK: 256 KiB of stack, then SIGSEGV. */
	depth_out = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*depth_out = 0;
	st = in_child(stack_child);
	CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "STACK: deep recursion ends in SIGSEGV");
	check(*depth_out > 100 && *depth_out < 300, "STACK: at about 256 KiB, not 8 MiB",
	      "%lu frames of 1 KiB", *depth_out);
}

/* ---- what the fuzzer found ---- */

/* A thread that outlives its leader by 50 ms and says so just before it ends. */
static volatile int *late_flag;

static void *late_thread(void *unused)
{
	(void)unused;
	usleep(50000);
	*late_flag = 1;
	return NULL;
}

static void leader_exits_first(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, late_thread, NULL))
		_exit(2);
	sys1(SYS_exit, 0);	/* the leader alone; the thread goes on */
}

/*
 * fork copied the VMA list while another thread of the process unmapped the
 * VMA being copied (the fuzzer's oops in dup_mmap, reading slab poison). A
 * process with NVMA one-page VMAs (alternate protections, so none merge):
 * one thread unmaps and maps them all again, over and over, while the main
 * thread forks. A fork is long enough (a thousand VMAs and their page
 * tables) that the timer often preempts it for the other thread: a kernel
 * whose fork does not hold the mm's mmap_lock oopses in its first forks.
 */
#define NVMA 1024
static char *vma_base;
static volatile int forks_done;

static void remap_all(void)
{
	for (int i = 0; i < NVMA; i++) {
		char *p = mmap(vma_base + i * 4096, 4096, (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (p != MAP_FAILED)
			(void)*(volatile char *)p;
	}
}

static void *unmapper(void *unused)
{
	(void)unused;
	while (!forks_done) {
		munmap(vma_base, NVMA * 4096);
		remap_all();
	}
	return NULL;
}

static void fork_while_unmapping(void)
{
	pthread_t t;
	int st, bad = 0;

	vma_base = mmap(NULL, NVMA * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vma_base == MAP_FAILED)
		_exit(2);
	remap_all();
	if (pthread_create(&t, NULL, unmapper, NULL))
		_exit(3);
	for (int i = 0; i < 60; i++) {
		pid_t c = fork();
		if (c == 0)
			_exit(0);
		if (c < 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st))
			bad++;
	}
	forks_done = 1;
	pthread_join(t, NULL);
	_exit(bad ? 4 : 0);
}

/*
 * A vfork parent waited uninterruptibly for its child to exec or exit, so a
 * SIGKILL did not end it while the child blocked (the fuzzer killed all
 * and found the parent unreapable). The child here blocks reading a pipe
 * nobody writes and stores its pid where the test can find it.
 */
static volatile pid_t *vfork_child;

static void vfork_and_block(void)
{
	int fd[2];
	char c;

	if (pipe(fd))
		_exit(2);
	if (vfork() == 0) {
		*vfork_child = getpid();
		(void)read(fd[0], &c, 1);
		_exit(0);
	}
	_exit(3);	/* the child never execs or exits: not reached */
}

static void test_vfork_killable(void)
{
	pid_t pid, got = 0;
	int st = 0, i;

	vfork_child = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (vfork_child == MAP_FAILED)
		return;
	*vfork_child = 0;
	pid = fork();
	if (pid == 0)
		vfork_and_block();
	for (i = 0; i < 200 && !*vfork_child; i++)
		usleep(10000);
	CHECK(*vfork_child > 0, "vfork: the child runs and blocks");
	kill(pid, SIGKILL);
	for (i = 0; i < 200 && got != pid; i++) {
		got = waitpid(pid, &st, WNOHANG);
		if (got != pid)
			usleep(10000);
	}
	check(got == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "vfork: SIGKILL ends the parent while its child blocks", "waitpid %d, status %#x", got, st);
	if (*vfork_child > 0)
		kill(*vfork_child, SIGKILL);
	if (got != pid)
		waitpid(pid, &st, 0);
	while (wait(&st) > 0)	/* the orphaned child, now ours */
		;
	munmap((void *)vfork_child, 4096);
}

/*
 * Page faults did not take the mm's mmap_lock: a fault in one thread went
 * on with a VMA that another thread's mmap(MAP_FIXED) freed meanwhile (slab
 * poison: an oops), or found no VMA at all in the middle of the replacement
 * (SIGSEGV on a mapped address). One thread writes to every page of a 2 MiB
 * region, each write a fault, while another replaces the region with a new
 * mapping, over and over for one virtual second; the timer preempts the
 * writer mostly inside a fault. The writer must never be killed.
 */
#define NRACE 512
static char *race_base;
static volatile int race_stop;

static void *race_writer(void *unused)
{
	(void)unused;
	while (!race_stop) {
		for (int i = 0; i < NRACE; i++)
			race_base[i * 4096 + (i & 7)] = (char)(i | 1);
		sched_yield();
	}
	return NULL;
}

static void fault_while_remapping(void)
{
	struct timespec t0, t1;
	pthread_t t;
	int rounds = 0;

	race_base = mmap(NULL, NRACE * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (race_base == MAP_FAILED)
		_exit(2);
	if (pthread_create(&t, NULL, race_writer, NULL))
		_exit(3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if (mmap(race_base, NRACE * 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != race_base)
			_exit(4);
		sched_yield();
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while ((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) < 1000000000L);
	race_stop = 1;
	pthread_join(t, NULL);
	printf("isotests: fault vs remap: %d rounds\n", rounds);
	_exit(rounds < 20 ? 5 : 0);
}

/* Free pages (with what the slab caches and our own RSS and page tables hold). */
static long pages_free(void)
{
	unsigned long m[24];

	if (sys3(NR_lucix_memstat, 0, (long)m, sizeof(m)))
		return -1;
	return (long)(m[19] + m[4] / 4 + m[10] / 4 + m[22]);
}

/* Lines of the kernel log with a kernel's complaint in them (WARNING, BUG, Oops). */
static int klog_complaints(void)
{
	static char log[1 << 17];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1), bad = 0;

	if (n < 0)
		return -1;
	log[n] = 0;
	for (char *l = log; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *e = strchr(l, '\n');
		char c = e ? *e : 0;

		if (e)
			*e = 0;
		bad += strstr(l, "WARNING:") || strstr(l, "BUG:") || strstr(l, "Oops");
		if (e)
			*e = c;
	}
	return bad;
}

static void test_fault_vs_remap(void)
{
	long before, after = 0;
	pid_t pid;
	int st = 0;

	int complaints = klog_complaints();

	before = pages_free();
	pid = fork();
	if (pid == 0)
		fault_while_remapping();
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid, "fault vs remap: the child is reaped");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fault vs remap: faults while another thread replaces the mapping, no signal",
	      "status %#x (a signal: the writer died; exit 5: under 20 rounds)", st);
	/* Freed task stacks and slabs may trail the reaping by a moment. */
	for (int i = 0; i < 20 && (after = pages_free()) != before; i++)
		usleep(20000);
	check(before > 0 && after == before, "fault vs remap: every page back after the exit",
	      "%ld pages free before, %ld after", before, after);
	/* The fault used a VMA being torn down: rmap's WARN_ON, or an oops. */
	check(complaints >= 0 && klog_complaints() == complaints,
	      "fault vs remap: no kernel warning, bug or oops in the kernel log",
	      "%d before, %d after", complaints, klog_complaints());
}

static void test_fuzz_found(void)
{
	struct { unsigned long v[25]; } ms;
	long r;
	int st;
	pid_t pid;

	cur = "fuzzfound";
	/* A negative pid indexed before the pid hash table: an oops. */
	CHECK_EQ(sys2(NR_lucix_memstat, -8, (long)&ms), -ESRCH, "lucix_memstat of pid -8: ESRCH");
	CHECK_EQ(sys3(SYS_sched_getscheduler, 0x80000000, 0, 0) < 0, 1, "sched_getscheduler of INT_MIN fails");
	/*
	 * A grandchild made with CLONE_PARENT and exit signal SIGUSR1 would
	 * kill init (us) when it exits: it must send the caller's own exit
	 * signal (SIGCHLD) instead. init must also ignore SIGUSR1 it has no
	 * handler for.
	 */
	pid = fork();
	if (pid == 0) {
		r = sys6(SYS_clone, CLONE_PARENT | SIGUSR1, 0, 0, 0, 0, 0);
		if (r == 0)
			sys1(SYS_exit, 0);
		_exit(r > 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "clone(CLONE_PARENT | SIGUSR1) made a sibling");
	while (wait(&st) > 0)
		;
	CHECK(getpid() == 1, "init survived its sibling's exit signal");
	pid = fork();
	if (pid == 0)
		_exit(kill(1, SIGUSR2) == 0 ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK(getpid() == 1 && WIFEXITED(st), "init ignores SIGUSR2 without a handler");
	CHECK_EQ(sys6(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0, 0), -EINVAL, "init cannot clone(CLONE_PARENT)");
	/*
	 * wait reaped a thread-group leader while its threads still ran, so
	 * after kill(-1, SIGKILL) and a wait until ECHILD, threads with their
	 * SIGKILL pending were still there (the fuzzer's processes "outliving"
	 * kill(-1)). The leader must be reaped only after its last thread.
	 */
	late_flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (late_flag != MAP_FAILED) {
		*late_flag = 0;
		pid = fork();
		if (pid == 0)
			leader_exits_first();
		CHECK(waitpid(pid, &st, 0) == pid, "the child whose leader exits first is reaped");
		CHECK_EQ(*late_flag, 1, "... only after its thread has ended (delay_group_leader)");
		errno = 0;
		CHECK(kill(-1, 0) == -1 && errno == ESRCH, "... and nothing of it is left to signal");
		munmap((void *)late_flag, 4096);
	}
	pid = fork();
	if (pid == 0)
		fork_while_unmapping();
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "60 forks while another thread unmaps and maps the VMAs fork copies");
	test_vfork_killable();
	test_fault_vs_remap();
	/* readahead(2) and fadvise64 on a /proc file, which has no page cache: an oops at 0x14. */
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	{
		int fd = open("/proc/self/status", O_RDONLY);

		CHECK(fd >= 0, "open /proc/self/status");
		CHECK_EQ(sys4(SYS_readahead, fd, 0, 0, 4096), 0, "readahead of a /proc file: 0, as Linux 6.1");
		CHECK_EQ(sys6(SYS_fadvise64, fd, 0, 0, 0, POSIX_FADV_SEQUENTIAL, 0), 0,
			 "fadvise64(SEQUENTIAL) of a /proc file");
		CHECK_EQ(sys6(SYS_fadvise64, fd, 0, 0, 0, POSIX_FADV_WILLNEED, 0), 0,
			 "fadvise64(WILLNEED) of a /proc file");
		CHECK_EQ(sys6(SYS_fadvise64, fd, 0, 0, 0, POSIX_FADV_DONTNEED, 0), 0,
			 "fadvise64(DONTNEED) of a /proc file");
		close(fd);
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("isotests: pid %d, starting\n", getpid());
	test_kernel_memory();
	test_syscall_pointers();
	test_mappings();
	test_privileged();
	test_limits();
	test_dev_mem();
	if (getpid() == 1)
		test_fuzz_found();
	printf("isotests: %d passed, %d failed\n", passed, failed);
	if (failed)
		return 1;
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
