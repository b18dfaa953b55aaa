/*
 * Privilege transitions (SDM 3A 5.8, 6.12), the I/O permission bitmap
 * (vol. 1 18.5) and the selector instructions: IRET to ring 3, faults
 * from ring 3 onto the TSS0 ring-0 stack, INT n against the gate's DPL,
 * a call gate up to ring 0 and a far RET back down, privileged
 * instructions, LAR/LSL/VERR/VERW/ARPL.
 *
 * QEMU deviates three times (expected/ring.qemu.txt): it has no alignment
 * check (#AC, SDM 3A 6.15 interrupt 17), it does not check the
 * stack-segment limit (no #SS, SDM 3A 5.3) and it does not set the
 * accessed bit of the ring-3 code descriptor loaded by IRET (SDM 3A
 * 3.4.5.1), so LAR reports type FA where the manual gives FB.
 */
#include "lib.h"

	.text
	.code32
	.globl main
main:
	SAY("ring: start\n")
	/* INT 0x41: DPL 3 interrupt gate reporting where it came from. */
	mov $int41, %eax
	mov $0x41, %edx
	mov $0xEE00, %ecx
	call set_idt
	/* INT 0x42: DPL 3, ends the ring-3 part. */
	mov $int42, %eax
	mov $0x42, %edx
	mov $0xEE00, %ecx
	call set_idt
	/* INT 0x40 keeps lib's DPL 0 gate. Call gate 0x58, DPL 3, one
	 * dword parameter, to gate_target in ring 0. */
	mov $gate_target, %eax
	and $0xFFFF, %eax
	or $(SEL_CODE0 << 16), %eax
	mov $gate_target, %ecx
	and $0xFFFF0000, %ecx
	or $0xEC01, %ecx
	mov $SEL_GATE, %edx
	call set_gdt
	mov %esp, SCRATCH		/* ring-0 stack to come back to */
	mov %cr0, %eax			/* CR0.AM: EFLAGS.AC checks alignment at CPL 3 */
	or $0x40000, %eax
	mov %eax, %cr0

	/* IRET to ring 3. */
	push $SEL_DATA3
	push $STACK3
	push $0x00000002
	push $SEL_CODE3
	push $user
	iret

	.globl user
user:
	mov $SEL_DATA3, %ax
	mov %ax, %ds
	mov %ax, %es
	SAY("ring 3: printing through the I/O bitmap\n")
	mov %cs, %eax
	SAY("  cs=")
	HEX(4)
	mov %ss, %eax
	SAY(" ss=")
	HEX(4)
	call putnl

	/* Port 0x60: denied by the bitmap. */
	EXPECT(1f)
	in $0x60, %al
1:	/* A word access to 0xE9 also needs the bit for 0xEA. */
	EXPECT(1f)
	mov $0xE9, %dx
	out %ax, %dx
1:	/* #AC(0): a misaligned access at CPL 3 with CR0.AM and EFLAGS.AC. */
	mov SCRATCH + 1, %eax
	SAY("  misaligned read, AC clear: fine\n")
	pushf
	orl $0x40000, (%esp)
	popf
	mov SCRATCH + 4, %eax
	SAY("  aligned read, AC set: fine\n")
	EXPECT(1f)
	mov SCRATCH + 2, %eax
1:	pushf
	andl $~0x40000, (%esp)
	popf
	/* String I/O goes through the bitmap too. */
	mov $outs_msg, %esi
	mov $(outs_end - outs_msg), %ecx
	mov $0xE9, %dx
	rep outsb
	mov $0x60, %dx
	mov $SCRATCH + 8, %edi
	EXPECT(1f)
	insb
1:	/* IOPL 0: CLI, HLT, MOV CR0, LGDT, INVLPG are not for ring 3. */
	EXPECT(1f)
	cli
1:	EXPECT(1f)
	hlt
1:	EXPECT(1f)
	mov %cr0, %eax
1:	EXPECT(1f)
	lgdt SCRATCH
1:	EXPECT(1f)
	invlpg SCRATCH
1:	/* INT n: the gate's DPL decides. */
	EXPECT(1f)
	int $0x40
1:	int $0x41
	SAY("  back in ring 3 after INT 0x41\n")
	/* Loading a DPL-0 data segment at CPL 3. */
	mov $SEL_DATA0, %ax
	EXPECT(1f)
	mov %ax, %ds
