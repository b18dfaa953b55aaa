/*
 * The registers saved on kernel entry, in Linux i386's order
 * (arch/x86/include/asm/ptrace.h): the first six are the system-call
 * arguments, so entry_32.S can call sys_call_table handlers directly.
 */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include <linux/types.h>

struct pt_regs {
	unsigned long bx, cx, dx, si, di, bp, ax;
	unsigned long ds, es, fs, gs;
	unsigned long orig_ax;	/* error code, ~vector for IRQs, or syscall nr */
	unsigned long ip, cs, flags;
	unsigned long sp, ss;	/* only when entered from user mode */
};

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

#endif
