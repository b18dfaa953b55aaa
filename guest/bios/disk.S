/*
 * The fixed disks: ATA masters and slaves on the primary (0x1F0/0x3F6) and
 * secondary (0x170/0x376) channels,
 * driven by polled PIO (ATA/ATAPI-4: IDENTIFY DEVICE, READ/WRITE SECTORS,
 * their EXT forms for LBA48, FLUSH CACHE), and INT 13h on top of it as the
 * PC/AT BIOS and the Phoenix "Enhanced Disk Drive Specification" 1.1/3.0
 * define it: 00h reset, 01h status, 02h/03h/04h read/write/verify by CHS,
 * 08h parameters, 0Ch/0Dh/10h/11h seek/reset/ready/recalibrate, 15h type,
 * 41h extensions check, 42h/43h/44h/47h read/write/verify/seek by LBA and
 * 48h parameters. Errors come back in AH with CF set; the last status is
 * kept at 40:74 for 01h. The drives are 0x80 up, one for each ATA disk POST
 * found (up to four, on both channels), each with its own geometry.
 *
 * CHS requests use a logical geometry: the drive's own (IDENTIFY words 1, 3
 * and 6) when it fits 1024/16/63, otherwise the usual LBA-assisted one
 * (63 sectors, 16-255 heads, at most 1024 cylinders).
 */
#include "bios.h"

	.code16
	.text

/* DX = port REG (an ATA_* of the primary channel) of the current drive's
 * channel (EB_ATA_BASE). Changes flags; DS = EBDA. */
	.macro ATA_PORT reg
	mov %ds:EB_ATA_BASE, %dx
	add $(\reg - ATA_BASE), %dx
	.endm

/* How long a drive may stay busy: 5 seconds of BIOS ticks. QEMU's disk
 * backend completes commands in host time, so a count of loop iterations
 * would be too short on a loaded host; the tick count is what a PC BIOS
 * uses. Interrupts must be on (INT 13h enables them; POST has by then). An
 * iteration cap backs this up should the timer be stopped. */
#define ATA_TIMEOUT_TICKS 91
#define ATA_TIMEOUT_LOOPS 0x4000000

/* Wait for BSY to clear: AL = status, CF = 1 on timeout. Clobbers DX.
 * Here and below DS = EBDA, whose EB_ATA_BASE and EB_ATA_DEV name the drive. */
	.globl ata_wait
ata_wait:
	push %ecx
	push %ebx
	push %esi
	push %ds
	mov %ds:EB_ATA_BASE, %bx
	add $7, %bx		/* status */
	push %bx
	mov $BDA_SEG, %dx
	mov %dx, %ds
	mov BDA_TICKS, %ecx
	mov $ATA_TIMEOUT_LOOPS, %esi
	pop %dx
1:	in %dx, %al
	test $ATA_SR_BSY, %al
	jz 2f
	mov BDA_TICKS, %ebx
	sub %ecx, %ebx
	cmp $ATA_TIMEOUT_TICKS, %ebx
	jae 3f
	dec %esi
	jnz 1b
3:	pop %ds
	pop %esi
	pop %ebx
	pop %ecx
	stc
	ret
2:	pop %ds
	pop %esi
	pop %ebx
	pop %ecx
	clc
	ret

/* The 400 ns a device may take before its status is valid: four reads of
 * the alternate status register. Clobbers AL, DX. */
	.globl ata_delay
ata_delay:
	ATA_PORT ATA_CTL
	in %dx, %al
	in %dx, %al
	in %dx, %al
	in %dx, %al
	ret

/*
 * POST: IDENTIFY DEVICE at each position (primary master and slave, then
 * secondary master and slave), in that order; each disk that answers gets
 * the next BIOS drive number from 0x80 and an entry in EB_DRIVES, and
 * 40:75 counts them. Drive 0x80 is left current (0x40-0x53).
 */
	.globl ata_identify
ata_identify:
	push %ds
	push %es
	DS_EBDA
	mov $BDA_SEG, %ax
	mov %ax, %es
	movb $0, %es:BDA_NUM_DISKS
	movb $0, %ds:EB_CD_DEV
	movb $0, %ds:EB_CD_BOOTED
	xor %cx, %cx
1:	push %cx
	mov $ATA_BASE, %ax
	cmp $2, %cx
	jb 2f
	mov $ATA_BASE2, %ax
