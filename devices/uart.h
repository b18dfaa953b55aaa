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

struct uart;

/* Claims 8 ports at base; transmitted bytes go to out (copied; NULL drops them). */
struct uart *uart_create(struct bus *bus, struct clock *clock, u16 base, struct irq_line *irq,
			 const char *name, const struct byte_sink *out);
/* Releases the ports and the timer. */
void uart_destroy(struct uart *uart);
struct device *uart_device(struct uart *uart);
/* The baud rate divisor the guest programmed. */
u16 uart_divisor(const struct uart *uart);
/* A byte arrived on the serial line (from the input queue). */
void uart_receive(struct uart *uart, u8 byte);
/* Room left in the receive FIFO (a frontend may wait for it before pushing input). */
int uart_rx_space(const struct uart *uart);

#endif
