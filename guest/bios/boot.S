/*
 * Bootstrap: INT 19h loads sector 0 of the first hard disk to 0000:7C00,
 * checks the 0x55 0xAA signature at its end and jumps there with DL = 0x80
 * (IBM PC/AT Technical Reference, "Bootstrap Loader"), or boots the CD-ROM
 * (cdrom.S), in the order the CMOS gives. When nothing boots it
 * prints why, writes FW_EXIT_NO_BOOT to the isa-debug-exit port (test
 * machines exit with status 23; elsewhere the write goes nowhere) and halts.
 *
 * Before that, POST may hand over to a Linux boot-protocol kernel that the
 * emulator (lucid -kernel, or qemu -kernel) offers through fw_cfg; see
 * Documentation/x86/boot.rst ("Running the kernel") for the register state
 * the setup code expects.
 */
#include "bios.h"

	.code16
	.text

	.globl int19
int19:
	cli
	cld
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $POST_STACK, %sp
	POST 0x0C
	/* the boot order where QEMU leaves it for SeaBIOS: CMOS 3Dh bits
	 * 3-0 and 7-4, then 38h bits 7-4; 2 the hard disk, 3 the CD-ROM */
	mov $0x38, %al
	call cmos_read
	mov %al, %bl
	mov $0x3D, %al
	call cmos_read
	sti
	shr $4, %bl
	mov %al, %bh
	shr $4, %bh
	and $0x0F, %al
	mov %al, %cl
	movzbw %bl, %dx		/* DX = third, BH = second, CL = first */
	or %cl, %bl
	or %bh, %bl
	jnz 1f
	mov $2, %cl		/* none given: the hard disk */
1:	xor %di, %di		/* the first failure's reason */
	push %dx
	push %bx
	mov %cl, %al
	call boot_device
	pop %bx
	mov %bh, %al
	call boot_device
	pop %dx
	mov %dl, %al
	call boot_device
	mov %di, %si
	test %si, %si
	jnz no_boot
	mov $msg_no_disk, %si
	jmp no_boot

/* Boot from device AL (2 or 3; others are skipped); on its failure keep the
 * reason in DI unless an earlier device left one. */
boot_device:
	push %di
	cmp $2, %al
	jne 1f
	call hd_boot
	jmp 3f
1:	cmp $3, %al
	jne 8f
	call cd_boot
3:	pop %di
	test %di, %di
	jnz 9f
	mov %si, %di
9:	ret
8:	pop %di
	ret

/* Boot from hard disk 80h; returns only on failure, SI = the reason. */
hd_boot:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	DS_EBDA
	cmpb $0, %ds:EB_DISK_PRESENT
	mov $msg_no_disk, %si
	je 9f
	mov $msg_booting, %si
	call con_puts

	/* read LBA 0 = C/H/S 0/0/1 through our own INT 13h; one retry
	 * after a reset, as boot code is expected to */
	push %di
	mov $2, %di
1:	xor %ax, %ax
	mov %ax, %es
	mov $BOOT_ADDR, %bx
	mov $0x0201, %ax
	mov $0x0001, %cx
	mov $0x0080, %dx
	int $0x13
	jnc 2f
	dec %di
	jz 3f
	xor %ax, %ax
	mov $0x80, %dl
	int $0x13
	jmp 1b
3:	pop %di
	push %ax
	mov $msg_read_error, %si
	call con_puts
	pop %ax
	mov %ah, %al
	xor %ah, %ah
	call con_puthex16
	mov $msg_rparen, %si
	call con_puts
	mov $msg_crlf, %si
	call con_puts
	mov $msg_read_failed, %si
	ret

2:	pop %di
	xor %ax, %ax
	mov %ax, %ds
	cmpw $0xAA55, BOOT_ADDR + 510
	mov $msg_no_sig, %si
	jne 9f

	/* off to the boot sector: CS:IP = 0000:7C00, DL = drive */
	POST 0x0D
	xor %ax, %ax
	mov %ax, %es
	xor %bx, %bx
	xor %cx, %cx
	xor %si, %si
	xor %di, %di
	xor %bp, %bp
	mov $0x0080, %dx
	ljmp $0, $BOOT_ADDR
9:	ret

/* INT 18h: the PC/AT's "no boot device" (ROM BASIC) entry. */
	.globl int18
int18:
	xor %ax, %ax
	mov %ax, %ss
	mov $POST_STACK, %sp
	sti
	mov $msg_int18, %si
/*
 * Print "No bootable disk" and the reason at CS:SI, signal the test port,
 * halt for good.
 */
no_boot:
	push %si
	mov $msg_no_boot, %si
	call con_puts
	pop %si
	call con_puts
	mov $msg_crlf, %si
	call con_puts
	POST 0xE1
	mov $FW_EXIT_NO_BOOT, %al
	out %al, $FW_DEBUG_EXIT_PORT
1:	cli
	hlt
	jmp 1b

/*
 * Direct kernel boot through fw_cfg, the way QEMU's linuxboot option ROM
 * does it (the contract is docs/ARCHITECTURE.md, "Direct kernel boot", and
 * emu/machine/bootproto.h): port 0x510 selects an item, 0x511 streams its bytes.
 * With the "QEMU" signature and a non-zero KERNEL_SIZE, copy the setup
 * code, the protected-mode kernel, the command line and the initrd to the
 * addresses the emulator chose, then enter the setup code in real mode:
 * CS:IP = SEG+0x20:0, DS = ES = FS = GS = SS = SEG = SETUP_ADDR >> 4,
 * SP = CMDLINE_ADDR - SETUP_ADDR (0xE000 on Lucid; 0xFFF0 at most, for
 * QEMU's layout), interrupts off. Returns when there is no kernel.
 */
	.globl kernel_boot
