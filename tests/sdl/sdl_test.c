/*
 * sdl_test: checks of the SDL frontend (emu/ui/display_sdl.c) on a real SDL
 * window, run under Xvfb by tests/groups/71-sdl.sh. Each check prints
 * "ok NAME" or "FAIL NAME: why"; the exit status is the number of failures.
 *
 *   sdl_test boot IMG BIOS    boot the image in the window, wait (by icount)
 *                             for the BIOS banner and the kernel's first
 *                             lines, screenshot with Ctrl-Alt-S pushed
 *                             through SDL, compare the PNG and the window's
 *                             pixels with this file's own text renderer
 *   sdl_test input            keys and mouse pushed through SDL reach the
 *                             8042 as the right scan codes and PS/2 packets
 *   sdl_test audio ROM RAW    a known SB16 buffer played through SDL's disk
 *                             audio driver (SDL_DISKAUDIOFILE=RAW) arrives
 *                             at the callback intact, and the sink does not
 *                             change the run
 *
 * The reference renderer here is deliberately written apart from
 * emu/machine/screen.c: per pixel, from vga_get_text, vga_glyph and vga_get_palette
 * and the documented blink rule (70 Hz frames, cursor bit 3, text bit 4).
 */
#include <linux/input-event-codes.h>
#include <png.h>
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devices/ps2_keymap.h"
#include "devices/vga.h"
#include "emu/ui/display_sdl.h"
#include "emu/ui/display_text.h"
#include "emu/machine/machine.h"
#include "emu/machine/sound.h"

static int fails;

static void check(bool ok, const char *name, const char *why)
{
	if (ok) {
		printf("ok %s\n", name);
	} else {
		printf("FAIL %s: %s\n", name, why);
		fails++;
	}
	fflush(stdout);
}

/* ---- the reference renderer ---- */

static u32 ref_pixel(struct vga *vga, const struct vga_text *t, u8 pal[16][3], u64 ns, int x,
		     int y)
{
	int cw = t->char_width, chh = t->char_height;
	int col = x / cw, row = y / chh, dx = x % cw, line = y % chh;
	int cell = row * t->cols + col;
	u8 ch = t->ch[cell], at = t->attr[cell];
	u64 frame = ns * 70 / 1000000000ull;
	int fgi = at & 15;
	int bgi = t->blink ? (at >> 4) & 7 : at >> 4;
	bool lit;
	const u8 *glyph = vga_glyph(vga, ch, (at >> 3) & 1);
	if (dx < 8)
		lit = (glyph[line] >> (7 - dx)) & 1;
	else	/* the ninth dot */
		lit = t->line_graphics && ch >= 0xC0 && ch <= 0xDF && (glyph[line] & 1);
	if (t->blink && (at & 0x80) && (frame & 16))
		lit = false;
	if (t->cursor_visible && col == t->cursor_x && row == t->cursor_y && !(frame & 8) &&
	    line >= t->cursor_start && line <= t->cursor_end)
		lit = true;
	int i = lit ? fgi : bgi;
	return (u32)pal[i][0] << 16 | (u32)pal[i][1] << 8 | pal[i][2];
}

/* Compare w x h pixels (0xRRGGBB at pitch) with the reference; first difference in why. */
static bool matches_ref(struct machine *m, const u32 *pix, int pitch, int w, int h, int ox,
			int oy, char *why, size_t len)
{
	static struct vga_text t;
	u8 pal[16][3];
	vga_get_text(m->vga, &t);
	vga_get_palette(m->vga, pal);
	u64 ns = clock_ns(&m->clock);
	if (w < t.cols * t.char_width + ox || h < t.rows * t.char_height + oy) {
		snprintf(why, len, "picture %dx%d, screen %dx%d", w, h, t.cols * t.char_width,
			 t.rows * t.char_height);
		return false;
	}
	for (int y = 0; y < t.rows * t.char_height; y++) {
		for (int x = 0; x < t.cols * t.char_width; x++) {
			u32 want = ref_pixel(m->vga, &t, pal, ns, x, y);
			u32 got = pix[(size_t)(y + oy) * pitch + x + ox] & 0xFFFFFF;
			if (got != want) {
				snprintf(why, len, "pixel (%d,%d) is %06x, the reference %06x", x, y,
					 got, want);
				return false;
			}
		}
	}
	snprintf(why, len, "%dx%d", t.cols * t.char_width, t.rows * t.char_height);
	return true;
}

