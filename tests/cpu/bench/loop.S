/*
 * The CPU benchmark loop for scripts/bench.d/cpu-sys.sh: the same work with
 * paging off (loop.rom) and on (loop-pg.rom, 4 KiB pages identity-mapping
 * the first 4 MiB, built with -DPAGING): sums and stores over a 64 KiB
 * array, calls and pushes, 1000 rounds, then exit.
 */
#include "lib.h"

#define ARRAY 0x100000
#define ROUNDS 1000

	.text
	.code32
	.globl main
main:
#ifdef PAGING
	mov $0x40000, %edi
	xor %eax, %eax
	mov $1024, %ecx
	rep stosl
	movl $(0x41000 | 3), 0x40000
	mov $0x41000, %edi
	mov $3, %eax
1:	stosl
	add $0x1000, %eax
	cmp $0x42000, %edi
	jb 1b
	mov $0x40000, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
#endif
	mov $ROUNDS, %ebp
round:
	mov $ARRAY, %esi
	xor %eax, %eax
	mov $16384, %ecx
1:	add (%esi), %eax
	mov %eax, 4(%esi)
	add $4, %esi
	call leaf
	dec %ecx
	jnz 1b
	dec %ebp
	jnz round
	SAY("bench: done\n")
	ret
leaf:
	push %ebx
	mov %eax, %ebx
	xor %ecx, %ebx
	pop %ebx
	ret
