/* Whole host files into memory: see hostfile.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/hostfile.h"

/* "what 'path'" or "'path'" when the caller gave no noun. */
static void name_file(char *buf, size_t n, const char *what, const char *path)
{
	snprintf(buf, n, "%s%s'%s'", what ? what : "", what ? " " : "", path);
}

u8 *host_read_file(const char *path, const char *what, size_t max, size_t *len, char *err,
		   size_t errlen)
{
	char name[512];
	name_file(name, sizeof(name), what, path);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", name, strerror(errno));
		return NULL;
	}
	/* Grow by doubling: the size of a pipe is not known in advance. */
	size_t cap = 1 << 16, n = 0, k;
	u8 *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n > max)
			break;
		if (n == cap) {
			u8 *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int failed = ferror(f), e = errno;
	fclose(f);
	if (!buf) {
		snprintf(err, errlen, "cannot read %s: out of memory", name);
		return NULL;
	}
	if (n > max) {
		snprintf(err, errlen, "%s is larger than %zu bytes", name, max);
		free(buf);
		return NULL;
	}
	if (failed) {
		snprintf(err, errlen, "cannot read %s: %s", name, strerror(e));
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}