static u32 *read_png(const char *path, int *w, int *h)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	u32 *pix = NULL;
	u8 *row = NULL;
	if (setjmp(png_jmpbuf(png))) {
		free(pix);
		free(row);
		png_destroy_read_struct(&png, &info, NULL);
		fclose(f);
		return NULL;
	}
	png_init_io(png, f);
	png_read_info(png, info);
	*w = (int)png_get_image_width(png, info);
	*h = (int)png_get_image_height(png, info);
	if (png_get_color_type(png, info) != PNG_COLOR_TYPE_RGB ||
	    png_get_bit_depth(png, info) != 8)
		png_error(png, "not 8-bit RGB");
	pix = malloc((size_t)*w * *h * 4);
	row = malloc((size_t)*w * 3);
	for (int y = 0; y < *h; y++) {
		png_read_row(png, row, NULL);
		for (int x = 0; x < *w; x++)
			pix[(size_t)y * *w + x] = (u32)row[3 * x] << 16 | (u32)row[3 * x + 1] << 8 |
						  row[3 * x + 2];
	}
	free(row);
	png_destroy_read_struct(&png, &info, NULL);
	fclose(f);
	return pix;
}

/* ---- SDL event injection ---- */

static void push_key(SDL_Scancode sc, bool down, Uint16 mod, bool repeat)
{
	SDL_Event e = { 0 };
	e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
	e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
	e.key.repeat = repeat;
	e.key.keysym.scancode = sc;
	e.key.keysym.sym = SDL_GetKeyFromScancode(sc);
	e.key.keysym.mod = mod;
	SDL_PushEvent(&e);
}

static void tap(SDL_Scancode sc)
{
	push_key(sc, true, 0, false);
	push_key(sc, false, 0, false);
}

static void push_motion(int dx, int dy)
{
	SDL_Event e = { 0 };
	e.type = SDL_MOUSEMOTION;
	e.motion.xrel = dx;
	e.motion.yrel = dy;
	SDL_PushEvent(&e);
}

static void push_button(Uint8 b, bool down)
{
	SDL_Event e = { 0 };
	e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
	e.button.button = b;
	e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
	SDL_PushEvent(&e);
}

static void push_wheel(int y)
{
	SDL_Event e = { 0 };
	e.type = SDL_MOUSEWHEEL;
	e.wheel.y = y;
	e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
	SDL_PushEvent(&e);
}

/* ---- boot ---- */

/*
 * Run in 2M-instruction slices, the window polled and refreshed between
 * them, until the text screen holds both a and b (true) or icount passes
 * limit (false). text gets the last screen.
 */
static bool wait_screen(struct machine *m, struct display_sdl *d, const char *a, const char *b,
			u64 limit, char *text, size_t len, int *draws)
{
	while (m->clock.icount < limit) {
		enum machine_stop s = machine_run_for(m, 2000000);
		display_sdl_poll(d);
		*draws += display_sdl_refresh(d);
		display_text_dump(m->vga, text, len);
		if (getenv("SDL_TEST_TRACE"))
			printf("--- %llu\n%s", (unsigned long long)m->clock.icount, text);
		if (strstr(text, a) && strstr(text, b))
			return true;
		if (s != MACHINE_LIMIT && s != MACHINE_IDLE)
			return false;
	}
	return false;
}

static void vga_reg(struct machine *m, u16 port, u8 idx, u8 val)
{
	bus_io_write(&m->bus, port, idx, 1);
	bus_io_write(&m->bus, port + 1, val, 1);
}

