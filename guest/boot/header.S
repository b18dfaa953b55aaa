/*
 * The start of the lucix boot image: the legacy boot sector, the setup header
 * ("HdrS") at offset 0x1f1 and the real-mode entry point at 0x200. Field by
 * field this is the x86 boot protocol 2.10 (Linux Documentation/x86/boot.rst);
 * guest/tools/mkbzimage.c fills setup_sects, syssize, payload_* and init_size
 * after the link, when the sizes are known.
 */
#include "../include/asm/boot-defs.h"

	.code16
	.section ".bstext", "ax"
	.globl	bootsect_start
bootsect_start:
	/* Booted straight from a floppy or as an MBR: say why that cannot work. */
	ljmp	$0x07c0, $1f
1:	movw	%cs, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%sp, %sp
	sti
	cld
	movw	$bugger_off_msg, %si
2:	lodsb
	andb	%al, %al
	jz	3f
	movb	$0x0e, %ah
	movw	$7, %bx
	int	$0x10
	jmp	2b
3:	xorw	%ax, %ax		/* any key, then let the BIOS try the next device */
	int	$0x16
	int	$0x19
	ljmp	$0xf000, $0xfff0
bugger_off_msg:
	.ascii	"This is the lucix kernel image; it needs a boot loader\r\n"
	.ascii	"(the lucid.img MBR, qemu -kernel, GRUB...).\r\n"
	.ascii	"Press a key to try the next boot device.\r\n"
	.byte	0

	.section ".header", "a"
	.globl	hdr
hdr:
setup_sects:	.byte	0		/* filled by mkbzimage */
root_flags:	.word	0
syssize:	.long	0		/* filled by mkbzimage */
ram_size:	.word	0
vid_mode:	.word	0xffff		/* NORMAL_VGA: keep the BIOS mode */
root_dev:	.word	0
boot_flag:	.word	0xaa55

	/* offset 0x200: the loader jumps here with CS = base + 0x20 */
	.globl	_start
_start:
	.byte	0xeb			/* short jmp, spelled out so it stays 2 bytes */
	.byte	start_of_setup - 1f
1:	.ascii	"HdrS"
	.word	0x020a			/* boot protocol 2.10 */
realmode_swtch:	.word	0, 0
start_sys_seg:	.word	0x1000
		.word	kernel_version - 512
type_of_loader:	.byte	0
loadflags:	.byte	LOADED_HIGH
setup_move_size: .word	0x8000
code32_start:	.long	0x100000	/* the decompressor, loaded high */
ramdisk_image:	.long	0
ramdisk_size:	.long	0
bootsect_kludge: .long	0
heap_end_ptr:	.word	_end + STACK_SIZE - 512
ext_loader_ver:	.byte	0
ext_loader_type: .byte	0
cmd_line_ptr:	.long	0
initrd_addr_max: .long	0x37ffffff	/* Linux i386: the initrd must be in lowmem */
kernel_alignment: .long	0x200000
relocatable_kernel: .byte 0		/* lucix runs at 1 MiB physical only */
min_alignment:	.byte	21
xloadflags:	.word	0
cmdline_size:	.long	COMMAND_LINE_SIZE - 1
hardware_subarch: .long	0
hardware_subarch_data: .quad 0
payload_offset:	.long	0		/* filled by mkbzimage */
payload_length:	.long	0		/* filled by mkbzimage */
setup_data:	.quad	0
pref_address:	.quad	0x100000
init_size:	.long	0		/* filled by mkbzimage */
handover_offset: .long	0

	.section ".entrytext", "ax"
start_of_setup:
	cld
	/* The loader set DS = ES = SS = our base. Build our own stack: above the
	 * heap when the loader gave us one, else right after the bss. */
	movw	%ds, %ax
	movw	%ax, %es
	movw	$_end + STACK_SIZE, %dx
	testb	$CAN_USE_HEAP, loadflags
	jz	1f
	movw	heap_end_ptr, %dx	/* the loader's limit minus 0x200 (boot.rst) */
	addw	$0x200, %dx
	jnc	1f
	xorw	%dx, %dx		/* wrapped: use the top of the segment */
1:	andw	$~3, %dx
	jnz	2f
	movw	$0xfffc, %dx
2:	cli
	movw	%ax, %ss
	movzwl	%dx, %esp		/* the upper half of ESP must be 0 */
	sti
	/* CS is base + 0x20 here; make it equal to DS like the rest of setup. */
	pushw	%ds
	pushw	$3f
	lretw
3:	movw	$__bss_start, %di	/* zero the bss */
	movw	$_end + 3, %cx
	xorl	%eax, %eax
	subw	%di, %cx
	shrw	$2, %cx
	rep	stosl
	calll	main
	/* main never returns */
4:	hlt
	jmp	4b

	.section ".rodata", "a"
kernel_version:
	.ascii	"lucix 0.1"
	.byte	0
