/*
 * The CMOS shutdown byte: with CMOS 0x0F = 0Ah and a far pointer at 40:67,
 * a CPU reset (here through port 0x92 bit 0) must come back to that pointer
 * without running POST or booting again; the 286 way back from protected
 * mode. A second run of main means the BIOS booted the disk instead.
 */
#include "lib.S"

	.text
	.globl main
main:
	cmpw $0x1234, 0x600
	je 9f
	movw $0x1234, 0x600
	mov $msg_start, %si
	call puts
	cli
	movw $resume, 0x467
	movw $0, 0x469
	mov $0x0F, %al
	out %al, $0x70
	mov $0x0A, %al
	out %al, $0x71
	in $0x92, %al
	or $0x01, %al
	out %al, $0x92
1:	hlt
	jmp 1b
9:	mov $msg_rebooted, %si
	call puts
	mov $0x0F, %al
	out %al, $0x70
	in $0x71, %al
	movzbl %al, %eax
	mov $msg_cmos, %si
	call puts
	mov $2, %cl
	call puthex
	call newline
	movw $0, 0x600
	mov $1, %al
	jmp done

resume:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7C00, %sp
	movw $0, 0x600
	mov $0x0F, %al
	out %al, $0x70
	in $0x71, %al
	movzbl %al, %eax
	mov $msg_resumed, %si
	call puts
	mov $2, %cl
	call puthex
	call newline
	xor %al, %al
	jmp done

msg_start:	.asciz "resetting with shutdown code 0Ah\n"
msg_resumed:	.asciz "resumed at 40:67 without POST, CMOS 0Fh now "
msg_rebooted:	.asciz "the BIOS booted the disk again instead of resuming\n"
msg_cmos:	.asciz "CMOS 0Fh after the reset: "
