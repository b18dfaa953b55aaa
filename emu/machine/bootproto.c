/*
 * The loader side of the Linux x86 boot protocol (Linux
 * Documentation/arch/x86/boot.rst, protocol versions 2.00-2.15): the kernel
 * file is the setup sectors (1 + setup_sects, a real-mode program with the
 * "HdrS" header at 0x202) followed by the protected-mode kernel. A loader
 * must place the setup code (we use 0x90000, the traditional spot that works
 * for every protocol version), the kernel at 0x100000 (bzImage, LOADED_HIGH)
 * or 0x10000 (zImage), the command line and the initrd, and record in the
 * header where it put them: type_of_loader, CAN_USE_HEAP with heap_end_ptr,
 * cmd_line_ptr (2.02+) or the old 0xA33F magic (before 2.02), ramdisk_image
 * and ramdisk_size. The BIOS then copies the pieces out of fw_cfg and jumps
 * to the setup entry (see bootproto.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/hostfile.h"
#include "emu/machine/bootproto.h"

/* Setup header offsets (boot.rst, "The real-mode kernel header"). */
#define HDR_SETUP_SECTS 0x1F1
#define HDR_BOOT_FLAG 0x1FE
#define HDR_HEADER 0x202
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21C
#define HDR_HEAP_END_PTR 0x224
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22C
#define HDR_CMDLINE_SIZE 0x238
#define OLD_CL_MAGIC 0x020
#define OLD_CL_OFFSET 0x022

#define LOADED_HIGH 0x01
#define CAN_USE_HEAP 0x80

/* Neither a kernel nor an initrd can be larger than the 32-bit machine's RAM. */
#define BOOT_FILE_MAX 0x7FFFFFFFu

