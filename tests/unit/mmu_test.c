/*
 * The page walker and the TLB alone (emu/cpu/mmu.c): page tables written into
 * a bare 2 MiB RAM, CR0/CR3/CR4 set directly, translations asked for with
 * mmu_translate, and the results checked against SDM vol. 3A ch. 4: the
 * physical address, the #PF error code and CR2, the accessed and dirty
 * bits, global pages across CR3 loads, INVLPG and the statistics.
 */
#include <criterion/criterion.h>
#include <setjmp.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"

static struct bus mbus;
static struct clock mclk;
static struct cpu *cpu;

#define PD 0x10000u	/* page directory (or PAE PDPT) */
#define PT 0x11000u	/* page table */
#define PD2 0x12000u	/* PAE page directory */
#define PT2 0x13000u	/* PAE page table */

static void setup(void)
{
	cr_assert_eq(bus_init(&mbus, 2 << 20), 0);
	clock_init(&mclk, 0);
	cpu = cpu_create(&mbus, &mclk, CPU_P6);
	cr_assert_not_null(cpu);
	cpu_setup_flat32(cpu);
}

static void teardown(void)
{
	cpu_destroy(cpu);
	bus_free(&mbus);
}

TestSuite(mmu, .init = setup, .fini = teardown);

static u32 rd32(u32 a) { return ld32(mbus.ram + a); }
static void wr32(u32 a, u32 v) { st32(mbus.ram + a, v); }

/* Paging on with 32-bit tables at PD (cr4 extra bits as given). */
static void paging(u32 cr4)
{
	cpu->cr4 = cr4;
	cpu->cr3 = PD;
	cpu->cr0 |= CR0_PG;
	mmu_flush_tlb(cpu);
}

static void set_cpl(int cpl)
{
	cpu->cpl = cpl;
	mmu_select_tlb(cpu);
}

/* Translate; returns 0 and *phys, or -1 with *err = the #PF error code. */
static int xlate(u32 lin, int acc, u32 *out)
{
	if (setjmp(cpu->jmp)) {
		cr_assert_eq(cpu->exc_vector, EXC_PF);
		*out = cpu->exc_error;
		return -1;
	}
	*out = mmu_translate(cpu, lin, acc);
	return 0;
}

static u32 ok(u32 lin, int acc)
{
	u32 p;
	cr_assert_eq(xlate(lin, acc, &p), 0, "lin %08x acc %d faulted (err %x)", lin, acc, p);
	return p;
}

static u32 fault(u32 lin, int acc)
{
	u32 e;
	cr_assert_eq(xlate(lin, acc, &e), -1, "lin %08x acc %d did not fault", lin, acc);
	cr_assert_eq(cpu->cr2, lin, "CR2 %08x, expected %08x", cpu->cr2, lin);
	return e;
}

Test(mmu, identity_without_paging)
{
	cr_assert_eq(ok(0x12345, ACC_READ), 0x12345);
	cr_assert_eq(cpu->tlb_stats.misses, 0);
}

Test(mmu, two_level_4k_and_ad_bits)
{
	wr32(PD + 1 * 4, PT | 0x7);		/* 0x00400000: user, writable */
	wr32(PT + 5 * 4, 0x123000 | 0x7);	/* 0x00405000 -> 0x123000 */
	paging(0);
	cr_assert_eq(ok(0x00405ABC, ACC_READ), 0x123ABC);
	cr_assert_eq(rd32(PD + 4) & 0x60, 0x20, "PDE A set, D untouched");
	cr_assert_eq(rd32(PT + 20) & 0x60, 0x20, "PTE A set, not D, after a read");
	cr_assert_eq(ok(0x00405ABC, ACC_WRITE), 0x123ABC);
	cr_assert_eq(rd32(PT + 20) & 0x60, 0x60, "PTE D set by the write");
	cr_assert_eq(rd32(PD + 4) & 0x40, 0, "PDE D never set for a table");
}

