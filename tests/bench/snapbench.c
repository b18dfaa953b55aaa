/*
 * Snapshot benchmark: save and load time and size for a 64 MiB guest (the
 * target is under 100 ms each, so time travel stays interactive). Boots the default guest image in
 * a 64 MiB machine to a given icount, then times the two kinds of snapshot
 * the emulator takes (emu/replay/vmstate.h): files (vm_save_file / vm_load_file,
 * the debugger's savevm/loadvm and -loadvm) and in-memory streams (vm_save /
 * vm_load, the checkpoints of time travel in emu/replay/timetravel.c).
 *
 * Each operation is repeated and the median and minimum reported, by wall
 * time (CLOCK_MONOTONIC) and by this process's CPU time: the host clock is
 * read here in the harness, never in emu/. On a machine shared with other
 * work the CPU-time figures are the steadier ones.
 *
 * The harness checks its own work. A second snapshot is taken mid-way
 * through the boot; before every timed load the machine is first put back
 * there (so each timed load really changes the state), and after it the
 * state digest (vm_digest) must equal the one taken right after the save.
 * Repeated saves of the same state must give the same bytes, and every
 * non-zero RAM page must be marked in the bus's nonzero_bitmap (snapshots
 * skip unmarked pages unread). Any mismatch
 * ends the run with exit status 1. --corrupt flips one RAM byte inside the
 * saved stream before loading it, to show that the check catches it.
 *
 * usage: snapbench [-n ICOUNT] [-r REPEATS] [-b BIOS] [-o FILE] [--corrupt] [IMAGE]
 * Output: "key value..." lines (see print_times), read by
 * scripts/bench.d/determinism.sh and tests/groups/72-snapbench.sh.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices/cmos.h"
#include "emu/machine/machine.h"
#include "emu/replay/vmstate.h"

#define DEFAULT_IMAGE "build/images/lucid.img"
#define DEFAULT_ICOUNT 300000000ull
#define DEFAULT_REPEATS 7
#define MAX_REPEATS 101

static const char *usage_text =
	"usage: snapbench [-n ICOUNT] [-r REPEATS] [-b BIOS] [-o FILE] [--corrupt] [IMAGE]\n";

static void discard(void *opaque, const void *buf, size_t len) { }

struct stamp {
	double wall, cpu;	/* seconds */
};

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct stamp stamp_now(void)
{
	return (struct stamp){ clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_PROCESS_CPUTIME_ID) };
}

