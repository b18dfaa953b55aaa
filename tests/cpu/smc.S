/*
 * Self-modifying code (SDM 3A 11.6): code in RAM patched and run again,
 * each case twice with different values so that a stale decoded copy of the
 * first version would show. Every case prints what the patched code
 * returned; the expected values are the new bytes' values.
 *
 *  - a ROM routine calling into RAM code that was patched since the ROM
 *    routine last jumped there (a decoded ROM block must not keep following
 *    a link into code that has been invalidated), and the same from a RAM
 *    routine on another page;
 *  - code patched in the same block, by the instruction just before it
 *    (no jump in between);
 *  - code patched in the next block (after a jump), already decoded;
 *  - an instruction straddling a page boundary patched by a write that
 *    straddles it too, and code at the start of the second page;
 *  - code patched through a second linear alias of its physical page, and
 *    run through either alias;
 *  - a REP MOVSB copying a new version of the running block over itself;
 *  - code patched by one task, run by another after a task switch.
 *
 * The same-block case has no jump between the write and the patched
 * instruction. The Pentium and later see the new bytes (the write
 * invalidates the prefetch queue); a 386 or 486 may run what it had
 * prefetched. Lucid runs the new bytes on every model (it has no prefetch
 * queue), and so does QEMU; tests/groups/53-cpu-smc.sh runs this ROM with
 * -cpu 386 and 486 as well and expects the same output.
 */
#include "lib.h"

#define CODE 0x50000		/* patched code */
#define CALLER 0x51000		/* a RAM routine calling CODE */
#define EDGE 0x53000		/* page boundary crossed by an instruction */
#define ALIAS 0x70000		/* second linear address of CODE's page */
#define PD 0x40000
#define PT 0x41000

	.text
	.code32
	.globl main
main:
	SAY("smc: start\n")

	SAY("ROM block into patched RAM:")
	mov $ret1, %esi
	mov $CODE, %edi
	mov $(ret1_end - ret1), %ecx
	rep movsb
	call rom_caller
	call show
	call rom_caller
	call show
	movl $2, CODE + 1
	call rom_caller
	call show
	movl $3, CODE + 1
	call rom_caller
	call show
	call putnl

	SAY("RAM block into patched RAM:")
	mov $ram_caller, %esi
	mov $CALLER, %edi
	mov $(ram_caller_end - ram_caller), %ecx
	rep movsb
	movl $4, CODE + 1
	call CALLER
	call show
	call CALLER
	call show
	movl $5, CODE + 1
	call CALLER
	call show
	call putnl

	SAY("same block:")
	mov $same, %esi
	mov $CODE, %edi
	mov $(same_end - same), %ecx
	rep movsb
	mov $6, %ecx
	call CODE
	call show
	mov $7, %ecx
	call CODE
	call show
	call putnl

	SAY("next block:")
	mov $next, %esi
	mov $CODE, %edi
	mov $(next_end - next), %ecx
	rep movsb
	mov $8, %ecx
	call CODE
	call show
	mov $9, %ecx
	call CODE
	call show
	call putnl

	SAY("across a page:")
	mov $edge, %esi
	mov $(EDGE - (edge_mid - edge)), %edi
	mov $(edge_end - edge), %ecx
	rep movsb
	mov $0x0a0a, %ecx
	mov $0x0b0b, %edx
	call EDGE - (edge_mid - edge)
	call show
	mov %ebx, %eax
	call show
	mov $0x0c0c, %ecx
	mov $0x0d0d, %edx
	call EDGE - (edge_mid - edge)
	call show
	mov %ebx, %eax
	call show
	call putnl

	SAY("REP MOVSB over the running block:")
	mov $rep1, %esi
	mov $CODE, %edi
	mov $(rep1_end - rep1), %ecx
	rep movsb
	mov $rep2, %esi
	call CODE
	call show
	mov $rep3, %esi
	call CODE
	call show
	call putnl

	SAY("another task:")
	call task_setup
	mov $ret1, %esi
	mov $CODE, %edi
	mov $(ret1_end - ret1), %ecx
	rep movsb
	movl $0x10, CODE + 1
	ljmp $SEL_TSS1, $0
	movl $0x11, CODE + 1
	ljmp $SEL_TSS1, $0
	movl $0x12, CODE + 1
	ljmp $SEL_TSS1, $0
	call putnl

	SAY("second linear alias:")
	call paging_on
	mov $ret1, %esi
	mov $CODE, %edi
	mov $(ret1_end - ret1), %ecx
	rep movsb
	movl $0x20, ALIAS + 1
	call rom_caller
	call show
	movl $0x21, ALIAS + 1
	call rom_caller
	call show
	mov $ALIAS, %eax
	call *%eax
	call show
	movl $0x22, CODE + 1
	mov $ALIAS, %eax
	call *%eax
	call show
	movl $0x23, ALIAS + 1
	call rom_caller
	call show
	call putnl

	SAY("smc: done\n")
	ret

