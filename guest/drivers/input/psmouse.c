/*
 * The PS/2 mouse on the i8042's AUX port (Linux's drivers/input/mouse/
 * psmouse-base.c, reduced to the generic protocols). At boot, with the AUX
 * interrupt still off, the driver talks to the mouse by polling: reset (FF:
 * ACK, AA, 00), then the IntelliMouse knock (sample rates 200, 100, 80, then
 * Get ID gives 3: a wheel, 4-byte packets) and the Explorer knock (200, 200,
 * 80: ID 4, a 4-bit wheel and buttons 4 and 5), then 100 samples/s, 8
 * counts/mm, 1:1 scaling, and stream mode on (F4).
 *
 * Each IRQ12 byte goes into the packet; a first byte without bit 3 set is
 * out of step and dropped. A whole packet becomes, in Linux's order,
 * REL_WHEEL (+1 away from the user), BTN_SIDE/EXTRA, BTN_LEFT/MIDDLE/RIGHT,
 * REL_X, REL_Y (Linux's +y is down, PS/2's is up) and a SYN_REPORT.
 */
#include <linux/kernel.h>
#include <linux/input.h>

int i8042_aux_command(u8 cmd, u8 *resp, int nresp);

static struct input_dev psmouse_dev;
static u8 packet[4];
static unsigned int pktsize = 3, pktcnt;
static u8 mouse_id;
static bool registered;

static int set_rate(u8 rate)
{
	return i8042_aux_command(0xf3, NULL, 0) || i8042_aux_command(rate, NULL, 0) ? -1 : 0;
}

static int get_id(void)
{
	u8 id;

	return i8042_aux_command(0xf2, &id, 1) ? -1 : id;
}

/* A knock of three sample rates, then Get ID. */
static int knock(u8 a, u8 b, u8 c)
{
	if (set_rate(a) || set_rate(b) || set_rate(c))
		return -1;
	return get_id();
}

/* Polled, before the AUX interrupt is on: true if a mouse answered. */
bool psmouse_probe(void)
{
	u8 r[2];

	if (i8042_aux_command(0xff, r, 2) || r[0] != 0xaa || r[1] != 0x00)
		return false;
	mouse_id = 0;
	if (knock(200, 100, 80) == 3) {
		mouse_id = 3;
		if (knock(200, 200, 80) == 4)
			mouse_id = 4;
	}
	pktsize = mouse_id ? 4 : 3;
	set_rate(100);
	i8042_aux_command(0xe8, NULL, 0);
	i8042_aux_command(0x03, NULL, 0);	/* 8 counts/mm */
	i8042_aux_command(0xe6, NULL, 0);	/* 1:1 scaling */
	return i8042_aux_command(0xf4, NULL, 0) == 0;	/* stream mode on */
}

static void report_packet(void)
{
	struct input_dev *dev = &psmouse_dev;
	int dx = packet[1] - ((packet[0] << 4) & 0x100);
	int dy = packet[2] - ((packet[0] << 3) & 0x100);

	if (mouse_id == 3) {
		input_report_rel(dev, REL_WHEEL, -(s8)packet[3]);
	} else if (mouse_id == 4) {
		int z = packet[3] & 0x0f;

		input_report_rel(dev, REL_WHEEL, -(z >= 8 ? z - 16 : z));
		input_report_key(dev, BTN_SIDE, (packet[3] >> 4) & 1);
		input_report_key(dev, BTN_EXTRA, (packet[3] >> 5) & 1);
	}
	input_report_key(dev, BTN_LEFT, packet[0] & 1);
	input_report_key(dev, BTN_MIDDLE, (packet[0] >> 2) & 1);
	input_report_key(dev, BTN_RIGHT, (packet[0] >> 1) & 1);
	input_report_rel(dev, REL_X, dx);
	input_report_rel(dev, REL_Y, -dy);
	input_sync(dev);
}

/* One byte from the AUX port (interrupt context). */
void psmouse_interrupt(u8 data)
{
	if (!registered)
		return;			/* no mouse (yet) */
	if (pktcnt == 0 && !(data & 0x08))
		return;			/* out of step: wait for a first byte */
	packet[pktcnt++] = data;
	if (pktcnt < pktsize)
		return;
	pktcnt = 0;
	report_packet();
}

int psmouse_register(void)
{
	struct input_dev *dev = &psmouse_dev;
	unsigned int b;

	dev->name = mouse_id == 4 ? "ImExPS/2 Generic Explorer Mouse" :
		    mouse_id == 3 ? "ImPS/2 Generic Wheel Mouse" : "PS/2 Generic Mouse";
	dev->phys = "isa0060/serio1/input0";
	dev->sysfs = "/devices/platform/i8042/serio1/input/input1";
	/* Linux's psmouse types: PSMOUSE_PS2 1, PSMOUSE_IMPS 5, PSMOUSE_IMEX 6 */
	dev->id = (struct input_id){ BUS_I8042, 0x0002, mouse_id == 4 ? 6 : mouse_id == 3 ? 5 : 1, 0 };
	__set_bit_ul(EV_KEY, dev->evbit);
	__set_bit_ul(EV_REL, dev->evbit);
	for (b = BTN_LEFT; b <= (mouse_id == 4 ? BTN_EXTRA : BTN_MIDDLE); b++)
		__set_bit_ul(b, dev->keybit);
	__set_bit_ul(REL_X, dev->relbit);
	__set_bit_ul(REL_Y, dev->relbit);
	if (mouse_id)
		__set_bit_ul(REL_WHEEL, dev->relbit);
	pr_debug("psmouse: device ID %u, %u-byte packets\n", mouse_id, pktsize);
	if (input_register_device(dev))
		return -1;
	registered = true;
	return 0;
}
