/*
 * In-kernel self-tests, a small KUnit: a suite is a named list of cases, each
 * a function that checks things with ST_EXPECT*(). `selftest=boot,mm` on the
 * command line runs those suites after boot; each case prints "PASS
 * suite.case" or "FAIL suite.case: why", then a summary line, and the machine
 * stops through the isa-debug-exit port with 0 when all passed, 1 otherwise.
 * A suite is registered from any file with SELFTEST_SUITE(name, cases...);
 * the table lives in .selftest_suites (not an init section: tests run after
 * free_initmem, so test code must not be __init).
 */
#ifndef _LINUX_SELFTEST_H
#define _LINUX_SELFTEST_H

#include <linux/types.h>
#include <linux/kernel.h>

struct selftest {
	const char *suite;
	const char *name;
	bool failed;
	char why[200];		/* the first failure */
};

struct selftest_case {
	const char *name;
	void (*run)(struct selftest *t);
};

struct selftest_suite {
	const char *name;
	const struct selftest_case *cases;
	unsigned int nr_cases;
};

#define SELFTEST_CASE(fn) { #fn, fn }
#define SELFTEST_SUITE(sname, ...)						\
	static const struct selftest_case __selftest_cases_##sname[] = { __VA_ARGS__ }; \
	static const struct selftest_suite __selftest_suite_##sname		\
		__used __attribute__((section(".selftest_suites"), aligned(4))) = { \
		#sname, __selftest_cases_##sname, ARRAY_SIZE(__selftest_cases_##sname) }

__printf(3, 4) void selftest_fail(struct selftest *t, int line, const char *fmt, ...);

#define ST_EXPECT(t, cond) do {							\
		if (!(cond))							\
			selftest_fail(t, __LINE__, "expected %s", #cond);	\
	} while (0)
#define ST_EXPECT_MSG(t, cond, fmt, ...) do {					\
		if (!(cond))							\
			selftest_fail(t, __LINE__, fmt, ##__VA_ARGS__);		\
	} while (0)
#define ST_EXPECT_EQ(t, a, b) do {						\
		long long __a = (long long)(a), __b = (long long)(b);		\
		if (__a != __b)							\
			selftest_fail(t, __LINE__, "%s == %lld, expected %s == %lld", \
				      #a, __a, #b, __b);			\
	} while (0)
#define ST_EXPECT_STREQ(t, a, b) do {						\
		const char *__a = (a), *__b = (b);				\
		if (!__a || !__b || strcmp(__a, __b))				\
			selftest_fail(t, __LINE__, "%s is \"%s\", expected \"%s\"", \
				      #a, __a ? __a : "(null)", __b ? __b : "(null)"); \
	} while (0)

bool selftest_requested(void);
void __noreturn selftest_run_requested(void);
int selftest_run_suite(const char *name, unsigned int *passed, unsigned int *failed);

#endif
