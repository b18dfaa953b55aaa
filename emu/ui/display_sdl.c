/*
 * The SDL2 frontend: the VGA text screen in a resizable window
 * (emu/machine/screen.c draws it), host keys and mouse as input-queue events,
 * hotkeys, the title, and SDL audio as a mixer sink.
 *
 * Keys: SDL reports USB HID usages (scancodes, USB HID Usage Tables ch. 10);
 * they become Linux KEY_* codes, which the 8042 turns into PS/2 make/break
 * sequences (devices/ps2_keymap.c), Pause and Print Screen included. Host
 * auto-repeat is dropped: the guest keyboard's typematic repeats instead.
 * Mouse: once grabbed (a click, or Ctrl-Alt-G) relative motion, buttons and
 * the wheel become INPUT_MOUSE events; the 8042 makes the PS/2 packets.
 *
 * Like main.c this file may read the host clock, but only for the title's
 * MIPS figure; it never feeds the guest anything but input-queue events, and
 * blinking follows virtual time so that what is drawn is repeatable.
 */
#include <fcntl.h>
#include <linux/input-event-codes.h>
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/board/input.h"
#include "emu/ui/display_sdl.h"
#include "emu/machine/machine.h"
#include "emu/machine/screen.h"
#include "emu/ui/console.h"
#include "emu/ui/panels.h"

/*
 * The US 104-key layout (and the menu key). Keys the PS/2 keyboard model
 * has no codes for (ISO 102nd, Japanese, multimedia) are left out: they do
 * nothing rather than send something wrong.
 */
