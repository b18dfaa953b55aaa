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

/* Mouse buttons in INPUT_MOUSE's c (the wheel, +1 = away from the user, is bits 8-15). */
#define MOUSE_BTN_LEFT 0x01
#define MOUSE_BTN_RIGHT 0x02
#define MOUSE_BTN_MIDDLE 0x04
#define MOUSE_BTN_SIDE 0x08
#define MOUSE_BTN_EXTRA 0x10

#endif
