/*
 * usertests: lucix's user-space test suite (in the spirit of xv6's
 * usertests), a static i386 program linked with Debian's musl. It runs as
 * /init from the initramfs and checks the system calls lucix implements,
 * through musl and through raw `int $0x80` (to see the exact -errno),
 * including their error cases; copy-on-write isolation after fork; demand
 * paging and stack growth; that user code touching kernel memory or running
 * privileged instructions is killed by the right signal while the kernel
 * goes on; and that free pages come back once the test processes are gone.
 *
 * Every check prints "PASS name" or "FAIL name: why". pid 1 runs the suite in
 * a child, reaps everything, compares memory, prints
 * "usertests: N passed, M failed", and then powers off (reboot(2), which
 * lucix turns into the emulator's exit port) if all passed, or exits, which
 * makes the kernel panic ("Attempted to kill init!"; panic_exit=N on the
 * command line turns that into exit status N).
 *
 * Run as "/bin/usertests --exec-child ARGS..." it is the program the execve
 * tests start: it checks what it was given and exits with a status.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <pthread.h>
#include <setjmp.h>
#include <ucontext.h>

#define FUTEX_WAIT_PRIVATE	128	/* Linux's linux/futex.h values */
#define FUTEX_WAKE_PRIVATE	129

/* Linux's struct user_desc (asm/ldt.h; musl ships no kernel headers). */
struct user_desc {
	unsigned int entry_number, base_addr, limit;
	unsigned int seg_32bit:1, contents:2, read_exec_only:1, limit_in_pages:1,
		     seg_not_present:1, useable:1;
};

#include "check.h"

/* A raw system call: the kernel's own return value, -errno included. */
static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;

	__asm__ __volatile__("push %%ebp\n\t"
			     "mov %7, %%ebp\n\t"
			     "int $0x80\n\t"
			     "pop %%ebp"
			     : "=a"(ret)
			     : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(f)
			     : "memory");
	return ret;
}
#define sys0(n) sys6(n, 0, 0, 0, 0, 0, 0)
#define sys1(n, a) sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

#define BAD_PTR		((void *)0x10)		/* below mmap_min_addr: never mapped */
#define KERNEL_PTR	((void *)0xC0100000)	/* the kernel's text */

