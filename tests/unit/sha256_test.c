/*
 * SHA-256 (emu/lib/sha256.c) against the FIPS 180-4 example vectors, including
 * a million 'a' fed whole and in uneven pieces, and pieces against whole
 * buffers on every length from 0 to 300 bytes and on 5 MB.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/sha256.h"

static void hex_of(const void *p, size_t n, char out[65])
{
	sha256_hex(p, n, out);
}

/* Hash in pieces of 1, 2, 3 ... bytes, to cross block edges every way. */
static void hex_pieces(const u8 *p, size_t n, char out[65])
{
	struct sha256 s;
	u8 d[32];
	sha256_init(&s);
	for (size_t k = 1, i = 0; i < n; i += k, k = k % 70 + 1)
		sha256_update(&s, p + i, n - i < k ? n - i : k);
	sha256_final(&s, d);
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void fips_vectors(void)
{
	char hex[65];
	hex_of("abc", 3, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of("", 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	hex_of(two, strlen(two), hex);
	cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	size_t n = 1000000;
	u8 *a = malloc(n);
	cr_assert_not_null(a);
	memset(a, 'a', n);
	hex_of(a, n, hex);
	cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	hex_pieces(a, n, hex);
	cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

Test(sha256, fips_vectors)
{
	fips_vectors();
}

/* Many updates of uneven sizes give the same digest as one over the whole
 * buffer, on every length from 0 to 300 and on 5 MB. */
Test(sha256, pieces_equal_whole)
{
	size_t big = 5u << 20;
	u8 *buf = malloc(big);
	cr_assert_not_null(buf);
	u32 x = 12345;
	for (size_t i = 0; i < big; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = x >> 16;
	}
	char a[65], b[65];
	for (size_t n = 0; n <= 300; n++) {
		hex_of(buf + n, n, a);
		hex_pieces(buf + n, n, b);
		cr_assert_str_eq(a, b, "length %zu", n);
	}
	hex_of(buf, big, a);
	hex_pieces(buf, big, b);
	cr_assert_str_eq(a, b);
	free(buf);
}
