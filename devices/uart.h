/*
 * A 16550A UART (COM1 at 0x3F8, IRQ4 on the PC). Output bytes go to a host
 * byte sink chosen by main.c; input arrives only through the input queue
 * (INPUT_SERIAL events, delivered with uart_receive).
 */
#ifndef LUCID_UART_H
#define LUCID_UART_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/irq.h"
#include "emu/lib/sink.h"

#define UART_FIFO 16

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
	struct device device;
};

struct uart *uart_create(struct bus *bus, struct clock *clock, u16 base, struct irq_line *irq,
			 const char *name);
void uart_destroy(struct uart *uart);
void uart_set_sink(struct uart *uart, const struct byte_sink *sink);
/* A byte arrived on the serial line (from the input queue). */
void uart_receive(struct uart *uart, u8 byte);
/* Room left in the receive FIFO (a frontend may wait for it before pushing input). */
int uart_rx_space(const struct uart *uart);

#endif