/* Run fn in a child; return its wait status (or -1). */
static int in_child(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void expect_signal(void (*fn)(void), int sig, const char *what)
{
	int st = in_child(fn);

	check(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == sig, what,
	      "wait status %#x, expected killed by signal %d", st, sig);
}

/* ---- start-up: what execve put on the stack ---- */

extern char **environ;
extern const char __executable_start[];
void _start(void);

static void test_startup(int argc, char **argv)
{
	const char *rnd = (const char *)getauxval(AT_RANDOM);
	const Elf32_Phdr *ph = (const Elf32_Phdr *)getauxval(AT_PHDR);
	int i, nonzero = 0;

	cur = "startup";
	CHECK_EQ(argc, 1, "argc");
	CHECK(!strcmp(argv[0], "/init"), "argv0 is /init");
	CHECK(argv[argc] == NULL, "argv NULL-terminated");
	CHECK(environ && environ[0] && !strcmp(environ[0], "HOME=/"), "envp from kernel_init");
	CHECK_EQ(getauxval(AT_PAGESZ), 4096, "AT_PAGESZ");
	CHECK_EQ(getauxval(AT_PHENT), sizeof(Elf32_Phdr), "AT_PHENT");
	CHECK(getauxval(AT_PHNUM) >= 2, "AT_PHNUM");
	CHECK_EQ((unsigned long)ph, (unsigned long)__executable_start + ((const Elf32_Ehdr *)__executable_start)->e_phoff, "AT_PHDR");
	CHECK_EQ(getauxval(AT_ENTRY), (unsigned long)_start, "AT_ENTRY");
	CHECK_EQ(getauxval(AT_UID), 0, "AT_UID");
	CHECK_EQ(getauxval(AT_EUID), 0, "AT_EUID");
	CHECK_EQ(getauxval(AT_GID), 0, "AT_GID");
	CHECK_EQ(getauxval(AT_SECURE), 0, "AT_SECURE");
	CHECK_EQ(getauxval(AT_CLKTCK), 100, "AT_CLKTCK");
	{
		unsigned int a = 1, b, c = 0, d;

		__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		CHECK_EQ(getauxval(AT_HWCAP), d, "AT_HWCAP = CPUID.1:EDX");
	}
	CHECK(getauxval(AT_PLATFORM) && !strcmp((char *)getauxval(AT_PLATFORM), "i686"), "AT_PLATFORM");
	CHECK(getauxval(AT_EXECFN) && !strcmp((char *)getauxval(AT_EXECFN), "/init"), "AT_EXECFN");
	for (i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	{
		const unsigned char *vdso = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
		unsigned long vsys = getauxval(32 /* AT_SYSINFO */);
		long r;

		CHECK(vdso && !memcmp(vdso, "\177ELF", 4), "AT_SYSINFO_EHDR: the vDSO's ELF header");
		CHECK(vsys > (unsigned long)vdso && vsys < (unsigned long)vdso + 4096, "AT_SYSINFO inside the vDSO");
		/* __kernel_vsyscall by hand: getppid, then a call whose sixth argument (EBP,
		 * which the vDSO passes on the stack) decides the result: FUTEX_WAKE_BITSET
		 * with bitset 0 is -EINVAL, with bitset ~0 it wakes nobody (0). */
		static unsigned long vsys_s, bitset;	/* static: absolute operands, safe with EBP moved */
		static int word;

		__asm__ __volatile__("call *%2" : "=a"(r) : "0"(SYS_getppid), "r"(vsys) : "memory");
		CHECK_EQ(r, 0, "__kernel_vsyscall(getppid) = 0 for init");
		vsys_s = vsys;
		bitset = 0;
		__asm__ __volatile__("push %%ebp\n\tmov %7, %%ebp\n\tcall *%8\n\tpop %%ebp"
				     : "=a"(r)
				     : "0"(SYS_futex), "b"(&word), "c"(10 | 128), "d"(1), "S"(0), "D"(0),
				       "m"(bitset), "m"(vsys_s)
				     : "memory");
		CHECK_EQ(r, -EINVAL, "__kernel_vsyscall, sixth argument 0");
		bitset = ~0UL;
		__asm__ __volatile__("push %%ebp\n\tmov %7, %%ebp\n\tcall *%8\n\tpop %%ebp"
				     : "=a"(r)
				     : "0"(SYS_futex), "b"(&word), "c"(10 | 128), "d"(1), "S"(0), "D"(0),
				       "m"(bitset), "m"(vsys_s)
				     : "memory");
		CHECK_EQ(r, 0, "__kernel_vsyscall, sixth argument ~0");
	}
	CHECK(rnd && nonzero, "AT_RANDOM");
	/* Linux's layout: the AT_EXECFN string ends 4 bytes below the top of the stack. */
	CHECK_EQ(getauxval(AT_EXECFN) + strlen("/init") + 1 + 4, 0xC0000000UL, "execfn at stack top");
	CHECK(((unsigned long)argv & 15) == 4, "initial sp 16-aligned (argv = sp + 4)");
}

/* ---- identity, uname, write ---- */

static void test_ids(void)
{
	struct utsname u;

	cur = "ids";
	CHECK_EQ(getpid(), sys0(SYS_gettid), "gettid == getpid");
	CHECK_EQ(getppid(), 1, "getppid: pid 1 forked us");
	CHECK_EQ(getuid(), 0, "getuid");
	CHECK_EQ(geteuid(), 0, "geteuid");
	CHECK_EQ(getgid(), 0, "getgid");
	CHECK_EQ(getegid(), 0, "getegid");
	CHECK_EQ(sys0(SYS_getuid), 0, "getuid (16-bit)");
	CHECK(uname(&u) == 0 && !strcmp(u.sysname, "Linux") && !strcmp(u.machine, "i686"), "uname");
	CHECK_EQ(sys1(SYS_uname, BAD_PTR), -EFAULT, "uname bad pointer");
	CHECK_EQ(sys1(SYS_uname, KERNEL_PTR), -EFAULT, "uname kernel pointer");
	CHECK_EQ(sys1(SYS_set_tid_address, NULL), getpid(), "set_tid_address returns tid");
}

static void test_write(void)
{
	static const char msg[] = "usertests: write to stdout\n";
	struct { const void *base; size_t len; } iov[2] = { { "usertests: ", 11 }, { "writev\n", 7 } };

	cur = "write";
	CHECK_EQ(sys3(SYS_write, 1, msg, sizeof(msg) - 1), sizeof(msg) - 1, "write count");
	CHECK_EQ(sys3(SYS_writev, 1, iov, 2), 18, "writev count");
	CHECK_EQ(sys3(SYS_write, 9, msg, 1), -EBADF, "bad fd");
	CHECK_EQ(sys3(SYS_write, -1, msg, 1), -EBADF, "negative fd");
	CHECK_EQ(sys3(SYS_write, 1, BAD_PTR, 4), -EFAULT, "bad pointer");
	CHECK_EQ(sys3(SYS_write, 1, KERNEL_PTR, 4), -EFAULT, "kernel pointer");
	CHECK_EQ(sys3(SYS_write, 1, msg, 0), 0, "zero bytes");
	CHECK_EQ(sys3(SYS_writev, 1, BAD_PTR, 1), -EFAULT, "writev bad iovec");
	CHECK_EQ(sys3(SYS_writev, 1, iov, 5000), -EINVAL, "writev too many");
	CHECK_EQ(sys3(SYS_ioctl, 1, 0x5413 /* TIOCGWINSZ */, &iov), -ENOTTY, "ioctl TIOCGWINSZ");
	CHECK_EQ(sys3(SYS_ioctl, 7, 0x5413, &iov), -EBADF, "ioctl bad fd");
	CHECK_EQ(sys3(SYS_read, 0, &iov, 4), 0, "read stdin: end of file");
}

/* ---- memory ---- */

static void test_brk(void)
{
	char *b0 = (char *)sys1(SYS_brk, 0), *b1;
	int i;

	cur = "brk";
	CHECK(b0 != NULL && ((unsigned long)b0 & 0xfff) == 0, "brk(0) page-aligned");
	b1 = (char *)sys1(SYS_brk, b0 + 100000);
	CHECK_EQ(b1, b0 + 100000, "grow");
	for (i = 0; i < 100000; i += 4096)
		b0[i] = (char)i;
	CHECK_EQ(b0[8192], (char)8192, "touch the new pages");
	CHECK_EQ(sys1(SYS_brk, b0 + 4096), b0 + 4096, "shrink");
	CHECK_EQ(sys1(SYS_brk, b0 - 1000000), b0 + 4096, "below start: unchanged");
	CHECK_EQ(sys1(SYS_brk, 0xBFFFF000), b0 + 4096, "into the stack: refused");
	CHECK_EQ(sys1(SYS_brk, b0), b0, "back to the start");
	CHECK(malloc(200000) != NULL, "malloc 200 KB (mmap)");
	CHECK(malloc(1000) != NULL, "malloc 1 KB");
}

static volatile char *segv_addr;
static void touch_addr(void) { *segv_addr = 1; }
static void read_addr(void) { (void)*segv_addr; }

static void test_mmap(void)
{
	long before, after;
	struct sysinfo si;
	char *p, *q;
	int i;

	cur = "mmap";
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && ((unsigned long)p & 0xfff) == 0, "anon map");
	CHECK(p[0] == 0 && p[8191] == 0 && p[3 * 4096 - 1] == 0, "zero-filled");
	p[0] = 1;
	p[4096] = 2;
	p[8192] = 3;
	CHECK_EQ(munmap(p + 4096, 4096), 0, "munmap the middle page");
	CHECK(p[0] == 1 && p[8192] == 3, "neighbours intact after the split");
	segv_addr = p + 4096;
	expect_signal(read_addr, SIGSEGV, "unmapped middle page: SIGSEGV");
	CHECK_EQ(mprotect(p, 4096, PROT_READ), 0, "mprotect read-only");
	CHECK_EQ(p[0], 1, "still readable");
	segv_addr = p;
	expect_signal(touch_addr, SIGSEGV, "write to read-only: SIGSEGV");
	CHECK_EQ(mprotect(p, 4096, PROT_READ | PROT_WRITE), 0, "mprotect back to read-write");
	p[0] = 5;
	CHECK_EQ(p[0], 5, "writable again");
	CHECK_EQ(munmap(p, 3 * 4096), 0, "munmap across a hole");
	CHECK_EQ(sys6(SYS_mmap2, 0, 4096, 3, MAP_ANONYMOUS, -1, 0), -EINVAL, "neither private nor shared");
	CHECK_EQ(sys6(SYS_mmap2, 0, 0, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL, "length 0");
	CHECK_EQ(sys6(SYS_mmap2, 0, 4096, 3, MAP_PRIVATE, -1, 0), -EBADF, "file mapping, fd -1");
	CHECK_EQ(sys6(SYS_mmap2, 0x1234, 4096, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -EINVAL, "MAP_FIXED unaligned");
	CHECK_EQ(sys6(SYS_mmap2, 0xC0000000, 4096, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -EINVAL, "MAP_FIXED in the kernel");
	CHECK_EQ(sys2(SYS_munmap, 0x1001, 4096), -EINVAL, "munmap unaligned");
	CHECK_EQ(sys3(SYS_mprotect, 0x1001, 4096, 1), -EINVAL, "mprotect unaligned");
	CHECK_EQ(sys3(SYS_mprotect, 0x20000000, 4096, 1), -ENOMEM, "mprotect unmapped");
	q = (char *)sys6(SYS_mmap2, 0x30000000, 8192, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_EQ(q, 0x30000000, "MAP_FIXED at a chosen address");
	munmap(q, 8192);

	/* Demand paging: a mapping costs nothing until touched, then a page per page. */
	sysinfo(&si);
	before = si.freeram;
	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sysinfo(&si);
	CHECK(before - (long)si.freeram < 8, "1 MiB mapped: (almost) no pages used yet");
	for (i = 0; i < (1 << 20); i += 4096)
		p[i] = 1;
	sysinfo(&si);
	after = si.freeram;
	check(before - after >= 256 && before - after < 256 + 8, "1 MiB touched: 256 pages",
	      "%ld pages used", before - after);
	munmap(p, 1 << 20);
	sysinfo(&si);
	check(before - (long)si.freeram < 8, "unmapped: pages back", "%ld pages still used",
	      before - (long)si.freeram);
}

/* Many VMAs: random MAP_FIXED maps, unmaps and protections of single pages, checked
 * page by page against a model (exercises find_vma's tree, splits and merges). */
static void test_vma_stress(void)
{
	enum { NP = 64, OPS = 600 };
	char *base = (char *)0x40000000;
	unsigned char tag[NP] = { 0 };	/* 0: unmapped, else the byte written there */
	unsigned int seed = 12345, i, bad = 0;

	cur = "vma";
	for (i = 0; i < OPS; i++) {
		unsigned int pg, op;

		seed = seed * 1103515245 + 12345;
		pg = (seed >> 8) % NP;
		op = (seed >> 20) % 3;
		if (op < 2) {
			char *p = mmap(base + pg * 4096, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

			if (p != base + pg * 4096)
				bad++;
			tag[pg] = 1 + (i % 250);
			*p = tag[pg];
		} else {
			munmap(base + pg * 4096, 4096);
			tag[pg] = 0;
		}
	}
	for (i = 0; i < NP; i++) {
		long r = sys3(SYS_mprotect, base + i * 4096, 4096, PROT_READ | PROT_WRITE);

		if (tag[i] ? (r != 0 || base[i * 4096] != (char)tag[i]) : r != -ENOMEM)
			bad++;
	}
	CHECK_EQ(bad, 0, "600 random page maps/unmaps agree with the model");
	munmap(base, NP * 4096);
	CHECK_EQ(sys3(SYS_mprotect, base, 4096, PROT_READ), -ENOMEM, "all gone after munmap");
}

static int recurse(int n)
{
	volatile char buf[1024];

	buf[0] = n;
	return n ? recurse(n - 1) + buf[0] : 0;
}
static void deep_stack(void) { recurse(300); }	/* ~300 KiB: grows the stack VMA */
static void wild_stack(void)
{
	char *p;

	__asm__ __volatile__("lea -0x400000(%%esp), %0" : "=r"(p));	/* 4 MiB below sp */
	*(volatile char *)p = 1;	/* not a stack access: Linux refuses to grow for it */
}

static void test_stack(void)
{
	int st;

	cur = "stack";
	st = in_child(deep_stack);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "grows on demand (300 KiB)", "status %#x", st);
	expect_signal(wild_stack, SIGSEGV, "wild access far below sp: SIGSEGV");
}

/* ---- copy-on-write ---- */

static int cow_value = 1;
static char cow_big[64 * 4096];

static void test_cow(void)
{
	int st, i;
	pid_t pid;

	cur = "cow";
	for (i = 0; i < (int)sizeof(cow_big); i += 4096)
		cow_big[i] = 'P';
	cow_value = 100;
	pid = fork();
	if (pid == 0) {
		int ok = cow_value == 100 && cow_big[4096] == 'P';

		cow_value = 200;
		for (i = 0; i < (int)sizeof(cow_big); i += 4096)
			cow_big[i] = 'C';
		_exit(ok && cow_value == 200 && cow_big[8192] == 'C' ? 0 : 1);
	}
	CHECK(pid > 0, "fork");
	CHECK_EQ(waitpid(pid, &st, 0), pid, "wait");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child saw the parent's data and its own writes");
	CHECK_EQ(cow_value, 100, "parent's variable unchanged");
	for (i = 0; i < (int)sizeof(cow_big); i += 4096)
		if (cow_big[i] != 'P')
			break;
	CHECK_EQ(i, sizeof(cow_big), "parent's 64 pages unchanged");
	cow_value = 300;	/* the parent writes after the child is gone: its own page again */
	CHECK_EQ(cow_value, 300, "parent writes after the child exited");
}

/* ---- processes ---- */

static void test_fork_wait(void)
{
	int st, i;
	pid_t pid, pids[8];
	struct rusage ru;

	cur = "wait";
	pid = fork();
	if (pid == 0)
		_exit(42);
	CHECK_EQ(wait4(pid, &st, 0, &ru), pid, "wait4 returns the pid");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "exit status 42");
	CHECK_EQ(sys4(SYS_wait4, -1, NULL, 0, NULL), -ECHILD, "no children: ECHILD");
	CHECK_EQ(sys4(SYS_wait4, -1, NULL, 0x100, NULL), -EINVAL, "bad options: EINVAL");
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 30 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		_exit(getppid() == 1 ? 9 : 3);
	}
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0, "WNOHANG before it exits: 0");
	CHECK_EQ(waitpid(pid, &st, 0), pid, "then it is reaped");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "child's getppid was the parent");
	CHECK_EQ(sys4(SYS_wait4, pid, BAD_PTR, WNOHANG, NULL), -ECHILD, "already reaped: ECHILD");
	pid = fork();
	if (pid == 0)
		_exit(5);
	CHECK_EQ(sys4(SYS_wait4, pid, BAD_PTR, 0, NULL), -EFAULT, "status to a bad pointer: EFAULT");
	for (i = 0; i < 8; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(i);
	}
	for (i = 7; i >= 0; i--) {
		CHECK(waitpid(pids[i], &st, 0) == pids[i] && WEXITSTATUS(st) == i, "8 children, reaped in reverse");
	}
	/* the EFAULT one was not reaped (the kernel keeps the zombie): reap it now */
	waitpid(-1, &st, 0);
}

static void test_reparent(void)
{
	volatile int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	pid_t mid;
	int st, i;

	cur = "reparent";
	CHECK(flag != MAP_FAILED, "shared anonymous page");
	*flag = 0;
	mid = fork();
	if (mid == 0) {
		if (fork() == 0) {
			/* the grandchild: wait until its parent is gone, then report its new parent */
			while (getppid() != 1)
				nanosleep(&ts, NULL);
			*flag = getppid();
			_exit(0);
		}
		_exit(0);
	}
	CHECK_EQ(waitpid(mid, &st, 0), mid, "middle process reaped");
	for (i = 0; i < 200 && !*flag; i++)
		nanosleep(&ts, NULL);
	CHECK_EQ(*flag, 1, "orphan reparented to init (getppid 1)");
	*flag = 7;
	pid_t pid = fork();
	if (pid == 0) {
		*flag = 8;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK_EQ(*flag, 8, "MAP_SHARED: the child's write is seen");
	munmap((void *)flag, 4096);
}

/* A bounded fork bomb: children that sleep until killed, forked until fork fails. */
static void test_fork_bomb(void)
{
	static pid_t pids[4096];
	struct sysinfo si;
	int n = 0, err = 0, st, reaped = 0, i;

	cur = "forkbomb";
	while (n < 4096) {
		pid_t pid = fork();

		if (pid == 0) {
			for (;;)
				pause();
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		pids[n++] = pid;
	}
	check(err == EAGAIN && n > 100, "fork fails with EAGAIN at the task limit",
	      "%d children, errno %d", n, err);
	sysinfo(&si);
	CHECK(si.procs > 100, "sysinfo counts the processes");
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			reaped++;
	CHECK_EQ(reaped, n, "every child killed and reaped");
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid, "fork works again afterwards");
}

static void sleeper(void)
{
	for (;;)
		pause();
}

static void test_signals(void)
{
	sigset_t set, old;
	struct sigaction sa, osa;
	pid_t pid;
	int st;

	cur = "signal";
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &set, &old), 0, "block SIGUSR1");
	CHECK_EQ(sigprocmask(SIG_SETMASK, NULL, &old), 0, "read the mask");
	CHECK(sigismember(&old, SIGUSR1), "SIGUSR1 is blocked");
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &old);
	CHECK(!sigismember(&old, SIGKILL), "SIGKILL cannot be blocked");
	CHECK_EQ(sys4(SYS_rt_sigprocmask, 7, &set, NULL, 8), -EINVAL, "bad how: EINVAL");
	CHECK_EQ(sys4(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), -EINVAL, "sigsetsize 4: EINVAL");
	CHECK_EQ(sys4(SYS_rt_sigprocmask, SIG_BLOCK, BAD_PTR, NULL, 8), -EFAULT, "bad set pointer: EFAULT");
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	CHECK_EQ(sigaction(SIGUSR2, &sa, NULL), 0, "ignore SIGUSR2");
	CHECK(sigaction(SIGUSR2, NULL, &osa) == 0 && osa.sa_handler == SIG_IGN, "read it back");
	CHECK_EQ(kill(getpid(), SIGUSR2), 0, "an ignored signal does nothing");
	CHECK_EQ(sys4(SYS_rt_sigaction, SIGKILL, &sa, NULL, 8), -EINVAL, "SIGKILL's action: EINVAL");
	CHECK_EQ(sys4(SYS_rt_sigaction, 0, NULL, NULL, 8), -EINVAL, "signal 0: EINVAL");
	CHECK_EQ(sys4(SYS_rt_sigaction, 65, NULL, NULL, 8), -EINVAL, "signal 65: EINVAL");
	CHECK_EQ(sys4(SYS_rt_sigaction, SIGUSR2, BAD_PTR, NULL, 8), -EFAULT, "bad act pointer: EFAULT");
	sa.sa_handler = SIG_DFL;
	sigaction(SIGUSR2, &sa, NULL);

	pid = fork();
	if (pid == 0)
		sleeper();
	CHECK_EQ(kill(pid, SIGKILL), 0, "kill a sleeping child");
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "it dies of SIGKILL");
	pid = fork();
	if (pid == 0)
		sleeper();
	kill(pid, SIGTERM);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "SIGTERM's default: terminate");
	CHECK_EQ(sys2(SYS_kill, 30000, SIGKILL), -ESRCH, "no such pid: ESRCH");
	CHECK_EQ(sys2(SYS_kill, getpid(), 99), -EINVAL, "signal 99: EINVAL");
	CHECK_EQ(sys2(SYS_kill, getpid(), 0), 0, "signal 0 to oneself: 0");
	CHECK_EQ(sys3(SYS_tgkill, getpid(), getpid(), 0), 0, "tgkill signal 0");
	CHECK_EQ(sys3(SYS_tgkill, getpid(), 30000, 0), -ESRCH, "tgkill no such tid");
}

