/*
 * Whole-machine snapshots and state digests (see vmstate.h; the design is in
 * docs/ARCHITECTURE.md, "Determinism"). The stream is a sequence of snap.h
 * sections: the configuration text, the machine's run state and clock, the
 * CPU (cpu_snap.c), RAM as (page number, page) pairs with all-zero pages
 * left out, every device in list order, the disk overlay, and the input
 * events still waiting in the queue. Files wrap the stream in a header
 * (magic, file version, length, CRC-32) and compress it with zlib.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "emu/cpu/cpu_internal.h"
#include "emu/board/disk.h"
#include "emu/machine/machine.h"
#include "emu/replay/replay.h"
#include "emu/lib/sha256.h"
#include "emu/replay/vmstate.h"

#define VM_MAGIC "LUCIDVM\n"

/* ---------------------------------------------------------------- hashing */

u64 vm_hash(const void *p, size_t n, u64 seed)
{
	/* Four independent multiply-xor lanes (so the multiplies overlap),
	 * folded at the end: good enough to tell states apart, not
	 * cryptographic (nothing here is adversarial). */
	const u8 *b = p;
	u64 h = seed ^ 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
	u64 l0 = h, l1 = h ^ 1, l2 = h ^ 2, l3 = h ^ 3;
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		u64 w[4];
		memcpy(w, b + i, 32);
		l0 = (l0 ^ w[0]) * 0x100000001b3ull;
		l1 = (l1 ^ w[1]) * 0x100000001b3ull;
		l2 = (l2 ^ w[2]) * 0x100000001b3ull;
		l3 = (l3 ^ w[3]) * 0x100000001b3ull;
		l0 ^= l0 >> 29;
		l1 ^= l1 >> 29;
		l2 ^= l2 >> 29;
		l3 ^= l3 >> 29;
	}
	h = l0 ^ (l1 * 0xff51afd7ed558ccdull) ^ (l2 * 0xc4ceb9fe1a85ec53ull) ^
	    (l3 * 0x9e3779b97f4a7c15ull);
	for (; i + 8 <= n; i += 8) {
		u64 w;
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

/* ---------------------------------------------------------- configuration */

static const char *image_sha(struct machine *m, int which)
{
	static const char none[] = "none";
	char *out = m->image_sha[which];
	if (out[0])
		return out;
	const char *path = which == 1 ? m->cfg.disk : which == 2 ? m->cfg.kernel :
			   m->cfg.initrd;
	if (which == 0)
		sha256_hex(m->bus.rom, m->bus.rom_size, out);
	else if (!path)
		return none;
	else if (sha256_file_hex(path, out))
		snprintf(out, 65, "unreadable");
	return out;
}

char *vm_config(struct machine *m, bool with_images, char *buf, size_t len)
{
	int n = snprintf(buf, len,
			 "ram=%u\ncpu=%s\nips=%llu\nrtc_base=%lld\nno_reboot=%d\n"
			 "disk_sectors=%llu\ndisk_mode=%s\n",
			 m->cfg.ram_size, cpu_model_name(m->cfg.cpu_model),
			 (unsigned long long)m->clock.ips, (long long)m->cfg.rtc_base,
			 m->cfg.no_reboot ? 1 : 0,
			 (unsigned long long)(m->disk ? disk_sectors(m->disk) : 0),
			 !m->disk ? "none" : disk_is_snapshot(m->disk) ? "snapshot" : "direct");
	if (n < 0 || (size_t)n >= len)
		return NULL;
	if (with_images) {
		int k = snprintf(buf + n, len - n,
				 "bios_sha256=%s\ndisk_sha256=%s\nkernel_sha256=%s\n"
				 "initrd_sha256=%s\nappend=%s\n",
				 image_sha(m, 0), image_sha(m, 1), image_sha(m, 2), image_sha(m, 3),
				 m->cfg.append ? m->cfg.append : "");
		if (k < 0 || (size_t)k >= len - n)
			return NULL;
	}
	return buf;
}

/* Find key's value in "k=v\n" text: its start and length. */
static const char *config_get(const char *text, const char *key, size_t klen, size_t *vlen)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (!strncmp(l, key, klen) && l[klen] == '=') {
			const char *v = l + klen + 1, *e = strchr(v, '\n');
			*vlen = e ? (size_t)(e - v) : strlen(v);
			return v;
		}
	}
	return NULL;
}

