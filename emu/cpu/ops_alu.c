/*
 * Arithmetic and logic instructions: the eight ALU operations in their four
 * forms, INC/DEC/NEG/NOT/TEST, multiply and divide (with #DE), shifts and
 * rotates (count masked to 5 bits as on every CPU since the 286), SHLD/SHRD,
 * the BCD adjusts (286+/386 forms: AAA adds 0x106 to AX), bit tests and
 * scans, XADD, CMPXCHG, CMPXCHG8B, BSWAP. Semantics and flags from the SDM
 * vol. 2 instruction pages; flags are lazy (flags.c) where the operation
 * has a lazy form, otherwise materialized and patched.
 */
#include "emu/cpu/ops.h"

enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

static inline u32 alu(struct cpu *cpu, int op, int sz, u32 a, u32 b)
{
	u32 r, c;
	switch (op) {
	case ALU_ADD:
		r = a + b;
		set_lf(cpu, LF_ADD, sz, r, a, b);
		break;
	case ALU_OR:
		r = a | b;
		set_lf(cpu, LF_LOGIC, sz, r, a, b);
		break;
	case ALU_ADC:
		c = get_cf(cpu);
		r = a + b + c;
		set_lf(cpu, LF_ADC, sz, r, a, b);
		cpu->lf.cf = c;
		break;
	case ALU_SBB:
		c = get_cf(cpu);
		r = a - b - c;
		set_lf(cpu, LF_SBB, sz, r, a, b);
		cpu->lf.cf = c;
		break;
	case ALU_AND:
		r = a & b;
		set_lf(cpu, LF_LOGIC, sz, r, a, b);
		break;
	case ALU_XOR:
		r = a ^ b;
		set_lf(cpu, LF_LOGIC, sz, r, a, b);
		break;
	default:	/* SUB, CMP */
		r = a - b;
		set_lf(cpu, LF_SUB, sz, r, a, b);
		break;
	}
	return r & size_mask(sz);
}

#define ALU_FORMS(name, OP, sfx, SZ) \
void op_##name##_rm_r##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	int sz = SZ; \
	u32 b = get_reg(cpu, i->reg, sz); \
	if (i->mod3) { \
		u32 r = alu(cpu, OP, sz, get_reg(cpu, i->rm, sz), b); \
		if (OP != ALU_CMP) \
			set_reg(cpu, i->rm, sz, r); \
	} else { \
		u32 off = insn_ea(cpu, i); \
		u32 r = alu(cpu, OP, sz, mem_read(cpu, i->seg, off, sz), b); \
		if (OP != ALU_CMP) \
			mem_write(cpu, i->seg, off, r, sz); \
	} \
	cpu->eip += i->len; \
} \
void op_##name##_r_rm##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	int sz = SZ; \
	u32 r = alu(cpu, OP, sz, get_reg(cpu, i->reg, sz), read_rm(cpu, i, sz)); \
	if (OP != ALU_CMP) \
		set_reg(cpu, i->reg, sz, r); \
	cpu->eip += i->len; \
} \
void op_##name##_a_i##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	int sz = SZ; \
	u32 r = alu(cpu, OP, sz, get_reg(cpu, R_EAX, sz), i->imm); \
	if (OP != ALU_CMP) \
		set_reg(cpu, R_EAX, sz, r); \
	cpu->eip += i->len; \
} \
void op_##name##_rm_i##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	int sz = SZ; \
	if (i->mod3) { \
		u32 r = alu(cpu, OP, sz, get_reg(cpu, i->rm, sz), i->imm); \
		if (OP != ALU_CMP) \
			set_reg(cpu, i->rm, sz, r); \
	} else { \
		u32 off = insn_ea(cpu, i); \
		u32 r = alu(cpu, OP, sz, mem_read(cpu, i->seg, off, sz), i->imm); \
		if (OP != ALU_CMP) \
			mem_write(cpu, i->seg, off, r, sz); \
	} \
	cpu->eip += i->len; \
}

/* The generic form (size from the insn) and one per operand size, so the
 * decoder can pick a handler whose size is a constant (ops_spec). */
