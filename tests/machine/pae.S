/*
 * A probe: does the CPU run PAE paging the way the guest kernel's head.S
 * uses it? Protected mode, a PDPT whose entries 0 and 3 share one page
 * directory mapping the first 2 MiB with a 2 MiB page, CR4.PAE, CR3, CR0.PG,
 * then a jump to the same code through 0xC00F0000 and a read back through
 * the high mapping. Exit 0x2A (status 85) on success, 0x2B on a wrong read;
 * a CPU without PAE paging triple-faults. tests/groups/64-guest-boot.sh runs
 * its Lucid checks only once this passes.
 */
#include "rom.h"
start:
	ROM_INIT
	mov $0x1000, %ax		/* page tables at 0x10000 */
	mov %ax, %es
	xor %di, %di
	xor %ax, %ax
	mov $0x1000, %cx
	cld
	rep stosw
	movl $0x11001, %es:0		/* PDPT[0] -> PD at 0x11000 */
	movl $0x11001, %es:24		/* PDPT[3] -> the same PD */
	movl $0x83, %es:0x1000		/* PD[0]: 2 MiB page at 0, present, writable */
	lgdt %cs:gdt_desc
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	.byte 0x66, 0xea		/* ljmpl $0x08, $(0xf0000 + pm32) */
	.long 0xf0000 + pm32
	.word 0x08
	.code32
pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %cr4, %eax
	or $0x20, %eax			/* CR4.PAE */
	mov %eax, %cr4
	mov $0x10000, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax		/* CR0.PG */
	mov %eax, %cr0
	mov $(0xc00f0000 + high), %eax
	jmp *%eax
high:
	movl $0x12345678, 0x600
	cmpl $0x12345678, 0xc0000600
	jne 1f
	mov $0x2a, %al
	out %al, $0xf4
	hlt
1:	mov $0x2b, %al
	out %al, $0xf4
	hlt
	.code16
	.balign 8
gdt:	.quad 0
	.quad 0x00cf9a000000ffff	/* flat 32-bit code */
	.quad 0x00cf92000000ffff	/* flat data */
gdt_desc:
	.word 23
	.long 0xf0000 + gdt
	ROM_END
