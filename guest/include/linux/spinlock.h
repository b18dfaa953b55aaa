/*
 * Spinlocks on a uniprocessor (Linux's include/linux/spinlock.h with
 * CONFIG_SMP=n, CONFIG_DEBUG_SPINLOCK=y): taking one disables preemption
 * (and, with the _irq/_irqsave variants, interrupts), which is all mutual
 * exclusion needs on one CPU. The lock word is kept anyway, so recursion and
 * unlocking an unlocked lock are caught, and each task counts what it holds
 * for the lockdep-lite checks (sleeping with a spinlock, exiting with one).
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>

typedef struct {
	volatile unsigned int locked;
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { 0, #n }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
	l->name = "spinlock";
}

void spin_debug_acquire(spinlock_t *l);
void spin_debug_release(spinlock_t *l);

static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	spin_debug_acquire(l);
}

static inline void spin_unlock(spinlock_t *l)
{
	spin_debug_release(l);
	preempt_enable();
}

static inline void spin_lock_irq(spinlock_t *l)
{
	local_irq_disable();
	spin_lock(l);
}

static inline void spin_unlock_irq(spinlock_t *l)
{
	spin_debug_release(l);
	local_irq_enable();
	preempt_enable();
}

#define spin_lock_irqsave(l, flags) do { local_irq_save(flags); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do {				\
		spin_debug_release(l);					\
		local_irq_restore(flags);				\
		preempt_enable();					\
	} while (0)

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->locked;
}

#endif
