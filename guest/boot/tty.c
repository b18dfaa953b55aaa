/*
 * The setup's console: the BIOS teletype service (INT 10h, AH=0Eh) for the
 * screen, plus COM1 programmed directly with earlyprintk=serial (or
 * earlyprintk=ttyS0), so errors before the kernel runs are seen on a headless
 * machine whose BIOS does not copy the screen to COM1. As in Linux's
 * arch/x86/boot/tty.c and early_serial_console.c, console=ttyS0 alone does not
 * do it: a BIOS that mirrors teletype output to COM1 (Lucid's does) would
 * otherwise show every character twice.
 */
#include "boot.h"

#define COM1 0x3f8
static bool serial_on;

static void bios_putchar(char c)
{
	struct biosregs r;

	initregs(&r);
	r.ebx = 0x0007;		/* page 0, light grey */
	r.ecx = 0x0001;
	r.eax = 0x0e00 | (u8)c;
	intcall(0x10, &r, NULL);
}

static void serial_putchar(char c)
{
	int timeout = 0xffff;

	while (!(inb(COM1 + 5) & 0x20) && --timeout)
		io_delay();
	outb(c, COM1);
}

static void putchar(char c)
{
	if (c == '\n')
		putchar('\r');
	bios_putchar(c);
	if (serial_on)
		serial_putchar(c);
}

void puts(const char *s)
{
	while (*s)
		putchar(*s++);
}

void puthex(u32 v)
{
	char buf[9];
	int i;

	for (i = 7; i >= 0; i--, v >>= 4)
		buf[i] = "0123456789abcdef"[v & 15];
	buf[8] = 0;
	puts(buf);
}

void putdec(u32 v)
{
	char buf[11];
	int i = 10;

	buf[i] = 0;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	puts(buf + i);
}

/* 115200 8N1, no interrupts: the kernel reprograms the port later. */
void console_init(void)
{
	if (!cmdline_find_option("earlyprintk=serial") && !cmdline_find_option("earlyprintk=ttyS0"))
		return;
	outb(0x00, COM1 + 1);	/* no interrupts */
	outb(0x80, COM1 + 3);	/* DLAB on */
	outb(0x01, COM1 + 0);	/* divisor 1 = 115200 */
	outb(0x00, COM1 + 1);
	outb(0x03, COM1 + 3);	/* 8N1, DLAB off */
	outb(0x03, COM1 + 4);	/* DTR, RTS */
	serial_on = true;
}

/*
 * Stop the boot with a reason; the kernel is not running, so this is all we
 * can do. With panic_exit=N (as the kernel's panic), leave through the
 * isa-debug-exit port so emulator runs end instead of hanging.
 */
void die(const char *why)
{
	int code = cmdline_option_value("panic_exit=");

	puts("\nKernel panic - not syncing: ");
	puts(why);
	puts("\n -- System halted\n");
	if (code >= 0 && code < 256)
		outb(code, 0xf4);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
