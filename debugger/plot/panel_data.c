/*
 * The panels' data: one sample of the scheduler, the buddy free lists and
 * the counters, the physical memory map from mem_map[], and the CPU state.
 * Every layout comes from the kernel's DWARF once (panel_create); after
 * that a sample is a few plain reads through the debugger's page walk
 * (dbg_read_linear: guest RAM is copied, no accessed/dirty bit is set, the
 * TLB and the instruction count are not touched).
 *
 * Owners of a frame follow Linux's struct page conventions: PG_buddy with
 * the order in page->private on the first page of a free block, PG_slab,
 * PG_large_kmalloc on a big kmalloc's head, PG_reserved for what the
 * allocator never got; the kernel image and mem_map are found by symbol, page
 * tables by walking the live address spaces (every task's mm->pgd and
 * swapper_pg_dir, PAE: PDPT -> PMD -> PTE). A page-cache frame has
 * page->mapping set (an anonymous one in Linux's rmap has its low bit set);
 * anonymous user memory is what a user PTE maps that no file owns. A slab
 * frame's cache is page->slab_cache (the head page's, for a tail).
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_panel.h"
#include "debugger/kview/kview.h"

struct panel_ctx {
	struct dbg *d;
	bool tried, ok;		/* layout looked up; the kernel has what we need */
	u32 task_size, off_pid, off_comm, off_policy, off_prio, off_sum, off_vrt, off_mm;
	u32 zones, norders, zone_size;
	u32 zone_base;		/* &contig_page_data.node_zones[0] */
	u32 off_nr_free, fa_size, off_zname, off_zstart, off_zspan;
	u32 nr_switches;	/* &runqueues.nr_switches, or 0 */
	u32 irq_base, irq_size, off_kstat;
	/* memory map */
	u32 page_size, off_flags, off_count, off_private, mem_map_var, max_pfn_var;
	u32 off_mapping, off_slab_cache, off_head;	/* 0: not in this kernel's struct page */
	u32 slab_caches, off_cache_list, off_cache_name;	/* the cache chain, or 0 */
	u32 text, etext, end;
	u32 swapper_pgd, off_pgd;
	u32 init_task, off_tasks;	/* the task list */
	u32 current_var;		/* &current_task, or 0: from the kernel stack */
	u32 thread_size, off_ti_task;	/* thread_info at the stack's bottom, ->task */
	char zone_name[PANEL_MAX_ZONES][12];
	u8 *pages;		/* a copy of mem_map[] */
};

const char *const panel_frame_names[PF_N] = {
	[PF_FREE0] = "free o0", [PF_FREE0 + 1] = "free o1", [PF_FREE0 + 2] = "free o2",
	[PF_FREE0 + 3] = "free o3", [PF_FREE0 + 4] = "free o4", [PF_FREE0 + 5] = "free o5",
	[PF_FREE0 + 6] = "free o6", [PF_FREE0 + 7] = "free o7", [PF_FREE0 + 8] = "free o8",
	[PF_FREE0 + 9] = "free o9", [PF_FREE0 + 10] = "free o10",
	[PF_SLAB] = "slab", [PF_KMALLOC] = "kmalloc", [PF_PAGECACHE] = "page cache",
	[PF_ANON] = "anon user", [PF_PGTABLE] = "page tables",
	[PF_KTEXT] = "kernel text", [PF_KDATA] = "kernel data", [PF_MEMMAP] = "mem_map",
	[PF_RESERVED] = "reserved", [PF_USED] = "allocated", [PF_OTHER] = "other",
};

/* Free blocks in greens, light (order 0) to dark (order 10); owners in
 * distinct hues. Every colour differs, so pixels can be counted by colour. */
