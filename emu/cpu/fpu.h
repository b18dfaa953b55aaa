/*
 * The x87's arithmetic on 80-bit extended reals, in integers only (SDM
 * vol. 1 ch. 4 and 8): a value is a sign, a 15-bit biased exponent and a
 * 64-bit significand whose integer bit is explicit. Every operation takes
 * a struct fx_env with the control word (rounding control, precision
 * control, masks) and ORs the exceptions it detects into env->exc; it
 * always returns the masked response, and the caller (fpu_ops.c) decides
 * from env->exc and the masks whether the destination is written (an
 * unmasked IE, DE or ZE leaves it alone; OE and UE have already produced
 * the bias-adjusted result). env->up tells whether the last rounding went
 * away from zero (C1). Private to emu/cpu.
 */
#ifndef LUCID_FPU_H
#define LUCID_FPU_H

#include "emu/cpu/cpu.h"

typedef unsigned __int128 u128;
typedef struct fpu_reg fx80;

#define FX_BIAS 16383
#define FX_EMAX 0x7FFF

struct fx_env {
	u16 cw;			/* control word */
	u16 exc;		/* FPU_IE..FPU_PE raised by the operation */
	bool up;		/* the result was rounded up in magnitude */
};

/* Precision of a result: the precision control, or a fixed one. */
enum fx_prec { FX_PC, FX_P24, FX_P53, FX_P64 };

enum fx_class {
	FX_ZERO, FX_NORMAL, FX_DENORMAL, FX_INF, FX_QNAN, FX_SNAN, FX_UNSUPPORTED,
};

enum fx_cmp { FX_LT, FX_EQ, FX_GT, FX_UN };

static inline fx80 fx_make(bool sign, u16 exp, u64 sig)
{
	return (fx80){ sig, (u16)((sign ? 0x8000 : 0) | exp) };
}
static inline bool fx_sign(fx80 a) { return a.se >> 15; }
static inline u16 fx_exp(fx80 a) { return a.se & 0x7FFF; }

extern const fx80 fx_indefinite;	/* the default QNaN: -1.1000..b * 2^16384 */

enum fx_class fx_classify(fx80 a);

/* Arithmetic: precision control applies (SDM 1 8.1.5.2). */
fx80 fx_add(struct fx_env *env, fx80 a, fx80 b);
fx80 fx_sub(struct fx_env *env, fx80 a, fx80 b);
fx80 fx_mul(struct fx_env *env, fx80 a, fx80 b);
fx80 fx_div(struct fx_env *env, fx80 a, fx80 b);
fx80 fx_sqrt(struct fx_env *env, fx80 a);
/* Round to an integer value (FRNDINT). */
fx80 fx_rndint(struct fx_env *env, fx80 a);
/* a * 2^trunc(b) (FSCALE). */
fx80 fx_scale(struct fx_env *env, fx80 a, fx80 b);
/* FXTRACT: *exp gets the unbiased exponent, returns the significand. */
fx80 fx_extract(struct fx_env *env, fx80 a, fx80 *exp);
/* FPREM (near = false) / FPREM1: the partial remainder of a by b; *q the
 * low three quotient bits, *partial true when the reduction is incomplete. */
fx80 fx_rem(struct fx_env *env, fx80 a, fx80 b, bool near, int *q, bool *partial);
/* Comparison; quiet: only SNaN raises IE (FUCOM), else any NaN (FCOM). */
enum fx_cmp fx_compare(struct fx_env *env, fx80 a, fx80 b, bool quiet);

/* Conversions. Loads from m32/m64 raise IE (SNaN) and DE (denormal). */
fx80 fx_from_int(s64 v);
fx80 fx_from_f32(struct fx_env *env, u32 v);
fx80 fx_from_f64(struct fx_env *env, u64 v);
/* To an integer of bits 16/32/64 by the rounding control, or the integer
 * indefinite (0x80..0) with IE. */
s64 fx_to_int(struct fx_env *env, fx80 a, int bits);
u32 fx_to_f32(struct fx_env *env, fx80 a);
u64 fx_to_f64(struct fx_env *env, fx80 a);
/* Packed BCD (FBLD, FBSTP): 10 bytes. */
fx80 fx_from_bcd(const u8 bcd[10]);
void fx_to_bcd(struct fx_env *env, fx80 a, u8 bcd[10]);

/* Round sign * m * 2^(e - FX_BIAS - 127) (m any value, exact zero allowed)
 * to precision p (bits) within the extended exponent range: the common
 * tail of every operation (the constants and the transcendentals use it). */
fx80 fx_round_pack(struct fx_env *env, bool sign, u128 m, int e, int p);
/* The significand bits of a precision: FX_PC reads the control word's
 * precision control (00: 24, 10: 53, 11 and the reserved 01: 64). */
int fx_prec_bits(const struct fx_env *env, enum fx_prec p);

/* Transcendentals (fpu_trig.c). */
fx80 fx_f2xm1(struct fx_env *env, fx80 a);
fx80 fx_yl2x(struct fx_env *env, fx80 x, fx80 y, bool plus1);
fx80 fx_atan2(struct fx_env *env, fx80 y, fx80 x);
/* FSIN/FCOS/FSINCOS/FPTAN: false (C2 = 1, nothing changed) when |a| >= 2^63. */
bool fx_sincos(struct fx_env *env, fx80 a, fx80 *s, fx80 *c);
bool fx_tan(struct fx_env *env, fx80 a, fx80 *t);

#endif
