/*
 * The keyboard: the 8042 controller at POST, INT 09h (IRQ1) turning set-1
 * scan codes (the 8042 translates the keyboard's set 2) into the BIOS key
 * buffer of the BDA, and INT 16h reading it (IBM PC/AT Technical Reference,
 * "Keyboard"; 8042 command set as in the IBM PS/2 Hardware Interface
 * Technical Reference). Keys are words: scan code in the high byte, ASCII
 * (or 0) in the low byte.
 */
#include "bios.h"

	.code16
	.text

#define KBC_TIMEOUT 0x2000

/* Wait until the 8042's input buffer is empty (CF = 1 on timeout).
 * Clobbers AL, CX. */
kbc_wait_write:
	mov $KBC_TIMEOUT, %cx
1:	in $KBC_STATUS, %al
	test $2, %al
	jz 2f
	loop 1b
	stc
	ret
2:	clc
	ret

/* Wait for a byte from the 8042 and return it in AL (CF = 1 on timeout).
 * Clobbers CX. */
kbc_read:
	mov $KBC_TIMEOUT, %cx
1:	in $KBC_STATUS, %al
	test $1, %al
	jnz 2f
	loop 1b
	stc
	ret
2:	in $KBC_DATA, %al
	clc
	ret

/* Send controller command AH (clobbers AL, CX). */
kbc_cmd:
	call kbc_wait_write
	mov %ah, %al
	out %al, $KBC_STATUS
	ret

/* Send AH to the data port (clobbers AL, CX). */
kbc_data:
	call kbc_wait_write
	mov %ah, %al
	out %al, $KBC_DATA
	ret

/*
 * POST: with the 8042's keyboard interrupt off (so IRQ1 cannot steal the
 * replies we poll for): disable the keyboard, flush, self-test the
 * controller (0xAA must answer 0x55), reset the keyboard (0xFF: ACK 0xFA,
 * then 0xAA when its self-test passes), then turn IRQ1 on. The command
 * byte ends as 0x65: keyboard interrupt, system flag, mouse clock off,
 * set 2 -> set 1 translation. DS = BDA on entry.
 */
	.globl kbd_init
kbd_init:
	pushf
	cli
	mov $0xAD, %ah
	call kbc_cmd
	call kbc_irq_off
	mov $16, %bx		/* flush at most 16 stale bytes */
1:	in $KBC_STATUS, %al
	test $1, %al
	jz 2f
	in $KBC_DATA, %al
	dec %bx
	jnz 1b
2:	mov $0xAA, %ah
	call kbc_cmd
	call kbc_read
	jc 3f
	cmp $0x55, %al
	jne 3f
	push %ds
	push %ax
	DS_EBDA
	movb $1, %ds:EB_KBD_OK
	pop %ax
	pop %ds
3:	call kbc_irq_off	/* some 8042s reset the command byte in self-test */
	mov $0xAE, %ah
	call kbc_cmd
	mov $0xFF, %ah
	call kbc_data
	call kbc_read		/* 0xFA */
	jc 4f
	call kbc_read		/* 0xAA */
4:	mov $0x60, %ah
	call kbc_cmd
	mov $0x65, %ah
	call kbc_data
	popf
	ret

/* Command byte 0x64: translation, system flag, mouse off, no IRQs. */
kbc_irq_off:
	mov $0x60, %ah
	call kbc_cmd
	mov $0x64, %ah
	jmp kbc_data

/*
 * INT 09h, IRQ1: one scan code. Tracks Shift/Ctrl/Alt and the lock keys in
 * the BDA flags, turns make codes into key words and appends them to the
 * ring buffer (dropped when full). An 0xE0 prefix is remembered for the
 * next code; the grey keys then act like their keypad twins.
 */
	.globl int09
int09:
	push %ax
	push %bx
	push %ds
	mov $BDA_SEG, %ax
	mov %ax, %ds
	in $KBC_DATA, %al
	cmp $0xE0, %al
	jne 1f
	orb $2, BDA_KBD_FLAGS3
	jmp 9f
1:	cmp $0xFA, %al		/* ACK, resend, errors, BAT, echo */
	jae 8f
	test %al, %al
	jz 8f
	mov %al, %ah
	and $0x7F, %ah		/* AH = key without the break bit */
	mov $0x02, %bl		/* left shift */
	cmp $0x2A, %ah
	je 5f
	mov $0x01, %bl		/* right shift */
	cmp $0x36, %ah
	je 5f
	mov $0x04, %bl		/* ctrl */
	cmp $0x1D, %ah
	je 5f
	mov $0x08, %bl		/* alt */
	cmp $0x38, %ah
	je 5f
	test $0x80, %al
	jnz 8f			/* other releases do nothing */
	mov $0x40, %bl		/* caps lock */
	cmp $0x3A, %ah
	je 6f
	mov $0x20, %bl		/* num lock */
	cmp $0x45, %ah
	je 6f
	mov $0x10, %bl		/* scroll lock */
	cmp $0x46, %ah
	je 6f
	cmp $0x53, %ah		/* Ctrl+Alt+Del: warm reboot */
	jne 4f
	mov BDA_KBD_FLAGS0, %bl
	and $0x0C, %bl
	cmp $0x0C, %bl
	je ctrl_alt_del
4:	cmp $0x58, %ah
	ja 8f
	call key_translate	/* AX = key word */
	call kbuf_put
	jmp 8f
5:	test $0x80, %al		/* shift-type key: held while down */
	jnz 7f
	or %bl, BDA_KBD_FLAGS0
	jmp 8f
7:	not %bl
	and %bl, BDA_KBD_FLAGS0
	jmp 8f
