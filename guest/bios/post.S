/*
 * Power-on self-test: from the reset vector (0xFFFF0, IBM PC/AT Technical
 * Reference, "System BIOS") to INT 19h. Each stage writes a POST code to port
 * 0x80 (the table is in docs/BIOS.md): memory size from CMOS, IVT/BDA/EBDA,
 * the two 8259A PICs at vectors 0x08/0x70, PIT channel 0 at 18.2 Hz, the 8042
 * and keyboard, COM1, video (option ROMs, then mode 3), the ATA disk, the
 * banner, then either the direct-kernel hand-over or the disk boot.
 *
 * Everything runs in real mode with the ROM read-only; all state lives in
 * RAM (IVT, BDA, EBDA). The aim is few instructions: no memory test loops
 * and short, bounded polls of devices.
 */
#include "bios.h"

	.code16
	.section .text.start, "ax"

	.globl post_entry
post_entry:
	cli
	cld
	POST 0x01
	xor %ax, %ax
	mov %ax, %ss
	mov $POST_STACK, %sp
	mov %ax, %ds
	mov %ax, %es

	/* A reset asked for by software (the 286 way back from protected
	 * mode, or a warm-start trampoline): CMOS 0x0F = 05h (send EOI) or
	 * 0Ah says to skip POST and jump through the far pointer at 40:67
	 * (IBM PC/AT Technical Reference, "Shutdown Status Byte"). */
	mov $0x0F, %al
	call cmos_read
	cmp $0x05, %al
	je 1f
	cmp $0x0A, %al
	jne 3f
1:	mov %al, %bl
	mov $0x0F, %al
	xor %ah, %ah
	call cmos_write
	cmp $0x05, %bl
	jne 2f
	mov $0x20, %al
	out %al, $PIC1_CMD
2:	ljmp *0x467
3:
	/* IVT and BDA (0x000-0x4FF) and the EBDA start out zero. */
	POST 0x02
	xor %ax, %ax		/* (POST left its code in AL) */
	xor %di, %di
	mov $0x500 / 2, %cx
	rep stosw
	mov $EBDA_SEG, %ax
	mov %ax, %es
	xor %di, %di
	mov $EBDA_KB * 1024 / 2, %cx
	xor %ax, %ax
	rep stosw
	movb $EBDA_KB, %es:0

	/* Memory size: CMOS 0x30/0x31 (KiB above 1 MiB, at most 0xFFFF) and
	 * 0x34/0x35 (64 KiB blocks above 16 MiB), as an AT BIOS reads them. */
	mov $0x31, %al
	call cmos_read
	mov %al, %ah
	mov $0x30, %al
	call cmos_read
	mov %ax, %es:EB_EXT_KB
	mov $0x35, %al
	call cmos_read
	mov %al, %ah
	mov $0x34, %al
	call cmos_read
	mov %ax, %es:EB_HI64K
	test %ax, %ax
	jz 1f
	movzwl %ax, %eax
	shl $16, %eax
	add $0x1000000, %eax
	jmp 2f
1:	movzwl %es:EB_EXT_KB, %eax
	shl $10, %eax
	add $0x100000, %eax
2:	mov %eax, %es:EB_RAM_TOP
	call e820_build
	call ram_check

	/* IVT: every vector to an IRET, the hardware IRQs to handlers that
	 * acknowledge the PIC, then the services. */
	POST 0x03
	xor %ax, %ax
	mov %ax, %es
	xor %di, %di
	mov $256, %cx
1:	movw $int_dummy, %es:(%di)
	movw $BIOS_SEG, %es:2(%di)
	add $4, %di
	loop 1b
	mov $0x08 * 4, %di
	mov $8, %cx
1:	movw $irq_master_default, %es:(%di)
	movw $irq_slave_default, %es:(0x70 - 0x08) * 4(%di)
	add $4, %di
	loop 1b
	mov $vector_table, %si
1:	mov %cs:(%si), %di
	cmp $0xFFFF, %di
	je 2f
	shl $2, %di
	mov %cs:2(%si), %ax
	mov %ax, %es:(%di)
	add $4, %si
	jmp 1b
	/* Data pointers (video parameters, diskette parameters, font, fixed
	 * disk tables) and the video ROM chain slot start out null. */
