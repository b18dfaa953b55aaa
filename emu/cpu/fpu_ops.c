/*
 * The x87 instructions (escape opcodes D8-DF, SDM vol. 2 and vol. 1 ch. 8):
 * the register stack, tags, condition codes, the instruction and data
 * pointers, exceptions and their delivery, and every instruction form over
 * the soft float of fpu.c.
 *
 * Exceptions: an instruction ORs what it raised into the status word; an
 * unmasked one also sets ES (and B). The next waiting instruction (every
 * x87 instruction but FNINIT, FNCLEX, FNSTCW, FNSTSW, FNSTENV, FNSAVE, and
 * WAIT itself) then raises #MF when CR0.NE = 1. With CR0.NE = 0 the FPU
 * asserts FERR#, which the PC wires to IRQ13 through a latch that an OUT to
 * port 0xF0 clears (cpu_fpu_clear_ferr); we assert it when ES is set, and
 * the next waiting instruction goes ahead as if IGNNE# were active (an
 * emulator has no bus cycle to freeze).
 *
 * No coprocessor (a 386 whose socket is empty, "-cpu 386,fpu=off"): the
 * escape opcodes still raise #NM under CR0.EM or CR0.TS; otherwise they
 * only form their operand address and do nothing, so FNINIT + FNSTSW
 * leaves the memory word or AX as it was and detection code sees no FPU
 * (ops_sys.c, op_esc).
 */
#include <string.h>

#include "emu/cpu/fpu.h"
#include "emu/cpu/ops.h"

#define TOP(f) (((f)->sw >> 11) & 7)
#define C_ALL (FPU_C0 | FPU_C1 | FPU_C2 | FPU_C3)

static inline int phys(const struct fpu *f, int i) { return (TOP(f) + i) & 7; }

static inline void set_top(struct fpu *f, int t)
{
	f->sw = (f->sw & ~0x3800) | ((t & 7) << 11);
}

static inline bool st_empty(const struct fpu *f, int i) { return !(f->used >> phys(f, i) & 1); }
static inline fx80 st(const struct fpu *f, int i) { return f->r[phys(f, i)]; }

static inline void st_set(struct fpu *f, int i, fx80 v)
{
	int p = phys(f, i);
	f->r[p] = v;
	f->used |= 1 << p;
}

static void fpu_pop(struct fpu *f)
{
	f->used &= ~(1 << phys(f, 0));
	set_top(f, TOP(f) + 1);
}

static void fpu_push(struct fpu *f, fx80 v)
{
	set_top(f, TOP(f) - 1);
	st_set(f, 0, v);
}

static void set_cc(struct fpu *f, u16 cc)
{
	f->sw = (f->sw & ~C_ALL) | cc;
}

/* The tag of physical register n (00 valid, 01 zero, 10 special, 11 empty). */
int fpu_tag(const struct fpu *f, int n)
{
	if (!(f->used >> n & 1))
		return 3;
	switch (fx_classify(f->r[n])) {
	case FX_ZERO: return 1;
	case FX_NORMAL: return 0;
	default: return 2;
	}
}

u16 fpu_tag_word(const struct fpu *f)
{
	u16 tw = 0;
	for (int n = 0; n < 8; n++)
		tw |= fpu_tag(f, n) << (2 * n);
	return tw;
}

/* ---------------- exceptions ---------------- */

static void fpu_update_es(struct cpu *cpu)
{
	struct fpu *f = &cpu->fpu;
	if (f->sw & ~f->cw & FPU_EXC) {
		f->sw |= FPU_ES | FPU_B;
		if (!(cpu->cr0 & CR0_NE) && !f->irq13) {
			f->irq13 = 1;
			irq_raise(cpu->ferr);
		}
	} else {
		f->sw &= ~(FPU_ES | FPU_B);
	}
}

/* Merge an operation's exceptions and C1 into the status word. Returns
 * true when the result may be stored: no unmasked IE, DE or ZE (nor,
 * with mem set, an unmasked OE or UE: memory destinations are left alone). */
static bool commit(struct cpu *cpu, struct fx_env *env, bool mem)
{
	struct fpu *f = &cpu->fpu;
	u16 e = env->exc;
	u16 un = e & ~f->cw & FPU_EXC;
	u16 stop = FPU_IE | FPU_DE | FPU_ZE | (mem ? FPU_OE | FPU_UE : 0);
	bool ok = !(un & stop);
	if (un & (FPU_IE | FPU_DE | FPU_ZE))
		e &= FPU_IE | FPU_DE | FPU_ZE | FPU_SF;
	f->sw = (f->sw & ~FPU_C1) | (e & (FPU_EXC | FPU_SF));
	if (ok && env->up)
		f->sw |= FPU_C1;
	fpu_update_es(cpu);
	return ok;
}

static void env_init(struct cpu *cpu, struct fx_env *env)
{
	env->cw = cpu->fpu.cw;
	env->exc = 0;
	env->up = false;
}

/* Stack underflow: a source register is empty. Sets IE|SF, C1 = 0;
 * returns true when the masked response (indefinite) is to be used. */
static bool underflow(struct cpu *cpu)
{
	struct fpu *f = &cpu->fpu;
	f->sw = (f->sw & ~FPU_C1) | FPU_IE | FPU_SF;
	fpu_update_es(cpu);
	return f->cw & FPU_IE;
}

/* Stack overflow: pushing onto a full register. C1 = 1. */
static bool overflow(struct cpu *cpu)
{
	struct fpu *f = &cpu->fpu;
	f->sw |= FPU_C1 | FPU_IE | FPU_SF;
	fpu_update_es(cpu);
	return f->cw & FPU_IE;
}

