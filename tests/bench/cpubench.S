/*
 * The CPU benchmark: a boot sector (loaded at 0x7C00 in real mode, by a
 * BIOS or by tests/bench/cpubench.c) that enters flat 32-bit protected mode
 * (SDM vol. 3A 9.9.1), optionally turns on paging with 4 KiB pages
 * identity-mapping the first 4 MiB (3A 4.3), and runs a loop mixing ALU ops,
 * loads and stores over a 64 KiB buffer, call/ret, conditional branches and
 * push/pop. It then writes 0 to port 0xF4 (QEMU's isa-debug-exit).
 *
 * The loop count (LOOPS, a dword at offset 0x1F0) and the paging flag (a
 * byte at 0x1F4) are patched into the image by scripts/bench.d/cpu.sh.
 *
 * Dynamic instruction count of the timed part, per outer iteration:
 *   the inner body is 15 instructions (numbered below) x 16384 iterations,
 *   + 2048 (INC EBX when ECX % 8 == 0), + 2 before it (MOV ESI, MOV ECX)
 *   and 2 after it (DEC EBP, JNZ): 16384 * 15 + 2048 + 4 = 247812
 * (BENCH_PER_LOOP in cpubench.c; cpu.sh checks it against Lucid's icount).
 */
	.code16
	.globl _start
_start:
	cli
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %ss
	movw $0x7C00, %sp
	inb $0x92, %al			/* A20 on through the fast gate */
	orb $2, %al
	andb $0xFE, %al
	outb %al, $0x92
	lgdtl gdt_desc
	movl %cr0, %eax
	orb $1, %al
	movl %eax, %cr0
	ljmpl $0x08, $pm32

	.code32
pm32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movl $0x90000, %esp
	cld
	cmpb $0, paging
	je 1f
	/* Page directory at 0x70000, one page table at 0x71000: 0-4 MiB. */
	movl $0x70000, %edi
	xorl %eax, %eax
	movl $1024, %ecx
	rep stosl
	movl $0x71003, 0x70000
	movl $0x71000, %edi
	movl $0x003, %eax		/* present, writable */
	movl $1024, %ecx
2:	stosl
	addl $0x1000, %eax
	loop 2b
	movl $0x70000, %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $0x80000000, %eax
	movl %eax, %cr0
	jmp 1f
1:
	movl loops, %ebp
	xorl %ebx, %ebx
outer:
	movl $0x100000, %esi		/* the 64 KiB buffer */
	movl $16384, %ecx
inner:
	movl (%esi), %eax		/* 1  load */
	addl %ecx, %eax			/* 2  ALU */
	xorl $0x5A5A5A5A, %eax		/* 3 */
	roll $3, %eax			/* 4 */
	movl %eax, (%esi)		/* 5  store */
	pushl %eax			/* 6 */
	call func			/* 7  (+2 inside: add, ret) = 9 */
	popl %edx			/* 10 */
	testl $7, %ecx			/* 11 */
	jnz 3f				/* 12 */
	incl %ebx			/* once in 8 */
3:	addl $4, %esi			/* 13 */
	decl %ecx			/* 14 */
	jnz inner			/* 15 */
	decl %ebp
	jnz outer
	movb $0, %al
	outb %al, $0xF4
	hlt
	jmp .

func:
	addl %eax, %ebx
	ret

	.p2align 3
gdt:
	.quad 0
	.quad 0x00CF9B000000FFFF	/* 0x08: flat 32-bit code */
	.quad 0x00CF93000000FFFF	/* 0x10: flat data */
gdt_desc:
	.word 3 * 8 - 1
	.long gdt

	.org 0x1F0
loops:	.long 10
paging:	.byte 0
	.org 0x1FE
	.byte 0x55, 0xAA
