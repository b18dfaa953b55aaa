/*
 * A triple fault resets the machine (SDM 3A 6.15, interrupt 8: a fault
 * while delivering #DF means shutdown; the PC board turns shutdown into a
 * reset). First run: with an empty IDT, INT3 raises #GP (vector outside
 * the IDT), delivering #GP raises #GP again (contributory twice: #DF),
 * delivering #DF faults too: triple fault. RAM survives the reset, so a
 * marker tells the second run from the first.
 */
#include "lib.h"

#define MARKER 0x600

	.text
	.code32
	.globl main
main:
	cmpl $0x7E1EFA17, MARKER
	je again
	movl $0x7E1EFA17, MARKER
	SAY("triple: first run, INT3 with an empty IDT\n")
	lidt empty_idt
	int3
	SAY("triple: still running: wrong\n")
	mov $4, %al
	jmp exit
again:
	movl $0, MARKER
	SAY("triple: started again from the reset vector\n")
	ret

empty_idt:
	.word 0
	.long 0