2:	xor %eax, %eax
	mov %eax, %es:0x1D * 4
	mov %eax, %es:0x1E * 4
	mov %eax, %es:0x1F * 4
	mov %eax, %es:0x41 * 4
	mov %eax, %es:0x43 * 4
	mov %eax, %es:0x46 * 4
	mov %eax, %es:0x6D * 4

	/* BIOS data area. */
	mov $BDA_SEG, %ax
	mov %ax, %ds
	movw $EBDA_SEG, BDA_EBDA_SEG
	movw $BASE_KB, BDA_MEM_KB
	/* equipment: 80x25 colour initial video (bits 4-5 = 10), PS/2 mouse
	 * port (bit 2); the serial count is added below */
	movw $0x0024, BDA_EQUIP
	movw $BDA_KBD_BUF, BDA_KBD_HEAD
	movw $BDA_KBD_BUF, BDA_KBD_TAIL
	movw $BDA_KBD_BUF, BDA_KBD_START
	movw $BDA_KBD_BUF + 32, BDA_KBD_END

	/* 8259A pair: ICW1 edge/cascade/ICW4, ICW2 vector bases 0x08 and
	 * 0x70, ICW3 slave on IRQ2, ICW4 8086 mode. Only the timer, the
	 * keyboard and the cascade are unmasked. */
	POST 0x04
	mov $0x11, %al
	out %al, $PIC1_CMD
	out %al, $PIC2_CMD
	mov $0x08, %al
	out %al, $PIC1_DATA
	mov $0x70, %al
	out %al, $PIC2_DATA
	mov $0x04, %al
	out %al, $PIC1_DATA
	mov $0x02, %al
	out %al, $PIC2_DATA
	mov $0x01, %al
	out %al, $PIC1_DATA
	out %al, $PIC2_DATA
	mov $0xF8, %al
	out %al, $PIC1_DATA
	mov $0xFF, %al
	out %al, $PIC2_DATA

	/* 8254 channel 0: mode 3 (square wave), count 65536 -> 18.2 Hz. */
	POST 0x05
	mov $0x36, %al
	out %al, $PIT_CMD
	xor %al, %al
	out %al, $PIT_CH0
	out %al, $PIT_CH0

	/* 8237 pair: master clear (every channel masked), channel 4 in
	 * cascade mode and unmasked so channels 0-3 reach the bus (IBM
	 * PC/AT Technical Reference, "DMA Controller"). Speaker gate off. */
	xor %al, %al
	out %al, $0x0D
	out %al, $0xDA
	mov $0xC0, %al
	out %al, $0xD6
	xor %al, %al
	out %al, $0xD4
	in $0x61, %al
	and $0xFC, %al
	out %al, $0x61

	/* A local APIC (QEMU has one; Lucid does not) ignores the 8259
	 * until LINT0 is set to ExtINT: virtual wire mode, as PC BIOSes
	 * leave it (Intel MultiProcessor Specification 1.4, 3.6.2.2). */
	call lapic_virtual_wire

	/* From here on the tick counts: device timeouts use it. */
	sti

	/* RTC: 24-hour BCD, no RTC interrupts (register B = 0x02). */
	mov $0x0B, %al
	mov $0x02, %ah
	call cmos_write

	POST 0x06
	call kbd_init

	/* COM1: present if its scratch register holds a value. */
	POST 0x07
	call serial_init

	/* Video: option ROMs first (a VGA BIOS installs its own INT 10h),
	 * then mode 3 through INT 10h. */
	POST 0x08
	call option_roms
	mov $0x0003, %ax
	int $0x10

	POST 0x09
	call ata_identify

	POST 0x0A
	call banner

	call kernel_boot	/* returns only when no kernel was loaded */
	int $0x19
	/* INT 19h does not return */

/*
 * If CPUID exists (EFLAGS.ID can be toggled) and reports a local APIC,
 * enable it with LINT0 = ExtINT and LINT1 = NMI (both level), so the PIC's
 * interrupts reach the CPU. The APIC's registers are at 0xFEE00000, so the
 * writes run in 16-bit protected mode with a flat DS (boot.S's copy GDT).
 */
lapic_virtual_wire:
	pushfl
	pop %eax
	mov %eax, %ecx
	xor $1 << 21, %eax
	push %eax
	popfl
	pushfl
	pop %eax
	cmp %eax, %ecx
	je 9f			/* no CPUID: a 386 or 486 without APIC */
	mov $1, %eax
	cpuid
	test $1 << 9, %edx
	jz 9f
	push %ds
	lgdtl %cs:copy_gdt_desc
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov $0xFEE00000, %ebx
	orl $0x100, 0xF0(%ebx)		/* SVR: APIC software enable */
	movl $0x8700, 0x350(%ebx)	/* LVT LINT0: ExtINT, level */
	movl $0x8400, 0x360(%ebx)	/* LVT LINT1: NMI, level */
	mov $0x18, %ax
	mov %ax, %ds
	mov %cr0, %eax
	and $~CR0_PE, %eax
	mov %eax, %cr0
	ljmp $BIOS_SEG, $2f
2:	pop %ds
9:	ret

