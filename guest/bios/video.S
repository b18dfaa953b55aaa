/*
 * INT 10h video services for VGA text mode 3 (80x25, 16 colours, 8 pages of
 * 4 KiB at 0xB8000), following the IBM VGA Technical Reference register
 * values for mode 3 and the PC/AT BIOS calling conventions: 00h set mode,
 * 01h cursor shape, 02h/03h set/get cursor, 05h page, 06h/07h scroll
 * up/down, 08h read char+attr, 09h/0Ah write char(+attr), 0Eh teletype,
 * 0Fh get mode, 12h/BL=10h EGA info, 13h write string, 1Ah display
 * combination. Teletype and write-string output is mirrored to COM1, so a
 * headless machine still shows what boot code prints.
 *
 * When a video option ROM installed its own INT 10h (QEMU's VGA BIOS), that
 * handler sits in vector 0x6D and owns the hardware: we only mirror the text
 * output and jump to it.
 */
#include "bios.h"

	.code16
	.text

	.globl int10
int10:
	push %ds
	push %ax
	xor %ax, %ax
	mov %ax, %ds
	cmpw $0, 0x6D * 4 + 2
	pop %ax
	pop %ds
	jne int10_chain

	FRAME_ENTER
	cld
	mov $BDA_SEG, %si
	mov %si, %ds
	mov $VGA_TEXT_SEG, %si
	mov %si, %es
	cmp $0x1A, %ah
	je v_display_combo
	cmp $0x13, %ah
	ja int10_done
	movzbw %ah, %si
	shl $1, %si
	jmp *%cs:int10_table(%si)

int10_done:
	FRAME_LEAVE

int10_table:
	.word v_set_mode	/* 00 */
	.word v_cursor_shape	/* 01 */
	.word v_set_cursor	/* 02 */
	.word v_get_cursor	/* 03 */
	.word int10_done	/* 04 light pen */
	.word v_set_page	/* 05 */
	.word v_scroll_up	/* 06 */
	.word v_scroll_down	/* 07 */
	.word v_read_char	/* 08 */
	.word v_write_char_attr	/* 09 */
	.word v_write_char	/* 0A */
	.word int10_done	/* 0B palette */
	.word int10_done	/* 0C pixel */
	.word int10_done	/* 0D pixel */
	.word v_teletype	/* 0E */
	.word v_get_mode	/* 0F */
	.word int10_done	/* 10 palette registers */
	.word int10_done	/* 11 fonts */
	.word v_alt_select	/* 12 */
	.word v_write_string	/* 13 */

/* A video ROM owns INT 10h: mirror text output, then jump to its handler
 * with the caller's IRET frame untouched. */
int10_chain:
	cmp $0x0E, %ah
	jne 1f
	call serial_putc
	jmp 2f
1:	cmp $0x13, %ah
	jne 2f
	call mirror_string
2:	sub $4, %sp		/* room for the far target */
	push %bp
	mov %sp, %bp
	push %ax
	push %ds
	xor %ax, %ax
	mov %ax, %ds
	mov 0x6D * 4, %ax
	mov %ax, 2(%bp)
	mov 0x6D * 4 + 2, %ax
	mov %ax, 4(%bp)
	pop %ds
	pop %ax
	pop %bp
	lret

/* Send CX bytes at ES:BP to COM1 (every other byte when AL bit 1 says the
 * string holds attributes). Registers preserved. */
mirror_string:
	pusha
	mov %ax, %bx
	mov %cx, %dx
	test %dx, %dx
	jz 2f
1:	mov %es:(%bp), %al
	call serial_putc
	inc %bp
	test $2, %bl
	jz 3f
	inc %bp
3:	dec %dx
	jnz 1b
2:	popa
	ret

/* 00h: set mode (AL = 2 or 3, bit 7 = keep the screen); others ignored. */
v_set_mode:
	mov %al, %bl
	and $0x7F, %bl
	cmp $3, %bl
	je 1f
	cmp $2, %bl
	jne int10_done