/* Milliseconds from a to now, wall and CPU. */
static void stamp_since(struct stamp a, double *wall_ms, double *cpu_ms)
{
	struct stamp b = stamp_now();
	*wall_ms = (b.wall - a.wall) * 1e3;
	*cpu_ms = (b.cpu - a.cpu) * 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Sorts v in place; returns the median (the mean of the middle two for
 * an even count). */
static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One line per operation: "NAME median_ms M min_ms M cpu_median_ms M cpu_min_ms M". */
static void print_times(const char *name, double *wall, double *cpu, int n)
{
	double wm = median(wall, n), cm = median(cpu, n);
	printf("%s median_ms %.2f min_ms %.2f cpu_median_ms %.2f cpu_min_ms %.2f\n", name, wm,
	       wall[0], cm, cpu[0]);
}

/* Run m to exactly icount n. Only a run that reaches it counts: a guest
 * that exits, resets, dies or idles first is reported and ends the bench. */
static int run_to(struct machine *m, u64 n)
{
	while (m->clock.icount < n) {
		enum machine_stop st = machine_run(m, n);
		if (st == MACHINE_LIMIT || st == MACHINE_DEBUG)
			continue;
		fprintf(stderr, "snapbench: the guest stopped at icount %llu before %llu: %s\n",
			(unsigned long long)m->clock.icount, (unsigned long long)n,
			machine_stop_name(st));
		return -1;
	}
	return 0;
}

/* Whether a RAM page holds anything but zeros. */
static bool page_nonzero(const struct machine *m, u32 pn)
{
	const u8 *pg = m->bus.ram + (size_t)pn * PAGE_SIZE;
	return pg[0] || memcmp(pg, pg + 1, PAGE_SIZE - 1);
}

/* Snapshots skip the pages the bus has not marked as maybe non-zero
 * (bus.h, nonzero_bitmap) without reading them: check that no non-zero
 * page is unmarked. Returns -1 (after saying so) if one is. */
static int check_nonzero_marked(const struct machine *m, const char *what)
{
	const u8 *nz = m->bus.nonzero_bitmap;
	u32 bad = 0, first = 0;
	for (u32 pn = 0; pn < m->bus.ram_size / PAGE_SIZE; pn++) {
		if (!(nz[pn >> 3] >> (pn & 7) & 1) && page_nonzero(m, pn) && !bad++)
			first = pn;
	}
	if (!bad)
		return 0;
	fprintf(stderr, "snapbench: %s: %u non-zero RAM pages not marked in the bus's "
			"nonzero_bitmap (first at %08x)\n", what, bad, first * PAGE_SIZE);
	return -1;
}

/* Compare the machine's digest now with want; on a difference say what
 * differs and return -1. */
static int check_digest(struct machine *m, const struct vm_digest *want, const char *what)
{
	struct vm_digest got;
	char diff[512];
	if (check_nonzero_marked(m, what))
		return -1;
	vm_digest(m, &got);
	if (vm_digest_diff(m, want, &got, diff, sizeof(diff)) == 0 &&
	    vm_digest_sum(want) == vm_digest_sum(&got))
		return 0;
	fprintf(stderr, "snapbench: %s: digest after load differs from the saved state: %s\n",
		what, diff);
	return -1;
}

/* Flip one byte of the first RAM page inside a vm_save stream (--corrupt).
 * The RAM section is found by its tag and version; its first entry is a
 * 4-byte page number and then the page. */
static int corrupt_ram(u8 *buf, size_t len)
{
	for (size_t i = 0; i + 12 + 4 + 100 < len; i++) {
		if (!memcmp(buf + i, "RAM ", 4) && ld32(buf + i + 4) == VM_SNAP_VERSION &&
		    ld32(buf + i + 8) > 4 + 100) {
			buf[i + 12 + 4 + 100] ^= 0x5A;
			return 0;
		}
	}
	return -1;
}

/* Read a whole (small) file; NULL on failure. */
static u8 *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	u8 *buf = NULL;
	long n = -1;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = malloc(n ? n : 1)) && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int parse_u64(const char *s, u64 *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		return -1;
	*out = v;
	return 0;
}

struct bench {
	struct machine *m;
	struct machine_config cfg;
	u64 icount;
	int reps;
	bool corrupt;
	const char *path;		/* the snapshot file */
	struct snap_writer mid;		/* the mid-boot snapshot loads go back to */
	struct vm_digest mid_digest;
};

/* Put the machine back to the mid-boot state (untimed) so the next timed
 * load has real work to do; checks that it got there. */
static int rewind_to_mid(struct bench *b)
{
	char err[256];
	if (vm_load(b->m, b->mid.buf, b->mid.len, err, sizeof(err))) {
		fprintf(stderr, "snapbench: loading the mid-boot snapshot: %s\n", err);
		return -1;
	}
	return check_digest(b->m, &b->mid_digest, "mid-boot snapshot");
}

