/* DEFLATE/gzip decoding (guest/lib/inflate.c). Errors are negative. */
#ifndef _LINUX_INFLATE_H
#define _LINUX_INFLATE_H

#include <linux/types.h>

#define INFLATE_ERR_INPUT	-1	/* ran out of input */
#define INFLATE_ERR_OUTPUT	-2	/* output would not fit */
#define INFLATE_ERR_DATA	-3	/* malformed stream */
#define INFLATE_ERR_MAGIC	-4
#define INFLATE_ERR_METHOD	-5
#define INFLATE_ERR_LENGTH	-6
#define INFLATE_ERR_CRC		-7

int inflate_raw(u8 *out, size_t outlen, size_t *outdone, const u8 *in, size_t inlen,
		size_t *indone);
int gunzip(u8 *out, size_t outlen, size_t *outdone, const u8 *in, size_t inlen);
u32 crc32_le(u32 crc, const u8 *p, size_t n);
const char *inflate_strerror(int err);

#endif
