/* The 16550A UART, driven the way the Linux 8250 driver drives it. */
#include <criterion/criterion.h>
#include <string.h>

#include "devices/uart.h"

static struct bus bus;
static struct clock clk;
static struct uart *uart;
static int level;
static char sent[256];
static size_t n_sent;

static void irq4(void *opaque, int n, int l) { level = l; }
static struct irq_line line = { irq4, NULL, 0 };

static void sink(void *opaque, const void *buf, size_t len)
{
	memcpy(sent + n_sent, buf, len);
	n_sent += len;
}

static void out8(u16 port, u8 v) { bus_io_write(&bus, port, v, 1); }
static u8 in8(u16 port) { return bus_io_read(&bus, port, 1); }

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 100000000);
	struct byte_sink s = { sink, NULL };
	uart = uart_create(&bus, &clk, 0x3F8, &line, "com1", &s);
	cr_assert_not_null(uart);
	level = 0;
	n_sent = 0;
	/* 115200 8N1, FIFO on with trigger 4, OUT2 for the PC's IRQ gate. */
	out8(0x3FB, 0x80);
	out8(0x3F8, 0x01);
	out8(0x3F9, 0x00);
	out8(0x3FB, 0x03);
	out8(0x3FA, 0x47);
	out8(0x3FC, 0x0B);
}

static void teardown(void)
{
	uart_destroy(uart);
	bus_free(&bus);
}

TestSuite(uart, .init = setup, .fini = teardown);

Test(uart, divisor_latch_and_scratch)
{
	out8(0x3FB, 0x83);
	cr_assert_eq(in8(0x3F8), 0x01);
	cr_assert_eq(in8(0x3F9), 0x00);
	out8(0x3F8, 0x0C);
	out8(0x3FB, 0x03);
	cr_assert_eq(uart_divisor(uart), 12);
	out8(0x3FF, 0x5A);
	cr_assert_eq(in8(0x3FF), 0x5A);
	cr_assert_eq(in8(0x3FA) & 0xC0, 0xC0, "FIFOs enabled shows in IIR");
}

Test(uart, transmit_reaches_the_sink)
{
	const char *msg = "hello\n";
	for (const char *p = msg; *p; p++) {
		cr_assert(in8(0x3FD) & 0x20);
		out8(0x3F8, *p);
	}
	cr_assert_eq(n_sent, 6);
	cr_assert_eq(memcmp(sent, msg, 6), 0);
}

Test(uart, loopback_round_trip_and_modem_lines)
{
	out8(0x3FC, 0x1F);		/* loop, OUT2, OUT1, RTS, DTR */
	cr_assert_eq(in8(0x3FE) & 0xF0, 0xF0);
	out8(0x3FC, 0x10 | 0x02);	/* loop, RTS only */
	u8 msr = in8(0x3FE);
	cr_assert_eq(msr & 0xF0, 0x10, "CTS follows RTS: %02x", msr);
	cr_assert(msr & 0x0F, "delta bits record the change");
	cr_assert_eq(in8(0x3FE) & 0x0F, 0, "reading MSR clears the deltas");
	out8(0x3F8, 'A');
	out8(0x3F8, 'B');
	cr_assert_eq(n_sent, 0, "nothing leaves in loopback");
	cr_assert(in8(0x3FD) & 0x01);
	cr_assert_eq(in8(0x3F8), 'A');
	cr_assert_eq(in8(0x3F8), 'B');
	cr_assert_eq(in8(0x3FD) & 0x01, 0);
	uart_receive(uart, 'x');
	cr_assert_eq(in8(0x3FD) & 0x01, 0, "line input is cut off in loopback");
}

Test(uart, receive_trigger_timeout_and_thre_interrupts)
{
	cr_assert_eq(in8(0x3FA) & 0x0F, 0x01);
	out8(0x3F9, 0x01);		/* receive data interrupts */
	uart_receive(uart, '1');
	uart_receive(uart, '2');
	cr_assert_eq(level, 0, "below the trigger level of 4");
	/* Four character times later the timeout interrupt comes. */
	u64 next = clock_next_deadline(&clk);
	cr_assert_neq(next, CLOCK_NEVER);
	cr_assert(next > 34000 && next < 35000, "timeout at %llu", (unsigned long long)next);
	clk.icount = next;
	clock_run_due(&clk);
	cr_assert_eq(level, 1);
	cr_assert_eq(in8(0x3FA) & 0x0F, 0x0C);
	cr_assert_eq(in8(0x3F8), '1');
	cr_assert_eq(level, 0, "reading data clears the timeout");
	uart_receive(uart, '3');
	uart_receive(uart, '4');
	uart_receive(uart, '5');
	cr_assert_eq(level, 1);
	cr_assert_eq(in8(0x3FA) & 0x0F, 0x04);
	while (in8(0x3FD) & 1)
		in8(0x3F8);
	cr_assert_eq(level, 0);
	/* THRE: enabling it with THR empty interrupts at once; reading IIR clears. */
	out8(0x3F9, 0x03);
	cr_assert_eq(level, 1);
	cr_assert_eq(in8(0x3FA) & 0x0F, 0x02);
	cr_assert_eq(level, 0);
	out8(0x3F8, 'z');
	cr_assert_eq(level, 1, "THR empties again after a write");
	/* OUT2 gates the line on a PC. */
	out8(0x3FC, 0x03);
	cr_assert_eq(level, 0);
	cr_assert_eq(in8(0x3FA) & 0x0F, 0x02, "still pending inside the chip");
}

Test(uart, overrun_and_line_status_interrupt)
{
	out8(0x3F9, 0x04);		/* line status interrupts only */
	for (int i = 0; i < 17; i++)
		uart_receive(uart, i);
	cr_assert_eq(level, 1);
	cr_assert_eq(in8(0x3FA) & 0x0F, 0x06);
	u8 lsr = in8(0x3FD);
	cr_assert(lsr & 0x02, "overrun: %02x", lsr);
	cr_assert(lsr & 0x80, "error in FIFO");
	cr_assert_eq(in8(0x3FD) & 0x02, 0, "LSR read clears OE");
	cr_assert_eq(level, 0);
	cr_assert_eq(uart_rx_space(uart), 0);
	out8(0x3FA, 0x03);		/* clear the receive FIFO */
	cr_assert_eq(uart_rx_space(uart), 16);
}

Test(uart, save_load_round_trip)
{
	uart_receive(uart, 'q');
	struct snap_writer w;
	snap_writer_init(&w);
	uart_device(uart)->save(uart, &w);
	in8(0x3F8);
	uart_device(uart)->reset(uart);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(uart_device(uart)->load(uart, &r), 0);
	cr_assert_eq(in8(0x3F8), 'q');
	snap_writer_free(&w);
}