static const u16 sdl_to_key[SDL_NUM_SCANCODES] = {
	[SDL_SCANCODE_A] = KEY_A, [SDL_SCANCODE_B] = KEY_B, [SDL_SCANCODE_C] = KEY_C,
	[SDL_SCANCODE_D] = KEY_D, [SDL_SCANCODE_E] = KEY_E, [SDL_SCANCODE_F] = KEY_F,
	[SDL_SCANCODE_G] = KEY_G, [SDL_SCANCODE_H] = KEY_H, [SDL_SCANCODE_I] = KEY_I,
	[SDL_SCANCODE_J] = KEY_J, [SDL_SCANCODE_K] = KEY_K, [SDL_SCANCODE_L] = KEY_L,
	[SDL_SCANCODE_M] = KEY_M, [SDL_SCANCODE_N] = KEY_N, [SDL_SCANCODE_O] = KEY_O,
	[SDL_SCANCODE_P] = KEY_P, [SDL_SCANCODE_Q] = KEY_Q, [SDL_SCANCODE_R] = KEY_R,
	[SDL_SCANCODE_S] = KEY_S, [SDL_SCANCODE_T] = KEY_T, [SDL_SCANCODE_U] = KEY_U,
	[SDL_SCANCODE_V] = KEY_V, [SDL_SCANCODE_W] = KEY_W, [SDL_SCANCODE_X] = KEY_X,
	[SDL_SCANCODE_Y] = KEY_Y, [SDL_SCANCODE_Z] = KEY_Z,
	[SDL_SCANCODE_1] = KEY_1, [SDL_SCANCODE_2] = KEY_2, [SDL_SCANCODE_3] = KEY_3,
	[SDL_SCANCODE_4] = KEY_4, [SDL_SCANCODE_5] = KEY_5, [SDL_SCANCODE_6] = KEY_6,
	[SDL_SCANCODE_7] = KEY_7, [SDL_SCANCODE_8] = KEY_8, [SDL_SCANCODE_9] = KEY_9,
	[SDL_SCANCODE_0] = KEY_0,
	[SDL_SCANCODE_RETURN] = KEY_ENTER, [SDL_SCANCODE_ESCAPE] = KEY_ESC,
	[SDL_SCANCODE_BACKSPACE] = KEY_BACKSPACE, [SDL_SCANCODE_TAB] = KEY_TAB,
	[SDL_SCANCODE_SPACE] = KEY_SPACE, [SDL_SCANCODE_MINUS] = KEY_MINUS,
	[SDL_SCANCODE_EQUALS] = KEY_EQUAL, [SDL_SCANCODE_LEFTBRACKET] = KEY_LEFTBRACE,
	[SDL_SCANCODE_RIGHTBRACKET] = KEY_RIGHTBRACE, [SDL_SCANCODE_BACKSLASH] = KEY_BACKSLASH,
	[SDL_SCANCODE_NONUSHASH] = KEY_BACKSLASH, [SDL_SCANCODE_SEMICOLON] = KEY_SEMICOLON,
	[SDL_SCANCODE_APOSTROPHE] = KEY_APOSTROPHE, [SDL_SCANCODE_GRAVE] = KEY_GRAVE,
	[SDL_SCANCODE_COMMA] = KEY_COMMA, [SDL_SCANCODE_PERIOD] = KEY_DOT,
	[SDL_SCANCODE_SLASH] = KEY_SLASH, [SDL_SCANCODE_CAPSLOCK] = KEY_CAPSLOCK,
	[SDL_SCANCODE_F1] = KEY_F1, [SDL_SCANCODE_F2] = KEY_F2, [SDL_SCANCODE_F3] = KEY_F3,
	[SDL_SCANCODE_F4] = KEY_F4, [SDL_SCANCODE_F5] = KEY_F5, [SDL_SCANCODE_F6] = KEY_F6,
	[SDL_SCANCODE_F7] = KEY_F7, [SDL_SCANCODE_F8] = KEY_F8, [SDL_SCANCODE_F9] = KEY_F9,
	[SDL_SCANCODE_F10] = KEY_F10, [SDL_SCANCODE_F11] = KEY_F11, [SDL_SCANCODE_F12] = KEY_F12,
	[SDL_SCANCODE_PRINTSCREEN] = KEY_SYSRQ, [SDL_SCANCODE_SCROLLLOCK] = KEY_SCROLLLOCK,
	[SDL_SCANCODE_PAUSE] = KEY_PAUSE, [SDL_SCANCODE_INSERT] = KEY_INSERT,
	[SDL_SCANCODE_HOME] = KEY_HOME, [SDL_SCANCODE_PAGEUP] = KEY_PAGEUP,
	[SDL_SCANCODE_DELETE] = KEY_DELETE, [SDL_SCANCODE_END] = KEY_END,
	[SDL_SCANCODE_PAGEDOWN] = KEY_PAGEDOWN, [SDL_SCANCODE_RIGHT] = KEY_RIGHT,
	[SDL_SCANCODE_LEFT] = KEY_LEFT, [SDL_SCANCODE_DOWN] = KEY_DOWN, [SDL_SCANCODE_UP] = KEY_UP,
	[SDL_SCANCODE_NUMLOCKCLEAR] = KEY_NUMLOCK, [SDL_SCANCODE_KP_DIVIDE] = KEY_KPSLASH,
	[SDL_SCANCODE_KP_MULTIPLY] = KEY_KPASTERISK, [SDL_SCANCODE_KP_MINUS] = KEY_KPMINUS,
	[SDL_SCANCODE_KP_PLUS] = KEY_KPPLUS, [SDL_SCANCODE_KP_ENTER] = KEY_KPENTER,
	[SDL_SCANCODE_KP_1] = KEY_KP1, [SDL_SCANCODE_KP_2] = KEY_KP2, [SDL_SCANCODE_KP_3] = KEY_KP3,
	[SDL_SCANCODE_KP_4] = KEY_KP4, [SDL_SCANCODE_KP_5] = KEY_KP5, [SDL_SCANCODE_KP_6] = KEY_KP6,
	[SDL_SCANCODE_KP_7] = KEY_KP7, [SDL_SCANCODE_KP_8] = KEY_KP8, [SDL_SCANCODE_KP_9] = KEY_KP9,
	[SDL_SCANCODE_KP_0] = KEY_KP0, [SDL_SCANCODE_KP_PERIOD] = KEY_KPDOT,
	[SDL_SCANCODE_APPLICATION] = KEY_COMPOSE, [SDL_SCANCODE_SYSREQ] = KEY_SYSRQ,
	[SDL_SCANCODE_LCTRL] = KEY_LEFTCTRL, [SDL_SCANCODE_LSHIFT] = KEY_LEFTSHIFT,
	[SDL_SCANCODE_LALT] = KEY_LEFTALT, [SDL_SCANCODE_LGUI] = KEY_LEFTMETA,
	[SDL_SCANCODE_RCTRL] = KEY_RIGHTCTRL, [SDL_SCANCODE_RSHIFT] = KEY_RIGHTSHIFT,
	[SDL_SCANCODE_RALT] = KEY_RIGHTALT, [SDL_SCANCODE_RGUI] = KEY_RIGHTMETA,
};

unsigned display_sdl_keycode(int sc)
{
	return sc > 0 && sc < SDL_NUM_SCANCODES ? sdl_to_key[sc] : 0;
}

