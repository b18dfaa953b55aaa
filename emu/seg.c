/*
 * Segment registers: loads in real mode (base = selector << 4, SDM 3A 20.1)
 * and a simple protected-mode descriptor load (SDM 3A 3.4-3.5), far
 * JMP/CALL/RET, the fault raised by a failed segment check, and the I/O
 * permission check.
 *
 * cpu-sys (issue 4) owns the protected-mode parts: all protection checks on
 * loads, far transfers through call gates and across privilege levels, task
 * switches, LAR/LSL/VERR/VERW and the TSS I/O bitmap. What is here handles
 * the flat, same-privilege case that 32-bit test code and simple kernels use.
 */
#include "emu/cpu_internal.h"

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

/* Read the 8-byte descriptor for sel from the GDT or LDT; #GP(sel) if it is
 * outside the table. */
static u64 seg_read_desc(struct cpu *cpu, u16 sel)
{
	u32 base, limit;
	if (sel & 4) {
		base = cpu->ldtr.base;
		limit = cpu->ldtr.limit;
	} else {
		base = cpu->gdtr.base;
		limit = cpu->gdtr.limit;
	}
	u32 off = sel & ~7u;
	if (off + 7 > limit)
		raise_gp(cpu, sel & 0xFFFC);
	u32 lo = lin_read(cpu, base + off, 4);
	u32 hi = lin_read(cpu, base + off + 4, 4);
	return ((u64)hi << 32) | lo;
}

static void desc_decode(u64 d, u32 *base, u32 *limit, u16 *attr)
{
	u32 lo = (u32)d, hi = (u32)(d >> 32);
	*base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
	*limit = (lo & 0xFFFF) | (hi & 0x000F0000u);
	*attr = (hi >> 8) & 0xF0FF;
	if (*attr & SEGA_G)
		*limit = (*limit << 12) | 0xFFF;
}

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
	u64 d = seg_read_desc(cpu, sel);
	u32 base, limit;
	u16 attr;
	desc_decode(d, &base, &limit, &attr);
	if (!(attr & SEGA_S))
		raise_gp(cpu, sel & 0xFFFC);
	if (seg == SEG_SS) {
		/* Writable data, RPL = DPL = CPL. */
		if ((attr & 0x8) || !(attr & 0x2) || (sel & 3) != cpu->cpl ||
		    SEGA_DPL(attr) != cpu->cpl)
			raise_gp(cpu, sel & 0xFFFC);
		if (!(attr & SEGA_P))
			raise_ss(cpu, sel & 0xFFFC);
	} else {
		/* Data or readable code. */
		if ((attr & 0xA) == 0x8)
			raise_gp(cpu, sel & 0xFFFC);
		if (!(attr & SEGA_P))
			cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
	}
	seg_set_cache(cpu, seg, sel, base, limit, attr);
}

/* Load CS for a far transfer in protected mode (same privilege only). */
static void seg_load_cs_pm(struct cpu *cpu, u16 sel, u32 eip)
{
	if ((sel & ~3) == 0)
		raise_gp(cpu, 0);
	u64 d = seg_read_desc(cpu, sel);
	u32 base, limit;
	u16 attr;
	desc_decode(d, &base, &limit, &attr);
	if (!(attr & SEGA_S) || !(attr & 0x8))
		raise_gp(cpu, sel & 0xFFFC);	/* gates and TSSs: cpu-sys */
	if (!(attr & SEGA_P))
		cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
	if (eip > limit)
		raise_gp(cpu, 0);
	seg_set_cache(cpu, SEG_CS, (sel & ~3) | cpu->cpl, base, limit, attr);
}

void seg_far_jmp(struct cpu *cpu, u16 sel, u32 eip, u32 next_eip, int osz)
{
	(void)next_eip;
	if (osz == 2)
		eip &= 0xFFFF;
	if (!cpu->pe || (cpu->eflags & FLAG_VM)) {
		if (eip > cpu->seg[SEG_CS].limit)
			raise_gp(cpu, 0);
		seg_set_real(cpu, SEG_CS, sel);
	} else {
		seg_load_cs_pm(cpu, sel, eip);
	}
	cpu->eip = eip;
}

void seg_far_call(struct cpu *cpu, u16 sel, u32 eip, u32 next_eip, int osz)
{
	u16 old_cs = cpu->seg[SEG_CS].sel;
	u32 sp = cpu->regs[R_ESP];
	if (osz == 2)
		eip &= 0xFFFF;
	/* Both pushes must succeed before anything changes. */
	u32 m = sp_mask(cpu);
	mem_write(cpu, SEG_SS, (sp - osz) & m, old_cs, osz == 4 ? 4 : 2);
	mem_write(cpu, SEG_SS, (sp - 2 * osz) & m, next_eip, osz);
	if (!cpu->pe || (cpu->eflags & FLAG_VM)) {
		if (eip > cpu->seg[SEG_CS].limit)
			raise_gp(cpu, 0);
		seg_set_real(cpu, SEG_CS, sel);
	} else {
		seg_load_cs_pm(cpu, sel, eip);
	}
	set_sp(cpu, sp - 2 * osz);
	cpu->eip = eip;
}

void seg_far_ret(struct cpu *cpu, int osz, u16 pop_bytes)
{
	u32 eip = stack_peek(cpu, osz, 0);
	u16 sel = stack_peek(cpu, 2, osz);
	if (!cpu->pe || (cpu->eflags & FLAG_VM)) {
		if (eip > cpu->seg[SEG_CS].limit)
			raise_gp(cpu, 0);
		seg_set_real(cpu, SEG_CS, sel);
	} else {
		if ((sel & 3) != cpu->cpl)
			raise_gp(cpu, sel & 0xFFFC);	/* outer returns: cpu-sys */
		seg_load_cs_pm(cpu, sel, eip);
	}
	set_sp(cpu, cpu->regs[R_ESP] + 2 * osz + pop_bytes);
	cpu->eip = eip;
}

_Noreturn void seg_fault(struct cpu *cpu, int seg, u32 off, int size, int acc)
{
	(void)off;
	(void)size;
	(void)acc;
	const struct seg *s = &cpu->seg[seg];
	if (seg == SEG_SS)
		raise_ss(cpu, 0);
	if (cpu->pe && !(cpu->eflags & FLAG_VM) && (s->sel & ~3) == 0)
		raise_gp(cpu, 0);
	raise_gp(cpu, 0);
}

/*
 * IN/OUT/INS/OUTS permission (SDM 1 18.5): allowed in real mode and when
 * CPL <= IOPL; otherwise the TSS I/O bitmap decides (cpu-sys), and until
 * then #GP(0).
 */
void cpu_check_io(struct cpu *cpu, u16 port, int size)
{
	(void)port;
	(void)size;
	if (!cpu->pe)
		return;
	if (!(cpu->eflags & FLAG_VM) && cpu->cpl <= iopl(cpu))
		return;
	raise_gp(cpu, 0);
}
