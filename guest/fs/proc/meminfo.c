/*
 * Memory files (Linux's fs/proc/meminfo.c, mm/vmstat.c, mm/slab_common.c):
 * /proc/meminfo with Linux 6.1's fields in its order, /proc/buddyinfo,
 * /proc/zoneinfo, /proc/vmstat, /proc/slabinfo (version 2.1) and /proc/swaps.
 * lucix has no huge pages: those fields print 0; Active(anon) and
 * Inactive(anon) are the anonymous LRU lists (mm/lru.c). Counts are gathered when the
 * file is read (a walk over the tasks, slab caches and vmalloc areas).
 */
#include <linux/kernel.h>
#include <linux/pagemap.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/swap.h>
#include <linux/rmap.h>
#include <linux/shrinker.h>
#include "internal.h"

unsigned long mem_available_pages(void);
extern unsigned long oom_kills, nr_page_faults;

/* What the system's memory is used for, in pages. */
struct mem_usage {
	unsigned long anon, file_rss, shmem, slab, kernel_stack, page_tables, vmalloc_used;
	unsigned long high_free, mlocked;
};

/* An mm is counted once however many threads share it. */
static bool mm_seen_before(struct task_struct *t)
{
	struct task_struct *p;

	for_each_process(p) {
		if (p == t)
			return false;
		if (p->mm == t->mm)
			return true;
	}
	return false;
}

static void mem_usage(struct mem_usage *u)
{
	struct task_struct *p;
	struct kmem_cache *s;
	struct vm_struct *v;
	extern struct vm_struct *vmlist;

	memset(u, 0, sizeof(*u));
	u->kernel_stack = THREAD_SIZE / PAGE_SIZE;	/* the idle task's, not on the list */
	for_each_process(p) {
		u->kernel_stack += THREAD_SIZE / PAGE_SIZE;
		if (!p->mm || (p->flags & PF_KTHREAD) || mm_seen_before(p))
			continue;
		u->anon += p->mm->rss_stat[MM_ANONPAGES];
		u->file_rss += p->mm->rss_stat[MM_FILEPAGES];
		u->shmem += p->mm->rss_stat[MM_SHMEMPAGES];
		u->mlocked += p->mm->locked_vm;
#ifdef CONFIG_PAE
		u->page_tables += p->mm->nr_ptes + 4;	/* PDPT page + 3 user PMDs */
#else
		u->page_tables += p->mm->nr_ptes + 1;
#endif
	}
	list_for_each_entry(s, &slab_caches, list)
		u->slab += s->nr_slabs << s->order;
	for (v = vmlist; v; v = v->next)
		u->vmalloc_used += v->nr_pages;
	u->high_free = NODE_DATA(0)->node_zones[ZONE_HIGHMEM].free_pages;
}

#define K(x) ((x) << (PAGE_SHIFT - 10))

static void show_val_kb(struct seq_file *m, const char *s, unsigned long num)
{
	seq_printf(m, "%s%8lu kB\n", s, num);
}

