/*
 * Bottom halves (Linux's kernel/softirq.c): softirqs, the tasklets built on
 * two of them, and the irq_enter/irq_exit bracket of every hard interrupt.
 * Pending softirqs run with interrupts enabled, in SOFTIRQ_OFFSET context,
 * when the outermost interrupt exits or when local_bh_enable() re-enables
 * them. After 10 rounds the rest waits: Linux would wake ksoftirqd; lucix
 * (no threads yet) leaves them for the next interrupt or the idle loop.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>

volatile unsigned long __preempt_count = INIT_PREEMPT_COUNT;
volatile unsigned long __softirq_pending;
unsigned long kstat_softirqs[NR_SOFTIRQS];
static struct softirq_action softirq_vec[NR_SOFTIRQS];

const char *const softirq_to_name[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER",
	"RCU",
};

#define MAX_SOFTIRQ_RESTART 10

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

void raise_softirq_irqoff(unsigned int nr)
{
	__softirq_pending |= 1UL << nr;
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

static void __do_softirq(void)
{
	int restart = MAX_SOFTIRQ_RESTART;
	unsigned long pending = local_softirq_pending();

	preempt_count_add(SOFTIRQ_OFFSET);
	while (pending) {
		unsigned int nr;

		__softirq_pending = 0;
		local_irq_enable();
		for (nr = 0; pending; nr++, pending >>= 1) {
			if (!(pending & 1))
				continue;
			kstat_softirqs[nr]++;
			if (softirq_vec[nr].action)
				softirq_vec[nr].action(&softirq_vec[nr]);
		}
		local_irq_disable();
		pending = local_softirq_pending();
		if (!--restart) {
			wakeup_softirqd();	/* the rest is ksoftirqd's job */
			break;
		}
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (local_softirq_pending())
		__do_softirq();
	local_irq_restore(flags);
}

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		__do_softirq();
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

void local_bh_enable(void)
{
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		do_softirq();
}

/* ---- tasklets: a list per priority, run by HI_SOFTIRQ / TASKLET_SOFTIRQ ---- */

struct tasklet_head {
	struct tasklet_struct *head, **tail;
};
static struct tasklet_head tasklet_vec, tasklet_hi_vec;

static void tasklet_queue(struct tasklet_head *h, struct tasklet_struct *t, unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	if (!(t->state & (1UL << TASKLET_STATE_SCHED))) {
		t->state |= 1UL << TASKLET_STATE_SCHED;
		t->next = NULL;
		*h->tail = t;
		h->tail = &t->next;
		raise_softirq_irqoff(nr);
	}
	local_irq_restore(flags);
}

void tasklet_schedule(struct tasklet_struct *t)
{
	tasklet_queue(&tasklet_vec, t, TASKLET_SOFTIRQ);
}

void tasklet_hi_schedule(struct tasklet_struct *t)
{
	tasklet_queue(&tasklet_hi_vec, t, HI_SOFTIRQ);
}

/* Run the queued tasklets once each; a disabled one is queued again. */
static void tasklet_action_common(struct tasklet_head *h, unsigned int nr)
{
	struct tasklet_struct *list;

	local_irq_disable();
	list = h->head;
	h->head = NULL;
	h->tail = &h->head;
	local_irq_enable();
	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;
		if (!t->count) {
			t->state = (t->state & ~(1UL << TASKLET_STATE_SCHED)) |
				   (1UL << TASKLET_STATE_RUN);
			t->func(t->data);
			t->state &= ~(1UL << TASKLET_STATE_RUN);
			continue;
		}
		local_irq_disable();
		t->next = NULL;
		*h->tail = t;
		h->tail = &t->next;
		raise_softirq_irqoff(nr);
		local_irq_enable();
	}
}

static void tasklet_action(struct softirq_action *a)
{
	tasklet_action_common(&tasklet_vec, TASKLET_SOFTIRQ);
}

static void tasklet_hi_action(struct softirq_action *a)
{
	tasklet_action_common(&tasklet_hi_vec, HI_SOFTIRQ);
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	t->count = 0;
	t->func = func;
	t->data = data;
}

/* Wait until T is neither queued nor running (runs pending softirqs to get there). */
void tasklet_kill(struct tasklet_struct *t)
{
	while (t->state & (1UL << TASKLET_STATE_SCHED))
		do_softirq();
}

void __init softirq_init(void)
{
	tasklet_vec.tail = &tasklet_vec.head;
	tasklet_hi_vec.tail = &tasklet_hi_vec.head;
	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
	open_softirq(HI_SOFTIRQ, tasklet_hi_action);
	pr_info("softirq_init: %d softirqs; HI and TASKLET run the tasklet lists\n", NR_SOFTIRQS);
}