struct display_sdl {
	struct machine *m;
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Texture *tex;
	int tex_w, tex_h;
	u32 *pix;		/* SCREEN_MAX_W pitch */
	bool dirty;		/* window exposed or resized */
	bool blinks;		/* the last frame had a cursor or blinking text */
	u64 last_frame;		/* screen_frame() of the last draw */
	bool integer_scale;
	bool paused, grabbed;
	bool no_input, no_reset;	/* display_sdl_restrict */
	u32 buttons;		/* mouse buttons held, MOUSE_BTN_* */
	u8 down[KEY_MAX + 1];	/* keys we told the guest are pressed */
	bool hotkey_up[SDL_NUM_SCANCODES];	/* swallow the release of a hotkey */
	const char *name, *shot;
	int shots;
	char state[32];
	double mips;
	/* The panels beside the screen (emu/ui/panels.c), drawn 1:1 at the right. */
	struct panels *panels;
	SDL_Texture *ptex;
	bool panels_new;	/* new samples since the panels were last drawn */
	u64 panels_wall;	/* host time of the last panel drawing (ns) */
	/* The debugger's console (emu/ui/console.c), under the screen. */
	struct console *console;
	SDL_Texture *ctex;
};

bool display_sdl_available(void)
{
	const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
	return (x && *x) || (w && *w);
}

struct display_sdl *display_sdl_create(struct machine *m, const char *name, const char *shot,
				       char *err, size_t errlen)
{
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
		snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
		return NULL;
	}
	struct display_sdl *d = calloc(1, sizeof(*d));
	if (d)
		d->pix = calloc((size_t)SCREEN_MAX_W * SCREEN_MAX_H, 4);
	if (!d || !d->pix) {
		if (d)
			free(d);
		snprintf(err, errlen, "out of memory");
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		return NULL;
	}
	d->m = m;
	d->name = name ? name : "no disk";
	d->shot = shot;
	d->integer_scale = true;
	snprintf(d->state, sizeof(d->state), "running");
	d->win = SDL_CreateWindow("Lucid386", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
				  720, 400, SDL_WINDOW_RESIZABLE);
	if (d->win)
		d->ren = SDL_CreateRenderer(d->win, -1, 0);
	if (!d->win || !d->ren) {
		snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
		display_sdl_destroy(d);
		return NULL;
	}
	SDL_SetWindowMinimumSize(d->win, 320, 200);
	d->dirty = true;
	display_sdl_title(d, NULL, 0);
	return d;
}

void display_sdl_destroy(struct display_sdl *d)
{
	if (!d)
		return;
	if (d->grabbed)
		display_sdl_grab(d, false);
	if (d->tex)
		SDL_DestroyTexture(d->tex);
	if (d->ptex)
		SDL_DestroyTexture(d->ptex);
	if (d->ctex)
		SDL_DestroyTexture(d->ctex);
	if (d->ren)
		SDL_DestroyRenderer(d->ren);
	if (d->win)
		SDL_DestroyWindow(d->win);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	free(d->pix);
	free(d);
}

bool display_sdl_paused(const struct display_sdl *d) { return d->paused; }

void display_sdl_restrict(struct display_sdl *d, bool no_input, bool no_reset)
{
	d->no_input = no_input;
	d->no_reset = no_reset;
}
bool display_sdl_grabbed(const struct display_sdl *d) { return d->grabbed; }

void display_sdl_grab(struct display_sdl *d, bool on)
{
	d->grabbed = on;
	/* Relative mode hides the pointer and reports motion past the window's edge. */
	if (SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE) < 0)
		SDL_SetWindowGrab(d->win, on ? SDL_TRUE : SDL_FALSE);
	display_sdl_title(d, NULL, d->mips);
}

void display_sdl_title(struct display_sdl *d, const char *state, double mips)
{
	char t[256];
	if (state)
		snprintf(d->state, sizeof(d->state), "%s", state);
	d->mips = mips;
	u64 ns = clock_ns(&d->m->clock);
	snprintf(t, sizeof(t), "Lucid386 - %s - %s - %.1f MIPS - %llu.%03llu s%s", d->name,
		 d->paused ? "paused" : d->state, mips, (unsigned long long)(ns / 1000000000u),
		 (unsigned long long)(ns / 1000000u % 1000u),
		 d->grabbed ? " - Ctrl-Alt-G releases the mouse" : " - click or Ctrl-Alt-G grabs the mouse");
	SDL_SetWindowTitle(d->win, t);
}

