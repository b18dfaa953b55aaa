/*
 * The few things the emulator and the firmware (guest/bios/) agree on beyond
 * what a PC defines. Only #defines, so both the host C code and the BIOS
 * assembly (run through cpp) can include it. Documented in docs/BIOS.md.
 *
 * Direct kernel boot is not here: it goes through fw_cfg exactly as on QEMU
 * (devices/fw_cfg.h, emu/machine/bootproto.h, docs/ARCHITECTURE.md "Direct kernel
 * boot"); the BIOS copies the items and enters the setup code.
 */
#ifndef LUCID_FIRMWARE_H
#define LUCID_FIRMWARE_H

/*
 * When nothing can be booted the BIOS prints "No bootable disk: <reason>",
 * writes this value to the isa-debug-exit port 0xF4 (the emulator exits
 * with status (0x0B << 1) | 1 = 23; on a machine without that port nothing
 * happens) and halts.
 */
#define FW_DEBUG_EXIT_PORT	0xF4
#define FW_EXIT_NO_BOOT		0x0B	/* exit status 23 */

#endif