/* ---- signal handlers ---- */

static volatile int got_sig, got_code, got_pid, got_onstack, chld_seen;
static volatile unsigned long got_addr;
static volatile void *got_uc;
static char altstack[16384];
static sigjmp_buf jb;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	char here;

	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_uc = uc;
	got_onstack = &here >= altstack && &here < altstack + sizeof(altstack);
}

static void plain_handler(int sig) { got_sig = sig; }
static void chld_handler(int sig) { (void)sig; chld_seen++; }

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = (unsigned long)si->si_addr;
	siglongjmp(jb, 1);
}

static void interrupted_sleep(void)
{
	struct sigaction sa = { .sa_handler = plain_handler };
	struct timespec ts = { 5, 0 };

	sigaction(SIGUSR1, &sa, NULL);
	_exit(nanosleep(&ts, NULL) == -1 && errno == EINTR && got_sig == SIGUSR1 ? 0 : 1);
}

static void restarted_wait(void)
{
	struct sigaction sa = { .sa_handler = plain_handler, .sa_flags = SA_RESTART };
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	pid_t pid;
	int st;

	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		nanosleep(&ts, NULL);
		_exit(4);
	}
	/* SIGUSR1 arrives while we wait: the handler runs and wait4 goes on. */
	_exit(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 4 && got_sig == SIGUSR1 ? 0 : 1);
}

