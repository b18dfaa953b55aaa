/*
 * start_kernel(): the architecture-independent boot, step by step in the order
 * of ../shared/reference/kernel-notes.txt (which follows Linux's
 * init/main.c). Each step prints one line starting with its own name, so the
 * boot log reads like the notes.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/console.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <linux/selftest.h>
#include <linux/completion.h>
#include <linux/kthread.h>
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

/* Linux's set_task_stack_end_magic: a canary just above pid 0's thread_info. */
bool task_stack_end_corrupted(void)
{
	return *end_of_stack(&init_task) != STACK_END_MAGIC;
}

static DECLARE_COMPLETION(kthreadd_done);

static const char *const initcall_level_names[] = {
	"early", "pure", "core", "postcore", "arch", "subsys", "fs", "device", "late",
};

/* Run the initcalls of every level in order (Linux's do_initcalls). */
static void __init do_initcall_range(initcall_t *start, initcall_t *end, const char *level)
{
	unsigned int n = 0;
	initcall_t *fn;

	for (fn = start; fn < end; fn++, n++) {
		int ret = (*fn)();

		if (ret)
			pr_warn("initcall %pS returned %d\n", *fn, ret);
	}
	pr_info("do_initcalls: level %-8s %u call%s\n", level, n, n == 1 ? "" : "s");
}

static void __init do_pre_smp_initcalls(void)
{
	do_initcall_range(__initcall_start, __initcall0_start, initcall_level_names[0]);
}

static void __init do_initcalls(void)
{
	initcall_t *levels[] = { __initcall0_start, __initcall1_start, __initcall2_start,
		__initcall3_start, __initcall4_start, __initcall5_start, __initcall6_start,
		__initcall7_start, __initcall_end };
	unsigned int i;

	for (i = 0; i < 8; i++)
		do_initcall_range(levels[i], levels[i + 1], initcall_level_names[i + 1]);
}

void prepare_namespace(void);

/* Linux's kernel_init_freeable: what needs the init sections still. */
static noinline void __init kernel_init_freeable(void)
{
	/* kthreadd must exist before anything asks it for a thread. */
	wait_for_completion(&kthreadd_done);
	pr_info("kernel_init: pid %d \"%s\", kthreadd is pid %d; running initcalls\n",
		current->pid, current->comm, kthreadd_task->pid);
	vfs_caches_init();	/* the root ramfs, before the initramfs is unpacked into it */
	do_pre_smp_initcalls();
	do_initcalls();		/* do_basic_setup's heart */
	console_on_rootfs();	/* init's fds 0, 1, 2 */
	prepare_namespace();	/* root= when the initramfs has no /init */
}

#define MAX_INIT_ARGS	32		/* Linux's CONFIG_INIT_ENV_ARG_LIMIT */

/* The places Linux looks for init, in its order. */
static const char *const init_paths[] = { "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };
static char *execute_command;		/* init= */
static const char *argv_init[MAX_INIT_ARGS + 2];	/* the program, then what followed "--" */
int init_arguments(char **argv, int max);
static const char *const envp_init[] = { "HOME=/", "TERM=linux", NULL };

static int __init init_setup(char *str)
{
	execute_command = str;
	return 1;
}
__setup("init=", init_setup);

unsigned long boot_free_pages, boot_slab_objects;	/* just before init runs */
unsigned long slab_objects_in_use(void);

/* Linux's run_init_process: exec the program as pid 1; 0 means it now runs in user mode. */
static int run_init_process(const char *init_filename)
{
	argv_init[0] = init_filename;
	init_arguments((char **)argv_init + 1, MAX_INIT_ARGS);
	pr_info("Run %s as init process\n", init_filename);
	return kernel_execve(init_filename, argv_init, envp_init);
}

static int try_to_run_init_process(const char *init_filename)
{
	int ret = run_init_process(init_filename);

	if (ret && ret != -ENOENT)
		pr_err("Starting init: %s exists but couldn't execute it (error %d)\n",
		       init_filename, ret);
	return ret;
}

/* pid 1 (Linux's kernel_init): finish booting, then become init. */
static int kernel_init(void *unused)
{
	unsigned int i;
	int ret;

	/* Linux's pid 1 is named by the program it execs; until there is one, by its role. */
	set_task_comm(current, "init");
	kernel_init_freeable();
	free_initmem();
	if (selftest_requested())
		selftest_run_requested();	/* does not return */
	pr_info("Kernel threads:\n");
	show_tasks();
	boot_free_pages = nr_free_pages();
	boot_slab_objects = slab_objects_in_use();
	pr_debug("kernel_init: %lu pages free, %lu slab objects in use\n", boot_free_pages,
		 boot_slab_objects);
	/* The initramfs's /init first (Linux's ramdisk_execute_command), then init=. */
	if (!execute_command && !run_init_process("/init"))
		return 0;
	if (execute_command) {
		ret = run_init_process(execute_command);
		if (!ret)
			return 0;
		panic("Requested init %s failed (error %d).", execute_command, ret);
	}
	for (i = 0; i < ARRAY_SIZE(init_paths); i++) {
		if (!try_to_run_init_process(init_paths[i]))
			return 0;
	}
	/*
	 * Linux panics here ("No working init found.  Try passing init= option
	 * to kernel."); lucix says the same and stays alive: pid 1 sleeps and the
	 * kernel threads keep running (there is no root file system without an
	 * initramfs yet).
	 */
	/* Linux's words, but its Documentation/admin-guide/init.rst is not here: lucix's own guide is. */
	pr_err("No working init found.  Try passing init= option to kernel. See docs/GUEST-KERNEL.md (\"Boot, step by step\") in the lucid tree for guidance.\n");
	for (;;)
		schedule_timeout_interruptible(MAX_SCHEDULE_TIMEOUT);
	return 0;
}

/*
 * rest_init (Linux's, in the notes' order): kernel_init becomes pid 1 and
 * kthreadd pid 2, then the boot task, already the idle task, schedules for
 * the first time and settles in cpu_idle_loop.
 */
static noinline void __ref rest_init(void)
{
	pid_t pid;

	/* test=...: the deliberate crashes run here, on pid 0's stack with its guard page. */
	run_boot_test();
	pid = kernel_thread(kernel_init, NULL, 0);
	pr_info("rest_init: kernel_thread(kernel_init) -> pid %d\n", pid);
	pid = kernel_thread(kthreadd, NULL, 0);
	kthreadd_task = find_task_by_pid(pid);
	pr_info("rest_init: kernel_thread(kthreadd) -> pid %d\n", pid);
	complete(&kthreadd_done);
	pr_info("rest_init: schedule_preempt_disabled(), then cpu_startup_entry(): pid 0 is the idle task\n");
	schedule_preempt_disabled();
	cpu_startup_entry();
}

asmlinkage __visible void __init start_kernel(void)
{
	char *command_line;

	*end_of_stack(&init_task) = STACK_END_MAGIC;

	local_irq_disable();
	pr_info("local_irq_disable: interrupts off (EFLAGS.IF=%d) until the IDT and the PIC are ready\n",
		!irqs_disabled());
	boot_cpu_init();
#ifndef MUTANT_no_page_address_init	/* mutation testing: the step skipped */
	page_address_init();
#endif
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
	fork_init();
	rest_init();
}


