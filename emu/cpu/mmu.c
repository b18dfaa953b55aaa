/*
 * Linear to physical translation: the page walks of SDM vol. 3A ch. 4
 * (4.3 32-bit paging with 4 KiB and, with CR4.PSE, 4 MiB pages; 4.4 PAE
 * paging with its 4-entry PDPT, 512-entry tables and 2 MiB pages; 4.6
 * access rights with CR0.WP; 4.7 page-fault error codes; 4.8 accessed and
 * dirty flags; 4.10 TLBs, global pages and INVLPG) and the software TLB.
 *
 * The TLB is direct-mapped on the linear page number. Each entry has one tag
 * per kind of access (read, write, fetch), so a page can be readable on the
 * fast path but have every write go through the slow path: that is how ROM,
 * pages holding decoded code (SMC detection), read-only pages and pages
 * whose dirty bit is still clear work. MMIO pages never get a tag:
 * bus_host_page() returns NULL for them, so every access reaches the device.
 *
 * There are two TLBs, one filled with the rights of CPL 0-2 and one with
 * those of CPL 3; cpu->tlb points at the one for the current CPL (switched
 * in cpu_update_mode), so the inline fast path never looks at the CPL.
 * Implicit supervisor accesses made at CPL 3 (descriptor tables, the IDT,
 * the TSS) go through mmu_sys_read/mmu_sys_write, which borrow the
 * supervisor TLB for the one access.
 *
 * Like a hardware TLB, an entry keeps its translation until it is flushed:
 * a guest that edits a PTE without INVLPG or a CR3 load may go on seeing the
 * old mapping, as SDM 4.10.4 allows.
 *
 * Page-table reads and A/D updates are physical accesses through the bus
 * (after the A20 mask), so a table pointing outside RAM reads open bus or
 * MMIO exactly as the bus answers. PAE entries may name frames above 4 GiB;
 * this machine has no memory there, so such frames read as open bus (all
 * ones) and writes to them vanish.
 */
#include <string.h>

#include "emu/cpu/cpu_internal.h"

/* Page-table entry bits (PTE_*) are in emu/lib/x86.h. */

/* #PF error code bits (SDM 3A 4.7). */
#define PF_P 0x01u
#define PF_W 0x02u
#define PF_U 0x04u
#define PF_RSVD 0x08u
#define PF_I 0x10u		/* an instruction fetch (PAE with EFER.NXE) */

/* PAE: physical addresses have 36 bits here (CPUID reports no more); bits
 * 62:36 are reserved, and so is bit 63 (XD) unless EFER.NXE is set (a
 * model with NX: then a PDE's or PTE's bit 63 forbids fetches, SDM 4.6;
 * the PDPTE's stays reserved). */
#define PAE_RSVD_HI 0xFFFFFFF0u	/* bits 63:36 of the high dword */
#define PAE_XD_HI 0x80000000u	/* bit 63 */
#define PAE_RSVD_2M 0x001FE000u	/* bits 20:13 of a 2 MiB PDE */

static void tlb_clear(struct tlb_entry *t, bool keep_global)
{
	for (unsigned k = 0; k < TLB_SIZE; k++) {
		struct tlb_entry *e = &t[k];
		if (keep_global && (e->flags & TLBE_GLOBAL))
			continue;
		e->tag_read = e->tag_write = e->tag_fetch = TLB_INVALID;
		e->flags = 0;
	}
}

void mmu_flush_tlb(struct cpu *cpu)
{
	tlb_clear(cpu->tlb_sup, false);
	tlb_clear(cpu->tlb_user, false);
	cpu->tlb_stats.flushes++;
	cpu_links_stale(cpu);
}

/* MOV to CR3 (and a task switch): every non-global entry goes (SDM 4.10.4.1). */
void mmu_load_cr3(struct cpu *cpu)
{
	bool pge = cpu->cr4 & CR4_PGE;
	tlb_clear(cpu->tlb_sup, pge);
	tlb_clear(cpu->tlb_user, pge);
	cpu->tlb_stats.cr3_loads++;
	if (!pge)
		cpu->tlb_stats.flushes++;
	cpu_links_stale(cpu);
}

static void tlb_drop(struct tlb_entry *e, u32 page)
{
	if (e->tag_read == page || e->tag_write == page || e->tag_fetch == page) {
		e->tag_read = e->tag_write = e->tag_fetch = TLB_INVALID;
		e->flags = 0;
	}
}

