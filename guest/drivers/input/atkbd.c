/*
 * The AT keyboard (Linux's drivers/input/keyboard/atkbd.c, reduced) behind
 * the i8042 with translation on, so its bytes are scan code set 1: a make
 * code, the same with bit 7 set for the break, 0xE0 before the extended
 * keys, 0xE1 before Pause's six bytes. Set 1 codes 0x01-0x58 are Linux key
 * codes as they are; the E0 keys map through a table. The keyboard's own
 * typematic repeat arrives as repeated makes (the input core marks them
 * value 2). Each key comes after an EV_MSC MSC_SCAN of its code as Linux's
 * atkbd gives it (the set 1 make code, 0x80 added after 0xE0). LEDs: 0xED then a mask (bit 0 Scroll, 1 Num, 2 Caps); the
 * keyboard's 0xFA acknowledgements are dropped.
 */
#include <linux/kernel.h>
#include <linux/input.h>

int i8042_kbd_write(u8 b);

static struct input_dev atkbd_dev;
static bool extended;
static int pause_skip;

static const u8 e0_keys[128] = {
	[0x1c] = KEY_KPENTER, [0x1d] = KEY_RIGHTCTRL, [0x35] = KEY_KPSLASH,
	[0x37] = KEY_SYSRQ, [0x38] = KEY_RIGHTALT, [0x47] = KEY_HOME, [0x48] = KEY_UP,
	[0x49] = KEY_PAGEUP, [0x4b] = KEY_LEFT, [0x4d] = KEY_RIGHT, [0x4f] = KEY_END,
	[0x50] = KEY_DOWN, [0x51] = KEY_PAGEDOWN, [0x52] = KEY_INSERT, [0x53] = KEY_DELETE,
	[0x5b] = KEY_LEFTMETA, [0x5c] = KEY_RIGHTMETA, [0x5d] = KEY_COMPOSE,
};

/* One byte from the controller (interrupt context). */
void atkbd_interrupt(u8 data)
{
	unsigned int code, scan;

	/* ACK, resend, echo, overrun (0xAA is also Left Shift's break: not dropped) */
	if (data == 0xfa || data == 0xfe || data == 0xee || data == 0x00 || data == 0xff)
		return;
	if (pause_skip) {
		if (--pause_skip == 0) {
			input_report_key(&atkbd_dev, KEY_PAUSE, 1);
			input_report_key(&atkbd_dev, KEY_PAUSE, 0);
			input_sync(&atkbd_dev);
		}
		return;
	}
	if (data == 0xe1) {
		pause_skip = 5;
		return;
	}
	if (data == 0xe0) {
		extended = true;
		return;
	}
	scan = data & 0x7f;
	if (extended) {
		extended = false;
		if (scan == 0x2a || scan == 0x36)
			return;		/* the fake shifts around extended keys */
		code = e0_keys[scan];
		scan |= 0x80;
	} else {
		code = scan <= 0x58 ? scan : 0;
	}
	if (!code)
		return;
	input_event(&atkbd_dev, EV_MSC, MSC_SCAN, scan);
	input_report_key(&atkbd_dev, code, !(data & 0x80));
	input_sync(&atkbd_dev);
}

static int atkbd_event(struct input_dev *dev, unsigned int type, unsigned int code, int value)
{
	u8 mask;

	if (type != EV_LED)
		return -1;
	mask = (test_bit_ul(LED_SCROLLL, dev->led) ? 1 : 0) |
	       (test_bit_ul(LED_NUML, dev->led) ? 2 : 0) |
	       (test_bit_ul(LED_CAPSL, dev->led) ? 4 : 0);
	pr_debug("atkbd: LEDs %x (ED %02x)\n", mask, mask);
	i8042_kbd_write(0xed);
	i8042_kbd_write(mask);
	return 0;
}

int atkbd_init(void)
{
	unsigned int k;

	atkbd_dev.name = "AT Translated Set 2 keyboard";
	atkbd_dev.phys = "isa0060/serio0/input0";
	atkbd_dev.sysfs = "/devices/platform/i8042/serio0/input/input0";
	atkbd_dev.id = (struct input_id){ BUS_I8042, 0x0001, 0x0001, 0xab41 };
	atkbd_dev.event = atkbd_event;
	__set_bit_ul(EV_KEY, atkbd_dev.evbit);
	__set_bit_ul(EV_LED, atkbd_dev.evbit);
	__set_bit_ul(EV_REP, atkbd_dev.evbit);
	__set_bit_ul(EV_MSC, atkbd_dev.evbit);
	__set_bit_ul(MSC_SCAN, atkbd_dev.mscbit);
	for (k = 1; k <= 0x58; k++)
		__set_bit_ul(k, atkbd_dev.keybit);
	for (k = 0; k < 128; k++)
		if (e0_keys[k])
			__set_bit_ul(e0_keys[k], atkbd_dev.keybit);
	__set_bit_ul(KEY_PAUSE, atkbd_dev.keybit);
	atkbd_dev.ledbit[0] = 7;
	i8042_kbd_write(0xf4);		/* scanning on */
	return input_register_device(&atkbd_dev);
}
