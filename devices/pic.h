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

/* One 8259A; plain data, saved as is. */
struct pic_chip {
	u8 irr;			/* interrupt request register */
	u8 isr;			/* in-service register */
	u8 imr;			/* interrupt mask register */
	u8 elcr;		/* 1 = level-triggered input (ELCR) */
	u8 elcr_mask;		/* inputs whose trigger mode may be changed */
	u8 level;		/* current level of each input pin */
	u8 vector_base;		/* ICW2 & 0xF8 */
	u8 lowest;		/* the input with the lowest priority (rotation) */
	u8 init_step;		/* 0 = operating; 2, 3, 4 = expecting ICWn */
	u8 icw1, icw3, icw4;
	u8 read_isr;		/* OCW3 RR/RIS: reads of port 0 return ISR */
	u8 poll;		/* OCW3 P: the next read of port 0 is a poll */
	u8 special_mask;	/* OCW3 SMM */
	u8 rotate_aeoi;		/* OCW2 R in automatic EOI mode */
	u8 ltim;		/* ICW1 LTIM: every input level-triggered */
	u8 int_out;		/* level of the INT pin */
};

struct pic {
	struct pic_chip chip[2];	/* master, slave */
	struct irq_line in[16];		/* what devices drive: IRQ0..IRQ15 */
	struct irq_line *intr;		/* to the CPU's INTR pin */
	u32 spurious;			/* INTA cycles that found no request */
	struct device device;
};

/* Create the pair, mapping 0x20, 0xA0 and 0x4D0 on bus; intr reaches the CPU. */
struct pic *pic_create(struct bus *bus, struct irq_line *intr);
void pic_destroy(struct pic *pic);
/* The line a device raises for IRQ n (0..15). */
static inline struct irq_line *pic_irq(struct pic *pic, int n) { return &pic->in[n]; }
/* The INTA cycle: the vector of the highest pending request (spurious 7/15 if none). */
int pic_acknowledge(void *pic);
/* Is an unmasked request waiting for the CPU (the INT pin of the master)? */
static inline bool pic_intr_pending(const struct pic *pic) { return pic->chip[0].int_out; }

#endif