/* Print EAX (4 digits) after a space. */
show:
	call putsp
	HEX(4)
	ret

/* The ROM routine that calls into CODE (its block ends with the call). */
rom_caller:
	call CODE
	ret

/* Copied to CODE: return 1 (the immediate at CODE + 1 is patched). */
ret1:
	mov $1, %eax
	ret
ret1_end:

/* Copied to CALLER: a RAM routine calling CODE. */
ram_caller:
	mov $CODE, %eax
	call *%eax
	ret
ram_caller_end:

/* Copied to CODE: patch the next instruction's immediate with ECX. */
same:
	mov %ecx, CODE + (1f - same) + 1
1:	mov $0, %eax
	ret
same_end:

/* Copied to CODE: patch the immediate in the block after the jump. */
next:
	mov %ecx, CODE + (1f - next) + 1
	jmp 1f
1:	mov $0, %eax
	ret
next_end:

/* Copied so that edge_mid is EDGE: the MOV before it straddles the page
 * boundary (its immediate is patched with ECX by a write that straddles
 * it too); the MOV at EDGE, the second page's first bytes, gets EDX. */
edge:
	mov %ecx, EDGE - 3
	mov %edx, EDGE + 2
	jmp 1f
1:	.byte 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90
	.byte 0xB8		/* mov $imm32, %eax: the immediate crosses */
	.byte 0, 0, 0		/* 3 bytes before the boundary... */
edge_mid:
	.byte 0			/* ...and the last one after it */
	mov $0, %ebx		/* at EDGE + 1, immediate at EDGE + 2 */
	ret
edge_end:

/* Copied to CODE: a REP MOVSB from ESI (a copy of this routine differing
 * only in the value returned) over the whole routine, the REP MOVSB
 * included; the instruction after it must be the new one. */
.macro rep_copy val
	mov $CODE, %edi
	mov $(rep1_end - rep1), %ecx
	rep movsb
	mov $\val, %eax
	ret
.endm
rep1:	rep_copy 0x01
rep1_end:
rep2:	rep_copy 0x13
rep3:	rep_copy 0x14

/* TSS1: a flat ring-0 task running task1 on its own stack. */
task_setup:
	mov $TSS1, %edi
	xor %eax, %eax
	mov $0x68, %ecx
	rep stosb
	movl $task1, TSS1 + 0x20
	movl $0x2, TSS1 + 0x24
	movl $STACK_T1, TSS1 + 0x38
	movl $SEL_DATA0, TSS1 + 0x48
	movl $SEL_CODE0, TSS1 + 0x4C
	movl $SEL_DATA0, TSS1 + 0x50
	movl $SEL_DATA0, TSS1 + 0x54
	movw $0x68, TSS1 + 0x66
	ret

/* Task 1: call CODE, print the result, switch back to task 0; again. */
task1:
	call rom_caller
	call show
	ljmp $SEL_TSS0, $0
	jmp task1

/* Paging on: 0-4 MiB identity, ALIAS mapped to CODE's frame too. */
paging_on:
	mov $PD, %edi
	xor %eax, %eax
	mov $1024, %ecx
	rep stosl
	movl $(PT | 3), PD
	mov $PT, %edi
	mov $3, %eax
1:	stosl
	add $0x1000, %eax
	cmp $PT + 4096, %edi
	jb 1b
	movl $(CODE | 3), PT + (ALIAS >> 12) * 4
	mov $PD, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	jmp 1f
1:	ret
