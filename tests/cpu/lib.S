/*
 * Shared start-up and reporting code for the tests/cpu ROM programs.
 *
 * From the reset vector (F000:FFF0) lib enters 32-bit protected mode with
 * flat ring-0 segments, copies the GDT into RAM (task switches write busy
 * bits), builds an IDT whose vectors 0-31 report the exception and resume
 * where the test said, loads TR with TSS0 (ring-0 stack for ring-3 code,
 * an I/O bitmap allowing only port 0xE9), then calls the test's main. When
 * main returns, the program exits through isa-debug-exit with status 0
 * (process exit status 1). Everything is reported on debugcon (0xE9).
 *
 * RAM layout (all below 1 MiB, so the A20 gate does not matter):
 *   0x0500 variables (resume address, scratch)   0x1000 GDT    0x2000 IDT
 *   0x10000 TSS0 + I/O bitmap   0x13000 TSS1   0x20000 ring-0 stack top
 *   0x28000 TSS0 ESP0   0x30000 ring-3 stack top   0x38000 task-1 stack
 *   0x40000-0x4FFFF page tables   0x50000-0x7FFFF test pages
 * Tests reach routines: puts (ESI), puthex (EAX, ECX digits), putnl, and
 * the EXPECT macro (lib.h) arming the resume address for the next fault.
 */
#include "lib.h"

	.code16
	.section .reset, "ax"
	ljmp $0xF000, $0		/* entry16: the ROM's first byte */
	.fill 11, 1, 0

	/* Linked first, at 0xF0000: offsets in F000 are known constants. */
	.section .text16, "ax"
entry16:
	jmp 1f
	.word rom_gdt_end - rom_gdt - 1	/* F000:0002: the ROM GDT's pseudo-descriptor */
	.long rom_gdt
1:	cli
	cld
	xor %ax, %ax
	mov %ax, %ds
	/* Load the ROM GDT (lgdtl takes a 32-bit base). */
	lgdtl %cs:2
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	.byte 0x66, 0xEA
	.long entry32
	.word SEL_CODE0

	.text
	.code32
entry32:
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov $STACK0, %esp
	/* GDT into RAM. */
	mov $rom_gdt, %esi
	mov $GDT, %edi
	mov $(rom_gdt_end - rom_gdt), %ecx
	rep movsb
	lgdt gdt_desc
	/* IDT: vectors 0-31 to the reporting stubs, 32.. to stub_other. */
	xor %ebx, %ebx
1:	mov %ebx, %eax
	cmp $32, %eax
	jb 2f
	mov $32, %eax
2:	shl $4, %eax
	add $stubs, %eax
	mov %ebx, %edx
	mov $0x8E00, %ecx
	call set_idt
	inc %ebx
	cmp $IDT_VECTORS, %ebx
	jb 1b
	lidt idt_desc
	/* TSS0: SS0:ESP0, I/O bitmap at 0x68 allowing only port 0xE9. */
	mov $TSS0, %edi
	xor %eax, %eax
	mov $(0x68 + 8192 + 1), %ecx
	rep stosb
	movl $ESP0, TSS0 + 4
	movl $SEL_DATA0, TSS0 + 8
	movw $0x68, TSS0 + 0x66
	mov $TSS0 + 0x68, %edi
	mov $0xFFFFFFFF, %eax
	mov $2048, %ecx
	rep stosl
	movb $0xFF, TSS0 + 0x68 + 8192
	andb $~(1 << (0xE9 & 7)), TSS0 + 0x68 + (0xE9 >> 3)
	mov $SEL_TSS0, %ax
	ltr %ax
	movl $0, RESUME
	call main
	mov $0, %al
	jmp exit

/* Exit through isa-debug-exit with AL (status (AL << 1) | 1). */
	.globl exit
exit:
	out %al, $0xF4
	hlt
	jmp exit

/* IDT entry EDX -> offset EAX, selector SEL_CODE0, type/attr CX (e.g.
 * 0x8E00 interrupt gate DPL 0, 0xEE00 DPL 3, 0x8F00 trap gate). */
	.globl set_idt
set_idt:
	push %edi
	lea IDT(,%edx,8), %edi
	mov %ax, (%edi)
	movw $SEL_CODE0, 2(%edi)
	mov %cx, 4(%edi)
	shr $16, %eax
	mov %ax, 6(%edi)
	pop %edi
	ret

/* GDT entry at selector EDX: raw dwords EAX (low), ECX (high). */
	.globl set_gdt
set_gdt:
	and $~7, %edx
	mov %eax, GDT(%edx)
	mov %ecx, GDT + 4(%edx)
	ret

/* Print the NUL-terminated string at ESI. */
	.globl puts
puts:
	push %eax
	push %esi
1:	lodsb
	test %al, %al
	jz 2f
	out %al, $0xE9
	jmp 1b
