/*
 * evtest: what Debian's evtest prints, for lucix's evdev (built static
 * against musl like the image's other programs). `evtest` lists
 * /dev/input/event* with their names and asks for a number; `evtest DEVICE`
 * prints the driver version, the device's ID and name, the event types and
 * codes it supports (EVIOCGBIT), then every event as it arrives:
 *   Event: time 1773500966.123456, type 2 (EV_REL), code 0 (REL_X), value 5
 *   Event: time 1773500966.123456, -------------- SYN_REPORT ------------
 * --grab keeps the device's events from everyone else (EVIOCGRAB);
 * --query DEVICE TYPE CODE exits 10 if the key/LED is down/on, else 0.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

/* Linux's uapi/linux/input.h (i386 layouts) */
struct input_event {
	uint32_t sec, usec;
	uint16_t type, code;
	int32_t value;
};
struct input_id {
	uint16_t bustype, vendor, product, version;
};
#define EVIOCGVERSION		_IOR('E', 0x01, int)
#define EVIOCGID		_IOR('E', 0x02, struct input_id)
#define EVIOCGREP		_IOR('E', 0x03, unsigned int[2])
#define EVIOCGNAME(len)		_IOC(_IOC_READ, 'E', 0x06, len)
#define EVIOCGPROP(len)		_IOC(_IOC_READ, 'E', 0x09, len)
#define EVIOCGKEY(len)		_IOC(_IOC_READ, 'E', 0x18, len)
#define EVIOCGLED(len)		_IOC(_IOC_READ, 'E', 0x19, len)
#define EVIOCGBIT(ev, len)	_IOC(_IOC_READ, 'E', 0x20 + (ev), len)
#define EVIOCGRAB		_IOW('E', 0x90, int)

#define EV_MAX 0x1f
#define KEY_MAX 0x2ff
#define NBITS(x) ((((x) - 1) / 32) + 1)
#define test_bit(b, a) ((a[(b) / 32] >> ((b) % 32)) & 1)

static const char *const ev_names[EV_MAX + 1] = {
	[0x00] = "EV_SYN", [0x01] = "EV_KEY", [0x02] = "EV_REL", [0x03] = "EV_ABS",
	[0x04] = "EV_MSC", [0x05] = "EV_SW", [0x11] = "EV_LED", [0x12] = "EV_SND",
	[0x14] = "EV_REP", [0x15] = "EV_FF", [0x16] = "EV_PWR", [0x17] = "EV_FF_STATUS",
};
static const char *const syn_names[] = { "SYN_REPORT", "SYN_CONFIG", "SYN_MT_REPORT", "SYN_DROPPED" };
static const char *const rel_names[16] = {
	"REL_X", "REL_Y", "REL_Z", "REL_RX", "REL_RY", "REL_RZ", "REL_HWHEEL", "REL_DIAL",
	"REL_WHEEL", "REL_MISC", NULL, "REL_WHEEL_HI_RES", "REL_HWHEEL_HI_RES",
};
static const char *const led_names[16] = {
	"LED_NUML", "LED_CAPSL", "LED_SCROLLL", "LED_COMPOSE", "LED_KANA", "LED_SLEEP",
	"LED_SUSPEND", "LED_MUTE", "LED_MISC", "LED_MAIL", "LED_CHARGING",
};
static const char *const msc_names[8] = {
	"MSC_SERIAL", "MSC_PULSELED", "MSC_GESTURE", "MSC_RAW", "MSC_SCAN", "MSC_TIMESTAMP",
};
/* KEY_ESC (1) to KEY_F12 (88): the PC keyboard's codes */
static const char *const key_names[] = {
	"KEY_RESERVED", "KEY_ESC", "KEY_1", "KEY_2", "KEY_3", "KEY_4", "KEY_5", "KEY_6",
	"KEY_7", "KEY_8", "KEY_9", "KEY_0", "KEY_MINUS", "KEY_EQUAL", "KEY_BACKSPACE",
	"KEY_TAB", "KEY_Q", "KEY_W", "KEY_E", "KEY_R", "KEY_T", "KEY_Y", "KEY_U", "KEY_I",
	"KEY_O", "KEY_P", "KEY_LEFTBRACE", "KEY_RIGHTBRACE", "KEY_ENTER", "KEY_LEFTCTRL",
	"KEY_A", "KEY_S", "KEY_D", "KEY_F", "KEY_G", "KEY_H", "KEY_J", "KEY_K", "KEY_L",
	"KEY_SEMICOLON", "KEY_APOSTROPHE", "KEY_GRAVE", "KEY_LEFTSHIFT", "KEY_BACKSLASH",
	"KEY_Z", "KEY_X", "KEY_C", "KEY_V", "KEY_B", "KEY_N", "KEY_M", "KEY_COMMA", "KEY_DOT",
	"KEY_SLASH", "KEY_RIGHTSHIFT", "KEY_KPASTERISK", "KEY_LEFTALT", "KEY_SPACE",
	"KEY_CAPSLOCK", "KEY_F1", "KEY_F2", "KEY_F3", "KEY_F4", "KEY_F5", "KEY_F6", "KEY_F7",
	"KEY_F8", "KEY_F9", "KEY_F10", "KEY_NUMLOCK", "KEY_SCROLLLOCK", "KEY_KP7", "KEY_KP8",
	"KEY_KP9", "KEY_KPMINUS", "KEY_KP4", "KEY_KP5", "KEY_KP6", "KEY_KPPLUS", "KEY_KP1",
	"KEY_KP2", "KEY_KP3", "KEY_KP0", "KEY_KPDOT", NULL, "KEY_ZENKAKUHANKAKU", "KEY_102ND",
	"KEY_F11", "KEY_F12",
};

