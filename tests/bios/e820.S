/*
 * Memory sizing services: the E820 map must start with usable RAM at 0
 * (at least 636 KiB), be sorted without overlaps, reserve the BIOS ROM at
 * 0xF0000, and its usable RAM must end where -m says; E801, 88h and INT 12h
 * must agree. Prints one line per check; the runner compares them with -m.
 */
#include "lib.S"

	.text
	.globl main
main:
	xor %ebx, %ebx
	movl $0, top
	movl $0, prev_end
	movb $1, sorted
	movb $0, rom_ok
	movb $0, low_ok
	movw $0, count
1:	mov $0xE820, %eax
	mov $0x534D4150, %edx
	mov $24, %ecx
	mov $entry, %di
	int $0x15
	jc 8f
	cmp $0x534D4150, %eax
	jne 8f
	cmpl $0, entry + 4	/* above 4 GiB: ignore */
	jne 5f
	mov entry, %eax		/* base */
	mov %eax, %edx
	add entry + 8, %edx	/* end */
	cmp prev_end, %eax
	jae 2f
	movb $0, sorted
2:	mov %edx, prev_end
	cmpw $0, count
	jne 3f
	test %eax, %eax
	jnz 3f
	cmpl $1, entry + 16
	jne 3f
	cmpl $0x9F000, entry + 8
	jb 3f
	movb $1, low_ok
3:	cmpl $1, entry + 16
	jne 4f
	cmp top, %edx
	jbe 5f
	mov %edx, top
	jmp 5f
4:	cmp $0xF0000, %eax
	ja 5f
	cmp $0x100000, %edx
	jb 5f
	movb $1, rom_ok
5:	incw count
	test %ebx, %ebx
	jnz 1b
	jmp 9f
8:	mov $msg_e820_failed, %si
	call puts
9:	mov $msg_e820, %si
	call puts
	mov $msg_sorted, %si
	call puts
	movzbl sorted, %eax
	call putdec
	mov $msg_low, %si
	call puts
	movzbl low_ok, %eax
	call putdec
	mov $msg_rom, %si
	call puts
	movzbl rom_ok, %eax
	call putdec
	mov $msg_top, %si
	call puts
	mov top, %eax
	add $0xFFFFF, %eax
	shr $20, %eax
	call putdec
	mov $msg_mib, %si
	call puts

	/* E801: KiB 1-16 MiB in AX/CX, 64 KiB blocks above in BX/DX */
	mov $0xE801, %ax
	xor %cx, %cx
	xor %dx, %dx
	int $0x15
	jc 6f
	movzwl %cx, %ecx
	movzwl %dx, %edx
	shl $10, %ecx
	shl $16, %edx
	lea 0x100000 + 0xFFFFF(%ecx, %edx), %eax
	shr $20, %eax
	mov $msg_e801, %si
	call puts
	call putdec
	mov $msg_mib, %si
	call puts
	jmp 7f
6:	mov $msg_e801_failed, %si
	call puts
	/* 88h: KiB above 1 MiB (at most 63 MiB); printed as the end of
	 * memory it implies, in whole MiB */
7:	mov $0x88, %ah
	int $0x15
	movzwl %ax, %eax
	add $1024 + 1023, %eax
	shr $10, %eax
	mov $msg_88, %si
	call puts
	call putdec
	mov $msg_mib, %si
	call puts
	int $0x12
	movzwl %ax, %eax
	mov $msg_12, %si
	call puts
	call putdec
	mov $msg_kib, %si
	call puts
	ret

msg_e820_failed: .asciz "e820: call failed\n"
msg_e820:	.asciz "e820:"
msg_sorted:	.asciz " sorted="
msg_low:	.asciz " low_ram="
msg_rom:	.asciz " rom_reserved="
msg_top:	.asciz " usable_top="
msg_mib:	.asciz "MiB\n"
msg_kib:	.asciz "KiB\n"
msg_e801:	.asciz "e801: top="
msg_e801_failed: .asciz "e801: failed\n"
msg_88:		.asciz "88h: top="
msg_12:		.asciz "int12: base="
	.balign 4
entry:		.space 24
top:		.long 0
prev_end:	.long 0
count:		.word 0
sorted:		.byte 0
rom_ok:		.byte 0
low_ok:		.byte 0
