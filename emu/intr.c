/*
 * Interrupt and exception delivery (SDM 3A ch. 6; real mode: 3A 20.1.4).
 *
 * Real mode is complete: the IVT at IDTR.base (0 after reset), FLAGS/CS/IP
 * pushed, IF/TF/AC cleared. Protected mode is minimal: interrupt and trap
 * gates to a code segment at the current privilege level. cpu-sys (issue 4)
 * completes it: privilege changes with the TSS stack switch, task gates,
 * virtual-8086 mode, the error-code rules of every vector and the full
 * double-fault table.
 */
#include "emu/cpu_internal.h"

_Noreturn void cpu_fault(struct cpu *cpu, int vector, u32 error)
{
	cpu->exc_vector = vector;
	cpu->exc_has_error = error != NO_ERR;
	cpu->exc_error = error;
	longjmp(cpu->jmp, 1);
}

static void deliver_real(struct cpu *cpu, int vector, u32 return_eip)
{
	u32 off = vector * 4;
	if (off + 3 > cpu->idtr.limit)
		raise_gp(cpu, vector * 8 + 2);
	u32 ent = lin_read(cpu, cpu->idtr.base + off, 4);
	u32 fl = cpu_get_eflags(cpu);
	u32 sp = cpu->regs[R_ESP];
	u32 m = sp_mask(cpu);
	/* All three pushes must fit before anything changes. */
	mem_write(cpu, SEG_SS, (sp - 2) & m, fl, 2);
	mem_write(cpu, SEG_SS, (sp - 4) & m, cpu->seg[SEG_CS].sel, 2);
	mem_write(cpu, SEG_SS, (sp - 6) & m, return_eip, 2);
	set_sp(cpu, sp - 6);
	cpu->eflags &= ~(FLAG_IF | FLAG_TF | FLAG_AC | FLAG_RF);
	seg_set_real(cpu, SEG_CS, ent >> 16);
	cpu->eip = ent & 0xFFFF;
}

/* Protected mode through an interrupt or trap gate, same privilege only. */
static void deliver_pm(struct cpu *cpu, int vector, enum intr_kind kind, bool has_err, u32 err,
		       u32 return_eip)
{
	u32 off = vector * 8;
	u32 ext = kind == INTR_SOFTWARE ? 0 : 1;
	if (off + 7 > cpu->idtr.limit)
		raise_gp(cpu, off + 2 + ext);
	u32 lo = lin_read(cpu, cpu->idtr.base + off, 4);
	u32 hi = lin_read(cpu, cpu->idtr.base + off + 4, 4);
	int type = (hi >> 8) & 0x1F;
	int dpl = (hi >> 13) & 3;
	if (kind == INTR_SOFTWARE && dpl < cpu->cpl)
		raise_gp(cpu, off + 2);
	if (!(hi & 0x8000))
		cpu_fault(cpu, EXC_NP, off + 2 + ext);
	bool gate32;
	switch (type) {
	case 0x06: case 0x07: gate32 = false; break;	/* 16-bit interrupt/trap gate */
	case 0x0E: case 0x0F: gate32 = true; break;	/* 32-bit interrupt/trap gate */
	default:
		raise_gp(cpu, off + 2 + ext);	/* task gates: cpu-sys */
	}
	u16 sel = lo >> 16;
	u32 target = (lo & 0xFFFF) | (gate32 ? (hi & 0xFFFF0000u) : 0);
	int sz = gate32 ? 4 : 2;
	u32 fl = cpu_get_eflags(cpu);
	u16 old_cs = cpu->seg[SEG_CS].sel;
	u32 sp = cpu->regs[R_ESP], m = sp_mask(cpu);
	mem_write(cpu, SEG_SS, (sp - sz) & m, fl, sz);
	mem_write(cpu, SEG_SS, (sp - 2 * sz) & m, old_cs, sz);
	mem_write(cpu, SEG_SS, (sp - 3 * sz) & m, return_eip, sz);
	u32 nsp = sp - 3 * sz;
	if (has_err) {
		mem_write(cpu, SEG_SS, (sp - 4 * sz) & m, err, sz);
		nsp -= sz;
	}
	/* Same-privilege: the target code segment keeps CPL. */
	seg_far_jmp(cpu, (sel & ~3) | cpu->cpl, target, return_eip, 4);
	set_sp(cpu, nsp);
	if (!(type & 1))
		cpu->eflags &= ~FLAG_IF;
	cpu->eflags &= ~(FLAG_TF | FLAG_NT | FLAG_RF | FLAG_VM);
}