6:	xor %bl, BDA_KBD_FLAGS0	/* lock key: toggles on each press */
8:	andb $~2, BDA_KBD_FLAGS3
9:	mov $0x20, %al
	out %al, $PIC1_CMD
	pop %ds
	pop %bx
	pop %ax
	iret

/* Warm reboot: 40:72 = 1234h says "skip the memory test" to a PC BIOS;
 * the 8042's output-port pulse (command 0xFE) resets the CPU. */
ctrl_alt_del:
	movw $0x1234, 0x72
	mov $0xFE, %al
	out %al, $KBC_STATUS
1:	hlt
	jmp 1b

/*
 * Make code AH (< 0x59) to the key word in AX, under the BDA shift flags:
 * Alt gives ASCII 0, Ctrl turns letters into control codes, Shift (or Caps
 * Lock, for letters) picks the shifted table.
 */
key_translate:
	push %si
	movzbw %ah, %si
	mov %cs:key_normal(%si), %al
	mov BDA_KBD_FLAGS0, %bl
	test $0x08, %bl
	jz 1f
	xor %al, %al
	jmp 9f
1:	test $0x04, %bl
	jz 2f
	cmp $'a', %al
	jb 8f
	cmp $'z', %al
	ja 8f
	and $0x1F, %al
	jmp 9f
8:	xor %al, %al
	jmp 9f
2:	mov %bl, %bh
	and $0x03, %bh		/* shift held? */
	cmp $'a', %al
	jb 3f
	cmp $'z', %al
	ja 3f
	test $0x40, %bl		/* caps lock flips letters */
	jz 3f
	xor $1, %bh
3:	test %bh, %bh
	jz 9f
	mov %cs:key_shifted(%si), %al
9:	pop %si
	ret

/* Append key word AX to the ring buffer; returns CF = 1 if it was full.
 * DS = BDA. */
kbuf_put:
	push %bx
	push %si
	mov BDA_KBD_TAIL, %bx
	mov %bx, %si
	add $2, %si
	cmp BDA_KBD_END, %si
	jb 1f
	mov BDA_KBD_START, %si
1:	cmp BDA_KBD_HEAD, %si
	je 2f
	mov %ax, (%bx)
	mov %si, BDA_KBD_TAIL
	clc
	jmp 3f
2:	stc
3:	pop %si
	pop %bx
	ret

/*
 * INT 16h: 00h/10h wait for a key and return it in AX; 01h/11h peek (ZF = 1
 * when none, else AX = the key, left in the buffer); 02h/12h shift flags in
 * AL (12h: extended flags in AH); 05h push key CX (AL = 1 if full); 03h
 * typematic rate is accepted and ignored.
 */
	.globl int16
int16:
	FRAME_ENTER
	sti
	mov $BDA_SEG, %bx
	mov %bx, %ds
	and $0xEF, %ah		/* 1xh extended = 0xh */
	cmp $0x00, %ah
	je k_read
	cmp $0x01, %ah
	je k_peek
	cmp $0x02, %ah
	je k_flags
	cmp $0x05, %ah
	je k_store
	jmp k_done

k_read:
	cli
	mov BDA_KBD_HEAD, %bx
	cmp BDA_KBD_TAIL, %bx
	jne 1f
	sti			/* STI's shadow makes STI; HLT race-free */
	hlt
	jmp k_read
1:	mov (%bx), %ax
	mov %ax, F_AX(%bp)
	add $2, %bx
	cmp BDA_KBD_END, %bx
	jb 2f
	mov BDA_KBD_START, %bx
2:	mov %bx, BDA_KBD_HEAD
	jmp k_done

k_peek:
	cli
	mov BDA_KBD_HEAD, %bx
	cmp BDA_KBD_TAIL, %bx
	jne 1f
	orw $FL_ZF, F_FLAGS(%bp)
	jmp k_done
1:	mov (%bx), %ax
	mov %ax, F_AX(%bp)
	andw $~FL_ZF, F_FLAGS(%bp)
	jmp k_done

k_flags:
	mov BDA_KBD_FLAGS0, %al
	mov %al, F_AL(%bp)
	testb $0x10, F_AH(%bp)
	jz k_done
	mov BDA_KBD_FLAGS1, %al
	mov %al, F_AH(%bp)
	jmp k_done

k_store:
	cli
	mov %cx, %ax
	call kbuf_put
	setc %al
	mov %al, F_AL(%bp)
k_done:
	FRAME_LEAVE

/* Scan code set 1, make codes 0x00-0x58, to ASCII; 0 = no character. */
key_normal:
	.byte 0, 0x1B
	.ascii "1234567890-="
	.byte 0x08, 0x09
	.ascii "qwertyuiop[]"
	.byte 0x0D, 0
	.ascii "asdfghjkl;'`"
	.byte 0
	.ascii "\\zxcvbnm,./"
	.byte 0, '*', 0, ' '
	.byte 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0	/* caps, F1-F10, num, scroll */
	.byte 0, 0, 0, '-', 0, 0, 0, '+', 0, 0, 0, 0, 0	/* keypad 0x47-0x53 */
	.byte 0, 0, 0, 0, 0				/* 0x54-0x58 */
key_shifted:
	.byte 0, 0x1B
	.ascii "!@#$%^&*()_+"
	.byte 0x08, 0x09
	.ascii "QWERTYUIOP{}"
	.byte 0x0D, 0
	.ascii "ASDFGHJKL:\"~"
	.byte 0
	.ascii "|ZXCVBNM<>?"
	.byte 0, '*', 0, ' '
	.byte 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	.byte 0, 0, 0, '-', 0, 0, 0, '+', 0, 0, 0, 0, 0
	.byte 0, 0, 0, 0, 0
