/*
 * The 32-bit vDSO's system-call entry (Linux's arch/x86/entry/vdso/vdso32/
 * system_call.S): C libraries call __kernel_vsyscall (its address is
 * AT_SYSINFO) with the system call's registers set as for int $0x80. It
 * saves ECX, EDX and EBP, puts the user stack pointer in EBP and enters the
 * kernel with SYSENTER, which loads neither a return address nor a stack: the
 * kernel returns (by IRET) to int80_landing_pad with the user's EBP (the sixth
 * argument) restored. A system call the kernel restarts backs up over the
 * "int $0x80" and goes in the slow way, with the same registers.
 */
	.text
	.globl	__kernel_vsyscall
	.type	__kernel_vsyscall, @function
	.balign	32
__kernel_vsyscall:
	pushl	%ecx
	pushl	%edx
	pushl	%ebp
	movl	%esp, %ebp
	sysenter
	int	$0x80
	.globl	int80_landing_pad
int80_landing_pad:
	popl	%ebp
	popl	%edx
	popl	%ecx
	ret
	.size	__kernel_vsyscall, . - __kernel_vsyscall
