/* The headless frontend: the VGA text screen on a terminal, or as plain text. */
#ifndef LUCID_DISPLAY_TEXT_H
#define LUCID_DISPLAY_TEXT_H

#include <stdio.h>

#include "devices/vga.h"

struct display_text;

/* Draw on out (a terminal understanding ANSI escapes) for -display text. */
struct display_text *display_text_create(struct vga *vga, FILE *out);
void display_text_destroy(struct display_text *d);
/* Redraw if the screen changed since the last look; returns true if it drew. */
bool display_text_refresh(struct display_text *d);

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
