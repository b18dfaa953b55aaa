/*
 * The firmware configuration device, QEMU's traditional I/O interface: write
 * a 16-bit key to port 0x510, then read the item's bytes one at a time from
 * port 0x511 (past the end it reads 0). Lucid uses it for what QEMU uses it
 * for: telling the BIOS about a kernel given with -kernel (see bootproto.h for
 * the hand-over the BIOS performs), plus the RAM size.
 */
#ifndef LUCID_FW_CFG_H
#define LUCID_FW_CFG_H

#include "emu/board/bus.h"
#include "emu/board/device.h"

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511

/* Item keys (QEMU's numbering). */
enum {
	FW_CFG_SIGNATURE = 0x00,	/* "QEMU" */
	FW_CFG_ID = 0x01,		/* u32 feature bits: 1 = this port interface */
	FW_CFG_RAM_SIZE = 0x03,		/* u64 */
	FW_CFG_NB_CPUS = 0x05,		/* u16 */
	FW_CFG_KERNEL_ADDR = 0x07,	/* u32: where the protected-mode kernel goes */
	FW_CFG_KERNEL_SIZE = 0x08,	/* u32: 0 = no -kernel, boot from disk */
	FW_CFG_INITRD_ADDR = 0x0a,
	FW_CFG_INITRD_SIZE = 0x0b,
	FW_CFG_KERNEL_ENTRY = 0x10,	/* u32: CS:IP to jump to, as seg << 16 | off */
	FW_CFG_KERNEL_DATA = 0x11,
	FW_CFG_INITRD_DATA = 0x12,
	FW_CFG_CMDLINE_ADDR = 0x13,
	FW_CFG_CMDLINE_SIZE = 0x14,	/* including the NUL */
	FW_CFG_CMDLINE_DATA = 0x15,
	FW_CFG_SETUP_ADDR = 0x16,	/* where the (patched) setup sectors go */
	FW_CFG_SETUP_SIZE = 0x17,
	FW_CFG_SETUP_DATA = 0x18,
	FW_CFG_MAX_KEY = 0x20,
};

struct fw_cfg_item {
	u8 *data;
	u32 len;
};

struct fw_cfg_state {
	u16 selector;
	u32 offset;
};

struct fw_cfg {
	struct fw_cfg_state s;
	struct fw_cfg_item item[FW_CFG_MAX_KEY];	/* configuration, not state */
	struct device device;
};

struct fw_cfg *fw_cfg_create(struct bus *bus, u32 ram_size);
void fw_cfg_destroy(struct fw_cfg *fw);
/* Set an item to a copy of data (len bytes). 0 or -ENOMEM/-EINVAL. */
int fw_cfg_set(struct fw_cfg *fw, u16 key, const void *data, u32 len);
int fw_cfg_set_u32(struct fw_cfg *fw, u16 key, u32 v);

#endif
