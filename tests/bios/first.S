/* The boot-speed probe: its very first instruction writes to debugcon, so
 * the instruction count at that byte is the count from reset to the boot
 * sector's first instruction (plus one). Then it exits with status 1. */
	.code16
	.globl _start
_start:
	out %al, $0xE9
	mov $'\n', %al
	out %al, $0xE9
	xor %al, %al
	out %al, $0xF4
1:	hlt
	jmp 1b
	.org 510
	.word 0xAA55