/* Push v (an operation's result) with the overflow check. */
static void push_checked(struct cpu *cpu, fx80 v)
{
	struct fpu *f = &cpu->fpu;
	if (!(f->used >> ((TOP(f) - 1) & 7) & 1)) {
		fpu_push(f, v);
		return;
	}
	if (overflow(cpu))
		fpu_push(f, fx_indefinite);
}

void fpu_reset(struct cpu *cpu, bool power_on)
{
	struct fpu *f = &cpu->fpu;
	u8 irq13 = f->irq13;
	memset(f, 0, sizeof(*f));
	f->irq13 = irq13;	/* FNINIT leaves the board's latch alone; RESET clears it */
	if (power_on) {
		cpu_fpu_clear_ferr(cpu);
		/* RESET (SDM 3A table 9-1): control word 0040h, every register +0.0 (tag zero). */
		f->cw = 0x0040;
		f->used = 0xFF;
	} else {
		f->cw = 0x037F;	/* FNINIT */
	}
}

void cpu_fpu_clear_ferr(struct cpu *cpu)
{
	if (cpu->fpu.irq13) {
		cpu->fpu.irq13 = 0;
		irq_lower(cpu->ferr);
	}
}

/* ---------------- memory operands ---------------- */

static u64 read64(struct cpu *cpu, int s, u32 off)
{
	u32 lo = mem_read(cpu, s, off, 4);
	return lo | (u64)mem_read(cpu, s, off + 4, 4) << 32;
}

static fx80 read80(struct cpu *cpu, int s, u32 off)
{
	fx80 v;
	v.sig = read64(cpu, s, off);
	v.se = mem_read(cpu, s, off + 8, 2);
	return v;
}

static void write64(struct cpu *cpu, int s, u32 off, u64 v)
{
	mem_write(cpu, s, off, (u32)v, 4);
	mem_write(cpu, s, off + 4, v >> 32, 4);
}

static void write80(struct cpu *cpu, int s, u32 off, fx80 v)
{
	write64(cpu, s, off, v.sig);
	mem_write(cpu, s, off + 8, v.se, 2);
}

/* ---------------- arithmetic ---------------- */

enum { A_ADD, A_MUL, A_COM, A_COMP, A_SUB, A_SUBR, A_DIV, A_DIVR };

static fx80 arith(struct fx_env *env, int op, fx80 x, fx80 y)
{
	switch (op) {
	case A_ADD: return fx_add(env, x, y);
	case A_MUL: return fx_mul(env, x, y);
	case A_SUB: return fx_sub(env, x, y);
	case A_SUBR: return fx_sub(env, y, x);
	case A_DIV: return fx_div(env, x, y);
	default: return fx_div(env, y, x);
	}
}

static void compare(struct cpu *cpu, fx80 a, fx80 b, bool quiet, int pops)
{
	struct fx_env env;
	env_init(cpu, &env);
	static const u16 cc[4] = { FPU_C0, FPU_C3, 0, FPU_C0 | FPU_C2 | FPU_C3 };
	enum fx_cmp r = fx_compare(&env, a, b, quiet);
	/* Comparisons set the condition codes even when they raise an
	 * unmasked exception, but then do not pop (measured on silicon). */
	bool ok = commit(cpu, &env, false);
	set_cc(&cpu->fpu, cc[r]);
	while (ok && pops--)
		fpu_pop(&cpu->fpu);
}

/* ST(dst) = ST(dst) op src (op already adjusted for the reversed forms),
 * or a comparison with ST(0), then pops. */
static void arith_to(struct cpu *cpu, int op, int dst, fx80 src, bool src_empty, int pops)
{
	struct fpu *f = &cpu->fpu;
	if (st_empty(f, dst) || src_empty) {
		bool masked = underflow(cpu);
		if (op == A_COM || op == A_COMP) {
			set_cc(f, FPU_C0 | FPU_C2 | FPU_C3);	/* even unmasked; no pop then */
		} else if (masked) {
			st_set(f, dst, fx_indefinite);
		}
		if (masked)
			while (pops--)
				fpu_pop(f);
		return;
	}
	if (op == A_COM || op == A_COMP) {
		compare(cpu, st(f, dst), src, false, pops);
		return;
	}
	struct fx_env env;
	env_init(cpu, &env);
	fx80 r = arith(&env, op, st(f, dst), src);
	if (commit(cpu, &env, false)) {
		st_set(f, dst, r);
		while (pops--)
			fpu_pop(f);
	}
}

/* D8/DC/DA/DE with a memory operand: ST(0) op m. */
static void arith_mem(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fx_env env;
	env_init(cpu, &env);
	fx80 src;
	switch (i->op) {
	case 0xD8: src = fx_from_f32(&env, mem_read(cpu, i->seg, ea, 4)); break;
	case 0xDC: src = fx_from_f64(&env, read64(cpu, i->seg, ea)); break;
	case 0xDA: src = fx_from_int((s32)mem_read(cpu, i->seg, ea, 4)); break;
	default: src = fx_from_int((s16)mem_read(cpu, i->seg, ea, 2)); break;
	}
	struct fpu *f = &cpu->fpu;
	int op = i->reg;
	/* A denormal memory operand raises DE only when the operation gets
	 * to the numbers: not next to a NaN or an unsupported ST(0). */
	enum fx_class c0 = fx_classify(st(f, 0));
	bool de = env.exc & FPU_DE;
	if (st_empty(f, 0) || !de || c0 == FX_QNAN || c0 == FX_SNAN || c0 == FX_UNSUPPORTED) {
		arith_to(cpu, op, 0, src, false, op == A_COMP);
		return;
	}
	if (op == A_COM || op == A_COMP) {
		struct fx_env e2 = env;
		static const u16 cc[4] = { FPU_C0, FPU_C3, 0, FPU_C0 | FPU_C2 | FPU_C3 };
		enum fx_cmp r = fx_compare(&e2, st(f, 0), src, false);
		bool ok = commit(cpu, &e2, false);
		set_cc(f, cc[r]);
		if (op == A_COMP && ok)
			fpu_pop(f);
		return;
	}
	fx80 r = arith(&env, op, st(f, 0), src);
	if (commit(cpu, &env, false))
		st_set(f, 0, r);
}

