/*
 * Whole-machine keyboard check, as its own BIOS, polling the 8042 (its
 * IRQ1 left to the PIC, which is masked after reset): the runner types "aB"
 * on the terminal of -display text; the 8042 must deliver the translated
 * set 1 codes 1E 9E (a), 2A 30 B0 AA (Shift+b). Exits 0x24 (status 73), or
 * 1 with the first wrong byte on debugcon.
 */
#include "rom.h"

read_kbd:			/* AL = next byte from port 0x60 */
1:	in $0x64, %al
	test $0x01, %al
	jz 1b
	in $0x60, %al
	ret

start:
	ROM_INIT
	PUTS(ready)
	mov $expect, %si
	mov $6, %cx
2:	call read_kbd
	cmp (%si), %al
	jne 3f
	inc %si
	loop 2b
	EXIT(0x24)
3:	PUTS(wrong)
	EXIT(1)
expect:	.byte 0x1e, 0x9e, 0x2a, 0x30, 0xb0, 0xaa
ready:	.asciz "ready\n"
wrong:	.asciz "wrong scan code\n"
	ROM_END
