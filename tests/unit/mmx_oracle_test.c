/*
 * MMX and FXSAVE/FXRSTOR against the host's own (the host is an x86-64
 * machine): each MMX instruction runs natively through inline assembly and
 * on Lucid's CPU as the same instruction, register and memory forms, over
 * random operands biased to the saturation edges (0, 7F, 80, FF, 7FFF,
 * 8000, FFFF lanes) and shift counts around every lane width. Both sides
 * run the same sequence: FNINIT; eight loads filling the x87 stack with
 * 0, 1, pi and log2(e); MOVQ a -> MM0; MOVQ b -> MM1; the instruction;
 * FNSTENV; FXSAVE; EMMS. Compared: the memory operand, FNSTENV's control,
 * status and tag words (the tags computed from the contents, so the MMX
 * writes' all-ones exponents show as "special"), and FXSAVE's FCW, FSW,
 * abridged tag byte and the eight 80-bit registers. Not compared: FIP,
 * FDP, FCS, FDS and FOP (host addresses; FOP is only kept on exceptions by
 * recent hosts). MMX_ORACLE_N (environment) sets the cases per instruction
 * (default 300).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/cpu_rig.h"

#if defined(__x86_64__) || defined(__i386__)

struct mx_case {
	u8 fx[512];		/* FXSAVE image (16-byte aligned: DATA is) */
	u8 img[512];		/* FXRSTOR source */
	u8 env[28];		/* FNSTENV, 32-bit protected-mode layout */
	u32 pad;
	u64 a, b, m;
} __attribute__((aligned(16)));

#define DATA 0x2000u
#define OFF(f) (DATA + (u32)__builtin_offsetof(struct mx_case, f))

typedef void host_fn(struct mx_case *c);

#define PRE "fninit\n\tfld1\n\tfldz\n\tfldpi\n\tfld1\n\tfldz\n\tfldl2e\n\tfld1\n\tfldz\n\t" \
	    "movq %[a], %%mm0\n\tmovq %[b], %%mm1\n\t"
#define POST "\n\tfnstenv %[env]\n\tfxsave %[fx]\n\temms"
#define HOST(name, insn) \
	static void host_##name(struct mx_case *c) \
	{ \
		__asm__ volatile(PRE insn POST \
				 : [env] "=m"(c->env), [fx] "=m"(c->fx), [m] "+m"(c->m) \
				 : [a] "m"(c->a), [b] "m"(c->b) \
				 : "memory", "mm0", "mm1"); \
	}
/* A two-operand instruction: the register form (MM1 -> MM0) and the
 * memory form (m -> MM0). */
#define HOST2(name) HOST(name##_r, #name " %%mm1, %%mm0") HOST(name##_m, #name " %[m], %%mm0")

HOST2(paddb) HOST2(paddw) HOST2(paddd) HOST2(psubb) HOST2(psubw) HOST2(psubd)
HOST2(paddsb) HOST2(paddsw) HOST2(psubsb) HOST2(psubsw)
HOST2(paddusb) HOST2(paddusw) HOST2(psubusb) HOST2(psubusw)
HOST2(pcmpeqb) HOST2(pcmpeqw) HOST2(pcmpeqd) HOST2(pcmpgtb) HOST2(pcmpgtw) HOST2(pcmpgtd)
HOST2(pmullw) HOST2(pmulhw) HOST2(pmaddwd)
HOST2(pand) HOST2(pandn) HOST2(por) HOST2(pxor)
HOST2(packsswb) HOST2(packssdw) HOST2(packuswb)
HOST2(punpcklbw) HOST2(punpcklwd) HOST2(punpckldq)
HOST2(punpckhbw) HOST2(punpckhwd) HOST2(punpckhdq)
HOST2(psrlw) HOST2(psrld) HOST2(psrlq) HOST2(psraw) HOST2(psrad)
HOST2(psllw) HOST2(pslld) HOST2(psllq)
HOST(movq_r, "movq %%mm1, %%mm0")
HOST(movq_m, "movq %[m], %%mm0")
HOST(movq_st, "movq %%mm1, %[m]")
HOST(movq_rr7f, ".byte 0x0F, 0x7F, 0xC8")	/* MOVQ mm0, mm1 (store form, register) */
HOST(movd_m, "movd %[m], %%mm0")
HOST(movd_st, "movd %%mm1, %[m]")
HOST(emms, "emms")
#define HOSTI(name, imm) HOST(name##_##imm, #name " $" #imm ", %%mm0")
#define HOSTI4(name) HOSTI(name, 0) HOSTI(name, 5) HOSTI(name, 16) HOSTI(name, 33)
HOSTI4(psrlw) HOSTI4(psraw) HOSTI4(psllw) HOSTI4(psrld) HOSTI4(psrad) HOSTI4(pslld)
HOSTI4(psrlq) HOSTI4(psllq)
HOSTI(psraw, 15) HOSTI(psrad, 31) HOSTI(psrlq, 63) HOSTI(psllq, 64) HOSTI(psraw, 255)

