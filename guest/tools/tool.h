/*
 * What the host build tools share (guest/tools/mkbzimage.c,
 * images/tools/mkdisk.c): the error convention (one line on stderr naming
 * the tool, exit status 2) and reading a whole input file. Each tool sets
 * tool_name first thing in main().
 */
#ifndef LUCID_TOOL_H
#define LUCID_TOOL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static const char *tool_name = "tool";

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* The whole of path in a malloc'ed buffer (never NULL: errors end the tool). */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		die("cannot open %s", path);
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("cannot size %s", path);
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		die("cannot read %s", path);
	fclose(f);
	*len = n;
	return buf;
}

#endif
