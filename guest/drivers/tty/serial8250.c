/*
 * The 16550A UART (Linux's drivers/tty/serial/8250): a polled console for
 * printk and the tty ttyS0 (4:64). Registers per the NS16550A datasheet:
 * THR/RBR (0), IER (1), FCR/IIR (2), LCR (3), MCR (4), LSR (5; bit 0 = data
 * ready, bit 5 = THR empty), DLL/DLM at 0/1 with LCR.DLAB set. Output waits
 * for THR empty with a bounded loop, so a missing UART slows printk down but
 * cannot hang it. Input comes by the received-data interrupt (IER bit 0,
 * IRQ4 through OUT2): the handler drains the FIFO into the tty's flip buffer
 * until LSR shows it empty, with no cap of its own, so the receive interrupt
 * is over (its line drops) and the next byte raises a fresh edge at the
 * edge-triggered 8259. IIR is not read: that would clear a THR-empty
 * interrupt another handler on the shared line may be waiting for.
 * When the flip buffer is full, the rest stays in the UART (whose sender then
 * waits) and is taken once the tty has drained the buffer (unthrottle):
 * nothing is dropped, however fast a line is pasted.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/interrupt.h>
#include <linux/init.h>
#include <linux/tty.h>
#include <linux/ioport.h>
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

/* ---- ttyS0 as a terminal ---- */

static struct tty_struct serial_tty;

static int serial8250_tty_write(struct tty_struct *tty, const u8 *buf, int n)
{
	int i;

	for (i = 0; i < n; i++)
		serial8250_putc(0, buf[i]);
	return n;
}

/* A new speed from termios: program the divisor (B0 leaves the line alone). */
static void serial8250_set_termios(struct tty_struct *tty, const struct termios *old)
{
	static const u32 rates[] = { 0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800,
				     2400, 4800, 9600, 19200, 38400 };
	u32 b = tty->termios.c_cflag & CBAUD, baud;

	if (b == (old->c_cflag & CBAUD))
		return;
	baud = (b & 010000) ? ((b & 017) == 1 ? 57600 : 115200) : rates[b & 017];
	if (baud) {
		serial8250_init_port(0, baud);
		outb(0x01, serial_ports[0] + 1);	/* IER: received data again */
	}
}

static bool rx_held;		/* the flip buffer filled: input waits in the UART */

/*
 * Received bytes into the flip buffer while it has room; returns how many,
 * *MORE whether the UART still holds some.
 */
static int serial8250_rx_chars(bool *more)
{
	u16 base = serial_ports[0];
	int n = 0;

	while ((*more = inb(base + 5) & 0x01) && tty_flip_room(&serial_tty)) {
		tty_insert_flip_char(&serial_tty, inb(base));
		n++;
	}
	if (n)
		tty_flip_buffer_push(&serial_tty);
	return n;
}

static irqreturn_t serial8250_interrupt(int irq, void *dev_id)
{
	bool more;
	int n = serial8250_rx_chars(&more);

	if (more)
		rx_held = true;
	return n || more ? IRQ_HANDLED : IRQ_NONE;
}

/* From the tty once the flip buffer is drained: take what the UART held. */
static void serial8250_unthrottle(struct tty_struct *tty)
{
	unsigned long flags;

	local_irq_save(flags);
	if (rx_held)
		serial8250_rx_chars(&rx_held);
	local_irq_restore(flags);
}

static const struct tty_operations serial8250_tty_ops = {
	.write = serial8250_tty_write,
	.set_termios = serial8250_set_termios,
	.unthrottle = serial8250_unthrottle,
};

static int __init serial8250_tty_init(void)
{
	u16 base = serial_ports[0];

	if (!port_ready[0])
		serial8250_init_port(0, 115200);
	if (inb(base + 5) == 0xff)
		return -19;		/* no UART */
	tty_init_struct(&serial_tty, "ttyS0", MKDEV(4, 64), &serial8250_tty_ops);
	serial_tty.termios.c_cflag = (serial_tty.termios.c_cflag & ~CBAUD) | B115200 | CLOCAL;
	if (request_irq(4, serial8250_interrupt, IRQF_SHARED, "serial", &serial_tty))
		return -16;
	tty_register(&serial_tty);
	request_region(base, 8, "serial");
	outb(0x01, base + 1);		/* IER: interrupt on received data */
	serial8250_interrupt(4, NULL);	/* whatever arrived before */
	return 0;
}
device_initcall(serial8250_tty_init);
