/*
 * Serial echo for the scripted-input harness (tests/groups/70-determinism.sh):
 * prints "login: " on COM1, then echoes every byte COM1 receives to COM1 and
 * debugcon (polling the LSR's data-ready bit), and exits with status 67
 * (0x21) when it receives 'q'.
 */
#include "rom.h"
start:
	ROM_INIT
	PUTS(prompt)
1:	mov $0x3fd, %dx
	in %dx, %al
	test $1, %al
	jz 1b
	mov $0x3f8, %dx
	in %dx, %al
	out %al, %dx
	out %al, $0xe9
	cmp $'q', %al
	jne 1b
	EXIT(0x21)
prompt:	.asciz "login: "
	ROM_END
