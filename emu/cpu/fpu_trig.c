/*
 * The x87 transcendental instructions (FSIN, FCOS, FSINCOS, FPTAN, FPATAN,
 * F2XM1, FYL2X, FYL2XP1) in integers only.
 *
 * Internally values are "xf": a sign, a 128-bit significand (bit 127 set)
 * and an exponent, with truncating multiply, add and divide. The series
 * below run in xf, so the value reaching the final rounding is within a
 * few units of 2^-125 of the exact result, far below the 2^-64 of the
 * extended result: results are the exact function correctly rounded but
 * for ties closer than that (the x87 itself is documented to within one
 * ulp; tests/unit/fpu_oracle_test.c measures the difference to the host).
 *
 * Argument reduction for FSIN/FCOS/FSINCOS/FPTAN is exact against the
 * x87's own 66-bit pi (SDM 1 8.3.10): x mod (pi66 / 2) by integer
 * division, so large arguments give what the hardware gives, not what an
 * exact pi would. Arguments of 2^63 or more are left alone with C2 = 1.
 */
#include "emu/cpu/fpu.h"

struct xf {
	bool s;
	int e;		/* value = m / 2^127 * 2^e */
	u128 m;		/* bit 127 set, or 0 for zero */
};

#define U128(hi, lo) (((u128)(hi) << 64) | (lo))

static const struct xf xf_pi = { false, 1, U128(0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull) };
static const struct xf xf_ln2 = { false, -1, U128(0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull) };
static const struct xf xf_log2e = { false, 0, U128(0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E88ull) };

static int clz128(u128 x)
{
	u64 hi = x >> 64;
	return hi ? __builtin_clzll(hi) : 64 + (x ? __builtin_clzll((u64)x) : 64);
}

static struct xf xf_make(bool s, int e, u128 m)
{
	if (!m)
		return (struct xf){ s, 0, 0 };
	int n = clz128(m);
	return (struct xf){ s, e - n, m << n };
}

static struct xf xf_int(s64 v)
{
	u64 a = v < 0 ? 0 - (u64)v : (u64)v;
	return xf_make(v < 0, 127, a);
}

static struct xf xf_from(fx80 a)
{
	int ex = fx_exp(a) ? fx_exp(a) : 1;
	return xf_make(fx_sign(a), ex - FX_BIAS + 64, a.sig);
}

static struct xf xf_neg(struct xf a)
{
	a.s = !a.s;
	return a;
}

/* The high 128 bits of a 256-bit product, and whether the top bit is 255. */
static u128 mul_hi(u128 a, u128 b, u128 *lo)
{
	u64 a1 = a >> 64, a0 = (u64)a, b1 = b >> 64, b0 = (u64)b;
	u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
	u128 mid = (p00 >> 64) + (u64)p01 + (u64)p10;
	*lo = (mid << 64) | (u64)p00;
	return p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
}

static struct xf xf_mul(struct xf a, struct xf b)
{
	if (!a.m || !b.m)
		return (struct xf){ a.s ^ b.s, 0, 0 };
	u128 lo, hi = mul_hi(a.m, b.m, &lo);
	if (hi >> 127)
		return (struct xf){ a.s ^ b.s, a.e + b.e + 1, hi };
	return (struct xf){ a.s ^ b.s, a.e + b.e, (hi << 1) | (lo >> 127) };
}

static struct xf xf_add(struct xf a, struct xf b)
{
	if (!a.m)
		return b;
	if (!b.m)
		return a;
	if (a.e < b.e || (a.e == b.e && a.m < b.m)) {
		struct xf t = a;
		a = b;
		b = t;
	}
	int d = a.e - b.e;
	/* The smaller operand's lost bits leave a sticky bit, so that a
	 * tiny subtrahend still pulls the result below a round value. */
	u128 ma = a.m >> 1, mb = d >= 127 ? 1 : ((b.m >> 1) >> d) | (((b.m >> 1) << (127 - d)) != 0);
	u128 m = a.s == b.s ? ma + mb : ma - mb;
	return xf_make(a.s, a.e + 1, m);
}

