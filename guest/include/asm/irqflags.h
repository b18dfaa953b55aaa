/* The CPU interrupt flag (Linux's arch/x86/include/asm/irqflags.h). */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include <asm/processor.h>

static inline unsigned long native_save_fl(void)
{
	unsigned long f;
	__asm__ __volatile__("pushfl; popl %0" : "=rm"(f) : : "memory");
	return f;
}
static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}
static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}
/* STI's one-instruction shadow makes "sti; hlt" wake on the next interrupt. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}
static inline bool irqs_disabled(void)
{
	return !(native_save_fl() & X86_EFLAGS_IF);
}
#define local_irq_save(flags) do { (flags) = native_save_fl(); local_irq_disable(); } while (0)
#define local_irq_restore(flags) do { if ((flags) & X86_EFLAGS_IF) local_irq_enable(); } while (0)

#endif