static int test_boot(const char *img, const char *bios, const char *dir)
{
	char err[512], why[9000], shot[1024];
	struct machine_config cfg = { .disk = img, .snapshot = true, .bios = bios,
				      .cpu_model = CPU_P6, .rtc_base = 1767225600 };
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m) {
		check(false, "boot-machine", err);
		return fails;
	}
	snprintf(shot, sizeof(shot), "%s/boot.png", dir);
	struct display_sdl *d = display_sdl_create(m, "lucid.img", shot, err, sizeof(err));
	check(d != NULL, "window-opens", err);
	if (!d) {
		machine_destroy(m);
		return fails;
	}
	/*
	 * Wait by instruction count for the BIOS banner together with the
	 * first lines of the kernel image (its decompressor), the screen the
	 * screenshot is taken of; the kernel's own console comes later.
	 */
	static char text[133 * 61];
	int draws = 0;
	bool seen = wait_screen(m, d, "Lucid BIOS", "Booting the kernel.", 200000000ull, text,
				sizeof(text), &draws);
	snprintf(why, sizeof(why), "not on screen by icount %llu:\n%s",
		 (unsigned long long)m->clock.icount, text);
	check(seen && strstr(text, "Decompressing lucix... done."),
	      "banner-and-kernel-lines-on-screen", why);
	/* Redraw only on change: with nothing run, nothing is drawn. */
	display_sdl_refresh(d);
	check(!display_sdl_refresh(d), "no-redraw-without-change", "drew an unchanged screen");
	check(draws > 1, "redraws-while-booting", "the window was never redrawn");

	/* The screenshot hotkey, pushed through SDL. */
	remove(shot);
	push_key(SDL_SCANCODE_LCTRL, true, KMOD_LCTRL, false);
	push_key(SDL_SCANCODE_LALT, true, KMOD_LCTRL | KMOD_LALT, false);
	push_key(SDL_SCANCODE_S, true, KMOD_LCTRL | KMOD_LALT, false);
	push_key(SDL_SCANCODE_S, false, KMOD_LCTRL | KMOD_LALT, false);
	push_key(SDL_SCANCODE_LALT, false, KMOD_LCTRL, false);
	push_key(SDL_SCANCODE_LCTRL, false, 0, false);
	display_sdl_poll(d);
	int w = 0, h = 0;
	u32 *pix = read_png(shot, &w, &h);
	check(pix != NULL, "ctrl-alt-s-writes-png", shot);
	if (pix) {
		bool ok = matches_ref(m, pix, w, w, h, 0, 0, why, sizeof(why));
		check(ok && w == 720 && h == 400, "screenshot-equals-reference-render", why);
		free(pix);
	}
	/* What the window shows, read back from the renderer, at 1:1 in 720x400. */
	static u32 win[1024 * 768];
	display_sdl_refresh(d);
	if (display_sdl_read_window(d, win, 1024, 768, &w, &h) == 0) {
		bool ok = matches_ref(m, win, 1024, w, h, (w - 720) / 2, (h - 400) / 2, why,
				      sizeof(why));
		check(ok, "window-pixels-equal-reference-render", why);
	} else {
		check(false, "window-pixels-equal-reference-render", SDL_GetError());
	}
	/*
	 * Later, the kernel's console on tty0: its log, ending with the
	 * message that stays (the image's own command line names no root).
	 * The boot passes through the console's first lines within one of
	 * wait_screen's slices, so they are no test.
	 */
	seen = wait_screen(m, d, "No working init found", "] ", 2000000000ull, text,
			   sizeof(text), &draws);
	snprintf(why, sizeof(why), "not on screen by icount %llu:\n%s",
		 (unsigned long long)m->clock.icount, text);
	check(seen, "kernel-console-on-screen", why);
	display_sdl_refresh(d);
	if (display_sdl_read_window(d, win, 1024, 768, &w, &h) == 0) {
		bool ok = matches_ref(m, win, 1024, w, h, (w - 720) / 2, (h - 400) / 2, why,
				      sizeof(why));
		check(ok, "kernel-console-window-equals-reference", why);
	}
	/* A guest font change shows: make 'L' a solid block through plane 2. */
	vga_reg(m, 0x3C4, 2, 0x04);	/* sequencer map mask: plane 2 only */
	vga_reg(m, 0x3C4, 4, 0x07);	/* memory mode: sequential, not odd/even */
	vga_reg(m, 0x3CE, 5, 0x00);	/* graphics mode: no odd/even */
	vga_reg(m, 0x3CE, 6, 0x04);	/* A0000h, 64 KiB */
	for (int i = 0; i < 16; i++)
		bus_mem_write(&m->bus, 0xA0000 + 'L' * 32 + i, 0xFF, 1);
	vga_reg(m, 0x3C4, 2, 0x03);	/* back to text mode's planes 0 and 1 */
	vga_reg(m, 0x3C4, 4, 0x03);
	vga_reg(m, 0x3CE, 5, 0x10);
	vga_reg(m, 0x3CE, 6, 0x0E);
	check(display_sdl_refresh(d), "font-change-redraws", "no redraw after a font write");
	if (display_sdl_read_window(d, win, 1024, 768, &w, &h) == 0) {
		bool ok = matches_ref(m, win, 1024, w, h, (w - 720) / 2, (h - 400) / 2, why,
				      sizeof(why));
		/* The banner's 'L' (row 0 or wherever) is now a block in both. */
		check(ok && vga_glyph(m->vga, 'L', false)[5] == 0xFF, "guest-font-shown", why);
	}
	display_sdl_title(d, NULL, 12.5);
	const char *title = display_sdl_get_title(d);
	check(strstr(title, "lucid.img") && strstr(title, "running") && strstr(title, "12.5 MIPS") &&
	      strstr(title, " s") && strstr(title, "Ctrl-Alt-G"), "title-image-state-mips-time",
	      title);
	/* Twice the size: every pixel drawn as a 2x2 block. */
	display_sdl_resize(d, 1440, 800);
	display_sdl_poll(d);
	display_sdl_refresh(d);
	static u32 big[1440 * 800], half[720 * 400];
	if (display_sdl_read_window(d, big, 1440, 800, &w, &h) == 0 && w == 1440 && h == 800) {
		bool same = true;
		for (int y = 0; y < 400; y++)
			for (int x = 0; x < 720; x++) {
				u32 p = big[(size_t)2 * y * 1440 + 2 * x];
				same &= p == big[(size_t)2 * y * 1440 + 2 * x + 1] &&
					p == big[(size_t)(2 * y + 1) * 1440 + 2 * x] &&
					p == big[(size_t)(2 * y + 1) * 1440 + 2 * x + 1];
				half[y * 720 + x] = p;
			}
		bool ok = same && matches_ref(m, half, 720, 720, 400, 0, 0, why, sizeof(why));
		check(ok, "integer-scaling-2x", same ? why : "a 2x2 block is not one colour");
	} else {
		snprintf(why, sizeof(why), "window is %dx%d", w, h);
		check(false, "integer-scaling-2x", why);
	}
	/* Between sizes: the 1x picture centred. */
	display_sdl_resize(d, 1000, 700);
	display_sdl_poll(d);
	display_sdl_refresh(d);
	if (display_sdl_read_window(d, win, 1024, 768, &w, &h) == 0 && w == 1000 && h == 700) {
		bool ok = matches_ref(m, win, 1024, w, h, 140, 150, why, sizeof(why)) &&
			  (win[0] & 0xFFFFFF) == 0 && (win[699 * 1024 + 999] & 0xFFFFFF) == 0;
		check(ok, "integer-scaling-centred-letterboxed", why);
	} else {
		check(false, "integer-scaling-centred-letterboxed", "window size");
	}
	display_sdl_destroy(d);
	machine_destroy(m);
	return fails;
}

