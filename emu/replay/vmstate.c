/*
 * Whole-machine snapshots and state digests (see vmstate.h; the design is in
 * docs/ARCHITECTURE.md, "Determinism"). The stream is a sequence of snap.h
 * sections: the configuration text, then whatever the machine's parts
 * registered (emu/board/vmsection.h): the machine's run state, clock and
 * pending input, the CPU, RAM, every device in list order, the disk
 * overlay; this file knows none of their contents. Files wrap the stream in
 * a header (magic, file version, length, CRC-32) and compress it with zlib.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "emu/board/disk.h"
#include "emu/cpu/cpu.h"
#include "emu/machine/machine.h"
#include "emu/replay/replay.h"
#include "emu/lib/hostfile.h"
#include "emu/lib/sha256.h"
#include "emu/replay/vmstate.h"

#define VM_MAGIC "LUCIDVM\n"
/* The largest snapshot file read back: 4 GiB of RAM and the devices, compressed. */
#define VM_FILE_MAX ((size_t)4 << 30)

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

static const char *drive_sha(struct machine *m, int i)
{
	char *out = m->drive_sha[i];
	if (!out[0] && sha256_file_hex(m->cfg.drive[i].path, out))
		snprintf(out, 65, "unreadable");
	return out;
}

static const char *drive_mode(const struct disk *d)
{
	return disk_is_snapshot(d) ? "snapshot" : disk_is_readonly(d) ? "readonly" : "direct";
}

