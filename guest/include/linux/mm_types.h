/*
 * struct page: one per physical page frame, all of them in mem_map[] (the
 * FLATMEM model of Linux's include/linux/mm_types.h). Which fields mean
 * something depends on what the page is used for: a free block in the buddy
 * allocator (PG_buddy, order in private, linked on lru), a slab (PG_slab,
 * slab_cache/freelist/inuse/objects), a large kmalloc (PG_head, order in
 * private), or anything else (_refcount, _mapcount).
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>

struct kmem_cache;
struct address_space;
struct anon_vma;

struct page {
	unsigned long flags;		/* PG_* bits; the zone number in the top bits */
	int _refcount;			/* users of the page; 0 when free */
	int _mapcount;			/* page-table mappings - 1 (-1: none) */
	unsigned long private;		/* buddy: order of the free block; large kmalloc: order */
	struct list_head lru;		/* buddy free list, or the cache's slab list */
	struct kmem_cache *slab_cache;	/* slab: the cache it belongs to */
	void *freelist;			/* SLUB: first free object; SLAB: index array */
	void *s_mem;			/* slab: first object */
	unsigned short inuse;		/* slab: objects handed out */
	unsigned short objects;		/* slab: objects in this slab */
	unsigned short free_idx;	/* SLAB: next free slot in the index array */
	unsigned short pad;
	struct page *head;		/* slab or large kmalloc: its first page (NULL otherwise) */
	struct address_space *mapping;	/* page cache: the file it caches; anonymous: its anon_vma | 1 */
	unsigned long index;		/* page cache: page offset in the file; anonymous: linear page index */
};

/* Page flags (bit numbers), named as in Linux's include/linux/page-flags.h. */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_slab,		/* holds slab objects */
	PG_reserved,		/* never given to the allocator (kernel image, BIOS, mem_map) */
	PG_private,
	PG_head,		/* first page of a multi-page (compound) allocation */
	PG_buddy,		/* first page of a free block in the buddy allocator */
	PG_highmem_mapped,	/* a highmem page currently kmap'ed */
	PG_large_kmalloc,	/* a kmalloc too big for the size classes */
	PG_writeback,		/* page cache: being written to disk */
	PG_active_lru,		/* on the active LRU list (else inactive) */
	PG_swapcache,		/* in the swap cache: its swap entry in private */
	PG_readahead,		/* page cache: reaching it starts the next readahead window */
	__NR_PAGEFLAGS
};

#define ZONES_SHIFT	2
#define ZONES_PGSHIFT	(32 - ZONES_SHIFT)

#define PAGEFLAG(name, bit)							\
	static inline bool Page##name(const struct page *p) { return p->flags & (1UL << (bit)); } \
	static inline void SetPage##name(struct page *p) { p->flags |= 1UL << (bit); } \
	static inline void ClearPage##name(struct page *p) { p->flags &= ~(1UL << (bit)); }

PAGEFLAG(Slab, PG_slab)
PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Head, PG_head)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(LargeKmalloc, PG_large_kmalloc)
PAGEFLAG(Uptodate, PG_uptodate)
PAGEFLAG(Dirty, PG_dirty)
PAGEFLAG(Writeback, PG_writeback)
PAGEFLAG(LRU, PG_lru)
PAGEFLAG(SwapCache, PG_swapcache)
PAGEFLAG(Locked, PG_locked)
PAGEFLAG(Readahead, PG_readahead)


/*
 * A user address space (Linux's struct mm_struct): its VMAs, in a list sorted
 * by address and in an rb-tree keyed by address (find_vma), its page tables,
 * and the layout execve chose.
 * mm_users counts the tasks using it (threads), mm_count the references that
 * only keep the structure alive (a kernel thread borrowing it as active_mm).
 */
struct vm_area_struct;
struct path;

/* The RSS counters (Linux's MM_FILEPAGES, ...; /proc/PID/status RssFile, RssAnon, RssShmem). */
enum { MM_FILEPAGES, MM_ANONPAGES, MM_SHMEMPAGES, NR_MM_COUNTERS };

struct mm_struct {
	struct vm_area_struct *mmap;	/* the VMAs, sorted by vm_start */
	struct rb_root mm_rb;		/* the same VMAs in an rb-tree */
	int map_count;			/* number of VMAs */
	void *pgd;			/* the page directory CR3 points at (kernel address) */
	int mm_users;
	int mm_count;
	unsigned long mmap_base;	/* where top-down mmap searches start */
	unsigned long task_size;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long total_vm;		/* pages mapped by VMAs */
	unsigned long stack_vm;		/* pages of VM_GROWSDOWN VMAs */
	unsigned long rss;		/* pages present in the page tables */
	unsigned long rss_stat[NR_MM_COUNTERS];	/* rss split: file, anon, shmem */
	unsigned long hiwater_rss, hiwater_vm;
	unsigned long locked_vm;	/* pages of VM_LOCKED VMAs (VmLck) */
	unsigned long data_vm;		/* pages of private writable VMAs (VmData) */
	unsigned long def_flags;	/* added to every new VMA: VM_LOCKED after mlockall(MCL_FUTURE) */
	unsigned long nr_ptes;		/* page-table pages (below the PGD) */
	unsigned long swapents;		/* PTEs holding swap entries (VmSwap) */
	unsigned long vdso;		/* where the vDSO is mapped (0: none) */
	unsigned long saved_auxv[2 * 24];
	struct path *exe_path;		/* the program execve ran (/proc/PID/exe), or NULL */
	/*
	 * Held for writing while the VMA list changes (mmap, munmap, mprotect,
	 * mremap, brk, madvise, mlock...) and while fork copies it; for reading
	 * by page faults and whatever else walks the VMAs (linux/mmap_lock.h).
	 */
	struct rw_semaphore mmap_lock;
};

/*
 * One mapped range [vm_start, vm_end) with one set of permissions (Linux's
 * struct vm_area_struct). Anonymous memory only until the VFS: vm_file is
 * always NULL and vm_pgoff is the page offset the range would have in it.
 */
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	struct vm_area_struct *vm_next, *vm_prev;
	struct rb_node vm_rb;		/* in mm->mm_rb */
	struct mm_struct *vm_mm;
	unsigned long vm_flags;		/* VM_READ, VM_WRITE, ... */
	unsigned long vm_pgoff;
	void *vm_file;
	struct anon_vma *anon_vma;	/* private anonymous pages: their reverse map (mm/rmap.c) */
	struct list_head anon_vma_node;	/* in anon_vma->head */
};

#endif