const u32 panel_frame_rgb[PF_N] = {
	[PF_FREE0] = 0xb8f0b0, [PF_FREE0 + 1] = 0xa4e69a, [PF_FREE0 + 2] = 0x90dc86,
	[PF_FREE0 + 3] = 0x7cd272, [PF_FREE0 + 4] = 0x68c85e, [PF_FREE0 + 5] = 0x54be4a,
	[PF_FREE0 + 6] = 0x44aa3c, [PF_FREE0 + 7] = 0x38962f, [PF_FREE0 + 8] = 0x2c8224,
	[PF_FREE0 + 9] = 0x226e1a, [PF_FREE0 + 10] = 0x185a12,
	[PF_SLAB] = 0xe8a030, [PF_KMALLOC] = 0xd06a20, [PF_PAGECACHE] = 0x8070f0,
	[PF_ANON] = 0xf0e040, [PF_PGTABLE] = 0xc040c0,
	[PF_KTEXT] = 0x3070e0, [PF_KDATA] = 0x70a8f0, [PF_MEMMAP] = 0x30c0c0,
	[PF_RESERVED] = 0x707070, [PF_USED] = 0xe04848, [PF_OTHER] = 0xb0b0b0,
};

/* Slab shades: oranges and browns, each unlike every colour above. */
const u32 panel_slab_rgb[PANEL_SLAB_SHADES] = {
	0xf8c878, 0xc07818, 0xf0d8a8, 0x9c5a10, 0xffb050, 0xd09058,
};

u32 panel_frame_colour(const struct panel_memmap *m, u32 f)
{
	u8 k = m->kind[f];
	if (k == PF_SLAB && m->cache && m->cache[f] && m->cache_shade[m->cache[f] - 1] >= 0)
		return panel_slab_rgb[m->cache_shade[m->cache[f] - 1]];
	return panel_frame_rgb[k];
}

int panel_colour_kind(u32 rgb)
{
	for (int k = 0; k < PF_N; k++)
		if (panel_frame_rgb[k] == rgb)
			return k;
	for (int i = 0; i < PANEL_SLAB_SHADES; i++)
		if (panel_slab_rgb[i] == rgb)
			return PF_SLAB;
	return PF_N;
}

struct panel_ctx *panel_create(struct dbg *d)
{
	struct panel_ctx *p = calloc(1, sizeof(*p));
	if (p)
		p->d = d;
	return p;
}

void panel_destroy(struct panel_ctx *p)
{
	if (!p)
		return;
	free(p->pages);
	free(p);
}

static bool off(struct dbg *d, const char *type, const char *path, u32 *o)
{
	return kview_member_off(d, type, path, o);
}

static bool eval32(struct dbg *d, u32 *v, const char *e)
{
	u64 x;
	if (!kview_eval(d, &x, "%s", e))
		return false;
	*v = (u32)x;
	return true;
}

/* Look the kernel's layout up once; false if it lacks the basics. The
 * optional parts (counters, memory map) stay 0 when missing. */
