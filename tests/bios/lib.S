/*
 * Shared start-up and output routines for the BIOS test programs. Each test
 * is a small real-mode program that the BIOS boots from sector 0: this
 * file's first sector loads the rest of the program (sectors 1-15 at
 * 0000:7E00, by CHS through INT 13h AH=02h) and calls main. Booted from a
 * CD (DL >= E0h) as an El Torito no-emulation image of all 16 sectors, it
 * is all there already. Output goes to
 * the debugcon port 0xE9 and to COM1, so the same program reports under
 * Lucid and under QEMU with SeaBIOS; `done` exits through isa-debug-exit
 * (0xF4) with status (code << 1) | 1.
 */
#define PROG_SECTORS 16

	.code16
	.section .boot, "ax"
	.globl _start
_start:
	ljmp $0, $0f		/* an El Torito BIOS may start us at 07C0:0000 */
0:	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7C00, %sp
	sti
	cld
	mov %dl, boot_dl
	cmp $0xE0, %dl		/* from a CD: El Torito loaded all of it */
	jae 1f
	mov $0x0200 + PROG_SECTORS - 1, %ax
	mov $0x7E00, %bx
	mov $0x0002, %cx
	xor %dh, %dh
	int $0x13
	jnc 1f
	mov $msg_load_failed, %si
	call puts
	mov $0x7F, %al
	jmp done
1:	call main
	xor %al, %al
	jmp done
msg_load_failed: .asciz "lib: loading the program failed\n"

/* Send AL to port 0xE9 and to COM1 (registers preserved). */
	.globl putc
putc:
	push %dx
	push %cx
	push %ax
	out %al, $0xE9
	mov $0x3FD, %dx
	mov $0x4000, %cx
1:	in %dx, %al
	test $0x20, %al
	jnz 2f
	loop 1b
2:	mov $0x3F8, %dx
	pop %ax
	push %ax
	out %al, %dx
	pop %ax
	pop %cx
	pop %dx
	ret

/* Print the NUL-terminated string at DS:SI. */
	.globl puts
puts:
	push %ax
	push %si
1:	lodsb
	test %al, %al
	jz 2f
	call putc
	jmp 1b
2:	pop %si
	pop %ax
	ret

/* Exit with code AL through port 0xF4, then halt. */
	.globl done
done:
	out %al, $0xF4
1:	cli
	hlt
	jmp 1b

	.globl boot_dl
boot_dl: .byte 0
	.org 510
	.word 0xAA55

	.text
/* Print EAX in hex, CL digits (registers preserved). */
	.globl puthex
puthex:
	pushal
	movzbw %cl, %cx
	mov %cx, %dx
	shl $2, %dx
	mov $32, %bx
	sub %dx, %bx
	xchg %bx, %cx
	shl %cl, %eax		/* drop the digits we do not print */
	mov %bx, %cx
1:	rol $4, %eax
	push %eax
	and $0x0F, %al
	add $'0', %al
	cmp $'9', %al
	jbe 2f
	add $'a' - '9' - 1, %al
2:	call putc
	pop %eax
	loop 1b
	popal
	ret

/* Print EAX in decimal (registers preserved). */
	.globl putdec
putdec:
	pushal
	mov $10, %ecx
	xor %bx, %bx
1:	xor %edx, %edx
	div %ecx
	push %dx
	inc %bx
	test %eax, %eax
	jnz 1b
2:	pop %ax
	add $'0', %al
	call putc
	dec %bx
	jnz 2b
	popal
	ret

/* Print a newline. */
	.globl newline
newline:
	push %ax
	mov $'\n', %al
	call putc
	pop %ax
	ret
