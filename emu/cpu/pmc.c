/*
 * The P6's performance-monitoring counters (SDM vol. 3B, "Performance
 * Monitoring Events" and the P6 family's PerfEvtSel layout): PerfEvtSel0/1
 * (MSR 0x186/0x187) choose what PerfCtr0/1 (MSR 0xC1/0xC2, 40 bits; RDPMC
 * reads them too) count. EN (bit 22) exists in PerfEvtSel0 only and starts
 * or stops both counters. USR (bit 16) counts at CPL 1-3, OS (bit 17) at
 * CPL 0.
 *
 * Lucid's clock ticks once per instruction, so the two events Linux's perf
 * uses as its basic ones are the same count: 0xC0 (INST_RETIRED) and 0x79
 * (CPU_CLK_UNHALTED: HLT stops it, and a halted CPU retires nothing). Every
 * other event stays at its value (there is no cache, bus or branch
 * predictor to count). E, INV and CMASK are kept and read back but change
 * nothing; INT does nothing, as the model has no local APIC to deliver a
 * counter overflow to.
 *
 * Counting costs nothing per instruction: pmc_sync() adds the instructions
 * run since the last sync to the counters that count the privilege they ran
 * at. It runs whenever the CPL may change (mmu_select_tlb, from
 * cpu_update_mode and cpu_fault) and before a counter or selector is read
 * or written, so the split between USR and OS is exact to the instruction
 * that changes the privilege.
 */
#include "emu/cpu/cpu_internal.h"

#define EVTSEL_USR (1u << 16)
#define EVTSEL_OS (1u << 17)
#define EVTSEL_EN (1u << 22)
#define PMC_MASK ((1ull << 40) - 1)

static bool counts_instructions(u32 sel)
{
	u8 ev = sel & 0xFF;
	return ev == 0xC0 || ev == 0x79;
}

void pmc_sync(struct cpu *cpu)
{
	u64 now = cpu->clock->icount;
	u64 n = now - cpu->pmc.mark;
	bool os = cpu->pmc.os;
	cpu->pmc.mark = now;
	cpu->pmc.os = cpu->cpl == 0;
	if (!n || !(cpu->pmc.sel[0] & EVTSEL_EN))
		return;
	for (int k = 0; k < 2; k++) {
		u32 sel = cpu->pmc.sel[k];
		if (counts_instructions(sel) && (sel & (os ? EVTSEL_OS : EVTSEL_USR)))
			cpu->pmc.ctr[k] = (cpu->pmc.ctr[k] + n) & PMC_MASK;
	}
}

/* MSRs: 0 done (*v read), -1 not a counter MSR. */
int pmc_rdmsr(struct cpu *cpu, u32 msr, u64 *v)
{
	if (cpu->model < CPU_P6 || cpu->p6_model3)
		return -1;
	pmc_sync(cpu);
	switch (msr) {
	case MSR_PERFCTR0: *v = cpu->pmc.ctr[0]; return 0;
	case MSR_PERFCTR1: *v = cpu->pmc.ctr[1]; return 0;
	case MSR_PERFEVTSEL0: *v = cpu->pmc.sel[0]; return 0;
	case MSR_PERFEVTSEL1: *v = cpu->pmc.sel[1]; return 0;
	}
	return -1;
}

int pmc_wrmsr(struct cpu *cpu, u32 msr, u64 v)
{
	if (cpu->model < CPU_P6 || cpu->p6_model3)
		return -1;
	pmc_sync(cpu);
	switch (msr) {
	/* The P6 writes the low 32 bits, sign-extended to 40. */
	case MSR_PERFCTR0: cpu->pmc.ctr[0] = (u64)(s64)(s32)v & PMC_MASK; return 0;
	case MSR_PERFCTR1: cpu->pmc.ctr[1] = (u64)(s64)(s32)v & PMC_MASK; return 0;
	case MSR_PERFEVTSEL0:
	case MSR_PERFEVTSEL1:
		if (v >> 32)
			raise_gp(cpu, 0);
		cpu->pmc.sel[msr - MSR_PERFEVTSEL0] = (u32)v;
		return 0;
	}
	return -1;
}

/* 0F 33: RDPMC. ECX selects the counter; CPL 0 or CR4.PCE, #GP otherwise
 * and for a counter the model lacks. */
void op_rdpmc(struct cpu *cpu, const struct insn *i)
{
	if (cpu->p6_model3)
		raise_ud(cpu);
	if (cpu->pe && cpu->cpl != 0 && !(cpu->cr4 & CR4_PCE))
		raise_gp(cpu, 0);
	u32 n = cpu->regs[R_ECX];
	if (n > 1)
		raise_gp(cpu, 0);
	pmc_sync(cpu);
	u64 v = cpu->pmc.ctr[n];
	cpu->regs[R_EAX] = (u32)v;
	cpu->regs[R_EDX] = (u32)(v >> 32);
	cpu->eip += i->len;
}
