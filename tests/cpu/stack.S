/*
 * Stack-size corner cases (SDM 2B POP, ENTER):
 *  - POP SS with a 32-bit operand on a 16-bit stack, loading a segment
 *    whose B bit is set: the pop itself uses the old stack's size, so SP
 *    wraps within 16 bits and ESP's upper half stays (0x2FFFC -> 0x20000);
 *    and POP SS with a 16-bit operand from a 32-bit stack into a 16-bit
 *    segment (0x2FFFE -> 0x30000);
 *  - ENTER with a 32-bit operand size on a 16-bit stack: EBP gets the
 *    whole ESP after the push of EBP (FrameTemp = ESP, upper half kept:
 *    0x1FFFC), and with a nesting level the frame pointer pushed is that
 *    value too;
 *  - ENTER faults before it changes anything when a write at the final
 *    stack pointer would fault: #SS for a final ESP outside SS's limit,
 *    #PF (at ring 3) for a final ESP on a page that is not present, while
 *    the EBP push itself would succeed. EBP, ESP and the memory where EBP
 *    would have been pushed keep their values.
 *
 * QEMU deviates (expected/stack.qemu.txt): its ENTER computes EBP as
 * ESP - 4 over all 32 bits (0xFFFC), and it does not probe the final stack
 * pointer, so the two faulting ENTERs complete.
 */
#include "lib.h"

#define SEL16 0x70		/* flat data, B = 0: a 16-bit stack */
#define PD 0x40000
#define PT 0x41000
#define MARK 0x5A5A5A5A

	.text
	.code32
	.globl main
main:
	SAY("stack: start\n")
	mov $0x0000FFFF, %eax
	mov $0x008F9200, %ecx
	mov $SEL16, %edx
	call set_gdt

	SAY("o32 POP SS from a 16-bit stack: esp=")
	mov %esp, SCRATCH
	movl $SEL_DATA0, 0xFFFC
	mov $SEL16, %ax
	mov %ax, %ss
	mov $0x2FFFC, %esp
	popl %ss
	mov %esp, %eax
	mov $SEL_DATA0, %bx
	mov %bx, %ss
	mov SCRATCH, %esp
	HEX(8)
	call putnl

	SAY("o16 POP SS from a 32-bit stack: esp=")
	movw $SEL16, 0x2FFFE
	mov $0x2FFFE, %esp
	popw %ss
	mov %esp, %eax
	mov $SEL_DATA0, %bx
	mov %bx, %ss
	mov SCRATCH, %esp
	HEX(8)
	call putnl

	SAY("o32 ENTER 8,0 on a 16-bit stack: ebp esp [0xfffc]=")
	mov $SEL16, %ax
	mov %ax, %ss
	mov $0x10000, %esp
	mov $0x12345678, %ebp
	enter $8, $0
	mov %ebp, %ecx
	mov %esp, %edx
	mov $SEL_DATA0, %bx
	mov %bx, %ss
	mov SCRATCH, %esp
	mov 0xFFFC, %eax
	call show3
	SAY("o32 ENTER 4,2 on a 16-bit stack: [0xfff8] [0xfff4] ebp esp [0xfffc]=")
	mov $SEL16, %ax
	mov %ax, %ss
	mov $0x10000, %esp
	mov $0x0000FFF0, %ebp		/* the nested frame copies [0xfff0] */
	movl $0xCAFE0001, 0xFFEC
	enter $4, $2
	mov %ebp, %ecx
	mov %esp, %edx
	mov $SEL_DATA0, %bx
	mov %bx, %ss
	mov SCRATCH, %esp
	mov 0xFFF8, %eax		/* the copied frame pointer */
	call putsp
	HEX(8)
	mov 0xFFF4, %eax		/* FrameTemp pushed */
	call putsp
	HEX(8)
	mov 0xFFFC, %eax
	call show3

	SAY("ENTER with the final ESP past SS's limit (ebp esp):\n")
	mov $SEL_SMALL, %ax		/* limit 0xFFF */
	mov %ax, %ss
	mov $0x800, %esp
	mov $0x11111111, %ebp
	EXPECT(1f)
	enter $0x1000, $0
1:	mov %ebp, %ecx
	mov %esp, %edx
	mov $SEL_DATA0, %bx
	mov %bx, %ss
	mov SCRATCH, %esp
	call show2

	SAY("ENTER at ring 3 with the final ESP on an absent page (ebp esp [0x5600c]):\n")
	call paging_on
	movl $MARK, 0x5600C
	mov $back0, %eax
	mov $0x42, %edx
	mov $0xEE00, %ecx
	call set_idt
	push $SEL_DATA3
	push $STACK3
	push $2
	push $SEL_CODE3
	push $user
	iret
user:
	mov $SEL_DATA3, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %esp, %esi
	mov $0x56010, %esp
	mov $0x22222222, %ebp
	EXPECT(1f)
	enter $0x20, $0
1:	mov %ebp, %ecx
	mov %esp, %edx
	mov %esi, %esp
	int $0x42
back0:
	mov SCRATCH, %esp
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	mov %ax, %es
	mov 0x5600C, %eax
	call show3
	SAY("stack: done\n")
	ret

/* Print ECX, EDX and EAX (8 digits each) and a newline; show2 without EAX. */
show3:
	push %eax
	mov %ecx, %eax
	call putsp
	HEX(8)
	mov %edx, %eax
	call putsp
	HEX(8)
	pop %eax
	call putsp
	HEX(8)
	call putnl
	ret
show2:
	mov %ecx, %eax
	call putsp
	HEX(8)
	mov %edx, %eax
	call putsp
	HEX(8)
	call putnl
	ret

/* Paging on: 0-4 MiB identity, user and writable, 0x55000 absent. */
paging_on:
	mov $PD, %edi
	xor %eax, %eax
	mov $1024, %ecx
	rep stosl
	movl $(PT | 7), PD
	mov $PT, %edi
	mov $7, %eax
1:	stosl
	add $0x1000, %eax
	cmp $PT + 4096, %edi
	jb 1b
	movl $0, PT + (0x55000 >> 12) * 4
	mov $PD, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	jmp 1f
1:	ret
