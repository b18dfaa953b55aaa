/* What kernel/irq/ shares inside itself (Linux's kernel/irq/internals.h). */
#ifndef _KERNEL_IRQ_INTERNALS_H
#define _KERNEL_IRQ_INTERNALS_H

#include <linux/irq.h>
#include <linux/interrupt.h>

irqreturn_t irq_default_primary_handler(int irq, void *dev_id);
int irq_setup_thread(struct irqaction *action);
void irq_wake_thread(struct irq_desc *desc, struct irqaction *action);
void irq_stop_thread(struct irq_desc *desc, struct irqaction *action);

#endif
