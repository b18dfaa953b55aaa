/*
 * A 2 KiB option ROM for the option-ROM test: the BIOS must find it at
 * 0xC0000 (0x55 0xAA, length 4 x 512, bytes summing to 0; bios.mk sets the
 * last byte), call its entry at offset 3, and, since it takes INT 10h over
 * the way a VGA BIOS does, keep mirroring teletype output to COM1 while
 * passing every INT 10h call on to it. The ROM reports on debugcon.
 */
	.code16
	.section .text
	.globl _start
_start:
	.word 0xAA55
	.byte 4				/* 4 x 512 bytes */
	jmp init

init:
	push %ds
	push %si
	push %ax
	mov %cs, %ax
	mov %ax, %ds
	mov $msg_init, %si
	call puts
	xor %ax, %ax
	mov %ax, %ds
	movw $int10, 0x10 * 4
	mov %cs, 0x10 * 4 + 2
	pop %ax
	pop %si
	pop %ds
	lret

/* Our INT 10h: note teletype calls on debugcon, answer 0Fh (mode 3), and
 * ignore the rest. */
int10:
	cmp $0x0E, %ah
	jne 1f
	push %ax
	mov $'<', %al
	out %al, $0xE9
	pop %ax
	out %al, $0xE9
	push %ax
	mov $'>', %al
	out %al, $0xE9
	pop %ax
	iret
1:	cmp $0x0F, %ah
	jne 2f
	mov $0x5003, %ax
	xor %bh, %bh
2:	iret

puts:
	lodsb
	test %al, %al
	jz 1f
	out %al, $0xE9
	jmp puts
1:	ret

msg_init: .asciz "optrom: initialised, INT 10h is mine\n"
	.org 2047
	.byte 0				/* checksum, set by bios.mk */
