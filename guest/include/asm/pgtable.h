/*
 * Page-table entries. With CONFIG_PAE (the default) PAE paging (Intel SDM
 * vol. 3, 4.4 "PAE paging"): 64-bit entries,
 * a 4-entry page-directory-pointer table (Linux's PGD), 512-entry page
 * directories (PMD) and page tables (PTE). PDPTEs have only P and the address:
 * their RW/US bits are reserved and must be 0.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <linux/types.h>
#include <asm/page.h>

#define _PAGE_PRESENT	0x001
#define _PAGE_RW	0x002
#define _PAGE_USER	0x004
#define _PAGE_PWT	0x008
#define _PAGE_PCD	0x010
#define _PAGE_ACCESSED	0x020
#define _PAGE_DIRTY	0x040
#define _PAGE_PSE	0x080	/* in a PMD entry: a 2 MiB page */
#define _PAGE_GLOBAL	0x100

#ifdef CONFIG_PAE
typedef u64 pgd_t;
typedef u64 pmd_t;
typedef u64 pte_t;

extern pgd_t swapper_pg_dir[];		/* the kernel's PGD (page-aligned) */
extern pmd_t swapper_kernel_pmd[];	/* PGD[3]: PAGE_OFFSET.. */
extern pmd_t initial_pg_pmd[];		/* head.S's temporary 1 GiB map */

static inline unsigned int pmd_index(unsigned long va)
{
	return (va >> 21) & 511;
}
#else
/*
 * CONFIG_PAE=n: classic 2-level paging (Intel SDM vol. 3, 4.3), 32-bit entries,
 * a 1024-entry page directory and 4 KiB page tables, which every CPU from the
 * 386 on has. The kernel's page tables for lowmem come from the "brk" area
 * right after _end (arch/x86/setup.c), reserved up to _brk_end.
 */
typedef u32 pgd_t;
typedef u32 pte_t;

extern pgd_t swapper_pg_dir[];		/* 1024 entries; 768.. map PAGE_OFFSET */
extern pte_t initial_page_table[];	/* head.S: 2 tables, the first 8 MiB */
extern unsigned long _brk_end;		/* end of the early page tables after _end */
#endif

static inline unsigned int pgd_index(unsigned long va)
{
	return va >> PGDIR_SHIFT;
}

static inline void load_cr3(pgd_t *pgdir)
{
	__asm__ __volatile__("mov %0,%%cr3" : : "r"(__pa(pgdir)) : "memory");
}
void __flush_tlb_all(void);

#endif
