/*
 * Execute disable (Linux's arch/x86/mm/setup_nx.c and set_memory_nx): with
 * PAE paging, a CPU that reports NX (CPUID 0x80000001 EDX bit 20) gets
 * EFER.NXE (MSR 0xC0000080 bit 11) set, after which bit 63 of a PMD or PTE
 * forbids instruction fetches from the page (SDM vol. 3A 4.6). The module
 * loader asks for it the first time it protects a module, and marks the
 * module's read-only and writable data NX. 2-level paging has no such bit.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <asm/processor.h>
#include <asm/pgtable.h>

#define MSR_EFER	0xC0000080u
#define EFER_NXE	(1u << 11)
#define X86_FEATURE_NX	(1u << 20)	/* CPUID 0x80000001 EDX */

static int nx_state = -1;	/* -1: not looked at yet; 0: none; 1: on */

bool x86_nx_enable(void)
{
#ifdef CONFIG_PAE
	u32 a, b, c, d, lo, hi;

	if (nx_state >= 0)
		return nx_state;
	nx_state = 0;
	cpuid(0x80000000, &a, &b, &c, &d);
	if (a < 0x80000001 || a > 0x8000ffff)
		return false;
	cpuid(0x80000001, &a, &b, &c, &d);
	if (!(d & X86_FEATURE_NX))
		return false;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
	lo |= EFER_NXE;
	__asm__ __volatile__("wrmsr" : : "c"(MSR_EFER), "a"(lo), "d"(hi));
	nx_state = 1;
	pr_info("NX (Execute Disable) protection: active\n");
	return true;
#else
	return false;
#endif
}

bool x86_nx_enabled(void)
{
	return nx_state > 0;
}

/* Set or clear bit 63 of the 4 KiB PTEs mapping [addr, addr + numpages pages). */
static int change_page_nx(unsigned long addr, int numpages, bool nx)
{
#ifdef CONFIG_PAE
	unsigned long va;

	if (!x86_nx_enabled())
		return 0;
	for (va = addr & PAGE_MASK; numpages-- > 0; va += PAGE_SIZE) {
		unsigned int level;
		pte_t *pte = lookup_address(va, &level);

		if (!pte || level != 1)
			return -EINVAL;	/* vmalloc space is mapped with 4 KiB pages */
		if (nx)
			*pte |= (pte_t)1 << 63;
		else
			*pte &= ~((pte_t)1 << 63);
		flush_tlb_one(va);
	}
#endif
	return 0;
}

int set_memory_nx(unsigned long addr, int numpages)
{
	return change_page_nx(addr, numpages, true);
}

int set_memory_x(unsigned long addr, int numpages)
{
	return change_page_nx(addr, numpages, false);
}

/* Linux's show_fault_oops line for a fetch from an NX page. */
bool x86_nx_fault(unsigned long address, unsigned long error_code)
{
#ifdef CONFIG_PAE
	unsigned int level;
	pte_t *pte;

	if (!x86_nx_enabled() || !(error_code & 0x10) || !(error_code & 0x01))
		return false;
	pte = lookup_address(address, &level);
	return pte && (*pte & ((pte_t)1 << 63));
#else
	return false;
#endif
}
