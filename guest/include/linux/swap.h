/*
 * Swap (Linux's include/linux/swap.h and swapops.h, cut down): swap areas
 * made by mkswap ("SWAPSPACE2" at the end of the first page), switched on
 * with swapon(2) at a priority; a swapped-out page is a swap entry (area
 * type and page offset in it) kept in the non-present PTE; the swap cache
 * holds pages that are in memory and still have a slot on disk.
 *
 * PTE encoding, as Linux's i386: with 2-level paging the type is in bits
 * 1..5 and the offset from bit 8; with PAE the whole entry is in the high
 * 32 bits and the low ones are 0. Either way the present bit is clear and
 * the PTE is not 0, so every page-table walker tells the three apart: 0
 * (never touched), present, or swapped out.
 */
#ifndef _LINUX_SWAP_H
#define _LINUX_SWAP_H

#include <linux/types.h>
#include <asm/pgtable.h>

struct page;
struct vm_area_struct;
struct mm_struct;

#define MAX_SWAPFILES		8
#define SWAP_FLAG_PREFER	0x8000	/* swapon(2): the low 15 bits are the priority */
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_DISCARD	0x10000

typedef struct { unsigned long val; } swp_entry_t;

#define SWP_TYPE_SHIFT	27	/* in swp_entry_t: type in the top 5 bits, offset below */
#define SWP_OFFSET_MASK	((1UL << SWP_TYPE_SHIFT) - 1)

static inline swp_entry_t swp_entry(unsigned int type, unsigned long offset)
{
	swp_entry_t e = { ((unsigned long)type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK) };
	return e;
}
static inline unsigned int swp_type(swp_entry_t e) { return e.val >> SWP_TYPE_SHIFT; }
static inline unsigned long swp_offset(swp_entry_t e) { return e.val & SWP_OFFSET_MASK; }

/* A PTE that is neither 0 nor present holds a swap entry. */
static inline bool is_swap_pte(u64 pte) { return pte && !(pte & _PAGE_PRESENT); }

#ifdef CONFIG_PAE
static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	return ((u64)((swp_type(e) << 1) | (swp_offset(e) << 6)) << 32);
}
static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	u32 hi = (u32)(pte >> 32);
	return swp_entry((hi >> 1) & 0x1f, hi >> 6);
}
#else
static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	return (pte_t)((swp_type(e) << 1) | (swp_offset(e) << 8));
}
static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	return swp_entry((pte >> 1) & 0x1f, pte >> 8);
}
#endif

/* mm/swapfile.c */
extern unsigned long total_swap_pages;
extern long nr_swap_pages;			/* free slots in all areas */
swp_entry_t get_swap_page(void);		/* a free slot (val 0: none) */
int swap_duplicate(swp_entry_t e);		/* fork: one more PTE holds it */
int swap_free(swp_entry_t e);			/* one PTE less; returns the users left */
int swap_count(swp_entry_t e);
unsigned long swap_area_slots(unsigned int type);
int swap_rw(swp_entry_t e, struct page *page, bool write);
void show_swaps(void *seq);

/* mm/swap_state.c: the swap cache */
extern unsigned long nr_swapcache, swapin_count, swapout_count, nr_major_faults;
void free_swap_and_cache(swp_entry_t e);
struct page *lookup_swap_cache(swp_entry_t e);	/* with a reference taken */
int add_to_swap_cache(struct page *page, swp_entry_t e);
void delete_from_swap_cache(struct page *page);
int swapcache_prepare(unsigned int type, unsigned long nslots);
void swapcache_release(unsigned int type);
int do_swap_page(struct vm_area_struct *vma, unsigned long address, pte_t *pte, unsigned int flags,
		 pte_t (*mk)(struct page *, struct vm_area_struct *));
int try_to_unuse(unsigned int type);

/* mm/memory.c */
pte_t *user_pte_ptr(struct mm_struct *mm, unsigned long addr);	/* NULL: no page table */
pte_t anon_mk_pte(struct page *page, struct vm_area_struct *vma);
void mm_rss_inc(struct mm_struct *mm, const struct vm_area_struct *vma);
void mm_rss_dec(struct mm_struct *mm, const struct vm_area_struct *vma);

/* mm/vmscan.c */
extern unsigned long pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
extern unsigned long pgrefill, pgrotated, pgactivate, kswapd_wakeups, allocstall, pageoutrun;
unsigned long do_try_to_free_pages(gfp_t gfp, bool kswapd);
void wakeup_kswapd(void);
unsigned long reclaim_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
unsigned long swap_out_mm(struct mm_struct *mm, unsigned long nr, int *scanned);

#endif
