/*
 * The guest of the format-compatibility fixtures (tests/groups/73-compat.sh):
 * it keeps the PIC, the PIT, COM1, the CMOS, port 0x92, the POST port and
 * a spread of RAM pages busy, so that a snapshot or a log made by an older
 * Lucid covers every section of the state stream. The PIT ticks at 1000 Hz;
 * each tick writes the tick count to the POST port and to one of 64 RAM
 * pages, adds the CMOS seconds register and EBX to a sum, and every 256
 * ticks flips the A20 gate through port 0x92. COM1 bytes (its receive
 * interrupt) are echoed to COM1 and debugcon. After 3000 ticks, or a 'q',
 * the sum is printed and the run exits with status 0x15 (43).
 *
 * This file documents the committed compat.rom.gz; the fixtures were made
 * with that image, so editing this file does not change them.
 */
#include "../machine/rom.h"
start:
	ROM_INIT
	movw $irq0, %es:0x20		/* IVT vector 8: IRQ0 */
	movw $0xf000, %es:0x22
	movw $irq4, %es:0x30		/* IVT vector 12: IRQ4 (COM1) */
	movw $0xf000, %es:0x32
	movw $0, %es:0x500		/* tick counter */
	movw $0, %es:0x502		/* 'q' seen */
	movl $0, %es:0x504		/* the sum */
	xor %ebx, %ebx
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
	mov $0xee, %al			/* IRQ0 and IRQ4 */
	out %al, $0x21
	mov $0xff, %al
	out %al, $0xa1
	mov $0x3fb, %dx			/* COM1: 115200 8N1, receive interrupt, OUT2 */
	mov $0x80, %al
	out %al, %dx
	mov $0x3f8, %dx
	mov $1, %al
	out %al, %dx
	inc %dx
	xor %al, %al
	out %al, %dx
	mov $0x3fb, %dx
	mov $0x03, %al
	out %al, %dx
	mov $0x3f9, %dx
	mov $0x01, %al
	out %al, %dx
	mov $0x3fc, %dx
	mov $0x08, %al
	out %al, %dx
	mov $0x34, %al			/* PIT channel 0, LSB/MSB, mode 2, 1000 Hz */
	out %al, $0x43
	mov $1193, %ax
	out %al, $0x40
	mov %ah, %al
	out %al, $0x40
	PUTS(ready)
	sti
1:	hlt
	cmpw $0, %es:0x502
	jne 2f
	cmpw $3000, %es:0x500
	jb 1b
2:	cli
	PUTS(done)
	mov %es:0x504, %eax		/* the sum, 8 hex digits */
	mov $8, %cx
3:	rol $4, %eax
	push %eax
	and $0xf, %al
	add $'0', %al
	cmp $'9', %al
	jbe 4f
	add $7, %al
4:	out %al, $0xe9
	mov $0x3f8, %dx
	out %al, %dx
	pop %eax
	loop 3b
	mov $'\n', %al
	out %al, $0xe9
	mov $0x3f8, %dx
	out %al, %dx
	EXIT(0x15)

irq0:
	push %ax
	push %dx
	push %ds
	incw %es:0x500
	mov %es:0x500, %ax
	out %al, $0x80			/* POST code */
	mov %ax, %dx			/* one of 64 pages from 0x10000 */
	and $0x3f, %dx
	shl $8, %dx
	add $0x1000, %dx
	mov %dx, %ds
	mov %ax, %ds:0
	mov %ax, %ds:0x800
	mov $0, %al			/* CMOS seconds */
	out %al, $0x70
	in $0x71, %al
	movzbl %al, %eax
	add %eax, %es:0x504
	add %ebx, %es:0x504
	testb $0xff, %es:0x500
	jnz 5f
	in $0x92, %al			/* flip A20 through port 0x92 */
	xor $0x02, %al
	and $0xfe, %al
	out %al, $0x92
5:	mov $0x20, %al			/* non-specific EOI */
	out %al, $0x20
	pop %ds
	pop %dx
	pop %ax
	iret

irq4:
	push %ax
	push %dx
6:	mov $0x3fd, %dx			/* while data ready */
	in %dx, %al
	test $1, %al
	jz 7f
	mov $0x3f8, %dx
	in %dx, %al
	out %al, %dx
	out %al, $0xe9
	cmp $'q', %al
	jne 6b
	movw $1, %es:0x502
	jmp 6b
7:	mov $0x20, %al
	out %al, $0x20
	pop %dx
	pop %ax
	iret

ready:	.asciz "compat: ready\n"
done:	.asciz "compat: done, sum "
	ROM_END
