/*
 * The National Semiconductor PC16550D UART (datasheet, June 1995: register
 * map, FIFO control, the interrupt identification priorities, loopback) as
 * COM1 of a PC: IRQ4 reaches the PIC only while MCR OUT2 is set, because PC
 * boards gate the interrupt with that pin.
 *
 * The transmitter is instantaneous: a byte written to THR goes to the host
 * sink at once and THR is empty again, so THRE and TEMT always read 1 and a
 * THRE interrupt is pending again right after each write. Received bytes come
 * from the input queue; the character-timeout interrupt (data below the FIFO
 * trigger level with nothing new for four character times) is a timer on the
 * virtual clock, computed from the programmed divisor and frame format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/uart.h"

/* Plain data, saved as is. */
struct uart_state {
	u8 rx[UART_FIFO];	/* receive FIFO (ring) */
	u8 rx_head, rx_count;
	u8 ier, lcr, mcr, lsr, msr, scr, fcr;
	u16 divisor;
	u8 thr_ipending;	/* THR-empty interrupt pending (cleared by IIR read or THR write) */
	u8 timeout_ipending;	/* character timeout interrupt pending */
	u8 timeout_armed;
	u8 irq_level;
	u64 timeout_at;		/* icount of the character timeout */
	u64 tx_bytes, rx_bytes, overruns;
};

struct uart {
	struct uart_state s;
	struct clock *clock;
	struct irq_line *irq;
	struct byte_sink out;	/* where transmitted bytes go */
	struct timer timer;
	const char *name;
	struct bus *bus;
	struct device device;
};

#define UART_SNAP_VERSION 1

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_BI 0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_ERRS 0x1E
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define FCR_ENABLE 0x01

static bool fifo_on(const struct uart *u) { return u->s.fcr & FCR_ENABLE; }

static int rx_trigger(const struct uart *u)
{
	static const u8 levels[4] = { 1, 4, 8, 14 };
	return fifo_on(u) ? levels[u->s.fcr >> 6] : 1;
}

/* The IIR value: the highest-priority pending source (datasheet table 4). */
static u8 uart_iir(const struct uart *u)
{
	u8 fifo = fifo_on(u) ? 0xC0 : 0;
	const struct uart_state *s = &u->s;

	if ((s->ier & 0x04) && (s->lsr & LSR_ERRS))
		return fifo | 0x06;
	if ((s->ier & 0x01) && s->rx_count >= rx_trigger(u))
		return fifo | 0x04;
	if ((s->ier & 0x01) && s->timeout_ipending)
		return fifo | 0x0C;
	if ((s->ier & 0x02) && s->thr_ipending)
		return fifo | 0x02;
	if ((s->ier & 0x08) && (s->msr & 0x0F))
		return fifo | 0x00;
	return fifo | 0x01;
}

static void uart_update_irq(struct uart *u)
{
	u8 level = !(uart_iir(u) & 1) && (u->s.mcr & MCR_OUT2) && !(u->s.mcr & MCR_LOOP);

	if (level != u->s.irq_level) {
		u->s.irq_level = level;
		irq_set(u->irq, level);
	}
}

/* Four character times at the programmed rate and frame, in instructions. */
static u64 timeout_icount(const struct uart *u)
{
	u32 bits = 1 + 5 + (u->s.lcr & 3) + ((u->s.lcr & 0x08) ? 1 : 0) + ((u->s.lcr & 0x04) ? 2 : 1);
	u32 div = u->s.divisor ? u->s.divisor : 65536;
	u64 ns = (u64)4 * bits * div * 1000000000ull / 115200;
	return clock_ns_to_icount(u->clock, ns);
}

static void arm_timeout(struct uart *u)
{
	if (fifo_on(u) && u->s.rx_count) {
		u->s.timeout_at = u->clock->icount + timeout_icount(u);
		u->s.timeout_armed = 1;
		timer_mod(u->clock, &u->timer, u->s.timeout_at);
	} else {
		u->s.timeout_armed = 0;
		timer_del(u->clock, &u->timer);
	}
}

static void uart_timeout(void *opaque)
{
	struct uart *u = opaque;

	u->s.timeout_armed = 0;
	if (u->s.rx_count)
		u->s.timeout_ipending = 1;
	uart_update_irq(u);
}

