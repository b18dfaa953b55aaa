/*
 * SHA-256 (FIPS 180-4), for the image and ROM hashes in record logs and
 * snapshots: a way to say "this is the same file" that a reader can check
 * with sha256sum. The hashing itself is OpenSSL's libcrypto, which uses the
 * host's SHA instructions where it has them (a 17 MiB disk image hashes in
 * a few milliseconds instead of a hundred), so recording a short run costs
 * little more than the run.
 */
#ifndef LUCID_SHA256_H
#define LUCID_SHA256_H

#include "emu/lib/types.h"

struct sha256 {
	void *ctx;		/* libcrypto's EVP_MD_CTX */
};

/* Out of memory in libcrypto ends the program with a message (it never
 * depends on the guest). */
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *p, size_t n);
void sha256_final(struct sha256 *s, u8 out[32]);	/* also frees s's state */
/* out = 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *p, size_t n, char out[65]);
/* Hash a whole file into hex; 0 or -errno. */
int sha256_file_hex(const char *path, char out[65]);

#endif
