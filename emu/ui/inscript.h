/*
 * Scripted input for deterministic tests (-input-script FILE): keys, mouse
 * motion and serial text at given instruction counts, or typed when COM1's output shows
 * a given text. Everything enters through the input queue like live input,
 * so a scripted run is repeatable and can be recorded.
 *
 * The file, one entry a line ('#' starts a comment):
 *   at ICOUNT serial TEXT        type TEXT on COM1 once icount reaches ICOUNT
 *   at ICOUNT key CODE           press and release Linux key CODE (e.g. 28 Enter);
 *                                CODE+CODE... is a chord (56+60: Alt-F2)
 *   at ICOUNT keys TEXT          type TEXT on the keyboard, a key every 10 ms (US
 *                                layout, Shift/Ctrl added; ESC sequences for arrows...)
 *   at ICOUNT mouse DX DY [BTN [WHEEL]]  move the mouse (+y down) with buttons BTN
 *                                held (MOUSE_BTN_* bits) and the wheel turned WHEEL
 *                                notches (+ away from the user)
 *   when-serial PATTERN => TEXT  type TEXT on COM1 after COM1 printed PATTERN
 * TEXT and PATTERN take \n, \r, \t, \\ and \xHH escapes.
 */
#ifndef LUCID_INSCRIPT_H
#define LUCID_INSCRIPT_H

#include "emu/lib/types.h"

struct inscript;
struct machine;

/* NULL with "FILE:LINE: what is wrong" in err. */
struct inscript *inscript_load(const char *path, char *err, size_t errlen);
void inscript_free(struct inscript *s);
/* Everything COM1 prints passes through here (for when-serial). */
void inscript_serial_out(struct inscript *s, const void *buf, size_t len);
/* The next icount an "at" entry waits for (CLOCK_NEVER: none). */
u64 inscript_next_icount(const struct inscript *s);
/* Push what is due: entries reached, text waiting for room in the UART FIFO. */
void inscript_poll(struct inscript *s, struct machine *m);
/* True while something is still to be typed or waited for. */
bool inscript_pending(const struct inscript *s);

#endif
