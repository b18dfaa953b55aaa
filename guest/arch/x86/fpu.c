/*
 * The FPU and SSE registers of user processes (Linux's arch/x86/kernel/fpu/,
 * eager switching): the kernel never uses them (-mgeneral-regs-only), so a
 * process's state stays in the CPU while kernel code runs and is saved and
 * restored only when the scheduler switches between two processes: FXSAVE/
 * FXRSTOR (512 bytes with SSE) when the CPU has FXSR, FNSAVE/FRSTOR (108
 * bytes) with an x87 only, nothing without an FPU. fpu_init sets CR4.OSFXSR
 * and OSXMMEXCPT as Linux does, without which every SSE instruction raises
 * #UD (glibc picks SSE2 string functions by CPUID).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <asm/processor.h>

#define X86_FEATURE_FXSR	(1 << 24)
#define X86_FEATURE_XMM		(1 << 25)
#define X86_CR0_MP		0x00000002
#define X86_CR0_EM		0x00000004
#define X86_CR0_TS		0x00000008
#define X86_CR0_NE		0x00000020
#define X86_CR4_OSFXSR		0x00000200
#define X86_CR4_OSXMMEXCPT	0x00000400

static bool has_fpu, has_fxsr, has_xmm;

static inline void write_cr0(unsigned long v)
{
	__asm__ __volatile__("mov %0,%%cr0" : : "r"(v) : "memory");
}

void __init fpu_init(void)
{
	has_fpu = boot_cpu_has(X86_FEATURE_FPU);
	has_fxsr = has_fpu && boot_cpu_has(X86_FEATURE_FXSR) && cpu_has_cr4();
	has_xmm = has_fxsr && boot_cpu_has(X86_FEATURE_XMM);
	if (!has_fpu) {
		pr_info("fpu: no FPU: user floating point traps (#NM)\n");
		return;
	}
	write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP | X86_CR0_NE);
	if (has_fxsr)
		write_cr4(read_cr4() | X86_CR4_OSFXSR | (has_xmm ? X86_CR4_OSXMMEXCPT : 0));
	__asm__ __volatile__("fninit");
	pr_info("fpu: x87%s%s, saved and restored when processes switch (%s)\n",
		has_fxsr ? ", FXSR" : "", has_xmm ? ", SSE enabled (CR4.OSFXSR)" : "",
		has_fxsr ? "fxsave" : "fnsave");
}

/* A freshly exec'd program's registers: Linux's initial x87 control word and MXCSR. */
void fpu_reset_live(struct task_struct *t)
{
	u32 mxcsr = 0x1f80;

	t->fpu_valid = false;
	if (!has_fpu)
		return;
	__asm__ __volatile__("fninit");
	if (has_xmm)
		__asm__ __volatile__("ldmxcsr %0" : : "m"(mxcsr));
}

void fpu_save(struct task_struct *t)
{
	if (!has_fpu)
		return;
	if (has_fxsr)
		__asm__ __volatile__("fxsave %0" : "=m"(t->fpu_state));
	else
		/* FNSAVE also reinitialises the FPU: load the state back (fork keeps running). */
		__asm__ __volatile__("fnsave %0\n\tfwait\n\tfrstor %0" : "+m"(t->fpu_state));
	t->fpu_valid = true;
}

void fpu_restore(struct task_struct *t)
{
	if (!has_fpu)
		return;
	if (!t->fpu_valid) {
		fpu_reset_live(t);
		return;
	}
	if (has_fxsr)
		__asm__ __volatile__("fxrstor %0" : : "m"(t->fpu_state));
	else
		__asm__ __volatile__("frstor %0" : : "m"(t->fpu_state));
}