2:	mov %ax, %ds:EB_ATA_BASE
	mov $0xA0, %al
	test $1, %cl
	jz 3f
	mov $0xB0, %al
3:	mov %al, %ds:EB_ATA_DEV
	movb $0, %ds:EB_DISK_PRESENT
	movb $0, %ds:EB_DISK_LBA48
	call ata_probe
	cmpb $0, %ds:EB_DISK_PRESENT
	je 4f
	mov $BDA_SEG, %ax	/* copy 0x40-0x53 and the device byte to the table */
	mov %ax, %es
	movzbw %es:BDA_NUM_DISKS, %di
	incb %es:BDA_NUM_DISKS
	shl $5, %di
	add $EB_DRIVES, %di
	push %ds
	pop %es
	mov $0x40, %si
	mov $EB_DRIVE_LEN, %cx
	cld
	rep movsb
	mov %ds:EB_ATA_DEV, %al
	stosb
4:	pop %cx
	inc %cx
	cmp $EB_MAX_DRIVES, %cx
	jb 1b
	movb $0, %ds:EB_DISK_PRESENT
	call cd_init
	mov $0x80, %dl
	call disk_select
	pop %es
	pop %ds
	ret

/*
 * Make BIOS drive DL current: its entry in EB_DRIVES copied to 0x40-0x53
 * and EB_ATA_DEV. CF = 1 if there is no such drive. DS = EBDA. Clobbers
 * AX, CX, SI, DI, ES.
 */
disk_select:
	mov $BDA_SEG, %ax
	mov %ax, %es
	mov %dl, %al
	sub $0x80, %al
	jb 9f
	cmp %es:BDA_NUM_DISKS, %al
	jae 9f
	movzbw %al, %si
	shl $5, %si
	add $EB_DRIVES, %si
	push %ds
	pop %es
	mov $0x40, %di
	mov $EB_DRIVE_LEN, %cx
	cld
	rep movsb
	lodsb
	mov %al, %ds:EB_ATA_DEV
	clc
	ret
9:	stc
	ret

/*
 * IDENTIFY DEVICE on the drive EB_ATA_BASE/EB_ATA_DEV name and record its
 * size and geometry at 0x40-0x53; no answer (no controller, no device, an
 * ATAPI device) leaves EB_DISK_PRESENT 0. Interrupts from the drive are
 * disabled (nIEN): the BIOS polls.
 */
ata_probe:
	push %ds
	push %es
	DS_EBDA
	ATA_PORT ATA_CTL
	mov $0x02, %al		/* nIEN */
	out %al, %dx
	ATA_PORT ATA_STATUS
	in %dx, %al
	cmp $0xFF, %al		/* floating bus: no controller */
	je 9f
	ATA_PORT ATA_DEVICE
	mov %ds:EB_ATA_DEV, %al
	out %al, %dx
	call ata_delay
	call ata_wait
	jc 9f
	ATA_PORT ATA_CMD
	mov $0xEC, %al
	out %al, %dx
	call ata_delay
	ATA_PORT ATA_STATUS
	in %dx, %al
	test %al, %al		/* no device */
	jz 9f
	call ata_wait
	jc 9f
	test $ATA_SR_ERR, %al	/* ATAPI aborts IDENTIFY DEVICE */
	jnz 8f
	test $ATA_SR_DRQ, %al
	jz 9f
	mov $SCRATCH_SEG, %ax
	mov %ax, %es
	xor %di, %di
	ATA_PORT ATA_DATA
	mov $256, %cx
	rep insw

	mov %es:1 * 2, %ax
	mov %ax, %ds:EB_PCYLS
	mov %es:3 * 2, %ax
	mov %ax, %ds:EB_PHEADS
	mov %es:6 * 2, %ax
	mov %ax, %ds:EB_PSPT
	mov %es:60 * 2, %eax
	testw $1 << 10, %es:83 * 2	/* 48-bit address feature set */
	jz 1f
	movb $1, %ds:EB_DISK_LBA48
	mov %es:100 * 2, %eax
	cmpl $0, %es:102 * 2
	je 1f
	mov $0xFFFFFFFF, %eax
