/*
 * The host-side fuzz harnesses (docs/TESTING.md, "Fuzzing"). Each harness
 * is one file defining fuzz_setup() and fuzz_one(); driver.c supplies main:
 * under afl-fuzz (built with afl-clang-fast) it loops in AFL++'s persistent
 * mode over the shared-memory test case; otherwise it runs every file named
 * on the command line once, which is how reproducers and corpora are
 * replayed by make test (tests/groups/75-fuzz.sh).
 *
 * A harness never exits on bad input: the code under test must refuse it
 * with an error, and anything else (a sanitizer report, a signal, a hang)
 * is the finding.
 */
#ifndef LUCID_FUZZ_H
#define LUCID_FUZZ_H

#include <stddef.h>

#include "emu/lib/types.h"

/* Once per process, before the first input (the working directory is the
 * repository root, or LUCID_FUZZ_ROOT when set). */
void fuzz_setup(void);
/* One input. */
void fuzz_one(const u8 *data, size_t len);
/* Optional: write seed inputs into dir (`HARNESS --seeds DIR`); 0 or 1. */
int fuzz_seeds(const char *dir);

/*
 * A file holding data, for code that reads paths: a memfd named by
 * /proc/self/fd/N, so nothing is written to disk and nothing is left behind
 * when a run crashes. slot picks one of a few files (kernel and initrd).
 * The path stays valid until the next call with the same slot.
 */
const char *fuzz_file(int slot, const void *data, size_t len);

/* With LUCID_FUZZ_VERBOSE set, print why an input was refused (to see
 * whether seeds get past the first checks); otherwise nothing. */
void fuzz_note(const char *what, const char *err);

/* Little-endian field reads that tolerate a short input (missing bytes are 0). */
struct fuzz_in {
	const u8 *p;
	size_t len, pos;
};
u32 fuzz_u8(struct fuzz_in *in);
u32 fuzz_u32(struct fuzz_in *in);
/* The next n bytes (fewer at the end): *got says how many. */
const u8 *fuzz_bytes(struct fuzz_in *in, size_t n, size_t *got);

#endif
