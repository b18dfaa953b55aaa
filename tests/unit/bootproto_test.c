/* Direct kernel boot: the setup header a loader patches, read back through fw_cfg
 * the way the BIOS does (select a key at 0x510, read bytes from 0x511). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/fw_cfg.h"
#include "emu/machine/bootproto.h"

static struct bus bus;
static struct fw_cfg *fw;
static char kpath[64], ipath[64];

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 16 << 20), 0);
	fw = fw_cfg_create(&bus, 16 << 20);
	cr_assert_not_null(fw);
	strcpy(kpath, "/tmp/lucid-kernel-XXXXXX");
	strcpy(ipath, "/tmp/lucid-initrd-XXXXXX");
	close(mkstemp(kpath));
	close(mkstemp(ipath));
}

static void teardown(void)
{
	unlink(kpath);
	unlink(ipath);
	fw_cfg_destroy(fw);
	bus_free(&bus);
}

TestSuite(bootproto, .init = setup, .fini = teardown);

/* A fake bzImage: setup_sects setup sectors, a header of version ver, payload bytes. */
static void write_kernel(u8 setup_sects, u16 ver, u32 payload, u8 loadflags)
{
	u32 setup = ((setup_sects ? setup_sects : 4) + 1) * 512;
	u8 *k = calloc(1, setup + payload);
	k[0x1F1] = setup_sects;
	st16(k + 0x1FE, 0xAA55);
	memcpy(k + 0x202, "HdrS", 4);
	st16(k + 0x206, ver);
	k[0x211] = loadflags;
	st32(k + 0x22C, 0x37FFFFFF);
	st32(k + 0x238, 255);
	for (u32 i = 0; i < payload; i++)
		k[setup + i] = (u8)(i * 7);
	FILE *f = fopen(kpath, "wb");
	fwrite(k, 1, setup + payload, f);
	fclose(f);
	free(k);
}

static void select_key(u16 key) { bus_io_write(&bus, 0x510, key, 2); }
static u8 rd(void) { return bus_io_read(&bus, 0x511, 1); }

static u32 read_u32(u16 key)
{
	select_key(key);
	u32 v = rd();
	v |= rd() << 8;
	v |= rd() << 16;
	v |= (u32)rd() << 24;
	return v;
}

static void read_blob(u16 key, u8 *buf, u32 n)
{
	select_key(key);
	for (u32 i = 0; i < n; i++)
		buf[i] = rd();
}

Test(bootproto, signature_and_no_kernel)
{
	select_key(FW_CFG_SIGNATURE);
	char sig[5] = { rd(), rd(), rd(), rd(), 0 };
	cr_assert_str_eq(sig, "QEMU");
	cr_assert_eq(read_u32(FW_CFG_KERNEL_SIZE), 0, "no -kernel: boot from disk");
	select_key(0x1F);
	cr_assert_eq(rd(), 0, "an unknown key reads as zeros");
}

Test(bootproto, bzimage_header_patched_and_pieces_placed)
{
	char err[256];
	write_kernel(4, 0x020F, 10000, 0x01);
	FILE *f = fopen(ipath, "wb");
	fwrite("INITRD!", 1, 7, f);
	fclose(f);
	cr_assert_eq(bootproto_load(fw, kpath, "console=ttyS0 root=/dev/hda1", ipath, 16 << 20,
				    err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(read_u32(FW_CFG_SETUP_ADDR), 0x90000);
	cr_assert_eq(read_u32(FW_CFG_SETUP_SIZE), 5 * 512);
	cr_assert_eq(read_u32(FW_CFG_KERNEL_ADDR), 0x100000);
	cr_assert_eq(read_u32(FW_CFG_KERNEL_SIZE), 10000);
	cr_assert_eq(read_u32(FW_CFG_KERNEL_ENTRY), 0x90200000);
	u8 setup[5 * 512];
	read_blob(FW_CFG_SETUP_DATA, setup, sizeof(setup));
	cr_assert_eq(setup[0x210], 0xFF, "type_of_loader");
	cr_assert_eq(setup[0x211] & 0x81, 0x81, "LOADED_HIGH kept, CAN_USE_HEAP set");
	cr_assert_eq(ld16(setup + 0x224), 0xDE00, "heap_end_ptr");
	cr_assert_eq(ld32(setup + 0x228), 0x9E000, "cmd_line_ptr");
	u32 initrd = ld32(setup + 0x218);
	cr_assert_eq(ld32(setup + 0x21C), 7);
	cr_assert_eq(initrd, (16u << 20) - 4096, "initrd as high as possible, page-aligned");
	cr_assert_eq(read_u32(FW_CFG_INITRD_ADDR), initrd);
	u8 kdata[10000];
	read_blob(FW_CFG_KERNEL_DATA, kdata, sizeof(kdata));
	for (u32 i = 0; i < sizeof(kdata); i++)
		cr_assert_eq(kdata[i], (u8)(i * 7));
	char cl[64];
	cr_assert_eq(read_u32(FW_CFG_CMDLINE_SIZE), 29);
	read_blob(FW_CFG_CMDLINE_DATA, (u8 *)cl, 29);
	cr_assert_str_eq(cl, "console=ttyS0 root=/dev/hda1");
	char rdb[8] = { 0 };
	read_blob(FW_CFG_INITRD_DATA, (u8 *)rdb, 7);
	cr_assert_str_eq(rdb, "INITRD!");
}

Test(bootproto, old_protocol_uses_the_magic_and_low_kernel)
{
	char err[256];
	write_kernel(0, 0x0201, 4096, 0x00);	/* setup_sects 0 means 4 */
	cr_assert_eq(bootproto_load(fw, kpath, "x", NULL, 16 << 20, err, sizeof(err)), 0, "%s",
		     err);
	cr_assert_eq(read_u32(FW_CFG_SETUP_SIZE), 5 * 512);
	cr_assert_eq(read_u32(FW_CFG_KERNEL_ADDR), 0x10000, "zImage goes low");
	u8 setup[5 * 512];
	read_blob(FW_CFG_SETUP_DATA, setup, sizeof(setup));
	cr_assert_eq(ld16(setup + 0x20), 0xA33F);
	cr_assert_eq(ld16(setup + 0x22), 0xE000);
	cr_assert_eq(read_u32(FW_CFG_INITRD_SIZE), 0);
}

Test(bootproto, refuses_bad_kernels_with_a_reason)
{
	char err[256];
	FILE *f = fopen(kpath, "wb");
	fwrite("not a kernel at all", 1, 19, f);
	fclose(f);
	cr_assert_eq(bootproto_load(fw, kpath, "", NULL, 16 << 20, err, sizeof(err)), -1);
	cr_assert(strstr(err, "HdrS"), "%s", err);
	write_kernel(4, 0x0106, 100, 1);
	cr_assert_eq(bootproto_load(fw, kpath, "", NULL, 16 << 20, err, sizeof(err)), -1);
	cr_assert(strstr(err, "protocol"), "%s", err);
	write_kernel(4, 0x020F, 100, 1);
	char big[400];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	cr_assert_eq(bootproto_load(fw, kpath, big, NULL, 16 << 20, err, sizeof(err)), -1);
	cr_assert(strstr(err, "command line"), "%s", err);
	cr_assert_eq(bootproto_load(fw, "/nonexistent/vmlinuz", "", NULL, 16 << 20, err,
				    sizeof(err)), -1);
	cr_assert(strstr(err, "cannot open"), "%s", err);
	cr_assert_eq(read_u32(FW_CFG_KERNEL_SIZE), 0, "nothing half-loaded");
}