static void test_handlers(void)
{
	struct sigaction sa, old;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, oss;
	sigset_t set, mask;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	volatile int survived = 0;
	pid_t pid;
	int st;

	cur = "handler";
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	CHECK_EQ(sigaction(SIGUSR1, &sa, &old), 0, "SA_SIGINFO handler installed");
	got_sig = 0;
	CHECK_EQ(kill(getpid(), SIGUSR1), 0, "kill self");
	CHECK_EQ(got_sig, SIGUSR1, "rt frame: the handler ran with the signal number");
	CHECK_EQ(got_code, SI_USER, "siginfo si_code SI_USER");
	CHECK(got_uc != NULL, "ucontext passed");
	CHECK(!got_onstack, "ran on the normal stack");

	CHECK_EQ(sigaltstack(&ss, &oss), 0, "sigaltstack");
	CHECK(oss.ss_flags == SS_DISABLE, "no alternate stack before");
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	got_onstack = 0;
	raise(SIGUSR1);
	CHECK(got_onstack, "SA_ONSTACK: ran on the alternate stack");
	ss.ss_size = 100;
	CHECK_EQ(sys2(SYS_sigaltstack, &ss, NULL), -ENOMEM, "sigaltstack too small: ENOMEM");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = plain_handler;
	sigaction(SIGUSR2, &sa, NULL);
	got_sig = 0;
	raise(SIGUSR2);
	CHECK_EQ(got_sig, SIGUSR2, "old-style frame (no SA_SIGINFO): handler ran");

	/* The mask: blocked while pending, delivered when unblocked; sigsuspend. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	got_sig = 0;
	raise(SIGUSR2);
	CHECK_EQ(got_sig, 0, "blocked: not delivered");
	sigpending(&mask);
	CHECK(sigismember(&mask, SIGUSR2), "sigpending shows it");
	sigemptyset(&mask);
	CHECK(sigsuspend(&mask) == -1 && errno == EINTR, "sigsuspend returns EINTR");
	CHECK_EQ(got_sig, SIGUSR2, "delivered inside sigsuspend");
	sigprocmask(SIG_SETMASK, NULL, &mask);
	CHECK(sigismember(&mask, SIGUSR2), "sigsuspend restored the mask");
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	/* A SIGSEGV handler that jumps out: si_addr and si_code. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = segv_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(jb, 1))
		*(volatile int *)0x1234 = 1;
	else
		survived = 1;
	CHECK(survived, "SIGSEGV handler ran and siglongjmp'ed out");
	CHECK_EQ(got_addr, 0x1234, "si_addr = the fault address");
	CHECK_EQ(got_code, SEGV_MAPERR, "si_code SEGV_MAPERR");
	survived = 0;
	if (!sigsetjmp(jb, 1))
		*(volatile int *)KERNEL_PTR = 1;
	else
		survived = 1;
	CHECK(survived && got_code == SEGV_MAPERR, "a write to the kernel is caught the same way");
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = 0;
	sigaction(SIGSEGV, &sa, NULL);

	/* SA_RESETHAND: the second one takes the default action. */
	sa.sa_handler = plain_handler;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	CHECK(old.sa_handler == SIG_DFL, "SA_RESETHAND resets to SIG_DFL");

	/* SIGCHLD with a handler, and EINTR / SA_RESTART for sleeping calls. */
	sa.sa_handler = chld_handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	chld_seen = 0;
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	CHECK_EQ(chld_seen, 1, "SIGCHLD handler ran once");
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0)
		interrupted_sleep();
	nanosleep(&ts, NULL);
	kill(pid, SIGUSR1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "nanosleep interrupted by a handler: EINTR");
	pid = fork();
	if (pid == 0)
		restarted_wait();
	nanosleep(&ts, NULL);
	kill(pid, SIGUSR1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "wait4 with SA_RESTART: restarted after the handler");
	pid = fork();
	if (pid == 0)
		pause();
	nanosleep(&ts, NULL);
	kill(pid, SIGTERM);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "pause until killed");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
}