/* D8/DC/DE register forms. */
static void arith_reg(struct cpu *cpu, const struct insn *i)
{
	struct fpu *f = &cpu->fpu;
	int op = i->reg;
	if (i->op == 0xD8) {
		arith_to(cpu, op, 0, st(f, i->rm), st_empty(f, i->rm), op == A_COMP);
		return;
	}
	if (op == A_COM || op == A_COMP) {	/* DC D0/D8 and DE D0 aliases; DE D9 FCOMPP */
		int pops = i->op == 0xDE ? 2 : op == A_COMP;
		if (i->op == 0xDE && (op != A_COMP || i->rm != 1)) {
			if (op == A_COMP)
				raise_ud(cpu);
			pops = 1;	/* DE D0+i: FCOMP alias */
		}
		arith_to(cpu, A_COM, 0, st(f, i->rm), st_empty(f, i->rm), pops);
		return;
	}
	if (op >= A_SUB)
		op ^= 1;	/* DC/DE: FSUB ST(i),ST(0) is /5, FSUBR /4 ... */
	arith_to(cpu, op, i->rm, st(f, 0), st_empty(f, 0), i->op == 0xDE);
}

/* ---------------- loads and stores ---------------- */

static void load_value(struct cpu *cpu, fx80 v, struct fx_env *env)
{
	/* An unmasked DE does not stop a load (measured on silicon). */
	bool de_only = (env->exc & ~cpu->fpu.cw & FPU_EXC) == FPU_DE;
	if (commit(cpu, env, false) || de_only)
		push_checked(cpu, v);
}

/* Store ST(0) to memory in a format; pop when asked and the store took place. */
static void store_mem(struct cpu *cpu, const struct insn *i, u32 ea, int fmt, bool pop)
{
	struct fpu *f = &cpu->fpu;
	struct fx_env env;
	env_init(cpu, &env);
	fx80 v = st(f, 0);
	if (st_empty(f, 0)) {
		if (!underflow(cpu))
			return;
		v = fx_indefinite;
		env.exc = 0;
	}
	/* Probe first: the store is all or nothing. */
	static const u8 size[] = { 4, 8, 10, 2, 4, 8, 10 };
	mem_probe_write(cpu, i->seg, ea, size[fmt]);
	u64 bits = 0;
	u8 bcd[10];
	switch (fmt) {
	case 0: bits = fx_to_f32(&env, v); break;
	case 1: bits = fx_to_f64(&env, v); break;
	case 2: break;
	case 3: bits = (u16)fx_to_int(&env, v, 16); break;
	case 4: bits = (u32)fx_to_int(&env, v, 32); break;
	case 5: bits = (u64)fx_to_int(&env, v, 64); break;
	case 6: fx_to_bcd(&env, v, bcd); break;
	}
	if (!commit(cpu, &env, true))
		return;
	switch (fmt) {
	case 0: case 4: mem_write(cpu, i->seg, ea, (u32)bits, 4); break;
	case 1: case 5: write64(cpu, i->seg, ea, bits); break;
	case 2: write80(cpu, i->seg, ea, v); break;
	case 3: mem_write(cpu, i->seg, ea, (u32)bits, 2); break;
	case 6:
		for (int k = 0; k < 10; k++)
			mem_write(cpu, i->seg, ea + k, bcd[k], 1);
		break;
	}
	if (pop)
		fpu_pop(f);
}

static void load_mem(struct cpu *cpu, const struct insn *i, u32 ea, int fmt)
{
	struct fx_env env;
	env_init(cpu, &env);
	fx80 v;
	u8 bcd[10];
	switch (fmt) {
	case 0: v = fx_from_f32(&env, mem_read(cpu, i->seg, ea, 4)); break;
	case 1: v = fx_from_f64(&env, read64(cpu, i->seg, ea)); break;
	case 2: v = read80(cpu, i->seg, ea); break;	/* as is: no exceptions */
	case 3: v = fx_from_int((s16)mem_read(cpu, i->seg, ea, 2)); break;
	case 4: v = fx_from_int((s32)mem_read(cpu, i->seg, ea, 4)); break;
	case 5: v = fx_from_int((s64)read64(cpu, i->seg, ea)); break;
	default:
		for (int k = 0; k < 10; k++)
			bcd[k] = mem_read(cpu, i->seg, ea + k, 1);
		v = fx_from_bcd(bcd);
		break;
	}
	if (fmt < 2 && fx_classify(v) == FX_SNAN) {
		env.exc |= FPU_IE;
		v.sig |= 0x4000000000000000ull;
	}
	load_value(cpu, v, &env);
}

/* FST/FSTP ST(i). */
static void store_reg(struct cpu *cpu, int r, bool pop)
{
	struct fpu *f = &cpu->fpu;
	if (st_empty(f, 0)) {
		if (!underflow(cpu))
			return;
		st_set(f, r, fx_indefinite);
	} else {
		st_set(f, r, st(f, 0));
		f->sw &= ~FPU_C1;
	}
	if (pop)
		fpu_pop(f);
}

/* ---------------- environment and state ---------------- */

