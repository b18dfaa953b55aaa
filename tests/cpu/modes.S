/*
 * SYSENTER/SYSEXIT (SDM vol. 2: flat segments from IA32_SYSENTER_CS),
 * virtual-8086 mode (SDM 3A ch. 20: entry by IRET from CPL 0, I/O through
 * the bitmap, INT n with IOPL < 3 is #GP(0) with the V86 frame, with IOPL 3
 * it goes through the IDT to ring 0 with GS/FS/DS/ES saved and nulled, and
 * IRET returns into V86), and a switch to a 16-bit TSS and back.
 *
 * QEMU deviates once (expected/modes.qemu.txt): the #GP frame from V86
 * mode has RF clear in its EFLAGS, where SDM 3A 17.3.1.1 pushes RF = 1 for
 * every fault but an instruction breakpoint.
 */
#include "lib.h"

#define SEL_CODEF 0x70		/* 32-bit code, base 0xF0000 (for 16-bit IPs) */
#define SEL_TSS16 0x78
#define TSS16 0x14000
#define V86_SP 0x7000

	.text
	.code32
	.globl main
main:
	SAY("modes: start\n")
	mov %esp, SCRATCH

	/* ---- SYSENTER / SYSEXIT from ring 3 ---- */
	mov $v86_tests, %eax		/* INT 0x42 from ring 3 comes back here */
	mov $0x42, %edx
	mov $0xEE00, %ecx
	call set_idt
	mov $0x174, %ecx
	mov $SEL_CODE0, %eax
	xor %edx, %edx
	wrmsr
	mov $0x175, %ecx
	mov $ESP0, %eax
	wrmsr
	mov $0x176, %ecx
	mov $sys_entry, %eax
	wrmsr
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
	mov $sys_back, %edx
	mov %esp, %ecx
	sysenter
sys_entry:
	SAY("  sysenter: cs=")
	mov %cs, %eax
	HEX(4)
	SAY(" ss=")
	mov %ss, %eax
	HEX(4)
	SAY(" esp=")
	mov %esp, %eax
	HEX(8)
	call putnl
	sysexit
sys_back:
	SAY("  sysexit: cs=")
	mov %cs, %eax
	HEX(4)
	SAY(" ss=")
	mov %ss, %eax
	HEX(4)
	SAY(" esp=")
	mov %esp, %eax
	HEX(8)
	call putnl
	int $0x42

	/* ---- virtual-8086 mode ---- */
v86_tests:
	mov SCRATCH, %esp
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	mov %ax, %es
	/* IOPL 0: INT n is #GP(0) taken to ring 0 with the V86 frame. */
	mov $gp_v86, %eax
	mov $13, %edx
	mov $0x8E00, %ecx
	call set_idt
	call enter_v86_iopl0
after_v86_0:
	mov SCRATCH, %esp
	mov $stubs + 13 * 16, %eax
	mov $13, %edx
	mov $0x8E00, %ecx
	call set_idt
	/* IOPL 3: INT 0x41 through its DPL 3 gate, IRET back into V86. */
	mov $int41, %eax
	mov $0x41, %edx
	mov $0xEE00, %ecx
	call set_idt
	mov $back_v86, %eax
	mov $0x42, %edx
	mov $0xEE00, %ecx
	call set_idt
	push $0x5678			/* GS */
	push $0x1234			/* FS */
	push $0x2000			/* DS */
	push $0x3000			/* ES */
	push $0x0000			/* SS */
	push $V86_SP
	push $0x23002			/* VM, IOPL 3 */
	push $0xF000
	push $(v86_code3 - 0xF0000)
	iret
