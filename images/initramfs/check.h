/*
 * The check harness of the initramfs test programs (usertests, fstests,
 * memtests): one "PASS test.what" or "FAIL test.what: detail" line per
 * check, which the test groups count and compare between Lucid and QEMU.
 * A program sets cur to the running test's name and reports passed and
 * failed at the end. The detail names the failed condition and errno.
 */
#ifndef LUCIX_TEST_CHECK_H
#define LUCIX_TEST_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static int passed, failed;
static const char *cur;		/* the running test's name */

static void check(int ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("PASS %s.%s\n", cur, what);
		return;
	}
	failed++;
	printf("FAIL %s.%s: ", cur, what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define CHECK(cond, what) check(!!(cond), what, "%s (errno %d)", #cond, errno)
#define CHECK_EQ(a, b, what)                                                            \
	do {                                                                            \
		long _a = (long)(a), _b = (long)(b);                                    \
		check(_a == _b, what, "%s = %ld (%#lx), expected %ld (errno %d)", #a, _a, \
		      _a, _b, errno);                                                   \
	} while (0)

#endif
