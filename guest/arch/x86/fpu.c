/*
 * The FPU and SSE registers of user processes, switched lazily (the classic
 * Linux i386 scheme, math_state_restore): the kernel never uses them
 * (-mgeneral-regs-only). A process's registers stay in the CPU only while it
 * owns the FPU (fpu_live, Linux's TS_USEDFPU), and then CR0.TS is clear;
 * every other moment CR0.TS is set. Switching out a process that owns the FPU
 * saves its registers into the task and sets CR0.TS; a process that never
 * touches the FPU in its time slice costs nothing. Its first FPU or SSE
 * instruction after a switch raises #NM (device not available), and
 * fpu_math_state_restore clears TS and loads the saved registers (or Linux's
 * initial state the first time). FXSAVE/FXRSTOR (512 bytes with SSE) when the
 * CPU has FXSR, FNSAVE/FRSTOR (108 bytes) with an x87 only, nothing without an
 * FPU. fpu_init sets CR4.OSFXSR and OSXMMEXCPT as Linux does, without which
 * every SSE instruction raises #UD (glibc picks SSE2 string functions by CPUID).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <asm/irqflags.h>
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
unsigned long nr_fpu_restores, nr_fpu_saves;	/* #NM faults taken, states saved */

static inline void write_cr0(unsigned long v)
{
	__asm__ __volatile__("mov %0,%%cr0" : : "r"(v) : "memory");
}

static inline void clts(void)
{
	__asm__ __volatile__("clts" : : : "memory");
}

static inline void stts(void)
{
	write_cr0(read_cr0() | X86_CR0_TS);
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
	stts();		/* nobody owns the FPU: the first user instruction traps */
	pr_info("fpu: x87%s%s, lazy switching with CR0.TS and #NM (%s)\n",
		has_fxsr ? ", FXSR" : "", has_xmm ? ", SSE enabled (CR4.OSFXSR)" : "",
		has_fxsr ? "fxsave" : "fnsave");
}

/* Save the live registers of t (the owner) into t->fpu_state and give up the FPU. */
static void fpu_save_live(struct task_struct *t)
{
	if (has_fxsr)
		__asm__ __volatile__("fxsave %0" : "=m"(t->fpu_state));
	else	/* FNSAVE reinitialises the FPU, which is fine: TS is set next */
		__asm__ __volatile__("fnsave %0\n\tfwait" : "=m"(t->fpu_state));
	t->fpu_live = false;
	nr_fpu_saves++;
	stts();
}

/* A freshly exec'd program: no FPU state yet (Linux's initial one on first use). */
void fpu_reset_live(struct task_struct *t)
{
	if (t->fpu_live) {
		t->fpu_live = false;
		stts();
	}
	t->fpu_valid = false;
}

/*
 * Switching out t (context_switch), or about to copy its state (fork, a signal
 * frame): if its registers are in the CPU, save them (Linux's unlazy_fpu).
 */
void fpu_save(struct task_struct *t)
{
	if (t->fpu_live)
		fpu_save_live(t);
}

/* The task loses its FPU state without saving it (sigreturn loads another). */
void fpu_drop(struct task_struct *t)
{
	if (t->fpu_live) {
		t->fpu_live = false;
		stts();
	}
}

/*
 * #NM from user mode (Linux's math_state_restore): the current process uses
 * the FPU for the first time since it was switched in. Interrupts are off
 * (interrupt gate), so nothing switches between the CLTS and the load.
 */
bool fpu_math_state_restore(void)
{
	struct task_struct *t = current;
	u32 mxcsr = 0x1f80;

	if (!has_fpu)
		return false;
	clts();
	if (!t->fpu_valid) {
		/* Linux's initial x87 control word (0x37f) and MXCSR. */
		__asm__ __volatile__("fninit");
		if (has_xmm)
			__asm__ __volatile__("ldmxcsr %0" : : "m"(mxcsr));
		t->fpu_valid = true;
	} else if (has_fxsr) {
		__asm__ __volatile__("fxrstor %0" : : "m"(t->fpu_state));
	} else {
		__asm__ __volatile__("frstor %0" : : "m"(t->fpu_state));
	}
	t->fpu_live = true;
	nr_fpu_restores++;
	return true;
}

bool fpu_has_fxsr(void)
{
	return has_fxsr;
}

