/*
 * The VGA text-mode console (Linux's drivers/video/console/vgacon.c, reduced):
 * 80x25 cells of (character, attribute) at physical 0xB8000, the hardware
 * cursor through the CRTC's cursor-location registers 0x0E/0x0F (index port
 * 0x3D4, data 0x3D5). Scrolls by moving the cells up one line. Colours follow
 * the record's log level: errors and worse bright red, warnings yellow,
 * notices white, the rest light grey.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <asm/bootparam.h>
#include <asm/io.h>
#include <asm/page.h>

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_BASE ((volatile u16 *)__va(0xb8000))

extern struct boot_params boot_params;
static int vga_x, vga_y;
static bool vga_ready;

static void vga_set_cursor(void)
{
	unsigned int pos = vga_y * VGA_COLS + vga_x;

	outb(0x0e, 0x3d4);
	outb(pos >> 8, 0x3d5);
	outb(0x0f, 0x3d4);
	outb(pos & 0xff, 0x3d5);
}

static void vga_scroll(void)
{
	volatile u16 *v = VGA_BASE;
	int i;

	for (i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		v[i] = v[i + VGA_COLS];
	for (; i < VGA_COLS * VGA_ROWS; i++)
		v[i] = 0x0720;
	vga_y = VGA_ROWS - 1;
}

static u8 level_attr(int level)
{
	if (level <= 3)
		return 0x0c;	/* bright red */
	if (level == 4)
		return 0x0e;	/* yellow */
	if (level == 5)
		return 0x0f;	/* white */
	return 0x07;
}

static void vga_putc(char c, u8 attr)
{
	volatile u16 *v = VGA_BASE;

	switch (c) {
	case '\n':
		vga_x = 0;
		vga_y++;
		break;
	case '\r':
		vga_x = 0;
		break;
	case '\t':
		vga_x = (vga_x + 8) & ~7;
		break;
	case '\b':
		if (vga_x)
			vga_x--;
		break;
	default:
		v[vga_y * VGA_COLS + vga_x] = (attr << 8) | (u8)c;
		vga_x++;
	}
	if (vga_x >= VGA_COLS) {
		vga_x = 0;
		vga_y++;
	}
	if (vga_y >= VGA_ROWS)
		vga_scroll();
}

static void vga_write(struct console *con, const char *s, unsigned int n, int level)
{
	u8 attr = level_attr(level);

	while (n--)
		vga_putc(*s++, attr);
	vga_set_cursor();
}

/* Continue below whatever the BIOS, setup and decompressor printed. */
static int vga_setup(struct console *con, char *options)
{
	if (!vga_ready) {
		vga_x = boot_params.screen_info.orig_x % VGA_COLS;
		vga_y = boot_params.screen_info.orig_y;
		if (vga_y >= VGA_ROWS)
			vga_y = VGA_ROWS - 1;
		vga_ready = true;
	}
	return 0;
}

struct console vga_console = {
	.name = "tty",
	.write = vga_write,
	.setup = vga_setup,
	.index = 0,
};
