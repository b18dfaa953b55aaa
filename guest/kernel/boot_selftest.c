/*
 * The "boot" self-test suite (selftest=boot): checks what this part of the
 * kernel promises, on the running machine: preempt_count layout and nesting,
 * the IRQ core (shared lines, depth, storm detection, spurious IRQ7/15 through
 * the ISR, per-IRQ counts), softirqs, tasklets, timers, jiffies against the
 * CMOS clock, delays, the system-call gate, exception fixups, page tables,
 * printk's ring buffer, kallsyms, vsprintf, string and inflate.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/selftest.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/timer.h>
#include <linux/time.h>
#include <linux/kallsyms.h>
#include <linux/inflate.h>
#include <linux/bug.h>
#include <linux/highmem.h>
#include <linux/gfp.h>
#include <asm/irqflags.h>
#include <asm/io.h>
#include <asm/traps.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/unistd_32.h>
#include <asm/e820.h>
#include <asm/segment.h>

/* Wait with interrupts on until COND or ~N ticks pass (HLT: cheap on emulators). */
#define wait_for(cond, ticks) ({					\
		unsigned long __end = jiffies + (ticks);		\
		while (!(cond) && time_before(jiffies, __end))		\
			safe_halt();					\
		(cond);							\
	})

static void preempt_count_layout(struct selftest *t)
{
	unsigned long before = preempt_count(), flags;
	int i;

	/*
	 * What the layout is for, checked by behaviour rather than against the
	 * macros' values: 255 nested preempt_disable()s stay in their own field
	 * (no softirq or irq context appears), a local_bh_disable() is softirq
	 * context but not serving one, and the hardirq and NMI fields are seen
	 * by in_irq()/in_nmi() alone.
	 */
	ST_EXPECT(t, in_task() && !in_interrupt());
	for (i = 0; i < 255 - (int)(before & 0xff); i++)
		preempt_disable();
	ST_EXPECT(t, in_task() && !in_interrupt() && !in_softirq());
	ST_EXPECT_EQ(t, preempt_count() - before, 255 - (before & 0xff));
	for (i = 0; i < 255 - (int)(before & 0xff); i++)
		preempt_enable_no_resched();
	ST_EXPECT_EQ(t, preempt_count(), before);
	local_bh_disable();
	ST_EXPECT(t, in_softirq() && in_interrupt() && !in_serving_softirq() && !in_irq());
	ST_EXPECT(t, in_task());		/* bh disabled, not serving a softirq */
	ST_EXPECT_EQ(t, preempt_count() & PREEMPT_MASK, before & PREEMPT_MASK);
	local_bh_enable();
	ST_EXPECT_EQ(t, preempt_count(), before);
	local_irq_save(flags);
	preempt_count_add(HARDIRQ_OFFSET);
	ST_EXPECT(t, in_irq() && in_interrupt() && !in_softirq() && !in_nmi() && !in_task());
	preempt_count_add(NMI_OFFSET);
	ST_EXPECT(t, in_nmi() && in_irq());
	preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
	local_irq_restore(flags);
	ST_EXPECT_EQ(t, preempt_count(), before);
	ST_EXPECT(t, !in_interrupt());
	ST_EXPECT(t, !test_preempt_need_resched());
	set_preempt_need_resched();
	ST_EXPECT(t, test_preempt_need_resched());
	ST_EXPECT_EQ(t, preempt_count(), before);	/* the bit is hidden */
	clear_preempt_need_resched();
}

static struct {
	int calls;
	unsigned long count_seen;
	bool in_irq_seen, in_interrupt_seen, irqs_off_seen;
} probe;

/* A master-PIC line no lucix driver takes (the floppy's; the SB16 has 5). */
#define PROBE_IRQ 6

static irqreturn_t probe_handler(int irq, void *dev)
{
	probe.calls++;
	probe.count_seen = preempt_count();
	probe.in_irq_seen = in_irq();
	probe.in_interrupt_seen = in_interrupt();
	probe.irqs_off_seen = irqs_disabled();
	return IRQ_HANDLED;
}

static void irq_context(struct selftest *t)
{
	unsigned long base = preempt_count(), k;

	memset(&probe, 0, sizeof(probe));
	ST_EXPECT_EQ(t, request_irq(PROBE_IRQ, probe_handler, 0, "selftest", NULL), 0);
	k = kstat_irqs(PROBE_IRQ);
	ST_EXPECT_EQ(t, generic_handle_irq(PROBE_IRQ), 0);
	ST_EXPECT_EQ(t, probe.calls, 1);
	ST_EXPECT(t, probe.in_irq_seen && probe.in_interrupt_seen && probe.irqs_off_seen);
	ST_EXPECT_EQ(t, probe.count_seen, base + HARDIRQ_OFFSET);
	ST_EXPECT_EQ(t, kstat_irqs(PROBE_IRQ), k + 1);
	ST_EXPECT(t, !in_irq());
	ST_EXPECT_EQ(t, preempt_count(), base);
	ST_EXPECT_STREQ(t, free_irq(PROBE_IRQ, NULL), "selftest");
}