static void push(struct display_sdl *d, u32 type, u32 a, u32 b, u32 c)
{
	struct input_event ev = { .icount = INPUT_ASAP, .type = type, .a = a, .b = b, .c = c };
	if (!d->no_input)
		input_push(&d->m->input, &ev);
}

static void key(struct display_sdl *d, unsigned code, bool pressed)
{
	if (!code || code > KEY_MAX || d->down[code] == pressed)
		return;
	d->down[code] = pressed;
	push(d, INPUT_KEY, code, pressed, 0);
}

/* Losing focus: the guest must not see keys stuck down. */
static void release_all(struct display_sdl *d)
{
	for (unsigned k = 0; k <= KEY_MAX; k++)
		if (d->down[k])
			key(d, k, false);
}

static void screenshot(struct display_sdl *d)
{
	char path[64], err[256];
	const char *p = d->shot;
	if (!p) {
		snprintf(path, sizeof(path), "lucid-%d.png", ++d->shots);
		p = path;
	}
	if (screen_save_png(d->m->vga, clock_ns(&d->m->clock), p, err, sizeof(err)))
		fprintf(stderr, "lucid: %s\n", err);
	else
		fprintf(stderr, "lucid: screenshot saved to %s\n", p);
}

/* Ctrl-Alt-<key>: true if it was a hotkey (not passed to the guest). */
static bool hotkey(struct display_sdl *d, SDL_Scancode sc, enum display_sdl_action *act)
{
	switch (sc) {
	case SDL_SCANCODE_G:
		display_sdl_grab(d, !d->grabbed);
		break;
	case SDL_SCANCODE_P:
		d->paused = !d->paused;
		display_sdl_title(d, NULL, 0);
		break;
	case SDL_SCANCODE_R:
		if (d->no_reset)
			fprintf(stderr, "lucid: Ctrl-Alt-R: no reset while recording or replaying\n");
		else
			machine_request_reset(d->m, "Ctrl-Alt-R");
		break;
	case SDL_SCANCODE_S:
		screenshot(d);
		break;
	case SDL_SCANCODE_D:
		*act = DSDL_DEBUG;
		break;
	case SDL_SCANCODE_Q:
		*act = DSDL_QUIT;
		break;
	case SDL_SCANCODE_F:
		d->integer_scale = !d->integer_scale;
		d->dirty = true;
		break;
	case SDL_SCANCODE_I:
		*act = DSDL_PANELS;
		break;
	case SDL_SCANCODE_C:
		*act = DSDL_CONSOLE;
		break;
	default:
		return false;
	}
	return true;
}

static u32 sdl_button(u8 b)
{
	switch (b) {
	case SDL_BUTTON_LEFT: return MOUSE_BTN_LEFT;
	case SDL_BUTTON_RIGHT: return MOUSE_BTN_RIGHT;
	case SDL_BUTTON_MIDDLE: return MOUSE_BTN_MIDDLE;
	case SDL_BUTTON_X1: return MOUSE_BTN_SIDE;
	case SDL_BUTTON_X2: return MOUSE_BTN_EXTRA;
	}
	return 0;
}

static int screen_width(const struct display_sdl *d, int ww);

static void console_keydown(struct console *c, SDL_Scancode sc)
{
	switch (sc) {
	case SDL_SCANCODE_RETURN:
	case SDL_SCANCODE_KP_ENTER: console_key(c, CK_ENTER); break;
	case SDL_SCANCODE_BACKSPACE: console_key(c, CK_BACKSPACE); break;
	case SDL_SCANCODE_UP: console_key(c, CK_UP); break;
	case SDL_SCANCODE_DOWN: console_key(c, CK_DOWN); break;
	case SDL_SCANCODE_TAB: console_key(c, CK_TAB); break;
	default: break;
	}
}

/* Whether window column x is on the panels. */
static bool on_panels(struct display_sdl *d, int x)
{
	int ww, wh;
	SDL_GetWindowSize(d->win, &ww, &wh);
	return d->panels && x >= screen_width(d, ww);
}

/* The pointer moved to (x, y) in the window: tell the panels. */
static bool hover(struct display_sdl *d, int x, int y)
{
	int ww, wh;
	SDL_GetWindowSize(d->win, &ww, &wh);
	int sw = screen_width(d, ww);
	return x >= sw ? panels_hover(d->panels, x - sw, y) : panels_hover(d->panels, -1, -1);
}