/* INVLPG: the page's entries go, global or not (SDM 4.10.4.1). */
void mmu_flush_page(struct cpu *cpu, u32 lin)
{
	unsigned k = (lin >> PAGE_SHIFT) & (TLB_SIZE - 1);
	tlb_drop(&cpu->tlb_sup[k], lin & PAGE_MASK);
	tlb_drop(&cpu->tlb_user[k], lin & PAGE_MASK);
	cpu->tlb_stats.page_flushes++;
	cpu_links_stale(cpu);
}

void mmu_protect_code_page(struct cpu *cpu, u32 phys)
{
	phys &= PAGE_MASK;
	for (unsigned k = 0; k < TLB_SIZE; k++) {
		if (cpu->tlb_sup[k].phys == phys)
			cpu->tlb_sup[k].tag_write = TLB_INVALID;
		if (cpu->tlb_user[k].phys == phys)
			cpu->tlb_user[k].tag_write = TLB_INVALID;
	}
}

/* ---------------- the page walk ---------------- */

/* Physical reads and writes of table entries: through the bus, after A20. */
static u32 pt_read(struct cpu *cpu, u64 addr)
{
	if (addr >> 32)
		return 0xFFFFFFFFu;	/* no memory above 4 GiB: open bus */
	return bus_mem_read(cpu->bus, (u32)addr & cpu->bus->a20_mask, 4);
}

/* Set flag bits in the entry at addr (the low dword), only if some are
 * clear, as the hardware's locked update does (SDM 4.8). */
static void pt_set(struct cpu *cpu, u64 addr, u32 *ent, u32 bits)
{
	if ((*ent & bits) == bits)
		return;
	*ent |= bits;
	if (!(addr >> 32))
		bus_mem_write(cpu->bus, (u32)addr & cpu->bus->a20_mask, *ent, 4);
}

struct walk {
	u32 phys;		/* physical address of lin */
	u32 rights;		/* PTE_RW | PTE_US: ANDed over the levels */
	u32 leaf;		/* low 12 bits of the leaf entry after A/D updates */
	bool nx;		/* XD set at the PDE or PTE level (EFER.NXE) */
};

/*
 * Walk the tables for lin. user: the access is made with CPL-3 rights.
 * probe: only look (no A/D updates, no rights check). Returns 0, or the
 * #PF error code with WALK_FAULT (bit 31) added, since a supervisor read
 * of a not-present page has error code 0. Non-leaf accessed bits are set
 * as the walk passes through (as QEMU and the P6 do; the 386 differs, see
 * pde_a_at_end), the leaf's A and D only when the access is allowed.
 */
#define WALK_FAULT 0x80000000u

/*
 * When the page directory entry's accessed bit is set: the 386 sets the A
 * bits of both levels together, once the walk has found a present page
 * table entry and the access is allowed ("before a read or write
 * operation to a page", 386 PRM 5.2.4.4), so a fault on the table entry
 * leaves the directory entry's A clear. The 486 and later (and QEMU) set
 * it as the walk passes through the directory entry, before looking at
 * the table entry.
 */
static inline bool pde_a_at_end(const struct cpu *cpu)
{
	return cpu->model == CPU_386;
}

