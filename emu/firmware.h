/*
 * The contract between the emulator and the firmware (guest/bios/), for the
 * few things the machine must tell the BIOS that a real PC would not. Only
 * #defines, so both the host C code and the BIOS assembly (run through cpp)
 * include it. Documented in docs/BIOS.md, "Direct kernel boot".
 *
 * Direct kernel boot (lucid -kernel): emu/bootproto.c loads the boot sector
 * and setup code of a Linux boot-protocol image at SEG:0 (SEG a multiple of
 * 0x100, below the EBDA), fills in the header (cmd_line_ptr, heap_end_ptr
 * with CAN_USE_HEAP, type_of_loader, ramdisk...), loads the protected-mode
 * part at 0x100000, then sets two CMOS bytes before the CPU leaves reset:
 *	CMOS[FW_CMOS_BOOT_MODE] = FW_BOOT_KERNEL
 *	CMOS[FW_CMOS_SETUP_SEG] = SEG >> 8
 * The BIOS runs its whole POST, checks for "HdrS" at SEG:0x202, and then
 * enters the setup code the way the boot protocol says: CS = SEG + 0x20,
 * IP = 0, DS = ES = FS = GS = SS = SEG, SP = heap_end_ptr + 0x200 (0x9000
 * when CAN_USE_HEAP is clear), interrupts disabled. Any other value of the
 * mode byte means: boot from the disk (INT 19h).
 */
#ifndef LUCID_FIRMWARE_H
#define LUCID_FIRMWARE_H

#define FW_CMOS_BOOT_MODE	0x7E	/* FW_BOOT_KERNEL: a kernel is loaded */
#define FW_BOOT_KERNEL		0x4C	/* 'L' */
#define FW_CMOS_SETUP_SEG	0x7F	/* setup segment >> 8 (0x10 = 0x1000, 0x90 = 0x9000) */

/*
 * When nothing can be booted the BIOS prints "No bootable disk", writes this
 * value to the isa-debug-exit port 0xF4 (the emulator exits with status
 * (0x0B << 1) | 1 = 23; on a machine without that port nothing happens) and
 * halts.
 */
#define FW_DEBUG_EXIT_PORT	0xF4
#define FW_EXIT_NO_BOOT		0x0B	/* exit status 23 */

#endif