int vm_config_compare(const char *want, const char *have, const char *what, char *err,
		      size_t errlen)
{
	/* Every key of either side must be present in both with the same value. */
	for (int side = 0; side < 2; side++) {
		const char *a = side ? have : want, *b = side ? want : have;
		for (const char *l = a; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
			const char *eq = strchr(l, '=');
			const char *nl = strchr(l, '\n');
			if (!eq || (nl && nl < eq))
				continue;
			size_t klen = eq - l, alen = nl ? (size_t)(nl - eq - 1) : strlen(eq + 1), blen;
			const char *bv = config_get(b, l, klen, &blen);
			if (bv && blen == alen && !memcmp(bv, eq + 1, alen))
				continue;
			const char *wv = side ? bv : eq + 1, *hv = side ? eq + 1 : bv;
			size_t wl = side ? blen : alen, hl = side ? alen : blen;
			snprintf(err, errlen, "%.*s differs: %s has %.*s, this machine has %.*s",
				 (int)klen, l, what, wv ? (int)(wl > 80 ? 80 : wl) : 7,
				 wv ? wv : "nothing", hv ? (int)(hl > 80 ? 80 : hl) : 7,
				 hv ? hv : "nothing");
			return -1;
		}
	}
	return 0;
}

/* ----------------------------------------------------------- the stream */

struct vm_mach {
	u64 icount;
	u64 resets;
	u32 reset_pending, exit_pending;
	s32 exit_status;
	u32 nevents;		/* pending input events that follow */
	u32 a20_mask;		/* the bus's A20 gate (port 0x92 and the 8042 drive it) */
	u32 pad;		/* explicit, always 0: saved bytes must not carry stack garbage */
};

static void put_var(struct snap_writer *w, const char tag[4], const void *p, u32 n)
{
	snap_put_section(w, tag, VM_SNAP_VERSION, p, n);
}