/*
 * Read CMOS register AL into AL. Interrupts are off during POST; the NMI
 * mask bit is left clear.
 */
	.globl cmos_read
cmos_read:
	out %al, $CMOS_INDEX
	in $CMOS_DATA, %al
	ret

/* Write AH to CMOS register AL. */
	.globl cmos_write
cmos_write:
	out %al, $CMOS_INDEX
	mov %ah, %al
	out %al, $CMOS_DATA
	ret

/*
 * Check that RAM answers where CMOS says it is: a pattern written to the
 * first and the last dword of extended memory and to the last dword below
 * the EBDA must read back, and 1 MiB must not alias 0 (A20). The result
 * goes to EB_RAM_BAD (0 = fine) for the banner. The extended addresses need
 * protected mode (boot.S's copy GDT, flat DS). ES = EBDA.
 */
ram_check:
	in $PORT_A20, %al
	push %ax
	and $0xFE, %al
	or $0x02, %al
	out %al, $PORT_A20
	mov %es:EB_RAM_TOP, %edi
	push %ds
	lgdtl %cs:copy_gdt_desc
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	xor %dx, %dx		/* DX = failures */
	mov $EBDA_SEG * 16 - 4, %ebx
	call ram_probe
	cmp $0x100000, %edi
	jbe 2f
	mov $0x100000, %ebx
	call ram_probe
	lea -4(%edi), %ebx
	call ram_probe
	/* A20: a write at 1 MiB must not show at 0 */
	mov $0x100000, %ebx
	mov (%ebx), %ecx
	mov 0, %esi
	movl $0x5AA5C33C, (%ebx)
	cmpl $0x5AA5C33C, 0
	jne 3f
	inc %dx
3:	mov %esi, 0
	mov %ecx, (%ebx)
2:	mov $0x18, %ax
	mov %ax, %ds
	mov %cr0, %eax
	and $~CR0_PE, %eax
	mov %eax, %cr0
	ljmp $BIOS_SEG, $4f
4:	pop %ds
	mov %dl, %es:EB_RAM_BAD
	pop %ax
	out %al, $PORT_A20
	ret

/* Write two patterns to the dword at DS:EBX and read them back, keeping
 * what was there; DX counts a failure. */
ram_probe:
	mov (%ebx), %ecx
	movl $0x55AA33CC, (%ebx)
	cmpl $0x55AA33CC, (%ebx)
	jne 1f
	movl $0xAA55CC33, (%ebx)
	cmpl $0xAA55CC33, (%ebx)
	je 2f
1:	inc %dx
2:	mov %ecx, (%ebx)
	ret

/*
 * Build the E820 map in the EBDA (ES = EBDA): low RAM up to the EBDA, the
 * EBDA itself, the BIOS ROM at 0xF0000, extended RAM from 1 MiB to the top
 * of memory, and the ROM's alias below 4 GiB. Each entry is 20 bytes:
 * base (u64), length (u64), type (1 RAM, 2 reserved).
 */
e820_build:
	mov $EB_E820, %di
	xor %eax, %eax
	mov $EBDA_SEG * 16, %edx
	mov $1, %bl
	call e820_add
	mov $EBDA_SEG * 16, %eax
	mov $EBDA_KB * 1024, %edx
	mov $2, %bl
	call e820_add
	mov $0xF0000, %eax
	mov $0x10000, %edx
	call e820_add
	mov %es:EB_RAM_TOP, %edx
	sub $0x100000, %edx
	jbe 1f
	mov $0x100000, %eax
	mov $1, %bl
	call e820_add
1:	mov $0xFFFF0000, %eax
	mov $0x10000, %edx
	mov $2, %bl
	call e820_add
	mov %di, %ax
	sub $EB_E820, %ax
	mov $20, %cl
	div %cl
	mov %al, %es:EB_E820_COUNT
	ret

/* Append an E820 entry at ES:DI: base EAX, length EDX, type BL. */
e820_add:
	mov %eax, %es:(%di)
	movl $0, %es:4(%di)
	mov %edx, %es:8(%di)
	movl $0, %es:12(%di)
	movzbl %bl, %ecx
	mov %ecx, %es:16(%di)
	add $20, %di
	ret

/*
 * Scan 0xC0000-0xDFFFF in 2 KiB steps for option ROMs (0x55 0xAA, length
 * in 512-byte units, bytes summing to zero) and call each at offset 3, as
 * the PC/AT BIOS does. A video ROM replaces INT 10h; we keep its handler in
 * vector 0x6D and put ours back in front, so text output is still mirrored
 * to the serial port (video.S chains to it).
 */
option_roms:
	mov $0xC000, %bx
