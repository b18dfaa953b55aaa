/*
 * The guest's DEFLATE/gzip decoder (guest/lib/inflate.c), built for the host:
 * it must inflate whatever zlib produces, and on damaged or truncated input
 * return an error without writing outside its output buffer (the
 * decompressor relies on that: a bad image must stop with a message, not
 * scribble over memory).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* The guest headers' types, for the host; the guard keeps <linux/types.h> out. */
#define _LINUX_TYPES_H
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#include "guest/lib/inflate.c"

#define GUARD 64

static size_t gzip_buf(const u8 *in, size_t len, u8 *out, size_t cap, int level, int strategy)
{
	z_stream zs = { 0 };

	cr_assert_eq(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 9, strategy), Z_OK);
	zs.next_in = (u8 *)in;
	zs.avail_in = len;
	zs.next_out = out;
	zs.avail_out = cap;
	cr_assert_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	return zs.total_out;
}

/* Text-like data with repeats (so all block types and long matches appear). */
static void fill(u8 *p, size_t n, unsigned seed)
{
	static const char *words[] = { "lucix ", "kernel ", "inflate ", "\n", "0123456789",
				       "jiffies ", "aaaaaaaaaaaaaaaa" };
	size_t i = 0;

	srand(seed);
	while (i < n) {
		if (rand() % 5 == 0) {
			p[i++] = rand();
			continue;
		}
		const char *w = words[rand() % 7];
		for (size_t k = 0; w[k] && i < n; k++)
			p[i++] = w[k];
	}
}

Test(inflate, round_trips_zlib_output)
{
	static const int levels[] = { 0, 1, 6, 9 };
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE };
	size_t sizes[] = { 0, 1, 100, 5000, 70000, 300000 };

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t n = sizes[s], cap = n + n / 10 + 1024, done = 0;
		u8 *src = malloc(n + 1), *gz = malloc(cap), *out = malloc(n + GUARD);

		fill(src, n, s);
		for (int l = 0; l < 4; l++)
			for (int st = 0; st < 4; st++) {
				size_t glen = gzip_buf(src, n, gz, cap, levels[l], strategies[st]);

				memset(out, 0xa5, n + GUARD);
				cr_assert_eq(gunzip(out, n, &done, gz, glen), 0, "size %zu level %d strategy %d",
					     n, levels[l], st);
				cr_assert_eq(done, n);
				cr_assert(!memcmp(out, src, n));
				for (int g = 0; g < GUARD; g++)
					cr_assert_eq(out[n + g], 0xa5);
			}
		free(src);
		free(gz);
		free(out);
	}
}

Test(inflate, damaged_input_fails_cleanly)
{
	size_t n = 20000, cap = 30000, done, glen;
	u8 *src = malloc(n), *gz = malloc(cap), *bad = malloc(cap), *out = malloc(n + GUARD);
	int errors = 0;

	fill(src, n, 7);
	glen = gzip_buf(src, n, gz, cap, 9, Z_DEFAULT_STRATEGY);
	srand(1234);
	for (int trial = 0; trial < 3000; trial++) {
		size_t len = glen;

		memcpy(bad, gz, glen);
		if (trial % 3 == 0)
			len = rand() % glen;			/* truncated */
		else
			for (int k = 0; k < 1 + trial % 4; k++)	/* flipped bytes */
				bad[rand() % glen] ^= 1 + rand() % 255;
		memset(out, 0xa5, n + GUARD);
		int err = gunzip(out, n, &done, bad, len);
		cr_assert(err <= 0 && done <= n);
		for (int g = 0; g < GUARD; g++)
			cr_assert_eq(out[n + g], 0xa5, "trial %d wrote past the buffer", trial);
		errors += err != 0;
	}
	/* Nearly every damaged stream is caught (by the decoder or the CRC). */
	cr_assert_gt(errors, 2900);
	/* An output buffer that is too small is an error too, never an overflow. */
	memset(out, 0xa5, n + GUARD);
	cr_assert_eq(gunzip(out, n / 2, &done, gz, glen), INFLATE_ERR_OUTPUT);
	for (int g = 0; g < GUARD; g++)
		cr_assert_eq(out[n / 2 + g], 0xa5);
	free(src);
	free(gz);
	free(bad);
	free(out);
}

/* Round trip SRC through zlib and gunzip; the output must match, nothing written past it. */
static void round_trip(const u8 *src, size_t n, int level, int strategy, const char *what)
{
	size_t cap = n + n / 10 + 1024, done = 0, glen;
	u8 *gz = malloc(cap), *out = malloc(n + GUARD);

	glen = gzip_buf(src, n, gz, cap, level, strategy);
	memset(out, 0xa5, n + GUARD);
	cr_assert_eq(gunzip(out, n, &done, gz, glen), 0, "%s", what);
	cr_assert_eq(done, n, "%s", what);
	cr_assert(!memcmp(out, src, n), "%s", what);
	for (int g = 0; g < GUARD; g++)
		cr_assert_eq(out[n + g], 0xa5, "%s", what);
	free(gz);
	free(out);
}

/*
 * Codes longer than the fast table's 9 bits (byte frequencies like the
 * Fibonacci numbers give zlib's longest, 15-bit codes), and back-references
 * with distances 1 to 7 (the word copy widens those under 4).
 */
Test(inflate, long_codes_and_short_distances)
{
	size_t n = 0, cap = 200000;
	u8 *src = malloc(cap);
	unsigned f0 = 1, f1 = 1, t;

	for (int sym = 0; sym < 24; sym++) {
		for (unsigned k = 0; k < f0 && n < cap / 2; k++)
			src[n++] = sym * 7;
		t = f0 + f1;
		f0 = f1;
		f1 = t;
	}
	srand(5);
	for (size_t i = n - 1; i > 0; i--) {	/* shuffle, so only Huffman coding helps */
		size_t j = rand() % (i + 1);
		u8 c = src[i];

		src[i] = src[j];
		src[j] = c;
	}
	round_trip(src, n, 9, Z_HUFFMAN_ONLY, "Fibonacci frequencies, Huffman only");
	round_trip(src, n, 9, Z_DEFAULT_STRATEGY, "Fibonacci frequencies");
	for (unsigned period = 1; period <= 7; period++) {
		size_t m = 0;

		while (m < 3000) {
			size_t run = 1 + rand() % 600;

			for (size_t k = 0; k < run && m < 3000; k++)
				src[m++] = 'a' + (k % period);
			src[m++] = rand();	/* a break, so every length from 3 to 258 occurs */
		}
		round_trip(src, m, 9, Z_DEFAULT_STRATEGY, "short periods");
		round_trip(src, m, 1, Z_RLE, "short periods, RLE");
	}
	free(src);
}

Test(inflate, crc32_matches_zlib)
{
	u8 buf[1000];

	fill(buf, sizeof(buf), 3);
	cr_assert_eq(crc32_le(0, buf, sizeof(buf)), (u32)crc32(0, buf, sizeof(buf)));
	/* every alignment and short length (the word loop's head and tail) */
	for (int off = 0; off < 4; off++)
		for (int len = 0; len < 40; len++)
			cr_assert_eq(crc32_le(0x12345678, buf + off, len),
				     (u32)crc32(0x12345678, buf + off, len), "off %d len %d", off, len);
	cr_assert_str_eq(inflate_strerror(INFLATE_ERR_CRC), "CRC check failed");
}
