/*
 * panels_test: the panels beside the guest screen on a real SDL window, run
 * under Xvfb by tests/groups/76-panels.sh. Each check prints "ok NAME" or
 * "FAIL NAME: why"; the exit status is the number of failures.
 *
 *   panels_test window BZIMAGE ELF   boot the kernel with the panels on;
 *       read the window back and count the memory map's pixels by colour:
 *       the free frames of each order must equal what the debugger's
 *       buddyinfo says (a different code path: the zones' free_area
 *       counts, not struct page flags) and MemFree, within one page; the
 *       guest screen keeps its 1:1 pixels beside the panels; Ctrl-Alt-I
 *       asks for the toggle and the window shrinks and grows by the
 *       panels' width; a second machine run without panels to the same
 *       icount has the same state digest (the panels change nothing).
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_machine.h"
#include "debugger/dbg_panel.h"
#include "emu/machine/machine.h"
#include "emu/machine/screen.h"
#include "emu/replay/vmstate.h"
#include "emu/ui/console.h"
#include "emu/ui/display_sdl.h"
#include "emu/ui/panels.h"

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

#define END_ICOUNT 300000000ull	/* 3 s of virtual time: the kernel is idle */

static struct machine *boot(const char *bzimage)
{
	char err[512];
	struct machine_config cfg = { .kernel = bzimage, .append = "console=ttyS0",
				      .cpu_model = CPU_P6, .rtc_base = 1767225600 };
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m)
		check(false, "machine", err);
	return m;
}

/* The debugger's buddyinfo and meminfo, parsed: free pages per order
 * (summed over zones) and MemFree in pages. */
static bool debugger_counts(struct machine *m, const char *elf, u64 per_order[11], u64 *memfree)
{
	struct dbg_options o = { .kernel_symbols = elf };
	struct dbg *d = dbg_machine_attach(m, &o);
	if (!d)
		return false;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dbg_set_output(d, f);
	dbg_command(d, "buddyinfo");
	dbg_command(d, "meminfo");
	fclose(f);
	dbg_machine_detach(d);
	memset(per_order, 0, 11 * sizeof(u64));
	*memfree = ~0ull;
	int zones = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned long long v[11];
		char zone[16];
		if (sscanf(line, "Node 0, zone %15s %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
			   zone, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
			   &v[10]) == 12) {
			zones++;
			for (int k = 0; k < 11; k++)
				per_order[k] += v[k] << k;
		}
		unsigned long long kb;
		if (sscanf(line, "MemFree: %llu kB", &kb) == 1)
			*memfree = kb / 4;
	}
	free(buf);
	return zones > 0 && *memfree != ~0ull;
}

static void push_key(SDL_Scancode sc, bool down, Uint16 mod)
{
	SDL_Event e = { .type = down ? SDL_KEYDOWN : SDL_KEYUP };
	e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
	e.key.keysym.scancode = sc;
	e.key.keysym.mod = mod;
	SDL_PushEvent(&e);
}

static void window_size(struct display_sdl *d, int *w, int *h)
{
	/* Let the X server settle the resize, then ask the renderer. */
	for (int i = 0; i < 20; i++) {
		display_sdl_poll(d);
		SDL_Delay(10);
	}
	static u32 pix[2048 * 1024];
	display_sdl_read_window(d, pix, 2048, 1024, w, h);
}

