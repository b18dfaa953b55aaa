/*
 * When the page directory entry's accessed bit is set (a difference
 * between models): a read through a present directory entry whose table
 * entry is not present faults with #PF; the 486 and later (and QEMU) have
 * set the directory entry's A bit on the way, the 386 sets the A bits of
 * both levels only when the walk completes (386 PRM 5.2.4.4), so there it
 * stays clear. A read through a present table entry then sets both on
 * every model. expected/pde_a.txt is the 486-and-later result,
 * expected/pde_a.386.txt the 386's (tests/groups/53-cpu-smc.sh runs it
 * with -cpu 386).
 */
#include "lib.h"

#define PD 0x40000
#define PT 0x41000
#define PT2 0x42000		/* 4-8 MiB: only its second entry present */

	.text
	.code32
	.globl main
main:
	SAY("pde_a: start\n")
	mov $PD, %edi
	xor %eax, %eax
	mov $1024, %ecx
	rep stosl
	mov $PT2, %edi
	mov $1024, %ecx
	rep stosl
	movl $(PT | 3), PD
	movl $(PT2 | 3), PD + 4
	movl $(0x60000 | 3), PT2 + 4
	mov $PT, %edi
	mov $0x23, %eax			/* identity, A already set */
1:	stosl
	add $0x1000, %eax
	cmp $PT + 4096, %edi
	jb 1b
	movl $(PT | 0x23), PD
	mov $PD, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	jmp 1f
1:	SAY("PDE before:")
	call pde
	call putnl
	SAY("read through an absent PTE:\n")
	EXPECT(1f)
	mov 0x400000, %eax
1:	SAY("PDE after the fault:")
	call pde
	call putnl
	mov 0x401000, %eax
	SAY("PDE and PTE after a read through a present PTE:")
	call pde
	mov PT2 + 4, %eax
	and $0xFFF, %eax
	call putsp
	HEX(3)
	call putnl
	SAY("pde_a: done\n")
	ret

/* Print the low 12 bits of the directory entry for 4-8 MiB after a space. */
pde:
	mov PD + 4, %eax
	and $0xFFF, %eax
	call putsp
	HEX(3)
	ret