static int shared_a, shared_b;
static irqreturn_t shared_handler_a(int irq, void *dev)
{
	shared_a++;
	return IRQ_NONE;	/* "not my device" */
}
static irqreturn_t shared_handler_b(int irq, void *dev)
{
	shared_b++;
	return IRQ_HANDLED;
}

static void request_irq_rules(struct selftest *t)
{
	static int dev_a, dev_b;

	ST_EXPECT_EQ(t, request_irq(16, probe_handler, 0, "bad", NULL), -EINVAL);
	ST_EXPECT_EQ(t, request_irq(2, probe_handler, 0, "cascade", NULL), -EINVAL);
	ST_EXPECT_EQ(t, request_irq(10, NULL, 0, "nohandler", NULL), -EINVAL);
	ST_EXPECT_EQ(t, request_irq(10, probe_handler, IRQF_SHARED, "nodev", NULL), -EINVAL);
	/* Two shared handlers: both run for each interrupt. */
	shared_a = shared_b = 0;
	ST_EXPECT_EQ(t, request_irq(10, shared_handler_a, IRQF_SHARED, "dev-a", &dev_a), 0);
	ST_EXPECT_EQ(t, request_irq(10, shared_handler_b, IRQF_SHARED, "dev-b", &dev_b), 0);
	ST_EXPECT_EQ(t, request_irq(10, probe_handler, 0, "exclusive", NULL), -EBUSY);
	generic_handle_irq(10);
	ST_EXPECT_EQ(t, shared_a, 1);
	ST_EXPECT_EQ(t, shared_b, 1);
	/* Removing one leaves the other. */
	ST_EXPECT_STREQ(t, free_irq(10, &dev_a), "dev-a");
	generic_handle_irq(10);
	ST_EXPECT_EQ(t, shared_a, 1);
	ST_EXPECT_EQ(t, shared_b, 2);
	ST_EXPECT_STREQ(t, free_irq(10, &dev_b), "dev-b");
	ST_EXPECT(t, irq_to_desc(10)->action == NULL);
	ST_EXPECT(t, cached_irq_mask & (1 << 10));	/* masked again */
	/* An exclusive user blocks a shared one too. */
	ST_EXPECT_EQ(t, request_irq(11, probe_handler, 0, "excl", NULL), 0);
	ST_EXPECT_EQ(t, request_irq(11, shared_handler_b, IRQF_SHARED, "sh", &dev_b), -EBUSY);
	free_irq(11, NULL);
}

static void disable_enable_depth(struct selftest *t)
{
	struct irq_desc *desc = irq_to_desc(PROBE_IRQ);

	ST_EXPECT_EQ(t, request_irq(PROBE_IRQ, probe_handler, 0, "depth", NULL), 0);
	ST_EXPECT_EQ(t, desc->depth, 0);
	ST_EXPECT(t, !(cached_irq_mask & (1 << PROBE_IRQ)));
	disable_irq(PROBE_IRQ);
	disable_irq(PROBE_IRQ);
	ST_EXPECT_EQ(t, desc->depth, 2);
	ST_EXPECT(t, cached_irq_mask & (1 << PROBE_IRQ));
	enable_irq(PROBE_IRQ);
	ST_EXPECT(t, cached_irq_mask & (1 << PROBE_IRQ));	/* still one disable left */
	enable_irq(PROBE_IRQ);
	ST_EXPECT_EQ(t, desc->depth, 0);
	ST_EXPECT(t, !(cached_irq_mask & (1 << PROBE_IRQ)));
	/* And the hardware agrees: the 8259's IMR has the bit clear. */
	ST_EXPECT(t, !(inb(0x21) & (1 << PROBE_IRQ)));
	free_irq(PROBE_IRQ, NULL);
	ST_EXPECT(t, inb(0x21) & (1 << PROBE_IRQ));
}

static void nobody_cared(struct selftest *t)
{
	static int dev;
	struct irq_desc *desc = irq_to_desc(9);
	int i;

	ST_EXPECT_EQ(t, request_irq(9, shared_handler_a, IRQF_SHARED, "stuck", &dev), 0);
	/* A stuck line: 100000 interrupts nobody handles, in well under HZ/10 each. */
	for (i = 0; i < 100000 && !(desc->istate & IRQS_SPURIOUS_DISABLED); i++)
		generic_handle_irq(9);
	ST_EXPECT_MSG(t, desc->istate & IRQS_SPURIOUS_DISABLED,
		      "IRQ9 not disabled after %d unhandled interrupts", i);
	ST_EXPECT_EQ(t, i, 100000);
	ST_EXPECT(t, desc->depth >= 1);
	ST_EXPECT(t, cached_irq_mask & (1 << 9));
	free_irq(9, &dev);
}

