/*
 * Exception handling (Linux's arch/x86/kernel/traps.c and dumpstack.c):
 * trap_init() fills the IDT (Intel SDM vol. 3, 6.10-6.11: 32 exception gates,
 * the 16 IRQ gates from init_IRQ, and the INT 0x80 trap gate with DPL 3 so
 * user mode may call it) and loads the TSS. A fault in kernel mode that no
 * exception-table entry fixes is fatal: die() prints an oops in Linux's
 * format (registers, code bytes, symbolised call trace) and panics.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/preempt.h>
#include <linux/kallsyms.h>
#include <linux/bug.h>
#include <linux/sched.h>
#include <asm/traps.h>
#include <asm/segment.h>
#include <asm/processor.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/io.h>
#include <asm/pgtable.h>

struct gate_desc {
	u16 offset_low;
	u16 segment;
	u8 zero;
	u8 type_attr;		/* P | DPL | type */
	u16 offset_high;
} __packed;

#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 32-bit interrupt gate (IF cleared) */
#define GATE_TRAP	0x8f	/* present, DPL 0, 32-bit trap gate (IF kept) */
#define GATE_DPL3	0x60

struct x86_hw_tss {
	u16 back_link, __blh;
	u32 sp0;
	u16 ss0, __ss0h;
	u32 sp1;
	u16 ss1, __ss1h;
	u32 sp2;
	u16 ss2, __ss2h;
	u32 cr3, ip, flags, ax, cx, dx, bx, sp, bp, si, di;
	u16 es, __esh, cs, __csh, ss, __ssh, ds, __dsh, fs, __fsh, gs, __gsh, ldt, __ldth;
	u16 trace, io_bitmap_base;
} __packed;

static struct gate_desc idt_table[256] __aligned(8);
static struct x86_hw_tss init_tss __aligned(64);
extern u64 gdt_table[];
extern const unsigned long nr_syscalls;
extern const unsigned long exception_stubs[32], irq_stubs[16];

void entry_INT80_32(void);

static const char *const trap_names[32] = {
	[X86_TRAP_DE] = "divide error", [X86_TRAP_DB] = "debug", [X86_TRAP_NMI] = "nmi",
	[X86_TRAP_BP] = "int3", [X86_TRAP_OF] = "overflow", [X86_TRAP_BR] = "bounds",
	[X86_TRAP_UD] = "invalid opcode", [X86_TRAP_NM] = "device not available",
	[X86_TRAP_DF] = "double fault", [X86_TRAP_OLD_MF] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "invalid TSS", [X86_TRAP_NP] = "segment not present",
	[X86_TRAP_SS] = "stack segment", [X86_TRAP_GP] = "general protection fault",
	[X86_TRAP_PF] = "page fault", [X86_TRAP_SPURIOUS] = "spurious interrupt bug",
	[X86_TRAP_MF] = "coprocessor error", [X86_TRAP_AC] = "alignment check",
	[X86_TRAP_MC] = "machine check", [X86_TRAP_XF] = "simd floating point",
};

static void set_gate(unsigned int n, unsigned long addr, u8 type)
{
	idt_table[n].offset_low = addr & 0xffff;
	idt_table[n].offset_high = addr >> 16;
	idt_table[n].segment = __KERNEL_CS;
	idt_table[n].zero = 0;
	idt_table[n].type_attr = type;
}

void set_intr_gate(unsigned int n, unsigned long addr)
{
	set_gate(n, addr, GATE_INTERRUPT);
}

fastcall void load_sp0(unsigned long sp0)
{
	init_tss.sp0 = sp0;
}

/*
 * Double faults switch tasks (Intel SDM vol. 3, 6.15 "#DF" and 7.3): vector 8
 * is a task gate to doublefault_tss, which has its own stack, so the handler
 * runs even when the fault came from a broken kernel stack (ESP pointing at
 * unmapped memory). The CPU saves the faulting state in init_tss, which is
 * what the handler prints. As Linux's arch/x86/kernel/doublefault_32.c.
 */
#define GDT_ENTRY_DOUBLEFAULT_TSS 31
static struct x86_hw_tss doublefault_tss __aligned(64);
static unsigned long doublefault_stack[1024] __aligned(16);

