/*
 * The partition boot record for the MBR chain test: a real MBR (syslinux's
 * mbr.bin) loads this from the active partition and jumps here with DL =
 * the drive and DS:SI = its partition table entry. One sector, so it has
 * its own little print routine (port 0xE9 and COM1).
 */
	.code16
	.globl _start
_start:
	mov %dl, %bl
	mov 8(%si), %ecx	/* the entry's starting LBA */
	xor %ax, %ax
	mov %ax, %ds
	mov $msg, %si
	call puts
	mov %bl, %al
	call hex8
	mov $msg_lba, %si
	call puts
	mov %ecx, %eax
	call dec32
	mov $'\n', %al
	call putc
	xor %al, %al
	out %al, $0xF4
1:	hlt
	jmp 1b

putc:
	push %ax
	out %al, $0xE9
	mov $0x3F8, %dx
	out %al, %dx
	pop %ax
	ret
puts:
	lodsb
	test %al, %al
	jz 1f
	call putc
	jmp puts
1:	ret
hex8:
	push %ax
	shr $4, %al
	call nib
	pop %ax
nib:
	and $0x0F, %al
	add $'0', %al
	cmp $'9', %al
	jbe putc
	add $'a' - '9' - 1, %al
	jmp putc
dec32:
	mov $10, %edi
	xor %cx, %cx
1:	xor %edx, %edx
	div %edi
	push %dx
	inc %cx
	test %eax, %eax
	jnz 1b
2:	pop %ax
	add $'0', %al
	call putc
	loop 2b
	ret
msg:	.asciz "vbr: chained from the MBR, dl="
msg_lba: .asciz " partition_lba="
	.org 510
	.word 0xAA55