1:	call vga_mode3
	movb $3, BDA_VID_MODE
	movw $80, BDA_VID_COLS
	movw $0x1000, BDA_VID_PGSIZE
	movw $0, BDA_VID_PGOFF
	movb $0, BDA_VID_PAGE
	movw $0x3D4, BDA_CRTC_BASE
	movb $0x29, BDA_VID_MSR
	movb $24, BDA_VID_ROWS
	movw $16, BDA_CHAR_HEIGHT
	movb $0x60, BDA_VID_CTL
	movb $0xF9, BDA_VID_SWITCH
	movb $0x51, BDA_VGA_FLAGS
	movw $0x0607, BDA_CURSOR_SHAPE
	mov $BDA_CURSOR, %di
	xor %ax, %ax
	mov $8, %cx
2:	mov %ax, (%di)
	add $2, %di
	loop 2b
	mov %bl, BDA_VID_MODE
	testb $0x80, F_AL(%bp)
	jnz 3f
	xor %di, %di
	mov $0x0720, %ax
	mov $0x4000, %cx	/* all 8 pages */
	rep stosw
3:	call hw_cursor
	jmp int10_done

/* 01h: cursor shape CH = start line, CL = end line (bit 5 of CH hides it).
 * CGA-style values (both below 8) are scaled to the 16-line VGA cell. */
v_cursor_shape:
	mov %cx, BDA_CURSOR_SHAPE
	mov %cx, %bx
	cmp $8, %bh
	jae 1f
	cmp $8, %bl
	jae 1f
	shl $1, %bh
	inc %bh
	shl $1, %bl
1:	mov BDA_CRTC_BASE, %dx
	mov $0x0A, %al
	mov %bh, %ah
	out %ax, %dx
	mov $0x0B, %al
	mov %bl, %ah
	out %ax, %dx
	jmp int10_done

/* 02h: set cursor of page BH to row DH, column DL. */
v_set_cursor:
	and $7, %bh
	movzbw %bh, %si
	shl $1, %si
	mov %dx, BDA_CURSOR(%si)
	cmp BDA_VID_PAGE, %bh
	jne int10_done
	call hw_cursor
	jmp int10_done

/* 03h: cursor of page BH in DX, shape in CX. */
v_get_cursor:
	and $7, %bh
	movzbw %bh, %si
	shl $1, %si
	mov BDA_CURSOR(%si), %ax
	mov %ax, F_DX(%bp)
	mov BDA_CURSOR_SHAPE, %ax
	mov %ax, F_CX(%bp)
	jmp int10_done

/* 05h: show page AL. */
v_set_page:
	and $7, %al
	mov %al, BDA_VID_PAGE
	movzbw %al, %ax
	shl $12, %ax
	mov %ax, BDA_VID_PGOFF
	shr $1, %ax		/* CRTC start address is in words */
	mov %ax, %bx
	mov BDA_CRTC_BASE, %dx
	mov $0x0C, %al
	mov %bh, %ah
	out %ax, %dx
	mov $0x0D, %al
	mov %bl, %ah
	out %ax, %dx
	call hw_cursor
	jmp int10_done

/* 06h/07h: scroll the window CH,CL - DH,DL of the active page up/down by
 * AL lines (0 = clear it), filling with attribute BH. */
v_scroll_up:
	xor %si, %si
	jmp 1f
v_scroll_down:
	mov $1, %si
1:	call scroll_window
	jmp int10_done

/* 08h: character and attribute at the cursor of page BH, in AX. */
v_read_char:
	call cursor_addr
	mov %es:(%di), %ax
	mov %ax, F_AX(%bp)
	jmp int10_done

/* 09h: write AL with attribute BL, CX times, at the cursor of page BH
 * (the cursor does not move). 0Ah: the same, keeping the attributes. */
