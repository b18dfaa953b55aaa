/* INT 10h teletype through whatever INT 10h the machine has: the
 * option-ROM test boots it with a video ROM in front of ours. */
#include "lib.S"
	.text
	.globl main
main:
	mov $msg, %si
1:	lodsb
	test %al, %al
	jz 2f
	mov $0x0E, %ah
	xor %bx, %bx
	int $0x10
	jmp 1b
2:	mov $msg_done, %si
	call puts
	ret
msg:	.asciz "hi"
msg_done: .asciz "\ntty done\n"