static void rx_push(struct uart *u, u8 byte)
{
	int cap = fifo_on(u) ? UART_FIFO : 1;

	if (u->s.rx_count >= cap) {
		u->s.lsr |= LSR_OE;	/* the byte is lost */
		u->s.overruns++;
	} else {
		u->s.rx[(u->s.rx_head + u->s.rx_count) % UART_FIFO] = byte;
		u->s.rx_count++;
		u->s.rx_bytes++;
	}
	u->s.lsr |= LSR_DR;
	arm_timeout(u);
	uart_update_irq(u);
}

void uart_receive(struct uart *u, u8 byte)
{
	if (u->s.mcr & MCR_LOOP)
		return;		/* the line input is disconnected in loopback */
	rx_push(u, byte);
}

int uart_rx_space(const struct uart *u)
{
	return (fifo_on(u) ? UART_FIFO : 1) - u->s.rx_count;
}

static u8 rx_pop(struct uart *u)
{
	u8 v = 0;

	if (u->s.rx_count) {
		v = u->s.rx[u->s.rx_head];
		u->s.rx_head = (u->s.rx_head + 1) % UART_FIFO;
		u->s.rx_count--;
	}
	if (!u->s.rx_count)
		u->s.lsr &= ~LSR_DR;
	u->s.timeout_ipending = 0;
	arm_timeout(u);
	return v;
}

/* The modem status inputs: looped back from MCR, or a connected line. */
static void update_msr(struct uart *u)
{
	u8 in;
	u8 old = u->s.msr;

	if (u->s.mcr & MCR_LOOP) {
		u8 m = u->s.mcr;
		in = (m & 0x02 ? 0x10 : 0) | (m & 0x01 ? 0x20 : 0) | (m & 0x04 ? 0x40 : 0) |
		     (m & 0x08 ? 0x80 : 0);
	} else {
		in = 0xB0;	/* DCD, DSR and CTS asserted: someone is listening */
	}
	u8 delta = (in ^ old) & 0xF0;
	u8 d = (delta & 0x10 ? 0x01 : 0) | (delta & 0x20 ? 0x02 : 0) |
	       ((old & 0x40) && !(in & 0x40) ? 0x04 : 0) | (delta & 0x80 ? 0x08 : 0);
	u->s.msr = in | (old & 0x0F) | d;
}

static void transmit(struct uart *u, u8 byte)
{
	u->s.tx_bytes++;
	if (u->s.mcr & MCR_LOOP)
		rx_push(u, byte);
	else
		sink_putc(&u->out, byte);
	u->s.thr_ipending = 1;	/* THR is empty again at once */
}

static u32 uart_read(void *opaque, u32 offset, int size)
{
	struct uart *u = opaque;
	u8 v;

	switch (offset) {
	case RBR_THR:
		if (u->s.lcr & 0x80)
			return u->s.divisor & 0xFF;
		v = rx_pop(u);
		break;
	case IER:
		if (u->s.lcr & 0x80)
			return u->s.divisor >> 8;
		return u->s.ier;
	case IIR_FCR:
		v = uart_iir(u);
		if ((v & 0x0F) == 0x02)
			u->s.thr_ipending = 0;	/* reading IIR reporting THRE clears it */
		break;
	case LCR:
		return u->s.lcr;
	case MCR:
		return u->s.mcr;
	case LSR:
		v = u->s.lsr | LSR_THRE | LSR_TEMT;
		if (fifo_on(u) && (u->s.lsr & LSR_ERRS))
			v |= 0x80;
		u->s.lsr &= ~LSR_ERRS;
		break;
	case MSR:
		v = u->s.msr;
		u->s.msr &= 0xF0;
		break;
	default:
		return u->s.scr;
	}
	uart_update_irq(u);
	return v;
}