v_write_char_attr:
	call cursor_addr
	mov F_AL(%bp), %al
	mov %bl, %ah
1:	test %cx, %cx
	jz int10_done
	cmp $0x8000, %di
	jae int10_done
	stosw
	dec %cx
	jmp 1b
v_write_char:
	call cursor_addr
	mov F_AL(%bp), %al
1:	test %cx, %cx
	jz int10_done
	cmp $0x8000, %di
	jae int10_done
	stosb
	inc %di
	dec %cx
	jmp 1b

/* 0Eh: teletype AL on the active page (BEL, BS, LF and CR act). */
v_teletype:
	call serial_putc
	mov BDA_VID_PAGE, %bh
	xor %dx, %dx		/* DL = 0: keep the attribute */
	call tty_out
	call hw_cursor
	jmp int10_done

/* 0Fh: AL = mode, AH = columns, BH = active page. */
v_get_mode:
	mov BDA_VID_MODE, %al
	mov BDA_VID_COLS, %ah
	mov %ax, F_AX(%bp)
	mov BDA_VID_PAGE, %al
	mov %al, F_BH(%bp)
	jmp int10_done

/* 12h, BL = 10h: EGA information: colour, 256 KiB, switch settings. */
v_alt_select:
	cmp $0x10, %bl
	jne int10_done
	movw $0x0003, F_BX(%bp)
	movw $0x0009, F_CX(%bp)
	jmp int10_done

/* 1Ah, AL = 0: display combination: VGA with colour display. */
v_display_combo:
	test %al, %al
	jnz int10_done
	movb $0x1A, F_AL(%bp)
	movw $0x0008, F_BX(%bp)
	jmp int10_done

/*
 * 13h: write CX characters from ES:BP at row DH, column DL of page BH.
 * AL bit 0: leave the cursor after the string; bit 1: the string alternates
 * character and attribute bytes (otherwise the attribute is BL).
 */
v_write_string:
	and $7, %bh
	movzbw %bh, %si
	shl $1, %si
	push BDA_CURSOR(%si)	/* old cursor, restored unless AL bit 0 */
	mov %dx, BDA_CURSOR(%si)
	mov F_ES(%bp), %es
	mov F_EBP(%bp), %di
1:	jcxz 3f
	mov %es:(%di), %al
	inc %di
	mov F_BL(%bp), %ah
	testb $2, F_AL(%bp)
	jz 2f
	mov %es:(%di), %ah
	inc %di
2:	call serial_putc
	push %es
	push %di
	push %cx
	mov $VGA_TEXT_SEG, %dx
	mov %dx, %es
	mov $1, %dl		/* DL = 1: write attribute AH */
	mov F_BH(%bp), %bh
	and $7, %bh
	call tty_out
	pop %cx
	pop %di
	pop %es
	dec %cx
	jmp 1b
3:	pop %ax
	movzbw F_BH(%bp), %si
	and $7, %si
	shl $1, %si
	testb $1, F_AL(%bp)
	jnz 4f
	mov %ax, BDA_CURSOR(%si)
4:	mov $VGA_TEXT_SEG, %dx
	mov %dx, %es
	call hw_cursor
	jmp int10_done

/*
 * Put AL on page BH at its cursor, teletype style; with DL = 1 also write
 * attribute AH. Advances the cursor, wrapping and scrolling the page.
 * DS = BDA, ES = video memory. Clobbers AX, BX, CX, DX, SI, DI.
 */
tty_out:
	movzbw %bh, %si
	shl $1, %si
	mov BDA_CURSOR(%si), %cx	/* CH = row, CL = column */
	cmp $7, %al
	je 9f
	cmp $8, %al
	jne 1f
	test %cl, %cl
	jz 8f
	dec %cl
	jmp 8f
1:	cmp $10, %al
	jne 2f
	inc %ch
	jmp 7f
