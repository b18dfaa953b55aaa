/*
 * Whole-machine Sound Blaster check: as its own BIOS, program the PIC (IRQ5
 * only), DMA channel 1 and the SB16 the way a DOS driver does, play 4000
 * 8-bit unsigned mono samples at 44100 Hz single-cycle, wait for the IRQ5
 * the DSP raises at the end of the block (acknowledged at 0x22E), let the
 * audio output catch up, then exit with 0x21 (status 67). Failures exit
 * with other codes. The runner compares the -audio-out WAV with the pattern.
 */
#include "rom.h"
#define N 4000
#define FLAG 0x500

dsp_write:			/* AL to the DSP once it is ready */
	mov %al, %ah
	mov $0x22c, %dx
1:	in %dx, %al
	test $0x80, %al
	jnz 1b
	mov %ah, %al
	out %al, %dx
	ret

mixer:				/* mixer register AH := AL */
	mov $0x224, %dx
	xchg %al, %ah
	out %al, %dx
	inc %dx
	xchg %al, %ah
	out %al, %dx
	ret

irq5:
	push %ax
	push %ds
	xor %ax, %ax
	mov %ax, %ds
	incb FLAG
	mov $0x22e, %dx
	in %dx, %al		/* acknowledge the 8-bit interrupt */
	mov $0x20, %al
	out %al, $0x20		/* EOI */
	pop %ds
	pop %ax
	iret

start:
	ROM_INIT
	/* 8259 pair: master at 0x20, slave at 0x28; only IRQ5 unmasked. */
	mov $0x11, %al
	out %al, $0x20
	out %al, $0xa0
	mov $0x20, %al
	out %al, $0x21
	mov $0x28, %al
	out %al, $0xa1
	mov $0x04, %al
	out %al, $0x21
	mov $0x02, %al
	out %al, $0xa1
	mov $0x01, %al
	out %al, $0x21
	out %al, $0xa1
	mov $0xdf, %al
	out %al, $0x21
	mov $0xff, %al
	out %al, $0xa1
	/* IVT[0x25] -> irq5; clear the flag (ES = 0 from ROM_INIT). */
	movw $irq5, %es:(0x25 * 4)
	movw $0xf000, %es:(0x25 * 4 + 2)
	movb $0, %es:FLAG
	/* The samples: byte i = 7 * i mod 256, at 0x10000. */
	mov $0x1000, %ax
	mov %ax, %es
	xor %di, %di
	mov $N, %cx
	xor %bl, %bl
1:	mov %bl, %al
	stosb
	add $7, %bl
	loop 1b
	xor %ax, %ax
	mov %ax, %es
	/* DMA channel 1: single mode, read (memory to device), N bytes at 0x10000. */
	mov $0x05, %al
	out %al, $0x0a
	out %al, $0x0c
	mov $0x49, %al
	out %al, $0x0b
	xor %al, %al
	out %al, $0x02
	out %al, $0x02
	mov $0x01, %al
	out %al, $0x83
	mov $((N - 1) & 0xff), %al
	out %al, $0x03
	mov $((N - 1) >> 8), %al
	out %al, $0x03
	mov $0x01, %al
	out %al, $0x0a
	/* DSP reset: 1, then 0, then 0xAA appears. */
	mov $0x226, %dx
	mov $1, %al
	out %al, %dx
	xor %al, %al
	out %al, %dx
	mov $0x22e, %dx
2:	in %dx, %al
	test $0x80, %al
	jz 2b
	mov $0x22a, %dx
	in %dx, %al
	cmp $0xaa, %al
	je 3f
	EXIT(1)
3:	/* Full master and voice volume, so the samples pass unchanged. */
	mov $0x30f8, %ax
	call mixer
	mov $0x31f8, %ax
	call mixer
	mov $0x32f8, %ax
	call mixer
	mov $0x33f8, %ax
	call mixer
	mov $0xd1, %al		/* speaker on */
	call dsp_write
	mov $0x41, %al		/* output rate 44100 */
	call dsp_write
	mov $0xac, %al
	call dsp_write
	mov $0x44, %al
	call dsp_write
	mov $0x14, %al		/* 8-bit single-cycle output, N bytes */
	call dsp_write
	mov $((N - 1) & 0xff), %al
	call dsp_write
	mov $((N - 1) >> 8), %al
	call dsp_write
	sti
4:	hlt
	cmpb $0, %es:FLAG
	je 4b
	cli
	cmpb $1, %es:FLAG
	je 5f
	EXIT(2)
5:	/* Terminal count reached on channel 1? */
	in $0x08, %al
	test $0x02, %al
	jnz 6f
	EXIT(3)
6:	/* About 100 ms more, so the 20 ms-late audio output has it all. */
	mov $5000000, %ecx
7:	dec %ecx
	jnz 7b
	EXIT(0x21)
	ROM_END
