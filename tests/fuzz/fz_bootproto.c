/*
 * The Linux boot-protocol loader (emu/machine/bootproto.c). The input is
 * a small header then the kernel image:
 *   byte 0      RAM size: 2 MiB << (b % 11), so up to 2 GiB is claimed
 *   byte 1      bit 0: an initrd follows, bit 1: no command line
 *   bytes 2-5   initrd length (the bytes after the kernel, at most what is left)
 *   bytes 6-7   command line length, then the command line
 *   the rest    the kernel (bzImage or zImage: setup sectors, "HdrS" header)
 * The fw_cfg device is filled in as for a boot and read back whole through
 * its ports (a fresh bus each input), the way the BIOS copies the pieces.
 */
#include <stdlib.h>
#include <string.h>

#include "devices/fw_cfg.h"
#include "emu/machine/bootproto.h"
#include "tests/fuzz/fuzz.h"

static struct bus bus;

void fuzz_setup(void)
{
}

/* Read item key through the ports, as the BIOS does (its first 512 bytes). */
static void read_item(struct fw_cfg *fw, u16 key, u32 n)
{
	bus_io_write(&bus, 0x510, key, 2);
	for (u32 i = 0; i < n && i < 512; i++)
		(void)bus_io_read(&bus, 0x511, 1);
}

void fuzz_one(const u8 *data, size_t len)
{
	struct fuzz_in in = { data, len, 0 };
	u32 ram = (2u << 20) << (fuzz_u8(&in) % 11);
	u32 flags = fuzz_u8(&in);
	u32 ilen = fuzz_u32(&in);
	u32 clen = fuzz_u8(&in) | fuzz_u8(&in) << 8;
	size_t got;
	const u8 *cl = fuzz_bytes(&in, clen, &got);
	char *cmdline = malloc(got + 1);
	if (!cmdline)
		exit(2);
	memcpy(cmdline, cl, got);
	cmdline[got] = 0;
	size_t rest = in.len - in.pos;
	if (!(flags & 1) || ilen > rest)
		ilen = flags & 1 ? (u32)rest / 2 : 0;
	const char *kernel = fuzz_file(0, in.p + in.pos, rest - ilen);
	const char *initrd = flags & 1 ? fuzz_file(1, in.p + in.pos + rest - ilen, ilen) : NULL;
	if (bus_init(&bus, 2u << 20))
		exit(2);
	struct fw_cfg *fw = fw_cfg_create(&bus, ram);
	if (!fw)
		exit(2);
	char err[512];
	if (!bootproto_load(fw, kernel, flags & 2 ? NULL : cmdline, initrd, ram, err, sizeof(err))) {
		static const u16 keys[] = { FW_CFG_SETUP_SIZE, FW_CFG_SETUP_DATA, FW_CFG_KERNEL_DATA,
					    FW_CFG_CMDLINE_DATA, FW_CFG_INITRD_DATA, FW_CFG_INITRD_SIZE };
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			read_item(fw, keys[k], 1u << 20);
	} else {
		fuzz_note("refused", err);
	}
	fw_cfg_destroy(fw);
	bus_free(&bus);
	free(cmdline);
}
