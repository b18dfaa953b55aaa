/*
 * IRQ descriptors (Linux's include/linux/irqdesc.h, reduced to the two 8259s):
 * irq_desc[16], each with its chain of irqactions, a disable depth, per-IRQ
 * counts for /proc/interrupts, and the unhandled-interrupt bookkeeping of
 * note_interrupt() (kernel/irq/spurious.c).
 */
#ifndef _LINUX_IRQ_H
#define _LINUX_IRQ_H

#include <linux/types.h>
#include <linux/interrupt.h>

#define NR_IRQS 16
#define FIRST_EXTERNAL_VECTOR 0x20
#define IRQ0_VECTOR FIRST_EXTERNAL_VECTOR
#define SYSCALL_VECTOR 0x80

struct pt_regs;

struct irqaction {
	irq_handler_t handler;
	unsigned long flags;		/* IRQF_* */
	const char *name;
	void *dev_id;
	struct irqaction *next;		/* the next handler on a shared line */
	unsigned int irq;
	irq_handler_t thread_fn;	/* request_threaded_irq: runs in the irq/N-name thread */
	struct task_struct *thread;
	unsigned long thread_flags;	/* IRQTF_RUNTHREAD: the handler asked for the thread */
	unsigned long threads_handled;	/* thread_fn calls */
};
#define IRQTF_RUNTHREAD	0x01

struct irq_desc {
	struct irqaction *action;	/* handler chain */
	unsigned int depth;		/* nested disable_irq(); 0 = enabled */
	unsigned int istate;		/* IRQS_* */
	unsigned long kstat_irqs;	/* interrupts delivered */
	unsigned int irq_count;		/* for note_interrupt: events seen in this window */
	unsigned int irqs_unhandled;	/* ...of which nobody handled */
	unsigned long last_unhandled;	/* jiffies of the last unhandled one */
	unsigned long spurious;		/* spurious IRQ7/15 seen (ISR bit clear) */
	const char *chip;		/* "XT-PIC" */
	unsigned int threads_oneshot;	/* IRQF_ONESHOT threads woken, not yet done: stay masked */
};
#define IRQS_SPURIOUS_DISABLED 0x01	/* disabled by the storm detector */

extern struct irq_desc irq_desc[NR_IRQS];
extern unsigned long irq_err_count;

static inline struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irq < NR_IRQS ? &irq_desc[irq] : NULL;
}
static inline unsigned long kstat_irqs(unsigned int irq)
{
	return irq < NR_IRQS ? irq_desc[irq].kstat_irqs : 0;
}

void early_irq_init(void);
void init_IRQ(void);
void do_IRQ(struct pt_regs *regs, unsigned int irq);
int generic_handle_irq(unsigned int irq);
void note_interrupt(struct irq_desc *desc, unsigned int irq, irqreturn_t action_ret);
struct pt_regs *get_irq_regs(void);

/* The 8259A pair (arch/x86/i8259.c). */
void init_8259A(void);
void mask_8259A_irq(unsigned int irq);
void unmask_8259A_irq(unsigned int irq);
void mask_and_ack_8259A(unsigned int irq);
bool i8259A_irq_real(unsigned int irq);
void i8259A_eoi_master(void);
u16 i8259A_read_isr(void);
u16 i8259A_read_irr(void);
extern u16 cached_irq_mask;

#endif