2:	cmp $13, %al
	jne 3f
	xor %cl, %cl
	jmp 8f
3:	push %ax
	movzbw %ch, %ax
	imul BDA_VID_COLS, %ax
	movzbw %cl, %di
	add %ax, %di
	shl $1, %di
	movzbw %bh, %ax
	shl $12, %ax
	add %ax, %di
	pop %ax
	mov %al, %es:(%di)
	test %dl, %dl
	jz 4f
	mov %ah, %es:1(%di)
4:	inc %cl
	cmp BDA_VID_COLS, %cl
	jb 8f
	xor %cl, %cl
	inc %ch
7:	cmp BDA_VID_ROWS, %ch
	jbe 8f
	/* scroll the page up one line; only the active page is scrolled
	 * by scroll_window, which is what teletype always writes to */
	push %cx
	push %si
	mov $1, %al
	push %bx
	mov $0x07, %bh
	xor %cx, %cx
	mov BDA_VID_ROWS, %dh
	mov BDA_VID_COLS, %dl
	dec %dl
	xor %si, %si
	call scroll_window
	pop %bx
	pop %si
	pop %cx
	mov BDA_VID_ROWS, %ch
8:	mov %cx, BDA_CURSOR(%si)
9:	ret

/*
 * Scroll the window (CH,CL)-(DH,DL) of the active page by AL lines, up when
 * SI = 0, down when SI = 1; AL = 0 or more than the height clears it with
 * attribute BH. DS = BDA, ES = video memory. Clobbers AX-DX, SI, DI.
 */
scroll_window:
	push %bp
	cmp BDA_VID_ROWS, %dh
	jbe 1f
	mov BDA_VID_ROWS, %dh
1:	mov BDA_VID_COLS, %ah
	dec %ah
	cmp %ah, %dl
	jbe 1f
	mov %ah, %dl
1:	cmp %dh, %ch
	ja 9f
	cmp %dl, %cl
	ja 9f
	mov %dh, %ah
	sub %ch, %ah
	inc %ah			/* AH = height */
	test %al, %al
	jz 2f
	cmp %ah, %al
	jbe 3f
2:	mov %ah, %al		/* clear: scroll by the whole height */
3:	/* BP = width in cells; BL = lines; walk rows in the right order */
	sub %cl, %dl
	movzbw %dl, %bp
	inc %bp
	mov %al, %bl
	test %si, %si
	jnz 5f
	/* up: rows top..bottom, row r takes row r + n */
	mov %ch, %ah		/* AH = current row */
4:	mov %ah, %al
	add %bl, %al
	call scroll_row
	inc %ah
	cmp %dh, %ah
	jbe 4b
	jmp 9f
	/* down: rows bottom..top, row r takes row r - n */
5:	mov %dh, %ah
6:	mov %ah, %al
	sub %bl, %al
	jc 7f
	cmp %ch, %al
	jae 8f
7:	mov $0xFF, %al		/* source outside the window: blank */
8:	call scroll_row
	cmp %ch, %ah
	je 9f
	dec %ah
	jmp 6b
9:	pop %bp
	ret

/*
 * One row of a scroll: copy BP cells from row AL (column CL) to row AH,
 * or blank them with attribute BH when AL is outside CH..DH.
 */
scroll_row:
	push %ax
	push %cx
	push %si
	push %di
	push %ds
	push %ax
	movzbw %ah, %ax
	imul BDA_VID_COLS, %ax
	movzbw %cl, %di
	add %ax, %di
	shl $1, %di
	add BDA_VID_PGOFF, %di
	pop %ax
	cmp %ch, %al
	jb 1f
	cmp %dh, %al
	ja 1f
	movzbw %al, %ax
	imul BDA_VID_COLS, %ax
	movzbw %cl, %si
	add %ax, %si
	shl $1, %si
	add BDA_VID_PGOFF, %si
	mov %bp, %cx
	push %es
	pop %ds
	rep movsw
	jmp 2f
