/*
 * A small DEFLATE decoder (RFC 1951) and gzip wrapper (RFC 1952), used by the
 * decompressor to unpack the kernel. It decodes canonical Huffman codes one
 * bit at a time from code-length counts, the approach of Mark Adler's "puff":
 * slow next to zlib but short, and fast enough for a kernel of a few hundred
 * KiB. Every read and write is bounds-checked, so a damaged image gives an
 * error, never a wild write.
 */
#include "../include/linux/inflate.h"	/* relative: also built on the host by tests/unit/inflate_test.c */

#define MAXBITS 15		/* longest code */
#define MAXLCODES 286		/* literal/length codes */
#define MAXDCODES 30		/* distance codes */
#define MAXCODES (MAXLCODES + MAXDCODES)
#define FIXLCODES 288

struct inflate_state {
	u8 *out;
	size_t outlen, outcnt;
	const u8 *in;
	size_t inlen, incnt;
	u32 bitbuf;
	int bitcnt;
	int err;		/* sticky: set by the first failing read */
};

struct huffman {
	short count[MAXBITS + 1];	/* codes of each length */
	short symbol[FIXLCODES];	/* symbols, ordered by code */
};

/* Take NEED bits, least significant first; past the end reads as an error. */
static int bits(struct inflate_state *s, int need)
{
	u32 val = s->bitbuf;

	while (s->bitcnt < need) {
		if (s->incnt >= s->inlen) {
			s->err = INFLATE_ERR_INPUT;
			return 0;
		}
		val |= (u32)s->in[s->incnt++] << s->bitcnt;
		s->bitcnt += 8;
	}
	s->bitbuf = val >> need;
	s->bitcnt -= need;
	return val & ((1UL << need) - 1);
}

/* A stored block: byte-aligned LEN, ~LEN, then LEN raw bytes. */
static int stored(struct inflate_state *s)
{
	unsigned len;

	s->bitbuf = 0;
	s->bitcnt = 0;
	if (s->incnt + 4 > s->inlen)
		return INFLATE_ERR_INPUT;
	len = s->in[s->incnt] | (s->in[s->incnt + 1] << 8);
	if (s->in[s->incnt + 2] != (~len & 0xff) ||
	    s->in[s->incnt + 3] != ((~len >> 8) & 0xff))
		return INFLATE_ERR_DATA;
	s->incnt += 4;
	if (s->incnt + len > s->inlen)
		return INFLATE_ERR_INPUT;
	if (s->outcnt + len > s->outlen)
		return INFLATE_ERR_OUTPUT;
	while (len--)
		s->out[s->outcnt++] = s->in[s->incnt++];
	return 0;
}

