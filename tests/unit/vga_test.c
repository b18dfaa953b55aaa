/* VGA text mode: what a console driver writes shows up in the screen dump. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "devices/vga.h"
#include "emu/ui/display_text.h"

static struct bus bus;
static struct clock clk;
static struct vga *vga;

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, 1 << 20), 0);
	clock_init(&clk, 0);
	vga = vga_create(&bus, &clk);
	cr_assert(vga);
}

static void teardown(void)
{
	vga_destroy(vga);
	bus_free(&bus);
}

TestSuite(vga, .init = setup, .fini = teardown);

static void put_str(int row, int col, const char *s, u8 attr)
{
	for (int i = 0; s[i]; i++)
		bus_mem_write(&bus, 0xB8000 + 2 * (row * 80 + col + i), (u8)s[i] | attr << 8, 2);
}

static void crtc(u8 idx, u8 val)
{
	bus_io_write(&bus, 0x3D4, idx | val << 8, 2);	/* index and data as one word */
}

static char *dump(void)
{
	static char buf[133 * 61];
	display_text_dump(vga, buf, sizeof(buf));
	return buf;
}

/* The n-th line of a dump (without its newline). */
static const char *line(const char *d, int n, char *out)
{
	for (int i = 0; i < n; i++)
		d = strchr(d, '\n') + 1;
	size_t len = strcspn(d, "\n");
	memcpy(out, d, len);
	out[len] = 0;
	return out;
}

Test(vga, text_writes_appear_in_the_dump)
{
	char l[200];
	vga_text_changed(vga);
	put_str(0, 0, "Hello, Lucid", 0x1F);
	put_str(24, 70, "bottom", 0x07);
	cr_assert(vga_text_changed(vga));
	cr_assert_not(vga_text_changed(vga), "flag clears on look");
	const char *d = dump();
	cr_assert_str_eq(line(d, 0, l), "Hello, Lucid");
	cr_assert_str_eq(line(d, 1, l), "");
	cr_assert_str_eq(line(d, 24, l), "                                                                      bottom");
	struct vga_text *t = malloc(sizeof(*t));
	vga_get_text(vga, t);
	cr_assert_eq(t->cols, 80);
	cr_assert_eq(t->rows, 25);
	cr_assert_eq(t->char_height, 16);
	cr_assert_eq(t->attr[0], 0x1F);
	cr_assert_eq(t->attr[1], 0x1F);
	/* The CPU reads back what it wrote through odd/even addressing. */
	cr_assert_eq(bus_mem_read(&bus, 0xB8000, 2), 'H' | 0x1F << 8);
	free(t);
}

Test(vga, cursor_comes_from_the_crtc)
{
	struct vga_text t;
	crtc(0x0E, (12 * 80 + 34) >> 8);
	crtc(0x0F, (12 * 80 + 34) & 0xFF);
	crtc(0x0A, 0x0E);
	crtc(0x0B, 0x0F);
	vga_get_text(vga, &t);
	cr_assert_eq(t.cursor_x, 34);
	cr_assert_eq(t.cursor_y, 12);
	cr_assert(t.cursor_visible);
	cr_assert_eq(t.cursor_start, 14);
	cr_assert_eq(t.cursor_end, 15);
	crtc(0x0A, 0x20);		/* cursor off */
	vga_get_text(vga, &t);
	cr_assert_not(t.cursor_visible);
	/* CRTC registers read back. */
	bus_io_write(&bus, 0x3D4, 0x0F, 1);
	cr_assert_eq(bus_io_read(&bus, 0x3D5, 1), (12 * 80 + 34) & 0xFF);
}

Test(vga, start_address_scrolls_the_screen)
{
	char l[200];
	put_str(0, 0, "line zero", 0x07);
	put_str(1, 0, "line one", 0x07);
	crtc(0x0C, 0);
	crtc(0x0D, 80);			/* start one row down */
	const char *d = dump();
	cr_assert_str_eq(line(d, 0, l), "line one");
}

