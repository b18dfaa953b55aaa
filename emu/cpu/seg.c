/*
 * Segment registers and protection (SDM vol. 3A ch. 3 and 5): loads in
 * real and virtual-8086 mode (base = selector << 4, 3A 20.1), protected-mode
 * descriptor loads with every check of the MOV/POP/LDS pages of vol. 2
 * (#GP, #SS, #NP with the selector as error code, accessed bits), far
 * JMP/CALL/RET within a privilege level, through call gates and to outer
 * levels with the stack switch of 3A 5.8.5-5.8.6, the fault raised by a
 * failed segment check, the TSS I/O permission bitmap (vol. 1 18.5.2) and
 * the selector probes LAR, LSL, VERR, VERW (3A 5.10.2).
 *
 * Descriptor tables are read with supervisor rights (mmu_sys_read),
 * whatever the CPL, as the hardware does.
 */
#include "emu/cpu/cpu_internal.h"

/* Fill the fast-path fields (lo/hi/ok) from limit and attributes. */
static void seg_compute_access(struct seg *s, bool null)
{
	u16 a = s->attr;
	s->lo = 0;
	s->hi = s->limit;
	s->ok = 0;
	if (null || !(a & SEGA_P))
		return;
	if (!(a & SEGA_S)) {
		/* System segments are never loaded into data registers. */
		return;
	}
	if (a & 0x8) {
		/* Code: readable if R; never writable. */
		if (a & 0x2)
			s->ok = SEG_OK_READ;
	} else {
		s->ok = SEG_OK_READ | ((a & 0x2) ? SEG_OK_WRITE : 0);
		if (a & 0x4) {
			/* Expand-down: valid offsets run from limit+1 to the top. */
			s->lo = s->limit + 1;
			s->hi = (a & SEGA_DB) ? 0xFFFFFFFFu : 0xFFFFu;
			if (s->lo == 0 && s->limit == 0xFFFFFFFFu)
				s->ok = 0;
			if (s->lo > s->hi)
				s->ok = 0;
		}
	}
}

void cpu_update_mode(struct cpu *cpu)
{
	cpu->pe = cpu->cr0 & CR0_PE;
	if (!cpu->pe)
		cpu->cpl = 0;
	else if (cpu->eflags & FLAG_VM)
		cpu->cpl = 3;
	cpu->code32 = (cpu->eflags & FLAG_VM) ? false : (cpu->seg[SEG_CS].attr & SEGA_DB);
	cpu->stack32 = (cpu->eflags & FLAG_VM) ? false : (cpu->seg[SEG_SS].attr & SEGA_DB);
	mmu_select_tlb(cpu);
}

void seg_set_cache(struct cpu *cpu, int seg, u16 sel, u32 base, u32 limit, u16 attr)
{
	struct seg *s = &cpu->seg[seg];
	s->sel = sel;
	s->base = base;
	s->limit = limit;
	s->attr = attr;
	seg_compute_access(s, cpu->pe && !(cpu->eflags & FLAG_VM) && (sel & ~3) == 0 &&
			       seg != SEG_CS && !(attr & SEGA_P));
	if (seg == SEG_CS || seg == SEG_SS)
		cpu_update_mode(cpu);
}

/*
 * Real-mode (and virtual-8086) load: only the selector and base change; the
 * limit and attributes stay, which is what lets "unreal mode" work. The
 * segment becomes usable for reads and writes as real mode allows.
 */
void seg_set_real(struct cpu *cpu, int seg, u16 sel)
{
	struct seg *s = &cpu->seg[seg];
	s->sel = sel;
	s->base = (u32)sel << 4;
	if (cpu->eflags & FLAG_VM) {
		s->limit = 0xFFFF;
		s->attr = 0x00F3;	/* present, DPL 3, data read/write, accessed */
	} else {
		/* Keep limit and size; make it a present read/write segment. */
		s->attr = (s->attr & 0xF000) | 0x0093;
	}
	seg_compute_access(s, false);
	if (seg == SEG_CS || seg == SEG_SS)
		cpu_update_mode(cpu);
}

void cpu_set_seg_real(struct cpu *cpu, int seg, u16 sel)
{
	seg_set_real(cpu, seg, sel);
}

