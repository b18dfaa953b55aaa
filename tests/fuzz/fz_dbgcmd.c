/*
 * The debugger's command line and expression parser: each line of the
 * input is one command, run against the fake target with the fixture's
 * symbols and DWARF. With the first byte odd, every line is run as
 * "print LINE" (the expression parser: C expressions over the fixture's
 * types, casts, registers, symbols); with it even, as a command. Output
 * goes to /dev/null; commands that would write files name paths under a
 * scratch directory the harness never reads back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fake_target.h"
#include "tests/fuzz/fuzz.h"

static struct dbg *d;

void fuzz_setup(void)
{
	d = fake_setup();
	/* Commands that name relative files (screenshot, savevm, source) find
	 * them here, not in the repository. */
	char dir[] = "/tmp/lucid-fuzz-dbgcmd-XXXXXX";
	if (!mkdtemp(dir) || chdir(dir)) {
		perror("fuzz: scratch directory");
		exit(2);
	}
	rmdir(dir);	/* empty, and stays so: nothing can be created in it */
}

void fuzz_one(const u8 *data, size_t len)
{
	if (!len)
		return;
	bool print = data[0] & 1;
	char line[1024];
	fake_reset();
	for (size_t pos = 1; pos < len;) {
		const u8 *nl = memchr(data + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) : len - pos;
		size_t k = 0;
		if (print)
			k = (size_t)snprintf(line, sizeof(line), "print ");
		for (size_t i = 0; i < n && k < sizeof(line) - 1; i++)
			line[k++] = data[pos + i] ? (char)data[pos + i] : ' ';
		line[k] = 0;
		pos += n + 1;
		if (dbg_command(d, line) == 1)
			break;
	}
	dbg_command(d, "delete");
}
