/* The MC146818 RTC and CMOS RAM, read the way a BIOS and Linux read them. */
#include <criterion/criterion.h>

#include "devices/cmos.h"

static struct bus bus;
static struct clock clk;
static struct cmos *cmos;
static int level, rising;

static void irq8(void *opaque, int n, int l)
{
	if (l && !level)
		rising++;
	level = l;
}

static struct irq_line line = { irq8, NULL, 0 };

static u8 rd(u8 idx) { bus_io_write(&bus, 0x70, idx, 1); return bus_io_read(&bus, 0x71, 1); }
static void wr(u8 idx, u8 v) { bus_io_write(&bus, 0x70, idx, 1); bus_io_write(&bus, 0x71, v, 1); }

static void advance_ns(u64 ns)
{
	u64 end = clk.icount + clock_ns_to_icount(&clk, ns);
	while (clk.icount < end) {
		u64 next = clock_next_deadline(&clk);
		clk.icount = next < end ? next : end;
		clock_run_due(&clk);
	}
}

static void setup(void)
{
	s64 t;
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 100000000);
	cr_assert_eq(cmos_parse_time("2026-03-14T15:09:26", &t), 0);
	cmos = cmos_create(&bus, &clk, &line, t);
	cr_assert_not_null(cmos);
	level = 0;
	rising = 0;
}

static void teardown(void)
{
	cmos_destroy(cmos);
	bus_free(&bus);
}

TestSuite(cmos, .init = setup, .fini = teardown);

Test(cmos, calendar_helpers)
{
	s64 t;
	int y, m, d;
	cr_assert_eq(cmos_parse_time("2026-01-01T00:00:00", &t), 0);
	cr_assert_eq(t, CMOS_DEFAULT_BASE);
	cr_assert_eq(cmos_parse_time("2000-02-29", &t), 0);
	cmos_civil_from_days(t / 86400, &y, &m, &d);
	cr_assert(y == 2000 && m == 2 && d == 29);
	cr_assert_eq(cmos_parse_time("2026-13-01", &t), -1);
	cr_assert_eq(cmos_parse_time("yesterday", &t), -1);
	cr_assert_eq(cmos_parse_time("2026-01-01T00:00:00junk", &t), -1);
}

Test(cmos, time_from_base_in_bcd_and_binary)
{
	cr_assert_eq(rd(0x00), 0x26);
	cr_assert_eq(rd(0x02), 0x09);
	cr_assert_eq(rd(0x04), 0x15);
	cr_assert_eq(rd(0x07), 0x14);
	cr_assert_eq(rd(0x08), 0x03);
	cr_assert_eq(rd(0x09), 0x26);
	cr_assert_eq(rd(0x32), 0x20);
	cr_assert_eq(rd(0x06), 7, "2026-03-14 is a Saturday");
	advance_ns(95ull * 1000000000);		/* 95 virtual seconds */
	cr_assert_eq(rd(0x00), 0x01);
	cr_assert_eq(rd(0x02), 0x11);
	wr(0x0B, 0x06);				/* binary, 24 h */
	cr_assert_eq(rd(0x00), 1);
	cr_assert_eq(rd(0x02), 11);
	cr_assert_eq(rd(0x04), 15);
	wr(0x0B, 0x04);				/* binary, 12 h: 3 PM */
	cr_assert_eq(rd(0x04), 0x83);
	wr(0x0B, 0x00);				/* BCD, 12 h */
	cr_assert_eq(rd(0x04), 0x83);
}

Test(cmos, set_bit_freezes_and_sets_the_time)
{
	wr(0x0B, 0x82);				/* SET, 24 h, BCD */
	wr(0x04, 0x23);
	wr(0x02, 0x59);
	wr(0x00, 0x58);
	wr(0x07, 0x31);
	wr(0x08, 0x12);
	wr(0x09, 0x99);
	wr(0x32, 0x19);
	advance_ns(5ull * 1000000000);
	cr_assert_eq(rd(0x00), 0x58, "the clock stands while SET");
	wr(0x0B, 0x02);
	advance_ns(3ull * 1000000000);
	cr_assert_eq(rd(0x00), 0x01);
	cr_assert_eq(rd(0x02), 0x00);
	cr_assert_eq(rd(0x04), 0x00);
	cr_assert_eq(rd(0x07), 0x01);
	cr_assert_eq(rd(0x08), 0x01);
	cr_assert_eq(rd(0x09), 0x00);
	cr_assert_eq(rd(0x32), 0x20, "the century rolled over");
}

