/*
 * A fake kernel image in the Linux boot protocol's layout: one boot sector,
 * one setup sector with the "HdrS" header, and a small "protected-mode"
 * payload. Its setup code prints the command line the loader placed (found
 * through cmd_line_ptr) and the first word of the payload at 1 MiB, then exits
 * through isa-debug-exit with type_of_loader (0xFF: status 255).
 */
	.code16
	.text
	.org 0x1f1
	.byte 1				/* setup_sects */
	.org 0x1fe
	.word 0xaa55
	/* 0x200: the setup entry, then the header */
	jmp setup_start
	.ascii "HdrS"
	.word 0x020f			/* protocol 2.15 */
	.org 0x210
type_of_loader:	.byte 0
loadflags:	.byte 0x01		/* LOADED_HIGH */
	.org 0x228
cmd_line_ptr:	.long 0
initrd_addr_max: .long 0x37ffffff
	.org 0x238
cmdline_size:	.long 255

setup_start:
	mov $msg, %si
	call puts
	mov cmd_line_ptr, %eax		/* 0x9E000 */
	shr $4, %eax
	mov %ax, %es
	xor %di, %di
1:	mov %es:(%di), %al
	test %al, %al
	jz 2f
	out %al, $0xe9
	inc %di
	jmp 1b
2:	mov $'\n', %al
	out %al, $0xe9
	mov type_of_loader, %al
	out %al, $0xf4
	cli
	hlt
puts:	lodsb
	test %al, %al
	jz 9f
	out %al, $0xe9
	jmp puts
9:	ret
msg:	.asciz "setup: cmdline="
	.org 0x400
	/* the protected-mode part */
	.ascii "LUCX"
	.fill 508, 1, 0x90