/* Decode one symbol: walk code lengths, comparing against the first code of each. */
static int decode(struct inflate_state *s, const struct huffman *h)
{
	int code = 0, first = 0, index = 0, len, count;

	for (len = 1; len <= MAXBITS; len++) {
		code |= bits(s, 1);
		if (s->err)
			return s->err;
		count = h->count[len];
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	return INFLATE_ERR_DATA;	/* ran out of codes */
}

/*
 * Build the decoding table from code lengths. Returns 0 for a complete code,
 * > 0 for an incomplete one (allowed for single-code distance sets), < 0 for
 * an over-subscribed one.
 */
static int construct(struct huffman *h, const short *length, int n)
{
	short offs[MAXBITS + 1];
	int symbol, len, left;

	for (len = 0; len <= MAXBITS; len++)
		h->count[len] = 0;
	for (symbol = 0; symbol < n; symbol++)
		h->count[length[symbol]]++;
	if (h->count[0] == n)
		return 0;
	left = 1;
	for (len = 1; len <= MAXBITS; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return left;
	}
	offs[1] = 0;
	for (len = 1; len < MAXBITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (symbol = 0; symbol < n; symbol++)
		if (length[symbol] != 0)
			h->symbol[offs[length[symbol]]++] = symbol;
	return left;
}

static const short lbase[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const short lext[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const short dbase[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577 };
static const short dext[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* Decode literals and length/distance pairs until end-of-block (256). */
static int codes(struct inflate_state *s, const struct huffman *lencode,
		 const struct huffman *distcode)
{
	int symbol, len;
	unsigned dist;

	for (;;) {
		symbol = decode(s, lencode);
		if (symbol < 0)
			return symbol;
		if (symbol < 256) {
			if (s->outcnt >= s->outlen)
				return INFLATE_ERR_OUTPUT;
			s->out[s->outcnt++] = symbol;
		} else if (symbol == 256) {
			return 0;
		} else {
			symbol -= 257;
			if (symbol >= 29)
				return INFLATE_ERR_DATA;
			len = lbase[symbol] + bits(s, lext[symbol]);
			symbol = decode(s, distcode);
			if (symbol < 0)
				return symbol;
			if (symbol >= 30)
				return INFLATE_ERR_DATA;
			dist = dbase[symbol] + bits(s, dext[symbol]);
			if (s->err)
				return s->err;
			if (dist > s->outcnt)
				return INFLATE_ERR_DATA;	/* before the start */
			if (s->outcnt + len > s->outlen)
				return INFLATE_ERR_OUTPUT;
			while (len--) {
				s->out[s->outcnt] = s->out[s->outcnt - dist];
				s->outcnt++;
			}
		}
	}
}

static int fixed(struct inflate_state *s)
{
	static struct huffman lencode, distcode;
	static int built;

	if (!built) {
		short lengths[FIXLCODES];
		int symbol;

		for (symbol = 0; symbol < 144; symbol++)
			lengths[symbol] = 8;
		for (; symbol < 256; symbol++)
			lengths[symbol] = 9;
		for (; symbol < 280; symbol++)
			lengths[symbol] = 7;
		for (; symbol < FIXLCODES; symbol++)
			lengths[symbol] = 8;
		construct(&lencode, lengths, FIXLCODES);
		for (symbol = 0; symbol < MAXDCODES; symbol++)
			lengths[symbol] = 5;
		construct(&distcode, lengths, MAXDCODES);
		built = 1;
	}
	return codes(s, &lencode, &distcode);
}

static int dynamic(struct inflate_state *s)
{
	static const short order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	static struct huffman lencode, distcode;
	short lengths[MAXCODES];
	int nlen, ndist, ncode, index, err;

	nlen = bits(s, 5) + 257;
	ndist = bits(s, 5) + 1;
	ncode = bits(s, 4) + 4;
	if (s->err)
		return s->err;
	if (nlen > MAXLCODES || ndist > MAXDCODES)
		return INFLATE_ERR_DATA;
	for (index = 0; index < ncode; index++)
		lengths[order[index]] = bits(s, 3);
	for (; index < 19; index++)
		lengths[order[index]] = 0;
	if (s->err)
		return s->err;
	if (construct(&lencode, lengths, 19) != 0)
		return INFLATE_ERR_DATA;
	index = 0;
	while (index < nlen + ndist) {
		int symbol = decode(s, &lencode), len = 0;

		if (symbol < 0)
			return symbol;
		if (symbol < 16) {
			lengths[index++] = symbol;
			continue;
		}
		if (symbol == 16) {		/* repeat the previous length 3..6 times */
			if (index == 0)
				return INFLATE_ERR_DATA;
			len = lengths[index - 1];
			symbol = 3 + bits(s, 2);
		} else if (symbol == 17) {	/* 3..10 zeros */
			symbol = 3 + bits(s, 3);
		} else {			/* 11..138 zeros */
			symbol = 11 + bits(s, 7);
		}
		if (s->err)
			return s->err;
		if (index + symbol > nlen + ndist)
			return INFLATE_ERR_DATA;
		while (symbol--)
			lengths[index++] = len;
	}
	if (lengths[256] == 0)
		return INFLATE_ERR_DATA;	/* no end-of-block code */
	err = construct(&lencode, lengths, nlen);
	if (err && (err < 0 || nlen != lencode.count[0] + lencode.count[1]))
		return INFLATE_ERR_DATA;
	err = construct(&distcode, lengths + nlen, ndist);
	if (err && (err < 0 || ndist != distcode.count[0] + distcode.count[1]))
		return INFLATE_ERR_DATA;
	return codes(s, &lencode, &distcode);
}

int inflate_raw(u8 *out, size_t outlen, size_t *outdone, const u8 *in, size_t inlen,
		size_t *indone)
{
	struct inflate_state s = { .out = out, .outlen = outlen, .in = in, .inlen = inlen };
	int last, type, err;

	do {
		last = bits(&s, 1);
		type = bits(&s, 2);
		if (s.err) {
			err = s.err;
			break;
		}
		if (type == 0)
			err = stored(&s);
		else if (type == 1)
			err = fixed(&s);
		else if (type == 2)
			err = dynamic(&s);
		else
			err = INFLATE_ERR_DATA;
	} while (!err && !last);
	*outdone = s.outcnt;
	*indone = s.incnt;
	return err;
}

/* The IEEE CRC-32 of gzip, bitwise (no table to keep the decompressor small). */
u32 crc32_le(u32 crc, const u8 *p, size_t n)
{
	int k;

	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

static u32 le32(const u8 *p)
{
	return p[0] | (p[1] << 8) | (p[2] << 16) | ((u32)p[3] << 24);
}

int gunzip(u8 *out, size_t outlen, size_t *outdone, const u8 *in, size_t inlen)
{
	size_t pos = 10, used;
	u8 flags;
	int err;

	*outdone = 0;
	if (inlen < 18 || in[0] != 0x1f || in[1] != 0x8b)
		return INFLATE_ERR_MAGIC;
	if (in[2] != 8)
		return INFLATE_ERR_METHOD;
	flags = in[3];
	if (flags & 0xe0)
		return INFLATE_ERR_METHOD;
	if (flags & 4) {		/* FEXTRA */
		if (pos + 2 > inlen)
			return INFLATE_ERR_INPUT;
		pos += 2 + (in[pos] | (in[pos + 1] << 8));
	}
	if (flags & 8)			/* FNAME */
		while (pos < inlen && in[pos++])
			;
	if (flags & 16)			/* FCOMMENT */
		while (pos < inlen && in[pos++])
			;
	if (flags & 2)			/* FHCRC */
		pos += 2;
	if (pos + 8 > inlen)
		return INFLATE_ERR_INPUT;
	err = inflate_raw(out, outlen, outdone, in + pos, inlen - pos - 8, &used);
	if (err)
		return err;
	pos += used;
	if (le32(in + pos + 4) != (u32)*outdone)
		return INFLATE_ERR_LENGTH;
	if (le32(in + pos) != crc32_le(0, out, *outdone))
		return INFLATE_ERR_CRC;
	return 0;
}

const char *inflate_strerror(int err)
{
	switch (err) {
	case INFLATE_ERR_INPUT: return "compressed data ends early";
	case INFLATE_ERR_OUTPUT: return "output buffer too small";
	case INFLATE_ERR_DATA: return "invalid deflate data";
	case INFLATE_ERR_MAGIC: return "not gzip data";
	case INFLATE_ERR_METHOD: return "unsupported gzip method or flags";
	case INFLATE_ERR_LENGTH: return "length check failed";
	case INFLATE_ERR_CRC: return "CRC check failed";
	default: return "ok";
	}
}