static void uart_write(void *opaque, u32 offset, u32 val, int size)
{
	struct uart *u = opaque;
	u8 old;

	switch (offset) {
	case RBR_THR:
		if (u->s.lcr & 0x80) {
			u->s.divisor = (u->s.divisor & 0xFF00) | (val & 0xFF);
			return;
		}
		transmit(u, val);
		break;
	case IER:
		if (u->s.lcr & 0x80) {
			u->s.divisor = (u->s.divisor & 0x00FF) | (val & 0xFF) << 8;
			return;
		}
		old = u->s.ier;
		u->s.ier = val & 0x0F;
		/* Enabling ETBEI with THR empty raises THRE at once (Linux tests this). */
		if (!(old & 0x02) && (val & 0x02))
			u->s.thr_ipending = 1;
		break;
	case IIR_FCR:
		old = u->s.fcr;
		if ((val ^ old) & FCR_ENABLE || (val & 0x02)) {
			u->s.rx_count = 0;
			u->s.rx_head = 0;
			u->s.lsr &= ~LSR_DR;
			u->s.timeout_ipending = 0;
		}
		u->s.fcr = val & 0xC1;
		arm_timeout(u);
		break;
	case LCR:
		u->s.lcr = val;
		break;
	case MCR:
		u->s.mcr = val & 0x1F;
		update_msr(u);
		break;
	case LSR:
	case MSR:
		break;		/* read-only on the 16550A */
	default:
		u->s.scr = val;
		break;
	}
	uart_update_irq(u);
}

static const struct io_ops uart_ops = { uart_read, uart_write, 0 };

static void uart_reset(void *opaque)
{
	struct uart *u = opaque;

	memset(&u->s, 0, sizeof(u->s));
	u->s.divisor = 12;	/* 9600 baud until someone programs it */
	u->s.lcr = 0x03;
	u->s.msr = 0xB0;
	timer_del(u->clock, &u->timer);
	irq_lower(u->irq);
}

static void uart_save(void *opaque, struct snap_writer *w)
{
	struct uart *u = opaque;
	snap_put_section(w, "UART", UART_SNAP_VERSION, &u->s, sizeof(u->s));
}

static int uart_load(void *opaque, struct snap_reader *r)
{
	struct uart *u = opaque;
	struct uart_state s;

	if (snap_get_section(r, "UART", UART_SNAP_VERSION, &s, sizeof(s)))
		return -1;
	if (s.rx_count > UART_FIFO || s.rx_head >= UART_FIFO) {
		snprintf(r->error, sizeof(r->error), "uart: receive FIFO state is invalid");
		return -1;
	}
	u->s = s;
	if (s.timeout_armed)
		timer_mod(u->clock, &u->timer, s.timeout_at);
	else
		timer_del(u->clock, &u->timer);
	irq_set(u->irq, s.irq_level);
	return 0;
}

static void uart_info(void *opaque, void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct uart *u = opaque;
	const struct uart_state *s = &u->s;

	print(ctx, "%s: ier=%02x iir=%02x lcr=%02x mcr=%02x lsr=%02x msr=%02x fcr=%02x "
		   "divisor=%u (%u baud)\n", u->name, s->ier, uart_iir(u), s->lcr, s->mcr,
	      s->lsr | LSR_THRE | LSR_TEMT, s->msr, s->fcr, s->divisor,
	      s->divisor ? 115200 / s->divisor : 0);
	print(ctx, "rx fifo %u bytes, sent %llu, received %llu, overruns %llu, irq %d\n",
	      s->rx_count, (unsigned long long)s->tx_bytes, (unsigned long long)s->rx_bytes,
	      (unsigned long long)s->overruns, s->irq_level);
}

struct uart *uart_create(struct bus *bus, struct clock *clock, u16 base, struct irq_line *irq,
			 const char *name, const struct byte_sink *out)
{
	struct uart *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->clock = clock;
	u->bus = bus;
	u->irq = irq;
	u->name = name;
	if (out)
		u->out = *out;
	timer_init(&u->timer, name, uart_timeout, u);
	if (bus_add_io(bus, base, 8, &uart_ops, u, name)) {
		free(u);
		return NULL;
	}
	u->device = (struct device){
		.name = name, .dev = u, .reset = uart_reset, .save = uart_save,
		.load = uart_load, .info = uart_info,
	};
	uart_reset(u);
	return u;
}

void uart_destroy(struct uart *u)
{
	if (!u)
		return;
	timer_del(u->clock, &u->timer);
	bus_remove_device(u->bus, u);
	free(u);
}

struct device *uart_device(struct uart *u) { return &u->device; }
u16 uart_divisor(const struct uart *u) { return u->s.divisor; }
