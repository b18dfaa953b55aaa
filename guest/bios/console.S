/*
 * The BIOS's own console output and the COM1 port. Text goes through INT 10h
 * teletype, so it lands on the screen and, mirrored by video.S, on COM1.
 * COM1 is a 16550A (National Semiconductor PC16550D datasheet): set up for
 * 115200 baud, 8 data bits, no parity, 1 stop bit, FIFOs on, no interrupts.
 */
#include "bios.h"

	.code16
	.text

/* Print the character in AL (all registers preserved). */
	.globl con_putc
con_putc:
	pusha
	mov $0x0E, %ah
	mov $0x0007, %bx
	int $0x10
	popa
	ret

/* Print the NUL-terminated string at CS:SI (SI advanced past it). */
	.globl con_puts
con_puts:
	push %ax
1:	mov %cs:(%si), %al
	inc %si
	test %al, %al
	jz 2f
	call con_putc
	jmp 1b
2:	pop %ax
	ret

/* Print EAX in decimal (all registers preserved). */
	.globl con_putdec
con_putdec:
	pushal
	mov $10, %ecx
	xor %bx, %bx		/* digits pushed */
1:	xor %edx, %edx
	div %ecx
	push %dx
	inc %bx
	test %eax, %eax
	jnz 1b
2:	pop %ax
	add $'0', %al
	call con_putc
	dec %bx
	jnz 2b
	popal
	ret

/* Print AX as four hex digits (all registers preserved). */
	.globl con_puthex16
con_puthex16:
	pusha
	mov %ax, %dx
	mov $4, %cx
1:	rol $4, %dx
	mov %dl, %al
	and $0x0F, %al
	add $'0', %al
	cmp $'9', %al
	jbe 2f
	add $'A' - '9' - 1, %al
2:	call con_putc
	loop 1b
	popa
	ret

/* Print EAX as eight hex digits (all registers preserved). */
	.globl con_puthex32
con_puthex32:
	push %eax
	shr $16, %eax
	call con_puthex16
	pop %eax
	jmp con_puthex16

/*
 * Detect and program COM1. Called during POST with DS = BDA. The scratch
 * register (base + 7) tells whether a UART is there at all.
 */
	.globl serial_init
serial_init:
	mov $COM1 + 7, %dx
	mov $0x5A, %al
	out %al, %dx
	in %dx, %al
	cmp $0x5A, %al
	jne 1f
	movw $COM1, BDA_COM1
	orw $1 << 9, BDA_EQUIP	/* one serial port */
	mov $COM1 + 3, %dx	/* LCR: DLAB on */
	mov $0x80, %al
	out %al, %dx
	mov $COM1 + 0, %dx	/* divisor 1 = 115200 baud */
	mov $0x01, %al
	out %al, %dx
	inc %dx
	xor %al, %al
	out %al, %dx
	mov $COM1 + 3, %dx	/* LCR: 8N1, DLAB off */
	mov $0x03, %al
	out %al, %dx
	mov $COM1 + 1, %dx	/* IER: no interrupts */
	xor %al, %al
	out %al, %dx
	mov $COM1 + 2, %dx	/* FCR: enable and clear FIFOs */
	mov $0x07, %al
	out %al, %dx
	mov $COM1 + 4, %dx	/* MCR: DTR, RTS */
	mov $0x03, %al
	out %al, %dx
1:	ret

/* With DS = EBDA: carry set (and EB_COM1_TAKEN) once the OS owns COM1. */
com1_check:
	push %dx
	push %ds
	mov $BDA_SEG, %dx
	mov %dx, %ds
	mov BDA_COM1, %dx
	pop %ds
	test %dx, %dx
	jz 1f			/* no COM1: serial_putc sends nothing anyway */
	call com1_taken
	jnc 1f
	movb $1, EB_COM1_TAKEN
	stc
1:	pop %dx
	ret

/*
 * Is COM1 (base DX) still as serial_init left it? Carry set when not: the OS
 * has taken the port over (interrupts on, OUT2, another line format or
 * speed, FIFOs off), and the BIOS's copies of its text would only double
 * what the OS writes there itself. Reads the divisor with DLAB set for a
 * moment; the OS is not running while it calls the BIOS. DX, AX preserved.
 */
com1_taken:
	push %ax
	push %dx
	inc %dx			/* IER: no interrupts */
	in %dx, %al
	test %al, %al
	jnz 1f
	add $3, %dx		/* MCR: DTR and RTS only */
	in %dx, %al
	and $0x1F, %al
	cmp $0x03, %al
	jne 1f
	sub $2, %dx		/* IIR: FIFOs on (bits 7:6) */
	in %dx, %al
	and $0xC0, %al
	cmp $0xC0, %al
	jne 1f
	inc %dx			/* LCR: 8N1, DLAB off */
	in %dx, %al
	cmp $0x03, %al
	jne 1f
	mov $0x83, %al		/* the divisor: 1 (115200 baud) */
	out %al, %dx
	sub $3, %dx
	in %dx, %al		/* DLL */
	mov %al, %ah
	inc %dx
	in %dx, %al		/* DLM */
	add $2, %dx
	xchg %al, %ah
	push %ax
	mov $0x03, %al
	out %al, %dx
	pop %ax
	cmp $0x0001, %ax
	jne 1f
	clc
	jmp 2f
1:	stc
2:	pop %dx
	pop %ax
	ret

/*
 * Send AL to COM1 if there is one and the OS has not taken it over (all
 * registers preserved). Waits for the transmitter holding register to
 * empty, but only so long: a UART that never drains must not hang the BIOS.
 */
	.globl serial_putc
serial_putc:
	push %ds
	push %dx
	push %cx
	push %ax
	mov $EBDA_SEG, %dx
	mov %dx, %ds
	cmpb $0, EB_COM1_TAKEN
	jnz 2f
	call com1_check
	jc 2f
	mov $BDA_SEG, %dx
	mov %dx, %ds
	mov BDA_COM1, %dx
	test %dx, %dx
	jz 2f
	add $5, %dx		/* LSR */
	mov $0x4000, %cx
1:	in %dx, %al
	test $0x20, %al
	jnz 3f
	loop 1b
3:	sub $5, %dx
	pop %ax
	push %ax
	out %al, %dx
2:	pop %ax
	pop %cx
	pop %dx
	pop %ds
	ret