/* FSTENV/FSAVE image layout: 16/32-bit, real or protected (SDM 1 8.1.10). */
static u32 store_env(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	bool o32 = i->osz == 4, rm = is_real(cpu) || is_vm86(cpu);
	int s = i->seg, w = o32 ? 4 : 2;
	u32 w5[7];
	w5[0] = f->cw | (o32 ? 0xFFFF0000u : 0);
	w5[1] = f->sw | (o32 ? 0xFFFF0000u : 0);
	w5[2] = fpu_tag_word(f) | (o32 ? 0xFFFF0000u : 0);
	if (rm) {
		u32 fip = f->fip + ((u32)f->fcs << 4), fdp = f->fdp + ((u32)f->fds << 4);
		w5[3] = (fip & 0xFFFF) | (o32 ? 0xFFFF0000u : 0);
		w5[4] = o32 ? ((fip >> 16) << 12 | (f->fop & 0x7FF)) : ((fip >> 16) << 12 | (f->fop & 0x7FF));
		w5[5] = (fdp & 0xFFFF) | (o32 ? 0xFFFF0000u : 0);
		w5[6] = (fdp >> 16) << 12;
		if (!o32)
			w5[6] &= 0xF000, w5[4] &= 0xF7FF;
	} else {
		w5[3] = o32 ? f->fip : (u16)f->fip;
		w5[4] = o32 ? (f->fcs | (u32)(f->fop & 0x7FF) << 16) : f->fcs;
		w5[5] = o32 ? f->fdp : (u16)f->fdp;
		w5[6] = o32 ? (f->fds | 0xFFFF0000u) : f->fds;
	}
	for (int k = 0; k < 7; k++)
		mem_write(cpu, s, ea + k * w, w5[k], w);
	return 7 * w;
}

static u32 load_env(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	bool o32 = i->osz == 4, rm = is_real(cpu) || is_vm86(cpu);
	int s = i->seg, w = o32 ? 4 : 2;
	u32 w5[7];
	for (int k = 0; k < 7; k++)
		w5[k] = mem_read(cpu, s, ea + k * w, w);
	f->cw = (w5[0] & 0x1F3F) | 0x0040;	/* bit 6 reads as 1 (silicon) */
	f->sw = w5[1];
	u16 tw = w5[2];
	f->used = 0;
	for (int n = 0; n < 8; n++)
		if ((tw >> (2 * n) & 3) != 3)
			f->used |= 1 << n;
	if (rm) {
		f->fip = (w5[3] & 0xFFFF) | ((w5[4] >> 12) & 0xFFFF) << 16;
		f->fop = w5[4] & 0x7FF;
		f->fdp = (w5[5] & 0xFFFF) | ((w5[6] >> 12) & 0xFFFF) << 16;
		f->fcs = f->fds = 0;
		if (!o32) {
			f->fip &= 0xFFFFF;
			f->fdp &= 0xFFFFF;
		}
	} else {
		f->fip = o32 ? w5[3] : (u16)w5[3];
		f->fcs = (u16)w5[4];
		f->fop = o32 ? (w5[4] >> 16) & 0x7FF : f->fop;
		f->fdp = o32 ? w5[5] : (u16)w5[5];
		f->fds = (u16)w5[6];
	}
	fpu_update_es(cpu);
	return 7 * w;
}

static void fsave(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	mem_probe_write(cpu, i->seg, ea, i->osz == 4 ? 108 : 94);
	u32 n = store_env(cpu, i, ea);
	for (int k = 0; k < 8; k++)
		write80(cpu, i->seg, ea + n + 10 * k, st(f, k));
	fpu_reset(cpu, false);
}

static void frstor(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	/* Read everything before changing anything (a fault leaves the FPU as it was). */
	fx80 regs[8];
	u32 n = 7 * (i->osz == 4 ? 4 : 2);
	for (int k = 0; k < 8; k++)
		regs[k] = read80(cpu, i->seg, ea + n + 10 * k);
	load_env(cpu, i, ea);
	for (int k = 0; k < 8; k++)
		f->r[phys(f, k)] = regs[k];
}

/*
 * FXSAVE/FXRSTOR (0F AE /0 /1, SDM vol. 2 and vol. 1 10.5.1): the 512-byte
 * image, 16-byte aligned (#GP(0) otherwise, before any page is touched).
 * Bytes 0-31 hold FCW, FSW, the abridged tag byte (bit n: Rn not empty,
 * which is fpu.used), FOP, FIP, FCS, FDP and FDS; ST(0)-ST(7) follow at 32,
 * 16 bytes apart. The Pentium II has no SSE: no MXCSR (bytes 24-31) and no
 * XMM registers (160-287), so those bytes, the reserved ones and each
 * register slot's last six bytes are neither written nor read, whatever
 * CR4.OSFXSR says (the SDM leaves them to the implementation without
 * OSFXSR). #NM under CR0.EM or CR0.TS; no #MF (neither waits), and FXSAVE,
 * unlike FSAVE, leaves the FPU as it was.
 */
static u32 fx_image(struct cpu *cpu, const struct insn *i, int acc)
{
	if (cpu->p6_model3)
		raise_ud(cpu);
	if (cpu->cr0 & (CR0_EM | CR0_TS))
		cpu_fault(cpu, EXC_NM, NO_ERR);
	u32 ea = insn_ea(cpu, i);
	u32 lin = seg_lin(cpu, i->seg, ea, 512, acc);
	if (lin & 15)
		raise_gp(cpu, 0);
	return lin;
}