/* ---- keyboard and mouse ---- */

static struct machine *idle_machine(void)
{
	/* A BIOS that only spins (jmp $ at the reset vector): the 8042 is ours. */
	static u8 rom[65536];
	memset(rom, 0x90, sizeof(rom));
	rom[0xFFF0] = 0xEB;
	rom[0xFFF1] = 0xFE;
	char err[256];
	struct machine_config cfg = { .bios_data = rom, .bios_size = sizeof(rom),
				      .cpu_model = CPU_P6, .rtc_base = 1767225600 };
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m)
		check(false, "input-machine", err);
	return m;
}

/* Everything the 8042 has to say now: run a little between reads. */
static int drain(struct machine *m, u8 *out, int max)
{
	int n = 0;
	for (int idle = 0; idle < 20 && n < max;) {
		machine_run_for(m, 20000);
		if (bus_io_read(&m->bus, 0x64, 1) & 1) {
			out[n++] = (u8)bus_io_read(&m->bus, 0x60, 1);
			idle = 0;
		} else {
			idle++;
		}
	}
	return n;
}

static void expect_bytes(const char *name, const u8 *got, int n, const u8 *want, int wn)
{
	char why[512];
	int k = snprintf(why, sizeof(why), "got");
	for (int i = 0; i < n && k < 400; i++)
		k += snprintf(why + k, sizeof(why) - k, " %02X", got[i]);
	k += snprintf(why + k, sizeof(why) - k, ", want");
	for (int i = 0; i < wn && k < 480; i++)
		k += snprintf(why + k, sizeof(why) - k, " %02X", want[i]);
	check(n == wn && !memcmp(got, want, n), name, why);
}