/* ---------------- descriptors ---------------- */

void desc_unpack(struct desc *d)
{
	d->base = (d->lo >> 16) | ((d->hi & 0xFF) << 16) | (d->hi & 0xFF000000u);
	d->limit = (d->lo & 0xFFFF) | (d->hi & 0x000F0000u);
	d->attr = (d->hi >> 8) & 0xF0FF;
	if (d->attr & SEGA_G)
		d->limit = (d->limit << 12) | 0xFFF;
}

/* Linear address of sel's descriptor, or false when it lies outside the
 * GDT or LDT (or the LDT is null). */
static bool desc_addr(struct cpu *cpu, u16 sel, u32 *lin)
{
	u32 base, limit, off = sel & ~7u;
	if (sel & 4) {
		if ((cpu->ldtr.sel & ~3) == 0)
			return false;
		base = cpu->ldtr.base;
		limit = cpu->ldtr.limit;
	} else {
		base = cpu->gdtr.base;
		limit = cpu->gdtr.limit;
	}
	if (off + 7 > limit)
		return false;
	*lin = base + off;
	return true;
}

bool desc_read(struct cpu *cpu, u16 sel, struct desc *d)
{
	u32 lin;
	if (!desc_addr(cpu, sel, &lin))
		return false;
	d->lo = mmu_sys_read(cpu, lin, 4);
	d->hi = mmu_sys_read(cpu, lin + 4, 4);
	desc_unpack(d);
	return true;
}

/* Read sel's descriptor or raise vector with the selector's error code. */
static void desc_fetch(struct cpu *cpu, u16 sel, struct desc *d, int vector, u32 ext)
{
	if (!desc_read(cpu, sel, d))
		cpu_fault(cpu, vector, (sel & 0xFFFC) | ext);
}

/* Set the accessed bit of a code/data descriptor (SDM 3A 3.4.5.1). */
void desc_set_accessed(struct cpu *cpu, u16 sel, struct desc *d)
{
	u32 lin;
	if ((d->hi & 0x100) || !(d->attr & SEGA_S) || !desc_addr(cpu, sel, &lin))
		return;
	d->hi |= 0x100;
	d->attr |= 1;
	mmu_sys_write(cpu, lin + 5, (d->hi >> 8) & 0xFF, 1);
}

static inline bool is_code(u16 a) { return (a & SEGA_S) && (a & 0x8); }
static inline bool is_conforming(u16 a) { return (a & 0xC) == 0xC; }
static inline bool is_writable_data(u16 a) { return (a & SEGA_S) && (a & 0xA) == 0x2; }

/* ---------------- loads of SS and the data registers ---------------- */

void seg_load(struct cpu *cpu, int seg, u16 sel)
{
	if (!cpu->pe || (cpu->eflags & FLAG_VM)) {
		seg_set_real(cpu, seg, sel);
		return;
	}
	if ((sel & ~3) == 0) {
		if (seg == SEG_SS || seg == SEG_CS)
			raise_gp(cpu, 0);
		/* A null selector loads fine; using it faults. */
		seg_set_cache(cpu, seg, sel, 0, 0, 0);
		return;
	}
	struct desc d;
	desc_fetch(cpu, sel, &d, EXC_GP, 0);
	int dpl = SEGA_DPL(d.attr), rpl = sel & 3;
	if (seg == SEG_SS) {
		/* Writable data, RPL = DPL = CPL (vol. 2, MOV). */
		if (rpl != cpu->cpl || !is_writable_data(d.attr) || dpl != cpu->cpl)
			raise_gp(cpu, sel & 0xFFFC);
		if (!(d.attr & SEGA_P))
			raise_ss(cpu, sel & 0xFFFC);
	} else {
		/* Data or readable code; data and non-conforming code need
		 * DPL >= max(CPL, RPL). */
		if (!(d.attr & SEGA_S) || (d.attr & 0xA) == 0x8)
			raise_gp(cpu, sel & 0xFFFC);
		if (!is_conforming(d.attr) && (rpl > dpl || cpu->cpl > dpl))
			raise_gp(cpu, sel & 0xFFFC);
		if (!(d.attr & SEGA_P))
			cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
	}
	desc_set_accessed(cpu, sel, &d);
	seg_set_cache(cpu, seg, sel, d.base, d.limit, d.attr);
}

