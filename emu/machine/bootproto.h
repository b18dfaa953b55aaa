/*
 * Direct kernel boot (-kernel/-append/-initrd): read an image that follows
 * the Linux x86 boot protocol, patch its setup header as a boot loader must,
 * and hand the pieces to the BIOS through fw_cfg.
 *
 * The contract with the BIOS (docs/ARCHITECTURE.md, "Direct kernel boot"):
 * after POST, instead of reading a boot sector, the BIOS checks fw_cfg: the
 * signature "QEMU" and a non-zero FW_CFG_KERNEL_SIZE mean a kernel is
 * waiting. It then copies, with 0x510 = key and `rep insb` from 0x511,
 *   SETUP_DATA   (SETUP_SIZE bytes)   to SETUP_ADDR   (0x90000)
 *   KERNEL_DATA  (KERNEL_SIZE bytes)  to KERNEL_ADDR  (0x100000; 0x10000 for zImage)
 *   CMDLINE_DATA (CMDLINE_SIZE bytes) to CMDLINE_ADDR (0x9E000)
 *   INITRD_DATA  (INITRD_SIZE bytes)  to INITRD_ADDR  (if INITRD_SIZE != 0)
 * with A20 enabled (the kernel goes above 1 MiB, so the copy needs protected
 * or unreal mode, as for any loader), and enters the setup code in real mode:
 * DS = ES = FS = GS = SS = SETUP_ADDR >> 4 (0x9000), SP = 0xE000, interrupts
 * off, CS:IP = (SETUP_ADDR >> 4) + 0x20 : 0000 (0x9020:0000; Lucid's
 * FW_CFG_KERNEL_ENTRY also holds it as seg << 16 | offset). Use the addresses
 * fw_cfg gives rather than these constants: QEMU picks others (setup at
 * 0x10000, command line at 0x20000), and then one BIOS boots -kernel on both.
 * tests/machine/kboot.S is a minimal loader doing exactly this; it is tested
 * on Lucid and on QEMU.
 */
#ifndef LUCID_BOOTPROTO_H
#define LUCID_BOOTPROTO_H

#include "devices/fw_cfg.h"

#define BOOT_SETUP_ADDR 0x90000u
#define BOOT_HEAP_END 0xE000u		/* offset from BOOT_SETUP_ADDR: setup's heap and stack end */
#define BOOT_CMDLINE_ADDR 0x9E000u
#define BOOT_LOADER_TYPE 0xFF		/* "undefined": we have no assigned loader ID */

/*
 * Load the kernel (and initrd) files, patch the setup header and fill the
 * fw_cfg items. 0, or -1 with a one-line reason in err.
 */
int bootproto_load(struct fw_cfg *fw, const char *kernel, const char *cmdline,
		   const char *initrd, u32 ram_size, char *err, size_t errlen);

#endif
