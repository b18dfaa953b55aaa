/*
 * Enabling the A20 gate so that addresses above 1 MiB do not wrap. Tries the
 * methods in Linux's order (arch/x86/boot/a20.c): already on, the BIOS
 * (INT 15h AX=2401h), the 8042 keyboard controller output port, and the
 * "fast A20" bit of port 0x92, checking after each.
 */
#include "boot.h"

/* A20 is on when 0000:0200 and FFFF:0210 (1 MiB higher) are different bytes. */
static int a20_test(int loops)
{
	u32 saved, ctr;
	int ok = 0;

	set_fs(0x0000);
	set_gs(0xffff);
	saved = ctr = rdfs32(0x200);
	while (loops--) {
		wrfs32(++ctr, 0x200);
		io_delay();
		if (rdgs32(0x210) != ctr) {
			ok = 1;
			break;
		}
	}
	wrfs32(saved, 0x200);
	return ok;
}

static int empty_8042(void)
{
	int loops = 10000;
	u8 status;

	while (loops--) {
		io_delay();
		status = inb(0x64);
		if (status == 0xff)
			return -1;	/* no controller at all */
		if (status & 1) {	/* drain output */
			io_delay();
			(void)inb(0x60);
		} else if (!(status & 2)) {
			return 0;	/* input buffer empty */
		}
	}
	return -1;
}

static void enable_a20_bios(void)
{
	struct biosregs r;

	initregs(&r);
	r.eax = 0x2401;
	intcall(0x15, &r, NULL);
}

static void enable_a20_kbc(void)
{
	empty_8042();
	outb(0xd1, 0x64);	/* write output port */
	empty_8042();
	outb(0xdf, 0x60);	/* A20 on */
	empty_8042();
	outb(0xff, 0x64);	/* null command, for UHCI legacy emulation */
	empty_8042();
}

static void enable_a20_fast(void)
{
	u8 port_a = inb(0x92);

	port_a |= 0x02;		/* A20 */
	port_a &= ~0x01;	/* and not the reset bit */
	outb(port_a, 0x92);
}

/* Return 0 when A20 is on, -1 when nothing worked. */
int enable_a20(void)
{
	int loops = 255;

	while (loops--) {
		if (a20_test(32))
			return 0;
		enable_a20_bios();
		if (a20_test(32))
			return 0;
		if (empty_8042() == 0) {
			enable_a20_kbc();
			if (a20_test(2097152 / 32))
				return 0;
		}
		enable_a20_fast();
		if (a20_test(2097152 / 32))
			return 0;
	}
	return -1;
}
