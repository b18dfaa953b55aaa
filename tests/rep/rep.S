/*
 * REP string instructions on the whole machine, checked against QEMU in its
 * deterministic mode (qemu-system-i386 -icount shift=0), built on the
 * tests/cpu start-up code (tests/cpu/lib.S: flat 32-bit protected mode,
 * IDT, debugcon output). SDM vol. 2B REP, vol. 3A 6.6 and 17.3.1.4.
 *
 * 1. icount: each iteration is one instruction. RDTSC counts instructions
 *    on both (Lucid: TSC = icount; QEMU -icount shift=0: one ns, one TSC
 *    tick, per instruction), so the TSC difference across a string minus
 *    that across a NOP is (iterations - 1): 0 for ECX = 0 and 1, N - 1 for
 *    N, and for REPE CMPSB the iterations up to the first difference.
 * 2. A PIT interrupt due in the middle of a 1 MiB string (PIT channel 0,
 *    mode 0, IRQ0 through the PIC at vector 20h): the handler runs with
 *    ECX partly counted down and the pushed EIP on the string's first
 *    prefix (66 F3 A5 and F3 26 A4 here), and after IRET the string
 *    completes: the copy is whole and there was one interrupt. Where in
 *    the string the interrupt lands depends on the instruction rate, so
 *    only "midway" is printed.
 * 3. TF: a single-step trap after each iteration, EIP on the string until
 *    the last one.
 *
 * QEMU 7.2 differs in two places (expected/rep.qemu.txt), both from one
 * choice in its translator (target/i386/tcg/translate.c, repz_opt): under
 * -icount, and under TF, a REP string that runs ECX down to 0 takes one
 * more execution of itself, which finds ECX = 0 and leaves ("there will
 * always be an additional step for ecx=0 when icount is enabled", says its
 * comment). So its TSC differences are one higher for every string that
 * did at least one iteration (not for the REPE CMPSB that stops on a
 * difference), and it takes a fourth single-step trap with EIP still on
 * the string and ECX = 0. Lucid counts the iterations only, as many as
 * the single-step traps the SDM describes (vol. 3A 17.3.1.4: one per
 * iteration), which is the same count a debugger's stepi sees.
 * QEMU also holds an interrupt for the whole string when the string comes
 * right after STI (its interrupt shadow lasts over the string's
 * re-executions of itself), so a NOP follows STI here.
 */
#include "lib.h"

#define SRC 0x100000
#define DST 0x200000
#define TSC_BASE (SCRATCH + 0)
#define IRQ_COUNT (SCRATCH + 4)
#define IRQ_ECX (SCRATCH + 8)
#define IRQ_EIP (SCRATCH + 12)
#define BUF 0x300000

	.text
	.code32
	.globl main
main:
	SAY("rep: start\n")
	inb $0x92, %al			/* A20 on: the buffers are above 1 MiB */
	or $2, %al
	and $0xFE, %al
	outb %al, $0x92

	/* ---- 1. icount ---- */
	rdtsc				/* baseline: the same frame around a NOP */
	mov %eax, %ebx
	nop
	rdtsc
	sub %ebx, %eax
	mov %eax, TSC_BASE

	SAY("TSC across rep stosb minus across a NOP, ECX =")
	.irp n, 0, 1, 2, 100, 4095, 4096, 4097, 100000
	mov $\n, %ecx
	call tsc_stosb
	.endr
	call putnl

	SAY("the same for repe cmpsb, 20000 bytes differing at 9000:")
	mov $BUF, %edi
	mov $20000, %ecx
	mov $0x5A, %al
	rep stosb
	mov $BUF, %esi
	mov $BUF + 20000, %edi
	mov $20000, %ecx
	rep movsb
	xorb $1, BUF + 20000 + 9000
	mov $BUF, %esi
	mov $BUF + 20000, %edi
	mov $20000, %ecx
	rdtsc
	mov %eax, %ebx
	repe cmpsb
	rdtsc
	sub %ebx, %eax
	sub TSC_BASE, %eax
	call putsp
	HEX(8)
	SAY(" ecx=")
	mov %ecx, %eax
	HEX(8)
	call putnl

	/* ---- 2. a PIT interrupt in the middle ---- */
	call pic_init
	mov $irq0, %eax
	mov $0x20, %edx
	mov $0x8E00, %ecx
	call set_idt

	SAY("66 f3 a5 (rep movsw), 1 MiB:\n")
	call fill_src
	call pit_arm
	mov $SRC, %esi
	mov $DST, %edi
	mov $0x80000, %ecx
	sti
	nop				/* (past STI's interrupt shadow) */
at_movsw:
	.byte 0x66, 0xF3, 0xA5
	cli
	mov $at_movsw, %ebx
	mov $0x80000, %edx
	call report_irq

	SAY("f3 26 a4 (rep movsb, source ES), 1 MiB:\n")
	call fill_src
	call pit_arm
	mov $SRC, %esi
	mov $DST, %edi
	mov $0x100000, %ecx
	sti
	nop				/* (past STI's interrupt shadow) */
