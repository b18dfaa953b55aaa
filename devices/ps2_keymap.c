/*
 * The US 101/102-key layout in scan code sets 1 and 2 (IBM PS/2 Keyboard
 * Technical Reference; the set 2 -> set 1 table of the 8042 follows from it),
 * keyed by Linux KEY_* codes, which for the base keys equal the set 1 codes.
 * Extended keys carry an E0 prefix in both sets; Print Screen and Pause have
 * their own sequences.
 */
#include <linux/input-event-codes.h>

#include "devices/ps2_keymap.h"

/* Set 2 make codes of the base keys, indexed by their set 1 code (= KEY_* code). */
static const u8 set2_of_set1[0x59] = {
	[0x01] = 0x76,						/* Esc */
	[0x02] = 0x16, 0x1E, 0x26, 0x25, 0x2E, 0x36, 0x3D, 0x3E, 0x46, 0x45,	/* 1-0 */
	[0x0C] = 0x4E, 0x55, 0x66, 0x0D,			/* - = Backspace Tab */
	[0x10] = 0x15, 0x1D, 0x24, 0x2D, 0x2C, 0x35, 0x3C, 0x43, 0x44, 0x4D,	/* Q-P */
	[0x1A] = 0x54, 0x5B, 0x5A, 0x14,			/* [ ] Enter LCtrl */
	[0x1E] = 0x1C, 0x1B, 0x23, 0x2B, 0x34, 0x33, 0x3B, 0x42, 0x4B,	/* A-L */
	[0x27] = 0x4C, 0x52, 0x0E, 0x12, 0x5D,			/* ; ' ` LShift \ */
	[0x2C] = 0x1A, 0x22, 0x21, 0x2A, 0x32, 0x31, 0x3A,	/* Z-M */
	[0x33] = 0x41, 0x49, 0x4A, 0x59, 0x7C, 0x11, 0x29, 0x58,	/* , . / RShift KP* LAlt Space Caps */
	[0x3B] = 0x05, 0x06, 0x04, 0x0C, 0x03, 0x0B, 0x83, 0x0A, 0x01, 0x09,	/* F1-F10 */
	[0x45] = 0x77, 0x7E,					/* NumLock ScrollLock */
	[0x47] = 0x6C, 0x75, 0x7D, 0x7B,			/* KP7 KP8 KP9 KP- */
	[0x4B] = 0x6B, 0x73, 0x74, 0x79,			/* KP4 KP5 KP6 KP+ */
	[0x4F] = 0x69, 0x72, 0x7A, 0x70, 0x71,			/* KP1 KP2 KP3 KP0 KP. */
	[0x56] = 0x61, 0x78, 0x07,				/* 102nd F11 F12 */
};

/* Extended keys: E0 prefix, then these codes. */
static const struct { u16 key; u8 set1, set2; } ext_keys[] = {
	{ KEY_KPENTER, 0x1C, 0x5A },
	{ KEY_RIGHTCTRL, 0x1D, 0x14 },
	{ KEY_KPSLASH, 0x35, 0x4A },
	{ KEY_RIGHTALT, 0x38, 0x11 },
	{ KEY_HOME, 0x47, 0x6C },
	{ KEY_UP, 0x48, 0x75 },
	{ KEY_PAGEUP, 0x49, 0x7D },
	{ KEY_LEFT, 0x4B, 0x6B },
	{ KEY_RIGHT, 0x4D, 0x74 },
	{ KEY_END, 0x4F, 0x69 },
	{ KEY_DOWN, 0x50, 0x72 },
	{ KEY_PAGEDOWN, 0x51, 0x7A },
	{ KEY_INSERT, 0x52, 0x70 },
	{ KEY_DELETE, 0x53, 0x71 },
	{ KEY_LEFTMETA, 0x5B, 0x1F },
	{ KEY_RIGHTMETA, 0x5C, 0x27 },
	{ KEY_COMPOSE, 0x5D, 0x2F },
	{ KEY_MUTE, 0x20, 0x23 },
	{ KEY_VOLUMEDOWN, 0x2E, 0x21 },
	{ KEY_VOLUMEUP, 0x30, 0x32 },
};

static u8 xlat[256];

/* Build the 8042 translation table from the two code sets, once. */
static void build_xlat(void)
{
	if (xlat[0x76])
		return;
	for (int i = 0; i < 256; i++)
		xlat[i] = (u8)i;	/* responses (FA, AA, EE, ...) pass unchanged */
	for (int s1 = 1; s1 < (int)sizeof(set2_of_set1); s1++)
		if (set2_of_set1[s1])
			xlat[set2_of_set1[s1]] = (u8)s1;
	for (unsigned i = 0; i < ARRAY_SIZE(ext_keys); i++)
		xlat[ext_keys[i].set2] = ext_keys[i].set1;
}

u8 ps2_translate(u8 set2)
{
	build_xlat();
	return xlat[set2];
}

bool ps2_key_repeats(unsigned key) { return key != KEY_PAUSE; }

int ps2_key_sequence(unsigned key, bool pressed, int set, u8 out[PS2_MAX_SEQ])
{
	int n = 0;
	if (key == KEY_PAUSE) {
		static const u8 p1[] = { 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5 };
		static const u8 p2[] = { 0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77 };
		if (!pressed)
			return 0;
		const u8 *p = set == 1 ? p1 : p2;
		n = set == 1 ? (int)sizeof(p1) : (int)sizeof(p2);
		for (int i = 0; i < n; i++)
			out[i] = p[i];
		return n;
	}
	if (key == KEY_SYSRQ) {		/* Print Screen: a fake shift around the key */
		static const u8 m1[] = { 0xE0, 0x2A, 0xE0, 0x37 }, b1[] = { 0xE0, 0xB7, 0xE0, 0xAA };
		static const u8 m2[] = { 0xE0, 0x12, 0xE0, 0x7C };
		static const u8 b2[] = { 0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12 };
		const u8 *p = set == 1 ? (pressed ? m1 : b1) : (pressed ? m2 : b2);
		n = set == 1 ? 4 : pressed ? 4 : 6;
		for (int i = 0; i < n; i++)
			out[i] = p[i];
		return n;
	}
	u8 s1 = 0, s2 = 0;
	bool ext = false;
	if (key < sizeof(set2_of_set1) && set2_of_set1[key]) {
		s1 = (u8)key;
		s2 = set2_of_set1[key];
	} else {
		for (unsigned i = 0; i < ARRAY_SIZE(ext_keys); i++) {
			if (ext_keys[i].key == key) {
				s1 = ext_keys[i].set1;
				s2 = ext_keys[i].set2;
				ext = true;
			}
		}
		if (!ext)
			return 0;
	}
	if (ext)
		out[n++] = 0xE0;
	if (set == 1) {
		out[n++] = pressed ? s1 : s1 | 0x80;
	} else {
		if (!pressed)
			out[n++] = 0xF0;
		out[n++] = s2;
	}
	return n;
}
