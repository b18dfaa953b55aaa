/* Timer interrupts forever with the CPU halted in between: a run that only a
 * signal ends (the SIGTERM test). */
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
	mov $0, %al			/* count 65536: 18.2 Hz */
	out %al, $0x40
	out %al, $0x40
	PUTS(msg)
	sti
1:	hlt
	jmp 1b
irq0:
	push %ax
	mov $0x20, %al
	out %al, $0x20
	pop %ax
	iret
msg:	.asciz "idling\n"
	ROM_END