static void spurious_irq7_irq15(struct selftest *t)
{
	struct irq_desc *d7 = irq_to_desc(7), *d15 = irq_to_desc(15);
	unsigned long s7 = d7->spurious, s15 = d15->spurious, err = irq_err_count;
	unsigned long k7 = kstat_irqs(7);

	/* A software INT to the IRQ7/IRQ15 vectors looks exactly like a spurious
	 * interrupt: the 8259s have nothing in service. */
	ST_EXPECT(t, !(i8259A_read_isr() & ((1 << 7) | (1 << 15))));
	__asm__ __volatile__("int $0x27");
	__asm__ __volatile__("int $0x2f");
	ST_EXPECT_EQ(t, d7->spurious, s7 + 1);
	ST_EXPECT_EQ(t, d15->spurious, s15 + 1);
	ST_EXPECT_EQ(t, irq_err_count, err + 2);
	ST_EXPECT_EQ(t, kstat_irqs(7), k7);	/* not counted as a real interrupt */
}

static void timer_irq_counts(struct selftest *t)
{
	unsigned long k = kstat_irqs(0), j = jiffies;

	ST_EXPECT(t, wait_for(jiffies - j >= 3, 3 * HZ));
	ST_EXPECT_MSG(t, kstat_irqs(0) - k >= 3, "IRQ0 count went from %lu to %lu", k,
		      kstat_irqs(0));
	ST_EXPECT_STREQ(t, irq_to_desc(0)->action->name, "timer");
	ST_EXPECT_EQ(t, (u32)get_jiffies_64(), (u32)jiffies);
}

static struct {
	int runs;
	bool serving, in_irq_seen;
	unsigned long count;
} sirq;

static void test_softirq_action(struct softirq_action *a)
{
	sirq.runs++;
	sirq.serving = in_serving_softirq();
	sirq.in_irq_seen = in_irq();
	sirq.count = preempt_count();
}

static irqreturn_t raising_handler(int irq, void *dev)
{
	raise_softirq_irqoff(NET_TX_SOFTIRQ);
	return IRQ_HANDLED;
}

static void softirq_on_irq_exit(struct selftest *t)
{
	unsigned long base = preempt_count(), n = kstat_softirqs[NET_TX_SOFTIRQ];

	memset(&sirq, 0, sizeof(sirq));
	open_softirq(NET_TX_SOFTIRQ, test_softirq_action);
	ST_EXPECT_EQ(t, request_irq(PROBE_IRQ, raising_handler, 0, "raiser", NULL), 0);
	generic_handle_irq(PROBE_IRQ);
	ST_EXPECT_EQ(t, sirq.runs, 1);		/* ran on the way out of the IRQ */
	ST_EXPECT(t, sirq.serving && !sirq.in_irq_seen);
	ST_EXPECT_EQ(t, sirq.count, base + SOFTIRQ_OFFSET);
	ST_EXPECT_EQ(t, kstat_softirqs[NET_TX_SOFTIRQ], n + 1);
	/* With bottom halves disabled it waits for local_bh_enable(). */
	local_bh_disable();
	generic_handle_irq(PROBE_IRQ);
	ST_EXPECT_EQ(t, sirq.runs, 1);
	ST_EXPECT(t, local_softirq_pending() & (1 << NET_TX_SOFTIRQ));
	local_bh_enable();
	ST_EXPECT_EQ(t, sirq.runs, 2);
	ST_EXPECT_EQ(t, preempt_count(), base);
	free_irq(PROBE_IRQ, NULL);
	open_softirq(NET_TX_SOFTIRQ, NULL);
}

static int tasklet_runs;
static unsigned long tasklet_data_seen;
static void test_tasklet_fn(unsigned long data)
{
	tasklet_runs++;
	tasklet_data_seen = data;
}

static void tasklets(struct selftest *t)
{
	struct tasklet_struct tl;

	tasklet_init(&tl, test_tasklet_fn, 0x1234);
	tasklet_runs = 0;
	local_bh_disable();
	tasklet_schedule(&tl);
	tasklet_schedule(&tl);		/* already queued: still one run */
	ST_EXPECT_EQ(t, tasklet_runs, 0);
	local_bh_enable();
	ST_EXPECT_EQ(t, tasklet_runs, 1);
	ST_EXPECT_EQ(t, tasklet_data_seen, 0x1234);
	/* A disabled tasklet stays queued until enabled. */
	tasklet_disable(&tl);
	tasklet_hi_schedule(&tl);
	do_softirq();
	ST_EXPECT_EQ(t, tasklet_runs, 1);
	tasklet_enable(&tl);
	tasklet_kill(&tl);
	ST_EXPECT_EQ(t, tasklet_runs, 2);
}

static int timer_fired;
static unsigned long timer_fired_at;
static void test_timer_fn(struct timer_list *tl)
{
	timer_fired++;
	timer_fired_at = jiffies;
}

