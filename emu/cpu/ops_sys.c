/*
 * System instructions and the Pentium/P6 integer additions: MOV to/from
 * control and debug registers, LGDT/LIDT/SGDT/SIDT, LMSW/SMSW/CLTS,
 * INVD/WBINVD/INVLPG, CPUID (per model), RDTSC (from the instruction
 * count), RDMSR/WRMSR, SYSENTER/SYSEXIT (SDM vol. 2 pages; vol. 3A 2.5 for
 * the control registers), the x87 escape opcodes when there is no FPU
 * (#NM with CR0.EM or CR0.TS, as SDM 3A 2.5 table 2-2 says; otherwise they
 * do nothing, like a 386 whose coprocessor socket is empty; fpu_ops.c has
 * the FPU), and the
 * protected-mode descriptor instructions in their simple form (SLDT, STR,
 * LLDT, LTR, ARPL) and LAR/LSL/VERR/VERW over seg.c's descriptor checks.
 */
#include "emu/cpu/ops.h"

void op_ud(struct cpu *cpu, const struct insn *i)
{
	(void)i;
	raise_ud(cpu);
}

void op_toolong(struct cpu *cpu, const struct insn *i)
{
	(void)i;
	raise_gp(cpu, 0);
}

/* Privileged instructions: CPL 0 in protected mode (#GP(0) otherwise,
 * which includes virtual-8086 mode where CPL is 3). */
static void need_cpl0(struct cpu *cpu)
{
	if (cpu->pe && cpu->cpl != 0)
		raise_gp(cpu, 0);
}

/* Instructions that do not exist in real and virtual-8086 mode. */
static void need_pm(struct cpu *cpu)
{
	if (!cpu->pe || (cpu->eflags & FLAG_VM))
		raise_ud(cpu);
}

/* Size of an x87 memory operand by opcode (D8-DF) and ModRM.reg, as far
 * as the segment check needs it (environment/state forms: 16-bit sizes). */
static int esc_operand_size(const struct insn *i)
{
	switch (i->op) {
	case 0xD8: case 0xDA: return 4;
	case 0xD9: return i->reg == 4 || i->reg == 6 ? 14 : i->reg == 5 || i->reg == 7 ? 2 : 4;
	case 0xDB: return i->reg == 5 || i->reg == 7 ? 10 : 4;
	case 0xDC: return 8;
	case 0xDD: return i->reg == 4 || i->reg == 6 ? 94 : i->reg == 7 ? 2 : 8;
	case 0xDE: return 2;
	default: return i->reg == 4 || i->reg == 6 ? 10 : i->reg == 5 || i->reg == 7 ? 8 : 2;
	}
}

void op_esc(struct cpu *cpu, const struct insn *i)
{
	if (cpu->cr0 & (CR0_EM | CR0_TS))
		cpu_fault(cpu, EXC_NM, NO_ERR);
	/* No coprocessor answers, but the CPU still forms and checks the
	 * operand address before handing it over (a 286 without an 80287
	 * faults here on a segment overrun, and so would a 386). */
	if (!i->mod3)
		seg_lin(cpu, i->seg, insn_ea(cpu, i), esc_operand_size(i), SEG_OK_READ);
	cpu->eip += i->len;
}

/* ---- CPUID ---- */

#define CPUID_FPU (1u << 0)
#define CPUID_VME (1u << 1)
#define CPUID_DE (1u << 2)
#define CPUID_PSE (1u << 3)
#define CPUID_TSC (1u << 4)
#define CPUID_MSR (1u << 5)
#define CPUID_PAE (1u << 6)
#define CPUID_CX8 (1u << 8)
#define CPUID_SEP (1u << 11)
#define CPUID_PGE (1u << 13)
#define CPUID_CMOV (1u << 15)
#define CPUID_MMX (1u << 23)
#define CPUID_FXSR (1u << 24)

