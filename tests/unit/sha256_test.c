/*
 * SHA-256 (emu/sha256.c): both the portable code and the host's SHA
 * instructions (when it has them) against the FIPS 180-4 example vectors,
 * and against each other on every length from 0 to 300 bytes, fed whole and
 * in uneven pieces, and on a 5 MB buffer (many blocks in one call).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/sha256.h"

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

Test(sha256, fips_vectors_portable)
{
	cr_assert_not(sha256_set_accel(false));
	fips_vectors();
	sha256_set_accel(true);
}

Test(sha256, fips_vectors_default)
{
	sha256_set_accel(true);
	fips_vectors();
}

Test(sha256, accelerated_equals_portable)
{
	if (!sha256_set_accel(true))
		cr_skip_test("the host CPU has no SHA instructions");
	size_t big = 5u << 20;
	u8 *buf = malloc(big);
	cr_assert_not_null(buf);
	u32 x = 12345;
	for (size_t i = 0; i < big; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = x >> 16;
	}
	char a[65], b[65], c[65];
	for (size_t n = 0; n <= 300; n++) {
		sha256_set_accel(true);
		hex_of(buf + n, n, a);
		hex_pieces(buf + n, n, c);
		sha256_set_accel(false);
		hex_of(buf + n, n, b);
		cr_assert_str_eq(a, b, "length %zu: SHA instructions %s, portable %s", n, a, b);
		cr_assert_str_eq(c, b, "length %zu in pieces", n);
	}
	sha256_set_accel(true);
	hex_of(buf, big, a);
	sha256_set_accel(false);
	hex_of(buf, big, b);
	sha256_set_accel(true);
	cr_assert_str_eq(a, b);
	free(buf);
}
