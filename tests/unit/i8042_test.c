/* 8042 with PS/2 keyboard and mouse, driven as a kernel driver does. */
#include <criterion/criterion.h>
#include <linux/input-event-codes.h>

#include "devices/i8042.h"

static struct bus bus;
static struct clock clk;
static struct input_queue inq;
static struct irq_line irq1, irq12;
static int level[16], edges[16], resets;
static struct i8042 *kbc;

static void on_irq(void *o, int n, int l)
{
	if (l && !level[n])
		edges[n]++;
	level[n] = l;
}

static void on_reset(void *o) { resets++; }

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 0);
	cr_assert_eq(input_init(&inq), 0);
	irq_init(&irq1, on_irq, NULL, 1);
	irq_init(&irq12, on_irq, NULL, 12);
	memset(level, 0, sizeof(level));
	memset(edges, 0, sizeof(edges));
	resets = 0;
	kbc = i8042_create(&bus, &clk, &inq, &irq1, &irq12, on_reset, NULL);
	cr_assert(kbc);
}

static void teardown(void)
{
	i8042_destroy(kbc);
	input_free(&inq);
	bus_free(&bus);
}

TestSuite(kbd, .init = setup, .fini = teardown);
TestSuite(mouse, .init = setup, .fini = teardown);
TestSuite(kbc, .init = setup, .fini = teardown);

static u8 status(void) { return bus_io_read(&bus, 0x64, 1); }

/* Read every waiting byte of port 0x60 into out; returns how many. */
static int drain(u8 *out, int max)
{
	int n = 0;
	while ((status() & 1) && n < max)
		out[n++] = bus_io_read(&bus, 0x60, 1);
	return n;
}

static void cmd(u8 c) { bus_io_write(&bus, 0x64, c, 1); }
static void data(u8 d) { bus_io_write(&bus, 0x60, d, 1); }

static void set_cmd_byte(u8 v)
{
	cmd(0x60);
	data(v);
}

#define expect(...) expect_at(__LINE__, __VA_ARGS__)

static void key(unsigned code, int down)
{
	struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_KEY, .a = code, .b = down };
	input_push(&inq, &ev);
	input_deliver(&inq, clk.icount);
}

static void expect_at(int line, const u8 *want, int n)
{
	u8 got[64];
	int m = drain(got, 64);
	cr_assert_eq(m, n, "line %d: got %d bytes, want %d", line, m, n);
	for (int i = 0; i < n; i++)
		cr_assert_eq(got[i], want[i], "line %d: byte %d: got %02x want %02x", line, i, got[i],
			     want[i]);
}

Test(kbc, self_test_and_command_byte)
{
	cmd(0xAA);
	expect((u8[]){ 0x55 }, 1);
	cmd(0xAB);
	expect((u8[]){ 0x00 }, 1);
	cmd(0xA9);
	expect((u8[]){ 0x00 }, 1);
	set_cmd_byte(0x47);
	cmd(0x20);
	expect((u8[]){ 0x47 }, 1);
	cr_assert(status() & 0x04, "system flag from the command byte");
}

Test(kbc, a20_line_and_reset_pulse)
{
	cmd(0xD1);
	data(0xDD);		/* A20 off, reset high */
	cr_assert_not(bus_a20_enabled(&bus));
	cmd(0xD0);
	expect((u8[]){ 0x01 }, 1);
	cmd(0xD1);
	data(0xDF);
	cr_assert(bus_a20_enabled(&bus));
	cr_assert_eq(resets, 0);
	cmd(0xFE);
	cr_assert_eq(resets, 1);
}

Test(kbd, scan_codes_set2_untranslated)
{
	set_cmd_byte(0x05);	/* IRQ1 on, no translation */
	key(KEY_A, 1);
	cr_assert_eq(edges[1], 1);
	key(KEY_A, 0);
	key(KEY_RIGHTCTRL, 1);
	key(KEY_RIGHTCTRL, 0);
	key(KEY_KP5, 1);
	key(KEY_F7, 1);
	expect((u8[]){ 0x1C, 0xF0, 0x1C, 0xE0, 0x14, 0xE0, 0xF0, 0x14, 0x73, 0x83 }, 10);
	cr_assert(edges[1] >= 10, "one IRQ1 edge per byte (%d)", edges[1]);
	cr_assert_eq(level[1], 0);
}