void op_cpuid(struct cpu *cpu, const struct insn *i)
{
	u32 leaf = cpu->regs[R_EAX];
	u32 sig, feat;
	switch (cpu->model) {
	case CPU_486:
		sig = 0x0480;	/* family 4, model 8: a 486DX4 with CPUID */
		feat = 0;
		break;
	case CPU_PENTIUM:
		sig = 0x0521;	/* family 5, model 2: P54C */
		feat = CPUID_DE | CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_CX8;
		if (cpu->has_mmx) {
			sig = 0x0543;	/* family 5, model 4: P55C, QEMU's "pentium" */
			feat |= CPUID_MMX;
		}
		break;
	default:
		/* Family 6, model 5, stepping 2: a Pentium II (Deschutes) with
		 * MMX and FXSAVE, QEMU's "pentium2" signature. */
		sig = 0x0652;
		feat = CPUID_DE | CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_PAE | CPUID_CX8 |
		       CPUID_SEP | CPUID_PGE | CPUID_CMOV | CPUID_MMX | CPUID_FXSR;
		if (cpu->p6_model3) {	/* old logs' P6: model 3, no MMX or FXSR */
			sig = 0x0633;
			feat &= ~(CPUID_MMX | CPUID_FXSR);
		}
		break;
	}
	if (cpu->has_fpu)
		feat |= CPUID_FPU;
	/* The P6 has leaf 2, the cache and TLB descriptors (the Pentium II's:
	 * instruction TLB 01h 02h, data TLB 03h 04h, L1 16 KB code 08h and 16 KB
	 * data 0Ch, L2 512 KB 43h; AL = 1: one CPUID 2 gives them all). The
	 * others stop at leaf 1. None has extended leaves (0x80000000 up)
	 * unless given NX (cpu_set_nx): past the maximum, basic or extended,
	 * the maximum's answer (SDM vol. 2, CPUID). */
	u32 max = cpu->model >= CPU_P6 ? 2 : 1;
	if (cpu->has_nx && (leaf == 0x80000000u || leaf == 0x80000001u)) {
		/* Extended leaves up to 0x80000001, for its NX bit (EDX 20). */
		cpu->regs[R_EAX] = leaf == 0x80000000u ? 0x80000001u : 0;
		cpu->regs[R_EBX] = cpu->regs[R_ECX] = 0;
		cpu->regs[R_EDX] = leaf == 0x80000001u ? 1u << 20 : 0;
		cpu->eip += i->len;
		return;
	}
	if (leaf > max)
		leaf = max;
	if (leaf == 2) {
		cpu->regs[R_EAX] = 0x03020101;
		cpu->regs[R_EBX] = 0;
		cpu->regs[R_ECX] = 0;
		cpu->regs[R_EDX] = 0x0C040843;
	} else if (leaf == 0) {
		cpu->regs[R_EAX] = max;
		cpu->regs[R_EBX] = 0x756E6547;	/* "Genu" */
		cpu->regs[R_EDX] = 0x49656E69;	/* "ineI" */
		cpu->regs[R_ECX] = 0x6C65746E;	/* "ntel" */
	} else {
		/* Leaf 1. */
		cpu->regs[R_EAX] = sig;
		cpu->regs[R_EBX] = 0;
		cpu->regs[R_ECX] = 0;
		cpu->regs[R_EDX] = feat;
	}
	cpu->eip += i->len;
}

/* ---- time stamp counter and MSRs ---- */

void op_rdtsc(struct cpu *cpu, const struct insn *i)
{
	if ((cpu->cr4 & CR4_TSD) && cpu->pe && cpu->cpl != 0)
		raise_gp(cpu, 0);
	u64 t = cpu_tsc(cpu);
	cpu->regs[R_EAX] = t;
	cpu->regs[R_EDX] = t >> 32;
	cpu->eip += i->len;
}