/* ---- what a process must not be able to do ---- */

static void read_kernel(void) { (void)*(volatile int *)KERNEL_PTR; }
static void write_kernel(void) { *(volatile int *)KERNEL_PTR = 0; }
static void exec_kernel(void) { ((void (*)(void))KERNEL_PTR)(); }
static void read_null(void) { (void)*(volatile int *)0; }
static void do_hlt(void) { __asm__ __volatile__("hlt"); }
static void do_cli(void) { __asm__ __volatile__("cli"); }
static void do_inb(void) { __asm__ __volatile__("inb $0x60, %%al" ::: "eax"); }
static void do_lgdt(void) { static char d[6]; __asm__ __volatile__("lgdt %0" : : "m"(d)); }
static void do_mov_cr3(void) { __asm__ __volatile__("mov %%cr3, %%eax" ::: "eax"); }
static void do_ud2(void) { __asm__ __volatile__("ud2"); }
static void do_int3(void) { __asm__ __volatile__("int3"); }
static void do_div0(void) { volatile int z = 0; __asm__ __volatile__("divl %1" : : "a"(1), "r"(z) : "edx"); }
static void do_kernel_cs(void) { __asm__ __volatile__("ljmp $0x60, $0"); }
static void load_kernel_ds(void) { __asm__ __volatile__("mov %0, %%ds" : : "r"(0x68)); }

static void test_protection(void)
{
	cur = "protect";
	expect_signal(read_kernel, SIGSEGV, "read kernel memory");
	expect_signal(write_kernel, SIGSEGV, "write kernel memory");
	expect_signal(exec_kernel, SIGSEGV, "jump into the kernel");
	expect_signal(read_null, SIGSEGV, "NULL pointer");
	expect_signal(do_hlt, SIGSEGV, "hlt");
	expect_signal(do_cli, SIGSEGV, "cli");
	expect_signal(do_inb, SIGSEGV, "in without iopl");
	expect_signal(do_lgdt, SIGSEGV, "lgdt");
	expect_signal(do_mov_cr3, SIGSEGV, "mov from cr3");
	expect_signal(do_kernel_cs, SIGSEGV, "far jump to the kernel code segment");
	expect_signal(load_kernel_ds, SIGSEGV, "load the kernel data segment");
	expect_signal(do_ud2, SIGILL, "ud2: SIGILL");
	expect_signal(do_int3, SIGTRAP, "int3: SIGTRAP");
	expect_signal(do_div0, SIGFPE, "divide by zero: SIGFPE");
	CHECK_EQ(sys1(SYS_iopl, 4), -EINVAL, "iopl 4: EINVAL");
	CHECK_EQ(getpid() > 1, 1, "still alive after all that");
}

/* ---- execve ---- */

static void test_execve(void)
{
	char *const argv[] = { "usertests", "--exec-child", "alpha", "beta", NULL };
	char *const envp[] = { "LUCIX=1", "X=y", NULL };
	pid_t pid;
	int st;

	cur = "execve";
	pid = fork();
	if (pid == 0) {
		execve("/bin/usertests", argv, envp);
		_exit(99);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 33,
	      "exec'd program saw its argv and envp (status 33)");
	CHECK_EQ(sys3(SYS_execve, "/no/such/file", argv, envp), -ENOENT, "missing file: ENOENT");
	CHECK_EQ(sys3(SYS_execve, "usertests", argv, envp), -ENOENT, "relative path: ENOENT");
	CHECK_EQ(sys3(SYS_execve, BAD_PTR, argv, envp), -EFAULT, "bad file name: EFAULT");
	CHECK_EQ(sys3(SYS_execve, "/bin/usertests", BAD_PTR, envp), -EFAULT, "bad argv: EFAULT");
	CHECK_EQ(sys3(SYS_execve, "/bin", argv, envp), -EACCES, "a directory: EACCES");
	CHECK_EQ(getpid() > 1, 1, "a failed execve returns to the caller");
}

static int exec_child(int argc, char **argv)
{
	extern char **environ;

	if (argc != 4 || strcmp(argv[0], "usertests") || strcmp(argv[2], "alpha") ||
	    strcmp(argv[3], "beta"))
		return 1;
	if (!environ[0] || strcmp(environ[0], "LUCIX=1") || strcmp(environ[1], "X=y") || environ[2])
		return 2;
	if (strcmp((char *)getauxval(AT_EXECFN), "/bin/usertests"))
		return 4;
	return 33;
}

/* ---- time, scheduling, misc ---- */

/* Look a symbol up in the vDSO the way a C library does (PT_DYNAMIC, DT_HASH, DT_SYMTAB). */
static void *vdso_sym(const char *name)
{
	const unsigned char *base = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)base;
	const Elf32_Phdr *ph;
	const Elf32_Dyn *dyn = NULL;
	const Elf32_Sym *sym = NULL;
	const Elf32_Word *hash = NULL;
	const char *str = NULL;
	unsigned int i;

	if (!base)
		return NULL;
	ph = (const Elf32_Phdr *)(base + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf32_Dyn *)(base + ph[i].p_offset);
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			sym = (const Elf32_Sym *)(base + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_STRTAB)
			str = (const char *)(base + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_HASH)
			hash = (const Elf32_Word *)(base + dyn->d_un.d_ptr);
	}
	if (!sym || !str || !hash)
		return NULL;
	for (i = 0; i < hash[1]; i++)
		if (sym[i].st_shndx != SHN_UNDEF && !strcmp(str + sym[i].st_name, name))
			return (void *)(base + sym[i].st_value);
	return NULL;
}

static void test_time(void)
{
	struct timespec a, b, req = { 0, 50 * 1000 * 1000 };
	struct timeval tv;
	long ns;

	cur = "time";
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0, "clock_gettime (time64 syscall)");
	CHECK_EQ(sys2(SYS_clock_gettime32, CLOCK_MONOTONIC, &b), 0, "clock_gettime (32-bit)");
	CHECK_EQ(sys2(SYS_clock_gettime32, 99, &b), -EINVAL, "bad clock: EINVAL");
	CHECK_EQ(sys2(SYS_clock_gettime32, CLOCK_MONOTONIC, BAD_PTR), -EFAULT, "bad pointer: EFAULT");
	CHECK_EQ(nanosleep(&req, NULL), 0, "nanosleep 50 ms");
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
	check(ns >= 50000000 && ns < 200000000, "slept at least 50 ms", "%ld ns", ns);
	{
		long req32[2] = { 0, 1000000000 };	/* struct old_timespec32 */

		CHECK_EQ(sys2(SYS_nanosleep, req32, NULL), -EINVAL, "tv_nsec 1e9: EINVAL");
		req32[1] = -1;
		CHECK_EQ(sys2(SYS_nanosleep, req32, NULL), -EINVAL, "tv_nsec -1: EINVAL");
	}
	CHECK_EQ(sys2(SYS_nanosleep, BAD_PTR, NULL), -EFAULT, "bad pointer: EFAULT");
	CHECK_EQ(gettimeofday(&tv, NULL), 0, "gettimeofday");
	{
		int (*vcgt)(int, struct timespec *) = (int (*)(int, struct timespec *))vdso_sym("__vdso_clock_gettime64");
		long (*vtime)(long *) = (long (*)(long *))vdso_sym("__vdso_time");
		struct timespec v1, s2, v3;

		CHECK(vcgt && vtime && vdso_sym("__vdso_gettimeofday") && vdso_sym("__vdso_clock_gettime"),
		      "vDSO exports the clock functions");
		if (vcgt) {
			CHECK_EQ(vcgt(CLOCK_MONOTONIC, &v1), 0, "__vdso_clock_gettime64");
			sys2(SYS_clock_gettime64, CLOCK_MONOTONIC, &s2);
			vcgt(CLOCK_MONOTONIC, &v3);
			ns = (s2.tv_sec - v1.tv_sec) * 1000000000L + (s2.tv_nsec - v1.tv_nsec);
			check(ns >= 0 && ns < 10000000, "vDSO clock <= system call clock", "%ld ns", ns);
			ns = (v3.tv_sec - s2.tv_sec) * 1000000000L + (v3.tv_nsec - s2.tv_nsec);
			check(ns >= 0 && ns < 10000000, "system call clock <= vDSO clock", "%ld ns", ns);
			CHECK(v1.tv_nsec >= 0 && v1.tv_nsec < 1000000000, "tv_nsec in range");
			CHECK_EQ(vcgt(99, &v1), -EINVAL, "vDSO: bad clock goes to the system call (EINVAL)");
		}
		if (vtime)
			CHECK(vtime(NULL) >= 0 && labs(vtime(NULL) - (long)sys1(SYS_time, NULL)) <= 1, "__vdso_time");
	}
	CHECK(time(NULL) >= 0, "time");
}

