/*
 * vmalloc (Linux's mm/vmalloc.c, simplified): virtually contiguous memory
 * built from single pages that need not be physically contiguous, mapped with
 * 4 KiB PTEs into the range between the end of the direct map (plus an 8 MiB
 * gap that catches stray direct-map pointers) and the pkmap window. Each area
 * is followed by one unmapped guard page, so overrunning it faults instead of
 * silently running into the next area.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/highmem.h>
#include <linux/vmalloc.h>

#define VMALLOC_OFFSET	(8UL << 20)

unsigned long VMALLOC_START, VMALLOC_END;
struct vm_struct *vmlist;	/* areas in address order */

void vmalloc_init(void)
{
	VMALLOC_START = ((unsigned long)high_memory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1);
	VMALLOC_END = PKMAP_BASE - 2 * PAGE_SIZE;
	pr_info("vmalloc_init: vmalloc area %#lx-%#lx (%lu MiB), guard page after each area\n",
		VMALLOC_START, VMALLOC_END - 1, (VMALLOC_END - VMALLOC_START) >> 20);
}

bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

/* Find room for size bytes (guard included), first fit, and link a new area in. */
static struct vm_struct *get_vm_area(unsigned long size, void *caller)
{
	struct vm_struct *area, **pp;
	unsigned long addr = VMALLOC_START;

	area = kzalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	for (pp = &vmlist; *pp; pp = &(*pp)->next) {
		if ((unsigned long)(*pp)->addr >= addr + size)
			break;
		addr = (unsigned long)(*pp)->addr + (*pp)->size;
	}
	if (addr + size > VMALLOC_END || addr + size < addr) {
		kfree(area);
		return NULL;
	}
	area->addr = (void *)addr;
	area->size = size;
	area->caller = caller;
	area->next = *pp;
	*pp = area;
	return area;
}

static struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *area;

	for (area = vmlist; area; area = area->next)
		if (area->addr == addr)
			return area;
	return NULL;
}

static struct vm_struct *remove_vm_area(const void *addr)
{
	struct vm_struct **pp, *area;

	for (pp = &vmlist; *pp; pp = &(*pp)->next) {
		if ((*pp)->addr == addr) {
			area = *pp;
			*pp = area->next;
			return area;
		}
	}
	return NULL;
}

static void unmap_area(struct vm_struct *area, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		unmap_kernel_page((unsigned long)area->addr + i * PAGE_SIZE);
}

static int map_area(struct vm_struct *area)
{
	unsigned int i;

	for (i = 0; i < area->nr_pages; i++) {
		if (map_kernel_page((unsigned long)area->addr + i * PAGE_SIZE,
				    page_to_phys(area->pages[i]), true)) {
			unmap_area(area, i);
			return -ENOMEM;
		}
	}
	return 0;
}

static void free_area_struct(struct vm_struct *area)
{
	if (area->pages) {
		if (is_vmalloc_addr(area->pages))
			vfree(area->pages);
		else
			kfree(area->pages);
	}
	kfree(area);
}

static void *__vmalloc(unsigned long size, gfp_t gfp, void *caller)
{
	unsigned long n = PAGE_ALIGN(size) >> PAGE_SHIFT, i, array_size;
	struct vm_struct *area;

	if (!size || n > (VMALLOC_END - VMALLOC_START) >> PAGE_SHIFT)
		return NULL;
	area = get_vm_area((n + 1) << PAGE_SHIFT, caller);
	if (!area)
		goto fail;
	array_size = n * sizeof(struct page *);
	/* The page array itself may be big: vmalloc it too (Linux does the same). */
	area->pages = array_size > PAGE_SIZE ? __vmalloc(array_size, gfp | __GFP_ZERO, caller)
					     : kzalloc(array_size, gfp);
	if (!area->pages)
		goto fail_area;
	area->owns_pages = true;
	for (i = 0; i < n; i++) {
		area->pages[i] = alloc_page(gfp | __GFP_HIGHMEM);
		if (!area->pages[i])
			goto fail_pages;
		area->nr_pages++;
	}
	if (map_area(area))
		goto fail_pages;
	return area->addr;

fail_pages:
	for (i = 0; i < area->nr_pages; i++)
		__free_page(area->pages[i]);
fail_area:
	remove_vm_area(area->addr);
	free_area_struct(area);
fail:
	if (!(gfp & __GFP_NOWARN))
		pr_warn("vmalloc: allocation failure: %lu bytes, called from %pS\n", size, caller);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO, __builtin_return_address(0));
}

void vfree(const void *addr)
{
	struct vm_struct *area;
	unsigned int i;

	if (!addr)
		return;
	area = find_vm_area(addr);
	if (!area || !area->owns_pages) {
		pr_alert("BUG: vfree(%p): not a vmalloc area, called from %pS\n", addr,
			 __builtin_return_address(0));
		bad_page_reports++;
		dump_stack();
		return;
	}
	remove_vm_area(addr);
	unmap_area(area, area->nr_pages);
	for (i = 0; i < area->nr_pages; i++)
		__free_page(area->pages[i]);
	free_area_struct(area);
}

void *vmap(struct page **pages, unsigned int count)
{
	struct vm_struct *area;

	might_sleep();
	area = get_vm_area((count + 1UL) << PAGE_SHIFT, __builtin_return_address(0));
	if (!area)
		return NULL;
	area->pages = pages;
	area->nr_pages = count;
	if (map_area(area)) {
		remove_vm_area(area->addr);
		kfree(area);
		return NULL;
	}
	return area->addr;
}

void vunmap(const void *addr)
{
	struct vm_struct *area = find_vm_area(addr);

	if (!area || area->owns_pages) {
		pr_alert("BUG: vunmap(%p): not a vmap area, called from %pS\n", addr,
			 __builtin_return_address(0));
		bad_page_reports++;
		return;
	}
	remove_vm_area(addr);
	unmap_area(area, area->nr_pages);
	kfree(area);	/* the page array is the caller's */
}

struct page *vmalloc_to_page(const void *addr)
{
	phys_addr_t pa = kernel_virt_to_phys((unsigned long)addr, NULL);

	if (pa == (phys_addr_t)-1)
		return NULL;
	return pfn_to_page(pa >> PAGE_SHIFT);
}

void vmalloc_report(const char *who)
{
	struct vm_struct *area;
	unsigned long areas = 0, pages = 0;

	for (area = vmlist; area; area = area->next) {
		areas++;
		pages += area->size >> PAGE_SHIFT;
	}
	pr_debug("%s: vmalloc: %lu areas, %lu pages of address space\n", who, areas, pages);
}
