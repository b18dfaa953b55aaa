/*
 * The kernel's view of memory (Linux's asm/page_32.h): all of low memory is
 * mapped at PAGE_OFFSET, so physical and kernel virtual addresses differ by a
 * constant.
 */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#ifdef CONFIG_PAE
#define PMD_SHIFT	21		/* PAE: a PMD entry maps 2 MiB */
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PGDIR_SHIFT	30		/* PAE: a PGD entry maps 1 GiB */
#define PTRS_PER_PGD	4
#define PTRS_PER_PMD	512
#define PTRS_PER_PTE	512
#else
#define PGDIR_SHIFT	22		/* 2-level: a PGD entry maps 4 MiB */
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PTRS_PER_PGD	1024
#define PTRS_PER_PMD	1		/* folded */
#define PTRS_PER_PTE	1024
#endif
#define PAGE_OFFSET	0xC0000000UL
#define THREAD_SIZE	8192
#define MAXMEM		(0xF8000000UL - PAGE_OFFSET)	/* lowmem limit: 896 MiB */

#ifndef __ASSEMBLY__
#define __pa(x)		((unsigned long)(x) - PAGE_OFFSET)
#define __va(x)		((void *)((unsigned long)(x) + PAGE_OFFSET))
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)	((u64)(x) << PAGE_SHIFT)
#endif

#endif
