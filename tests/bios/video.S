/*
 * INT 10h in text mode 3: teletype with CR/LF, cursor get/set, read back
 * through 08h and straight from 0xB8000, 09h with an attribute, scrolling,
 * 0Fh and 13h. The last thing it prints stays on the screen for the
 * runner's text-dump check: "VGA TEST LINE" on row 0.
 */
#include "lib.S"

#define VMEM(row, col) (((row) * 80 + (col)) * 2)

	.text
	.globl main
main:
	mov $0x0003, %ax
	int $0x10
	/* cursor to 5,10, teletype "Hi\r\nX" -> cursor 6,1 */
	mov $0x02, %ah
	xor %bh, %bh
	mov $0x050A, %dx
	int $0x10
	mov $'H', %al
	call tty
	mov $'i', %al
	call tty
	mov $'\r', %al
	call tty
	mov $'\n', %al
	call tty
	mov $'X', %al
	call tty
	mov $0x03, %ah
	xor %bh, %bh
	int $0x10
	mov $msg_cursor, %si
	call puts
	movzbl %dh, %eax
	call putdec
	mov $',', %al
	call putc
	movzbl %dl, %eax
	call putdec
	call newline

	/* 08h at 5,10 */
	mov $0x02, %ah
	xor %bh, %bh
	mov $0x050A, %dx
	int $0x10
	mov $0x08, %ah
	xor %bh, %bh
	int $0x10
	mov $msg_read, %si
	call puts
	movzwl %ax, %eax
	mov $4, %cl
	call puthex
	/* and the same cell in video memory */
	push %es
	mov $0xB800, %ax
	mov %ax, %es
	mov %es:VMEM(5, 10), %ax
	pop %es
	mov $msg_mem, %si
	call puts
	movzwl %ax, %eax
	call puthex
	call newline

	/* 09h: 'Z' x3 attribute 1Eh at 6,1 */
	mov $0x02, %ah
	xor %bh, %bh
	mov $0x0601, %dx
	int $0x10
	mov $0x0920, %ax
	mov $'Z', %al
	mov $0x001E, %bx
	mov $3, %cx
	int $0x10
	push %es
	mov $0xB800, %ax
	mov %ax, %es
	mov %es:VMEM(6, 1), %eax
	mov %es:VMEM(6, 3), %bx
	pop %es
	mov $msg_09, %si
	call puts
	mov $8, %cl
	call puthex
	movzwl %bx, %eax
	mov $4, %cl
	call puthex
	call newline

	/* 06h: scroll the whole screen up one line: 'H' moves to 4,10 */
	mov $0x0601, %ax
	mov $0x07, %bh
	xor %cx, %cx
	mov $0x184F, %dx
	int $0x10
	push %es
	mov $0xB800, %ax
	mov %ax, %es
	mov %es:VMEM(4, 10), %ax
	mov %es:VMEM(24, 0), %bx
	pop %es
	mov $msg_06, %si
	call puts
	movzwl %ax, %eax
	mov $4, %cl
	call puthex
	mov $msg_bottom, %si
	call puts
	movzwl %bx, %eax
	call puthex
	call newline

	/* 07h: scroll rows 2-6, columns 8-12 down one: 'H' moves to 5,10 */
	mov $0x0701, %ax
	mov $0x07, %bh
	mov $0x0208, %cx
	mov $0x060C, %dx
	int $0x10
	push %es
	mov $0xB800, %ax
	mov %ax, %es
	mov %es:VMEM(4, 10), %ax
	mov %es:VMEM(5, 10), %bx
	pop %es
	mov $msg_07, %si
	call puts
	movzwl %ax, %eax
	mov $4, %cl
	call puthex
	mov $msg_below, %si
	call puts
	movzwl %bx, %eax
	call puthex
	call newline

	/* 0Fh */
	mov $0x0F, %ah
	int $0x10
	mov $msg_0f, %si
	call puts
	push %ax
	movzbl %al, %eax
	call putdec
	mov $msg_cols, %si
	call puts
	pop %ax
	movzbl %ah, %eax
	call putdec
	mov $msg_page, %si
	call puts
	movzbl %bh, %eax
	call putdec
	call newline

	/* 13h: "STR" attribute 2Fh at 20,0, moving the cursor */
	mov $str, %bp
	mov $0x1301, %ax
	mov $0x002F, %bx
	mov $3, %cx
	mov $0x1400, %dx
	int $0x10
	mov $0x03, %ah
	xor %bh, %bh
	int $0x10
	push %es
	mov $0xB800, %ax
	mov %ax, %es
	mov %es:VMEM(20, 2), %ax
	pop %es
	mov $msg_13, %si
	call puts
	movzwl %ax, %eax
	mov $4, %cl
	call puthex
	mov $msg_cursor2, %si
	call puts
	movzbl %dh, %eax
	call putdec
	mov $',', %al
	call putc
	movzbl %dl, %eax
	call putdec
	call newline

	/* leave a line on the screen for the text dump */
	mov $0x02, %ah
	xor %bh, %bh
	xor %dx, %dx
	int $0x10
	mov $screen_line, %si
1:	lodsb
	test %al, %al
	jz 2f
	call tty
	jmp 1b
2:	ret

tty:
	push %bx
	mov $0x0E, %ah
	mov $0x0007, %bx
	int $0x10
	pop %bx
	ret

msg_cursor:	.asciz "teletype cursor="
msg_read:	.asciz "08h at 5,10="
msg_mem:	.asciz " memory="
msg_09:		.asciz "09h cells="
msg_06:		.asciz "06h up 1: 4,10="
msg_bottom:	.asciz " row24="
msg_07:		.asciz "07h down 1: 4,10="
msg_below:	.asciz " 5,10="
msg_0f:		.asciz "0Fh mode="
msg_cols:	.asciz " cols="
msg_page:	.asciz " page="
msg_13:		.asciz "13h 20,2="
msg_cursor2:	.asciz " cursor="
str:		.ascii "STR"
screen_line:	.asciz "VGA TEST LINE"
