/*
 * The input core (Linux's include/linux/input.h, reduced): a device
 * (keyboard, mouse) reports events (type, code, value) with
 * input_event(); every registered handler connected to it sees them
 * (the VT keyboard, evdev's /dev/input/eventN, mousedev's mice).
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
#define EV_ABS		0x03
#define EV_MSC		0x04
#define EV_SW		0x05
#define EV_LED		0x11
#define EV_SND		0x12
#define EV_REP		0x14
#define EV_FF		0x15
#define EV_CNT		0x20
#define SYN_REPORT	0
#define SYN_DROPPED	3
#define REL_X		0x00
#define REL_Y		0x01
#define REL_HWHEEL	0x06
#define REL_WHEEL	0x08
#define REL_CNT		0x10
#define ABS_CNT		0x40
#define MSC_SCAN	0x04
#define MSC_CNT		0x08
#define SW_CNT		0x11
#define SND_CNT		0x08
#define FF_CNT		0x80
#define INPUT_PROP_CNT	0x20
#define BTN_MOUSE	0x110
#define BTN_LEFT	0x110
#define BTN_RIGHT	0x111
#define BTN_MIDDLE	0x112
#define BTN_SIDE	0x113
#define BTN_EXTRA	0x114
#define BUS_I8042	0x11
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

#define INPUT_MAJOR	13

struct input_dev;
struct input_handler;
struct file_operations;

/* One device-handler connection. */
struct input_handle {
	struct input_dev *dev;
	struct input_handler *handler;
	const char *name;		/* "event0", "mouse0"; NULL: the handler's name */
	u32 devt;			/* its char device, dev_t (13:64...), or 0 */
	void *private;
	struct list_head d_node;	/* in dev->h_list */
	struct list_head h_node;	/* in handler->h_list */
};

/* Linux's struct input_id (EVIOCGID, /proc/bus/input/devices' I: line) */
struct input_id {
	u16 bustype, vendor, product, version;
};

struct input_dev {
	const char *name;
	const char *phys;		/* "isa0060/serio0/input0" */
	const char *sysfs;		/* "/devices/platform/i8042/serio0/input/input0" */
	struct input_id id;
	unsigned int number;		/* inputN, in registration order */
	unsigned long evbit[1];		/* EV_* it reports */
	unsigned long keybit[KEY_CNT / 32];
	unsigned long relbit[1];
	unsigned long mscbit[1];
	unsigned long ledbit[1];
	unsigned long key[KEY_CNT / 32];	/* keys down now */
	unsigned long led[1];			/* LEDs lit now */
	/* events to the device (LEDs); may be called from interrupt context */
	int (*event)(struct input_dev *dev, unsigned int type, unsigned int code, int value);
	void *private;
	struct input_handle *grab;	/* EVIOCGRAB: the only handle events go to */
	unsigned int nvals;		/* events since the last SYN_REPORT */
	struct list_head h_list;
	struct list_head node;
};

struct input_handler {
	const char *name;
	unsigned int minor;		/* its first char minor on major 13 (0: none) */
	const struct file_operations *fops;	/* for its 32 minors from there */
	unsigned int number;		/* registration order (/proc/bus/input/handlers) */
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
/* /sys/class/input/NAME with dev and uevent, for a char device no one device owns */
void input_sysfs_add_node(const char *name, u32 devt);
int input_grab_device(struct input_handle *h);		/* 0 or -EBUSY */
void input_release_device(struct input_handle *h);

static inline void input_report_key(struct input_dev *dev, unsigned int code, int value)
{
	input_event(dev, EV_KEY, code, value);
}
static inline void input_report_rel(struct input_dev *dev, unsigned int code, int value)
{
	input_event(dev, EV_REL, code, value);
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
