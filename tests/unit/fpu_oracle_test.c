/*
 * The x87 against the host's own x87 (the host is an x86-64 machine): each
 * instruction runs natively through inline assembly and on Lucid's CPU as
 * the same instruction, under the same control word (every rounding mode,
 * precision control 24/53/64, random exception masks), over random and
 * edge-case operands (zeros, denormals, pseudo-denormals, unnormals,
 * infinities, QNaNs, SNaNs, values near overflow and underflow, nearby
 * values for cancellation). The 80-bit results, the whole status word
 * (exceptions, C0-C3, TOP, ES/B), memory results and, for FCOMI, EFLAGS
 * must agree bit for bit.
 *
 * The sequence on both sides: FNINIT; FLDT b; FLDT a; FLDCW cw; the
 * instruction; FNSTSW sw; FNCLEX (so an unmasked exception does not trap
 * on the host); FSTPT r; FNCLEX; FSTPT r2. FPU_ORACLE_N (environment) sets the
 * number of cases per instruction (default 4000; make bench and make fuzz
 * run millions).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/cpu_rig.h"

#if defined(__x86_64__) || defined(__i386__)

/* The data block, the same layout on both sides (guest at DATA). */
typedef unsigned __int128 u128;

struct fx_case {
	u8 a[10], b[10];
	u16 cw, sw;
	u8 r[10], r2[10];
	u64 m;			/* memory operand in and out */
	u64 fl;			/* EFLAGS after FCOMI */
} __attribute__((packed));

#define DATA 0x2000u
#define OFF(f) (DATA + (u32)__builtin_offsetof(struct fx_case, f))

typedef void host_fn(struct fx_case *c);