Test(mmu, not_present_error_codes)
{
	wr32(PD + 1 * 4, PT | 0x7);
	paging(0);
	cr_assert_eq(fault(0x00800000, ACC_READ), 0x0, "PDE absent, supervisor read");
	cr_assert_eq(fault(0x00406010, ACC_WRITE), 0x2, "PTE absent, supervisor write");
	set_cpl(3);
	cr_assert_eq(fault(0x00406010, ACC_WRITE), 0x6, "PTE absent, user write");
	cr_assert_eq(fault(0x00406010, ACC_FETCH), 0x4, "PTE absent, user fetch");
	cr_assert_eq(cpu->tlb_stats.faults, 4);
}

Test(mmu, read_only_with_and_without_wp)
{
	wr32(PD, PT | 0x7);
	wr32(PT + 4 * 4, 0x4000 | 0x5);		/* read-only user page */
	paging(0);
	cr_assert_eq(ok(0x4008, ACC_WRITE), 0x4008, "WP=0: supervisor writes read-only pages");
	cr_assert_eq(rd32(PT + 16) & 0x60, 0x60);
	cpu->cr0 |= CR0_WP;
	mmu_flush_tlb(cpu);
	cr_assert_eq(fault(0x4008, ACC_WRITE), 0x3, "WP=1: protection, write, supervisor");
	cr_assert_eq(ok(0x4008, ACC_READ), 0x4008);
	set_cpl(3);
	cr_assert_eq(fault(0x400C, ACC_WRITE), 0x7, "user write to read-only");
	cpu->cr0 &= ~CR0_WP;
	mmu_flush_tlb(cpu);
	cr_assert_eq(fault(0x400C, ACC_WRITE), 0x7, "WP does not matter to users");
}

Test(mmu, user_to_supervisor_page)
{
	wr32(PD, PT | 0x3);			/* PDE supervisor: the whole 4 MiB is */
	wr32(PT + 7 * 4, 0x7000 | 0x7);
	paging(0);
	cr_assert_eq(ok(0x7000, ACC_READ), 0x7000);	/* fills the supervisor TLB */
	wr32(PT + 7 * 4, 0x7000 | 0x7);			/* clear A again */
	set_cpl(3);
	cr_assert_eq(fault(0x7000, ACC_READ), 0x5, "the CPL-3 TLB must not reuse it");
	cr_assert_eq(rd32(PT + 28) & 0x20, 0, "no A bit on a faulting access");
	/* The implicit supervisor path still reads it at CPL 3. */
	if (!setjmp(cpu->jmp))
		mmu_sys_read(cpu, 0x7000, 4);
	else
		cr_assert_fail("implicit supervisor access faulted");
	cr_assert_eq(cpu->tlb, cpu->tlb_user, "the user TLB is back after the access");
}

Test(mmu, pse_4m_pages)
{
	wr32(PD + 2 * 4, 0x00C00000 | 0x83);	/* PS: 0x00800000 -> 0x00C00000 */
	paging(CR4_PSE);
	cr_assert_eq(ok(0x00812345, ACC_WRITE), 0x00C12345);
	cr_assert_eq(rd32(PD + 8) & 0x60, 0x60, "A and D on the 4 MiB PDE");
	/* Without CR4.PSE the PS bit is ignored: the PDE points at a table. */
	wr32(PD + 2 * 4, PT | 0x83);
	wr32(PT + 0x12 * 4, 0x55000 | 0x3);
	paging(0);
	cr_assert_eq(ok(0x00812345, ACC_READ), 0x55345);
}

static void pae_tables(void)
{
	memset(mbus.ram + PD, 0, 0x4000);
	wr32(PD + 0 * 8, PD2 | 1);		/* PDPTE 0: 0-1 GiB */
	wr32(PD2 + 1 * 8, 0x00600000 | 0x87);	/* 2 MiB page: 0x00200000 -> 0x00600000 */
	wr32(PD2 + 2 * 8, PT2 | 0x7);		/* 0x00400000: table */
	wr32(PT2 + 3 * 8, 0x00099000 | 0x7);	/* 0x00403000 -> 0x99000 */
	wr32(PT2 + 4 * 8, 0x0009A000 | 0x7);
	wr32(PT2 + 4 * 8 + 4, 0x00100000);	/* bit 52: reserved */
}

