/*
 * mkbzimage: host tool that builds the lucix boot image (Linux x86 boot
 * protocol, Documentation/x86/boot.rst).
 *
 *   mkbzimage gzip IN OUT
 *	gzip-compress IN (the raw kernel, vmlinux.bin) with zlib at level 9.
 *   mkbzimage build SETUP PAYLOAD OUT PAYLOAD_OFFSET PAYLOAD_LENGTH INIT_SIZE
 *	SETUP is the real-mode part (boot sector + setup), PAYLOAD the
 *	protected-mode part (decompressor with the gzip'ed kernel inside).
 *	Pads SETUP to whole sectors and fills the header fields that depend
 *	on sizes: setup_sects, syssize, payload_offset/length, init_size.
 *
 * Errors: one line on stderr, exit 2, OUT not left half-written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <zlib.h>

#include "tool.h"

/* Write to OUT.tmp then rename, so a failure never leaves a bad OUT behind. */
static void spit(const char *path, const unsigned char *a, size_t alen,
		 const unsigned char *b, size_t blen)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f)
		die("cannot create %s", tmp);
	if (fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen) ||
	    fclose(f)) {
		remove(tmp);
		die("cannot write %s", tmp);
	}
	if (rename(tmp, path))
		die("cannot rename to %s", path);
}

static void put32(unsigned char *p, unsigned long v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s)
		die("bad number '%s'", s);
	return v;
}

static int do_gzip(const char *in, const char *out)
{
	size_t len;
	unsigned char *src = slurp(in, &len), *dst;
	z_stream zs = { 0 };
	size_t cap = len + len / 100 + 1024;

	dst = malloc(cap);
	/* windowBits 15 + 16 asks zlib for a gzip wrapper (header, CRC-32, size). */
	if (!dst || deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		die("zlib init failed");
	zs.next_in = src;
	zs.avail_in = len;
	zs.next_out = dst;
	zs.avail_out = cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		die("compression of %s failed", in);
	spit(out, dst, zs.total_out, NULL, 0);
	deflateEnd(&zs);
	return 0;
}

static int do_build(char **argv)
{
	size_t slen, plen, padded;
	unsigned char *setup = slurp(argv[0], &slen), *payload = slurp(argv[1], &plen), *img;
	unsigned long sects;

	if (slen < 0x268 || memcmp(setup + 0x202, "HdrS", 4))
		die("%s is not a setup image (no HdrS header)", argv[0]);
	padded = (slen + 511) & ~511UL;
	if (padded < 5 * 512)
		padded = 5 * 512;	/* setup_sects 0 means 4: never write less */
	sects = padded / 512 - 1;
	if (sects > 64)
		die("setup in %s is too big", argv[0]);
	img = calloc(1, padded);
	if (!img)
		die("out of memory");
	memcpy(img, setup, slen);
	img[0x1f1] = sects;
	put32(img + 0x1f4, (plen + 15) / 16);		/* syssize */
	put32(img + 0x248, num(argv[3]));		/* payload_offset */
	put32(img + 0x24c, num(argv[4]));		/* payload_length */
	put32(img + 0x260, num(argv[5]));		/* init_size */
	img[0x1fe] = 0x55;
	img[0x1ff] = 0xaa;
	spit(argv[2], img, padded, payload, plen);
	printf("mkbzimage: %s: setup %lu sectors, payload %zu bytes\n", argv[2], sects, plen);
	return 0;
}

int main(int argc, char **argv)
{
	tool_name = "mkbzimage";
	if (argc == 4 && !strcmp(argv[1], "gzip"))
		return do_gzip(argv[2], argv[3]);
	if (argc == 8 && !strcmp(argv[1], "build"))
		return do_build(argv + 2);
	fprintf(stderr, "usage: mkbzimage gzip IN OUT\n"
			"       mkbzimage build SETUP PAYLOAD OUT PAYLOAD_OFFSET PAYLOAD_LENGTH INIT_SIZE\n");
	return 2;
}
