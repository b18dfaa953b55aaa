/*
 * PS/2 mouse echo for the scripted-input harness (tests/groups/70-determinism.sh):
 * enables the 8042's auxiliary port and the mouse's data reporting, prints
 * "mouse on", then prints the bytes of the first two movement packets in hex
 * on debugcon (polling the status port, no IRQ) and exits with status 69
 * (0x22); 71 (0x23) if the mouse did not acknowledge.
 */
#include "rom.h"
start:
	ROM_INIT
	call	wait_in
	mov	$0xa8, %al		/* enable the auxiliary (mouse) port */
	out	%al, $0x64
	call	wait_in
	mov	$0xd4, %al		/* next data byte goes to the mouse */
	out	%al, $0x64
	call	wait_in
	mov	$0xf4, %al		/* mouse: enable data reporting */
	out	%al, $0x60
	call	get
	cmp	$0xfa, %al		/* ACK */
	jne	fail
	PUTS(ready)
	mov	$6, %cx			/* two 3-byte packets */
1:	call	get
	call	puthex
	loop	1b
	EXIT(0x22)
fail:	EXIT(0x23)

/* Wait for a byte from the controller's output buffer; return it in AL. */
get:	in	$0x64, %al
	test	$1, %al
	jz	get
	in	$0x60, %al
	ret

/* Wait until the controller's input buffer is empty. */
wait_in:
	in	$0x64, %al
	test	$2, %al
	jnz	wait_in
	ret

/* Print AL as two hex digits and a space on debugcon. */
puthex:	push	%ax
	shr	$4, %al
	call	nibble
	pop	%ax
	and	$0x0f, %al
	call	nibble
	mov	$' ', %al
	out	%al, $0xe9
	ret
nibble:	cmp	$10, %al
	jb	2f
	add	$('a' - 10), %al
	jmp	3f
2:	add	$'0', %al
3:	out	%al, $0xe9
	ret

ready:	.asciz "mouse on\n"
	ROM_END