/* Load CS with a checked descriptor at privilege cpl (RPL becomes cpl). */
void seg_load_cs(struct cpu *cpu, u16 sel, struct desc *d, int cpl)
{
	desc_set_accessed(cpu, sel, d);
	cpu->cpl = cpl;
	seg_set_cache(cpu, SEG_CS, (sel & ~3) | cpl, d->base, d->limit, d->attr);
}

/*
 * Check the stack segment for an inner privilege level dpl (from the TSS,
 * for call gates and interrupts): #TS with the selector, #SS if absent.
 */
void seg_check_inner_ss(struct cpu *cpu, u16 ss, int dpl, struct desc *d, u32 ext)
{
	if ((ss & ~3) == 0)
		cpu_fault(cpu, EXC_TS, ext);
	desc_fetch(cpu, ss, d, EXC_TS, ext);
	if ((ss & 3) != dpl || SEGA_DPL(d->attr) != dpl || !is_writable_data(d->attr))
		cpu_fault(cpu, EXC_TS, (ss & 0xFFFC) | ext);
	if (!(d->attr & SEGA_P))
		cpu_fault(cpu, EXC_SS, (ss & 0xFFFC) | ext);
}

/* The inner stack SS:ESP for privilege dpl from the current TSS. */
void tss_inner_stack(struct cpu *cpu, int dpl, u16 *ss, u32 *esp, u32 ext)
{
	int type = SEGA_TYPE(cpu->tr.attr);
	if (type & 8) {
		u32 off = 4 + dpl * 8;
		if (off + 5 > cpu->tr.limit)
			cpu_fault(cpu, EXC_TS, (cpu->tr.sel & 0xFFFC) | ext);
		*esp = mmu_sys_read(cpu, cpu->tr.base + off, 4);
		*ss = mmu_sys_read(cpu, cpu->tr.base + off + 4, 2);
	} else {
		u32 off = 2 + dpl * 4;
		if (off + 3 > cpu->tr.limit)
			cpu_fault(cpu, EXC_TS, (cpu->tr.sel & 0xFFFC) | ext);
		*esp = mmu_sys_read(cpu, cpu->tr.base + off, 2);
		*ss = mmu_sys_read(cpu, cpu->tr.base + off + 2, 2);
	}
}

/*
 * Pushes onto a stack that is not loaded yet (the inner stack of a gate or
 * an interrupt): limit-checked against its descriptor (#SS with its
 * selector), written with supervisor rights, SS:ESP loaded only at commit.
 */
void nstack_init(struct nstack *ns, u16 sel, const struct desc *d, u32 esp, u32 ext)
{
	ns->sel = sel;
	ns->d = *d;
	ns->s.base = d->base;
	ns->s.limit = d->limit;
	ns->s.attr = d->attr;
	seg_compute_access(&ns->s, false);
	ns->mask = (d->attr & SEGA_DB) ? 0xFFFFFFFFu : 0xFFFFu;
	ns->esp = esp;
	ns->ext = ext;
}

void nstack_push(struct cpu *cpu, struct nstack *ns, u32 val, int size)
{
	u32 sp = (ns->esp - size) & ns->mask;
	const struct seg *s = &ns->s;
	if (!(s->ok & SEG_OK_WRITE) || sp < s->lo || sp > s->hi || s->hi - sp < (u32)size - 1)
		cpu_fault(cpu, EXC_SS, (ns->sel & 0xFFFC) | ns->ext);
	mmu_sys_write(cpu, s->base + sp, val, size);
	ns->esp = (ns->esp & ~ns->mask) | sp;
}

/* Make the new stack the current one (at the new CPL, already set). */
void nstack_commit(struct cpu *cpu, struct nstack *ns)
{
	desc_set_accessed(cpu, ns->sel, &ns->d);
	seg_set_cache(cpu, SEG_SS, ns->sel, ns->d.base, ns->d.limit, ns->d.attr);
	if (ns->mask == 0xFFFFFFFFu)
		cpu->regs[R_ESP] = ns->esp;
	else
		cpu->regs[R_ESP] = (cpu->regs[R_ESP] & 0xFFFF0000u) | (ns->esp & 0xFFFF);
}

