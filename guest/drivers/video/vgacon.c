/*
 * The VGA text-mode console for printk (Linux's drivers/video/console/
 * vgacon.c with the vt console's printing): 80x25 cells of (character,
 * attribute) at physical 0xB8000, drawn by the virtual terminal in front
 * (drivers/tty/vt.c), which also moves the hardware cursor. Colours follow
 * the record's log level: errors and worse bright red, warnings yellow,
 * notices white, the rest light grey.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <asm/bootparam.h>

#define VGA_COLS 80
#define VGA_ROWS 25

extern struct boot_params boot_params;
static bool vga_ready;

void vt_console_print(const char *s, unsigned int n, u8 attr);
void vt_console_setup(int x, int y);

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

static void vga_write(struct console *con, const char *s, unsigned int n, int level)
{
	if (!vga_ready)
		con->setup(con, NULL);
	vt_console_print(s, n, level_attr(level));
}

/* Continue below whatever the BIOS, setup and decompressor printed. */
static int vga_setup(struct console *con, char *options)
{
	if (!vga_ready) {
		int y = boot_params.screen_info.orig_y;

		vt_console_setup(boot_params.screen_info.orig_x % VGA_COLS,
				 y >= VGA_ROWS ? VGA_ROWS - 1 : y);
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
