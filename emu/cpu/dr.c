/*
 * Single-step and the debug registers (SDM vol. 3A ch. 17): EFLAGS.TF
 * single-step traps (17.3.1.4), instruction breakpoints as faults with
 * EFLAGS.RF (17.3.1.1) and data breakpoints as traps (17.3.1.2) from
 * DR0-DR3 under DR7, with the status in DR6 (B0-B3, BS).
 *
 * None of it costs anything while unused. The run loop steps one
 * instruction at a time only while TF is set or an instruction breakpoint
 * is enabled (dr_exec); data breakpoints keep the watched pages' read and
 * write tags out of the TLB (dr_watch_page), so only accesses to those
 * pages reach mmu_read_slow/mmu_write_slow, which call dr_check_data; a hit
 * ends the block and the run loop delivers the #DB trap before the next
 * instruction.
 */
#include "emu/cpu/cpu_internal.h"

#define DR6_BS 0x4000u

static inline bool dr_enabled(const struct cpu *cpu, int n)
{
	return (cpu->dr[7] >> (2 * n)) & 3;
}

static inline int dr_rw(const struct cpu *cpu, int n)
{
	return (cpu->dr[7] >> (16 + 4 * n)) & 3;
}

/* Breakpoint length in bytes: LEN 00, 01, 11 = 1, 2, 4 (10 is undefined
 * before the Pentium 4; taken as 8 like later CPUs). */
static inline u32 dr_len(const struct cpu *cpu, int n)
{
	static const u8 len[4] = { 1, 2, 8, 4 };
	return len[(cpu->dr[7] >> (18 + 4 * n)) & 3];
}

void dr_update(struct cpu *cpu)
{
	u8 exec = 0, data = 0;
	for (int n = 0; n < 4; n++) {
		if (!dr_enabled(cpu, n))
			continue;
		if (dr_rw(cpu, n) == 0)
			exec++;
		else if (dr_rw(cpu, n) & 1)
			data++;	/* 01 writes, 11 reads and writes (10: I/O, not modelled) */
	}
	bool flush = data || cpu->dr_data;
	cpu->dr_exec = exec;
	cpu->dr_data = data;
	if (flush)
		mmu_flush_tlb(cpu);	/* watched pages must leave the TLB */
}

bool dr_watch_page(const struct cpu *cpu, u32 page)
{
	for (int n = 0; n < 4; n++) {
		if (!dr_enabled(cpu, n) || !(dr_rw(cpu, n) & 1))
			continue;
		u32 a = cpu->dr[n] & ~(dr_len(cpu, n) - 1);
		if ((a & PAGE_MASK) == page || ((a + dr_len(cpu, n) - 1) & PAGE_MASK) == page)
			return true;
	}
	return false;
}

void dr_check_data(struct cpu *cpu, u32 lin, int size, bool write)
{
	u32 hits = 0;
	for (int n = 0; n < 4; n++) {
		int rw = dr_rw(cpu, n);
		if (!dr_enabled(cpu, n) || !(rw & 1) || (rw == 1 && !write))
			continue;
		u32 len = dr_len(cpu, n);
		u32 a = cpu->dr[n] & ~(len - 1);
		if (lin <= a + len - 1 && a <= lin + size - 1)
			hits |= 1u << n;
	}
	if (hits) {
		cpu->dr_pending |= hits;
		cpu_end_block(cpu);
	}
}

static void deliver_db(struct cpu *cpu, u32 status)
{
	cpu->dr[6] = (cpu->dr[6] & ~0xFu) | status;
	intr_deliver(cpu, EXC_DB, INTR_EXCEPTION, false, 0, cpu->eip);
}

bool dr_before(struct cpu *cpu)
{
	if (cpu->dr_pending) {
		u32 p = cpu->dr_pending;
		cpu->dr_pending = 0;
		deliver_db(cpu, p);
		return true;
	}
	/* A REP string resuming after it yielded between iterations (not
	 * after an interrupt) is the same execution: no second fault. */
	if (cpu->dr_exec && !(cpu->eflags & FLAG_RF) && !cpu->rep_resume) {
		u32 lin = cpu->seg[SEG_CS].base + cpu->eip, hits = 0;
		for (int n = 0; n < 4; n++)
			if (dr_enabled(cpu, n) && dr_rw(cpu, n) == 0 && cpu->dr[n] == lin)
				hits |= 1u << n;
		if (hits) {
			/* A fault: EIP stays on the instruction; the handler sets
			 * RF in the image it returns to, to get past it. */
			cpu->dr[6] = (cpu->dr[6] & ~0xFu) | hits;
			cpu_fault(cpu, EXC_DB, NO_ERR);
		}
	}
	/* RF is cleared at the start of each instruction, after the code
	 * breakpoint check (SDM 3A 17.3.1.1); IRET and task switches may set
	 * it again for the next one. */
	cpu->eflags &= ~FLAG_RF;
	return false;
}

void dr_after(struct cpu *cpu, bool tf, u32 deliveries)
{
	u32 status = cpu->dr_pending;
	cpu->dr_pending = 0;
	/* No single-step trap for an instruction that raised an interrupt
	 * (INT n, INT3, INTO clear TF on the way into the handler). */
	if (tf && deliveries == cpu->deliveries)
		status |= DR6_BS;
	if (!status)
		return;
	cpu->dr[6] |= status & DR6_BS;
	deliver_db(cpu, status & 0xFu);
}