static bool layout(struct panel_ctx *p)
{
	struct dbg *d = p->d;
	if (p->tried)
		return p->ok;
	p->tried = true;
	const char *T = "struct task_struct";
	p->ok = eval32(d, &p->task_size, "sizeof(struct task_struct)") &&
		off(d, T, "pid", &p->off_pid) && off(d, T, "comm", &p->off_comm) &&
		off(d, T, "policy", &p->off_policy) && off(d, T, "static_prio", &p->off_prio) &&
		off(d, T, "se.sum_exec_runtime", &p->off_sum) && off(d, T, "se.vruntime", &p->off_vrt);
	if (!p->ok || !eval32(d, &p->init_task, "(unsigned long)&init_task") ||
	    !off(d, T, "tasks", &p->off_tasks))
		return p->ok = false;
	if (!eval32(d, &p->current_var, "(unsigned long)&current_task"))
		p->current_var = 0;
	if (!eval32(d, &p->thread_size, "sizeof(union thread_union)") ||
	    !off(d, "struct thread_info", "task", &p->off_ti_task))
		p->thread_size = 0;
	off(d, T, "mm", &p->off_mm);
	if (eval32(d, &p->zones, "sizeof(contig_page_data.node_zones) / sizeof(contig_page_data.node_zones[0])") &&
	    eval32(d, &p->norders, "sizeof(contig_page_data.node_zones[0].free_area) / "
				   "sizeof(contig_page_data.node_zones[0].free_area[0])") &&
	    eval32(d, &p->zone_size, "sizeof(contig_page_data.node_zones[0])") &&
	    eval32(d, &p->fa_size, "sizeof(contig_page_data.node_zones[0].free_area[0])") &&
	    eval32(d, &p->zone_base, "(unsigned long)&contig_page_data.node_zones[0]") &&
	    off(d, "struct zone", "free_area", &p->off_nr_free) &&
	    off(d, "struct zone", "name", &p->off_zname) &&
	    off(d, "struct zone", "zone_start_pfn", &p->off_zstart) &&
	    off(d, "struct zone", "spanned_pages", &p->off_zspan)) {
		u32 o;
		if (off(d, "struct free_area", "nr_free", &o))
			p->off_nr_free += o;
		else
			p->zones = 0;
	} else {
		p->zones = 0;
	}
	if (p->zones > PANEL_MAX_ZONES)
		p->zones = PANEL_MAX_ZONES;
	for (u32 z = 0; z < p->zones; z++) {
		u32 np = 0;
		if (dbg_read_linear(d, p->zone_base + z * p->zone_size + p->off_zname, &np, 4) == 0)
			kview_read_str(d, np, p->zone_name[z], sizeof(p->zone_name[z]));
	}
	if (p->norders > PANEL_MAX_ORDER)
		p->norders = PANEL_MAX_ORDER;
	/* lucix's one run queue is `runqueue`; Linux's per-CPU ones `runqueues`. */
	if (!eval32(d, &p->nr_switches, "(unsigned long)&runqueue.nr_switches") &&
	    !eval32(d, &p->nr_switches, "(unsigned long)&runqueues.nr_switches"))
		p->nr_switches = 0;
	if (!eval32(d, &p->irq_base, "(unsigned long)&irq_desc[0]") ||
	    !eval32(d, &p->irq_size, "sizeof(irq_desc[0])") ||
	    !off(d, "struct irq_desc", "kstat_irqs", &p->off_kstat))
		p->irq_base = 0;
	if (!eval32(d, &p->page_size, "sizeof(struct page)") ||
	    !off(d, "struct page", "flags", &p->off_flags) ||
	    !off(d, "struct page", "_refcount", &p->off_count) ||
	    !off(d, "struct page", "private", &p->off_private) ||
	    !eval32(d, &p->mem_map_var, "(unsigned long)&mem_map") ||
	    !eval32(d, &p->max_pfn_var, "(unsigned long)&max_pfn"))
		p->page_size = 0;
	if (p->page_size) {
		/* Optional: older kernels' struct page lacks them. */
		if (!off(d, "struct page", "mapping", &p->off_mapping))
			p->off_mapping = 0;
		if (!off(d, "struct page", "slab_cache", &p->off_slab_cache))
			p->off_slab_cache = 0;
		if (!off(d, "struct page", "head", &p->off_head))
			p->off_head = 0;
	}
	if (!eval32(d, &p->slab_caches, "(unsigned long)&slab_caches") ||
	    !off(d, "struct kmem_cache", "list", &p->off_cache_list) ||
	    !off(d, "struct kmem_cache", "name", &p->off_cache_name))
		p->slab_caches = 0;
	const struct dbg_sym *s;
	struct dbg_symtab *st = dbg_symtab(d);
	p->text = (s = sym_lookup_name(st, "_text")) ? s->addr : 0;
	p->etext = (s = sym_lookup_name(st, "_etext")) ? s->addr : 0;
	p->end = (s = sym_lookup_name(st, "_end")) ? s->addr : 0;
	p->swapper_pgd = (s = sym_lookup_name(st, "swapper_pg_dir")) ? s->addr : 0;
	if (p->off_mm && !off(d, "struct mm_struct", "pgd", &p->off_pgd))
		p->off_mm = 0;
	return true;
}

