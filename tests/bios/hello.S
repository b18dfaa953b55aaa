/* The smallest boot test: print a line and exit 0 (the boot-speed bench
 * and the basic boot check use it). */
#include "lib.S"
	.text
	.globl main
main:
	mov $msg, %si
	call puts
	mov boot_dl, %al
	movzbl %al, %eax
	mov $2, %cl
	mov $msg_dl, %si
	call puts
	call puthex
	call newline
	ret
msg:	.asciz "hello from the boot sector\n"
msg_dl:	.asciz "boot drive dl="
