/*
 * QEMU's firmware configuration interface, the port form (QEMU's
 * docs/specs/fw_cfg.rst: selector at 0x510, data at 0x511, item keys).
 * Only the items Lucid has something to say in exist; every other key reads
 * as empty, the arch-local ones (0x8000 and up) included. Writing the
 * selector rewinds the read position to the item's start. Files (QEMU's
 * FW_CFG_FILE_DIR) get keys from 0x20 up, in the order they are added. The
 * items are configuration, rebuilt from the command line at start-up; only
 * the selector and position are machine state.
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
	u16 nfiles;
	u8 dir[4 + (FW_CFG_MAX_KEY - FW_CFG_FILE_FIRST) * 64];	/* the directory's bytes */
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

int fw_cfg_add_file(struct fw_cfg *fw, const char *name, const void *data, u32 len)
{
	u16 key = FW_CFG_FILE_FIRST + fw->nfiles;
	size_t n = strlen(name);

	if (n == 0 || n >= FW_CFG_FILE_NAME)
		return -EINVAL;
	if (key >= FW_CFG_MAX_KEY)
		return -ENOSPC;
	int rc = fw_cfg_set(fw, key, data, len);
	if (rc)
		return rc;
	/* Entry: u32 size, u16 key (both big-endian), u16 reserved, name. */
	u8 *e = fw->dir + 4 + fw->nfiles * 64;
	memset(e, 0, 64);
	e[0] = len >> 24, e[1] = len >> 16, e[2] = len >> 8, e[3] = len;
	e[4] = key >> 8, e[5] = key & 0xFF;
	memcpy(e + 8, name, n);
	fw->nfiles++;
	fw->dir[0] = fw->dir[1] = 0;
	fw->dir[2] = fw->nfiles >> 8, fw->dir[3] = fw->nfiles & 0xFF;
	return fw_cfg_set(fw, FW_CFG_FILE_DIR, fw->dir, 4 + fw->nfiles * 64);
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
	/* The write-channel bit goes; an arch-local key stays out of range. */
	fw->s.selector = val & ~0x4000 & 0xFFFF;
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

/*
 * The files SeaBIOS reads: the RAM map as QEMU's isapc gives it (one entry
 * of u64 address, u64 length, u32 type 1 = RAM: all of RAM, the holes being
 * SeaBIOS's business), and COM1 as its text console (QEMU gives that only
 * with -nographic), so that what SeaBIOS and the programs it boots print
 * with INT 10h reaches the serial port, as Lucid's own BIOS mirrors its text.
 */
static int fw_cfg_add_files(struct fw_cfg *fw, u32 ram_size)
{
	u8 e820[20] = { 0 };
	u8 sercon[2];

	st64(e820 + 8, ram_size);
	st32(e820 + 16, 1);
	st16(sercon, 0x3F8);
	if (fw_cfg_add_file(fw, "etc/e820", e820, sizeof(e820)) ||
	    fw_cfg_add_file(fw, "etc/sercon-port", sercon, sizeof(sercon)))
		return -1;
	return 0;
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
	    fw_cfg_set_u32(fw, FW_CFG_KERNEL_SIZE, 0) || fw_cfg_add_files(fw, ram_size)) {
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
