/*
 * The lucid.img master boot record: boot code that loads the lucix kernel
 * image (build/guest/bzImage) from the reserved area between the MBR and the
 * first partition, and starts it like a boot loader following the x86 boot
 * protocol. Disk layout (see images/mkdisk.c, docs/GUEST-KERNEL.md):
 *	LBA 0		this MBR (code, kernel_lba/kernel_sectors, partition table)
 *	LBA 1		the kernel command line, NUL-terminated (at most 511 chars)
 *	LBA 2..		the kernel image, kernel_sectors long
 *	LBA 2048..	partition 1, ext2 (the root file system)
 * Reads use the INT 13h extensions (AH=42h with a disk address packet, EDD
 * spec 3.0), so LBAs need no CHS geometry. The real-mode setup goes to
 * 0x90000 (heap and stack up to 0x9E000, command line at 0x9E000) and the
 * protected-mode payload to 0x10000: the MBR has no way to write above 1 MiB,
 * so it sets code32_start = 0x10000, which the boot protocol allows a loader
 * to change, and the decompressor relocates itself from wherever it starts.
 */
#define SETUP_SEG	0x9000
#define CMDLINE_OFF	0xe000		/* 0x9e000 */
#define PAYLOAD_SEG	0x1000		/* 0x10000 */
#define MAX_PAYLOAD_SECTORS 1024	/* 0x10000-0x90000 */
#define CHUNK		64		/* sectors per read: 32 KiB */

	.code16
	.text
	.globl	_start
_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$0x7c00, %sp
	sti
	cld
	ljmp	$0, $1f			/* some BIOSes enter at 07C0:0000 */
1:	movb	%dl, boot_drive
	movw	$msg_hello, %si
	call	puts
	movb	$0x41, %ah		/* INT 13h extensions installed? */
	movw	$0x55aa, %bx
	int	$0x13
	jc	no_ext
	cmpw	$0xaa55, %bx
	jne	no_ext
	testb	$1, %cl			/* packet-interface (AH=42h) support */
	jz	no_ext

	/* The command line: LBA 1 -> 9000:E000, then force a terminator. */
	movl	$1, %eax
	movw	$1, %cx
	movw	$SETUP_SEG, %dx
	movw	$CMDLINE_OFF, %di
	call	read_sectors
	movw	$SETUP_SEG, %ax
	movw	%ax, %es
	movb	$0, %es:CMDLINE_OFF + 511

	/* The boot sector of the image, for setup_sects (0 meaning 4); then
	 * the setup sectors, which hold the rest of the header. */
	movl	kernel_lba, %eax
	movw	$1, %cx
	movw	$SETUP_SEG, %dx
	xorw	%di, %di
	call	read_sectors
	movw	%dx, %es
	movzbw	%es:0x1f1, %cx
	testw	%cx, %cx
	jnz	2f
	movw	$4, %cx
2:	movw	%cx, setup_sects
	incl	%eax
	movw	$0x200, %di
	call	read_sectors
	cmpl	$0x53726448, %es:0x202	/* "HdrS" */
	jne	bad_kernel
	cmpw	$0x0202, %es:0x206	/* protocol 2.02+: cmd_line_ptr */
	jb	bad_kernel

	/* The payload: whatever follows the setup, to 0x10000 in chunks. */
	movw	kernel_sectors, %bx
	subw	setup_sects, %bx
	jbe	bad_kernel
	decw	%bx			/* minus the boot sector */
	jz	bad_kernel
	cmpw	$MAX_PAYLOAD_SECTORS, %bx
	ja	too_big
	movl	kernel_lba, %eax
	addw	setup_sects, %ax
	adcl	$0, %eax
	incl	%eax
	movw	$PAYLOAD_SEG, %dx
3:	movw	$CHUNK, %cx
	cmpw	%cx, %bx
	jae	4f
	movw	%bx, %cx
4:	xorw	%di, %di
	pushw	%cx
	call	read_sectors
	popw	%cx
	addl	$CHUNK, %eax
	addw	$(CHUNK * 512 / 16), %dx
	subw	%cx, %bx
	jnz	3b

	/* Fill in the loader's part of the header and jump to the setup. */
	movw	$SETUP_SEG, %ax
	movw	%ax, %es
	movb	$0xff, %es:0x210		/* type_of_loader: undefined */
	orb	$0x80, %es:0x211		/* loadflags: CAN_USE_HEAP */
	movw	$(CMDLINE_OFF - 0x200), %es:0x224	/* heap_end_ptr */
	movl	$(SETUP_SEG * 16 + CMDLINE_OFF), %es:0x228	/* cmd_line_ptr */
	movl	$(PAYLOAD_SEG * 16), %es:0x214	/* code32_start */
	movw	$msg_boot, %si
	call	puts
	movb	boot_drive, %dl
	movw	$SETUP_SEG, %ax		/* puts clobbered AX */
	cli
	movw	%ax, %ds
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movw	$CMDLINE_OFF, %sp
	sti
	ljmp	$(SETUP_SEG + 0x20), $0

/* Read CX sectors from LBA EAX to DX:DI. Keeps EAX, DX. */
read_sectors:
	movw	%cx, dap_count
	movw	%di, dap_off
	movw	%dx, dap_seg
	movl	%eax, dap_lba
	pushl	%eax
	pushw	%dx
	pushw	%bx
	movw	$dap, %si
	movb	boot_drive, %dl
	movb	$0x42, %ah
	int	$0x13
	popw	%bx
	popw	%dx
	popl	%eax
	jc	read_error
	ret

puts:	lodsb
	testb	%al, %al
	jz	1f
	movb	$0x0e, %ah
	movw	$7, %bx
	int	$0x10
	jmp	puts
1:	ret

/* Errors: "lucid MBR: error X" with X = E (no INT 13h extensions), R (read
 * error), K (no kernel image there), B (kernel too big for 0x10000-0x90000). */
no_ext:	movb	$'E', %al
	jmp	fail
read_error:
	movb	$'R', %al
	jmp	fail
bad_kernel:
	movb	$'K', %al
	jmp	fail
too_big:
	movb	$'B', %al
fail:	movb	%al, msg_code
	movw	$msg_error, %si
	call	puts
5:	hlt
	jmp	5b

msg_hello:	.asciz	"lucid MBR: "
msg_boot:	.asciz	"ok\r\n"
msg_error:	.ascii	"error "
msg_code:	.asciz	"?"

	.balign	4
dap:		.byte	16, 0		/* disk address packet */
dap_count:	.word	0
dap_off:	.word	0
dap_seg:	.word	0
dap_lba:	.long	0, 0
boot_drive:	.byte	0x80
	.balign	2
setup_sects:	.word	0

	.org	0x1b0

kernel_lba:	.long	0		/* written by mkdisk */
kernel_sectors:	.word	0