1:	mov %eax, %ds:EB_SECTORS
	test %eax, %eax
	jz 9f

	/* logical geometry */
	mov %ds:EB_PCYLS, %ax
	mov %ds:EB_PHEADS, %bx
	mov %ds:EB_PSPT, %cx
	test %ax, %ax
	jz 2f
	cmp $1024, %ax
	ja 2f
	test %bx, %bx
	jz 2f
	cmp $16, %bx
	ja 2f
	test %cx, %cx
	jz 2f
	cmp $63, %cx
	ja 2f
	jmp 4f
2:	mov $63, %cx		/* LBA-assisted: heads 16, 32, 64, 128, 255 */
	mov $16, %bx
3:	mov %ds:EB_SECTORS, %eax
	xor %edx, %edx
	movzwl %bx, %esi
	imul $63, %esi
	div %esi
	cmp $1024, %eax
	jbe 5f
	cmp $255, %bx
	je 6f
	shl $1, %bx
	cmp $256, %bx
	jb 3b
	mov $255, %bx
	jmp 3b
6:	mov $1024, %eax
5:	test %eax, %eax
	jnz 7f
	inc %eax
7:
4:	mov %ax, %ds:EB_LCYLS
	mov %bx, %ds:EB_LHEADS
	mov %cx, %ds:EB_LSPT
	movb $1, %ds:EB_DISK_PRESENT
	jmp 9f
	/* an abort with the packet signature 14h/EBh: the first one is the CD-ROM */
8:	ATA_PORT ATA_LBA1
	in %dx, %al
	cmp $0x14, %al
	jne 9f
	inc %dx
	in %dx, %al
	cmp $0xEB, %al
	jne 9f
	cmpb $0, %ds:EB_CD_DEV
	jne 9f
	mov %ds:EB_ATA_BASE, %ax
	mov %ax, %ds:EB_CD_BASE
	mov %ds:EB_ATA_DEV, %al
	mov %al, %ds:EB_CD_DEV
9:	pop %es
	pop %ds
	ret

/* INT 13h locals, below the frame */
#define L_LBA	-4	/* dword: next sector */
#define L_LEFT	-6	/* word: sectors still to move */
#define L_DONE	-8	/* word: sectors moved */
#define L_WRITE	-10	/* byte: 1 = write */
#define L_N	-12	/* word: sectors in the current command */

	.globl int13
int13:
	FRAME_ENTER
	sub $16, %sp
	sti
	cld
	push %ax
	DS_EBDA
	pop %ax
	cmp $CD_DRIVE, %dl
	jne 1f
	cmpb $0, %ds:EB_CD_DEV
	jne cd_int13
1:	push %ax
	push %cx
	push %si
	push %di
	push %es
	call disk_select
	pop %es
	pop %di
	pop %si
	pop %cx
	pop %ax
	jc d_nodrive
	cmp $0x00, %ah
	je d_ok
	cmp $0x01, %ah
	je d_status
	cmp $0x02, %ah
	je d_chs
	cmp $0x03, %ah
	je d_chs
	cmp $0x04, %ah
	je d_chs
	cmp $0x08, %ah
	je d_params
	cmp $0x0C, %ah
	je d_ok
	cmp $0x0D, %ah
	je d_ok
	cmp $0x10, %ah
	je d_ok
	cmp $0x11, %ah
	je d_ok
	cmp $0x15, %ah
	je d_type
	cmp $0x41, %ah
	je d_ext_check
	cmp $0x42, %ah
	je d_ext_rw
	cmp $0x43, %ah
	je d_ext_rw
	cmp $0x44, %ah
	je d_ext_rw
	cmp $0x47, %ah
	je d_ext_rw
	cmp $0x48, %ah
	je d_ext_params
	jmp d_eparam

/* A drive other than 0x80, or no disk at all. AH=15h answers "no such
 * drive" (AH = 0) without an error, as the AT BIOS does. */
d_nodrive:
	cmp $0x15, %ah
	jne d_eparam
	xor %al, %al
	call d_set_status
	movw $0, F_AX(%bp)
	jmp d_leave

	.globl d_eparam, d_ok, d_finish, d_leave, d_status, d_ext_check
d_eparam:
	mov $DISK_EPARAM, %al
	jmp d_finish
d_ok:
	xor %al, %al
