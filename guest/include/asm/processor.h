/* CPU registers and instructions (Intel SDM vol. 3, ch. 2): CRn, CPUID, TSC. */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include <linux/types.h>

#define X86_CR0_PE	0x00000001
#define X86_CR0_WP	0x00010000
#define X86_CR0_PG	0x80000000
#define X86_CR4_PSE	0x00000010
#define X86_CR4_PAE	0x00000020
#define X86_CR4_PGE	0x00000080

#define X86_EFLAGS_IF	0x00000200

/* CPUID leaf 1 EDX feature bits we look at. */
#define X86_FEATURE_FPU		(1 << 0)
#define X86_FEATURE_TSC		(1 << 4)
#define X86_FEATURE_PAE		(1 << 6)
#define X86_FEATURE_PGE		(1 << 13)

struct cpuinfo_x86 {
	char x86_vendor_id[16];
	char x86_model_id[64];
	int cpuid_level;	/* -1: no CPUID */
	u8 x86;			/* family */
	u8 x86_model;
	u8 x86_stepping;
	u32 x86_capability;	/* leaf 1 EDX */
	u32 x86_capability_ecx;
};
extern struct cpuinfo_x86 boot_cpu_data;
static inline bool boot_cpu_has(u32 feature)
{
	return boot_cpu_data.x86_capability & feature;
}

static inline void cpuid(u32 op, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(op), "2"(0));
}

#define DEFINE_CR(n)							\
	static inline unsigned long read_cr##n(void)			\
	{								\
		unsigned long v;					\
		__asm__ __volatile__("mov %%cr" #n ",%0" : "=r"(v));	\
		return v;						\
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
/*
 * CR4 came with the features it controls (VME, DE, PSE, TSC's TSD, PAE, MCE,
 * PGE: Intel SDM vol. 3, 2.5); a CPU reporting none of them (a 386, a 486,
 * even a 486 with CPUID) may have no CR4, and touching it faults. So CR4 is
 * read only when CPUID reports one of those features; 0 otherwise.
 */
#define X86_CR4_FEATURES ((1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 6) | (1 << 7) | \
			  (1 << 13))
static inline bool cpu_has_cr4(void)
{
	extern struct cpuinfo_x86 boot_cpu_data;

	return boot_cpu_data.cpuid_level >= 1 &&
	       (boot_cpu_data.x86_capability & X86_CR4_FEATURES);
}
static inline unsigned long read_cr4_safe(void)
{
	return cpu_has_cr4() ? read_cr4() : 0;
}
static inline void write_cr3(unsigned long v)
{
	__asm__ __volatile__("mov %0,%%cr3" : : "r"(v) : "memory");
}
static inline void write_cr4(unsigned long v)
{
	__asm__ __volatile__("mov %0,%%cr4" : : "r"(v) : "memory");
}

static inline u64 rdtsc(void)
{
	u64 v;
	__asm__ __volatile__("rdtsc" : "=A"(v));
	return v;
}
static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}
static inline void halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}
static inline unsigned long current_stack_pointer(void)
{
	unsigned long sp;
	__asm__("movl %%esp,%0" : "=r"(sp));
	return sp;
}

#endif