enum display_sdl_action display_sdl_poll(struct display_sdl *d)
{
	enum display_sdl_action act = DSDL_RUN;
	SDL_Event e;
	while (act == DSDL_RUN && SDL_PollEvent(&e)) {
		switch (e.type) {
		case SDL_QUIT:
			act = DSDL_QUIT;
			break;
		case SDL_WINDOWEVENT:
			if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST)
				release_all(d);
			d->dirty = true;
			break;
		case SDL_TEXTINPUT:
			if (d->console)
				console_text(d->console, e.text.text);
			break;
		case SDL_KEYDOWN:
		case SDL_KEYUP: {
			SDL_Scancode sc = e.key.keysym.scancode;
			bool down = e.type == SDL_KEYDOWN;
			if (e.key.repeat)
				break;	/* the guest's typematic repeats */
			if (down && (e.key.keysym.mod & KMOD_CTRL) && (e.key.keysym.mod & KMOD_ALT) &&
			    hotkey(d, sc, &act)) {
				d->hotkey_up[sc] = true;
				break;
			}
			if (!down && d->hotkey_up[sc]) {
				d->hotkey_up[sc] = false;
				break;
			}
			if (d->console) {
				/* The console has the keyboard; the guest gets nothing. */
				if (down)
					console_keydown(d->console, sc);
				break;
			}
			key(d, display_sdl_keycode(sc), down);
			break;
		}
		case SDL_MOUSEMOTION:
			if (!d->grabbed && d->panels && hover(d, e.motion.x, e.motion.y))
				d->panels_new = true;
			if (d->grabbed && (e.motion.xrel || e.motion.yrel))
				push(d, INPUT_MOUSE, (u32)e.motion.xrel, (u32)e.motion.yrel, d->buttons);
			break;
		case SDL_MOUSEBUTTONDOWN:
		case SDL_MOUSEBUTTONUP:
			if (!d->grabbed) {
				/* The click that grabs is not the guest's; a click on
				 * the panels does not grab. */
				if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT &&
				    !on_panels(d, e.button.x))
					display_sdl_grab(d, true);
				break;
			}
			if (e.type == SDL_MOUSEBUTTONDOWN)
				d->buttons |= sdl_button(e.button.button);
			else
				d->buttons &= ~sdl_button(e.button.button);
			push(d, INPUT_MOUSE, 0, 0, d->buttons);
			break;
		case SDL_MOUSEWHEEL:
			if (d->grabbed && e.wheel.y) {
				int w = e.wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e.wheel.y : e.wheel.y;
				w = w > 127 ? 127 : w < -128 ? -128 : w;
				push(d, INPUT_MOUSE, 0, 0, d->buttons | (u32)(u8)(s8)w << 8);
			}
			break;
		}
	}
	return act;
}

/*
 * Where the picture goes in a ww x wh window: whole multiples of its pixels
 * when integer scaling is on and the window is big enough (crisp), otherwise
 * the largest 4:3 rectangle that fits (a monitor's shape), centred.
 */
static SDL_Rect place(const struct display_sdl *d, int ww, int wh)
{
	int w = d->tex_w, h = d->tex_h;
	int s = ww / w < wh / h ? ww / w : wh / h;
	SDL_Rect dst;
	bool whole = d->integer_scale && s >= 1;
	/* Whole multiples stay crisp (nearest); other scales are smoothed (linear). */
	SDL_SetTextureScaleMode(d->tex, whole ? SDL_ScaleModeNearest : SDL_ScaleModeLinear);
	if (whole) {
		dst.w = w * s;
		dst.h = h * s;
	} else {
		int ah = w * 3 / 4;
		double f = (double)ww / w < (double)wh / ah ? (double)ww / w : (double)wh / ah;
		dst.w = (int)(w * f);
		dst.h = (int)(ah * f);
	}
	dst.x = (ww - dst.w) / 2;
	dst.y = (wh - dst.h) / 2;
	return dst;
}

/* The guest's part of the window: all of it, or what the panels leave. */
static int screen_width(const struct display_sdl *d, int ww)
{
	return d->panels && ww > PANELS_W + 160 ? ww - PANELS_W : ww;
}

/* The picture of the whole window into the back buffer: the guest screen
 * placed in its part, the panels 1:1 at the top right. */
