/*
 * Page faults (Linux's arch/x86/mm/fault.c). Until the memory manager (issue
 * 8) adds vmas and demand paging, every fault is a kernel bug unless an
 * exception-table entry covers the instruction: the oops names the address,
 * the access (Linux's "#PF:" lines from the error code) and the page-table
 * entries that translated it, then dies. Issue 8 extends do_page_fault()
 * with the user-space and vmalloc cases before the no_context path.
 */
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <asm/traps.h>
#include <asm/processor.h>
#include <asm/pgtable.h>
#include <asm/irqflags.h>

#ifdef CONFIG_PAE
/* Print the PAE walk for ADDR through the current CR3, stopping at a non-present level. */
static void dump_pagetable(unsigned long addr)
{
	pgd_t *pgd = __va(read_cr3() & ~31UL);
	pgd_t pgde = pgd[pgd_index(addr)];
	pmd_t pmde;

	printk(KERN_ALERT "*pdpt = %016llx ", pgde);
	if (!(pgde & _PAGE_PRESENT) || (pgde & PAGE_MASK) >= MAXMEM) {
		pr_cont("\n");
		return;
	}
	pmde = ((pmd_t *)__va(pgde & 0xfffff000UL))[pmd_index(addr)];
	pr_cont("*pde = %016llx ", pmde);
	if ((pmde & _PAGE_PRESENT) && !(pmde & _PAGE_PSE) && (pmde & PAGE_MASK) < MAXMEM) {
		pte_t pte = ((pte_t *)__va(pmde & 0xfffff000UL))[(addr >> PAGE_SHIFT) & 511];

		pr_cont("*pte = %016llx ", pte);
	}
	pr_cont("\n");
}
#else
/* The 2-level walk: "*pde = ... *pte = ..." as Linux prints it without PAE. */
static void dump_pagetable(unsigned long addr)
{
	pgd_t *pgd = __va(read_cr3() & PAGE_MASK);
	pgd_t pde = pgd[pgd_index(addr)];

	printk(KERN_ALERT "*pde = %08x ", pde);
	if ((pde & _PAGE_PRESENT) && !(pde & _PAGE_PSE) && (pde & PAGE_MASK) < MAXMEM)
		pr_cont("*pte = %08x ",
			((pte_t *)__va(pde & PAGE_MASK))[(addr >> PAGE_SHIFT) & 1023]);
	pr_cont("\n");
}
#endif

static void no_context(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	if (fixup_exception(regs))
		return;
	oops_in_progress = 1;
	if (address < PAGE_SIZE)
		printk(KERN_ALERT "BUG: kernel NULL pointer dereference, address: %08lx\n", address);
	else
		printk(KERN_ALERT "BUG: unable to handle page fault for address: %08lx\n", address);
	printk(KERN_ALERT "#PF: %s %s in %s mode\n",
	       (error_code & X86_PF_USER) ? "user" : "supervisor",
	       (error_code & X86_PF_INSTR) ? "instruction fetch" :
	       (error_code & X86_PF_WRITE) ? "write access" : "read access",
	       user_mode(regs) ? "user" : "kernel");
	printk(KERN_ALERT "#PF: error_code(0x%04lx) - %s\n", error_code,
	       !(error_code & X86_PF_PROT) ? "not-present page" :
	       (error_code & X86_PF_RSVD) ? "reserved bit violation" : "permissions violation");
	dump_pagetable(address);
	die("Oops", regs, error_code);
}

void do_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	unsigned long address = read_cr2();	/* read first: a nested fault overwrites it */

	no_context(regs, error_code, address);
}
