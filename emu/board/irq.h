/*
 * Interrupt lines: a device raises or lowers a line; whoever owns the other
 * end (a PIC input, the CPU's INTR pin) is told through a callback. This is
 * the TinyEMU idea: the device knows nothing about who listens.
 */
#ifndef LUCID_IRQ_H
#define LUCID_IRQ_H

typedef void irq_set_fn(void *opaque, int n, int level);

struct irq_line {
	irq_set_fn *set;	/* called on every change of level */
	void *opaque;
	int n;			/* which input of the listener this line drives */
};

static inline void irq_init(struct irq_line *l, irq_set_fn *set, void *opaque, int n)
{
	l->set = set;
	l->opaque = opaque;
	l->n = n;
}

/* Drive the line to level (0 or 1). An unconnected line is ignored. */
static inline void irq_set(struct irq_line *l, int level)
{
	if (l && l->set)
		l->set(l->opaque, l->n, level);
}

static inline void irq_raise(struct irq_line *l) { irq_set(l, 1); }
static inline void irq_lower(struct irq_line *l) { irq_set(l, 0); }
/* An edge for edge-triggered inputs: up then down. */
static inline void irq_pulse(struct irq_line *l) { irq_set(l, 1); irq_set(l, 0); }

#endif
