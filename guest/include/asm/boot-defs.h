/*
 * Constants shared by the assembly and C sides of the boot path (real-mode
 * setup, decompressor, kernel head). Values as in Linux's
 * arch/x86/include/asm/bootparam.h and segment.h.
 */
#ifndef _ASM_BOOT_DEFS_H
#define _ASM_BOOT_DEFS_H

#define LOADED_HIGH	(1 << 0)
#define CAN_USE_HEAP	(1 << 7)
#define COMMAND_LINE_SIZE 2048
#define STACK_SIZE	1024

/* The boot GDT of the boot protocol: the 32-bit entry runs with these. */
#define GDT_ENTRY_BOOT_CS	2
#define GDT_ENTRY_BOOT_DS	3
#define GDT_ENTRY_BOOT_TSS	4
#define __BOOT_CS	(GDT_ENTRY_BOOT_CS * 8)
#define __BOOT_DS	(GDT_ENTRY_BOOT_DS * 8)
#define __BOOT_TSS	(GDT_ENTRY_BOOT_TSS * 8)

/* Where things go in physical memory. */
#define LOAD_PHYSICAL_ADDR	0x100000	/* the decompressed kernel */
#define DECOMP_BASE		0x400000	/* the decompressor relocates itself here */
#define KERNEL_MAX_SIZE		(DECOMP_BASE - LOAD_PHYSICAL_ADDR)
#define LUCIX_MIN_RAM_KB	(8 * 1024)	/* less than this: setup panics */

#endif