void op_rdmsr(struct cpu *cpu, const struct insn *i)
{
	need_cpl0(cpu);
	u64 v;
	switch (cpu->regs[R_ECX]) {
	case MSR_TSC: v = cpu_tsc(cpu); break;
	case MSR_APIC_BASE:
		if (cpu->model < CPU_P6)
			raise_gp(cpu, 0);
		v = cpu->apic_base;
		break;
	case MSR_SYSENTER_CS: if (cpu->model < CPU_P6) raise_gp(cpu, 0); v = cpu->sysenter_cs; break;
	case MSR_SYSENTER_ESP: if (cpu->model < CPU_P6) raise_gp(cpu, 0); v = cpu->sysenter_esp; break;
	case MSR_SYSENTER_EIP: if (cpu->model < CPU_P6) raise_gp(cpu, 0); v = cpu->sysenter_eip; break;
	case MSR_EFER:
		if (!cpu->has_nx)
			goto unknown;
		v = cpu->efer;
		break;
	case MSR_PLATFORM_ID:
		/* Bits 50-52, the platform (slot) the microcode loader matches
		 * an update against: 0, as QEMU's pentium2 reads. Linux's
		 * microcode driver reads it on models 5 and up. */
		if (cpu->model < CPU_P6 || cpu->p6_model3)
			goto unknown;
		v = 0;
		break;
	case MSR_BIOS_SIGN_ID:
		/* The update signature in EDX: no microcode update was ever
		 * loaded, so revision 0 (what Linux then prints). */
		if (cpu->model < CPU_P6)
			raise_gp(cpu, 0);
		v = 0;
		break;
	default:
		if (!pmc_rdmsr(cpu, cpu->regs[R_ECX], &v))
			break;
	unknown:
		cpu_debug_event(cpu, CPU_EV_MSR_UNKNOWN, cpu->regs[R_ECX], 0);
		raise_gp(cpu, 0);
	}
	cpu->regs[R_EAX] = v;
	cpu->regs[R_EDX] = v >> 32;
	cpu->eip += i->len;
}

void op_wrmsr(struct cpu *cpu, const struct insn *i)
{
	need_cpl0(cpu);
	u64 v = ((u64)cpu->regs[R_EDX] << 32) | cpu->regs[R_EAX];
	switch (cpu->regs[R_ECX]) {
	case MSR_TSC:
		cpu->tsc_offset = v - cpu->clock->icount;
		break;
	case MSR_APIC_BASE:
		if (cpu->model < CPU_P6)
			raise_gp(cpu, 0);
		cpu->apic_base = v;
		break;
	case MSR_SYSENTER_CS: if (cpu->model < CPU_P6) raise_gp(cpu, 0); cpu->sysenter_cs = v; break;
	case MSR_SYSENTER_ESP: if (cpu->model < CPU_P6) raise_gp(cpu, 0); cpu->sysenter_esp = v; break;
	case MSR_SYSENTER_EIP: if (cpu->model < CPU_P6) raise_gp(cpu, 0); cpu->sysenter_eip = v; break;
	case MSR_EFER:
		/* NXE is the only bit this CPU has; the rest are reserved. */
		if (!cpu->has_nx)
			goto unknown;
		if (v & ~(u64)EFER_NXE)
			raise_gp(cpu, 0);
		if ((cpu->efer ^ (u32)v) & EFER_NXE) {
			cpu->efer = (u32)v;
			mmu_flush_tlb(cpu);	/* bit 63 changes meaning */
		}
		break;
	case MSR_BIOS_SIGN_ID:
		/* Software writes 0 and runs CPUID to have the signature
		 * reloaded (SDM 3A 9.11.7); it stays 0 here. */
		if (cpu->model < CPU_P6)
			raise_gp(cpu, 0);
		break;
	default:
		if (!pmc_wrmsr(cpu, cpu->regs[R_ECX], v))
			break;
	unknown:
		cpu_debug_event(cpu, CPU_EV_MSR_UNKNOWN, cpu->regs[R_ECX], 1);
		raise_gp(cpu, 0);
	}
	cpu->eip += i->len;
}

/* ---- SYSENTER / SYSEXIT (SDM vol. 2: flat segments from SYSENTER_CS) ---- */

