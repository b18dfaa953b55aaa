/*
 * Whole-machine VGA check, as its own BIOS (no mode set: the VGA comes out
 * of reset in mode 3 with its font loaded, as after a VGA BIOS's POST):
 * read the glyph of 'A' from plane 2 the way a font dump does, write a line
 * of text at row 12, column 30 in white on blue, put the cursor after it
 * through the CRTC, then exit with 0x22 (status 69). The runner looks for
 * the text and the cursor in the -display text output.
 */
#include "rom.h"

start:
	ROM_INIT
	/* Plane 2, sequential addressing, at A0000: 'A' row 3 is 0x38 in the VGA font. */
	mov $0x3c4, %dx
	mov $0x0604, %ax	/* sequencer memory mode: no odd/even, no chain 4 */
	out %ax, %dx
	mov $0x3ce, %dx
	mov $0x0204, %ax	/* read map 2 */
	out %ax, %dx
	mov $0x0005, %ax	/* read mode 0, no odd/even */
	out %ax, %dx
	mov $0x0406, %ax	/* memory map A0000-AFFFF */
	out %ax, %dx
	mov $0xa000, %ax
	mov %ax, %es
	movb %es:(0x41 * 32 + 3), %bl
	/* Back to text mode addressing. */
	mov $0x3c4, %dx
	mov $0x0204, %ax
	out %ax, %dx
	mov $0x3ce, %dx
	mov $0x0004, %ax
	out %ax, %dx
	mov $0x1005, %ax
	out %ax, %dx
	mov $0x0e06, %ax
	out %ax, %dx
	cmp $0x38, %bl
	je 1f
	EXIT(1)
1:	/* The text, through odd/even at B8000. */
	mov $0xb800, %ax
	mov %ax, %es
	mov $((12 * 80 + 30) * 2), %di
	mov $msg, %si
	mov $0x1f, %ah
2:	lodsb
	test %al, %al
	jz 3f
	stosw
	jmp 2b
3:	/* Cursor after the text: CRTC 0x0E/0x0F. */
	mov %di, %bx
	shr $1, %bx
	mov $0x3d4, %dx
	mov $0x0e, %al
	mov %bh, %ah
	out %ax, %dx
	mov $0x0f, %al
	mov %bl, %ah
	out %ax, %dx
	/* Read it back. */
	mov $0x0f, %al
	out %al, %dx
	inc %dx
	in %dx, %al
	cmp %bl, %al
	je 4f
	EXIT(2)
4:	EXIT(0x22)
msg:	.asciz "VGA text OK"
	ROM_END