#define ALU_IMPL(name, OP) \
	ALU_FORMS(name, OP, , i->osz) \
	ALU_FORMS(name, OP, _8, 1) \
	ALU_FORMS(name, OP, _16, 2) \
	ALU_FORMS(name, OP, _32, 4)

ALU_IMPL(add, ALU_ADD)
ALU_IMPL(or, ALU_OR)
ALU_IMPL(adc, ALU_ADC)
ALU_IMPL(sbb, ALU_SBB)
ALU_IMPL(and, ALU_AND)
ALU_IMPL(sub, ALU_SUB)
ALU_IMPL(xor, ALU_XOR)
ALU_IMPL(cmp, ALU_CMP)

/* ---- INC DEC NEG NOT TEST ---- */

static inline u32 do_inc(struct cpu *cpu, int sz, u32 a, bool dec)
{
	bool c = get_cf(cpu);
	u32 r = dec ? a - 1 : a + 1;
	set_lf(cpu, dec ? LF_DEC : LF_INC, sz, r, a, 1);
	cpu->lf.cf = c;
	return r & size_mask(sz);
}

#define INCDEC_R(sfx, SZ) \
void op_inc_r##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	set_reg(cpu, i->reg, SZ, do_inc(cpu, SZ, get_reg(cpu, i->reg, SZ), false)); \
	cpu->eip += i->len; \
} \
void op_dec_r##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	set_reg(cpu, i->reg, SZ, do_inc(cpu, SZ, get_reg(cpu, i->reg, SZ), true)); \
	cpu->eip += i->len; \
}
INCDEC_R(, i->osz)
INCDEC_R(_16, 2)
INCDEC_R(_32, 4)

static void inc_dec_rm(struct cpu *cpu, const struct insn *i, bool dec)
{
	int sz = i->osz;
	if (i->mod3) {
		set_reg(cpu, i->rm, sz, do_inc(cpu, sz, get_reg(cpu, i->rm, sz), dec));
	} else {
		u32 off = insn_ea(cpu, i);
		u32 a = mem_read(cpu, i->seg, off, sz);
		/* Compute flags only after the write can no longer fault. */
		bool c = get_cf(cpu);
		u32 r = dec ? a - 1 : a + 1;
		mem_write(cpu, i->seg, off, r, sz);
		set_lf(cpu, dec ? LF_DEC : LF_INC, sz, r, a, 1);
		cpu->lf.cf = c;
	}
	cpu->eip += i->len;
}

void op_inc_rm(struct cpu *cpu, const struct insn *i) { inc_dec_rm(cpu, i, false); }
void op_dec_rm(struct cpu *cpu, const struct insn *i) { inc_dec_rm(cpu, i, true); }

#define TEST_RM_R(sfx, SZ) \
void op_test_rm_r##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	u32 r = read_rm(cpu, i, SZ) & get_reg(cpu, i->reg, SZ); \
	set_lf(cpu, LF_LOGIC, SZ, r, 0, 0); \
	cpu->eip += i->len; \
}
TEST_RM_R(, i->osz)
TEST_RM_R(_8, 1)
TEST_RM_R(_16, 2)
TEST_RM_R(_32, 4)

void op_test_a_i(struct cpu *cpu, const struct insn *i)
{
	u32 r = get_reg(cpu, R_EAX, i->osz) & i->imm;
	set_lf(cpu, LF_LOGIC, i->osz, r, 0, 0);
	cpu->eip += i->len;
}

void op_test_rm_i(struct cpu *cpu, const struct insn *i)
{
	u32 r = read_rm(cpu, i, i->osz) & i->imm;
	set_lf(cpu, LF_LOGIC, i->osz, r, 0, 0);
	cpu->eip += i->len;
}

void op_not(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	if (i->mod3) {
		set_reg(cpu, i->rm, sz, ~get_reg(cpu, i->rm, sz));
	} else {
		u32 off = insn_ea(cpu, i);
		mem_write(cpu, i->seg, off, ~mem_read(cpu, i->seg, off, sz), sz);
	}
	cpu->eip += i->len;
}