void op_sysenter(struct cpu *cpu, const struct insn *i)
{
	(void)i;
	if (!cpu->pe || !(cpu->sysenter_cs & 0xFFFC))
		raise_gp(cpu, 0);
	if (cpu->cpl == 3)
		cpu->nr_syscalls++;
	u16 cs = cpu->sysenter_cs & 0xFFFC;
	cpu->eflags &= ~(FLAG_VM | FLAG_IF | FLAG_RF);
	cpu->cpl = 0;
	seg_set_cache(cpu, SEG_CS, cs, 0, 0xFFFFFFFFu, 0xC09B);	/* 32-bit code, DPL 0 */
	seg_set_cache(cpu, SEG_SS, cs + 8, 0, 0xFFFFFFFFu, 0xC093);	/* 32-bit data, DPL 0 */
	cpu->regs[R_ESP] = cpu->sysenter_esp;
	cpu->eip = cpu->sysenter_eip;
	cpu_end_block(cpu);
}

void op_sysexit(struct cpu *cpu, const struct insn *i)
{
	(void)i;
	if (!cpu->pe || cpu->cpl != 0 || !(cpu->sysenter_cs & 0xFFFC))
		raise_gp(cpu, 0);
	u16 cs = cpu->sysenter_cs & 0xFFFC;
	cpu->cpl = 3;
	seg_set_cache(cpu, SEG_CS, (cs + 16) | 3, 0, 0xFFFFFFFFu, 0xC0FB);	/* DPL 3 code */
	seg_set_cache(cpu, SEG_SS, (cs + 24) | 3, 0, 0xFFFFFFFFu, 0xC0F3);	/* DPL 3 data */
	cpu->regs[R_ESP] = cpu->regs[R_ECX];
	cpu->eip = cpu->regs[R_EDX];
	cpu_end_block(cpu);
}

/* ---- control and debug registers ---- */

static bool cr_exists(const struct cpu *cpu, int n)
{
	return n == 0 || n == 2 || n == 3 || (n == 4 && cpu->model >= CPU_PENTIUM);
}

void op_mov_r_cr(struct cpu *cpu, const struct insn *i)
{
	if (!cr_exists(cpu, i->reg))
		raise_ud(cpu);
	need_cpl0(cpu);
	u32 v = i->reg == 0 ? cpu->cr0 : i->reg == 2 ? cpu->cr2 : i->reg == 3 ? cpu->cr3 : cpu->cr4;
	cpu->regs[i->rm] = v;
	cpu->eip += i->len;
}

void op_mov_cr_r(struct cpu *cpu, const struct insn *i)
{
	if (!cr_exists(cpu, i->reg))
		raise_ud(cpu);
	need_cpl0(cpu);
	cpu_write_cr(cpu, i->reg, cpu->regs[i->rm]);
	cpu->eip += i->len;
}

/* DR4/DR5 alias DR6/DR7 unless CR4.DE makes them #UD. */
static int dr_index(struct cpu *cpu, int n)
{
	if (n == 4 || n == 5) {
		if (cpu->cr4 & CR4_DE)
			raise_ud(cpu);
		return n + 2;
	}
	return n;
}

void op_mov_r_dr(struct cpu *cpu, const struct insn *i)
{
	int n = dr_index(cpu, i->reg);
	need_cpl0(cpu);
	cpu->regs[i->rm] = cpu->dr[n];
	cpu->eip += i->len;
}

void op_mov_dr_r(struct cpu *cpu, const struct insn *i)
{
	int n = dr_index(cpu, i->reg);
	need_cpl0(cpu);
	u32 v = cpu->regs[i->rm];
	if (n == 6)
		v = (v & 0x0000E00Fu) | 0xFFFF0FF0u;
	else if (n == 7)
		v = (v & 0xFFFF2BFFu) | 0x400u;
	cpu->dr[n] = v;
	if (n != 6)
		dr_update(cpu);
	cpu_end_block(cpu);
	cpu->eip += i->len;
}

