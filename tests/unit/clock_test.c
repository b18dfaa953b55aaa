/* The virtual clock and its event queue. */
#include <criterion/criterion.h>

#include "emu/board/clock.h"
#include "emu/board/input.h"

static int order[8], n_fired;
static void fire(void *opaque) { order[n_fired++] = (int)(intptr_t)opaque; }

Test(clock, timers_fire_in_deadline_order)
{
	struct clock c;
	struct timer a, b, d;
	clock_init(&c, 0);
	cr_assert_eq(c.ips, CLOCK_DEFAULT_IPS);
	timer_init(&a, "a", fire, (void *)1);
	timer_init(&b, "b", fire, (void *)2);
	timer_init(&d, "d", fire, (void *)3);
	timer_mod(&c, &a, 300);
	timer_mod(&c, &b, 100);
	timer_mod(&c, &d, 200);
	timer_del(&c, &d);
	cr_assert_eq(clock_next_deadline(&c), 100);
	c.icount = 250;
	clock_run_due(&c);
	cr_assert_eq(n_fired, 1);
	cr_assert_eq(order[0], 2);
	c.icount = 300;
	clock_run_due(&c);
	cr_assert_eq(n_fired, 2);
	cr_assert_eq(order[1], 1);
	cr_assert_eq(clock_next_deadline(&c), CLOCK_NEVER);
}

Test(clock, ns_conversion_round_trips)
{
	struct clock c;
	clock_init(&c, 100000000);
	c.icount = 250000000;
	cr_assert_eq(clock_ns(&c), 2500000000ull);
	cr_assert_eq(clock_ns_to_icount(&c, 15), 2);	/* rounded up */
	clock_init(&c, 3);
	cr_assert_eq(clock_icount_to_ns(&c, 1), 333333333);
}

static struct input_event seen[4];
static int n_seen;
static void on_key(void *o, const struct input_event *ev) { seen[n_seen++] = *ev; }

Test(input, events_are_stamped_at_delivery)
{
	struct input_queue q;
	cr_assert_eq(input_init(&q), 0);
	input_set_handler(&q, INPUT_KEY, on_key, NULL);
	struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_KEY, .a = 30, .b = 1 };
	input_push(&q, &ev);
	ev.icount = 5000;
	ev.b = 0;
	input_push(&q, &ev);
	cr_assert_eq(input_deliver(&q, 100), 1);
	cr_assert_eq(seen[0].icount, 100);
	cr_assert_eq(input_next_deadline(&q), 5000);
	cr_assert_eq(input_deliver(&q, 4999), 0);
	cr_assert_eq(input_deliver(&q, 5000), 1);
	cr_assert_eq(seen[1].b, 0);
	input_free(&q);
}

static int kicks;
static void kick(void *opaque) { kicks++; }
static void nop(void *opaque) { }

Test(clock, arming_before_the_run_limit_kicks)
{
	struct clock c;
	struct timer t;
	clock_init(&c, 0);
	c.kick = kick;
	timer_init(&t, "t", nop, NULL);
	timer_mod(&c, &t, 100);
	cr_assert_eq(kicks, 0, "nothing running: no kick");
	c.run_limit = 1000;
	timer_mod(&c, &t, 2000);
	cr_assert_eq(kicks, 0, "after the limit: no kick");
	timer_mod(&c, &t, 500);
	cr_assert_eq(kicks, 1);
}
