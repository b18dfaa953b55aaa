/*
 * QEMU's firmware configuration interface, the port form (QEMU's
 * docs/specs/fw_cfg.rst: selector at 0x510, data at 0x511, item keys).
 * Only the items Lucid has something to say in exist; every other key reads
 * as empty. Writing the selector rewinds the read position to the item's
 * start. The items are configuration, rebuilt from the command line at
 * start-up; only the selector and position are machine state.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "devices/fw_cfg.h"

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
	struct bus *bus;
	struct device device;
};

#define FW_CFG_SNAP_VERSION 1

int fw_cfg_set(struct fw_cfg *fw, u16 key, const void *data, u32 len)
{
	u8 *copy;

	if (key >= FW_CFG_MAX_KEY)
		return -EINVAL;
	copy = malloc(len ? len : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, len);
	free(fw->item[key].data);
	fw->item[key] = (struct fw_cfg_item){ copy, len };
	return 0;
}

int fw_cfg_set_u32(struct fw_cfg *fw, u16 key, u32 v)
{
	u8 b[4];
	st32(b, v);
	return fw_cfg_set(fw, key, b, 4);
}

static u32 fw_cfg_read(void *opaque, u32 offset, int size)
{
	struct fw_cfg *fw = opaque;

	if (offset != 1)
		return 0;	/* the selector is write-only */
	u16 key = fw->s.selector;
	if (key >= FW_CFG_MAX_KEY || fw->s.offset >= fw->item[key].len)
		return 0;
	return fw->item[key].data[fw->s.offset++];
}

static void fw_cfg_write(void *opaque, u32 offset, u32 val, int size)
{
	struct fw_cfg *fw = opaque;

	if (offset != 0)
		return;		/* writes to the data port are not supported */
	fw->s.selector = val & 0x3FFF;	/* drop the write-channel and arch bits */
	fw->s.offset = 0;
}

static const struct io_ops fw_cfg_ops = { fw_cfg_read, fw_cfg_write, 1 | 2 };

static void fw_cfg_reset(void *opaque)
{
	struct fw_cfg *fw = opaque;
	fw->s.selector = 0;
	fw->s.offset = 0;
}

static void fw_cfg_save(void *opaque, struct snap_writer *w)
{
	struct fw_cfg *fw = opaque;
	snap_put_section(w, "FWCF", FW_CFG_SNAP_VERSION, &fw->s, sizeof(fw->s));
}

static int fw_cfg_load(void *opaque, struct snap_reader *r)
{
	struct fw_cfg *fw = opaque;
	return snap_get_section(r, "FWCF", FW_CFG_SNAP_VERSION, &fw->s, sizeof(fw->s));
}

static void fw_cfg_info(void *opaque, void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct fw_cfg *fw = opaque;

	print(ctx, "selector %#x offset %u\n", fw->s.selector, fw->s.offset);
	for (int k = 0; k < FW_CFG_MAX_KEY; k++)
		if (fw->item[k].len)
			print(ctx, "  item %#04x: %u bytes\n", k, fw->item[k].len);
}

struct fw_cfg *fw_cfg_create(struct bus *bus, u32 ram_size)
{
	struct fw_cfg *fw = calloc(1, sizeof(*fw));
	u8 ram[8];

	if (!fw)
		return NULL;
	fw->bus = bus;
	if (bus_add_io(bus, FW_CFG_PORT_SEL, 2, &fw_cfg_ops, fw, "fw_cfg")) {
		free(fw);
		return NULL;
	}
	st64(ram, ram_size);
	if (fw_cfg_set(fw, FW_CFG_SIGNATURE, "QEMU", 4) || fw_cfg_set_u32(fw, FW_CFG_ID, 1) ||
	    fw_cfg_set(fw, FW_CFG_RAM_SIZE, ram, 8) || fw_cfg_set(fw, FW_CFG_NB_CPUS, "\1\0", 2) ||
	    fw_cfg_set_u32(fw, FW_CFG_KERNEL_SIZE, 0)) {
		fw_cfg_destroy(fw);
		return NULL;
	}
	fw->device = (struct device){
		.name = "fw_cfg", .dev = fw, .reset = fw_cfg_reset, .save = fw_cfg_save,
		.load = fw_cfg_load, .info = fw_cfg_info,
	};
	return fw;
}

void fw_cfg_destroy(struct fw_cfg *fw)
{
	if (!fw)
		return;
	bus_remove_device(fw->bus, fw);
	for (int k = 0; k < FW_CFG_MAX_KEY; k++)
		free(fw->item[k].data);
	free(fw);
}

struct device *fw_cfg_device(struct fw_cfg *fw) { return &fw->device; }