/* Finish with status AL: AH = AL, CF = (AL != 0), 40:74 = AL. */
d_finish:
	call d_set_status
	mov %al, F_AH(%bp)
	andw $~FL_CF, F_FLAGS(%bp)
	test %al, %al
	jz d_leave
	orw $FL_CF, F_FLAGS(%bp)
d_leave:
	mov %bp, %sp
	FRAME_LEAVE

d_set_status:
	push %ds
	push %bx
	mov $BDA_SEG, %bx
	mov %bx, %ds
	mov %al, BDA_DISK_STATUS
	pop %bx
	pop %ds
	ret

/* 01h: status of the last operation (not itself recorded). */
d_status:
	push %ds
	mov $BDA_SEG, %bx
	mov %bx, %ds
	mov BDA_DISK_STATUS, %al
	pop %ds
	mov %al, F_AH(%bp)
	andw $~FL_CF, F_FLAGS(%bp)
	test %al, %al
	jz d_leave
	orw $FL_CF, F_FLAGS(%bp)
	jmp d_leave

/* 02h/03h/04h: AL sectors at cylinder CH + (CL bits 6-7) << 8, head DH,
 * sector CL bits 0-5 (from 1), to/from ES:BX. AL returns the count moved. */
d_chs:
	movb $0, F_AL(%bp)
	movw $0, L_DONE(%bp)
	movzbw %al, %ax
	test %ax, %ax
	jz d_eparam
	mov %ax, L_LEFT(%bp)
	movzbl %cl, %esi
	and $0x3F, %si		/* sector */
	jz d_eparam
	cmp %ds:EB_LSPT, %si
	ja d_eparam
	movzbl %dh, %edi	/* head */
	cmp %ds:EB_LHEADS, %di
	jae d_eparam
	movzbl %cl, %eax	/* cylinder */
	shl $2, %ax
	mov %ch, %al
	cmp %ds:EB_LCYLS, %ax
	jae d_eparam
	movzwl %ds:EB_LHEADS, %ecx
	imul %ecx, %eax
	add %edi, %eax
	movzwl %ds:EB_LSPT, %ecx
	imul %ecx, %eax
	dec %esi
	add %esi, %eax
	mov %eax, L_LBA(%bp)
	movb $0, L_WRITE(%bp)
	cmpb $0x03, F_AH(%bp)
	jne 1f
	movb $1, L_WRITE(%bp)
1:	mov F_ES(%bp), %es
	mov F_BX(%bp), %di
	cmpb $0x04, F_AH(%bp)
	je 2f
	call disk_xfer
	jmp 3f
2:	call disk_check_range
	jc 3f
	mov L_LEFT(%bp), %cx
	mov %cx, L_DONE(%bp)
	xor %al, %al
3:	mov L_DONE(%bp), %cx
	mov %cl, F_AL(%bp)
	jmp d_finish

/* 08h: CH/CL = last cylinder and sector count, DH = last head,
 * DL = number of drives. */
d_params:
	mov %ds:EB_LCYLS, %ax
	dec %ax
	mov %al, F_CH(%bp)
	shr $2, %ax
	and $0xC0, %al
	or %ds:EB_LSPT, %al
	mov %al, F_CL(%bp)
	mov %ds:EB_LHEADS, %ax
	dec %ax
	mov %al, F_DH(%bp)
	push %es
	mov $BDA_SEG, %ax
	mov %ax, %es
	mov %es:BDA_NUM_DISKS, %al
	pop %es
	mov %al, F_DL(%bp)
	movb $0, F_AL(%bp)
	jmp d_ok

/* 15h: AH = 3 (fixed disk), CX:DX = sectors. */
d_type:
	mov %ds:EB_SECTORS, %eax
	mov %ax, F_DX(%bp)
	shr $16, %eax
	mov %ax, F_CX(%bp)
	xor %al, %al
	call d_set_status
	movb $3, F_AH(%bp)
	andw $~FL_CF, F_FLAGS(%bp)
	jmp d_leave

/* 41h: BX = 0x55AA asks; answer BX = 0xAA55, AH = 0x30 (EDD 3.0),
 * CX = 1 (the packet functions 42h-44h, 47h, 48h). */
d_ext_check:
	cmpw $0x55AA, F_BX(%bp)
	jne d_eparam
	movw $0xAA55, F_BX(%bp)
	movw $0x0001, F_CX(%bp)
	xor %al, %al
	call d_set_status
	movb $0x30, F_AH(%bp)
	andw $~FL_CF, F_FLAGS(%bp)
	jmp d_leave

