/*
 * SHA-256 as FIPS 180-4 section 6.2 describes it: 64-byte blocks, the
 * message schedule of section 6.2.2 and the constants of section 4.2.2,
 * big-endian throughout; being checkable against sha256sum is the point.
 *
 * Speed matters a little: a machine hashes its BIOS and disk image the first
 * time it saves or loads a snapshot or starts a record or replay, and the
 * portable code takes ~70 ms for the 17 MB default image. On x86-64 hosts
 * with the SHA extensions (Intel SDM vol. 2, SHA256RNDS2, SHA256MSG1,
 * SHA256MSG2; Intel's white paper "Intel SHA Extensions", 2013) the blocks
 * go through those instructions instead, chosen once at run time; both
 * paths give the same digests (tests/unit/sha256_test.c compares them).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "emu/sha256.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SHA256_HAVE_X86 1
#endif

static const u32 k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline u32 ror32(u32 x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block_generic(u32 h[8], const u8 *p)
{
	u32 w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 |
		       p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		u32 s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		u32 s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	u32 a = h[0], b = h[1], c = h[2], d = h[3];
	u32 e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		u32 t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) +
			 k256[i] + w[i];
		u32 t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

static void sha256_blocks_generic(u32 h[8], const u8 *p, size_t n)
{
	for (; n; n--, p += 64)
		sha256_block_generic(h, p);
}

#ifdef SHA256_HAVE_X86
/*
 * The SHA extensions keep the eight working variables in two registers,
 * lanes high to low: ABEF = {A, B, E, F} and CDGH = {C, D, G, H}.
 * SHA256RNDS2 does two rounds from the low two lanes of its message
 * operand (W[i] + K[i] already added) and returns the new ABEF; the old
 * ABEF is then the new CDGH, so the two registers swap roles every call.
 * SHA256MSG1 and SHA256MSG2 do the sigma0 and sigma1 halves of the
 * message schedule four words at a time.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_blocks_x86(u32 h[8], const u8 *p, size_t n)
{
	/* pshufb mask turning each big-endian word of a block into a number */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bll, 0x0405060700010203ll);
	__m128i abcd = _mm_loadu_si128((const __m128i *)&h[0]);	/* lanes D C B A */
	__m128i efgh = _mm_loadu_si128((const __m128i *)&h[4]);	/* lanes H G F E */
	__m128i badc = _mm_shuffle_epi32(abcd, 0xB1);		/* C D A B */
	__m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);		/* E F G H */
	__m128i abef = _mm_alignr_epi8(badc, hgfe, 8);		/* A B E F */
	__m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);	/* C D G H */

	for (; n; n--, p += 64) {
		__m128i abef0 = abef, cdgh0 = cdgh;
		__m128i w[4];	/* W[4g..4g+3], a ring over the groups of four */
		for (int g = 0; g < 16; g++) {
			__m128i *wg = &w[g & 3];
			if (g < 4) {
				*wg = _mm_shuffle_epi8(
					_mm_loadu_si128((const __m128i *)(p + 16 * g)), bswap);
			} else {
				/* W[i..i+3] from W[i-16..i-13] + sigma0(W[i-15..i-12])
				 * + W[i-7..i-4] + sigma1(W[i-2..i+1]); w[g & 3] still
				 * holds group g-4, w[(g+1) & 3] group g-3, and so on. */
				__m128i x = _mm_sha256msg1_epu32(*wg, w[(g + 1) & 3]);
				x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g + 3) & 3],
								      w[(g + 2) & 3], 4));
				*wg = _mm_sha256msg2_epu32(x, w[(g + 3) & 3]);
			}
			__m128i wk = _mm_add_epi32(
				*wg, _mm_loadu_si128((const __m128i *)&k256[4 * g]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}

	/* Back to h[0..7] = A..H. */
	__m128i feba = _mm_shuffle_epi32(abef, 0x1B);		/* F E B A */
	__m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);		/* D C H G */
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

static void (*sha256_blocks)(u32 h[8], const u8 *p, size_t n);

bool sha256_set_accel(bool on)
{
	sha256_blocks = sha256_blocks_generic;
#ifdef SHA256_HAVE_X86
	__builtin_cpu_init();
	if (on && __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") &&
	    __builtin_cpu_supports("ssse3")) {
		sha256_blocks = sha256_blocks_x86;
		return true;
	}
#endif
	return false;
}

void sha256_init(struct sha256 *s)
{
	static const u32 iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, iv, sizeof(iv));
	if (!sha256_blocks)
		sha256_set_accel(true);
	s->len = 0;
	s->fill = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	const u8 *p = data;
	s->len += n;
	if (s->fill) {
		size_t take = 64 - s->fill < n ? 64 - s->fill : n;
		memcpy(s->buf + s->fill, p, take);
		s->fill += take;
		p += take;
		n -= take;
		if (s->fill < 64)
			return;
		sha256_blocks(s->h, s->buf, 1);
		s->fill = 0;
	}
	sha256_blocks(s->h, p, n / 64);
	p += n / 64 * 64;
	n %= 64;
	memcpy(s->buf, p, n);
	s->fill = n;
}

void sha256_final(struct sha256 *s, u8 out[32])
{
	u64 bits = s->len * 8;
	u8 pad = 0x80, zero = 0, len[8];
	sha256_update(s, &pad, 1);
	while (s->fill != 56)
		sha256_update(s, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = bits >> (56 - 8 * i);
	sha256_update(s, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = s->h[i] >> 24;
		out[4 * i + 1] = s->h[i] >> 16;
		out[4 * i + 2] = s->h[i] >> 8;
		out[4 * i + 3] = s->h[i];
	}
}

static void to_hex(const u8 d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

void sha256_hex(const void *p, size_t n, char out[65])
{
	struct sha256 s;
	u8 d[32];
	sha256_init(&s);
	sha256_update(&s, p, n);
	sha256_final(&s, d);
	to_hex(d, out);
}

int sha256_file_hex(const char *path, char out[65])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	struct sha256 s;
	static u8 buf[1 << 16];
	size_t n;
	u8 d[32];
	sha256_init(&s);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&s, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return -EIO;
	sha256_final(&s, d);
	to_hex(d, out);
	return 0;
}
