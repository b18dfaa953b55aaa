/*
 * Memory-management entry points called by start_kernel, as STUBS until issue 8
 * (the buddy allocator, zones, slab, vmalloc) fills them in. Each one says so
 * on the console, so the boot log shows what is still missing. What they can
 * rely on: e820_table, max_pfn and max_low_pfn (arch/x86/e820.c),
 * swapper_pg_dir with lowmem mapped at PAGE_OFFSET in 2 MiB pages
 * (arch/x86/setup.c), and the kernel image between _text and _end.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/page.h>

void __init build_all_zonelists(void *pgdat)
{
	pr_info("build_all_zonelists: [stub, issue 8] zones DMA/NORMAL/HIGHMEM not built yet (%lu pages of RAM, %lu lowmem)\n",
		max_pfn, max_low_pfn);
}

void __init page_alloc_init(void)
{
	pr_info("page_alloc_init: [stub, issue 8] no buddy allocator yet (MAX_ORDER 11 to come)\n");
}

void __init mm_init(void)
{
	pr_info("mm_init: [stub, issue 8] no slab caches, kmalloc or vmalloc yet\n");
}

/*
 * Hand [start, end) of the kernel image back to the page allocator. Without one
 * the pages are only poisoned (0xcc = int3, so stale calls into init code trap).
 * Returns the number of pages released.
 */
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s)
{
	unsigned long pages = ((unsigned long)end - (unsigned long)start) >> PAGE_SHIFT;
	unsigned char *p;

	for (p = start; p < (unsigned char *)end; p++)
		*p = poison;
	pr_info("Freeing %s memory: %luK\n", s, pages << (PAGE_SHIFT - 10));
	return pages;
}

/* Not __init itself: it runs while the init sections go away (Linux: __ref). */
void free_initmem(void)
{
	free_reserved_area(__init_begin, __init_end, 0xcc, "unused kernel image");
}