void intr_deliver(struct cpu *cpu, int vector, enum intr_kind kind, bool has_err, u32 err,
		  u32 return_eip)
{
	if (!cpu->pe)
		deliver_real(cpu, vector, return_eip);
	else
		deliver_pm(cpu, vector, kind, has_err, err, return_eip);
	cpu->halted = false;
	cpu_end_block(cpu);
}

/* Vectors whose exceptions carry an error code in protected mode. */
static bool has_error_code(int v)
{
	return v == EXC_DF || (v >= EXC_TS && v <= EXC_PF) || v == EXC_AC;
}

static bool contributory(int v)
{
	return v == EXC_DE || (v >= EXC_TS && v <= EXC_GP);
}

/*
 * Deliver the exception recorded by cpu_fault. Called by the run loop with
 * cpu->exc_depth counting exceptions raised while delivering: a second one
 * becomes #DF (when both are contributory or a #PF is followed by a
 * contributory or #PF), a third is a triple fault, reported to the run loop
 * as exc_depth 3.
 */
void intr_exception(struct cpu *cpu)
{
	int v = cpu->exc_vector;
	bool has_err = cpu->pe && cpu->exc_has_error && has_error_code(v);
	u32 err = cpu->exc_error;
	if (cpu->exc_depth == 1) {
		/* cpu->exc_first holds the first vector (saved by the run loop). */
		int first = cpu->exc_first;
		if (first == EXC_DF) {
			cpu->exc_depth = 3;
			return;
		}
		if ((contributory(first) && contributory(v)) ||
		    (first == EXC_PF && (contributory(v) || v == EXC_PF)) || !cpu->pe) {
			v = EXC_DF;
			has_err = cpu->pe;
			err = 0;
		}
	} else if (cpu->exc_depth >= 2) {
		cpu->exc_depth = 3;
		return;
	}
	cpu->exc_first = v;
	cpu->exc_depth++;
	intr_deliver(cpu, v, INTR_EXCEPTION, has_err, err, cpu->eip);
	cpu->exc_depth = 0;
}

void intr_iret(struct cpu *cpu, int osz)
{
	if (!cpu->pe) {
		u32 eip = stack_peek(cpu, osz, 0);
		u16 cs = stack_peek(cpu, 2, osz);
		u32 fl = stack_peek(cpu, osz, 2 * osz);
		if (eip > cpu->seg[SEG_CS].limit)
			raise_gp(cpu, 0);
		set_sp(cpu, cpu->regs[R_ESP] + 3 * osz);
		seg_set_real(cpu, SEG_CS, cs);
		cpu->eip = eip;
		if (osz == 2)
			fl = (cpu->eflags & 0xFFFF0000u) | (fl & 0xFFFF);
		else
			fl = (fl & ~(FLAG_VM | FLAG_VIF | FLAG_VIP)) |
			     (cpu->eflags & (FLAG_VM | FLAG_VIF | FLAG_VIP));
		cpu_set_eflags(cpu, fl);
		cpu->nmi_blocked = false;
		return;
	}
	if (cpu->eflags & (FLAG_VM | FLAG_NT))
		raise_gp(cpu, 0);	/* vm86 and nested-task IRET: cpu-sys */
	u32 eip = stack_peek(cpu, osz, 0);
	u16 cs = stack_peek(cpu, 2, osz);
	u32 fl = stack_peek(cpu, osz, 2 * osz);
	if ((cs & 3) != cpu->cpl)
		raise_gp(cpu, cs & 0xFFFC);	/* returns to outer levels: cpu-sys */
	seg_far_jmp(cpu, cs, eip, eip, osz);
	set_sp(cpu, cpu->regs[R_ESP] + 3 * osz);
	u32 keep = FLAG_VM | FLAG_VIF | FLAG_VIP;
	if (cpu->cpl > 0)
		keep |= FLAG_IOPL;
	if (cpu->cpl > iopl(cpu))
		keep |= FLAG_IF;
	if (osz == 2)
		keep |= 0xFFFF0000u;
	cpu_set_eflags(cpu, (fl & ~keep) | (cpu->eflags & keep));
	cpu->nmi_blocked = false;
}