void op_clts(struct cpu *cpu, const struct insn *i)
{
	need_cpl0(cpu);
	cpu->cr0 &= ~CR0_TS;
	cpu->eip += i->len;
}

void op_invd(struct cpu *cpu, const struct insn *i)
{
	need_cpl0(cpu);	/* no caches to flush */
	cpu->eip += i->len;
}

void op_invlpg(struct cpu *cpu, const struct insn *i)
{
	need_cpl0(cpu);
	u32 lin = cpu->seg[i->seg].base + insn_ea(cpu, i);
	mmu_flush_page(cpu, lin);
	cpu->eip += i->len;
}

/* ---- descriptor table registers ---- */

static void store_dtr(struct cpu *cpu, const struct insn *i, const struct dtr *d)
{
	u32 off = insn_ea(cpu, i);
	u32 base = i->osz == 2 ? (d->base & 0xFFFFFF) : d->base;
	mem_probe_write(cpu, i->seg, off, 2);
	mem_probe_write(cpu, i->seg, off + 2, 4);
	mem_write(cpu, i->seg, off, d->limit, 2);
	mem_write(cpu, i->seg, off + 2, base, 4);
	cpu->eip += i->len;
}

static void load_dtr(struct cpu *cpu, const struct insn *i, struct dtr *d)
{
	need_cpl0(cpu);
	u32 off = insn_ea(cpu, i);
	u16 limit = mem_read(cpu, i->seg, off, 2);
	u32 base = mem_read(cpu, i->seg, off + 2, 4);
	if (i->osz == 2)
		base &= 0xFFFFFF;
	d->limit = limit;
	d->base = base;
	cpu->eip += i->len;
}

void op_sgdt(struct cpu *cpu, const struct insn *i) { store_dtr(cpu, i, &cpu->gdtr); }
void op_sidt(struct cpu *cpu, const struct insn *i) { store_dtr(cpu, i, &cpu->idtr); }
void op_lgdt(struct cpu *cpu, const struct insn *i) { load_dtr(cpu, i, &cpu->gdtr); }
void op_lidt(struct cpu *cpu, const struct insn *i) { load_dtr(cpu, i, &cpu->idtr); }

void op_smsw(struct cpu *cpu, const struct insn *i)
{
	if (i->mod3)
		set_reg(cpu, i->rm, i->osz, cpu->cr0);
	else
		mem_write(cpu, i->seg, insn_ea(cpu, i), cpu->cr0, 2);
	cpu->eip += i->len;
}

void op_lmsw(struct cpu *cpu, const struct insn *i)
{
	need_cpl0(cpu);
	u32 v = read_rm(cpu, i, 2);
	/* Only PE MP EM TS; PE can be set but not cleared. */
	u32 cr0 = (cpu->cr0 & ~0xEu) | (v & 0xE) | ((v | cpu->cr0) & CR0_PE);
	cpu_write_cr(cpu, 0, cr0);
	cpu->eip += i->len;
}

/* ---- LDT, task register and selector instructions ---- */

void op_sldt(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	if (i->mod3)
		set_reg(cpu, i->rm, i->osz, cpu->ldtr.sel);
	else
		mem_write(cpu, i->seg, insn_ea(cpu, i), cpu->ldtr.sel, 2);
	cpu->eip += i->len;
}

void op_str(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	if (i->mod3)
		set_reg(cpu, i->rm, i->osz, cpu->tr.sel);
	else
		mem_write(cpu, i->seg, insn_ea(cpu, i), cpu->tr.sel, 2);
	cpu->eip += i->len;
}

/* Read a GDT system descriptor for LLDT/LTR. */
static u64 gdt_desc(struct cpu *cpu, u16 sel)
{
	if (sel & 4)
		raise_gp(cpu, sel & 0xFFFC);
	u32 off = sel & ~7u;
	if (off + 7 > cpu->gdtr.limit)
		raise_gp(cpu, sel & 0xFFFC);
	u32 lo = lin_read(cpu, cpu->gdtr.base + off, 4);
	u32 hi = lin_read(cpu, cpu->gdtr.base + off + 4, 4);
	return ((u64)hi << 32) | lo;
}