Test(kbd, translated_to_set1)
{
	/* The default command byte translates. */
	key(KEY_ESC, 1);
	key(KEY_ESC, 0);
	key(KEY_UP, 1);
	key(KEY_UP, 0);
	key(KEY_F7, 0);
	key(KEY_KPSLASH, 1);
	expect((u8[]){ 0x01, 0x81, 0xE0, 0x48, 0xE0, 0xC8, 0xC1, 0xE0, 0x35 }, 9);
}

Test(kbd, print_screen_and_pause)
{
	key(KEY_SYSRQ, 1);
	key(KEY_SYSRQ, 0);
	key(KEY_PAUSE, 1);
	key(KEY_PAUSE, 0);	/* Pause sends nothing on release */
	expect((u8[]){ 0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA,
		       0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5 }, 14);
	set_cmd_byte(0x05);
	key(KEY_PAUSE, 1);
	expect((u8[]){ 0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77 }, 8);
}

Test(kbd, commands_reset_echo_id_leds)
{
	data(0xFF);
	expect((u8[]){ 0xFA, 0xAA }, 2);
	data(0xEE);
	expect((u8[]){ 0xEE }, 1);
	set_cmd_byte(0x05);
	data(0xF2);
	expect((u8[]){ 0xFA, 0xAB, 0x83 }, 3);
	data(0xED);
	data(0x07);
	expect((u8[]){ 0xFA, 0xFA }, 2);
	data(0xF0);
	data(0x00);
	expect((u8[]){ 0xFA, 0xFA, 0x02 }, 3);
	data(0xF5);		/* disable: keys are ignored */
	expect((u8[]){ 0xFA }, 1);
	key(KEY_B, 1);
	expect(NULL, 0);
	data(0xF4);
	expect((u8[]){ 0xFA }, 1);
	key(KEY_B, 1);
	expect((u8[]){ 0x32 }, 1);
	data(0x42);		/* unknown command */
	expect((u8[]){ 0xFE }, 1);
}

Test(kbd, typematic_repeats_on_the_virtual_clock)
{
	set_cmd_byte(0x05);
	data(0xF3);
	data(0x20);		/* delay 500 ms, 30 cps (33.3 ms) */
	expect((u8[]){ 0xFA, 0xFA }, 2);
	clk.ips = 1000000;	/* 1 instruction per microsecond */
	key(KEY_X, 1);
	expect((u8[]){ 0x22 }, 1);
	/* Run 600 ms of virtual time: the first repeat at 500 ms, then every 33.3 ms. */
	u64 end = clk.icount + 610000;
	while (clock_next_deadline(&clk) <= end) {
		clk.icount = clock_next_deadline(&clk);
		clock_run_due(&clk);
	}
	clk.icount = end;
	u8 got[64];
	int n = drain(got, 64);
	cr_assert_eq(n, 4, "500, 533, 567, 600 ms: %d repeats", n);
	for (int i = 0; i < n; i++)
		cr_assert_eq(got[i], 0x22);
	key(KEY_X, 0);
	expect((u8[]){ 0xF0, 0x22 }, 2);
	cr_assert_eq(clock_next_deadline(&clk), CLOCK_NEVER, "repeat stopped");
}

static void mouse_cmd(u8 v)
{
	cmd(0xD4);
	data(v);
}

static void move(int dx, int dy, int buttons, int wheel)
{
	struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_MOUSE, .a = (u32)dx,
				  .b = (u32)dy, .c = (u32)buttons | (u32)(u8)wheel << 8 };
	input_push(&inq, &ev);
	input_deliver(&inq, clk.icount);
}

Test(mouse, reset_and_stream_packets)
{
	set_cmd_byte(0x47);	/* both interrupts, aux enabled */
	mouse_cmd(0xFF);
	expect((u8[]){ 0xFA, 0xAA, 0x00 }, 3);
	cr_assert(edges[12] >= 3);
	mouse_cmd(0xF2);
	expect((u8[]){ 0xFA, 0x00 }, 2);
	move(5, 5, 0, 0);	/* not enabled yet: nothing */
	expect(NULL, 0);
	mouse_cmd(0xF4);
	expect((u8[]){ 0xFA }, 1);
	move(10, -3, MOUSE_BTN_LEFT, 0);	/* right 10, up 3 (PS/2 +y is up) */
	cr_assert(status() & 0x20, "AUXB marks mouse data");
	expect((u8[]){ 0x09, 10, 3 }, 3);
	move(-300, 20, MOUSE_BTN_RIGHT, 0);	/* x overflows */
	expect((u8[]){ 0x08 | 0x02 | 0x10 | 0x20 | 0x40, 0x00, (u8)-20 }, 3);
}

