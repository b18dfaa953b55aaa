/*
 * Memory-management interface (Linux's include/linux/mm.h): the page array
 * mem_map and the conversions between struct page, page frame numbers and
 * kernel addresses, the page allocator's entry points, and the start_kernel
 * hooks (build_all_zonelists, page_alloc_init, mm_init, free_initmem).
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include <asm/page.h>

extern struct page *mem_map;		/* one struct page per frame, pfn 0 .. max_pfn-1 */
extern unsigned long max_pfn, max_low_pfn;
extern unsigned long totalram_pages;	/* pages given to the buddy allocator */
extern unsigned long totalhigh_pages;
extern void *high_memory;		/* end of the direct map */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - mem_map;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return page->flags >> ZONES_PGSHIFT;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &contig_page_data.node_zones[page_zonenum(page)];
}

static inline bool PageHighMem(const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/* Lowmem only: the kernel address of a page, or NULL for highmem (use kmap). */
static inline void *lowmem_page_address(const struct page *page)
{
	return __va(page_to_pfn(page) << PAGE_SHIFT);
}
void *page_address(const struct page *page);

static inline bool virt_addr_valid(const void *addr)
{
	unsigned long a = (unsigned long)addr;
	return a >= PAGE_OFFSET && a < (unsigned long)high_memory;
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(__pa(addr) >> PAGE_SHIFT);
}

/* The first page of the slab or large kmalloc holding addr's page. */
static inline struct page *virt_to_head_page(const void *addr)
{
	struct page *page = virt_to_page(addr);
	return page->head ? page->head : page;
}

#define PAGE_ALIGN(x) ALIGN((unsigned long)(x), PAGE_SIZE)

static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

static inline int page_count(const struct page *page)
{
	return page->_refcount;
}

static inline void get_page(struct page *page)
{
	page->_refcount++;
}

void put_page(struct page *page);
void free_reserved_page(struct page *page);

/* Where the kernel is in its boot (Linux's system_state). */
enum system_states { SYSTEM_BOOTING, SYSTEM_RUNNING, SYSTEM_HALT };
extern enum system_states system_state;

/*
 * might_sleep(): a function that may sleep was called. Outside the boot,
 * calling it in atomic context (preemption disabled below the task's base
 * level, inside an interrupt, or with interrupts off) prints Linux's
 * "BUG: sleeping function called from invalid context" report.
 */
void ___might_sleep(const char *file, int line, void *caller);
#define might_sleep() ___might_sleep(__FILE__, __LINE__, __builtin_return_address(0))
extern unsigned long preempt_base_count;
extern unsigned long might_sleep_reports;	/* how many reports so far */
extern unsigned long bad_page_reports;		/* Bad page state reports so far */	/* the running task's own preempt depth */
bool in_atomic_context(void);

/* start_kernel's memory steps (paging_init is called from setup_arch). */
void paging_init(void);
void mem_init(void);
void build_all_zonelists(void *pgdat);
void page_alloc_init(void);
void mm_init(void);
void free_initmem(void);
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s);
void mark_rodata_ro(void);

/* Reports: the boot summary and the /proc-style views. */
void show_free_areas(void);
void show_buddyinfo(void);
unsigned long nr_free_pages(void);
extern unsigned long direct_reclaims, alloc_stalls;	/* page_alloc.c's slow path */
void drain_all_pages(void);		/* empty the per-CPU page lists */
unsigned long nr_pcp_pages(void);	/* pages on the per-CPU lists (counted in nr_free_pages) */
int get_pageblock_migratetype(const struct page *page);
/* Reclaim what can be reclaimed without sleeping (empty slabs). Returns pages freed. */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);

/* Kernel page tables (mm/pgtable.c). */
int map_kernel_page(unsigned long va, phys_addr_t pa, bool writable);
void unmap_kernel_page(unsigned long va);
void flush_tlb_one(unsigned long va);
void flush_tlb_all(void);
/* Linux's lookup_address: the entry mapping va and its level (1 = 4K PTE, 2 = 2M/4M). */
void *lookup_address(unsigned long va, unsigned int *level);
int set_memory_ro(unsigned long addr, int numpages);
int set_memory_rw(unsigned long addr, int numpages);
/* Execute disable (arch/x86/nx.c): EFER.NXE turned on when the CPU has NX
 * (PAE only; true once on), bit 63 of 4 KiB PTEs, and whether a fault was
 * a fetch from such a page. */
bool x86_nx_enable(void);
bool x86_nx_enabled(void);
int set_memory_nx(unsigned long addr, int numpages);
int set_memory_x(unsigned long addr, int numpages);
bool x86_nx_fault(unsigned long address, unsigned long error_code);
/* Walk the kernel's page tables: the physical address va maps to, or -1. */
phys_addr_t kernel_virt_to_phys(unsigned long va, bool *writable);

