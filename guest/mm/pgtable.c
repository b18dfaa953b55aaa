/*
 * The kernel's page tables after boot (Linux's arch/x86/mm/pgtable.c,
 * pageattr.c and init_32.c, much shortened). One walker serves both layouts:
 *
 *   PAE (CONFIG_PAE=y): PGD (4 entries, 1 GiB each) -> PMD (512 x 2 MiB)
 *                       -> PTE (512 x 4 KiB); a PMD entry with PS maps 2 MiB.
 *   2-level:            PGD (1024 x 4 MiB) -> PTE (1024 x 4 KiB); a PGD entry
 *                       with PS would map 4 MiB (lucix does not make any).
 *
 * Everything above PAGE_OFFSET hangs off swapper_pg_dir. With PAE the kernel
 * PMD (PGD[3]) is shared by every address space, so a page table added here
 * for vmalloc or kmap is seen by all of them at once.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

/* PTE tables the kernel's own mappings took (vmalloc, split large pages).
 * Like Linux, lucix keeps them when the mappings go: the vmalloc area's
 * tables are bounded by its size, and reused by the next area there. */
unsigned long nr_kernel_pgtables;

#ifdef CONFIG_PAE
#define ENTRY_ADDR(e)	((unsigned long)((e) & 0x000ffffffffff000ULL))
#define LEAF_SHIFT	PMD_SHIFT	/* a PS entry in the middle level maps 2 MiB */
typedef pmd_t dir_t;			/* the level above the PTEs */
#else
#define ENTRY_ADDR(e)	((unsigned long)((e) & 0xfffff000UL))
#define LEAF_SHIFT	PGDIR_SHIFT
typedef pgd_t dir_t;
#endif

/* The directory entry (PMD with PAE, PGD entry otherwise) covering va. */
static dir_t *dir_entry(unsigned long va)
{
#ifdef CONFIG_PAE
	pgd_t pgd = swapper_pg_dir[pgd_index(va)];

	if (!(pgd & _PAGE_PRESENT))
		return NULL;
	return (pmd_t *)__va(ENTRY_ADDR(pgd)) + pmd_index(va);
#else
	return &swapper_pg_dir[pgd_index(va)];
#endif
}

static inline unsigned int pte_index(unsigned long va)
{
	return (va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

void *lookup_address(unsigned long va, unsigned int *level)
{
	dir_t *dir = dir_entry(va);

	*level = 0;
	if (!dir || !(*dir & _PAGE_PRESENT))
		return NULL;
	if (*dir & _PAGE_PSE) {
		*level = 2;
		return dir;
	}
	*level = 1;
	return (pte_t *)__va(ENTRY_ADDR(*dir)) + pte_index(va);
}

phys_addr_t kernel_virt_to_phys(unsigned long va, bool *writable)
{
	unsigned int level;
	pte_t *pte = lookup_address(va, &level);

	if (!pte || !(*pte & _PAGE_PRESENT))
		return (phys_addr_t)-1;
	if (writable)
		*writable = *pte & _PAGE_RW;
	if (level == 2)
		return ENTRY_ADDR(*pte) + (va & ((1UL << LEAF_SHIFT) - 1));
	return ENTRY_ADDR(*pte) + (va & ~PAGE_MASK);
}

/* One page's translation (INVLPG came with the 486; a 386 flushes everything). */
void flush_tlb_one(unsigned long va)
{
	if (boot_cpu_data.x86 < 4) {
		write_cr3(read_cr3());
		return;
	}
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

void flush_tlb_all(void)
{
	__flush_tlb_all();
}

/* The PTE table for va, created (zeroed) if missing. NULL if out of memory. */
static pte_t *pte_table(unsigned long va)
{
	dir_t *dir = dir_entry(va);
	unsigned long table;

	if (!dir)
		return NULL;
	if (*dir & _PAGE_PRESENT) {
		if (*dir & _PAGE_PSE)
			return NULL;	/* a large page: callers split first */
		return (pte_t *)__va(ENTRY_ADDR(*dir));
	}
	table = get_zeroed_page(GFP_ATOMIC);
	if (!table)
		return NULL;
	nr_kernel_pgtables++;
	*dir = __pa(table) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
	return (pte_t *)table;
}

int map_kernel_page(unsigned long va, phys_addr_t pa, bool writable)
{
	pte_t *pt = pte_table(va);
	pte_t e = pa | _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (!pt)
		return -ENOMEM;
	if (writable)
		e |= _PAGE_RW;
	pt[pte_index(va)] = e;
	flush_tlb_one(va);
	return 0;
}

void unmap_kernel_page(unsigned long va)
{
	unsigned int level;
	pte_t *pte = lookup_address(va, &level);

	if (pte && level == 1) {
		*pte = 0;
		flush_tlb_one(va);
	}
}

/*
 * Replace the large page mapping va with a PTE table holding the same 4 KiB
 * mappings (Linux's split_large_page), so one of them can change.
 */
static int split_large_page(unsigned long va)
{
	dir_t *dir = dir_entry(va);
	unsigned long table, i, base;
	pte_t flags;
	pte_t *pt;

	if (!dir || !(*dir & _PAGE_PSE))
		return 0;
	table = get_zeroed_page(GFP_ATOMIC);
	if (!table)
		return -ENOMEM;
	nr_kernel_pgtables++;
	pt = (pte_t *)table;
	base = ENTRY_ADDR(*dir);
	flags = *dir & (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY |
			_PAGE_GLOBAL);
	for (i = 0; i < PTRS_PER_PTE; i++)
		pt[i] = (base + (i << PAGE_SHIFT)) | flags;
	*dir = __pa(table) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
	flush_tlb_all();	/* the large entry may be global */
	return 0;
}

static int change_page_rw(unsigned long addr, int numpages, bool rw)
{
	unsigned long va;
	int err;

	for (va = addr & PAGE_MASK; numpages-- > 0; va += PAGE_SIZE) {
		unsigned int level;
		pte_t *pte = lookup_address(va, &level);

		if (!pte)
			return -EINVAL;
		if (level == 2) {
			err = split_large_page(va);
			if (err)
				return err;
			pte = lookup_address(va, &level);
		}
		if (rw)
			*pte |= _PAGE_RW;
		else
			*pte &= ~(pte_t)_PAGE_RW;
		flush_tlb_one(va);
	}
	return 0;
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return change_page_rw(addr, numpages, false);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return change_page_rw(addr, numpages, true);
}

/*
 * Linux's mark_rodata_ro(): kernel text and read-only data become read-only
 * for the kernel too (CR0.WP makes supervisor writes honour R/W; head.S sets
 * it with PAE, a 386 has no WP).
 */
void mark_rodata_ro(void)
{
	unsigned long start = (unsigned long)_text & PAGE_MASK;
	unsigned long end = ALIGN((unsigned long)__end_rodata, PAGE_SIZE);
	int err = set_memory_ro(start, (end - start) >> PAGE_SHIFT);

	if (err)
		pr_warn("Write protecting the kernel text and read-only data failed: %d\n", err);
	else
		pr_info("Write protecting the kernel text and read-only data: %luk\n",
			(end - start) >> 10);
}