static struct xf xf_sub(struct xf a, struct xf b) { return xf_add(a, xf_neg(b)); }

static struct xf xf_div(struct xf a, struct xf b)
{
	if (!a.m)
		return (struct xf){ a.s ^ b.s, 0, 0 };
	/* Restoring division: 129 quotient bits of a.m / b.m. */
	u128 r = a.m, q = 0;
	bool carry = false;
	for (int k = 0; k < 129; k++) {
		q <<= 1;
		if (carry || r >= b.m) {
			r -= b.m;
			q |= 1;
		}
		carry = r >> 127;
		r <<= 1;
	}
	/* q = a.m / b.m * 2^128 (129 bits when a.m >= b.m: its top fell off). */
	if (a.m >= b.m)
		return (struct xf){ a.s ^ b.s, a.e - b.e, (q >> 1) | ((u128)1 << 127) };
	return xf_make(a.s ^ b.s, a.e - b.e - 1, q);
}

/* a / n for a small integer n: 192 quotient bits, the top 128 kept
 * (much faster than xf_div's bit loop; the series divide by k! terms). */
static struct xf xf_div_int(struct xf a, u32 n)
{
	if (!a.m)
		return a;
	u128 hi = a.m / n, r = a.m % n;
	u64 lo = (u64)((r << 64) / n);
	int lz = clz128(hi);
	u128 m = lz ? (hi << lz) | (lo >> (64 - lz)) : hi;
	return (struct xf){ a.s, a.e - lz, m };
}

/* Below this exponent a series term no longer matters. */
#define XF_TINY (-132)

static bool xf_small(struct xf t, struct xf sum) { return !t.m || t.e < sum.e + XF_TINY; }

static fx80 xf_round(struct fx_env *env, struct xf a)
{
	if (!a.m)
		return fx_make(a.s, 0, 0);
	/* The low bit stands for the series' truncated tail: never exact. */
	return fx_round_pack(env, a.s, a.m | 1, a.e + FX_BIAS, 64);
}

/* ---------------- operand screening ---------------- */

static bool nan1(struct fx_env *env, fx80 a, fx80 *r)
{
	enum fx_class c = fx_classify(a);
	if (c == FX_UNSUPPORTED) {
		env->exc |= FPU_IE;
		*r = fx_indefinite;
		return true;
	}
	if (c == FX_SNAN || c == FX_QNAN) {
		if (c == FX_SNAN)
			env->exc |= FPU_IE;
		*r = a;
		r->sig |= 0x4000000000000000ull;
		return true;
	}
	if (c == FX_DENORMAL)
		env->exc |= FPU_DE;
	return false;
}

/* Two operands: NaN rules as the arithmetic (via fx_add, which applies
 * them and is harmless otherwise). */
static bool nan2(struct fx_env *env, fx80 a, fx80 b, fx80 *r)
{
	enum fx_class ca = fx_classify(a), cb = fx_classify(b);
	if (ca == FX_UNSUPPORTED || cb == FX_UNSUPPORTED || ca == FX_SNAN || ca == FX_QNAN ||
	    cb == FX_SNAN || cb == FX_QNAN) {
		*r = fx_add(env, a, b);
		return true;
	}
	if (ca == FX_DENORMAL || cb == FX_DENORMAL)
		env->exc |= FPU_DE;
	return false;
}

static fx80 invalid(struct fx_env *env)
{
	env->exc |= FPU_IE;
	return fx_indefinite;
}

/* ---------------- sine, cosine, tangent ---------------- */

/* sin(r) or cos(r) for |r| <= pi/4: Taylor series in t = r^2, each
 * term the last times -t / ((2k + odd - 1)(2k + odd)). */
