/*
 * The system-call table, indexed by Linux's i386 numbers (asm/unistd_32.h),
 * and the C side of the INT 0x80 entry. Handlers take up to six arguments
 * (EBX, ECX, EDX, ESI, EDI, EBP) and return a value or a negative errno in
 * EAX. A number without a handler returns -ENOSYS, and the first call of each
 * such number prints one dmesg line naming it, so the next missing piece of
 * the ABI is easy to see.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <asm/unistd_32.h>
#include <asm/ptrace.h>
#include <asm/irqflags.h>
#include <linux/uaccess.h>
#include <linux/mm_types.h>
#include <linux/ptrace.h>

typedef long (*sys_call_ptr_t)(unsigned long, unsigned long, unsigned long,
			       unsigned long, unsigned long, unsigned long);

/* Every argument slot is declared so the table needs no function-type casts. */
long sys_ni_syscall(unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4,
		    unsigned long a5, unsigned long a6)
{
	return -ENOSYS;
}

const unsigned long nr_syscalls = NR_syscalls;

/* The handlers have their own prototypes; in the table they are called with six longs. */
#define SYSCALLS(X)							\
	X(exit) X(fork) X(read) X(write) X(close) X(waitpid) X(execve)	\
	X(time) X(lseek) X(getpid) X(getuid) X(kill) X(times) X(brk)	\
	X(getgid) X(ioctl) X(setpgid) X(umask) X(getppid) X(getpgrp)	\
	X(setsid) X(setrlimit) X(getrlimit) X(getrusage) X(gettimeofday) \
	X(old_mmap) X(munmap) X(wait4) X(sysinfo) X(clone) X(newuname)	\
	X(mprotect) X(getpgid) X(readv) X(writev) X(getsid) X(sched_yield) \
	X(sched_setscheduler) X(sched_getscheduler) X(sched_getparam)	\
	X(sched_get_priority_max) X(sched_get_priority_min)		\
	X(sched_setattr) X(sched_getattr)				\
	X(nanosleep_time32) X(prctl) X(rt_sigaction) X(rt_sigprocmask)	\
	X(rt_sigpending) X(vfork) X(mmap2) X(gettid) X(tkill)		\
	X(sched_setaffinity) X(sched_getaffinity) X(set_thread_area)	\
	X(get_thread_area) X(exit_group) X(set_tid_address)		\
	X(clock_gettime32) X(clock_getres) X(clock_nanosleep_time32)	\
	X(tgkill) X(waitid) X(prlimit64) X(clock_gettime) X(clock_nanosleep)	\
	X(reboot) X(sync) X(iopl) X(nice) X(getpriority) X(setpriority)	\
	X(futex_time32) X(futex) X(rt_sigreturn) X(sigreturn) X(sigaltstack) X(pause) \
	X(rt_sigsuspend) X(getrandom) X(getcwd) X(set_robust_list) \
	X(open) X(openat) X(creat) X(dup) X(dup2) X(dup3) X(fcntl) X(fcntl64)	\
	X(pread64) X(pwrite64) X(llseek) X(stat64) X(lstat64) X(fstat64)	\
	X(fstatat64) X(statx) X(getdents64) X(mkdir) X(mkdirat) X(rmdir)	\
	X(unlink) X(unlinkat) X(rename) X(renameat) X(renameat2) X(link)	\
	X(linkat) X(symlink) X(symlinkat) X(readlink) X(readlinkat) X(chdir)	\
	X(fchdir) X(access) X(faccessat) X(faccessat2) X(truncate)		\
	X(ftruncate) X(truncate64) X(ftruncate64) X(pipe) X(pipe2) X(mknod)	\
	X(mknodat) X(chmod) X(fchmod) X(fchmodat) X(mount) X(umount) X(umount2)	\
	X(stime) X(settimeofday) X(clock_settime32) X(clock_settime)	\
	X(mlock) X(munlock) X(mlockall) X(munlockall) X(mlock2) X(mremap) \
	X(madvise) X(mincore) X(ptrace) X(rt_sigtimedwait_time32) \
	X(rt_sigtimedwait) X(sethostname) X(lucix_memstat) X(lucix_oom_score_adj) X(lucix_vm_sysctl) \
	X(poll) X(ppoll) X(ppoll_time64) X(newselect) X(pselect6) X(pselect6_time64) \
	X(fsync) X(fdatasync) X(syncfs) X(msync) \
	X(init_module) X(finit_module) X(delete_module) X(syslog) \
	X(fchownat) X(chown32) X(lchown32) X(fchown32) X(chown16) X(lchown16) X(fchown16) \
	X(utimensat_time32) X(utimensat) X(futimesat) X(utimes) X(utime)	\
	X(statfs64) X(fstatfs64) X(statfs) X(fstatfs) X(getxattr) X(lgetxattr) X(fgetxattr) \
	X(listxattr) X(llistxattr) X(flistxattr) X(setxattr) \
	X(swapon) X(swapoff) \
	X(vhangup) X(readahead) X(fadvise64) X(fadvise64_64) X(sendfile) X(sendfile64) X(splice)

