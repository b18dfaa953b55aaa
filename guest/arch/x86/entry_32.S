/*
 * Kernel entry points (Linux's arch/x86/entry/entry_32.S, simplified): the 32
 * exception vectors, the 16 8259 IRQ vectors and the INT 0x80 system call.
 * Each saves a struct pt_regs (asm/ptrace.h) and calls C. Exceptions without
 * a CPU error code push 0 so every frame looks the same; IRQ stubs put
 * ~vector in orig_ax like Linux. The vector travels in the GS slot until the
 * common code has saved GS there.
 */
#include <asm/segment.h>

#define PT_EAX 24
#define PT_CS 52
#define ENOSYS 38

	.text

/* Stubs for vectors 0-31, 8 bytes apart would be nice; a table is simpler. */
.macro EXC vec, has_err
	.balign 8
exc_stub_\vec:
	.if \has_err == 0
	pushl	$0
	.endif
	pushl	$\vec
	jmp	common_exception
.endm

.macro IRQ_STUB irq
	.balign 8
irq_stub_\irq:
	pushl	$~(0x20 + \irq)
	pushl	$(0x20 + \irq)
	jmp	common_exception
.endm

	EXC 0, 0
	EXC 1, 0
	EXC 2, 0
	EXC 3, 0
	EXC 4, 0
	EXC 5, 0
	EXC 6, 0
	EXC 7, 0
	EXC 8, 1
	EXC 9, 0
	EXC 10, 1
	EXC 11, 1
	EXC 12, 1
	EXC 13, 1
	EXC 14, 1
	EXC 15, 0
	EXC 16, 0
	EXC 17, 1
	EXC 18, 0
	EXC 19, 0
	EXC 20, 0
	EXC 21, 1
	EXC 22, 0
	EXC 23, 0
	EXC 24, 0
	EXC 25, 0
	EXC 26, 0
	EXC 27, 0
	EXC 28, 0
	EXC 29, 1
	EXC 30, 1
	EXC 31, 0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	IRQ_STUB \n
	.endr

	.section ".rodata", "a"
	.balign	4
	.globl	exception_stubs, irq_stubs
exception_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long	exc_stub_\n
	.endr
irq_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.long	irq_stub_\n
	.endr

	.text
/* Stack on entry: vector, orig_ax, ip, cs, flags [, sp, ss]. */
	.balign	16
common_exception:
	cld
	pushl	%fs
	pushl	%es
	pushl	%ds
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
	movl	40(%esp), %ecx		/* the vector, in the GS slot */
	xorl	%eax, %eax
	movw	%gs, %ax
	movl	%eax, 40(%esp)
	movl	$__KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%esp, %eax
	pushl	%ecx			/* vector */
	pushl	%eax			/* regs */
	call	do_trap_dispatch
	addl	$8, %esp
	testl	$3, PT_CS(%esp)
	jnz	ret_to_user
	/* Back to kernel code with preemption allowed and due: schedule first. */
	pushl	%esp
	call	irqentry_exit_cond_resched
	addl	$4, %esp
	.globl	restore_all
restore_all:
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
	/* A user segment register may hold a selector that is no longer valid
	 * (a TLS entry cleared by execve): the pop faults and loads 0 instead. */
1:	popl	%ds
2:	popl	%es
3:	popl	%fs
4:	popl	%gs
	addl	$4, %esp		/* orig_ax */
	iret

	.section .fixup, "ax"
5:	movl	$0, (%esp)
	jmp	1b
6:	movl	$0, (%esp)
	jmp	2b
7:	movl	$0, (%esp)
	jmp	3b
8:	movl	$0, (%esp)
	jmp	4b
	.previous
	.pushsection __ex_table, "a"
	.balign	4
	.long	1b, 5b
	.long	2b, 6b
	.long	3b, 7b
	.long	4b, 8b
	.popsection

/* Back to ring 3 (esp = the task's pt_regs): pending work first (reschedule, signals). */
	.balign	16
	.globl	ret_to_user
ret_to_user:
	pushl	%esp
	call	exit_to_user_mode	/* returns with interrupts off */
	addl	$4, %esp
	jmp	restore_all

/*
 * INT 0x80: EAX = number, EBX, ECX, EDX, ESI, EDI, EBP = arguments (Linux
 * i386 ABI), saved as pt_regs; do_int80_syscall_32 calls the handler with
 * them and puts the result in the saved EAX.
 */
	.balign	16
	.globl	entry_INT80_32
entry_INT80_32:
	pushl	%eax			/* orig_ax: the system-call number */
	pushl	%gs
	pushl	%fs
	pushl	%es
	pushl	%ds
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
	cld
	movl	$__KERNEL_DS, %edx
	movl	%edx, %ds
	movl	%edx, %es
	pushl	%esp
	call	do_int80_syscall_32	/* returns with interrupts off */
	addl	$4, %esp
	jmp	restore_all

/*
 * SYSENTER from the vDSO's __kernel_vsyscall: interrupts off, ESP = the
 * address of TSS.sp0 (the MSR), EBP = the user stack (holding the saved
 * EBP, EDX, ECX and the return address), the arguments in registers as for
 * int $0x80 but the sixth, which is on that stack. Build the same pt_regs
 * an int $0x80 would have; do_fast_syscall_32 fetches the sixth argument and
 * points EIP at the vDSO's landing pad; the way back is IRET.
 */
	.balign	16
	.globl	entry_SYSENTER_32
entry_SYSENTER_32:
	movl	(%esp), %esp		/* the task's kernel stack top */
	pushl	$__USER_DS		/* ss */
	pushl	%ebp			/* sp */
	pushfl
	orl	$0x200, (%esp)		/* flags: SYSENTER cleared IF, user mode has it */
	pushl	$__USER_CS		/* cs */
	pushl	$0			/* ip: set in C */
	pushl	%eax			/* orig_ax */
	pushl	%gs
	pushl	%fs
	pushl	%es
	pushl	%ds
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
	cld
	movl	$__KERNEL_DS, %edx
	movl	%edx, %ds
	movl	%edx, %es
	pushl	%esp
	call	do_fast_syscall_32	/* returns with interrupts off */
	addl	$4, %esp
	jmp	restore_all

/*
 * A new task's first instructions: switch_to's __switch_to "returned" here
 * with eax = the previous task. Above the stack pointer: fn and arg, then the
 * task's pt_regs. fn NULL: a forked user process, straight back to user mode.
 * A kernel thread runs fn(arg); if that was kernel_init and it exec'd a
 * program (fn returned 0 with an mm), it goes to user mode too, as in Linux.
 */
	.balign	16
	.globl	ret_from_fork
ret_from_fork:
	pushl	%eax
	call	schedule_tail
	addl	$4, %esp
	popl	%eax			/* fn */
	testl	%eax, %eax
	jz	1f
	call	*%eax			/* fn(arg): arg is now on top of the stack */
	movl	%eax, (%esp)
	call	kernel_thread_return	/* do_exit unless it is to become a process */
1:	addl	$4, %esp		/* arg */
	jmp	ret_to_user
