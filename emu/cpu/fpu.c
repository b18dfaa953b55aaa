/*
 * Extended-precision soft float for the x87 (fpu.h), integers only.
 *
 * Every result goes through fx_round(): the exact (or exact-plus-sticky)
 * value m * 2^(e - bias - 127) with m a 128-bit integer is normalized,
 * checked for tininess, denormalized when the underflow exception is
 * masked, rounded to the precision's number of bits by the rounding
 * control, and checked for overflow. The x87's rules (SDM 1 4.9 and 8.5):
 *  - tininess is detected after rounding (as if the exponent were
 *    unbounded); with UE masked, underflow is reported only when the tiny
 *    result is also inexact; with UE unmasked it is reported whenever the
 *    result is tiny, and a register result gets its exponent + 24576;
 *  - overflow with OE masked gives infinity or the largest finite number
 *    by the rounding mode, with PE; unmasked, exponent - 24576;
 *  - precision control shortens the significand but not the exponent
 *    range (a denormal result rounds at the lower of the two positions);
 *  - NaNs: an SNaN operand raises IE and is quieted; of two NaNs the QNaN
 *    wins over an SNaN, else the one with the larger significand, else the
 *    positive one; an invalid operation returns the indefinite QNaN;
 *  - unnormals, pseudo-NaNs and pseudo-infinities are invalid operands
 *    (the 387 and later do not support them); pseudo-denormals are read as
 *    denormals of exponent 1.
 */
#include "emu/cpu/fpu.h"

const fx80 fx_indefinite = { 0xC000000000000000ull, 0xFFFF };

#define INT_BIT 0x8000000000000000ull
#define QUIET_BIT 0x4000000000000000ull

/* Exponent range, in extended-biased terms, of the normal numbers of each
 * destination format. */
struct fmt {
	int p;			/* significand bits */
	int emin, emax;
	bool adjust;		/* unmasked OE/UE rescale the result (register destination) */
};
static const struct fmt fmt_ext = { 64, 1, 0x7FFE, true };
static const struct fmt fmt_f32 = { 24, FX_BIAS - 126, FX_BIAS + 127, false };
static const struct fmt fmt_f64 = { 53, FX_BIAS - 1022, FX_BIAS + 1023, false };

static int clz64(u64 x) { return x ? __builtin_clzll(x) : 64; }

static int clz128(u128 x)
{
	u64 hi = x >> 64;
	return hi ? __builtin_clzll(hi) : 64 + clz64((u64)x);
}

