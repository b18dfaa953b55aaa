/*
 * The small services: INT 08h (IRQ0: the 18.2 Hz tick count at 40:6C and
 * INT 1Ch), INT 11h (equipment), INT 12h (conventional memory), INT 15h
 * (system services: E820/E801/88h memory sizes, the A20 gate 2400h-2403h,
 * C0h configuration table, C1h EBDA segment, and the AT's 4Fh/86h/90h/91h
 * hooks), INT 1Ah (tick count, and the MC146818 RTC's time and date in
 * BCD), and the default handlers for unused vectors and IRQs.
 * References: IBM PC/AT Technical Reference; ACPI 3.0 section 14 (E820);
 * Phoenix BIOS "System BIOS for IBM PCs" (E801, 24xxh).
 */
#include "bios.h"

	.code16
	.text

	.globl int_dummy
int_dummy:
	iret

/* IRQ 2-7 with no handler: acknowledge the master PIC. */
	.globl irq_master_default
irq_master_default:
	push %ax
	mov $0x20, %al
	out %al, $PIC1_CMD
	pop %ax
	iret

/* IRQ 8-15 with no handler: acknowledge both PICs. */
	.globl irq_slave_default
irq_slave_default:
	push %ax
	mov $0x20, %al
	out %al, $PIC2_CMD
	out %al, $PIC1_CMD
	pop %ax
	iret

/* IRQ0: count the tick, roll over at midnight (0x1800B0 ticks), call the
 * user hook INT 1Ch, acknowledge the PIC. */
	.globl int08
int08:
	push %ax
	push %ds
	mov $BDA_SEG, %ax
	mov %ax, %ds
	incl BDA_TICKS
	cmpl $TICKS_PER_DAY, BDA_TICKS
	jb 1f
	movl $0, BDA_TICKS
	movb $1, BDA_MIDNIGHT
1:	int $0x1C
	mov $0x20, %al
	out %al, $PIC1_CMD
	pop %ds
	pop %ax
	iret

	.globl int11
int11:
	push %ds
	mov $BDA_SEG, %ax
	mov %ax, %ds
	mov BDA_EQUIP, %ax
	pop %ds
	iret

	.globl int12
int12:
	push %ds
	mov $BDA_SEG, %ax
	mov %ax, %ds
	mov BDA_MEM_KB, %ax
	pop %ds
	iret

/* Leave a service with CF clear / with CF set and AH = AL. */
svc_ok:
	andw $~FL_CF, F_FLAGS(%bp)
	FRAME_LEAVE
svc_fail_unsupported:
	mov $0x86, %al
svc_fail:
	mov %al, F_AH(%bp)
	orw $FL_CF, F_FLAGS(%bp)
	FRAME_LEAVE

	.globl int15
int15:
	FRAME_ENTER
	cld
	cmp $0xE8, %ah
	je s_e8
	cmp $0x88, %ah
	je s_88
	cmp $0x24, %ah
	je s_a20
	cmp $0xC0, %ah
	je s_c0
	cmp $0xC1, %ah
	je s_c1
	cmp $0x4F, %ah
	je s_4f
	cmp $0x87, %ah
	je s_87
	cmp $0x86, %ah
	je s_86
	cmp $0x90, %ah
	je s_ok_ah0
	cmp $0x91, %ah
	je s_ok_ah0
	jmp svc_fail_unsupported

/* 4Fh (keyboard intercept): CF set = process the scan code unchanged. */
s_4f:
	orw $FL_CF, F_FLAGS(%bp)
	FRAME_LEAVE

/*
 * 87h: move CX words between any two physical addresses. ES:SI is the
 * caller's descriptor table (PC/AT Technical Reference): the source segment
 * descriptor at +10h, the destination at +18h; only their bases matter
 * here. The copy runs in 16-bit protected mode with flat data segments
 * (boot.S's copy GDT) and A20 on; the gate is put back as it was.
 */
