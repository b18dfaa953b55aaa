/* Linux KEY_* codes to PS/2 scan codes (see ps2_keymap.c). */
#ifndef LUCID_PS2_KEYMAP_H
#define LUCID_PS2_KEYMAP_H

#include "emu/lib/types.h"

enum { PS2_MAX_SEQ = 8 };

/*
 * The bytes a keyboard sends for key (a Linux KEY_* code) being pressed or
 * released, in scan code set 2 or set 1. Returns how many (0 = no such key,
 * or Pause's release, which sends nothing).
 */
int ps2_key_sequence(unsigned key, bool pressed, int set, u8 out[PS2_MAX_SEQ]);
/* The 8042's set 2 -> set 1 translation of one byte (break prefix handled by the caller). */
u8 ps2_translate(u8 set2);
/* Whether the key repeats when held (typematic): all but Pause. */
bool ps2_key_repeats(unsigned key);

#endif