static void aux_cmd(struct machine *m, u8 c)
{
	bus_io_write(&m->bus, 0x64, 0xD4, 1);
	bus_io_write(&m->bus, 0x60, c, 1);
}

static int test_input(void)
{
	char err[256];
	struct machine *m = idle_machine();
	if (!m)
		return fails;
	struct display_sdl *d = display_sdl_create(m, "input", NULL, err, sizeof(err));
	if (!d) {
		check(false, "input-window", err);
		machine_destroy(m);
		return fails;
	}
	u8 got[64];
	int n;
	/* Every key the table maps is one the PS/2 keyboard can send. */
	int mapped = 0, unknown = 0, first_bad = -1;
	for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++) {
		unsigned k = display_sdl_keycode(sc);
		u8 seq[PS2_MAX_SEQ];
		if (!k)
			continue;
		mapped++;
		if (ps2_key_sequence(k, true, 2, seq) <= 0 || (k != KEY_PAUSE &&
		    ps2_key_sequence(k, false, 2, seq) <= 0)) {
			unknown++;
			if (first_bad < 0)
				first_bad = sc;
		}
	}
	snprintf(err, sizeof(err), "%d of %d mapped keys unknown to the keyboard (first: %s)",
		 unknown, mapped, first_bad < 0 ? "-" : SDL_GetScancodeName(first_bad));
	check(!unknown && mapped >= 104, "keymap-covers-a-104-key-keyboard", err);
	struct { const char *name; SDL_Scancode sc; u8 want[8]; int wn; } keys[] = {
		{ "key-a", SDL_SCANCODE_A, { 0x1E, 0x9E }, 2 },
		{ "key-f12", SDL_SCANCODE_F12, { 0x58, 0xD8 }, 2 },
		{ "key-right-ctrl", SDL_SCANCODE_RCTRL, { 0xE0, 0x1D, 0xE0, 0x9D }, 4 },
		{ "key-keypad-enter", SDL_SCANCODE_KP_ENTER, { 0xE0, 0x1C, 0xE0, 0x9C }, 4 },
		{ "key-keypad-7", SDL_SCANCODE_KP_7, { 0x47, 0xC7 }, 2 },
		{ "key-up-arrow", SDL_SCANCODE_UP, { 0xE0, 0x48, 0xE0, 0xC8 }, 4 },
		{ "key-pause", SDL_SCANCODE_PAUSE, { 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5 }, 6 },
		{ "key-print-screen", SDL_SCANCODE_PRINTSCREEN, { 0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA }, 8 },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		tap(keys[i].sc);
		display_sdl_poll(d);
		n = drain(m, got, sizeof(got));
		expect_bytes(keys[i].name, got, n, keys[i].want, keys[i].wn);
	}
	/* Host auto-repeat is dropped: one make, one break. */
	push_key(SDL_SCANCODE_B, true, 0, false);
	push_key(SDL_SCANCODE_B, true, 0, true);
	push_key(SDL_SCANCODE_B, true, 0, true);
	push_key(SDL_SCANCODE_B, false, 0, false);
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	expect_bytes("host-repeat-dropped", got, n, (const u8[]){ 0x30, 0xB0 }, 2);
	/* A hotkey's letter does not reach the guest (Ctrl and Alt do). */
	push_key(SDL_SCANCODE_LCTRL, true, KMOD_LCTRL, false);
	push_key(SDL_SCANCODE_LALT, true, KMOD_LCTRL | KMOD_LALT, false);
	push_key(SDL_SCANCODE_G, true, KMOD_LCTRL | KMOD_LALT, false);
	push_key(SDL_SCANCODE_G, false, KMOD_LCTRL | KMOD_LALT, false);
	push_key(SDL_SCANCODE_LALT, false, KMOD_LCTRL, false);
	push_key(SDL_SCANCODE_LCTRL, false, 0, false);
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	expect_bytes("hotkey-ctrl-alt-g-not-passed", got, n,
		     (const u8[]){ 0x1D, 0x38, 0xB8, 0x9D }, 4);
	check(display_sdl_grabbed(d), "ctrl-alt-g-grabs", "not grabbed");
	display_sdl_grab(d, false);

	/* The other hotkeys: pause, reset, quit, debugger; their letters stay with us. */
	static const struct { SDL_Scancode sc; const char *name; } hk[] = {
		{ SDL_SCANCODE_P, "ctrl-alt-p-pauses" }, { SDL_SCANCODE_R, "ctrl-alt-r-resets" },
		{ SDL_SCANCODE_Q, "ctrl-alt-q-quits" }, { SDL_SCANCODE_D, "ctrl-alt-d-debugger" },
	};
	for (size_t i = 0; i < sizeof(hk) / sizeof(hk[0]); i++) {
		u64 resets = m->resets;
		push_key(SDL_SCANCODE_LCTRL, true, KMOD_LCTRL, false);
		push_key(SDL_SCANCODE_LALT, true, KMOD_LCTRL | KMOD_LALT, false);
		push_key(hk[i].sc, true, KMOD_LCTRL | KMOD_LALT, false);
		push_key(hk[i].sc, false, KMOD_LCTRL | KMOD_LALT, false);
		push_key(SDL_SCANCODE_LALT, false, KMOD_LCTRL, false);
		push_key(SDL_SCANCODE_LCTRL, false, 0, false);
		enum display_sdl_action act = DSDL_RUN;
		for (int k = 0; k < 3 && act == DSDL_RUN; k++)
			act = display_sdl_poll(d);
		display_sdl_poll(d);	/* the rest of the releases */
		n = drain(m, got, sizeof(got));
		bool ok = n == 4 && got[0] == 0x1D && got[1] == 0x38;
		if (hk[i].sc == SDL_SCANCODE_P)
			ok &= display_sdl_paused(d) && strstr(display_sdl_get_title(d), "paused");
		else if (hk[i].sc == SDL_SCANCODE_R)
			ok &= m->resets == resets + 1;
		else
			ok &= act == (hk[i].sc == SDL_SCANCODE_Q ? DSDL_QUIT : DSDL_DEBUG);
		check(ok, hk[i].name, "no action, or bytes other than Ctrl and Alt reached the 8042");
		if (hk[i].sc == SDL_SCANCODE_R) {
			/* The reset put the 8042 back to power-on: the next checks expect that. */
			machine_run_for(m, 100000);
			drain(m, got, sizeof(got));
		}
	}
	/* Losing focus releases what the guest believes is held. */
	push_key(SDL_SCANCODE_LSHIFT, true, KMOD_LSHIFT, false);
	{
		SDL_Event e = { 0 };
		e.type = SDL_WINDOWEVENT;
		e.window.event = SDL_WINDOWEVENT_FOCUS_LOST;
		SDL_PushEvent(&e);
	}
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	expect_bytes("focus-loss-releases-keys", got, n, (const u8[]){ 0x2A, 0xAA }, 2);

	/* Mouse: enable reporting, then the IntelliMouse handshake for the wheel. */
	bus_io_write(&m->bus, 0x64, 0xA8, 1);
	aux_cmd(m, 0xF4);
	n = drain(m, got, sizeof(got));
	expect_bytes("mouse-enable-ack", got, n, (const u8[]){ 0xFA }, 1);
	push_motion(9, 9);	/* not grabbed: not the guest's */
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	check(n == 0, "ungrabbed-motion-not-sent", "bytes arrived");
	push_button(SDL_BUTTON_LEFT, true);	/* the click that grabs */
	push_button(SDL_BUTTON_LEFT, false);
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	check(display_sdl_grabbed(d) && n == 0, "click-grabs-without-click-to-guest",
	      n ? "bytes arrived" : "not grabbed");
	push_motion(5, -3);	/* right and up: PS/2 +y is up */
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	expect_bytes("mouse-motion-packet", got, n, (const u8[]){ 0x08, 0x05, 0x03 }, 3);
	push_motion(-4, 6);
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	expect_bytes("mouse-negative-motion-packet", got, n, (const u8[]){ 0x38, 0xFC, 0xFA }, 3);
	push_button(SDL_BUTTON_RIGHT, true);
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	expect_bytes("mouse-right-button-packet", got, n, (const u8[]){ 0x0A, 0x00, 0x00 }, 3);
	push_button(SDL_BUTTON_RIGHT, false);
	display_sdl_poll(d);
	drain(m, got, sizeof(got));
	static const u8 rates[] = { 200, 100, 80 };
	for (int i = 0; i < 3; i++) {
		aux_cmd(m, 0xF3);
		aux_cmd(m, rates[i]);
	}
	aux_cmd(m, 0xF2);
	n = drain(m, got, sizeof(got));
	expect_bytes("mouse-intellimouse-id", got, n,
		     (const u8[]){ 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0x03 }, 8);
	push_wheel(1);	/* away from the user: z = -1 */
	display_sdl_poll(d);
	n = drain(m, got, sizeof(got));
	expect_bytes("mouse-wheel-packet", got, n, (const u8[]){ 0x08, 0x00, 0x00, 0xFF }, 4);

	display_sdl_destroy(d);
	machine_destroy(m);
	return fails;
}