static void test_misc(void)
{
	struct sysinfo si;
	struct rlimit rl;
	char name[16];
	struct user_desc ud;
	unsigned short gs;
	unsigned long tp;

	cur = "misc";
	CHECK_EQ(sched_yield(), 0, "sched_yield");
	CHECK_EQ(sys1(SYS_sched_getscheduler, 0), SCHED_OTHER, "sched_getscheduler");	/* musl's wrapper is a stub */
	CHECK_EQ(sys1(SYS_sched_getscheduler, -1), -EINVAL, "sched_getscheduler(-1): EINVAL");
	CHECK_EQ(sched_get_priority_max(SCHED_FIFO), 99, "priority max FIFO");
	CHECK_EQ(sys1(SYS_sched_get_priority_max, 42), -EINVAL, "priority max, bad policy");
	CHECK_EQ(prctl(PR_SET_NAME, "renamed"), 0, "PR_SET_NAME");
	CHECK(prctl(PR_GET_NAME, name) == 0 && !strcmp(name, "renamed"), "PR_GET_NAME");
	CHECK_EQ(sysinfo(&si), 0, "sysinfo");
	CHECK(si.totalram > 0 && si.freeram > 0 && si.freeram < si.totalram && si.mem_unit == 4096, "sysinfo values");
	CHECK_EQ(sys1(SYS_sysinfo, KERNEL_PTR), -EFAULT, "sysinfo kernel pointer: EFAULT");
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == 8 << 20, "RLIMIT_STACK 8 MiB");
	CHECK_EQ(sys4(SYS_prlimit64, 0, 99, NULL, &rl), -EINVAL, "prlimit64 bad resource");
	__asm__ __volatile__("mov %%gs, %0" : "=r"(gs));
	memset(&ud, 0, sizeof(ud));
	ud.entry_number = gs >> 3;
	CHECK(gs >> 3 >= 6 && gs >> 3 <= 8 && (gs & 3) == 3, "musl's %gs is a TLS entry");
	__asm__ __volatile__("movl %%gs:0, %0" : "=r"(tp));	/* i386 TLS: the TCB points at itself */
	CHECK(sys1(SYS_get_thread_area, &ud) == 0 && ud.base_addr == tp,
	      "get_thread_area: base = thread pointer");
	ud.entry_number = 12;
	CHECK_EQ(sys1(SYS_get_thread_area, &ud), -EINVAL, "get_thread_area entry 12: EINVAL");
	CHECK_EQ(sys1(SYS_set_thread_area, BAD_PTR), -EFAULT, "set_thread_area bad pointer");
	CHECK_EQ(sys0(SYS_acct), -ENOSYS, "unimplemented system call: ENOSYS");
	CHECK_EQ(sys0(SYS_acct), -ENOSYS, "again (the kernel reports it once)");
	CHECK_EQ(sys0(500), -ENOSYS, "number beyond the table: ENOSYS");
	CHECK_EQ(sys4(SYS_reboot, 0x12345678, 0, 0, 0), -EINVAL, "reboot bad magic: EINVAL");
}

/* ---- threads and futexes ---- */

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int counter, ready;
static __thread int tls_var;

static void *worker(void *arg)
{
	int i, id = (int)(long)arg;

	tls_var = id * 10;
	for (i = 0; i < 500; i++) {
		pthread_mutex_lock(&mtx);
		counter++;
		if (i % 50 == 0)
			sched_yield();		/* switch with the lock held: others must sleep on it */
		pthread_mutex_unlock(&mtx);
	}
	pthread_mutex_lock(&mtx);
	ready++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&mtx);
	if (tls_var != id * 10 || getpid() == sys0(SYS_gettid))
		return (void *)-1L;
	return (void *)(long)(id + 100);
}

static void *forever(void *arg)
{
	static int never;

	(void)arg;
	for (;;)
		sys6(SYS_futex, (long)&never, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
	return NULL;
}

static void exit_with_threads(void)
{
	pthread_t t;

	pthread_create(&t, NULL, forever, NULL);
	pthread_create(&t, NULL, forever, NULL);
	sched_yield();
	exit(3);	/* exit_group: the two threads go too */
}

static void test_threads(void)
{
	pthread_t th[8];
	void *ret;
	int i, good = 0, word = 5, st;
	long t32[2] = { 0, 20 * 1000 * 1000 };
	struct { long long sec; long nsec, pad; } t64 = { 0, 20 * 1000 * 1000, 0 };

	cur = "thread";
	tls_var = -1;
	for (i = 0; i < 8; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, worker, (void *)(long)i), 0, "pthread_create");
	pthread_mutex_lock(&mtx);
	while (ready < 8)
		pthread_cond_wait(&cond, &mtx);
	pthread_mutex_unlock(&mtx);
	for (i = 0; i < 8; i++)
		if (pthread_join(th[i], &ret) == 0 && ret == (void *)(long)(i + 100))
			good++;
	CHECK_EQ(good, 8, "8 threads joined, each with its own TLS and tid");
	CHECK_EQ(counter, 8 * 500, "shared counter under a futex mutex");
	CHECK_EQ(tls_var, -1, "main thread's TLS untouched");
	CHECK_EQ(sys6(SYS_futex, (long)&word, FUTEX_WAIT_PRIVATE, 4, 0, 0, 0), -EAGAIN, "FUTEX_WAIT, value changed: EAGAIN");
	CHECK_EQ(sys6(SYS_futex, (long)&word, FUTEX_WAIT_PRIVATE, 5, (long)t32, 0, 0), -ETIMEDOUT, "FUTEX_WAIT 20 ms: ETIMEDOUT");
	CHECK_EQ(sys6(SYS_futex_time64, (long)&word, FUTEX_WAIT_PRIVATE, 5, (long)&t64, 0, 0), -ETIMEDOUT, "futex_time64 WAIT: ETIMEDOUT");
	CHECK_EQ(sys6(SYS_futex, (long)BAD_PTR, FUTEX_WAIT_PRIVATE, 5, 0, 0, 0), -EFAULT, "FUTEX_WAIT bad address: EFAULT");
	CHECK_EQ(sys6(SYS_futex, (long)&word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 0, "FUTEX_WAKE, nobody waits: 0");
	CHECK_EQ(sys6(SYS_futex, (long)&word, 99, 1, 0, 0, 0), -ENOSYS, "unknown futex op: ENOSYS");
	st = in_child(exit_with_threads);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 3, "exit_group from a process with sleeping threads",
	      "status %#x", st);
}

