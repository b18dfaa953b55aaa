/* INT 16h: two keys typed by the runner ('a', then Shift+b) come back from
 * 00h as scan code and ASCII; 01h then reports an empty buffer. Prints
 * "ready" first so the runner knows when to type. */
#include "lib.S"
	.text
	.globl main
main:
	mov $msg_ready, %si
	call puts
	mov $2, %bx
1:	xor %ah, %ah
	int $0x16
	mov $msg_key, %si
	call puts
	movzwl %ax, %eax
	mov $4, %cl
	call puthex
	call newline
	dec %bx
	jnz 1b
	mov $0x01, %ah
	int $0x16
	mov $msg_empty, %si
	jz 2f
	mov $msg_more, %si
2:	call puts
	ret
msg_ready:	.asciz "ready\n"
msg_key:	.asciz "16h key="
msg_empty:	.asciz "16h buffer empty\n"
msg_more:	.asciz "16h buffer not empty\n"
