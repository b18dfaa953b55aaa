/*
 * Lazy arithmetic flags (CF PF AF ZF SF OF). Flag-setting instructions store
 * the operation, its size, operands and result (cpu->lf); the flags are
 * computed here only when read. Definitions follow the SDM vol. 1 3.4.3 and
 * the per-instruction "Flags Affected" sections of vol. 2; where the SDM
 * says "undefined" we produce what the 386/486 produce when it is known
 * (AF cleared by logic ops and shifts, CF/OF cleared by logic ops).
 */
#include "emu/cpu/cpu_internal.h"

static inline u32 parity_flag(u32 v)
{
	return (__builtin_parity(v & 0xFF) ? 0 : FLAG_PF);
}

static u32 lf_compute(const struct lazy_flags *lf, u32 eflags);

/* The six arithmetic flags described by cpu->lf. */
u32 lf_flags(const struct cpu *cpu)
{
	const struct lazy_flags *lf = &cpu->lf;
	if (lf->op == LF_ROT) {
		/* A rotate changed only CF and OF of what came before. */
		u32 f = lf_compute(&cpu->lf_prev, cpu->eflags) & ~(FLAG_CF | FLAG_OF);
		return f | (lf->cf ? FLAG_CF : 0) | (lf->b ? FLAG_OF : 0);
	}
	return lf_compute(lf, cpu->eflags);
}

static u32 lf_compute(const struct lazy_flags *lf, u32 eflags)
{
	u32 m = size_mask(lf->size);
	u32 sb = (m >> 1) + 1;
	u32 res = lf->res & m, a = lf->a & m, b = lf->b & m;
	u32 f = 0;
	bool cf = false, of = false, af = false;

	switch (lf->op) {
	case LF_NONE: case LF_ROT:	/* (LF_ROT never reaches here) */
		return eflags & FLAGS_ARITH;
	case LF_ADD:
		cf = res < a;
		of = (a ^ res) & (b ^ res) & sb;
		af = (a ^ b ^ res) & 0x10;
		break;
	case LF_ADC:
		cf = lf->cf ? res <= a : res < a;
		of = (a ^ res) & (b ^ res) & sb;
		af = (a ^ b ^ res) & 0x10;
		break;
	case LF_SUB:
		cf = a < b;
		of = (a ^ b) & (a ^ res) & sb;
		af = (a ^ b ^ res) & 0x10;
		break;
	case LF_SBB:
		cf = lf->cf ? a <= b : a < b;
		of = (a ^ b) & (a ^ res) & sb;
		af = (a ^ b ^ res) & 0x10;
		break;
	case LF_LOGIC:
		break;
	case LF_INC:
		cf = lf->cf;
		of = res == sb;
		af = (res & 0xF) == 0;
		break;
	case LF_DEC:
		cf = lf->cf;
		of = res == sb - 1;
		af = (res & 0xF) == 0xF;
		break;
	case LF_SHL:	/* b = count (1..31), a = value before */
		cf = (((u64)a << b) >> (lf->size * 8)) & 1;
		of = ((res & sb) != 0) ^ cf;
		break;
	case LF_SHR:
		cf = (a >> (b - 1)) & 1;
		/* OF is the sign before the last one-bit step: the 286/386
		 * shift one bit at a time, so it is 0 for counts above 1. */
		of = (a >> (b - 1)) & sb;
		break;
	case LF_SAR: {
		s32 sa = lf->size == 1 ? (s8)a : lf->size == 2 ? (s16)a : (s32)a;
		cf = (sa >> (b - 1 > 31 ? 31 : b - 1)) & 1;
		of = false;
		break;
	}
	case LF_MUL:	/* cf holds CF=OF computed by the multiply */
		cf = of = lf->cf;
		break;
	}
	if (cf)
		f |= FLAG_CF;
	if (of)
		f |= FLAG_OF;
	if (af)
		f |= FLAG_AF;
	if (res == 0)
		f |= FLAG_ZF;
	if (res & sb)
		f |= FLAG_SF;
	return f | parity_flag(res);
}

void flags_materialize(struct cpu *cpu)
{
	if (cpu->lf.op == LF_NONE)
		return;
	cpu->eflags = (cpu->eflags & ~FLAGS_ARITH) | lf_flags(cpu);
	cpu->lf.op = LF_NONE;
}

u32 cpu_get_eflags(struct cpu *cpu)
{
	flags_materialize(cpu);
	return cpu->eflags;
}

/* CF alone, without computing the other five (INC/DEC, ADC/SBB, RCL...). */
bool lf_cf(const struct cpu *cpu)
{
	const struct lazy_flags *lf = &cpu->lf;
	u32 m = size_mask(lf->size);
	switch (lf->op) {
	case LF_NONE: return cpu->eflags & FLAG_CF;
	case LF_ADD: return (lf->res & m) < (lf->a & m);
	case LF_SUB: return (lf->a & m) < (lf->b & m);
	case LF_LOGIC: return false;
	case LF_INC: case LF_DEC: case LF_MUL: case LF_ROT: return lf->cf;
	default: return lf_flags(cpu) & FLAG_CF;
	}
}

/*
 * Condition codes in Jcc order: O NO B AE E NE BE A S NS P NP L GE LE G.
 * After SUB/CMP (the common case) the answer comes straight from the
 * operands, without computing the flags.
 */
bool cond_true(struct cpu *cpu, int cc)
{
	const struct lazy_flags *lf = &cpu->lf;
	bool r;

	if (lf->op == LF_SUB) {
		u32 m = size_mask(lf->size);
		u32 a = lf->a & m, b = lf->b & m, sh = 32 - lf->size * 8;
		s32 sa = (s32)(a << sh) >> sh, sbv = (s32)(b << sh) >> sh;
		switch (cc >> 1) {
		case 1: r = a < b; return r ^ (cc & 1);
		case 2: r = a == b; return r ^ (cc & 1);
		case 3: r = a <= b; return r ^ (cc & 1);
		case 6: r = sa < sbv; return r ^ (cc & 1);
		case 7: r = sa <= sbv; return r ^ (cc & 1);
		default: break;
		}
	} else if (lf->op != LF_NONE && lf->op != LF_ROT) {
		u32 m = size_mask(lf->size);
		switch (cc >> 1) {
		case 2: r = (lf->res & m) == 0; return r ^ (cc & 1);
		case 4: r = lf->res & ((m >> 1) + 1); return r ^ (cc & 1);
		case 1: if (lf->op == LF_LOGIC) return cc & 1; break;
		default: break;
		}
	}
	u32 f = lf_flags(cpu);
	switch (cc >> 1) {
	case 0: r = f & FLAG_OF; break;
	case 1: r = f & FLAG_CF; break;
	case 2: r = f & FLAG_ZF; break;
	case 3: r = f & (FLAG_CF | FLAG_ZF); break;
	case 4: r = f & FLAG_SF; break;
	case 5: r = f & FLAG_PF; break;
	case 6: r = !(f & FLAG_SF) != !(f & FLAG_OF); break;
	default: r = (f & FLAG_ZF) || (!(f & FLAG_SF) != !(f & FLAG_OF)); break;
	}
	return r ^ (cc & 1);
}