void op_fxsave(struct cpu *cpu, const struct insn *i)
{
	struct fpu *f = &cpu->fpu;
	u32 lin = fx_image(cpu, i, SEG_OK_WRITE);
	mem_probe_write(cpu, i->seg, insn_ea(cpu, i), 512);
	lin_write(cpu, lin + 0, f->cw | (u32)f->sw << 16, 4);
	lin_write(cpu, lin + 4, f->used | (u32)(f->fop & 0x7FF) << 16, 4);
	lin_write(cpu, lin + 8, f->fip, 4);
	lin_write(cpu, lin + 12, f->fcs, 4);
	lin_write(cpu, lin + 16, f->fdp, 4);
	lin_write(cpu, lin + 20, f->fds, 4);
	for (int k = 0; k < 8; k++) {
		fx80 v = st(f, k);
		u32 p = lin + 32 + 16 * k;
		lin_write(cpu, p, (u32)v.sig, 4);
		lin_write(cpu, p + 4, (u32)(v.sig >> 32), 4);
		lin_write(cpu, p + 8, v.se, 2);
	}
	cpu->eip += i->len;
}

void op_fxrstor(struct cpu *cpu, const struct insn *i)
{
	struct fpu *f = &cpu->fpu;
	u32 lin = fx_image(cpu, i, SEG_OK_READ);
	/* Read everything before changing anything. */
	u32 w[6];
	fx80 regs[8];
	for (int k = 0; k < 6; k++)
		w[k] = lin_read(cpu, lin + 4 * k, 4);
	for (int k = 0; k < 8; k++) {
		u32 p = lin + 32 + 16 * k;
		regs[k].sig = lin_read(cpu, p, 4) | (u64)lin_read(cpu, p + 4, 4) << 32;
		regs[k].se = lin_read(cpu, p + 8, 2);
	}
	f->cw = (w[0] & 0x1F3F) | 0x0040;	/* as FLDENV */
	f->sw = w[0] >> 16;
	f->used = (u8)w[1];
	f->fop = (w[1] >> 16) & 0x7FF;
	f->fip = w[2];
	f->fcs = (u16)w[3];
	f->fdp = w[4];
	f->fds = (u16)w[5];
	for (int k = 0; k < 8; k++)
		f->r[phys(f, k)] = regs[k];
	fpu_update_es(cpu);
	cpu->eip += i->len;
}

/* ---------------- the one-operand group (D9 E0-FF) ---------------- */

static void unary(struct cpu *cpu, int code)
{
	struct fpu *f = &cpu->fpu;
	struct fx_env env;
	env_init(cpu, &env);
	if (st_empty(f, 0)) {
		if (underflow(cpu))
			st_set(f, 0, fx_indefinite);
		return;
	}
	fx80 a = st(f, 0), r;
	switch (code) {
	case 0xE0: r = a; r.se ^= 0x8000; f->sw &= ~FPU_C1; st_set(f, 0, r); return;
	case 0xE1: r = a; r.se &= 0x7FFF; f->sw &= ~FPU_C1; st_set(f, 0, r); return;
	case 0xFA: r = fx_sqrt(&env, a); break;
	case 0xFC: r = fx_rndint(&env, a); break;
	case 0xF0: r = fx_f2xm1(&env, a); break;
	default: return;
	}
	if (commit(cpu, &env, false))
		st_set(f, 0, r);
}

static void ftst_fxam(struct cpu *cpu, int code)
{
	struct fpu *f = &cpu->fpu;
	if (code == 0xE4) {
		if (st_empty(f, 0)) {
			underflow(cpu);
			set_cc(f, FPU_C0 | FPU_C2 | FPU_C3);
			return;
		}
		compare(cpu, st(f, 0), fx_make(false, 0, 0), false, 0);
		return;
	}
	/* FXAM: C3 C2 C0 class, C1 sign. */
	fx80 a = st(f, 0);
	u16 cc = fx_sign(a) ? FPU_C1 : 0;
	if (st_empty(f, 0)) {
		cc |= FPU_C3 | FPU_C0;
	} else {
		static const u16 cls[] = {
			[FX_ZERO] = FPU_C3, [FX_NORMAL] = FPU_C2, [FX_DENORMAL] = FPU_C3 | FPU_C2,
			[FX_INF] = FPU_C2 | FPU_C0, [FX_QNAN] = FPU_C0, [FX_SNAN] = FPU_C0,
			[FX_UNSUPPORTED] = 0,
		};
		cc |= cls[fx_classify(a)];
	}
	set_cc(f, cc);
}

/* FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ: the 66-bit internal
 * constants, rounded by the rounding control (the 487 and later; the 387
 * always rounded to nearest). */
static void load_const(struct cpu *cpu, int code)
{
	static const struct { u16 se; u64 sig; u8 low2; } k[7] = {
		{ 0x3FFF, 0x8000000000000000ull, 0 },	/* 1 */
		{ 0x4000, 0xD49A784BCD1B8AFEull, 1 },	/* log2(10) */
		{ 0x3FFF, 0xB8AA3B295C17F0BBull, 2 },	/* log2(e) */
		{ 0x4000, 0xC90FDAA22168C234ull, 3 },	/* pi */
		{ 0x3FFD, 0x9A209A84FBCFF798ull, 2 },	/* log10(2) */
		{ 0x3FFE, 0xB17217F7D1CF79ABull, 3 },	/* ln(2) */
		{ 0, 0, 0 },				/* +0 */
	};
	int n = code - 0xE8;
	struct fx_env env;
	env_init(cpu, &env);
	fx80 v = { k[n].sig, k[n].se };
	if (n > 0 && n < 6) {
		/* The two bits after the 64 (value/4 of an ulp, 0..3) decide
		 * the rounding; the exact constants are irrational, so the
		 * stored 66 bits are never a tie. */
		u128 m = ((u128)k[n].sig << 64) | ((u128)k[n].low2 << 62) | 1;
		v = fx_round_pack(&env, false, m, k[n].se, 64);
		env.exc = 0;	/* constants raise nothing */
	}
	if (!(cpu->fpu.used >> ((TOP(&cpu->fpu) - 1) & 7) & 1))
		cpu->fpu.sw &= ~FPU_C1;
	push_checked(cpu, v);
}

