/*
 * GDT layout, as Linux i386 (arch/x86/include/asm/segment.h): kernel code and
 * data in entries 12 and 13, user code and data in 14 and 15 (RPL 3), the TSS
 * in 16. Entries 2 and 3 repeat the boot protocol's flat segments.
 */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS	12
#define GDT_ENTRY_KERNEL_DS	13
#define GDT_ENTRY_DEFAULT_USER_CS 14
#define GDT_ENTRY_DEFAULT_USER_DS 15
#define GDT_ENTRY_TSS		16
#define GDT_ENTRIES		32

#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)		/* 0x60 */
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)		/* 0x68 */
#define __USER_CS	(GDT_ENTRY_DEFAULT_USER_CS * 8 + 3)	/* 0x73 */
#define __USER_DS	(GDT_ENTRY_DEFAULT_USER_DS * 8 + 3)	/* 0x7b */
#define GDT_ENTRY_TSS_SEL (GDT_ENTRY_TSS * 8)			/* 0x80 */

#endif
