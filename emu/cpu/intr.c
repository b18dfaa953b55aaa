/*
 * Interrupt and exception delivery (SDM 3A ch. 6; real mode: 3A 20.1.4).
 *
 * Real mode: the IVT at IDTR.base (0 after reset), FLAGS/CS/IP pushed,
 * IF/TF/AC cleared. Protected mode (3A 6.10-6.14): interrupt, trap and task
 * gates, the DPL check for software interrupts, the stack switch through
 * the TSS on entry to an inner level (and from virtual-8086 mode, 3A
 * 20.3.1.1), error codes with the EXT bit, the double-fault classes of
 * table 6-5 and the triple fault. IRET in all its forms: real mode, same
 * level, outer level, nested-task return, to and within virtual-8086 mode.
 */
#include <stdio.h>

#include "emu/cpu/cpu_internal.h"

_Noreturn void cpu_fault(struct cpu *cpu, int vector, u32 error)
{
	cpu->fault_rf = false;
	cpu->exc_vector = vector;
	cpu->exc_has_error = error != NO_ERR;
	cpu->exc_error = error;
	mmu_select_tlb(cpu);	/* a fault inside mmu_sys_read/write */
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

/* An IDT task gate: switch to the TSS it names (SDM 3A 7.3, 6.12.2). */
static void deliver_task_gate(struct cpu *cpu, const struct desc *g, u32 ext, bool has_err,
			      u32 err, u32 return_eip)
{
	u16 sel = g->lo >> 16;
	struct desc d;
	if ((sel & 4) || !desc_read(cpu, sel, &d))
		raise_gp(cpu, (sel & 0xFFFC) | ext);
	int type = SEGA_TYPE(d.attr);
	if ((d.attr & SEGA_S) || (type != 1 && type != 9))
		raise_gp(cpu, (sel & 0xFFFC) | ext);
	if (!(d.attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, (sel & 0xFFFC) | ext);
	task_switch(cpu, sel, &d, TASK_INT, return_eip, has_err, err);
}

/*
 * Protected mode (SDM 3A 6.12 and vol. 2 INT n): interrupt, trap and task
 * gates; to an inner level through the TSS stack, from virtual-8086 mode
 * to ring 0 with the segment registers saved; same level otherwise.
 */
static void deliver_pm(struct cpu *cpu, int vector, enum intr_kind kind, bool has_err, u32 err,
		       u32 return_eip)
{
	u32 off = vector * 8;
	u32 ext = kind == INTR_SOFTWARE ? 0 : 1;
	bool vm = cpu->eflags & FLAG_VM;
	if (off + 7 > cpu->idtr.limit)
		raise_gp(cpu, off + 2 + ext);
	struct desc g, cd;
	g.lo = mmu_sys_read(cpu, cpu->idtr.base + off, 4);
	g.hi = mmu_sys_read(cpu, cpu->idtr.base + off + 4, 4);
	desc_unpack(&g);
	int type = SEGA_TYPE(g.attr);
	if ((g.attr & SEGA_S) || !(type == 5 || type == 6 || type == 7 || type == 0xE || type == 0xF))
		raise_gp(cpu, off + 2 + ext);
	if (kind == INTR_SOFTWARE && SEGA_DPL(g.attr) < cpu->cpl)
		raise_gp(cpu, off + 2);
	if (!(g.attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, off + 2 + ext);
	if (type == 5) {
		deliver_task_gate(cpu, &g, ext, has_err, err, return_eip);
		return;
	}

	u16 cs = g.lo >> 16;
	if ((cs & ~3) == 0)
		raise_gp(cpu, ext);
	if (!desc_read(cpu, cs, &cd))
		raise_gp(cpu, (cs & 0xFFFC) | ext);
	int dpl = SEGA_DPL(cd.attr);
	if (!(cd.attr & SEGA_S) || !(cd.attr & 0x8) || dpl > cpu->cpl)
		raise_gp(cpu, (cs & 0xFFFC) | ext);
	if (!(cd.attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, (cs & 0xFFFC) | ext);
	bool gate32 = type & 8;
	int sz = gate32 ? 4 : 2;
	u32 target = (g.lo & 0xFFFF) | (gate32 ? (g.hi & 0xFFFF0000u) : 0);
	u32 fl = cpu_get_eflags(cpu) | (cpu->fault_rf ? FLAG_RF : 0);
	u16 old_cs = cpu->seg[SEG_CS].sel;
	bool conforming = (cd.attr & 0xC) == 0xC;

	if (!conforming && dpl < cpu->cpl) {
		/* Inner level: the stack for dpl comes from the TSS. */
		if (vm && dpl != 0)
			raise_gp(cpu, (cs & 0xFFFC) | ext);
		u16 ss;
		u32 esp;
		struct desc sd;
		struct nstack ns;
		tss_inner_stack(cpu, dpl, &ss, &esp, ext);
		seg_check_inner_ss(cpu, ss, dpl, &sd, ext);
		nstack_init(&ns, ss, &sd, esp, ext);
		if (vm) {
			nstack_push(cpu, &ns, cpu->seg[SEG_GS].sel, sz);
			nstack_push(cpu, &ns, cpu->seg[SEG_FS].sel, sz);
			nstack_push(cpu, &ns, cpu->seg[SEG_DS].sel, sz);
			nstack_push(cpu, &ns, cpu->seg[SEG_ES].sel, sz);
		}
		nstack_push(cpu, &ns, cpu->seg[SEG_SS].sel, sz);
		nstack_push(cpu, &ns, cpu->regs[R_ESP], sz);
		nstack_push(cpu, &ns, fl, sz);
		nstack_push(cpu, &ns, old_cs, sz);
		nstack_push(cpu, &ns, return_eip, sz);
		if (has_err)
			nstack_push(cpu, &ns, err, sz);
		if (target > cd.limit)
			raise_gp(cpu, 0);
		cpu->eflags &= ~(FLAG_TF | FLAG_NT | FLAG_RF | FLAG_VM);
		seg_load_cs(cpu, cs, &cd, dpl);
		nstack_commit(cpu, &ns);
		if (vm) {
			seg_set_cache(cpu, SEG_ES, 0, 0, 0, 0);
			seg_set_cache(cpu, SEG_DS, 0, 0, 0, 0);
			seg_set_cache(cpu, SEG_FS, 0, 0, 0, 0);
			seg_set_cache(cpu, SEG_GS, 0, 0, 0, 0);
		}
	} else {
		/* Same level (or a conforming segment, which keeps CPL). */
		if (vm)
			raise_gp(cpu, (cs & 0xFFFC) | ext);
		u32 sp = cpu->regs[R_ESP], m = sp_mask(cpu);
		int n = has_err ? 4 : 3;
		mem_probe_write(cpu, SEG_SS, (sp - n * sz) & m, n * sz);
		if (target > cd.limit)
			raise_gp(cpu, 0);
		mem_write(cpu, SEG_SS, (sp - sz) & m, fl, sz);
		mem_write(cpu, SEG_SS, (sp - 2 * sz) & m, old_cs, sz);
		mem_write(cpu, SEG_SS, (sp - 3 * sz) & m, return_eip, sz);
		if (has_err)
			mem_write(cpu, SEG_SS, (sp - 4 * sz) & m, err, sz);
		cpu->eflags &= ~(FLAG_TF | FLAG_NT | FLAG_RF | FLAG_VM);
		seg_load_cs(cpu, cs, &cd, cpu->cpl);
		set_sp(cpu, sp - n * sz);
	}
	if (!(type & 1))
		cpu->eflags &= ~FLAG_IF;
	cpu->eip = target;
}

void intr_deliver(struct cpu *cpu, int vector, enum intr_kind kind, bool has_err, u32 err,
		  u32 return_eip)
{
	if (kind != INTR_EXCEPTION)
		cpu_debug_event(cpu, CPU_EV_INTERRUPT, vector, kind == INTR_SOFTWARE ? 1 : 2);
	if (!cpu->pe)
		deliver_real(cpu, vector, return_eip);
	else
		deliver_pm(cpu, vector, kind, has_err, err, return_eip);
	cpu->halted = false;
	cpu->rep_resume = false;	/* the interrupted REP is re-entered, not resumed */
	cpu->deliveries++;
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
 * Deliver the exception recorded by cpu_fault (SDM 3A 6.15 interrupt 8,
 * table 6-5). cpu->exc_depth counts exceptions in delivery: a fault while
 * delivering a first one becomes #DF when both are contributory or a #PF
 * is followed by a contributory or #PF; otherwise (a benign one on either
 * side) the second is simply handled in turn. A fault while delivering #DF
 * is a triple fault, reported to the run loop as exc_depth 3. The
 * exceptions that led there are kept in cpu->exc_log for the report.
 */
void intr_exception(struct cpu *cpu)
{
	int v = cpu->exc_vector;
	bool has_err = cpu->pe && cpu->exc_has_error && has_error_code(v);
	u32 err = cpu->exc_error;
	cpu_debug_event(cpu, CPU_EV_EXCEPTION, v, cpu->exc_has_error ? err : 0);
	int slot = cpu->exc_depth < 3 ? cpu->exc_depth : 2;
	cpu->exc_log[slot] = (struct cpu_exc_rec){
		.vector = v, .error = cpu->exc_has_error ? err : NO_ERR,
		.cs = cpu->seg[SEG_CS].sel, .eip = cpu->eip,
	};
	cpu->exc_log_n = slot + 1;
	if (cpu->exc_depth >= 1) {
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
			cpu->exc_depth = 2;
		} else {
			/* Benign: the new exception is delivered on its own. */
			cpu->exc_log[0] = cpu->exc_log[slot];
			cpu->exc_log_n = 1;
			cpu->exc_depth = 1;
		}
	} else {
		cpu->exc_depth = 1;
	}
	cpu->exc_first = v;
	/* SDM 3A 17.3.1.1: a fault (other than an instruction breakpoint)
	 * pushes RF = 1, so that the instruction restarts without hitting its
	 * own code breakpoint again. #DF is an abort, the rest here faults. */
	cpu->fault_rf = v != EXC_DB && v != EXC_DF;
	intr_deliver(cpu, v, INTR_EXCEPTION, has_err, err, cpu->eip);
	cpu->fault_rf = false;
	cpu->exc_depth = 0;
}

/* The one-line report of a triple fault's exceptions (for the log and the
 * machine's stop message). */
const char *cpu_exception_name(unsigned int vector)
{
	static const char *const names[] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09",
		"#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
	};
	return vector < ARRAY_SIZE(names) ? names[vector] : NULL;
}

void cpu_triple_report(const struct cpu *cpu, char *buf, size_t len)
{
	size_t n = snprintf(buf, len, "triple fault:");
	for (int k = 0; k < cpu->exc_log_n && n < len; k++) {
		const struct cpu_exc_rec *r = &cpu->exc_log[k];
		char name[8];
		if (cpu_exception_name(r->vector))
			snprintf(name, sizeof(name), "%s", cpu_exception_name(r->vector));
		else
			snprintf(name, sizeof(name), "#%02x", r->vector);
		if (r->error != NO_ERR)
			n += snprintf(buf + n, len - n, "%s %s(%04x) at %04x:%08x", k ? "," : "",
				      name, r->error, r->cs, r->eip);
		else
			n += snprintf(buf + n, len - n, "%s %s at %04x:%08x", k ? "," : "", name,
				      r->cs, r->eip);
	}
}

/* IRET from virtual-8086 mode: allowed with IOPL 3 only (SDM 3A 20.2.7). */
static void iret_vm86(struct cpu *cpu, int osz)
{
	if (iopl(cpu) != 3)
		raise_gp(cpu, 0);
	u32 eip = stack_peek(cpu, osz, 0);
	u16 cs = stack_peek(cpu, 2, osz);
	u32 fl = stack_peek(cpu, osz, 2 * osz);
	if (osz == 2)
		fl = (cpu->eflags & 0xFFFF0000u) | (fl & 0xFFFF);
	fl = (fl & ~(FLAG_IOPL | FLAG_VM | FLAG_VIF | FLAG_VIP)) |
	     (cpu->eflags & (FLAG_IOPL | FLAG_VM | FLAG_VIF | FLAG_VIP));
	if (eip > 0xFFFF)
		raise_gp(cpu, 0);
	set_sp(cpu, cpu->regs[R_ESP] + 3 * osz);
	seg_set_real(cpu, SEG_CS, cs);
	cpu_set_eflags(cpu, fl);
	cpu->eip = eip;
}

/* IRET at CPL 0 to a frame with VM set: enter virtual-8086 mode (SDM
 * vol. 2 IRET, RETURN-TO-VIRTUAL-8086-MODE). */
static void iret_to_vm86(struct cpu *cpu, u32 eip, u16 cs, u32 fl)
{
	u32 esp = stack_peek(cpu, 4, 12);
	u16 ss = stack_peek(cpu, 2, 16);
	u16 es = stack_peek(cpu, 2, 20);
	u16 ds = stack_peek(cpu, 2, 24);
	u16 fs = stack_peek(cpu, 2, 28);
	u16 gs = stack_peek(cpu, 2, 32);
	cpu_set_eflags(cpu, fl);
	cpu->cpl = 3;
	seg_set_real(cpu, SEG_CS, cs);
	seg_set_real(cpu, SEG_SS, ss);
	seg_set_real(cpu, SEG_ES, es);
	seg_set_real(cpu, SEG_DS, ds);
	seg_set_real(cpu, SEG_FS, fs);
	seg_set_real(cpu, SEG_GS, gs);
	cpu->regs[R_ESP] = esp;
	cpu->eip = eip & 0xFFFF;
}

void intr_iret(struct cpu *cpu, int osz, u32 next_eip)
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
	cpu->nmi_blocked = false;
	if (cpu->eflags & FLAG_VM) {
		iret_vm86(cpu, osz);
		return;
	}
	if (cpu->eflags & FLAG_NT) {
		/* Return to the task in the back link (SDM 3A 7.3, 7.4). */
		u16 link = mmu_sys_read(cpu, cpu->tr.base, 2);
		struct desc d;
		if ((link & 4) || !desc_read(cpu, link, &d))
			cpu_fault(cpu, EXC_TS, link & 0xFFFC);
		int type = SEGA_TYPE(d.attr);
		if ((d.attr & SEGA_S) || (type != 3 && type != 0xB))
			cpu_fault(cpu, EXC_TS, link & 0xFFFC);
		if (!(d.attr & SEGA_P))
			cpu_fault(cpu, EXC_NP, link & 0xFFFC);
		task_switch(cpu, link, &d, TASK_IRET, next_eip, false, 0);
		return;
	}
	u32 eip = stack_peek(cpu, osz, 0);
	u16 cs = stack_peek(cpu, 2, osz);
	u32 fl = stack_peek(cpu, osz, 2 * osz);
	int old_cpl = cpu->cpl, old_iopl = iopl(cpu);
	if (osz == 4 && (fl & FLAG_VM) && old_cpl == 0) {
		iret_to_vm86(cpu, eip, cs, fl);
		return;
	}
	struct desc cd, sd;
	seg_check_return_cs(cpu, cs, &cd);
	int rpl = cs & 3;
	if (osz == 2)
		eip &= 0xFFFF;
	if (rpl == old_cpl) {
		if (eip > cd.limit)
			raise_gp(cpu, 0);
		seg_load_cs(cpu, cs, &cd, rpl);
		set_sp(cpu, cpu->regs[R_ESP] + 3 * osz);
	} else {
		/* Outer level: SS:ESP follow EFLAGS on the stack. */
		u32 esp = stack_peek(cpu, osz, 3 * osz);
		u16 ss = stack_peek(cpu, 2, 4 * osz);
		seg_check_return_ss(cpu, ss, rpl, &sd);
		if (eip > cd.limit)
			raise_gp(cpu, 0);
		seg_load_cs(cpu, cs, &cd, rpl);
		desc_set_accessed(cpu, ss, &sd);
		seg_set_cache(cpu, SEG_SS, ss, sd.base, sd.limit, sd.attr);
		set_sp(cpu, osz == 2 ? (esp & 0xFFFF) : esp);
		seg_null_outer(cpu);
	}
	u32 keep = FLAG_VM | FLAG_VIF | FLAG_VIP;
	if (old_cpl > 0)
		keep |= FLAG_IOPL;
	if (old_cpl > old_iopl)
		keep |= FLAG_IF;
	if (osz == 2)
		keep |= 0xFFFF0000u;
	cpu_set_eflags(cpu, (fl & ~keep) | (cpu->eflags & keep));
	cpu->eip = eip;
}