static void timers(struct selftest *t)
{
	struct timer_list tl, never;
	unsigned long start = jiffies;

	timer_setup(&tl, test_timer_fn, 0);
	timer_setup(&never, test_timer_fn, 0);
	timer_fired = 0;
	mod_timer(&tl, start + 3);
	mod_timer(&never, start + 10 * HZ);
	ST_EXPECT(t, timer_pending(&tl));
	ST_EXPECT(t, wait_for(timer_fired, HZ));
	ST_EXPECT_EQ(t, timer_fired, 1);
	ST_EXPECT(t, time_after_eq(timer_fired_at, start + 3));
	ST_EXPECT(t, !timer_pending(&tl));
	ST_EXPECT_EQ(t, del_timer(&never), 1);
	ST_EXPECT_EQ(t, del_timer(&never), 0);
	ST_EXPECT_EQ(t, timer_fired, 1);
}

/* CMOS RTC seconds (MC146818: register 0; wait out update-in-progress, bit 7 of A). */
static int rtc_seconds(void)
{
	int guard = 100000;

	do {
		outb(0x0a, 0x70);
	} while ((inb(0x71) & 0x80) && --guard);
	outb(0x00, 0x70);
	return inb(0x71);
}

static unsigned long wait_rtc_edge(void)
{
	int s = rtc_seconds();
	unsigned long end = jiffies + 3 * HZ;

	/* Poll once per tick: HLT lets emulators skip ahead to the next timer. */
	while (rtc_seconds() == s && time_before(jiffies, end))
		safe_halt();
	return jiffies;
}

/*
 * jiffies must advance HZ per second of the machine's clock. The CMOS RTC is
 * an independent witness: count jiffies across two RTC second edges. On Lucid
 * (virtual time) this is exact up to tick granularity; elsewhere it gets 10%.
 */
static void jiffies_at_hz(struct selftest *t)
{
	unsigned long j0, j1;

	wait_rtc_edge();
	j0 = jiffies;
	wait_rtc_edge();
	j1 = wait_rtc_edge();
	ST_EXPECT_MSG(t, j1 - j0 >= 2 * HZ - HZ / 10 && j1 - j0 <= 2 * HZ + HZ / 10,
		      "%lu jiffies in 2 RTC seconds, expected %d", j1 - j0, 2 * HZ);
	pr_info("selftest: %lu jiffies in 2 RTC seconds (HZ=%d)\n", j1 - j0, HZ);
}

static unsigned long wait_tick_edge_for_test(void)
{
	unsigned long j = jiffies;

	wait_for(jiffies != j, HZ);
	return jiffies;
}

static void delays(struct selftest *t)
{
	unsigned long j0, j1;

	ST_EXPECT(t, loops_per_jiffy > 1000);
	j0 = wait_tick_edge_for_test();
	mdelay(100);
	j1 = jiffies;
	/* Never shorter than asked (one tick of slack for the edges); longer only
	 * when the host steals time from a non-virtual-time emulator. */
	ST_EXPECT_MSG(t, j1 - j0 >= HZ / 10 - 1 && j1 - j0 <= 2 * (HZ / 10) + 2,
		      "mdelay(100) took %lu jiffies, expected about %d", j1 - j0, HZ / 10);
	if (tsc_khz) {		/* only then is RDTSC there (no TSC on a 486) */
		u64 t0 = rdtsc(), d;

		udelay(500);
		d = rdtsc() - t0;
		ST_EXPECT_MSG(t, d >= (u64)tsc_khz / 2, "udelay(500) took only %llu cycles", d);
	}
}

static long do_int80(long nr, long a1, long a2)
{
	long ret;

	__asm__ __volatile__("int $0x80" : "=a"(ret) : "0"(nr), "b"(a1), "c"(a2) : "memory");
	return ret;
}

/* getpid through the gate with known values in every register but EAX. */
static bool int80_keeps_registers(void)
{
	unsigned long r[6] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555,
			       0x66666666 };
	unsigned long out[6];
	long ret;

	__asm__ __volatile__("pushl %%ebp\n\t"
			     "movl 20(%%edi), %%ebp\n\t"
			     "pushl %%edi\n\t"
			     "movl 16(%%edi), %%edi\n\t"
			     "int $0x80\n\t"
			     "movl %%edi, %%eax\n\t"	/* result saved below: the EDI we got back */
			     "popl %%edi\n\t"
			     "movl %%eax, 16(%%edi)\n\t"
			     "movl %%ebp, 20(%%edi)\n\t"
			     "popl %%ebp\n\t"
			     : "=a"(ret), "+b"(r[0]), "+c"(r[1]), "+d"(r[2]), "+S"(r[3])
			     : "a"(__NR_getpid), "D"(r)
			     : "memory");
	(void)ret;
	out[0] = 0x11111111; out[1] = 0x22222222; out[2] = 0x33333333; out[3] = 0x44444444;
	out[4] = 0x55555555; out[5] = 0x66666666;
	return !memcmp(r, out, sizeof(out));
}