int bootproto_load(struct fw_cfg *fw, const char *kernel, const char *cmdline,
		   const char *initrd, u32 ram_size, char *err, size_t errlen)
{
	size_t ksize, isize = 0;
	u8 *k = host_read_file(kernel, "kernel", BOOT_FILE_MAX, &ksize, err, errlen);
	u8 *rd = NULL;
	int ret = -1;

	if (!k)
		return -1;
	if (!cmdline)
		cmdline = "";
	if (ksize < 1024 || memcmp(k + HDR_HEADER, "HdrS", 4) || ld16(k + HDR_BOOT_FLAG) != 0xAA55) {
		snprintf(err, errlen, "kernel '%s' has no Linux boot protocol header (HdrS)", kernel);
		goto out;
	}
	u16 version = ld16(k + HDR_VERSION);
	if (version < 0x0200) {
		snprintf(err, errlen, "kernel '%s' uses boot protocol %u.%02u; 2.00 or later is needed",
			 kernel, version >> 8, version & 0xFF);
		goto out;
	}
	u32 setup_sects = k[HDR_SETUP_SECTS] ? k[HDR_SETUP_SECTS] : 4;
	u32 setup_size = (setup_sects + 1) * 512;
	if (setup_size >= ksize) {
		snprintf(err, errlen, "kernel '%s' is shorter than its %u setup sectors", kernel,
			 setup_sects);
		goto out;
	}
	if (setup_size > BOOT_CMDLINE_ADDR - BOOT_SETUP_ADDR) {
		snprintf(err, errlen, "kernel '%s': setup code of %u bytes is too large", kernel,
			 setup_size);
		goto out;
	}
	u32 pm_size = ksize - setup_size;
	bool high = k[HDR_LOADFLAGS] & LOADED_HIGH;
	u32 pm_addr = high ? 0x100000 : 0x10000;
	if (!high && pm_size > 0x80000) {
		snprintf(err, errlen, "kernel '%s' is a zImage of %u bytes; at most 512 KiB fits",
			 kernel, pm_size);
		goto out;
	}
	if ((u64)pm_addr + pm_size > ram_size) {
		snprintf(err, errlen, "kernel '%s' (%u bytes) does not fit in %u MiB of RAM", kernel,
			 pm_size, ram_size >> 20);
		goto out;
	}
	size_t cl_len = strlen(cmdline);
	u32 cl_max = version >= 0x0206 ? ld32(k + HDR_CMDLINE_SIZE) : 255;
	if (cl_max > 2047)
		cl_max = 2047;	/* what fits below the EBDA */
	if (cl_len > cl_max) {
		snprintf(err, errlen, "kernel command line is %zu bytes; this kernel takes at most %u",
			 cl_len, cl_max);
		goto out;
	}

	/* The header fields a boot loader must fill in. */
	u8 *setup = k;
	setup[HDR_SETUP_SECTS] = setup_sects;
	setup[HDR_TYPE_OF_LOADER] = BOOT_LOADER_TYPE;
	if (version >= 0x0201) {
		st16(setup + HDR_HEAP_END_PTR, BOOT_HEAP_END - 0x200);
		setup[HDR_LOADFLAGS] |= CAN_USE_HEAP;
	}
	if (version >= 0x0202) {
		st32(setup + HDR_CMD_LINE_PTR, BOOT_CMDLINE_ADDR);
	} else {
		st16(setup + OLD_CL_MAGIC, 0xA33F);
		st16(setup + OLD_CL_OFFSET, BOOT_CMDLINE_ADDR - BOOT_SETUP_ADDR);
	}

	u32 initrd_addr = 0;
	if (initrd) {
		rd = host_read_file(initrd, "initrd", BOOT_FILE_MAX, &isize, err, errlen);
		if (!rd)
			goto out;
		/* As high as the kernel allows, page-aligned, as boot.rst recommends. */
		u32 max = version >= 0x0203 ? ld32(k + HDR_INITRD_ADDR_MAX) : 0x37FFFFFF;
		u64 top = (u64)max + 1 < ram_size ? (u64)max + 1 : ram_size;
		if (isize > top || ((top - isize) & ~0xFFFull) < (u64)pm_addr + pm_size) {
			snprintf(err, errlen, "initrd '%s' (%zu bytes) does not fit in RAM above the kernel",
				 initrd, isize);
			goto out;
		}
		initrd_addr = (top - isize) & ~0xFFFu;
		st32(setup + HDR_RAMDISK_IMAGE, initrd_addr);
		st32(setup + HDR_RAMDISK_SIZE, isize);
	}

	if (fw_cfg_set_u32(fw, FW_CFG_SETUP_ADDR, BOOT_SETUP_ADDR) ||
	    fw_cfg_set_u32(fw, FW_CFG_SETUP_SIZE, setup_size) ||
	    fw_cfg_set(fw, FW_CFG_SETUP_DATA, setup, setup_size) ||
	    fw_cfg_set_u32(fw, FW_CFG_KERNEL_ADDR, pm_addr) ||
	    fw_cfg_set_u32(fw, FW_CFG_KERNEL_SIZE, pm_size) ||
	    fw_cfg_set(fw, FW_CFG_KERNEL_DATA, k + setup_size, pm_size) ||
	    fw_cfg_set_u32(fw, FW_CFG_KERNEL_ENTRY, ((BOOT_SETUP_ADDR >> 4) + 0x20) << 16) ||
	    fw_cfg_set_u32(fw, FW_CFG_CMDLINE_ADDR, BOOT_CMDLINE_ADDR) ||
	    fw_cfg_set_u32(fw, FW_CFG_CMDLINE_SIZE, cl_len + 1) ||
	    fw_cfg_set(fw, FW_CFG_CMDLINE_DATA, cmdline, cl_len + 1) ||
	    fw_cfg_set_u32(fw, FW_CFG_INITRD_ADDR, initrd_addr) ||
	    fw_cfg_set_u32(fw, FW_CFG_INITRD_SIZE, isize) ||
	    (rd && fw_cfg_set(fw, FW_CFG_INITRD_DATA, rd, isize))) {
		snprintf(err, errlen, "out of memory loading the kernel");
		goto out;
	}
	ret = 0;
out:
	free(k);
	free(rd);
	return ret;
}
