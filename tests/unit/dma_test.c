/* 8237 DMA: programmed through its ports as a driver does, moved by the API. */
#include <criterion/criterion.h>

#include "devices/dma.h"

static struct bus bus;
static struct dma *dma;

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 4 << 20), 0);
	dma = dma_create(&bus);
	cr_assert(dma);
}

static void teardown(void)
{
	dma_destroy(dma);
	bus_free(&bus);
}

TestSuite(dma, .init = setup, .fini = teardown);

static void out(u16 port, u8 v) { bus_io_write(&bus, port, v, 1); }

/* Program channel 1 (8-bit) the way the Linux sound drivers do. */
static void program8(int ch, u32 phys, u16 len, u8 mode)
{
	static const u16 page[4] = { 0x87, 0x83, 0x81, 0x82 };
	out(0x0A, 0x04 | ch);		/* mask */
	out(0x0C, 0);			/* clear flip-flop */
	out(0x0B, mode | ch);
	out(ch * 2, phys & 0xFF);
	out(ch * 2, (phys >> 8) & 0xFF);
	out(page[ch], phys >> 16);
	out(ch * 2 + 1, (len - 1) & 0xFF);
	out(ch * 2 + 1, (len - 1) >> 8);
	out(0x0A, ch);			/* unmask */
}

Test(dma, read_transfer_stops_at_terminal_count)
{
	for (int i = 0; i < 100; i++)
		bus.ram[0x12340 + i] = i;
	program8(1, 0x12340, 64, 0x48);	/* single, read (memory -> device), increment */
	u8 buf[100];
	cr_assert_eq(dma_read_memory(dma, 1, buf, 40), 40);
	cr_assert_eq(buf[39], 39);
	cr_assert_eq(dma_read_memory(dma, 1, buf, 40), 24, "stops at TC");
	cr_assert_eq(buf[23], 63);
	cr_assert(dma_take_tc(dma, 1));
	cr_assert(dma_masked(dma, 1), "masked itself at TC");
	cr_assert_eq(bus_io_read(&bus, 0x08, 1) & 0x02, 0x02, "TC in status");
	cr_assert_eq(bus_io_read(&bus, 0x08, 1) & 0x02, 0, "cleared by the read");
	/* The current count reads back as 0xFFFF. */
	out(0x0C, 0);
	cr_assert_eq(bus_io_read(&bus, 0x03, 1), 0xFF);
	cr_assert_eq(bus_io_read(&bus, 0x03, 1), 0xFF);
}

Test(dma, auto_init_wraps_and_write_transfers_fill_memory)
{
	program8(3, 0x20000, 8, 0x54);	/* single, write (device -> memory), auto-init */
	u8 src[20];
	for (int i = 0; i < 20; i++)
		src[i] = 0xA0 + i;
	cr_assert_eq(dma_write_memory(dma, 3, src, 20), 20);
	/* 8-byte ring: the last 4 writes wrapped onto the start. */
	cr_assert_eq(bus.ram[0x20000], 0xA0 + 16);
	cr_assert_eq(bus.ram[0x20003], 0xA0 + 19);
	cr_assert_eq(bus.ram[0x20004], 0xA0 + 12);
	cr_assert_eq(bus.ram[0x20007], 0xA0 + 15);
	cr_assert_not(dma_masked(dma, 3));
	cr_assert(dma_take_tc(dma, 3));
	/* The current address reads back mid-ring. */
	out(0x0C, 0);
	cr_assert_eq(bus_io_read(&bus, 0x06, 1), 0x04);
}

Test(dma, decrement_mode_reverses)
{
	for (int i = 0; i < 8; i++)
		bus.ram[0x3000 + i] = i;
	program8(0, 0x3007, 8, 0x68);	/* read, decrement */
	u8 buf[8];
	cr_assert_eq(dma_read_memory(dma, 0, buf, 8), 8);
	cr_assert_eq(buf[0], 7);
	cr_assert_eq(buf[7], 0);
}

Test(dma, sixteen_bit_channel_counts_words)
{
	/* Channel 5: page 0x8B, address in words at 0xC4, count at 0xC6. */
	u32 phys = 0x140000 + 0x100;
	for (int i = 0; i < 16; i++)
		bus.ram[phys + i] = 0x10 + i;
	out(0xD4, 0x04 | 1);
	out(0xD8, 0);
	out(0xD6, 0x48 | 1);
	out(0xC4, (phys >> 1) & 0xFF);
	out(0xC4, (phys >> 9) & 0xFF);
	out(0x8B, (phys >> 16) & 0xFE);
	out(0xC6, 3);			/* 4 words */
	out(0xC6, 0);
	out(0xD4, 1);
	u8 buf[16];
	cr_assert_eq(dma_read_memory(dma, 5, buf, 16), 8);
	cr_assert_eq(buf[0], 0x10);
	cr_assert_eq(buf[7], 0x17);
	cr_assert(dma_masked(dma, 5));
}

Test(dma, masked_channel_moves_nothing_and_0x80_is_free)
{
	u8 buf[4];
	cr_assert_eq(dma_read_memory(dma, 2, buf, 4), 0);
	out(0x0F, 0x00);		/* unmask all */
	cr_assert_not(dma_masked(dma, 2));
	out(0x0D, 0);			/* master clear masks all */
	cr_assert(dma_masked(dma, 2));
	/* Page registers read back; 0x80 is someone else's (unclaimed here). */
	out(0x81, 0x12);
	cr_assert_eq(bus_io_read(&bus, 0x81, 1), 0x12);
	out(0x84, 0x34);
	cr_assert_eq(bus_io_read(&bus, 0x84, 1), 0x34);
	cr_assert_eq(bus.port_map[0x80], 0);
}