Test(vga, font_is_a_real_vga_font_in_plane_2)
{
	/* 'A' in the VGA 8x16 font: blank rows, a peak, two legs, a bar. */
	const u8 *a = vga_glyph(vga, 'A', false);
	cr_assert_eq(a[0], 0x00);
	cr_assert_eq(a[2], 0x10);
	cr_assert_eq(a[3], 0x38);
	cr_assert_eq(a[7], 0xFE);
	cr_assert_eq(a[15], 0x00);
	/* The smiley at 0x01, as in code page 437. */
	cr_assert_eq(vga_glyph(vga, 1, false)[2], 0x7E);

	/* Read plane 2 the way a BIOS font dump does: sequential, read map 2, A0000. */
	bus_io_write(&bus, 0x3C4, 0x0604, 2);	/* seq mem mode: sequential, no chain */
	bus_io_write(&bus, 0x3CE, 0x0204, 2);	/* read map 2 */
	bus_io_write(&bus, 0x3CE, 0x0005, 2);	/* read mode 0, no odd/even */
	bus_io_write(&bus, 0x3CE, 0x0406, 2);	/* A0000, 64 KiB */
	cr_assert_eq(bus_mem_read(&bus, 0xA0000 + 'A' * 32 + 3, 1), 0x38);
	/* And write a glyph through plane 2 with the map mask. */
	bus_io_write(&bus, 0x3C4, 0x0402, 2);
	bus_mem_write(&bus, 0xA0000 + 'A' * 32 + 3, 0x5A, 1);
	cr_assert_eq(vga_glyph(vga, 'A', false)[3], 0x5A);
	cr_assert_eq(vga_glyph(vga, 'A', false)[2], 0x10);
}

Test(vga, attribute_flip_flop_and_palette)
{
	u8 rgb[16][3];
	vga_get_palette(vga, rgb);
	cr_assert_eq(rgb[1][2], 0xAA);		/* blue */
	cr_assert_eq(rgb[6][1], 0x55);		/* brown: EGA entry 0x14 */
	cr_assert_eq(rgb[15][0], 0xFF);
	/* Write palette entry 1 -> DAC 0x3F via the flip-flop, after a reset read. */
	bus_io_read(&bus, 0x3DA, 1);
	bus_io_write(&bus, 0x3C0, 0x01, 1);
	bus_io_write(&bus, 0x3C0, 0x3F, 1);
	bus_io_write(&bus, 0x3C0, 0x20, 1);	/* back on */
	/* DAC 0x3F := (10, 20, 30). */
	bus_io_write(&bus, 0x3C8, 0x3F, 1);
	bus_io_write(&bus, 0x3C9, 10, 1);
	bus_io_write(&bus, 0x3C9, 20, 1);
	bus_io_write(&bus, 0x3C9, 30, 1);
	vga_get_palette(vga, rgb);
	cr_assert_eq(rgb[1][0], 10 * 255 / 63);
	cr_assert_eq(rgb[1][2], 30 * 255 / 63);
	bus_io_write(&bus, 0x3C7, 0x3F, 1);
	cr_assert_eq(bus_io_read(&bus, 0x3C9, 1), 10);
	cr_assert_eq(bus_io_read(&bus, 0x3C9, 1), 20);
	cr_assert_eq(bus_io_read(&bus, 0x3C9, 1), 30);
	/* A stray odd write leaves the flip-flop at "data"; reading 0x3DA resets it. */
	bus_io_write(&bus, 0x3C0, 0x02, 1);
	bus_io_read(&bus, 0x3DA, 1);
	bus_io_write(&bus, 0x3C0, 0x21, 1);
	cr_assert_eq(bus_io_read(&bus, 0x3C0, 1), 0x21);
}

Test(vga, retrace_follows_virtual_time)
{
	int seen_retrace = 0, seen_active = 0;
	clk.ips = 100000000;
	for (u64 i = 0; i < 2000000; i += 500) {	/* 20 ms in 5 us steps */
		clk.icount = i;
		u8 st = bus_io_read(&bus, 0x3DA, 1);
		seen_retrace += !!(st & 8);
		seen_active += !(st & 1);
	}
	cr_assert(seen_retrace > 0 && seen_retrace < 40, "retrace samples %d", seen_retrace);
	cr_assert(seen_active > 1000);
	/* Same time, same answer: no host clock involved. */
	clk.icount = 12345678;
	u8 a = bus_io_read(&bus, 0x3DA, 1);
	cr_assert_eq(bus_io_read(&bus, 0x3DA, 1), a);
}

Test(vga, save_and_load_round_trip)
{
	put_str(3, 3, "saved", 0x07);
	struct snap_writer w;
	snap_writer_init(&w);
	vga_device(vga)->save(vga, &w);
	put_str(3, 3, "XXXXX", 0x07);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(vga_device(vga)->load(vga, &r), 0);
	char l[200];
	cr_assert_str_eq(line(dump(), 3, l), "   saved");
	snap_writer_free(&w);
}

Test(vga, terminal_refresh_only_when_changed)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct display_text *d = display_text_create(vga, f);
	put_str(0, 0, "term", 0x07);
	cr_assert(display_text_refresh(d));
	cr_assert_not(display_text_refresh(d));
	fflush(f);
	cr_assert(strstr(buf, "term"));
	display_text_destroy(d);
	fclose(f);
	free(buf);
}