/*
 * 42h/43h/44h/47h: the disk address packet at DS:SI: size (>= 0x10),
 * count (word, rewritten with the count moved), buffer seg:off, LBA (qword).
 * A 64-bit flat buffer (FFFF:FFFF) is not supported.
 */
d_ext_rw:
	mov F_DS(%bp), %es
	mov F_SI(%bp), %si
	cmpb $0x10, %es:(%si)
	jb d_eparam
	mov %es:2(%si), %cx
	mov %cx, L_LEFT(%bp)
	movw $0, L_DONE(%bp)
	mov %es:8(%si), %eax
	mov %eax, L_LBA(%bp)
	mov $DISK_EPARAM, %al	/* LBA >= 2^32: past the end */
	cmpl $0, %es:12(%si)
	jne 5f
	movb $0, L_WRITE(%bp)
	cmpb $0x43, F_AH(%bp)
	jne 1f
	movb $1, L_WRITE(%bp)
1:	cmpb $0x42, F_AH(%bp)
	je 2f
	cmpb $0x43, F_AH(%bp)
	je 2f
	/* 44h verify, 47h seek: the range is all there is to check */
	cmpb $0x47, F_AH(%bp)
	jne 3f
	movw $1, L_LEFT(%bp)
3:	call disk_check_range
	jc 5f
	mov %es:2(%si), %cx
	mov %cx, L_DONE(%bp)
	xor %al, %al
	jmp 5f
2:	cmpl $0xFFFFFFFF, %es:4(%si)
	mov $DISK_EPARAM, %al
	je 5f
	push %es
	push %si
	mov %es:4(%si), %di
	mov %es:6(%si), %es
	call disk_xfer
	pop %si
	pop %es
5:	mov L_DONE(%bp), %cx
	cmpb $0x47, F_AH(%bp)
	je 6f
	mov %cx, %es:2(%si)
6:	jmp d_finish

/* 48h: the drive parameter buffer at DS:SI (size word first, >= 0x1A). */
d_ext_params:
	mov F_DS(%bp), %es
	mov F_SI(%bp), %di
	mov %es:(%di), %ax
	cmp $0x1A, %ax
	jb d_eparam
	movw $0x1A, %es:(%di)
	cmp $0x1E, %ax
	jb 1f
	movw $0x1E, %es:(%di)
	movl $0xFFFFFFFF, %es:0x1A(%di)	/* no device parameter table */
1:	movw $0x0002, %es:2(%di)		/* CHS information valid */
	movzwl %ds:EB_PCYLS, %eax
	mov %eax, %es:4(%di)
	movzwl %ds:EB_PHEADS, %eax
	mov %eax, %es:8(%di)
	movzwl %ds:EB_PSPT, %eax
	mov %eax, %es:12(%di)
	mov %ds:EB_SECTORS, %eax
	mov %eax, %es:16(%di)
	movl $0, %es:20(%di)
	movw $512, %es:24(%di)
	jmp d_ok

/* CF = 1 when L_LBA + L_LEFT runs past the end of the disk: AL = 01h when
 * even the first sector is not there (an invalid address, as SeaBIOS and
 * other BIOSes answer), 04h (sector not found) when the range crosses the
 * end. DS = EBDA. */
disk_check_range:
	mov L_LBA(%bp), %eax
	cmp %ds:EB_SECTORS, %eax
	jae 2f
	movzwl L_LEFT(%bp), %edx
	add %eax, %edx
	jc 1f
	cmp %ds:EB_SECTORS, %edx
	ja 1f
	clc
	ret
1:	mov $DISK_ENOTFOUND, %al
	stc
	ret
2:	mov $DISK_EPARAM, %al
	stc
	ret

/*
 * Move L_LEFT sectors from L_LBA to/from ES:DI (L_WRITE says which), in
 * commands of at most 128 sectors, advancing ES by 0x20 a sector so any
 * count fits. Returns AL = status, L_DONE = sectors moved. DS = EBDA.
 */
disk_xfer:
	movw $0, L_DONE(%bp)
	call disk_check_range
	jc 9f
1:	mov L_LEFT(%bp), %cx
	jcxz 8f
	cmp $128, %cx
	jbe 2f
	mov $128, %cx
