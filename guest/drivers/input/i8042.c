/*
 * The 8042 keyboard controller (Linux's drivers/input/serio/i8042.c): data
 * port 0x60, status/command port 0x64 (status bit 0 output full, bit 1
 * input full, bit 5 the byte is from the AUX port). At boot: flush,
 * controller self-test (0xAA -> 0x55), then the command byte: keyboard
 * interrupt on (bit 0), translation to scan code set 1 on (bit 6), keyboard
 * clock on (bit 4 clear). The AUX port (0xA8 enables it, 0xD4 sends it a
 * byte) is probed for a PS/2 mouse by polling (psmouse.c) before its
 * interrupt (bit 1) is turned on. IRQ1 and IRQ12 share one handler that
 * hands each byte to the AT keyboard driver (atkbd.c) or the mouse driver
 * by status bit 5. Every wait is bounded: a missing controller cannot hang
 * the boot.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <asm/io.h>

#define I8042_DATA	0x60
#define I8042_STATUS	0x64
#define I8042_CMD	0x64
#define STR_OBF		0x01
#define STR_IBF		0x02
#define STR_AUXDATA	0x20
#define CTR_KBDINT	0x01
#define CTR_AUXINT	0x02
#define CTR_KBDDIS	0x10
#define CTR_AUXDIS	0x20
#define CTR_XLATE	0x40

void atkbd_interrupt(u8 data);
int atkbd_init(void);
bool psmouse_probe(void);
int psmouse_register(void);
void psmouse_interrupt(u8 data);

static bool i8042_present;
static u8 i8042_ctr;		/* the command byte as last written */

static bool wait_write(void)
{
	int i;

	for (i = 0; i < 100000; i++)
		if (!(inb(I8042_STATUS) & STR_IBF))
			return true;
	return false;
}

static int wait_read(void)
{
	int i;

	for (i = 0; i < 100000; i++)
		if (inb(I8042_STATUS) & STR_OBF)
			return inb(I8042_DATA);
	return -1;
}

static void flush(void)
{
	int i;

	for (i = 0; i < 64 && (inb(I8042_STATUS) & STR_OBF); i++)
		inb(I8042_DATA);
}

static int command(u8 cmd, int arg, bool reply)
{
	if (!wait_write())
		return -1;
	outb(cmd, I8042_CMD);
	if (arg >= 0) {
		if (!wait_write())
			return -1;
		outb(arg, I8042_DATA);
	}
	return reply ? wait_read() : 0;
}

/* A byte for the keyboard itself (atkbd's commands: LEDs, enable). */
int i8042_kbd_write(u8 b)
{
	if (!i8042_present || !wait_write())
		return -1;
	outb(b, I8042_DATA);
	return 0;
}

/*
 * A command to the mouse, polled (the AUX interrupt off): its ACK, then
 * nresp reply bytes into resp. 0, or -1 without an ACK.
 */
int i8042_aux_command(u8 cmd, u8 *resp, int nresp)
{
	int i, j, r;

	if (command(0xD4, cmd, false))
		return -1;
	for (i = -1; i < nresp; i++) {
		r = -1;
		for (j = 0; j < 100000 && r < 0; j++) {
			u8 st = inb(I8042_STATUS);

			if (!(st & STR_OBF))
				continue;
			r = inb(I8042_DATA);
			if (!(st & STR_AUXDATA))
				r = -1;		/* a keyboard byte: not ours */
		}
		if (r < 0 || (i < 0 && r != 0xFA))
			return -1;
		if (i >= 0)
			resp[i] = r;
	}
	return 0;
}

static irqreturn_t i8042_interrupt(int irq, void *dev_id)
{
	int n = 0;
	u8 st;

	while (((st = inb(I8042_STATUS)) & STR_OBF) && n < 16) {
		u8 data = inb(I8042_DATA);

		if (st & STR_AUXDATA)
			psmouse_interrupt(data);
		else
			atkbd_interrupt(data);
		n++;
	}
	return n ? IRQ_HANDLED : IRQ_NONE;
}

/* The AUX port on (its interrupt still off) and a mouse behind it. */
static bool i8042_aux_probe(void)
{
	int ctr;

	command(0xA8, -1, false);
	ctr = command(0x20, -1, true);
	if (ctr < 0 || (ctr & CTR_AUXDIS))
		return false;		/* no AUX port: the enable did not stick */
	i8042_ctr = ctr;
	return psmouse_probe();
}

/* With IRQ1 live: the command byte is our copy (a read's reply could go to IRQ1). */
static void i8042_aux_start(void)
{
	if (psmouse_register() || request_irq(12, i8042_interrupt, 0, "i8042", NULL))
		return;
	i8042_ctr = (i8042_ctr | CTR_AUXINT) & ~CTR_AUXDIS;
	command(0x60, i8042_ctr, false);
	pr_info("serio: i8042 AUX port at 0x60,0x64 irq 12\n");
}

static int __init i8042_init(void)
{
	int ctr, r, err;
	bool aux;

	if (inb(I8042_STATUS) == 0xff)
		return -19;
	command(0xAD, -1, false);	/* keyboard off while we set up */
	command(0xA7, -1, false);	/* mouse port off */
	flush();
	r = command(0xAA, -1, true);
	if (r != 0x55) {
		pr_err("i8042: controller self test failed (%#x)\n", r);
		return -19;
	}
	ctr = command(0x20, -1, true);
	if (ctr < 0)
		return -19;
	ctr = (ctr | CTR_KBDINT | CTR_XLATE | CTR_AUXDIS) & ~(CTR_KBDDIS | CTR_AUXINT);
	command(0x60, ctr, false);
	flush();
	i8042_present = true;
	aux = i8042_aux_probe();
	if (request_irq(1, i8042_interrupt, 0, "i8042", NULL))
		return -16;
	pr_info("serio: i8042 KBD port at 0x60,0x64 irq 1\n");
	command(0xAE, -1, false);	/* keyboard on */
	err = atkbd_init();
	if (aux)
		i8042_aux_start();	/* after the keyboard: input0 is the keyboard */
	return err;
}
device_initcall(i8042_init);