/*
 * Signal frames (Linux's arch/x86/kernel/fpu/signal.c, ia32 layout): the
 * interrupted code's FPU state goes into a struct _fpstate_32 above the frame,
 * and the handler starts with a clean FPU. The frame holds the FNSAVE image
 * (108 bytes), then status (a copy of the status word) and magic: 0xffff for
 * an x87 only, 0 when the 512-byte FXSAVE image follows at byte 112.
 */
#define FP_FSAVE_BYTES		108
#define FP_FXSR_OFFSET		112
#define FP_MAGIC_X87_ONLY	0xffff
#define MXCSR_VALID		0x0000ffbfu	/* what FXRSTOR accepts without #GP (no DAZ) */

size_t fpu_sigframe_size(void)
{
	if (!has_fpu)
		return 0;
	return has_fxsr ? FP_FXSR_OFFSET + 512 : FP_FXSR_OFFSET;
}

/* The task's state as a frame image (at most fpu_sigframe_size() bytes). */
static void fpu_frame_image(struct task_struct *t, u8 *img)
{
	unsigned long flags;

	memset(img, 0, fpu_sigframe_size());
	if (!has_fxsr) {
		memcpy(img, t->fpu_state, FP_FSAVE_BYTES);
		*(u16 *)(img + 108) = *(u16 *)(img + 4);	/* status: the status word */
		*(u16 *)(img + 110) = FP_MAGIC_X87_ONLY;
		return;
	}
	/* The FNSAVE header comes from the CPU itself (it computes the full
	 * tag word); FNSAVE reinitialises the FPU, which nobody owns now. */
	local_irq_save(flags);
	clts();
	__asm__ __volatile__("fxrstor %1\n\tfnsave %0\n\tfwait" : "=m"(*(u8(*)[FP_FSAVE_BYTES])img)
			     : "m"(t->fpu_state));
	stts();
	local_irq_restore(flags);
	*(u16 *)(img + 108) = *(u16 *)(img + 4);
	*(u16 *)(img + 110) = 0;
	memcpy(img + FP_FXSR_OFFSET, t->fpu_state, 512);
}

/*
 * Save current's FPU state for a signal handler at buf (user memory) and give
 * the handler a clean FPU. 1: nothing saved (the process never used the
 * FPU: the frame's fpstate is NULL); 0: saved; -EFAULT.
 */
int fpu_save_sigframe(void __user *buf)
{
	struct task_struct *t = current;
	u8 img[FP_FXSR_OFFSET + 512] __attribute__((aligned(16)));

	if (!has_fpu || !t->fpu_valid)
		return 1;
	fpu_save(t);
	fpu_frame_image(t, img);
	if (copy_to_user(buf, img, fpu_sigframe_size()))
		return -EFAULT;
	t->fpu_valid = false;	/* Linux's fpu__clear: the initial state on first use */
	return 0;
}

/*
 * sigreturn: the state to go back to, from the frame at buf (user memory, or
 * NULL for a clean FPU). Whatever the process wrote there is loaded safely:
 * MXCSR's reserved bits, which would make FXRSTOR fault, are cleared.
 */
int fpu_restore_sigframe(const void __user *buf)
{
	struct task_struct *t = current;
	u8 img[FP_FXSR_OFFSET + 512] __attribute__((aligned(16)));
	unsigned long flags;

	fpu_drop(t);
	if (!buf || !has_fpu) {
		t->fpu_valid = false;
		return 0;
	}
	if (copy_from_user(img, buf, fpu_sigframe_size()))
		return -EFAULT;
	if (!has_fxsr) {
		memcpy(t->fpu_state, img, FP_FSAVE_BYTES);
	} else if (*(u16 *)(img + 110) != FP_MAGIC_X87_ONLY) {
		memcpy(t->fpu_state, img + FP_FXSR_OFFSET, 512);
		*(u32 *)(t->fpu_state + 24) &= MXCSR_VALID;
	} else {
		/* Only the FNSAVE part: the CPU converts it to an FXSAVE image,
		 * with the initial MXCSR. */
		u32 mxcsr = 0x1f80;

		local_irq_save(flags);
		clts();
		__asm__ __volatile__("frstor %1\n\tfxsave %0" : "=m"(t->fpu_state)
				     : "m"(*(const u8(*)[FP_FSAVE_BYTES])img));
		stts();
		local_irq_restore(flags);
		*(u32 *)(t->fpu_state + 24) = mxcsr;
	}
	t->fpu_valid = true;
	return 0;
}