Test(mmu, pae_2m_4k_and_reserved_bits)
{
	pae_tables();
	paging(CR4_PAE);
	cr_assert_eq(ok(0x00234567, ACC_READ), 0x00634567);
	cr_assert_eq(ok(0x00403FFF, ACC_WRITE), 0x00099FFF);
	cr_assert_eq(rd32(PD2 + 16) & 0x60, 0x20, "PAE PDE accessed");
	cr_assert_eq(rd32(PT2 + 24) & 0x60, 0x60, "PAE PTE accessed and dirty");
	cr_assert_eq(fault(0x00404000, ACC_READ), 0x9, "reserved bit: P|RSVD");
	cr_assert_eq(fault(0x40000000, ACC_READ), 0x0, "PDPTE 1 not present");
	cr_assert_eq(fault(0x00A00000, ACC_WRITE), 0x2, "PDE not present");
}

/* Execute disable (cpu_set_nx): bit 63 is XD with EFER.NXE, reserved without. */
Test(mmu, pae_nx_xd_bit)
{
	pae_tables();
	wr32(PT2 + 3 * 8 + 4, 0x80000000u);	/* 0x00403000: XD */
	wr32(PD2 + 1 * 8 + 4, 0x80000000u);	/* the 2 MiB page: XD at the PDE */
	paging(CR4_PAE);
	cr_assert_eq(fault(0x00403000, ACC_READ), 0x9, "without NXE, bit 63 is reserved");
	cpu->model = CPU_P6;
	cpu_set_nx(cpu, true);
	cpu->efer = EFER_NXE;
	mmu_flush_tlb(cpu);
	cr_assert_eq(ok(0x00403010, ACC_READ), 0x00099010, "an XD page reads");
	cr_assert_eq(ok(0x00403010, ACC_WRITE), 0x00099010, "... and writes");
	cr_assert_eq(fault(0x00403010, ACC_FETCH), 0x11, "a fetch from it: P|I/D (cached for reads)");
	mmu_flush_tlb(cpu);
	cr_assert_eq(fault(0x00403010, ACC_FETCH), 0x11, "a fetch from it, uncached");
	cr_assert_eq(fault(0x00234567, ACC_FETCH), 0x11, "XD on a 2 MiB page's PDE");
	wr32(PT2 + 5 * 8, 0x0009B000 | 0x7);
	cr_assert_eq(ok(0x00405004, ACC_FETCH), 0x0009B004, "a page without XD runs");
	cr_assert_eq(fault(0x00A00000, ACC_FETCH), 0x10, "not present: I/D alone");
	cr_assert_eq(fault(0x00A00000, ACC_READ), 0x0, "... only on fetches");
}

Test(mmu, tlb_keeps_stale_entry_until_invlpg)
{
	wr32(PD, PT | 0x7);
	wr32(PT + 8 * 4, 0x20000 | 0x7);
	paging(0);
	cr_assert_eq(ok(0x8000, ACC_READ), 0x20000);
	u64 misses = cpu->tlb_stats.misses;
	wr32(PT + 8 * 4, 0x30000 | 0x7);	/* remap behind the TLB's back */
	cr_assert_eq(ok(0x8004, ACC_READ), 0x20004, "stale until flushed (SDM 4.10.4)");
	cr_assert_eq(cpu->tlb_stats.misses, misses);
	cr_assert_eq(cpu->tlb_stats.hits, 1);
	mmu_flush_page(cpu, 0x8FFF);
	cr_assert_eq(cpu->tlb_stats.page_flushes, 1);
	cr_assert_eq(ok(0x8004, ACC_READ), 0x30004);
	cr_assert_eq(cpu->tlb_stats.misses, misses + 1);
}

Test(mmu, write_after_read_walks_again_for_dirty)
{
	wr32(PD, PT | 0x7);
	wr32(PT + 9 * 4, 0x21000 | 0x7);
	paging(0);
	ok(0x9000, ACC_READ);
	cr_assert_eq(rd32(PT + 36) & 0x40, 0);
	u64 misses = cpu->tlb_stats.misses;
	ok(0x9000, ACC_WRITE);
	cr_assert_eq(cpu->tlb_stats.misses, misses + 1, "a clean entry cannot take a write");
	cr_assert_eq(rd32(PT + 36) & 0x40, 0x40);
}

