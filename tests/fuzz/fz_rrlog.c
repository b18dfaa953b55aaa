/*
 * The record log reader (emu/replay/replay.c): the small machine opens
 * the input for replay. With the first byte odd, the rest is the record
 * stream itself (events, digests, the end record), put here behind a header
 * that matches the machine and compressed with the right checksums, so the
 * fuzzer works on the records; with it even, the rest is the whole log
 * file (magic, header, checksums, zlib). An accepted log is replayed to its
 * end (at most 5000 instructions) and finished.
 *
 * `fz_rrlog --seeds DIR` records seeds on the same machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "emu/replay/replay.h"
#include "emu/replay/vmstate.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/tiny_machine.h"

#define RUN_MAX 5000

void fuzz_setup(void)
{
}

/* A log file for machine m around the record stream rec. */
static u8 *wrap(struct machine *m, const u8 *rec, size_t n, size_t *flen)
{
	char meta[256], cfg[1024];
	snprintf(meta, sizeof(meta), "lucid=%s\nstart_time=fuzz\ninterval=1000\nstart_icount=0\n",
		 LUCID_VERSION);
	if (!vm_config(m, true, cfg, sizeof(cfg)))
		exit(2);
	size_t ml = strlen(meta), cl = strlen(cfg), hl = 4 + 4 + ml + 4 + cl;
	uLongf zl = compressBound(n);
	u8 *f = malloc(8 + hl + 4 + zl + 4);
	if (!f)
		exit(2);
	memcpy(f, "LUCIDREC", 8);
	u8 *h = f + 8;
	st32(h, RR_FORMAT_VERSION);
	st32(h + 4, ml);
	memcpy(h + 8, meta, ml);
	st32(h + 8 + ml, cl);
	memcpy(h + 12 + ml, cfg, cl);
	st32(h + hl, (u32)crc32(0, h, hl));
	u8 *z = h + hl + 4;
	if (compress2(z, &zl, rec, n, 1) != Z_OK)
		exit(2);
	st32(z + zl, (u32)crc32(0, z, zl));
	*flen = 8 + hl + 4 + zl + 4;
	return f;
}

void fuzz_one(const u8 *data, size_t len)
{
	if (!len)
		return;
	struct machine *m = tiny_machine();
	char err[700];
	const char *path;
	if (data[0] & 1) {
		size_t flen;
		u8 *f = wrap(m, data + 1, len - 1, &flen);
		path = fuzz_file(0, f, flen);
		free(f);
	} else {
		path = fuzz_file(0, data + 1, len - 1);
	}
	struct rr *rr = rr_replay_start(m, path, err, sizeof(err));
	if (rr) {
		u64 end = rr_end_icount(rr);
		machine_run(m, end < RUN_MAX ? end : RUN_MAX);
		if (rr_finish(rr, 0, err, sizeof(err)))
			fuzz_note("replay", err);
		else
			fuzz_note("replay", "matched");
	} else {
		fuzz_note("refused", err);
	}
	tiny_machine_done();
}

/* Prefix a file with a mode byte, in place. */
static int prefix(const char *path, const char *out, int mode, bool raw_records)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = malloc(16u << 20);
	size_t n = f && buf ? fread(buf, 1, 16u << 20, f) : 0;
	if (f)
		fclose(f);
	const u8 *p = buf;
	u8 *inflated = NULL;
	if (raw_records && n) {
		/* Skip magic and header to the zlib stream; inflate it. */
		u32 ml = ld32(buf + 12), cl = ld32(buf + 16 + ml);
		size_t zs = 8 + 4 + 4 + ml + 4 + cl + 4;
		uLongf il = 64u << 20;
		inflated = malloc(il);
		if (!inflated || uncompress(inflated, &il, buf + zs, n - zs - 4) != Z_OK)
			n = 0;
		else
			p = inflated, n = il;
	}
	FILE *o = fopen(out, "wb");
	int ok = o && n && fputc(mode, o) == mode && fwrite(p, 1, n, o) == n;
	ok = o && !fclose(o) && ok;
	free(buf);
	free(inflated);
	return ok ? 0 : 1;
}

int fuzz_seeds(const char *dir)
{
	struct machine *m = tiny_machine_new();
	char path[512], out[512], err[512];
	snprintf(path, sizeof(path), "%s/log.tmp", dir);
	struct rr *rr = rr_record_start(m, path, 1000, "fuzz", err, sizeof(err));
	if (!rr) {
		fprintf(stderr, "fuzz: %s\n", err);
		return 1;
	}
	machine_run_for(m, 1500);
	machine_serial_input(m, 'a');
	machine_run_for(m, 1500);
	struct input_event ev = { .type = INPUT_KEY, .a = 28, .b = 1 };
	input_push(&m->input, &ev);
	machine_run_for(m, 1500);
	if (rr_finish(rr, 0, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s\n", err);
		return 1;
	}
	machine_destroy(m);
	snprintf(out, sizeof(out), "%s/file", dir);
	int bad = prefix(path, out, 0, false);
	snprintf(out, sizeof(out), "%s/records", dir);
	bad |= prefix(path, out, 1, true);
	remove(path);
	return bad;
}