#define DECLARE(name) long sys_##name();
SYSCALLS(DECLARE)

#define S(nr, fn) [__NR_##nr] = (sys_call_ptr_t)sys_##fn

/* The default for every slot, then the handlers over it (GCC's documented range idiom). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
const sys_call_ptr_t sys_call_table[NR_syscalls] = {
	[0 ... NR_syscalls - 1] = sys_ni_syscall,
	S(exit, exit), S(fork, fork), S(read, read), S(write, write), S(close, close),
	S(waitpid, waitpid), S(execve, execve), S(time, time), S(lseek, lseek),
	S(getpid, getpid), S(getuid, getuid), S(geteuid, getuid), S(getuid32, getuid),
	S(geteuid32, getuid), S(getgid, getgid), S(getegid, getgid), S(getgid32, getgid),
	S(getegid32, getgid), S(kill, kill), S(times, times), S(brk, brk), S(ioctl, ioctl),
	S(setpgid, setpgid), S(umask, umask), S(getppid, getppid), S(getpgrp, getpgrp),
	S(setsid, setsid), S(setrlimit, setrlimit), S(getrlimit, getrlimit),
	S(ugetrlimit, getrlimit), S(getrusage, getrusage), S(gettimeofday, gettimeofday),
	S(mmap, old_mmap), S(munmap, munmap), S(wait4, wait4), S(sysinfo, sysinfo),
	S(clone, clone), S(uname, newuname), S(mprotect, mprotect), S(getpgid, getpgid),
	S(readv, readv), S(writev, writev), S(getsid, getsid), S(sched_yield, sched_yield),
	S(sched_setscheduler, sched_setscheduler), S(sched_getscheduler, sched_getscheduler),
	S(sched_setattr, sched_setattr), S(sched_getattr, sched_getattr),
	S(sched_getparam, sched_getparam), S(sched_get_priority_max, sched_get_priority_max),
	S(sched_get_priority_min, sched_get_priority_min), S(nanosleep, nanosleep_time32),
	S(prctl, prctl), S(rt_sigaction, rt_sigaction), S(rt_sigprocmask, rt_sigprocmask),
	S(rt_sigpending, rt_sigpending), S(vfork, vfork), S(mmap2, mmap2), S(gettid, gettid),
	S(tkill, tkill), S(sched_setaffinity, sched_setaffinity),
	S(sched_getaffinity, sched_getaffinity), S(set_thread_area, set_thread_area),
	S(get_thread_area, get_thread_area), S(exit_group, exit_group),
	S(set_tid_address, set_tid_address), S(clock_gettime, clock_gettime32),
	S(clock_getres, clock_getres), S(clock_nanosleep, clock_nanosleep_time32),
	S(tgkill, tgkill), S(waitid, waitid), S(prlimit64, prlimit64), S(clock_gettime64, clock_gettime),
	S(clock_nanosleep_time64, clock_nanosleep), S(reboot, reboot), S(sync, sync),
	S(iopl, iopl), S(nice, nice), S(getpriority, getpriority), S(setpriority, setpriority),
	S(futex, futex_time32), S(futex_time64, futex), S(rt_sigreturn, rt_sigreturn),
	S(sigreturn, sigreturn), S(sigaltstack, sigaltstack), S(pause, pause),
	S(rt_sigsuspend, rt_sigsuspend), S(getrandom, getrandom), S(getcwd, getcwd),
	S(set_robust_list, set_robust_list),
	S(poll, poll), S(ppoll, ppoll), S(ppoll_time64, ppoll_time64), S(_newselect, newselect),
	S(pselect6, pselect6), S(pselect6_time64, pselect6_time64),
	S(open, open), S(openat, openat), S(creat, creat), S(dup, dup), S(dup2, dup2),
	S(dup3, dup3), S(fcntl, fcntl), S(fcntl64, fcntl64), S(pread64, pread64),
	S(pwrite64, pwrite64), S(_llseek, llseek), S(stat64, stat64), S(lstat64, lstat64),
	S(fstat64, fstat64), S(fstatat64, fstatat64), S(statx, statx),
	S(getdents64, getdents64), S(mkdir, mkdir), S(mkdirat, mkdirat), S(rmdir, rmdir),
	S(unlink, unlink), S(unlinkat, unlinkat), S(rename, rename), S(renameat, renameat),
	S(renameat2, renameat2), S(link, link), S(linkat, linkat), S(symlink, symlink),
	S(symlinkat, symlinkat), S(readlink, readlink), S(readlinkat, readlinkat),
	S(chdir, chdir), S(fchdir, fchdir), S(access, access), S(faccessat, faccessat),
	S(faccessat2, faccessat2), S(truncate, truncate), S(ftruncate, ftruncate),
	S(truncate64, truncate64), S(ftruncate64, ftruncate64), S(pipe, pipe),
	S(pipe2, pipe2), S(mknod, mknod), S(mknodat, mknodat), S(chmod, chmod),
	S(fchmod, fchmod), S(fchmodat, fchmodat), S(mount, mount), S(umount, umount),
	S(umount2, umount2),
	S(mlock, mlock), S(munlock, munlock),
	S(mlockall, mlockall), S(munlockall, munlockall), S(mlock2, mlock2), S(mremap, mremap),
	S(madvise, madvise), S(mincore, mincore),
	S(ptrace, ptrace), S(rt_sigtimedwait, rt_sigtimedwait_time32),
	S(rt_sigtimedwait_time64, rt_sigtimedwait), S(sethostname, sethostname),
	S(stime, stime), S(settimeofday, settimeofday), S(clock_settime, clock_settime32),
	S(clock_settime64, clock_settime),
	S(fsync, fsync), S(fdatasync, fdatasync), S(syncfs, syncfs), S(msync, msync),
	S(init_module, init_module), S(finit_module, finit_module), S(delete_module, delete_module),
	S(syslog, syslog),
	S(fchownat, fchownat), S(chown32, chown32), S(lchown32, lchown32),
	S(fchown32, fchown32), S(chown, chown16), S(lchown, lchown16), S(fchown, fchown16),
	S(utimensat, utimensat_time32), S(utimensat_time64, utimensat),
	S(futimesat, futimesat), S(utimes, utimes), S(utime, utime),
	S(statfs64, statfs64), S(fstatfs64, fstatfs64), S(statfs, statfs), S(fstatfs, fstatfs),
	S(getxattr, getxattr), S(lgetxattr, lgetxattr), S(fgetxattr, fgetxattr),
	S(listxattr, listxattr), S(llistxattr, llistxattr), S(flistxattr, flistxattr),
	S(setxattr, setxattr), S(lsetxattr, setxattr), S(fsetxattr, setxattr),
	S(removexattr, setxattr), S(lremovexattr, setxattr), S(fremovexattr, setxattr),
	S(swapon, swapon), S(swapoff, swapoff),
	S(syslog, syslog), S(vhangup, vhangup),
	S(readahead, readahead), S(fadvise64, fadvise64), S(fadvise64_64, fadvise64_64),
	S(sendfile, sendfile), S(sendfile64, sendfile64), S(splice, splice),
};
#pragma GCC diagnostic pop

static const char *const syscall_names[NR_syscalls] = {
#include "syscall_names.h"
};

static unsigned long ni_reported[(NR_syscalls + 31) / 32];

static void report_ni(unsigned long nr)
{
	if (nr < NR_syscalls) {
		if (ni_reported[nr / 32] & (1UL << (nr % 32)))
			return;
		ni_reported[nr / 32] |= 1UL << (nr % 32);
	}
	pr_info("%s[%d]: system call %lu (%s) is not implemented: -ENOSYS\n", current->comm,
		current->pid, nr, nr < NR_syscalls && syscall_names[nr] ? syscall_names[nr] : "?");
}

/* The lucix-only calls, numbered above Linux's table. */
static sys_call_ptr_t lucix_syscall(unsigned long nr)
{
	if (nr == __NR_lucix_memstat)
		return (sys_call_ptr_t)sys_lucix_memstat;
	if (nr == __NR_lucix_oom_score_adj)
		return (sys_call_ptr_t)sys_lucix_oom_score_adj;
	if (nr == __NR_lucix_vm_sysctl)
		return (sys_call_ptr_t)sys_lucix_vm_sysctl;
	return sys_ni_syscall;
}

