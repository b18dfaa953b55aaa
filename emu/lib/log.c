/* Emulator diagnostics go to stderr, one line each, prefixed "lucid: ". */
#include <stdarg.h>
#include <stdio.h>

#include "emu/lib/log.h"

enum log_level log_level = LOG_WARN;

void lucid_log(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	va_list ap;

	if (level > log_level)
		return;
	fprintf(stderr, "lucid: %s: ", names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
