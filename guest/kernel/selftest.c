/*
 * The self-test runner (see linux/selftest.h). selftest=NAME[,NAME...] or
 * selftest=all picks suites; after boot, rest_init() calls
 * selftest_run_requested(), which prints a line per case and a summary and
 * stops the machine through port 0xF4: 0 when everything passed, 1 otherwise.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/selftest.h>

extern const struct selftest_suite __start_selftest_suites[], __stop_selftest_suites[];
static char selftest_list[256];

void selftest_fail(struct selftest *t, int line, const char *fmt, ...)
{
	va_list args;
	int n;

	if (t->failed)
		return;		/* keep the first failure: later ones often follow from it */
	t->failed = true;
	n = snprintf(t->why, sizeof(t->why), "line %d: ", line);
	va_start(args, fmt);
	vsnprintf(t->why + n, sizeof(t->why) - n, fmt, args);
	va_end(args);
}

static const struct selftest_suite *find_suite(const char *name)
{
	const struct selftest_suite *s;

	for (s = __start_selftest_suites; s < __stop_selftest_suites; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* Every case of the suite, or only the one named (selftest=suite.case). */
static void run_cases(const struct selftest_suite *s, const char *only, unsigned int *passed,
		      unsigned int *failed)
{
	unsigned int i, p = 0, f = 0;

	pr_info("selftest: suite %s: %u cases\n", s->name, only ? 1 : s->nr_cases);
	for (i = 0; i < s->nr_cases; i++) {
		struct selftest t = { .suite = s->name, .name = s->cases[i].name };

		if (only && strcmp(only, t.name))
			continue;

		s->cases[i].run(&t);
		if (t.failed) {
			pr_err("FAIL %s.%s: %s\n", s->name, t.name, t.why);
			f++;
		} else {
			pr_info("PASS %s.%s\n", s->name, t.name);
			p++;
		}
	}
	if (only && !p && !f) {
		pr_err("FAIL %s.%s: no such case\n", s->name, only);
		f++;
	}
	pr_info("selftest: suite %s: %u passed, %u failed\n", s->name, p, f);
	*passed += p;
	*failed += f;
}

static void run_suite(const struct selftest_suite *s, unsigned int *passed, unsigned int *failed)
{
	run_cases(s, NULL, passed, failed);
}

/* Run one suite by name; -ENOENT (-2) if there is none. */
int selftest_run_suite(const char *name, unsigned int *passed, unsigned int *failed)
{
	const struct selftest_suite *s = find_suite(name);

	if (!s)
		return -2;
	run_suite(s, passed, failed);
	return 0;
}

bool selftest_requested(void)
{
	return selftest_list[0] != 0;
}

void selftest_run_requested(void)
{
	char list[sizeof(selftest_list)], *p = list, *name;
	unsigned int passed = 0, failed = 0;

	strlcpy(list, selftest_list, sizeof(list));
	while ((name = strsep(&p, ",")) != NULL) {
		if (!*name)
			continue;
		if (!strcmp(name, "all")) {
			const struct selftest_suite *s;

			for (s = __start_selftest_suites; s < __stop_selftest_suites; s++)
				run_suite(s, &passed, &failed);
			continue;
		}
		if (strchr(name, '.')) {		/* suite.case: that case alone */
			char *c = strchr(name, '.');
			const struct selftest_suite *s;

			*c++ = 0;
			s = find_suite(name);
			if (s) {
				run_cases(s, c, &passed, &failed);
				continue;
			}
			c[-1] = '.';
		}
		if (selftest_run_suite(name, &passed, &failed)) {
			pr_err("FAIL %s: no such suite\n", name);
			failed++;
		}
	}
	pr_info("selftest: %u passed, %u failed\n", passed, failed);
	machine_exit(failed ? 1 : 0);
}

static int __init selftest_setup(char *str)
{
	if (strlen(str) >= sizeof(selftest_list))
		pr_warn("selftest=: list too long, truncated\n");
	strlcpy(selftest_list, str, sizeof(selftest_list));
	debug_exit_enabled = true;
	return 1;
}
__setup("selftest=", selftest_setup);