static void sys_cache(struct seg *s, u16 sel, u64 d)
{
	u32 lo = (u32)d, hi = (u32)(d >> 32);
	s->sel = sel;
	s->base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
	s->limit = (lo & 0xFFFF) | (hi & 0x000F0000u);
	s->attr = (hi >> 8) & 0xF0FF;
	if (s->attr & SEGA_G)
		s->limit = (s->limit << 12) | 0xFFF;
}

void op_lldt(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	need_cpl0(cpu);
	u16 sel = read_rm(cpu, i, 2);
	if ((sel & ~3) == 0) {
		cpu->ldtr.sel = sel;
		cpu->ldtr.base = 0;
		cpu->ldtr.limit = 0;
		cpu->ldtr.attr = 0;
	} else {
		u64 d = gdt_desc(cpu, sel);
		u32 hi = d >> 32;
		if (((hi >> 8) & 0x1F) != 0x02)
			raise_gp(cpu, sel & 0xFFFC);
		if (!(hi & 0x8000))
			cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
		sys_cache(&cpu->ldtr, sel, d);
	}
	cpu->eip += i->len;
}

void op_ltr(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	need_cpl0(cpu);
	u16 sel = read_rm(cpu, i, 2);
	if ((sel & ~3) == 0)
		raise_gp(cpu, 0);
	u64 d = gdt_desc(cpu, sel);
	u32 hi = d >> 32;
	int type = (hi >> 8) & 0x1F;
	if (type != 0x01 && type != 0x09)	/* available 16/32-bit TSS */
		raise_gp(cpu, sel & 0xFFFC);
	if (!(hi & 0x8000))
		cpu_fault(cpu, EXC_NP, sel & 0xFFFC);
	/* Mark the descriptor busy. */
	lin_write(cpu, cpu->gdtr.base + (sel & ~7u) + 5, ((hi >> 8) & 0xFF) | 0x02, 1);
	sys_cache(&cpu->tr, sel, d | (2ull << 40));
	cpu->eip += i->len;
}

/* LAR, LSL, VERR, VERW: the descriptor checks are in seg.c (seg_lar...). */
static void set_zf(struct cpu *cpu, bool z)
{
	flags_materialize(cpu);
	if (z)
		cpu->eflags |= FLAG_ZF;
	else
		cpu->eflags &= ~FLAG_ZF;
}

void op_verr(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	set_zf(cpu, seg_verify(cpu, read_rm(cpu, i, 2), false));
	cpu->eip += i->len;
}

void op_verw(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	set_zf(cpu, seg_verify(cpu, read_rm(cpu, i, 2), true));
	cpu->eip += i->len;
}

void op_lar(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	u32 ar;
	bool ok = seg_lar(cpu, read_rm(cpu, i, 2), &ar);
	if (ok)
		set_reg(cpu, i->reg, i->osz, ar & 0x00F0FF00u);
	set_zf(cpu, ok);
	cpu->eip += i->len;
}

void op_lsl(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	u32 limit;
	bool ok = seg_lsl(cpu, read_rm(cpu, i, 2), &limit);
	if (ok)
		set_reg(cpu, i->reg, i->osz, limit);
	set_zf(cpu, ok);
	cpu->eip += i->len;
}

void op_arpl(struct cpu *cpu, const struct insn *i)
{
	need_pm(cpu);
	u16 dst = read_rm(cpu, i, 2);
	u16 src = get_reg(cpu, i->reg, 2);
	flags_materialize(cpu);
	if ((dst & 3) < (src & 3)) {
		write_rm(cpu, i, 2, (dst & ~3) | (src & 3));
		cpu->eflags |= FLAG_ZF;
	} else {
		cpu->eflags &= ~FLAG_ZF;
	}
	cpu->eip += i->len;
}