at_movsb:
	.byte 0xF3, 0x26, 0xA4
	cli
	mov $at_movsb, %ebx
	mov $0x100000, %edx
	call report_irq

	/* ---- 3. TF ---- */
	SAY("single-step through rep movsb, ECX = 3:\n")
	mov $db_handler, %eax
	mov $1, %edx
	mov $0x8E00, %ecx
	call set_idt
	mov $SRC, %esi
	mov $DST, %edi
	mov $3, %ecx
	pushf
	pushf
	orl $0x100, (%esp)
	popf
at_step:
	rep movsb
	popf
	SAY("rep: done\n")
	ret

/* Print " +D" where D is the TSC difference across rep stosb (ECX as
 * given) minus the baseline's. */
tsc_stosb:
	mov $BUF, %edi
	rdtsc				/* (EDX:EAX only: ECX is kept) */
	mov %eax, %ebx
	rep stosb
	rdtsc
	sub %ebx, %eax
	sub TSC_BASE, %eax
	call putsp
	HEX(8)
	ret

/* The pattern at SRC, DST cleared (rep stosd: itself a long string). */
fill_src:
	mov $SRC, %edi
	mov $0x40000, %ecx
	mov $0x01020304, %eax
1:	stosl
	add $0x04040404, %eax
	loop 1b
	mov $DST, %edi
	mov $0x40000, %ecx
	xor %eax, %eax
	rep stosl
	movl $0, IRQ_COUNT
	ret

/* PIC: IRQ0 at vector 20h, only IRQ0 unmasked (8259A ICW1-4). On QEMU's
 * P6 the PIC's INTR reaches the CPU through the local APIC's LINT0, masked
 * out of reset: set it to ExtINT and software-enable the APIC (SVR), as a
 * BIOS does (SDM 3A 10.5.1, 10.9). Lucid has no local APIC: the writes
 * land on open bus. */
pic_init:
	movl $0x700, 0xFEE00350		/* LVT LINT0: ExtINT, unmasked */
	orl $0x100, 0xFEE000F0		/* SVR: APIC software enable */
	mov $0x11, %al
	out %al, $0x20
	out %al, $0xA0
	mov $0x20, %al
	out %al, $0x21
	mov $0x28, %al
	out %al, $0xA1
	mov $0x04, %al
	out %al, $0x21
	mov $0x02, %al
	out %al, $0xA1
	mov $0x01, %al
	out %al, $0x21
	out %al, $0xA1
	mov $0xFE, %al
	out %al, $0x21
	mov $0xFF, %al
	out %al, $0xA1
	ret

/* PIT channel 0, mode 0 (one interrupt at terminal count), count 300:
 * about 250 us, some 25,000 instructions on Lucid's default 100 MIPS
 * and 250,000 on QEMU's 1 ns per instruction: inside the string on both. */
pit_arm:
	mov $0x30, %al
	out %al, $0x43
	mov $300 & 0xFF, %al
	out %al, $0x40
	mov $300 >> 8, %al
	out %al, $0x40
	ret

irq0:
	mov %ecx, IRQ_ECX
	push %eax
	mov 4(%esp), %eax
	mov %eax, IRQ_EIP
	incl IRQ_COUNT
	mov $0x20, %al
	out %al, $0x20			/* EOI */
	pop %eax
	iret

/* After an interrupted string at EBX with EDX elements: report. */
report_irq:
	SAY("  interrupts: ")
	mov IRQ_COUNT, %eax
	HEX(2)
	SAY("\n  ECX in the handler strictly between 0 and the count: ")
	mov IRQ_ECX, %eax
	test %eax, %eax
	jz 1f
	cmp %edx, %eax
	jae 1f
	SAY("yes")
	jmp 2f
1:	SAY("no")
2:	SAY("\n  pushed EIP on the first prefix: ")
	cmp IRQ_EIP, %ebx
	jne 1f
	SAY("yes")
	jmp 2f
1:	SAY("no")
2:	SAY("\n  ECX after: ")
	mov %ecx, %eax
	HEX(8)
	SAY(", copy whole: ")
	mov $SRC, %esi
	mov $DST, %edi
	mov $0x100000, %ecx
	repe cmpsb
	jne 1f
	SAY("yes\n")
	ret
1:	SAY("no\n")
	ret

/* #DB: print the interrupted EIP relative to the string and ECX. */
db_handler:
	push %eax
	SAY("  DB at_step+")
	mov 4(%esp), %eax
	sub $at_step, %eax
	HEX(2)
	SAY(" ecx=")
	mov %ecx, %eax
	HEX(8)
	call putnl
	pop %eax
	iret
