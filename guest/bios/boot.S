/*
 * Bootstrap: INT 19h loads sector 0 of the first hard disk to 0000:7C00,
 * checks the 0x55 0xAA signature at its end and jumps there with DL = 0x80
 * (IBM PC/AT Technical Reference, "Bootstrap Loader"). When nothing boots it
 * prints why, writes FW_EXIT_NO_BOOT to the isa-debug-exit port (test
 * machines exit with status 23; elsewhere the write goes nowhere) and halts.
 *
 * Before that, POST may hand over to a Linux boot-protocol kernel that the
 * emulator loaded itself (lucid -kernel): see emu/firmware.h for the CMOS
 * bytes and Documentation/x86/boot.rst ("Running the kernel") for the
 * register state the setup code expects.
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
	sti
	POST 0x0C
	DS_EBDA
	cmpb $0, %ds:EB_DISK_PRESENT
	mov $msg_no_disk, %si
	je no_boot
	mov $msg_booting, %si
	call con_puts

	/* read LBA 0 = C/H/S 0/0/1 through our own INT 13h; one retry
	 * after a reset, as boot code is expected to */
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
3:	push %ax
	mov $msg_read_error, %si
	call con_puts
	pop %ax
	mov %ah, %al
	xor %ah, %ah
	call con_puthex16
	mov $msg_rparen, %si
	jmp no_boot

2:	xor %ax, %ax
	mov %ax, %ds
	cmpw $0xAA55, BOOT_ADDR + 510
	mov $msg_no_sig, %si
	jne no_boot

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
 * When the emulator loaded a kernel (CMOS[FW_CMOS_BOOT_MODE] =
 * FW_BOOT_KERNEL), enter its setup code at SEG+0x20:0 with DS = ES = FS =
 * GS = SS = SEG and SP = heap_end_ptr + 0x200 (0x9000 without CAN_USE_HEAP).
 * Returns when no kernel was loaded or its header is not there.
 */
	.globl kernel_boot
kernel_boot:
	cli
	mov $FW_CMOS_BOOT_MODE, %al
	call cmos_read
	sti
	cmp $FW_BOOT_KERNEL, %al
	jne 9f
	cli
	mov $FW_CMOS_SETUP_SEG, %al
	call cmos_read
	sti
	xor %ah, %ah
	shl $8, %ax
	mov %ax, %es
	cmpl $0x53726448, %es:0x202	/* "HdrS" */
	je 1f
	mov $msg_no_hdrs, %si
	jmp con_puts
1:	mov $msg_kernel, %si
	call con_puts
	mov %es, %ax
	call con_puthex16
	mov $msg_kernel2, %si
	call con_puts
	POST 0x0B
	cli
	mov %es, %ax
	mov $0x9000, %sp
	testb $0x80, %es:0x211		/* loadflags: CAN_USE_HEAP */
	jz 2f
	mov %es:0x224, %sp		/* heap_end_ptr */
	add $0x200, %sp
2:	mov %ax, %ds
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
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

msg_booting:	.asciz "Booting from hard disk 80h\r\n"
msg_no_boot:	.asciz "No bootable disk: "
msg_no_disk:	.asciz "no disk"
msg_read_error:	.asciz "cannot read sector 0 (INT 13h AH="
msg_rparen:	.asciz "h)"
msg_no_sig:	.asciz "sector 0 has no 55AA boot signature"
msg_int18:	.asciz "INT 18h"
msg_no_hdrs:	.asciz "Kernel boot: no HdrS header at the setup segment, booting the disk\r\n"
msg_kernel:	.asciz "Booting the loaded kernel: setup at "
msg_kernel2:	.asciz ":0000\r\n"