static int test_window(const char *bzimage, const char *elf)
{
	char err[512], why[512];
	struct machine *m = boot(bzimage), *m2 = boot(bzimage);
	if (!m || !m2)
		return fails;
	struct display_sdl *d = display_sdl_create(m, "panels", NULL, err, sizeof(err));
	check(d != NULL, "window-opens", err);
	if (!d)
		return fails;
	struct dbg_options o = { .kernel_symbols = elf };
	struct panels *p = panels_create(m, &o, 0, err, sizeof(err));
	check(p != NULL, "panels-create", err);
	if (!p)
		return fails;
	display_sdl_set_panels(d, p);
	int ww, wh;
	window_size(d, &ww, &wh);
	snprintf(why, sizeof(why), "window %dx%d", ww, wh);
	check(ww == 720 + PANELS_W && wh == PANELS_H, "window-grows-by-the-panels", why);

	/* The main loop's way: slices end on the panels' sampling grid. */
	while (m->clock.icount < END_ICOUNT) {
		u64 limit = m->clock.icount + m->clock.ips / 100, next = panels_next_icount(p);
		if (next < limit)
			limit = next;
		if (limit > END_ICOUNT)
			limit = END_ICOUNT;
		machine_run(m, limit);
		if (panels_tick(p))
			display_sdl_panels_changed(d);
		display_sdl_refresh(d);
	}
	snprintf(why, sizeof(why), "%llu samples in %llu instructions",
		 (unsigned long long)panels_samples(p), END_ICOUNT);
	check(panels_samples(p) == END_ICOUNT / (m->clock.ips / 100), "one-sample-per-10-ms", why);

	/* The same run without panels: the same state. */
	machine_run(m2, END_ICOUNT);
	struct vm_digest a, b;
	vm_digest(m, &a);
	vm_digest(m2, &b);
	snprintf(why, sizeof(why), "icount %llu vs %llu, digest %016llx vs %016llx",
		 (unsigned long long)m->clock.icount, (unsigned long long)m2->clock.icount,
		 (unsigned long long)vm_digest_sum(&a), (unsigned long long)vm_digest_sum(&b));
	check(m->clock.icount == m2->clock.icount && vm_digest_sum(&a) == vm_digest_sum(&b),
	      "panels-change-nothing", why);

	/* The window's pixels: draw once more now and read them back. */
	SDL_Delay(120);	/* past the window's limit of ~10 panel drawings a second */
	display_sdl_panels_changed(d);
	display_sdl_refresh(d);
	static u32 pix[2048 * 1024];
	if (display_sdl_read_window(d, pix, 2048, 1024, &ww, &wh)) {
		check(false, "read-window", SDL_GetError());
		return fails;
	}
	if (getenv("PANELS_SHOT"))	/* a picture of the window for people */
		screen_write_png(getenv("PANELS_SHOT"), pix, 2048, ww, wh, err, sizeof(err));
	/* The map's geometry from the panel code; the expected counts not. */
	struct dbg *gd = dbg_machine_attach(m, &o);
	struct panel_ctx *pc = panel_create(gd);
	struct panel_memmap mm;
	bool have = panel_memmap(pc, &mm) == 0;
	check(have, "memory-map-read", "no mem_map");
	if (!have)
		return fails;
	int mx, my, mw, mh;
	panel_memory_map_rect(&mm, &mx, &my, &mw, &mh);
	int ox = ww - PANELS_W + mx, oy = panel_height(PK_CPU, NULL) + 2 + my;
	u64 seen[PF_N] = { 0 }, none = 0;
	for (u32 f = 0; f < mm.npfn; f++) {
		u32 px = pix[(size_t)(oy + f / mw) * 2048 + ox + f % mw] & 0xffffff;
		int k = panel_colour_kind(px);	/* slab shades count as slab */
		if (k == PF_N)
			none++;
		else
			seen[k]++;
	}
	snprintf(why, sizeof(why), "%llu of %u frames drawn in no owner's colour",
		 (unsigned long long)none, mm.npfn);
	check(none == 0, "every-frame-one-pixel", why);
	/* The pointer over a frame of kernel text names it; a click there
	 * does not grab the mouse. */
	u32 ktext = 0;
	while (ktext < mm.npfn && mm.kind[ktext] != PF_KTEXT)
		ktext++;
	SDL_Event e = { .type = SDL_MOUSEMOTION };
	e.motion.x = ox + (int)(ktext % mw);
	e.motion.y = oy + (int)(ktext / mw);
	SDL_PushEvent(&e);
	display_sdl_poll(d);
	snprintf(why, sizeof(why), "hovered %lld, kernel text starts at pfn %u",
		 (long long)panels_hovered(p), ktext);
	check(ktext < mm.npfn && panels_hovered(p) == ktext, "hover-names-the-frame", why);
	e = (SDL_Event){ .type = SDL_MOUSEBUTTONDOWN };
	e.button.button = SDL_BUTTON_LEFT;
	e.button.state = SDL_PRESSED;
	e.button.x = ox;
	e.button.y = oy;
	SDL_PushEvent(&e);
	display_sdl_poll(d);
	check(!display_sdl_grabbed(d), "click-on-panels-does-not-grab", "the mouse was grabbed");
	panel_memmap_free(&mm);
	panel_destroy(pc);
	dbg_machine_detach(gd);

	u64 want[11] = { 0 }, memfree = 0;
	check(debugger_counts(m, elf, want, &memfree), "debugger-buddyinfo-read", "no buddyinfo");
	u64 free_px = 0;
	for (int k = 0; k < 11; k++) {
		char name[64];
		free_px += seen[PF_FREE0 + k];
		snprintf(name, sizeof(name), "free-order-%d-pixels-match-buddyinfo", k);
		snprintf(why, sizeof(why), "%llu pixels, buddyinfo %llu pages",
			 (unsigned long long)seen[PF_FREE0 + k], (unsigned long long)want[k]);
		check(seen[PF_FREE0 + k] + 1 >= want[k] && seen[PF_FREE0 + k] <= want[k] + 1, name, why);
	}
	snprintf(why, sizeof(why), "%llu free pixels, MemFree %llu pages", (unsigned long long)free_px,
		 (unsigned long long)memfree);
	check(free_px + 1 >= memfree && free_px <= memfree + 1 && memfree > 1000,
	      "free-pixels-match-meminfo", why);

	/* The guest screen beside the panels keeps its 1:1 pixels. */
	static u32 ref[SCREEN_MAX_W * SCREEN_MAX_H];
	int sw, sh, bad = 0;
	screen_render(m->vga, clock_ns(&m->clock), ref, SCREEN_MAX_W, &sw, &sh);
	int sx = (ww - PANELS_W - sw) / 2, sy = (wh - sh) / 2;
	for (int y = 0; y < sh; y++)
		for (int x = 0; x < sw; x++)
			bad += (pix[(size_t)(sy + y) * 2048 + sx + x] & 0xffffff) != ref[(size_t)y * SCREEN_MAX_W + x];
	snprintf(why, sizeof(why), "%d of %d pixels differ from the screen at 1:1", bad, sw * sh);
	check(bad == 0, "guest-screen-crisp-beside-panels", why);

	/* Ctrl-Alt-I asks for the toggle; hiding gives the width back. */
	push_key(SDL_SCANCODE_LCTRL, true, KMOD_LCTRL);
	push_key(SDL_SCANCODE_LALT, true, KMOD_LCTRL | KMOD_LALT);
	push_key(SDL_SCANCODE_I, true, KMOD_LCTRL | KMOD_LALT);
	enum display_sdl_action act = DSDL_RUN;
	for (int i = 0; i < 10 && act == DSDL_RUN; i++)
		act = display_sdl_poll(d);
	check(act == DSDL_PANELS, "ctrl-alt-i-toggles", "display_sdl_poll did not ask for the panels");
	display_sdl_set_panels(d, NULL);
	window_size(d, &ww, &wh);
	snprintf(why, sizeof(why), "window %dx%d", ww, wh);
	check(ww == 720, "hiding-panels-shrinks-window", why);

	panels_destroy(p);
	display_sdl_destroy(d);
	machine_destroy(m);
	machine_destroy(m2);
	return fails;
}