/* ---------------- two-register operations on ST(0) and ST(1) ---------------- */

/* FPREM, FPREM1, FSCALE, FXTRACT, FYL2X, FYL2XP1, FPATAN, FPTAN, FSIN,
 * FCOS, FSINCOS (D9 F0-FF but F6/F7/FA/FC/F0). */
static void st01(struct cpu *cpu, int code)
{
	struct fpu *f = &cpu->fpu;
	struct fx_env env;
	env_init(cpu, &env);
	bool two = code == 0xF1 || code == 0xF3 || code == 0xF5 || code == 0xF8 ||
		   code == 0xF9 || code == 0xFD;
	bool pushes = code == 0xF2 || code == 0xF4 || code == 0xFB;
	if (st_empty(f, 0) || (two && st_empty(f, 1))) {
		if (underflow(cpu)) {
			st_set(f, 0, fx_indefinite);
			if (code == 0xF1 || code == 0xF3 || code == 0xF9) {
				st_set(f, 1, fx_indefinite);
				fpu_pop(f);
			} else if (pushes) {
				push_checked(cpu, fx_indefinite);
			}
		}
		return;
	}
	if (pushes && !st_empty(f, 7)) {
		if (overflow(cpu)) {
			st_set(f, 0, fx_indefinite);
			fpu_push(f, fx_indefinite);
		}
		return;
	}
	fx80 a = st(f, 0), b = two ? st(f, 1) : a, r, r2;
	int q;
	bool partial;
	switch (code) {
	case 0xF8: case 0xF5:	/* FPREM, FPREM1 */
		r = fx_rem(&env, a, b, code == 0xF5, &q, &partial);
		if (commit(cpu, &env, false)) {
			st_set(f, 0, r);
			u16 cc = (partial ? FPU_C2 : 0) | (q & 1 ? FPU_C1 : 0) |
				 (q & 2 ? FPU_C3 : 0) | (q & 4 ? FPU_C0 : 0);
			set_cc(f, cc);
		}
		return;
	case 0xFD:		/* FSCALE */
		r = fx_scale(&env, a, b);
		if (commit(cpu, &env, false))
			st_set(f, 0, r);
		return;
	case 0xF4:		/* FXTRACT */
		r = fx_extract(&env, a, &r2);
		if (commit(cpu, &env, false)) {
			st_set(f, 0, r2);
			fpu_push(f, r);
		}
		return;
	case 0xF1: case 0xF9:	/* FYL2X, FYL2XP1: ST(1) = ST(1) * log2(ST(0) [+1]) */
		r = fx_yl2x(&env, a, b, code == 0xF9);
		if (commit(cpu, &env, false)) {
			st_set(f, 1, r);
			fpu_pop(f);
		}
		return;
	case 0xF3:		/* FPATAN: ST(1) = atan(ST(1) / ST(0)) */
		r = fx_atan2(&env, b, a);
		if (commit(cpu, &env, false)) {
			st_set(f, 1, r);
			fpu_pop(f);
		}
		return;
	case 0xF2:		/* FPTAN */
		if (!fx_tan(&env, a, &r)) {
			f->sw |= FPU_C2;
			return;
		}
		f->sw &= ~FPU_C2;
		if (commit(cpu, &env, false)) {
			st_set(f, 0, r);
			/* 1.0 above the tangent; a NaN result is pushed twice. */
			enum fx_class cr = fx_classify(r);
			fpu_push(f, cr == FX_QNAN ? r : fx_make(false, FX_BIAS, 0x8000000000000000ull));
		}
		return;
	default: {		/* FSIN, FCOS, FSINCOS */
		fx80 s, c;
		if (!fx_sincos(&env, a, code == 0xFF ? NULL : &s, code == 0xFE ? NULL : &c)) {
			f->sw |= FPU_C2;
			return;
		}
		f->sw &= ~FPU_C2;
		if (!commit(cpu, &env, false))
			return;
		if (code == 0xFE) {
			st_set(f, 0, s);
		} else if (code == 0xFF) {
			st_set(f, 0, c);
		} else {
			st_set(f, 0, s);
			fpu_push(f, c);
		}
		return;
	}
	}
}

/* ---------------- FCOMI, FCMOV ---------------- */

static void fcomi(struct cpu *cpu, int r, bool quiet, bool pop)
{
	struct fpu *f = &cpu->fpu;
	u32 fl = 0;
	bool set = true;
	if (st_empty(f, 0) || st_empty(f, r)) {
		set = underflow(cpu);
		fl = FLAG_ZF | FLAG_PF | FLAG_CF;
	} else {
		struct fx_env env;
		env_init(cpu, &env);
		static const u32 m[4] = { FLAG_CF, FLAG_ZF, 0, FLAG_ZF | FLAG_PF | FLAG_CF };
		enum fx_cmp c = fx_compare(&env, st(f, 0), st(f, r), quiet);
		set = commit(cpu, &env, false);
		fl = m[c];
	}
	/* Like FCOM: the flags are set even when unmasked, the pop is not done. */
	f->sw &= ~FPU_C1;
	flags_materialize(cpu);
	cpu->eflags = (cpu->eflags & ~FLAGS_ARITH) | fl;
	if (pop && set)
		fpu_pop(f);
}

static void fcmov(struct cpu *cpu, const struct insn *i)
{
	struct fpu *f = &cpu->fpu;
	/* DA: B, E, BE, U; DB: NB, NE, NBE, NU (Jcc codes 2, 4, 6, 10). */
	static const int cc[4] = { 2, 4, 6, 10 };
	bool c = cond_true(cpu, cc[i->reg & 3]);
	if (i->op == 0xDB)
		c = !c;
	if (st_empty(f, 0) || st_empty(f, i->rm)) {
		if (underflow(cpu) && c)
			st_set(f, 0, fx_indefinite);
		return;
	}
	f->sw &= ~FPU_C1;
	if (c)
		st_set(f, 0, st(f, i->rm));
}

