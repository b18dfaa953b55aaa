/* Saved state streams (see snap.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/snap.h"

void snap_writer_init(struct snap_writer *w)
{
	memset(w, 0, sizeof(*w));
}

void snap_writer_free(struct snap_writer *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

void snap_put_bytes(struct snap_writer *w, const void *p, size_t n)
{
	if (w->failed)
		return;
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		while (cap < w->len + n)
			cap *= 2;
		u8 *nb = realloc(w->buf, cap);
		if (!nb) {
			w->failed = true;
			return;
		}
		w->buf = nb;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void snap_put_section(struct snap_writer *w, const char tag[4], u32 version, const void *p,
		      u32 n)
{
	u8 hdr[12];
	memcpy(hdr, tag, 4);
	st32(hdr + 4, version);
	st32(hdr + 8, n);
	snap_put_bytes(w, hdr, sizeof(hdr));
	snap_put_bytes(w, p, n);
}

void snap_reader_init(struct snap_reader *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->error[0] = 0;
}

int snap_get_bytes(struct snap_reader *r, void *p, size_t n)
{
	if (r->len - r->pos < n) {
		snprintf(r->error, sizeof(r->error), "truncated at byte %zu", r->pos);
		return -1;
	}
	memcpy(p, r->buf + r->pos, n);
	r->pos += n;
	return 0;
}

int snap_get_section(struct snap_reader *r, const char tag[4], u32 version, void *p, u32 n)
{
	u8 hdr[12];
	if (snap_get_bytes(r, hdr, sizeof(hdr)))
		return -1;
	if (memcmp(hdr, tag, 4)) {
		snprintf(r->error, sizeof(r->error), "expected section '%.4s', found '%.4s'", tag,
			 (const char *)hdr);
		return -1;
	}
	if (ld32(hdr + 4) != version || ld32(hdr + 8) != n) {
		snprintf(r->error, sizeof(r->error),
			 "section '%.4s' is version %u, %u bytes; expected version %u, %u bytes",
			 tag, ld32(hdr + 4), ld32(hdr + 8), version, n);
		return -1;
	}
	return snap_get_bytes(r, p, n);
}

u32 snap_peek_version(const struct snap_reader *r, const char tag[4])
{
	if (r->len - r->pos < 12 || memcmp(r->buf + r->pos, tag, 4))
		return 0;
	return ld32(r->buf + r->pos + 4);
}

int snap_get_section_var(struct snap_reader *r, const char tag[4], u32 version, const u8 **p,
			 u32 *n)
{
	u8 hdr[12];
	if (snap_get_bytes(r, hdr, sizeof(hdr)))
		return -1;
	if (memcmp(hdr, tag, 4) || ld32(hdr + 4) != version) {
		snprintf(r->error, sizeof(r->error), "expected section '%.4s' version %u", tag,
			 version);
		return -1;
	}
	*n = ld32(hdr + 8);
	if (r->len - r->pos < *n) {
		snprintf(r->error, sizeof(r->error), "section '%.4s' is truncated", tag);
		return -1;
	}
	*p = r->buf + r->pos;
	r->pos += *n;
	return 0;
}
