/*
 * The VT keyboard (Linux's drivers/tty/vt/keyboard.c, reduced): an input
 * handler that turns key codes into the bytes the console in front reads.
 * The US keymap (plain and shifted, like loadkeys' us.map), Shift, Ctrl, Alt
 * (Meta: ESC before the key, Linux's default), AltGr as Alt, Caps Lock and
 * Num Lock toggling their LEDs (and Scroll Lock its LED), the keypad,
 * cursor and function keys as the Linux console sends them (ESC [ A,
 * ESC O A in application cursor mode, ESC [ [ A for F1, ESC [ 1 7 ~ for F6,
 * ...), Alt-F1..F6 switching consoles, Ctrl-Alt-Del sending SIGINT to init
 * (Linux's default with C-A-D off: init decides), and SysRq with Alt:
 * t shows the tasks, m the memory, b resets the machine.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/input.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/tty.h>
#include <asm/io.h>

struct tty_struct *vt_fg_tty(bool *app_cursor);
void vt_switch(int n);

/* Key code -> byte, plain and with Shift; 0: no character. */
static const char plain_map[89] =
	"\0\033" "1234567890-=\177\t"
	"qwertyuiop[]\r\0" "as"
	"dfghjkl;'`\0\\zxcv"
	"bnm,./\0*\0 \0\0\0\0\0\0"
	"\0\0\0\0\0\0\0" "789-456+1"
	"230.\0\0<\0";
static const char shift_map[89] =
	"\0\033" "!@#$%^&*()_+\177\t"
	"QWERTYUIOP{}\r\0" "AS"
	"DFGHJKL:\"~\0|ZXCV"
	"BNM<>?\0*\0 \0\0\0\0\0\0"
	"\0\0\0\0\0\0\0" "789-456+1"
	"230.\0\0>\0";

static bool shift_l, shift_r, ctrl_l, ctrl_r, alt_l, alt_r, caps, num, scroll;
static struct input_handle *kbd_handle;

static void put_queue(struct tty_struct *tty, const char *s, int n)
{
	while (n--)
		tty_insert_flip_char(tty, *s++);
}

static void set_led(unsigned int led, bool on)
{
	if (kbd_handle)
		input_inject_event(kbd_handle, EV_LED, led, on);
}

/* SysRq and Ctrl-Alt-Del act in process context. */
static int sysrq_key;
static void sysrq_work_fn(struct work_struct *w)
{
	struct task_struct *init;

	switch (sysrq_key) {
	case 't':
		pr_info("sysrq: Show State\n");
		show_tasks();
		break;
	case 'm':
		pr_info("sysrq: Show Memory\n");
		show_free_areas();
		break;
	case 'b':
		pr_emerg("sysrq: Resetting\n");
		outb(0xfe, 0x64);
		break;
	case 'C':			/* Ctrl-Alt-Del */
		init = find_task_by_pid(1);
		if (init)
			send_sig(2, init, 1);
		break;
	}
}
static struct work_struct sysrq_work;

static void special_key(struct tty_struct *tty, unsigned int code, bool app_cursor)
{
	static const struct { u16 code; const char *seq; } seqs[] = {
		{ KEY_HOME, "\033[1~" }, { KEY_INSERT, "\033[2~" }, { KEY_DELETE, "\033[3~" },
		{ KEY_END, "\033[4~" }, { KEY_PAGEUP, "\033[5~" }, { KEY_PAGEDOWN, "\033[6~" },
		{ KEY_F1, "\033[[A" }, { KEY_F1 + 1, "\033[[B" }, { KEY_F1 + 2, "\033[[C" },
		{ KEY_F1 + 3, "\033[[D" }, { KEY_F1 + 4, "\033[[E" }, { KEY_F1 + 5, "\033[17~" },
		{ KEY_F1 + 6, "\033[18~" }, { KEY_F1 + 7, "\033[19~" }, { KEY_F1 + 8, "\033[20~" },
		{ KEY_F10, "\033[21~" }, { KEY_F11, "\033[23~" }, { KEY_F12, "\033[24~" },
		{ KEY_KPENTER, "\r" }, { KEY_KPSLASH, "/" },
	};
	static const char arrows[] = { [KEY_UP - KEY_UP] = 'A', [KEY_DOWN - KEY_UP] = 'B',
				       [KEY_RIGHT - KEY_UP] = 'C', [KEY_LEFT - KEY_UP] = 'D' };
	unsigned int i;

	if (code == KEY_UP || code == KEY_DOWN || code == KEY_LEFT || code == KEY_RIGHT) {
		char s[3] = { '\033', app_cursor ? 'O' : '[', arrows[code - KEY_UP] };

		put_queue(tty, s, 3);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(seqs); i++)
		if (seqs[i].code == code) {
			put_queue(tty, seqs[i].seq, strlen(seqs[i].seq));
			return;
		}
}