/* ---- Debian's busybox-static (glibc, never rebuilt) ---- */

static const char bb_script[] = "echo hi; for i in 1 2 3; do busybox true; done; echo done $?";

static void test_busybox(void)
{
	char *const argv[] = { "sh", "-c", (char *)bb_script, NULL };
	char *const envp[] = { "PATH=/bin", "HOME=/", NULL };
	pid_t pid;
	int st;

	cur = "busybox";
	printf("busybox: begin\n");
	pid = fork();
	if (pid == 0) {
		execve("/bin/busybox", argv, envp);
		_exit(127);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "busybox sh -c '...' exits 0");
	printf("busybox: end\n");
}

/*
 * x87 registers across process switches (lazy FPU with CR0.TS and #NM): two
 * processes each keep two values on the FPU stack and a control word of their
 * own while calling sched_yield, thousands of times, and find them unchanged.
 */
static int fpu_yield_loop(double seed, unsigned short cw, int n)
{
	int i, bad = 0;

	__asm__ __volatile__("fldcw %0" : : "m"(cw));
	for (i = 0; i < n; i++) {
		double a = seed + i, b = seed * 3 + i, ra, rb;
		unsigned short got;
		long ret;

		__asm__ __volatile__("fldl %[b]\n\tfldl %[a]\n\tint $0x80\n\t"
				     "fstpl %[ra]\n\tfstpl %[rb]\n\tfnstcw %[cw]"
				     : "=a"(ret), [ra] "=m"(ra), [rb] "=m"(rb), [cw] "=m"(got)
				     : "0"(SYS_sched_yield), [a] "m"(a), [b] "m"(b)
				     : "memory");
		if (ret != 0 || ra != a || rb != b || got != cw)
			bad++;
	}
	return bad;
}

static void test_fpu(void)
{
	unsigned short cw = 0x27f, got = 0;
	double x = 2.0;
	int st, bad;
	pid_t pid;

	cur = "fpu";
	__asm__ __volatile__("fnstcw %0" : "=m"(got));
	CHECK_EQ(got, 0x37f, "the initial x87 control word is Linux's 0x37f");
	/* Fork copies the parent's FPU registers: a control word and a value on the stack. */
	__asm__ __volatile__("fldcw %0\n\tfldl %1" : : "m"(cw), "m"(x));
	pid = fork();
	if (pid == 0) {
		double y = 0;

		__asm__ __volatile__("fnstcw %0\n\tfstpl %1" : "=m"(got), "=m"(y));
		_exit(got == 0x27f && y == 2.0 ? 0 : 1);
	}
	__asm__ __volatile__("fstpl %0" : "=m"(x));
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork: the child starts with the parent's x87 stack and control word");
	pid = fork();
	if (pid == 0)
		_exit(fpu_yield_loop(1000.25, 0x07f, 3000) ? 1 : 0);
	bad = fpu_yield_loop(-7.5, 0x37f, 3000);
	check(bad == 0, "x87 stack and control word kept across 3000 switches (parent)",
	      "%d iterations lost their values", bad);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "x87 stack and control word kept across 3000 switches (child, other rounding)");
}

/*
 * x87 state across a signal handler (Linux saves it in the frame, struct
 * _fpstate_32, and gives the handler a clean FPU): the handler sees the
 * interrupted code's control word and stack top through uc_mcontext.fpregs,
 * starts with Linux's initial control word, changes the FPU freely, and the
 * interrupted code finds its two values and control word unchanged.
 */
static volatile unsigned short sig_fp_cw, sig_fp_handler_cw;
static volatile double sig_fp_st0;
static volatile int sig_fp_has_fpregs;

static void fpu_sig_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	unsigned short cw = 0x0c7f;	/* round toward zero, all masked */
	double junk = 12345.0;

	(void)sig;
	(void)si;
	sig_fp_has_fpregs = uc->uc_mcontext.fpregs != NULL;
	if (sig_fp_has_fpregs) {
		long double st0;

		sig_fp_cw = uc->uc_mcontext.fpregs->cw & 0xffff;
		memcpy(&st0, &uc->uc_mcontext.fpregs->_st[0], 10);
		sig_fp_st0 = (double)st0;
	}
	__asm__ __volatile__("fnstcw %0" : "=m"(sig_fp_handler_cw));
	__asm__ __volatile__("fninit\n\tfldcw %0\n\tfldl %1\n\tfldl %1\n\tfldl %1"
			     : : "m"(cw), "m"(junk));
}

static void test_fpu_signal(void)
{
	struct sigaction sa = { 0 }, old;
	unsigned short cw = 0x0a7f, got = 0;	/* round up, precision 53 bits */
	double a = 2.5, b = -0.125, ra = 0, rb = 0;
	long ret;

	cur = "fpu_signal";
	sa.sa_sigaction = fpu_sig_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, &old);
	__asm__ __volatile__("fldcw %[cw]\n\tfldl %[b]\n\tfldl %[a]\n\tint $0x80\n\t"
			     "fstpl %[ra]\n\tfstpl %[rb]\n\tfnstcw %[got]"
			     : "=a"(ret), [ra] "=m"(ra), [rb] "=m"(rb), [got] "=m"(got)
			     : "0"(SYS_kill), "b"(getpid()), "c"(SIGUSR1), [cw] "m"(cw),
			       [a] "m"(a), [b] "m"(b)
			     : "memory");
	sigaction(SIGUSR1, &old, NULL);
	__asm__ __volatile__("fninit");
	CHECK_EQ(ret, 0, "kill(getpid(), SIGUSR1)");
	CHECK(ra == a && rb == b, "the interrupted code's x87 stack survives the handler");
	CHECK_EQ(got, 0x0a7f, "the interrupted code's control word survives the handler");
	CHECK(sig_fp_has_fpregs, "uc_mcontext.fpregs points to the saved state");
	CHECK_EQ(sig_fp_cw, 0x0a7f, "the saved state holds the interrupted control word");
	CHECK(sig_fp_st0 == a, "the saved state's st(0) is the interrupted stack top");
	CHECK_EQ(sig_fp_handler_cw, 0x37f, "the handler starts with a clean FPU (control word 0x37f)");
}

