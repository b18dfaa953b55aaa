/*
 * The VT keyboard (Linux's drivers/tty/vt/keyboard.c, reduced): an input
 * handler that turns key codes into what the console in front reads,
 * through key maps in Linux's format. A key map is chosen by the modifiers
 * held (bit KG_SHIFT 0, KG_ALTGR 1, KG_CTRL 2, KG_ALT 3, ...), and gives
 * each key code a keysym: type << 8 | value, the types Linux's (KT_LATIN a
 * byte, KT_FN a function-key string, KT_SPEC Enter/Caps/Num/scrollback/Boot
 * and the like, KT_PAD the keypad, KT_CUR the arrows, KT_SHIFT a modifier,
 * KT_META ESC and a byte, KT_CONS a console switch, KT_LETTER a letter Caps
 * Lock shifts, KT_LOCK a modifier lock). The default maps are the US ones
 * of Linux's defkeymap (plain, shift, AltGr (here as Alt), control,
 * shift+control, Alt and control+Alt): Alt-F1..F6 switch consoles,
 * Shift-PageUp/PageDown scroll back, Ctrl-Alt-Del is Boot (SIGINT to init,
 * Linux's default with C-A-D off). KDGKBENT/KDSKBENT read and write the maps
 * (busybox dumpkmap/loadkmap), KDSKBMODE switches a console to raw (set 1
 * scan codes made from the key codes, as Linux's emulate_raw), medium-raw
 * (key codes, bit 7 for a release) or off, KDSETKEYCODE maps a scan code to
 * another key code (setkeycodes). Caps, Num and Scroll Lock light the
 * keyboard's LEDs. SysRq with Alt: t shows the tasks, m the memory, b
 * resets the machine.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/input.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/tty.h>
#include <asm/io.h>
#include "vt.h"

struct tty_struct *vt_fg_tty(bool *app_cursor);

#define NR_KEYS		256
#define MAX_NR_KEYMAPS	256
#define K(t, v)		((t) << 8 | (v))
#define KTYP(x)		((x) >> 8)
#define KVAL(x)		((x) & 0xff)
enum { KT_LATIN, KT_FN, KT_SPEC, KT_PAD, KT_DEAD, KT_CONS, KT_CUR, KT_SHIFT, KT_META,
       KT_ASCII, KT_LOCK, KT_LETTER, KT_SLOCK, KT_DEAD2, KT_BRL, NR_TYPES };
enum { KG_SHIFT, KG_ALTGR, KG_CTRL, KG_ALT };
#define K_HOLE		K(KT_SPEC, 0)
#define K_ENTER		K(KT_SPEC, 1)
#define K_CAPS		K(KT_SPEC, 7)
#define K_NUM		K(KT_SPEC, 8)
#define K_HOLD		K(KT_SPEC, 9)
#define K_SCROLLFORW	K(KT_SPEC, 10)
#define K_SCROLLBACK	K(KT_SPEC, 11)
#define K_BOOT		K(KT_SPEC, 12)
#define K_DECRCONSOLE	K(KT_SPEC, 16)
#define K_INCRCONSOLE	K(KT_SPEC, 17)
#define K_ALLOCATED	K(KT_SPEC, 126)
#define K_NOSUCHMAP	K(KT_SPEC, 127)
/* the KT_FN values past F1..F20 */
enum { K_FIND = 20, K_INSERT, K_REMOVE, K_SELECT, K_PGUP, K_PGDN, K_MACRO, K_HELP, K_DO,
       K_PAUSE };

#define KDGKBMODE	0x4B44
#define KDSKBMODE	0x4B45
#define KDGKBENT	0x4B46
#define KDSKBENT	0x4B47
#define KDGKBMETA	0x4B62
#define KDSKBMETA	0x4B63
#define KDGETLED	0x4B31
#define KDSETLED	0x4B32
#define KDGKBLED	0x4B64
#define KDSKBLED	0x4B65
#define KDGETKEYCODE	0x4B4C
#define KDSETKEYCODE	0x4B4D
#define K_METABIT	0x03
#define K_ESCPREFIX	0x04

struct kbentry {
	u8 kb_table, kb_index;
	u16 kb_value;
};
struct kbkeycode {
	unsigned int scancode, keycode;
};

