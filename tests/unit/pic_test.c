/* The 8259A pair, programmed through its ports the way a kernel does. */
#include <criterion/criterion.h>

#include "devices/pic.h"

static struct bus bus;
static struct pic *pic;
static int intr_level, intr_changes;

static void cpu_intr(void *opaque, int n, int level)
{
	intr_level = level;
	intr_changes++;
}

static struct irq_line intr = { cpu_intr, NULL, 0 };

static void out8(u16 port, u8 v) { bus_io_write(&bus, port, v, 1); }
static u8 in8(u16 port) { return bus_io_read(&bus, port, 1); }

/* The classic Linux/BIOS initialisation: vectors 0x20 and 0x28, cascade on 2. */
static void init_pair(u8 icw4)
{
	out8(0x20, 0x11); out8(0x21, 0x20); out8(0x21, 0x04); out8(0x21, icw4);
	out8(0xA0, 0x11); out8(0xA1, 0x28); out8(0xA1, 0x02); out8(0xA1, icw4);
	out8(0x21, 0x00);
	out8(0xA1, 0x00);
}

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	pic = pic_create(&bus, &intr);
	cr_assert_not_null(pic);
	intr_level = 0;
	intr_changes = 0;
}

static void teardown(void)
{
	pic_destroy(pic);
	bus_free(&bus);
}

TestSuite(pic, .init = setup, .fini = teardown);

Test(pic, masked_until_programmed_then_delivers_vector)
{
	irq_pulse(pic_irq(pic, 0));
	cr_assert_eq(intr_level, 0, "reset state must mask everything");
	init_pair(0x01);
	cr_assert_eq(intr_level, 0, "ICW1 clears the edge latches");
	out8(0x21, 0x01);
	irq_pulse(pic_irq(pic, 0));
	cr_assert_eq(intr_level, 0);
	out8(0x21, 0x00);
	cr_assert_eq(intr_level, 1, "the latched edge shows once unmasked");
	cr_assert_eq(pic_acknowledge(pic), 0x20);
	cr_assert_eq(intr_level, 0);
	out8(0x20, 0x0B);		/* OCW3: read ISR */
	cr_assert_eq(in8(0x20), 0x01);
	out8(0x20, 0x20);		/* non-specific EOI */
	cr_assert_eq(in8(0x20), 0x00);
}

Test(pic, nested_priorities_and_masking)
{
	init_pair(0x01);
	irq_pulse(pic_irq(pic, 4));
	cr_assert_eq(pic_acknowledge(pic), 0x24);
	/* A lower priority request waits while IRQ4 is in service. */
	irq_pulse(pic_irq(pic, 6));
	cr_assert_eq(intr_level, 0);
	/* A higher one nests. */
	irq_pulse(pic_irq(pic, 1));
	cr_assert_eq(intr_level, 1);
	cr_assert_eq(pic_acknowledge(pic), 0x21);
	out8(0x20, 0x20);		/* EOI clears IRQ1 (the highest in service) */
	cr_assert_eq(intr_level, 0, "IRQ4 still in service blocks IRQ6");
	out8(0x20, 0x20);		/* EOI for IRQ4 */
	cr_assert_eq(intr_level, 1);
	/* Masking IRQ6 hides it; IRR still shows it. */
	out8(0x21, 0x40);
	cr_assert_eq(intr_level, 0);
	out8(0x20, 0x0A);
	cr_assert_eq(in8(0x20), 0x40);
	cr_assert_eq(in8(0x21), 0x40);
	out8(0x21, 0x00);
	cr_assert_eq(pic_acknowledge(pic), 0x26);
	out8(0x20, 0x66);		/* specific EOI for 6 */
	out8(0x20, 0x0B);
	cr_assert_eq(in8(0x20), 0x00);
}

Test(pic, cascade_delivers_slave_vectors)
{
	init_pair(0x01);
	irq_pulse(pic_irq(pic, 14));
	cr_assert_eq(intr_level, 1);
	cr_assert_eq(pic_acknowledge(pic), 0x2E);
	out8(0xA0, 0x0B);
	cr_assert_eq(in8(0xA0), 0x40);
	out8(0x20, 0x0B);
	cr_assert_eq(in8(0x20), 0x04, "master has the cascade input in service");
	/* IRQ3 has lower priority than IRQ2 (the cascade): it waits. */
	irq_pulse(pic_irq(pic, 3));
	cr_assert_eq(intr_level, 0);
	out8(0xA0, 0x20);
	out8(0x20, 0x20);
	cr_assert_eq(pic_acknowledge(pic), 0x23);
}