void op_neg(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	if (i->mod3) {
		u32 a = get_reg(cpu, i->rm, sz);
		set_reg(cpu, i->rm, sz, 0 - a);
		set_lf(cpu, LF_SUB, sz, 0 - a, 0, a);
	} else {
		u32 off = insn_ea(cpu, i);
		u32 a = mem_read(cpu, i->seg, off, sz);
		mem_write(cpu, i->seg, off, 0 - a, sz);
		set_lf(cpu, LF_SUB, sz, 0 - a, 0, a);
	}
	cpu->eip += i->len;
}

/* ---- multiply and divide ---- */

static void set_mul_flags(struct cpu *cpu, int sz, u32 low, bool overflow)
{
	set_lf(cpu, LF_MUL, sz, low, 0, 0);
	cpu->lf.cf = overflow;
}

void op_mul(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 src = read_rm(cpu, i, sz);
	if (sz == 1) {
		u32 r = (cpu->regs[R_EAX] & 0xFF) * src;
		set_reg(cpu, R_EAX, 2, r);
		set_mul_flags(cpu, 1, r, r >> 8);
	} else if (sz == 2) {
		u32 r = (cpu->regs[R_EAX] & 0xFFFF) * src;
		set_reg(cpu, R_EAX, 2, r);
		set_reg(cpu, R_EDX, 2, r >> 16);
		set_mul_flags(cpu, 2, r, r >> 16);
	} else {
		u64 r = (u64)cpu->regs[R_EAX] * src;
		cpu->regs[R_EAX] = r;
		cpu->regs[R_EDX] = r >> 32;
		set_mul_flags(cpu, 4, r, r >> 32);
	}
	cpu->eip += i->len;
}

void op_imul1(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 src = read_rm(cpu, i, sz);
	if (sz == 1) {
		s32 r = (s32)(s8)cpu->regs[R_EAX] * (s8)src;
		set_reg(cpu, R_EAX, 2, r);
		set_mul_flags(cpu, 1, r, r != (s8)r);
	} else if (sz == 2) {
		s32 r = (s32)(s16)cpu->regs[R_EAX] * (s16)src;
		set_reg(cpu, R_EAX, 2, r);
		set_reg(cpu, R_EDX, 2, (u32)r >> 16);
		set_mul_flags(cpu, 2, r, r != (s16)r);
	} else {
		s64 r = (s64)(s32)cpu->regs[R_EAX] * (s32)src;
		cpu->regs[R_EAX] = r;
		cpu->regs[R_EDX] = (u64)r >> 32;
		set_mul_flags(cpu, 4, r, r != (s32)r);
	}
	cpu->eip += i->len;
}

static u32 imul2(struct cpu *cpu, int sz, u32 a, u32 b)
{
	if (sz == 2) {
		s32 r = (s32)(s16)a * (s16)b;
		set_mul_flags(cpu, 2, r, r != (s16)r);
		return r & 0xFFFF;
	}
	s64 r = (s64)(s32)a * (s32)b;
	set_mul_flags(cpu, 4, r, r != (s32)r);
	return r;
}

void op_imul_r_rm(struct cpu *cpu, const struct insn *i)
{
	u32 b = read_rm(cpu, i, i->osz);
	set_reg(cpu, i->reg, i->osz, imul2(cpu, i->osz, get_reg(cpu, i->reg, i->osz), b));
	cpu->eip += i->len;
}

void op_imul_r_rm_i(struct cpu *cpu, const struct insn *i)
{
	u32 a = read_rm(cpu, i, i->osz);
	set_reg(cpu, i->reg, i->osz, imul2(cpu, i->osz, a, i->imm));
	cpu->eip += i->len;
}

void op_div(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = read_rm(cpu, i, sz);
	if (d == 0)
		raise_de(cpu);
	if (sz == 1) {
		u32 n = cpu->regs[R_EAX] & 0xFFFF, q = n / d;
		if (q > 0xFF)
			raise_de(cpu);
		set_reg(cpu, R_EAX, 2, ((n % d) << 8) | q);
	} else if (sz == 2) {
		u32 n = ((cpu->regs[R_EDX] & 0xFFFF) << 16) | (cpu->regs[R_EAX] & 0xFFFF);
		u32 q = n / d;
		if (q > 0xFFFF)
			raise_de(cpu);
		set_reg(cpu, R_EAX, 2, q);
		set_reg(cpu, R_EDX, 2, n % d);
	} else {
		u64 n = ((u64)cpu->regs[R_EDX] << 32) | cpu->regs[R_EAX];
		u64 q = n / d;
		if (q > 0xFFFFFFFFu)
			raise_de(cpu);
		cpu->regs[R_EAX] = q;
		cpu->regs[R_EDX] = n % d;
	}
	cpu->eip += i->len;
}