/* Key code -> byte, plain and with Shift; 0: none (the US layout). */
static const char plain_chars[89] =
	"\0\033" "1234567890-=\177\t"
	"qwertyuiop[]\0\0" "as"
	"dfghjkl;'`\0\\zxcv"
	"bnm,./\0\0\0 \0\0\0\0\0\0"
	"\0\0\0\0\0\0\0\0\0\0\0\0\0"
	"\0\0\0\0\0\0<\0";
static const char shift_chars[89] =
	"\0\033" "!@#$%^&*()_+\177\t"
	"QWERTYUIOP{}\0\0" "AS"
	"DFGHJKL:\"~\0|ZXCV"
	"BNM<>?\0\0\0 \0\0\0\0\0\0"
	"\0\0\0\0\0\0\0\0\0\0\0\0\0"
	"\0\0\0\0\0\0>\0";
/* The keypad keys 71..83 as KT_PAD values: 7 8 9 - 4 5 6 + 1 2 3 0 . */
static const u8 pad_of[13] = { 7, 8, 9, 11, 4, 5, 6, 10, 1, 2, 3, 0, 16 };

static u16 *key_maps[MAX_NR_KEYMAPS];
static u16 default_maps[7][NR_KEYS];
static unsigned int shift_down[16];	/* how many keys hold each modifier */
static unsigned int shift_state, lockstate, slockstate;
static bool caps, num, scroll, meta_esc = true;
static int led_override = -1;		/* KDSETLED: LEDs shown regardless of the locks */
static struct input_handle *kbd_handle;
static u16 keycode_of[256];		/* setkeycodes: set 1 code (0x80+: E0 xx) -> key code */

