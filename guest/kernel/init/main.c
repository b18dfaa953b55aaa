/*
 * start_kernel(): the architecture-independent boot, step by step in the order
 * of ../shared/reference/kernel-notes.txt (which follows Linux's
 * init/main.c). Each step prints one line starting with its own name, so the
 * boot log reads like the notes. Steps that later issues implement (memory:
 * issue 8, scheduler: issue 9) are stubs that say so.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/console.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <linux/selftest.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/e820.h>
#include <asm/page.h>

const char linux_banner[] =
	"lucix version 0.1.0 (gcc " __VERSION__ ") #1 PREEMPT HZ=" __stringify(CONFIG_HZ) "\n";

void setup_arch(char **cmdline_p);
void setup_command_line(void);
void boot_cpu_init(void);
void page_address_init(void);
void calibrate_delay(void);
void late_time_init(void);
void run_boot_test(void);

#define STACK_END_MAGIC 0x57AC6E9D
extern unsigned long init_thread_union[];

/* Linux's set_task_stack_end_magic: a canary at the bottom of pid 0's stack. */
bool task_stack_end_corrupted(void)
{
	return init_thread_union[0] != STACK_END_MAGIC;
}

/* Linux's ksoftirqd stand-in until there are threads: run what irq_exit left. */
static void idle_softirqs(void)
{
	if (local_softirq_pending())
		do_softirq();
}

/* The steps that follow once the scheduler, memory manager and VFS exist. */
static const char *const steps_to_come[] = {
	"rest_init: kernel_thread(kernel_init) -> pid 1 (issue 9)",
	"rest_init: kernel_thread(kthreadd) -> pid 2 (issue 9)",
	"rest_init: schedule_preempt_disabled(), cpu_startup_entry(CPUHP_ONLINE) (issue 9)",
	"kernel_init: kernel_init_freeable(): mount the ext2 root, /proc, /sys",
	"kernel_init: run /sbin/init as pid 1 in user mode",
};

/*
 * What rest_init() will become: for now, free the init sections, run the
 * self-tests asked for, list what is still to come and idle with HLT while the
 * timer keeps jiffies going (cpu_idle_loop's place).
 */
static noinline void __noreturn rest_init(void)
{
	unsigned int i;

	pr_info("rest_init: [stub, issue 9] no kernel threads yet: pid 0 continues alone\n");
	free_initmem();
	if (selftest_requested())
		selftest_run_requested();	/* does not return */
	run_boot_test();
	pr_info("Steps still to come:\n");
	for (i = 0; i < ARRAY_SIZE(steps_to_come); i++)
		pr_info("  %s\n", steps_to_come[i]);
	pr_info("cpu_idle: idling with hlt; jiffies=%lu (%lu ticks since boot at HZ=%d)\n",
		jiffies, jiffies - INITIAL_JIFFIES, HZ);
	for (;;) {
		idle_softirqs();
		safe_halt();
	}
}

asmlinkage __visible void __init start_kernel(void)
{
	char *command_line;

	init_thread_union[0] = STACK_END_MAGIC;

	local_irq_disable();
	pr_info("local_irq_disable: interrupts off (EFLAGS.IF=%d) until the IDT and the PIC are ready\n",
		!irqs_disabled());
	boot_cpu_init();
	page_address_init();
	pr_notice("%s", linux_banner);
	setup_arch(&command_line);
	setup_command_line();
	pr_notice("Kernel command line: %s\n", saved_command_line);
	build_all_zonelists(NULL);
	page_alloc_init();
	parse_args_late();
	trap_init();
	mm_init();
	sched_init();
	preempt_disable();
	pr_info("preempt_disable: preempt_count=%#lx (PREEMPT %#lx SOFTIRQ %#lx HARDIRQ %#lx NMI %#lx NEED_RESCHED %#lx)\n",
		preempt_count(), PREEMPT_MASK, SOFTIRQ_MASK, HARDIRQ_MASK, NMI_MASK,
		PREEMPT_NEED_RESCHED);
	early_irq_init();
	init_IRQ();
	tick_init();
	init_timers();
	softirq_init();
	time_init();
	local_irq_enable();
	pr_info("local_irq_enable: interrupts on (EFLAGS.IF=%d)\n", !irqs_disabled());
	console_init();
	pr_info("console_init: consoles registered; the log so far was replayed to them\n");
	late_time_init();
	calibrate_delay();
	rest_init();
}

/* Linux keeps a hash for highmem page addresses; lucix has no highmem mappings yet. */
void __init page_address_init(void)
{
	pr_info("page_address_init: no highmem page_address hash needed (lowmem is mapped 1:1 at %#lx)\n",
		PAGE_OFFSET);
}
