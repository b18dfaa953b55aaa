/*
 * The input-script parser (emu/ui/inscript.c): the input up to the first
 * NUL is the script; an accepted script is then shown the rest as COM1's
 * output, in pieces, so that when-serial patterns match (or not) across
 * piece boundaries and typed text queues up.
 */
#include <string.h>

#include "emu/ui/inscript.h"
#include "tests/fuzz/fuzz.h"

void fuzz_setup(void)
{
}

void fuzz_one(const u8 *data, size_t len)
{
	const u8 *nul = memchr(data, 0, len);
	size_t slen = nul ? (size_t)(nul - data) : len;
	char err[512];
	struct inscript *s = inscript_load(fuzz_file(0, data, slen), err, sizeof(err));
	if (!s) {
		fuzz_note("refused", err);
		return;
	}
	const u8 *out = nul ? nul + 1 : data + len, *end = data + len;
	for (size_t piece = 1; out < end; piece = piece * 3 % 61 + 1) {
		size_t n = (size_t)(end - out) < piece ? (size_t)(end - out) : piece;
		inscript_serial_out(s, out, n);
		out += n;
	}
	(void)inscript_next_icount(s);
	(void)inscript_pending(s);
	inscript_free(s);
}