/*
 * IDIV: #DE whenever the quotient does not fit, on every model, as the SDM
 * says. The 286 completes some 8-bit divisions whose quotient is out of
 * range (a quotient of -260 left AX=C180 without #DE) and a 386EX was seen
 * doing the same; which operands trigger that is not documented, no data
 * here shows it, and the 386 manual (the -cpu 386 reference) raises #DE,
 * so Lucid does not imitate it. Conformance rule idiv8-range.
 */
void op_idiv(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 dv = read_rm(cpu, i, sz);
	if (sz == 1) {
		s32 n = (s16)cpu->regs[R_EAX], d = (s8)dv;
		if (d == 0)
			raise_de(cpu);
		s32 q = n / d;
		if (q > 127 || q < -128)
			raise_de(cpu);
		set_reg(cpu, R_EAX, 2, ((u32)(n % d) << 8) | (q & 0xFF));
	} else if (sz == 2) {
		s32 n = (s32)(((cpu->regs[R_EDX] & 0xFFFF) << 16) | (cpu->regs[R_EAX] & 0xFFFF));
		s32 d = (s16)dv;
		if (d == 0 || (n == INT32_MIN && d == -1))
			raise_de(cpu);
		s32 q = n / d;
		if (q > 32767 || q < -32768)
			raise_de(cpu);
		set_reg(cpu, R_EAX, 2, q);
		set_reg(cpu, R_EDX, 2, n % d);
	} else {
		s64 n = (s64)(((u64)cpu->regs[R_EDX] << 32) | cpu->regs[R_EAX]);
		s64 d = (s32)dv;
		if (d == 0 || (n == INT64_MIN && d == -1))
			raise_de(cpu);
		s64 q = n / d;
		if (q > INT32_MAX || q < INT32_MIN)
			raise_de(cpu);
		cpu->regs[R_EAX] = q;
		cpu->regs[R_EDX] = n % d;
	}
	cpu->eip += i->len;
}

/* ---- shifts and rotates ---- */

/* Set SF ZF PF from r and CF OF as given; AF cleared. */
static void set_flags_logic_cf_of(struct cpu *cpu, int sz, u32 r, bool cf, bool of)
{
	set_lf(cpu, LF_LOGIC, sz, r, 0, 0);
	flags_materialize(cpu);
	cpu->eflags = (cpu->eflags & ~(FLAG_CF | FLAG_OF)) | (cf ? FLAG_CF : 0) |
		      (of ? FLAG_OF : 0);
}

static inline int shift_count(struct cpu *cpu, const struct insn *i)
{
	return (i->imm2 ? cpu->regs[R_ECX] : i->imm) & 0x1F;
}

enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };

/* ROL/ROR change only CF and OF: keep the previous operation for the other
 * four (LF_ROT) instead of computing them now. */
static inline void set_rot_flags(struct cpu *cpu, bool cf, bool of)
{
	if (cpu->lf.op != LF_ROT)
		cpu->lf_prev = cpu->lf;
	cpu->lf.op = LF_ROT;
	cpu->lf.cf = cf;
	cpu->lf.b = of;
}

