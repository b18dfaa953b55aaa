/*
 * Hardware task switches (SDM vol. 3A ch. 7): JMP or CALL to a TSS
 * descriptor or a task gate, an interrupt through an IDT task gate, and
 * IRET with EFLAGS.NT back to the task in the back link. 32-bit TSSs
 * (figure 7-2) and 16-bit ones (figure 7-11) on either side.
 *
 * The order is the one of 7.3: check the new TSS, save the outgoing state
 * into the current TSS, update the busy bits and NT/back link, load TR and
 * then the incoming state; faults found while loading the new segment
 * registers are taken in the context of the new task, as the SDM says.
 * TSS and descriptor accesses are supervisor accesses (mmu_sys_*).
 */
#include "emu/cpu/cpu_internal.h"

/* TSS offsets (32-bit / 16-bit). */
#define T32_CR3 0x1C
#define T32_EIP 0x20
#define T32_EFLAGS 0x24
#define T32_REGS 0x28		/* EAX ECX EDX EBX ESP EBP ESI EDI */
#define T32_SEGS 0x48		/* ES CS SS DS FS GS, 4 bytes each */
#define T32_LDT 0x60
#define T16_IP 0x0E
#define T16_FLAGS 0x10
#define T16_REGS 0x12		/* AX CX DX BX SP BP SI DI */
#define T16_SEGS 0x22		/* ES CS SS DS, 2 bytes each */
#define T16_LDT 0x2A

static inline bool tss32(u16 attr) { return SEGA_TYPE(attr) & 8; }

/* Flip the busy bit of the TSS descriptor sel in the GDT. */
static void set_busy(struct cpu *cpu, u16 sel, bool busy)
{
	u32 lin = cpu->gdtr.base + (sel & ~7u) + 5;
	u8 b = mmu_sys_read(cpu, lin, 1);
	b = busy ? (b | 2) : (b & ~2);
	mmu_sys_write(cpu, lin, b, 1);
}

/* Save the outgoing task's registers into the current TSS. */
static void save_state(struct cpu *cpu, u32 next_eip, u32 fl)
{
	u32 b = cpu->tr.base;
	if (tss32(cpu->tr.attr)) {
		mmu_sys_write(cpu, b + T32_EIP, next_eip, 4);
		mmu_sys_write(cpu, b + T32_EFLAGS, fl, 4);
		for (int r = 0; r < 8; r++)
			mmu_sys_write(cpu, b + T32_REGS + 4 * r, cpu->regs[r], 4);
		for (int s = 0; s < SEG_COUNT; s++)
			mmu_sys_write(cpu, b + T32_SEGS + 4 * s, cpu->seg[s].sel, 2);
	} else {
		mmu_sys_write(cpu, b + T16_IP, next_eip, 2);
		mmu_sys_write(cpu, b + T16_FLAGS, fl, 2);
		for (int r = 0; r < 8; r++)
			mmu_sys_write(cpu, b + T16_REGS + 2 * r, cpu->regs[r], 2);
		for (int s = 0; s < 4; s++)
			mmu_sys_write(cpu, b + T16_SEGS + 2 * s, cpu->seg[s].sel, 2);
	}
}

