/*
 * The decompressor's 32-bit entry (code32_start). The boot protocol gives us
 * flat segments, interrupts off, %esi = the zero page and no stack. We may have
 * been loaded anywhere below DECOMP_BASE (0x100000 by QEMU and boot loaders,
 * 0x10000 by the lucid.img MBR), so first copy ourselves to the address we are
 * linked at, DECOMP_BASE, clear of the area the kernel is inflated into
 * (Linux's arch/x86/boot/compressed/head_32.S relocates for the same reason).
 */
#include "../../include/asm/boot-defs.h"

	.section ".head.text", "ax"
	.globl	startup_32
startup_32:
	cld
	cli
	/* A 4-byte stack in the zero page's scratch field, as Linux does,
	 * just to learn where we are running. */
	leal	(0x1e4 + 4)(%esi), %esp
	call	1f
1:	popl	%ebp
	subl	$(1b - startup_32), %ebp	/* %ebp = run address of startup_32 */
	movl	$startup_32, %edi		/* link address */
	cmpl	%ebp, %edi
	je	2f
	movl	%esi, %ebx
	movl	%ebp, %esi
	movl	$(_edata - startup_32), %ecx
	rep	movsb				/* no overlap: we run below DECOMP_BASE */
	movl	%ebx, %esi
	movl	$2f, %eax
	jmp	*%eax
2:	/* Now at our link address. Clear the bss and get a real stack. */
	movl	$_bss, %edi
	movl	$_ebss, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep	stosb
	movl	$boot_stack_end, %esp
	pushl	%esi
	call	decompress_kernel		/* returns the kernel's entry */
	popl	%esi
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmp	*%eax

	.section ".bss"
	.balign	16
boot_stack:
	.fill	16384, 1, 0
boot_stack_end:
