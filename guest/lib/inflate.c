/*
 * A small DEFLATE decoder (RFC 1951) and gzip wrapper (RFC 1952), used by the
 * decompressor to unpack the kernel (and by the kernel's self-test).
 *
 * Decoding is table-driven, as zlib's inflate_fast is in spirit: each Huffman
 * code gets a table indexed by the next FASTBITS input bits, which gives the
 * symbol and its length at once; the few longer codes fall back to a walk of
 * the canonical code by lengths (Mark Adler's "puff" method). The hot loop
 * keeps its bit buffer in locals, reads ahead up to 32 bits, and copies
 * back-references four bytes at a time. CRC-32 uses four 256-entry tables
 * (slicing by 4), built on first use.
 *
 * Every read and write is bounds-checked, so a damaged image gives an error,
 * never a wild write.
 */
#include "../include/linux/inflate.h"	/* relative: also built on the host by tests/unit/inflate_test.c */

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "words are read little-endian");

#define MAXBITS 15		/* longest code */
#define MAXLCODES 286		/* literal/length codes */
#define MAXDCODES 30		/* distance codes */
#define MAXCODES (MAXLCODES + MAXDCODES)
#define FIXLCODES 288
#define FASTBITS 10		/* bits looked up at once (fixed codes are at most 9 long) */
#define FASTMASK ((1u << FASTBITS) - 1)
#define SYMMASK 0x1ff		/* a fast entry: symbol | length << 9 */

struct inflate_state {
	u8 *out;
	size_t outlen, outcnt;
	const u8 *in;
	size_t inlen, incnt;
	u32 bitbuf;		/* between calls: fewer than 8 bits, of in[incnt - 1] */
	int bitcnt;
	int err;		/* sticky: set by the first failing read */
};

struct huffman {
	u16 fast[1 << FASTBITS];	/* by the next FASTBITS bits; 0: a longer or unused code */
	short count[MAXBITS + 1];	/* codes of each length */
	short symbol[FIXLCODES];	/* symbols, ordered by code */
};

/*
 * The bit reader of the hot loop: a buffer of CNT bits (least significant
 * first, the rest zero), read ahead from [in, end). The bytes behind the
 * buffered bits are always the CNT / 8 bytes just before IN, so whole bytes
 * read ahead can be given back (bits_put).
 */
struct bitreader {
	u32 buf;
	int cnt;
	const u8 *in, *end;
};

/*
 * Fill the buffer to at least 25 bits, or with all the input that is left.
 * Away from the end, one word load does it: the bytes that fit are counted
 * in, and the bits of the next byte that also landed above CNT are the true
 * ones, so OR-ing that byte in again later changes nothing.
 */
static inline void refill(struct bitreader *br)
{
	u32 w;

	if (br->end - br->in >= 4) {
		__builtin_memcpy(&w, br->in, 4);	/* little-endian, asserted below */
		br->buf |= w << br->cnt;
		br->in += (31 - br->cnt) >> 3;
		br->cnt |= 24;
		return;
	}
	while (br->cnt <= 24 && br->in < br->end) {
		br->buf |= (u32)*br->in++ << br->cnt;
		br->cnt += 8;
	}
}

/* Take N (0..25) bits after a refill; -1 when the input ends first. */
static inline int take(struct bitreader *br, int n)
{
	u32 val = br->buf & ((1u << n) - 1);

	if (n > br->cnt)
		return -1;
	br->buf >>= n;
	br->cnt -= n;
	return val;
}

/*
 * A code longer than FASTBITS: walk the canonical code length by length.
 * Returns the symbol with the code's length above bit 16, or an error.
 */
static int decode_slow(const struct huffman *h, u32 buf, int cnt)
{
	int code = 0, first = 0, index = 0, len, count;

	for (len = 1; len <= MAXBITS; len++) {
		if (len > cnt)
			return INFLATE_ERR_INPUT;
		code |= buf & 1;
		buf >>= 1;
		count = h->count[len];
		if (code - count < first)
			return h->symbol[index + (code - first)] | len << 16;
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	return INFLATE_ERR_DATA;	/* ran out of codes */
}

/* Decode one symbol (after a refill); negative on error. */
static inline int decode(struct bitreader *br, const struct huffman *h)
{
	unsigned e = h->fast[br->buf & FASTMASK];
	int len = e >> 9;

	if (!len) {
		int r = decode_slow(h, br->buf, br->cnt);

		if (r < 0)
			return r;
		len = r >> 16;
		e = r & 0xffff;
	}
	if (len > br->cnt)
		return INFLATE_ERR_INPUT;	/* the code runs past the end */
	br->buf >>= len;
	br->cnt -= len;
	return e & SYMMASK;
}

static void bits_get(struct inflate_state *s, struct bitreader *br)
{
	br->buf = s->bitbuf;
	br->cnt = s->bitcnt;
	br->in = s->in + s->incnt;
	br->end = s->in + s->inlen;
}

/* Back into S, giving back the whole bytes read ahead. */
static void bits_put(struct inflate_state *s, struct bitreader *br)
{
	while (br->cnt >= 8) {
		br->in--;
		br->cnt -= 8;
	}
	s->bitbuf = br->buf & ((1u << br->cnt) - 1);
	s->bitcnt = br->cnt;
	s->incnt = br->in - s->in;
}

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

/* One symbol outside the hot loop (the code-length code of a dynamic block). */
static int decode_symbol(struct inflate_state *s, const struct huffman *h)
{
	struct bitreader br;
	int sym;

	bits_get(s, &br);
	refill(&br);
	sym = decode(&br, h);
	bits_put(s, &br);
	return sym;
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

/* CODE's LEN bits in reverse order: DEFLATE sends Huffman codes most significant bit first. */
static unsigned reverse(unsigned code, int len)
{
	unsigned rev = 0;

	while (len--) {
		rev = (rev << 1) | (code & 1);
		code >>= 1;
	}
	return rev;
}

/* The fast table: every FASTBITS-bit pattern that starts with a short code maps to it. */
static void construct_fast(struct huffman *h)
{
	unsigned code = 0, rev, step, i;
	int len, k, index = 0;
	u16 e;

	for (i = 0; i <= FASTMASK; i++)
		h->fast[i] = 0;
	for (len = 1; len <= FASTBITS; len++) {
		step = 1u << len;
		for (k = 0; k < h->count[len]; k++, code++, index++) {
			e = h->symbol[index] | len << 9;
			for (rev = reverse(code, len); rev <= FASTMASK; rev += step)
				h->fast[rev] = e;
		}
		code <<= 1;
	}
}

/*
 * Build the decoding tables from code lengths. Returns 0 for a complete code,
 * > 0 for an incomplete one (allowed for single-code distance sets), < 0 for
 * an over-subscribed one (the tables are then not usable).
 */
static int construct(struct huffman *h, const short *length, int n)
{
	short offs[MAXBITS + 1];
	int symbol, len, left;

	for (len = 0; len <= MAXBITS; len++)
		h->count[len] = 0;
	for (symbol = 0; symbol < n; symbol++)
		h->count[length[symbol]]++;
	if (h->count[0] == n) {
		construct_fast(h);	/* no codes: every lookup fails */
		return 0;
	}
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
	construct_fast(h);
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

/*
 * Copy LEN bytes from DIST back. The source may overlap the destination
 * (DIST < LEN repeats a pattern), so words are copied only from at least
 * four bytes back: a short distance is first widened to a multiple of itself
 * that is, which the repeating pattern allows once that many bytes exist.
 */
static u8 *copy_match(u8 *op, unsigned dist, int len)
{
	const u8 *from = op - dist;
	int head;
	u32 w;

	if (dist < 4) {
		head = (dist == 3 ? 6 : 4) - dist;	/* then DIST + HEAD back is the same pattern */
		for (; head > 0 && len > 0; head--, len--, op++)
			*op = op[-(int)dist];
		if (!len)
			return op;
		from = op - (dist == 3 ? 6 : 4);
	}
	while (len >= 4) {
		__builtin_memcpy(&w, from, 4);
		__builtin_memcpy(op, &w, 4);
		op += 4;
		from += 4;
		len -= 4;
	}
	while (len-- > 0)
		*op++ = *from++;
	return op;
}
/* Decode literals and length/distance pairs until end-of-block (256). */
static int codes(struct inflate_state *s, const struct huffman *lencode,
		 const struct huffman *distcode)
{
	struct bitreader br;
	u8 *op = s->out + s->outcnt, *outend = s->out + s->outlen;
	int symbol, len, extra, err;
	unsigned dist;

	bits_get(s, &br);
	for (;;) {
		refill(&br);
		symbol = decode(&br, lencode);
		if (symbol < 256) {
			if (symbol < 0) {
				err = symbol;
				break;
			}
			if (op >= outend) {
				err = INFLATE_ERR_OUTPUT;
				break;
			}
			*op++ = symbol;
			continue;
		}
		if (symbol == 256) {
			err = 0;
			break;
		}
		symbol -= 257;
		err = INFLATE_ERR_DATA;
		if (symbol >= 29)
			break;
		extra = take(&br, lext[symbol]);	/* at most 15 + 5 of the 25 bits */
		if (extra < 0) {
			err = INFLATE_ERR_INPUT;
			break;
		}
		len = lbase[symbol] + extra;
		refill(&br);
		symbol = decode(&br, distcode);
		if (symbol < 0) {
			err = symbol;
			break;
		}
		if (symbol >= 30)
			break;
		refill(&br);
		extra = take(&br, dext[symbol]);
		if (extra < 0) {
			err = INFLATE_ERR_INPUT;
			break;
		}
		dist = dbase[symbol] + extra;
		if (dist > (unsigned)(op - s->out))
			break;				/* before the start */
		if (len > outend - op) {
			err = INFLATE_ERR_OUTPUT;
			break;
		}
		op = copy_match(op, dist, len);
	}
	s->outcnt = op - s->out;
	bits_put(s, &br);
	return err;
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
		int symbol = decode_symbol(s, &lencode), len = 0;

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

/*
 * The IEEE CRC-32 of gzip (reflected, polynomial 0xedb88320), four bytes a
 * step: crc32_table[k][b] is the CRC of byte B followed by K zero bytes, so a
 * little-endian word XORed into the CRC folds in with four lookups.
 */
static u32 crc32_table[4][256];


static void crc32_init(void)
{
	u32 c;
	int n, k;

	for (n = 0; n < 256; n++) {
		c = n;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320 & -(c & 1));
		crc32_table[0][n] = c;
	}
	for (n = 0; n < 256; n++) {
		c = crc32_table[0][n];
		for (k = 1; k < 4; k++) {
			c = crc32_table[0][c & 0xff] ^ (c >> 8);
			crc32_table[k][n] = c;
		}
	}
}

u32 crc32_le(u32 crc, const u8 *p, size_t n)
{
	const u32 (*t)[256] = crc32_table;
	u32 w;

	if (!crc32_table[0][1])
		crc32_init();
	crc = ~crc;
	for (; n && ((unsigned long)p & 3); n--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	for (; n >= 4; n -= 4, p += 4) {
		__builtin_memcpy(&w, p, 4);
		crc ^= w;
		crc = t[3][crc & 0xff] ^ t[2][(crc >> 8) & 0xff] ^
		      t[1][(crc >> 16) & 0xff] ^ t[0][crc >> 24];
	}
	for (; n; n--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
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
