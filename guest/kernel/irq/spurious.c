/*
 * Unhandled-interrupt detection (Linux's kernel/irq/spurious.c,
 * note_interrupt). Every interrupt counts; one that no handler claims
 * (IRQ_NONE) counts as unhandled, the count restarting when the previous
 * unhandled one was more than HZ/10 ago. Out of each 100000 interrupts on a
 * line, if more than 99900 were unhandled the line is stuck: report
 * "nobody cared" with the handlers and disable the line.
 */
#include <linux/kernel.h>
#include <linux/irq.h>
#include <linux/time.h>
#include <asm/traps.h>

static void report_bad_irq(struct irq_desc *desc, unsigned int irq, irqreturn_t ret)
{
	struct irqaction *action;

	if (ret != IRQ_NONE && ret != IRQ_HANDLED && ret != IRQ_WAKE_THREAD)
		pr_err("irq event %u: bogus return value %x\n", irq, ret);
	else
		pr_err("irq %u: nobody cared (try booting with the \"irqpoll\" option)\n", irq);
	dump_stack();
	pr_err("handlers:\n");
	for (action = desc->action; action; action = action->next)
		pr_err("[<%p>] %pS\n", action->handler, action->handler);
}

void note_interrupt(struct irq_desc *desc, unsigned int irq, irqreturn_t action_ret)
{
	if (action_ret & ~(IRQ_HANDLED | IRQ_WAKE_THREAD)) {
		report_bad_irq(desc, irq, action_ret);
		return;
	}
	if (action_ret == IRQ_NONE) {
		if (time_after(jiffies, desc->last_unhandled + HZ / 10))
			desc->irqs_unhandled = 1;
		else
			desc->irqs_unhandled++;
		desc->last_unhandled = jiffies;
	}
	if (++desc->irq_count < 100000)
		return;
	desc->irq_count = 0;
	if (desc->irqs_unhandled > 99900) {
		report_bad_irq(desc, irq, action_ret);
		pr_emerg("Disabling IRQ #%u\n", irq);
		desc->istate |= IRQS_SPURIOUS_DISABLED;
		desc->depth++;
		mask_8259A_irq(irq);
	}
	desc->irqs_unhandled = 0;
}
