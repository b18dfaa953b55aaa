/*
 * Hardware task switches (SDM 3A ch. 7) between TSS0 (the task lib starts
 * in) and TSS1: JMP to a TSS, CALL to a TSS and IRET back through the back
 * link with NT, INT through an IDT task gate, JMP through a GDT task gate,
 * and a CALL to a busy TSS (#GP). After each switch: the busy bits (LAR
 * types 89/8B), NT, the back link, and the registers each task kept in its
 * TSS; CR0.TS set by the switches.
 */
#include "lib.h"

#define SEL_TGATE 0x38

	.text
	.code32
	.globl main
main:
	SAY("task: start\n")
	/* TSS1: flat ring-0 task at task1 on its own stack. */
	mov $TSS1, %edi
	xor %eax, %eax
	mov $0x68, %ecx
	rep stosb
	movl $task1, TSS1 + 0x20
	movl $0x2, TSS1 + 0x24
	movl $STACK_T1, TSS1 + 0x38
	movl $SEL_DATA0, TSS1 + 0x48
	movl $SEL_CODE0, TSS1 + 0x4C
	movl $SEL_DATA0, TSS1 + 0x50
	movl $SEL_DATA0, TSS1 + 0x54
	movw $0x68, TSS1 + 0x66
	/* Task gate to TSS1 in the GDT (0x38) and the IDT (0x43). */
	mov $(SEL_TSS1 << 16), %eax
	mov $0x8500, %ecx
	mov $SEL_TGATE, %edx
	call set_gdt
	movl $(SEL_TSS1 << 16), IDT + 0x43 * 8
	movl $0x8500, IDT + 0x43 * 8 + 4
	call state

	mov $0x1111, %ecx
	SAY("JMP to TSS1\n")
	ljmp $SEL_TSS1, $0
	call state
	SAY("CALL to TSS1\n")
	lcall $SEL_TSS1, $0
	call state
	SAY("INT 0x43 through the IDT task gate\n")
	int $0x43
	call state
	SAY("JMP through the GDT task gate\n")
	ljmp $SEL_TGATE, $0
	call state
	SAY("CALL to the busy TSS0\n")
	EXPECT(1f)
	lcall $SEL_TSS0, $0
1:	mov %cr0, %eax
	shr $3, %eax
	and $1, %eax
	SAY("CR0.TS=")
	HEX(1)
	call putnl
	clts
	SAY("task: done\n")
	ret

/* Print TR, NT, ECX and the busy state of both TSS descriptors. */
state:
	push %eax
	push %ecx
	SAY("  task0: tr=")
	str %eax
	HEX(4)
	pushf
	pop %eax
	shr $14, %eax
	and $1, %eax
	SAY(" nt=")
	HEX(1)
	mov %ecx, %eax
	SAY(" ecx=")
	HEX(4)
	call types
	call putnl
	pop %ecx
	pop %eax
	ret

types:
	mov $SEL_TSS0, %ecx
	lar %ecx, %eax
	shr $8, %eax
	SAY(" tss0=")
	HEX(2)
	mov $SEL_TSS1, %ecx
	lar %ecx, %eax
	shr $8, %eax
	SAY(" tss1=")
	HEX(2)
	ret

/* Task 1: report, then go back by IRET when nested, else by JMP. */
task1:
	SAY("  task1: tr=")
	str %eax
	HEX(4)
	pushf
	pop %eax
	shr $14, %eax
	and $1, %eax
	mov %eax, %ebx
	SAY(" nt=")
	HEX(1)
	movzwl TSS1, %eax
	SAY(" link=")
	HEX(4)
	mov %ecx, %eax
	SAY(" ecx=")
	HEX(4)
	mov %esp, %eax
	SAY(" esp=")
	HEX(8)
	call types
	call putnl
	mov $0x2222, %ecx
	test %ebx, %ebx
	jz 1f
	iret
	jmp task1
1:	ljmp $SEL_TSS0, $0
	jmp task1
