/* Port 0x92, POST codes, isa-debug-exit and debugcon. */
#include <criterion/criterion.h>
#include <string.h>

#include "devices/misc.h"

static struct bus bus;
static struct clock clk;
static struct misc *misc;
static int resets, exit_status;
static char con[64];
static size_t n_con;

static void on_reset(void *o) { resets++; }
static void on_exit_req(void *o, int status) { exit_status = status; }
static void con_write(void *o, const void *buf, size_t len)
{
	memcpy(con + n_con, buf, len);
	n_con += len;
}

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 2 << 20), 0);
	clock_init(&clk, 0);
	misc = misc_create(&bus, &clk);
	cr_assert_not_null(misc);
	misc->reset_request = on_reset;
	misc->exit_request = on_exit_req;
	misc->debugcon = (struct byte_sink){ con_write, NULL };
	resets = 0;
	exit_status = -1;
	n_con = 0;
}

static void teardown(void)
{
	misc_destroy(misc);
	bus_free(&bus);
}

TestSuite(misc, .init = setup, .fini = teardown);

Test(misc, a20_through_port92)
{
	bus_io_write(&bus, 0x92, 0x00, 1);
	cr_assert(!bus_a20_enabled(&bus));
	bus_mem_write(&bus, 0x000000, 0x11, 1);
	bus_mem_write(&bus, 0x100000, 0x22, 1);
	cr_assert_eq(bus_mem_read(&bus, 0x100000 & bus.a20_mask, 1), 0x11, "wraps at 1 MiB");
	bus_io_write(&bus, 0x92, 0x02, 1);
	cr_assert(bus_a20_enabled(&bus));
	cr_assert_eq(bus_io_read(&bus, 0x92, 1), 0x02);
	bus_io_write(&bus, 0x92, 0x00, 1);
	cr_assert(!bus_a20_enabled(&bus));
	cr_assert_eq(resets, 0);
}

Test(misc, port92_bit0_resets)
{
	bus_io_write(&bus, 0x92, 0x03, 1);
	cr_assert_eq(resets, 1);
	cr_assert_eq(bus_io_read(&bus, 0x92, 1) & 1, 0);
}

Test(misc, post_history_latest_first)
{
	for (int i = 0; i < 300; i++) {
		clk.icount = 1000 + i;
		bus_io_write(&bus, 0x80, i & 0xFF, 1);
	}
	struct post_code pc;
	cr_assert(misc_post_code(misc, 0, &pc));
	cr_assert_eq(pc.code, 299 & 0xFF);
	cr_assert_eq(pc.icount, 1299);
	cr_assert(misc_post_code(misc, 255, &pc));
	cr_assert_eq(pc.icount, 1044);
	cr_assert(!misc_post_code(misc, 256, &pc));
	cr_assert_eq(bus_io_read(&bus, 0x80, 1), 299 & 0xFF);
}

Test(misc, debug_exit_and_debugcon)
{
	cr_assert_eq(bus_io_read(&bus, 0xE9, 1), 0xE9);
	bus_io_write(&bus, 0xE9, 'o', 1);
	bus_io_write(&bus, 0xE9, 'k', 1);
	cr_assert_eq(n_con, 2);
	cr_assert_eq(memcmp(con, "ok", 2), 0);
	bus_io_write(&bus, 0xF4, 0x10, 4);
	cr_assert_eq(exit_status, 0x21);
	bus_io_write(&bus, 0xF4, 0x00, 1);
	cr_assert_eq(exit_status, 1);
}
