/*
 * INT 13h on drive 80h against the image's pattern (sector LBA starts with
 * its LBA as a dword, byte i is (LBA + i) & 0xFF): EDD check and parameters,
 * a CHS read of 3 sectors across a head boundary, EDD reads and a write read
 * back, and the errors: past the end, an impossible CHS address, a drive
 * that does not exist, and 01h returning the last status.
 */
#include "lib.S"

	.text
	.globl main
main:
	/* 41h: extensions present */
	mov $0x41, %ah
	mov $0x55AA, %bx
	mov $0x80, %dl
	int $0x13
	call save
	mov $msg_41, %si
	call puts
	call print_cf
	mov %bx, %ax
	movzwl %ax, %eax
	mov $4, %cl
	mov $msg_bx, %si
	call puts
	call puthex
	call newline

	/* 48h: size in sectors */
	movw $0x1A, params
	mov $0x48, %ah
	mov $0x80, %dl
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
	mov $msg_bps, %si
	call puts
	movzwl params + 24, %eax
	call putdec
	call newline

	/* 08h geometry, then 02h: 3 sectors from the last one of head 1 */
	mov $0x08, %ah
	mov $0x80, %dl
	int $0x13
	call save
	mov $msg_08, %si
	call puts
	call print_cf
	call newline
	mov %cl, %al
	and $0x3F, %al
	mov %al, spt
	inc %dh
	mov %dh, heads
	movzbl spt, %eax
	shl $1, %eax
	dec %eax		/* LBA of C/H/S 0/1/spt */
	mov %eax, lba
	mov spt, %cl		/* sector = spt */
	xor %ch, %ch
	mov $1, %dh
	mov $0x80, %dl
	mov $buf, %bx
	mov $0x0203, %ax
	int $0x13
	call save
	mov $msg_02, %si
	call puts
	call print_cf
	call print_al
	mov $3, %cx
	mov lba, %eax
	call check_sectors
	call newline

	/* 42h: 2 sectors at LBA 1000 */
	mov $1000, %eax
	mov $2, %cx
	mov $0x42, %bl
	call edd_rw
	mov $msg_42, %si
	call puts
	call print_cf
	call print_count
	mov $2, %cx
	mov $1000, %eax
	call check_sectors
	call newline

	/* 43h: write a sector of 0xA5 at LBA 2000, read it back with 42h */
	mov $buf, %di
	mov $0xA5, %al
	mov $512, %cx
	rep stosb
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
	mov $2000, %eax
	mov $1, %cx
	mov $0x42, %bl
	call edd_rw
	mov $msg_readback, %si
	call puts
	mov $buf, %di
	mov $0xA5, %al
	mov $512, %cx
	repe scasb
	mov $msg_ok, %si
	je 1f
	mov $msg_bad, %si
1:	call puts
	call newline

	/* 42h at the first LBA past the end */
	mov params + 16, %eax
	mov $1, %cx
	mov $0x42, %bl
	call edd_rw
	mov $msg_past, %si
	call puts
	call print_cf
	call print_ah
	call newline

	/* 01h: the status of that failure */
	mov $0x01, %ah
	mov $0x80, %dl
	int $0x13
	call save
	mov $msg_01, %si
	call puts
	call print_ah
	call newline

	/* 02h with sector 0 (sectors count from 1) */
	mov $0x0201, %ax
	mov $0x0000, %cx
	xor %dh, %dh
	mov $0x80, %dl
	mov $buf, %bx
	int $0x13
	call save
	mov $msg_badchs, %si
	call puts
	call print_cf
	call print_ah
	call newline

	/* a drive that is not there */
	mov $0x0201, %ax
	mov $0x0001, %cx
	xor %dh, %dh
	mov $0x81, %dl
	mov $buf, %bx
	int $0x13
	call save
	mov $msg_81, %si
	call puts
	call print_cf
	call newline

	/* 15h: a fixed disk */
	mov $0x15, %ah
	mov $0x80, %dl
	int $0x13
	call save
	mov $msg_15, %si
	call puts
	call print_cf
	call print_ah
	call newline
	ret

/* EDD 42h/43h (BL) of CX sectors at LBA EAX into buf; results saved. */
edd_rw:
	movw $0x10, dap
	mov %cx, dap + 2
	movw $buf, dap + 4
	movw $0, dap + 6
	mov %eax, dap + 8
	movl $0, dap + 12
	mov %bl, %ah
	xor %al, %al
	mov $0x80, %dl
	mov $dap, %si
	int $0x13
	call save
	ret

/* Record CF and AX right after a call (flags untouched by CALL). */
save:
	mov %ax, saved_ax
	setc saved_cf
	ret

/* Check CX sectors in buf against the pattern from LBA EAX; prints
 * " data=ok" or " data=bad". */
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

print_ah:
	pushal
	mov $msg_ah, %si
	call puts
	movzbl saved_ax + 1, %eax
	mov $2, %cl
	call puthex
	popal
	ret

print_al:
	pushal
	mov $msg_al, %si
	call puts
	movzbl saved_ax, %eax
	call putdec
	popal
	ret

print_count:
	pushal
	mov $msg_count, %si
	call puts
	movzwl dap + 2, %eax
	call putdec
	popal
	ret

msg_41:		.asciz "41h:"
msg_bx:		.asciz " bx="
msg_48:		.asciz "48h:"
msg_sectors:	.asciz " sectors="
msg_bps:	.asciz " bytes_per_sector="
msg_08:		.asciz "08h:"
msg_02:		.asciz "02h chs 3 sectors across a head:"
msg_42:		.asciz "42h lba 1000 x2:"
msg_43:		.asciz "43h write lba 2000:"
msg_readback:	.asciz " read back="
msg_past:	.asciz "42h past the end:"
msg_01:		.asciz "01h last status:"
msg_badchs:	.asciz "02h sector 0:"
msg_81:		.asciz "02h drive 81h:"
msg_15:		.asciz "15h:"
msg_cf0:	.asciz " cf=0"
msg_cf1:	.asciz " cf=1"
msg_ah:		.asciz " ah="
msg_al:		.asciz " al="
msg_count:	.asciz " count="
msg_data_ok:	.asciz " data=ok"
msg_data_bad:	.asciz " data=bad"
msg_ok:		.asciz "ok"
msg_bad:	.asciz "bad"
saved_cf:	.byte 0
saved_ax:	.word 0
spt:		.byte 0
heads:		.byte 0
	.balign 4
lba:		.long 0
dap:		.space 16
params:		.space 0x20
	.balign 16
buf = 0x9000		/* 3 sectors of buffer outside the program */