1:	mov %bx, %es
	cmpw $0xAA55, %es:0
	jne 3f
	movzbw %es:2, %cx
	test %cx, %cx
	jz 3f
	shl $9, %cx		/* length in bytes (up to 127.5 KiB) */
	xor %si, %si
	xor %al, %al
2:	add %es:(%si), %al
	inc %si
	loop 2b
	test %al, %al
	jnz 3f
	pushal
	push %ds
	push %es
	push %es		/* far pointer ROM:0003 on the stack */
	pushw $3
	mov %sp, %bp
	lcall *(%bp)
	add $4, %sp
	cli
	cld
	pop %es
	pop %ds
	popal
	/* skip the ROM's whole length */
	movzbw %es:2, %cx
	add $3, %cx
	shr $2, %cx		/* 2 KiB units, rounded up */
	shl $7, %cx
	add %cx, %bx
	jmp 4f
3:	add $0x80, %bx
4:	cmp $0xE000, %bx
	jb 1b

	xor %ax, %ax
	mov %ax, %es
	cmpw $BIOS_SEG, %es:0x10 * 4 + 2
	je 5f
	mov %es:0x10 * 4, %eax
	mov %eax, %es:0x6D * 4
	movw $int10, %es:0x10 * 4
	movw $BIOS_SEG, %es:0x10 * 4 + 2
5:	ret

/*
 * The banner, on screen and (through INT 10h) on the serial port:
 *	Lucid BIOS 1.0
 *	Memory: 639 KiB base, N KiB extended, M MiB total
 *	Boot disk: ATA master, N sectors (M MiB), CHS c/h/s
 */
banner:
	mov $msg_banner, %si
	call con_puts
	mov $BASE_KB, %eax
	call con_putdec
	mov $msg_base, %si
	call con_puts
	DS_EBDA
	mov %ds:EB_RAM_TOP, %eax
	push %eax
	sub $0x100000, %eax
	shr $10, %eax
	call con_putdec
	mov $msg_ext, %si
	call con_puts
	pop %eax
	shr $20, %eax
	call con_putdec
	mov $msg_total, %si
	call con_puts
	DS_EBDA
	cmpb $0, %ds:EB_RAM_BAD
	je 1f
	mov $msg_ram_bad, %si
	call con_puts
1:

	mov $msg_disk, %si
	call con_puts
	DS_EBDA
	cmpb $0, %ds:EB_DISK_PRESENT
	jne 1f
	mov $msg_nodisk, %si
	jmp con_puts
1:	mov $msg_ata, %si
	call con_puts
	mov %ds:EB_SECTORS, %eax
	call con_putdec
	mov $msg_sectors, %si
	call con_puts
	mov %ds:EB_SECTORS, %eax
	shr $11, %eax
	call con_putdec
	mov $msg_chs, %si
	call con_puts
	movzwl %ds:EB_LCYLS, %eax
	call con_putdec
	mov $'/', %al
	call con_putc
	movzwl %ds:EB_LHEADS, %eax
	call con_putdec
	mov $'/', %al
	call con_putc
	movzwl %ds:EB_LSPT, %eax
	call con_putdec
	mov $msg_crlf, %si
	jmp con_puts

msg_banner:	.asciz "\r\nLucid BIOS 1.0\r\nMemory: "
msg_base:	.asciz " KiB base, "
msg_ext:	.asciz " KiB extended, "
msg_total:	.asciz " MiB total\r\n"
msg_ram_bad:	.asciz "Memory test FAILED: RAM does not answer where CMOS says it is\r\n"
msg_disk:	.asciz "Boot disk: "
msg_nodisk:	.asciz "none\r\n"
msg_ata:	.asciz "ATA master, "
msg_sectors:	.asciz " sectors ("
msg_chs:	.asciz " MiB), CHS "
	.globl msg_crlf
msg_crlf:	.asciz "\r\n"

/* Services installed in the IVT: pairs of (vector, offset in F000). */
vector_table:
	.word 0x08, int08
	.word 0x09, int09
	.word 0x10, int10
	.word 0x11, int11
	.word 0x12, int12
	.word 0x13, int13
	.word 0x15, int15
	.word 0x16, int16
	.word 0x18, int18
	.word 0x19, int19
	.word 0x1A, int1a
	.word 0xFFFF

/*
 * The reset vector: the CPU starts at F000:FFF0 (physical 0xFFFFFFF0,
 * aliased to 0xFFFF0). Then the BIOS date and the AT model byte at their
 * traditional addresses.
 */
	.section .reset, "ax"
	.globl reset_vector
reset_vector:
	ljmp $BIOS_SEG, $post_entry
	.ascii "11/26/26"
	.byte 0x00
	.byte 0xFC		/* model: PC/AT */
	.byte 0x00		/* checksum: bios.mk makes the ROM sum to 0 */
