/*
 * The memory steps of start_kernel (Linux's mm/mm_init.c and init/main.c's
 * mm_init()), and free_initmem at the end of boot. The order follows the
 * notes: setup_arch -> paging_init sizes the zones and lays out mem_map;
 * build_all_zonelists; page_alloc_init; mm_init -> mem_init (memory to the
 * buddy allocator), kmem_cache_init (slab caches, kmalloc), vmalloc_init.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/preempt.h>
#include <asm/page.h>

void __init mm_init(void)
{
	mem_init();
	kmem_cache_init();
	vmalloc_init();
	kmap_init();
	pr_info("mm_init: buddy allocator, %s slab caches, kmalloc, vmalloc and kmap ready; %lu pages free\n",
		slab_allocator_name, nr_free_pages());
	show_free_areas();
	show_slabinfo(true);
}

/*
 * Hand [start, end) of the kernel image back to the page allocator, poisoned
 * first (0xcc = int3, so a stale call into init code traps). Returns the
 * number of pages released.
 */
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s)
{
	unsigned long va, pages = 0;
	unsigned char *p;

	for (p = start; p < (unsigned char *)end; p++)
		*p = poison;
	for (va = PAGE_ALIGN(start); va + PAGE_SIZE <= (unsigned long)end; va += PAGE_SIZE) {
		free_reserved_page(virt_to_page((void *)va));
		pages++;
	}
	pr_info("Freeing %s memory: %luK\n", s, pages << (PAGE_SHIFT - 10));
	return pages;
}

/*
 * Not __init itself: it runs while the init sections go away (Linux: __ref).
 * Like Linux's kernel_init, this is also where the system counts as running
 * (might_sleep starts checking) and where the text becomes read-only.
 */
void free_initmem(void)
{
	free_reserved_area(__init_begin, __init_end, 0xcc, "unused kernel image");
	mark_rodata_ro();
	/* Until the scheduler exists, the boot task keeps the preemption depth it
	 * has now as its own base (Linux's idle task also runs preempt-disabled). */
	preempt_base_count = preempt_count() & PREEMPT_MASK;
	system_state = SYSTEM_RUNNING;
}
