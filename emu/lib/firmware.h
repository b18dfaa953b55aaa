/*
 * The few things the emulator and the firmware (guest/bios/) agree on beyond
 * what a PC defines. Only #defines, so both the host C code and the BIOS
 * assembly (run through cpp) can include it. Documented in docs/BIOS.md.
 *
 * Direct kernel boot goes through fw_cfg exactly as on QEMU (devices/fw_cfg.h,
 * emu/machine/bootproto.h, docs/ARCHITECTURE.md "Direct kernel boot"): its
 * ports and item keys are here; the BIOS copies the items and enters the
 * setup code. The i386's own register bits are in emu/lib/x86.h.
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

/* The Bochs/QEMU debug console: bytes written appear on the host. */
#define FW_DEBUGCON_PORT	0xE9
#define FW_BIOS_LOG_PORT	0x402	/* SeaBIOS's log (-bios-log) */
#define FW_SEABIOS_DEBUG_PORT	0x402	/* SeaBIOS's log, on the same console */

/*
 * fw_cfg, QEMU's traditional port interface: write a 16-bit key to the
 * selector port, then read the item's bytes one at a time from the data
 * port. Item keys are QEMU's numbering.
 */
#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_SIGNATURE	0x00	/* "QEMU" */
#define FW_CFG_ID		0x01	/* u32 feature bits: 1 = this port interface */
#define FW_CFG_RAM_SIZE		0x03	/* u64 */
#define FW_CFG_NB_CPUS		0x05	/* u16 */
#define FW_CFG_KERNEL_ADDR	0x07	/* u32: where the protected-mode kernel goes */
#define FW_CFG_KERNEL_SIZE	0x08	/* u32: 0 = no -kernel, boot from disk */
#define FW_CFG_INITRD_ADDR	0x0A
#define FW_CFG_INITRD_SIZE	0x0B
#define FW_CFG_KERNEL_ENTRY	0x10	/* u32: CS:IP to jump to, as seg << 16 | off */
#define FW_CFG_KERNEL_DATA	0x11
#define FW_CFG_INITRD_DATA	0x12
#define FW_CFG_CMDLINE_ADDR	0x13
#define FW_CFG_CMDLINE_SIZE	0x14	/* including the NUL */
#define FW_CFG_CMDLINE_DATA	0x15
#define FW_CFG_SETUP_ADDR	0x16	/* where the (patched) setup sectors go */
#define FW_CFG_SETUP_SIZE	0x17
#define FW_CFG_SETUP_DATA	0x18
#define FW_CFG_FILE_DIR		0x19	/* u32 count (big-endian), then 64-byte entries */
#define FW_CFG_FILE_FIRST	0x20	/* the files' own keys start here */
#define FW_CFG_ARCH_LOCAL	0x8000	/* x86 items (ACPI, SMBIOS, e820 reservations) */

#endif