/* Resource limits: stored, inherited by fork, RLIMIT_NPROC bounds a fork bomb. */
static void test_limits(void)
{
	struct rlimit rl, big = { 10, 5 };
	struct sysinfo si;
	static pid_t pids[64];
	int st, n = 0, err = 0, i, reaped = 0;
	pid_t pid;

	cur = "rlimit";
	CHECK(getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur > 100 && rl.rlim_cur == rl.rlim_max,
	      "RLIMIT_NPROC defaults to half of threads-max");
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 1024 && rl.rlim_max == 4096,
	      "RLIMIT_NOFILE 1024/4096");
	CHECK(setrlimit(RLIMIT_NOFILE, &big) == -1 && errno == EINVAL, "setrlimit: cur > max is EINVAL");
	CHECK(syscall(SYS_prlimit64, 0, 99, NULL, NULL) == -1 && errno == EINVAL, "prlimit64: bad resource is EINVAL");
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, BAD_PTR, NULL) == -1 && errno == EFAULT,
	      "prlimit64: bad pointer is EFAULT");
	pid = fork();
	if (pid == 0) {
		struct rlimit r = { 512, 2048 };

		if (setrlimit(RLIMIT_NOFILE, &r))
			_exit(1);
		if (getrlimit(RLIMIT_NOFILE, &r) || r.rlim_cur != 512 || r.rlim_max != 2048)
			_exit(2);
		pid = fork();	/* the grandchild inherits the limit */
		if (pid == 0)
			_exit(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 512 ? 0 : 3);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
			_exit(4);
		_exit(WEXITSTATUS(st));
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "setrlimit stored, read back, inherited by fork");
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 1024,
	      "a child's setrlimit leaves the parent's limit");
	/* A fork bomb in a child whose RLIMIT_NPROC is 5 above the tasks that exist. */
	pid = fork();
	if (pid == 0) {
		sysinfo(&si);
		rl.rlim_cur = rl.rlim_max = si.procs + 5;
		if (setrlimit(RLIMIT_NPROC, &rl))
			_exit(100);
		while (n < 64) {
			pid_t c = fork();

			if (c == 0) {
				for (;;)
					pause();
			}
			if (c < 0) {
				err = errno;
				break;
			}
			pids[n++] = c;
		}
		for (i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		for (i = 0; i < n; i++)
			if (waitpid(pids[i], &st, 0) == pids[i])
				reaped++;
		_exit(err == EAGAIN && reaped == n ? n : 101);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "bounded fork bomb exited");
	check(WEXITSTATUS(st) == 5, "RLIMIT_NPROC: fork fails with EAGAIN after 5 children",
	      "exit %d (100/101: setrlimit failed / no EAGAIN)", WEXITSTATUS(st));
}

/* waitid: P_PID/P_PGID/P_ALL, WEXITED/WNOHANG/WNOWAIT, the siginfo it fills. */
static void test_waitid(void)
{
	siginfo_t si;
	pid_t pid, b;
	int st;

	cur = "waitid";
	pid = fork();
	if (pid == 0)
		_exit(7);
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == pid &&
	      si.si_signo == SIGCHLD && si.si_code == CLD_EXITED && si.si_status == 7,
	      "waitid(P_PID, WNOWAIT): SIGCHLD, CLD_EXITED, status 7, the pid");
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_pid == pid && si.si_status == 7,
	      "WNOWAIT left the zombie: waitid reaps it");
	CHECK(waitid(P_PID, pid, &si, WEXITED) == -1 && errno == ECHILD, "reaped: ECHILD");
	CHECK(waitid(P_ALL, 0, &si, WNOHANG) == -1 && errno == EINVAL,
	      "no WEXITED/WSTOPPED/WCONTINUED: EINVAL");
	CHECK(waitid(7, 0, &si, WEXITED) == -1 && errno == EINVAL, "bad idtype: EINVAL");
	pid = fork();
	if (pid == 0)
		for (;;)
			pause();
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_ALL, 0, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0,
	      "WNOHANG, nothing exited: 0 and si_pid 0");
	kill(pid, SIGKILL);
	CHECK(waitid(P_ALL, 0, &si, WEXITED | WSTOPPED) == 0 && si.si_pid == pid &&
	      si.si_code == CLD_KILLED && si.si_status == SIGKILL,
	      "waitid(P_ALL): a killed child is CLD_KILLED with the signal");
	/* Process groups: b moves into a group of its own (both sides, as a shell does). */
	b = fork();
	if (b == 0) {
		setpgid(0, 0);
		usleep(20000);
		_exit(3);
	}
	CHECK(setpgid(b, b) == 0 && getpgid(b) == b, "setpgid(child, child): its own group");
	CHECK(waitid(P_PGID, 0, &si, WEXITED) == -1 && errno == ECHILD,
	      "waitid(P_PGID, 0): no child left in our group");
	CHECK(waitid(P_PGID, b, &si, WEXITED) == 0 && si.si_pid == b && si.si_status == 3,
	      "waitid(P_PGID, its group) reaps it");
	pid = fork();
	if (pid == 0)
		_exit(getpgrp() == getpgid(getppid()) ? 0 : 1);
	CHECK(waitpid(0, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork inherits the process group; waitpid(0) finds the child");
}

/* vfork: the child borrows the parent's memory; the parent sleeps until it execs or exits. */
static volatile int vfork_flag;

static void test_vfork(void)
{
	char *argv[] = { "usertests", "--exec-child", "alpha", "beta", NULL };
	char *envp[] = { "LUCIX=1", "X=y", NULL };
	pid_t pid;
	int st;

	cur = "vfork";
	vfork_flag = 0;
	pid = vfork();
	if (pid == 0) {
		sched_yield();
		sched_yield();
		vfork_flag = 42;	/* the parent's memory, not a copy */
		_exit(5);
	}
	CHECK_EQ(vfork_flag, 42, "vfork: the child wrote the parent's memory before the parent ran");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5,
	      "vfork child's exit status");
	pid = vfork();
	if (pid == 0) {
		execve("/bin/usertests", argv, envp);
		_exit(99);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 33,
	      "vfork + execve: the parent resumes, the program runs (status 33)");
}

static void run_suite(int argc, char **argv)
{
#ifdef ONLY
	ONLY();
	return;
#endif
	test_ids();
	test_write();
	test_brk();
	test_mmap();
	test_vma_stress();
	test_stack();
	test_cow();
	test_fork_wait();
	test_fork_bomb();
	test_reparent();
	test_signals();
	test_handlers();
	test_protection();
	test_execve();
	test_threads();
	test_time();
	test_misc();
	test_fpu();
	test_fpu_signal();
	test_limits();
	test_waitid();
	test_vfork();
	test_busybox();
	(void)argc;
	(void)argv;
}

int main(int argc, char **argv)
{
	struct sysinfo before, after;
	volatile int *counts;
	pid_t pid;
	int st;

	if (argc > 1 && !strcmp(argv[1], "--exec-child"))
		return exec_child(argc, argv);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("usertests: pid %d, starting\n", getpid());
	test_startup(argc, argv);
	if (getpid() != 1) {
		printf("usertests: not init: only the start-up checks\n");
		return failed ? 1 : 0;
	}
	/* Leak check: the suite runs in a child; afterwards everything it had must be back. */
	counts = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* Warm-up: init's own stack and data pages are touched once before the count. */
	cur = "init";
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(waitpid(pid, &st, 0) == pid && wait(&st) == -1, "warm-up fork and wait");
	sysinfo(&after);
	sync();
	sysinfo(&before);
	pid = fork();
	if (pid == 0) {
		passed = failed = 0;	/* init adds the suite's counts to its own */
		run_suite(argc, argv);
		counts[0] = passed;
		counts[1] = failed;
		_exit(0);
	}
	cur = "init";
	CHECK(pid > 0, "fork the suite");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "suite exited");
	passed += counts[0];
	failed += counts[1];
	/* Orphans reparented to us: reap them all. */
	while (wait(&st) > 0)
		;
	sync();
	sysinfo(&after);
	check(before.freeram == after.freeram, "free pages back to the start value",
	      "before %lu, after %lu", before.freeram, after.freeram);
	printf("usertests: %d passed, %d failed\n", passed, failed);
	if (failed)
		return 1;	/* init exits: the kernel panics (panic_exit=N: exit status N) */
	reboot(RB_POWER_OFF);
	return 0;
}