/* Keypad keys without Num Lock: the cursor keys they carry. */
static const u16 kp_nonum[13] = { KEY_HOME, KEY_UP, KEY_PAGEUP, 0, KEY_LEFT, 0, KEY_RIGHT, 0,
				  KEY_END, KEY_DOWN, KEY_PAGEDOWN, KEY_INSERT, KEY_DELETE };

static void kbd_keycode(unsigned int code, int value)
{
	bool down = value != 0, shift = shift_l || shift_r, ctrl = ctrl_l || ctrl_r;
	bool alt = alt_l || alt_r, app_cursor = false;
	struct tty_struct *tty;
	char c;

	switch (code) {
	case KEY_LEFTSHIFT: shift_l = down; return;
	case KEY_RIGHTSHIFT: shift_r = down; return;
	case KEY_LEFTCTRL: ctrl_l = down; return;
	case KEY_RIGHTCTRL: ctrl_r = down; return;
	case KEY_LEFTALT: alt_l = down; return;
	case KEY_RIGHTALT: alt_r = down; return;
	}
	if (!down)
		return;
	if (value == 1) {		/* the locks toggle on the press, not on repeats */
		if (code == KEY_CAPSLOCK) {
			caps = !caps;
			set_led(LED_CAPSL, caps);
			return;
		}
		if (code == KEY_NUMLOCK) {
			num = !num;
			set_led(LED_NUML, num);
			return;
		}
		if (code == KEY_SCROLLLOCK) {
			scroll = !scroll;
			set_led(LED_SCROLLL, scroll);
			return;
		}
		if (alt && code == KEY_SYSRQ)
			return;
	}
	if (alt && kbd_handle && test_bit_ul(KEY_SYSRQ, kbd_handle->dev->key)) {
		static const char sysrq_keys[] = { [20] = 't', [50] = 'm', [48] = 'b' };

		if (code < sizeof(sysrq_keys) && sysrq_keys[code]) {
			sysrq_key = sysrq_keys[code];
			schedule_work(&sysrq_work);
		}
		return;
	}
	if (ctrl && alt && (code == KEY_DELETE || code == KEY_KPDOT)) {
		sysrq_key = 'C';
		schedule_work(&sysrq_work);
		return;
	}
	if (alt && code >= KEY_F1 && code < KEY_F1 + 6) {
		vt_switch(code - KEY_F1);
		return;
	}
	tty = vt_fg_tty(&app_cursor);
	if (!tty)
		return;
	if (code >= KEY_KP7 && code <= KEY_KPDOT && code != 74 && code != 78 && !num) {
		u16 k = kp_nonum[code - KEY_KP7];

		if (k)
			special_key(tty, k, app_cursor);
		tty_flip_buffer_push(tty);
		return;
	}
	c = code < sizeof(plain_map) ? (shift ? shift_map[code] : plain_map[code]) : 0;
	if (!c) {
		special_key(tty, code, app_cursor);
		tty_flip_buffer_push(tty);
		return;
	}
	if (caps && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c ^= 0x20;
	if (ctrl) {
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 1;
		else if (c >= '@' && c <= '_')
			c &= 0x1f;	/* ^@ ^[ ^\ ^] ^^ ^_ and Ctrl-Shift letters */
		else if (c == ' ' || c == '2')
			c = 0;
		else if (c == '/' || c == '?' || c == '-')
			c = c == '-' ? 0x1f : 0x7f;
		else if (c == '6')
			c = 0x1e;
	}
	if (alt)
		tty_insert_flip_char(tty, '\033');	/* Meta: ESC prefix */
	tty_insert_flip_char(tty, c);
	tty_flip_buffer_push(tty);
}

static void kbd_event(struct input_handle *h, unsigned int type, unsigned int code, int value)
{
	if (type == EV_KEY)
		kbd_keycode(code, value);
}

static bool kbd_match(struct input_handler *handler, struct input_dev *dev)
{
	return test_bit_ul(EV_KEY, dev->evbit) && test_bit_ul(KEY_ENTER, dev->keybit);
}

static void kbd_connect(struct input_handle *h)
{
	if (!kbd_handle)		/* the first keyboard's LEDs follow the locks */
		kbd_handle = h;
}

static struct input_handler kbd_handler = {
	.name = "kbd",
	.event = kbd_event,
	.match = kbd_match,
	.connect = kbd_connect,
};

static int __init kbd_init(void)
{
	INIT_WORK(&sysrq_work, sysrq_work_fn);
	return input_register_handler(&kbd_handler);
}
fs_initcall(kbd_init);