/* Files: vm_save_file and vm_load_file, reps times each. */
static int bench_files(struct bench *b, const struct vm_digest *saved)
{
	double sw[MAX_REPEATS], sc[MAX_REPEATS], lw[MAX_REPEATS], lc[MAX_REPEATS];
	char err[256];
	u8 *first = NULL;
	size_t first_len = 0;
	int ret = -1;
	for (int i = 0; i < b->reps; i++) {
		struct stamp t = stamp_now();
		if (vm_save_file(b->m, b->path, err, sizeof(err))) {
			fprintf(stderr, "snapbench: savevm: %s\n", err);
			goto out;
		}
		stamp_since(t, &sw[i], &sc[i]);
		size_t len;
		u8 *data = slurp(b->path, &len);
		if (!data) {
			fprintf(stderr, "snapbench: cannot read back %s\n", b->path);
			goto out;
		}
		if (!first) {
			first = data;
			first_len = len;
		} else {
			bool same = len == first_len && !memcmp(data, first, len);
			free(data);
			if (!same) {
				fprintf(stderr, "snapbench: two saves of the same state differ\n");
				goto out;
			}
		}
	}
	for (int i = 0; i < b->reps; i++) {
		if (rewind_to_mid(b))
			goto out;
		struct stamp t = stamp_now();
		if (vm_load_file(b->m, b->path, err, sizeof(err))) {
			fprintf(stderr, "snapbench: loadvm: %s\n", err);
			goto out;
		}
		stamp_since(t, &lw[i], &lc[i]);
		if (check_digest(b->m, saved, "loadvm"))
			goto out;
	}
	/* -loadvm: the first load into a new machine also hashes its images to
	 * compare configurations (once per machine). */
	struct machine *fresh = machine_create(&b->cfg, err, sizeof(err));
	if (!fresh) {
		fprintf(stderr, "snapbench: %s\n", err);
		goto out;
	}
	double fw, fc;
	struct stamp t = stamp_now();
	int bad = vm_load_file(fresh, b->path, err, sizeof(err));
	stamp_since(t, &fw, &fc);
	if (bad)
		fprintf(stderr, "snapbench: loadvm into a new machine: %s\n", err);
	else
		bad = check_digest(fresh, saved, "loadvm into a new machine");
	machine_destroy(fresh);
	if (bad)
		goto out;
	printf("file_bytes %zu\n", first_len);
	printf("first_load_ms %.2f cpu_ms %.2f\n", fw, fc);
	print_times("savevm", sw, sc, b->reps);
	print_times("loadvm", lw, lc, b->reps);
	ret = 0;
out:
	free(first);
	return ret;
}

/* In memory: vm_save into a fresh writer each time (as time travel does),
 * and vm_load from it. */
