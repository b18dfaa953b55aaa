/*
 * A minimal "BIOS" doing what a BIOS must do for -kernel (see
 * emu/machine/bootproto.h), the way QEMU's linuxboot option ROM does it: find a
 * kernel in fw_cfg, copy setup, command line and kernel to the addresses
 * fw_cfg gives (the kernel above 1 MiB, through unreal mode), and enter the
 * setup code at (SETUP_ADDR >> 4) + 0x20 : 0. It runs on Lucid and on QEMU.
 * Without -kernel it exits with 0x20.
 */
#include "rom.h"
#define FW_SEL 0x510
#define FW_DATA 0x511
#define V_SETUP_SEG 0x7e00		/* variables in low RAM, through FS = 0 */
#define V_CMDLINE_SEG 0x7e02
#define V_ENTRY 0x7e04			/* far pointer: offset, segment */

start:
	ROM_INIT
	xor %ax, %ax
	mov %ax, %fs
	cld
	mov $0x0000, %ax		/* signature */
	call fw_select
	call fw_u32
	cmp $0x554d4551, %eax		/* "QEMU" */
	jne nokernel
	mov $0x0008, %ax		/* KERNEL_SIZE */
	call fw_select
	call fw_u32
	test %eax, %eax
	jz nokernel

	mov $0x0016, %ax		/* SETUP_ADDR */
	call fw_select
	call fw_u32
	shr $4, %eax
	mov %ax, %fs:V_SETUP_SEG
	mov $0x0013, %ax		/* CMDLINE_ADDR */
	call fw_select
	call fw_u32
	shr $4, %eax
	mov %ax, %fs:V_CMDLINE_SEG

	mov $0x0017, %ax		/* SETUP_SIZE bytes of SETUP_DATA */
	mov $0x0018, %bx
	mov %fs:V_SETUP_SEG, %si
	call fw_copy_low
	mov $0x0014, %ax		/* CMDLINE_SIZE bytes of CMDLINE_DATA */
	mov $0x0015, %bx
	mov %fs:V_CMDLINE_SEG, %si
	call fw_copy_low

	/* The kernel goes above 1 MiB: A20 on, ES with a 4 GiB limit (unreal mode). */
	mov $0x02, %al
	out %al, $0x92
	lgdt %cs:gdt_desc
	mov %cr0, %eax
	or $1, %al
	mov %eax, %cr0
	jmp 1f
1:	mov $0x08, %bx
	mov %bx, %es
	and $0xfe, %al
	mov %eax, %cr0
	jmp 2f
2:	mov $0x0007, %ax		/* KERNEL_ADDR */
	call fw_select
	call fw_u32
	mov %eax, %edi
	mov $0x0008, %ax		/* KERNEL_SIZE */
	call fw_select
	call fw_u32
	mov %eax, %ecx
	mov $0x0011, %ax		/* KERNEL_DATA */
	call fw_select
	addr32 rep insb

	/* Enter the setup code as the boot protocol says. */
	mov %fs:V_SETUP_SEG, %ax
	movw $0, %fs:V_ENTRY
	add $0x20, %ax
	mov %ax, %fs:V_ENTRY + 2
	sub $0x20, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %gs
	mov %ax, %ss
	mov $0xe000, %sp
	ljmp *%fs:V_ENTRY

nokernel:
	PUTS(msg)
	EXIT(0x20)

/* Select fw_cfg item AX (leaves DX at the data port). */
fw_select:
	mov $FW_SEL, %dx
	out %ax, %dx
	mov $FW_DATA, %dx
	ret
/* Read a little-endian u32 from the selected item into EAX. */
fw_u32:
	mov $4, %cx
1:	in %dx, %al
	ror $8, %eax
	loop 1b
	ret
/* Copy item BX, whose size is item AX, to SI:0 (below 1 MiB, under 64 KiB). */
fw_copy_low:
	call fw_select
	call fw_u32
	mov %eax, %ecx
	mov %bx, %ax
	call fw_select
	mov %si, %es
	xor %di, %di
	rep insb
	ret

	.balign 8
gdt:	.quad 0
	.quad 0x00cf92000000ffff	/* flat data */
gdt_desc:
	.word 15
	.long 0xf0000 + gdt
msg:	.asciz "no kernel\n"
	ROM_END