static int swaps_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	show_swaps(m);
	return 0;
}

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	struct mem_usage u;
	unsigned long total = totalram_pages, free = nr_free_pages();
	unsigned long file_active, file_inactive;

	(void)v;
	mem_usage(&u);
	lru_counts(&file_active, &file_inactive);	/* the page cache's lists (mm/lru.c) */
	show_val_kb(m, "MemTotal:       ", K(total));
	show_val_kb(m, "MemFree:        ", K(free));
	show_val_kb(m, "MemAvailable:   ", K(mem_available_pages()));
	show_val_kb(m, "Buffers:        ", 0);
	show_val_kb(m, "Cached:         ", K(nr_pagecache));
	show_val_kb(m, "SwapCached:     ", K(nr_swapcache));
	show_val_kb(m, "Active:         ", K(nr_active_anon + file_active));
	show_val_kb(m, "Inactive:       ", K(nr_inactive_anon + file_inactive));
	show_val_kb(m, "Active(anon):   ", K(nr_active_anon));
	show_val_kb(m, "Inactive(anon): ", K(nr_inactive_anon));
	show_val_kb(m, "Active(file):   ", K(file_active));
	show_val_kb(m, "Inactive(file): ", K(file_inactive));
	show_val_kb(m, "Unevictable:    ", K(u.mlocked));
	show_val_kb(m, "Mlocked:        ", K(u.mlocked));
	show_val_kb(m, "HighTotal:      ", K(totalhigh_pages));
	show_val_kb(m, "HighFree:       ", K(u.high_free));
	show_val_kb(m, "LowTotal:       ", K(total - totalhigh_pages));
	show_val_kb(m, "LowFree:        ", K(free - u.high_free));
	show_val_kb(m, "SwapTotal:      ", K(total_swap_pages));
	show_val_kb(m, "SwapFree:       ", K(nr_swap_pages > 0 ? nr_swap_pages : 0));
	show_val_kb(m, "Zswap:          ", 0);
	show_val_kb(m, "Zswapped:       ", 0);
	show_val_kb(m, "Dirty:          ", K(nr_dirty));
	show_val_kb(m, "Writeback:      ", K(nr_writeback));
	show_val_kb(m, "AnonPages:      ", K(u.anon));
	show_val_kb(m, "Mapped:         ", K(u.file_rss + u.shmem));
	show_val_kb(m, "Shmem:          ", K(u.shmem));
	show_val_kb(m, "KReclaimable:   ", 0);
	show_val_kb(m, "Slab:           ", K(u.slab));
	show_val_kb(m, "SReclaimable:   ", 0);
	show_val_kb(m, "SUnreclaim:     ", K(u.slab));
	seq_printf(m, "KernelStack:    %8lu kB\n", K(u.kernel_stack));
	show_val_kb(m, "PageTables:     ", K(u.page_tables));
	show_val_kb(m, "SecPageTables:  ", 0);
	show_val_kb(m, "NFS_Unstable:   ", 0);
	show_val_kb(m, "Bounce:         ", 0);
	show_val_kb(m, "WritebackTmp:   ", 0);
	show_val_kb(m, "CommitLimit:    ", K(vm_commit_limit()));
	show_val_kb(m, "Committed_AS:   ", K((unsigned long)max(vm_committed_as, 0L)));
	show_val_kb(m, "VmallocTotal:   ", (VMALLOC_END - VMALLOC_START) >> 10);
	show_val_kb(m, "VmallocUsed:    ", K(u.vmalloc_used));
	show_val_kb(m, "VmallocChunk:   ", 0);
	show_val_kb(m, "Percpu:         ", 0);
	seq_printf(m, "HardwareCorrupted: %5lu kB\n", 0UL);
	show_val_kb(m, "AnonHugePages:  ", 0);
	show_val_kb(m, "ShmemHugePages: ", 0);
	show_val_kb(m, "ShmemPmdMapped: ", 0);
	show_val_kb(m, "FileHugePages:  ", 0);
	show_val_kb(m, "FilePmdMapped:  ", 0);
	seq_printf(m, "HugePages_Total:   %5lu\nHugePages_Free:    %5lu\nHugePages_Rsvd:    %5lu\n"
		   "HugePages_Surp:    %5lu\n", 0UL, 0UL, 0UL, 0UL);
#ifdef CONFIG_PAE
	show_val_kb(m, "Hugepagesize:   ", 2048);
#else
	show_val_kb(m, "Hugepagesize:   ", 4096);
#endif
	show_val_kb(m, "Hugetlb:        ", 0);
	/* the direct map: lowmem, in large pages but for the first 2/4 MiB */
	{
		unsigned long low_kb = K(max_low_pfn);
#ifdef CONFIG_PAE
		unsigned long big = low_kb & ~2047UL;

		show_val_kb(m, "DirectMap4k:    ", low_kb - big + 2048);
		show_val_kb(m, "DirectMap2M:    ", big - 2048);
#else
		unsigned long big = low_kb & ~4095UL;

		show_val_kb(m, "DirectMap4k:    ", low_kb - big + 4096);
		show_val_kb(m, "DirectMap4M:    ", big - 4096);
#endif
	}
	return 0;
}

