/*
 * Terminal bytes to key events (see termkeys.h). The US layout: which
 * printable characters need Shift, and the escape sequences xterm and the
 * Linux console send for the keys that have no character.
 */
#include <linux/input-event-codes.h>
#include <string.h>

#include "emu/ui/termkeys.h"

/* Key for each printable ASCII character, and whether it needs Shift. */
static const struct { u8 key, shift; } ascii_keys[128] = {
	[' '] = { KEY_SPACE, 0 }, ['!'] = { KEY_1, 1 }, ['"'] = { KEY_APOSTROPHE, 1 },
	['#'] = { KEY_3, 1 }, ['$'] = { KEY_4, 1 }, ['%'] = { KEY_5, 1 }, ['&'] = { KEY_7, 1 },
	['\''] = { KEY_APOSTROPHE, 0 }, ['('] = { KEY_9, 1 }, [')'] = { KEY_0, 1 },
	['*'] = { KEY_8, 1 }, ['+'] = { KEY_EQUAL, 1 }, [','] = { KEY_COMMA, 0 },
	['-'] = { KEY_MINUS, 0 }, ['.'] = { KEY_DOT, 0 }, ['/'] = { KEY_SLASH, 0 },
	['0'] = { KEY_0, 0 }, ['1'] = { KEY_1, 0 }, ['2'] = { KEY_2, 0 }, ['3'] = { KEY_3, 0 },
	['4'] = { KEY_4, 0 }, ['5'] = { KEY_5, 0 }, ['6'] = { KEY_6, 0 }, ['7'] = { KEY_7, 0 },
	['8'] = { KEY_8, 0 }, ['9'] = { KEY_9, 0 }, [':'] = { KEY_SEMICOLON, 1 },
	[';'] = { KEY_SEMICOLON, 0 }, ['<'] = { KEY_COMMA, 1 }, ['='] = { KEY_EQUAL, 0 },
	['>'] = { KEY_DOT, 1 }, ['?'] = { KEY_SLASH, 1 }, ['@'] = { KEY_2, 1 },
	['['] = { KEY_LEFTBRACE, 0 }, ['\\'] = { KEY_BACKSLASH, 0 },
	[']'] = { KEY_RIGHTBRACE, 0 }, ['^'] = { KEY_6, 1 }, ['_'] = { KEY_MINUS, 1 },
	['`'] = { KEY_GRAVE, 0 }, ['{'] = { KEY_LEFTBRACE, 1 }, ['|'] = { KEY_BACKSLASH, 1 },
	['}'] = { KEY_RIGHTBRACE, 1 }, ['~'] = { KEY_GRAVE, 1 },
};

static const u8 letter_keys[26] = {
	KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L,
	KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X,
	KEY_Y, KEY_Z,
};

/* Escape sequences after ESC: CSI forms "[X", "[n~" and SS3 forms "OX". */
static const struct { const char *seq; u16 key; } esc_seqs[] = {
	{ "[A", KEY_UP }, { "[B", KEY_DOWN }, { "[C", KEY_RIGHT }, { "[D", KEY_LEFT },
	{ "[H", KEY_HOME }, { "[F", KEY_END }, { "OA", KEY_UP }, { "OB", KEY_DOWN },
	{ "OC", KEY_RIGHT }, { "OD", KEY_LEFT }, { "OH", KEY_HOME }, { "OF", KEY_END },
	{ "OP", KEY_F1 }, { "OQ", KEY_F2 }, { "OR", KEY_F3 }, { "OS", KEY_F4 },
	{ "[1~", KEY_HOME }, { "[2~", KEY_INSERT }, { "[3~", KEY_DELETE }, { "[4~", KEY_END },
	{ "[5~", KEY_PAGEUP }, { "[6~", KEY_PAGEDOWN }, { "[[A", KEY_F1 }, { "[[B", KEY_F2 },
	{ "[[C", KEY_F3 }, { "[[D", KEY_F4 }, { "[[E", KEY_F5 }, { "[11~", KEY_F1 },
	{ "[12~", KEY_F2 }, { "[13~", KEY_F3 }, { "[14~", KEY_F4 }, { "[15~", KEY_F5 },
	{ "[17~", KEY_F6 }, { "[18~", KEY_F7 }, { "[19~", KEY_F8 }, { "[20~", KEY_F9 },
	{ "[21~", KEY_F10 }, { "[23~", KEY_F11 }, { "[24~", KEY_F12 },
};

static int emit(struct input_event *ev, unsigned key, unsigned mod)
{
	int n = 0;
	struct input_event e = { .icount = INPUT_ASAP, .type = INPUT_KEY };
	if (mod) {
		e.a = mod, e.b = 1;
		ev[n++] = e;
	}
	e.a = key, e.b = 1;
	ev[n++] = e;
	e.b = 0;
	ev[n++] = e;
	if (mod) {
		e.a = mod, e.b = 0;
		ev[n++] = e;
	}
	return n;
}

/* A CSI/SS3 sequence is complete at its final byte (0x40-0x7E, not '[' right after ESC[). */
static size_t seq_len(const u8 *buf, size_t len)
{
	if (len < 2)
		return 0;
	if (buf[1] == 'O')
		return len >= 3 ? 3 : 0;
	if (buf[1] != '[')
		return 1;
	size_t i = 2;
	if (i < len && buf[i] == '[')	/* Linux console F1-F5: ESC [ [ A */
		return len >= 4 ? 4 : 0;
	while (i < len && ((buf[i] >= '0' && buf[i] <= '9') || buf[i] == ';'))
		i++;
	return i < len ? i + 1 : 0;
}

size_t termkeys_decode(const u8 *buf, size_t len, bool final, struct input_event *ev, int *nev)
{
	*nev = 0;
	if (!len)
		return 0;
	u8 c = buf[0];
	if (c == 0x1B) {
		size_t n = seq_len(buf, len);
		if (!n) {
			if (!final)
				return 0;
			*nev = emit(ev, KEY_ESC, 0);
			return 1;
		}
		if (n == 1) {		/* ESC then an ordinary byte: Alt+key is not modelled */
			*nev = emit(ev, KEY_ESC, 0);
			return 1;
		}
		for (unsigned i = 0; i < ARRAY_SIZE(esc_seqs); i++) {
			if (strlen(esc_seqs[i].seq) == n - 1 &&
			    !memcmp(esc_seqs[i].seq, buf + 1, n - 1)) {
				*nev = emit(ev, esc_seqs[i].key, 0);
				break;
			}
		}
		return n;
	}
	if (c == '\r' || c == '\n')
		*nev = emit(ev, KEY_ENTER, 0);
	else if (c == '\t')
		*nev = emit(ev, KEY_TAB, 0);
	else if (c == 0x7F || c == 0x08)
		*nev = emit(ev, KEY_BACKSPACE, 0);
	else if (c >= 1 && c <= 26)
		*nev = emit(ev, letter_keys[c - 1], KEY_LEFTCTRL);
	else if (c >= 'a' && c <= 'z')
		*nev = emit(ev, letter_keys[c - 'a'], 0);
	else if (c >= 'A' && c <= 'Z')
		*nev = emit(ev, letter_keys[c - 'A'], KEY_LEFTSHIFT);
	else if (c < 128 && ascii_keys[c].key)
		*nev = emit(ev, ascii_keys[c].key, ascii_keys[c].shift ? KEY_LEFTSHIFT : 0);
	return 1;
}