static void push_text(const char *t)
{
	SDL_Event e = { .type = SDL_TEXTINPUT };
	snprintf(e.text.text, sizeof(e.text.text), "%s", t);
	SDL_PushEvent(&e);
}

static void tap(SDL_Scancode sc)
{
	push_key(sc, true, 0);
	push_key(sc, false, 0);
}

/* Whether some console line contains text. */
static bool console_has(struct console *c, const char *text)
{
	for (int i = 0; console_line(c, i); i++)
		if (strstr(console_line(c, i), text))
			return true;
	return false;
}

static int test_console(const char *bzimage, const char *elf)
{
	char err[512], why[512];
	struct machine *m = boot(bzimage);
	if (!m)
		return fails;
	machine_run(m, END_ICOUNT);
	struct display_sdl *d = display_sdl_create(m, "console", NULL, err, sizeof(err));
	check(d != NULL, "window-opens", err);
	if (!d)
		return fails;
	int w0, h0, ww, wh;
	window_size(d, &w0, &h0);
	struct dbg_options o = { .kernel_symbols = elf };
	struct console *c = console_create(m, &o, err, sizeof(err));
	check(c != NULL, "console-create", err);
	if (!c)
		return fails;
	display_sdl_set_console(d, c);
	window_size(d, &ww, &wh);
	snprintf(why, sizeof(why), "%dx%d, then %dx%d", w0, h0, ww, wh);
	check(ww == w0 && wh == h0 + CONSOLE_H, "window-grows-by-the-console", why);

	u32 queued = m->input.count;
	push_text("p 1+2");
	tap(SDL_SCANCODE_RETURN);
	display_sdl_poll(d);
	check(console_has(c, "(lucid) p 1+2") && console_has(c, "$1 = 3"), "typed-command-runs",
	      "no '$1 = 3' in the console");
	push_text("jiff");
	tap(SDL_SCANCODE_TAB);
	display_sdl_poll(d);
	snprintf(why, sizeof(why), "input '%s'", console_input(c));
	check(!strcmp(console_input(c), "jiffies "), "tab-completes-a-command", why);
	tap(SDL_SCANCODE_RETURN);
	display_sdl_poll(d);
	check(console_has(c, "jiffies = "), "completed-command-runs", "no 'jiffies = ' line");
	tap(SDL_SCANCODE_UP);
	display_sdl_poll(d);
	snprintf(why, sizeof(why), "input '%s'", console_input(c));
	check(!strcmp(console_input(c), "jiffies "), "history-recalls-the-last-line", why);
	tap(SDL_SCANCODE_BACKSPACE);
	tap(SDL_SCANCODE_A);
	display_sdl_poll(d);
	snprintf(why, sizeof(why), "%u events queued for the guest", m->input.count - queued);
	check(m->input.count == queued, "keys-do-not-reach-the-guest", why);

	/* Escape interrupts a long continue (2e9 instructions, many seconds):
	 * the console asks the window between slices of the run. */
	for (int i = 0; i < 10; i++)
		tap(SDL_SCANCODE_BACKSPACE);
	u64 ic0 = m->clock.icount;
	push_text("continue 2000000000");
	tap(SDL_SCANCODE_RETURN);
	tap(SDL_SCANCODE_ESCAPE);
	display_sdl_poll(d);
	u64 ran = m->clock.icount - ic0;
	snprintf(why, sizeof(why), "ran %llu instructions", (unsigned long long)ran);
	check(console_has(c, "Interrupted at icount") && ran >= DBG_POLL_SLICE && ran < 2000000000ull,
	      "escape-interrupts-continue", why);

	/* The pane's pixels: text (white or grey) on its background. */
	SDL_Delay(20);
	display_sdl_refresh(d);
	static u32 pix[2048 * 1024];
	int lit = 0;
	if (display_sdl_read_window(d, pix, 2048, 1024, &ww, &wh) == 0)
		for (int y = wh - CONSOLE_H; y < wh; y++)
			for (int x = 0; x < CONSOLE_W; x++)
				lit += (pix[(size_t)y * 2048 + x] & 0xffffff) == 0xd0d0d0;
	snprintf(why, sizeof(why), "%d text pixels in the pane", lit);
	check(lit > 200, "console-pane-shows-output", why);
	if (getenv("PANELS_SHOT"))
		screen_write_png(getenv("PANELS_SHOT"), pix, 2048, ww, wh, err, sizeof(err));

	for (int i = 0; i < 10; i++)
		tap(SDL_SCANCODE_BACKSPACE);
	push_text("quit");
	tap(SDL_SCANCODE_RETURN);
	display_sdl_poll(d);
	check(console_done(c), "quit-closes-the-console", "console_done is false");
	display_sdl_set_console(d, NULL);
	console_destroy(c);
	window_size(d, &ww, &wh);
	snprintf(why, sizeof(why), "%dx%d", ww, wh);
	check(ww == w0 && wh == h0, "closing-shrinks-the-window", why);
	display_sdl_destroy(d);
	machine_destroy(m);
	return fails;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "console"))
		return test_console(argv[2], argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "window"))
		return test_window(argv[2], argv[3]);
	fprintf(stderr, "usage: panels_test window|console BZIMAGE ELF\n");
	return 2;
}