/* A section of any length: returns its length and data pointer. */
static int get_var(struct snap_reader *r, const char tag[4], const u8 **p, u32 *n)
{
	u8 hdr[12];
	if (snap_get_bytes(r, hdr, sizeof(hdr)))
		return -1;
	if (memcmp(hdr, tag, 4) || ld32(hdr + 4) != VM_SNAP_VERSION) {
		snprintf(r->error, sizeof(r->error), "expected section '%.4s' version %u", tag,
			 VM_SNAP_VERSION);
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

void vm_save(struct machine *m, struct snap_writer *w)
{
	char cfg[1024];
	vm_config(m, true, cfg, sizeof(cfg));
	put_var(w, "VMCF", cfg, strlen(cfg));

	struct vm_mach s = {
		.icount = m->clock.icount, .resets = m->resets,
		.reset_pending = m->reset_pending, .exit_pending = m->exit_pending,
		.exit_status = m->exit_status, .nevents = m->input.count,
		.a20_mask = m->bus.a20_mask,
	};
	snap_put_section(w, "MACH", VM_SNAP_VERSION, &s, sizeof(s));
	for (u32 i = 0; i < m->input.count; i++)
		snap_put_bytes(w, &m->input.ev[(m->input.head + i) % m->input.cap],
			       sizeof(struct input_event));
	u64 prog[2];
	rr_save_progress(m->rr, prog);
	snap_put_section(w, "RRPG", VM_SNAP_VERSION, prog, sizeof(prog));
	cpu_save(m->cpu, w);

	/* RAM: (page number, page) for each non-zero page, in page order. Only
	 * pages the bus has seen written can be non-zero (nonzero_bitmap); the
	 * rest are skipped unread. The section's length is patched in after. */
	u32 npages = m->bus.ram_size / PAGE_SIZE, used = 0;
	const u8 *nz = m->bus.nonzero_bitmap;
	u8 hdr[12];
	memcpy(hdr, "RAM ", 4);
	st32(hdr + 4, VM_SNAP_VERSION);
	st32(hdr + 8, 0);
	size_t hdr_pos = w->len;
	snap_put_bytes(w, hdr, sizeof(hdr));
	for (u32 p = 0; p < npages; p++) {
		if (!nz[p >> 3]) {
			p |= 7;		/* none of these eight */
			continue;
		}
		const u8 *pg = m->bus.ram + (size_t)p * PAGE_SIZE;
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
	machine_save_devices(m, w);
	u8 has_disk = m->disk != NULL;
	snap_put_section(w, "DISK", VM_SNAP_VERSION, &has_disk, 1);
	if (m->disk)
		disk_save_overlay(m->disk, w);
}

/*
 * RAM from a RAM section's n bytes of (page number, page) pairs: the listed
 * pages take their contents, every other page becomes zero. Only pages that
 * change are written and marked dirty (so the next digest rehashes just
 * those), and only pages that may be non-zero need clearing. Afterwards the
 * non-zero bitmap is exactly the loaded pages; the caller flushes the TLB so
 * that no stale writable entry can dirty a page unseen. 0, or -1 with err.
 */
static int load_ram(struct bus *bus, const u8 *p, u32 n, char *err, size_t errlen)
{
	u32 npages = bus->ram_size / PAGE_SIZE, bytes = npages / 8 + 1;
	u8 *keep = calloc(1, bytes);	/* the pages the snapshot lists */
	if (!keep) {
		snprintf(err, errlen, "out of memory loading RAM");
		return -1;
	}
	for (u32 off = 0; off < n; off += 4 + PAGE_SIZE) {
		u32 pn = ld32(p + off);
		if (pn >= npages) {
			snprintf(err, errlen, "RAM page %u is past the end of RAM", pn);
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
	memcpy(bus->nonzero_bitmap, keep, bytes);
	free(keep);
	return 0;
}

int vm_load(struct machine *m, const void *buf, size_t len, char *err, size_t errlen)
{
	struct snap_reader r;
	const u8 *p;
	u32 n;
	snap_reader_init(&r, buf, len);
	if (get_var(&r, "VMCF", &p, &n)) {
		snprintf(err, errlen, "not a machine snapshot (%s)", r.error);
		return -1;
	}
	char want[1024], have[1024];
	if (n >= sizeof(want)) {
		snprintf(err, errlen, "snapshot configuration block too long");
		return -1;
	}
	memcpy(want, p, n);
	want[n] = 0;
	if (!vm_config(m, true, have, sizeof(have)) ||
	    vm_config_compare(want, have, "the snapshot", err, errlen))
		return -1;

	/* From here on the machine is being overwritten: a failure leaves it
	 * unusable, which the caller reports (the checks above catch the
	 * configurations that could be refused cleanly). */
	struct vm_mach s;
	if (snap_get_section(&r, "MACH", VM_SNAP_VERSION, &s, sizeof(s)))
		goto bad;
	if (s.nevents > (r.len - r.pos) / sizeof(struct input_event)) {
		snprintf(r.error, sizeof(r.error), "input queue section is truncated");
		goto bad;
	}
	m->input.count = 0;
	m->input.head = 0;
	bool closed = m->input.live_closed;
	m->input.live_closed = false;	/* saved events at icount 0 are not live */
	for (u32 i = 0; i < s.nevents; i++) {
		struct input_event ev;
		snap_get_bytes(&r, &ev, sizeof(ev));
		if (input_push(&m->input, &ev)) {
			m->input.live_closed = closed;
			snprintf(r.error, sizeof(r.error), "bad or unqueueable input event");
			goto bad;
		}
	}
	m->input.live_closed = closed;
	u64 prog[2];
	if (snap_get_section(&r, "RRPG", VM_SNAP_VERSION, prog, sizeof(prog)))
		goto bad;
	rr_load_progress(m->rr, prog);
	if (cpu_load(m->cpu, &r))
		goto bad;
	if (get_var(&r, "RAM ", &p, &n))
		goto bad;
	if (n % (4 + PAGE_SIZE)) {
		snprintf(r.error, sizeof(r.error), "RAM section has a partial page");
		goto bad;
	}
	if (load_ram(&m->bus, p, n, r.error, sizeof(r.error)))
		goto bad;
	/* Devices re-arm their timers from the clock: restore it first. */
	m->clock.icount = s.icount;
	m->resets = s.resets;
	m->reset_pending = s.reset_pending;
	m->exit_pending = s.exit_pending;
	m->exit_status = s.exit_status;
	size_t dev_pos = r.pos;
	if (machine_load_devices(m, &r))
		goto bad;
	/* Devices loaded after the interrupt controller drive their IRQ lines
	 * as they come up, which can latch requests the saved PIC did not have.
	 * The PIC is the first device: load it once more to undo that. */
	if (m->devices && !strcmp(m->devices->name, "pic") && m->devices->load) {
		struct snap_reader again;
		snap_reader_init(&again, buf, len);
		again.pos = dev_pos;
		if (m->devices->load(m->devices->dev, &again)) {
			snprintf(r.error, sizeof(r.error), "%s", again.error);
			goto bad;
		}
	}
	/* After the devices: whatever they set on load, the gate is as saved. */
	if (s.a20_mask != 0xFFFFFFFFu && s.a20_mask != ~(1u << 20)) {
		snprintf(r.error, sizeof(r.error), "bad A20 mask %08x", s.a20_mask);
		goto bad;
	}
	bus_set_a20(&m->bus, s.a20_mask == 0xFFFFFFFFu);
	u8 has_disk;
	if (snap_get_section(&r, "DISK", VM_SNAP_VERSION, &has_disk, 1))
		goto bad;
	if (has_disk != (m->disk != NULL)) {
		snprintf(r.error, sizeof(r.error), "disk presence differs");
		goto bad;
	}
	if (m->disk && disk_load_overlay(m->disk, &r))
		goto bad;
	if (r.pos != r.len) {
		snprintf(r.error, sizeof(r.error), "%zu bytes of trailing data", r.len - r.pos);
		goto bad;
	}
	cpu_flush_caches(m->cpu);
	return 0;
bad:
	snprintf(err, errlen, "snapshot is damaged: %s", r.error);
	return -1;
}

/* ------------------------------------------------------------------ files */

int vm_save_file(struct machine *m, const char *path, char *err, size_t errlen)
{
	struct snap_writer w;
	snap_writer_init(&w);
	vm_save(m, &w);
	if (w.failed) {
		snap_writer_free(&w);
		snprintf(err, errlen, "out of memory saving the machine");
		return -1;
	}
	uLongf clen = compressBound(w.len);
	u8 *c = malloc(clen + 24);
	if (!c || compress2(c + 24, &clen, w.buf, w.len, 1) != Z_OK) {
		free(c);
		snap_writer_free(&w);
		snprintf(err, errlen, "compressing the snapshot failed");
		return -1;
	}
	memcpy(c, VM_MAGIC, 8);
	st32(c + 8, VM_FILE_VERSION);
	st32(c + 12, (u32)w.len);
	st32(c + 16, (u32)crc32(0, w.buf, w.len));
	/* The compressed bytes too: deflate has slack a flipped bit can hide in. */
	st32(c + 20, (u32)crc32(0, c + 24, clen));
	snap_writer_free(&w);

	/* Write a temporary file and rename it, so a failure never leaves a
	 * half-written snapshot under the requested name. */
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errlen, "cannot create '%s': %s", tmp, strerror(errno));
		free(c);
		return -1;
	}
	bool ok = fwrite(c, 1, clen + 24, f) == clen + 24;
	ok = !fclose(f) && ok;
	free(c);
	if (!ok || rename(tmp, path)) {
		snprintf(err, errlen, "writing '%s' failed: %s", path, strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

/* Read a whole file into memory (NULL with err set). */
static u8 *read_all(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	u8 *buf = malloc(cap);
	size_t k;
	while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			u8 *nb = cap < (1u << 31) ? realloc(buf, cap * 2) : NULL;
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf)
		snprintf(err, errlen, "'%s' is too large to read", path);
	*len = n;
	return buf;
}

int vm_load_file(struct machine *m, const char *path, char *err, size_t errlen)
{
	size_t len;
	u8 *f = read_all(path, &len, err, errlen);
	if (!f)
		return -1;
	int ret = -1;
	u8 *raw = NULL;
	if (len < 12 || memcmp(f, VM_MAGIC, 8)) {
		snprintf(err, errlen, "'%s' is not a Lucid snapshot", path);
		goto out;
	}
	if (ld32(f + 8) != VM_FILE_VERSION) {
		snprintf(err, errlen, "'%s' is snapshot format version %u; this Lucid reads version %u",
			 path, ld32(f + 8), VM_FILE_VERSION);
		goto out;
	}
	if (len < 24 || (u32)crc32(0, f + 24, len - 24) != ld32(f + 20)) {
		snprintf(err, errlen, "'%s': snapshot is damaged or truncated (checksum)", path);
		goto out;
	}
	uLongf rlen = ld32(f + 12);
	/* A RAM image can compress very well, but not past zlib's ~1000:1. */
	if (rlen > (uLongf)(len - 24) * 1100 + 4096 || !(raw = malloc(rlen ? rlen : 1))) {
		snprintf(err, errlen, "'%s': snapshot header is damaged", path);
		goto out;
	}
	uLongf got = rlen;
	if (uncompress(raw, &got, f + 24, len - 24) != Z_OK || got != rlen ||
	    (u32)crc32(0, raw, rlen) != ld32(f + 16)) {
		snprintf(err, errlen, "'%s': snapshot is damaged or truncated (checksum)", path);
		goto out;
	}
	ret = vm_load(m, raw, rlen, err, errlen);
out:
	free(raw);
	free(f);
	return ret;
}

/* ---------------------------------------------------------------- digests */

static const char *const reg_names[VM_DIGEST_REGS] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags",
	"es", "cs", "ss", "ds", "fs", "gs", "cr0", "cr2", "cr3", "cr4",
	"ldtr", "tr", "cpl", "halted", "a20", "fpu",
};

const char *vm_digest_reg_name(int i)
{
	return i >= 0 && i < VM_DIGEST_REGS ? reg_names[i] : "?";
}

void vm_digest(struct machine *m, struct vm_digest *d)
{
	struct cpu *c = m->cpu;
	memset(d, 0, sizeof(*d));
	d->icount = m->clock.icount;
	for (int i = 0; i < 8; i++)
		d->regs[i] = c->regs[i];
	d->regs[8] = c->eip;
	d->regs[9] = cpu_get_eflags(c);
	for (int i = 0; i < 6; i++)
		d->regs[10 + i] = c->seg[i].sel;
	d->regs[16] = c->cr0;
	d->regs[17] = c->cr2;
	d->regs[18] = c->cr3;
	d->regs[19] = c->cr4;
	d->regs[20] = c->ldtr.sel;
	d->regs[21] = c->tr.sel;
	d->regs[22] = c->cpl;
	d->regs[23] = c->halted;
	d->regs[24] = m->bus.a20_mask;
	struct fpu_image fi;
	cpu_fpu_image(c, &fi);
	d->regs[25] = (u32)vm_hash(&fi, sizeof(fi), 25);	/* the whole x87 state */

	/* RAM: rehash only the pages written since the last digest, then hash
	 * each region's page hashes. Writable TLB entries are dropped so that
	 * the next write to any page refills and marks it again. */
	u32 npages = m->bus.ram_size / PAGE_SIZE;
	if (!m->page_hash) {
		m->page_hash = calloc(npages, sizeof(u64));
		memset(m->bus.dirty_bitmap, 0xFF, npages / 8 + 1);
	}
	u8 *dirty = m->bus.dirty_bitmap;
	for (u32 pb = 0; pb < (npages + 7) / 8; pb++) {
		if (!dirty[pb])
			continue;
		for (u32 p = pb * 8; p < pb * 8 + 8 && p < npages; p++)
			if ((dirty[pb] >> (p & 7) & 1) && m->page_hash)
				m->page_hash[p] = vm_hash(m->bus.ram + (size_t)p * PAGE_SIZE,
							  PAGE_SIZE, p);
		if (m->page_hash)
			dirty[pb] = 0;
	}
	if (m->page_hash)
		mmu_flush_tlb(c);
	u32 pr = (npages + VM_DIGEST_REGIONS - 1) / VM_DIGEST_REGIONS;
	d->region_size = pr * PAGE_SIZE;
	for (u32 p = 0; p < npages && d->nregions < VM_DIGEST_REGIONS; p += pr) {
		u32 n = npages - p < pr ? npages - p : pr;
		d->region[d->nregions++] = m->page_hash ?
			vm_hash(m->page_hash + p, n * sizeof(u64), p) :
			vm_hash(m->bus.ram + (size_t)p * PAGE_SIZE, (size_t)n * PAGE_SIZE, p);
	}
	struct snap_writer w;
	snap_writer_init(&w);
	for (struct device *dv = m->devices; dv && d->ndevices < VM_DIGEST_DEVICES; dv = dv->next) {
		w.len = 0;
		if (dv->save)
			dv->save(dv->dev, &w);
		d->device[d->ndevices] = vm_hash(w.buf, w.len, d->ndevices);
		d->ndevices++;
	}
	snap_writer_free(&w);
}

u64 vm_digest_sum(const struct vm_digest *d)
{
	return vm_hash(d, sizeof(*d), 0);
}

int vm_digest_diff(struct machine *m, const struct vm_digest *a, const struct vm_digest *b,
		   char *buf, size_t len)
{
	size_t n = 0;
	int diffs = 0;
#define OUT(...)                                                                  \
	do {                                                                      \
		if (n < len)                                                      \
			n += snprintf(buf + n, len - n, __VA_ARGS__);             \
	} while (0)
	buf[0] = 0;
	if (a->icount != b->icount) {
		OUT("icount %llu vs %llu; ", (unsigned long long)a->icount,
		    (unsigned long long)b->icount);
		diffs++;
	}
	for (int i = 0; i < VM_DIGEST_REGS; i++) {
		if (a->regs[i] != b->regs[i]) {
			OUT("%s %08x vs %08x; ", reg_names[i], a->regs[i], b->regs[i]);
			diffs++;
		}
	}
	for (u32 i = 0; i < a->nregions && i < b->nregions; i++) {
		if (a->region[i] != b->region[i]) {
			OUT("RAM %08x-%08x; ", i * a->region_size, (i + 1) * a->region_size - 1);
			diffs++;
		}
	}
	u32 k = 0;
	for (struct device *dv = m ? m->devices : NULL; k < a->ndevices && k < b->ndevices; k++) {
		if (a->device[k] != b->device[k]) {
			OUT("device %s; ", dv ? dv->name : "?");
			diffs++;
		}
		if (dv)
			dv = dv->next;
	}
	if (a->nregions != b->nregions || a->ndevices != b->ndevices) {
		OUT("layout differs; ");
		diffs++;
	}
	if (n >= 2 && n < len)
		buf[n - 2] = 0;
#undef OUT
	return diffs;
}
