/*
 * The decompressor's C part (Linux's arch/x86/boot/compressed/misc.c): inflate
 * the gzip'ed kernel linked in by piggy.S to its physical load address
 * (LOAD_PHYSICAL_ADDR, 1 MiB) and return its entry point. Progress and errors
 * go to the VGA text screen and, when the command line says console=ttyS0, to
 * COM1, both driven directly since there is no BIOS in protected mode.
 */
#include <linux/types.h>
#include <linux/inflate.h>
#include <asm/bootparam.h>

extern const u8 input_data[], input_data_end[];
extern char _end[];

static struct boot_params *bp;
static bool serial_on;
static int vga_x, vga_y;

static inline void outb(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0,%1" : : "a"(v), "dN"(port));
}
static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %1,%0" : "=a"(v) : "dN"(port));
	return v;
}

static void vga_putc(char c)
{
	volatile u16 *vga = (volatile u16 *)0xb8000;
	int i;

	if (c == '\n') {
		vga_x = 0;
		vga_y++;
	} else {
		vga[vga_y * 80 + vga_x] = 0x0700 | (u8)c;
		if (++vga_x == 80) {
			vga_x = 0;
			vga_y++;
		}
	}
	if (vga_y == 25) {
		for (i = 0; i < 80 * 24; i++)
			vga[i] = vga[i + 80];
		for (; i < 80 * 25; i++)
			vga[i] = 0x0720;
		vga_y = 24;
	}
}

static void serial_putc(char c)
{
	int timeout = 100000;

	while (!(inb(0x3f8 + 5) & 0x20) && --timeout)
		;
	outb(c, 0x3f8);
}

static void putstr(const char *s)
{
	for (; *s; s++) {
		if (serial_on) {
			if (*s == '\n')
				serial_putc('\r');
			serial_putc(*s);
		}
		vga_putc(*s);
	}
}

static bool cmdline_has(const char *opt)
{
	const char *cl = (const char *)bp->hdr.cmd_line_ptr;
	int i, j;

	if (!cl)
		return false;
	for (i = 0; i < COMMAND_LINE_SIZE && cl[i]; i++) {
		if (i && cl[i - 1] != ' ')
			continue;
		for (j = 0; opt[j] && cl[i + j] == opt[j]; j++)
			;
		if (!opt[j])
			return true;
	}
	return false;
}

static void __noreturn error(const char *msg)
{
	putstr("\n\n");
	putstr(msg);
	putstr("\n\n -- System halted\n");
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

/* Called from head_32.S with the zero page; returns where to jump. */
u32 decompress_kernel(struct boot_params *params)
{
	size_t done;
	int err;

	bp = params;
	serial_on = cmdline_has("console=ttyS0");
	if (bp->screen_info.orig_video_lines == 25) {
		vga_x = bp->screen_info.orig_x;
		vga_y = bp->screen_info.orig_y;
	}
	if (vga_y >= 25)
		vga_y = 24;
	putstr("Decompressing lucix... ");
	err = gunzip((u8 *)LOAD_PHYSICAL_ADDR, KERNEL_MAX_SIZE, &done, input_data,
		     input_data_end - input_data);
	if (err) {
		putstr("\nkernel image damaged: ");
		error(inflate_strerror(err));
	}
	putstr("done.\nBooting the kernel.\n");
	/* Tell the kernel where our cursor is, so its console continues below. */
	bp->screen_info.orig_x = vga_x;
	bp->screen_info.orig_y = vga_y;
	return LOAD_PHYSICAL_ADDR;
}