static inline __attribute__((always_inline)) u32 do_shift(struct cpu *cpu, int kind, int sz,
							 u32 a, int n)
{
	int bits = sz * 8;
	u32 m = size_mask(sz), msb = 1u << (bits - 1);
	u32 r;
	bool cf, of;
	a &= m;
	switch (kind) {
	case SH_ROL: {
		int k = n & (bits - 1);
		r = k ? ((a << k) | (a >> (bits - k))) & m : a;
		set_rot_flags(cpu, r & 1, ((r & msb) != 0) ^ (r & 1));
		return r;
	}
	case SH_ROR: {
		int k = n & (bits - 1);
		r = k ? ((a >> k) | (a << (bits - k))) & m : a;
		set_rot_flags(cpu, r & msb, ((r & msb) != 0) ^ ((r & (msb >> 1)) != 0));
		return r;
	}
	case SH_RCL: {
		int k = n % (bits + 1);
		cf = get_cf(cpu);
		r = a;
		for (int j = 0; j < k; j++) {
			bool out = r & msb;
			r = ((r << 1) | cf) & m;
			cf = out;
		}
		of = ((r & msb) != 0) ^ cf;
		flags_materialize(cpu);
		cpu->eflags = (cpu->eflags & ~(FLAG_CF | FLAG_OF)) | (cf ? FLAG_CF : 0) |
			      (of ? FLAG_OF : 0);
		return r;
	}
	case SH_RCR: {
		int k = n % (bits + 1);
		cf = get_cf(cpu);
		r = a;
		for (int j = 0; j < k; j++) {
			bool out = r & 1;
			r = (r >> 1) | (cf ? msb : 0);
			cf = out;
		}
		of = ((r & msb) != 0) ^ ((r & (msb >> 1)) != 0);
		flags_materialize(cpu);
		cpu->eflags = (cpu->eflags & ~(FLAG_CF | FLAG_OF)) | (cf ? FLAG_CF : 0) |
			      (of ? FLAG_OF : 0);
		return r;
	}
	case SH_SHL: case SH_SAL:
		r = (n < 32 ? a << n : 0) & m;
		set_lf(cpu, LF_SHL, sz, r, a, n);
		return r;
	case SH_SHR:
		r = a >> n;
		set_lf(cpu, LF_SHR, sz, r, a, n);
		return r;
	default: {	/* SAR */
		s32 sa = sz == 1 ? (s8)a : sz == 2 ? (s16)a : (s32)a;
		r = (u32)(sa >> n) & m;
		set_lf(cpu, LF_SAR, sz, r, a, n);
		return r;
	}
	}
}

static inline __attribute__((always_inline)) void shift_op_sz(struct cpu *cpu,
							      const struct insn *i, int kind,
							      int sz)
{
	int n = shift_count(cpu, i);
	if (i->mod3) {
		if (n)
			set_reg(cpu, i->rm, sz, do_shift(cpu, kind, sz, get_reg(cpu, i->rm, sz), n));
	} else {
		u32 off = insn_ea(cpu, i);
		u32 a = mem_read(cpu, i->seg, off, sz);
		if (n) {
			/* Probe the write first so a fault leaves the flags alone. */
			mem_probe_write(cpu, i->seg, off, sz);
			mem_write(cpu, i->seg, off, do_shift(cpu, kind, sz, a, n), sz);
		}
	}
	cpu->eip += i->len;
}

/* Fixed sizes let the compiler fold the size switches (the common case is
 * a 32-bit shift). */
static void shift_op(struct cpu *cpu, const struct insn *i, int kind)
{
	if (i->osz == 4)
		shift_op_sz(cpu, i, kind, 4);
	else if (i->osz == 2)
		shift_op_sz(cpu, i, kind, 2);
	else
		shift_op_sz(cpu, i, kind, 1);
}

void op_rol(struct cpu *cpu, const struct insn *i) { shift_op(cpu, i, SH_ROL); }
void op_ror(struct cpu *cpu, const struct insn *i) { shift_op(cpu, i, SH_ROR); }
void op_rcl(struct cpu *cpu, const struct insn *i) { shift_op(cpu, i, SH_RCL); }
void op_rcr(struct cpu *cpu, const struct insn *i) { shift_op(cpu, i, SH_RCR); }
void op_shl(struct cpu *cpu, const struct insn *i) { shift_op(cpu, i, SH_SHL); }
void op_shr(struct cpu *cpu, const struct insn *i) { shift_op(cpu, i, SH_SHR); }
void op_sar(struct cpu *cpu, const struct insn *i) { shift_op(cpu, i, SH_SAR); }