/* ---- user address spaces (mm/mmap.c, mm/memory.c, kernel/fork.c) ---- */

/* vm_flags, Linux's values (include/linux/mm.h). */
#define VM_NONE		0x00000000
#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_MAYREAD	0x00000010
#define VM_MAYWRITE	0x00000020
#define VM_MAYEXEC	0x00000040
#define VM_MAYSHARE	0x00000080
#define VM_GROWSDOWN	0x00000100
#define VM_PFNMAP	0x00000400	/* physical frames, no struct page (/dev/mem) */
#define VM_LOCKED	0x00002000
#define VM_IO		0x00004000	/* device memory */
#define VM_DONTEXPAND	0x00040000
#define VM_ACCOUNT	0x00100000
#define VM_NORESERVE	0x00200000
#define VM_STACK_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_GROWSDOWN)

#define TASK_SIZE	PAGE_OFFSET		/* user space: 0 .. 3 GiB */
#define STACK_TOP	TASK_SIZE
#define STACK_GUARD_GAP	(256UL << PAGE_SHIFT)	/* Linux's stack_guard_gap: 1 MiB */
#define MMAP_MIN_ADDR	0x10000UL		/* vm.mmap_min_addr: no mappings below 64 KiB */

struct mm_struct;
struct vm_area_struct;
extern struct mm_struct init_mm;

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
extern unsigned long vm_check_ms;	/* mm/vm_check.c */
void vm_check_syscall_exit(void);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vm_area_free(struct vm_area_struct *vma);
/* mm/filemap_fault.c: file mappings */
void vma_file_get(struct vm_area_struct *vma);
void vma_file_put(struct vm_area_struct *vma);
void page_add_file_rmap(struct page *page);
void page_remove_file_rmap(struct page *page);
int do_shared_wp(struct vm_area_struct *vma, struct page *page);
void msync_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
unsigned long do_mmap_file(void *file, unsigned long addr, unsigned long len,
			   unsigned long vm_flags, unsigned long pgoff, bool fixed);
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr, int new_below);
unsigned long get_unmapped_area(unsigned long len);
unsigned long get_unmapped_area_mm(struct mm_struct *mm, unsigned long len);
unsigned long do_mmap_anon(unsigned long addr, unsigned long len, unsigned long vm_flags,
			   bool fixed);
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
int do_brk_flags(unsigned long addr, unsigned long len, unsigned long flags);
int expand_stack(struct vm_area_struct *vma, unsigned long address);
void exit_mmap(struct mm_struct *mm);
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
void mmap_init(void);

/* Page tables of user address spaces (mm/memory.c, mm/pgtable.c). */
void *pgd_alloc(struct mm_struct *mm);
void pgd_free(struct mm_struct *mm);
int handle_mm_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags);
int populate_vma_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
void move_page_tables(struct mm_struct *mm, unsigned long old_addr, unsigned long new_addr,
		      unsigned long len);
bool user_page_present(struct mm_struct *mm, unsigned long addr);
u64 user_pte(struct mm_struct *mm, unsigned long addr);
struct page *get_user_page_remote(struct mm_struct *mm, unsigned long addr, bool write);
struct path;
void set_mm_exe_path(struct mm_struct *mm, const struct path *p);
int mm_counter(const struct vm_area_struct *vma);
void vm_account(struct mm_struct *mm, struct vm_area_struct *vma, long sign);
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len);
bool mlock_future_ok(struct mm_struct *mm, unsigned long bytes);

/* mm/overcommit.c */
#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2
extern int sysctl_overcommit_memory, sysctl_overcommit_ratio;
extern unsigned long sysctl_overcommit_kbytes, total_swap_pages;
extern long vm_committed_as;
unsigned long vm_commit_limit(void);
bool vm_flags_accountable(unsigned long vm_flags);
int vm_enough_memory_mm(struct mm_struct *mm, long pages);
void vm_unacct_memory(long pages);

/* mm/oom_kill.c */
#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000
bool out_of_memory(gfp_t gfp, unsigned int order);
void pagefault_out_of_memory(void);
#define RLIMIT_DATA	2
#define RLIMIT_MEMLOCK	8
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_INSTR	0x02
#define VM_FAULT_OOM		0x0001
#define VM_FAULT_SIGBUS		0x0002
#define VM_FAULT_SIGSEGV	0x0040
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma);
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end);
void free_pgtables(struct mm_struct *mm);
/* Map an existing page (the vDSO's) at addr; the mapping holds a reference. */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size);
int install_special_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
			 struct page *page);
int arch_setup_additional_pages(struct mm_struct *mm);
/* Map a fresh zeroed page at addr and return its kernel address (execve's loader). */
void *get_user_page_zeroed(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr);

/* Reference counts of an address space (kernel/fork.c). */
struct mm_struct *mm_alloc(void);
void mmput(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
void mmgrab(struct mm_struct *mm);
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

#endif