/* Guest encodings: 0F op, then a ModRM: 0xC1 for MM1 -> MM0, or mod 00 rm
 * 101 (disp32 of m) with reg 0; imm: 0F op /reg on MM0 with imm8. */
enum form { F_R, F_M, F_I, F_RAW };

struct op {
	const char *name;
	host_fn *host;
	enum form form;
	u8 op;		/* second opcode byte */
	u8 reg;		/* F_M: ModRM.reg; F_I: the group's /reg */
	u8 imm;
	u8 raw[3];	/* F_RAW: the instruction bytes (register only) */
};

#define O2(n, b) { #n "_r", host_##n##_r, F_R, b, 0, 0, { 0 } }, \
		 { #n "_m", host_##n##_m, F_M, b, 0, 0, { 0 } }
#define OI(n, b, r, i) { #n "_" #i, host_##n##_##i, F_I, b, r, i, { 0 } }
#define OI4(n, b, r) OI(n, b, r, 0), OI(n, b, r, 5), OI(n, b, r, 16), OI(n, b, r, 33)

static const struct op ops[] = {
	O2(paddb, 0xFC), O2(paddw, 0xFD), O2(paddd, 0xFE), O2(psubb, 0xF8), O2(psubw, 0xF9),
	O2(psubd, 0xFA), O2(paddsb, 0xEC), O2(paddsw, 0xED), O2(psubsb, 0xE8), O2(psubsw, 0xE9),
	O2(paddusb, 0xDC), O2(paddusw, 0xDD), O2(psubusb, 0xD8), O2(psubusw, 0xD9),
	O2(pcmpeqb, 0x74), O2(pcmpeqw, 0x75), O2(pcmpeqd, 0x76), O2(pcmpgtb, 0x64),
	O2(pcmpgtw, 0x65), O2(pcmpgtd, 0x66), O2(pmullw, 0xD5), O2(pmulhw, 0xE5),
	O2(pmaddwd, 0xF5), O2(pand, 0xDB), O2(pandn, 0xDF), O2(por, 0xEB), O2(pxor, 0xEF),
	O2(packsswb, 0x63), O2(packssdw, 0x6B), O2(packuswb, 0x67),
	O2(punpcklbw, 0x60), O2(punpcklwd, 0x61), O2(punpckldq, 0x62),
	O2(punpckhbw, 0x68), O2(punpckhwd, 0x69), O2(punpckhdq, 0x6A),
	O2(psrlw, 0xD1), O2(psrld, 0xD2), O2(psrlq, 0xD3), O2(psraw, 0xE1), O2(psrad, 0xE2),
	O2(psllw, 0xF1), O2(pslld, 0xF2), O2(psllq, 0xF3),
	{ "movq_r", host_movq_r, F_R, 0x6F, 0, 0, { 0 } },
	{ "movq_m", host_movq_m, F_M, 0x6F, 0, 0, { 0 } },
	{ "movq_st", host_movq_st, F_M, 0x7F, 1, 0, { 0 } },
	{ "movq_rr7f", host_movq_rr7f, F_RAW, 0, 0, 0, { 0x0F, 0x7F, 0xC8 } },
	{ "movd_m", host_movd_m, F_M, 0x6E, 0, 0, { 0 } },
	{ "movd_st", host_movd_st, F_M, 0x7E, 1, 0, { 0 } },
	{ "emms", host_emms, F_RAW, 0, 0, 0, { 0x0F, 0x77, 0x90 } },
	OI4(psrlw, 0x71, 2), OI4(psraw, 0x71, 4), OI4(psllw, 0x71, 6),
	OI4(psrld, 0x72, 2), OI4(psrad, 0x72, 4), OI4(pslld, 0x72, 6),
	OI4(psrlq, 0x73, 2), OI4(psllq, 0x73, 6),
	OI(psraw, 0x71, 4, 15), OI(psrad, 0x72, 4, 31), OI(psrlq, 0x73, 2, 63),
	OI(psllq, 0x73, 6, 64), OI(psraw, 0x71, 4, 255),
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

/* 64 bits whose 16-bit lanes are often edge values, or a shift count. */
static u64 gen64(void)
{
	static const u16 edge[] = { 0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x0080,
				    0xFF7F, 0x807F, 0x7F80, 0xFFFE, 0x0100 };
	u64 r = rnd();
	switch (r % 8) {
	case 0: return rnd() % 70;				/* a count near the widths */
	case 1: return rnd() >> (rnd() % 64);			/* counts past them */
	case 2: case 3: case 4: {
		u64 v = 0;
		for (int k = 0; k < 64; k += 16)
			v |= (u64)(rnd() % 3 ? edge[rnd() % 14] : (u16)rnd()) << k;
		return v;
	}
	default: return rnd();
	}
}

/* ---------------- the guest side ---------------- */

static void put_code(const struct op *op)
{
	u8 code[96];
	int n = 0;
#define B(x) (code[n++] = (x))
#define D(x) do { u32 d_ = (x); memcpy(code + n, &d_, 4); n += 4; } while (0)
	static const u8 pre[] = { 0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xD9, 0xEB, 0xD9, 0xE8,
				  0xD9, 0xEE, 0xD9, 0xEA, 0xD9, 0xE8, 0xD9, 0xEE };
	memcpy(code, pre, sizeof(pre));
	n = sizeof(pre);
	B(0x0F); B(0x6F); B(0x05); D(OFF(a));	/* movq mm0, [a] */
	B(0x0F); B(0x6F); B(0x0D); D(OFF(b));	/* movq mm1, [b] */
	switch (op->form) {
	case F_R: B(0x0F); B(op->op); B(0xC1); break;
	case F_M: B(0x0F); B(op->op); B(0x05 | op->reg << 3); D(OFF(m)); break;
	case F_I: B(0x0F); B(op->op); B(0xC0 | op->reg << 3); B(op->imm); break;
	case F_RAW: B(op->raw[0]); B(op->raw[1]); B(op->raw[2]); break;
	}
	B(0xD9); B(0x35); D(OFF(env));		/* fnstenv [env] */
	B(0x0F); B(0xAE); B(0x05); D(OFF(fx));	/* fxsave [fx] */
	B(0x0F); B(0x77);			/* emms */
	B(0xF4);
#undef B
#undef D
	rig_code(0x1000, code, n);
}

static void guest_run(struct mx_case *c)
{
	memcpy(rig_bus.ram + DATA, c, sizeof(*c));
	rig->eip = 0x1000;
	rig->halted = false;
	rig->regs[R_ESP] = 0x80000;
	rig_run(100);
	memcpy(c, rig_bus.ram + DATA, sizeof(*c));
}

/* What both sides must agree on (see the header). */
static bool same(const struct mx_case *h, const struct mx_case *g, char *why, size_t len)
{
	if (h->m != g->m)
		return snprintf(why, len, "m %016llx vs %016llx", (unsigned long long)h->m,
				(unsigned long long)g->m), false;
	static const u8 env_at[] = { 0, 1, 4, 5, 8, 9 };
	for (size_t k = 0; k < sizeof(env_at); k++)
		if (h->env[env_at[k]] != g->env[env_at[k]])
			return snprintf(why, len, "fnstenv byte %d: %02x vs %02x", env_at[k],
					h->env[env_at[k]], g->env[env_at[k]]), false;
	for (int k = 0; k < 5; k++)
		if (h->fx[k] != g->fx[k])
			return snprintf(why, len, "fxsave byte %d: %02x vs %02x", k, h->fx[k],
					g->fx[k]), false;
	for (int r = 0; r < 8; r++)
		for (int k = 0; k < 10; k++)
			if (h->fx[32 + 16 * r + k] != g->fx[32 + 16 * r + k])
				return snprintf(why, len, "fxsave ST(%d) byte %d: %02x vs %02x", r,
						k, h->fx[32 + 16 * r + k],
						g->fx[32 + 16 * r + k]), false;
	return true;
}

static int cases(void)
{
	const char *s = getenv("MMX_ORACLE_N");
	return s ? atoi(s) : 300;
}

TestSuite(mmx_oracle, .init = rig_setup, .fini = rig_teardown);

/* cpu_rig.h's real-mode helpers are not needed here. */
static void (*const unused_rig[])(void) __attribute__((unused)) = {
	(void (*)(void))rig_real, (void (*)(void))rig_ivt,
};

Test(mmx_oracle, every_instruction_matches_the_host)
{
	int n = cases(), bad_ops = 0;
	long total = 0;
	rng_state = 0x9E3779B97F4A7C15ull;
	for (size_t o = 0; o < ARRAY_SIZE(ops); o++) {
		const struct op *op = &ops[o];
		int bad = 0;
		put_code(op);
		rig_flat32(0x1000);
		for (int k = 0; k < n; k++) {
			static struct mx_case in, h, g;
			memset(&in, 0, sizeof(in));
			in.a = gen64();
			in.b = gen64();
			in.m = gen64();
			h = g = in;
			op->host(&h);
			guest_run(&g);
			char why[96];
			if (!same(&h, &g, why, sizeof(why)) && bad++ < 3)
				cr_log_error("%s: a %016llx b %016llx m %016llx: %s", op->name,
					     (unsigned long long)in.a, (unsigned long long)in.b,
					     (unsigned long long)in.m, why);
			total++;
		}
		bad_ops += bad != 0;
	}
	cr_log_info("mmx_oracle: %zu instruction forms, %ld cases, identical on %zu", ARRAY_SIZE(ops),
		    total, ARRAY_SIZE(ops) - bad_ops);
	cr_assert_eq(bad_ops, 0, "%d instruction forms differ from the host", bad_ops);
}

/* FXRSTOR of a random image (random control and status words, tags and
 * registers; MXCSR the default so the host takes it), then FNSTENV and
 * FXSAVE: the full tag word computed from the abridged one and the
 * contents, and the image back, on both. */
static void host_fxrstor(struct mx_case *c)
{
	__asm__ volatile("fxrstor %[img]\n\tfnstenv %[env]\n\tfxsave %[fx]\n\tfninit"
			 : [env] "=m"(c->env), [fx] "=m"(c->fx)
			 : [img] "m"(c->img)
			 : "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7");
}

Test(mmx_oracle, fxrstor_then_fxsave_match_the_host)
{
	static const u8 code[] = {
		0x0F, 0xAE, 0x0D, 0, 0, 0, 0,	/* fxrstor [img] */
		0xD9, 0x35, 0, 0, 0, 0,		/* fnstenv [env] */
		0x0F, 0xAE, 0x05, 0, 0, 0, 0,	/* fxsave [fx] */
		0xDB, 0xE3, 0xF4,		/* fninit; hlt */
	};
	u8 c2[sizeof(code)];
	memcpy(c2, code, sizeof(code));
	u32 a = OFF(img), e = OFF(env), f = OFF(fx);
	memcpy(c2 + 3, &a, 4);
	memcpy(c2 + 9, &e, 4);
	memcpy(c2 + 16, &f, 4);
	rig_code(0x1000, c2, sizeof(c2));
	rig_flat32(0x1000);
	rng_state = 0x2545F4914F6CDD1Dull;
	int bad = 0, n = cases() * 4;
	for (int k = 0; k < n; k++) {
		static struct mx_case in, h, g;
		memset(&in, 0, sizeof(in));
		u16 cw = 0x037F | (u16)(rnd() & 0x0F00);	/* masked: nothing traps */
		u16 sw = (u16)(rnd() & 0x3FFF & ~0x0080);	/* ES clear, any TOP and CC */
		u8 tags = (u8)rnd();
		memcpy(in.img, &cw, 2);
		memcpy(in.img + 2, &sw, 2);
		in.img[4] = tags;
		u32 mxcsr = 0x1F80;
		memcpy(in.img + 24, &mxcsr, 4);
		for (int r = 0; r < 8; r++) {
			u64 sig = rnd();
			u16 se = (u16)rnd();
			switch (rnd() % 6) {
			case 0: sig = 0; se &= 0x8000; break;			/* zero */
			case 1: se |= 0x7FFF; break;				/* NaN/inf */
			case 2: se &= 0x8000; break;				/* denormal */
			case 3: sig &= ~0x8000000000000000ull; break;		/* unnormal */
			default: sig |= 0x8000000000000000ull; break;
			}
			memcpy(in.img + 32 + 16 * r, &sig, 8);
			memcpy(in.img + 40 + 16 * r, &se, 2);
		}
		h = g = in;
		host_fxrstor(&h);
		guest_run(&g);
		h.m = g.m = 0;
		char why[96];
		if (!same(&h, &g, why, sizeof(why)) && bad++ < 5)
			cr_log_error("fxrstor: cw %04x sw %04x tags %02x: %s", cw, sw, tags, why);
	}
	cr_assert_eq(bad, 0, "%d of %d FXRSTOR images differ from the host", bad, n);
}

/* EMMS straight after x87 code (TOP 7 after one FLD1): the host sets TOP
 * to 0 as the SDM says (vol. 3A 12.2); QEMU leaves it. */
Test(mmx_oracle, emms_sets_top_like_the_host)
{
	u16 host[14], *g = (u16 *)(rig_bus.ram + DATA);
	__asm__ volatile("fninit\n\tfld1\n\temms\n\tfnstenv %0\n\tfninit" : "=m"(host));
	static const u8 code[] = { 0xDB, 0xE3, 0xD9, 0xE8, 0x0F, 0x77,
				   0xD9, 0x35, 0x00, 0x20, 0x00, 0x00, 0xF4 };
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	rig_run(100);
	cr_expect_eq(g[2], host[2], "status word: lucid %04x host %04x", g[2], host[2]);
	cr_expect_eq(g[4], host[4], "tag word: lucid %04x host %04x", g[4], host[4]);
}

#else
TestSuite(mmx_oracle);
Test(mmx_oracle, skipped_not_an_x86_host) { cr_skip_test("the host has no MMX"); }
#endif