/* SHLD/SHRD: a is the destination, b supplies the bits shifted in. */
static u32 do_shxd(struct cpu *cpu, int sz, u32 a, u32 b, int n, bool left)
{
	u32 r;
	bool cf;
	if (sz == 4) {
		if (left) {
			r = (a << n) | (b >> (32 - n));
			cf = (a >> (32 - n)) & 1;
		} else {
			r = (a >> n) | (b << (32 - n));
			cf = (a >> (n - 1)) & 1;
		}
	} else {
		/* 16-bit with counts above 16 is undefined; this is what a
		 * 48-bit a:b:a funnel gives, as on the 486 and later. */
		a &= 0xFFFF;
		b &= 0xFFFF;
		if (left) {
			u64 t = ((u64)a << 32) | ((u64)b << 16) | a;
			r = (u32)((t << n) >> 32) & 0xFFFF;
			cf = (t >> (48 - n)) & 1;
		} else {
			u64 t = a | ((u64)b << 16) | ((u64)a << 32);
			r = (u32)(t >> n) & 0xFFFF;
			cf = (t >> (n - 1)) & 1;
		}
	}
	u32 msb = 1u << (sz * 8 - 1);
	set_flags_logic_cf_of(cpu, sz, r, cf, ((r ^ a) & msb) != 0);
	return r;
}

static void shxd_op(struct cpu *cpu, const struct insn *i, bool left)
{
	int sz = i->osz;
	int n = (i->imm2 ? cpu->regs[R_ECX] : i->imm) & 0x1F;
	u32 b = get_reg(cpu, i->reg, sz);
	if (i->mod3) {
		if (n)
			set_reg(cpu, i->rm, sz, do_shxd(cpu, sz, get_reg(cpu, i->rm, sz), b, n, left));
	} else {
		u32 off = insn_ea(cpu, i);
		u32 a = mem_read(cpu, i->seg, off, sz);
		if (n) {
			mem_probe_write(cpu, i->seg, off, sz);
			mem_write(cpu, i->seg, off, do_shxd(cpu, sz, a, b, n, left), sz);
		}
	}
	cpu->eip += i->len;
}

void op_shld(struct cpu *cpu, const struct insn *i) { shxd_op(cpu, i, true); }
void op_shrd(struct cpu *cpu, const struct insn *i) { shxd_op(cpu, i, false); }

/* ---- BCD ---- */

static void set_szp8(struct cpu *cpu, u32 al, u32 cf, u32 af)
{
	set_lf(cpu, LF_LOGIC, 1, al, 0, 0);
	flags_materialize(cpu);
	cpu->eflags = (cpu->eflags & ~(FLAG_CF | FLAG_AF)) | (cf ? FLAG_CF : 0) | (af ? FLAG_AF : 0);
}

void op_daa(struct cpu *cpu, const struct insn *i)
{
	u32 f = cpu_get_eflags(cpu);
	u32 al = cpu->regs[R_EAX] & 0xFF, old = al;
	bool cf = false, af = false, old_cf = f & FLAG_CF;
	if ((al & 0xF) > 9 || (f & FLAG_AF)) {
		cf = old_cf || al > 0xF9;
		al = (al + 6) & 0xFF;
		af = true;
	}
	if (old > 0x99 || old_cf) {
		al = (al + 0x60) & 0xFF;
		cf = true;
	}
	set_reg(cpu, R_EAX, 1, al);
	set_szp8(cpu, al, cf, af);
	cpu->eip += i->len;
}

void op_das(struct cpu *cpu, const struct insn *i)
{
	u32 f = cpu_get_eflags(cpu);
	u32 al = cpu->regs[R_EAX] & 0xFF, old = al;
	bool cf = false, af = false, old_cf = f & FLAG_CF;
	if ((al & 0xF) > 9 || (f & FLAG_AF)) {
		cf = old_cf || al < 6;
		al = (al - 6) & 0xFF;
		af = true;
	}
	if (old > 0x99 || old_cf) {
		al = (al - 0x60) & 0xFF;
		cf = true;
	}
	set_reg(cpu, R_EAX, 1, al);
	set_szp8(cpu, al, cf, af);
	cpu->eip += i->len;
}

void op_aaa(struct cpu *cpu, const struct insn *i)
{
	u32 f = cpu_get_eflags(cpu);
	u32 ax = cpu->regs[R_EAX] & 0xFFFF;
	bool adj = (ax & 0xF) > 9 || (f & FLAG_AF);
	if (adj)
		ax += 0x106;
	ax &= 0xFF0F;
	set_reg(cpu, R_EAX, 2, ax);
	set_szp8(cpu, ax & 0xFF, adj, adj);
	cpu->eip += i->len;
}