/* A CD-ROM's mode line says so; a disk's is as it always was. */
static const char *drive_mode_of(const struct machine *m, int i)
{
	return m->cfg.drive[i].cdrom ? "cdrom" : drive_mode(m->drives[i]);
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
	/* Each only when set, so other machines' text is as it was. */
	/* Shadow RAM: every machine since it came; older logs and snapshots lack
	 * the line, and vm_config_adopt turns it off to replay them. */
	if (!m->bus.no_shadow) {
		int k = snprintf(buf + n, len - n, "shadow_ram=1\n");
		if (k < 0 || (size_t)k >= len - n)
			return NULL;
		n += k;
	}
	if (m->cfg.nx || m->cfg.bios_log_port || m->vga_rom_size) {
		char vga[40] = "";
		if (m->vga_rom_size)
			snprintf(vga, sizeof(vga), "vga_rom_bytes=%u\n", m->vga_rom_size);
		int k = snprintf(buf + n, len - n, "%s%s%s", m->cfg.nx ? "cpu_nx=1\n" : "",
				 m->cfg.bios_log_port ? "bios_log=1\n" : "", vga);
		if (k < 0 || (size_t)k >= len - n)
			return NULL;
		n += k;
	}
	/* The P6 became a Pentium II model 5 with MMX: its machines say so,
	 * and a log or snapshot without the line gets the model 3 it was
	 * made on (vm_config_adopt). */
	if (m->cfg.cpu_model == CPU_P6 && !m->cpu->p6_model3) {
		int k = snprintf(buf + n, len - n, "cpu_p6_model=5\n");
		if (k < 0 || (size_t)k >= len - n)
			return NULL;
		n += k;
	}
	if (m->cfg.mmx) {	/* likewise */
		int k = snprintf(buf + n, len - n, "cpu_mmx=1\n");
		if (k < 0 || (size_t)k >= len - n)
			return NULL;
		n += k;
	}
	if (with_images) {
		int k = snprintf(buf + n, len - n,
				 "bios_sha256=%s\ndisk_sha256=%s\nkernel_sha256=%s\n"
				 "initrd_sha256=%s\nappend=%s\n",
				 image_sha(m, 0), image_sha(m, 1), image_sha(m, 2), image_sha(m, 3),
				 m->cfg.append ? m->cfg.append : "");
		if (k < 0 || (size_t)k >= len - n)
			return NULL;
		n += k;
	}
	/* Disks past the primary master, each named by size, mode and SHA-256;
	 * a one-disk machine's text is as it always was, so its logs replay. */
	for (int i = 1; i < 4; i++) {
		struct disk *d = m->drives[i];
		if (!d)
			continue;
		int k = snprintf(buf + n, len - n, "disk%d_sectors=%llu\ndisk%d_mode=%s\n", i,
				 (unsigned long long)disk_sectors(d), i, drive_mode_of(m, i));
		if (k < 0 || (size_t)k >= len - n)
			return NULL;
		n += k;
		if (with_images) {
			k = snprintf(buf + n, len - n, "disk%d_sha256=%s\n", i, drive_sha(m, i));
			if (k < 0 || (size_t)k >= len - n)
				return NULL;
			n += k;
		}
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

void vm_config_adopt(struct machine *m, const char *want)
{
	size_t vlen;
	m->bus.no_shadow = !config_get(want, "shadow_ram", strlen("shadow_ram"), &vlen);
	if (m->cfg.cpu_model == CPU_P6)
		cpu_set_p6_model3(m->cpu, !config_get(want, "cpu_p6_model", strlen("cpu_p6_model"), &vlen));
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

/*
 * The stream: the configuration ("VMCF"), then the registered sections
 * (m->sections) in their order, with replay progress ("RRPG", this layer's
 * own) between the machine's run state and the CPU, where it always was.
 */
void vm_save(struct machine *m, struct snap_writer *w)
{
	char cfg[2048];
	vm_config(m, true, cfg, sizeof(cfg));
	snap_put_section(w, "VMCF", VM_SNAP_VERSION, cfg, strlen(cfg));
	vm_sections_save(&m->sections, w, 0, VM_ORDER_REPLAY);
	u64 prog[2];
	rr_save_progress(m->rr, prog);
	snap_put_section(w, "RRPG", VM_SNAP_VERSION, prog, sizeof(prog));
	vm_sections_save(&m->sections, w, VM_ORDER_REPLAY + 1, INT_MAX);
}

/* The configuration block first: a snapshot of another machine is refused
 * before anything is overwritten. */
static int check_config(struct machine *m, struct snap_reader *r, char *err, size_t errlen)
{
	const u8 *p;
	u32 n;
	if (snap_get_section_var(r, "VMCF", VM_SNAP_VERSION, &p, &n)) {
		snprintf(err, errlen, "not a machine snapshot (%s)", r->error);
		return -1;
	}
	char want[2048], have[2048];
	if (n >= sizeof(want)) {
		snprintf(err, errlen, "snapshot configuration block too long");
		return -1;
	}
	memcpy(want, p, n);
	want[n] = 0;
	vm_config_adopt(m, want);
	if (!vm_config(m, true, have, sizeof(have)) ||
	    vm_config_compare(want, have, "the snapshot", err, errlen))
		return -1;
	return 0;
}

int vm_load(struct machine *m, const void *buf, size_t len, char *err, size_t errlen)
{
	struct snap_reader r;
	snap_reader_init(&r, buf, len);
	if (check_config(m, &r, err, errlen))
		return -1;

	/* From here on the machine is being overwritten: a failure leaves it
	 * unusable, which the caller reports (the checks above catch the
	 * configurations that could be refused cleanly). */
	u64 prog[2];
	if (vm_sections_load(&m->sections, &r, 0, VM_ORDER_REPLAY) ||
	    snap_get_section(&r, "RRPG", VM_SNAP_VERSION, prog, sizeof(prog)))
		goto bad;
	rr_load_progress(m->rr, prog);
	if (vm_sections_load(&m->sections, &r, VM_ORDER_REPLAY + 1, INT_MAX) ||
	    vm_sections_after_load(&m->sections, &r))
		goto bad;
	if (r.pos != r.len) {
		snprintf(r.error, sizeof(r.error), "%zu bytes of trailing data", r.len - r.pos);
		goto bad;
	}
	/* Caches go: RAM changed under the TLB and the decoded blocks. */
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

int vm_load_file(struct machine *m, const char *path, char *err, size_t errlen)
{
	size_t len;
	u8 *f = host_read_file(path, NULL, VM_FILE_MAX, &len, err, errlen);
	if (!f)
		return -1;
	int ret = -1;
	u8 *raw = NULL;
	if (len < 12 || memcmp(f, VM_MAGIC, 8)) {
		snprintf(err, errlen, "'%s' is not a Lucid snapshot", path);
		goto out;
	}
	/* Versions count up from 1 one format change at a time: 0, or a number
	 * past a byte's range, is a damaged header, not another Lucid's file. */
	if (ld32(f + 8) == 0 || ld32(f + 8) > 255) {
		snprintf(err, errlen, "'%s': snapshot header is damaged (version field 0x%08x)", path,
			 ld32(f + 8));
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
	d->regs[VM_DIGEST_FPU] = (u32)vm_hash(&fi, sizeof(fi), VM_DIGEST_FPU);	/* the whole x87 state */

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