static u32 rd32(struct dbg *d, u32 a, bool *ok)
{
	u32 v = 0;
	if (dbg_read_linear(d, a, &v, 4) != 0)
		*ok = false;
	return v;
}

static u8 policy_of(u32 pid, u32 pol)
{
	if (pid == 0 || pol == 5)
		return PP_IDLE;
	if (pol == 1 || pol == 2)
		return PP_RT;
	if (pol == 6)
		return PP_DEADLINE;
	return PP_CFS;
}

/* The running task's address. */
static u32 current(struct panel_ctx *p)
{
	u32 t = 0;
	if (p->current_var && dbg_read_linear(p->d, p->current_var, &t, 4) == 0 && t)
		return t;
	/* In the kernel, thread_info sits at the bottom of the stack ESP is in
	 * (Linux i386's current_thread_info()); elsewhere ask the kview. */
	struct dbg_regs r;
	dbg_regs(p->d, &r);
	u32 ti = r.gpr[DBG_ESP] & ~(p->thread_size - 1);
	if (p->thread_size && (r.seg[DBG_CS].sel & 3) == 0 && ti >= KVIEW_PAGE_OFFSET &&
	    dbg_read_linear(p->d, ti + p->off_ti_task, &t, 4) == 0 && t)
		return t;
	return kview_current_task(p->d);
}

/* The task list: pid, name, policy, nice, CPU time and vruntime of each. */
static bool sample_tasks(struct panel_ctx *p, struct panel_sample *s)
{
	struct dbg *d = p->d;
	u8 buf[4096];
	if (p->task_size > sizeof(buf))
		return false;
	u32 cur = current(p), task = p->init_task;
	for (int guard = 0; guard < 4096; guard++) {
		if (dbg_read_linear(d, task, buf, p->task_size) != 0)
			return false;
		if (s->ntasks < PANEL_MAX_TASKS) {
			struct panel_task *t = &s->task[s->ntasks++];
			t->pid = ld32(buf + p->off_pid);
			memcpy(t->comm, buf + p->off_comm, sizeof(t->comm) - 1);
			t->policy = policy_of(t->pid, ld32(buf + p->off_policy));
			t->nice = (s8)((int)ld32(buf + p->off_prio) - 120);
			t->runtime = ld64(buf + p->off_sum);
			t->vruntime = ld64(buf + p->off_vrt);
			if (task == cur)
				s->cur_pid = t->pid;
		}
		/* tasks.next points at the next task's list node. */
		task = ld32(buf + p->off_tasks) - p->off_tasks;
		if (task == p->init_task)
			return true;
	}
	return true;
}

