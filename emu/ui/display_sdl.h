/* The SDL2 frontend: the machine in a window (see display_sdl.c). */
#ifndef LUCID_DISPLAY_SDL_H
#define LUCID_DISPLAY_SDL_H

#include <stddef.h>

#include "emu/board/audio.h"
#include "emu/lib/types.h"

struct machine;
struct display_sdl;

/* Whether there is a display to open a window on (DISPLAY or WAYLAND_DISPLAY). */
bool display_sdl_available(void);

/*
 * Open the window for m; name is shown in the title (the image). shot is the
 * file the screenshot hotkey writes (NULL: lucid-N.png). NULL with a
 * one-line reason in err if SDL cannot open a window.
 */
struct display_sdl *display_sdl_create(struct machine *m, const char *name, const char *shot,
				       char *err, size_t errlen);
void display_sdl_destroy(struct display_sdl *d);

/* What display_sdl_poll asks the main loop to do. */
enum display_sdl_action {
	DSDL_RUN,		/* carry on */
	DSDL_QUIT,		/* window closed or Ctrl-Alt-Q: flush and exit */
	DSDL_DEBUG,		/* Ctrl-Alt-D: enter the debugger */
	DSDL_PANELS,		/* Ctrl-Alt-I: show or hide the panels */
	DSDL_CONSOLE,		/* Ctrl-Alt-C: open or close the debugger's console */
};

/*
 * Handle pending host events: keys and mouse become input-queue events,
 * hotkeys act. Never blocks.
 */
enum display_sdl_action display_sdl_poll(struct display_sdl *d);
/* Redraw if the screen, the blink phase or the window changed; true if it drew. */
bool display_sdl_refresh(struct display_sdl *d);
/*
 * Show the panels p beside the screen (NULL hides them); the window grows
 * or shrinks by their width. display_sdl_panels_changed says new samples
 * arrived: the next refresh draws them (at most about 10 times a second of
 * host time; what they show depends on virtual time only).
 */
struct panels;
void display_sdl_set_panels(struct display_sdl *d, struct panels *p);
void display_sdl_panels_changed(struct display_sdl *d);
/*
 * Show the debugger's console c under the screen (NULL closes it); the
 * window grows by its height, and while it is open the keyboard types into
 * it instead of the guest.
 */
struct console;
void display_sdl_set_console(struct display_sdl *d, struct console *c);
/* Update the title (state, MIPS over the last interval, virtual time). */
void display_sdl_title(struct display_sdl *d, const char *state, double mips);
/*
 * For -record / -replay: no_input drops keys and mouse (a replay takes no
 * live input; hotkeys still work); no_reset refuses Ctrl-Alt-R, whose reset
 * does not go through the input queue and so could not be replayed.
 */
void display_sdl_restrict(struct display_sdl *d, bool no_input, bool no_reset);
/* Paused by the hotkey: the main loop should not run the machine. */
bool display_sdl_paused(const struct display_sdl *d);
/* Whether the pointer is grabbed (mouse events go to the guest). */
bool display_sdl_grabbed(const struct display_sdl *d);
void display_sdl_grab(struct display_sdl *d, bool on);
/* Resize the window (as a user would; for tests). */
void display_sdl_resize(struct display_sdl *d, int w, int h);
/* The window's title. */
const char *display_sdl_get_title(const struct display_sdl *d);
/* Read the window's pixels back (0x00RRGGBB); w, h are the window's size. 0 or -1. */
int display_sdl_read_window(struct display_sdl *d, u32 *pix, int maxw, int maxh, int *w, int *h);

/* The Linux KEY_* code for an SDL scancode, or 0 if the PC has no such key. */
unsigned display_sdl_keycode(int sdl_scancode);

/*
 * SDL audio output as a mixer sink. Frames are resampled to the device's
 * rate into a ring the audio callback drains: a full ring drops frames, an
 * empty one plays silence (and banks PREFILL_FRAMES before playing again),
 * so the emulation never waits for audio. also (may
 * be NULL) gets every frame too (the -audio-out WAV). NULL with err.
 */
struct audio_sink *sdl_audio_sink_open(struct audio_sink *also, char *err, size_t errlen);
/* Frames waiting in the ring, and the device's rate (for tests). */
u32 sdl_audio_pending(struct audio_sink *s);
u32 sdl_audio_rate(struct audio_sink *s);
/* Stop or restart the device (the ring keeps filling, up to its size, meanwhile). */
void sdl_audio_pause(struct audio_sink *s, bool paused);

#endif
