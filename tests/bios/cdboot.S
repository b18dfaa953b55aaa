/*
 * Booted from a CD-ROM (El Torito, no emulation, the whole program as the
 * boot image): the boot drive, INT 13h 41h, 48h (2048-byte sectors and the
 * disc's size), 4B01h's specification packet, EDD reads of the disc (16
 * sectors at LBA 16, and 40 sectors across a 64 KiB boundary) summed as
 * dwords, a read past the end and a write, which must fail. run.sh works
 * out the expected values from the ISO image itself.
 */
#include "lib.S"

	.text
	.globl main
main:
	mov $msg_dl, %si
	call puts
	movzbl boot_dl, %eax
	mov $2, %cl
	call puthex
	call newline

	/* 41h */
	mov $0x41, %ah
	mov $0x55AA, %bx
	mov boot_dl, %dl
	int $0x13
	pushf
	mov $msg_41, %si
	call puts
	popf
	call print_cf
	mov $msg_bx, %si
	call puts
	movzwl %bx, %eax
	mov $4, %cl
	call puthex
	call newline

	/* 48h */
	movw $0x1E, params
	mov $0x48, %ah
	mov boot_dl, %dl
	mov $params, %si
	int $0x13
	pushf
	mov $msg_48, %si
	call puts
	popf
	call print_cf
	mov $msg_bps, %si
	call puts
	movzwl params + 24, %eax
	call putdec
	mov $msg_sectors, %si
	call puts
	mov params + 16, %eax
	call putdec
	call newline

	/* 4B01h */
	mov $0x4B01, %ax
	mov boot_dl, %dl
	mov $spec, %si
	int $0x13
	pushf
	mov $msg_4b, %si
	call puts
	popf
	call print_cf
	mov $msg_size, %si
	call puts
	movzbl spec, %eax
	mov $2, %cl
	call puthex
	mov $msg_media, %si
	call puts
	movzbl spec + 1, %eax
	call puthex
	mov $msg_drive, %si
	call puts
	movzbl spec + 2, %eax
	call puthex
	mov $msg_image, %si
	call puts
	mov spec + 4, %eax
	call putdec
	mov $msg_seg, %si
	call puts
	movzwl spec + 12, %eax
	mov $4, %cl
	call puthex
	mov $msg_count, %si
	call puts
	movzwl spec + 14, %eax
	call putdec
	call newline

	/* 42h: 16 sectors from LBA 16 at 1000:0000, 40 at 1800:0000 */
	mov $16, %eax
	mov $16, %cx
	mov $0x1000, %bx
	call read_sum
	mov $40, %cx
	mov $16, %eax
	mov $0x1800, %bx
	call read_sum

	/* past the end, and a write */
	mov params + 16, %eax	/* the size 48h gave */
	mov $1, %cx
	mov $0x1000, %bx
	call edd
	pushf
	mov $msg_past, %si
	call puts
	popf
	call print_cf
	call newline
	mov $16, %eax
	mov $1, %cx
	mov $0x1000, %bx
	mov $0x43, %dh
	call edd_ah
	pushf
	mov $msg_write, %si
	call puts
	popf
	call print_cf
	call newline
	ret

/* 42h: CX sectors from LBA EAX to BX:0000, then print their dword sum. */
read_sum:
	push %cx
	call edd
	pushf
	mov $msg_read, %si
	call puts
	popf
	call print_cf
	pop %cx
	mov $msg_sum, %si
	call puts
	push %ds
	shl $9, %cx		/* dwords: 512 a sector */
	xor %edx, %edx
	xor %si, %si
1:	mov %bx, %ds
	add (%si), %edx
	add $4, %si
	jnz 2f
	add $0x1000, %bx
2:	loop 1b
	pop %ds
	mov %edx, %eax
	mov $8, %cl
	call puthex
	call newline
	ret

/* EDD read: CX sectors at LBA EAX to BX:0000; CF as INT 13h left it. */
edd:
	mov $0x42, %dh
/* The same with AH = DH. */
edd_ah:
	movw $0x10, dap
	mov %cx, dap + 2
	movw $0, dap + 4
	mov %bx, dap + 6
	mov %eax, dap + 8
	movl $0, dap + 12
	mov %dh, %ah
	xor %al, %al
	mov boot_dl, %dl
	mov $dap, %si
	int $0x13
	ret

/* Print "cf=N" for the carry flag (preserved). */
print_cf:
	pushf
	push %si
	mov $msg_cf0, %si
	jnc 1f
	mov $msg_cf1, %si
1:	call puts
	pop %si
	popf
	ret

msg_dl:		.asciz "boot drive dl="
msg_41:		.asciz "41h: "
msg_bx:		.asciz " bx="
msg_48:		.asciz "48h: "
msg_bps:	.asciz " bytes/sector="
msg_sectors:	.asciz " sectors="
msg_4b:		.asciz "4b01h: "
msg_size:	.asciz " size="
msg_media:	.asciz " media="
msg_drive:	.asciz " drive="
msg_image:	.asciz " image lba="
msg_seg:	.asciz " load seg="
msg_count:	.asciz " count="
msg_read:	.asciz "42h: "
msg_sum:	.asciz " sum="
msg_past:	.asciz "42h past the end: "
msg_write:	.asciz "43h: "
msg_cf0:	.asciz "cf=0"
msg_cf1:	.asciz "cf=1"

	.balign 4
dap:	.space 16
params:	.space 0x1E
spec:	.space 0x14
