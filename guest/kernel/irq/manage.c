/*
 * Installing and controlling handlers (Linux's kernel/irq/manage.c):
 * request_irq/free_irq, with IRQF_SHARED lines holding several irqactions that
 * are all called for each interrupt, and disable_irq/enable_irq nesting by
 * depth. irqactions come from a static pool until kmalloc exists (issue 8 may
 * switch to kmalloc).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/irq.h>
#include <linux/bug.h>
#include <linux/string.h>
#include "internals.h"
#include <asm/irqflags.h>

#define NR_IRQACTIONS 48
static struct irqaction action_pool[NR_IRQACTIONS];

static struct irqaction *alloc_action(void)
{
	unsigned int i;

	for (i = 0; i < NR_IRQACTIONS; i++)
		if (!action_pool[i].handler)
			return &action_pool[i];
	return NULL;
}

/*
 * Add HANDLER to line IRQ. A line can be shared only if every user asks for
 * IRQF_SHARED and gives a dev_id (free_irq needs it to find the handler).
 * The first handler unmasks the line. Returns 0 or -EINVAL/-EBUSY/-ENOMEM.
 */
int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long flags, const char *name, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction *action, **p;
	unsigned long iflags;

	if (!handler) {		/* Linux: a thread alone needs the line kept masked for it */
		if (!thread_fn || !(flags & IRQF_ONESHOT))
			return -EINVAL;
		handler = irq_default_primary_handler;
	}
	if (!desc || irq == 2)	/* IRQ2 is the cascade */
		return -EINVAL;
	if ((flags & IRQF_SHARED) && !dev_id)
		return -EINVAL;
	local_irq_save(iflags);
	if (desc->action && (!(desc->action->flags & flags & IRQF_SHARED) ||
			     ((desc->action->flags ^ flags) & IRQF_ONESHOT))) {
		local_irq_restore(iflags);
		pr_err("genirq: Flags mismatch irq %u. %08lx (%s) vs. %08lx (%s)\n", irq, flags,
		       name, desc->action->flags, desc->action->name);
		return -EBUSY;
	}
	action = alloc_action();
	if (!action) {
		local_irq_restore(iflags);
		return -ENOMEM;
	}
	memset(action, 0, sizeof(*action));
	action->handler = handler;	/* the slot is taken */
	action->thread_fn = thread_fn;
	action->flags = flags;
	action->name = name;
	action->dev_id = dev_id;
	action->irq = irq;
	local_irq_restore(iflags);
	if (thread_fn && irq_setup_thread(action)) {	/* may sleep: interrupts on */
		action->handler = NULL;
		return -ENOMEM;
	}
	local_irq_save(iflags);
	for (p = &desc->action; *p; p = &(*p)->next)
		;
	*p = action;
	if (p == &desc->action) {	/* first handler: start clean, enabled */
		desc->depth = 0;
		desc->istate = 0;
		desc->irq_count = 0;
		desc->irqs_unhandled = 0;
		desc->threads_oneshot = 0;
		unmask_8259A_irq(irq);
	}
	local_irq_restore(iflags);
	return 0;
}

/*
 * Add HANDLER to line IRQ. A line can be shared only if every user asks for
 * IRQF_SHARED and gives a dev_id (free_irq needs it to find the handler).
 * The first handler unmasks the line. Returns 0 or -EINVAL/-EBUSY/-ENOMEM.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	if (!handler)
		return -EINVAL;
	return request_threaded_irq(irq, handler, NULL, flags, name, dev_id);
}

/* Remove the handler registered with DEV_ID; returns its name, or NULL. */
const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction **p, *action;
	unsigned long flags;
	const char *name;

	if (!desc)
		return NULL;
	local_irq_save(flags);
	for (p = &desc->action; *p && (*p)->dev_id != dev_id; p = &(*p)->next)
		;
	action = *p;
	if (!action) {
		local_irq_restore(flags);
		WARN_ON(1);
		pr_warn("Trying to free already-free IRQ %u\n", irq);
		return NULL;
	}
	*p = action->next;
	if (!desc->action) {
		mask_8259A_irq(irq);
		desc->depth = 1;
	}
	name = action->name;
	local_irq_restore(flags);
	if (action->thread)
		irq_stop_thread(desc, action);	/* sleeps until the thread has exited */
	action->handler = NULL;		/* the slot is free */
	return name;
}

void disable_irq_nosync(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	local_irq_save(flags);
	if (desc->depth++ == 0)
		mask_8259A_irq(irq);
	local_irq_restore(flags);
}

/* On one CPU no handler can be running elsewhere, so nothing to wait for. */
void disable_irq(unsigned int irq)
{
	disable_irq_nosync(irq);
}

void enable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	local_irq_save(flags);
	if (desc->depth == 0) {
		local_irq_restore(flags);
		WARN_ON(1);
		pr_warn("Unbalanced enable for IRQ %u\n", irq);
		return;
	}
	if (--desc->depth == 0) {
		desc->istate &= ~IRQS_SPURIOUS_DISABLED;
		if (desc->action && !desc->threads_oneshot)
			unmask_8259A_irq(irq);
	}
	local_irq_restore(flags);
}
