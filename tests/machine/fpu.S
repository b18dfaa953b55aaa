/*
 * The x87 on the whole machine, in real mode as a BIOS would meet it:
 *  - detection: FNINIT, then FNSTSW/FNSTCW into words preset to 5A5Ah
 *    must read 0000h and 037Fh (no coprocessor: the words stay, and the
 *    ROM stops there with "fpu: none", exit 0x21);
 *  - FSAVE/FRSTOR round trips in the 16-bit (94 bytes) and 32-bit (108
 *    bytes, operand-size prefix) real-mode formats: saved control, status
 *    and tag words and ST(0), FSAVE's FNINIT, and save/restore/save giving
 *    the same image byte for byte;
 *  - #NM from an ESC with CR0.TS, from WAIT with CR0.MP and TS, and from an
 *    ESC with CR0.EM;
 *  - an unmasked zero divide with CR0.NE = 1: #MF (vector 16) at the next
 *    FWAIT, not at the FDIV;
 *  - the same with CR0.NE = 0: FERR# through the slave PIC as IRQ13
 *    (vector 75h as a BIOS programs it), cleared by OUT 0F0h.
 * Each step prints one line; the last exits with 0x2A (status 85).
 */
#include "rom.h"

#define NM_COUNT 0x500
#define MF_COUNT 0x502
#define MF_IP 0x504
#define IRQ13_COUNT 0x506
#define WORD 0x510
#define IMG1 0x600
#define IMG2 0x700
#define PIECE 0x800

start:
	ROM_INIT
	movw $nm_handler, %es:7*4
	movw $0xf000, %es:7*4+2
	movw $mf_handler, %es:16*4
	movw $0xf000, %es:16*4+2
	movw $irq13_handler, %es:0x75*4
	movw $0xf000, %es:0x75*4+2
	movw $0, %es:NM_COUNT
	movw $0, %es:MF_COUNT
	movw $0, %es:IRQ13_COUNT

	/* Detection, the way a BIOS does it. */
	fninit
	movw $0x5a5a, %es:WORD
	fnstsw %es:WORD
	cmpw $0, %es:WORD
	jne no_fpu
	movw $0x5a5a, %es:WORD
	fnstcw %es:WORD
	cmpw $0x037f, %es:WORD
	jne no_fpu
	PUTS(m_present)

	/* FSAVE, 16-bit real-mode format. */
	call load_state
	fnsave %es:IMG1
	call check_init
	frstor %es:IMG1
	fnsave %es:IMG2
	mov $IMG1, %si
	mov $94, %cx
	call compare_images
	mov $IMG1, %bx
	mov $14, %di
	call show_image
	PUTS(m_save16)

	/* FSAVE, 32-bit real-mode format (operand-size prefix). */
	call load_state
	data32 fnsave %es:IMG1
	call check_init
	data32 frstor %es:IMG1
	data32 fnsave %es:IMG2
	mov $IMG1, %si
	mov $108, %cx
	call compare_images
	mov $IMG1, %bx
	mov $28, %di
	call show_image
	PUTS(m_save32)

	/* #NM: CR0.TS with an ESC; MP+TS with WAIT; EM with an ESC. */
	mov %cr0, %eax
	or $0x08, %eax			/* TS */
	mov %eax, %cr0
	fld1				/* #NM; the handler does CLTS */
	mov %cr0, %eax
	or $0x0a, %eax			/* MP, TS */
	mov %eax, %cr0
	fwait				/* #NM */
	mov %cr0, %eax
	and $~0x02, %eax		/* no MP: WAIT ignores TS */
	or $0x08, %eax
	mov %eax, %cr0
	fwait
	clts
	mov %cr0, %eax
	or $0x04, %eax			/* EM */
	mov %eax, %cr0
	fldz				/* #NM; the handler clears EM */
	mov %es:NM_COUNT, %ax
	call puthex
	PUTS(m_nm)
	fninit

	/* #MF: CR0.NE = 1, zero divide unmasked. */
	mov %cr0, %eax
	or $0x20, %eax
	mov %eax, %cr0
	movw $0x037b, %es:WORD		/* ZE unmasked */
	fldcw %es:WORD
	fld1
	fldz
	.byte 0xde, 0xf9		/* fdivp st1, st0: 1/0, ZE, ES set, no fault yet */
	mov %es:MF_COUNT, %ax
	call puthex
	nop