static struct xf sin_cos_series(struct xf r, bool sine)
{
	struct xf t = xf_mul(r, r), term = xf_int(1), sum = term;
	int odd = sine;
	for (int k = 1; k < 40; k++) {
		term = xf_neg(xf_div_int(xf_mul(term, t), (2 * k - 1 + odd) * (2 * k + odd)));
		sum = xf_add(sum, term);
		if (xf_small(term, sum))
			break;
	}
	return sine ? xf_mul(r, sum) : sum;
}

static void sincos_core(struct xf r, struct xf *s, struct xf *c)
{
	if (s)
		*s = sin_cos_series(r, true);
	if (c)
		*c = sin_cos_series(r, false);
}

/* Reduce finite a (|a| < 2^63) by pi66/2: r in [-pi/4, pi/4] and the
 * quadrant. pi66/2 = P * 2^-65 with P the 66-bit integer below. */
static struct xf reduce(fx80 a, int *quadrant)
{
	/* pi66 = P * 2^-64, so pi66/2 = P in units of 2^-65. */
	static const u128 P = (u128)0xC90FDAA22168C234ull << 2 | 3;
	struct xf x = xf_from(a);
	*quadrant = 0;
	int ex = fx_exp(a) - FX_BIAS;	/* a = sig * 2^(ex - 63) */
	if (fx_exp(a) == 0 || ex < -1)
		return x;		/* below 0.5 < pi/4 */
	u128 n = (u128)a.sig << (ex + 2);	/* x in units of 2^-65 */
	u128 q = n / P, rem = n % P;
	bool neg = false;
	if (rem * 2 > P) {
		q++;
		rem = P - rem;
		neg = true;
	}
	*quadrant = (int)(q & 3);
	struct xf r = xf_make(neg, 127 - 65, rem);
	if (fx_sign(a)) {
		r.s = !r.s;
		*quadrant = (4 - *quadrant) & 3;
	}
	return r;
}

bool fx_sincos(struct fx_env *env, fx80 a, fx80 *s, fx80 *c)
{
	fx80 r;
	env->up = false;
	if (nan1(env, a, &r)) {
		if (s)
			*s = r;
		if (c)
			*c = r;
		return true;
	}
	enum fx_class ca = fx_classify(a);
	if (ca == FX_INF || ca == FX_ZERO) {
		r = ca == FX_INF ? invalid(env) : a;
		if (s)
			*s = r;
		if (c)
			*c = ca == FX_INF ? r : fx_make(false, FX_BIAS, 0x8000000000000000ull);
		return true;
	}
	if (fx_exp(a) >= FX_BIAS + 63)
		return false;
	int q;
	struct xf x = reduce(a, &q), xs, xc;
	/* sin needs the sine series for even q, the cosine for odd; cos the other. */
	bool need_sin = (s && !(q & 1)) || (c && (q & 1));
	bool need_cos = (s && (q & 1)) || (c && !(q & 1));
	sincos_core(x, need_sin ? &xs : NULL, need_cos ? &xc : NULL);
	/* sin and cos of r + q pi/2; only the results asked for are rounded
	 * (and raise their exceptions). C1 follows the sine for FSINCOS. */
	bool up = false;
	if (c) {
		*c = xf_round(env, q == 0 ? xc : q == 1 ? xf_neg(xs) : q == 2 ? xf_neg(xc) : xs);
		up = env->up;
	}
	if (s) {
		*s = xf_round(env, q == 0 ? xs : q == 1 ? xc : q == 2 ? xf_neg(xs) : xf_neg(xc));
		up = env->up;
	}
	env->up = up;
	return true;
}