/* Zones in Linux's order; lucix's have the same names. */
static struct zone *zone_nr(int i)
{
	return &NODE_DATA(0)->node_zones[i];
}

static int buddyinfo_proc_show(struct seq_file *m, void *v)
{
	int z, o;

	(void)v;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);

		if (!zone->present_pages)
			continue;
		seq_printf(m, "Node 0, zone %8s ", zone->name);
		for (o = 0; o < MAX_ORDER; o++)
			seq_printf(m, "%6lu ", zone->free_area[o].nr_free);
		seq_putc(m, '\n');
	}
	return 0;
}

static int zoneinfo_proc_show(struct seq_file *m, void *v)
{
	int z;

	(void)v;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);
		unsigned long r = 0;
		int k;

		seq_printf(m, "Node 0, zone %8s\n", zone->name);
		seq_printf(m, "  pages free     %lu\n", zone->free_pages);
		seq_printf(m, "        boost    0\n");
		seq_printf(m, "        min      %lu\n", zone->watermark[WMARK_MIN]);
		seq_printf(m, "        low      %lu\n", zone->watermark[WMARK_LOW]);
		seq_printf(m, "        high     %lu\n", zone->watermark[WMARK_HIGH]);
		seq_printf(m, "        spanned  %lu\n", zone->spanned_pages);
		seq_printf(m, "        present  %lu\n", zone->present_pages);
		seq_printf(m, "        managed  %lu\n", zone->managed_pages);
		seq_printf(m, "        cma      0\n");
		seq_printf(m, "        protection: (");
		for (k = 0; k < MAX_NR_ZONES; k++) {
			r = zone->lowmem_reserve[k];
			seq_printf(m, "%s%lu", k ? ", " : "", r);
		}
		seq_printf(m, ")\n");
		if (!zone->present_pages)
			continue;
		seq_printf(m, "      nr_free_pages %lu\n", zone->free_pages);
		seq_printf(m, "  pagesets\n    cpu: 0\n              count: %d\n"
			      "              high:  %d\n              batch: %d\n",
			   zone->pcp.count, zone->pcp.high, zone->pcp.batch);
		seq_printf(m, "  vm stats threshold: 0\n");
		seq_printf(m, "  node_unreclaimable:  0\n");
		seq_printf(m, "  start_pfn:           %lu\n", zone->zone_start_pfn);
	}
	return 0;
}

