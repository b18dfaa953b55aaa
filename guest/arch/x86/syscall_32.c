/*
 * The system-call table, indexed by Linux's i386 numbers (asm/unistd_32.h).
 * Every slot is sys_ni_syscall (-ENOSYS) until the issues that implement
 * processes, memory and files fill theirs in, e.g.
 *	[__NR_getpid] = (sys_call_ptr_t)sys_getpid,
 * Handlers take up to six unsigned long arguments (EBX, ECX, EDX, ESI, EDI,
 * EBP) and return a value or a negative errno in EAX.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <asm/unistd_32.h>

typedef long (*sys_call_ptr_t)(unsigned long, unsigned long, unsigned long,
			       unsigned long, unsigned long, unsigned long);

/* Every argument slot is declared so the table needs no function-type casts. */
long sys_ni_syscall(unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4,
		    unsigned long a5, unsigned long a6)
{
	return -ENOSYS;
}

const unsigned long nr_syscalls = NR_syscalls;

const sys_call_ptr_t sys_call_table[NR_syscalls] = {
	[0 ... NR_syscalls - 1] = sys_ni_syscall,
};