Test(mouse, intellimouse_wheel_handshake)
{
	set_cmd_byte(0x47);
	mouse_cmd(0xF3); mouse_cmd(200);
	mouse_cmd(0xF3); mouse_cmd(100);
	mouse_cmd(0xF3); mouse_cmd(80);
	expect((u8[]){ 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA }, 6);
	mouse_cmd(0xF2);
	expect((u8[]){ 0xFA, 0x03 }, 2);
	mouse_cmd(0xF4);
	expect((u8[]){ 0xFA }, 1);
	move(1, 1, 0, 1);	/* wheel away from the user: PS/2 z = -1 */
	expect((u8[]){ 0x28, 1, 0xFF, 0xFF }, 4);
	/* A wrong sequence leaves a plain mouse plain. */
	mouse_cmd(0xFF);
	expect((u8[]){ 0xFA, 0xAA, 0x00 }, 3);
	mouse_cmd(0xF3); mouse_cmd(200);
	mouse_cmd(0xF3); mouse_cmd(80);
	mouse_cmd(0xF3); mouse_cmd(100);
	mouse_cmd(0xF2);
	u8 got[16];
	int n = drain(got, 16);
	cr_assert_eq(n, 8);
	cr_assert_eq(got[7], 0x00);
}

Test(mouse, remote_mode_status_and_settings)
{
	set_cmd_byte(0x47);
	mouse_cmd(0xF0);	/* remote */
	mouse_cmd(0xE8); mouse_cmd(3);
	mouse_cmd(0xF3); mouse_cmd(40);
	mouse_cmd(0xE7);	/* 2:1 */
	expect((u8[]){ 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA }, 6);
	move(4, 0, MOUSE_BTN_MIDDLE, 0);
	expect(NULL, 0);	/* remote: nothing until asked */
	mouse_cmd(0xE9);
	expect((u8[]){ 0xFA, 0x40 | 0x10 | 0x02, 3, 40 }, 4);
	mouse_cmd(0xEB);	/* read data: no scaling in remote reads */
	expect((u8[]){ 0xFA, 0x0C, 4, 0 }, 4);
	/* 2:1 scaling applies to stream reports: 4 -> 6. */
	mouse_cmd(0xEA);
	mouse_cmd(0xF4);
	expect((u8[]){ 0xFA, 0xFA }, 2);
	move(4, 0, MOUSE_BTN_MIDDLE, 0);
	expect((u8[]){ 0x0C, 6, 0 }, 3);
	mouse_cmd(0x12);
	expect((u8[]){ 0xFE }, 1);
}

Test(mouse, invalid_parameters_are_resent)
{
	set_cmd_byte(0x47);
	mouse_cmd(0xF3); mouse_cmd(55);	/* not a sample rate: Resend, still waiting */
	mouse_cmd(60);
	mouse_cmd(0xE8); mouse_cmd(4);	/* resolution 0-3 only */
	mouse_cmd(1);
	expect((u8[]){ 0xFA, 0xFE, 0xFA, 0xFA, 0xFE, 0xFA }, 6);
	mouse_cmd(0xE9);
	expect((u8[]){ 0xFA, 0x00, 1, 60 }, 4);
}

Test(kbc, disabled_ports_hold_their_data)
{
	set_cmd_byte(0x47);
	cmd(0xAD);		/* keyboard interface off */
	key(KEY_Q, 1);
	cr_assert_eq(status() & 1, 0);
	cmd(0xAE);
	expect((u8[]){ 0x10 }, 1);
	/* Snapshot round trip keeps a queued byte. */
	key(KEY_W, 1);
	struct snap_writer w;
	snap_writer_init(&w);
	i8042_device(kbc)->save(kbc, &w);
	i8042_device(kbc)->reset(kbc);
	cr_assert_eq(status() & 1, 0);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(i8042_device(kbc)->load(kbc, &r), 0, "%s", r.error);
	expect((u8[]){ 0x11 }, 1);
	snap_writer_free(&w);
}