1:	mov %bh, %ah
	mov $' ', %al
	mov %bp, %cx
	rep stosw
2:	pop %ds
	pop %di
	pop %si
	pop %cx
	pop %ax
	ret

/* DI = offset in video memory of the cursor of page BH (DS = BDA).
 * Clobbers AX, SI. */
cursor_addr:
	push %dx
	and $7, %bh
	movzbw %bh, %si
	shl $1, %si
	mov BDA_CURSOR(%si), %dx
	movzbw %dh, %ax
	imul BDA_VID_COLS, %ax
	movzbw %dl, %di
	add %ax, %di
	shl $1, %di
	movzbw %bh, %ax
	shl $12, %ax
	add %ax, %di
	pop %dx
	ret

/* Move the hardware cursor (CRTC 0x0E/0x0F) to the active page's cursor.
 * DS = BDA. Registers preserved. */
hw_cursor:
	pusha
	movzbw BDA_VID_PAGE, %si
	shl $1, %si
	mov BDA_CURSOR(%si), %dx
	movzbw %dh, %ax
	imul BDA_VID_COLS, %ax
	movzbw %dl, %bx
	add %ax, %bx
	mov BDA_VID_PGOFF, %ax
	shr $1, %ax
	add %ax, %bx
	mov BDA_CRTC_BASE, %dx
	mov $0x0E, %al
	mov %bh, %ah
	out %ax, %dx
	mov $0x0F, %al
	mov %bl, %ah
	out %ax, %dx
	popa
	ret

/*
 * Program the VGA for mode 3 (IBM VGA Technical Reference, mode 3 register
 * table): misc output, sequencer, CRTC (unlocked first: CRTC 0x11 bit 7
 * write-protects 0-7), graphics controller, attribute controller, then
 * re-enable the display through the attribute index's PAS bit. The 8x16
 * font is not loaded here: Lucid's VGA has it in plane 2 from reset.
 * Clobbers AX, CX, DX, SI.
 */
vga_mode3:
	mov $0x3C2, %dx
	mov $0x67, %al
	out %al, %dx
	mov $0x3C4, %dx		/* sequencer */
	mov $seq_regs, %si
	mov $5, %cx
	xor %al, %al
	call vga_indexed
	mov $0x3D4, %dx		/* CRTC: clear the protect bit first */
	mov $0x0E11, %ax
	out %ax, %dx
	mov $crtc_regs, %si
	mov $25, %cx
	xor %al, %al
	call vga_indexed
	mov $0x3CE, %dx		/* graphics controller */
	mov $gc_regs, %si
	mov $9, %cx
	xor %al, %al
	call vga_indexed
	mov $0x3DA, %dx		/* reset the attribute flip-flop */
	in %dx, %al
	mov $0x3C0, %dx
	mov $attr_regs, %si
	xor %ah, %ah
1:	mov %ah, %al
	out %al, %dx
	mov %cs:(%si), %al
	out %al, %dx
	inc %si
	inc %ah
	cmp $21, %ah
	jb 1b
	mov $0x20, %al		/* PAS: the CPU is done, show the screen */
	out %al, %dx
	ret

/* Write CX registers from CS:SI at index AL.. through the index/data pair
 * at DX, DX+1. */
vga_indexed:
	mov %al, %ah
1:	mov %ah, %al
	out %al, %dx
	inc %dx
	mov %cs:(%si), %al
	out %al, %dx
	dec %dx
	inc %si
	inc %ah
	loop 1b
	ret

seq_regs:	.byte 0x03, 0x00, 0x03, 0x00, 0x02
crtc_regs:	.byte 0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F
		.byte 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00
		.byte 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF
gc_regs:	.byte 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF
attr_regs:	.byte 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07
		.byte 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F
		.byte 0x0C, 0x00, 0x0F, 0x08, 0x00
