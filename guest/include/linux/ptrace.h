#ifndef _LINUX_PTRACE_H
#define _LINUX_PTRACE_H
/*
 * ptrace (kernel/ptrace.c): one process (the tracer) stops another (the
 * tracee) at its system calls, signals and events and reads and writes its
 * registers and memory. The hooks the rest of the kernel calls; each costs a
 * test of current->ptrace when nothing is traced.
 */
#include <linux/types.h>

struct task_struct;
struct pt_regs;

/* Linux's request numbers (include/uapi/linux/ptrace.h, asm/ptrace-abi.h). */
#define PTRACE_TRACEME		0
#define PTRACE_PEEKTEXT		1
#define PTRACE_PEEKDATA		2
#define PTRACE_PEEKUSR		3
#define PTRACE_POKETEXT		4
#define PTRACE_POKEDATA		5
#define PTRACE_POKEUSR		6
#define PTRACE_CONT		7
#define PTRACE_KILL		8
#define PTRACE_SINGLESTEP	9
#define PTRACE_GETREGS		12
#define PTRACE_SETREGS		13
#define PTRACE_ATTACH		16
#define PTRACE_DETACH		17
#define PTRACE_SYSCALL		24
#define PTRACE_SETOPTIONS	0x4200
#define PTRACE_GETEVENTMSG	0x4201
#define PTRACE_GETSIGINFO	0x4202

#define PTRACE_O_TRACESYSGOOD	0x01
#define PTRACE_O_TRACEFORK	0x02
#define PTRACE_O_TRACEVFORK	0x04
#define PTRACE_O_TRACECLONE	0x08
#define PTRACE_O_TRACEEXEC	0x10
#define PTRACE_O_MASK		0x1f

#define PTRACE_EVENT_FORK	1
#define PTRACE_EVENT_VFORK	2
#define PTRACE_EVENT_CLONE	3
#define PTRACE_EVENT_EXEC	4

/* task_struct.ptrace */
#define PT_PTRACED		0x01	/* traced by task_struct.tracer */
#define PT_SYSCALL		0x02	/* resumed with PTRACE_SYSCALL: stop at entry and exit */
#define PT_STOPPED		0x04	/* in a stop, waiting for the tracer */
#define PT_REPORTED		0x08	/* ... which the tracer's wait has seen */
#define PT_EXIT_REPORTED	0x10	/* a zombie tracee's exit was shown to a non-parent tracer */

long ptrace_syscall_enter(struct pt_regs *regs);	/* the number to run, or -1 to skip */
void ptrace_syscall_exit(struct pt_regs *regs);
int ptrace_signal(int sig);				/* signal-delivery stop: the signal to deliver */
void ptrace_fork(struct task_struct *child, unsigned long clone_flags);
void ptrace_exec(pid_t old_pid);
void exit_ptrace(struct task_struct *tsk);
long ptrace_wait(int type, pid_t id, int options, int *status, bool *found);
bool ptrace_holds_zombie(struct task_struct *p);

#endif
