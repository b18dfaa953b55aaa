/*
 * The input core (Linux's include/linux/input.h, reduced): a device
 * (keyboard, later mouse) reports events (type, code, value) with
 * input_event(); every registered handler connected to it sees them
 * (the VT keyboard today; evdev and mousedev can be added as handlers).
 * Handlers send events back to the device with input_inject_event (LEDs).
 * Event types and key codes are Linux's (uapi/linux/input-event-codes.h).
 */
#ifndef _LINUX_INPUT_H
#define _LINUX_INPUT_H

#include <linux/types.h>
#include <linux/list.h>

#define EV_SYN		0x00
#define EV_KEY		0x01
#define EV_REL		0x02
#define EV_MSC		0x04
#define EV_LED		0x11
#define EV_REP		0x14
#define EV_CNT		0x20
#define SYN_REPORT	0
#define LED_NUML	0x00
#define LED_CAPSL	0x01
#define LED_SCROLLL	0x02
#define LED_CNT		0x10

#define KEY_ESC		1
#define KEY_BACKSPACE	14
#define KEY_TAB		15
#define KEY_ENTER	28
#define KEY_LEFTCTRL	29
#define KEY_LEFTSHIFT	42
#define KEY_RIGHTSHIFT	54
#define KEY_KPASTERISK	55
#define KEY_LEFTALT	56
#define KEY_SPACE	57
#define KEY_CAPSLOCK	58
#define KEY_F1		59
#define KEY_F10		68
#define KEY_NUMLOCK	69
#define KEY_SCROLLLOCK	70
#define KEY_KP7		71
#define KEY_KPDOT	83
#define KEY_102ND	86
#define KEY_F11		87
#define KEY_F12		88
#define KEY_KPENTER	96
#define KEY_RIGHTCTRL	97
#define KEY_KPSLASH	98
#define KEY_SYSRQ	99
#define KEY_RIGHTALT	100
#define KEY_HOME	102
#define KEY_UP		103
#define KEY_PAGEUP	104
#define KEY_LEFT	105
#define KEY_RIGHT	106
#define KEY_END		107
#define KEY_DOWN	108
#define KEY_PAGEDOWN	109
#define KEY_INSERT	110
#define KEY_DELETE	111
#define KEY_PAUSE	119
#define KEY_LEFTMETA	125
#define KEY_RIGHTMETA	126
#define KEY_COMPOSE	127
#define KEY_CNT		0x300

struct input_dev;
struct input_handler;

/* One device-handler connection. */
struct input_handle {
	struct input_dev *dev;
	struct input_handler *handler;
	struct list_head d_node;	/* in dev->h_list */
	struct list_head h_node;	/* in handler->h_list */
};

struct input_dev {
	const char *name;
	const char *phys;		/* "isa0060/serio0/input0" */
	unsigned long evbit[1];		/* EV_* it reports */
	unsigned long keybit[KEY_CNT / 32];
	unsigned long ledbit[1];
	unsigned long key[KEY_CNT / 32];	/* keys down now */
	unsigned long led[1];			/* LEDs lit now */
	/* events to the device (LEDs); may be called from interrupt context */
	int (*event)(struct input_dev *dev, unsigned int type, unsigned int code, int value);
	void *private;
	struct list_head h_list;
	struct list_head node;
};

struct input_handler {
	const char *name;
	/* may run in interrupt context */
	void (*event)(struct input_handle *h, unsigned int type, unsigned int code, int value);
	/* true: wants this device (a handle is made for it) */
	bool (*match)(struct input_handler *handler, struct input_dev *dev);
	/* the new handle, after a match */
	void (*connect)(struct input_handle *h);
	struct list_head h_list;
	struct list_head node;
};

int input_register_device(struct input_dev *dev);
int input_register_handler(struct input_handler *handler);
void input_event(struct input_dev *dev, unsigned int type, unsigned int code, int value);
void input_inject_event(struct input_handle *h, unsigned int type, unsigned int code, int value);

static inline void input_report_key(struct input_dev *dev, unsigned int code, int value)
{
	input_event(dev, EV_KEY, code, value);
}
static inline void input_sync(struct input_dev *dev)
{
	input_event(dev, EV_SYN, SYN_REPORT, 0);
}
static inline void __set_bit_ul(unsigned int nr, unsigned long *a)
{
	a[nr / 32] |= 1UL << (nr % 32);
}
static inline bool test_bit_ul(unsigned int nr, const unsigned long *a)
{
	return a[nr / 32] & (1UL << (nr % 32));
}

#endif