static void compose(struct display_sdl *d, int ww, int wh)
{
	SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
	SDL_RenderClear(d->ren);
	int sw = screen_width(d, ww);
	int sh = d->console && wh > CONSOLE_H + 100 ? wh - CONSOLE_H : wh;
	if (d->tex) {
		SDL_Rect dst = place(d, sw, sh);
		SDL_RenderCopy(d->ren, d->tex, NULL, &dst);
	}
	if (d->console && d->ctex && sh < wh) {
		SDL_Rect cr = { 0, sh, CONSOLE_W, CONSOLE_H };
		SDL_RenderCopy(d->ren, d->ctex, NULL, &cr);
	}
	if (d->panels && d->ptex && sw < ww) {
		SDL_Rect pr = { sw, 0, PANELS_W, PANELS_H };
		SDL_RenderCopy(d->ren, d->ptex, NULL, &pr);
	}
}

static void draw_panels(struct display_sdl *d)
{
	if (!d->ptex) {
		d->ptex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
					    PANELS_W, PANELS_H);
		if (!d->ptex)
			return;
	}
	SDL_UpdateTexture(d->ptex, NULL, panels_draw(d->panels), PANELS_W * 4);
	d->panels_new = false;
	d->panels_wall = SDL_GetTicks64() * 1000000u;
}

void display_sdl_set_panels(struct display_sdl *d, struct panels *p)
{
	int ww, wh;
	SDL_GetWindowSize(d->win, &ww, &wh);
	if (p && !d->panels)
		SDL_SetWindowSize(d->win, ww + PANELS_W, wh > PANELS_H ? wh : PANELS_H);
	else if (!p && d->panels && ww > PANELS_W + 160)
		SDL_SetWindowSize(d->win, ww - PANELS_W, wh);
	d->panels = p;
	d->panels_new = p != NULL;
	d->panels_wall = 0;
	d->dirty = true;
}

/*
 * While a console command runs the machine: Escape or Ctrl-C interrupts it,
 * closing the window interrupts it and quits after. The guest screen is
 * redrawn as it runs; other keys and text are dropped (the console has the
 * keyboard, and the line being run is already typed).
 */
static bool console_interrupted(void *ctx)
{
	struct display_sdl *d = ctx;
	bool stop = false, quit = false;
	SDL_Event e;
	while (SDL_PollEvent(&e)) {
		if (e.type == SDL_QUIT) {
			stop = quit = true;
		} else if (e.type == SDL_KEYDOWN) {
			SDL_Scancode sc = e.key.keysym.scancode;
			bool ctrl = e.key.keysym.mod & KMOD_CTRL, alt = e.key.keysym.mod & KMOD_ALT;
			if (sc == SDL_SCANCODE_ESCAPE || (sc == SDL_SCANCODE_C && ctrl && !alt))
				stop = true;
		} else if (e.type == SDL_WINDOWEVENT) {
			d->dirty = true;
		}
	}
	if (quit) {
		SDL_Event q = { .type = SDL_QUIT };
		SDL_PushEvent(&q);	/* for display_sdl_poll, after the command */
	}
	display_sdl_refresh(d);
	return stop;
}

void display_sdl_set_console(struct display_sdl *d, struct console *c)
{
	int ww, wh;
	SDL_GetWindowSize(d->win, &ww, &wh);
	if (c)
		console_set_interrupt(c, console_interrupted, d);
	if (c && !d->console) {
		release_all(d);
		SDL_SetWindowSize(d->win, ww > CONSOLE_W ? ww : CONSOLE_W, wh + CONSOLE_H);
		SDL_StartTextInput();
	} else if (!c && d->console) {
		SDL_SetWindowSize(d->win, ww, wh - CONSOLE_H);
		SDL_StopTextInput();
	}
	d->console = c;
	d->dirty = true;
}

/* New console pixels into its texture; true if they changed. */
static bool draw_console(struct display_sdl *d)
{
	bool changed;
	const u32 *pix = console_draw(d->console, &changed);
	if (!d->ctex) {
		d->ctex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
					    CONSOLE_W, CONSOLE_H);
		if (!d->ctex)
			return false;
		changed = true;
	}
	if (changed)
		SDL_UpdateTexture(d->ctex, NULL, pix, CONSOLE_W * 4);
	return changed;
}

void display_sdl_panels_changed(struct display_sdl *d)
{
	d->panels_new = true;
}