static void __noreturn doublefault_fn(void)
{
	struct {
		u16 len;
		u32 base;
	} __packed gdtr;

	extern char stack_guard_page[];
	unsigned long guard = (unsigned long)stack_guard_page;

	__asm__ __volatile__("sgdt %0" : "=m"(gdtr));
	oops_in_progress = 1;
	if (init_tss.sp >= guard - 64 && init_tss.sp < guard + PAGE_SIZE)
		printk(KERN_EMERG "BUG: kernel stack overflow (double-fault): ESP %08x in the guard page %08lx-%08lx below the boot stack\n",
		       init_tss.sp, guard, guard + PAGE_SIZE - 1);
	printk(KERN_EMERG "PANIC: double fault, gdt at %08x [%d bytes]\n", gdtr.base, gdtr.len + 1);
	printk(KERN_EMERG "double fault, tss at %08lx\n", (unsigned long)&init_tss);
	printk(KERN_EMERG "EIP: %pS\n", (void *)(unsigned long)init_tss.ip);
	printk(KERN_EMERG "EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", init_tss.ax, init_tss.bx,
	       init_tss.cx, init_tss.dx);
	printk(KERN_EMERG "ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", init_tss.si, init_tss.di,
	       init_tss.bp, init_tss.sp);
	panic("double fault");
}

static u64 tss_descriptor(unsigned long base, unsigned long limit)
{
	/* Available 32-bit TSS (type 9), present, DPL 0, byte granular. */
	return (limit & 0xffff) | ((u64)(base & 0xffffff) << 16) | ((u64)0x89 << 40) |
	       ((u64)(limit >> 16) << 48) | ((u64)(base >> 24) << 56);
}

static void __init doublefault_init(void)
{
	struct x86_hw_tss *t = &doublefault_tss;

	t->sp0 = t->sp = (unsigned long)(doublefault_stack + ARRAY_SIZE(doublefault_stack));
	t->ss0 = t->ss = t->ds = t->es = __KERNEL_DS;
	t->cs = __KERNEL_CS;
	t->ip = (unsigned long)doublefault_fn;
	t->flags = 0x2;				/* IF off */
	t->cr3 = __pa(swapper_pg_dir);
	t->io_bitmap_base = sizeof(*t);
	gdt_table[GDT_ENTRY_DOUBLEFAULT_TSS] =
		tss_descriptor((unsigned long)t, sizeof(*t) - 1);
	/* Task gate (type 5): only the selector matters. */
	idt_table[X86_TRAP_DF].offset_low = 0;
	idt_table[X86_TRAP_DF].offset_high = 0;
	idt_table[X86_TRAP_DF].segment = GDT_ENTRY_DOUBLEFAULT_TSS * 8;
	idt_table[X86_TRAP_DF].zero = 0;
	idt_table[X86_TRAP_DF].type_attr = 0x85;
}

#define MSR_IA32_SYSENTER_CS	0x174
#define MSR_IA32_SYSENTER_ESP	0x175
#define MSR_IA32_SYSENTER_EIP	0x176
#define X86_FEATURE_SEP		(1 << 11)
void entry_SYSENTER_32(void);
void vdso_init(bool sep);

static inline void wrmsr(u32 msr, u32 lo, u32 hi)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"(lo), "d"(hi));
}

/*
 * SYSENTER (Intel SDM vol. 3, 5.8.7): CS from the MSR (SS = CS + 8), EIP
 * entry_SYSENTER_32, and ESP the address of TSS.sp0, from which the entry
 * loads the running task's kernel stack (as Linux does). Family 6 models
 * before 3 report SEP without having it (SDM vol. 2, CPUID).
 */
static void __init sysenter_setup(void)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	bool sep = boot_cpu_has(X86_FEATURE_SEP) &&
		   !(c->x86 == 6 && c->x86_model < 3 && c->x86_stepping < 3);

	if (sep) {
		wrmsr(MSR_IA32_SYSENTER_CS, __KERNEL_CS, 0);
		wrmsr(MSR_IA32_SYSENTER_ESP, (unsigned long)&init_tss.sp0, 0);
		wrmsr(MSR_IA32_SYSENTER_EIP, (unsigned long)entry_SYSENTER_32, 0);
	}
	vdso_init(sep);
	pr_info("vdso: __kernel_vsyscall enters with %s\n", sep ? "SYSENTER" : "int $0x80 (no SEP)");
}

static void __init tss_init(void)
{
	unsigned long base = (unsigned long)&init_tss, limit = sizeof(init_tss) - 1;

	init_tss.ss0 = __KERNEL_DS;
	init_tss.sp0 = (unsigned long)&init_thread_union + THREAD_SIZE;
	init_tss.io_bitmap_base = sizeof(init_tss);	/* no I/O bitmap: user port I/O faults */
	gdt_table[GDT_ENTRY_TSS] = tss_descriptor(base, limit);
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_ENTRY_TSS_SEL));
}

