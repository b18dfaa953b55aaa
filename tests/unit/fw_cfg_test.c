/* fw_cfg's file directory and the files SeaBIOS reads, through the ports. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "devices/fw_cfg.h"

static struct bus bus;
static struct fw_cfg *fw;

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 32 << 20), 0);
	fw = fw_cfg_create(&bus, 32 << 20);
	cr_assert_not_null(fw);
}

static void teardown(void)
{
	fw_cfg_destroy(fw);
	bus_free(&bus);
}

TestSuite(fw_cfg, .init = setup, .fini = teardown);

static void sel(u16 key) { bus_io_write(&bus, FW_CFG_PORT_SEL, key, 2); }

static void rd(void *buf, u32 n)
{
	u8 *b = buf;
	for (u32 i = 0; i < n; i++)
		b[i] = (u8)bus_io_read(&bus, FW_CFG_PORT_DATA, 1);
}

static u32 be32(const u8 *p) { return (u32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/* Find a file in the directory: its key and size, as SeaBIOS does. */
static int find(const char *name, u16 *key, u32 *size)
{
	u8 cnt[4], e[64];
	sel(FW_CFG_FILE_DIR);
	rd(cnt, 4);
	for (u32 i = 0; i < be32(cnt); i++) {
		rd(e, 64);
		if (!strcmp((char *)e + 8, name)) {
			*key = (u16)(e[4] << 8 | e[5]);
			*size = be32(e);
			return 0;
		}
	}
	return -1;
}

Test(fw_cfg, signature_and_e820)
{
	char sig[4];
	u8 e820[20];
	u16 key;
	u32 size;

	sel(FW_CFG_SIGNATURE);
	rd(sig, 4);
	cr_assert_eq(memcmp(sig, "QEMU", 4), 0);
	cr_assert_eq(find("etc/e820", &key, &size), 0);
	cr_assert_eq(size, 20);
	cr_assert_geq(key, FW_CFG_FILE_FIRST);
	sel(key);
	rd(e820, 20);
	cr_assert_eq(ld64(e820), 0);		/* from address 0 */
	cr_assert_eq(ld64(e820 + 8), 32u << 20);	/* all of RAM */
	cr_assert_eq(ld32(e820 + 16), 1);	/* type 1: RAM */
	/* past the end: zeros */
	cr_assert_eq(bus_io_read(&bus, FW_CFG_PORT_DATA, 1), 0);
}

Test(fw_cfg, sercon_port_and_unknown_files)
{
	u8 port[2];
	u16 key;
	u32 size;

	cr_assert_eq(find("etc/sercon-port", &key, &size), 0);
	cr_assert_eq(size, 2);
	sel(key);
	rd(port, 2);
	cr_assert_eq(port[0] | port[1] << 8, 0x3F8);
	cr_assert_eq(find("bootorder", &key, &size), -1);
}

/* An arch-local key (SeaBIOS asks for ACPI tables at 0x8000) is empty; it
 * must not read as key 0, whose "QE" SeaBIOS took for 17745 tables. */
Test(fw_cfg, arch_keys_read_empty)
{
	sel(FW_CFG_ARCH_LOCAL);
	cr_assert_eq(bus_io_read(&bus, FW_CFG_PORT_DATA, 1), 0);
	cr_assert_eq(bus_io_read(&bus, FW_CFG_PORT_DATA, 1), 0);
	/* the write-channel bit is dropped: 0x4000 selects key 0 */
	sel(0x4000);
	cr_assert_eq(bus_io_read(&bus, FW_CFG_PORT_DATA, 1), 'Q');
}

Test(fw_cfg, add_file_refusals)
{
	char longname[80];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	cr_assert_eq(fw_cfg_add_file(fw, longname, "x", 1), -EINVAL);
	cr_assert_eq(fw_cfg_add_file(fw, "", "x", 1), -EINVAL);
	int rc = 0;
	for (int i = 0; i < FW_CFG_MAX_KEY && !rc; i++)
		rc = fw_cfg_add_file(fw, "etc/filler", "x", 1);
	cr_assert_eq(rc, -ENOSPC);
}
