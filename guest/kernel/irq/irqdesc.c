/*
 * The IRQ descriptors and the path of one hardware interrupt (Linux's
 * kernel/irq/irqdesc.c, handle.c and arch/x86/kernel/irq.c, for the 8259):
 *	do_IRQ: irq_enter (HARDIRQ_OFFSET into preempt_count), rule out a
 *	spurious IRQ7/IRQ15 by reading the ISR, mask + EOI, run every
 *	irqaction on the line, let note_interrupt() judge the result, unmask,
 *	irq_exit (which runs pending softirqs when leaving the outermost level).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/irq.h>
#include "internals.h"
#include <linux/interrupt.h>
#include <asm/ptrace.h>
#include <asm/irqflags.h>

struct irq_desc irq_desc[NR_IRQS];
unsigned long irq_err_count;	/* spurious interrupts, for /proc/interrupts ERR */
static struct pt_regs *irq_regs;

struct pt_regs *get_irq_regs(void)
{
	return irq_regs;
}

void __init early_irq_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_IRQS; i++) {
		irq_desc[i].depth = 1;		/* disabled until request_irq */
		irq_desc[i].chip = "XT-PIC";
	}
	pr_info("early_irq_init: NR_IRQS: %d, irq_desc[%d] ready (irqaction chains, per-IRQ counts)\n",
		NR_IRQS, NR_IRQS);
}

void set_irq_gate(unsigned int irq);

void __init init_IRQ(void)
{
	unsigned int i;

	init_8259A();
	for (i = 0; i < NR_IRQS; i++)
		set_irq_gate(i);
	pr_info("init_IRQ: 8259A master -> vectors 0x20-0x27, slave -> 0x28-0x2f; every line masked but the cascade (IRQ2)\n");
}

/* Run the handler chain with interrupts off; OR their answers together. */
static irqreturn_t handle_irq_event(struct irq_desc *desc, unsigned int irq)
{
	struct irqaction *action;
	irqreturn_t ret = IRQ_NONE;

	for (action = desc->action; action; action = action->next) {
		irqreturn_t r = action->handler(irq, action->dev_id);

		if (r == IRQ_WAKE_THREAD) {
			irq_wake_thread(desc, action);
			r = IRQ_HANDLED;
		}
		ret |= r;
	}
	return ret;
}

static void handle_one(struct irq_desc *desc, unsigned int irq)
{
	irqreturn_t ret;

	desc->kstat_irqs++;
	ret = handle_irq_event(desc, irq);
	note_interrupt(desc, irq, ret);
}

void do_IRQ(struct pt_regs *regs, unsigned int irq)
{
	struct irq_desc *desc = &irq_desc[irq];
	struct pt_regs *old_regs = irq_regs;

	irq_regs = regs;
	irq_enter();
	if ((irq == 7 || irq == 15) && !i8259A_irq_real(irq)) {
		/* Spurious: no EOI to this chip (nothing is in service there),
		 * but a spurious slave IRQ15 was a real cascade IRQ2 on the master. */
		static bool warned[2];

		if (irq == 15)
			i8259A_eoi_master();
		desc->spurious++;
		irq_err_count++;
		if (!warned[irq == 15]) {
			warned[irq == 15] = true;
			pr_info("spurious 8259A interrupt: IRQ%d.\n", irq);
		}
		goto out;
	}
	mask_and_ack_8259A(irq);
	handle_one(desc, irq);
#ifdef MUTANT_oneshot_unmask_early	/* mutation testing: IRQF_ONESHOT not honoured */
	if (!desc->depth && desc->action)
#else
	/* An IRQF_ONESHOT thread still to run keeps the line masked; it unmasks it. */
	if (!desc->depth && desc->action && !desc->threads_oneshot)
#endif
		unmask_8259A_irq(irq);
out:
	irq_exit();
	irq_regs = old_regs;
}

/*
 * Deliver IRQ as if the line had fired, without the PIC: the same
 * accounting, handlers and storm detection. For self-tests and for software
 * that demultiplexes interrupts. Returns 0, or -EINVAL for a bad number.
 */
int generic_handle_irq(unsigned int irq)
{
	unsigned long flags;

	if (irq >= NR_IRQS)
		return -22;
	local_irq_save(flags);
	irq_enter();
	handle_one(&irq_desc[irq], irq);
	irq_exit();
	local_irq_restore(flags);
	return 0;
}