static u32 walk(struct cpu *cpu, u32 lin, int acc, bool user, bool probe, struct walk *w)
{
	u32 err = (acc == ACC_WRITE ? PF_W : 0) | (user ? PF_U : 0);
	u64 leaf_addr, late_pde = ~0ull;
	u32 leaf, rights, phys;
	bool nx = false;

	if (cpu->cr4 & CR4_PAE) {
		/* With NXE, bit 63 of a PDE or PTE is XD, not reserved. */
		u32 rsvd_hi = (cpu->efer & EFER_NXE) ? PAE_RSVD_HI & ~PAE_XD_HI : PAE_RSVD_HI;
		if ((cpu->efer & EFER_NXE) && acc == ACC_FETCH)
			err |= PF_I;
		u64 pdpte_addr = (cpu->cr3 & 0xFFFFFFE0u) | ((lin >> 30) << 3);
		u32 pdpte = pt_read(cpu, pdpte_addr);
		u32 pdpte_hi = pt_read(cpu, pdpte_addr + 4);
		if (!(pdpte & PTE_P))
			return WALK_FAULT | err;
		if (pdpte_hi & PAE_RSVD_HI)
			return WALK_FAULT | err | PF_P | PF_RSVD;
		u64 pd = ((u64)(pdpte_hi & 0xF) << 32) | (pdpte & PAGE_MASK);
		u64 pde_addr = pd | (((lin >> 21) & 0x1FF) << 3);
		u32 pde = pt_read(cpu, pde_addr);
		u32 pde_hi = pt_read(cpu, pde_addr + 4);
		if (!(pde & PTE_P))
			return WALK_FAULT | err;
		if ((pde_hi & rsvd_hi) || ((pde & PTE_PS) && (pde & PAE_RSVD_2M)))
			return WALK_FAULT | err | PF_P | PF_RSVD;
		nx = (cpu->efer & EFER_NXE) && (pde_hi & PAE_XD_HI);
		if (pde & PTE_PS) {
			/* 2 MiB page; bits above 4 GiB cannot reach memory here. */
			leaf = pde;
			leaf_addr = pde_addr;
			rights = pde;
			phys = (pde & 0xFFE00000u) | (lin & 0x1FFFFFu);
			if (pde_hi & 0xF)
				phys = 0xFFFFFFFFu;	/* above 4 GiB: see pt_read */
		} else {
			if (!probe)
				pt_set(cpu, pde_addr, &pde, PTE_A);
			u64 pt = ((u64)(pde_hi & 0xF) << 32) | (pde & PAGE_MASK);
			leaf_addr = pt | (((lin >> 12) & 0x1FF) << 3);
			leaf = pt_read(cpu, leaf_addr);
			u32 pte_hi = pt_read(cpu, leaf_addr + 4);
			if (!(leaf & PTE_P))
				return WALK_FAULT | err;
			if (pte_hi & rsvd_hi)
				return WALK_FAULT | err | PF_P | PF_RSVD;
			nx |= (cpu->efer & EFER_NXE) && (pte_hi & PAE_XD_HI);
			rights = pde & leaf;
			phys = (leaf & PAGE_MASK) | (lin & ~PAGE_MASK);
			if (pte_hi & 0xF)
				phys = 0xFFFFFFFFu;
		}
	} else {
		u32 pde_addr = (cpu->cr3 & PAGE_MASK) | ((lin >> 22) << 2);
		u32 pde = pt_read(cpu, pde_addr);
		if (!(pde & PTE_P))
			return WALK_FAULT | err;
		if ((pde & PTE_PS) && (cpu->cr4 & CR4_PSE)) {
			/* 4 MiB page (bits 21:13 are PSE-36 bits this CPU lacks). */
			leaf = pde;
			leaf_addr = pde_addr;
			rights = pde;
			phys = (pde & 0xFFC00000u) | (lin & 0x3FFFFFu);
		} else {
			if (!probe && !pde_a_at_end(cpu))
				pt_set(cpu, pde_addr, &pde, PTE_A);
			else if (!probe)
				late_pde = pde_addr;
			leaf_addr = (pde & PAGE_MASK) | (((lin >> 12) & 0x3FF) << 2);
			leaf = pt_read(cpu, leaf_addr);
			if (!(leaf & PTE_P))
				return WALK_FAULT | err;
			rights = pde & leaf;
			phys = (leaf & PAGE_MASK) | (lin & ~PAGE_MASK);
		}
	}
	rights &= PTE_RW | PTE_US;
	if (!probe) {
		/* SDM 4.6: user accesses need U/S at every level, and R/W for
		 * writes; supervisor writes need R/W only with CR0.WP. */
		if (user && !(rights & PTE_US))
			return WALK_FAULT | err | PF_P;
		if (acc == ACC_WRITE && !(rights & PTE_RW) && (user || (cpu->cr0 & CR0_WP)))
			return WALK_FAULT | err | PF_P;
		if (acc == ACC_FETCH && nx)
			return WALK_FAULT | err | PF_P;
		/* The leaf's A (and D for a write) only once the access is allowed;
		 * on the 386 the directory entry's A too (pde_a_at_end). */
		if (late_pde != ~0ull) {
			u32 pde = pt_read(cpu, late_pde);
			pt_set(cpu, late_pde, &pde, PTE_A);
		}
		pt_set(cpu, leaf_addr, &leaf, acc == ACC_WRITE ? PTE_A | PTE_D : PTE_A);
	}
	w->phys = phys;
	w->rights = rights;
	w->leaf = leaf & 0xFFFu;
	w->nx = nx;
	return 0;
}

/* Raise #PF for lin with the walker's error code (CR2 = lin). */
static _Noreturn void page_fault(struct cpu *cpu, u32 lin, u32 err)
{
	cpu->cr2 = lin;
	cpu->tlb_stats.faults++;
	cpu_fault(cpu, EXC_PF, err & ~WALK_FAULT);
}

