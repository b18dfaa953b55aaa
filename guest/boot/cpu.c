/*
 * validate_cpu(): refuse, with Linux's message, a CPU that lacks what the
 * kernel needs, before head.S would triple-fault on it (Linux's
 * arch/x86/boot/cpu.c and cpucheck.c). With CONFIG_PAE lucix needs CPUID and
 * PAE (CPUID.1:EDX bit 6), i.e. a Pentium Pro class CPU; without, any 386.
 */
#include "boot.h"

#define X86_EFLAGS_ID (1UL << 21)

static bool has_eflag(u32 mask)
{
	u32 f0, f1;

	__asm__ __volatile__("pushfl; pushfl; popl %0; movl %0,%1; xorl %2,%1;"
			     "pushl %1; popfl; pushfl; popl %1; popfl"
			     : "=&r"(f0), "=&r"(f1) : "ri"(mask));
	return !!((f0 ^ f1) & mask);
}

void validate_cpu(void)
{
	u32 eax = 1, ebx, ecx = 0, edx = 0;

#ifndef CONFIG_PAE
	return;		/* 2-level paging: any 386 will do */
#endif
	if (has_eflag(X86_EFLAGS_ID))
		__asm__ __volatile__("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	if (edx & (1 << 6))
		return;
	puts("This kernel requires the following features not present on the CPU:\n");
	puts(has_eflag(X86_EFLAGS_ID) ? "pae\n" : "cpuid pae\n");
	die("Unable to boot - please use a kernel appropriate for your CPU.");
}