static __always_inline void do_syscall_32(struct pt_regs *regs)
{
	unsigned long nr = regs->orig_ax;
	sys_call_ptr_t fn;

	/* A traced process stops at entry (its tracer may change or skip the call) and exit. */
	if (unlikely(current->ptrace)) {
		nr = ptrace_syscall_enter(regs);
		if (nr == -1UL) {
			ptrace_syscall_exit(regs);
			return;
		}
	}
	/* The common case first: a number in Linux's table with a handler. */
	fn = likely(nr < NR_syscalls) ? sys_call_table[nr] : lucix_syscall(nr);
	if (unlikely(fn == sys_ni_syscall))
		report_ni(nr);
	regs->ax = fn(regs->bx, regs->cx, regs->dx, regs->si, regs->di, regs->bp);
	if (unlikely(vm_check_ms))	/* mm/vm_check.c: vm_check= on the command line */
		vm_check_syscall_exit();
	if (unlikely(current->ptrace))
		ptrace_syscall_exit(regs);
}

/* From entry_INT80_32, interrupts on (a trap gate); returns with them off. */
__visible void do_int80_syscall_32(struct pt_regs *regs)
{
	do_syscall_32(regs);
	if (user_mode(regs))
		syscall_exit_to_user_mode(regs);
	else
		local_irq_disable();
}

#include "vdso-syms.h"

/*
 * From entry_SYSENTER_32 (interrupts off): the return goes to the vDSO's
 * landing pad after its "int $0x80" (a restart backs up onto it); the sixth
 * argument is the EBP that __kernel_vsyscall pushed, at the user stack pointer.
 */
__visible void do_fast_syscall_32(struct pt_regs *regs)
{
	u32 bp;

	local_irq_enable();
	regs->ip = current->mm->vdso + VDSO_INT80_LANDING_PAD;
	if (get_user(bp, (u32 __user *)regs->sp)) {
		regs->ax = -EFAULT;
	} else {
		regs->bp = bp;
		do_syscall_32(regs);
	}
	syscall_exit_to_user_mode(regs);
}