mf_at:	fwait				/* #MF here */
	mov %es:MF_COUNT, %ax
	call puthex
	mov %es:MF_IP, %ax
	sub $mf_at, %ax			/* 0: the fault points at the FWAIT */
	call puthex
	PUTS(m_mf)

	/* IRQ13: CR0.NE = 0, the PICs as a BIOS sets them, only IRQ13 open. */
	fninit
	mov %cr0, %eax
	and $~0x20, %eax
	mov %eax, %cr0
	mov $0x11, %al
	out %al, $0x20
	out %al, $0xa0
	mov $0x08, %al
	out %al, $0x21
	mov $0x70, %al
	out %al, $0xa1
	mov $0x04, %al
	out %al, $0x21
	mov $0x02, %al
	out %al, $0xa1
	mov $0x01, %al
	out %al, $0x21
	out %al, $0xa1
	mov $0xfb, %al			/* master: cascade only */
	out %al, $0x21
	mov $0xdf, %al			/* slave: IRQ13 only */
	out %al, $0xa1
	fldcw %es:WORD			/* ZE unmasked */
	sti
	fld1
	fldz
	.byte 0xde, 0xf9		/* fdivp: 1/0 */
	fwait
	mov $1000, %cx			/* wait for the interrupt */
1:	cmpw $0, %es:IRQ13_COUNT
	jne 2f
	loop 1b
2:	cli
	mov %es:IRQ13_COUNT, %ax
	call puthex
	fnstsw %ax			/* the handler's FNCLEX cleared ES */
	and $0x80, %ax
	call puthex
	PUTS(m_irq13)
	EXIT(0x2a)

no_fpu:
	PUTS(m_none)
	EXIT(0x21)

/* Two values on the stack, rounding down, a flag: a recognisable state. */
load_state:
	fninit
	movw $0x077f, %es:WORD		/* round down, 64 bits, all masked */
	fldcw %es:WORD
	fld1
	fldpi
	fldz
	.byte 0xd8, 0xf9		/* fdivr st0, st1: pi / 0, ZE (masked), +inf */
	fstp %st(0)
	ret

/* After FSAVE the FPU is as after FNINIT. */
check_init:
	fnstcw %es:WORD
	mov %es:WORD, %ax
	call puthex
	fnstsw %ax
	call puthex
	ret

/* Compare CX bytes at ES:SI with ES:SI+0x100; print FFFF when equal,
 * else the offset of the first byte that differs. */
compare_images:
	push %ds
	push %es
	pop %ds
	mov %si, %dx
	mov %si, %di
	add $0x100, %di
	repe cmpsb
	pop %ds
	mov $0xffff, %ax
	je 1f
	mov %si, %ax
	sub %dx, %ax
	dec %ax
1:	call puthex
	ret

/* Print the control, status and tag words and ST(0)'s exponent and top
 * word of the image at ES:BX, whose registers start at BX+DI. */
show_image:
	mov %es:(%bx), %ax
	call puthex
	mov %es:2(%bx), %ax
	cmp $14, %di
	je 1f
	mov %es:4(%bx), %ax
1:	call puthex
	mov %es:4(%bx), %ax
	cmp $14, %di
	je 2f
	mov %es:8(%bx), %ax
2:	call puthex
	add %di, %bx
	mov %es:8(%bx), %ax		/* ST(0) sign and exponent */
	call puthex
	mov %es:6(%bx), %ax		/* ST(0) top significand word */
	call puthex
	mov %es:0(%bx), %ax		/* ST(0) low word: rounding shows */
	call puthex
	ret

/* Print AX in hex and a space. */
puthex:
	push %cx
	push %ax
	mov $4, %cx
1:	rol $4, %ax
	push %ax
	and $0xf, %al
	add $'0', %al
	cmp $'9', %al
	jbe 2f
	add $7, %al
2:	out %al, $0xe9
	pop %ax
	loop 1b
	mov $' ', %al
	out %al, $0xe9
	pop %ax
	pop %cx
	ret

nm_handler:
	incw %es:NM_COUNT
	push %eax
	clts
	mov %cr0, %eax
	and $~0x04, %eax		/* clear EM too */
	mov %eax, %cr0
	pop %eax
	iret

mf_handler:
	incw %es:MF_COUNT
	push %bp
	mov %sp, %bp
	push %ax
	mov 2(%bp), %ax			/* the faulting IP */
	mov %ax, %es:MF_IP
	fnclex
	pop %ax
	pop %bp
	iret

irq13_handler:
	incw %es:IRQ13_COUNT
	push %ax
	out %al, $0xf0			/* clear the FERR# latch */
	fnclex
	mov $0x20, %al
	out %al, $0xa0
	out %al, $0x20
	pop %ax
	iret

m_present: .asciz "fpu: present\n"
m_none:	.asciz "fpu: none\n"
m_save16: .asciz "fsave16\n"
m_save32: .asciz "fsave32\n"
m_nm:	.asciz "nm\n"
m_mf:	.asciz "mf at fwait\n"
m_irq13: .asciz "irq13\n"
	ROM_END
