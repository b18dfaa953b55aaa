/*
 * The CD-ROM: the first ATAPI device POST finds (disk.S's probe sees the
 * packet signature), driven by polled PACKET commands (ATA/ATAPI-6 9.10:
 * PIO data-in, a byte count limit of one 2048-byte sector per DRQ block).
 * On top of it, El Torito ("Bootable CD-ROM Format Specification" 1.0,
 * Phoenix/IBM 1995) in no-emulation mode, and INT 13h for the CD as drive
 * E0h, the number SeaBIOS gives it: 00h/01h, 41h/42h/44h/47h/48h with
 * 2048-byte sectors, and 4B00h/4B01h (the specification packet).
 */
#include "bios.h"

	.code16
	.text

/* DX = port REG (an ATA_* of the primary channel) of the current drive. */
	.macro ATA_PORT reg
	mov %ds:EB_ATA_BASE, %dx
	add $(\reg - ATA_BASE), %dx
	.endm

/* Make the CD-ROM the drive the ATA routines work on. DS = EBDA. */
cd_select:
	push %ax
	mov %ds:EB_CD_BASE, %ax
	mov %ax, %ds:EB_ATA_BASE
	mov %ds:EB_CD_DEV, %al
	mov %al, %ds:EB_ATA_DEV
	pop %ax
	ret

/*
 * Send the packet at EB_CD_PKT; its data (if any) goes to ES:DI, which
 * comes back past it (normalised: DI < 16). CF = 1 on failure with AL =
 * INT 13h status. DS = EBDA. Clobbers AX, BX, CX, DX, SI.
 */
atapi_cmd:
	call ata_wait
	jc 8f
	ATA_PORT ATA_DEVICE
	mov %ds:EB_ATA_DEV, %al
	out %al, %dx
	call ata_delay
	call ata_wait
	jc 8f
	ATA_PORT ATA_ERROR		/* features: PIO */
	xor %al, %al
	out %al, %dx
	ATA_PORT ATA_LBA1		/* byte count limit 0800h */
	out %al, %dx
	inc %dx
	mov $0x08, %al
	out %al, %dx
	ATA_PORT ATA_CMD
	mov $0xA0, %al
	out %al, %dx
	call ata_delay
	call ata_wait
	jc 8f
	test $ATA_SR_ERR, %al
	jnz 7f
	test $ATA_SR_DRQ, %al
	jz 6f
	ATA_PORT ATA_DATA
	mov $EB_CD_PKT, %si
	mov $6, %cx
	cld
	rep outsw
1:	call ata_delay
	call ata_wait
	jc 8f
	test $ATA_SR_ERR, %al
	jnz 7f
	test $ATA_SR_DRQ, %al
	jz 5f
	ATA_PORT ATA_LBA1		/* this block's length */
	in %dx, %al
	mov %al, %bl
	inc %dx
	in %dx, %al
	mov %al, %bh
	mov %bx, %cx
	inc %cx
	shr $1, %cx
	ATA_PORT ATA_DATA
	rep insw
	mov %di, %ax			/* ES:DI = ES + DI / 16 : DI % 16 */
	shr $4, %ax
	mov %es, %bx
	add %ax, %bx
	mov %bx, %es
	and $0x0F, %di
	jmp 1b
5:	xor %al, %al
	clc
	ret
6:	mov $DISK_ECTRL, %al
	stc
	ret
7:	mov $DISK_ENOTFOUND, %al	/* CHECK CONDITION */
	stc
	ret
8:	mov $DISK_ETIMEOUT, %al
	stc
	ret

/* Clear the packet and set its operation code AL. DS = EBDA. */
cd_pkt:
	push %es
	push %di
	push %cx
	push %ds
	pop %es
	mov $EB_CD_PKT, %di
	push %ax
	xor %al, %al
	mov $12, %cx
	cld
	rep stosb
	pop %ax
	mov %al, %ds:EB_CD_PKT
	pop %cx
	pop %di
	pop %es
	ret

/* REQUEST SENSE into the EBDA, to clear a unit attention or an error. */
cd_sense:
	push %es
	push %di
	mov $0x03, %al
	call cd_pkt
	movb $18, %ds:EB_CD_PKT + 4
	push %ds
	pop %es
	mov $EB_CD_SENSE, %di
	call atapi_cmd
	pop %di
	pop %es
	ret

/* EAX = EAX with its bytes reversed (big-endian to little; a 386 has no BSWAP). */
swap32:
	xchg %ah, %al
	ror $16, %eax
	xchg %ah, %al
	ret

/*
 * POST: when a CD-ROM answered, wait until it is ready (TEST UNIT READY,
 * with REQUEST SENSE after a refusal, up to eight times: a drive reports a
 * unit attention first) and read its capacity into EB_CD_SECTORS; a drive
 * that never answers is dropped. DS = EBDA.
 */
	.globl cd_init