#define HOST(name, insn) HOST2(name, insn, "")
#define HOST2(name, insn, tail) \
	static void host_##name(struct fx_case *c) \
	{ \
		__asm__ volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\tfldcw %[cw]\n\t" insn \
				 "\n\tfnstsw %[sw]\n\tfnclex\n\t" tail \
				 "\n\tfstpt %[r]\n\tfnclex\n\tfstpt %[r2]\n\tfninit" \
				 : [r] "=m"(c->r), [r2] "=m"(c->r2), [sw] "=m"(c->sw), \
				   [m] "+m"(c->m), [fl] "+m"(c->fl) \
				 : [a] "m"(c->a), [b] "m"(c->b), [cw] "m"(c->cw) \
				 : "memory", "cc", "rax"); \
	}

HOST(fadd, ".byte 0xD8, 0xC1")
HOST(fsub, ".byte 0xD8, 0xE1")
HOST(fsubr, ".byte 0xD8, 0xE9")
HOST(fmul, ".byte 0xD8, 0xC9")
HOST(fdiv, ".byte 0xD8, 0xF1")
HOST(fdivr, ".byte 0xD8, 0xF9")
HOST2(faddp, ".byte 0xDE, 0xC1", "fld1")
HOST(fsubp_dc, ".byte 0xDC, 0xE9")	/* DC E9: ST(1) = ST(1) - ST(0) */
HOST2(fdivrp, ".byte 0xDE, 0xF1", "fldz")
HOST(fsqrt, "fsqrt")
HOST(frndint, "frndint")
HOST(fscale, "fscale")
HOST(fprem, "fprem")
HOST(fprem1, "fprem1")
HOST(fxtract, "fxtract")
HOST(fcom, ".byte 0xD8, 0xD1")
HOST2(fucompp, ".byte 0xDA, 0xE9", "fldz\n\tfldz")
HOST(fcomi, ".byte 0xDB, 0xF1\n\tlahf\n\tmovb %%ah, %[fl]")
HOST(fucomi, ".byte 0xDB, 0xE9\n\tlahf\n\tmovb %%ah, %[fl]")
HOST(ftst, "ftst")
HOST(fxam, "fxam")
HOST(fchs, "fchs")
HOST(fabs, "fabs")
HOST(fsts, "fsts %[m]")
HOST(fstl, "fstl %[m]")
HOST(fists, "fists %[m]")
HOST(fistl, "fistl %[m]")
HOST2(fistpll, "fistpll %[m]", "fldz")
HOST2(fbstp, "fbstp %[m]", "fldz")
HOST(flds, "flds %[m]")
HOST(fldl, "fldl %[m]")
HOST(fadds, "fadds %[m]")
HOST(fmull, "fmull %[m]")
HOST(fiadds, "fiadds %[m]")
HOST(fidivl, "fidivl %[m]")
HOST(fcoms, "fcoms %[m]")
HOST(fildll, "fildll %[m]")
HOST(fbld, "fbld %[m]")
HOST(fldpi, "fldpi")
HOST(fldl2e, "fldl2e")
HOST(fldlg2, "fldlg2")
HOST(fldln2, "fldln2")
HOST(fldl2t, "fldl2t")
HOST(fxch, ".byte 0xD9, 0xC9")
HOST(fst_st1, ".byte 0xDD, 0xD1")
/* The stack's edges: underflow (an emptied register) and overflow. */
HOST(fadd_under, ".byte 0xDD, 0xC1, 0xD8, 0xC1")
HOST(fxch_under, ".byte 0xDD, 0xC0, 0xD9, 0xC9")
HOST(fcomp_under, ".byte 0xDD, 0xC1, 0xD8, 0xD9")
HOST(fsqrt_under, ".byte 0xDD, 0xC0, 0xD9, 0xFA")
HOST(fld_over, ".byte 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xEB")
HOST(fst_under, ".byte 0xDD, 0xC0\n\tfsts %[m]")
HOST(fxam_empty, ".byte 0xDD, 0xC0, 0xD9, 0xE5")
HOST(fsin, "fsin")
HOST(fcos, "fcos")
HOST(fsincos, "fsincos")
HOST(fptan, "fptan")
HOST2(fpatan, "fpatan", "fldz")
HOST(f2xm1, "f2xm1")
HOST2(fyl2x, "fyl2x", "fldz")
HOST2(fyl2xp1, "fyl2xp1", "fldz")

/* Guest encodings: register forms, or a memory form whose ModRM uses
 * disp32 (mod 00, rm 101) to the field m. */
struct op {
	const char *name;
	host_fn *host;
	u8 code[16];
	u8 len;		/* bytes of code (a memory form: 2, disp32 added) */
	bool mem;	/* code[1] is a ModRM taking disp32 of m */
	u8 tail;	/* extra instruction after: 1 = pushfd/pop [fl], 2 = FLD1, 3 = FLDZ,
			 * 4 = FLDZ FLDZ */
	u8 mkind;	/* what m holds for loads: 0 none, 1 f32, 2 f64, 3 i16, 4 i32,
			 * 5 i64, 6 bcd */
};

#define R(n, b0, b1) { #n, host_##n, { b0, b1 }, 2, false, 0, 0 }
#define M(n, b0, b1, k) { #n, host_##n, { b0, b1 }, 2, true, 0, k }

static const struct op ops[] = {
	R(fadd, 0xD8, 0xC1), R(fsub, 0xD8, 0xE1), R(fsubr, 0xD8, 0xE9), R(fmul, 0xD8, 0xC9),
	R(fdiv, 0xD8, 0xF1), R(fdivr, 0xD8, 0xF9),
	{ "faddp", host_faddp, { 0xDE, 0xC1 }, 2, false, 2, 0 },
	R(fsubp_dc, 0xDC, 0xE9),
	{ "fdivrp", host_fdivrp, { 0xDE, 0xF1 }, 2, false, 3, 0 },
	R(fsqrt, 0xD9, 0xFA), R(frndint, 0xD9, 0xFC), R(fscale, 0xD9, 0xFD),
	R(fprem, 0xD9, 0xF8), R(fprem1, 0xD9, 0xF5), R(fxtract, 0xD9, 0xF4),
	R(fcom, 0xD8, 0xD1),
	{ "fucompp", host_fucompp, { 0xDA, 0xE9 }, 2, false, 4, 0 },
	{ "fcomi", host_fcomi, { 0xDB, 0xF1 }, 2, false, 1, 0 },
	{ "fucomi", host_fucomi, { 0xDB, 0xE9 }, 2, false, 1, 0 },
	R(ftst, 0xD9, 0xE4), R(fxam, 0xD9, 0xE5), R(fchs, 0xD9, 0xE0), R(fabs, 0xD9, 0xE1),
	M(fsts, 0xD9, 0x15, 0), M(fstl, 0xDD, 0x15, 0), M(fists, 0xDF, 0x15, 0),
	M(fistl, 0xDB, 0x15, 0),
	{ "fistpll", host_fistpll, { 0xDF, 0x3D }, 2, true, 3, 0 },
	{ "fbstp", host_fbstp, { 0xDF, 0x35 }, 2, true, 3, 0 },
	M(flds, 0xD9, 0x05, 1), M(fldl, 0xDD, 0x05, 2), M(fadds, 0xD8, 0x05, 1),
	M(fmull, 0xDC, 0x0D, 2), M(fiadds, 0xDE, 0x05, 3), M(fidivl, 0xDA, 0x35, 4),
	M(fcoms, 0xD8, 0x15, 1), M(fildll, 0xDF, 0x2D, 5), M(fbld, 0xDF, 0x25, 6),
	R(fldpi, 0xD9, 0xEB), R(fldl2e, 0xD9, 0xEA), R(fldlg2, 0xD9, 0xEC),
	R(fldln2, 0xD9, 0xED), R(fldl2t, 0xD9, 0xE9),
	R(fxch, 0xD9, 0xC9), R(fst_st1, 0xDD, 0xD1),
	{ "fadd_under", host_fadd_under, { 0xDD, 0xC1, 0xD8, 0xC1 }, 4, false, 0, 0 },
	{ "fxch_under", host_fxch_under, { 0xDD, 0xC0, 0xD9, 0xC9 }, 4, false, 0, 0 },
	{ "fcomp_under", host_fcomp_under, { 0xDD, 0xC1, 0xD8, 0xD9 }, 4, false, 0, 0 },
	{ "fsqrt_under", host_fsqrt_under, { 0xDD, 0xC0, 0xD9, 0xFA }, 4, false, 0, 0 },
	{ "fld_over", host_fld_over, { 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8,
				       0xD9, 0xE8, 0xD9, 0xEB }, 14, false, 0, 0 },
	{ "fst_under", host_fst_under, { 0xDD, 0xC0, 0xD9, 0x15 }, 4, true, 0, 0 },
	{ "fxam_empty", host_fxam_empty, { 0xDD, 0xC0, 0xD9, 0xE5 }, 4, false, 0, 0 },
};

/* ---------------- operands ---------------- */

static u64 rng_state;

static u64 rnd(void)
{
	u64 x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void put80(u8 *p, u64 sig, u16 se)
{
	memcpy(p, &sig, 8);
	memcpy(p + 8, &se, 2);
}

/* A random operand, biased to the edges. near: a value to stay close to. */
static void gen80(u8 *p, const u8 *near)
{
	u64 r = rnd(), sig = rnd() | 0x8000000000000000ull;
	u16 s = (r >> 60 & 1) << 15;
	u16 e;
	switch (r % 23) {
	case 0: put80(p, 0, s); return;
	case 1: put80(p, sig >> (1 + rnd() % 63), s); return;		/* denormal */
	case 2: put80(p, sig, s); return;				/* pseudo-denormal */
	case 3: put80(p, 0x8000000000000000ull, s | 0x7FFF); return;	/* infinity */
	case 4: put80(p, sig | 0x4000000000000000ull, s | 0x7FFF); return;	/* QNaN */
	case 5: put80(p, (sig & ~0x4000000000000000ull) | 1, s | 0x7FFF); return;	/* SNaN */
	case 6: put80(p, sig >> 1, s | (1 + rnd() % 0x7FFE)); return;	/* unnormal */
	case 7: case 8: e = rnd() % 80; break;				/* near underflow */
	case 9: case 10: e = 0x7FFE - rnd() % 80; break;		/* near overflow */
	case 11: put80(p, sig & ~0ull << (rnd() % 64), s | (0x3FFF + rnd() % 64)); return;	/* integers */
	case 12: case 13: case 14:
		if (near) {	/* the other operand, nudged: cancellation, ties, equal */
			memcpy(p, near, 10);
			u64 ns;
			memcpy(&ns, p, 8);
			ns ^= rnd() % 4 == 0 ? 0 : rnd() >> (rnd() % 64);
			ns |= 0x8000000000000000ull;
			memcpy(p, &ns, 8);
			u16 ne;
			memcpy(&ne, p + 8, 2);
			if ((ne & 0x7FFF) != 0x7FFF && (ne & 0x7FFF) > 2)
				ne -= rnd() % 3;
			ne ^= (rnd() & 1) << 15;
			memcpy(p + 8, &ne, 2);
			return;
		}
		/* fall through */
	case 15: case 16: e = 0x3FFF - 40 + rnd() % 80; break;
	case 17: put80(p, 0x8000000000000000ull | (rnd() & 0x7FFFFF0000000000ull), s | (0x3FFF + rnd() % 4)); return;
	default: e = 1 + rnd() % 0x7FFE; break;
	}
	if (e == 0)
		e = 1;
	put80(p, sig, s | e);
}

/* A memory operand of the kind the instruction loads. */
static u64 gen_mem(int kind)
{
	u64 r = rnd();
	switch (kind) {
	case 1: {
		static const u32 f32e[] = { 0, 0x7F800000, 0x00000001, 0x007FFFFF, 0x7FC00000,
					    0x7F800001, 0x3F800000, 0x00800000, 0x7F7FFFFF };
		if (r % 3 == 0)
			return f32e[rnd() % 9] | (rnd() & 0x80000000u);
		return (u32)rnd();
	}
	case 2: {
		static const u64 f64e[] = { 0, 0x7FF0000000000000ull, 1, 0x000FFFFFFFFFFFFFull,
					    0x7FF8000000000000ull, 0x7FF0000000000001ull,
					    0x3FF0000000000000ull, 0x0010000000000000ull };
		if (r % 3 == 0)
			return f64e[rnd() % 8] | (rnd() & 0x8000000000000000ull);
		return rnd();
	}
	case 3: return (u16)rnd();
	case 4: return (u32)rnd() >> (rnd() % 32);
	case 5: return rnd() >> (rnd() % 64);
	case 6: {
		u64 v = 0;
		for (int k = 0; k < 16; k++)
			v = v << 4 | (rnd() % (r % 7 ? 10 : 16));
		return v;
	}
	default: return rnd();
	}
}

static u16 gen_cw(void)
{
	static const u16 pcs[] = { 0x000, 0x100, 0x200, 0x300 };	/* 01: reserved, acts as 64 */
	u64 r = rnd();
	u16 masks = r % 4 ? 0x3F : (u16)(rnd() & 0x3F);
	/* Sometimes the reserved bits too (FLDCW keeps 12, forces 6 to 1). */
	u16 resv = (r >> 24) % 8 == 0 ? (u16)(rnd() & 0xF0C0) : 0x40;
	return resv | masks | pcs[r >> 8 & 3] | (u16)((r >> 16 & 3) << 10);
}

/* ---------------- the guest side ---------------- */

static void put_code(const struct op *op)
{
	u8 code[64];
	int n = 0;
#define B(x) (code[n++] = (x))
#define D(x) do { u32 d_ = (x); memcpy(code + n, &d_, 4); n += 4; } while (0)
	B(0xDB); B(0xE3);			/* fninit */
	B(0xDB); B(0x2D); D(OFF(b));		/* fld tbyte [b] */
	B(0xDB); B(0x2D); D(OFF(a));
	B(0xD9); B(0x2D); D(OFF(cw));		/* fldcw */
	for (int k = 0; k < op->len; k++)
		B(op->code[k]);
	if (op->mem)
		D(OFF(m));
	if (op->tail == 1) {
		B(0x9C); B(0x8F); B(0x05); D(OFF(fl));	/* pushfd; pop [fl] */
	}
	B(0xDD); B(0x3D); D(OFF(sw));		/* fnstsw [sw] */
	B(0xDB); B(0xE2);			/* fnclex */
	switch (op->tail) {	/* pushes after the status is taken */
	case 2: B(0xD9); B(0xE8); break;
	case 3: B(0xD9); B(0xEE); break;
	case 4: B(0xD9); B(0xEE); B(0xD9); B(0xEE); break;
	}
	B(0xDB); B(0x3D); D(OFF(r));		/* fstp tbyte [r] */
	B(0xDB); B(0xE2);			/* fnclex (an empty ST(0) faults no further) */
	B(0xDB); B(0x3D); D(OFF(r2));
	B(0xF4);
#undef B
#undef D
	rig_code(0x1000, code, n);
}

static void guest_run(struct fx_case *c)
{
	memcpy(rig_bus.ram + DATA, c, sizeof(*c));
	rig->eip = 0x1000;
	rig->halted = false;
	rig->regs[R_ESP] = 0x80000;
	rig_run(100);
	memcpy(c, rig_bus.ram + DATA, sizeof(*c));
}

static void dump(const char *what, const struct fx_case *c)
{
	u64 s;
	u16 e;
	memcpy(&s, c->r, 8);
	memcpy(&e, c->r + 8, 2);
	cr_log_error("  %s: r %04x:%016llx", what, e, (unsigned long long)s);
	memcpy(&s, c->r2, 8);
	memcpy(&e, c->r2 + 8, 2);
	cr_log_error("  %s: r2 %04x:%016llx sw %04x m %016llx fl %03llx", what, e,
		     (unsigned long long)s, c->sw, (unsigned long long)c->m,
		     (unsigned long long)(c->fl & 0xD5));
}

static int cases(void)
{
	const char *s = getenv("FPU_ORACLE_N");
	return s ? atoi(s) : 4000;
}

static int run_op(const struct op *op, int n)
{
	int bad = 0;
	if (getenv("FPU_ORACLE_TRACE"))
		fprintf(stderr, "%s\n", op->name);
	put_code(op);
	rig_flat32(0x1000);
	for (int k = 0; k < n; k++) {
		struct fx_case in, h, g;
		memset(&in, 0, sizeof(in));
		gen80(in.b, NULL);
		gen80(in.a, in.b);
		in.cw = gen_cw();
		in.m = gen_mem(op->mkind);
		h = g = in;
		op->host(&h);
		guest_run(&g);
		bool same = !memcmp(h.r, g.r, 10) && !memcmp(h.r2, g.r2, 10) && h.sw == g.sw &&
			    h.m == g.m && (op->tail != 1 || (h.fl & 0xD5) == (g.fl & 0xD5));
		if (!same && bad++ < 5) {
			u64 as, bs;
			u16 ae, be;
			memcpy(&as, in.a, 8);
			memcpy(&ae, in.a + 8, 2);
			memcpy(&bs, in.b, 8);
			memcpy(&be, in.b + 8, 2);
			cr_log_error("%s: a %04x:%016llx b %04x:%016llx cw %04x m %016llx", op->name,
				     ae, (unsigned long long)as, be, (unsigned long long)bs, in.cw,
				     (unsigned long long)in.m);
			dump("host ", &h);
			dump("lucid", &g);
		}
	}
	return bad;
}

/* The transcendentals: the x87 is documented to within one ulp (SDM 1
 * 8.3.10); the exponent bound keeps operands in the documented domain
 * (plus the edge cases gen80 makes anyway). */
struct top {
	struct op op;
	int max_exp;		/* unbiased exponent limit of ST(0) */
	bool tail_fldz;		/* the instruction pops: FLDZ pads the stack */
};

static const struct top tops[] = {
	{ R(fsin, 0xD9, 0xFE), 62, false }, { R(fcos, 0xD9, 0xFF), 62, false },
	{ R(fsincos, 0xD9, 0xFB), 62, false }, { R(fptan, 0xD9, 0xF2), 62, false },
	{ { "fpatan", host_fpatan, { 0xD9, 0xF3 }, 2, false, 3, 0 }, 16383, true },
	{ R(f2xm1, 0xD9, 0xF0), -1, false },
	{ { "fyl2x", host_fyl2x, { 0xD9, 0xF1 }, 2, false, 3, 0 }, 16383, true },
	{ { "fyl2xp1", host_fyl2xp1, { 0xD9, 0xF9 }, 2, false, 3, 0 }, -3, true },
	/* Any exponent: 2^63 and above leave the operand with C2 set; big ones
	 * below show the reduction by the 66-bit pi. */
	{ R(fsin, 0xD9, 0xFE), 16383, false }, { R(fptan, 0xD9, 0xF2), 70, false },
	{ R(fsincos, 0xD9, 0xFB), 16383, false },
};

static u128 order_key(const u8 *p)
{
	u64 s;
	u16 e;
	memcpy(&s, p, 8);
	memcpy(&e, p + 8, 2);
	return ((u128)(e & 0x7FFF) << 63) | (s & ~0x8000000000000000ull);
}

/* Distance in ulps of two results: 0 when identical, huge when the
 * signs or the kinds (NaN, infinity) differ. */
static u64 ulps(const u8 *a, const u8 *b)
{
	if (!memcmp(a, b, 10))
		return 0;
	u16 ea, eb;
	memcpy(&ea, a + 8, 2);
	memcpy(&eb, b + 8, 2);
	if ((ea ^ eb) & 0x8000 || (ea & 0x7FFF) == 0x7FFF || (eb & 0x7FFF) == 0x7FFF)
		return ~0ull;
	u128 ka = order_key(a), kb = order_key(b);
	u128 d = ka > kb ? ka - kb : kb - ka;
	return d > 1000 ? ~0ull : (u64)d;
}

TestSuite(fpu_oracle, .init = rig_setup, .fini = rig_teardown);

Test(fpu_oracle, transcendentals_within_one_ulp)
{
	int n = cases();
	rng_state = 0x2545F4914F6CDD1Dull;
	int bad_ops = 0;
	for (size_t k = 0; k < ARRAY_SIZE(tops); k++) {
		const struct op *op = &tops[k].op;
		put_code(op);
		rig_flat32(0x1000);
		int bad = 0, exact = 0, same_value = 0;
		for (int j = 0; j < n; j++) {
			struct fx_case in, h, g;
			memset(&in, 0, sizeof(in));
			gen80(in.b, NULL);
			gen80(in.a, NULL);
			u16 e;
			memcpy(&e, in.a + 8, 2);
			int ue = (e & 0x7FFF) - 16383;
			if ((e & 0x7FFF) != 0x7FFF && ue > tops[k].max_exp) {
				e = (e & 0x8000) | (u16)(16383 + tops[k].max_exp - rnd() % 40);
				memcpy(in.a + 8, &e, 2);
			}
			in.cw = gen_cw() | 0x3F;	/* masked: the responses are what is compared */
			h = g = in;
			op->host(&h);
			guest_run(&g);
			u64 d1 = ulps(h.r, g.r), d2 = ulps(h.r2, g.r2);
			/* C1 (round-up) and PE follow the last rounding; both may differ by an ulp. */
			bool same = d1 <= 1 && d2 <= 1 && ((h.sw ^ g.sw) & ~0x0220) == 0;
			/* FPU_ORACLE_SHOW=fsin: print the cases whose values differ
			 * (cw, operand, host's result, Lucid's). */
			const char *show = getenv("FPU_ORACLE_SHOW");
			if (show && same && (d1 || d2) && !strcmp(op->name, show)) {
				u64 as, hs, gs;
				u16 ae, he, ge;
				memcpy(&as, in.a, 8); memcpy(&ae, in.a + 8, 2);
				memcpy(&hs, h.r, 8); memcpy(&he, h.r + 8, 2);
				memcpy(&gs, g.r, 8); memcpy(&ge, g.r + 8, 2);
				fprintf(stderr, "%04x %04x %016llx %04x %016llx %04x %016llx\n", in.cw, ae,
					(unsigned long long)as, he, (unsigned long long)hs, ge,
					(unsigned long long)gs);
			}
			if (same && !d1 && !d2 && h.sw == g.sw)
				exact++;
			else if (same && !d1 && !d2)
				same_value++;
			if (!same && bad++ < 5) {
				u64 as;
				memcpy(&as, in.a, 8);
				memcpy(&e, in.a + 8, 2);
				cr_log_error("%s: a %04x:%016llx cw %04x", op->name, e,
					     (unsigned long long)as, in.cw);
				dump("host ", &h);
				dump("lucid", &g);
			}
		}
		cr_log_info("%s: %d of %d identical, %d more with the same value (C1/PE differ), "
			    "%d within one ulp", op->name, exact, n, same_value, n - bad);
		if (bad) {
			cr_log_error("%s: %d of %d cases beyond one ulp", op->name, bad, n);
			bad_ops++;
		}
	}
	cr_assert_eq(bad_ops, 0, "%d transcendental instructions beyond one ulp", bad_ops);
}

Test(fpu_oracle, every_instruction_matches_the_host_x87)
{
	int n = cases(), bad_ops = 0;
	rng_state = 0x9E3779B97F4A7C15ull;
	for (size_t k = 0; k < ARRAY_SIZE(ops); k++) {
		int bad = run_op(&ops[k], n);
		if (bad) {
			cr_log_error("%s: %d of %d cases differ", ops[k].name, bad, n);
			bad_ops++;
		}
	}
	cr_assert_eq(bad_ops, 0, "%d instructions differ from the host x87", bad_ops);
}

#endif

#if defined(__x86_64__) || defined(__i386__)
/* The tag word FNSTENV computes from the contents (valid, zero, special,
 * empty), with the control and status words, against the host: any
 * control word (its reserved bits), two random operands loaded, a third
 * register freed and one more pushed. */
Test(fpu_oracle, fnstenv_tag_word_matches_the_host)
{
	static const u8 code[] = {
		0xDB, 0xE3,				/* fninit */
		0xD9, 0x2D, 0x14, 0x20, 0x00, 0x00,	/* fldcw [0x2014] (any 16 bits) */
		0xDB, 0x2D, 0x0A, 0x20, 0x00, 0x00,	/* fld tbyte [0x200a] (b) */
		0xDB, 0x2D, 0x00, 0x20, 0x00, 0x00,	/* fld tbyte [0x2000] (a) */
		0xD9, 0xE8, 0xD9, 0xEE,			/* fld1; fldz */
		0xDD, 0xC1,				/* ffree st(1) */
		0xD9, 0x35, 0x00, 0x21, 0x00, 0x00,	/* fnstenv [0x2100] */
		0xF4,
	};
	rig_code(0x1000, code, sizeof(code));
	rng_state = 0x5851F42D4C957F2Dull;
	int n = cases() / 4, bad = 0;
	for (int k = 0; k < n; k++) {
		u8 a[10], b[10], henv[28], genv[28];
		u16 cw = (u16)rnd() | 0x3F;	/* masked: nothing traps on the host */
		gen80(b, NULL);
		gen80(a, b);
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\tfld1\n\t"
				 "fldz\n\t.byte 0xDD, 0xC1\n\tfnstenv %[env]\n\tfninit"
				 : [env] "=m"(henv) : [a] "m"(a), [b] "m"(b), [cw] "m"(cw)
				 : "memory");
		rig_flat32(0x1000);
		memcpy(rig_bus.ram + 0x2000, a, 10);
		memcpy(rig_bus.ram + 0x200A, b, 10);
		memcpy(rig_bus.ram + 0x2014, &cw, 2);
		cr_assert_eq(rig_run(100), CPU_STOP_HALT);
		memcpy(genv, rig_bus.ram + 0x2100, 28);
		/* Control, status and tag words (the pointers are the host's). */
		if (memcmp(henv, genv, 2) || memcmp(henv + 4, genv + 4, 2) ||
		    memcmp(henv + 8, genv + 8, 2)) {
			if (bad++ < 5)
				cr_log_error("fnstenv: host cw %04x sw %04x tw %04x, lucid %04x %04x %04x",
					     ld16(henv), ld16(henv + 4), ld16(henv + 8), ld16(genv),
					     ld16(genv + 4), ld16(genv + 8));
		}
	}
	cr_assert_eq(bad, 0, "%d of %d tag words differ", bad, n);
}
#endif