bool display_sdl_refresh(struct display_sdl *d)
{
	u64 ns = clock_ns(&d->m->clock);
	u64 frame = screen_frame(ns);
	bool changed = vga_text_changed(d->m->vga);
	/* The blink phases change every 8 frames. */
	bool screen = changed || d->dirty || (d->blinks && (frame >> 3) != (d->last_frame >> 3));
	/* New panel pictures: at most about 10 a second of host time. */
	bool panels = d->panels && d->panels_new &&
		      SDL_GetTicks64() * 1000000u - d->panels_wall >= 100000000u;
	if (d->console && draw_console(d))
		screen = true;	/* compose again */
	if (!screen && !panels)
		return false;
	if (panels)
		draw_panels(d);
	if (screen || !d->tex) {
		d->dirty = false;
		d->last_frame = frame;
		int w, h;
		d->blinks = screen_render(d->m->vga, ns, d->pix, SCREEN_MAX_W, &w, &h);
		if (w <= 0 || h <= 0)
			return false;
		if (!d->tex || w != d->tex_w || h != d->tex_h) {
			if (d->tex)
				SDL_DestroyTexture(d->tex);
			d->tex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_RGB888,
						   SDL_TEXTUREACCESS_STREAMING, w, h);
			if (!d->tex)
				return false;
			d->tex_w = w;
			d->tex_h = h;
		}
		SDL_UpdateTexture(d->tex, NULL, d->pix, SCREEN_MAX_W * 4);
	}
	int ww, wh;
	SDL_GetRendererOutputSize(d->ren, &ww, &wh);
	compose(d, ww, wh);
	SDL_RenderPresent(d->ren);
	return true;
}

void display_sdl_resize(struct display_sdl *d, int w, int h)
{
	SDL_SetWindowSize(d->win, w, h);
	d->dirty = true;
}

const char *display_sdl_get_title(const struct display_sdl *d)
{
	return SDL_GetWindowTitle(d->win);
}

int display_sdl_read_window(struct display_sdl *d, u32 *pix, int maxw, int maxh, int *w, int *h)
{
	SDL_GetRendererOutputSize(d->ren, w, h);
	if (*w > maxw || *h > maxh)
		return -1;
	SDL_Rect r = { 0, 0, *w, *h };
	/* Draw the picture again and read the back buffer before presenting it. */
	compose(d, *w, *h);
	int ok = SDL_RenderReadPixels(d->ren, &r, SDL_PIXELFORMAT_RGB888, pix, maxw * 4);
	SDL_RenderPresent(d->ren);
	return ok < 0 ? -1 : 0;
}

/*
 * SDL audio. The mixer hands over 44.1 kHz stereo frames as virtual time
 * passes; they are resampled (linear interpolation) to the device's rate
 * into a ring the callback, on SDL's audio thread, drains. The emulation
 * side never blocks: when the ring is full (the guest runs ahead of the
 * wall clock) the newest frames are dropped; when it is empty the callback
 * plays silence. Nothing here feeds back into the machine.
 */
#define RING_FRAMES 32768u	/* about 0.7 s at 48 kHz */
#define PREFILL_FRAMES 2048u	/* ~45 ms banked before playing (again): fewer dropouts */

struct sdl_audio {
	struct audio_sink sink;
	struct audio_sink *also;
	SDL_AudioDeviceID dev;
	u32 rate;
	s16 ring[2 * RING_FRAMES];
	u32 head, count;		/* guarded by the device lock */
	bool filling;			/* waiting for PREFILL frames before playing */
	u64 dropped, underruns;
	/* Resampler state: source position of the next output frame, in 1/rate steps. */
	u64 pos;			/* numerator over out rate, relative to prev */
	s16 prev[2];			/* the last source frame of the previous write */
};

static void sdl_audio_callback(void *opaque, Uint8 *stream, int len)
{
	struct sdl_audio *a = opaque;
	s16 *out = (s16 *)stream;
	u32 want = (u32)len / 4, n = want < a->count ? want : a->count;
	if (a->filling && a->count < PREFILL_FRAMES)
		n = 0;
	else
		a->filling = false;
	if (n < want && !a->filling) {
		/* Ran dry: play out what is left, then bank up again. */
		a->underruns++;
		a->filling = true;
	}
	for (u32 i = 0; i < n; i++) {
		u32 k = (a->head + i) % RING_FRAMES;
		out[2 * i] = a->ring[2 * k];
		out[2 * i + 1] = a->ring[2 * k + 1];
	}
	a->head = (a->head + n) % RING_FRAMES;
	a->count -= n;
	memset(out + 2 * n, 0, (size_t)(want - n) * 4);
}