cd_init:
	cmpb $0, %ds:EB_CD_DEV
	je 9f
	pushal
	push %es
	call cd_select
	mov $8, %bp
1:	xor %al, %al			/* TEST UNIT READY */
	call cd_pkt
	call atapi_cmd
	jnc 2f
	call cd_sense
	dec %bp
	jnz 1b
	jmp 3f
2:	mov $0x25, %al			/* READ CAPACITY */
	call cd_pkt
	push %ds
	pop %es
	mov $EB_CD_SENSE, %di
	call atapi_cmd
	jc 3f
	mov %ds:EB_CD_SENSE, %eax	/* the last sector */
	call swap32
	inc %eax
	mov %eax, %ds:EB_CD_SECTORS
	jmp 4f
3:	movb $0, %ds:EB_CD_DEV
4:	pop %es
	popal
9:	ret

/*
 * Read CX 2048-byte sectors from LBA EAX to ES:DI with READ(10), trying
 * three times (REQUEST SENSE between tries). CF = 1 with AL = status on
 * failure. DS = EBDA. Clobbers AX, BX, CX, DX, SI; ES:DI comes back past
 * the data.
 */
cd_read:
	push %bp
	mov $3, %bp
1:	push %es
	push %di
	push %eax
	push %cx
	push %eax
	mov $0x28, %al
	call cd_pkt
	pop %eax
	call swap32
	mov %eax, %ds:EB_CD_PKT + 2
	xchg %ch, %cl
	mov %cx, %ds:EB_CD_PKT + 7
	call atapi_cmd
	pop %cx
	jnc 2f
	push %ax
	call cd_sense
	pop %ax
	pop %eax
	pop %di
	pop %es
	dec %bp
	jnz 1b
	stc
	pop %bp
	ret
2:	add $6, %sp			/* the saved EAX and ES:DI */
	add $2, %sp
	pop %bp
	clc
	ret

/*
 * Boot from the CD-ROM, El Torito no-emulation: the boot record volume
 * descriptor at sector 17 names the boot catalog; its validation entry
 * must check out and its initial entry be bootable with no emulation.
 * That image's sectors go to its load segment (07C0h when it says 0) and
 * run there with DL = E0h. Returns only on failure, with SI = the reason.
 */
	.globl cd_boot
cd_boot:
	DS_EBDA
	mov $msg_no_cd, %si
	cmpb $0, %ds:EB_CD_DEV
	je 9f
	push %si
	mov $msg_booting_cd, %si
	call con_puts
	pop %si
	call cd_select
	mov $SCRATCH_SEG, %ax
	mov %ax, %es
	xor %di, %di
	mov $17, %eax
	mov $1, %cx
	call cd_read
	mov $msg_cd_read, %si
	jc 9f
	mov $SCRATCH_SEG, %ax
	mov %ax, %es
	mov $msg_no_torito, %si
	cmpb $0, %es:0
	jne 9f
	push %si
	mov $torito_id, %si
	mov $1, %di
	mov $torito_id_len, %cx
	cld
	repe cmpsb %es:(%di), %cs:(%si)
	pop %si
	jne 9f
	mov %es:0x47, %eax		/* the boot catalog */
	xor %di, %di
	mov $1, %cx
	call cd_read
	mov $msg_cd_read, %si
	jc 9f
	mov $SCRATCH_SEG, %ax
	mov %ax, %es
	mov $msg_bad_catalog, %si
	cmpb $1, %es:0
	jne 9f
	cmpw $0xAA55, %es:0x1E
	jne 9f
	xor %bx, %bx			/* the 16 words sum to 0 */
	xor %di, %di
	mov $16, %cx
1:	add %es:(%di), %bx
	add $2, %di
	loop 1b
	test %bx, %bx
	jnz 9f
	mov $msg_not_bootable, %si
	cmpb $0x88, %es:0x20
	jne 9f
	mov $msg_emulation, %si
	testb $0x0F, %es:0x21
	jnz 9f
	mov %es:0x22, %ax		/* load segment */
	test %ax, %ax
	jnz 2f
	mov $0x07C0, %ax
2:	mov %ax, %ds:EB_CD_LOADSEG
	mov %es:0x26, %cx		/* 512-byte sectors */
	test %cx, %cx
	jnz 3f
	inc %cx
3:	mov %cx, %ds:EB_CD_COUNT
	mov %es:0x28, %eax
	mov %eax, %ds:EB_CD_IMAGE
	add $3, %cx
	shr $2, %cx
	mov %ds:EB_CD_LOADSEG, %es
	xor %di, %di
	call cd_read
	mov $msg_cd_read, %si
	jc 9f
	movb $1, %ds:EB_CD_BOOTED
	POST 0x0D
	mov %ds:EB_CD_LOADSEG, %ax
	push %ax
	pushw $0
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	xor %bx, %bx
	xor %cx, %cx
	xor %si, %si
	xor %di, %di
	xor %bp, %bp
	mov $CD_DRIVE, %dx
	lret