/* ---- audio ---- */

static u64 run_rom(const char *rom, bool with_sink, int *status, struct audio_sink **sinkp)
{
	char err[256];
	struct machine_config cfg = { .bios = rom, .cpu_model = CPU_P6, .rtc_base = 1767225600 };
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m) {
		check(false, "audio-machine", err);
		return 0;
	}
	struct audio_sink *s = NULL;
	if (with_sink) {
		s = sdl_audio_sink_open(NULL, err, sizeof(err));
		check(s != NULL, "sdl-audio-opens", err);
		if (s) {
			/*
			 * Hold the device while the ROM runs: on a loaded host the
			 * emulation may fall behind real time, and the silence an
			 * underrun inserts (correctly) would split the pattern.
			 */
			sdl_audio_pause(s, true);
			audio_set_sink(&m->sound->mixer, s);
		}
	}
	enum machine_stop st = machine_run(m, 2000000000ull);
	*status = st == MACHINE_EXIT ? m->exit_status : -1;
	u64 ic = m->clock.icount;
	if (s) {
		sdl_audio_pause(s, false);
		/* Let the callback drain the ring (the disk driver plays in real time). */
		for (int i = 0; i < 300 && sdl_audio_pending(s); i++)
			SDL_Delay(10);
		check(!sdl_audio_pending(s), "audio-ring-drained", "frames left in the ring");
		*sinkp = s;
		SDL_Delay(100);
	}
	machine_destroy(m);
	return ic;
}