static void syscall_gate(struct selftest *t)
{
	struct { u64 cur, max; } lim;

	ST_EXPECT_EQ(t, do_int80(__NR_getpid, 0, 0), current->tgid);
	/* The arguments arrive from EBX and ECX, in that order. */
	ST_EXPECT_EQ(t, do_int80(__NR_sched_get_priority_max, SCHED_FIFO, 0), 99);
	ST_EXPECT_EQ(t, do_int80(__NR_sched_get_priority_max, SCHED_NORMAL, 0), 0);
	ST_EXPECT_EQ(t, do_int80(__NR_sched_get_priority_min, SCHED_RR, 0), 1);
	ST_EXPECT_EQ(t, do_int80(__NR_getrlimit, 99, 0), -EINVAL);	/* no resource 99 */
	ST_EXPECT_EQ(t, do_int80(__NR_getrlimit, RLIMIT_NOFILE, (long)&lim), -EFAULT);
	/* Every register but EAX comes back as it went in. */
	ST_EXPECT(t, int80_keeps_registers());
	/* A kernel thread has no user memory: the copy faults and the fixup says -EFAULT. */
	ST_EXPECT_EQ(t, do_int80(__NR_uname, 0x1000, 0), -EFAULT);
	ST_EXPECT_EQ(t, do_int80(__NR_acct, 0, 0), -ENOSYS);	/* not implemented */
	ST_EXPECT_EQ(t, do_int80(NR_syscalls, 0, 0), -ENOSYS);
	ST_EXPECT_EQ(t, do_int80(-1, 0, 0), -ENOSYS);
	ST_EXPECT(t, !irqs_disabled());		/* a trap gate keeps IF */
}

/* Read a word where a fault is allowed: -EFAULT through the exception table. */
static long probe_read(const unsigned long *addr, unsigned long *val)
{
	long err = 0;

	__asm__ __volatile__("1:	movl (%2), %1\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3:	movl %3, %0\n"
			     "	jmp 2b\n"
			     ".previous\n"
			     _ASM_EXTABLE(1b, 3b)
			     : "+r"(err), "=r"(*val) : "r"(addr), "i"(-EFAULT));
	return err;
}

/* Load a segment register where #GP is allowed (like Linux's loadsegment). */
static long try_load_fs(unsigned long sel)
{
	long err = 0;

	__asm__ __volatile__("1:	movl %1, %%fs\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3:	movl $-1, %0\n"
			     "	jmp 2b\n"
			     ".previous\n"
			     _ASM_EXTABLE(1b, 3b)
			     : "+r"(err) : "r"(sel));
	return err;
}

static void exception_fixup(struct selftest *t)
{
	unsigned long v = 0, word = 0xfeedf00d;

	/* #GP (a selector past the GDT) and #PF both go through the table. */
	ST_EXPECT_EQ(t, try_load_fs(0x1234), -1);
	ST_EXPECT_EQ(t, try_load_fs(__KERNEL_DS), 0);
	ST_EXPECT_EQ(t, try_load_fs(0), 0);

	ST_EXPECT_EQ(t, probe_read((const unsigned long *)0x0badc0de, &v), -EFAULT);
	/* (CR2 holds the faulting address, PAE or not.) */
	ST_EXPECT_EQ(t, read_cr2(), 0x0badc0de);
	ST_EXPECT_EQ(t, probe_read(&word, &v), 0);
	ST_EXPECT_EQ(t, v, 0xfeedf00d);
}

#ifdef CONFIG_PAE
static void page_tables(struct selftest *t)
{
	ST_EXPECT_EQ(t, read_cr3(), __pa(swapper_pg_dir));
	ST_EXPECT(t, read_cr4() & X86_CR4_PAE);
	ST_EXPECT(t, read_cr0() & X86_CR0_PG);
	ST_EXPECT_EQ(t, swapper_pg_dir[0], 0);		/* no identity map left */
	ST_EXPECT_EQ(t, swapper_pg_dir[1], 0);
	ST_EXPECT_EQ(t, swapper_pg_dir[2], 0);
	/* The CPU may set the accessed bit in a PDPTE: compare address and P only. */
	ST_EXPECT_EQ(t, swapper_pg_dir[3] & 0xfffff001ULL, __pa(swapper_kernel_pmd) | _PAGE_PRESENT);
	{
		/* Lowmem in 2 MiB pages, except the one split around the stack guard. */
		extern char stack_guard_page[];
		unsigned int split = __pa(stack_guard_page) >> PMD_SHIFT, i;

		for (i = 0; i < 4; i++) {
			pmd_t e = swapper_kernel_pmd[i];

			if (i == split) {
				pte_t *pte = __va(e & 0xfffff000ULL);

				ST_EXPECT(t, !(e & _PAGE_PSE));
				ST_EXPECT_EQ(t, pte[0] & 0xfffff000ULL, (u64)i << PMD_SHIFT);
				ST_EXPECT_EQ(t, pte[(__pa(stack_guard_page) >> PAGE_SHIFT) & 511], 0);
			} else {
				ST_EXPECT(t, e & _PAGE_PSE);
				ST_EXPECT_EQ(t, e & 0xfffff000ULL, (u64)i << PMD_SHIFT);
			}
		}
	}
	ST_EXPECT(t, max_low_pfn >= PFN_DOWN(LUCIX_MIN_RAM_KB * 1024UL));
	ST_EXPECT(t, e820_table.nr_entries >= 1);
}
#else
static void page_tables(struct selftest *t)
{
	pte_t *pt;

	ST_EXPECT_EQ(t, read_cr3(), __pa(swapper_pg_dir));
	ST_EXPECT(t, read_cr0() & X86_CR0_PG);
	ST_EXPECT_EQ(t, swapper_pg_dir[0], 0);		/* no identity map left */
	ST_EXPECT_EQ(t, swapper_pg_dir[1], 0);
	ST_EXPECT(t, swapper_pg_dir[768] & _PAGE_PRESENT);
	pt = __va(swapper_pg_dir[768] & PAGE_MASK);
	ST_EXPECT_EQ(t, pt[0] & PAGE_MASK, 0);
	ST_EXPECT_EQ(t, pt[5] & PAGE_MASK, 5 * PAGE_SIZE);
	ST_EXPECT(t, (unsigned long)pt >= (unsigned long)_end && (unsigned long)pt < _brk_end);
	ST_EXPECT(t, max_low_pfn >= PFN_DOWN(LUCIX_MIN_RAM_KB * 1024UL));
	ST_EXPECT(t, e820_table.nr_entries >= 1);
}
#endif