static const char *key_name(unsigned int code)
{
	static const struct { unsigned short code; const char *name; } more[] = {
		{ 96, "KEY_KPENTER" }, { 97, "KEY_RIGHTCTRL" }, { 98, "KEY_KPSLASH" },
		{ 99, "KEY_SYSRQ" }, { 100, "KEY_RIGHTALT" }, { 102, "KEY_HOME" }, { 103, "KEY_UP" },
		{ 104, "KEY_PAGEUP" }, { 105, "KEY_LEFT" }, { 106, "KEY_RIGHT" }, { 107, "KEY_END" },
		{ 108, "KEY_DOWN" }, { 109, "KEY_PAGEDOWN" }, { 110, "KEY_INSERT" },
		{ 111, "KEY_DELETE" }, { 119, "KEY_PAUSE" }, { 125, "KEY_LEFTMETA" },
		{ 126, "KEY_RIGHTMETA" }, { 127, "KEY_COMPOSE" }, { 0x110, "BTN_LEFT" },
		{ 0x111, "BTN_RIGHT" }, { 0x112, "BTN_MIDDLE" }, { 0x113, "BTN_SIDE" },
		{ 0x114, "BTN_EXTRA" }, { 0x115, "BTN_FORWARD" }, { 0x116, "BTN_BACK" },
		{ 0x117, "BTN_TASK" },
	};
	unsigned int i;

	if (code < sizeof(key_names) / sizeof(key_names[0]) && key_names[code])
		return key_names[code];
	for (i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (more[i].code == code)
			return more[i].name;
	return "?";
}

static const char *code_name(unsigned int type, unsigned int code)
{
	const char *n = NULL;

	switch (type) {
	case 0x00: n = code < 4 ? syn_names[code] : NULL; break;
	case 0x01: return key_name(code);
	case 0x02: n = code < 16 ? rel_names[code] : NULL; break;
	case 0x04: n = code < 8 ? msc_names[code] : NULL; break;
	case 0x11: n = code < 16 ? led_names[code] : NULL; break;
	}
	return n ? n : "?";
}

static const char *ev_name(unsigned int type)
{
	return type <= EV_MAX && ev_names[type] ? ev_names[type] : "?";
}

static int scan_devices(void)
{
	char path[64], name[256];
	int max = -1, n, fd;

	fprintf(stderr, "No device specified, trying to scan all of /dev/input/event*\n");
	fprintf(stderr, "Available devices:\n");
	for (n = 0; n < 32; n++) {
		snprintf(path, sizeof(path), "/dev/input/event%d", n);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		strcpy(name, "???");
		ioctl(fd, EVIOCGNAME(sizeof(name)), name);
		fprintf(stderr, "%s:\t%s\n", path, name);
		close(fd);
		max = n;
	}
	if (max < 0) {
		fprintf(stderr, "No accessible devices found.\n");
		return -1;
	}
	fprintf(stderr, "Select the device event number [0-%d]: ", max);
	if (scanf("%d", &n) != 1 || n < 0 || n > max)
		return -1;
	snprintf(path, sizeof(path), "/dev/input/event%d", n);
	return open(path, O_RDONLY);
}

static void print_info(int fd)
{
	unsigned long bit[EV_MAX + 1][NBITS(KEY_MAX + 1)];
	unsigned int type, code, rep[2];
	struct input_id id;
	char name[256] = "Unknown";
	int version;

	memset(bit, 0, sizeof(bit));
	if (ioctl(fd, EVIOCGVERSION, &version) == 0)
		printf("Input driver version is %d.%d.%d\n", version >> 16, (version >> 8) & 0xff,
		       version & 0xff);
	ioctl(fd, EVIOCGID, &id);
	printf("Input device ID: bus 0x%x vendor 0x%x product 0x%x version 0x%x\n",
	       id.bustype, id.vendor, id.product, id.version);
	ioctl(fd, EVIOCGNAME(sizeof(name)), name);
	printf("Input device name: \"%s\"\n", name);
	printf("Supported events:\n");
	ioctl(fd, EVIOCGBIT(0, sizeof(bit[0])), bit[0]);
	for (type = 0; type < EV_MAX; type++) {
		if (!test_bit(type, bit[0]) || type == 0x14)
			continue;
		printf("  Event type %u (%s)\n", type, ev_name(type));
		if (!type)
			continue;
		ioctl(fd, EVIOCGBIT(type, sizeof(bit[type])), bit[type]);
		for (code = 0; code < KEY_MAX; code++)
			if (test_bit(code, bit[type])) {
				printf("    Event code %u (%s)\n", code, code_name(type, code));
				if (type == 0x01 || type == 0x11) {
					unsigned long st[NBITS(KEY_MAX + 1)] = { 0 };

					ioctl(fd, type == 1 ? EVIOCGKEY(sizeof(st)) : EVIOCGLED(sizeof(st)), st);
					if (type == 0x11 || test_bit(code, st))
						printf("      State %d\n", (int)test_bit(code, st));
				}
			}
	}
	if (test_bit(0x14, bit[0]) && ioctl(fd, EVIOCGREP, rep) == 0) {
		printf("Key repeat handling:\n  Repeat type 20 (EV_REP)\n");
		printf("    Repeat code 0 (REP_DELAY)\n      Value %6u\n", rep[0]);
		printf("    Repeat code 1 (REP_PERIOD)\n      Value %6u\n", rep[1]);
	}
	printf("Properties:\n");
}

static int print_events(int fd)
{
	struct input_event ev[64];
	int i, n;

	for (;;) {
		n = read(fd, ev, sizeof(ev));
		if (n < (int)sizeof(ev[0])) {
			if (n < 0 && errno == EINTR)
				continue;
			printf("expected %d bytes, got %d\n", (int)sizeof(ev[0]), n);
			return 1;
		}
		for (i = 0; i < n / (int)sizeof(ev[0]); i++) {
			unsigned int type = ev[i].type, code = ev[i].code;

			printf("Event: time %lu.%06lu, ", (unsigned long)ev[i].sec,
			       (unsigned long)ev[i].usec);
			if (type == 0)
				printf(code == 0 ? "-------------- %s ------------\n" :
				       "++++++++++++++ %s ++++++++++++\n", code_name(0, code));
			else
				printf("type %u (%s), code %u (%s), value %d\n", type, ev_name(type),
				       code, code_name(type, code), ev[i].value);
		}
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	int fd, grab = 0, a = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (a < argc && !strcmp(argv[a], "--grab")) {
		grab = 1;
		a++;
	}
	if (a < argc && !strcmp(argv[a], "--query")) {
		unsigned long st[NBITS(KEY_MAX + 1)] = { 0 };
		unsigned int type, code;

		if (argc - a != 4) {
			fprintf(stderr, "usage: evtest --query DEVICE TYPE CODE\n");
			return 1;
		}
		fd = open(argv[a + 1], O_RDONLY);
		type = strtoul(argv[a + 2], NULL, 0);
		code = strtoul(argv[a + 3], NULL, 0);
		if (fd < 0 || (type != 1 && type != 0x11) || code > KEY_MAX) {
			fprintf(stderr, "evtest: bad query\n");
			return 1;
		}
		ioctl(fd, type == 1 ? EVIOCGKEY(sizeof(st)) : EVIOCGLED(sizeof(st)), st);
		return test_bit(code, st) ? 10 : 0;
	}
	if (a >= argc) {
		fd = scan_devices();
		if (fd < 0)
			return 1;	/* scan_devices said why */
	} else {
		fd = open(argv[a], O_RDONLY);
	}
	if (fd < 0) {
		fprintf(stderr, "evtest: %s: %s\n", argv[a], strerror(errno));
		return 1;
	}
	print_info(fd);
	printf("Testing ... (interrupt to exit)\n");
	if (grab && ioctl(fd, EVIOCGRAB, (void *)1)) {
		fprintf(stderr, "evtest: this device is grabbed by another process\n");
		return 1;
	}
	return print_events(fd);
}
