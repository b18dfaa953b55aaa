/*
 * MMX, as the Pentium II has it (SDM vol. 1 ch. 9, vol. 3A ch. 12, and the
 * vol. 2 page of each instruction): 0F 60-6B, 6E 6F, 71-77, 7E 7F, D1-FE
 * minus the SSE and SSE2 additions, which stay #UD on this model.
 *
 * The eight MMX registers are the x87's physical registers R0-R7: MMn is
 * the significand of Rn. Every MMX instruction first checks CR0.EM (#UD),
 * CR0.TS (#NM) and a pending unmasked x87 exception (#MF under CR0.NE, as
 * the waiting x87 instructions do, fpu_ops.c); it then sets TOP to 0 and
 * every tag to valid (fpu.used = 0xFF), before its memory operand is read,
 * as QEMU does (the SDM does not say which comes first). A write to MMn
 * also sets Rn's sign and exponent to all ones, so FSTENV/FSAVE, which
 * compute tags from the contents, see "special" there. EMMS empties every
 * tag and sets TOP to 0 as well (vol. 3A 12.2: "each time an MMX
 * instruction is executed, the TOS value is set to 000B"). FCW, the rest
 * of FSW, FIP, FDP and FOP are left alone.
 *
 * Prefixes 66, F2 and F3 are ignored, as on a CPU without SSE2. The decoder
 * lets the Pentium decode them; without MMX (cpu->has_mmx: the P6, or a
 * Pentium given it, a P55C) they raise #UD here, before anything else.
 */
#include "emu/cpu/ops.h"

static void mmx_enter(struct cpu *cpu)
{
	if ((cpu->cr0 & CR0_EM) || !cpu->has_mmx || !cpu->has_fpu)
		raise_ud(cpu);
	if (cpu->cr0 & CR0_TS)
		cpu_fault(cpu, EXC_NM, NO_ERR);
	struct fpu *f = &cpu->fpu;
	if ((f->sw & FPU_ES) && (cpu->cr0 & CR0_NE))
		cpu_fault(cpu, EXC_MF, NO_ERR);
	f->sw &= ~0x3800;
	f->used = 0xFF;
}

static inline u64 mm_get(const struct cpu *cpu, int n)
{
	return cpu->fpu.r[n].sig;
}

static inline void mm_set(struct cpu *cpu, int n, u64 v)
{
	cpu->fpu.r[n].sig = v;
	cpu->fpu.r[n].se = 0xFFFF;
}

/* The source operand: MMn, or 64 (or 32, zero-extended) bits of memory. */
static u64 mm_src(struct cpu *cpu, const struct insn *i, int bytes)
{
	if (i->mod3)
		return mm_get(cpu, i->rm);
	u32 lin = seg_lin(cpu, i->seg, insn_ea(cpu, i), bytes, SEG_OK_READ);
	u64 lo = lin_read(cpu, lin, 4);
	return bytes == 4 ? lo : lo | (u64)lin_read(cpu, lin + 4, 4) << 32;
}

/* ---------------- lane arithmetic ---------------- */

enum lane_op {
	L_ADD, L_SUB, L_ADDS, L_SUBS, L_ADDUS, L_SUBUS, L_CMPEQ, L_CMPGT, L_MULL, L_MULH,
};

static inline u64 lane_mask(int bits)
{
	return bits == 64 ? ~0ull : (1ull << bits) - 1;
}

/* A lane as a signed value. */
static inline s64 sx(u64 v, int bits)
{
	return (s64)(v << (64 - bits)) >> (64 - bits);
}

