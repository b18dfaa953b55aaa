/* Error numbers, Linux's values (include/uapi/asm-generic/errno-base.h). */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define ENOTDIR		20
#define EINVAL		22
#define ENOTTY		25
#define ENOSPC		28
#define ERANGE		34
#define ENAMETOOLONG	36
#define ETIMEDOUT	110
#define ENOSYS		38
/* Kernel-internal: how an interrupted system call continues (never seen by user space). */
#define ERESTARTSYS	512	/* restart unless a handler without SA_RESTART ran: then -EINTR */
#define ERESTARTNOINTR	513	/* always restart */
#define ERESTARTNOHAND	514	/* restart only if no handler ran */

#endif
