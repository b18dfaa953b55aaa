/*
 * SHA-256 through libcrypto's EVP digest interface (see sha256.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "emu/lib/sha256.h"

static void need(int ok)
{
	if (!ok) {
		fprintf(stderr, "lucid: libcrypto failed to compute SHA-256 (out of memory?)\n");
		exit(1);
	}
}

void sha256_init(struct sha256 *s)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	need(c && EVP_DigestInit_ex(c, EVP_sha256(), NULL));
	s->ctx = c;
}

void sha256_update(struct sha256 *s, const void *p, size_t n)
{
	need(EVP_DigestUpdate(s->ctx, p, n));
}

void sha256_final(struct sha256 *s, u8 out[32])
{
	unsigned int len = 0;
	need(EVP_DigestFinal_ex(s->ctx, out, &len) && len == 32);
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

static void to_hex(const u8 d[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = 0;
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
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	struct sha256 s;
	u8 d[32];
	sha256_init(&s);
	/* A regular file is mapped and hashed in place (no copy); anything
	 * else (a pipe, /dev/...) is read. */
	void *map = S_ISREG(st.st_mode) && st.st_size > 0 ?
		mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	int err = 0;
	if (map != MAP_FAILED) {
		sha256_update(&s, map, st.st_size);
		munmap(map, st.st_size);
	} else {
		static u8 buf[1 << 16];
		ssize_t n;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			sha256_update(&s, buf, n);
		if (n < 0)
			err = -errno;
	}
	close(fd);
	sha256_final(&s, d);
	if (err)
		return err;
	to_hex(d, out);
	return 0;
}
