/*
 * i386 system-call numbers, Linux's (arch/x86/entry/syscalls/syscall_32.tbl).
 * Only the ones lucix is expected to implement are named; every number below
 * NR_syscalls has a table slot.
 */
#ifndef _ASM_UNISTD_32_H
#define _ASM_UNISTD_32_H

#define __NR_restart_syscall	0
#define __NR_exit		1
#define __NR_fork		2
#define __NR_read		3
#define __NR_write		4
#define __NR_open		5
#define __NR_close		6
#define __NR_waitpid		7
#define __NR_creat		8
#define __NR_link		9
#define __NR_unlink		10
#define __NR_execve		11
#define __NR_chdir		12
#define __NR_time		13
#define __NR_mknod		14
#define __NR_chmod		15
#define __NR_lseek		19
#define __NR_getpid		20
#define __NR_mount		21
#define __NR_getuid		24
#define __NR_pause		29
#define __NR_access		33
#define __NR_sync		36
#define __NR_kill		37
#define __NR_rename		38
#define __NR_mkdir		39
#define __NR_rmdir		40
#define __NR_dup		41
#define __NR_pipe		42
#define __NR_times		43
#define __NR_brk		45
#define __NR_getgid		47
#define __NR_ioctl		54
#define __NR_fcntl		55
#define __NR_setpgid		57
#define __NR_umask		60
#define __NR_dup2		63
#define __NR_getppid		64
#define __NR_setsid		66
#define __NR_sigaction		67
#define __NR_gettimeofday	78
#define __NR_symlink		83
#define __NR_readlink		85
#define __NR_reboot		88
#define __NR_mmap		90
#define __NR_munmap		91
#define __NR_stat		106
#define __NR_lstat		107
#define __NR_fstat		108
#define __NR_wait4		114
#define __NR_sysinfo		116
#define __NR_sigreturn		119
#define __NR_clone		120
#define __NR_uname		122
#define __NR_mprotect		125
#define __NR_getpgid		132
#define __NR_getdents		141
#define __NR_readv		145
#define __NR_writev		146
#define __NR_sched_yield	158
#define __NR_nanosleep		162
#define __NR_poll		168
#define __NR_rt_sigreturn	173
#define __NR_rt_sigaction	174
#define __NR_rt_sigprocmask	175
#define __NR_getcwd		183
#define __NR_vfork		190
#define __NR_mmap2		192
#define __NR_stat64		195
#define __NR_lstat64		196
#define __NR_fstat64		197
#define __NR_getdents64		220
#define __NR_fcntl64		221
#define __NR_gettid		224
#define __NR_set_thread_area	243
#define __NR_exit_group		252
#define __NR_set_tid_address	258
#define __NR_clock_gettime	265
#define __NR_openat		295
#define __NR_pipe2		331
#define __NR_getrandom		355
#define __NR_statx		383
#define __NR_rseq		386

#define NR_syscalls		387

#endif