s_87:
	mov F_ES(%bp), %es
	mov F_SI(%bp), %si
	mov %es:0x12(%si), %ebx	/* source base bits 0-23 (and the access byte) */
	and $0x00FFFFFF, %ebx
	movzbl %es:0x17(%si), %eax
	shl $24, %eax
	or %eax, %ebx
	mov %es:0x1A(%si), %edx	/* destination base */
	and $0x00FFFFFF, %edx
	movzbl %es:0x1F(%si), %eax
	shl $24, %eax
	or %eax, %edx
	movzwl F_CX(%bp), %ecx
	in $PORT_A20, %al
	push %ax
	and $0xFE, %al
	or $0x02, %al
	out %al, $PORT_A20
	mov %ebx, %esi
	mov %edx, %edi
	cli
	lgdtl %cs:copy_gdt_desc
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	addr32 rep movsw
	mov $0x18, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %cr0, %eax
	and $~CR0_PE, %eax
	mov %eax, %cr0
	ljmp $BIOS_SEG, $2f
2:	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	pop %ax
	and $0xFE, %al
	out %al, $PORT_A20
	movb $0, F_AH(%bp)
	jmp svc_ok

/*
 * 86h: wait CX:DX microseconds. Whole ticks (55 ms) are waited with HLT on
 * the tick count, which lets an emulator skip the idle time; the rest by
 * counting port 0x61 bit 4, which flips every 15.085 us (DRAM refresh), as
 * AT BIOS delay loops do. Each flip is awaited a bounded number of polls.
 */
s_86:
	sti
	mov $BDA_SEG, %ax
	mov %ax, %ds
	mov %cx, %ax
	shl $16, %eax
	mov %dx, %ax		/* EAX = microseconds */
	cmp $2 * 54925, %eax
	jb 2f
	xor %edx, %edx
	mov $54925, %ecx
	div %ecx		/* EAX = ticks, EDX = microseconds left */
	mov BDA_TICKS, %ebx
	add %eax, %ebx		/* the tick count to reach */
1:	hlt
	mov BDA_TICKS, %ecx
	sub %ebx, %ecx
	js 1b			/* (a midnight wrap ends the wait early) */
	mov %edx, %eax
2:	mov $4345, %ecx		/* flips = us / 15.085 = us * 4345 / 65536 */
	mul %ecx
	shrd $16, %edx, %eax
	mov %eax, %ecx
	jecxz 5f
	in $0x61, %al
	and $0x10, %al
	mov %al, %bl
3:	mov $0x1000, %si
4:	in $0x61, %al
	and $0x10, %al
	cmp %al, %bl
	jne 6f
	dec %si
	jnz 4b
6:	mov %al, %bl
	dec %ecx
	jnz 3b
5:	movb $0, F_AH(%bp)
	jmp svc_ok

/* 90h/91h device busy/post: nothing to do. */
s_ok_ah0:
	movb $0, F_AH(%bp)
	jmp svc_ok

/* 88h: KiB above 1 MiB, at most 63 MiB worth (0xFC00), like the AT. */
s_88:
	DS_EBDA
	mov %ds:EB_RAM_TOP, %eax
	sub $0x100000, %eax
	shr $10, %eax
	cmp $0xFC00, %eax
	jbe 1f
	mov $0xFC00, %eax
1:	mov %ax, F_AX(%bp)
	jmp svc_ok

/* C0h: ES:BX = the configuration table in ROM. */
s_c0:
	movw $BIOS_SEG, F_ES(%bp)
	movw $config_table, F_BX(%bp)
	movb $0, F_AH(%bp)
	jmp svc_ok

/* C1h: ES = EBDA segment. */
s_c1:
	push %ds
	mov $BDA_SEG, %ax
	mov %ax, %ds
	mov BDA_EBDA_SEG, %ax
	pop %ds
	mov %ax, F_ES(%bp)
	jmp svc_ok

