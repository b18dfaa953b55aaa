/*
 * A consistency checker for the page allocator and the user page tables, in
 * the spirit of Linux's CONFIG_DEBUG_VM checks, run periodically while a
 * fuzzer or a soak test hammers the kernel:
 *
 *   vm_check=MS    check at most every MS milliseconds (0, the default: never)
 *
 * The free lists: every block on free_area[order] of a zone has PG_buddy on
 * its first page, that order in page->private, no references, is aligned to
 * its size and lies inside the zone; each list holds nr_free blocks, and the
 * zone's free_pages is their sum.
 *
 * The page tables of the current process: every present user PTE lies in a
 * VMA, and (outside VM_PFNMAP/VM_IO mappings) maps a frame that is in use,
 * not a free one (the classic result of a reference counted once too few);
 * the page-table frames themselves are in use too.
 *
 * When: on the way back from a system call, so the current process is
 * between operations on its address space; a multi-threaded process's
 * tables only when the mmap_lock can be had for reading (another thread
 * could be preempted half-way through an munmap). The free lists are checked with interrupts off; the allocator
 * changes them only with interrupts off, and there is one CPU.
 *
 * A problem is reported as "BUG: vm_check: ..." (the fuzzing tests fail on
 * "BUG"), at most a few per pass. vm_check_test=freelist|pte breaks the
 * kernel on purpose at the first check, so a test can see the checker catch it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/preempt.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

#define MAX_REPORTS 8

unsigned long vm_check_ms;
static unsigned long next_check;	/* jiffies */
static char vm_check_test[16];
unsigned long nr_vm_checks, nr_vm_check_errors;	/* for tests and the debugger */
static int reports;

static int __init vm_check_setup(char *str)
{
	if (kstrtoul(str, 10, &vm_check_ms))
		pr_warn("vm_check=%s: not a number of milliseconds, ignored\n", str);
	return 1;
}
__setup("vm_check=", vm_check_setup);

static int __init vm_check_test_setup(char *str)
{
	strlcpy(vm_check_test, str, sizeof(vm_check_test));
	return 1;
}
__setup("vm_check_test=", vm_check_test_setup);

static void report(const char *fmt, ...)
{
	va_list ap;
	char buf[160];

	nr_vm_check_errors++;
	if (++reports > MAX_REPORTS)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_emerg("BUG: vm_check: %s\n", buf);
}

static void check_zone(struct zone *z)
{
	unsigned long start = z->zone_start_pfn, end = start + z->spanned_pages;
	unsigned long total = 0;
	unsigned int order;

	for (order = 0; order < MAX_ORDER; order++) {
		struct free_area *fa = &z->free_area[order];
		unsigned long n = 0;
		struct page *page;
		int mt;

		for (mt = 0; mt < MIGRATE_TYPES; mt++)
		list_for_each_entry(page, &fa->free_list[mt], lru) {
			unsigned long pfn = page_to_pfn(page);

			if (++n > z->spanned_pages) {
				report("zone %s order %u: the free list loops", z->name, order);
				return;
			}
			if (!PageBuddy(page))
				report("zone %s order %u: pfn %#lx is on the free list without PG_buddy",
				       z->name, order, pfn);
			else if (page->private != order)
				report("zone %s order %u: pfn %#lx has order %lu in page->private",
				       z->name, order, pfn, page->private);
			if (page_count(page))
				report("zone %s order %u: free pfn %#lx has %d references", z->name,
				       order, pfn, page_count(page));
			if (pfn & ((1UL << order) - 1))
				report("zone %s order %u: pfn %#lx is not aligned to its order", z->name,
				       order, pfn);
			if (pfn < start || pfn + (1UL << order) > end)
				report("zone %s order %u: pfn %#lx lies outside the zone (%#lx-%#lx)",
				       z->name, order, pfn, start, end);
		}
		if (n != fa->nr_free)
			report("zone %s order %u: %lu blocks on the list, nr_free says %lu", z->name,
			       order, n, fa->nr_free);
		total += n << order;
	}
	if (total != z->free_pages)
		report("zone %s: %lu pages on the free lists, free_pages says %lu", z->name, total,
		       z->free_pages);
}

static void check_free_lists(void)
{
	pg_data_t *pgdat = NODE_DATA(0);
	unsigned long flags;
	int i;

	local_irq_save(flags);
	for (i = 0; i < pgdat->nr_zones; i++)
		if (pgdat->node_zones[i].spanned_pages)
			check_zone(&pgdat->node_zones[i]);
	local_irq_restore(flags);
}

/* A frame a page table points at: in use (not free, referenced). */
static bool frame_free(unsigned long pfn)
{
	struct page *page;

	if (pfn >= max_pfn)
		return false;	/* not RAM lucix manages */
	page = pfn_to_page(pfn);
	if (PageReserved(page))
		return false;
	return PageBuddy(page) || page_count(page) <= 0;
}

#define ENTRY_PFN(e)	((unsigned long)(((u64)(e) & 0xfffff000ULL) >> PAGE_SHIFT))