static int vmstat_proc_show(struct seq_file *m, void *v)
{
	struct mem_usage u;
	unsigned long alloc[MAX_NR_ZONES], frees = 0;
	int z;

	(void)v;
	mem_usage(&u);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		alloc[z] = zone_nr(z)->alloc_count;
		frees += zone_nr(z)->free_count;
	}
	seq_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	seq_printf(m, "nr_zone_inactive_anon %lu\nnr_zone_active_anon %lu\n", nr_inactive_anon, nr_active_anon);
	seq_printf(m, "nr_zone_inactive_file 0\nnr_zone_active_file 0\n");
	seq_printf(m, "nr_zone_unevictable %lu\n", u.mlocked);
	seq_printf(m, "nr_zone_write_pending 0\nnr_mlock %lu\nnr_bounce 0\n", u.mlocked);
	seq_printf(m, "nr_inactive_anon %lu\nnr_active_anon %lu\n", nr_inactive_anon, nr_active_anon);
	seq_printf(m, "nr_inactive_file 0\nnr_active_file 0\nnr_unevictable %lu\n", u.mlocked);
	seq_printf(m, "nr_slab_reclaimable 0\nnr_slab_unreclaimable %lu\n", u.slab);
	seq_printf(m, "nr_anon_pages %lu\nnr_mapped %lu\nnr_file_pages 0\nnr_dirty 0\n"
		      "nr_writeback 0\nnr_shmem %lu\n", u.anon, u.file_rss + u.shmem, u.shmem);
	seq_printf(m, "nr_kernel_stack %lu\nnr_page_table_pages %lu\n",
		   u.kernel_stack * (PAGE_SIZE >> 10), u.page_tables);
	/* The event counters, in Linux's order (mm/vmstat.c's vmstat_text). */
	seq_printf(m, "pswpin %lu\npswpout %lu\n", swapin_count, swapout_count);
	seq_printf(m, "pgalloc_dma %lu\npgalloc_normal %lu\npgalloc_high %lu\n",
		   alloc[ZONE_DMA], alloc[ZONE_NORMAL], alloc[ZONE_HIGHMEM]);
	seq_printf(m, "allocstall_normal %lu\npgfree %lu\npgactivate %lu\n", allocstall, frees, pgactivate);
	seq_printf(m, "pgfault %lu\npgmajfault %lu\npgrefill %lu\n", nr_page_faults, nr_major_faults,
		   pgrefill);
	seq_printf(m, "pgsteal_kswapd %lu\npgsteal_direct %lu\n", pgsteal_kswapd, pgsteal_direct);
	seq_printf(m, "pgscan_kswapd %lu\npgscan_direct %lu\n", pgscan_kswapd, pgscan_direct);
	seq_printf(m, "slabs_scanned %lu\n", slabs_scanned);
	seq_printf(m, "pageoutrun %lu\npgrotated %lu\n", pageoutrun, pgrotated);
	seq_printf(m, "oom_kill %lu\n", oom_kills);
	return 0;
}

static int slabinfo_proc_show(struct seq_file *m, void *v)
{
	struct kmem_cache *s;

	(void)v;
	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		    "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
		    "<active_slabs> <num_slabs> <sharedavail>\n");
	list_for_each_entry(s, &slab_caches, list) {
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d", s->name, s->active_objs,
			   s->total_objs, s->size, s->objects, 1 << s->order);
		seq_printf(m, " : tunables %4u %4u %4u", 0, 0, 0);
		seq_printf(m, " : slabdata %6lu %6lu %6lu\n", s->nr_slabs, s->nr_slabs, 0UL);
	}
	return 0;
}

/* /proc/vmallocinfo: each area, its size with the guard page, who made it, its pages */
static int vmallocinfo_proc_show(struct seq_file *m, void *v)
{
	extern struct vm_struct *vmlist;
	struct vm_struct *a;

	(void)v;
	for (a = vmlist; a; a = a->next) {
		seq_printf(m, "0x%08lx-0x%08lx %7lu", (unsigned long)a->addr,
			   (unsigned long)a->addr + a->size, a->size);
		if (a->caller)
			seq_printf(m, " %pS", a->caller);
		if (a->nr_pages)
			seq_printf(m, " pages=%u", a->nr_pages);
		seq_printf(m, "%s\n", a->owns_pages ? " vmalloc" : " vmap");
	}
	return 0;
}

void proc_meminfo_init(void)
{
	proc_create_single("meminfo", 0, NULL, meminfo_proc_show);
	proc_create_single("buddyinfo", 0, NULL, buddyinfo_proc_show);
	proc_create_single("zoneinfo", 0400, NULL, zoneinfo_proc_show);
	proc_create_single("pagetypeinfo", 0400, NULL, pagetypeinfo_show);	/* mm/vmstat.c */
	proc_create_single("vmstat", 0, NULL, vmstat_proc_show);
	proc_create_single("slabinfo", 0400, NULL, slabinfo_proc_show);
	proc_create_single("vmallocinfo", 0400, NULL, vmallocinfo_proc_show);
	proc_create_single("swaps", 0444, NULL, swaps_proc_show);
}