/* 2400h disable, 2401h enable, 2402h query A20 (AL = state); 2403h:
 * BX = 3, both the 8042 and port 0x92 can switch it. Port 0x92 bit 1 is
 * the gate; bit 0 would reset the CPU and is always written 0. */
s_a20:
	cmp $0x00, %al
	je 1f
	cmp $0x01, %al
	je 2f
	cmp $0x02, %al
	je 3f
	cmp $0x03, %al
	je 4f
	jmp svc_fail_unsupported
1:	in $PORT_A20, %al
	and $0xFC, %al
	out %al, $PORT_A20
	jmp 5f
2:	in $PORT_A20, %al
	and $0xFE, %al
	or $0x02, %al
	out %al, $PORT_A20
	jmp 5f
3:	in $PORT_A20, %al
	shr $1, %al
	and $1, %al
	mov %al, F_AL(%bp)
	movw $0, F_CX(%bp)
	jmp 5f
4:	movw $0x0003, F_BX(%bp)
5:	movb $0, F_AH(%bp)
	jmp svc_ok

/* E8h: AL = 01h E801, 81h E881 (the same in 32-bit registers), 20h E820. */
s_e8:
	cmp $0x20, %al
	je s_e820
	cmp $0x01, %al
	je 1f
	cmp $0x81, %al
	je 1f
	jmp svc_fail_unsupported
	/* AX = CX = KiB between 1 and 16 MiB, BX = DX = 64 KiB blocks above */
1:	DS_EBDA
	mov %ds:EB_RAM_TOP, %eax
	xor %ebx, %ebx
	cmp $0x1000000, %eax
	jbe 2f
	mov %eax, %ebx
	sub $0x1000000, %ebx
	shr $16, %ebx
	mov $0x1000000, %eax
2:	sub $0x100000, %eax
	shr $10, %eax
	mov %eax, F_EAX(%bp)
	mov %eax, F_ECX(%bp)
	mov %ebx, F_EBX(%bp)
	mov %ebx, F_EDX(%bp)
	jmp svc_ok

/*
 * E820: EDX = 'SMAP', EBX = continuation (0 first), ES:DI = buffer of ECX
 * (>= 20) bytes. Copies one 20-byte entry of the map built at POST and
 * returns EAX = 'SMAP', ECX = 20, EBX = next (0 after the last).
 */
s_e820:
	cmp $0x534D4150, %edx
	jne svc_fail_unsupported
	cmp $20, %ecx
	jb svc_fail_unsupported
	DS_EBDA
	movzbl %ds:EB_E820_COUNT, %ecx
	cmp %ecx, %ebx
	jae svc_fail_unsupported
	imul $20, %bx, %si
	add $EB_E820, %si
	mov F_ES(%bp), %es
	mov F_DI(%bp), %di
	mov $10, %cx
	rep movsw
	inc %ebx
	cmp %ds:EB_E820_COUNT, %bl
	jb 1f
	xor %ebx, %ebx
1:	mov %ebx, F_EBX(%bp)
	movl $0x534D4150, F_EAX(%bp)
	movl $20, F_ECX(%bp)
	jmp svc_ok

/* The INT 15h C0h table: length, model FCh (AT), submodel, revision,
 * feature bytes 1-5 (1: EBDA allocated, RTC, second 8259; 2: INT 16h
 * function 09h supported). */
config_table:
	.word 8
	.byte 0xFC, 0x01, 0x00
	.byte 0x64, 0x40, 0x00, 0x00, 0x00

/*
 * INT 1Ah: 00h ticks in CX:DX (AL = midnight flag, then cleared), 01h set
 * them; 02h time CH:CL:DH = hh:mm:ss BCD, DL = DST; 03h set it; 04h date
 * CH:CL = century:year, DH = month, DL = day (BCD); 05h set it. The RTC is
 * read only when its update-in-progress flag is clear.
 */
	.globl int1a
