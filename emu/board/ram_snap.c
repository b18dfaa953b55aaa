/*
 * RAM in snapshots: one "RAM " section of (page number, page) pairs, in page
 * order, for every page that is not all zero. The bus's non-zero bitmap
 * says which pages can hold anything, so the rest are skipped unread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/board/bus.h"
#include "emu/lib/snap.h"

#define RAM_SNAP_VERSION 1

/* Whether a 4 KiB page is all zero: 64 bytes at a time, OR-ed together,
 * which the compiler turns into vector loads. */
static bool page_is_zero(const u8 *p)
{
	for (u32 i = 0; i < PAGE_SIZE; i += 64) {
		u64 w[8], acc = 0;
		memcpy(w, p + i, sizeof(w));
		for (int k = 0; k < 8; k++)
			acc |= w[k];
		if (acc)
			return false;
	}
	return true;
}

/* Whether bit n of a page bitmap is set. */
static inline bool page_bit(const u8 *bitmap, u32 n)
{
	return bitmap[n >> 3] >> (n & 7) & 1;
}

void bus_save_ram(void *opaque, struct snap_writer *w)
{
	struct bus *bus = opaque;
	u32 npages = bus->ram_size / PAGE_SIZE, used = 0;
	const u8 *nz = bus->nonzero_bitmap;
	u8 hdr[12];

	/* The section's length is patched in once the pages are written. */
	memcpy(hdr, "RAM ", 4);
	st32(hdr + 4, RAM_SNAP_VERSION);
	st32(hdr + 8, 0);
	size_t hdr_pos = w->len;
	snap_put_bytes(w, hdr, sizeof(hdr));
	for (u32 p = 0; p < npages; p++) {
		if (!nz[p >> 3]) {
			p |= 7;		/* none of these eight */
			continue;
		}
		const u8 *pg = bus->ram + (size_t)p * PAGE_SIZE;
		if (!page_bit(nz, p) || page_is_zero(pg))
			continue;
		u8 pn[4];
		st32(pn, p);
		snap_put_bytes(w, pn, 4);
		snap_put_bytes(w, pg, PAGE_SIZE);
		used++;
	}
	if (!w->failed)
		st32(w->buf + hdr_pos + 8, used * (4 + PAGE_SIZE));
}

/* Zero every page that may be non-zero and is not in keep. */
static void clear_unlisted(struct bus *bus, const u8 *keep)
{
	u32 npages = bus->ram_size / PAGE_SIZE;

	for (u32 pn = 0; pn < npages; pn++) {
		if (!bus->nonzero_bitmap[pn >> 3]) {
			pn |= 7;
			continue;
		}
		if (!page_bit(bus->nonzero_bitmap, pn) || page_bit(keep, pn))
			continue;
		u8 *pg = bus->ram + (size_t)pn * PAGE_SIZE;
		if (!page_is_zero(pg)) {
			memset(pg, 0, PAGE_SIZE);
			bus->dirty_bitmap[pn >> 3] |= 1u << (pn & 7);
		}
	}
}

/*
 * The listed pages take their contents, every other page becomes zero.
 * Only pages that change are written and marked dirty (so the next digest
 * rehashes just those), and only pages that may be non-zero need clearing.
 * Afterwards the non-zero bitmap is exactly the loaded pages; the caller
 * flushes the CPU's TLB so that no stale writable entry can dirty a page
 * unseen.
 */
int bus_load_ram(void *opaque, struct snap_reader *r)
{
	struct bus *bus = opaque;
	u32 npages = bus->ram_size / PAGE_SIZE, bytes = npages / 8 + 1;
	const u8 *p;
	u32 n;

	if (snap_get_section_var(r, "RAM ", RAM_SNAP_VERSION, &p, &n))
		return -1;
	if (n % (4 + PAGE_SIZE)) {
		snprintf(r->error, sizeof(r->error), "RAM section has a partial page");
		return -1;
	}
	u8 *keep = calloc(1, bytes);	/* the pages the snapshot lists */
	if (!keep) {
		snprintf(r->error, sizeof(r->error), "out of memory loading RAM");
		return -1;
	}
	for (u32 off = 0; off < n; off += 4 + PAGE_SIZE) {
		u32 pn = ld32(p + off);
		if (pn >= npages) {
			snprintf(r->error, sizeof(r->error), "RAM page %u is past the end of RAM", pn);
			free(keep);
			return -1;
		}
		u8 *pg = bus->ram + (size_t)pn * PAGE_SIZE;
		if (memcmp(pg, p + off + 4, PAGE_SIZE)) {
			memcpy(pg, p + off + 4, PAGE_SIZE);
			bus_mark_dirty(bus, pn * PAGE_SIZE);	/* and may be non-zero */
		}
		keep[pn >> 3] |= 1u << (pn & 7);
	}
	clear_unlisted(bus, keep);
	memcpy(bus->nonzero_bitmap, keep, bytes);
	free(keep);
	return 0;
}