bool fx_tan(struct fx_env *env, fx80 a, fx80 *t)
{
	env->up = false;
	if (nan1(env, a, t))
		return true;
	enum fx_class ca = fx_classify(a);
	if (ca == FX_INF) {
		*t = invalid(env);
		return true;
	}
	if (ca == FX_ZERO) {
		*t = a;
		return true;
	}
	if (fx_exp(a) >= FX_BIAS + 63)
		return false;
	int q;
	struct xf r = reduce(a, &q), xs, xc;
	sincos_core(r, &xs, &xc);
	*t = xf_round(env, (q & 1) ? xf_neg(xf_div(xc, xs)) : xf_div(xs, xc));
	return true;
}

/* ---------------- arctangent ---------------- */

/* atan(w) for |w| <= 1/2 (Euler's series, ratio w^2/(1+w^2) <= 1/5). */
static struct xf atan_small(struct xf w)
{
	if (!w.m)
		return w;
	struct xf one = xf_int(1), w2 = xf_mul(w, w), d = xf_add(one, w2);
	struct xf t = xf_div(w2, d), term = one, sum = one;
	for (int n = 1; n < 120; n++) {
		term = xf_div_int(xf_mul(term, t), 2 * n + 1);
		term = xf_mul(term, xf_int(2 * n));
		sum = xf_add(sum, term);
		if (xf_small(term, sum))
			break;
	}
	return xf_mul(xf_div(w, d), sum);
}

/* atan(z) for 0 <= z <= 1. */
static struct xf atan_unit(struct xf z)
{
	struct xf half = xf_make(false, -1, (u128)1 << 127);
	if (z.e < -1 || (z.e == -1 && z.m == half.m))
		return atan_small(z);
	struct xf one = xf_int(1);
	struct xf w = xf_div(xf_sub(z, one), xf_add(z, one));	/* in [-1/3, 0] */
	struct xf pi4 = xf_pi;
	pi4.e -= 2;
	return xf_add(pi4, atan_small(w));
}

fx80 fx_atan2(struct fx_env *env, fx80 y, fx80 x)
{
	fx80 r;
	env->up = false;
	if (nan2(env, y, x, &r))
		return r;
	enum fx_class cy = fx_classify(y), cx = fx_classify(x);
	bool sy = fx_sign(y), sx = fx_sign(x);
	struct xf pi = xf_pi, pi2 = xf_pi, pi4 = xf_pi;
	pi2.e -= 1;
	pi4.e -= 2;
	struct xf v;
	if (cy == FX_ZERO) {
		if (!sx)
			return fx_make(sy, 0, 0);
		v = pi;
	} else if (cy == FX_INF) {
		v = cx == FX_INF ? (sx ? xf_add(pi2, pi4) : pi4) : pi2;
	} else if (cx == FX_INF) {
		if (!sx)
			return fx_make(sy, 0, 0);
		v = pi;
	} else if (cx == FX_ZERO) {
		v = pi2;
	} else {
		struct xf ay = xf_from(y), ax = xf_from(x);
		ay.s = ax.s = false;
		bool swap = ay.e > ax.e || (ay.e == ax.e && ay.m > ax.m);
		v = swap ? xf_sub(pi2, atan_unit(xf_div(ax, ay))) : atan_unit(xf_div(ay, ax));
		if (sx)
			v = xf_sub(pi, v);
	}
	v.s = sy;
	return xf_round(env, v);
}

/* ---------------- exponential and logarithms ---------------- */

fx80 fx_f2xm1(struct fx_env *env, fx80 a)
{
	fx80 r;
	env->up = false;
	if (nan1(env, a, &r))
		return r;
	enum fx_class ca = fx_classify(a);
	if (ca == FX_ZERO)
		return a;
	if (ca == FX_INF)
		return fx_sign(a) ? fx_make(true, FX_BIAS, 0x8000000000000000ull) : a;
	if (fx_exp(a) > FX_BIAS + 5)
		return invalid(env);	/* far outside -1..1: undefined, we say invalid */
	struct xf y = xf_mul(xf_from(a), xf_ln2), term = y, sum = y;
	for (int k = 2; k < 200; k++) {
		term = xf_div_int(xf_mul(term, y), k);
		sum = xf_add(sum, term);
		if (xf_small(term, sum) && k > 2)
			break;
	}
	return xf_round(env, sum);
}