/*
 * Translate lin for an access of kind acc and fill the TLB entry's tag when
 * the page is plain memory. Returns the physical address; raises #PF. The
 * rights used are those of the TLB in use (cpu->tlb): CPL 3 or supervisor.
 */
u32 mmu_translate(struct cpu *cpu, u32 lin, int acc)
{
	u32 page = lin & PAGE_MASK;
	struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	u32 phys, flags = 0;

	if (cpu->cr0 & CR0_PG) {
		/* A cached translation answers without a walk when it allows
		 * the access (a write needs one made writable and dirty). */
		if ((e->flags & TLBE_PAGED) &&
		    (e->tag_read == page || e->tag_write == page || e->tag_fetch == page) &&
		    (acc != ACC_WRITE || (e->flags & TLBE_WRITE)) &&
		    (acc != ACC_FETCH || !(e->flags & TLBE_NX))) {
			cpu->tlb_stats.hits++;
			phys = e->phys | (lin & ~PAGE_MASK);
			flags = e->flags;
		} else {
			struct walk w;
			bool user = cpu->tlb == cpu->tlb_user;
			cpu->tlb_stats.misses++;
			u32 err = walk(cpu, lin, acc, user, false, &w);
			if (err)
				page_fault(cpu, lin, err);
			phys = w.phys & cpu->bus->a20_mask;
			flags = TLBE_PAGED | (w.nx ? TLBE_NX : 0);
			if ((w.leaf & PTE_G) && (cpu->cr4 & CR4_PGE))
				flags |= TLBE_GLOBAL;
			/* Writable for this TLB's privilege and already dirty. */
			if ((w.leaf & PTE_D) &&
			    ((w.rights & PTE_RW) || (!user && !(cpu->cr0 & CR0_WP))))
				flags |= TLBE_WRITE;
		}
	} else {
		phys = lin & cpu->bus->a20_mask;
		flags = TLBE_WRITE;
	}

	u32 ppage = phys & PAGE_MASK;
	u8 *host = bus_host_page(cpu->bus, ppage, acc == ACC_WRITE);
	if (!host)
		return phys;
	/* Data breakpoints and alignment checks: reads and writes stay slow. */
	if (unlikely(cpu->dr_data) && acc != ACC_FETCH && dr_watch_page(cpu, page))
		return phys;
	if (unlikely(cpu->ac_check) && acc != ACC_FETCH && cpu->tlb == cpu->tlb_user)
		return phys;
	uintptr_t h = (uintptr_t)host - page;
	if (e->phys != ppage || e->host != h ||
	    (e->tag_read != page && e->tag_write != page && e->tag_fetch != page)) {
		e->tag_read = e->tag_write = e->tag_fetch = TLB_INVALID;
		e->phys = ppage;
		e->host = h;
	}
	e->flags = flags;
	if (acc == ACC_WRITE) {
		if (flags & TLBE_WRITE)
			e->tag_write = page;
		e->tag_read = page;
	} else if (acc == ACC_READ) {
		e->tag_read = page;
	} else {
		e->tag_fetch = page;
	}
	return phys;
}

/* #AC(0) for a misaligned CPL-3 data access while alignment checks are on. */
static inline void check_align(struct cpu *cpu, u32 lin, int size)
{
	if (unlikely(cpu->ac_check) && cpu->tlb == cpu->tlb_user && (lin & (size - 1)))
		cpu_fault(cpu, EXC_AC, 0);
}

u32 mmu_read_slow(struct cpu *cpu, u32 lin, int size)
{
	check_align(cpu, lin, size);
	if (((lin + size - 1) ^ lin) & PAGE_MASK) {
		/* Split across pages: byte by byte, each byte translated. */
		u32 v = 0;
		for (int k = 0; k < size; k++)
			v |= lin_read(cpu, lin + k, 1) << (8 * k);
		return v;
	}
	u32 phys = mmu_translate(cpu, lin, ACC_READ);
	if (unlikely(cpu->dr_data))
		dr_check_data(cpu, lin, size, false);
	const struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (e->tag_read == (lin & PAGE_MASK)) {
		const u8 *p = (const u8 *)(e->host + lin);
		return size == 1 ? *p : size == 2 ? ld16(p) : ld32(p);
	}
	return bus_mem_read(cpu->bus, phys, size);
}

