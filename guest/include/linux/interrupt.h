/*
 * Interrupt handlers and bottom halves (Linux's include/linux/interrupt.h):
 * request_irq/free_irq with shared lines, enable/disable, softirqs and
 * tasklets. Hard handlers run with interrupts off; softirqs run with them on,
 * on the way out of the outermost interrupt (irq_exit) or at local_bh_enable.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/types.h>
#include <linux/preempt.h>

typedef enum irqreturn {
	IRQ_NONE = 0,		/* not ours */
	IRQ_HANDLED = 1,
	IRQ_WAKE_THREAD = 2,
} irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_SHARED	0x00000080	/* the line may be shared */
#define IRQF_PROBE_SHARED 0x00000100
#define IRQF_TIMER	0x00000200
#define IRQF_NOBALANCING 0x00000800
#define IRQF_ONESHOT	0x00002000	/* keep the line masked until the thread has run */

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
const void *free_irq(unsigned int irq, void *dev_id);
/* handler in hard-IRQ context (NULL: just wake the thread, needs IRQF_ONESHOT), then
 * thread_fn in the kernel thread irq/IRQ-NAME at SCHED_FIFO 50 when it returns IRQ_WAKE_THREAD. */
int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long flags, const char *name, void *dev_id);
void disable_irq(unsigned int irq);
void disable_irq_nosync(unsigned int irq);
void enable_irq(unsigned int irq);

enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};
extern const char *const softirq_to_name[NR_SOFTIRQS];
extern unsigned long kstat_softirqs[NR_SOFTIRQS];

struct softirq_action {
	void (*action)(struct softirq_action *);
};
extern volatile unsigned long __softirq_pending;
#define local_softirq_pending() (__softirq_pending)

void open_softirq(int nr, void (*action)(struct softirq_action *));
void raise_softirq(unsigned int nr);
void raise_softirq_irqoff(unsigned int nr);
void do_softirq(void);
void softirq_init(void);
void irq_enter(void);
void irq_exit(void);
void local_bh_disable(void);
void local_bh_enable(void);

struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;		/* TASKLET_STATE_* bits */
	int count;			/* > 0: disabled */
	void (*func)(unsigned long);
	unsigned long data;
};
#define TASKLET_STATE_SCHED 0		/* queued */
#define TASKLET_STATE_RUN 1		/* running */
#define DECLARE_TASKLET(name, fn, d) struct tasklet_struct name = { NULL, 0, 0, fn, d }

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
void tasklet_schedule(struct tasklet_struct *t);
void tasklet_hi_schedule(struct tasklet_struct *t);
void tasklet_kill(struct tasklet_struct *t);
static inline void tasklet_disable(struct tasklet_struct *t)
{
	t->count++;
}
static inline void tasklet_enable(struct tasklet_struct *t)
{
	t->count--;
}

#endif