/* Load one data segment register of the new task (#TS/#NP with sel). */
static void task_load_data(struct cpu *cpu, int seg, u16 sel)
{
	struct desc d;
	if ((sel & ~3) == 0) {
		seg_set_cache(cpu, seg, sel, 0, 0, 0);
		return;
	}
	if (!desc_read(cpu, sel, &d))
		cpu_fault(cpu, EXC_TS, sel & 0xFFFC);
	int dpl = SEGA_DPL(d.attr);
	bool conforming = (d.attr & 0xC) == 0xC;
	if (!(d.attr & SEGA_S) || (d.attr & 0xA) == 0x8 ||
	    (!conforming && (dpl < cpu->cpl || dpl < (sel & 3))))
		cpu_fault(cpu, EXC_TS, sel & 0xFFFC);
	if (!(d.attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
	desc_set_accessed(cpu, sel, &d);
	seg_set_cache(cpu, seg, sel, d.base, d.limit, d.attr);
}

/* Load LDTR, CS and SS of the new task, then the data registers. */
static void load_segments(struct cpu *cpu, u16 ldt, const u16 *sels, int nsegs)
{
	struct desc d;
	/* Until checked, every register is unusable (selectors visible). */
	for (int s = 0; s < SEG_COUNT; s++)
		cpu->seg[s].sel = s < nsegs ? sels[s] : 0;
	cpu->ldtr.sel = ldt;
	cpu->ldtr.base = 0;
	cpu->ldtr.limit = 0;
	if (ldt & ~3) {
		if ((ldt & 4) || !desc_read(cpu, ldt, &d) || (d.attr & SEGA_S) ||
		    SEGA_TYPE(d.attr) != 2)
			cpu_fault(cpu, EXC_TS, ldt & 0xFFFC);
		if (!(d.attr & SEGA_P))
			cpu_fault(cpu, EXC_TS, ldt & 0xFFFC);
		cpu->ldtr.base = d.base;
		cpu->ldtr.limit = d.limit;
		cpu->ldtr.attr = d.attr;
	}
	if (cpu->eflags & FLAG_VM) {
		for (int s = 0; s < SEG_COUNT; s++)
			seg_set_real(cpu, s, cpu->seg[s].sel);
		return;
	}
	/* CS: code, DPL per conforming, present; its RPL is the new CPL. */
	u16 cs = sels[SEG_CS];
	if ((cs & ~3) == 0 || !desc_read(cpu, cs, &d) || !(d.attr & SEGA_S) || !(d.attr & 0x8))
		cpu_fault(cpu, EXC_TS, cs & 0xFFFC);
	int dpl = SEGA_DPL(d.attr), rpl = cs & 3;
	if ((d.attr & 0x4) ? dpl > rpl : dpl != rpl)
		cpu_fault(cpu, EXC_TS, cs & 0xFFFC);
	if (!(d.attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, cs & 0xFFFC);
	seg_load_cs(cpu, cs, &d, rpl);
	/* SS: writable data at the new CPL. */
	u16 ss = sels[SEG_SS];
	if ((ss & ~3) == 0 || !desc_read(cpu, ss, &d))
		cpu_fault(cpu, EXC_TS, ss & 0xFFFC);
	if ((ss & 3) != rpl || SEGA_DPL(d.attr) != rpl || !(d.attr & SEGA_S) ||
	    (d.attr & 0xA) != 0x2)
		cpu_fault(cpu, EXC_TS, ss & 0xFFFC);
	if (!(d.attr & SEGA_P))
		cpu_fault(cpu, EXC_SS, ss & 0xFFFC);
	desc_set_accessed(cpu, ss, &d);
	seg_set_cache(cpu, SEG_SS, ss, d.base, d.limit, d.attr);
	task_load_data(cpu, SEG_ES, sels[SEG_ES]);
	task_load_data(cpu, SEG_DS, sels[SEG_DS]);
	task_load_data(cpu, SEG_FS, nsegs > SEG_FS ? sels[SEG_FS] : 0);
	task_load_data(cpu, SEG_GS, nsegs > SEG_GS ? sels[SEG_GS] : 0);
}

void task_switch(struct cpu *cpu, u16 sel, struct desc *tss, enum task_reason why,
		 u32 next_eip, bool has_err, u32 err)
{
	bool new32 = tss32(tss->attr);
	u32 nb = tss->base;
	if (tss->limit < (new32 ? 0x67u : 0x2Bu))
		cpu_fault(cpu, EXC_TS, sel & 0xFFFC);
	if ((tss->attr & SEGA_P) == 0)
		cpu_fault(cpu, EXC_NP, sel & 0xFFFC);

	/* Read the incoming state first: a #PF here leaves nothing changed. */
	u32 regs[8], eip, fl, cr3 = 0;
	u16 sels[SEG_COUNT], ldt, nsegs;
	if (new32) {
		cr3 = mmu_sys_read(cpu, nb + T32_CR3, 4);
		eip = mmu_sys_read(cpu, nb + T32_EIP, 4);
		fl = mmu_sys_read(cpu, nb + T32_EFLAGS, 4);
		for (int r = 0; r < 8; r++)
			regs[r] = mmu_sys_read(cpu, nb + T32_REGS + 4 * r, 4);
		for (int s = 0; s < SEG_COUNT; s++)
			sels[s] = mmu_sys_read(cpu, nb + T32_SEGS + 4 * s, 2);
		ldt = mmu_sys_read(cpu, nb + T32_LDT, 2);
		nsegs = SEG_COUNT;
	} else {
		eip = mmu_sys_read(cpu, nb + T16_IP, 2);
		fl = mmu_sys_read(cpu, nb + T16_FLAGS, 2);
		for (int r = 0; r < 8; r++)
			regs[r] = 0xFFFF0000u | mmu_sys_read(cpu, nb + T16_REGS + 2 * r, 2);
		for (int s = 0; s < 4; s++)
			sels[s] = mmu_sys_read(cpu, nb + T16_SEGS + 2 * s, 2);
		sels[SEG_FS] = sels[SEG_GS] = 0;
		ldt = mmu_sys_read(cpu, nb + T16_LDT, 2);
		nsegs = 4;
	}

	/* Save the outgoing task; JMP and IRET leave it not busy, and IRET
	 * clears NT in its saved image (SDM 3A 7.4 table 7-2). */
	u32 old_fl = cpu_get_eflags(cpu) | (cpu->fault_rf ? FLAG_RF : 0);
	if (why == TASK_JMP || why == TASK_IRET) {
		set_busy(cpu, cpu->tr.sel, false);
		if (why == TASK_IRET)
			old_fl &= ~FLAG_NT;
	}
	save_state(cpu, next_eip, old_fl);
	if (why == TASK_CALL || why == TASK_INT) {
		mmu_sys_write(cpu, nb, cpu->tr.sel, 2);	/* back link */
		fl |= FLAG_NT;
	}
	if (why != TASK_IRET)
		set_busy(cpu, sel, true);

	/* The switch happens here: TR and the new state. */
	cpu->tr.sel = sel;
	cpu->tr.base = tss->base;
	cpu->tr.limit = tss->limit;
	cpu->tr.attr = tss->attr | 0x2;
	cpu->cr0 |= CR0_TS;
	/* The local breakpoint enables belong to the old task (SDM 17.2.4). */
	if (cpu->dr[7] & 0x55) {
		cpu->dr[7] &= ~0x55u;
		dr_update(cpu);
	}
	if (new32 && (cpu->cr0 & CR0_PG)) {
		cpu->cr3 = cr3;
		mmu_load_cr3(cpu);
	}
	if (!new32) {
		for (int r = 0; r < 8; r++)
			cpu->regs[r] = (cpu->regs[r] & 0xFFFF0000u) | (regs[r] & 0xFFFF);
		fl = (fl & 0xFFFF) | (why == TASK_CALL || why == TASK_INT ? FLAG_NT : 0);
	} else {
		for (int r = 0; r < 8; r++)
			cpu->regs[r] = regs[r];
	}
	cpu->cpl = sels[SEG_CS] & 3;
	cpu_set_eflags(cpu, fl);
	cpu->eip = eip;
	load_segments(cpu, ldt, sels, nsegs);
	cpu_end_block(cpu);

	if (why == TASK_INT && has_err) {
		int sz = new32 ? 4 : 2;
		push(cpu, err, sz);
	}
	if (eip > cpu->seg[SEG_CS].limit)
		raise_gp(cpu, 0);
}

void task_switch_far(struct cpu *cpu, u16 sel, struct desc *d, enum task_reason why,
		     u32 next_eip)
{
	struct desc tss;
	u16 tsel = sel;
	if (SEGA_TYPE(d->attr) == 5) {
		/* Task gate: its TSS selector must name an available TSS in
		 * the GDT. */
		tsel = d->lo >> 16;
		if ((tsel & 4) || !desc_read(cpu, tsel, &tss))
			raise_gp(cpu, tsel & 0xFFFC);
	} else {
		tss = *d;
	}
	int type = SEGA_TYPE(tss.attr);
	if ((tss.attr & SEGA_S) || (type != 1 && type != 9))
		raise_gp(cpu, tsel & 0xFFFC);
	if (!(tss.attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, tsel & 0xFFFC);
	task_switch(cpu, tsel, &tss, why, next_eip, false, 0);
}