void mmu_write_slow(struct cpu *cpu, u32 lin, u32 val, int size)
{
	check_align(cpu, lin, size);
	if (((lin + size - 1) ^ lin) & PAGE_MASK) {
		/* Both pages must be writable before any byte is written. */
		u32 last = lin + size - 1;
		u32 p0 = mmu_translate(cpu, lin, ACC_WRITE);
		u32 p1 = mmu_translate(cpu, last, ACC_WRITE);
		if (unlikely(cpu->dr_data))
			dr_check_data(cpu, lin, size, true);
		for (int k = 0; k < size; k++) {
			u32 l = lin + k;
			u32 p = ((l ^ lin) & PAGE_MASK) ? (p1 & PAGE_MASK) | (l & ~PAGE_MASK)
							 : p0 + k;
			bus_mem_write(cpu->bus, p, (val >> (8 * k)) & 0xFF, 1);
		}
		return;
	}
	u32 phys = mmu_translate(cpu, lin, ACC_WRITE);
	if (unlikely(cpu->dr_data))
		dr_check_data(cpu, lin, size, true);
	bus_mem_write(cpu->bus, phys, val, size);
}

/*
 * Implicit supervisor accesses (SDM 4.6: descriptor tables, IDT, TSS are
 * accessed with supervisor rights whatever the CPL). At CPL 3 the
 * supervisor TLB is borrowed for the access; a fault inside restores the
 * right one (cpu_fault calls mmu_select_tlb).
 */
u32 mmu_sys_read(struct cpu *cpu, u32 lin, int size)
{
	struct tlb_entry *t = cpu->tlb;
	cpu->tlb = cpu->tlb_sup;
	u32 v = lin_read(cpu, lin, size);
	cpu->tlb = t;
	return v;
}

void mmu_sys_write(struct cpu *cpu, u32 lin, u32 val, int size)
{
	struct tlb_entry *t = cpu->tlb;
	cpu->tlb = cpu->tlb_sup;
	lin_write(cpu, lin, val, size);
	cpu->tlb = t;
}

void mmu_select_tlb(struct cpu *cpu)
{
	pmc_sync(cpu);		/* the CPL may have changed: split the count here */
	struct tlb_entry *t = cpu->cpl == 3 ? cpu->tlb_user : cpu->tlb_sup;
	if (t != cpu->tlb) {
		cpu->tlb = t;
		/* Block links skip the fetch check: none may cross the change. */
		cpu_links_stale(cpu);
	}
	/*
	 * Alignment checking (SDM 3A 6.15, interrupt 17): CR0.AM, EFLAGS.AC and
	 * CPL 3. While it is on, the CPL-3 TLB holds no read/write tags, so
	 * every user data access takes the slow path, which checks alignment;
	 * nothing is checked on the fast path otherwise.
	 */
	bool ac = (cpu->cr0 & CR0_AM) && (cpu->eflags & FLAG_AC) && cpu->model >= CPU_486;
	if (ac != cpu->ac_check) {
		cpu->ac_check = ac;
		if (ac)
			for (unsigned k = 0; k < TLB_SIZE; k++)
				cpu->tlb_user[k].tag_read = cpu->tlb_user[k].tag_write = TLB_INVALID;
	}
}


/* ---------------- for the debugger ---------------- */

int mmu_probe(struct cpu *cpu, u32 lin, u32 *phys, u32 *pte)
{
	if (!(cpu->cr0 & CR0_PG)) {
		*phys = lin & cpu->bus->a20_mask;
		if (pte)
			*pte = PTE_P | PTE_RW | PTE_US;
		return 0;
	}
	struct walk w;
	if (walk(cpu, lin, ACC_READ, false, true, &w))
		return -1;
	*phys = w.phys & cpu->bus->a20_mask;
	if (pte)
		*pte = w.leaf;
	return 0;
}

static int dump_one(const struct tlb_entry *t, bool user, struct tlb_info *out, int n, int max)
{
	for (unsigned k = 0; k < TLB_SIZE && n < max; k++) {
		const struct tlb_entry *e = &t[k];
		u32 page = e->tag_read != TLB_INVALID ? e->tag_read
			 : e->tag_fetch != TLB_INVALID ? e->tag_fetch : e->tag_write;
		if (page == TLB_INVALID)
			continue;
		out[n] = (struct tlb_info){
			.lin = page, .phys = e->phys, .user = user,
			.read = e->tag_read == page, .write = e->tag_write == page,
			.fetch = e->tag_fetch == page, .global = !!(e->flags & TLBE_GLOBAL),
		};
		n++;
	}
	return n;
}

int mmu_tlb_dump(const struct cpu *cpu, struct tlb_info *out, int max)
{
	int n = dump_one(cpu->tlb_sup, false, out, 0, max);
	return dump_one(cpu->tlb_user, true, out, n, max);
}