kernel_boot:
	xor %bx, %bx		/* FW_CFG_SIGNATURE */
	call fw_u32
	cmp $0x554D4551, %eax	/* "QEMU" */
	jne 9f
	mov $FW_CFG_KERNEL_SIZE, %bx
	call fw_u32
	test %eax, %eax
	jz 9f
	mov $msg_kernel, %si
	call con_puts
	call con_putdec
	mov $msg_kernel2, %si
	call con_puts
	mov $FW_CFG_SETUP_ADDR, %bx
	call fw_u32
	call con_puthex32
	mov $msg_crlf, %si
	call con_puts
	POST 0x0B

	in $PORT_A20, %al	/* the kernel goes above 1 MiB */
	and $0xFE, %al
	or $0x02, %al
	out %al, $PORT_A20
	mov $FW_CFG_SETUP_DATA, %bx
	mov $FW_CFG_SETUP_ADDR, %si
	mov $FW_CFG_SETUP_SIZE, %di
	call fw_blob
	mov $FW_CFG_KERNEL_DATA, %bx
	mov $FW_CFG_KERNEL_ADDR, %si
	mov $FW_CFG_KERNEL_SIZE, %di
	call fw_blob
	mov $FW_CFG_CMDLINE_DATA, %bx
	mov $FW_CFG_CMDLINE_ADDR, %si
	mov $FW_CFG_CMDLINE_SIZE, %di
	call fw_blob
	mov $FW_CFG_INITRD_DATA, %bx
	mov $FW_CFG_INITRD_ADDR, %si
	mov $FW_CFG_INITRD_SIZE, %di
	call fw_blob

	mov $FW_CFG_CMDLINE_ADDR, %bx
	call fw_u32
	mov %eax, %ecx
	mov $FW_CFG_SETUP_ADDR, %bx
	call fw_u32
	sub %eax, %ecx
	cmp $0xFFF0, %ecx
	jbe 1f
	mov $0xFFF0, %ecx
1:	shr $4, %eax
	cli
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov %cx, %sp
	add $0x20, %ax
	push %ax
	pushw $0
	xor %eax, %eax
	xor %ebx, %ebx
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %ebp, %ebp
	lret
9:	ret

/* EAX = the first four bytes of fw_cfg item BX. Clobbers DX. */
fw_u32:
	mov $FW_CFG_PORT_SEL, %dx
	mov %bx, %ax
	out %ax, %dx
	inc %dx
	in %dx, %al
	ror $8, %eax
	in %dx, %al
	ror $8, %eax
	in %dx, %al
	ror $8, %eax
	in %dx, %al
	ror $8, %eax
	ret

/*
 * Copy fw_cfg item BX to the address in item SI, as many bytes as item DI
 * says (none when that is 0). The destination may be above 1 MiB, so the
 * copy runs in 16-bit protected mode with ES a flat 4 GiB segment, then
 * returns to real mode with ES a normal 64 KiB segment again.
 */
fw_blob:
	push %bx
	mov %di, %bx
	call fw_u32
	mov %eax, %ecx
	mov %si, %bx
	call fw_u32
	mov %eax, %edi
	pop %bx
	jecxz 9f
	mov $FW_CFG_PORT_SEL, %dx
	mov %bx, %ax
	out %ax, %dx
	inc %dx
	cli
	lgdtl %cs:copy_gdt_desc
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %es
	addr32 rep insb
	mov $0x18, %ax
	mov %ax, %es
	mov %cr0, %eax
	and $~CR0_PE, %eax
	mov %eax, %cr0
	ljmp $BIOS_SEG, $2f
2:	xor %ax, %ax
	mov %ax, %es
	sti
9:	ret

/* The copy's GDT: 0x08 this ROM as 16-bit code, 0x10 flat 4 GiB data,
 * 0x18 a real-mode-like 64 KiB data segment at 0. The accessed bits are
 * set already (types 9Bh, 93h), as SeaBIOS does: loading a selector would
 * otherwise write them into the shadow RAM this table sits in. */
	.balign 8
	.globl copy_gdt, copy_gdt_desc
copy_gdt:
	.quad 0
	.word 0xFFFF, 0x0000
	.byte 0x0F, 0x9B, 0x00, 0x00
	.word 0xFFFF, 0x0000
	.byte 0x00, 0x93, 0xCF, 0x00
	.word 0xFFFF, 0x0000
	.byte 0x00, 0x93, 0x00, 0x00
copy_gdt_desc:
	.word 4 * 8 - 1
	.long BIOS_SEG * 16 + copy_gdt

msg_booting:	.asciz "Booting from hard disk 80h\r\n"
msg_no_boot:	.asciz "No bootable disk: "
msg_no_disk:	.asciz "no disk"
msg_read_error:	.asciz "cannot read sector 0 (INT 13h AH="
msg_rparen:	.asciz "h)"
msg_read_failed: .asciz "the hard disk cannot be read"
msg_no_sig:	.asciz "sector 0 has no 55AA boot signature"
msg_int18:	.asciz "INT 18h"
msg_kernel:	.asciz "Booting the kernel given to the emulator: "
msg_kernel2:	.asciz " bytes, setup at "