static inline s64 clamp(s64 v, s64 lo, s64 hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static u64 lane(u64 a, u64 b, int bits, enum lane_op op)
{
	u64 m = lane_mask(bits);
	s64 smin = -((s64)1 << (bits - 1)), smax = ((s64)1 << (bits - 1)) - 1;
	s64 sa = sx(a, bits), sb = sx(b, bits);
	a &= m;
	b &= m;
	switch (op) {
	case L_ADD: return a + b;
	case L_SUB: return a - b;
	case L_ADDS: return clamp(sa + sb, smin, smax);
	case L_SUBS: return clamp(sa - sb, smin, smax);
	case L_ADDUS: return clamp((s64)(a + b), 0, (s64)m);
	case L_SUBUS: return clamp((s64)a - (s64)b, 0, (s64)m);
	case L_CMPEQ: return a == b ? m : 0;
	case L_CMPGT: return sa > sb ? m : 0;
	case L_MULL: return (u64)(sa * sb);
	default: return (u64)(sa * sb) >> 16;		/* L_MULH: words only */
	}
}

static u64 lanes(u64 a, u64 b, int bits, enum lane_op op)
{
	u64 r = 0, m = lane_mask(bits);
	for (int k = 0; k < 64; k += bits)
		r |= (lane(a >> k, b >> k, bits, op) & m) << k;
	return r;
}

#define MMX_LANES(name, bits, op) \
	void op_##name(struct cpu *cpu, const struct insn *i) \
	{ \
		mmx_enter(cpu); \
		u64 s = mm_src(cpu, i, 8); \
		mm_set(cpu, i->reg, lanes(mm_get(cpu, i->reg), s, bits, op)); \
		cpu->eip += i->len; \
	}

MMX_LANES(paddb, 8, L_ADD)
MMX_LANES(paddw, 16, L_ADD)
MMX_LANES(paddd, 32, L_ADD)
MMX_LANES(psubb, 8, L_SUB)
MMX_LANES(psubw, 16, L_SUB)
MMX_LANES(psubd, 32, L_SUB)
MMX_LANES(paddsb, 8, L_ADDS)
MMX_LANES(paddsw, 16, L_ADDS)
MMX_LANES(psubsb, 8, L_SUBS)
MMX_LANES(psubsw, 16, L_SUBS)
MMX_LANES(paddusb, 8, L_ADDUS)
MMX_LANES(paddusw, 16, L_ADDUS)
MMX_LANES(psubusb, 8, L_SUBUS)
MMX_LANES(psubusw, 16, L_SUBUS)
MMX_LANES(pcmpeqb, 8, L_CMPEQ)
MMX_LANES(pcmpeqw, 16, L_CMPEQ)
MMX_LANES(pcmpeqd, 32, L_CMPEQ)
MMX_LANES(pcmpgtb, 8, L_CMPGT)
MMX_LANES(pcmpgtw, 16, L_CMPGT)
MMX_LANES(pcmpgtd, 32, L_CMPGT)
MMX_LANES(pmullw, 16, L_MULL)
MMX_LANES(pmulhw, 16, L_MULH)

/* ---------------- whole-register operations ---------------- */

static u64 pmaddwd(u64 a, u64 b)
{
	u64 r = 0;
	for (int k = 0; k < 64; k += 32) {
		u32 lo = (u32)(sx(a >> k, 16) * sx(b >> k, 16));
		u32 hi = (u32)(sx(a >> (k + 16), 16) * sx(b >> (k + 16), 16));
		r |= (u64)(u32)(lo + hi) << k;
	}
	return r;
}

/* Pack the signed lanes of a (low half) and b (high half) to half their
 * width, saturating signed or unsigned. */
static u64 pack(u64 a, u64 b, int bits, bool is_unsigned)
{
	int half = bits / 2, n = 64 / bits;
	s64 lo = is_unsigned ? 0 : -((s64)1 << (half - 1));
	s64 hi = is_unsigned ? ((s64)1 << half) - 1 : ((s64)1 << (half - 1)) - 1;
	u64 r = 0;
	for (int k = 0; k < 2 * n; k++) {
		u64 src = k < n ? a : b;
		s64 v = clamp(sx(src >> (bits * (k % n)), bits), lo, hi);
		r |= ((u64)v & lane_mask(half)) << (half * k);
	}
	return r;
}

/* Interleave the lanes of the low (high = false) or high halves of a and b:
 * a0 b0 a1 b1 ... from the low end. */
static u64 unpack(u64 a, u64 b, int bits, bool high)
{
	int n = 32 / bits, base = high ? 32 : 0;
	u64 r = 0, m = lane_mask(bits);
	for (int k = 0; k < n; k++) {
		r |= ((a >> (base + bits * k)) & m) << (2 * bits * k);
		r |= ((b >> (base + bits * k)) & m) << (2 * bits * k + bits);
	}
	return r;
}

enum shift_kind { SH_L, SH_RL, SH_RA };

/* Shift every lane by count (the whole 64-bit count: past the lane width a
 * logical shift gives 0 and an arithmetic one the sign). */
static u64 shift(u64 a, u64 count, int bits, enum shift_kind kind)
{
	if (count > (u64)bits - 1) {
		if (kind != SH_RA)
			return 0;
		count = bits - 1;
	}
	u64 r = 0, m = lane_mask(bits);
	for (int k = 0; k < 64; k += bits) {
		u64 v = (a >> k) & m;
		if (kind == SH_L)
			v <<= count;
		else if (kind == SH_RL)
			v >>= count;
		else
			v = (u64)(sx(v, bits) >> count);
		r |= (v & m) << k;
	}
	return r;
}

#define MMX_FN(name, bytes, expr) \
	void op_##name(struct cpu *cpu, const struct insn *i) \
	{ \
		mmx_enter(cpu); \
		u64 s = mm_src(cpu, i, bytes); \
		u64 d = mm_get(cpu, i->reg); \
		mm_set(cpu, i->reg, expr); \
		cpu->eip += i->len; \
	}

MMX_FN(pmaddwd, 8, pmaddwd(d, s))
MMX_FN(pand, 8, d & s)
MMX_FN(pandn, 8, ~d & s)
MMX_FN(por, 8, d | s)
MMX_FN(pxor, 8, d ^ s)
MMX_FN(packsswb, 8, pack(d, s, 16, false))
MMX_FN(packssdw, 8, pack(d, s, 32, false))
MMX_FN(packuswb, 8, pack(d, s, 16, true))
/* The low unpacks read 32 bits of memory (SDM: mm/m32). */
MMX_FN(punpcklbw, 4, unpack(d, s, 8, false))
MMX_FN(punpcklwd, 4, unpack(d, s, 16, false))
MMX_FN(punpckldq, 4, unpack(d, s, 32, false))
MMX_FN(punpckhbw, 8, unpack(d, s, 8, true))
MMX_FN(punpckhwd, 8, unpack(d, s, 16, true))
MMX_FN(punpckhdq, 8, unpack(d, s, 32, true))
MMX_FN(psrlw, 8, shift(d, s, 16, SH_RL))
MMX_FN(psrld, 8, shift(d, s, 32, SH_RL))
MMX_FN(psrlq, 8, shift(d, s, 64, SH_RL))
MMX_FN(psraw, 8, shift(d, s, 16, SH_RA))
MMX_FN(psrad, 8, shift(d, s, 32, SH_RA))
MMX_FN(psllw, 8, shift(d, s, 16, SH_L))
MMX_FN(pslld, 8, shift(d, s, 32, SH_L))
MMX_FN(psllq, 8, shift(d, s, 64, SH_L))

/* 0F 71-73: shifts of MMrm by imm8 (ModRM.reg picks the shift; the decoder
 * makes memory forms and the SSE2-only /3 and /7 #UD). */
static void shift_imm(struct cpu *cpu, const struct insn *i, int bits)
{
	if (!i->mod3)
		raise_ud(cpu);
	mmx_enter(cpu);
	static const s8 kinds[8] = { -1, -1, SH_RL, -1, SH_RA, -1, SH_L, -1 };
	u64 d = mm_get(cpu, i->rm);
	mm_set(cpu, i->rm, shift(d, (u8)i->imm, bits, (enum shift_kind)kinds[i->reg]));
	cpu->eip += i->len;
}

void op_pshimw(struct cpu *cpu, const struct insn *i) { shift_imm(cpu, i, 16); }
void op_pshimd(struct cpu *cpu, const struct insn *i) { shift_imm(cpu, i, 32); }
void op_pshimq(struct cpu *cpu, const struct insn *i) { shift_imm(cpu, i, 64); }

/* ---------------- moves and EMMS ---------------- */

/* 0F 6E: MOVD mm, r/m32 (zero-extended). */
void op_movd_mm_rm(struct cpu *cpu, const struct insn *i)
{
	mmx_enter(cpu);
	mm_set(cpu, i->reg, read_rm(cpu, i, 4));
	cpu->eip += i->len;
}

/* 0F 7E: MOVD r/m32, mm. */
void op_movd_rm_mm(struct cpu *cpu, const struct insn *i)
{
	mmx_enter(cpu);
	write_rm(cpu, i, 4, (u32)mm_get(cpu, i->reg));
	cpu->eip += i->len;
}

/* 0F 6F: MOVQ mm, mm/m64. */
void op_movq_mm_rm(struct cpu *cpu, const struct insn *i)
{
	mmx_enter(cpu);
	mm_set(cpu, i->reg, mm_src(cpu, i, 8));
	cpu->eip += i->len;
}

/* 0F 7F: MOVQ mm/m64, mm (both halves checked before either is written). */
void op_movq_rm_mm(struct cpu *cpu, const struct insn *i)
{
	mmx_enter(cpu);
	u64 v = mm_get(cpu, i->reg);
	if (i->mod3) {
		mm_set(cpu, i->rm, v);
	} else {
		u32 lin = mem_probe_write(cpu, i->seg, insn_ea(cpu, i), 8);
		lin_write(cpu, lin, (u32)v, 4);
		lin_write(cpu, lin + 4, (u32)(v >> 32), 4);
	}
	cpu->eip += i->len;
}

/* 0F 77: EMMS. */
void op_emms(struct cpu *cpu, const struct insn *i)
{
	mmx_enter(cpu);
	cpu->fpu.used = 0;
	cpu->eip += i->len;
}