Test(mmu, global_pages_survive_cr3_loads)
{
	wr32(PD, PT | 0x7);
	wr32(PT + 1 * 4, 0x40000 | 0x107);	/* global */
	wr32(PT + 2 * 4, 0x41000 | 0x007);	/* not global */
	paging(CR4_PGE);
	ok(0x1000, ACC_READ);
	ok(0x2000, ACC_READ);
	wr32(PT + 1 * 4, 0x50000 | 0x107);
	wr32(PT + 2 * 4, 0x51000 | 0x007);
	cpu_write_cr(cpu, 3, PD);
	cr_assert_eq(cpu->tlb_stats.cr3_loads, 1);
	cr_assert_eq(ok(0x1000, ACC_READ), 0x40000, "global entry kept");
	cr_assert_eq(ok(0x2000, ACC_READ), 0x51000, "non-global entry flushed");
	mmu_flush_page(cpu, 0x1000);
	cr_assert_eq(ok(0x1000, ACC_READ), 0x50000, "INVLPG drops global entries too");
	/* Without PGE, the G bit means nothing. */
	wr32(PT + 1 * 4, 0x60000 | 0x107);
	cpu_write_cr(cpu, 4, 0);
	ok(0x1000, ACC_READ);
	wr32(PT + 1 * 4, 0x61000 | 0x107);
	cpu_write_cr(cpu, 3, PD);
	cr_assert_eq(ok(0x1000, ACC_READ), 0x61000);
}

Test(mmu, tables_outside_ram_read_as_open_bus)
{
	wr32(PD, 0x40000000u | 0x7);		/* table far beyond the 2 MiB of RAM */
	paging(0);
	/* Open bus reads all ones: present, user, writable, frame 0xFFFFF000. */
	cr_assert_eq(ok(0x3123, ACC_READ), 0xFFFFF123);
	/* PAE frames above 4 GiB also read as open bus. */
	memset(mbus.ram + PD, 0, 0x4000);
	wr32(PD, PD2 | 1);
	wr32(PD2, PT2 | 7);
	wr32(PT2 + 8, 0x5000 | 7);
	wr32(PT2 + 12, 0x1);			/* frame 0x1_0000_5000 */
	paging(CR4_PAE);
	cr_assert_eq(ok(0x1000, ACC_READ), 0xFFFFFFFFu);
}

Test(mmu, probe_and_dump)
{
	wr32(PD, PT | 0x7);
	wr32(PT + 3 * 4, 0x33000 | 0x7);
	wr32(PT + 4 * 4, 0x34000 | 0x107);
	paging(CR4_PGE);
	u32 phys, pte;
	cr_assert_eq(mmu_probe(cpu, 0x3010, &phys, &pte), 0);
	cr_assert_eq(phys, 0x33010);
	cr_assert_eq(pte & 0x7, 7);
	cr_assert_eq(rd32(PT + 12) & 0x20, 0, "probe sets no A bit");
	cr_assert_eq(mmu_probe(cpu, 0x9000, &phys, NULL), -1);
	cr_assert_eq(cpu->tlb_stats.misses, 0, "probe does not count as a walk");
	ok(0x3000, ACC_WRITE);
	ok(0x4000, ACC_FETCH);
	struct tlb_info info[8];
	int n = mmu_tlb_dump(cpu, info, 8);
	cr_assert_eq(n, 2);
	bool seen3 = false, seen4 = false;
	for (int k = 0; k < n; k++) {
		if (info[k].lin == 0x3000) {
			seen3 = true;
			cr_assert(info[k].read && info[k].write && !info[k].fetch);
			cr_assert_eq(info[k].phys, 0x33000);
		}
		if (info[k].lin == 0x4000) {
			seen4 = true;
			cr_assert(info[k].fetch && !info[k].write && info[k].global);
		}
	}
	cr_assert(seen3 && seen4);
}