static void ring_put(struct sdl_audio *a, s16 l, s16 r)
{
	if (a->count == RING_FRAMES) {
		a->dropped++;
		return;
	}
	u32 k = (a->head + a->count) % RING_FRAMES;
	a->ring[2 * k] = l;
	a->ring[2 * k + 1] = r;
	a->count++;
}

static void sdl_audio_write(struct audio_sink *s, const s16 *frames, u32 n, u32 rate)
{
	struct sdl_audio *a = (struct sdl_audio *)s;
	if (a->also)
		a->also->write(a->also, frames, n, rate);
	SDL_LockAudioDevice(a->dev);
	if (rate == a->rate) {
		for (u32 i = 0; i < n; i++)
			ring_put(a, frames[2 * i], frames[2 * i + 1]);
	} else {
		/*
		 * Output frame j sits at source position pos / a->rate frames after
		 * prev (source frame -1); interpolate between the two neighbours.
		 */
		while (a->pos < (u64)n * a->rate) {
			u64 ip = a->pos / a->rate, fr = a->pos % a->rate;
			const s16 *x0 = ip == 0 ? a->prev : &frames[2 * (ip - 1)];
			const s16 *x1 = &frames[2 * ip];
			s16 l = (s16)(x0[0] + ((s64)(x1[0] - x0[0]) * (s64)fr) / (s64)a->rate);
			s16 r = (s16)(x0[1] + ((s64)(x1[1] - x0[1]) * (s64)fr) / (s64)a->rate);
			ring_put(a, l, r);
			a->pos += rate;
		}
		a->pos -= (u64)n * a->rate;
		if (n) {
			a->prev[0] = frames[2 * (n - 1)];
			a->prev[1] = frames[2 * (n - 1) + 1];
		}
	}
	SDL_UnlockAudioDevice(a->dev);
}

static void sdl_audio_close(struct audio_sink *s)
{
	struct sdl_audio *a = (struct sdl_audio *)s;
	if (a->also)
		a->also->close(a->also);
	SDL_CloseAudioDevice(a->dev);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(a);
}

/*
 * Probing host audio backends makes some libraries (alsa-lib without a sound
 * card) print pages of errors on stderr; lucid's rule is one line per
 * problem, so stderr is parked on /dev/null while SDL looks, and the reason
 * comes back through SDL_GetError instead.
 */
static int quiet_stderr(void)
{
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0)
		dup2(null, 2);
	if (null >= 0)
		close(null);
	return saved;
}

static void restore_stderr(int saved)
{
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
}

static struct audio_sink *audio_open(struct audio_sink *also, char *err, size_t errlen);

struct audio_sink *sdl_audio_sink_open(struct audio_sink *also, char *err, size_t errlen)
{
	fflush(stderr);
	int saved = quiet_stderr();
	struct audio_sink *s = audio_open(also, err, errlen);
	restore_stderr(saved);
	return s;
}

static struct audio_sink *audio_open(struct audio_sink *also, char *err, size_t errlen)
{
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		snprintf(err, errlen, "no audio: %s", SDL_GetError());
		return NULL;
	}
	struct sdl_audio *a = calloc(1, sizeof(*a));
	if (!a) {
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		snprintf(err, errlen, "no audio: out of memory");
		return NULL;
	}
	SDL_AudioSpec want = { .freq = AUDIO_RATE, .format = AUDIO_S16SYS, .channels = 2,
			       .samples = 1024, .callback = sdl_audio_callback, .userdata = a };
	SDL_AudioSpec have;
	a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
	if (!a->dev) {
		snprintf(err, errlen, "no audio: %s", SDL_GetError());
		free(a);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return NULL;
	}
	a->rate = (u32)have.freq;
	a->also = also;
	a->filling = true;
	a->sink.write = sdl_audio_write;
	a->sink.close = sdl_audio_close;
	SDL_PauseAudioDevice(a->dev, 0);
	return &a->sink;
}

u32 sdl_audio_pending(struct audio_sink *s)
{
	struct sdl_audio *a = (struct sdl_audio *)s;
	SDL_LockAudioDevice(a->dev);
	u32 n = a->count;
	SDL_UnlockAudioDevice(a->dev);
	return n;
}

void sdl_audio_pause(struct audio_sink *s, bool paused)
{
	SDL_PauseAudioDevice(((struct sdl_audio *)s)->dev, paused);
}

u32 sdl_audio_rate(struct audio_sink *s)
{
	return ((struct sdl_audio *)s)->rate;
}
