/* The BIOS mirrors teletype output to COM1 only while COM1 is as the BIOS
 * set it up: a line printed through INT 10h reaches the serial port; after
 * the program reprograms COM1 (9600 baud, as Linux's setup code does for
 * console=ttyS0), a second line through INT 10h must not, while what the
 * program writes to COM1 itself still does. run.sh reads the serial file. */
#include "lib.S"
	.text
	.globl main
main:
	mov $line1, %si
	call tty_puts
	/* 9600 baud: divisor 12 */
	mov $0x3FB, %dx
	mov $0x83, %al
	out %al, %dx
	mov $0x3F8, %dx
	mov $12, %al
	out %al, %dx
	inc %dx
	xor %al, %al
	out %al, %dx
	mov $0x3FB, %dx
	mov $0x03, %al
	out %al, %dx
	mov $line2, %si
	call tty_puts
	mov $line3, %si
	call puts
	ret

/* DS:SI through INT 10h AH=0Eh (teletype). */
tty_puts:
	lodsb
	test %al, %al
	jz 1f
	mov $0x0E, %ah
	xor %bx, %bx
	int $0x10
	jmp tty_puts
1:	ret

line1:	.asciz "mirrored-one\r\n"
line2:	.asciz "mirrored-two\r\n"
line3:	.asciz "direct-three\n"
