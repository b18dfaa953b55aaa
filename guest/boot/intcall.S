/*
 * intcall(int_no, in, out): call a BIOS service from the real-mode setup with
 * every general register loaded from *in and saved to *out afterwards (plus
 * EFLAGS, for the carry flag that BIOS calls use to report errors). The
 * interrupt number is patched into the INT instruction, as Linux's
 * arch/x86/boot/bioscall.S does, because INT only takes an immediate.
 */
	.code16
	.section ".inittext", "ax"
	.globl	intcall
	.type	intcall, @function
intcall:
	movb	4(%esp), %al
	movb	%al, 3f+1
	jmp	1f			/* flush the prefetch after patching */
1:	pushal				/* 32 bytes */
	pushw	%ds
	pushw	%es
	pushw	%fs
	pushw	%gs			/* 40 bytes saved in all */
	cld
	movl	48(%esp), %esi		/* in (after ret 4 + int_no 4 + saved 40) */
	addl	$4, %esi		/* skip eflags: in->edi .. in->eax */
	subl	$32, %esp
	movl	%esp, %edi
	movl	$8, %ecx
	rep	movsl
	popal				/* every register from *in */
3:	int	$0
	pushal
	pushfl
	cld
	movw	%ss, %ax		/* the BIOS may have changed DS/ES */
	movw	%ax, %ds
	movw	%ax, %es
	movl	88(%esp), %edi		/* out */
	andl	%edi, %edi
	jz	4f
	movl	%esp, %esi
	movl	$9, %ecx
	rep	movsl
4:	addl	$36, %esp
	popw	%gs
	popw	%fs
	popw	%es
	popw	%ds
	popal
	retl
	.size	intcall, . - intcall
