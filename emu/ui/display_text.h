/* The headless frontend: the VGA text screen on a terminal, or as plain text. */
#ifndef LUCID_DISPLAY_TEXT_H
#define LUCID_DISPLAY_TEXT_H

#include <stdio.h>

#include "devices/vga.h"
#include "emu/board/clock.h"
#include "emu/board/input.h"

struct display_text;

/* Draw on out (a terminal understanding ANSI escapes) for -display text. */
struct display_text *display_text_create(struct vga *vga, FILE *out);
void display_text_destroy(struct display_text *d);
/* Redraw if the screen changed since the last look; returns true if it drew. */
bool display_text_refresh(struct display_text *d);

/*
 * Typing on the terminal: put the terminal on fd into raw mode (no echo, no
 * line editing; Ctrl-C still signals the emulator) until destroy. 0, or
 * -errno if fd is not a terminal.
 */
int display_text_take_keyboard(struct display_text *d, int fd);
/*
 * Read what the terminal sent, without blocking, and queue it on q as
 * INPUT_KEY events (emu/ui/termkeys.c), one key every DISPLAY_TEXT_KEY_NS of
 * virtual time so a pasted burst does not overflow the keyboard's buffer.
 * Returns how many keys were queued.
 */
int display_text_poll_keyboard(struct display_text *d, struct input_queue *q,
			       const struct clock *clock);
#define DISPLAY_TEXT_KEY_NS 10000000u	/* 10 ms */

/*
 * The screen as plain text: one line per row, trailing blanks dropped, each
 * ending in '\n'; characters outside printable ASCII shown by their nearest
 * ASCII look-alike ('+', '-', '|', '#') or '?'. Returns the length written
 * (always NUL-terminated when len > 0); a buffer of 133 * 61 bytes always fits.
 */
size_t display_text_dump(struct vga *vga, char *buf, size_t len);
/* One character of code page 437 as the ASCII the dump uses. */
char display_text_ascii(u8 c);

#endif
