/*
 * setup_arch() (Linux's arch/x86/kernel/setup.c) as the notes describe it: the
 * memory map, then the real kernel page tables. With PAE (CONFIG_PAE=y, the
 * default; 2-level paging otherwise, see below) head.S left a temporary map
 * (PGD[0] and PGD[3] -> one PMD covering 0..1 GiB). Here swapper_pg_dir gets
 * its final shape: PGD[0..2] (user space) empty, PGD[3] -> swapper_kernel_pmd
 * mapping lowmem at PAGE_OFFSET with 2 MiB pages (global, so context switches
 * keep them). load_cr3() reloads the PDPTEs (PAE caches them on CR3 load) and
 * __flush_tlb_all() drops every translation, global ones included.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

struct boot_params boot_params __aligned(16);

/* Toggling CR4.PGE flushes global entries too (Intel SDM vol. 3, 4.10.4.1). */
void __flush_tlb_all(void)
{
	unsigned long cr4 = read_cr4_safe();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

extern char stack_guard_page[];

#ifdef CONFIG_PAE
/* The 2 MiB around the boot stack, in 4 KiB pages so its guard page can be absent. */
static pte_t stack_guard_ptes[PTRS_PER_PTE] __aligned(PAGE_SIZE);

/* Map lowmem (max_low_pfn pages) at PAGE_OFFSET and drop the identity map. */
static void __init paging_init_kernel_map(void)
{
	unsigned long lowmem = max_low_pfn << PAGE_SHIFT, i, n;
	u64 flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (boot_cpu_has(X86_FEATURE_PGE)) {
		flags |= _PAGE_GLOBAL;
		write_cr4(read_cr4() | X86_CR4_PGE);
	}
	n = DIV_ROUND_UP(lowmem, PMD_SIZE);
	if (n > PTRS_PER_PMD)
		n = PTRS_PER_PMD;
	for (i = 0; i < n; i++)
		swapper_kernel_pmd[i] = ((u64)i << PMD_SHIFT) | flags;
	/*
	 * Split the 2 MiB page holding the boot stack into 4 KiB pages and leave
	 * out the one below the stack: an overflow then faults, and the CPU,
	 * unable to push the #PF frame, raises #DF, which has its own task and
	 * stack (arch/x86/traps.c) to say so.
	 */
	{
		unsigned long guard = __pa(stack_guard_page), base = guard & ~(PMD_SIZE - 1);

		for (i = 0; i < PTRS_PER_PTE; i++)
			stack_guard_ptes[i] = (base + (i << PAGE_SHIFT)) |
					      (flags & ~(u64)_PAGE_PSE);
		stack_guard_ptes[(guard - base) >> PAGE_SHIFT] = 0;
		swapper_kernel_pmd[guard >> PMD_SHIFT] =
			__pa(stack_guard_ptes) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
	}
	for (i = 0; i < 3; i++)
		swapper_pg_dir[i] = 0;
	swapper_pg_dir[3] = __pa(swapper_kernel_pmd) | _PAGE_PRESENT;
	pr_info("setup_arch: swapper_pg_dir at %p (phys %#lx): PGD[3] -> kernel PMD, %lu x 2 MiB pages map %lu MiB of lowmem at %#lx\n",
		swapper_pg_dir, __pa(swapper_pg_dir), n, n * 2, PAGE_OFFSET);
}
#else
unsigned long _brk_end;

/*
 * 2-level paging: one 4 KiB page table per 4 MiB of lowmem, taken from the
 * pages right after _end (head.S's 8 MiB map covers them: at most 224 tables
 * for 896 MiB). PGD[768..] point at them; the identity entries go.
 */
static void __init paging_init_kernel_map(void)
{
	unsigned long nr = DIV_ROUND_UP(max_low_pfn, PTRS_PER_PTE), i;
	pte_t *pt = (pte_t *)ALIGN((unsigned long)_end, PAGE_SIZE);
	u32 flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (boot_cpu_has(X86_FEATURE_PGE)) {
		flags |= _PAGE_GLOBAL;
		write_cr4(read_cr4() | X86_CR4_PGE);
	}
	for (i = 0; i < nr * PTRS_PER_PTE; i++)
		pt[i] = i < max_low_pfn ? (i << PAGE_SHIFT) | flags : 0;
	/* No page under the boot stack: an overflow faults (see the PAE case). */
	pt[__pa(stack_guard_page) >> PAGE_SHIFT] = 0;
	/* Kernel entries first (they replace mappings we are running on with
	 * identical ones), then drop everything else, the identity map too. */
	for (i = 0; i < nr; i++)
		swapper_pg_dir[pgd_index(PAGE_OFFSET) + i] =
			__pa(pt + i * PTRS_PER_PTE) | _PAGE_PRESENT | _PAGE_RW;
	for (i = 0; i < PTRS_PER_PGD; i++)
		if (i < pgd_index(PAGE_OFFSET) || i >= pgd_index(PAGE_OFFSET) + nr)
			swapper_pg_dir[i] = 0;
	_brk_end = (unsigned long)(pt + nr * PTRS_PER_PTE);
	pr_info("setup_arch: swapper_pg_dir at %p (phys %#lx): PGD[%u..%lu] -> %lu page tables at %p..%#lx (after _end), 4 KiB pages map %lu MiB of lowmem at %#lx\n",
		swapper_pg_dir, __pa(swapper_pg_dir), pgd_index(PAGE_OFFSET),
		pgd_index(PAGE_OFFSET) + nr - 1, nr, pt, _brk_end, max_low_pfn >> (20 - PAGE_SHIFT),
		PAGE_OFFSET);
}
#endif

/*
 * The initrd the boot loader put in memory (Linux's reserve_initrd): its
 * frames stay out of the page allocator until populate_rootfs has unpacked
 * it and freed them. It must lie in lowmem, where the kernel can read it.
 */
unsigned long initrd_start, initrd_end;

static void __init reserve_initrd(void)
{
	u64 start = boot_params.hdr.ramdisk_image, size = boot_params.hdr.ramdisk_size;

	if (!start || !size)
		return;
	if (start + size > ((u64)max_low_pfn << PAGE_SHIFT)) {
		pr_err("initrd extends beyond end of memory (0x%08llx > 0x%08llx)\ndisabling initrd\n",
		       start + size, (u64)max_low_pfn << PAGE_SHIFT);
		return;
	}
	initrd_start = (unsigned long)__va((unsigned long)start);
	initrd_end = initrd_start + (unsigned long)size;
	pr_info("RAMDISK: [mem %#010llx-%#010llx]\n", start, start + size - 1);
}

void __init setup_arch(char **cmdline_p)
{
	pr_info("setup_arch: boot protocol %u.%02u, loader type %#x, zero page copied\n",
		boot_params.hdr.version >> 8, boot_params.hdr.version & 0xff,
		boot_params.hdr.type_of_loader);
	e820__memory_setup();
	check_command_line();
	parse_early_param();
	if (max_pfn < PFN_DOWN(LUCIX_MIN_RAM_KB * 1024UL))
		panic("Out of memory: lucix needs at least %u MiB of RAM, this machine has %lu MiB",
		      LUCIX_MIN_RAM_KB / 1024, max_pfn >> (20 - PAGE_SHIFT));
	paging_init_kernel_map();
	load_cr3(swapper_pg_dir);
	pr_info("load_cr3: CR3 = %#lx (swapper_pg_dir); from here every address is translated by it\n",
		read_cr3());
	__flush_tlb_all();
	pr_info("__flush_tlb_all: TLB flushed (CR4.PGE toggled: global entries too)\n");
	reserve_initrd();
	paging_init();		/* mm/page_alloc.c: mem_map and the zones */
	*cmdline_p = boot_command_line;
}
