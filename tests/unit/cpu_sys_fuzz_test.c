/*
 * Garbage in the system structures (the guest must never crash the
 * emulator, whatever it loads): RAM filled with
 * pseudo-random bytes, GDTR/IDTR/LDTR/TR/CR3/CR4 pointing into it (or past
 * the end of RAM, where the bus answers open bus), paging on or off, CPL 0
 * or 3, then 20000 instructions of the same garbage as code. Every seed must
 * come back from cpu_run with the CPU in a coherent state: the guest gets
 * architectural faults, double faults, triple faults and resets, never a
 * host crash or an access outside guest RAM (run under ASan to see that).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"
#include "emu/lib/log.h"

static struct bus fbus;
static struct clock fclk;
static struct cpu *fcpu;

static void setup(void)
{
	cr_assert_eq(bus_init(&fbus, 2 << 20), 0);
	clock_init(&fclk, 0);
	fcpu = cpu_create(&fbus, &fclk, CPU_P6);
	cr_assert_not_null(fcpu);
}

static void teardown(void)
{
	cpu_destroy(fcpu);
	bus_free(&fbus);
}

TestSuite(cpu_sys_fuzz, .init = setup, .fini = teardown, .timeout = 60);

static u32 rng;
static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* An address mostly inside RAM, sometimes far outside it. */
static u32 rnd_addr(void)
{
	return (rnd() & 7) ? rnd() % (2 << 20) : rnd();
}

Test(cpu_sys_fuzz, garbage_tables_never_crash)
{
	u64 resets = 0, faults = 0;
	enum log_level saved = log_level;
	log_level = LOG_ERROR;	/* hundreds of triple-fault warnings otherwise */
	for (u32 seed = 1; seed <= 300; seed++) {
		rng = seed * 2654435761u;
		for (u32 k = 0; k < fbus.ram_size; k += 4)
			st32(fbus.ram + k, rnd());
		cpu_reset(fcpu);
		cpu_setup_flat32(fcpu);
		fcpu->gdtr = (struct dtr){ rnd_addr(), rnd() & 0xFFFF };
		fcpu->idtr = (struct dtr){ rnd_addr(), rnd() & 0x7FF };
		fcpu->ldtr.sel = rnd() & 0xFFFC;
		fcpu->ldtr.base = rnd_addr();
		fcpu->ldtr.limit = rnd() & 0xFFFF;
		fcpu->tr.sel = rnd() & 0xFFF8;
		fcpu->tr.base = rnd_addr();
		fcpu->tr.limit = rnd() & 0x3FFF;
		fcpu->tr.attr = (rnd() & 1) ? 0x8B : 0x83;
		fcpu->cr3 = rnd_addr() & ~0xFFFu;
		fcpu->cr4 = rnd() & (CR4_PSE | CR4_PAE | CR4_PGE | CR4_DE);
		if (rnd() & 1)
			fcpu->cr0 |= CR0_PG;
		if (rnd() & 1)
			fcpu->cr0 |= CR0_WP;
		fcpu->eflags = (rnd() & 0x3F7D5u) | 2;
		if (rnd() & 1) {
			/* CPL 3 with flat ring-3 segments. */
			fcpu->cpl = 3;
			seg_set_cache(fcpu, SEG_CS, 0x1B, 0, 0xFFFFFFFFu, 0xC0FB);
			seg_set_cache(fcpu, SEG_SS, 0x23, 0, 0xFFFFFFFFu, 0xC0F3);
		}
		fcpu->dr[7] = rnd() & 0xFFFF00FFu;
		for (int n = 0; n < 4; n++)
			fcpu->dr[n] = rnd_addr();
		dr_update(fcpu);
		mmu_flush_tlb(fcpu);
		if (seed & 1) {
			/* Half the seeds get tables that mostly make sense, so
			 * delivery, gates and tasks get further than the first
			 * fault: flat code/data at 0x08/0x10 (and ring 3 at
			 * 0x18/0x20), random gates, a TSS with a ring-0 stack. */
			fcpu->gdtr = (struct dtr){ 0x1000, 0x3FF };
			st64(fbus.ram + 0x1008, 0x00CF9A000000FFFFull);
			st64(fbus.ram + 0x1010, 0x00CF92000000FFFFull);
			st64(fbus.ram + 0x1018, 0x00CFFA000000FFFFull);
			st64(fbus.ram + 0x1020, 0x00CFF2000000FFFFull);
			st64(fbus.ram + 0x1028, 0x0000890030002068ull);
			fcpu->idtr = (struct dtr){ 0x2000, 0x7FF };
			static const u16 types[] = { 0x8E00, 0xEE00, 0x8F00, 0x8500, 0x8C00 };
			for (int v = 0; v < 256; v++) {
				u32 off = rnd_addr(), sel = (rnd() & 3) ? 0x08 : rnd() & 0xFFFF;
				u32 t = types[rnd() % 5];
				st32(fbus.ram + 0x2000 + 8 * v, (sel << 16) | (off & 0xFFFF));
				st32(fbus.ram + 0x2004 + 8 * v, (off & 0xFFFF0000u) | t);
			}
			st32(fbus.ram + 0x3004, 0x80000);
			st32(fbus.ram + 0x3008, 0x10);
			fcpu->tr = (struct seg){ .sel = 0x28, .base = 0x3000, .limit = 0x2068, .attr = 0x8B };
		}
		fcpu->eip = rnd_addr();
		for (int r = 0; r < 8; r++)
			fcpu->regs[r] = rnd_addr();
		u64 start = fclk.icount;
		enum cpu_stop why = CPU_STOP_LIMIT;
		while (fclk.icount - start < 20000 && why != CPU_STOP_HALT) {
			why = cpu_run(fcpu, start + 20000);
			if (why == CPU_STOP_HALT)
				break;
		}
		faults += fcpu->tlb_stats.faults;
		resets += fcpu->pe == 0;
		/* Coherent state: the TLB in use matches the CPL. */
		cr_assert_eq(fcpu->tlb, fcpu->cpl == 3 ? fcpu->tlb_user : fcpu->tlb_sup);
		cr_assert(fcpu->cpl <= 3);
	}
	log_level = saved;
	cr_log_info("fuzz: %llu page faults, %llu runs ended in real mode (reset)",
		    (unsigned long long)faults, (unsigned long long)resets);
	/* Garbage must have exercised the fault paths at all. */
	cr_assert_gt(faults + resets, 0);
}
