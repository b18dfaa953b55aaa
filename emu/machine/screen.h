/*
 * The VGA text screen as pixels: what the SDL window shows, what -screenshot
 * and the debugger's screenshot command save (as PNG). No SDL here, so the
 * headless paths can use it too.
 */
#ifndef LUCID_SCREEN_H
#define LUCID_SCREEN_H

#include <stddef.h>

#include "devices/vga.h"

/* The largest frame: 132 columns of 9 dots, 60 rows of 32 scan lines. */
#define SCREEN_MAX_W (VGA_MAX_COLS * 9)
#define SCREEN_MAX_H (VGA_MAX_ROWS * 32)

/*
 * Blink phases from virtual time (so a screenshot is repeatable): the text
 * mode refreshes at SCREEN_REFRESH_HZ; the cursor toggles every 8 frames and
 * blinking characters every 16 (the VGA's 1/16 and 1/32 of vertical sync).
 */
#define SCREEN_REFRESH_HZ 70u
static inline u64 screen_frame(u64 vtime_ns)
{
	return (u64)((unsigned __int128)vtime_ns * SCREEN_REFRESH_HZ / 1000000000u);
}
static inline bool screen_cursor_on(u64 vtime_ns) { return !(screen_frame(vtime_ns) & 8); }
static inline bool screen_blink_on(u64 vtime_ns) { return !(screen_frame(vtime_ns) & 16); }

/*
 * Render the screen at virtual time vtime_ns into pix (0x00RRGGBB, pitch
 * SCREEN_MAX_W pixels or more given in words); sets *w, *h. Returns true if
 * anything on it blinks (cursor or blinking text), so the caller knows a
 * later phase may look different.
 */
bool screen_render(struct vga *vga, u64 vtime_ns, u32 *pix, int pitch, int *w, int *h);

/* Write w x h pixels (0x00RRGGBB, pitch in words) as an 8-bit RGB PNG. 0, or -1 with err. */
int screen_write_png(const char *path, const u32 *pix, int pitch, int w, int h, char *err,
		     size_t errlen);
/* Render and save in one go. 0, or -1 with err. */
int screen_save_png(struct vga *vga, u64 vtime_ns, const char *path, char *err, size_t errlen);

#endif