int1a:
	FRAME_ENTER
	mov $BDA_SEG, %bx
	mov %bx, %ds
	cmp $0x00, %ah
	je t_get_ticks
	cmp $0x01, %ah
	je t_set_ticks
	cmp $0x02, %ah
	je t_get_time
	cmp $0x03, %ah
	je t_set_time
	cmp $0x04, %ah
	je t_get_date
	cmp $0x05, %ah
	je t_set_date
	mov $0x86, %al
	jmp svc_fail

t_get_ticks:
	cli
	mov BDA_TICKS, %eax
	mov %ax, F_DX(%bp)
	shr $16, %eax
	mov %ax, F_CX(%bp)
	mov BDA_MIDNIGHT, %al
	mov %al, F_AL(%bp)
	movb $0, BDA_MIDNIGHT
	jmp svc_ok

t_set_ticks:
	cli
	mov %dx, BDA_TICKS
	mov %cx, BDA_TICKS + 2
	movb $0, BDA_MIDNIGHT
	movb $0, F_AH(%bp)
	jmp svc_ok

t_get_time:
	call rtc_wait
	mov $0x04, %al
	call cmos_read_cli
	mov %al, F_CH(%bp)
	mov $0x02, %al
	call cmos_read_cli
	mov %al, F_CL(%bp)
	mov $0x00, %al
	call cmos_read_cli
	mov %al, F_DH(%bp)
	mov $0x0B, %al
	call cmos_read_cli
	and $1, %al
	mov %al, F_DL(%bp)
	movb $0, F_AH(%bp)
	jmp svc_ok

t_get_date:
	call rtc_wait
	mov $0x32, %al
	call cmos_read_cli
	mov %al, F_CH(%bp)
	mov $0x09, %al
	call cmos_read_cli
	mov %al, F_CL(%bp)
	mov $0x08, %al
	call cmos_read_cli
	mov %al, F_DH(%bp)
	mov $0x07, %al
	call cmos_read_cli
	mov %al, F_DL(%bp)
	movb $0, F_AH(%bp)
	jmp svc_ok

/* Setting: hold the clock (register B bit 7 SET) while writing. */
t_set_time:
	call rtc_hold
	mov $0x04, %al
	mov F_CH(%bp), %ah
	call cmos_write
	mov $0x02, %al
	mov F_CL(%bp), %ah
	call cmos_write
	mov $0x00, %al
	mov F_DH(%bp), %ah
	call cmos_write
	mov F_DL(%bp), %bl
	and $1, %bl
	mov $0x0B, %al
	call cmos_read_cli
	and $0x7E, %al		/* release SET, take the DST bit */
	or %bl, %al
	mov %al, %ah
	mov $0x0B, %al
	call cmos_write
	movb $0, F_AH(%bp)
	jmp svc_ok

t_set_date:
	call rtc_hold
	mov $0x32, %al
	mov F_CH(%bp), %ah
	call cmos_write
	mov $0x09, %al
	mov F_CL(%bp), %ah
	call cmos_write
	mov $0x08, %al
	mov F_DH(%bp), %ah
	call cmos_write
	mov $0x07, %al
	mov F_DL(%bp), %ah
	call cmos_write
	mov $0x0B, %al
	call cmos_read_cli
	and $0x7F, %al
	mov %al, %ah
	mov $0x0B, %al
	call cmos_write
	movb $0, F_AH(%bp)
	jmp svc_ok

/* Wait (bounded) for register A's update-in-progress bit to clear; leaves
 * interrupts off so the reads that follow are not split by an update
 * handler. */
rtc_wait:
	mov $0x2000, %cx
1:	cli
	mov $0x0A, %al
	call cmos_read
	test $0x80, %al
	jz 2f
	sti
	loop 1b
2:	ret

/* Set register B's SET bit so the clock stops updating. */
rtc_hold:
	cli
	mov $0x0B, %al
	call cmos_read
	or $0x80, %al
	mov %al, %ah
	mov $0x0B, %al
	jmp cmos_write

cmos_read_cli:
	cli
	jmp cmos_read