void panel_sample(struct panel_ctx *p, struct panel_sample *s)
{
	struct dbg *d = p->d;
	struct dbg_regs r;
	dbg_regs(d, &r);
	memset(s, 0, sizeof(*s));
	s->icount = r.icount;
	if (d->t->hw_counters) {
		struct dbg_hw_counters hc = { 0 };
		d->t->hw_counters(d->t->opaque, &hc);
		s->counter[PC_PGFAULT] = hc.page_faults;
		s->counter[PC_TLB_FLUSH] = hc.tlb_flushes;
		s->counter[PC_TLB_HIT] = hc.tlb_hits;
		s->counter[PC_TLB_MISS] = hc.tlb_misses;
		s->counter[PC_SYSCALL] = hc.syscalls;
	}
	/* Before paging the kernel's addresses are not mapped: nothing to read. */
	if (!(r.cr0 & 0x80000000u) || !layout(p) || !sample_tasks(p, s)) {
		s->ntasks = 0;
		return;
	}
	s->kernel = true;
	/* Idle time is not accounted by every kernel (pid 0's sum_exec_runtime
	 * stays 0): then it is what the other tasks did not run. */
	u64 ips = d->t->ips ? d->t->ips : 100000000ull, ns = (u64)((unsigned __int128)r.icount * 1000000000u / ips);
	u64 busy = 0;
	struct panel_task *idle = NULL;
	for (int i = 0; i < s->ntasks; i++) {
		if (s->task[i].pid == 0)
			idle = &s->task[i];
		else
			busy += s->task[i].runtime;
	}
	if (idle && !idle->runtime && ns > busy)
		idle->runtime = ns - busy;
	bool ok = true;
	s->nzones = (int)p->zones;
	s->norders = (int)p->norders;
	for (int z = 0; z < s->nzones; z++) {
		u32 zb = p->zone_base + z * p->zone_size;
		if (!p->zone_name[z][0]) {
			/* Named by the kernel after paging is on: look until it is. */
			u32 np = rd32(d, zb + p->off_zname, &ok);
			if (np)
				kview_read_str(d, np, p->zone_name[z], sizeof(p->zone_name[z]));
		}
		memcpy(s->zone_name[z], p->zone_name[z], sizeof(s->zone_name[z]));
		for (int o = 0; o < s->norders; o++)
			s->nr_free[z][o] = rd32(d, zb + p->off_nr_free + o * p->fa_size, &ok);
	}
	if (p->nr_switches) {
		u64 v = 0;
		dbg_read_linear(d, p->nr_switches, &v, 8);
		s->counter[PC_SWITCHES] = v;
	}
	for (int i = 0; p->irq_base && i < PANEL_NIRQ; i++)
		s->counter[PC_IRQ0 + i] = rd32(d, p->irq_base + i * p->irq_size + p->off_kstat, &ok);
}

void panel_cpu(struct panel_ctx *p, struct panel_cpu *c)
{
	struct dbg *d = p->d;
	struct dbg_regs r;
	dbg_regs(d, &r);
	memset(c, 0, sizeof(*c));
	c->icount = r.icount;
	c->cr0 = r.cr0;
	c->cr3 = r.cr3;
	c->cr4 = r.cr4;
	c->eip = r.eip;
	c->eflags = r.eflags;
	c->cpl = r.seg[DBG_CS].sel & 3;
	if (!(r.cr0 & 1)) {
		c->mode = "real";
		c->cpl = 0;
	} else if (r.eflags & 0x20000) {
		c->mode = "v8086";
		c->cpl = 3;
	} else if (!(r.cr0 & 0x80000000u)) {
		c->mode = "protected";
	} else {
		c->mode = r.cr4 & 0x20 ? "PAE paging" : "paging";
	}
	sym_format(dbg_symtab(d), dbg_pc(&r), c->where, sizeof(c->where));
	if (!(r.cr0 & 0x80000000u) || !layout(p))
		return;
	u32 t = current(p);
	u8 buf[4096];
	if (t && p->task_size <= sizeof(buf) && dbg_read_linear(d, t, buf, p->task_size) == 0) {
		c->kernel = true;
		c->pid = ld32(buf + p->off_pid);
		memcpy(c->comm, buf + p->off_comm, sizeof(c->comm) - 1);
	}
}

/* ---- the memory map ---- */

static void mark(struct panel_memmap *m, u64 pfn, u32 n, u8 kind)
{
	for (u64 f = pfn; f < pfn + n && f < m->npfn; f++)
		m->kind[f] = kind;
}

/* Frames that hold page tables of the address space whose top table is at
 * pgd (physical). PAE: the PMD tables and the PTE tables below them (2 MiB
 * entries have none); the PDPT itself sits inside a kernel object (mm->pgd
 * or swapper_pg_dir). Two levels: the page directory and its PTE tables (4
 * MiB entries have none). */
/* A frame a user PTE maps (present, U/S set) that the kernel's own view
 * did not place (no file, not slab, not reserved) is anonymous user memory. */