2:	pop %esi
	pop %eax
	ret

	.globl putnl
putnl:
	push %eax
	mov $'\n', %al
	out %al, $0xE9
	pop %eax
	ret

	.globl putsp
putsp:
	push %eax
	mov $' ', %al
	out %al, $0xE9
	pop %eax
	ret

/* Print the low ECX hex digits of EAX. */
	.globl puthex
puthex:
	push %eax
	push %ebx
	push %ecx
	push %edx
	mov %eax, %edx
	mov %ecx, %ebx
	shl $2, %ecx
	neg %ecx
	add $32, %ecx
	shl %cl, %edx
1:	rol $4, %edx
	mov %edx, %eax
	and $0xF, %eax
	mov hexdigits(%eax), %al
	out %al, $0xE9
	dec %ebx
	jnz 1b
	pop %edx
	pop %ecx
	pop %ebx
	pop %eax
	ret
hexdigits: .ascii "0123456789abcdef"

/*
 * Exception stubs, 16 bytes apart: vectors with an error code push only
 * the vector; the others push a 0 first. Then report:
 *   EXC vv err=eeeeeeee eip=eeeeeeee cs=cccc [cr2=...]
 * and return to the address in RESUME (cleared: one use), or exit with
 * status 3 when none was armed.
 */
	.p2align 4
	.globl stubs
stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.p2align 4
	.if (\v == 8) || (\v >= 10 && \v <= 14) || (\v == 17)
	push $\v
	.else
	push $0
	push $\v
	.endif
	jmp exc_common
	.endr
	.p2align 4
stub_other:
	push $0
	push $0xFF
	jmp exc_common

exc_common:
	push %ds
	push %es
	pusha
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	mov %ax, %es
	/* frame: pusha 0-31, es 32, ds 36, vector 40, err 44, eip 48, cs 52 */
	mov $msg_exc, %esi
	call puts
	mov 40(%esp), %eax
	mov $2, %ecx
	call puthex
	mov $msg_err, %esi
	call puts
	mov 44(%esp), %eax
	mov $8, %ecx
	call puthex
	mov $msg_eip, %esi
	call puts
	mov 48(%esp), %eax
	call puthex
	mov $msg_cs, %esi
	call puts
	mov 52(%esp), %eax
	mov $4, %ecx
	call puthex
	cmpl $14, 40(%esp)
	jne 1f
	mov $msg_cr2, %esi
	call puts
	mov %cr2, %eax
	mov $8, %ecx
	call puthex
1:	call putnl
	mov 56(%esp), %eax		/* the pushed EFLAGS, for tests to look at */
	mov %eax, LAST_EFLAGS
	mov RESUME, %eax
	test %eax, %eax
	jz 2f
	mov %eax, 48(%esp)
	movl $0, RESUME
	popa
	pop %es
	pop %ds
	add $8, %esp
	iret
2:	mov $msg_unexpected, %esi
	call puts
	mov $3, %al
	jmp exit

msg_exc: .asciz "EXC "
msg_err: .asciz " err="
msg_eip: .asciz " eip="
msg_cs: .asciz " cs="
msg_cr2: .asciz " cr2="
msg_unexpected: .asciz "unexpected exception: stop\n"

	.p2align 3
rom_gdt:
	.quad 0
	.quad 0x00CF9A000000FFFF	/* 0x08 code, ring 0 */
	.quad 0x00CF92000000FFFF	/* 0x10 data, ring 0 */
	.quad 0x00CFFA000000FFFF	/* 0x18 code, ring 3 */
	.quad 0x00CFF2000000FFFF	/* 0x20 data, ring 3 */
	/* 0x28 TSS0: base 0x10000, limit 0x68 + 8 KiB bitmap + 1 */
	.word 0x2068, 0x0000
	.byte 0x01, 0x89, 0x00, 0x00
	/* 0x30 TSS1: base 0x13000, limit 0x67 */
	.word 0x0067, 0x3000
	.byte 0x01, 0x89, 0x00, 0x00
	.quad 0				/* 0x38 free (tests' gates) */
	.quad 0x00CF12000000FFFF	/* 0x40 data, not present */
	.quad 0x0040920000000FFF	/* 0x48 data, limit 0xFFF */
	.quad 0x0040960000000FFF	/* 0x50 data, expand-down, limit 0xFFF */
	.quad 0				/* 0x58 free (call gate) */
	.quad 0x00CF9E000000FFFF	/* 0x60 code, conforming, readable, DPL 0 */
	.quad 0x0040F20000000FFF	/* 0x68 data, ring 3, limit 0xFFF */
	.quad 0				/* 0x70 free */
	.quad 0				/* 0x78 free */
rom_gdt_end:
gdt_desc:
	.word rom_gdt_end - rom_gdt - 1
	.long GDT
idt_desc:
	.word IDT_VECTORS * 8 - 1
	.long IDT
