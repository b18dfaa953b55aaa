/*
 * Highmem mappings (Linux's mm/highmem.c and arch/x86/mm/highmem_32.c). Pages
 * above the direct map (ZONE_HIGHMEM) get a kernel address only while mapped:
 *
 *   kmap(page)         one of LAST_PKMAP slots in the pkmap window, counted,
 *                      so the same page kmap'ed twice shares a slot; kunmap
 *                      drops the count and unmaps at zero. May sleep.
 *   kmap_atomic(page)  a slot on a small stack of fixed addresses; never
 *                      sleeps, disables preemption, unmapped in reverse order.
 *
 * Lowmem pages need neither: both return the direct-map address.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/vmalloc.h>
#include <linux/preempt.h>
#include <linux/init.h>

/* The top of the kernel's address space: kmap_atomic slots, then pkmap below. */
unsigned long FIXMAP_KMAP_BASE = 0xffc00000UL;
unsigned long PKMAP_BASE = 0xff800000UL;

static struct page *pkmap_page[LAST_PKMAP];
static int pkmap_count[LAST_PKMAP];
static unsigned int kmap_atomic_idx;

/*
 * page_address() of a kmap'ed highmem page (Linux's page_address_htable): a
 * hash of the pages mapped in the pkmap window to their addresses, one entry
 * per slot. start_kernel's page_address_init sets up the buckets.
 */
struct page_address_map {
	struct page *page;
	void *virtual;
	struct list_head list;
};
struct list_head page_address_htable[1 << PA_HASH_ORDER];
static struct page_address_map page_address_maps[LAST_PKMAP];

static struct list_head *page_slot(const struct page *page)
{
	return &page_address_htable[((unsigned long)page >> 5) & ((1 << PA_HASH_ORDER) - 1)];
}

void __init page_address_init(void)
{
	int i;

	for (i = 0; i < (1 << PA_HASH_ORDER); i++)
		INIT_LIST_HEAD(&page_address_htable[i]);
	pr_info("page_address_init: %d hash buckets for the addresses of kmap'ed highmem pages\n",
		1 << PA_HASH_ORDER);
}

/* Record (virtual) or forget (NULL) where pkmap slot i maps page. */
static void set_page_address(int i, struct page *page, void *virtual)
{
	struct page_address_map *pam = &page_address_maps[i];

	if (virtual) {
		pam->page = page;
		pam->virtual = virtual;
		list_add_tail(&pam->list, page_slot(page));
	} else {
		list_del(&pam->list);
		pam->page = NULL;
		pam->virtual = NULL;
	}
}

void kmap_init(void)
{
	pr_info("kmap_init: pkmap window %#lx-%#lx (%d slots), kmap_atomic slots at %#lx\n",
		PKMAP_BASE, PKMAP_BASE + LAST_PKMAP * PAGE_SIZE - 1, LAST_PKMAP, FIXMAP_KMAP_BASE);
}

void *kmap_lookup_address(const struct page *page)
{
	struct page_address_map *pam;

	list_for_each_entry(pam, page_slot(page), list)
		if (pam->page == page)
			return pam->virtual;
	return NULL;
}

void *kmap(struct page *page)
{
	int i, free_slot = -1;

	might_sleep();
	if (!PageHighMem(page))
		return lowmem_page_address(page);
	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] && pkmap_page[i] == page) {
			pkmap_count[i]++;
			return (void *)(PKMAP_BASE + i * PAGE_SIZE);
		}
		if (!pkmap_count[i] && free_slot < 0)
			free_slot = i;
	}
	/* Linux would sleep until a slot frees up; with no scheduler, that is a bug. */
	BUG_ON(free_slot < 0);
#ifdef MUTANT_kmap_wrong_page	/* mutation testing: the window shows the next frame */
	if (map_kernel_page(PKMAP_BASE + free_slot * PAGE_SIZE, page_to_phys(page) + PAGE_SIZE, true))
		return NULL;
#else
	if (map_kernel_page(PKMAP_BASE + free_slot * PAGE_SIZE, page_to_phys(page), true))
		return NULL;
#endif
	pkmap_page[free_slot] = page;
	pkmap_count[free_slot] = 1;
	set_page_address(free_slot, page, (void *)(PKMAP_BASE + free_slot * PAGE_SIZE));
	return (void *)(PKMAP_BASE + free_slot * PAGE_SIZE);
}

void kunmap(struct page *page)
{
	int i;

	if (!PageHighMem(page))
		return;
	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] && pkmap_page[i] == page) {
			if (--pkmap_count[i] == 0) {
				unmap_kernel_page(PKMAP_BASE + i * PAGE_SIZE);
				pkmap_page[i] = NULL;
				set_page_address(i, page, NULL);
			}
			return;
		}
	}
	WARN_ON(1);	/* kunmap of a page that was not kmap'ed */
}

void *kmap_atomic(struct page *page)
{
	unsigned long va;

	preempt_disable();
	if (!PageHighMem(page))
		return lowmem_page_address(page);
	BUG_ON(kmap_atomic_idx >= KM_SLOTS);
	va = FIXMAP_KMAP_BASE + kmap_atomic_idx++ * PAGE_SIZE;
	if (map_kernel_page(va, page_to_phys(page), true))
		BUG();
	return (void *)va;
}

void kunmap_atomic(void *addr)
{
	unsigned long va = (unsigned long)addr & PAGE_MASK;

	if (va >= FIXMAP_KMAP_BASE && va < FIXMAP_KMAP_BASE + KM_SLOTS * PAGE_SIZE) {
		/* Slots are a stack: only the most recent may go. */
		WARN_ON(va != FIXMAP_KMAP_BASE + (kmap_atomic_idx - 1) * PAGE_SIZE);
		unmap_kernel_page(va);
		kmap_atomic_idx--;
	}
	preempt_enable();
}

void clear_highpage(struct page *page)
{
	void *p = kmap_atomic(page);

	memset(p, 0, PAGE_SIZE);
	kunmap_atomic(p);
}
