/*
 * Linear to physical translation and the software TLB (SDM vol. 3A ch. 4
 * for paging; the TLB itself is the emulator's, not the hardware's).
 *
 * The TLB is direct-mapped on the linear page number. Each entry has one tag
 * per kind of access (read, write, fetch), so a page can be readable on the
 * fast path but have every write go through the bus: that is how ROM, pages
 * holding decoded code (SMC detection) and, later, read-only or dirty-bit
 * tracking pages work. MMIO pages never get a tag: bus_host_page() returns
 * NULL for them, so every access to them reaches the device.
 *
 * Without paging, physical = linear & A20 mask. The page walks (2-level,
 * PSE, PAE, accessed/dirty bits, #PF) belong in mmu_walk(); cpu-sys owns it.
 */
#include "emu/cpu_internal.h"

void mmu_flush_tlb(struct cpu *cpu)
{
	for (unsigned k = 0; k < TLB_SIZE; k++) {
		struct tlb_entry *e = &cpu->tlb[k];
		e->tag_read = e->tag_write = e->tag_fetch = TLB_INVALID;
	}
	cpu->tlb_flushes++;
}

void mmu_flush_page(struct cpu *cpu, u32 lin)
{
	struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (e->tag_read == (lin & PAGE_MASK) || e->tag_write == (lin & PAGE_MASK) ||
	    e->tag_fetch == (lin & PAGE_MASK))
		e->tag_read = e->tag_write = e->tag_fetch = TLB_INVALID;
}

void mmu_protect_code_page(struct cpu *cpu, u32 phys)
{
	phys &= PAGE_MASK;
	for (unsigned k = 0; k < TLB_SIZE; k++)
		if (cpu->tlb[k].phys == phys)
			cpu->tlb[k].tag_write = TLB_INVALID;
}

/*
 * The page walk: linear -> physical for an access of kind acc, raising #PF
 * when the page tables say no. Only called with CR0.PG set.
 * cpu-sys: the 2-level / PSE / PAE walks, A/D bits, U/S and R/W (with
 * CR0.WP) checks and CR2 go here. Until then paging is an identity map.
 */
static u32 mmu_walk(struct cpu *cpu, u32 lin, int acc)
{
	(void)cpu;
	(void)acc;
	return lin;
}

/* Translate lin for acc and fill the TLB entry's tag when the page is plain
 * memory. Returns the physical address. */
u32 mmu_translate(struct cpu *cpu, u32 lin, int acc)
{
	u32 phys = (cpu->cr0 & CR0_PG) ? mmu_walk(cpu, lin, acc) : lin;
	phys &= cpu->bus->a20_mask;

	u32 page = lin & PAGE_MASK, ppage = phys & PAGE_MASK;
	struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	u8 *host = bus_host_page(cpu->bus, ppage, acc == ACC_WRITE);
	if (!host)
		return phys;
	uintptr_t h = (uintptr_t)host - page;
	if (e->phys != ppage || e->host != h ||
	    (e->tag_read != page && e->tag_write != page && e->tag_fetch != page)) {
		e->tag_read = e->tag_write = e->tag_fetch = TLB_INVALID;
		e->phys = ppage;
		e->host = h;
	}
	if (acc == ACC_WRITE)
		e->tag_write = e->tag_read = page;
	else if (acc == ACC_READ)
		e->tag_read = page;
	else
		e->tag_fetch = page;
	return phys;
}

u32 mmu_read_slow(struct cpu *cpu, u32 lin, int size)
{
	if (((lin + size - 1) ^ lin) & PAGE_MASK) {
		/* Split across pages: byte by byte, each byte translated. */
		u32 v = 0;
		for (int k = 0; k < size; k++)
			v |= lin_read(cpu, lin + k, 1) << (8 * k);
		return v;
	}
	u32 phys = mmu_translate(cpu, lin, ACC_READ);
	const struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (e->tag_read == (lin & PAGE_MASK)) {
		const u8 *p = (const u8 *)(e->host + lin);
		return size == 1 ? *p : size == 2 ? ld16(p) : ld32(p);
	}
	return bus_mem_read(cpu->bus, phys, size);
}

void mmu_write_slow(struct cpu *cpu, u32 lin, u32 val, int size)
{
	if (((lin + size - 1) ^ lin) & PAGE_MASK) {
		/* Both pages must be writable before any byte is written. */
		u32 last = lin + size - 1;
		u32 p0 = mmu_translate(cpu, lin, ACC_WRITE);
		u32 p1 = mmu_translate(cpu, last, ACC_WRITE);
		for (int k = 0; k < size; k++) {
			u32 l = lin + k;
			u32 p = ((l ^ lin) & PAGE_MASK) ? (p1 & PAGE_MASK) | (l & ~PAGE_MASK)
							 : p0 + k;
			bus_mem_write(cpu->bus, p, (val >> (8 * k)) & 0xFF, 1);
		}
		return;
	}
	u32 phys = mmu_translate(cpu, lin, ACC_WRITE);
	bus_mem_write(cpu->bus, phys, val, size);
}
