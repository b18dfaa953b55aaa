/*
 * The firmware configuration device, QEMU's traditional I/O interface: write
 * a 16-bit key to port 0x510, then read the item's bytes one at a time from
 * port 0x511 (past the end it reads 0). Lucid uses it for what QEMU uses it
 * for: telling the BIOS about a kernel given with -kernel (see bootproto.h for
 * the hand-over the BIOS performs), plus the RAM size. For SeaBIOS as -bios
 * there is also the file directory (key 0x19) with the files it reads:
 * "etc/e820" (the RAM map) and "etc/sercon-port" (its text on COM1).
 */
#ifndef LUCID_FW_CFG_H
#define LUCID_FW_CFG_H

#include "emu/board/bus.h"
#include "emu/board/device.h"
#include "emu/lib/firmware.h"

/* Ports and item keys (FW_CFG_*) are shared with the BIOS: emu/lib/firmware.h. */
#define FW_CFG_MAX_KEY 0x30	/* items kept: keys 0 .. FW_CFG_MAX_KEY - 1 */
#define FW_CFG_FILE_NAME 56	/* a file's name, NUL included */

struct fw_cfg;

struct fw_cfg *fw_cfg_create(struct bus *bus, u32 ram_size);
/* Releases the ports and the items. */
void fw_cfg_destroy(struct fw_cfg *fw);
struct device *fw_cfg_device(struct fw_cfg *fw);
/* Set an item to a copy of data (len bytes). 0 or -ENOMEM/-EINVAL. */
int fw_cfg_set(struct fw_cfg *fw, u16 key, const void *data, u32 len);
int fw_cfg_set_u32(struct fw_cfg *fw, u16 key, u32 v);
/* Add a named file (a copy of data) to the directory under the next free
 * key. 0, -ENOSPC when the keys are used up, -EINVAL for a bad name. */
int fw_cfg_add_file(struct fw_cfg *fw, const char *name, const void *data, u32 len);

#endif
