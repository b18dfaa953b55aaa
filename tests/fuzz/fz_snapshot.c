/*
 * The snapshot loader (emu/replay/vmstate.c): the small machine loads
 * the input. With the first byte odd, the rest is the state stream itself,
 * wrapped here into a snapshot file with the right header, lengths and
 * checksums, so the fuzzer works on the sections (configuration, machine,
 * CPU, RAM, every device, the disk overlay) rather than on zlib; with it
 * even, the rest is the whole file. A loaded machine then runs a little.
 *
 * `fz_snapshot --seeds DIR` writes seeds from a machine that has run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "emu/replay/vmstate.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/tiny_machine.h"

void fuzz_setup(void)
{
}

/* The snapshot file around a raw stream (the layout vm_save_file writes). */
static u8 *wrap(const u8 *raw, size_t n, size_t *flen)
{
	uLongf clen = compressBound(n);
	u8 *f = malloc(clen + 24);
	if (!f || compress2(f + 24, &clen, raw, n, 1) != Z_OK)
		exit(2);
	memcpy(f, "LUCIDVM\n", 8);
	st32(f + 8, VM_FILE_VERSION);
	st32(f + 12, (u32)n);
	st32(f + 16, (u32)crc32(0, raw, n));
	st32(f + 20, (u32)crc32(0, f + 24, clen));
	*flen = clen + 24;
	return f;
}

void fuzz_one(const u8 *data, size_t len)
{
	if (!len)
		return;
	struct machine *m = tiny_machine();
	char err[512];
	const char *path;
	if (data[0] & 1) {
		size_t flen;
		u8 *f = wrap(data + 1, len - 1, &flen);
		path = fuzz_file(0, f, flen);
		free(f);
	} else {
		path = fuzz_file(0, data + 1, len - 1);
	}
	if (!vm_load_file(m, path, err, sizeof(err)))
		machine_run_for(m, 2000);
	else
		fuzz_note("refused", err);
	tiny_machine_done();
}

int fuzz_seeds(const char *dir)
{
	struct machine *m = tiny_machine_new();
	machine_run_for(m, 5000);
	char path[512], err[512];
	snprintf(path, sizeof(path), "%s/file.snap", dir);
	if (vm_save_file(m, path, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s\n", err);
		return 1;
	}
	/* The same state as a raw stream (first byte 1) and as a file (0). */
	struct snap_writer w;
	snap_writer_init(&w);
	vm_save(m, &w);
	snprintf(path, sizeof(path), "%s/stream", dir);
	FILE *f = fopen(path, "wb");
	int ok = f && fputc(1, f) == 1 && fwrite(w.buf, 1, w.len, f) == w.len;
	ok = f && !fclose(f) && ok;
	snap_writer_free(&w);
	machine_destroy(m);
	/* file.snap gets its mode byte in front. */
	size_t n;
	snprintf(path, sizeof(path), "%s/file.snap", dir);
	FILE *in = fopen(path, "rb");
	u8 *buf = malloc(64u << 20);
	n = in && buf ? fread(buf, 1, 64u << 20, in) : 0;
	if (in)
		fclose(in);
	remove(path);
	snprintf(path, sizeof(path), "%s/file", dir);
	f = fopen(path, "wb");
	ok = ok && f && fputc(0, f) == 0 && fwrite(buf, 1, n, f) == n;
	ok = f && !fclose(f) && ok;
	free(buf);
	return ok && n ? 0 : 1;
}