/* Shift right, ORing what falls off into bit 0 (the sticky bit). */
static u128 shr_jam(u128 x, int n)
{
	if (n <= 0)
		return x;
	if (n >= 128)
		return x != 0;
	return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

enum fx_class fx_classify(fx80 a)
{
	u16 e = fx_exp(a);
	if (e == 0)
		return a.sig ? FX_DENORMAL : FX_ZERO;
	if (!(a.sig & INT_BIT))
		return FX_UNSUPPORTED;	/* unnormal, pseudo-NaN, pseudo-infinity */
	if (e == FX_EMAX) {
		if (a.sig == INT_BIT)
			return FX_INF;
		return (a.sig & QUIET_BIT) ? FX_QNAN : FX_SNAN;
	}
	return FX_NORMAL;
}

static bool is_nan(enum fx_class c) { return c == FX_QNAN || c == FX_SNAN; }

/* A finite non-zero value as sig * 2^(e - bias - 63) with sig normalized
 * (e may go below 1 for denormals). */
static void unpack(fx80 a, int *e, u64 *sig)
{
	int ex = fx_exp(a);
	u64 s = a.sig;
	if (ex == 0)
		ex = 1;
	int n = clz64(s);
	*sig = s << n;
	*e = ex - n;
}

int fx_prec_bits(const struct fx_env *env, enum fx_prec p)
{
	static const int pc_bits[4] = { 24, 64, 53, 64 };	/* PC 01 is reserved: 64 */
	switch (p) {
	case FX_P24: return 24;
	case FX_P53: return 53;
	case FX_P64: return 64;
	default: return pc_bits[(env->cw >> 8) & 3];
	}
}

/* Round m to p significant bits (m normalized, bit 127 set, or denormal),
 * returning whether it was incremented; *m is updated (a carry out of bit
 * 127 leaves *m = 0 for the caller to fix). */
static bool round_bits(struct fx_env *env, bool sign, u128 *m, int p, bool *inexact)
{
	int drop = 128 - p;
	u128 mask = ((u128)1 << drop) - 1;
	u128 rem = *m & mask;
	u128 v = *m & ~mask;
	bool inc = false;
	*inexact = rem != 0;
	if (rem) {
		switch ((env->cw >> 10) & 3) {
		case 0: {
			u128 half = (u128)1 << (drop - 1);
			inc = rem > half || (rem == half && ((v >> drop) & 1));
			break;
		}
		case 1: inc = sign; break;
		case 2: inc = !sign; break;
		default: break;
		}
	}
	if (inc)
		v += (u128)1 << drop;
	*m = v;
	return inc;
}

/* The largest finite number of a format with p bits, or infinity. */
static fx80 overflow_result(struct fx_env *env, bool sign, const struct fmt *f, int p)
{
	int rc = (env->cw >> 10) & 3;
	bool inf = rc == 0 || (rc == 1 && sign) || (rc == 2 && !sign);
	env->up = inf;
	if (inf)
		return fx_make(sign, FX_EMAX, INT_BIT);
	return fx_make(sign, f->emax, ~0ull << (64 - p));
}

static fx80 fx_round(struct fx_env *env, bool sign, u128 m, int e, const struct fmt *f, int p)
{
	env->up = false;
	if (m == 0)
		return fx_make(sign, 0, 0);
	int n = clz128(m);
	m <<= n;
	e -= n;
	bool inexact;
	if (e < f->emin) {
		/* Tiny unless rounding with an unbounded exponent carries it
		 * up to the smallest normal. */
		u128 t = m;
		bool tiny = true;
		if (e == f->emin - 1 && round_bits(env, sign, &t, p, &inexact) && t == 0)
			tiny = false;
		if (tiny && !(env->cw & FPU_UE) && f->adjust) {
			env->exc |= FPU_UE;
			e += 24576;
			if (e < f->emin) {
				/* Still tiny after the bias adjust: a signed zero. */
				env->exc |= FPU_PE;
				return fx_make(sign, 0, 0);
			}
		} else if (tiny && !(env->cw & FPU_UE)) {
			env->exc |= FPU_UE;	/* memory destination: not stored */
			return fx_make(sign, 0, 0);
		} else if (tiny) {
			m = shr_jam(m, f->emin - e);
			e = f->emin;
			env->up = round_bits(env, sign, &m, p, &inexact);
			if (inexact)
				env->exc |= FPU_UE | FPU_PE;
			if (m >> 127)
				return fx_make(sign, e, (u64)(m >> 64));
			/* Denormal of the format, held exactly as an extended. */
			n = clz128(m);
			if (m == 0)
				return fx_make(sign, 0, 0);
			if (e - n >= 1)
				return fx_make(sign, e - n, (u64)((m << n) >> 64));
			return fx_make(sign, 0, (u64)(m >> 64));
		}
	}
	env->up = round_bits(env, sign, &m, p, &inexact);
	if (m == 0) {
		m = (u128)1 << 127;
		e++;
	}
	if (inexact)
		env->exc |= FPU_PE;
	if (e > f->emax) {
		env->exc |= FPU_OE;
		if (!(env->cw & FPU_OE)) {
			if (!f->adjust) {
				env->exc &= ~FPU_PE;	/* not stored, and only OE reported */
				return fx_make(sign, 0, 0);
			}
			e -= 24576;
			if (e > f->emax) {
				/* Still too large after the bias adjust: infinity. */
				env->exc |= FPU_PE;
				env->up = true;
				return fx_make(sign, FX_EMAX, INT_BIT);
			}
		} else {
			env->exc |= FPU_PE;
			return overflow_result(env, sign, f, p);
		}
	}
	return fx_make(sign, e, (u64)(m >> 64));
}

fx80 fx_round_pack(struct fx_env *env, bool sign, u128 m, int e, int p)
{
	return fx_round(env, sign, m, e, &fmt_ext, p);
}

/* ---------------- NaNs and operand screening ---------------- */

static fx80 quiet(fx80 a)
{
	a.sig |= QUIET_BIT;
	return a;
}

static fx80 invalid(struct fx_env *env)
{
	env->exc |= FPU_IE;
	return fx_indefinite;
}

/* The NaN result of an operation with NaN operand(s) (SDM 1 table 4-7). */
static fx80 pick_nan(struct fx_env *env, fx80 a, enum fx_class ca, fx80 b, enum fx_class cb)
{
	if (ca == FX_SNAN || cb == FX_SNAN)
		env->exc |= FPU_IE;
	if (is_nan(ca) && is_nan(cb)) {
		if (ca != cb)
			return quiet(ca == FX_QNAN ? a : b);
		u64 sa = a.sig & ~INT_BIT, sb = b.sig & ~INT_BIT;
		if (sa != sb)
			return quiet(sa > sb ? a : b);
		return quiet(a.se < b.se ? a : b);
	}
	return quiet(is_nan(ca) ? a : b);
}

/* Common screening of two operands: unsupported formats and NaNs. Returns
 * true with *r when the result is decided. */
static bool screen2(struct fx_env *env, fx80 a, enum fx_class ca, fx80 b, enum fx_class cb,
		    fx80 *r)
{
	if (ca == FX_UNSUPPORTED || cb == FX_UNSUPPORTED) {
		*r = invalid(env);
		return true;
	}
	if (is_nan(ca) || is_nan(cb)) {
		*r = pick_nan(env, a, ca, b, cb);
		return true;
	}
	return false;
}

static bool screen1(struct fx_env *env, fx80 a, enum fx_class ca, fx80 *r)
{
	if (ca == FX_UNSUPPORTED) {
		*r = invalid(env);
		return true;
	}
	if (is_nan(ca)) {
		if (ca == FX_SNAN)
			env->exc |= FPU_IE;
		*r = quiet(a);
		return true;
	}
	return false;
}

static void note_denormal(struct fx_env *env, enum fx_class c)
{
	if (c == FX_DENORMAL)
		env->exc |= FPU_DE;
}

/* ---------------- add, subtract ---------------- */

static fx80 add_signed(struct fx_env *env, fx80 a, fx80 b, bool negb)
{
	enum fx_class ca = fx_classify(a), cb = fx_classify(b);
	fx80 r;
	if (screen2(env, a, ca, b, cb, &r))
		return r;
	bool sa = fx_sign(a), sb = fx_sign(b) ^ negb;
	if (ca == FX_INF || cb == FX_INF) {
		if (ca == FX_INF && cb == FX_INF && sa != sb)
			return invalid(env);
		note_denormal(env, ca);
		note_denormal(env, cb);
		return fx_make(ca == FX_INF ? sa : sb, FX_EMAX, INT_BIT);
	}
	note_denormal(env, ca);
	note_denormal(env, cb);
	int p = fx_prec_bits(env, FX_PC);
	bool down = ((env->cw >> 10) & 3) == 1;
	if (ca == FX_ZERO && cb == FX_ZERO) {
		env->up = false;
		return fx_make(sa == sb ? sa : down, 0, 0);
	}
	if (ca == FX_ZERO || cb == FX_ZERO) {
		fx80 x = ca == FX_ZERO ? b : a;
		int e;
		u64 s;
		unpack(x, &e, &s);
		return fx_round(env, ca == FX_ZERO ? sb : sa, (u128)s << 64, e, &fmt_ext, p);
	}
	int ea, eb;
	u64 siga, sigb;
	unpack(a, &ea, &siga);
	unpack(b, &eb, &sigb);
	u128 ma = (u128)siga << 63, mb = (u128)sigb << 63;
	if (ea < eb || (ea == eb && siga < sigb)) {
		u128 tm = ma; ma = mb; mb = tm;
		int te = ea; ea = eb; eb = te;
		bool ts = sa; sa = sb; sb = ts;
	}
	mb = shr_jam(mb, ea - eb);
	u128 m = sa == sb ? ma + mb : ma - mb;
	if (m == 0) {
		env->up = false;
		return fx_make(down, 0, 0);
	}
	return fx_round(env, sa, m, ea + 1, &fmt_ext, p);
}

fx80 fx_add(struct fx_env *env, fx80 a, fx80 b) { return add_signed(env, a, b, false); }
fx80 fx_sub(struct fx_env *env, fx80 a, fx80 b) { return add_signed(env, a, b, true); }

/* ---------------- multiply, divide, square root ---------------- */

fx80 fx_mul(struct fx_env *env, fx80 a, fx80 b)
{
	enum fx_class ca = fx_classify(a), cb = fx_classify(b);
	fx80 r;
	if (screen2(env, a, ca, b, cb, &r))
		return r;
	bool s = fx_sign(a) ^ fx_sign(b);
	if (ca == FX_INF || cb == FX_INF) {
		if (ca == FX_ZERO || cb == FX_ZERO)
			return invalid(env);
		note_denormal(env, ca);
		note_denormal(env, cb);
		return fx_make(s, FX_EMAX, INT_BIT);
	}
	note_denormal(env, ca);
	note_denormal(env, cb);
	if (ca == FX_ZERO || cb == FX_ZERO) {
		env->up = false;
		return fx_make(s, 0, 0);
	}
	int ea, eb;
	u64 siga, sigb;
	unpack(a, &ea, &siga);
	unpack(b, &eb, &sigb);
	return fx_round(env, s, (u128)siga * sigb, ea + eb - FX_BIAS + 1, &fmt_ext,
			fx_prec_bits(env, FX_PC));
}

fx80 fx_div(struct fx_env *env, fx80 a, fx80 b)
{
	enum fx_class ca = fx_classify(a), cb = fx_classify(b);
	fx80 r;
	if (screen2(env, a, ca, b, cb, &r))
		return r;
	bool s = fx_sign(a) ^ fx_sign(b);
	env->up = false;
	if (ca == FX_INF) {
		if (cb == FX_INF)
			return invalid(env);
		note_denormal(env, cb);
		return fx_make(s, FX_EMAX, INT_BIT);
	}
	if (cb == FX_INF) {
		note_denormal(env, ca);
		return fx_make(s, 0, 0);
	}
	if (cb == FX_ZERO) {
		if (ca == FX_ZERO)
			return invalid(env);
		env->exc |= FPU_ZE;
		return fx_make(s, FX_EMAX, INT_BIT);
	}
	note_denormal(env, ca);
	note_denormal(env, cb);
	if (ca == FX_ZERO)
		return fx_make(s, 0, 0);
	int ea, eb;
	u64 siga, sigb;
	unpack(a, &ea, &siga);
	unpack(b, &eb, &sigb);
	/* 128 quotient bits: siga * 2^127 / sigb in two steps of 64. */
	u128 n1 = (u128)siga << 63;
	u128 q1 = n1 / sigb, r1 = n1 % sigb;
	u128 n2 = r1 << 64;
	u128 q2 = n2 / sigb, r2 = n2 % sigb;
	u128 q = (q1 << 64) | q2 | (r2 != 0);
	return fx_round(env, s, q, ea - eb + FX_BIAS, &fmt_ext, fx_prec_bits(env, FX_PC));
}

/* floor(sqrt(x)) by Newton's iteration from above. */
static u64 isqrt64(u64 x)
{
	if (!x)
		return 0;
	u64 r = (u64)1 << ((65 - clz64(x)) / 2);	/* >= sqrt(x) */
	for (;;) {
		u64 y = (r + x / r) >> 1;
		if (y >= r)
			return r;
		r = y;
	}
}

/* floor(sqrt(n)) for n < 2^127, starting from the root of its top half. */
static u128 isqrt128(u128 n)
{
	u128 r = ((u128)isqrt64((u64)(n >> 64)) + 1) << 32;	/* >= sqrt(n) */
	if (r == (u128)1 << 32)
		r = (u128)isqrt64((u64)n) + 1;
	for (;;) {
		u128 y = (r + n / r) >> 1;
		if (y >= r)
			return r;
		r = y;
	}
}

fx80 fx_sqrt(struct fx_env *env, fx80 a)
{
	enum fx_class ca = fx_classify(a);
	fx80 r;
	if (screen1(env, a, ca, &r))
		return r;
	env->up = false;
	if (ca == FX_ZERO)
		return a;
	if (fx_sign(a))
		return invalid(env);
	if (ca == FX_INF)
		return a;
	note_denormal(env, ca);
	int e;
	u64 sig;
	unpack(a, &e, &sig);
	/* a = sig * 2^t; make t even. N = n0 * 2^62 has 126 or 127 bits: its
	 * integer root (Newton) gives 63-64 bits, three more digit-by-digit
	 * steps on zero bit pairs give 66-67, and the remainder the sticky
	 * bit (a square root is never exactly half-way). */
	int t = e - FX_BIAS - 63;
	u128 n0 = sig;
	if (t & 1) {
		n0 <<= 1;
		t -= 1;
	}
	u128 n = n0 << 62;
	u128 root = isqrt128(n), rem = n - root * root;
	for (int k = 0; k < 3; k++) {
		rem <<= 2;
		u128 trial = (root << 2) | 1;
		root <<= 1;
		if (rem >= trial) {
			rem -= trial;
			root |= 1;
		}
	}
	/* value = root * 2^((t - 62) / 2 - 3); the sticky bit below it. */
	root = (root << 1) | (rem != 0);
	int k = (t - 62) / 2 - 3 - 1;
	return fx_round(env, false, root, k + FX_BIAS + 127, &fmt_ext, fx_prec_bits(env, FX_PC));
}

/* ---------------- integers ---------------- */

/* Round a finite value to an integer magnitude by the rounding control. */
static u128 round_int_mag(struct fx_env *env, fx80 a, bool *inexact)
{
	int e;
	u64 sig;
	unpack(a, &e, &sig);
	bool sign = fx_sign(a);
	int fbits = FX_BIAS + 63 - e;	/* fraction bits in sig */
	*inexact = false;
	env->up = false;
	if (fbits <= 0)
		return fbits < -63 ? (u128)1 << 127 : (u128)sig << -fbits;
	u128 x = shr_jam((u128)sig << 64, fbits);
	u128 ip = x >> 64;
	u64 fr = (u64)x;
	if (!fr)
		return ip;
	*inexact = true;
	bool inc = false;
	switch ((env->cw >> 10) & 3) {
	case 0: inc = fr > INT_BIT || (fr == INT_BIT && (ip & 1)); break;
	case 1: inc = sign; break;
	case 2: inc = !sign; break;
	default: break;
	}
	env->up = inc;
	return ip + inc;
}

fx80 fx_rndint(struct fx_env *env, fx80 a)
{
	enum fx_class ca = fx_classify(a);
	fx80 r;
	if (screen1(env, a, ca, &r))
		return r;
	env->up = false;
	if (ca == FX_ZERO || ca == FX_INF)
		return a;
	note_denormal(env, ca);
	if (fx_exp(a) >= FX_BIAS + 63)
		return a;
	bool inexact;
	u128 v = round_int_mag(env, a, &inexact);
	if (inexact)
		env->exc |= FPU_PE;
	if (v == 0)
		return fx_make(fx_sign(a), 0, 0);
	bool up = env->up;
	r = fx_round(env, fx_sign(a), v, FX_BIAS + 127, &fmt_ext, 64);
	env->up = up;
	return r;
}

fx80 fx_from_int(s64 v)
{
	if (v == 0)
		return fx_make(false, 0, 0);
	bool s = v < 0;
	u64 m = s ? 0 - (u64)v : (u64)v;
	int n = clz64(m);
	return fx_make(s, FX_BIAS + 63 - n, m << n);
}

s64 fx_to_int(struct fx_env *env, fx80 a, int bits)
{
	enum fx_class ca = fx_classify(a);
	s64 indef = (s64)(~0ull << (bits - 1));
	env->up = false;
	if (ca == FX_ZERO)
		return 0;
	if (ca == FX_UNSUPPORTED || is_nan(ca) || ca == FX_INF) {
		env->exc |= FPU_IE;
		return indef;
	}
	bool inexact;
	u128 v = round_int_mag(env, a, &inexact);
	u128 lim = (u128)1 << (bits - 1);
	if (fx_sign(a) ? v > lim : v >= lim) {
		env->exc |= FPU_IE;
		env->up = false;
		return indef;
	}
	if (inexact)
		env->exc |= FPU_PE;
	return fx_sign(a) ? (s64)(0 - (u64)v) : (s64)(u64)v;
}

/* ---------------- memory reals ---------------- */

/* Unpack an IEEE single/double (frac bits, exponent bits) to extended. */
static fx80 from_ieee(struct fx_env *env, u64 v, int fbits, int ebits)
{
	bool s = (v >> (fbits + ebits)) & 1;
	int emax = (1 << ebits) - 1, bias = emax >> 1;
	int e = (v >> fbits) & emax;
	u64 f = v & ((1ull << fbits) - 1);
	if (e == emax) {
		if (!f)
			return fx_make(s, FX_EMAX, INT_BIT);
		/* An SNaN stays signaling: the operation using it decides. */
		return fx_make(s, FX_EMAX, INT_BIT | (f << (63 - fbits)));
	}
	if (e == 0) {
		if (!f)
			return fx_make(s, 0, 0);
		env->exc |= FPU_DE;
		int n = clz64(f);
		return fx_make(s, FX_BIAS - bias + 1 + (63 - n) - fbits - 0, f << n);
	}
	return fx_make(s, e - bias + FX_BIAS, INT_BIT | (f << (63 - fbits)));
}

fx80 fx_from_f32(struct fx_env *env, u32 v) { return from_ieee(env, v, 23, 8); }
fx80 fx_from_f64(struct fx_env *env, u64 v) { return from_ieee(env, v, 52, 11); }

/* Round to a memory format and encode it. */
static u64 to_ieee(struct fx_env *env, fx80 a, const struct fmt *f, int fbits, int ebits)
{
	enum fx_class ca = fx_classify(a);
	int emax = (1 << ebits) - 1, bias = emax >> 1;
	u64 sbit = (u64)fx_sign(a) << (fbits + ebits);
	env->up = false;
	switch (ca) {
	case FX_ZERO:
		return sbit;
	case FX_UNSUPPORTED:
		env->exc |= FPU_IE;
		a = fx_indefinite;
		sbit = (u64)1 << (fbits + ebits);
		/* fall through */
	case FX_SNAN:
	case FX_QNAN:
		if (ca == FX_SNAN)
			env->exc |= FPU_IE;
		return sbit | ((u64)emax << fbits) | (((a.sig | QUIET_BIT) >> (63 - fbits)) &
						       ((1ull << fbits) - 1));
	case FX_INF:
		return sbit | ((u64)emax << fbits);
	default:
		break;
	}
	int e;
	u64 sig;
	unpack(a, &e, &sig);
	fx80 r = fx_round(env, fx_sign(a), (u128)sig << 64, e, f, f->p);
	int re = fx_exp(r);
	if (re == FX_EMAX)
		return sbit | ((u64)emax << fbits);
	if (re == 0 && r.sig == 0)
		return sbit;
	int ue = re - FX_BIAS;	/* unbiased */
	if (ue >= 1 - bias)
		return sbit | ((u64)(ue + bias) << fbits) | ((r.sig >> (63 - fbits)) &
							     ((1ull << fbits) - 1));
	/* Denormal: the value is sig * 2^(ue - 63) = frac * 2^(1 - bias - fbits). */
	int sh = (63 - fbits) + (1 - bias - ue);
	return sbit | (sh >= 64 ? 0 : r.sig >> sh);
}

u32 fx_to_f32(struct fx_env *env, fx80 a) { return (u32)to_ieee(env, a, &fmt_f32, 23, 8); }
u64 fx_to_f64(struct fx_env *env, fx80 a) { return to_ieee(env, a, &fmt_f64, 52, 11); }

/* ---------------- comparison ---------------- */

enum fx_cmp fx_compare(struct fx_env *env, fx80 a, fx80 b, bool quiet_cmp)
{
	enum fx_class ca = fx_classify(a), cb = fx_classify(b);
	if (ca == FX_UNSUPPORTED || cb == FX_UNSUPPORTED) {
		env->exc |= FPU_IE;
		return FX_UN;
	}
	if (is_nan(ca) || is_nan(cb)) {
		if (ca == FX_SNAN || cb == FX_SNAN || !quiet_cmp)
			env->exc |= FPU_IE;
		return FX_UN;
	}
	note_denormal(env, ca);
	note_denormal(env, cb);
	if (ca == FX_ZERO && cb == FX_ZERO)
		return FX_EQ;
	bool sa = fx_sign(a), sb = fx_sign(b);
	if (ca == FX_ZERO)
		return sb ? FX_GT : FX_LT;
	if (cb == FX_ZERO)
		return sa ? FX_LT : FX_GT;
	if (sa != sb)
		return sa ? FX_LT : FX_GT;
	int ea, eb;
	u64 ma, mb;
	unpack(a, &ea, &ma);
	unpack(b, &eb, &mb);
	int c = ea != eb ? (ea < eb ? -1 : 1) : ma != mb ? (ma < mb ? -1 : 1) : 0;
	if (sa)
		c = -c;
	return c < 0 ? FX_LT : c > 0 ? FX_GT : FX_EQ;
}

/* ---------------- FSCALE, FXTRACT, FPREM ---------------- */

fx80 fx_scale(struct fx_env *env, fx80 a, fx80 b)
{
	enum fx_class ca = fx_classify(a), cb = fx_classify(b);
	fx80 r;
	env->up = false;
	if (screen2(env, a, ca, b, cb, &r))
		return r;
	if (cb == FX_INF) {
		if (fx_sign(b)) {
			if (ca == FX_INF)
				return invalid(env);
			note_denormal(env, ca);
			return fx_make(fx_sign(a), 0, 0);
		}
		if (ca == FX_ZERO)
			return invalid(env);
		note_denormal(env, ca);
		return fx_make(fx_sign(a), FX_EMAX, INT_BIT);
	}
	note_denormal(env, ca);
	note_denormal(env, cb);
	if (ca == FX_ZERO || ca == FX_INF)
		return a;
	/* trunc(b), clamped well beyond any exponent reach. */
	s64 n = 0;
	if (cb != FX_ZERO) {
		int eb;
		u64 sb;
		unpack(b, &eb, &sb);
		int sh = FX_BIAS + 63 - eb;
		u64 mag = sh >= 64 ? 0 : sh <= 63 - 20 ? (1u << 20) : sb >> sh;
		if (mag > (1u << 20))
			mag = 1u << 20;
		n = fx_sign(b) ? -(s64)mag : (s64)mag;
	}
	if (cb == FX_ZERO)	/* as is, even a denormal with UE unmasked (silicon) */
		return fx_exp(a) == 0 && (a.sig & INT_BIT) ? fx_make(fx_sign(a), 1, a.sig) : a;
	int e;
	u64 sig;
	unpack(a, &e, &sig);
	return fx_round(env, fx_sign(a), (u128)sig << 64, e + (int)n, &fmt_ext, 64);
}

fx80 fx_extract(struct fx_env *env, fx80 a, fx80 *ex)
{
	enum fx_class ca = fx_classify(a);
	fx80 r;
	env->up = false;
	if (screen1(env, a, ca, &r)) {
		*ex = r;
		return r;
	}
	if (ca == FX_ZERO) {
		env->exc |= FPU_ZE;
		*ex = fx_make(true, FX_EMAX, INT_BIT);
		return a;
	}
	if (ca == FX_INF) {
		*ex = fx_make(false, FX_EMAX, INT_BIT);
		return a;
	}
	note_denormal(env, ca);
	int e;
	u64 sig;
	unpack(a, &e, &sig);
	*ex = fx_from_int(e - FX_BIAS);
	return fx_make(fx_sign(a), FX_BIAS, sig);
}

fx80 fx_rem(struct fx_env *env, fx80 a, fx80 b, bool near, int *q, bool *partial)
{
	enum fx_class ca = fx_classify(a), cb = fx_classify(b);
	fx80 r;
	*q = 0;
	*partial = false;
	env->up = false;
	if (screen2(env, a, ca, b, cb, &r))
		return r;
	if (ca == FX_INF || cb == FX_ZERO)
		return invalid(env);
	note_denormal(env, ca);
	note_denormal(env, cb);
	if (ca == FX_ZERO)
		return a;
	if (cb == FX_INF)
		return fx_exp(a) == 0 && (a.sig & INT_BIT) ? fx_make(fx_sign(a), 1, a.sig) : a;
	int ea, eb;
	u64 sa, sb;
	unpack(a, &ea, &sa);
	unpack(b, &eb, &sb);
	bool sign = fx_sign(a);
	int d = ea - eb;
	if (d < 0) {
		/* |a| < |b|: quotient 0, unless FPREM1 rounds |a| > |b|/2 up to 1. */
		if (!near || d < -1 || sa <= sb)
			return fx_round(env, sign, (u128)sa << 64, ea, &fmt_ext, 64);
		*q = 1;
		u128 m = ((u128)sb << 1) - sa;	/* in units of 2^(ea - bias - 63) */
		return fx_round(env, !sign, m << 62, ea + 2, &fmt_ext, 64);
	}
	int shift = d;
	if (d >= 64) {
		*partial = true;
		shift = 32 + (d % 32);
		if (near)
			near = false;	/* partial reduction truncates */
	}
	u128 num = (u128)sa << shift;
	u128 quo = num / sb, rem = num % sb;
	if (near && (rem * 2 > sb || (rem * 2 == sb && (quo & 1)))) {
		quo++;
		rem = sb - rem;
		sign = !sign;
	}
	if (!*partial)
		*q = (int)(quo & 7);
	/* rem is in units of 2^(ea - shift - bias - 63). */
	if (rem == 0)
		return fx_make(fx_sign(a), 0, 0);
	return fx_round(env, sign, rem << 64, ea - shift, &fmt_ext, 64);
}

/* ---------------- packed BCD ---------------- */

fx80 fx_from_bcd(const u8 bcd[10])
{
	s64 v = 0;
	for (int k = 8; k >= 0; k--)
		v = v * 100 + (bcd[k] >> 4) * 10 + (bcd[k] & 15);
	fx80 r = fx_from_int(v);
	if (bcd[9] & 0x80)
		r.se |= 0x8000;
	return r;
}

void fx_to_bcd(struct fx_env *env, fx80 a, u8 bcd[10])
{
	enum fx_class ca = fx_classify(a);
	bool inexact = false;
	u128 v = 0;
	env->up = false;
	if (ca == FX_UNSUPPORTED || is_nan(ca) || ca == FX_INF)
		goto indef;
	if (ca != FX_ZERO) {
		v = round_int_mag(env, a, &inexact);
		if (v > 999999999999999999ull)
			goto indef;
	}
	if (inexact)
		env->exc |= FPU_PE;
	for (int k = 0; k < 9; k++) {
		u32 two = (u32)(v % 100);
		v /= 100;
		bcd[k] = (u8)((two / 10) << 4 | (two % 10));
	}
	bcd[9] = fx_sign(a) ? 0x80 : 0;
	return;
indef:
	env->exc |= FPU_IE;
	env->up = false;
	for (int k = 0; k < 7; k++)
		bcd[k] = 0;
	bcd[7] = 0xC0;
	bcd[8] = bcd[9] = 0xFF;
}