/* ln(m) for m in [sqrt(1/2), sqrt(2)], given m - 1 exactly. */
static struct xf ln_near1(struct xf mm1)
{
	struct xf two = xf_int(2);
	struct xf u = xf_div(mm1, xf_add(mm1, two));	/* (m-1)/(m+1) */
	struct xf u2 = xf_mul(u, u), pw = u, sum = u;
	for (int k = 1; k < 60; k++) {
		pw = xf_mul(pw, u2);
		struct xf term = xf_div_int(pw, 2 * k + 1);
		sum = xf_add(sum, term);
		if (xf_small(term, sum))
			break;
	}
	sum.e += sum.m ? 1 : 0;
	return sum;
}

static fx80 yl2x(struct fx_env *env, fx80 x, fx80 y, bool plus1)
{
	fx80 r;
	env->up = false;
	if (nan2(env, x, y, &r))
		return r;
	enum fx_class cx = fx_classify(x), cy = fx_classify(y);
	bool sx = fx_sign(x), sy = fx_sign(y);
	/* L = log2(x) or log2(1 + x); its sign and whether it is 0 or inf. */
	struct xf L = { false, 0, 0 };
	bool Linf = false;
	if (!plus1) {
		if (sx && cx != FX_ZERO)
			return invalid(env);
		if (cx == FX_ZERO) {
			if (cy == FX_ZERO)
				return invalid(env);
			if (cy != FX_INF)
				env->exc |= FPU_ZE;
			return fx_make(!sy, FX_EMAX, 0x8000000000000000ull);
		}
		if (cx == FX_INF) {
			if (cy == FX_ZERO)
				return invalid(env);
			return fx_make(sy, FX_EMAX, 0x8000000000000000ull);
		}
		struct xf xv = xf_from(x);
		int e = xv.e;
		xv.e = 0;	/* m in [1, 2) */
		static const u128 SQRT2 = U128(0xB504F333F9DE6484ull, 0x597D89B3754ABE9Full);
		if (xv.m > SQRT2) {
			xv.e = -1;
			e++;
		}
		struct xf ln = ln_near1(xf_sub(xv, xf_int(1)));
		L = xf_add(xf_int(e), xf_mul(ln, xf_log2e));
	} else {
		if (cx == FX_INF) {
			if (sx)
				return invalid(env);
			Linf = true;
		} else if (cx != FX_ZERO) {
			struct xf xv = xf_from(x);
			if (xv.s && xv.e >= 0)
				return invalid(env);	/* 1 + x <= 0 */
			L = xf_mul(ln_near1(xv), xf_log2e);
		} else {
			L = (struct xf){ sx, 0, 0 };
		}
	}
	if (Linf) {
		if (cy == FX_ZERO)
			return invalid(env);
		return fx_make(sy, FX_EMAX, 0x8000000000000000ull);
	}
	if (cy == FX_INF) {
		if (!L.m)
			return invalid(env);
		return fx_make(sy ^ L.s, FX_EMAX, 0x8000000000000000ull);
	}
	if (cy == FX_ZERO || !L.m)
		return fx_make(sy ^ L.s, 0, 0);
	return xf_round(env, xf_mul(xf_from(y), L));
}

/* A denormal operand raises DE unless the operation is invalid or a
 * division by zero (those come first, SDM 1 8.7). */
fx80 fx_yl2x(struct fx_env *env, fx80 x, fx80 y, bool plus1)
{
	u16 before = env->exc;
	fx80 r = yl2x(env, x, y, plus1);
	if ((env->exc & ~before & (FPU_IE | FPU_ZE)) && fx_classify(x) != FX_SNAN && fx_classify(y) != FX_SNAN)
		env->exc &= ~FPU_DE | (before & FPU_DE);
	return r;
}
