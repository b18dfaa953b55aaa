/* The physical memory map and the port bus. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "emu/board/bus.h"

static struct bus bus;

static void setup(void) { cr_assert_eq(bus_init(&bus, 2 << 20), 0); }
static void teardown(void) { bus_free(&bus); }

TestSuite(bus, .init = setup, .fini = teardown);

Test(bus, ram_round_trip_and_open_bus)
{
	bus_mem_write(&bus, 0x1234, 0xdeadbeef, 4);
	cr_assert_eq(bus_mem_read(&bus, 0x1234, 4), 0xdeadbeef);
	cr_assert_eq(bus_mem_read(&bus, 0x1235, 2), 0xadbe);
	/* Past the end of RAM and in the legacy hole with nothing mapped: 0xFF. */
	cr_assert_eq(bus_mem_read(&bus, 0x00300000, 4), 0xffffffff);
	cr_assert_eq(bus_mem_read(&bus, 0xA0000, 1), 0xff);
	bus_mem_write(&bus, 0xA0000, 0x12, 1);
	cr_assert_eq(bus_mem_read(&bus, 0xA0000, 1), 0xff);
}

Test(bus, rom_at_both_places_and_read_only)
{
	static u8 rom[64 * 1024];
	memset(rom, 0x90, sizeof(rom));
	rom[0xFFF0] = 0xEA;
	cr_assert_eq(bus_set_rom(&bus, rom, sizeof(rom)), 0);
	cr_assert_eq(bus_mem_read(&bus, 0xFFFF0, 1), 0xEA);
	cr_assert_eq(bus_mem_read(&bus, 0xFFFFFFF0, 1), 0xEA);
	/* The copy at the top of 4 GiB is ROM: writes vanish. */
	bus_mem_write(&bus, 0xFFFFFFF0, 0x00, 1);
	cr_assert_eq(bus_mem_read(&bus, 0xFFFFFFF0, 1), 0xEA);
	cr_assert_null(bus_host_page(&bus, 0xFFFF0000, true));
	/* Below 1 MiB the page is read in place until something writes it. */
	cr_assert_null(bus_host_page(&bus, 0xF0000, true));
	cr_assert_not_null(bus_host_page(&bus, 0xF0000, false));
	cr_assert_neq(bus_set_rom(&bus, rom, 1000), 0);
}

/* Shadow RAM (shadow.c), QEMU isapc's: the first write to a page of
 * 0xC0000-0xFFFFF makes it RAM holding what it showed. */
Test(bus, shadow_page_becomes_ram_on_first_write)
{
	static u8 rom[64 * 1024];
	for (u32 i = 0; i < sizeof(rom); i++)
		rom[i] = (u8)(i * 7);
	cr_assert_eq(bus_set_rom(&bus, rom, sizeof(rom)), 0);
	cr_assert_eq(bus.shadow_map, 0);
	bus_mem_write(&bus, 0xF1234, 0xA5, 1);
	cr_assert_eq(bus_mem_read(&bus, 0xF1234, 1), 0xA5);
	/* the rest of the page kept the ROM's bytes; the next page is still ROM */
	cr_assert_eq(bus_mem_read(&bus, 0xF1233, 1), (u8)(0x1233 * 7));
	cr_assert_eq(bus_mem_read(&bus, 0xF1FFF, 1), (u8)(0x1FFF * 7));
	cr_assert_eq(bus.shadow_map, 1ull << ((0xF1000 - SHADOW_START) >> PAGE_SHIFT));
	cr_assert_not_null(bus_host_page(&bus, 0xF1000, true));
	cr_assert_null(bus_host_page(&bus, 0xF2000, true));
	/* the ROM itself and its copy at the top of 4 GiB did not change */
	cr_assert_eq(rom[0x1234], (u8)(0x1234 * 7));
	cr_assert_eq(bus_mem_read(&bus, 0xFFFF1234, 1), (u8)(0x1234 * 7));
	/* a page with no ROM behind it showed open bus, and keeps it */
	cr_assert_eq(bus_mem_read(&bus, 0xC0010, 1), 0xFF);
	bus_mem_write(&bus, 0xC0010, 0x1234, 2);
	cr_assert_eq(bus_mem_read(&bus, 0xC000F, 4), 0xFF1234FF);
	/* a word across the edge of a shadowed page and a ROM page */
	bus_mem_write(&bus, 0xF2FFF, 0xBEEF, 2);
	cr_assert_eq(bus_mem_read(&bus, 0xF2FFF, 2), 0xBEEF);
	/* the VGA window is not shadow RAM */
	bus_mem_write(&bus, 0xB8000, 0x41, 1);
	cr_assert_eq(bus_mem_read(&bus, 0xB8000, 1), 0xFF);
	/* a reset maps the ROM back */
	bus_shadow_reset(&bus);
	cr_assert_eq(bus.shadow_map, 0);
	cr_assert_eq(bus_mem_read(&bus, 0xF1234, 1), (u8)(0x1234 * 7));
	cr_assert_eq(bus_mem_read(&bus, 0xC0010, 1), 0xFF);
}

