/* -display text keyboard: bytes typed on a terminal reach the input queue as keys. */
#include <criterion/criterion.h>
#include <linux/input-event-codes.h>
#include <pty.h>
#include <unistd.h>

#include "emu/ui/display_text.h"

Test(display_text, terminal_typing_becomes_spaced_key_events)
{
	struct bus bus;
	struct clock clk;
	struct input_queue q;
	int master, slave;
	cr_assert_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
	bus_init(&bus, 1 << 20);
	clock_init(&clk, 0);
	input_init(&q);
	struct vga *vga = vga_create(&bus, &clk);
	FILE *out = fopen("/dev/null", "w");
	struct display_text *d = display_text_create(vga, out);
	cr_assert_eq(display_text_take_keyboard(d, slave), 0);
	cr_assert_eq(write(master, "hI\x1b[A\x1b", 6), 6);
	usleep(20000);
	clk.icount = 1000;
	cr_assert_eq(display_text_poll_keyboard(d, &q, &clk), 3, "h, I, Up; ESC waits");
	cr_assert_eq(display_text_poll_keyboard(d, &q, &clk), 1, "then the lone ESC");
	/* h (2 events), Shift+I (4), Up (2), Esc (2). */
	cr_assert_eq(q.count, 10);
	struct input_event e[10];
	for (int i = 0; i < 10; i++)
		e[i] = q.ev[(q.head + i) % q.cap];
	u64 step = clock_ns_to_icount(&clk, DISPLAY_TEXT_KEY_NS);
	cr_assert(e[0].a == KEY_H && e[0].icount == 1000);
	cr_assert(e[2].a == KEY_LEFTSHIFT && e[2].icount == 1000 + step);
	cr_assert(e[6].a == KEY_UP && e[6].icount == 1000 + 2 * step);
	cr_assert(e[8].a == KEY_ESC && e[8].icount == 1000 + 3 * step);
	display_text_destroy(d);
	fclose(out);
	vga_destroy(vga);
	input_free(&q);
	bus_free(&bus);
	close(master);
	close(slave);
}