back_v86:
	mov %ss:SCRATCH, %esp		/* DS is null after leaving V86 */
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	SAY("  back in ring 0 from V86\n")

	/* ---- a 16-bit TSS ---- */
	mov $SEL_CODEF, %edx
	mov $0x0000FFFF, %eax
	mov $0x004F9A0F, %ecx		/* base 0xF0000, limit 0xFFFF, 32-bit code */
	call set_gdt
	mov $SEL_TSS16, %edx
	mov $0x4000002B, %eax		/* base 0x14000, limit 0x2B */
	mov $0x00008101, %ecx		/* available 16-bit TSS */
	call set_gdt
	mov $TSS16, %edi
	xor %eax, %eax
	mov $0x2C, %ecx
	rep stosb
	mov $task16, %eax
	sub $0xF0000, %eax
	mov %ax, TSS16 + 0x0E			/* IP */
	movw $0x0002, TSS16 + 0x10		/* FLAGS */
	movw $0xABCD, TSS16 + 0x14		/* CX */
	movw $0x6000, TSS16 + 0x1A		/* SP */
	movw $SEL_DATA0, TSS16 + 0x22		/* ES */
	movw $SEL_CODEF, TSS16 + 0x24		/* CS */
	movw $SEL_DATA0, TSS16 + 0x26		/* SS */
	movw $SEL_DATA0, TSS16 + 0x28		/* DS */
	mov $0x11112222, %ecx
	ljmp $SEL_TSS16, $0
	mov %ecx, %eax
	SAY("  back in the 32-bit task: ecx=")
	HEX(8)
	SAY(" saved IP=")
	movzwl TSS16 + 0x0E, %eax
	HEX(4)
	SAY(" CX=")
	movzwl TSS16 + 0x14, %eax
	HEX(4)
	call putnl
	SAY("modes: done\n")
	ret

task16:
	mov %ecx, %eax
	SAY("  16-bit TSS task: ecx=")
	HEX(8)
	SAY(" cs=")
	mov %cs, %eax
	HEX(4)
	SAY(" esp=")
	mov %esp, %eax
	HEX(8)
	SAY(" tr=")
	str %eax
	HEX(4)
	call putnl
	mov $0x7777, %ecx
	ljmp $SEL_TSS0, $0

enter_v86_iopl0:
	push $0				/* GS */
	push $0				/* FS */
	push $0				/* DS */
	push $0				/* ES */
	push $0				/* SS */
	push $V86_SP
	push $0x20002			/* VM, IOPL 0 */
	push $0xF000
	push $(v86_code0 - 0xF0000)
	iret

/* #GP from V86 (IOPL 0): print the frame, leave V86 for good. */
gp_v86:
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	SAY("  #GP from V86: err=")
	mov (%esp), %eax
	HEX(4)
	add $4, %esp
	call vframe
	jmp after_v86_0

/* INT 0x41 from V86 with IOPL 3: print the frame, IRET back into V86. */
int41:
	mov $SEL_DATA0, %ax
	mov %ax, %ds
	SAY("  INT 0x41 from V86: ds=")
	mov %ds, %eax
	HEX(4)
	SAY(" gs=")
	mov %gs, %eax
	HEX(4)
	call vframe
	iret

/* Print the V86 frame at 4(%esp): EIP CS EFLAGS ESP SS ES DS FS GS. */
vframe:
	push %esi
	push %ebx
	lea 12(%esp), %esi
	xor %ebx, %ebx
1:	call putsp
	mov (%esi,%ebx,4), %eax
	HEX(8)
	inc %ebx
	cmp $9, %ebx
	jb 1b
	call putnl
	pop %ebx
	pop %esi
	ret

	.code16
v86_code0:
	mov $'v', %al
	out %al, $0xE9
	mov $'\n', %al
	out %al, $0xE9
	int $0x41
v86_code3:
	mov %ds, %ax
	cli
	sti
	mov $'V', %al
	out %al, $0xE9
	mov $'\n', %al
	out %al, $0xE9
	int $0x41
	mov $'3', %al
	out %al, $0xE9
	mov $'\n', %al
	out %al, $0xE9
	int $0x42
	.code32

