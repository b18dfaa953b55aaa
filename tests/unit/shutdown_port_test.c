/*
 * Bochs's shutdown port 0x8900: only the whole string "Shutdown", byte by
 * byte, powers off; anything else starts the match over.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "devices/shutdown_port.h"

static int powered_off;
static void count_power_off(void *opaque) { powered_off++; }

static void write_string(struct bus *bus, const char *s)
{
	for (; *s; s++)
		bus_io_write(bus, SHUTDOWN_PORT, (u8)*s, 1);
}

Test(shutdown_port, only_the_whole_string_powers_off)
{
	struct bus bus;
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	struct shutdown_port *s = shutdown_port_create(&bus, count_power_off, NULL);
	cr_assert(s);
	powered_off = 0;
	write_string(&bus, "Shutdow");
	cr_assert_eq(powered_off, 0, "seven bytes do nothing");
	write_string(&bus, "xShutdowX");
	cr_assert_eq(powered_off, 0, "a wrong byte starts over");
	write_string(&bus, "n");
	cr_assert_eq(powered_off, 0, "the string is matched from its start");
	write_string(&bus, "SShutdown");
	cr_assert_eq(powered_off, 1, "an 'S' after a partial match restarts it");
	write_string(&bus, "Shutdown");
	cr_assert_eq(powered_off, 2, "and again");
	shutdown_port_destroy(s);
	s = shutdown_port_create(&bus, count_power_off, NULL);
	cr_assert(s, "the port is free again");
	shutdown_port_destroy(s);
	bus_free(&bus);
}
