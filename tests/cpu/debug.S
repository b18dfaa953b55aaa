/*
 * Single-step and the debug registers (SDM 3A ch. 17): TF traps after each
 * instruction that starts with TF set (not after the POPF that sets it,
 * but after the one that clears it), an instruction breakpoint in DR0 is a
 * fault at the instruction (the handler returns with RF set to get past
 * it), data breakpoints in DR1/DR2 are traps after the access (write-only
 * ignores reads; read/write catches both), with B0-B3 and BS in DR6.
 *
 * QEMU deviates once (expected/debug.qemu.txt): for the write that meets
 * both DR1's and DR2's conditions it sets only B1, where SDM 3A 17.2.3
 * sets a B flag for every condition met.
 */
#include "lib.h"

#define WATCH (SCRATCH + 16)

	.text
	.code32
	.globl main
main:
	SAY("debug: start\n")
	mov $db_handler, %eax
	mov $1, %edx
	mov $0x8E00, %ecx
	call set_idt

	SAY("single-step:\n")
	pushf
	orl $0x100, (%esp)
	popf
	nop
step1:	mov $1, %eax
step2:	inc %eax
step3:	pushf
step4:	andl $~0x100, (%esp)
step5:	popf
step6:	nop
	SAY("TF off\n")

	SAY("instruction breakpoint in DR0:\n")
	mov $bp_here, %eax
	mov %eax, %dr0
	mov $0x00000001, %eax		/* L0, execute, 1 byte */
	mov %eax, %dr7
	nop
bp_here:
	nop
	SAY("past it\n")

	SAY("data breakpoints, DR1 write-only, DR2 read/write:\n")
	mov $WATCH, %eax
	mov %eax, %dr1
	mov $WATCH + 4, %eax
	mov %eax, %dr2
	mov $0x0FD00014, %eax		/* L1 L2; DR1 RW=01 LEN=11, DR2 RW=11 LEN=11 */
	mov %eax, %dr7
	mov WATCH, %eax			/* read: DR1 does not fire */
	movl $5, WATCH + 2		/* write overlapping DR1 and DR2 */
after_w:
	mov WATCH + 4, %al		/* read: DR2 fires */
after_r:
	xor %eax, %eax
	mov %eax, %dr7
	movl $6, WATCH
	SAY("debug: done\n")
	ret

/* #DB: report EIP and DR6, clear DR6, return with RF set. */
db_handler:
	push %eax
	SAY("  DB eip=")
	mov 4(%esp), %eax
	HEX(8)
	SAY(" dr6=")
	mov %dr6, %eax
	HEX(8)
	call putnl
	xor %eax, %eax
	mov %eax, %dr6
	orl $0x10000, 12(%esp)
	pop %eax
	iret
