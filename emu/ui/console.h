/* The debugger's console inside the SDL window (see console.c). */
#ifndef LUCID_CONSOLE_H
#define LUCID_CONSOLE_H

#include <stddef.h>

#include "debugger/dbg_machine.h"
#include "emu/lib/types.h"

struct machine;
struct console;

#define CONSOLE_COLS 90
#define CONSOLE_ROWS 12
#define CONSOLE_W (CONSOLE_COLS * 8)
#define CONSOLE_H (CONSOLE_ROWS * 16)

/* Keys the console edits with (printable text arrives with console_text). */
enum console_key { CK_ENTER, CK_BACKSPACE, CK_UP, CK_DOWN, CK_TAB };

/* A debugger session of its own on m (symbols per o). NULL with err. */
struct console *console_create(struct machine *m, const struct dbg_options *o, char *err,
			       size_t errlen);
void console_destroy(struct console *c);
void console_text(struct console *c, const char *text);
void console_key(struct console *c, enum console_key k);
/* The pane's CONSOLE_W x CONSOLE_H pixels, and whether they changed since
 * the last call. */
const u32 *console_draw(struct console *c, bool *changed);
/* fn is asked between slices of a command that runs the machine whether the
 * user interrupted it (display_sdl: Escape or Ctrl-C). */
void console_set_interrupt(struct console *c, bool (*fn)(void *ctx), void *ctx);
/* "quit" was typed: the console should close. */
bool console_done(const struct console *c);
/* Line i of the scrollback (0 = oldest shown), for tests; NULL past the end. */
const char *console_line(const struct console *c, int i);
/* The line being typed. */
const char *console_input(const struct console *c);

#endif
