/* 8042 keyboard controller with a PS/2 keyboard and mouse (see i8042.c). */
#ifndef LUCID_I8042_H
#define LUCID_I8042_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/input.h"
#include "emu/board/irq.h"

struct i8042;

/*
 * Claims ports 0x60 and 0x64, and the INPUT_KEY and INPUT_MOUSE handlers of
 * the input queue. kbd_irq is IRQ1, aux_irq IRQ12. reset is called when the
 * guest pulses the CPU reset line (command 0xFE, or output port bit 0 low);
 * the A20 output line drives bus_set_a20.
 */
struct i8042 *i8042_create(struct bus *bus, struct clock *clock, struct input_queue *in,
			   struct irq_line *kbd_irq, struct irq_line *aux_irq,
			   void (*reset)(void *opaque), void *reset_opaque);
void i8042_destroy(struct i8042 *k);
struct device *i8042_device(struct i8042 *k);

#endif