Test(pic, level_request_vanishing_gives_spurious_7_and_15)
{
	init_pair(0x01);
	out8(0x4D0, 0x20);		/* IRQ5 level-triggered */
	out8(0x4D1, 0x08);		/* IRQ11 level-triggered */
	cr_assert_eq(in8(0x4D0), 0x20);
	irq_raise(pic_irq(pic, 5));
	cr_assert_eq(intr_level, 1);
	irq_lower(pic_irq(pic, 5));
	cr_assert_eq(pic_acknowledge(pic), 0x27);
	out8(0x20, 0x0B);
	cr_assert_eq(in8(0x20), 0x00, "a spurious IRQ7 sets no ISR bit");
	irq_raise(pic_irq(pic, 11));
	cr_assert_eq(intr_level, 1);
	irq_lower(pic_irq(pic, 11));
	/* The master still latched its cascade edge; the slave has nothing. */
	cr_assert_eq(pic_acknowledge(pic), 0x2F);
	out8(0xA0, 0x0B);
	cr_assert_eq(in8(0xA0), 0x00);
	cr_assert_eq(pic_spurious(pic), 2);
	out8(0x20, 0x0B);
	cr_assert_eq(in8(0x20), 0x04, "the master did acknowledge its cascade input");
	out8(0x20, 0x20);
	/* A level input that stays high requests again after EOI. */
	irq_raise(pic_irq(pic, 5));
	cr_assert_eq(pic_acknowledge(pic), 0x25);
	out8(0x20, 0x20);
	cr_assert_eq(intr_level, 1);
}

Test(pic, edge_needs_a_new_edge)
{
	init_pair(0x01);
	irq_raise(pic_irq(pic, 3));
	cr_assert_eq(pic_acknowledge(pic), 0x23);
	out8(0x20, 0x20);
	cr_assert_eq(intr_level, 0, "a held edge input does not request twice");
	irq_lower(pic_irq(pic, 3));
	irq_raise(pic_irq(pic, 3));
	cr_assert_eq(intr_level, 1);
}

Test(pic, auto_eoi_and_poll_mode)
{
	init_pair(0x03);		/* ICW4: 8086 mode, auto EOI */
	irq_pulse(pic_irq(pic, 1));
	cr_assert_eq(pic_acknowledge(pic), 0x21);
	out8(0x20, 0x0B);
	cr_assert_eq(in8(0x20), 0x00, "auto EOI leaves nothing in service");
	init_pair(0x01);
	out8(0x21, 0xFF);		/* masked: poll ignores the mask? no, it honours it */
	out8(0x21, 0x00);
	irq_pulse(pic_irq(pic, 7));
	out8(0x20, 0x0C);		/* OCW3 poll */
	cr_assert_eq(in8(0x20), 0x87);
	out8(0x20, 0x0B);
	cr_assert_eq(in8(0x20), 0x80, "poll acknowledged IRQ7");
	out8(0x20, 0x0C);
	cr_assert_eq(in8(0x20), 0x00, "nothing else pending");
}

Test(pic, rotation_changes_priority)
{
	init_pair(0x01);
	out8(0x20, 0xC3);		/* set priority: IRQ3 lowest, so IRQ4 highest */
	irq_pulse(pic_irq(pic, 1));
	irq_pulse(pic_irq(pic, 5));
	cr_assert_eq(pic_acknowledge(pic), 0x25);
	out8(0x20, 0xA0);		/* rotate on non-specific EOI: 5 becomes lowest */
	cr_assert_eq(pic_acknowledge(pic), 0x21);
}

Test(pic, special_mask_mode_lets_lower_priorities_in)
{
	init_pair(0x01);
	irq_pulse(pic_irq(pic, 2 + 1));
	cr_assert_eq(pic_acknowledge(pic), 0x23);
	irq_pulse(pic_irq(pic, 6));
	cr_assert_eq(intr_level, 0);
	out8(0x21, 0x08);		/* mask the in-service IRQ3 */
	out8(0x20, 0x68);		/* OCW3: set special mask mode */
	cr_assert_eq(intr_level, 1);
	cr_assert_eq(pic_acknowledge(pic), 0x26);
}

Test(pic, save_load_round_trip)
{
	init_pair(0x01);
	irq_pulse(pic_irq(pic, 9));
	out8(0x21, 0x10);
	struct snap_writer w;
	snap_writer_init(&w);
	pic_device(pic)->save(pic, &w);
	cr_assert(!w.failed);
	pic_device(pic)->reset(pic);
	cr_assert_eq(in8(0x21), 0xFF);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(pic_device(pic)->load(pic, &r), 0);
	cr_assert_eq(in8(0x21), 0x10);
	cr_assert_eq(pic_acknowledge(pic), 0x29);
	snap_writer_free(&w);
}
