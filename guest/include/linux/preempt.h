/*
 * preempt_count, laid out as the notes give it (and Linux 4.x):
 *	PREEMPT_MASK		0x000000ff	preempt_disable() nesting
 *	SOFTIRQ_MASK		0x0000ff00	softirq running / bh disabled
 *	HARDIRQ_MASK		0x000f0000	hard interrupt nesting
 *	NMI_MASK		0x00100000
 *	PREEMPT_ACTIVE		0x00200000	(notes; Linux dropped it in 4.4)
 *	PREEMPT_NEED_RESCHED	0x80000000
 * As on Linux x86, the NEED_RESCHED bit is stored inverted (set = no
 * reschedule needed), so "count == 0" alone means "preemptible and a
 * reschedule is due"; preempt_count() hides the bit. UP: one global counter.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/types.h>

#define PREEMPT_BITS	8
#define SOFTIRQ_BITS	8
#define HARDIRQ_BITS	4
#define NMI_BITS	1

#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT	(SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT	(HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x)	((1UL << (x)) - 1)
#define PREEMPT_MASK	(__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK	(__IRQ_MASK(NMI_BITS) << NMI_SHIFT)
#define PREEMPT_ACTIVE	0x00200000UL
#define PREEMPT_NEED_RESCHED 0x80000000UL

#define PREEMPT_OFFSET	(1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1UL << HARDIRQ_SHIFT)
#define NMI_OFFSET	(1UL << NMI_SHIFT)
#define SOFTIRQ_DISABLE_OFFSET (2 * SOFTIRQ_OFFSET)

#define PREEMPT_ENABLED	(0 + PREEMPT_NEED_RESCHED)
#define INIT_PREEMPT_COUNT (PREEMPT_OFFSET + PREEMPT_ENABLED)

extern volatile unsigned long __preempt_count;

static inline unsigned long preempt_count(void)
{
	return __preempt_count & ~PREEMPT_NEED_RESCHED;
}
/* One read-modify-write instruction each, as x86 Linux's percpu ops (addl/andl/orl). */
static inline void preempt_count_add(unsigned long v)
{
	__asm__ __volatile__("addl %1, %0" : "+m"(__preempt_count) : "ri"(v) : "memory");
}
static inline void preempt_count_sub(unsigned long v)
{
	__asm__ __volatile__("subl %1, %0" : "+m"(__preempt_count) : "ri"(v) : "memory");
}
static inline void set_preempt_need_resched(void)
{
	__asm__ __volatile__("andl %1, %0" : "+m"(__preempt_count) : "i"(~PREEMPT_NEED_RESCHED) : "memory");
}
static inline void clear_preempt_need_resched(void)
{
	__asm__ __volatile__("orl %1, %0" : "+m"(__preempt_count) : "i"(PREEMPT_NEED_RESCHED) : "memory");
}
static inline bool test_preempt_need_resched(void)
{
	return !(__preempt_count & PREEMPT_NEED_RESCHED);
}

#define hardirq_count()	(preempt_count() & HARDIRQ_MASK)
#define softirq_count()	(preempt_count() & SOFTIRQ_MASK)
#define irq_count()	(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))
#define in_irq()		(hardirq_count())
#define in_softirq()		(softirq_count())
#define in_interrupt()		(irq_count())
#define in_serving_softirq()	(softirq_count() & SOFTIRQ_OFFSET)
#define in_nmi()		(preempt_count() & NMI_MASK)
#define in_task()		(!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))

/*
 * preempt_enable() is a preemption point: when the count drops to 0 with a
 * reschedule pending (the folded bit is clear: __preempt_count == 0), switch.
 */
void preempt_schedule(void);
#define preempt_disable()	preempt_count_add(1)
#define preempt_enable_no_resched() preempt_count_sub(1)
#define preempt_enable() do {							\
		preempt_count_sub(1);						\
		if (unlikely(__preempt_count == 0))				\
			preempt_schedule();					\
	} while (0)

#endif