static void mark_user_leaf(struct panel_memmap *m, u64 pfn)
{
	if (pfn < m->npfn && (m->kind[pfn] == PF_USED || m->kind[pfn] == PF_OTHER))
		m->kind[pfn] = PF_ANON;
}

static void mark_user_leaves(struct panel_ctx *p, struct panel_memmap *m, u64 table, bool pae)
{
	if (pae) {
		static u64 e[512];
		if (dbg_read_phys(p->d, table, e, sizeof(e)) == 0)
			for (int k = 0; k < 512; k++)
				if ((e[k] & 5) == 5)
					mark_user_leaf(m, (e[k] & 0xffffff000ull) >> 12);
	} else {
		static u32 e[1024];
		if (dbg_read_phys(p->d, table, e, sizeof(e)) == 0)
			for (int k = 0; k < 1024; k++)
				if ((e[k] & 5) == 5)
					mark_user_leaf(m, e[k] >> 12);
	}
}

/* user: the address space is a process's; its user half's leaves are
 * looked at too (mark_user_leaves). */
static void mark_pagetables(struct panel_ctx *p, struct panel_memmap *m, u64 pgd, bool pae,
			    bool user)
{
	struct dbg *d = p->d;
	if (!pae) {
		static u32 pde[1024];
		mark(m, pgd >> 12, 1, PF_PGTABLE);
		if (dbg_read_phys(d, pgd & ~0xfffull, pde, sizeof(pde)) != 0)
			return;
		for (int j = 0; j < 1024; j++) {
			if (!(pde[j] & 1) || (pde[j] & 0x80))
				continue;
			mark(m, pde[j] >> 12, 1, PF_PGTABLE);
			if (user && (u32)j << 22 < KVIEW_PAGE_OFFSET && (pde[j] & 4))
				mark_user_leaves(p, m, pde[j] & ~0xfffull, false);
		}
		return;
	}
	u64 pdpt_pa = pgd;
	u64 pdpte[4];
	if (dbg_read_phys(d, pdpt_pa, pdpte, sizeof(pdpte)) != 0)
		return;
	for (int i = 0; i < 4; i++) {
		if (!(pdpte[i] & 1))
			continue;
		u64 pmd = pdpte[i] & 0xffffff000ull;
		mark(m, pmd >> 12, 1, PF_PGTABLE);
		static u64 e[512];
		if (dbg_read_phys(d, pmd, e, sizeof(e)) != 0)
			continue;
		for (int j = 0; j < 512; j++) {
			if (!(e[j] & 1) || (e[j] & 0x80))
				continue;
			mark(m, (e[j] & 0xffffff000ull) >> 12, 1, PF_PGTABLE);
			if (user && ((u32)i << 30 | (u32)j << 21) < KVIEW_PAGE_OFFSET && (e[j] & 4))
				mark_user_leaves(p, m, e[j] & 0xffffff000ull, true);
		}
	}
}

static void mark_all_pagetables(struct panel_ctx *p, struct panel_memmap *m, bool pae)
{
	struct dbg *d = p->d;
	u32 pgd;
	if (p->swapper_pgd >= KVIEW_PAGE_OFFSET)
		mark_pagetables(p, m, p->swapper_pgd - KVIEW_PAGE_OFFSET, pae, false);
	struct kview_task_iter it;
	if (!p->off_mm || !kview_task_first(d, &it))
		return;
	do {
		u32 mm = 0;
		if (dbg_read_linear(d, it.cur + p->off_mm, &mm, 4) == 0 && mm &&
		    dbg_read_linear(d, mm + p->off_pgd, &pgd, 4) == 0 && pgd >= KVIEW_PAGE_OFFSET)
			mark_pagetables(p, m, pgd - KVIEW_PAGE_OFFSET, pae, true);
	} while (kview_task_next(d, &it));
}

/* What one struct page says about its frame (before the free blocks and
 * page tables are laid over it). */
