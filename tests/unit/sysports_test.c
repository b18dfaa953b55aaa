/* The small ports: 0x92, POST codes, isa-debug-exit and debugcon. */
#include <criterion/criterion.h>
#include <string.h>

#include "devices/debugcon.h"
#include "devices/isa_debug_exit.h"
#include "devices/port92.h"
#include "devices/post.h"

static struct bus bus;
static struct clock clk;
static struct port92 *port92;
static struct post *post;
static struct isa_debug_exit *dexit;
static struct debugcon *dcon;
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
	struct byte_sink con_sink = { con_write, NULL };
	port92 = port92_create(&bus, on_reset, NULL);
	post = post_create(&bus, &clk);
	dexit = isa_debug_exit_create(&bus, on_exit_req, NULL);
	dcon = debugcon_create(&bus, &con_sink);
	cr_assert(port92 && post && dexit && dcon);
	resets = 0;
	exit_status = -1;
	n_con = 0;
}

static void teardown(void)
{
	port92_destroy(port92);
	post_destroy(post);
	isa_debug_exit_destroy(dexit);
	debugcon_destroy(dcon);
	bus_free(&bus);
}

TestSuite(sysports, .init = setup, .fini = teardown);

Test(sysports, a20_through_port92)
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

Test(sysports, port92_bit0_resets)
{
	bus_io_write(&bus, 0x92, 0x03, 1);
	cr_assert_eq(resets, 1);
	cr_assert_eq(bus_io_read(&bus, 0x92, 1) & 1, 0);
}

Test(sysports, post_history_latest_first)
{
	for (int i = 0; i < 300; i++) {
		clk.icount = 1000 + i;
		bus_io_write(&bus, 0x80, i & 0xFF, 1);
	}
	struct post_code pc;
	cr_assert(post_code(post, 0, &pc));
	cr_assert_eq(pc.code, 299 & 0xFF);
	cr_assert_eq(pc.icount, 1299);
	cr_assert(post_code(post, 255, &pc));
	cr_assert_eq(pc.icount, 1044);
	cr_assert(!post_code(post, 256, &pc));
	cr_assert_eq(bus_io_read(&bus, 0x80, 1), 299 & 0xFF);
}

Test(sysports, debug_exit_and_debugcon)
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

Test(sysports, destroy_releases_the_ports)
{
	cr_assert_eq(bus_io_read(&bus, 0xE9, 1), 0xE9);
	debugcon_destroy(dcon);
	dcon = NULL;
	cr_assert_eq(bus_io_read(&bus, 0xE9, 1), 0xFF, "0xE9 is unclaimed again");
	bus_io_write(&bus, 0x80, 0x42, 1);
	cr_assert_eq(bus_io_read(&bus, 0x80, 1), 0x42, "the other ports still work");
	port92_destroy(port92);
	port92 = NULL;
	cr_assert_eq(bus_io_read(&bus, 0x92, 1), 0xFF);
	cr_assert_eq(bus_io_read(&bus, 0x80, 1), 0x42);
	cr_assert_eq(bus_add_io(&bus, 0xE9, 1, NULL, NULL, "again"), 0, "0xE9 can be claimed");
}

Test(sysports, post_history_round_trips)
{
	struct post_history h;
	for (int i = 0; i < 5; i++) {
		clk.icount = 10 + i;
		bus_io_write(&bus, 0x80, 0xA0 + i, 1);
	}
	post_get_history(post, &h);
	cr_assert_eq(h.count, 5);
	h.count = 999;		/* damaged: clamped on the way back */
	h.head = POST_HISTORY + 3;
	post_set_history(post, &h);
	struct post_code pc;
	cr_assert(post_code(post, 255, &pc));
	cr_assert(!post_code(post, 256, &pc));
}
