/*
 * Terminal input to key events, for -display text: the bytes a terminal
 * sends (ASCII, control characters, ECMA-48/xterm escape sequences for
 * cursor, editing and function keys) become Linux KEY_* presses and
 * releases, with Shift or Ctrl around them as a US keyboard needs.
 */
#ifndef LUCID_TERMKEYS_H
#define LUCID_TERMKEYS_H

#include "emu/board/input.h"

/* Enough events for one decoded key (modifier down, key down, key up, modifier up). */
#define TERMKEYS_MAX_EVENTS 4

/*
 * Decode the first key in buf[0..len). Fills ev with up to
 * TERMKEYS_MAX_EVENTS INPUT_KEY events (icount INPUT_ASAP) and sets *nev.
 * Returns how many bytes it used: 0 if buf holds only the beginning of an
 * escape sequence (call again with more bytes, or with final set to take a
 * lone ESC as the Escape key). Bytes that mean nothing are used and give
 * no events.
 */
size_t termkeys_decode(const u8 *buf, size_t len, bool final, struct input_event *ev, int *nev);

#endif