static u8 classify(struct panel_ctx *p, const u8 *pg, u64 pa, u64 mm_lo, u64 mm_hi)
{
	u32 flags = ld32(pg + p->off_flags);
	if (flags & (1u << 5))			/* PG_slab */
		return PF_SLAB;
	if (flags & (1u << 11))			/* PG_large_kmalloc */
		return PF_KMALLOC;
	if (flags & (1u << 6)) {		/* PG_reserved */
		u64 text = p->text - KVIEW_PAGE_OFFSET, etext = p->etext - KVIEW_PAGE_OFFSET;
		u64 end = p->end - KVIEW_PAGE_OFFSET;
		if (p->text && pa + 4096 > text && pa < etext)
			return PF_KTEXT;
		if (p->end && pa >= etext && pa < end)
			return PF_KDATA;
		if (pa + 4096 > mm_lo && pa < mm_hi)
			return PF_MEMMAP;
		return PF_RESERVED;
	}
	if (p->off_mapping) {
		u32 mapping = ld32(pg + p->off_mapping);
		if (mapping & 1)		/* PAGE_MAPPING_ANON: an anon_vma */
			return PF_ANON;
		if (mapping)
			return PF_PAGECACHE;
	}
	return (s32)ld32(pg + p->off_count) > 0 ? PF_USED : PF_OTHER;
}

/* The cache chain, in list order (creation order, so a replay names the
 * same caches with the same indexes). */
static void read_caches(struct panel_ctx *p, struct panel_memmap *m, u32 *addr)
{
	struct dbg *d = p->d;
	bool ok = true;
	u32 node = p->slab_caches ? rd32(d, p->slab_caches, &ok) : 0;
	while (ok && node && node != p->slab_caches && m->ncaches < PANEL_MAX_CACHES) {
		u32 c = node - p->off_cache_list;
		addr[m->ncaches] = c;
		kview_read_str(d, rd32(d, c + p->off_cache_name, &ok), m->cache_name[m->ncaches],
			       sizeof(m->cache_name[0]));
		m->ncaches++;
		node = rd32(d, node, &ok);
	}
}

/* Each slab frame's cache, and the shades for the caches with most frames. */
static void mark_caches(struct panel_ctx *p, struct panel_memmap *m, const u8 *pages)
{
	u32 addr[PANEL_MAX_CACHES];
	read_caches(p, m, addr);
	m->cache = calloc(m->npfn, 1);
	if (!m->cache || !p->off_slab_cache)
		return;
	bool ok = true;
	u32 mem_map = rd32(p->d, p->mem_map_var, &ok);	/* a tail's head points into it */
	for (u32 f = 0; f < m->npfn; f++) {
		if (m->kind[f] != PF_SLAB)
			continue;
		const u8 *pg = pages + (size_t)f * p->page_size;
		u32 c = ld32(pg + p->off_slab_cache);
		if (!c && p->off_head) {
			u32 head = ld32(pg + p->off_head);
			if (head >= mem_map && (head - mem_map) / p->page_size < m->npfn)
				c = ld32(pages + (head - mem_map) + p->off_slab_cache);
		}
		for (int i = 0; i < m->ncaches; i++)
			if (addr[i] == c) {
				m->cache[f] = (u8)(i + 1);
				m->cache_pages[i]++;
				break;
			}
	}
	/* Shades to the biggest caches; ties go to the older cache. */
	for (int i = 0; i < m->ncaches; i++)
		m->cache_shade[i] = -1;
	for (int s = 0; s < PANEL_SLAB_SHADES; s++) {
		int best = -1;
		for (int i = 0; i < m->ncaches; i++)
			if (m->cache_shade[i] < 0 && m->cache_pages[i] &&
			    (best < 0 || m->cache_pages[i] > m->cache_pages[best]))
				best = i;
		if (best < 0)
			break;
		m->cache_shade[best] = (s8)s;
	}
}