static int test_audio(const char *rom, const char *raw)
{
	int st1 = 0, st2 = 0;
	struct audio_sink *s = NULL;
	char why[256];
	u64 a = run_rom(rom, true, &st1, &s);
	u64 b = run_rom(rom, false, &st2, &s);
	snprintf(why, sizeof(why), "with the SDL sink: status %d at icount %llu; without: %d at %llu",
		 st1, (unsigned long long)a, st2, (unsigned long long)b);
	check(st1 == 67 && a == b && st1 == st2, "audio-does-not-change-the-run", why);

	FILE *f = fopen(raw, "rb");
	if (!f) {
		check(false, "disk-audio-file", raw);
		return fails;
	}
	fseek(f, 0, SEEK_END);
	long size_sb = ftell(f);
	rewind(f);
	static s16 buf[2 * 1000000];
	size_t frames = fread(buf, 4, 1000000, f) ;
	fclose(f);
	size_t first = 0;
	while (first < frames && !buf[2 * first] && !buf[2 * first + 1])
		first++;
	bool ok = first < frames;
	size_t i;
	for (i = 0; ok && i < 4000; i++) {
		s16 want = (s16)(((int)((7 * i) & 0xFF) - 128) * 256);
		if (first + i >= frames || buf[2 * (first + i)] != want ||
		    buf[2 * (first + i) + 1] != want)
			ok = false;
	}
	snprintf(why, sizeof(why), "%zu frames in the file, sound from %zu, first mismatch at %zu",
		 frames, first, ok ? 4000 : i - 1);
	check(ok, "sb16-samples-reach-the-callback", why);
	(void)size_sb;

	/*
	 * Resampling: 1500 frames of a ramp (10, 20, ...) at 22050 Hz into the
	 * 44100 Hz device must come out as 3000 frames 0, 5, 10, ...: linear
	 * interpolation, half a source frame per output frame.
	 */
	char err[256];
	struct audio_sink *rs = sdl_audio_sink_open(NULL, err, sizeof(err));
	if (!rs || sdl_audio_rate(rs) != 44100) {
		check(false, "resampling-22050-to-44100", rs ? "device is not at 44100 Hz" : err);
		if (rs)
			rs->close(rs);
		return fails;
	}
	sdl_audio_pause(rs, true);
	static s16 ramp[2 * 1500];
	for (int k = 0; k < 1500; k++)
		ramp[2 * k] = ramp[2 * k + 1] = (s16)(10 * (k + 1));
	for (int k = 0; k < 1500; k += 300)
		rs->write(rs, ramp + 2 * k, 300, 22050);	/* in pieces: state carries over */
	u32 pending = sdl_audio_pending(rs);
	sdl_audio_pause(rs, false);
	for (int k = 0; k < 300 && sdl_audio_pending(rs); k++)
		SDL_Delay(10);
	SDL_Delay(100);
	rs->close(rs);
	f = fopen(raw, "rb");
	frames = f ? fread(buf, 4, 1000000, f) : 0;
	if (f)
		fclose(f);
	first = 0;
	while (first < frames && !buf[2 * first])
		first++;
	/* first is output frame 1 (value 5); frame 0 was the 0 before it. */
	ok = pending == 3000 && first > 0;
	for (i = 0; ok && i < 2999; i++) {
		s16 want = (s16)(5 * (i + 1));
		if (first + i >= frames || buf[2 * (first + i)] != want ||
		    buf[2 * (first + i) + 1] != want)
			ok = false;
	}
	snprintf(why, sizeof(why), "%u frames queued (want 3000), mismatch at %zu", pending,
		 ok ? 0 : i - 1);
	check(ok, "resampling-22050-to-44100", why);
	return fails;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "boot"))
		return test_boot(argv[2], argv[3], argv[4]);
	if (argc >= 2 && !strcmp(argv[1], "input"))
		return test_input();
	if (argc >= 4 && !strcmp(argv[1], "audio"))
		return test_audio(argv[2], argv[3]);
	fprintf(stderr, "usage: sdl_test boot IMG BIOS DIR | input | audio ROM RAW\n");
	return 2;
}