extern char __log_buf[];
extern u32 log_first_idx, log_next_idx;
extern u64 log_first_seq, log_next_seq;

static void printk_ring_buffer(struct selftest *t)
{
	u64 seq = log_next_seq;
	u32 idx = log_next_idx;
	const char *text;
	u16 len, text_len;
	u8 level;

	printk(KERN_NOTICE "selftest: printk record %d\n", 42);
	ST_EXPECT_EQ(t, log_next_seq, seq + 1);
	if (idx + 16 > (1u << CONFIG_LOG_BUF_SHIFT) || !*(u16 *)(__log_buf + idx + 8))
		idx = 0;	/* the record wrapped to the start */
	len = *(u16 *)(__log_buf + idx + 8);
	text_len = *(u16 *)(__log_buf + idx + 10);
	level = (u8)__log_buf[idx + 15] >> 5;
	text = __log_buf + idx + 16;
	ST_EXPECT_EQ(t, text_len, strlen("selftest: printk record 42"));
	ST_EXPECT(t, !memcmp(text, "selftest: printk record 42", text_len));
	ST_EXPECT_EQ(t, level, LOGLEVEL_NOTICE);
	ST_EXPECT_EQ(t, len % 4, 0);
	ST_EXPECT(t, log_first_seq <= seq);
}

/* Walk every record from the oldest: each must be well formed, the count must
 * match the sequence numbers, and the walk must end exactly at log_next_idx. */
static bool log_walk_ok(struct selftest *t, const char **last_text, u16 *last_len)
{
	u32 idx = log_first_idx, size = 1u << CONFIG_LOG_BUF_SHIFT;
	u64 n = 0;

	while (n < log_next_seq - log_first_seq) {
		u16 len = *(u16 *)(__log_buf + idx + 8), text_len;

		if (!len) {		/* wrap marker */
			idx = 0;
			continue;
		}
		text_len = *(u16 *)(__log_buf + idx + 10);
		if (len % 4 || len < 16 + text_len || idx + len > size) {
			selftest_fail(t, __LINE__, "bad record at %u: len %u text_len %u", idx, len,
				      text_len);
			return false;
		}
		*last_text = __log_buf + idx + 16;
		*last_len = text_len;
		idx += len;
		n++;
	}
	if (idx != log_next_idx && !(idx == size || log_next_idx == 0)) {
		selftest_fail(t, __LINE__, "walk ended at %u, log_next_idx is %u", idx, log_next_idx);
		return false;
	}
	return true;
}

static void printk_wraps(struct selftest *t)
{
	extern int console_loglevel;
	int saved = console_loglevel, i;
	u64 first = log_first_seq;
	const char *text = NULL;
	u16 len = 0;
	char want[64];

	/* Twice the buffer's worth of lines, kept off the consoles. */
	console_loglevel = 0;
	for (i = 0; i < (2 << CONFIG_LOG_BUF_SHIFT) / 80; i++)
		printk(KERN_DEBUG "selftest: filler line %06d ......................................\n", i);
	console_loglevel = saved;
	ST_EXPECT_MSG(t, log_first_seq > first, "oldest record not dropped (first_seq %llu)",
		      log_first_seq);
	ST_EXPECT(t, log_next_seq - log_first_seq > 100);
	ST_EXPECT(t, log_walk_ok(t, &text, &len));
	snprintf(want, sizeof(want), "selftest: filler line %06d ", i - 1);
	ST_EXPECT(t, text && len > strlen(want) && !memcmp(text, want, strlen(want)));
}

