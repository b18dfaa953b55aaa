/*
 * The debugger's console inside the window: the commands of the terminal
 * prompt (debugger/cmd/) on a debugger session of its own, their output in a
 * scrollback pane under the guest screen, drawn in the VGA font. Enter runs
 * the line, Up/Down walk the history, Tab completes a command name. While
 * the console is open main.c holds the machine still (as paused), so the
 * screen and the panels keep being redrawn around a stopped machine. A
 * command that runs the machine (continue, step, until) redraws the guest
 * screen as it goes, and Escape or Ctrl-C interrupts it (the display asks
 * between slices of the run: console_set_interrupt). Closing the console
 * ends its session, breakpoints included.
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_panel.h"
#include "emu/machine/machine.h"
#include "emu/ui/console.h"

#define SCROLL 200		/* lines kept */
#define HISTORY 64

struct console {
	struct dbg *d;
	char lines[SCROLL][CONSOLE_COLS + 1];
	int nlines, head;	/* ring: head is the oldest */
	char part[CONSOLE_COLS + 1];	/* the output line being assembled */
	int plen;
	char input[256];
	int ilen;
	char hist[HISTORY][256];
	int nhist, hpos;
	bool changed, done;
	u32 *pix;
};

static void push_line(struct console *c, const char *s)
{
	int i = c->nlines < SCROLL ? (c->head + c->nlines++) % SCROLL : c->head;
	if (c->nlines == SCROLL && i == c->head)
		c->head = (c->head + 1) % SCROLL;
	snprintf(c->lines[i], sizeof(c->lines[i]), "%s", s);
	c->changed = true;
}

/* The debugger's output: split into lines, wrapped at the pane's width. */
static void out(void *ctx, const char *s)
{
	struct console *c = ctx;
	for (; *s; s++) {
		if (*s == '\n' || c->plen == CONSOLE_COLS) {
			c->part[c->plen] = 0;
			push_line(c, c->part);
			c->plen = 0;
			if (*s == '\n')
				continue;
		}
		c->part[c->plen++] = *s == '\t' ? ' ' : *s;
	}
	c->changed = true;
}

struct console *console_create(struct machine *m, const struct dbg_options *o, char *err,
			       size_t errlen)
{
	struct console *c = calloc(1, sizeof(*c));
	if (c)
		c->pix = calloc((size_t)CONSOLE_W * CONSOLE_H, 4);
	if (!c || !c->pix || !(c->d = dbg_machine_attach(m, o))) {
		snprintf(err, errlen, "console: cannot start a debugger session");
		console_destroy(c);
		return NULL;
	}
	dbg_set_output_fn(c->d, out, c);
	push_line(c, "Lucid debugger console: the terminal's commands (help); Ctrl-Alt-C closes it.");
	c->changed = true;
	return c;
}

void console_destroy(struct console *c)
{
	if (!c)
		return;
	if (c->d)
		dbg_machine_detach(c->d);
	free(c->pix);
	free(c);
}

void console_text(struct console *c, const char *text)
{
	for (; *text; text++)
		if ((u8)*text >= 0x20 && (u8)*text < 0x7f && c->ilen < (int)sizeof(c->input) - 1)
			c->input[c->ilen++] = *text;
	c->input[c->ilen] = 0;
	c->changed = true;
}

static void run_line(struct console *c)
{
	char line[300];
	snprintf(line, sizeof(line), "(lucid) %s", c->input);
	out(c, line);
	out(c, "\n");
	if (c->ilen && (!c->nhist || strcmp(c->hist[(c->nhist - 1) % HISTORY], c->input)))
		snprintf(c->hist[c->nhist++ % HISTORY], sizeof(c->hist[0]), "%s", c->input);
	c->hpos = c->nhist;
	/* An empty line repeats the last command, as at the terminal. */
	if (dbg_command(c->d, c->input) == 1)
		c->done = true;
	if (c->plen)
		out(c, "\n");
	c->ilen = 0;
	c->input[0] = 0;
}

/* Tab: complete the first word when it names one command, or list them. */
static void complete(struct console *c)
{
	const char *names[64];
	if (strchr(c->input, ' '))
		return;
	int n = dbg_complete(c->d, c->input, names, 64);
	if (n == 1) {
		snprintf(c->input, sizeof(c->input), "%s ", names[0]);
		c->ilen = (int)strlen(c->input);
	} else if (n > 1) {
		char list[CONSOLE_COLS * 4] = "";
		for (int i = 0; i < n; i++) {
			strncat(list, names[i], sizeof(list) - strlen(list) - 2);
			strncat(list, " ", sizeof(list) - strlen(list) - 1);
		}
		out(c, list);
		out(c, "\n");
	}
}

void console_key(struct console *c, enum console_key k)
{
	switch (k) {
	case CK_ENTER:
		run_line(c);
		break;
	case CK_BACKSPACE:
		if (c->ilen)
			c->input[--c->ilen] = 0;
		break;
	case CK_UP:
	case CK_DOWN: {
		int lo = c->nhist > HISTORY ? c->nhist - HISTORY : 0;
		int p = c->hpos + (k == CK_UP ? -1 : 1);
		if (p < lo || p > c->nhist)
			break;
		c->hpos = p;
		snprintf(c->input, sizeof(c->input), "%s", p == c->nhist ? "" : c->hist[p % HISTORY]);
		c->ilen = (int)strlen(c->input);
		break;
	}
	case CK_TAB:
		complete(c);
		break;
	}
	c->changed = true;
}

const u32 *console_draw(struct console *c, bool *changed)
{
	*changed = c->changed;
	if (!c->changed)
		return c->pix;
	c->changed = false;
	struct panel_pixels px;
	panel_pixels_init(&px, c->pix, CONSOLE_W, CONSOLE_H, CONSOLE_W);
	px.c.rect(&px.c, 0, 0, CONSOLE_W, CONSOLE_H, 0x0c1018);
	px.c.line(&px.c, 0, 0, CONSOLE_W - 1, 0, 0x506070);
	/* The last rows of the scrollback, then the prompt with a cursor. */
	int rows = CONSOLE_ROWS - 1, first = c->nlines > rows ? c->nlines - rows : 0;
	for (int i = first; i < c->nlines; i++)
		px.c.text(&px.c, 0, 1 + (i - first) * 16, c->lines[(c->head + i) % SCROLL], 0xd0d0d0);
	char prompt[300];
	const char *in = c->input;
	int room = CONSOLE_COLS - 9;
	if (c->ilen > room)
		in += c->ilen - room;	/* the end of a long line stays visible */
	snprintf(prompt, sizeof(prompt), "(lucid) %s_", in);
	px.c.text(&px.c, 0, 1 + rows * 16, prompt, 0xffffff);
	return c->pix;
}

void console_set_interrupt(struct console *c, bool (*fn)(void *ctx), void *ctx)
{
	dbg_set_poll_fn(c->d, fn, ctx);
}

bool console_done(const struct console *c)
{
	return c->done;
}

const char *console_line(const struct console *c, int i)
{
	return i >= 0 && i < c->nlines ? c->lines[(c->head + i) % SCROLL] : NULL;
}

const char *console_input(const struct console *c)
{
	return c->input;
}
