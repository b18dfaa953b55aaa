/*
 * protected_mode_jump(entry, bootparams): set CR0.PE, far jump to flat 32-bit
 * code, load the boot data segments and jump to ENTRY with %esi = the zero
 * page, other registers 0 (boot protocol "32-bit boot protocol" state).
 */
#include "../include/asm/boot-defs.h"

	.code16
	.section ".inittext", "ax"
	.globl	protected_mode_jump
	.type	protected_mode_jump, @function
protected_mode_jump:
	movl	4(%esp), %eax		/* entry */
	movl	8(%esp), %esi		/* zero page, linear */
	xorl	%ebx, %ebx
	movw	%cs, %bx
	shll	$4, %ebx
	addl	%ebx, 2f		/* make the far jump's offset linear */
	jmp	1f			/* flush the prefetch after patching */
1:	movw	$__BOOT_DS, %cx
	movl	%cr0, %edx
	orb	$1, %dl			/* PE */
	movl	%edx, %cr0
	.byte	0x66, 0xea		/* ljmpl $__BOOT_CS, $in_pm32 */
2:	.long	in_pm32
	.word	__BOOT_CS
	.size	protected_mode_jump, . - protected_mode_jump

	.code32
	.section ".text32", "ax"
in_pm32:
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%ecx, %fs
	movl	%ecx, %gs
	movl	%ecx, %ss
	addl	%ebx, %esp		/* the stack, now linear */
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmpl	*%eax
