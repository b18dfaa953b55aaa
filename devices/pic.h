/*
 * The two cascaded 8259A programmable interrupt controllers of the PC/AT:
 * master at 0x20/0x21 (IRQ0-7, its INT pin to the CPU's INTR), slave at
 * 0xA0/0xA1 (IRQ8-15, its INT pin to master input 2), plus the EISA ELCR
 * edge/level registers at 0x4D0/0x4D1.
 */
#ifndef LUCID_PIC_H
#define LUCID_PIC_H

#include "emu/board/bus.h"
#include "emu/board/device.h"
#include "emu/board/irq.h"

struct pic;

/* Create the pair, mapping 0x20, 0xA0 and 0x4D0 on bus; intr reaches the CPU. */
struct pic *pic_create(struct bus *bus, struct irq_line *intr);
/* Releases the ports; devices must be done with their lines. */
void pic_destroy(struct pic *pic);
struct device *pic_device(struct pic *pic);
/* The line a device raises for IRQ n (0..15). */
struct irq_line *pic_irq(struct pic *pic, int n);
/* The INTA cycle: the vector of the highest pending request (spurious 7/15 if none). */
int pic_acknowledge(void *pic);
/* Is an unmasked request waiting for the CPU (the INT pin of the master)? */
bool pic_intr_pending(const struct pic *pic);
/* The in-service register of chip 0 (master) or 1 (slave), and how many
 * INTA cycles found no request (tests, "info pic"). */
u8 pic_in_service(const struct pic *pic, int chip);
u32 pic_spurious(const struct pic *pic);
/* The request and mask registers of chip 0 or 1 (the hard-lockup watchdog). */
u8 pic_requests(const struct pic *pic, int chip);
u8 pic_masked(const struct pic *pic, int chip);

#endif
