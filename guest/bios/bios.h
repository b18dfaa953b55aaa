/*
 * Shared definitions for the Lucid BIOS assembly: the BIOS data area (BDA)
 * layout of the IBM PC/AT Technical Reference, the BIOS's private variables
 * in the extended BIOS data area (EBDA), the ports it drives, and the stack
 * frame every service handler builds. Included by every guest/bios/*.S.
 */
#ifndef LUCID_BIOS_H
#define LUCID_BIOS_H

#include "emu/lib/firmware.h"
#include "emu/lib/x86.h"

#define BIOS_SEG	0xF000
#define BDA_SEG		0x0040
#define EBDA_SEG	0x9FC0		/* 1 KiB just below 640 KiB */
#define EBDA_KB		1
#define BASE_KB		639		/* conventional memory left to the OS */
#define VGA_TEXT_SEG	0xB800
#define POST_STACK	0x7000		/* 0000:7000 during POST, below the boot sector */
#define BOOT_ADDR	0x7C00
#define SCRATCH_SEG	0x07C0		/* 512-byte scratch buffer at 0x7C00 during POST */

/* BIOS data area, offsets in segment 0x40 */
#define BDA_COM1	0x00	/* word: COM1 base port, 0 if absent */
#define BDA_EBDA_SEG	0x0E	/* word */
#define BDA_EQUIP	0x10	/* word: INT 11h equipment list */
#define BDA_MEM_KB	0x13	/* word: INT 12h conventional memory in KiB */
#define BDA_KBD_FLAGS0	0x17	/* byte: shift flags */
#define BDA_KBD_FLAGS1	0x18	/* byte: pressed-key flags */
#define BDA_KBD_HEAD	0x1A	/* word: offset (from 0x400) of the next key */
#define BDA_KBD_TAIL	0x1C	/* word: offset of the next free slot */
#define BDA_KBD_BUF	0x1E	/* 16 words */
#define BDA_VID_MODE	0x49	/* byte */
#define BDA_VID_COLS	0x4A	/* word */
#define BDA_VID_PGSIZE	0x4C	/* word: bytes per page */
#define BDA_VID_PGOFF	0x4E	/* word: offset of the active page */
#define BDA_CURSOR	0x50	/* 8 words: (row << 8) | col per page */
#define BDA_CURSOR_SHAPE 0x60	/* word: (start << 8) | end */
#define BDA_VID_PAGE	0x62	/* byte: active page */
#define BDA_CRTC_BASE	0x63	/* word: 0x3D4 */
#define BDA_VID_MSR	0x65	/* byte: mode select register value */
#define BDA_TICKS	0x6C	/* dword: ticks since midnight */
#define BDA_MIDNIGHT	0x70	/* byte: day rollover flag */
#define BDA_DISK_STATUS	0x74	/* byte: status of the last INT 13h */
#define BDA_NUM_DISKS	0x75	/* byte: hard disks */
#define BDA_KBD_START	0x80	/* word: buffer start offset */
#define BDA_KBD_END	0x82	/* word: buffer end offset */
#define BDA_VID_ROWS	0x84	/* byte: rows - 1 */
#define BDA_CHAR_HEIGHT	0x85	/* word: scan lines per character */
#define BDA_VID_CTL	0x87	/* byte: EGA/VGA control */
#define BDA_VID_SWITCH	0x88	/* byte */
#define BDA_VGA_FLAGS	0x89	/* byte */
#define BDA_KBD_FLAGS3	0x96	/* byte: keyboard mode (bit 1: E0 prefix seen) */
#define BDA_KBD_FLAGS2	0x97	/* byte: LEDs */

#define TICKS_PER_DAY	0x1800B0

/* Private variables in the EBDA (offset 0 holds its size in KiB). */
#define EB_DISK_PRESENT	0x40	/* byte: 1 if an ATA disk answered IDENTIFY */
#define EB_DISK_LBA48	0x41	/* byte: 1 if it supports LBA48 */
#define EB_LCYLS	0x42	/* word: logical (INT 13h) cylinders */
#define EB_LHEADS	0x44	/* word: logical heads */
#define EB_LSPT		0x46	/* word: logical sectors per track */
#define EB_SECTORS	0x48	/* dword: total sectors (capped at 2^32-1) */
#define EB_PCYLS	0x4C	/* word: IDENTIFY cylinders */
#define EB_PHEADS	0x4E	/* word: IDENTIFY heads */
#define EB_PSPT		0x50	/* word: IDENTIFY sectors per track */
#define EB_ATA_BASE	0x52	/* word: command block of the drive above (0x1F0/0x170) */
/* 0x40-0x53 describe the drive INT 13h is working on: each call copies the
 * caller's drive in from its entry in the table below. */
