/*
 * Two hard disks: booted from drive 80h with a second image as 81h (the
 * primary slave), both carrying the pattern (sector LBA starts with its LBA
 * as a dword, byte i is (LBA + i) & 0xFF). The BDA's disk count at 40:75,
 * each drive's 08h geometry and 48h size (the images differ in size), EDD
 * reads from both, a write to 81h that 80h does not see, and 82h absent.
 */
#include "lib.S"

	.text
	.globl main
main:
	mov $msg_count, %si
	call puts
	push %ds
	mov $0x40, %ax
	mov %ax, %ds
	movzbl 0x75, %eax
	pop %ds
	call putdec
	call newline

	mov $0x80, %dl
	call drive_report
	mov $0x81, %dl
	call drive_report

	/* 43h: a sector of 0x5A at LBA 2000 of 81h, read back from 81h ... */
	mov $buf, %di
	mov $0x5A, %al
	mov $512, %cx
	rep stosb
	mov $0x81, %dl
	mov $2000, %eax
	mov $1, %cx
	mov $0x43, %bl
	call edd_rw
	mov $msg_43, %si
	call puts
	call print_cf
	mov $buf, %di
	xor %al, %al
	mov $512, %cx
	rep stosb
	mov $0x81, %dl
	mov $2000, %eax
	mov $1, %cx
	mov $0x42, %bl
	call edd_rw
	mov $msg_readback, %si
	call puts
	mov $buf, %di
	mov $0x5A, %al
	mov $512, %cx
	repe scasb
	mov $msg_ok, %si
	je 1f
	mov $msg_bad, %si
1:	call puts
	call newline
	/* ... while 80h keeps its pattern there */
	mov $0x80, %dl
	mov $2000, %eax
	mov $1, %cx
	mov $0x42, %bl
	call edd_rw
	mov $msg_other, %si
	call puts
	call print_cf
	mov $1, %cx
	mov $2000, %eax
	call check_sectors
	call newline

	/* a third drive is not there */
	mov $0x0201, %ax
	mov $0x0001, %cx
	xor %dh, %dh
	mov $0x82, %dl
	mov $buf, %bx
	int $0x13
	call save
	mov $msg_82, %si
	call puts
	call print_cf
	call newline
	ret

/* Drive DL: 08h (count, geometry), 48h (sectors), 42h at LBA 1000 x2. */
drive_report:
	mov %dl, drive
	mov $msg_drive, %si
	call puts
	movzbl drive, %eax
	mov $2, %cl
	call puthex
	call newline

	mov $0x08, %ah
	mov drive, %dl
	int $0x13
	call save
	mov %dl, ndrives
	mov %dh, heads
	mov %cl, spt
	andb $0x3F, spt
	movzbw %ch, %ax
	movzbw %cl, %bx
	shl $2, %bx
	and $0x300, %bx
	or %bx, %ax
	mov %ax, cyls
	mov $msg_08, %si
	call puts
	call print_cf
	mov $msg_dl, %si
	call puts
	movzbl ndrives, %eax
	call putdec
	mov $msg_chs, %si
	call puts
	movzwl cyls, %eax
	inc %eax
	call putdec
	mov $'/', %al
	call putc
	movzbl heads, %eax
	inc %eax
	call putdec
	mov $'/', %al
	call putc
	movzbl spt, %eax
	call putdec
	call newline

	movw $0x1A, params
	mov $0x48, %ah
	mov drive, %dl
	mov $params, %si
	int $0x13
	call save
	mov $msg_48, %si
	call puts
	call print_cf
	mov $msg_sectors, %si
	call puts
	mov params + 16, %eax
	call putdec
	call newline

	mov drive, %dl
	mov $1000, %eax
	mov $2, %cx
	mov $0x42, %bl
	call edd_rw
	mov $msg_42, %si
	call puts
	call print_cf
	mov $2, %cx
	mov $1000, %eax
	call check_sectors
	call newline
	ret

/* EDD 42h/43h (BL) on drive DL of CX sectors at LBA EAX into buf. */
edd_rw:
	movw $0x10, dap
	mov %cx, dap + 2
	movw $buf, dap + 4
	movw $0, dap + 6
	mov %eax, dap + 8
	movl $0, dap + 12
	mov %bl, %ah
	xor %al, %al
	mov $dap, %si
	int $0x13
	call save
	ret

save:
	mov %ax, saved_ax
	setc saved_cf
	ret

/* Check CX sectors in buf against the pattern from LBA EAX. */
check_sectors:
	pushal
	mov $buf, %si
1:	cmp %eax, (%si)
	jne 3f
	mov %eax, %ebx
	add $511, %ebx
	cmp %bl, 511(%si)
	jne 3f
	add $512, %si
	inc %eax
	loop 1b
	mov $msg_data_ok, %si
	jmp 4f
3:	mov $msg_data_bad, %si
4:	call puts
	popal
	ret

print_cf:
	pushal
	mov $msg_cf0, %si
	cmpb $0, saved_cf
	je 1f
	mov $msg_cf1, %si
1:	call puts
	popal
	ret

msg_count:	.asciz "disks at 40:75: "
msg_drive:	.asciz "drive "
msg_08:		.asciz "08h:"
msg_dl:		.asciz " drives="
msg_chs:	.asciz " chs="
msg_48:		.asciz "48h:"
msg_sectors:	.asciz " sectors="
msg_42:		.asciz "42h lba 1000 x2:"
msg_43:		.asciz "43h write 81h lba 2000:"
msg_readback:	.asciz " read back="
msg_other:	.asciz "42h 80h lba 2000:"
msg_82:		.asciz "02h drive 82h:"
msg_cf0:	.asciz " cf=0"
msg_cf1:	.asciz " cf=1"
msg_data_ok:	.asciz " data=ok"
msg_data_bad:	.asciz " data=bad"
msg_ok:		.asciz "ok"
msg_bad:	.asciz "bad"
saved_cf:	.byte 0
saved_ax:	.word 0
drive:		.byte 0
ndrives:	.byte 0
spt:		.byte 0
heads:		.byte 0
cyls:		.word 0
	.balign 4
dap:		.space 16
params:		.space 0x20
	.balign 16
buf = 0x9000
