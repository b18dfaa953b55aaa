/* Terminal bytes become the key events a US keyboard would produce. */
#include <criterion/criterion.h>
#include <linux/input-event-codes.h>

#include "emu/ui/termkeys.h"

static size_t dec(const char *s, bool final, struct input_event *ev, int *n)
{
	return termkeys_decode((const u8 *)s, strlen(s), final, ev, n);
}

Test(termkeys, letters_and_shifted_symbols)
{
	struct input_event ev[TERMKEYS_MAX_EVENTS];
	int n;
	cr_assert_eq(dec("a", true, ev, &n), 1);
	cr_assert_eq(n, 2);
	cr_assert(ev[0].a == KEY_A && ev[0].b == 1 && ev[1].a == KEY_A && ev[1].b == 0);
	cr_assert_eq(dec("?x", true, ev, &n), 1);
	cr_assert_eq(n, 4);
	cr_assert(ev[0].a == KEY_LEFTSHIFT && ev[0].b == 1);
	cr_assert(ev[1].a == KEY_SLASH && ev[1].b == 1);
	cr_assert(ev[3].a == KEY_LEFTSHIFT && ev[3].b == 0);
	cr_assert_eq(dec("\x03", true, ev, &n), 1);	/* Ctrl-C */
	cr_assert(n == 4 && ev[0].a == KEY_LEFTCTRL && ev[1].a == KEY_C);
	cr_assert_eq(dec("\r", true, ev, &n), 1);
	cr_assert_eq(ev[0].a, KEY_ENTER);
}

Test(termkeys, escape_sequences)
{
	struct input_event ev[TERMKEYS_MAX_EVENTS];
	int n;
	cr_assert_eq(dec("\x1b[A", true, ev, &n), 3);
	cr_assert(n == 2 && ev[0].a == KEY_UP);
	cr_assert_eq(dec("\x1b[24~rest", true, ev, &n), 5);
	cr_assert_eq(ev[0].a, KEY_F12);
	cr_assert_eq(dec("\x1bOP", true, ev, &n), 3);
	cr_assert_eq(ev[0].a, KEY_F1);
	cr_assert_eq(dec("\x1b[3~", true, ev, &n), 4);
	cr_assert_eq(ev[0].a, KEY_DELETE);
	/* Incomplete: wait for more, unless that was all. */
	cr_assert_eq(dec("\x1b[1", false, ev, &n), 0);
	cr_assert_eq(dec("\x1b", false, ev, &n), 0);
	cr_assert_eq(dec("\x1b", true, ev, &n), 1);
	cr_assert(n == 2 && ev[0].a == KEY_ESC);
	/* Unknown sequences are swallowed whole. */
	cr_assert_eq(dec("\x1b[99~", true, ev, &n), 5);
	cr_assert_eq(n, 0);
}