void op_aas(struct cpu *cpu, const struct insn *i)
{
	u32 f = cpu_get_eflags(cpu);
	u32 ax = cpu->regs[R_EAX] & 0xFFFF;
	bool adj = (ax & 0xF) > 9 || (f & FLAG_AF);
	if (adj)
		ax = ((ax - 6) & 0xFFFF) - 0x100;
	ax &= 0xFF0F;
	set_reg(cpu, R_EAX, 2, ax);
	set_szp8(cpu, ax & 0xFF, adj, adj);
	cpu->eip += i->len;
}

/*
 * AAM: a base of 0 raises #DE before anything changes, flags included, on
 * every model (a fault restarts from the initial state; the SDM gives AAM's
 * flags only for a result). The 286 has set SF=0 ZF=0 PF=1 (a zero
 * result's) before its #DE; conformance rule aam0-flags.
 */
void op_aam(struct cpu *cpu, const struct insn *i)
{
	u32 base = i->imm & 0xFF;
	if (!base)
		raise_de(cpu);
	u32 al = cpu->regs[R_EAX] & 0xFF;
	u32 r = al % base;
	set_reg(cpu, R_EAX, 2, ((al / base) << 8) | r);
	set_lf(cpu, LF_LOGIC, 1, r, 0, 0);
	cpu->eip += i->len;
}

void op_aad(struct cpu *cpu, const struct insn *i)
{
	u32 al = cpu->regs[R_EAX] & 0xFF, ah = (cpu->regs[R_EAX] >> 8) & 0xFF;
	u32 t = (ah * (i->imm & 0xFF)) & 0xFF;
	u32 r = (al + t) & 0xFF;
	set_reg(cpu, R_EAX, 2, r);
	/* The flags are those of the final 8-bit addition. */
	set_lf(cpu, LF_ADD, 1, r, al, t);
	cpu->eip += i->len;
}

void op_salc(struct cpu *cpu, const struct insn *i)
{
	set_reg(cpu, R_EAX, 1, get_cf(cpu) ? 0xFF : 0);
	cpu->eip += i->len;
}

/* ---- bit test and scan ---- */

enum { BT_TEST, BT_SET, BT_RESET, BT_COMP };

static void set_cf_only(struct cpu *cpu, bool cf)
{
	flags_materialize(cpu);
	cpu->eflags = (cpu->eflags & ~FLAG_CF) | (cf ? FLAG_CF : 0);
}

static void bit_op(struct cpu *cpu, const struct insn *i, int kind, bool imm)
{
	int sz = i->osz, bits = sz * 8;
	u32 bitoff = imm ? i->imm : get_reg(cpu, i->reg, sz);
	if (i->mod3) {
		u32 v = get_reg(cpu, i->rm, sz), m = 1u << (bitoff & (bits - 1));
		bool cf = v & m;
		if (kind == BT_SET)
			v |= m;
		else if (kind == BT_RESET)
			v &= ~m;
		else if (kind == BT_COMP)
			v ^= m;
		if (kind != BT_TEST)
			set_reg(cpu, i->rm, sz, v);
		set_cf_only(cpu, cf);
	} else {
		u32 off = insn_ea(cpu, i);
		if (!imm) {
			/* A register bit offset is signed and reaches other words. */
			s32 so = sz == 2 ? (s16)bitoff : (s32)bitoff;
			off += (u32)((so >> (sz == 2 ? 4 : 5)) * sz);
			if (!i->asz32)
				off &= 0xFFFF;
		}
		u32 v = mem_read(cpu, i->seg, off, sz), m = 1u << (bitoff & (bits - 1));
		bool cf = v & m;
		if (kind != BT_TEST) {
			if (kind == BT_SET)
				v |= m;
			else if (kind == BT_RESET)
				v &= ~m;
			else
				v ^= m;
			mem_write(cpu, i->seg, off, v, sz);
		}
		set_cf_only(cpu, cf);
	}
	cpu->eip += i->len;
}