/* ---------------- dispatch ---------------- */

/* Instructions that do not wait for (and do not raise) pending exceptions,
 * and the control instructions that leave FIP/FDP/FOP alone. */
static bool no_wait(const struct insn *i)
{
	if (i->op == 0xD9 && !i->mod3)
		return i->reg == 6 || i->reg == 7;		/* FNSTENV, FNSTCW */
	if (i->op == 0xDB && i->mod3)
		return i->reg == 4 && (i->rm == 2 || i->rm == 3 || i->rm <= 1 || i->rm == 4);
	if (i->op == 0xDD && !i->mod3)
		return i->reg == 6 || i->reg == 7;		/* FNSAVE, FNSTSW */
	return i->op == 0xDF && i->mod3 && i->reg == 4 && i->rm == 0;	/* FNSTSW AX */
}

static bool is_control(const struct insn *i)
{
	if (no_wait(i))
		return true;
	if (i->op == 0xD9 && !i->mod3)
		return i->reg == 4 || i->reg == 5;		/* FLDENV, FLDCW */
	return i->op == 0xDD && !i->mod3 && i->reg == 4;	/* FRSTOR */
}

static void esc_d9(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	if (!i->mod3) {
		switch (i->reg) {
		case 0: load_mem(cpu, i, ea, 0); return;
		case 2: store_mem(cpu, i, ea, 0, false); return;
		case 3: store_mem(cpu, i, ea, 0, true); return;
		case 4: load_env(cpu, i, ea); return;
		case 5: f->cw = (mem_read(cpu, i->seg, ea, 2) & 0x1F3F) | 0x0040; fpu_update_es(cpu); return;
		case 6:
			mem_probe_write(cpu, i->seg, ea, i->osz == 4 ? 28 : 14);
			store_env(cpu, i, ea);
			f->cw |= FPU_EXC;
			fpu_update_es(cpu);
			return;
		case 7: mem_write(cpu, i->seg, ea, f->cw, 2); return;
		default: raise_ud(cpu);
		}
	}
	int code = 0xC0 | i->reg << 3 | i->rm;
	switch (i->reg) {
	case 0: {	/* FLD ST(i) */
		if (st_empty(f, i->rm)) {
			if (underflow(cpu))
				push_checked(cpu, fx_indefinite);
			return;
		}
		fx80 v = st(f, i->rm);
		if (!(f->used >> ((TOP(f) - 1) & 7) & 1))
			f->sw &= ~FPU_C1;
		push_checked(cpu, v);
		return;
	}
	case 1: {	/* FXCH */
		fx80 a = st(f, 0), b = st(f, i->rm);
		if (st_empty(f, 0) || st_empty(f, i->rm)) {
			if (!underflow(cpu))
				return;
			if (st_empty(f, 0))
				a = fx_indefinite;
			if (st_empty(f, i->rm))
				b = fx_indefinite;
		} else {
			f->sw &= ~FPU_C1;
		}
		st_set(f, 0, b);
		st_set(f, i->rm, a);
		return;
	}
	case 2:		/* FNOP */
		if (i->rm)
			raise_ud(cpu);
		return;
	case 3:		/* FSTP1 (undocumented alias of FSTP ST(i)) */
		store_reg(cpu, i->rm, true);
		return;
	case 4:
		if (code == 0xE0 || code == 0xE1)
			unary(cpu, code);
		else if (code == 0xE4 || code == 0xE5)
			ftst_fxam(cpu, code);
		else
			raise_ud(cpu);
		return;
	case 5:
		if (code == 0xEF)
			raise_ud(cpu);
		load_const(cpu, code);
		return;
	case 6:
		if (code == 0xF6 || code == 0xF7) {	/* FDECSTP, FINCSTP */
			set_top(f, TOP(f) + (code == 0xF7 ? 1 : -1));
			f->sw &= ~FPU_C1;
		} else if (code == 0xF0) {
			unary(cpu, code);
		} else {
			st01(cpu, code);
		}
		return;
	default:
		if (code == 0xFA || code == 0xFC)
			unary(cpu, code);
		else
			st01(cpu, code);
		return;
	}
}

static void esc_db(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	if (!i->mod3) {
		switch (i->reg) {
		case 0: load_mem(cpu, i, ea, 4); return;
		case 2: store_mem(cpu, i, ea, 4, false); return;
		case 3: store_mem(cpu, i, ea, 4, true); return;
		case 5: load_mem(cpu, i, ea, 2); return;
		case 7: store_mem(cpu, i, ea, 2, true); return;
		default: raise_ud(cpu);
		}
	}
	if (i->reg < 4) {
		if (cpu->model < CPU_P6)
			raise_ud(cpu);
		fcmov(cpu, i);
		return;
	}
	if (i->reg == 4) {
		switch (i->rm) {
		case 0: case 1: case 4: return;	/* FENI, FDISI, FSETPM: 8087/287 only, ignored */
		case 2: f->sw &= ~(FPU_EXC | FPU_SF | FPU_ES | FPU_B); return;	/* FNCLEX */
		case 3: fpu_reset(cpu, false); return;				/* FNINIT */
		default: raise_ud(cpu);
		}
	}
	if (i->reg == 7 || cpu->model < CPU_P6)
		raise_ud(cpu);
	fcomi(cpu, i->rm, i->reg == 5, false);
}