static void kallsyms_table(struct selftest *t)
{
	unsigned long size = 0, off = 1;
	char buf[KSYM_SYMBOL_LEN];

	ST_EXPECT_STREQ(t, kallsyms_lookup((unsigned long)printk, &size, &off), "printk");
	ST_EXPECT_EQ(t, off, 0);
	ST_EXPECT(t, size > 0 && size < 4096);
	ST_EXPECT_EQ(t, kallsyms_lookup_name("do_IRQ"), (unsigned long)do_IRQ);
	ST_EXPECT_STREQ(t, kallsyms_lookup((unsigned long)do_IRQ + 3, NULL, &off), "do_IRQ");
	ST_EXPECT_EQ(t, off, 3);
	ST_EXPECT(t, kallsyms_lookup(0x1234, NULL, NULL) == NULL);
	snprintf(buf, sizeof(buf), "%pS", (void *)((unsigned long)printk + 1));
	ST_EXPECT(t, !strncmp(buf, "printk+0x1/0x", 13));
}

static void vsprintf_formats(struct selftest *t)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5d|%-5d|%05d|%x|%#X|%o", -42, 7, 7, -7, 0xbeef, 0xbeef, 8);
	ST_EXPECT_STREQ(t, buf, "-42|    7|7    |-0007|beef|0XBEEF|10");
	snprintf(buf, sizeof(buf), "%llu|%lld|%llx", 18446744073709551615ULL, -5LL,
		 0x123456789abcULL);
	ST_EXPECT_STREQ(t, buf, "18446744073709551615|-5|123456789abc");
	snprintf(buf, sizeof(buf), "%s|%.3s|%8s|%-4s|%c|%%", "lucix", "abcdef", "r", "l", 'z');
	ST_EXPECT_STREQ(t, buf, "lucix|abc|       r|l   |z|%");
	snprintf(buf, sizeof(buf), "%p|%zu|%hhu", (void *)0xc0100000, (size_t)12, 0x1ff);
	ST_EXPECT_STREQ(t, buf, "c0100000|12|255");
	ST_EXPECT_EQ(t, snprintf(buf, 4, "%s", "truncated"), 9);
	ST_EXPECT_STREQ(t, buf, "tru");
}

static void string_functions(struct selftest *t)
{
	char a[16] = "hello", b[16];
	char *p = a;

	ST_EXPECT_EQ(t, strlen(a), 5);
	ST_EXPECT(t, strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && !strcmp("x", "x"));
	ST_EXPECT_EQ(t, strncmp("abcdef", "abcxyz", 3), 0);
	ST_EXPECT(t, strchr(a, 'l') == a + 2 && strrchr(a, 'l') == a + 3);
	ST_EXPECT(t, strstr("one two", "two") != NULL && !strstr("one", "two"));
	ST_EXPECT_EQ(t, strlcpy(b, "overflowing string", 5), 18);
	ST_EXPECT_STREQ(t, b, "over");
	memmove(a + 1, a, 5);
	ST_EXPECT(t, !memcmp(a, "hhello", 6));
	strlcpy(a, "k=v,x", sizeof(a));
	ST_EXPECT_STREQ(t, strsep(&p, ","), "k=v");
	ST_EXPECT_STREQ(t, p, "x");
}

static const u8 gz_sample[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x29, 0x4d, 0xce,
	0xac, 0x50, 0xc8, 0xcc, 0x4b, 0xcb, 0x49, 0x2c, 0x49, 0x55, 0x28, 0x4e, 0xcd, 0x49,
	0xd3, 0x2d, 0x49, 0x2d, 0x2e, 0xb1, 0x52, 0x28, 0xc9, 0x48, 0x55, 0x28, 0x2c, 0xcd,
	0x4c, 0xce, 0x56, 0x48, 0x2a, 0xca, 0x2f, 0xcf, 0x53, 0x48, 0xcb, 0xaf, 0x50, 0xc8,
	0x2a, 0xcd, 0x2d, 0x28, 0x56, 0xc8, 0x2f, 0x4b, 0x2d, 0x02, 0x4b, 0xe7, 0x24, 0x56,
	0x55, 0x2a, 0xa4, 0xe4, 0xa7, 0xeb, 0x29, 0xe4, 0x0c, 0x22, 0x53, 0x00, 0xd9, 0xc3,
	0x75, 0x2c, 0xd2, 0x00, 0x00, 0x00,
};