void op_bt_r(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_TEST, false); }
void op_bts_r(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_SET, false); }
void op_btr_r(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_RESET, false); }
void op_btc_r(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_COMP, false); }
void op_bt_i(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_TEST, true); }
void op_bts_i(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_SET, true); }
void op_btr_i(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_RESET, true); }
void op_btc_i(struct cpu *cpu, const struct insn *i) { bit_op(cpu, i, BT_COMP, true); }

static void bit_scan(struct cpu *cpu, const struct insn *i, bool reverse)
{
	int sz = i->osz;
	u32 v = read_rm(cpu, i, sz);
	flags_materialize(cpu);
	if (!v) {
		/* Destination unchanged (as on every Intel CPU so far). */
		cpu->eflags |= FLAG_ZF;
	} else {
		set_reg(cpu, i->reg, sz, reverse ? 31 - __builtin_clz(v) : __builtin_ctz(v));
		cpu->eflags &= ~FLAG_ZF;
	}
	cpu->eip += i->len;
}

void op_bsf(struct cpu *cpu, const struct insn *i) { bit_scan(cpu, i, false); }
void op_bsr(struct cpu *cpu, const struct insn *i) { bit_scan(cpu, i, true); }

/* ---- 486 and Pentium additions ---- */

void op_xadd(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 b = get_reg(cpu, i->reg, sz);
	if (i->mod3) {
		u32 a = get_reg(cpu, i->rm, sz);
		u32 r = alu(cpu, ALU_ADD, sz, a, b);
		set_reg(cpu, i->reg, sz, a);
		set_reg(cpu, i->rm, sz, r);
	} else {
		u32 off = insn_ea(cpu, i);
		u32 a = mem_read(cpu, i->seg, off, sz);
		mem_write(cpu, i->seg, off, (a + b) & size_mask(sz), sz);
		alu(cpu, ALU_ADD, sz, a, b);
		set_reg(cpu, i->reg, sz, a);
	}
	cpu->eip += i->len;
}

void op_cmpxchg(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 acc = get_reg(cpu, R_EAX, sz);
	if (i->mod3) {
		u32 d = get_reg(cpu, i->rm, sz);
		alu(cpu, ALU_CMP, sz, acc, d);
		if (acc == d)
			set_reg(cpu, i->rm, sz, get_reg(cpu, i->reg, sz));
		else
			set_reg(cpu, R_EAX, sz, d);
	} else {
		u32 off = insn_ea(cpu, i);
		u32 d = mem_read(cpu, i->seg, off, sz);
		/* The destination is written either way (locked RMW cycle). */
		mem_write(cpu, i->seg, off, acc == d ? get_reg(cpu, i->reg, sz) : d, sz);
		alu(cpu, ALU_CMP, sz, acc, d);
		if (acc != d)
			set_reg(cpu, R_EAX, sz, d);
	}
	cpu->eip += i->len;
}

void op_cmpxchg8b(struct cpu *cpu, const struct insn *i)
{
	u32 off = insn_ea(cpu, i);
	u32 lo = mem_read(cpu, i->seg, off, 4);
	u32 hi = mem_read(cpu, i->seg, off + 4, 4);
	bool eq = lo == cpu->regs[R_EAX] && hi == cpu->regs[R_EDX];
	mem_probe_write(cpu, i->seg, off, 4);
	mem_probe_write(cpu, i->seg, off + 4, 4);
	if (eq) {
		mem_write(cpu, i->seg, off, cpu->regs[R_EBX], 4);
		mem_write(cpu, i->seg, off + 4, cpu->regs[R_ECX], 4);
	} else {
		mem_write(cpu, i->seg, off, lo, 4);
		mem_write(cpu, i->seg, off + 4, hi, 4);
		cpu->regs[R_EAX] = lo;
		cpu->regs[R_EDX] = hi;
	}
	flags_materialize(cpu);
	cpu->eflags = (cpu->eflags & ~FLAG_ZF) | (eq ? FLAG_ZF : 0);
	cpu->eip += i->len;
}

void op_bswap(struct cpu *cpu, const struct insn *i)
{
	u32 v = cpu->regs[i->reg];
	if (i->osz == 4)
		cpu->regs[i->reg] = __builtin_bswap32(v);
	else
		cpu->regs[i->reg] = v & 0xFFFF0000u;	/* BSWAP r16 clears the word */
	cpu->eip += i->len;
}