static void esc_dd(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	if (!i->mod3) {
		switch (i->reg) {
		case 0: load_mem(cpu, i, ea, 1); return;
		case 2: store_mem(cpu, i, ea, 1, false); return;
		case 3: store_mem(cpu, i, ea, 1, true); return;
		case 4: frstor(cpu, i, ea); return;
		case 6: fsave(cpu, i, ea); return;
		case 7: mem_write(cpu, i->seg, ea, f->sw, 2); return;
		default: raise_ud(cpu);
		}
	}
	switch (i->reg) {
	case 0: f->used &= ~(1 << phys(f, i->rm)); return;	/* FFREE */
	case 1: esc_d9(cpu, &(struct insn){ .op = 0xD9, .mod3 = 1, .reg = 1, .rm = i->rm }, 0);
		return;						/* FXCH4 */
	case 2: store_reg(cpu, i->rm, false); return;
	case 3: store_reg(cpu, i->rm, true); return;
	case 4: case 5:						/* FUCOM, FUCOMP */
		if (st_empty(f, 0) || st_empty(f, i->rm)) {
			bool masked = underflow(cpu);
			set_cc(f, FPU_C0 | FPU_C2 | FPU_C3);
			if (i->reg == 5 && masked)
				fpu_pop(f);
			return;
		}
		compare(cpu, st(f, 0), st(f, i->rm), true, i->reg == 5);
		return;
	default: raise_ud(cpu);
	}
}

static void esc_df(struct cpu *cpu, const struct insn *i, u32 ea)
{
	struct fpu *f = &cpu->fpu;
	if (!i->mod3) {
		switch (i->reg) {
		case 0: load_mem(cpu, i, ea, 3); return;
		case 2: store_mem(cpu, i, ea, 3, false); return;
		case 3: store_mem(cpu, i, ea, 3, true); return;
		case 4: load_mem(cpu, i, ea, 6); return;
		case 5: load_mem(cpu, i, ea, 5); return;
		case 6: store_mem(cpu, i, ea, 6, true); return;
		case 7: store_mem(cpu, i, ea, 5, true); return;
		default: raise_ud(cpu);
		}
	}
	switch (i->reg) {
	case 0: f->used &= ~(1 << phys(f, i->rm)); fpu_pop(f); return;	/* FFREEP */
	case 1: esc_dd(cpu, &(struct insn){ .op = 0xDD, .mod3 = 1, .reg = 1, .rm = i->rm }, 0);
		return;						/* FXCH7 */
	case 2: case 3: store_reg(cpu, i->rm, true); return;	/* FSTP8, FSTP9 */
	case 4:
		if (i->rm)
			raise_ud(cpu);
		set_reg(cpu, R_EAX, 2, f->sw);			/* FNSTSW AX */
		return;
	case 5: case 6:
		if (cpu->model < CPU_P6)
			raise_ud(cpu);
		fcomi(cpu, i->rm, i->reg == 5, true);
		return;
	default: raise_ud(cpu);
	}
}

static void esc_da(struct cpu *cpu, const struct insn *i)
{
	struct fpu *f = &cpu->fpu;
	if (i->reg < 4) {
		if (cpu->model < CPU_P6)
			raise_ud(cpu);
		fcmov(cpu, i);
		return;
	}
	if (i->reg != 5 || i->rm != 1)
		raise_ud(cpu);
	/* FUCOMPP */
	if (st_empty(f, 0) || st_empty(f, 1)) {
		if (underflow(cpu)) {
			fpu_pop(f);
			fpu_pop(f);
		}
		set_cc(f, FPU_C0 | FPU_C2 | FPU_C3);
		return;
	}
	compare(cpu, st(f, 0), st(f, 1), true, 2);
}

void op_fpu(struct cpu *cpu, const struct insn *i)
{
	if (!cpu->has_fpu) {
		op_esc(cpu, i);
		return;
	}
	if (cpu->cr0 & (CR0_EM | CR0_TS))
		cpu_fault(cpu, EXC_NM, NO_ERR);
	struct fpu *f = &cpu->fpu;
	if (!no_wait(i) && (f->sw & FPU_ES) && (cpu->cr0 & CR0_NE))
		cpu_fault(cpu, EXC_MF, NO_ERR);
	u32 ea = i->mod3 ? 0 : insn_ea(cpu, i);
	switch (i->op) {
	case 0xD8: case 0xDC: case 0xDE:
		if (i->mod3)
			arith_reg(cpu, i);
		else
			arith_mem(cpu, i, ea);
		break;
	case 0xDA:
		if (i->mod3)
			esc_da(cpu, i);
		else
			arith_mem(cpu, i, ea);
		break;
	case 0xD9: esc_d9(cpu, i, ea); break;
	case 0xDB: esc_db(cpu, i, ea); break;
	case 0xDD: esc_dd(cpu, i, ea); break;
	default: esc_df(cpu, i, ea); break;
	}
	/* The pointers are set once the instruction can no longer fault, so
	 * a faulting memory access leaves them as they were. */
	if (!is_control(i)) {
		f->fop = (i->op & 7) << 8 | (u8)i->imm2;
		f->fcs = cpu->seg[SEG_CS].sel;
		f->fip = cpu->eip;
		if (!i->mod3) {
			f->fds = cpu->seg[i->seg].sel;
			f->fdp = ea;
		}
	}
	cpu->eip += i->len;
}

void op_fwait(struct cpu *cpu, const struct insn *i)
{
	if ((cpu->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
		cpu_fault(cpu, EXC_NM, NO_ERR);
	if (cpu->has_fpu && (cpu->fpu.sw & FPU_ES) && (cpu->cr0 & CR0_NE))
		cpu_fault(cpu, EXC_MF, NO_ERR);
	cpu->eip += i->len;
}