1:	/* RPL 3 selector of a ring-0 conforming code segment: fine. */
	mov $(SEL_CONF | 3), %ax
	mov %ax, %fs
	SAY("  conforming code into FS at CPL 3: fine\n")
	/* #SS(0) at CPL 3: push past a small stack segment's limit. */
	mov $SEL_SMALL3, %ax
	mov %esp, %ebx
	mov %ax, %ss
	mov $0x1002, %esp
	EXPECT(1f)
	push %eax
1:	mov $SEL_DATA3, %ax
	mov %ax, %ss
	mov %ebx, %esp
	/* The call gate up to ring 0 and back. */
	push $0x1234ABCD		/* the parameter */
	lcall $SEL_GATE, $0
	mov %esp, %eax
	SAY("  back in ring 3 after the call gate (RET 4 popped the parameter), esp=")
	HEX(8)
	mov %gs, %eax
	SAY(" gs=")
	HEX(4)
	call putnl
	/* JMP through a call gate never changes privilege: #GP(code sel). */
	EXPECT(1f)
	ljmp $SEL_GATE, $0
1:	/* Far call straight to ring-0 code: #GP(sel). */
	EXPECT(1f)
	lcall $SEL_CODE0, $0
1:	/* The selector instructions at CPL 3. */
	mov $SEL_CODE3, %ebx
	call probe
	mov $SEL_DATA3, %ebx
	call probe
	mov $SEL_DATA0, %ebx
	call probe
	mov $SEL_CONF, %ebx
	call probe
	mov $SEL_TSS0, %ebx
	call probe
	mov $SEL_GATE, %ebx
	call probe
	mov $SEL_SMALL3, %ebx
	call probe
	mov $0x7F8, %ebx
	call probe
	/* ARPL raises an RPL. */
	mov $0x10, %ax
	mov $0x3, %bx
	arpl %bx, %ax
	setz %cl
	SAY("  arpl: ")
	HEX(4)
	movzbl %cl, %eax
	SAY(" zf=")
	HEX(1)
	call putnl
	int $0x42

outs_msg: .ascii "  rep outsb to port 0xE9 from ring 3\n"
outs_end:

/* LAR, LSL, VERR, VERW of the selector in EBX. */
probe:
	mov %ebx, %eax
	SAY("  sel ")
	HEX(4)
	xor %eax, %eax
	lar %bx, %eax
	jnz 1f
	SAY(" lar=")
	HEX(8)
	jmp 2f
1:	SAY(" lar=--------")
2:	lsl %bx, %eax
	jnz 1f
	SAY(" lsl=")
	HEX(8)
	jmp 2f
1:	SAY(" lsl=--------")
2:	verr %bx
	setz %al
	SAY(" verr=")
	HEX(1)
	verw %bx
	setz %al
	SAY(" verw=")
	HEX(1)
	call putnl
	ret

/* Ring 0 through INT 0x41 from ring 3: the frame has SS:ESP. */
int41:
	push %ebp
	mov %esp, %ebp
	SAY("  int 0x41 in ring 0: cs=")
	mov %cs, %eax
	HEX(4)
	SAY(" ss=")
	mov %ss, %eax
	HEX(4)
	SAY(" esp0-frame=")
	mov $ESP0, %eax
	sub %ebp, %eax
	HEX(4)
	SAY(" frame cs=")
	mov 8(%ebp), %eax
	HEX(4)
	SAY(" eflags=")
	mov 12(%ebp), %eax
	HEX(8)
	SAY(" esp=")
	mov 16(%ebp), %eax
	HEX(8)
	SAY(" ss=")
	mov 20(%ebp), %eax
	HEX(4)
	call putnl
	pop %ebp
	iret

/* Ring 0 through the call gate: CS:EIP, SS:ESP and the copied parameter. */
gate_target:
	push %ebp
	mov %esp, %ebp
	SAY("  call gate in ring 0: cs=")
	mov %cs, %eax
	HEX(4)
	SAY(" esp0-frame=")
	mov $ESP0, %eax
	sub %ebp, %eax
	HEX(4)
	SAY(" ret cs=")
	mov 8(%ebp), %eax
	HEX(4)
	SAY(" param=")
	mov 12(%ebp), %eax
	HEX(8)
	SAY(" esp=")
	mov 16(%ebp), %eax
	HEX(8)
	SAY(" ss=")
	mov 20(%ebp), %eax
	HEX(4)
	call putnl
	/* A far RET to ring 3 nulls data registers with DPL 0: load one
	 * into GS to see it go. */
	mov $SEL_DATA0, %ax
	mov %ax, %gs
	pop %ebp
	lret $4

int42:
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	mov %ax, %es
	mov SCRATCH, %esp
	SAY("ring: done\n")
	ret