/*
 * After a return to an outer level: data registers the new CPL may not use
 * become null (SDM vol. 2 RET and IRET).
 */
void seg_null_outer(struct cpu *cpu)
{
	static const int regs[] = { SEG_ES, SEG_DS, SEG_FS, SEG_GS };
	for (unsigned k = 0; k < ARRAY_SIZE(regs); k++) {
		struct seg *s = &cpu->seg[regs[k]];
		u16 a = s->attr;
		bool data_or_nc = !(a & 0x8) || !(a & 0x4);
		if ((a & SEGA_S) && data_or_nc && SEGA_DPL(a) < cpu->cpl)
			seg_set_cache(cpu, regs[k], 0, 0, 0, 0);
	}
}

/* ---------------- far transfers ---------------- */

/* Check a code segment that a JMP/CALL targets directly (not via a gate). */
static void check_direct_code(struct cpu *cpu, u16 sel, const struct desc *d)
{
	int dpl = SEGA_DPL(d->attr);
	if (is_conforming(d->attr)) {
		if (dpl > cpu->cpl)
			raise_gp(cpu, sel & 0xFFFC);
	} else if ((sel & 3) > cpu->cpl || dpl != cpu->cpl) {
		raise_gp(cpu, sel & 0xFFFC);
	}
	if (!(d->attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
}

/* Read and check the code segment a call gate names; returns it in *cd. */
static u16 gate_target(struct cpu *cpu, const struct desc *g, struct desc *cd)
{
	u16 cs = g->lo >> 16;
	if ((cs & ~3) == 0)
		raise_gp(cpu, 0);
	desc_fetch(cpu, cs, cd, EXC_GP, 0);
	if (!is_code(cd->attr) || SEGA_DPL(cd->attr) > cpu->cpl)
		raise_gp(cpu, cs & 0xFFFC);
	if (!(cd->attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, cs & 0xFFFC);
	return cs;
}

static u32 gate_offset(const struct desc *g)
{
	u32 off = g->lo & 0xFFFF;
	if (SEGA_TYPE(g->attr) & 8)
		off |= g->hi & 0xFFFF0000u;
	return off;
}

/* Read a gate or system descriptor for a far JMP/CALL. */
static void far_desc(struct cpu *cpu, u16 sel, struct desc *d)
{
	if ((sel & ~3) == 0)
		raise_gp(cpu, 0);
	desc_fetch(cpu, sel, d, EXC_GP, 0);
}

/* Gate privilege checks: DPL >= CPL and DPL >= RPL, then present. */
static void check_gate(struct cpu *cpu, u16 sel, const struct desc *g)
{
	int dpl = SEGA_DPL(g->attr);
	if (dpl < cpu->cpl || dpl < (sel & 3))
		raise_gp(cpu, sel & 0xFFFC);
	if (!(g->attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
}

void seg_far_jmp(struct cpu *cpu, u16 sel, u32 eip, u32 next_eip, int osz)
{
	if (osz == 2)
		eip &= 0xFFFF;
	if (!cpu->pe || (cpu->eflags & FLAG_VM)) {
		if (eip > cpu->seg[SEG_CS].limit)
			raise_gp(cpu, 0);
		seg_set_real(cpu, SEG_CS, sel);
		cpu->eip = eip;
		return;
	}
	struct desc d, cd;
	far_desc(cpu, sel, &d);
	if (d.attr & SEGA_S) {
		if (!is_code(d.attr))
			raise_gp(cpu, sel & 0xFFFC);
		check_direct_code(cpu, sel, &d);
		if (eip > d.limit)
			raise_gp(cpu, 0);
		seg_load_cs(cpu, sel, &d, cpu->cpl);
		cpu->eip = eip;
		return;
	}
	switch (SEGA_TYPE(d.attr)) {
	case 0x4: case 0xC: {	/* call gate: JMP never changes privilege */
		check_gate(cpu, sel, &d);
		u16 cs = gate_target(cpu, &d, &cd);
		int dpl = SEGA_DPL(cd.attr);
		if (!is_conforming(cd.attr) && dpl != cpu->cpl)
			raise_gp(cpu, cs & 0xFFFC);
		eip = gate_offset(&d);
		if (eip > cd.limit)
			raise_gp(cpu, 0);
		seg_load_cs(cpu, cs, &cd, cpu->cpl);
		cpu->eip = eip;
		return;
	}
	case 0x5: case 0x1: case 0x9:	/* task gate, available TSS */
		check_gate(cpu, sel, &d);
		task_switch_far(cpu, sel, &d, TASK_JMP, next_eip);
		return;
	default:
		raise_gp(cpu, sel & 0xFFFC);
	}
}

/* CALL through a call gate to a more privileged non-conforming segment:
 * switch to the TSS stack for its DPL and copy the parameters. */
static void call_gate_inner(struct cpu *cpu, const struct desc *g, u16 cs, struct desc *cd,
			    u32 next_eip)
{
	int dpl = SEGA_DPL(cd->attr);
	int sz = (SEGA_TYPE(g->attr) & 8) ? 4 : 2;
	int nparams = g->hi & 0x1F;
	u32 eip = gate_offset(g);
	u16 ss;
	u32 esp;
	struct desc sd;
	struct nstack ns;
	tss_inner_stack(cpu, dpl, &ss, &esp, 0);
	seg_check_inner_ss(cpu, ss, dpl, &sd, 0);
	nstack_init(&ns, ss, &sd, esp, 0);
	u32 old_esp = cpu->regs[R_ESP];
	nstack_push(cpu, &ns, cpu->seg[SEG_SS].sel, sz);
	nstack_push(cpu, &ns, old_esp, sz);
	for (int k = nparams - 1; k >= 0; k--)
		nstack_push(cpu, &ns, stack_peek(cpu, sz, k * sz), sz);
	nstack_push(cpu, &ns, cpu->seg[SEG_CS].sel, sz);
	nstack_push(cpu, &ns, next_eip, sz);
	if (eip > cd->limit)
		raise_gp(cpu, 0);
	seg_load_cs(cpu, cs, cd, dpl);
	nstack_commit(cpu, &ns);
	cpu->eip = eip;
}

void seg_far_call(struct cpu *cpu, u16 sel, u32 eip, u32 next_eip, int osz)
{
	u16 old_cs = cpu->seg[SEG_CS].sel;
	u32 sp = cpu->regs[R_ESP];
	u32 m = sp_mask(cpu);
	if (osz == 2)
		eip &= 0xFFFF;
	if (!cpu->pe || (cpu->eflags & FLAG_VM)) {
		/* Both pushes must succeed before anything changes. */
		mem_write(cpu, SEG_SS, (sp - osz) & m, old_cs, osz == 4 ? 4 : 2);
		mem_write(cpu, SEG_SS, (sp - 2 * osz) & m, next_eip, osz);
		if (eip > cpu->seg[SEG_CS].limit)
			raise_gp(cpu, 0);
		seg_set_real(cpu, SEG_CS, sel);
		set_sp(cpu, sp - 2 * osz);
		cpu->eip = eip;
		return;
	}
	struct desc d, cd;
	far_desc(cpu, sel, &d);
	if (d.attr & SEGA_S) {
		if (!is_code(d.attr))
			raise_gp(cpu, sel & 0xFFFC);
		check_direct_code(cpu, sel, &d);
		mem_probe_write(cpu, SEG_SS, (sp - 2 * osz) & m, 2 * osz);
		if (eip > d.limit)
			raise_gp(cpu, 0);
		mem_write(cpu, SEG_SS, (sp - osz) & m, old_cs, osz);
		mem_write(cpu, SEG_SS, (sp - 2 * osz) & m, next_eip, osz);
		seg_load_cs(cpu, sel, &d, cpu->cpl);
		set_sp(cpu, sp - 2 * osz);
		cpu->eip = eip;
		return;
	}
	switch (SEGA_TYPE(d.attr)) {
	case 0x4: case 0xC: {
		check_gate(cpu, sel, &d);
		u16 cs = gate_target(cpu, &d, &cd);
		if (!is_conforming(cd.attr) && SEGA_DPL(cd.attr) < cpu->cpl) {
			call_gate_inner(cpu, &d, cs, &cd, next_eip);
			return;
		}
		int sz = (SEGA_TYPE(d.attr) & 8) ? 4 : 2;
		eip = gate_offset(&d);
		mem_probe_write(cpu, SEG_SS, (sp - 2 * sz) & m, 2 * sz);
		if (eip > cd.limit)
			raise_gp(cpu, 0);
		mem_write(cpu, SEG_SS, (sp - sz) & m, old_cs, sz);
		mem_write(cpu, SEG_SS, (sp - 2 * sz) & m, next_eip, sz);
		seg_load_cs(cpu, cs, &cd, cpu->cpl);
		set_sp(cpu, sp - 2 * sz);
		cpu->eip = eip;
		return;
	}
	case 0x5: case 0x1: case 0x9:
		check_gate(cpu, sel, &d);
		task_switch_far(cpu, sel, &d, TASK_CALL, next_eip);
		return;
	default:
		raise_gp(cpu, sel & 0xFFFC);
	}
}

/*
 * Check the CS a RET or IRET returns to (SDM vol. 2 RET): RPL >= CPL, code,
 * conforming DPL <= RPL or non-conforming DPL = RPL, present.
 */
void seg_check_return_cs(struct cpu *cpu, u16 cs, struct desc *d)
{
	if ((cs & ~3) == 0)
		raise_gp(cpu, 0);
	desc_fetch(cpu, cs, d, EXC_GP, 0);
	int rpl = cs & 3, dpl = SEGA_DPL(d->attr);
	if (rpl < cpu->cpl || !is_code(d->attr))
		raise_gp(cpu, cs & 0xFFFC);
	if (is_conforming(d->attr) ? dpl > rpl : dpl != rpl)
		raise_gp(cpu, cs & 0xFFFC);
	if (!(d->attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, cs & 0xFFFC);
}

/* Check the SS popped by a return to outer level rpl. */
void seg_check_return_ss(struct cpu *cpu, u16 ss, int rpl, struct desc *d)
{
	if ((ss & ~3) == 0)
		raise_gp(cpu, 0);
	desc_fetch(cpu, ss, d, EXC_GP, 0);
	if ((ss & 3) != rpl || SEGA_DPL(d->attr) != rpl || !is_writable_data(d->attr))
		raise_gp(cpu, ss & 0xFFFC);
	if (!(d->attr & SEGA_P))
		raise_ss(cpu, ss & 0xFFFC);
}

void seg_far_ret(struct cpu *cpu, int osz, u16 pop_bytes)
{
	u32 eip = stack_peek(cpu, osz, 0);
	u16 sel = stack_peek(cpu, 2, osz);
	if (!cpu->pe || (cpu->eflags & FLAG_VM)) {
		if (eip > cpu->seg[SEG_CS].limit)
			raise_gp(cpu, 0);
		seg_set_real(cpu, SEG_CS, sel);
		set_sp(cpu, cpu->regs[R_ESP] + 2 * osz + pop_bytes);
		cpu->eip = eip;
		return;
	}
	struct desc cd, sd;
	seg_check_return_cs(cpu, sel, &cd);
	int rpl = sel & 3;
	if (rpl == cpu->cpl) {
		if (eip > cd.limit)
			raise_gp(cpu, 0);
		seg_load_cs(cpu, sel, &cd, rpl);
		set_sp(cpu, cpu->regs[R_ESP] + 2 * osz + pop_bytes);
		cpu->eip = eip;
		return;
	}
	/* Return to an outer level: the caller's SS:ESP sit above the
	 * parameters that pop_bytes releases. */
	u32 skip = 2 * osz + pop_bytes;
	u32 esp = stack_peek(cpu, osz, skip);
	u16 ss = stack_peek(cpu, 2, skip + osz);
	seg_check_return_ss(cpu, ss, rpl, &sd);
	if (eip > cd.limit)
		raise_gp(cpu, 0);
	seg_load_cs(cpu, sel, &cd, rpl);
	desc_set_accessed(cpu, ss, &sd);
	seg_set_cache(cpu, SEG_SS, ss, sd.base, sd.limit, sd.attr);
	if (osz == 2)
		esp &= 0xFFFF;
	set_sp(cpu, esp + pop_bytes);
	seg_null_outer(cpu);
	cpu->eip = eip;
}

_Noreturn void seg_fault(struct cpu *cpu, int seg, u32 off, int size, int acc)
{
	(void)off;
	(void)size;
	(void)acc;
	/* Limit and rights violations are #GP(0), #SS(0) through SS; a null
	 * selector is #GP(0) too (SDM 3A 6.15, #GP and #SS). */
	if (seg == SEG_SS)
		raise_ss(cpu, 0);
	raise_gp(cpu, 0);
}

/*
 * IN/OUT/INS/OUTS permission (SDM vol. 1 18.5): allowed in real mode and
 * when CPL <= IOPL (never in virtual-8086 mode); otherwise every bit for
 * the ports accessed must be clear in the 32-bit TSS's I/O bitmap, whose
 * offset is the word at 0x66; a bitmap (2 bytes read) past the TSS limit,
 * or a 16-bit TSS, means #GP(0).
 */
void cpu_check_io(struct cpu *cpu, u16 port, int size)
{
	if (!cpu->pe)
		return;
	if (!(cpu->eflags & FLAG_VM) && cpu->cpl <= iopl(cpu))
		return;
	const struct seg *tr = &cpu->tr;
	if ((SEGA_TYPE(tr->attr) & 0x9) != 0x9 || tr->limit < 0x67)
		raise_gp(cpu, 0);
	u32 map = mmu_sys_read(cpu, tr->base + 0x66, 2);
	u32 off = map + (port >> 3);
	if (off + 1 > tr->limit)
		raise_gp(cpu, 0);
	u32 bits = mmu_sys_read(cpu, tr->base + off, 2);
	u32 mask = ((1u << size) - 1) << (port & 7);
	if (bits & mask)
		raise_gp(cpu, 0);
}

/* ---------------- LAR, LSL, VERR, VERW (SDM 3A 5.10.2, vol. 2) ---------------- */

/*
 * The common checks: a non-null selector inside its table whose descriptor
 * is visible at CPL and RPL (conforming code always is). sys_ok says which
 * system types the instruction accepts (bit per type). Returns true with
 * the descriptor when the instruction should set ZF.
 */
static bool probe_sel(struct cpu *cpu, u16 sel, u32 sys_ok, struct desc *d)
{
	if ((sel & ~3) == 0 || !desc_read(cpu, sel, d))
		return false;
	int dpl = SEGA_DPL(d->attr);
	if (!(d->attr & SEGA_S)) {
		if (!(sys_ok & (1u << SEGA_TYPE(d->attr))))
			return false;
	} else if (is_conforming(d->attr)) {
		return true;
	}
	return dpl >= cpu->cpl && dpl >= (sel & 3);
}

/* LAR: types 1-5, 9, B, C accepted (SDM vol. 2 LAR table 3-52). */
bool seg_lar(struct cpu *cpu, u16 sel, u32 *ar)
{
	struct desc d;
	if (!probe_sel(cpu, sel, 0x1A3E, &d))
		return false;
	*ar = d.hi & 0x00FFFF00u;
	return true;
}

/* LSL: types 1, 2, 3, 9, B accepted; the limit with G applied. */
bool seg_lsl(struct cpu *cpu, u16 sel, u32 *limit)
{
	struct desc d;
	if (!probe_sel(cpu, sel, 0x0A0E, &d))
		return false;
	*limit = d.limit;
	return true;
}

/* VERR: readable code or data; VERW: writable data. */
bool seg_verify(struct cpu *cpu, u16 sel, bool write)
{
	struct desc d;
	if (!probe_sel(cpu, sel, 0, &d) || !(d.attr & SEGA_S))
		return false;
	if (write)
		return is_writable_data(d.attr);
	return !is_code(d.attr) || (d.attr & 0x2);
}
