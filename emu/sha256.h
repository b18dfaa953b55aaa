/*
 * SHA-256 (FIPS 180-4), for the image and ROM hashes in record logs and
 * snapshots: a way to say "this is the same file" that a reader can check
 * with sha256sum.
 */
#ifndef LUCID_SHA256_H
#define LUCID_SHA256_H

#include "emu/types.h"

struct sha256 {
	u32 h[8];
	u64 len;		/* bytes hashed so far */
	u8 buf[64];
	u32 fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *p, size_t n);
void sha256_final(struct sha256 *s, u8 out[32]);
/* out = 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *p, size_t n, char out[65]);
/*
 * Use the host CPU's SHA instructions when it has them (the default), or
 * the portable code (on = false; for tests and comparisons). Returns
 * whether the instructions are now in use. The digests are the same.
 */
bool sha256_set_accel(bool on);
/* Hash a whole file into hex; 0 or -errno. */
int sha256_file_hex(const char *path, char out[65]);

#endif
