/*
 * The two 8259A interrupt controllers (Intel 8259A datasheet; Linux's
 * arch/x86/kernel/i8259.c). Master at 0x20/0x21 with the slave cascaded on its
 * IR2, slave at 0xA0/0xA1. init_8259A() reprograms them away from the BIOS's
 * vectors 0x08-0x0F, which collide with CPU exceptions, to 0x20-0x2F.
 * Handling an IRQ masks the line and sends a specific EOI first
 * (mask_and_ack), and unmasks it when the handlers are done.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <asm/io.h>
#include <asm/irqflags.h>

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_IMR	0xa1
#define PIC_CASCADE_IR	2

u16 cached_irq_mask = 0xffff;	/* 1 = masked; bit 8+n is slave IR n */

static void write_masks(void)
{
	outb(cached_irq_mask & 0xff, PIC_MASTER_IMR);
	outb(cached_irq_mask >> 8, PIC_SLAVE_IMR);
}

void mask_8259A_irq(unsigned int irq)
{
	unsigned long flags;

	local_irq_save(flags);
	cached_irq_mask |= 1 << irq;
	if (irq & 8)
		outb(cached_irq_mask >> 8, PIC_SLAVE_IMR);
	else
		outb(cached_irq_mask & 0xff, PIC_MASTER_IMR);
	local_irq_restore(flags);
}

void unmask_8259A_irq(unsigned int irq)
{
	unsigned long flags;

	local_irq_save(flags);
	cached_irq_mask &= ~(1 << irq);
	if (irq & 8)
		outb(cached_irq_mask >> 8, PIC_SLAVE_IMR);
	else
		outb(cached_irq_mask & 0xff, PIC_MASTER_IMR);
	local_irq_restore(flags);
}

/* OCW3: select the in-service (0x0b) or request (0x0a) register for reading. */
u16 i8259A_read_isr(void)
{
	u16 isr;

	outb(0x0b, PIC_MASTER_CMD);
	outb(0x0b, PIC_SLAVE_CMD);
	isr = inb(PIC_MASTER_CMD) | (inb(PIC_SLAVE_CMD) << 8);
	outb(0x0a, PIC_MASTER_CMD);	/* back to IRR, the default */
	outb(0x0a, PIC_SLAVE_CMD);
	return isr;
}

u16 i8259A_read_irr(void)
{
	outb(0x0a, PIC_MASTER_CMD);
	outb(0x0a, PIC_SLAVE_CMD);
	return inb(PIC_MASTER_CMD) | (inb(PIC_SLAVE_CMD) << 8);
}

/*
 * Is IRQ really in service? A 8259 that sees a request vanish before the
 * INTA cycle delivers its lowest-priority vector (IR7) anyway, without setting
 * the ISR bit: a spurious interrupt.
 */
bool i8259A_irq_real(unsigned int irq)
{
	return i8259A_read_isr() & (1 << irq);
}

void i8259A_eoi_master(void)
{
	outb(0x60 + PIC_CASCADE_IR, PIC_MASTER_CMD);	/* specific EOI for the cascade */
}

void mask_and_ack_8259A(unsigned int irq)
{
	unsigned long flags;

	local_irq_save(flags);
	cached_irq_mask |= 1 << irq;
	if (irq & 8) {
		outb(cached_irq_mask >> 8, PIC_SLAVE_IMR);
		outb(0x60 + (irq & 7), PIC_SLAVE_CMD);	/* specific EOI to the slave */
		i8259A_eoi_master();
	} else {
		outb(cached_irq_mask & 0xff, PIC_MASTER_IMR);
		outb(0x60 + irq, PIC_MASTER_CMD);
	}
	local_irq_restore(flags);
}

void __init init_8259A(void)
{
	unsigned long flags;

	local_irq_save(flags);
	outb(0xff, PIC_MASTER_IMR);
	outb(0xff, PIC_SLAVE_IMR);
	outb_p(0x11, PIC_MASTER_CMD);		/* ICW1: edge, cascade, ICW4 follows */
	outb_p(0x20, PIC_MASTER_IMR);		/* ICW2: vectors 0x20-0x27 */
	outb_p(1 << PIC_CASCADE_IR, PIC_MASTER_IMR); /* ICW3: slave on IR2 */
	outb_p(0x01, PIC_MASTER_IMR);		/* ICW4: 8086 mode, normal EOI */
	outb_p(0x11, PIC_SLAVE_CMD);
	outb_p(0x28, PIC_SLAVE_IMR);		/* vectors 0x28-0x2f */
	outb_p(PIC_CASCADE_IR, PIC_SLAVE_IMR);	/* slave identity 2 */
	outb_p(0x01, PIC_SLAVE_IMR);
	cached_irq_mask = 0xffff & ~(1 << PIC_CASCADE_IR);
	write_masks();
	local_irq_restore(flags);
}