Test(cmos, uip_is_set_just_before_the_update)
{
	int seen = 0, fell = 0;
	u8 prev = 0;
	for (int i = 0; i < 20000; i++) {
		u8 a = rd(0x0A);
		seen += !!(a & 0x80);
		if ((prev & 0x80) && !(a & 0x80)) {
			fell++;
			cr_assert_eq(rd(0x00), 0x27, "the new second is visible once UIP falls");
			break;
		}
		prev = a;
		advance_ns(100000);		/* 100 us */
	}
	cr_assert(seen >= 1 && fell == 1);
}

Test(cmos, periodic_interrupt_rate_and_register_c)
{
	wr(0x0A, 0x26);				/* 1024 Hz */
	wr(0x0B, 0x42);				/* PIE */
	advance_ns(1000000000);
	/* Without reading C the line stays high after the first tick. */
	cr_assert_eq(rising, 1);
	u8 c = rd(0x0C);
	cr_assert_eq(c & 0xC0, 0xC0);
	cr_assert_eq(level, 0);
	cr_assert_eq(rd(0x0C), 0x00, "register C clears on read");
	/* A driver that acknowledges each one gets 1024 per second. */
	rising = 0;
	for (int i = 0; i < 100000 && clk.icount < 200000000; i++) {
		u64 next = clock_next_deadline(&clk);
		clk.icount = next;
		clock_run_due(&clk);
		if (level)
			rd(0x0C);
	}
	cr_assert(rising >= 1023 && rising <= 1025, "%d periodic interrupts", rising);
}

Test(cmos, update_and_alarm_interrupts)
{
	wr(0x01, 0x30);				/* alarm at 15:09:30 */
	wr(0x03, 0x09);
	wr(0x05, 0xC0);				/* any hour */
	wr(0x0B, 0x32);				/* AIE | UIE */
	int alarms = 0, updates = 0;
	for (int i = 0; i < 10; i++) {
		u64 next = clock_next_deadline(&clk);
		cr_assert_neq(next, CLOCK_NEVER);
		clk.icount = next;
		clock_run_due(&clk);
		cr_assert_eq(level, 1);
		u8 c = rd(0x0C);
		updates += !!(c & 0x10);
		if (c & 0x20) {
			alarms++;
			cr_assert_eq(rd(0x00), 0x30);
		}
	}
	cr_assert_eq(updates, 10);
	cr_assert_eq(alarms, 1);
}

Test(cmos, nmi_bit_memory_bytes_and_checksum)
{
	bus_io_write(&bus, 0x70, 0x8F, 1);
	cr_assert(cmos_nmi_masked(cmos));
	bus_io_write(&bus, 0x70, 0x0F, 1);
	cr_assert(!cmos_nmi_masked(cmos));
	cmos_set_memory(cmos, 64u << 20);
	cmos_set_equipment(cmos, true);
	cmos_update_checksum(cmos);
	cr_assert_eq(rd(0x15) | rd(0x16) << 8, 640);
	cr_assert_eq(rd(0x17) | rd(0x18) << 8, 63 * 1024);
	cr_assert_eq(rd(0x30) | rd(0x31) << 8, 63 * 1024);
	cr_assert_eq(rd(0x34) | rd(0x35) << 8, (48u << 20) / 65536);
	u16 sum = 0;
	for (int i = 0x10; i <= 0x2D; i++)
		sum += rd(i);
	cr_assert_eq(sum, rd(0x2E) << 8 | rd(0x2F));
	wr(0x50, 0xA5);				/* plain CMOS RAM */
	cr_assert_eq(rd(0x50), 0xA5);
	cr_assert_eq(rd(0x0D), 0x80);
}