static void inflate_gzip(struct selftest *t)
{
	static const char line[] = "lucix inflate self-test: the quick brown fox jumps over the lazy dog. ";
	static u8 out[256], bad[sizeof(gz_sample)];
	static const u8 stored[] = { 0x01, 0x03, 0x00, 0xfc, 0xff, 'a', 'b', 'c' };
	size_t done = 0, used = 0;
	int i;

	ST_EXPECT_EQ(t, gunzip(out, sizeof(out), &done, gz_sample, sizeof(gz_sample)), 0);
	ST_EXPECT_EQ(t, done, 3 * (sizeof(line) - 1));
	for (i = 0; i < 3; i++)
		ST_EXPECT(t, !memcmp(out + i * (sizeof(line) - 1), line, sizeof(line) - 1));
	/* Damage is detected, never written past the buffer. */
	memcpy(bad, gz_sample, sizeof(bad));
	bad[sizeof(bad) - 6] ^= 0x55;		/* the CRC */
	ST_EXPECT_EQ(t, gunzip(out, sizeof(out), &done, bad, sizeof(bad)), INFLATE_ERR_CRC);
	ST_EXPECT_EQ(t, gunzip(out, 100, &done, gz_sample, sizeof(gz_sample)), INFLATE_ERR_OUTPUT);
	ST_EXPECT_EQ(t, gunzip(out, sizeof(out), &done, gz_sample, 40), INFLATE_ERR_INPUT);
	ST_EXPECT_EQ(t, inflate_raw(out, sizeof(out), &done, stored, sizeof(stored), &used), 0);
	ST_EXPECT(t, done == 3 && !memcmp(out, "abc", 3) && used == sizeof(stored));
	ST_EXPECT_EQ(t, crc32_le(0, (const u8 *)"123456789", 9), 0xcbf43926);
}

bool task_stack_end_corrupted(void);

/*
 * start_kernel's page_address_init, by its effect: the hash of kmap'ed
 * highmem pages is set up (every bucket an empty or well-linked list), a
 * lowmem page's address is its direct-map address, and (when the machine
 * has highmem) kmap enters the page in the hash, page_address finds it
 * there, and kunmap takes it out.
 */
static void page_address_hash(struct selftest *t)
{
	struct page *page;
	int i;

	for (i = 0; i < (1 << PA_HASH_ORDER); i++) {
		struct list_head *b = &page_address_htable[i];

		if (!b->next || b->next->prev != b || b->prev->next != b) {
			selftest_fail(t, __LINE__, "page_address_htable[%d] is not a list", i);
			return;
		}
	}
	page = alloc_page(GFP_KERNEL);
	ST_EXPECT(t, page && page_address(page) == lowmem_page_address(page));
	if (page)
		__free_page(page);
	page = totalhigh_pages ? alloc_page(GFP_HIGHUSER) : NULL;
	if (page && PageHighMem(page)) {
		void *v = kmap(page);

		ST_EXPECT(t, v && page_address(page) == v);
		kunmap(page);
		ST_EXPECT(t, page_address(page) == NULL);
	}
	if (page)
		__free_page(page);
}

static void stack_end_magic(struct selftest *t)
{
	extern char stack_guard_page[];
	unsigned long sp = current_stack_pointer(), v;
	unsigned long stack = (unsigned long)current->stack;

	ST_EXPECT(t, !task_stack_end_corrupted());
	ST_EXPECT(t, *end_of_stack(current) == STACK_END_MAGIC);
	/* We run on the current task's 8 KiB stack (pid 1's), well above its bottom. */
	ST_EXPECT(t, sp > stack + 1024 && sp < stack + THREAD_SIZE);
	/* Below pid 0's stack (init_thread_union) is the unmapped guard page. */
	/* The page below the stack is not mapped; the stack itself is. */
	ST_EXPECT_EQ(t, probe_read((unsigned long *)(stack_guard_page + 2048), &v), -EFAULT);
	ST_EXPECT_EQ(t, probe_read((unsigned long *)((unsigned long)stack_guard_page - 4), &v), 0);
	ST_EXPECT_EQ(t, probe_read((unsigned long *)&init_thread_union, &v), 0);
}

static void warn_on_value(struct selftest *t)
{
	ST_EXPECT_EQ(t, WARN_ON(0), 0);
	ST_EXPECT_EQ(t, WARN_ON_ONCE(0), 0);
}

SELFTEST_SUITE(boot,
	SELFTEST_CASE(preempt_count_layout),
	SELFTEST_CASE(irq_context),
	SELFTEST_CASE(request_irq_rules),
	SELFTEST_CASE(disable_enable_depth),
	SELFTEST_CASE(nobody_cared),
	SELFTEST_CASE(spurious_irq7_irq15),
	SELFTEST_CASE(timer_irq_counts),
	SELFTEST_CASE(softirq_on_irq_exit),
	SELFTEST_CASE(tasklets),
	SELFTEST_CASE(timers),
	SELFTEST_CASE(jiffies_at_hz),
	SELFTEST_CASE(delays),
	SELFTEST_CASE(syscall_gate),
	SELFTEST_CASE(exception_fixup),
	SELFTEST_CASE(page_tables),
	SELFTEST_CASE(printk_ring_buffer),
	SELFTEST_CASE(printk_wraps),
	SELFTEST_CASE(kallsyms_table),
	SELFTEST_CASE(vsprintf_formats),
	SELFTEST_CASE(string_functions),
	SELFTEST_CASE(inflate_gzip),
	SELFTEST_CASE(stack_end_magic),
	SELFTEST_CASE(warn_on_value),
	SELFTEST_CASE(page_address_hash));