static void check_pte_table(struct mm_struct *mm, unsigned long base, pte_t *pt)
{
	unsigned int i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		unsigned long addr = base + i * PAGE_SIZE;
		struct vm_area_struct *vma;

		if (!(pt[i] & _PAGE_PRESENT))
			continue;
		vma = find_vma(mm, addr);
		if (!vma || addr < vma->vm_start) {
			report("pid %d: a present PTE at %#lx that no VMA covers", current->pid,
			       addr);
			continue;
		}
		if (vma->vm_flags & (VM_PFNMAP | VM_IO))
			continue;
		if (frame_free(ENTRY_PFN(pt[i])))
			report("pid %d: %#lx maps pfn %#lx, which is free", current->pid, addr,
			       ENTRY_PFN(pt[i]));
	}
}

/* Entries of the table a directory entry points at. */
static void *table_of(u64 e)
{
	return __va((unsigned long)(e & 0xfffff000ULL));
}

static void check_user_tables(struct mm_struct *mm)
{
	unsigned long addr;

	for (addr = 0; addr < TASK_SIZE; addr += PTRS_PER_PTE * PAGE_SIZE) {
#ifdef CONFIG_PAE
		u64 pgd = ((u64 *)mm->pgd)[addr >> PGDIR_SHIFT];
		u64 pmd;

		if (!(pgd & _PAGE_PRESENT))
			continue;
		if (!(addr & ((1UL << PGDIR_SHIFT) - 1)) && frame_free(ENTRY_PFN(pgd)))
			report("pid %d: the PMD table for %#lx is a free page", current->pid, addr);
		pmd = ((u64 *)table_of(pgd))[(addr >> PMD_SHIFT) & (PTRS_PER_PMD - 1)];
#else
		u64 pmd = ((u32 *)mm->pgd)[addr >> PGDIR_SHIFT];
#endif
		if (!(pmd & _PAGE_PRESENT) || (pmd & _PAGE_PSE))
			continue;
		if (frame_free(ENTRY_PFN(pmd))) {
			report("pid %d: the PTE table for %#lx is a free page", current->pid, addr);
			continue;
		}
		check_pte_table(mm, addr, table_of(pmd));
	}
}

/* The page a present user PTE maps at addr, or NULL. */
static struct page *follow_page_present(struct mm_struct *mm, unsigned long addr)
{
#ifdef CONFIG_PAE
	u64 pgd = ((u64 *)mm->pgd)[addr >> PGDIR_SHIFT];
	u64 pmd;

	if (!(pgd & _PAGE_PRESENT))
		return NULL;
	pmd = ((u64 *)table_of(pgd))[(addr >> PMD_SHIFT) & (PTRS_PER_PMD - 1)];
#else
	u64 pmd = ((u32 *)mm->pgd)[addr >> PGDIR_SHIFT];
#endif
	pte_t pte;

	if (!(pmd & _PAGE_PRESENT) || (pmd & _PAGE_PSE))
		return NULL;
	pte = ((pte_t *)table_of(pmd))[(addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)];
	if (!(pte & _PAGE_PRESENT) || ENTRY_PFN(pte) >= max_pfn)
		return NULL;
	return pfn_to_page(ENTRY_PFN(pte));
}

/* vm_check_test=pte: drop one reference too many on a mapped page. */
static void break_a_pte(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		unsigned long addr;

		if (vma->vm_flags & (VM_PFNMAP | VM_IO | VM_SHARED))
			continue;
		for (addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE) {
			struct page *page = follow_page_present(mm, addr);

			if (page && page_count(page) == 1 && !PageReserved(page)) {
				pr_info("vm_check_test=pte: freeing pfn %#lx while %#lx maps it\n",
					page_to_pfn(page), addr);
				put_page(page);
				return;
			}
		}
	}
}

/* vm_check_test=freelist: give a free block the wrong order. */
static void break_a_free_list(void)
{
	struct zone *z = &NODE_DATA(0)->node_zones[ZONE_NORMAL];
	unsigned int order;

	for (order = 1; order < MAX_ORDER; order++) {
		struct list_head *list = &z->free_area[order].free_list[MIGRATE_MOVABLE];

		if (!list_empty(list)) {
			struct page *page = list_first_entry(list, struct page, lru);

			pr_info("vm_check_test=freelist: pfn %#lx, order %u, now claims order %u\n",
				page_to_pfn(page), order, order - 1);
			page->private = order - 1;
			return;
		}
	}
}

/* From the system-call return path, when vm_check= is set. */
void vm_check_syscall_exit(void)
{
	struct mm_struct *mm = current->mm;
	bool locked = false;

	/* jiffies starts 5 minutes before wrapping (INITIAL_JIFFIES): the
	 * first call checks at once. */
	if (nr_vm_checks && time_before(jiffies, next_check))
		return;
	next_check = jiffies + msecs_to_jiffies(vm_check_ms);
	if (!nr_vm_checks && vm_check_test[0]) {
		if (!strcmp(vm_check_test, "freelist"))
			break_a_free_list();
		else if (!strcmp(vm_check_test, "pte") && mm)
			break_a_pte(mm);
	}
	nr_vm_checks++;
	reports = 0;
	check_free_lists();
	/*
	 * Another thread may be half-way through an munmap: only with the
	 * mmap_lock, which also keeps faults from running concurrently; with
	 * preemption off, no other thread runs at all while we look.
	 */
	if (mm && mm->mm_users != 1)
		locked = mmap_read_trylock(mm);
	if (mm && (mm->mm_users == 1 || locked)) {
		preempt_disable();
		check_user_tables(mm);
		preempt_enable();
		if (locked)
			mmap_read_unlock(mm);
	}
}