9:	ret

/*
 * INT 13h for drive E0h, entered from disk.S's int13 with its frame (BP)
 * built and DS = EBDA; the handlers end through disk.S's d_finish.
 */
	.globl cd_int13
cd_int13:
	call cd_select
	cmp $0x00, %ah
	je d_ok
	cmp $0x01, %ah
	je d_status
	cmp $0x41, %ah
	je d_ext_check
	cmp $0x42, %ah
	je cd_ext_read
	cmp $0x43, %ah
	je 1f
	cmp $0x44, %ah
	je d_ok
	cmp $0x47, %ah
	je d_ok
	cmp $0x48, %ah
	je cd_ext_params
	cmp $0x4B, %ah
	je cd_spec
	jmp d_eparam
1:	mov $0x03, %al			/* write protected */
	jmp d_finish

/* 42h: the disk address packet at DS:SI, in 2048-byte sectors. */
cd_ext_read:
	mov F_DS(%bp), %es
	mov F_SI(%bp), %si
	cmpb $0x10, %es:(%si)
	jb d_eparam
	cmpl $0, %es:12(%si)		/* LBA beyond 2^32 */
	jne d_eparam
	cmpl $0xFFFFFFFF, %es:4(%si)	/* 64-bit flat buffer: not supported */
	je d_eparam
	mov %es:8(%si), %eax
	movzwl %es:2(%si), %ecx
	mov $DISK_EPARAM, %al
	mov %es:8(%si), %edx
	cmp %ds:EB_CD_SECTORS, %edx
	jae 8f
	add %ecx, %edx
	mov $DISK_ENOTFOUND, %al
	cmp %ds:EB_CD_SECTORS, %edx
	ja 8f
	jcxz 7f
	push %es
	push %si
	mov %es:8(%si), %eax
	mov %es:4(%si), %di
	mov %es:6(%si), %bx
	mov %bx, %es
	call cd_read
	pop %si
	pop %es
	jc 8f
7:	xor %al, %al
	jmp d_finish
8:	movw $0, %es:2(%si)
	jmp d_finish

/* 48h: the drive parameters; removable, lockable, no CHS. */
cd_ext_params:
	mov F_DS(%bp), %es
	mov F_SI(%bp), %di
	mov %es:(%di), %ax
	cmp $0x1A, %ax
	jb d_eparam
	movw $0x1A, %es:(%di)
	cmp $0x1E, %ax
	jb 1f
	movw $0x1E, %es:(%di)
	movl $0xFFFFFFFF, %es:0x1A(%di)
1:	movw $0x0074, %es:2(%di)	/* removable, change line, lockable, CHS invalid */
	movl $0, %es:4(%di)
	movl $0, %es:8(%di)
	movl $0, %es:12(%di)
	mov %ds:EB_CD_SECTORS, %eax
	mov %eax, %es:16(%di)
	movl $0, %es:20(%di)
	movw $2048, %es:24(%di)
	jmp d_ok

/*
 * 4B00h (terminate emulation) and 4B01h (status): the specification packet
 * at DS:SI, once the BIOS booted from the CD: size 13h, media 0 (no
 * emulation), the drive, the controller (0 primary, 1 secondary), the
 * image's sector, the device (bit 0: slave), the load segment and count.
 */
cd_spec:
	cmp $0x01, %al
	ja d_eparam
	cmpb $0, %ds:EB_CD_BOOTED
	je d_eparam
	mov F_DS(%bp), %es
	mov F_SI(%bp), %di
	push %di
	xor %al, %al
	mov $0x13, %cx
	cld
	rep stosb
	pop %di
	movb $0x13, %es:0(%di)
	movb $CD_DRIVE, %es:2(%di)
	cmpw $ATA_BASE, %ds:EB_CD_BASE
	je 1f
	movb $1, %es:3(%di)
1:	mov %ds:EB_CD_IMAGE, %eax
	mov %eax, %es:4(%di)
	cmpb $0xB0, %ds:EB_CD_DEV
	jne 2f
	movb $1, %es:8(%di)
2:	mov %ds:EB_CD_LOADSEG, %ax
	mov %ax, %es:0x0C(%di)
	mov %ds:EB_CD_COUNT, %ax
	mov %ax, %es:0x0E(%di)
	jmp d_ok

torito_id:	.ascii "CD001\1EL TORITO SPECIFICATION"
	.set torito_id_len, . - torito_id
msg_booting_cd:	.asciz "Booting from CD-ROM E0h\r\n"
msg_no_cd:	.asciz "no CD-ROM"
msg_cd_read:	.asciz "cannot read the CD-ROM"
msg_no_torito:	.asciz "the CD has no El Torito boot record"
msg_bad_catalog: .asciz "the CD's boot catalog is not valid"
msg_not_bootable: .asciz "the CD's initial boot entry is not bootable"
msg_emulation:	.asciz "the CD's boot image needs disk emulation (only no-emulation boots)"
