/*
 * Saved state streams: what devices write for snapshots and what record and
 * replay digest. A stream is a sequence of sections, each a 4-character tag,
 * a u32 version, a u32 length and the bytes. Readers check tag, version and
 * length, so a snapshot from another layout is refused rather than misread.
 *
 * Convention for devices: keep the plain-data state in one struct with no
 * pointers and save it whole with snap_put_section; rebuild pointers and
 * re-arm timers in load.
 */
#ifndef LUCID_SNAP_H
#define LUCID_SNAP_H

#include "emu/lib/types.h"

struct snap_writer {
	u8 *buf;
	size_t len, cap;
	bool failed;		/* out of memory: the stream is unusable */
};

struct snap_reader {
	const u8 *buf;
	size_t len, pos;
	char error[128];	/* why the last get failed */
};

void snap_writer_init(struct snap_writer *w);
void snap_writer_free(struct snap_writer *w);
void snap_put_bytes(struct snap_writer *w, const void *p, size_t n);
void snap_put_section(struct snap_writer *w, const char tag[4], u32 version, const void *p,
		      u32 n);

void snap_reader_init(struct snap_reader *r, const void *buf, size_t len);
int snap_get_bytes(struct snap_reader *r, void *p, size_t n);
/* Read the next section into p (exactly n bytes). Returns 0, or -1 with r->error set. */
int snap_get_section(struct snap_reader *r, const char tag[4], u32 version, void *p, u32 n);
/* The version of the next section if its tag is tag, else 0 (nothing read). */
u32 snap_peek_version(const struct snap_reader *r, const char tag[4]);
/* The next section, of any length: *p points into the reader's buffer. */
int snap_get_section_var(struct snap_reader *r, const char tag[4], u32 version, const u8 **p,
			 u32 *n);

#endif
