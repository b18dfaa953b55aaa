/*
 * Whole-machine ATA check, as its own BIOS, polling (interrupts stay off):
 * IDENTIFY (word 0 and the model string), WRITE SECTORS of a pattern to LBA
 * 5, READ SECTORS back and compare, then a READ past the end that must fail
 * with IDNF. Exits 0x23 (status 71); failures exit 1-6. The runner checks
 * that -snapshot left the image alone and that without it sector 5 changed.
 */
#include "rom.h"

wait_ready:			/* until BSY clears; AL = status */
	mov $0x1f7, %dx
1:	in %dx, %al
	test $0x80, %al
	jnz 1b
	ret

set_lba:			/* LBA28 address EBX, count 1 */
	mov $0x1f2, %dx
	mov $1, %al
	out %al, %dx
	inc %dx
	mov %bl, %al
	out %al, %dx
	inc %dx
	mov %bh, %al
	out %al, %dx
	inc %dx
	shr $16, %ebx
	mov %bl, %al
	out %al, %dx
	inc %dx
	mov %bh, %al
	and $0x0f, %al
	or $0xe0, %al
	out %al, %dx
	ret

start:
	ROM_INIT
	xor %ax, %ax
	mov %ax, %ds		/* buffers in low RAM: 0x1000 out, 0x2000 in */
	mov $0x1000, %di
	mov $256, %cx
	mov $0x1234, %ax
1:	stosw
	add $0x0f0f, %ax
	loop 1b
	/* IDENTIFY DEVICE */
	call wait_ready
	mov $0x1f6, %dx
	mov $0xa0, %al
	out %al, %dx
	mov $0x1f7, %dx
	mov $0xec, %al
	out %al, %dx
	call wait_ready
	test $0x08, %al
	jnz 2f
	EXIT(1)
2:	mov $0x3000, %di
	mov $0x1f0, %dx
	mov $256, %cx
	rep insw
	cmpw $0x0040, (0x3000)
	je 3f
	EXIT(2)
3:	cmpw $0x4c55, (0x3000 + 27 * 2)	/* "LU", byte-swapped as ATA strings are */
	je 4f
	EXIT(3)
4:	/* WRITE SECTORS to LBA 5 */
	mov $5, %ebx
	call set_lba
	mov $0x1f7, %dx
	mov $0x30, %al
	out %al, %dx
	call wait_ready
	mov $0x1000, %si
	mov $0x1f0, %dx
	mov $256, %cx
	rep outsw
	call wait_ready
	test $0x01, %al
	jz 5f
	EXIT(4)
5:	/* READ SECTORS from LBA 5 and compare */
	mov $5, %ebx
	call set_lba
	mov $0x1f7, %dx
	mov $0x20, %al
	out %al, %dx
	call wait_ready
	mov $0x2000, %di
	mov $0x1f0, %dx
	mov $128, %cx
	rep insl		/* 32-bit data port */
	mov $0x1000, %si
	mov $0x2000, %di
	mov $256, %cx
	repe cmpsw
	je 6f
	EXIT(5)
6:	/* Past the end of the disk: ERR with IDNF */
	mov $0x0ffffff0, %ebx
	call set_lba
	mov $0x1f7, %dx
	mov $0x20, %al
	out %al, %dx
	call wait_ready
	test $0x01, %al
	jz 7f
	mov $0x1f1, %dx
	in %dx, %al
	cmp $0x10, %al
	jne 7f
	EXIT(0x23)
7:	EXIT(6)
	ROM_END
