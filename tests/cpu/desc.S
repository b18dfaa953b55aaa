/*
 * Descriptor tables beyond the GDT and more protection rules (SDM 3A ch. 3,
 * 5, 6.15 interrupt 8, 7): an LDT (LLDT, loads through TI=1 selectors, its
 * limit, LAR/accessed bits), a call from ring 3 into
 * conforming ring-0 code (CPL stays 3), RETF to an inner level (#GP), and
 * last the double fault the way Linux takes it: the ring-0 stack is not
 * present, so a #PF from ring 3 faults again while being delivered (#PF
 * then #PF: #DF), and the #DF goes through a task gate to TSS1, which has a
 * stack of its own, and reports the error code and the interrupted task.
 */
#include "lib.h"

#define LDT 0x6000
#define SEL_LDT 0x70
#define PD 0x40000
#define PT 0x41000

	.text
	.code32
	.globl main
main:
	SAY("desc: start\n")
	/* LDT with two entries: 0x04 writable data (base 0x5000, limit 0xFFF, not
	 * accessed), 0x0C ring-3 data; limit 0x0F. */
	mov $SEL_LDT, %edx
	mov $(LDT << 16 | 0x000F), %eax
	mov $0x00008200, %ecx
	call set_gdt
	movl $0x50000FFF, LDT
	movl $0x00409200, LDT + 4
	movl $0x0000FFFF, LDT + 8
	movl $0x00CFF200, LDT + 12
	mov $SEL_LDT, %ax
	lldt %ax
	sldt %eax
	SAY("  sldt=")
	HEX(4)
	mov $0x04, %ebx
	lar %ebx, %eax
	SAY(" lar(0x04) before=")
	HEX(8)
	mov $0x04, %ax
	mov %ax, %fs
	lar %ebx, %eax
	SAY(" after=")
	HEX(8)
	movl $0x77, %fs:0x10
	mov 0x5010, %eax
	SAY(" fs:0x10 -> 0x5010=")
	HEX(2)
	call putnl
	/* Beyond the LDT limit: #GP(selector with TI). */
	mov $0x14, %ax
	EXPECT(1f)
	mov %ax, %gs
1:	/* A null LDTR: every TI=1 selector is #GP. */
	xor %eax, %eax
	lldt %ax
	mov $0x04, %ax
	EXPECT(1f)
	mov %ax, %gs
1:	/* LLDT of something that is not an LDT: #GP(sel). */
	mov $SEL_DATA0, %ax
	EXPECT(1f)
	lldt %ax
1:	mov $SEL_LDT, %ax
	lldt %ax

	/* Ring 3: call conforming ring-0 code; RETF to ring 0 refused. */
	mov %esp, SCRATCH
	mov $ring0_again, %eax
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
	lcall $SEL_CONF, $conforming
	mov %cs, %eax
	SAY("  back in cs=")
	HEX(4)
	call putnl
	/* A far return to ring 0 from ring 3: #GP(selector). */
	push $SEL_CODE0
	push $0
	EXPECT(1f)
	lret
1:	add $8, %esp
	/* Read through the LDT's ring-3 data entry. */
	mov $0x0F, %ax
	mov %ax, %gs
	mov %gs:0x5010, %eax
	SAY("  ring 3 through LDT selector 0x0f: ")
	HEX(2)
	call putnl
	int $0x42
ring0_again:
	mov %ss:SCRATCH, %esp
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	mov %ax, %es

	/* The double fault through a task gate. Paging: identity 0-4 MiB,
	 * user, except the ring-0 stack page below ESP0 and page 0x58000. */
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
	movl $0, PT + ((ESP0 - 0x1000) >> 12) * 4
	movl $0, PT + (0x58000 >> 12) * 4
	mov $PD, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	/* TSS1: the double-fault task, flat ring 0, its own stack, same CR3. */
	mov $TSS1, %edi
	xor %eax, %eax
	mov $0x68, %ecx
	rep stosb
	movl $PD, TSS1 + 0x1C
	movl $df_task, TSS1 + 0x20
	movl $0x2, TSS1 + 0x24
	movl $STACK_T1, TSS1 + 0x38
	movl $SEL_DATA0, TSS1 + 0x48
	movl $SEL_CODE0, TSS1 + 0x4C
	movl $SEL_DATA0, TSS1 + 0x50
	movl $SEL_DATA0, TSS1 + 0x54
	movl $(SEL_TSS1 << 16), IDT + 8 * 8
	movl $0x8500, IDT + 8 * 8 + 4
	push $SEL_DATA3
	push $STACK3
	push $2
	push $SEL_CODE3
	push $user2
	iret
user2:
	mov $SEL_DATA3, %ax
	mov %ax, %ds
pf_at:	mov 0x58000, %eax
	SAY("  no fault: wrong\n")
	mov $5, %al
	jmp exit

/* The #DF task: the error code is on its stack; TSS0 holds the state of
 * the interrupted ring-3 code (its EIP at the faulting instruction). */
df_task:
	SAY("  double fault task: tr=")
	str %eax
	HEX(4)
	SAY(" err=")
	mov (%esp), %eax
	HEX(8)
	SAY(" link=")
	movzwl TSS1, %eax
	HEX(4)
	SAY(" saved eip=")
	mov TSS0 + 0x20, %eax
	HEX(8)
	SAY(" cs=")
	mov TSS0 + 0x4C, %eax
	HEX(4)
	SAY(" cr2=")
	mov %cr2, %eax
	HEX(8)
	mov $pf_at, %eax
	SAY(" (pf_at ")
	HEX(8)
	SAY(")\n")
	SAY("desc: done\n")
	mov $0, %al
	jmp exit

conforming:
	mov %cs, %eax
	SAY("  conforming ring-0 code called from ring 3: cs=")
	HEX(4)
	call putnl
	lret