void __init trap_init(void)
{
	struct {
		u16 len;
		u32 base;
	} __packed idtr = { sizeof(idt_table) - 1, (u32)idt_table };
	unsigned int i;

	for (i = 0; i < 32; i++)
		set_gate(i, exception_stubs[i], GATE_INTERRUPT);
	/* int3 and into may be used from user mode (debuggers, overflow checks). */
	set_gate(X86_TRAP_BP, exception_stubs[X86_TRAP_BP], GATE_INTERRUPT | GATE_DPL3);
	set_gate(X86_TRAP_OF, exception_stubs[X86_TRAP_OF], GATE_INTERRUPT | GATE_DPL3);
	set_gate(SYSCALL_VECTOR, (unsigned long)entry_INT80_32, GATE_TRAP | GATE_DPL3);
	doublefault_init();
	fpu_init();
	sysenter_setup();
	__asm__ __volatile__("lidt %0" : : "m"(idtr));
	tss_init();
	pr_info("trap_init: IDT at %p: 32 exception gates, INT 0x80 system-call gate (DPL 3) -> sys_call_table[%d], TSS loaded\n",
		idt_table, (int)nr_syscalls);
}

/* Gate for an 8259 line (init_IRQ). */
void __init set_irq_gate(unsigned int irq)
{
	set_gate(FIRST_EXTERNAL_VECTOR + irq, irq_stubs[irq], GATE_INTERRUPT);
}

/* ------------------------------------------------------------------------ */

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

/* A kernel instruction that may fault (e.g. a user copy) continues at its fixup. */
extern char restore_all[], ret_to_user[];

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++) {
		if (e->insn == regs->ip) {
			/*
			 * restore_all popped a stale user selector (a TLS entry cleared
			 * by execve, or another task's TLS in the GDT since a switch).
			 * This handler's own frame saved the same stale %fs/%gs (the
			 * registers still hold it), so its return would fault again,
			 * and again, down the stack: return with null ones instead.
			 */
			if (regs->ip >= (unsigned long)restore_all && regs->ip < (unsigned long)ret_to_user) {
				regs->fs = 0;
				regs->gs = 0;
			}
			regs->ip = e->fixup;
			return true;
		}
	}
	return false;
}

static void show_code(unsigned long ip)
{
	char line[256];
	unsigned long a;
	int n = 0;

	/* 43 bytes before, 21 after, as Linux: but only from mapped kernel text. */
	n += snprintf(line + n, sizeof(line) - n, "Code:");
	for (a = ip - 43; a < ip + 21; a++) {
		if (!kernel_text_address(a)) {
			n += snprintf(line + n, sizeof(line) - n, " ??");
			continue;
		}
		n += snprintf(line + n, sizeof(line) - n, a == ip ? " <%02x>" : " %02x",
			      *(const u8 *)a);
	}
	printk(KERN_DEFAULT "%s\n", line);
}

void show_regs(struct pt_regs *regs)
{
	unsigned long sp = user_mode(regs) ? regs->sp : (unsigned long)&regs->sp;
	u16 ss = user_mode(regs) ? regs->ss : __KERNEL_DS;

	struct task_struct *t = current_thread_info()->task;	/* NULL before sched_init */

	printk(KERN_DEFAULT "CPU: 0 PID: %d Comm: %s Not tainted 0.1.0-lucix #1\n", t ? t->pid : 0,
	       t ? t->comm : "swapper");
	printk(KERN_DEFAULT "EIP: %pS\n", (void *)regs->ip);
	if (kernel_text_address(regs->ip))
		show_code(regs->ip);
	printk(KERN_DEFAULT "EAX: %08lx EBX: %08lx ECX: %08lx EDX: %08lx\n", regs->ax, regs->bx,
	       regs->cx, regs->dx);
	printk(KERN_DEFAULT "ESI: %08lx EDI: %08lx EBP: %08lx ESP: %08lx\n", regs->si, regs->di,
	       regs->bp, sp);
	printk(KERN_DEFAULT "DS: %04lx ES: %04lx FS: %04lx GS: %04lx SS: %04x EFLAGS: %08lx\n",
	       regs->ds & 0xffff, regs->es & 0xffff, regs->fs & 0xffff, regs->gs & 0xffff, ss,
	       regs->flags);
	printk(KERN_DEFAULT "CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n", read_cr0(),
	       read_cr2(), read_cr3(), read_cr4_safe());
	if (!user_mode(regs))
		show_trace_log_lvl(regs->bp, KERN_DEFAULT);
}

static int die_counter;
bool task_stack_end_corrupted(void);

