/*
 * panic() and stack dumps (Linux's kernel/panic.c and arch/x86/kernel/
 * dumpstack.c). The kernel is built with frame pointers, so a stack trace
 * follows the saved-EBP chain; each return address is symbolised through
 * kallsyms. panic= and panic_exit= decide what happens after the message:
 * halt (default), reboot, or stop an emulator through the isa-debug-exit
 * port 0xF4 (QEMU and Lucid exit with status (code << 1) | 1).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/console.h>
#include <linux/kallsyms.h>
#include <linux/time.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/page.h>

int panic_timeout;		/* panic=N: reboot after N s; < 0 at once; 0 halt */
int panic_exit_code = -1;	/* panic_exit=N: leave through port 0xF4 with N */
bool debug_exit_enabled;	/* a selftest run or panic_exit= asked for port 0xF4 */
extern char init_thread_union[];

void printk_flush_cont(void);

/* Stop an emulator through the isa-debug-exit device; on real hardware, halt. */
void machine_exit(int code)
{
	printk_flush_cont();
	outb(code, 0xf4);
	local_irq_disable();
	for (;;)
		halt();
}

/*
 * Power off. A PC without ACPI or APM has no power switch software can
 * reach; emulators offer Bochs's shutdown port 0x8900 ("Shutdown", byte by
 * byte: Bochs and Lucid power off, Lucid with exit status 0). Where that
 * port does nothing (QEMU) or a test asked for the exit port (selftest=,
 * panic_exit=: the tests count on its status 1), the isa-debug-exit port
 * follows, then a halt.
 */
void machine_power_off(void)
{
	const char *p;

	printk_flush_cont();
	local_irq_disable();
	if (!debug_exit_enabled)
		for (p = "Shutdown"; *p; p++)
			outb(*p, 0x8900);
	machine_exit(0);
}

static void machine_restart(void)
{
	int i;

	/* Pulse the reset line through the 8042 (command 0xFE), then triple-fault. */
	for (i = 0; i < 10000 && (inb(0x64) & 2); i++)
		;
	outb(0xfe, 0x64);
	__asm__ __volatile__("lidt (%0); int3" : : "r"(&(u64){ 0 }));
}

static bool on_stack(unsigned long stack, unsigned long addr)
{
	return addr >= stack && addr - stack <= THREAD_SIZE - 8;	/* addr + 8 may wrap */
}

/* Walk the EBP chain from BP, printing " symbol+off/size" per frame. */
void show_trace_log_lvl(unsigned long bp, const char *lvl)
{
	unsigned long stack = bp & ~(THREAD_SIZE - 1);
	int depth = 0;

	printk("%sCall Trace:\n", lvl);
	while (bp && on_stack(stack, bp) && depth++ < 32) {
		unsigned long ret = ((unsigned long *)bp)[1];
		unsigned long next = ((unsigned long *)bp)[0];

		if (!kernel_text_address(ret))
			break;
		printk("%s %pB\n", lvl, (void *)ret);
		if (next <= bp)
			break;	/* frames go up the stack; anything else is corruption */
		bp = next;
	}
}

void dump_stack(void)
{
	unsigned long bp;

	__asm__ __volatile__("movl %%ebp,%0" : "=r"(bp));
	printk(KERN_DEFAULT "CPU: 0 PID: 0 Comm: swapper Not tainted 0.1.0-lucix #1\n");
	show_trace_log_lvl(bp, KERN_DEFAULT);
}

void panic(const char *fmt, ...)
{
	static char buf[1024];
	static int in_panic;
	va_list args;

	local_irq_disable();
	if (in_panic++)		/* panic inside panic: just stop */
		for (;;)
			halt();
	oops_in_progress = 1;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk_flush_cont();
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	console_emergency_flush();
	if (panic_exit_code >= 0)
		machine_exit(panic_exit_code);
	if (panic_timeout < 0)
		machine_restart();
	if (panic_timeout > 0) {
		pr_emerg("Rebooting in %d seconds..\n", panic_timeout);
		mdelay(panic_timeout * 1000UL);
		machine_restart();
	}
	for (;;)
		halt();
}

static int __init panic_setup(char *str)
{
	if (kstrtoint(str, 0, &panic_timeout)) {
		pr_warn("panic=%s: not a number, ignored\n", str);
		panic_timeout = 0;
	}
	return 1;
}
early_param("panic=", panic_setup);

static int __init panic_exit_setup(char *str)
{
	int v;

	if (kstrtoint(str, 0, &v) || v < 0 || v > 255) {
		pr_warn("panic_exit=%s: not a number from 0 to 255, ignored\n", str);
		return 0;
	}
	panic_exit_code = v;
	debug_exit_enabled = true;
	return 1;
}
early_param("panic_exit=", panic_exit_setup);