#define EB_DRIVE_LEN	0x14	/* bytes 0x40-0x53 */
#define EB_VIDEO_ROM	0x54	/* dword: INT 10h of a video option ROM, 0 if none */
#define EB_RAM_TOP	0x58	/* dword: end of RAM above 1 MiB (bytes) */
#define EB_EXT_KB	0x5C	/* word: CMOS 0x30/0x31, KiB above 1 MiB */
#define EB_HI64K	0x5E	/* word: CMOS 0x34/0x35, 64 KiB above 16 MiB */
#define EB_KBD_OK	0x60	/* byte: 8042 self-test passed */
#define EB_E820_COUNT	0x61	/* byte: entries in the E820 map */
#define EB_RAM_BAD	0x62	/* byte: failed memory checks at POST */
#define EB_ATA_DEV	0x63	/* byte: its device register base, 0xA0 master, 0xB0 slave */
#define EB_COM1_TAKEN	0x64	/* byte: 1 once the OS reprogrammed COM1 (mirroring stops) */
/* The first ATAPI CD-ROM POST found (cdrom.S), and what El Torito booted. */
#define EB_CD_BASE	0x66	/* word: its command block (0x1F0/0x170) */
#define EB_CD_DEV	0x68	/* byte: its device byte (0xA0/0xB0), 0 if none */
#define EB_CD_BOOTED	0x69	/* byte: 1 once the BIOS booted from it */
#define EB_CD_SECTORS	0x6C	/* dword: 2048-byte sectors (READ CAPACITY) */
#define EB_CD_IMAGE	0x70	/* dword: the boot image's first sector */
#define EB_CD_LOADSEG	0x74	/* word: where it was loaded */
#define EB_CD_COUNT	0x76	/* word: its length in 512-byte sectors */
#define EB_E820		0x80	/* the E820 map, 20 bytes an entry, up to 8 */
/* The hard disks found at POST, BIOS drive 0x80 first: EB_DRIVE_LEN bytes
 * laid out as 0x40-0x53, then the device byte (EB_ATA_DEV). */
#define EB_DRIVES	0x200
#define EB_DRIVE_SIZE	0x20
#define EB_MAX_DRIVES	4
#define EB_CD_PKT	0x300	/* 12 bytes: the packet command being sent */
#define EB_CD_SENSE	0x310	/* 18 bytes: REQUEST SENSE data (thrown away) */
#define CD_DRIVE	0xE0	/* its INT 13h drive number, SeaBIOS's */

/* fw_cfg's ports and item keys (FW_CFG_*) are in emu/lib/firmware.h. */

/* Ports */
#define PORT_POST	0x80
#define PORT_A20	0x92
#define PORT_DEBUGCON	FW_DEBUGCON_PORT
#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xA0
#define PIC2_DATA	0xA1
#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define KBC_DATA	0x60
#define KBC_STATUS	0x64
#define COM1		0x3F8
#define ATA_BASE	0x1F0	/* the primary channel; the secondary is at 0x170 */
#define ATA_BASE2	0x170
#define ATA_CTL_OFF	0x206	/* control block: base + 0x206 (0x3F6, 0x376) */
#define ATA_DATA	0x1F0
#define ATA_ERROR	0x1F1
#define ATA_COUNT	0x1F2
#define ATA_LBA0	0x1F3
#define ATA_LBA1	0x1F4
#define ATA_LBA2	0x1F5
#define ATA_DEVICE	0x1F6
#define ATA_STATUS	0x1F7	/* read */
#define ATA_CMD		0x1F7	/* write */
#define ATA_CTL		0x3F6	/* device control (write) / alternate status (read) */

#define ATA_SR_BSY	0x80
#define ATA_SR_DF	0x20
#define ATA_SR_DRQ	0x08
#define ATA_SR_ERR	0x01

/* INT 13h status codes (AH) */
#define DISK_OK		0x00
#define DISK_EPARAM	0x01	/* bad command or parameter */
#define DISK_ENOTFOUND	0x04	/* sector not found / past the end */
#define DISK_EBADSECT	0x10	/* uncorrectable data error */
#define DISK_ECTRL	0x20	/* controller failure */
#define DISK_ETIMEOUT	0x80	/* drive did not answer */
#define DISK_ENOTREADY	0xAA	/* no such drive */

/*
 * The service-handler frame: each INT handler runs FRAME_ENTER (pushal, then
 * DS and ES) and addresses the caller's registers through %bp, which is the
 * stack pointer after the pushes. Results are written into the frame;
 * FRAME_LEAVE restores everything and IRETs, so FLAGS come from F_FLAGS.
 */
#define F_ES	0
#define F_DS	2
#define F_EDI	4
#define F_DI	4
#define F_ESI	8
#define F_SI	8
#define F_EBP	12
#define F_EBX	20
#define F_BX	20
#define F_BL	20
#define F_BH	21
#define F_EDX	24
#define F_DX	24
#define F_DL	24
#define F_DH	25
#define F_ECX	28
#define F_CX	28
#define F_CL	28
#define F_CH	29
#define F_EAX	32
#define F_AX	32
#define F_AL	32
#define F_AH	33
#define F_IP	36
#define F_CS	38
#define F_FLAGS	40

#define FL_CF	0x0001
#define FL_ZF	0x0040

#ifdef __ASSEMBLER__
	.macro FRAME_ENTER
	pushal
	push %ds
	push %es
	mov %sp, %bp
	.endm

	.macro FRAME_LEAVE
	pop %es
	pop %ds
	popal
	iret
	.endm

	/* Write a POST code to port 0x80 (clobbers AL). */
	.macro POST code
	mov $\code, %al
	out %al, $PORT_POST
	.endm

	/* Point DS at the EBDA (clobbers AX). */
	.macro DS_EBDA
	mov $BDA_SEG, %ax
	mov %ax, %ds
	mov %ds:BDA_EBDA_SEG, %ax
	mov %ax, %ds
	.endm
#endif

#endif