static int bench_memory(struct bench *b, const struct vm_digest *saved)
{
	double sw[MAX_REPEATS], sc[MAX_REPEATS], lw[MAX_REPEATS], lc[MAX_REPEATS];
	struct snap_writer first = { 0 };
	char err[256];
	int ret = -1;
	for (int i = 0; i < b->reps; i++) {
		struct snap_writer w;
		struct stamp t = stamp_now();
		snap_writer_init(&w);
		vm_save(b->m, &w);
		stamp_since(t, &sw[i], &sc[i]);
		if (w.failed) {
			fprintf(stderr, "snapbench: out of memory saving the machine\n");
			snap_writer_free(&w);
			goto out;
		}
		if (!first.buf) {
			first = w;
			continue;
		}
		bool same = w.len == first.len && !memcmp(w.buf, first.buf, w.len);
		snap_writer_free(&w);
		if (!same) {
			fprintf(stderr, "snapbench: two in-memory saves of the same state differ\n");
			goto out;
		}
	}
	if (b->corrupt && corrupt_ram(first.buf, first.len)) {
		fprintf(stderr, "snapbench: --corrupt: no RAM section found\n");
		goto out;
	}
	for (int i = 0; i < b->reps; i++) {
		if (rewind_to_mid(b))
			goto out;
		struct stamp t = stamp_now();
		if (vm_load(b->m, first.buf, first.len, err, sizeof(err))) {
			fprintf(stderr, "snapbench: vm_load: %s\n", err);
			goto out;
		}
		stamp_since(t, &lw[i], &lc[i]);
		if (check_digest(b->m, saved, "vm_load"))
			goto out;
	}
	printf("stream_bytes %zu\n", first.len);
	print_times("mem_save", sw, sc, b->reps);
	print_times("mem_load", lw, lc, b->reps);
	ret = 0;
out:
	snap_writer_free(&first);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "corrupt", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench b = { .icount = DEFAULT_ICOUNT, .reps = DEFAULT_REPEATS };
	const char *bios = MACHINE_DEFAULT_BIOS, *out = NULL;
	u64 v;
	int c;
	opterr = 0;	/* one line of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, "n:r:b:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_u64(optarg, &b.icount) || b.icount < 2) {
				fprintf(stderr, "snapbench: -n: '%s' is not an icount of 2 or more\n",
					optarg);
				return 2;
			}
			break;
		case 'r':
			if (parse_u64(optarg, &v) || v < 1 || v > MAX_REPEATS) {
				fprintf(stderr, "snapbench: -r: '%s' is not a count from 1 to %d\n",
					optarg, MAX_REPEATS);
				return 2;
			}
			b.reps = (int)v;
			break;
		case 'b':
			bios = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'C':
			b.corrupt = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			if (optopt)
				fprintf(stderr, "snapbench: bad option -%c or its argument; %s", optopt,
					usage_text);
			else
				fprintf(stderr, "snapbench: bad option %s; %s", argv[optind - 1],
					usage_text);
			return 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "snapbench: one image at most; %s", usage_text);
		return 2;
	}
	const char *image = optind < argc ? argv[optind] : DEFAULT_IMAGE;
	if (access(image, R_OK)) {
		fprintf(stderr, "snapbench: disk image %s: %s\n", image, strerror(errno));
		return 2;
	}
	if (access(bios, R_OK)) {
		fprintf(stderr, "snapbench: BIOS %s: %s\n", bios, strerror(errno));
		return 2;
	}
	char tmpdir[4096], tmpfile[4200];
	if (!out) {
		const char *dir = getenv("TMPDIR");
		snprintf(tmpdir, sizeof(tmpdir), "%s/snapbench.XXXXXX", dir && *dir ? dir : "/tmp");
		if (!mkdtemp(tmpdir)) {
			fprintf(stderr, "snapbench: cannot make a temporary directory: %s\n",
				strerror(errno));
			return 1;
		}
		snprintf(tmpfile, sizeof(tmpfile), "%s/snap.vm", tmpdir);
		b.path = tmpfile;
	} else {
		b.path = out;
	}

	char err[256];
	b.cfg = (struct machine_config){
		.bios = bios, .disk = image, .snapshot = true, .ram_size = 64u << 20,
		.cpu_model = CPU_P6, .rtc_base = CMOS_DEFAULT_BASE, .no_reboot = true,
		.serial = { discard, NULL }, .debugcon = { discard, NULL },
	};
	int status = 1;
	b.m = machine_create(&b.cfg, err, sizeof(err));
	if (!b.m) {
		fprintf(stderr, "snapbench: %s\n", err);
		status = 2;
		goto out;
	}

	/* Mid-boot: the state each timed load starts from. Its save is the
	 * machine's first, which also hashes the BIOS and disk image for the
	 * configuration block (once per machine): timed on its own. */
	if (run_to(b.m, b.icount / 2))
		goto out;
	double fw, fc;
	struct stamp t = stamp_now();
	snap_writer_init(&b.mid);
	vm_save(b.m, &b.mid);
	stamp_since(t, &fw, &fc);
	if (b.mid.failed) {
		fprintf(stderr, "snapbench: out of memory saving the machine\n");
		goto out;
	}
	vm_digest(b.m, &b.mid_digest);

	if (run_to(b.m, b.icount))
		goto out;
	struct vm_digest saved;
	vm_digest(b.m, &saved);
	if (vm_digest_sum(&saved) == vm_digest_sum(&b.mid_digest)) {
		fprintf(stderr, "snapbench: the state did not change from icount %llu to %llu\n",
			(unsigned long long)b.icount / 2, (unsigned long long)b.icount);
		goto out;
	}
	if (check_nonzero_marked(b.m, "after the boot"))
		goto out;
	u32 npages = b.m->bus.ram_size / PAGE_SIZE, used = 0, marked = 0;
	for (u32 p = 0; p < npages; p++) {
		used += page_nonzero(b.m, p);
		marked += b.m->bus.nonzero_bitmap[p >> 3] >> (p & 7) & 1;
	}
	printf("icount %llu\n", (unsigned long long)b.icount);
	printf("ram_bytes %u\n", b.m->bus.ram_size);
	printf("ram_pages %u nonzero %u marked %u\n", npages, used, marked);
	printf("first_save_ms %.2f cpu_ms %.2f\n", fw, fc);
	printf("repeats %d\n", b.reps);
	if (bench_files(&b, &saved) || bench_memory(&b, &saved))
		goto out;
	printf("digests checked %d\n", 4 * b.reps + 1);
	status = 0;
out:
	if (b.m)
		machine_destroy(b.m);
	snap_writer_free(&b.mid);
	if (!out) {
		remove(tmpfile);
		rmdir(tmpdir);
	}
	return status;
}
