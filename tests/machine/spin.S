/*
 * A busy guest for the benchmark: 20 million loop iterations (about 60
 * million instructions) with the PIT interrupting at 1000 Hz, then exit 0x01.
 */
#include "rom.h"
start:
	ROM_INIT
	movw $irq0, %es:0x20
	movw $0xf000, %es:0x22
	mov $0x11, %al
	out %al, $0x20
	mov $0x08, %al
	out %al, $0x21
	mov $0x04, %al
	out %al, $0x21
	mov $0x01, %al
	out %al, $0x21
	mov $0xfe, %al
	out %al, $0x21
	mov $0x34, %al
	out %al, $0x43
	mov $1193, %ax
	out %al, $0x40
	mov %ah, %al
	out %al, $0x40
	sti
	mov $20000000, %ecx
1:	add %ecx, %eax
	dec %ecx
	jnz 1b
	EXIT(0x01)
irq0:
	push %ax
	mov $0x20, %al
	out %al, $0x20
	pop %ax
	iret
	ROM_END
