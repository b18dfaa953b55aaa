/*
 * test=NAME: deliberately break the kernel once boot is done, to show (and
 * test) the crash paths: pagefault, nullptr, bug, warn, divide, gpf, panic,
 * int3, doublefault, stackoverflow, softlockup, hardlockup. Anything else
 * is reported and ignored.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/bug.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>

static char boot_test[32];

static int __init test_setup(char *str)
{
	strlcpy(boot_test, str, sizeof(boot_test));
	return 1;
}
__setup("test=", test_setup);

static noinline void test_pagefault(void)
{
	/* User space (PGD[0]) is unmapped since setup_arch: a not-present fault. */
	volatile unsigned long *p = (volatile unsigned long *)0x0badc0deUL;

	pr_info("test=pagefault: reading %p\n", p);
	(void)*p;
}

static noinline void test_nullptr(void)
{
	volatile unsigned long *p = NULL;

	pr_info("test=nullptr: writing through a NULL pointer\n");
	*p = 1;
}

static noinline unsigned long test_divide(unsigned long d)
{
	unsigned long q, r;

	pr_info("test=divide: 42 / %lu\n", d);
	/* In assembly: a C division by zero is undefined, so gcc may drop it. */
	__asm__ __volatile__("divl %2" : "=a"(q), "=d"(r) : "rm"(d), "a"(42UL), "d"(0UL));
	return q;
}

/* Recurse with big frames until the stack runs into its guard page. */
static noinline int test_stack_overflow(int depth)
{
	volatile char frame[512];

	if (depth > 1000000)	/* never: the guard page stops us long before */
		return 0;
	frame[0] = depth;
	frame[511] = depth;
	return test_stack_overflow(depth + 1) + frame[0] + frame[511];
}

/*
 * test=hardlockup: spin with interrupts off. The tick stops, so the
 * soft-lockup watchdog (run from the tick) never sees it; only something
 * outside the CPU's interrupt flag can: on Lucid, the emulator's
 * -hardlockup watchdog (the board has no NMI source to build Linux's on).
 */
static noinline void test_hardlockup(void)
{
	pr_info("test=hardlockup: spinning with interrupts disabled\n");
	local_irq_disable();
	for (;;)
		__asm__ __volatile__("pause");
}

void run_boot_test(void)
{
	static volatile int zero;

	if (!boot_test[0])
		return;
	if (!strcmp(boot_test, "pagefault"))
		test_pagefault();
	else if (!strcmp(boot_test, "nullptr"))
		test_nullptr();
	else if (!strcmp(boot_test, "bug"))
		BUG();
	else if (!strcmp(boot_test, "warn"))
		WARN_ON(boot_test[0] == 'w');
	else if (!strcmp(boot_test, "divide"))
		test_divide(zero);
	else if (!strcmp(boot_test, "gpf"))
		__asm__ __volatile__("movl %0, %%ds" : : "r"(0x1234));
	else if (!strcmp(boot_test, "int3"))
		__asm__ __volatile__("int3");
	else if (!strcmp(boot_test, "doublefault"))
		/* A stack the CPU cannot push to: #PF while delivering #PF is #DF. */
		__asm__ __volatile__("movl $0x0badc000, %esp; pushl $0");
	else if (!strcmp(boot_test, "stackoverflow"))
		test_stack_overflow(0);
	else if (!strcmp(boot_test, "softlockup"))
		;	/* later, once the watchdog runs: test_softlockup() */
	else if (!strcmp(boot_test, "hardlockup"))
		test_hardlockup();
	else if (!strcmp(boot_test, "panic"))
		panic("test=panic: panic on request");
	else
		pr_warn("test=%s: unknown test, ignored (pagefault nullptr bug warn divide gpf int3 doublefault stackoverflow softlockup hardlockup panic)\n",
			boot_test);
}

extern unsigned long nr_softlockups;	/* kernel/watchdog.c */

/*
 * test=softlockup: pid 1 spins in the kernel with interrupts on and
 * preemption off, after the initcalls have started the watchdog, which is
 * the only thing that can end it: by its panic, or (softlockup_panic=0) by
 * its report, after which the boot goes on.
 */
static int __init test_softlockup(void)
{
	if (strcmp(boot_test, "softlockup"))
		return 0;
	pr_info("test=softlockup: spinning with preemption disabled\n");
	preempt_disable();
	while (!READ_ONCE(nr_softlockups))
		__asm__ __volatile__("pause");
	preempt_enable();
	pr_info("test=softlockup: the watchdog reported it; going on\n");
	return 0;
}
late_initcall(test_softlockup);