/* Replaying a log from before shadow RAM: the area ignores writes again. */
Test(bus, no_shadow_ignores_writes)
{
	static u8 rom[64 * 1024];
	memset(rom, 0x90, sizeof(rom));
	cr_assert_eq(bus_set_rom(&bus, rom, sizeof(rom)), 0);
	bus.no_shadow = true;
	bus_mem_write(&bus, 0xF0000, 0x00, 1);
	cr_assert_eq(bus_mem_read(&bus, 0xF0000, 1), 0x90);
	cr_assert_eq(bus.shadow_map, 0);
}

static u32 last_write, last_size;
static u32 rd(void *dev, u32 off, int size) { return 0x40 + off; }
static void wr(void *dev, u32 off, u32 val, int size) { last_write = val; last_size = size; }
static const struct io_ops bytes_only = { .read = rd, .write = wr };
static const struct io_ops words = { .read = rd, .write = wr, .sizes = 2 };

Test(bus, ports_split_and_unclaimed)
{
	cr_assert_eq(bus_add_io(&bus, 0x60, 2, &bytes_only, NULL, "t"), 0);
	cr_assert_eq(bus_add_io(&bus, 0x61, 1, &bytes_only, NULL, "dup"), -EBUSY);
	/* A word read of a byte-only device is two byte reads, low port first. */
	cr_assert_eq(bus_io_read(&bus, 0x60, 2), 0x4140);
	/* Unclaimed ports read 0xFF. */
	cr_assert_eq(bus_io_read(&bus, 0x61, 2), 0xff41);
	bus_io_write(&bus, 0x60, 0x1234, 2);
	cr_assert_eq(last_write, 0x12);
	cr_assert_eq(last_size, 1);

	cr_assert_eq(bus_add_io(&bus, 0x1f0, 8, &words, NULL, "w"), 0);
	bus_io_write(&bus, 0x1f0, 0xabcd, 2);
	cr_assert_eq(last_write, 0xabcd);
	cr_assert_eq(last_size, 2);
}

static u32 code_hits;
static void on_code_write(void *o, u32 paddr, int size) { code_hits++; }

Test(bus, code_page_writes_are_reported)
{
	bus.code_write = on_code_write;
	bus_mark_code_page(&bus, 0x7000, true);
	cr_assert_null(bus_host_page(&bus, 0x7000, true));
	bus_mem_write(&bus, 0x7c00, 1, 1);
	bus_mem_write(&bus, 0x8000, 1, 1);
	cr_assert_eq(code_hits, 1);
	bus_mark_code_page(&bus, 0x7000, false);
	cr_assert_not_null(bus_host_page(&bus, 0x7000, true));
}

static bool maybe_nonzero(u32 paddr)
{
	u32 pfn = paddr >> PAGE_SHIFT;
	return bus.nonzero_bitmap[pfn >> 3] >> (pfn & 7) & 1;
}

/* Snapshots skip pages whose non-zero bit is clear without reading them, so
 * every way of writing RAM must set it: word writes (both pages of one that
 * straddles), byte writes through the slow path, block writes, and handing
 * out a writable host page. Reads and read-only pages set nothing. */
Test(bus, ram_writes_mark_pages_maybe_nonzero)
{
	for (u32 a = 0; a < bus.ram_size; a += PAGE_SIZE)
		cr_assert_not(maybe_nonzero(a), "page %08x marked at power-on", a);
	bus_mem_read(&bus, 0x5000, 4);
	cr_assert_not(bus_host_page(&bus, 0x6000, false) == NULL);
	cr_assert_not(maybe_nonzero(0x5000) || maybe_nonzero(0x6000));
	bus_mem_write(&bus, 0x1FFE, 0x11223344, 4);	/* straddles 0x1000 and 0x2000 */
	cr_assert(maybe_nonzero(0x1000) && maybe_nonzero(0x2000));
	cr_assert_not(maybe_nonzero(0x3000));
	static const u8 blk[3] = { 1, 2, 3 };
	bus_write_block(&bus, 0x8FFF, blk, sizeof(blk));	/* 0x8000 and 0x9000 */
	cr_assert(maybe_nonzero(0x8000) && maybe_nonzero(0x9000));
	cr_assert_not_null(bus_host_page(&bus, 0x12345, true));
	cr_assert(maybe_nonzero(0x12000));
	bus_mark_code_page(&bus, 0x20000, true);
	bus_mem_write(&bus, 0x20010, 0xAB, 1);		/* the code-page path */
	cr_assert(maybe_nonzero(0x20000));
	cr_assert_not(maybe_nonzero(0x21000));
}
