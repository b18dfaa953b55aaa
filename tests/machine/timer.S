/*
 * The PIC and PIT as a BIOS programs them: IRQ0 at vector 8, the PIT at
 * 1000 Hz in mode 2; the CPU halts between interrupts (virtual time jumps
 * to each tick). After 100 ticks, exit with 0x05 (status 11). The RTC then
 * must show that 0.1 s passed: no seconds change, but UIP polling works.
 */
#include "rom.h"
start:
	ROM_INIT
	movw $irq0, %es:0x20		/* IVT vector 8 */
	movw $0xf000, %es:0x22
	movw $0, %es:0x500		/* tick counter */
	mov $0x11, %al			/* ICW1: edge, cascade, ICW4 */
	out %al, $0x20
	out %al, $0xa0
	mov $0x08, %al			/* ICW2: vectors 8-15 and 0x70-0x77 */
	out %al, $0x21
	mov $0x70, %al
	out %al, $0xa1
	mov $0x04, %al			/* ICW3: slave on IR2 */
	out %al, $0x21
	mov $0x02, %al
	out %al, $0xa1
	mov $0x01, %al			/* ICW4: 8086 mode */
	out %al, $0x21
	out %al, $0xa1
	mov $0xfe, %al			/* only IRQ0 */
	out %al, $0x21
	mov $0xff, %al
	out %al, $0xa1
	mov $0x34, %al			/* PIT channel 0, LSB/MSB, mode 2 */
	out %al, $0x43
	mov $1193, %ax
	out %al, $0x40
	mov %ah, %al
	out %al, $0x40
	sti
1:	hlt
	cmpw $100, %es:0x500
	jb 1b
	cli
	PUTS(msg)
	EXIT(0x05)
irq0:
	incw %es:0x500
	push %ax
	mov $0x20, %al			/* non-specific EOI */
	out %al, $0x20
	pop %ax
	iret
msg:	.asciz "100 timer interrupts\n"
	ROM_END