2:	mov %cx, L_N(%bp)
	call ata_command
	jc 9f
3:	call ata_delay
	call ata_wait
	mov $DISK_ETIMEOUT, %ah
	jc 7f
	test $ATA_SR_ERR | ATA_SR_DF, %al
	jnz 6f
	test $ATA_SR_DRQ, %al
	mov $DISK_ECTRL, %ah
	jz 7f
	push %di
	ATA_PORT ATA_DATA
	mov $256, %cx
	cmpb $0, L_WRITE(%bp)
	jne 4f
	rep insw
	jmp 5f
4:	push %ds
	push %si
	mov %di, %si
	push %es
	pop %ds
	rep outsw
	pop %si
	pop %ds
5:	pop %di
	mov %es, %ax
	add $0x20, %ax
	mov %ax, %es
	incw L_DONE(%bp)
	decw L_LEFT(%bp)
	incl L_LBA(%bp)
	decw L_N(%bp)
	jnz 3b
	jmp 1b
8:	cmpb $0, L_WRITE(%bp)
	je 0f
	/* the last sector's data is in; wait, then flush the write cache */
	call ata_wait
	mov $DISK_ETIMEOUT, %ah
	jc 7f
	test $ATA_SR_ERR | ATA_SR_DF, %al
	jnz 6f
	ATA_PORT ATA_CMD
	mov $0xE7, %al
	out %al, %dx
	call ata_delay
	call ata_wait
	mov $DISK_ETIMEOUT, %ah
	jc 7f
	test $ATA_SR_ERR | ATA_SR_DF, %al
	jnz 6f
0:	xor %al, %al
9:	ret
	/* the drive reported an error: IDNF = not found, UNC = bad data */
6:	ATA_PORT ATA_ERROR
	in %dx, %al
	mov $DISK_ENOTFOUND, %ah
	test $0x10, %al
	jnz 7f
	mov $DISK_EBADSECT, %ah
	test $0x40, %al
	jnz 7f
	mov $DISK_ECTRL, %ah
7:	mov %ah, %al
	ret

/*
 * Issue READ/WRITE SECTORS (EXT when the range needs LBA48) for CX sectors
 * from L_LBA. CF = 1 with AL = status on failure. DS = EBDA.
 */
ata_command:
	call ata_wait
	jnc 1f
	mov $DISK_ETIMEOUT, %al
	ret
1:	mov L_LBA(%bp), %ebx
	movzwl %cx, %eax
	add %ebx, %eax
	cmp $0x0FFFFFFF, %eax
	ja 3f
	/* LBA28 */
	mov %ebx, %eax
	shr $24, %eax
	and $0x0F, %al
	or %ds:EB_ATA_DEV, %al
	or $0x40, %al		/* LBA */
	ATA_PORT ATA_DEVICE
	out %al, %dx
	call ata_lba_low
	mov $0x20, %al
	cmpb $0, L_WRITE(%bp)
	je 2f
	mov $0x30, %al
2:	ATA_PORT ATA_CMD
	out %al, %dx
	clc
	ret
3:	cmpb $0, %ds:EB_DISK_LBA48
	jne 4f
	mov $DISK_EPARAM, %al
	stc
	ret
4:	ATA_PORT ATA_DEVICE
	mov %ds:EB_ATA_DEV, %al
	or $0x40, %al
	out %al, %dx
	ATA_PORT ATA_COUNT	/* high halves first: count 15:8, LBA 47:24 */
	xor %al, %al
	out %al, %dx
	mov %ebx, %eax
	shr $24, %eax
	inc %dx
	out %al, %dx
	xor %al, %al
	inc %dx
	out %al, %dx
	inc %dx
	out %al, %dx
	call ata_lba_low
	mov $0x24, %al
	cmpb $0, L_WRITE(%bp)
	je 2b
	mov $0x34, %al
	jmp 2b

/* Count CL (128 at most) and LBA bits 23:0 from EBX into the task file. */
ata_lba_low:
	ATA_PORT ATA_COUNT
	mov %cl, %al
	out %al, %dx
	mov %ebx, %eax
	inc %dx
	out %al, %dx
	shr $8, %eax
	inc %dx
	out %al, %dx
	shr $8, %eax
	inc %dx
	out %al, %dx
	ret