int panel_memmap(struct panel_ctx *p, struct panel_memmap *m)
{
	struct dbg *d = p->d;
	struct dbg_regs r;
	dbg_regs(d, &r);
	memset(m, 0, sizeof(*m));
	m->icount = r.icount;
	bool ok = true;
	if (!(r.cr0 & 0x80000000u) || !layout(p) || !p->page_size)
		return -1;
	u32 mem_map = rd32(d, p->mem_map_var, &ok), npfn = rd32(d, p->max_pfn_var, &ok);
	if (!ok || !mem_map || !npfn || npfn > (1u << 20))
		return -1;
	size_t bytes = (size_t)npfn * p->page_size;
	u8 *pages = realloc(p->pages, bytes);
	m->kind = malloc(npfn);
	m->flags = malloc((size_t)npfn * 4);
	m->hover = -1;
	if (!pages || !m->kind || !m->flags) {
		panel_memmap_free(m);
		p->pages = pages;
		return -1;
	}
	p->pages = pages;
	if (dbg_read_linear(d, mem_map, pages, (u32)bytes) != 0) {
		panel_memmap_free(m);
		return -1;
	}
	m->npfn = npfn;
	u64 mm_lo = mem_map - KVIEW_PAGE_OFFSET, mm_hi = mm_lo + bytes;
	for (u32 f = 0; f < npfn; f++) {
		m->kind[f] = classify(p, pages + (size_t)f * p->page_size, (u64)f << 12, mm_lo, mm_hi);
		m->flags[f] = ld32(pages + (size_t)f * p->page_size + p->off_flags);
	}
	mark_all_pagetables(p, m, r.cr4 & 0x20);
	mark_caches(p, m, pages);
	/* Free blocks last: PG_buddy on the head, the order in private. */
	for (u32 f = 0; f < npfn; f++) {
		const u8 *pg = pages + (size_t)f * p->page_size;
		if (ld32(pg + p->off_flags) & (1u << 9)) {
			u32 o = ld32(pg + p->off_private);
			if (o < PANEL_MAX_ORDER)
				mark(m, f, 1u << o, (u8)(PF_FREE0 + o));
		}
	}
	for (u32 f = 0; f < npfn; f++)
		m->count[m->kind[f]]++;
	m->nzones = (int)p->zones;
	for (int z = 0; z < m->nzones; z++) {
		u32 zb = p->zone_base + z * p->zone_size;
		memcpy(m->zone_name[z], p->zone_name[z], sizeof(m->zone_name[z]));
		m->zone_start[z] = rd32(d, zb + p->off_zstart, &ok);
		m->zone_end[z] = m->zone_start[z] + rd32(d, zb + p->off_zspan, &ok);
	}
	return 0;
}

void panel_memmap_free(struct panel_memmap *m)
{
	free(m->kind);
	free(m->flags);
	free(m->cache);
	m->kind = NULL;
	m->flags = NULL;
	m->cache = NULL;
}

/* ---- history ---- */

int panel_history_init(struct panel_history *h, int cap)
{
	memset(h, 0, sizeof(*h));
	h->s = calloc((size_t)cap, sizeof(*h->s));
	if (!h->s)
		return -1;
	h->cap = cap;
	return 0;
}

void panel_history_free(struct panel_history *h)
{
	free(h->s);
	memset(h, 0, sizeof(*h));
}

void panel_history_push(struct panel_history *h, const struct panel_sample *s)
{
	if (h->n < h->cap) {
		h->s[(h->head + h->n++) % h->cap] = *s;
	} else {
		h->s[h->head] = *s;
		h->head = (h->head + 1) % h->cap;
	}
}

const struct panel_sample *panel_history_at(const struct panel_history *h, int i)
{
	return &h->s[(h->head + i) % h->cap];
}

u64 panel_task_runtime(const struct panel_sample *s, u32 pid)
{
	for (int i = 0; i < s->ntasks; i++)
		if (s->task[i].pid == pid)
			return s->task[i].runtime;
	return 0;
}