/* Linux's US defkeymap entry for a key code in the map of the modifiers in map. */
static u16 default_sym(int map, unsigned int code)
{
	static const u16 fixed[][2] = {
		{ KEY_ENTER, K_ENTER }, { KEY_KPENTER, K(KT_PAD, 14) },
		{ KEY_LEFTCTRL, K(KT_SHIFT, KG_CTRL) }, { KEY_RIGHTCTRL, K(KT_SHIFT, KG_CTRL) },
		{ KEY_LEFTSHIFT, K(KT_SHIFT, KG_SHIFT) }, { KEY_RIGHTSHIFT, K(KT_SHIFT, KG_SHIFT) },
		{ KEY_LEFTALT, K(KT_SHIFT, KG_ALT) }, { KEY_RIGHTALT, K(KT_SHIFT, KG_ALTGR) },
		{ KEY_CAPSLOCK, K_CAPS }, { KEY_NUMLOCK, K_NUM }, { KEY_SCROLLLOCK, K_HOLD },
		{ KEY_KPASTERISK, K(KT_PAD, 12) }, { KEY_KPSLASH, K(KT_PAD, 13) },
		{ KEY_SYSRQ, K(KT_LATIN, 0x1c) }, { KEY_PAUSE, K(KT_FN, K_PAUSE) },
		{ KEY_HOME, K(KT_FN, K_FIND) }, { KEY_END, K(KT_FN, K_SELECT) },
		{ KEY_INSERT, K(KT_FN, K_INSERT) }, { KEY_DELETE, K(KT_FN, K_REMOVE) },
		{ KEY_PAGEUP, K(KT_FN, K_PGUP) }, { KEY_PAGEDOWN, K(KT_FN, K_PGDN) },
		{ KEY_DOWN, K(KT_CUR, 0) }, { KEY_LEFT, K(KT_CUR, 1) },
		{ KEY_RIGHT, K(KT_CUR, 2) }, { KEY_UP, K(KT_CUR, 3) },
	};
	bool shift = map & 1, ctrl = map & 4, alt = map & 10;
	unsigned int i;
	int c;

	if (code >= KEY_F1 && code < KEY_F1 + 10)	/* F1..F10, or Console_N with Alt */
		return alt ? K(KT_CONS, code - KEY_F1) : K(KT_FN, code - KEY_F1 + (shift ? 10 : 0));
	if (code == KEY_F11 || code == KEY_F12)
		return alt ? K(KT_CONS, code - KEY_F11 + 10) : K(KT_FN, code - KEY_F11 + 10);
	if (ctrl && alt && (code == KEY_DELETE || code == KEY_KPDOT))
		return K_BOOT;
	if (code >= KEY_KP7 && code <= KEY_KPDOT)
		return K(KT_PAD, pad_of[code - KEY_KP7]);
	if (shift && !ctrl && !alt && code == KEY_PAGEUP)
		return K_SCROLLBACK;
	if (shift && !ctrl && !alt && code == KEY_PAGEDOWN)
		return K_SCROLLFORW;
	if (alt && !ctrl && code == KEY_LEFT)
		return K_DECRCONSOLE;
	if (alt && !ctrl && code == KEY_RIGHT)
		return K_INCRCONSOLE;
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		if (fixed[i][0] == code)
			return fixed[i][1];
	c = code < sizeof(plain_chars) ? (shift ? shift_chars : plain_chars)[code] : 0;
	if (!c)
		return K_HOLE;
	if (ctrl) {
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 1;
		else if (c >= '@' && c <= '_')
			c &= 0x1f;	/* ^@ ^[ ^\ ^] ^^ ^_ and Ctrl-Shift letters */
		else if (c == ' ' || c == '2')
			c = 0;
		else if (c >= '3' && c <= '7')
			c = c - '3' + 0x1b;
		else if (c == '/' || c == '?' || c == '8')
			c = 0x7f;
		else if (c == '-')
			c = 0x1f;
	}
	if (alt)
		return K(KT_META, c);
	if (!ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return K(KT_LETTER, c);
	return K(KT_LATIN, c);
}

static void put_queue(struct tty_struct *tty, const char *s, int n)
{
	while (n--)
		tty_insert_flip_char(tty, *s++);
}

static void put_byte(struct tty_struct *tty, u8 c)
{
	tty_insert_flip_char(tty, c);
}

static void update_leds(void)
{
	static const unsigned int leds[3] = { LED_SCROLLL, LED_NUML, LED_CAPSL };
	int mask = led_override >= 0 ? led_override : (scroll ? 1 : 0) | (num ? 2 : 0) | (caps ? 4 : 0);
	int i;

	if (kbd_handle)
		for (i = 0; i < 3; i++)
			input_inject_event(kbd_handle, EV_LED, leds[i], !!(mask & (1 << i)));
}

/* SysRq and Boot act in process context. */
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

static void do_fn(struct tty_struct *tty, unsigned int v)
{
	static const char *const func[] = {
		"\033[[A", "\033[[B", "\033[[C", "\033[[D", "\033[[E", "\033[17~", "\033[18~",
		"\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~", "\033[25~",
		"\033[26~", "\033[28~", "\033[29~", "\033[31~", "\033[32~", "\033[33~",
		"\033[34~", "\033[1~", "\033[2~", "\033[3~", "\033[4~", "\033[5~", "\033[6~",
		"\033[M", NULL, NULL, "\033[P",
	};

	if (v < ARRAY_SIZE(func) && func[v])
		put_queue(tty, func[v], strlen(func[v]));
}

static void applkey(struct tty_struct *tty, char key, bool mode)
{
	char s[3] = { '\033', mode ? 'O' : '[', key };

	put_queue(tty, s, 3);
}

static void do_pad(struct tty_struct *tty, unsigned int v, bool app_cursor)
{
	static const char pad_chars[] = "0123456789+-*/\r,.?()#";

	if (!num) {			/* the cursor keys the keypad carries */
		switch (v) {
		case 15: case 16: do_fn(tty, K_REMOVE); return;
		case 0: do_fn(tty, K_INSERT); return;
		case 1: do_fn(tty, K_SELECT); return;
		case 2: applkey(tty, 'B', app_cursor); return;
		case 3: do_fn(tty, K_PGDN); return;
		case 4: applkey(tty, 'D', app_cursor); return;
		case 5: applkey(tty, 'G', false); return;
		case 6: applkey(tty, 'C', app_cursor); return;
		case 7: do_fn(tty, K_FIND); return;
		case 8: applkey(tty, 'A', app_cursor); return;
		case 9: do_fn(tty, K_PGUP); return;
		}
	}
	if (v < sizeof(pad_chars) - 1)
		put_byte(tty, pad_chars[v]);
}

static void do_spec(struct tty_struct *tty, unsigned int v)
{
	switch (v) {
	case 1: put_byte(tty, '\r'); break;
	case 7: caps = !caps; update_leds(); break;
	case 8: case 19: num = !num; update_leds(); break;
	case 9: scroll = !scroll; update_leds(); break;
	case 10: vt_scrollback(-ROWS / 2); break;
	case 11: vt_scrollback(ROWS / 2); break;
	case 12: sysrq_key = 'C'; schedule_work(&sysrq_work); break;
	case 13: caps = true; update_leds(); break;
	case 16: vt_switch((fg_console + NR_VCS - 1) % NR_VCS); break;
	case 17: vt_switch((fg_console + 1) % NR_VCS); break;
	}
}

/* Set 1 scan codes as setkeycodes numbers them: xx, or 0x80 + xx for E0 xx. */
static const u8 e0_of[128] = {
	[KEY_KPENTER - 96] = 0x1c, [KEY_RIGHTCTRL - 96] = 0x1d, [KEY_KPSLASH - 96] = 0x35,
	[KEY_SYSRQ - 96] = 0x37, [KEY_RIGHTALT - 96] = 0x38, [KEY_HOME - 96] = 0x47,
	[KEY_UP - 96] = 0x48, [KEY_PAGEUP - 96] = 0x49, [KEY_LEFT - 96] = 0x4b,
	[KEY_RIGHT - 96] = 0x4d, [KEY_END - 96] = 0x4f, [KEY_DOWN - 96] = 0x50,
	[KEY_PAGEDOWN - 96] = 0x51, [KEY_INSERT - 96] = 0x52, [KEY_DELETE - 96] = 0x53,
	[KEY_LEFTMETA - 96] = 0x5b, [KEY_RIGHTMETA - 96] = 0x5c, [KEY_COMPOSE - 96] = 0x5d,
};

static int scancode_of(unsigned int code)
{
	if (code < 0x59)
		return code;
	if (code >= 96 && code < 96 + 128 && e0_of[code - 96])
		return 0x80 | e0_of[code - 96];
	return -1;
}

/* Raw mode: the set 1 scan code of a key code (Linux's emulate_raw). */
static void emulate_raw(struct tty_struct *tty, unsigned int code, bool up)
{
	int sc = scancode_of(code);

	if (code == KEY_PAUSE) {
		if (!up)
			put_queue(tty, "\xe1\x1d\x45\xe1\x9d\xc5", 6);
		return;
	}
	if (sc < 0)
		return;
	if (sc >= 0x80)
		put_byte(tty, 0xe0);
	put_byte(tty, (sc & 0x7f) | (up ? 0x80 : 0));
}

static void kbd_keycode(unsigned int code, int value)
{
	struct vc_data *vc = &vcs[fg_console];
	bool down = value != 0, up = !down, app_cursor = false, raw;
	struct tty_struct *tty = vt_fg_tty(&app_cursor);
	unsigned int shift_final, type, v;
	u16 *map, sym;

	if (down && vc->kd_mode == KD_TEXT)
		vt_poke_blank();
	if (code == KEY_SYSRQ && (shift_state & (1 << KG_ALT | 1 << KG_ALTGR)))
		return;			/* Alt-SysRq: the next key is the command */
	if (down && (shift_state & (1 << KG_ALT | 1 << KG_ALTGR)) && kbd_handle &&
	    test_bit_ul(KEY_SYSRQ, kbd_handle->dev->key)) {
		static const char sysrq_keys[] = { [20] = 't', [50] = 'm', [48] = 'b' };

		if (code < sizeof(sysrq_keys) && sysrq_keys[code]) {
			sysrq_key = sysrq_keys[code];
			schedule_work(&sysrq_work);
		}
		return;
	}
	if (tty && vc->kbd_mode == K_RAW)
		emulate_raw(tty, code, up);
	if (tty && vc->kbd_mode == K_MEDIUMRAW) {
		if (code < 128) {
			put_byte(tty, code | (up ? 0x80 : 0));
		} else {
			put_byte(tty, up ? 0x80 : 0);
			put_byte(tty, (code >> 7) | 0x80);
			put_byte(tty, code | 0x80);
		}
	}
	raw = vc->kbd_mode == K_RAW || vc->kbd_mode == K_MEDIUMRAW || vc->kbd_mode == K_OFF;
	shift_final = (shift_state | slockstate) ^ lockstate;
	map = key_maps[shift_final & 0xff];
	if (!map || code >= NR_KEYS) {
		slockstate = 0;
		goto out;
	}
	sym = map[code];
	type = KTYP(sym);
	v = KVAL(sym);
	if (type == KT_SHIFT) {		/* modifiers count in every mode */
		if (v < 16) {
			if (down && value != 2)
				shift_down[v]++;
			else if (up && shift_down[v])
				shift_down[v]--;
			if (shift_down[v])
				shift_state |= 1 << v;
			else
				shift_state &= ~(1 << v);
		}
		goto out;
	}
	if (type == KT_LETTER) {
		type = KT_LATIN;
		if (caps) {
			u16 *m2 = key_maps[(shift_final ^ (1 << KG_SHIFT)) & 0xff];

			if (m2)
				v = KVAL(m2[code]);
		}
	}
	if (raw || up || !tty)
		goto out;
	switch (type) {
	case KT_LATIN: put_byte(tty, v); break;
	case KT_FN: do_fn(tty, v); break;
	case KT_SPEC:
		if (value == 2 && (v == 7 || v == 8 || v == 9 || v == 19))
			break;		/* the locks toggle on the press, not on repeats */
		do_spec(tty, v);
		break;
	case KT_PAD: do_pad(tty, v, app_cursor); break;
	case KT_CUR: applkey(tty, "BDCA"[v & 3], app_cursor); break;
	case KT_META:
		if (meta_esc) {
			put_byte(tty, '\033');
			put_byte(tty, v);
		} else {
			put_byte(tty, v | 0x80);
		}
		break;
	case KT_CONS: vt_switch(v); break;
	case KT_LOCK:
		if (value != 2)
			lockstate ^= 1 << v;
		break;
	case KT_SLOCK:
		if (value != 2)
			slockstate ^= 1 << v;
		goto out_keep_slock;
	default:
		if (sym >= 0x1000 && (sym ^ 0xf000) < 0x80)
			put_byte(tty, sym ^ 0xf000);	/* a Unicode keysym in the ASCII range */
		break;
	}
	slockstate = 0;
out_keep_slock:
out:
	if (tty)
		tty_flip_buffer_push(tty);
}

/* A key's scan code through setkeycodes' table (the default maps it back to itself). */
static unsigned int remap(unsigned int code)
{
	int sc = scancode_of(code);

	return sc >= 0 && keycode_of[sc] ? keycode_of[sc] : code;
}

static void kbd_event(struct input_handle *h, unsigned int type, unsigned int code, int value)
{
	if (type == EV_KEY)
		kbd_keycode(remap(code), value);
}

/* ---- ioctls (through vt_ioctl) ---- */

static long kdskbent(struct vc_data *vc, struct kbentry *ke)
{
	static const u8 max_vals[NR_TYPES] = { 255, 255, 19, 19, 5, 255, 3, 8, 255, 25, 7,
					       255, 7, 255, 7 };
	u16 *map, v = ke->kb_value;
	int j;

	if (!ke->kb_index && v == K_NOSUCHMAP) {	/* free the map (not the plain one) */
		if (ke->kb_table && key_maps[ke->kb_table]) {
			map = key_maps[ke->kb_table];
			key_maps[ke->kb_table] = NULL;
			if (map < default_maps[0] || map >= default_maps[7])
				kfree(map);
		}
		return 0;
	}
	if (KTYP(v) < NR_TYPES) {
		if (KVAL(v) > max_vals[KTYP(v)])
			return -EINVAL;
	} else if (vc->kbd_mode != K_UNICODE) {
		return -EINVAL;
	}
	if (!ke->kb_index)
		return 0;		/* entry 0 only tests the arguments (Linux) */
	map = key_maps[ke->kb_table];
	if (!map) {
		map = kmalloc(NR_KEYS * sizeof(u16), GFP_KERNEL);
		if (!map)
			return -ENOMEM;
		for (j = 0; j < NR_KEYS; j++)
			map[j] = K_HOLE;
		map[0] = K_ALLOCATED;
		key_maps[ke->kb_table] = map;
	}
	map[ke->kb_index] = v;
	return 0;
}

long kbd_ioctl(struct vc_data *vc, unsigned int cmd, unsigned long arg)
{
	void __user *up = (void __user *)arg;
	struct kbkeycode kc;
	struct kbentry ke;
	u16 *map;
	u8 c;

	switch (cmd) {
	case KDGKBMODE:
		return put_user(vc->kbd_mode, (int __user *)up) ? -EFAULT : 0;
	case KDSKBMODE:
		if (arg > K_OFF)
			return -EINVAL;
		vc->kbd_mode = arg;
		mutex_lock(&vc->tty.ldisc_lock);
		n_tty_flush_input(&vc->tty);
		mutex_unlock(&vc->tty.ldisc_lock);
		return 0;
	case KDGKBMETA:
		return put_user(meta_esc ? K_ESCPREFIX : K_METABIT, (int __user *)up) ? -EFAULT : 0;
	case KDSKBMETA:
		if (arg != K_METABIT && arg != K_ESCPREFIX)
			return -EINVAL;
		meta_esc = arg == K_ESCPREFIX;
		return 0;
	case KDGKBENT:
		if (copy_from_user(&ke, up, sizeof(ke)))
			return -EFAULT;
		map = key_maps[ke.kb_table];
		if (map) {
			ke.kb_value = map[ke.kb_index];
			if (vc->kbd_mode != K_UNICODE && KTYP(ke.kb_value) >= NR_TYPES)
				ke.kb_value = K_HOLE;
		} else {
			ke.kb_value = ke.kb_index ? K_HOLE : K_NOSUCHMAP;
		}
		return put_user(ke.kb_value, (u16 __user *)(arg + 2)) ? -EFAULT : 0;
	case KDSKBENT:
		if (copy_from_user(&ke, up, sizeof(ke)))
			return -EFAULT;
		return kdskbent(vc, &ke);
	case KDGETLED:
		c = led_override >= 0 ? led_override : (scroll ? 1 : 0) | (num ? 2 : 0) | (caps ? 4 : 0);
		return put_user(c, (u8 __user *)up) ? -EFAULT : 0;
	case KDSETLED:
		led_override = arg & ~7UL ? -1 : (int)arg;
		update_leds();
		return 0;
	case KDGKBLED:
		c = (scroll ? 1 : 0) | (num ? 2 : 0) | (caps ? 4 : 0);
		return put_user(c, (u8 __user *)up) ? -EFAULT : 0;
	case KDSKBLED:
		if (arg & ~0x77UL)
			return -EINVAL;
		scroll = arg & 1;
		num = arg & 2;
		caps = arg & 4;
		update_leds();
		return 0;
	case KDGETKEYCODE:
	case KDSETKEYCODE:
		if (copy_from_user(&kc, up, sizeof(kc)))
			return -EFAULT;
		if (kc.scancode >= 256)
			return -EINVAL;
		if (cmd == KDGETKEYCODE)
			return put_user(keycode_of[kc.scancode], (unsigned int __user *)(arg + 4)) ?
				-EFAULT : 0;
		if (kc.keycode >= KEY_CNT)
			return -EINVAL;
		keycode_of[kc.scancode] = kc.keycode;
		return 0;
	}
	return -ENOIOCTLCMD;
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
	/* the maps Linux's defkeymap has: plain, shift, altgr, ctrl, shift+ctrl, alt, ctrl+alt */
	static const u8 which[7] = { 0, 1, 2, 4, 5, 8, 12 };
	unsigned int i, k;

	for (i = 0; i < 7; i++) {
		for (k = 0; k < NR_KEYS; k++)
			default_maps[i][k] = default_sym(which[i] == 2 ? 8 : which[i], k);
		key_maps[which[i]] = default_maps[i];
	}
	for (k = 1; k < 0x59; k++)
		keycode_of[k] = k;
	for (k = 96; k < 224; k++)
		if (e0_of[k - 96])
			keycode_of[0x80 | e0_of[k - 96]] = k;
	INIT_WORK(&sysrq_work, sysrq_work_fn);
	return input_register_handler(&kbd_handler);
}
fs_initcall(kbd_init);
