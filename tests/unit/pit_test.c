/* The 8254 PIT on the virtual clock, programmed the way a kernel does. */
#include <criterion/criterion.h>

#include "devices/pit.h"

static struct bus bus;
static struct clock clk;
static struct pit *pit;
static int level, rising;

static void irq0(void *opaque, int n, int l)
{
	if (l && !level)
		rising++;
	level = l;
}

static struct irq_line line = { irq0, NULL, 0 };

static void out8(u16 port, u8 v) { bus_io_write(&bus, port, v, 1); }
static u8 in8(u16 port) { return bus_io_read(&bus, port, 1); }

/* Advance virtual time in uneven steps, firing due timers like the machine. */
static void advance(u64 n)
{
	u64 end = clk.icount + n;
	while (clk.icount < end) {
		u64 next = clock_next_deadline(&clk);
		u64 step = clk.icount + 997;
		clk.icount = next < step ? next : step;
		if (clk.icount > end)
			clk.icount = end;
		clock_run_due(&clk);
	}
}

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 100000000);
	pit = pit_create(&bus, &clk, &line);
	cr_assert_not_null(pit);
	level = 0;
	rising = 0;
}

static void teardown(void)
{
	pit_destroy(pit);
	bus_free(&bus);
}

TestSuite(pit, .init = setup, .fini = teardown);

Test(pit, mode2_counts_irq0_edges)
{
	out8(0x43, 0x34);		/* ch0, LSB then MSB, mode 2, binary */
	out8(0x40, 1193 & 0xFF);
	out8(0x40, 1193 >> 8);		/* 1193 ticks: 1000.15 Hz */
	rising = 0;
	advance(100000000);		/* one virtual second at 100 MIPS */
	cr_assert(rising >= 999 && rising <= 1000, "got %d IRQ0 edges", rising);
	/* Reprogramming to a tenth of the rate gives a tenth of the edges. */
	out8(0x43, 0x34);
	out8(0x40, 11932 & 0xFF);
	out8(0x40, 11932 >> 8);
	rising = 0;
	advance(100000000);
	cr_assert(rising >= 99 && rising <= 100, "got %d IRQ0 edges", rising);
}

Test(pit, mode0_fires_once_at_terminal_count)
{
	out8(0x43, 0x30);		/* ch0, mode 0 */
	out8(0x40, 0x00);
	out8(0x40, 0x10);		/* 4096 ticks = 3.43 ms */
	cr_assert_eq(level, 0);
	advance(300000);		/* 3 ms: not yet */
	cr_assert_eq(rising, 0);
	advance(100000);
	cr_assert_eq(rising, 1);
	cr_assert_eq(level, 1);
	advance(10000000);
	cr_assert_eq(rising, 1, "mode 0 does not repeat");
}

Test(pit, latch_and_countdown)
{
	out8(0x43, 0x34);
	out8(0x40, 0x00);
	out8(0x40, 0x00);		/* 65536 */
	advance(8381);			/* ~100 ticks */
	out8(0x43, 0x00);		/* latch ch0 */
	advance(100000);		/* the latch holds while time moves */
	u16 v = in8(0x40);
	v |= in8(0x40) << 8;
	cr_assert(v <= 65536 - 99 && v >= 65536 - 101, "latched %u", v);
	u16 w = in8(0x40);
	w |= in8(0x40) << 8;
	cr_assert(w < v, "live count %u moved on from the latch %u", w, v);
}

Test(pit, read_back_status_and_bcd)
{
	out8(0x43, 0xB1);		/* ch2, LSB/MSB, mode 0, BCD */
	out8(0x43, 0xE8);		/* read-back status of ch2 */
	u8 st = in8(0x42);
	cr_assert_eq(st, 0x71, "status %02x: out low, null count, rw 3, mode 0, bcd", st);
	out8(0x61, 0x01);		/* gate ch2 on */
	out8(0x42, 0x00);
	out8(0x42, 0x50);		/* BCD 5000 */
	out8(0x43, 0xD8);		/* read-back count of ch2 */
	u16 v = in8(0x42);
	v |= in8(0x42) << 8;
	cr_assert_eq(v, 0x5000);
	u64 t0 = clk.icount * PIT_HZ / clk.ips;
	advance(84000);			/* 1002 ticks */
	u64 ticks = clk.icount * PIT_HZ / clk.ips - t0;
	out8(0x43, 0x80);
	v = in8(0x42);
	v |= in8(0x42) << 8;
	u32 dec = (v & 15) + (v >> 4 & 15) * 10 + (v >> 8 & 15) * 100 + (v >> 12) * 1000;
	cr_assert_eq(dec, 5000 - ticks, "BCD count %04x after %llu ticks", v,
		     (unsigned long long)ticks);
	cr_assert_eq(in8(0x61) & 0x20, 0, "out2 still low");
	advance(84 * 4100);
	cr_assert_eq(in8(0x61) & 0x20, 0x20, "out2 high after terminal count");
}

Test(pit, gate_holds_mode0_and_square_wave_on_61)
{
	out8(0x43, 0xB0);		/* ch2 mode 0 */
	out8(0x42, 0xE8);
	out8(0x42, 0x03);		/* 1000 ticks */
	advance(84 * 2000);
	cr_assert_eq(in8(0x61) & 0x20, 0, "gate low: ch2 does not count");
	out8(0x61, 0x01);
	advance(84 * 1001);
	cr_assert_eq(in8(0x61) & 0x20, 0x20);
	/* Mode 3: the output is high half of the time. */
	out8(0x43, 0xB6);
	out8(0x42, 100);
	out8(0x42, 0);
	int high = 0;
	for (int i = 0; i < 1000; i++) {
		advance(37);
		high += !!(in8(0x61) & 0x20);
	}
	cr_assert(high > 400 && high < 600, "high %d of 1000 samples", high);
}

Test(pit, refresh_bit_toggles_with_virtual_time)
{
	u8 a = in8(0x61) & 0x10;
	advance(1509);			/* 15.09 us */
	u8 b = in8(0x61) & 0x10;
	cr_assert_neq(a, b);
	u8 c = in8(0x61) & 0x10;
	cr_assert_eq(b, c, "no time passed, no toggle");
}

Test(pit, save_load_keeps_the_phase)
{
	out8(0x43, 0x34);
	out8(0x40, 0x9c);
	out8(0x40, 0x2e);		/* 11932 */
	advance(123457);
	struct snap_writer w;
	snap_writer_init(&w);
	pit_device(pit)->save(pit, &w);
	int at_save = rising;
	advance(100000000);
	int first = rising - at_save;
	u64 at = clk.icount;
	/* Go back: reload, re-run the same second, expect the same edges. */
	clk.icount = 123457;
	rising = 0;
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(pit_device(pit)->load(pit, &r), 0, "%s", r.error);
	int before = rising;
	advance(at - clk.icount);
	cr_assert_eq(rising - before, first, "replayed %d vs %d", rising - before, first);
	cr_assert(first >= 99 && first <= 101);
	snap_writer_free(&w);
}