/* The oops: what happened, the registers, the trace; then the kernel cannot go on. */
void die(const char *str, struct pt_regs *regs, long err)
{
	local_irq_disable();
	oops_in_progress = 1;
	printk(KERN_DEFAULT "%s: %04lx [#%d] PREEMPT\n", str, err & 0xffff, ++die_counter);
	show_regs(regs);
	printk(KERN_DEFAULT "---[ end trace 0000000000000000 ]---\n");
	if (task_stack_end_corrupted())
		printk(KERN_EMERG "Thread overran stack, or stack corrupted\n");
	if (in_interrupt())
		panic("Fatal exception in interrupt");
	panic("Fatal exception");
}

/* The signal a trap in user mode sends (Linux's do_error_trap callers). */
static int trap_signal(unsigned long vector)
{
	switch (vector) {
	case X86_TRAP_DE: case X86_TRAP_MF: case X86_TRAP_XF:
		return 8;	/* SIGFPE */
	case X86_TRAP_DB: case X86_TRAP_BP:
		return 5;	/* SIGTRAP */
	case X86_TRAP_UD:
		return 4;	/* SIGILL */
	case X86_TRAP_NP: case X86_TRAP_SS: case X86_TRAP_AC:
		return 7;	/* SIGBUS */
	default:
		return 11;	/* SIGSEGV: #GP, #BR, #OF, ... */
	}
}

static void do_error_trap(struct pt_regs *regs, unsigned long vector)
{
	const char *name = trap_names[vector] ? trap_names[vector] : "unknown exception";

	if (user_mode(regs)) {
		/* Linux's show_signal line (unhandled user traps), then the signal. */
		pr_info("traps: %s[%d] %s ip:%lx sp:%lx error:%lx\n", current->comm, current->pid,
			name, regs->ip, regs->sp, regs->orig_ax);
		{
			int sig = trap_signal(vector);
			/* si_code as Linux: ILL_ILLOPN, TRAP_BRKPT, FPE_INTDIV, SI_KERNEL (#GP). */
			int code = sig == 4 ? 2 : sig == 5 ? 1 : sig == 8 ? 1 : 0x80;

			force_sig_fault(sig, code, code == 0x80 ? 0 : regs->ip, vector, regs->orig_ax);
		}
		return;
	}
	if (fixup_exception(regs))
		return;
	die(name, regs, regs->orig_ax);
}

static void do_nmi(struct pt_regs *regs)
{
	u8 reason = inb(0x61);	/* NMI status and control (port B) */

	pr_emerg("Uhhuh. NMI received for unknown reason %02x on CPU 0.\n", reason);
	pr_emerg("Do you have a strange power saving mode enabled?\n");
	pr_emerg("Dazed and confused, but trying to continue\n");
}

/* Called from common_exception for every vector that is not the system call. */
asmlinkage __visible void do_trap_dispatch(struct pt_regs *regs, unsigned long vector)
{
	if (vector >= FIRST_EXTERNAL_VECTOR && vector < FIRST_EXTERNAL_VECTOR + NR_IRQS) {
		do_IRQ(regs, vector - FIRST_EXTERNAL_VECTOR);
		return;
	}
	switch (vector) {
	case X86_TRAP_PF:
		do_page_fault(regs, regs->orig_ax);
		break;
	case X86_TRAP_NM:
		if (!user_mode(regs) || !fpu_math_state_restore())
			do_error_trap(regs, vector);
		break;
	case X86_TRAP_NMI:
		preempt_count_add(NMI_OFFSET);
		do_nmi(regs);
		preempt_count_sub(NMI_OFFSET);
		break;
	default:
		if (vector < 32)
			do_error_trap(regs, vector);
		else
			pr_err("unexpected interrupt at vector %#lx\n", vector);
	}
}

/* ------------------------------------------------------------------------ */

void __bug_report(const char *file, int line)
{
	printk(KERN_CRIT "kernel BUG at %s:%d!\n", file, line);
}

void __warn(const char *file, int line, void *caller)
{
	unsigned long bp;

	__asm__ __volatile__("movl %%ebp,%0" : "=r"(bp));
	printk(KERN_WARNING "------------[ cut here ]------------\n");
	printk(KERN_WARNING "WARNING: CPU: 0 PID: 0 at %s:%d %pS\n", file, line, caller);
	printk(KERN_WARNING "CPU: 0 PID: 0 Comm: swapper Not tainted 0.1.0-lucix #1\n");
	show_trace_log_lvl(bp, KERN_WARNING);
	printk(KERN_WARNING "---[ end trace 0000000000000000 ]---\n");
}
