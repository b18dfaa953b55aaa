/*
 * The 16550A UART as a polled console (Linux's drivers/tty/serial/8250, the
 * console part only). Registers per the NS16550A datasheet: THR/RBR (0),
 * IER (1), FCR (2), LCR (3), MCR (4), LSR (5; bit 5 = THR empty), DLL/DLM at 0/1
 * with LCR.DLAB set. Output waits for THR empty with a bounded loop, so a
 * missing UART slows printk down but cannot hang it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <asm/io.h>

static const u16 serial_ports[] = { 0x3f8, 0x2f8 };	/* ttyS0, ttyS1 */
static bool port_ready[2];

static void serial8250_init_port(int idx, unsigned long baud)
{
	u16 base = serial_ports[idx];
	u16 div;

	if (!baud || baud > 115200)
		baud = 115200;
	div = 115200 / baud;
	outb(0x00, base + 1);		/* IER: no interrupts (polled console) */
	outb(0x80, base + 3);		/* LCR: DLAB */
	outb(div & 0xff, base + 0);
	outb(div >> 8, base + 1);
	outb(0x03, base + 3);		/* 8N1 */
	outb(0xc7, base + 2);		/* FIFO on, cleared, 14-byte threshold */
	outb(0x0b, base + 4);		/* DTR, RTS, OUT2 */
	port_ready[idx] = true;
}

void serial8250_putc(int idx, char c)
{
	u16 base = serial_ports[idx & 1];
	int timeout = 100000;

	if (!port_ready[idx & 1])
		serial8250_init_port(idx & 1, 115200);
	while (!(inb(base + 5) & 0x20) && --timeout)
		;
	outb(c, base);
}

static void serial8250_write(struct console *con, const char *s, unsigned int n, int level)
{
	while (n--) {
		if (*s == '\n')
			serial8250_putc(con->index, '\r');
		serial8250_putc(con->index, *s++);
	}
}

/* OPTIONS is "<baud>" from console=ttyS0,115200; NULL keeps the current setup. */
int serial8250_setup(struct console *con, char *options)
{
	if (con->index < 0 || con->index > 1)
		return -19;
	if (options && *options)
		serial8250_init_port(con->index, simple_strtoul(options, NULL, 10));
	else if (!port_ready[con->index])
		serial8250_init_port(con->index, 115200);
	return 0;
}

struct console serial8250_console = {
	.name = "ttyS",
	.write = serial8250_write,
	.index = 0,
};
